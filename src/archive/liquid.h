// Neutralising Liquid markup, so that Jekyll (3.x on GitHub Pages and 4.x)
// prints text from a feed literally instead of executing it.
#pragma once

#include <string>
#include <string_view>

namespace feedmirror {

// Replaces, scanning left to right once, every "{{" by `{{ "{{" }}` and every
// "{%" by `{{ "{%" }}`: Liquid output tags whose value is the opening itself.
// After this no "{{" or "{%" is left that is not one of these tags, so Liquid
// renders exactly `text` back ("{{{" gives `{{ "{{" }}{`).
std::string NeutralizeLiquid(std::string_view text);

// The inverse: replaces each `{{ "{{" }}` and `{{ "{%" }}` by what it prints.
// RestoreLiquid(NeutralizeLiquid(t)) == t for every t; on text that was not
// neutralised it only touches those two exact tags.
std::string RestoreLiquid(std::string_view text);

}  // namespace feedmirror
