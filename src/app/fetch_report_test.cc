#include "app/fetch_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace feedmirror {
namespace {

SourceOutcome Archived(const std::string& name, int new_items, size_t bytes) {
  SourceOutcome o;
  o.name = name;
  o.status = 200;
  o.bytes = bytes;
  o.counts.new_items = new_items;
  return o;
}

SourceOutcome Failed(const std::string& name) {
  SourceOutcome o;
  o.name = name;
  o.failed = true;
  o.status = 404;
  o.error = "HTTP 404";
  return o;
}

struct Printed {
  std::string out, err;
};

Printed Report(ReportOptions options) {
  std::ostringstream out, err;
  FetchReport report(out, err, options);
  report.Start(3, 2);
  report.SourceDone(Archived("A", 2, 2048));
  report.SourceDone(Failed("B"));
  SourceOutcome c = Archived("C", 0, 100);
  c.not_modified = true;
  c.status = 304;
  report.SourceDone(c);
  RunTimings timings;
  timings.total = std::chrono::milliseconds(1500);
  timings.parse = std::chrono::milliseconds(200);
  timings.clean = std::chrono::milliseconds(300);
  timings.write = std::chrono::milliseconds(100);
  report.Finish("/a/_posts", timings);
  EXPECT_EQ(report.failures(), 1u);
  return {out.str(), err.str()};
}

TEST(FetchReportTest, PlainLinesWhenNotATerminal) {
  Printed p = Report({Verbosity::kNormal, false});
  EXPECT_EQ(p.out,
            "A: 2 new, 0 changed, 0 unchanged\n"
            "B: failed: HTTP 404\n"
            "C: unchanged (not modified)\n"
            "archived 2 new and 0 changed posts from 3 sources into /a/_posts (2 not due)\n"
            "1 failed: B\n");
  EXPECT_EQ(p.err, "");
}

TEST(FetchReportTest, QuietPrintsFailuresOnly) {
  Printed p = Report({Verbosity::kQuiet, false});
  EXPECT_EQ(p.out, "B: failed: HTTP 404\n1 failed: B\n");
  EXPECT_EQ(p.err, "");
}

TEST(FetchReportTest, VerboseAddsDetailAndTheTimeSplit) {
  Printed p = Report({Verbosity::kVerbose, false});
  EXPECT_NE(p.out.find("A: 2 new, 0 changed, 0 unchanged (HTTP 200, 2.0 KB, handled in 0 ms)\n"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("time: 1.5 s in all: transfer 900 ms, parse 200 ms, clean 300 ms, "
                       "write 100 ms\n"),
            std::string::npos)
      << p.out;
}

TEST(FetchReportTest, OnATerminalALiveLineAndOnlyNotableLines) {
  Printed p = Report({Verbosity::kNormal, true});
  EXPECT_EQ(p.out,
            "B: failed: HTTP 404\n"
            "archived 2 new and 0 changed posts from 3 sources into /a/_posts (2 not due)\n"
            "1 failed: B\n");
  EXPECT_EQ(p.err,
            "\rfetch: 0/3 sources, 0 posts archived, 0 B, 0 failed\033[K\r\033[K"
            "\rfetch: 1/3 sources, 2 posts archived, 2.0 KB, 0 failed\033[K\r\033[K"
            "\rfetch: 2/3 sources, 2 posts archived, 2.0 KB, 1 failed\033[K\r\033[K"
            "\rfetch: 3/3 sources, 2 posts archived, 2.1 KB, 1 failed\033[K\r\033[K");
}

TEST(FetchReportTest, Seconds) {
  EXPECT_EQ(FormatSeconds(std::chrono::microseconds(400)), "0 ms");
  EXPECT_EQ(FormatSeconds(std::chrono::milliseconds(999)), "999 ms");
  EXPECT_EQ(FormatSeconds(std::chrono::milliseconds(1234)), "1.2 s");
}

}  // namespace
}  // namespace feedmirror
