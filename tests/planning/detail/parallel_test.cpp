#include "planning/detail/parallel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

using standort::planning::detail::for_each_part;

TEST(ForEachPart, EveryIndexOnceInContiguousParts) {
    for (std::size_t n : {0, 1, 3, 4, 10, 1001}) {
        std::vector<int> seen(n, 0);
        std::vector<std::pair<std::size_t, std::size_t>> ranges(4);
        for_each_part(n, 4, [&](std::size_t part, std::size_t from, std::size_t to) {
            ranges[part] = {from, to};
            for (std::size_t i = from; i < to; ++i) {
                ++seen[i];
            }
        });
        EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<std::ptrdiff_t>(n));
        // Part k starts where part k - 1 ended: sums combined in part order are the same
        // whatever the number of threads.
        EXPECT_EQ(ranges.front().first, 0u);
        EXPECT_EQ(ranges.back().second, n);
        for (std::size_t k = 1; k < ranges.size(); ++k) {
            EXPECT_EQ(ranges[k].first, ranges[k - 1].second);
        }
    }
}

TEST(ForEachPart, RethrowsWhatAPartThrowsOnceAllEnded) {
    std::atomic<int> ended{0};
    EXPECT_THROW(for_each_part(100, 4,
                               [&](std::size_t part, std::size_t, std::size_t) {
                                   ++ended;
                                   if (part == 2) {
                                       throw std::runtime_error("part 2");
                                   }
                               }),
                 std::runtime_error);
    // The other parts still ran: nothing is left half-done behind the caller's back.
    EXPECT_EQ(ended.load(), 4);
}
