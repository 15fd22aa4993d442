#include "archive/liquid.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(LiquidTest, NeutralizesOpeningsOnce) {
  EXPECT_EQ(NeutralizeLiquid(""), "");
  EXPECT_EQ(NeutralizeLiquid("no markup { } }} %}"), "no markup { } }} %}");
  EXPECT_EQ(NeutralizeLiquid("{{ x }}"), R"({{ "{{" }} x }})");
  EXPECT_EQ(NeutralizeLiquid("{% raw %}"), R"({{ "{%" }} raw %})");
  EXPECT_EQ(NeutralizeLiquid("{{{"), R"({{ "{{" }}{)");
  EXPECT_EQ(NeutralizeLiquid("{{%"), R"({{ "{{" }}%)");
  EXPECT_EQ(NeutralizeLiquid("{%{"), R"({{ "{%" }}{)");
  EXPECT_EQ(NeutralizeLiquid("{%{%"), R"({{ "{%" }}{{ "{%" }})");
  EXPECT_EQ(NeutralizeLiquid("{{{{"), R"({{ "{{" }}{{ "{{" }})");
  EXPECT_EQ(NeutralizeLiquid("a{"), "a{");
  EXPECT_EQ(NeutralizeLiquid("{{}}}"), R"({{ "{{" }}}}})");
}

TEST(LiquidTest, OutputHoldsNoOtherOpening) {
  std::string out = NeutralizeLiquid("x{{{%{{%}{%%}}{");
  // Remove our own tags; nothing that opens Liquid may remain.
  std::string rest;
  for (size_t pos = 0; pos < out.size();) {
    std::string_view tail = std::string_view(out).substr(pos);
    if (tail.starts_with(R"({{ "{{" }})") || tail.starts_with(R"({{ "{%" }})")) {
      pos += 10;
      rest += '#';
    } else {
      rest += out[pos++];
    }
  }
  EXPECT_EQ(rest.find("{{"), std::string::npos) << rest;
  EXPECT_EQ(rest.find("{%"), std::string::npos) << rest;
}

TEST(LiquidTest, RestoreInvertsNeutralize) {
  for (std::string text :
       {"", "{", "{{", "{%", "{{{", "{{%", "{%{", "%}}", R"({{ "{{" }})", R"({{ "{%" }})",
        "a {{ b }} {% c %} {{{ d }}} {%- e -%}", "{{ \"{{\" }", "中文{{中文%}"}) {
    EXPECT_EQ(RestoreLiquid(NeutralizeLiquid(text)), text) << text;
  }
}

TEST(LiquidTest, RestoreLeavesOtherTextAlone) {
  EXPECT_EQ(RestoreLiquid("{{ x }} {% y %} { \"{{\" }}"), "{{ x }} {% y %} { \"{{\" }}");
  EXPECT_EQ(RestoreLiquid(R"(a{{ "{{" }}b{{ "{%" }}c)"), "a{{b{%c");
}

}  // namespace
}  // namespace feedmirror
