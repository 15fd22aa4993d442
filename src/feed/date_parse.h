// Dates as feeds write them: RFC 822/1123 and their real-world variants,
// ISO 8601/W3CDTF and theirs, and the forms Chinese-language sites use
// (2016/6/29 15:07:41, 2020年10月26日 13:56, Minguo years such as
// 109年10月26日, full-width digits).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "util/time.h"

namespace feedmirror {

// Turns a wall-clock time without a zone into an instant (the source's time
// zone). Absent: the wall clock is taken as UTC.
using LocalTimeResolver =
    std::function<TimePoint(std::chrono::local_time<std::chrono::milliseconds>)>;

// The instant `text` names, or nullopt when it cannot be read as a date (the
// caller keeps the text and falls back to another time; never the epoch).
// A date without a zone is resolved by `resolve_local` (UTC when empty).
// Named zones: UT, UTC, GMT, Z, the US zones (CST is US Central), a few
// common others (CET, JST, HKT, ...), RFC 822 military letters, and offsets
// as +0800, +08:00, +08, GMT+8, UTC+08:00.
std::optional<TimePoint> ParseDate(std::string_view text,
                                   const LocalTimeResolver& resolve_local = {});

}  // namespace feedmirror
