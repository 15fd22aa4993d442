// A streaming filter that turns the XML real feeds serve into XML libxml2
// accepts, before it is parsed: it drops what precedes the document
// (garbage, a misplaced XML declaration), control characters, the DTD (its
// internal entities are expanded here, bounded; external ones are never
// loaded), turns HTML entities (&nbsp;, &mdash;, ...) into character
// references, escapes stray '&' and '<', quotes bare attribute values,
// drops repeated attributes, and balances tags (a missing end tag is
// supplied, a stray one dropped, an <item>/<entry> left open is closed by
// the next). CDATA sections and comments pass through untouched apart from
// control characters. Input and output are UTF-8.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

struct XmlRepairLimits {
  // The replacement text of one entity, and all replacements together.
  size_t max_entity_bytes = 1024 * 1024;
  size_t max_total_expansion = 16 * 1024 * 1024;
  // A single tag, comment or DTD longer than this is treated as text.
  size_t max_construct_bytes = 4 * 1024 * 1024;
};

class XmlRepair {
 public:
  explicit XmlRepair(const XmlRepairLimits& limits = {}) : limits_(limits) {}

  // The processing instruction that stands for a CDATA section taken out.
  static constexpr std::string_view kCdataMarker = "<?feedmirror-cdata?>";
  // Takes the content of every CDATA section out of the stream into
  // `queue` (in document order), leaving kCdataMarker in its place: the
  // parser then skips what is most of a feed's bytes instead of reading it
  // character by character. The caller pops one entry per marker.
  void ExtractCdataInto(std::deque<std::string>* queue) { cdata_queue_ = queue; }

  // Appends the repaired form of the next input bytes to `out` (keeping back
  // an unfinished construct for the next call). Throws Error when entity
  // expansion exceeds the limits (a "billion laughs" document).
  void Push(std::string_view chunk, std::string& out);
  // The input ended: flushes what was kept back.
  void Finish(std::string& out);

  // What was repaired, each kind once, in the order first met
  // ("undefined entity &foo; kept as text", "mismatched end tag </b>", ...).
  const std::vector<std::string>& repairs() const { return repairs_; }
  // The name of the first element (the root), once seen.
  const std::string& root_name() const { return root_name_; }

 private:
  enum class State { kProlog, kContent, kCData, kComment, kEpilog };

  void Process(std::string_view in, bool at_end, std::string& out);
  // Each returns the input consumed, or 0 when the construct is unfinished.
  size_t Text(std::string_view in, bool at_end, std::string& out);
  size_t Markup(std::string_view in, bool at_end, std::string& out);
  size_t UntilTerminator(std::string_view in, std::string_view terminator, bool at_end,
                         std::string& out);
  // Returns 0 and sets splice_text_/splice_skip_ when an internal entity's
  // text is to be read in the reference's place.
  size_t Reference(std::string_view in, bool at_end, bool in_attribute, std::string& out);
  size_t StartTag(std::string_view in, bool at_end, std::string& out);
  size_t EndTag(std::string_view in, bool at_end, std::string& out);
  size_t Doctype(std::string_view in, bool at_end);
  size_t ProcessingInstruction(std::string_view in, bool at_end, std::string& out);
  void AppendAttributeValue(std::string_view value, std::string& out);
  void AppendAttributes(std::string_view tag, size_t name_end, std::string& out);
  void CloseOpenItem(const std::string& name, std::string& out);
  void CloseThrough(size_t depth, std::string& out);
  void DeclareEntities(std::string_view subset);
  const std::string& Expand(const std::string& name, int depth);
  void Note(const std::string& what);

  XmlRepairLimits limits_;
  State state_ = State::kProlog;
  std::string pending_;
  bool wrote_anything_ = false;
  std::string splice_text_;
  size_t splice_skip_ = 0;
  std::vector<std::string> open_;  // element names, outermost first
  std::vector<bool> has_children_;  // parallel to open_: an element child seen
  std::string root_name_;
  std::map<std::string, std::string> entity_values_;  // as declared
  std::map<std::string, std::string> expanded_;       // fully expanded
  std::set<std::string> external_entities_;
  std::set<std::string> expanding_;
  size_t total_expansion_ = 0;
  std::vector<std::string> repairs_;
  std::deque<std::string>* cdata_queue_ = nullptr;
  std::string cdata_;  // the section being taken out
};

}  // namespace feedmirror
