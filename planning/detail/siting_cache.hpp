#pragma once

// What a siting request costs most to compute and the next one with the same parameters can
// reuse: the problem (the ways from every demand unit to the sites), and today's evaluation. A
// server's what-ifs change the option, not the sites, the demand or the network, so only the option
// is evaluated anew. Internal to the planner (planner.cpp, planner_siting.cpp).

#include "planning/planner.hpp"
#include "planning/siting/site_problem.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace standort::planning {

namespace detail {

// The problem's rows: every site within `within` of each unit (the reach, or the farthest
// threshold reported if that is farther: its shares need the ways), and beyond it (Church's
// k-nearest fallback) the nearest site of a unit with none within it and the nearest existing
// site (kept, closable or another provider's) of a unit with none of those within it, so a
// child far from the sites has its way in every plan that keeps its school, as coverage finds
// it, not only a penalty. Entries beyond the reach count for ways only. Also the farthest cost.
struct site_rows {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> rows;
    double farthest = 0;
    std::size_t fallbacks = 0; // units with fallback entries
};

// A variant's problem with what the report says of its rows.
struct cached_problem {
    site_problem problem;
    std::size_t fallbacks = 0;
};

// Today's evaluation with the capacity assignment's arcs, where the options' assignments start.
struct evaluated_scenario {
    siting_scenario scenario;
    std::vector<bool> assignment_arcs;
};

// A few entries per kind of request; a front end that sends ever new parameters (a slider)
// empties it when full rather than growing without bound.
template <class T> class memo {
public:
    template <class Make> std::shared_ptr<const T> get(const std::string& key, Make make) {
        {
            const std::lock_guard lock(m_mutex);
            if (const auto at = m_entries.find(key); at != m_entries.end()) {
                return at->second;
            }
        }
        // Computed outside the lock: concurrent requests never wait for each other; two
        // computing the same entry at once both give the same value.
        auto value = std::make_shared<const T>(make());
        const std::lock_guard lock(m_mutex);
        if (m_entries.size() >= 8) {
            m_entries.clear();
        }
        m_entries.emplace(key, value);
        return value;
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<const T>> m_entries;
};

} // namespace detail

struct planner::siting_cache {
    bool keep = false; // set by keep_siting_problems() before the planner is shared
    detail::memo<detail::cached_problem> problems;
    detail::memo<detail::evaluated_scenario> today;
};

} // namespace standort::planning
