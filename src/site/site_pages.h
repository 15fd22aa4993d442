// Rendering of the site's pages through the theme's mustache templates, and
// of its XML and text files. One PageRenderer per thread (the compiled
// templates are not shared).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "site/site_model.h"
#include "site/site_options.h"
#include "util/timezone.h"
#include "site/theme.h"

namespace feedmirror {

// A page of a paginated listing.
struct ListPage {
  std::string heading;
  std::string feed;               // href of the listing's Atom feed, or ""
  std::vector<int> posts;         // the page's posts, newest first
  int page = 1;                   // counted from the oldest page
  int pages = 1;
  // hrefs of the adjacent pages ("/sources/x/", "/sources/x/page/3/"), ""
  // for none.
  std::string newer, older;
  // The listing's front page (its index.html): the only one that shows the
  // page count, so that the other pages stay the same as pages are added.
  bool front = true;
};

// The pieces of pages made from one post (its entry on listing pages, its
// item in the same-day lists of other posts' pages) and the hrefs of the
// groups a post page links to, which the renderers of a site share: each
// is made once, by whichever thread first needs it.
class PostFragments;
std::shared_ptr<PostFragments> NewPostFragments(const SiteModel& model, const SiteOptions& options);

struct SiteContext {
  const SiteOptions& options;
  const SiteModel& model;
  const TimeZone& zone;
  const Theme& theme;
  // Made for `model` when the context is; shared by its PageRenderers.
  std::shared_ptr<PostFragments> fragments = NewPostFragments(model, options);
};

struct PageTemplates;  // the compiled templates (site_pages.cc)

class PageRenderer {
 public:
  explicit PageRenderer(const SiteContext& site);
  ~PageRenderer();

  // A post page; `body_html` is the rendered article.
  std::string Post(const SitePost& post, const std::string& body_html);
  std::string List(const ListPage& page);
  std::string Sources();
  std::string Terms(const std::string& heading, const std::vector<PostGroup>& groups);
  std::string Archive();
  std::string Search();
  std::string NotFound();

  // Atom feed of `posts` (newest first) at site path `feed_path`.
  std::string Atom(const std::string& title, const std::string& feed_path, const std::vector<int>& posts);

  // The other posts of the post's day shown on its page.
  std::vector<int> SameDay(const SitePost& post) const;
  // href of a site path ("sources/x/" -> "/base/sources/x/").
  std::string Href(const std::string& site_path) const;
  // Absolute URL (options.url + base path) of a site path.
  std::string Absolute(const std::string& site_path) const;
  // "2020-10-26 13:56" in the site's zone.
  std::string LocalTime(const SitePost& post) const;

 private:
  std::string Page(const std::string& title, const std::string& content, const std::string& feed = "");
  // A post's entry on listing pages (entry.mustache), rendered once per
  // site (site.fragments) and reused on each listing it appears on.
  const std::string& Entry(int post);
  // A post's item in the same-day list of post pages (same_day.mustache),
  // rendered once per site.
  const std::string& SameDayEntry(int post);
  std::string RenderEntry(int post);
  std::string RenderSameDayEntry(int post);

  const SiteContext& site_;
  std::unique_ptr<PageTemplates> templates_;
};

// sitemap.xml contents: a urlset of `locs` with their lastmod dates.
std::string SitemapXml(const std::vector<std::pair<std::string, std::string>>& locs);
// A sitemap index of `sitemaps` (absolute URLs).
std::string SitemapIndexXml(const std::vector<std::string>& sitemaps);

// `html` with `base` ("/mirror") put before every root-relative URL
// ("/assets/img/x.jpg", not "//host/x") in the src, href, poster and srcset
// attributes of its tags, so that a site served under a base path keeps
// its downloaded images and local links. `html` unchanged when `base` is "".
std::string PrefixRootRelativeUrls(std::string_view html, std::string_view base);

// XML/HTML text escaping.
std::string EscapeXml(std::string_view s);
// The escaping of the theme's {{name}} tags: & < > " ' as kainjow's
// html_escape writes them (&amp; &lt; &gt; &quot; &apos;), other bytes kept.
std::string EscapeHtml(const std::string& s);
// RFC 3339 with the site zone's offset: "2020-10-26T13:56:17+08:00".
std::string IsoLocal(int64_t instant_ms, const TimeZone& zone);

}  // namespace feedmirror
