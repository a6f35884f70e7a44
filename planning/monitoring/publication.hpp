#pragma once

// The statistical offices' confidentiality rules applied to an indicator report before it is
// published: small counts are suppressed (primary), and further cells are suppressed where a
// total and the published parts would give a suppressed one back (secondary). Rates whose
// denominator is small, or whose numerator or denominator is suppressed, are left out. What
// was suppressed, and why, is returned for the office, never put into the published report.

#include "planning/monitoring/indicators.hpp"

#include <string>
#include <vector>

namespace standort::planning {

struct publication_rules {
    double min_count = 3;        // a count of 1 or 2 children is not published (0 is)
    double min_denominator = 10; // a rate over fewer persons says nothing and reveals much
};

struct suppressed_cell {
    std::size_t area = 0;
    int year = 0;
    std::string indicator;
    double value = 0;   // what the office sees, never published
    std::string reason; // German: "primär: 2 < 3", "sekundär: schützt 0101 in gemeinde 01"
};

struct published_report {
    indicator_report report; // counts rounded to whole children; suppressed values empty
    std::vector<suppressed_cell> suppressed;
};

published_report publish(const indicator_report& report, const publication_rules& rules);

} // namespace standort::planning
