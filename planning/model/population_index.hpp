#pragma once

#include "planning/model/model.hpp"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace standort::planning {

// Population counts by district and year, queried by any age range the stored bands can
// answer exactly. A question the bands cannot answer (children under 3 when the table has
// 0-6) gives nullopt, never a guessed share.
class population_index {
public:
    explicit population_index(const std::vector<population_record>& records);

    std::set<int> years() const;
    // The distinct bands stored for a year, ascending.
    std::vector<age_band> bands(int year) const;

    // Persons aged [band.from, band.to): the sum of the stored bands inside it, when they tile
    // it exactly; nullopt when the district has no rows for the year or the bands do not fit.
    std::optional<double> persons(const district_id& district, int year, age_band band) const;
    // All persons of the district in the year, when the bands cover every age.
    std::optional<double> total(const district_id& district, int year) const;

private:
    std::map<std::pair<std::string, int>, std::vector<std::pair<age_band, double>>> m_rows;
};

} // namespace standort::planning
