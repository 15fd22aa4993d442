#include "feed/xml_repair.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace feedmirror {
namespace {

std::string Repair(std::string_view in, std::vector<std::string>* repairs = nullptr) {
  XmlRepair repair;
  std::string out;
  repair.Push(in, out);
  repair.Finish(out);
  if (repairs) *repairs = repair.repairs();
  return out;
}

// The same input fed one byte at a time gives the same output.
std::string RepairByteByByte(std::string_view in) {
  XmlRepair repair;
  std::string out;
  for (char c : in) repair.Push(std::string_view(&c, 1), out);
  repair.Finish(out);
  return out;
}

TEST(XmlRepairTest, WellFormedInputPassesThrough) {
  std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A &amp; B &#169; &#x4E2D;</title>"
      "<description><![CDATA[<p>x & y < z</p>]]></description><!-- c & < --></channel></rss>";
  std::vector<std::string> repairs;
  EXPECT_EQ(Repair(xml, &repairs), xml);
  EXPECT_TRUE(repairs.empty());
  EXPECT_EQ(RepairByteByByte(xml), xml);
}

TEST(XmlRepairTest, TextFixes) {
  std::vector<std::string> repairs;
  EXPECT_EQ(Repair("<t>A&nbsp;B&mdash;C AT&T a < b &foo; \x01\x0b&#1;x</t>", &repairs),
            "<t>A&#160;B&#8212;C AT&amp;T a &lt; b &amp;foo; x</t>");
  EXPECT_EQ(repairs, (std::vector<std::string>{
                         "HTML entities turned into character references", "unescaped '&' escaped",
                         "unescaped '<' escaped", "undefined entity &foo; kept as text",
                         "control characters removed", "references to characters XML forbids removed"}));
}

TEST(XmlRepairTest, AttributeFixes) {
  EXPECT_EQ(Repair("<a href=http://x/?a=1&b=2 title='x<y' title=\"dup\" checked/>"),
            "<a href=\"http://x/?a=1&amp;b=2\" title=\"x&lt;y\" checked=\"checked\"/>");
}

TEST(XmlRepairTest, TagBalancing) {
  std::vector<std::string> repairs;
  EXPECT_EQ(Repair("<rss><channel><item><title>a</titl></item><item><title>b</item>"
                   "<item><b>c</item></channel></rss>",
                   &repairs),
            "<rss><channel><item><title>a</title></item><item><title>b</title></item>"
            "<item><b>c</b></item></channel></rss>");
  EXPECT_EQ(repairs, (std::vector<std::string>{"misspelt end tag </titl> read as </title>",
                                               "missing end tag </title> supplied",
                                               "missing end tag </b> supplied"}));
  EXPECT_EQ(Repair("<r><a><b/></x></a></r>", &repairs), "<r><a><b/></a></r>");
  EXPECT_EQ(repairs, std::vector<std::string>{"stray end tag </x> dropped"});
  EXPECT_EQ(Repair("<feed><entry><title>a</title><entry><title>b</title></entry></feed>"),
            "<feed><entry><title>a</title></entry><entry><title>b</title></entry></feed>");
}

TEST(XmlRepairTest, PrologAndEpilog) {
  std::vector<std::string> repairs;
  EXPECT_EQ(Repair("junk\n \xEF\xBB\xBF<?xml version='1.0' encoding='big5'?><!-- hi --><r/>tail<x/>", &repairs),
            "<?xml version=\"1.0\"?><r/>");
  EXPECT_EQ(repairs, (std::vector<std::string>{"text before the document's root element dropped",
                                               "text after the document's root element dropped",
                                               "content after the document's root element dropped"}));
  EXPECT_EQ(Repair("<r><?xml version=\"1.0\"?></r>"), "<r></r>");
}

TEST(XmlRepairTest, DoctypeRemovedInternalEntitiesExpanded) {
  std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY site \"CNA &amp; Co\"><!ENTITY full \"&site; News\">"
      "<!ENTITY ext SYSTEM \"file:///etc/passwd\"><!ENTITY % pe SYSTEM \"http://x/y\"> %pe;]>"
      "<rss><t>&full;|&ext;|<a x=\"&site;\"/></t></rss>";
  std::vector<std::string> repairs;
  EXPECT_EQ(Repair(xml, &repairs),
            "<?xml version=\"1.0\"?><rss><t>CNA &amp; Co News||<a x=\"CNA &amp; Co\"/></t></rss>");
  EXPECT_EQ(repairs, std::vector<std::string>{"external entity &ext; not loaded"});
  EXPECT_EQ(RepairByteByByte(xml), Repair(xml));
}

TEST(XmlRepairTest, BillionLaughsIsRefused) {
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += prev;
    xml += "\">";
  }
  xml += "]><lolz>&lol9;</lolz>";
  try {
    Repair(xml);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "entity expansion limit exceeded: entity &lol6; expands to more than 1048576 bytes "
                 "(a \"billion laughs\" document?)");
  }
}

TEST(XmlRepairTest, QuadraticBlowupIsRefused) {
  std::string big(100000, 'a');
  std::string xml = "<!DOCTYPE r [<!ENTITY a \"" + big + "\">]><r>";
  for (int i = 0; i < 200; ++i) xml += "&a;";
  xml += "</r>";
  try {
    Repair(xml);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "entity expansion limit exceeded: the document's entities expand to more than 16777216 bytes "
                 "(a \"billion laughs\" document?)");
  }
}

TEST(XmlRepairTest, SelfReferenceIsRefused) {
  try {
    Repair("<!DOCTYPE r [<!ENTITY a \"x&b;\"><!ENTITY b \"&a;\">]><r>&a;</r>");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "entity expansion refused: entity &a; refers to itself");
  }
}

TEST(XmlRepairTest, CdataAndCommentsKeepTheirContent) {
  std::string xml = "<r><![CDATA[a ]] ]> & &nbsp; <b>]]><!-- x -- & < --></r>";
  EXPECT_EQ(Repair(xml), xml);
  EXPECT_EQ(RepairByteByByte(xml), xml);
  EXPECT_EQ(Repair("<r><![CDATA[a\x01]]></r>"), "<r><![CDATA[a]]></r>");
}

}  // namespace
}  // namespace feedmirror
