#include "content/gumbo_guard.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "content/article_html.h"

namespace feedmirror {
namespace {

// Each makes Debian's gumbo 0.10.1 fail an assertion (found by fuzzing).
const char* const kGumboAsserts[] = {
    "<table><svg><td><title><select></table>",
    "<table><svg><title><![CDATA[\"]]>'",
};

TEST(GumboGuardTest, AnAssertionInGumboIsAnErrorNotTheEndOfTheProcess) {
  for (const char* html : kGumboAsserts) {
    EXPECT_THROW(GumboParse(kGumboDefaultOptions, html), HtmlParserFailure) << html;
  }
  GumboParse parse(kGumboDefaultOptions, "<p>停火</p>");
  EXPECT_EQ(parse.output().root->v.element.tag, GUMBO_TAG_HTML);
  // Above the arena's cap gumbo allocates with malloc (and frees its output).
  GumboParse big(kGumboDefaultOptions, std::string(kGumboArenaMaxInput, 'x'));
  EXPECT_EQ(big.output().root->v.element.tag, GUMBO_TAG_HTML);
}

TEST(GumboGuardTest, ArticleKeepsHtmlTheParserFailsOnAsEscapedText) {
  for (CleanupLevel cleanup : {CleanupLevel::kStandard, CleanupLevel::kNone}) {
    ContentOptions options;
    options.cleanup = cleanup;
    EXPECT_EQ(ArticleHtml(std::string("<p>前文</p>") + kGumboAsserts[0], "https://a.tw/1", options),
              "<pre class=\"unparsed\">&lt;p&gt;前文&lt;/p&gt;&lt;table&gt;&lt;svg&gt;&lt;td&gt;&lt;title&gt;"
              "&lt;select&gt;&lt;/table&gt;</pre>");
  }
}

TEST(GumboGuardTest, GuardsEachThreadOnItsOwn) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 50; ++i) {
        try {
          GumboParse ok(kGumboDefaultOptions, "<table><tr><td>x</td></tr></table>");
          GumboParse failing(kGumboDefaultOptions, kGumboAsserts[i % 2]);
        } catch (const HtmlParserFailure&) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 50));
}

TEST(GumboGuardDeathTest, AnAbortOutsideAGuardedParseStillEndsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        EXPECT_THROW(GumboParse(kGumboDefaultOptions, kGumboAsserts[0]), HtmlParserFailure);
        std::abort();
      },
      "");
}

}  // namespace
}  // namespace feedmirror
