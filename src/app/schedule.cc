#include "app/schedule.h"

#include <algorithm>

namespace feedmirror {

bool IsGone(const std::optional<SourceState>& state, const std::string& url) {
  return state && state->url == url && state->gone;
}

bool IsDue(const std::optional<SourceState>& state, const std::string& url, TimePoint now) {
  if (!state || state->url != url) return true;
  if (state->gone) return false;
  return !state->next_due || *state->next_due <= now;
}

std::vector<size_t> DueSources(const std::vector<SourceConfig>& sources,
                               const std::vector<std::optional<SourceState>>& states,
                               TimePoint now, bool all) {
  std::vector<size_t> due;
  for (size_t i = 0; i < sources.size(); ++i)
    if (all ? !IsGone(states[i], sources[i].url) : IsDue(states[i], sources[i].url, now))
      due.push_back(i);
  return due;
}

std::chrono::seconds SuccessInterval(std::chrono::seconds every,
                                     std::optional<std::chrono::seconds> feed_interval) {
  return feed_interval ? std::max(every, *feed_interval) : every;
}

std::optional<std::chrono::seconds> RecordedInterval(const SourceState& previous) {
  bool succeeded = previous.consecutive_failures == 0 && !previous.gone &&
                   (previous.last_status == 200 || previous.last_status == 304);
  if (!succeeded || !previous.last_fetch || !previous.next_due) return std::nullopt;
  if (*previous.next_due <= *previous.last_fetch) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*previous.next_due -
                                                          *previous.last_fetch);
}

std::optional<TimePoint> EarliestDue(const std::vector<SourceConfig>& sources,
                                     const std::vector<std::optional<SourceState>>& states,
                                     TimePoint now) {
  std::optional<TimePoint> earliest;
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::optional<SourceState>& state = states[i];
    if (IsGone(state, sources[i].url)) continue;
    TimePoint due = now;
    if (state && state->url == sources[i].url && state->next_due) due = *state->next_due;
    if (!earliest || due < *earliest) earliest = due;
  }
  return earliest;
}

}  // namespace feedmirror
