#include "app/fetch_report.h"

#include <cstdio>
#include <ostream>

namespace feedmirror {

namespace {

std::string Fixed1(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// "512 B", "3.4 KB", "1.2 MB"
std::string ApproximateBytes(size_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return Fixed1(static_cast<double>(bytes) / 1024) + " KB";
  return Fixed1(static_cast<double>(bytes) / (1024.0 * 1024.0)) + " MB";
}

std::string NameList(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? " " : ", ") + name;
  return list;
}

// "HTTP 200, 12.3 KB, 45 ms, next due 2026-11-27T05:00:00Z"
std::string Detail(const SourceOutcome& outcome) {
  std::string detail = outcome.status ? "HTTP " + std::to_string(outcome.status) : "no response";
  detail += ", " + ApproximateBytes(outcome.bytes) + ", handled in " +
            FormatSeconds(outcome.handling);
  if (outcome.next_due) detail += ", next due " + FormatRfc3339(*outcome.next_due);
  return detail;
}

}  // namespace

std::string FormatSeconds(std::chrono::nanoseconds duration) {
  double ms = std::chrono::duration<double, std::milli>(duration).count();
  if (ms < 1000) return std::to_string(static_cast<long>(ms + 0.5)) + " ms";
  return Fixed1(ms / 1000) + " s";
}

std::string ProgressLine(size_t done, size_t total, int archived, size_t bytes, size_t failed) {
  return "fetch: " + std::to_string(done) + "/" + std::to_string(total) + " sources, " +
         std::to_string(archived) + " posts archived, " + ApproximateBytes(bytes) + ", " +
         std::to_string(failed) + " failed";
}

FetchReport::FetchReport(std::ostream& out, std::ostream& err, ReportOptions options)
    : out_(out), err_(err), options_(options) {}

void FetchReport::Start(size_t total, size_t skipped) {
  total_ = total;
  skipped_ = skipped;
  done_ = 0;
  new_items_ = changed_ = 0;
  bytes_ = 0;
  failed_.clear();
  deferred_.clear();
  if (options_.live && options_.verbosity != Verbosity::kQuiet) DrawLive();
}

void FetchReport::SourceDone(const SourceOutcome& outcome) {
  ++done_;
  new_items_ += outcome.counts.new_items;
  changed_ += outcome.counts.changed;
  bytes_ += outcome.bytes;
  if (outcome.failed) failed_.push_back(outcome.name);
  if (outcome.deferred) deferred_.push_back(outcome.name);
  bool verbose = options_.verbosity == Verbosity::kVerbose;
  bool quiet = options_.verbosity == Verbosity::kQuiet;
  bool notable = outcome.failed || outcome.deferred;
  bool own_line = verbose || notable || (!quiet && !options_.live);
  ClearLive();
  if (own_line) {
    out_ << DescribeOutcome(outcome);
    if (verbose) out_ << " (" << Detail(outcome) << ")";
    out_ << "\n";
    out_.flush();
  }
  if (!quiet)
    for (const std::string& warning : outcome.warnings)
      err_ << "warning: " << outcome.name << ": " << warning << "\n";
  if (options_.live && !quiet) DrawLive();
}

void FetchReport::Finish(const std::string& posts_dir, const RunTimings& timings) {
  ClearLive();
  if (options_.verbosity != Verbosity::kQuiet) {
    out_ << "archived " << new_items_ << " new and " << changed_ << " changed posts from "
         << done_ << " sources into " << posts_dir;
    if (skipped_) out_ << " (" << skipped_ << " not due)";
    out_ << "\n";
    if (!deferred_.empty())
      out_ << deferred_.size() << " deferred (their host asked to wait):" << NameList(deferred_)
           << "\n";
  }
  if (!failed_.empty()) out_ << failed_.size() << " failed:" << NameList(failed_) << "\n";
  if (options_.verbosity == Verbosity::kVerbose)
    out_ << "time: " << FormatSeconds(timings.total) << " in all: transfer "
         << FormatSeconds(timings.transfer()) << ", parse " << FormatSeconds(timings.parse)
         << ", clean " << FormatSeconds(timings.clean) << ", write "
         << FormatSeconds(timings.write) << "\n";
  out_.flush();
}

void FetchReport::DrawLive() {
  err_ << "\r" << ProgressLine(done_, total_, new_items_ + changed_, bytes_, failed_.size())
       << "\033[K";
  err_.flush();
  live_drawn_ = true;
}

void FetchReport::ClearLive() {
  if (!live_drawn_) return;
  err_ << "\r\033[K";
  err_.flush();
  live_drawn_ = false;
}

}  // namespace feedmirror
