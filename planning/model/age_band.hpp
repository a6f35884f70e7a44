#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace standort::planning {

// Ages in completed years, half-open: [from, to). "0-1" is the under-ones, "3-5" ages 3 and 4
// (the Berlin EWR band E_E03_05), "6" is [6, 7). Open-ended bands ("65+") end at max_age.
struct age_band {
    int from = 0;
    int to = 0;

    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
    friend auto operator<=>(const age_band&, const age_band&) = default;
    bool overlaps(const age_band& other) const { return from < other.to && other.from < to; }
    int width() const { return to - from; }
    // The part of this band's years inside `range`, its persons taken as spread evenly:
    // 3-6 within 0-4 is 1/3.
    double share_within(const age_band& range) const;
};

inline constexpr int max_age = 120;

// Parses "0-1", "3-5", "6", "65+", "95-110"; nullopt for anything else.
std::optional<age_band> parse_age_band(std::string_view text);

// "0-1", "65+"
std::string to_string(const age_band& band);

} // namespace standort::planning
