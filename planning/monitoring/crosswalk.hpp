#pragma once

// Carrying a series across a boundary change (Gebietsstandsänderung): which district of one
// Gebietsstand became which of the other, and what share of its counts each district of the
// other Gebietsstand gets, so an indicator runs as one series across the change and says how.
//
// A district that became exactly one is carried whole (renamed, or merged with others into it);
// one that was split gives each part the share of the part's persons that lies in it (the
// target Gebietsstand's own population, times the part's area share in the source district
// where the geometries tell it); one that no link names is spread over the districts of its
// parent (the Bezirk, whose key both versions share) that no link reaches, else over all of
// the parent's districts, by persons. Counts are conserved per parent and in total.

#include "planning/model/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace standort::planning {

struct district_link {
    std::string from; // a district of the source Gebietsstand
    std::string to;   // ...of the target Gebietsstand that took (part of) it
    // The share of `to`'s area that lies in `from`: 1 when a matches file gives the link (the
    // whole of `to` is taken as part of `from`), less where geometries were intersected.
    double overlap = 1.0;
};

enum class carry_kind {
    renamed,   // one to one
    merged,    // with others into one
    split,     // into several, by their persons
    by_parent, // no link: over the parent's districts
    lost,      // no link and no parent in the target: not carried
};

struct carry_share {
    std::string to;
    double share = 0.0; // of the source district's counts; a rule's shares add up to 1
};

struct carry_rule {
    carry_kind kind = carry_kind::lost;
    std::vector<carry_share> to;
};

struct crosswalk_request {
    std::vector<district_link> links;
    // The source districts to carry (those the target lacks), each with its parent key (empty
    // without one).
    std::map<std::string, std::string> from_parent;
    // Every target district with its parent key and its weight: persons (or area, where the
    // target has no population), for the shares of a split.
    std::map<std::string, std::string> to_parent;
    std::map<std::string, double> to_weight;
};

using crosswalk = std::map<std::string, carry_rule>; // by source district

// A rule for every district of `from_parent`. Links naming districts outside the request are
// ignored (a matches file also lists the coarser levels), and so are links that cross from one
// parent to another where the source's parent still exists in the target: Berlin's matches
// file links new Bezirk-04 areas to the old 06010102 because the old polygons key 04030417 so.
crosswalk plan_crosswalk(const crosswalk_request& request);

// The links plan_crosswalk leaves out for crossing parents, for the notes.
std::vector<district_link> cross_parent_links(const crosswalk_request& request);

// How many source districts each kind of carrying took, for the notes.
std::map<carry_kind, std::size_t> carry_counts(const crosswalk& plan);

// German, for the office: "umbenannt", "zusammengelegt", ...
std::string describe(carry_kind kind);

// The population rows carried onto the target's districts: a row of a district the plan
// holds becomes one row per share; rows of the same district, year, band and source are
// summed. Rows of districts the plan does not hold pass unchanged; rows of a `lost` district
// are dropped (the caller says how many).
std::vector<population_record> carry_population(const std::vector<population_record>& rows,
                                                const crosswalk& plan);

// The same for Kita care: a row per district is split like the population; a row per Kita
// goes whole to the district with the largest share (the Kita stands in one place).
std::vector<care_record> carry_care(const std::vector<care_record>& rows, const crosswalk& plan);

} // namespace standort::planning
