// When each source is fetched next: the scheduling rules of `fetch` and
// `watch`, as pure functions of the store's SourceState and "now", so that
// tests drive them with fixed times.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "store/store.h"
#include "util/time.h"

namespace feedmirror {

// Whether a source whose stored state is `state` (nullopt: never fetched) and
// whose configured URL is `url` is due at `now`: a new source (or one whose
// URL was edited, which starts afresh) is due at once; a gone one (HTTP 410)
// never; otherwise when its next_due is unset or not after `now`.
bool IsDue(const std::optional<SourceState>& state, const std::string& url, TimePoint now);

// Whether the stored state marks the source at `url` gone (HTTP 410).
bool IsGone(const std::optional<SourceState>& state, const std::string& url);

// Which sources a `fetch` takes, in config order: with `all`, every one but
// the gone ones; else those due at `now` (see IsDue). `states` holds the stored state of
// each source, by index (nullopt for a source never fetched).
std::vector<size_t> DueSources(const std::vector<SourceConfig>& sources,
                               const std::vector<std::optional<SourceState>>& states,
                               TimePoint now, bool all);

// The wait after a successful fetch: the source's `every`, or the interval
// the feed asks for (RSS ttl, sy:updatePeriod/sy:updateFrequency) when that
// is longer.
std::chrono::seconds SuccessInterval(std::chrono::seconds every,
                                     std::optional<std::chrono::seconds> feed_interval);

// The feed's own interval as a previous success recorded it, for a 304 that
// brings no feed to read it from: next_due - last_fetch when the previous
// fetch succeeded; nullopt otherwise.
std::optional<std::chrono::seconds> RecordedInterval(const SourceState& previous);

// The earliest next_due among `sources` that are not gone (a source without
// one is due at `now`); nullopt when there is none (no sources, or all gone).
std::optional<TimePoint> EarliestDue(const std::vector<SourceConfig>& sources,
                                     const std::vector<std::optional<SourceState>>& states,
                                     TimePoint now);

}  // namespace feedmirror
