// Whether a sanitized tree survives serialization and a fresh HTML5 parse
// unchanged, decided from the tree's shape alone (no parse). Lets the
// content stage serialize once instead of parsing its output again.
#pragma once

namespace feedmirror {

struct HtmlNode;

// True when parsing SerializeChildren(root) as the contents of a <div>
// gives a tree that serializes to the same string. Conservative: a false
// answer means "not known", not "unstable".
//
// Only trees the HTML5 tree builder would rebuild token for token qualify:
// every start tag inserted under the current node with nothing closed,
// foster-parented, reconstructed or adopted on the way; every end tag
// closing its own element. So true needs every element to be one the
// sanitizer keeps (no foreign content, no comments), and:
// - void elements and iframes have no children;
// - no element that closes an open <p> (div, p, lists, headings, table,
//   hr, pre, figure, blockquote...) inside a <p> within button scope;
// - no heading directly inside a heading; no <a> inside an <a>;
// - no li inside an li, no dd/dt inside a dd/dt, unless a list, table or
//   sectioning element comes between;
// - tables exactly as the parser builds them: table > caption | colgroup |
//   thead | tbody | tfoot; colgroup > col; thead/tbody/tfoot > tr;
//   tr > td | th; only white-space text between those; these elements
//   nowhere else;
// - rb, rt, rp, rtc directly inside <ruby>;
// - no text node first in a <pre> that is empty or followed by more text
//   (the parser drops a leading newline), nesting under 200 elements deep.
bool IsParseStable(const HtmlNode& root);

}  // namespace feedmirror
