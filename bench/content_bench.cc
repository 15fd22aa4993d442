// Throughput of the content stage's standard path (gumbo parse, clean-up,
// sanitize, image proxy, serialize: ArticleHtml with the default options)
// over feed items, on one thread. Driven by bench/content_bench.py, which
// also runs bleach on the same items.
//
//   content_bench ITEMS.jsonl [--repeat N] [--phases]
//   content_bench ITEMS.jsonl --dump OUT.jsonl
//
// ITEMS.jsonl: one {"link": ..., "html": ...} object per line. Prints one
// JSON object per measured phase: {"phase", "items", "bytes", "wall_s",
// "cpu_s"} (CPU time of this thread, the fairer figure on a loaded
// machine). --phases adds the parts: gumbo's parse alone, our parse (gumbo
// + tree), parse + serialize. --dump writes ArticleHtml's output for every
// item instead (one JSON string per line), to compare two builds.
#include <gumbo.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "content/article_html.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"

namespace {

struct Item {
  std::string link;
  std::string html;
};

std::vector<Item> ReadItems(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::vector<Item> items;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json object = nlohmann::json::parse(line);
    items.push_back({object.at("link").get<std::string>(), object.at("html").get<std::string>()});
  }
  return items;
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Runs `work` on every item `repeat` times and prints the phase's figures.
void Measure(const char* phase, const std::vector<Item>& items, int repeat,
             const std::function<size_t(const Item&)>& work) {
  size_t bytes = 0;
  size_t sink = 0;  // output bytes (keeps the work observable)
  for (size_t i = 0; i < items.size() && i < 200; ++i) work(items[i]);  // warm-up
  auto wall_start = std::chrono::steady_clock::now();
  double cpu_start = ThreadCpuSeconds();
  for (int round = 0; round < repeat; ++round) {
    for (const Item& item : items) {
      sink += work(item);
      bytes += item.html.size();
    }
  }
  double cpu = ThreadCpuSeconds() - cpu_start;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  nlohmann::json out = {{"phase", phase},  {"items", items.size() * static_cast<size_t>(repeat)},
                        {"bytes", bytes},  {"wall_s", wall},
                        {"cpu_s", cpu},    {"output_bytes", sink / static_cast<size_t>(repeat)}};
  std::cout << out.dump() << std::endl;
}

size_t GumboOnly(const Item& item) {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 1;
  GumboOutput* output = gumbo_parse_with_options(&options, item.html.data(), item.html.size());
  size_t children = output->root->v.element.children.length;
  gumbo_destroy_output(&options, output);
  return children;
}

int DumpOutputs(const std::vector<Item>& items, const feedmirror::ContentOptions& options, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  for (const Item& item : items) {
    out << nlohmann::json(feedmirror::ArticleHtml(item.html, item.link, options)).dump() << "\n";
  }
  return out ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: content_bench ITEMS.jsonl [--repeat N] [--phases] | --dump OUT.jsonl\n";
    return 2;
  }
  int repeat = 1;
  bool phases = false;
  std::string dump;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::stoi(argv[++i]);
    } else if (arg == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else if (arg == "--phases") {
      phases = true;
    } else {
      std::cerr << "content_bench: unknown argument " << arg << "\n";
      return 2;
    }
  }
  std::vector<Item> items = ReadItems(argv[1]);
  const feedmirror::ContentOptions options;  // cleanup = standard, images = proxy
  if (!dump.empty()) return DumpOutputs(items, options, dump);
  Measure("article_html", items, repeat,
          [&](const Item& item) { return feedmirror::ArticleHtml(item.html, item.link, options).size(); });
  if (!phases) return 0;
  Measure("gumbo_parse", items, repeat, GumboOnly);
  Measure("parse_tree", items, repeat,
          [](const Item& item) { return feedmirror::ParseHtmlFragment(item.html)->children.size(); });
  Measure("parse_serialize", items, repeat, [](const Item& item) {
    return feedmirror::SerializeChildren(*feedmirror::ParseHtmlFragment(item.html)).size();
  });
  return 0;
}
