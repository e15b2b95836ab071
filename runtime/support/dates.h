// Calendar dates as policies and inventories write them (YYYY-MM-DD): waivers' `until`.
#pragma once

#include <string_view>

namespace srm::rt {

// True when `text` is YYYY-MM-DD and names a day of the Gregorian calendar.
bool IsIsoDate(std::string_view text);

}  // namespace srm::rt
