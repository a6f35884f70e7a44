#pragma once

// The Bildungsbericht: the indicator report in German for the council and the public, one HTML
// file that needs nothing from the internet (charts are inline SVG): per topic a chart of the
// municipality's series, a table of every area for the latest years, the spread between the
// districts, the definitions and sources, and the data-quality notes.

#include "planning/monitoring/publication.hpp"

#include <string>

namespace standort::services {

struct report_context {
    std::string project; // the municipality's name as the project file gives it
    std::string date;    // the day it was computed, "3. Dezember 2026"
    std::string version; // standort's
    // The publication rules applied, and how many values they hid; nullptr: the office's
    // internal version with every value.
    const planning::publication_rules* published = nullptr;
    std::size_t suppressed = 0;
};

std::string bildungsbericht_html(const planning::indicator_report& report,
                                 const report_context& context);

} // namespace standort::services
