// Instants and their text forms. An instant is UTC milliseconds since the
// epoch, the precision the post format keeps.
#pragma once

#include <chrono>
#include <string>

namespace feedmirror {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// 2020-10-26T05:56:17.000Z
std::string FormatIso8601Millis(TimePoint t);
// 2020-10-26T05:56:17Z (RFC 3339, UTC, no fraction when it is zero).
std::string FormatRfc3339(TimePoint t);
int64_t EpochMillis(TimePoint t);
TimePoint FromEpochMillis(int64_t ms);

}  // namespace feedmirror
