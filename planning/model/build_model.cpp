#include "planning/model/build_model.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/point_areas.hpp"
#include "geo/spatial_index.hpp"
#include "geo/validate.hpp"
#include "planning/model/population_index.hpp"

#include <boost/geometry/algorithms/area.hpp>
#include <boost/geometry/algorithms/distance.hpp>
#include <boost/geometry/algorithms/within.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <boost/regex.hpp>
#include <fmt/format.h>

namespace standort::planning {

namespace {

using geo::feature;
using geo::feature_layer;

// Two polygons closer than this touch (coordinates of one source rounded differently).
constexpr double touching_m = 1.0;

error_context at(const feature_layer& layer, const feature& f, std::string key = {},
                 std::string field = {}) {
    return error_context{layer.source, layer.name, f.source_fid, std::move(key), std::move(field)};
}

error_context at_layer(const feature_layer& layer, std::string field = {}) {
    return error_context{layer.source, layer.name, std::nullopt, {}, std::move(field)};
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::string key_of(const feature& f, std::size_t index) {
    return trimmed(geo::to_text(f.values[index]));
}

std::optional<std::size_t> optional_field(const feature_layer& layer, const std::string& name) {
    if (name.empty()) {
        return std::nullopt;
    }
    return layer.require_field(name);
}

// No count of persons, children, pupils, places or seats in one row can exceed this: larger
// ones are typos or damage (1e308 pupils would become inf and overflow the class counts).
constexpr double max_count = 1e8;

// Reads counts and capacities: a clear finding for text that is no number and for negatives;
// a missing value stays missing (nullopt), never zero.
struct count_reader {
    const feature_layer& layer;
    geo::number_format format;
    findings& found;
    mutable std::set<std::size_t> checked = {}; // columns whose notation was checked
    // A layer streamed row by row (`layer` holds its schema only): the notation is judged from
    // the rows as they are read, and report_notation() says it at the end.
    bool streamed = false;
    struct notation {
        std::size_t thousands = 0; // dotted values that look like German thousands
        bool plain = false;        // a dotted value that cannot be thousands (12.5)
        std::int64_t first_fid = -1;
        std::string first_text;
    };
    mutable std::map<std::size_t, notation> seen = {};

    std::optional<double> read(const feature& f, std::size_t index, const std::string& key,
                               bool warn_if_missing = true) const {
        check_notation(f, index);
        const std::string& field = layer.fields[index].name;
        std::string problem;
        auto parsed = geo::value_as_number(f.values[index], format, &problem);
        if (!parsed) {
            if (!problem.empty()) {
                found.push_back(
                    finding{severity::error, "bad-number", at(layer, f, key, field), problem});
            } else if (warn_if_missing) {
                found.push_back(finding{severity::warning, "missing-value",
                                        at(layer, f, key, field),
                                        "no value; counted as unknown, not as 0"});
            }
            return std::nullopt;
        }
        if (parsed->percent) {
            found.push_back(finding{
                severity::error, "bad-number", at(layer, f, key, field),
                fmt::format("'{}' is a percentage, not a count", geo::to_text(f.values[index]))});
            return std::nullopt;
        }
        const double v = parsed->number;
        if (v > max_count) {
            found.push_back(finding{
                severity::error, "implausible-count", at(layer, f, key, field),
                fmt::format("{} is more than any count can be (Germany has 84 million people)",
                            geo::to_text(f.values[index]))});
            return std::nullopt;
        }
        if (v < 0) {
            found.push_back(finding{severity::error, "negative-count", at(layer, f, key, field),
                                    fmt::format("{} is negative", geo::to_text(f.values[index]))});
            return std::nullopt;
        }
        return v;
    }

    // Where the project file does not say how numbers are written, a count column whose dotted
    // values all look like "1.732" is German thousands that plain notation would read as
    // 1.732 (18,737 persons became 9,221 so): an error that says which to set.
    void check_notation(const feature& row, std::size_t index) const {
        if (format != geo::number_format::unstated) {
            return;
        }
        if (streamed) {
            observe(row, index, seen[index]);
            return;
        }
        if (!checked.insert(index).second) {
            return;
        }
        notation n;
        for (const auto& f : layer.features) {
            if (!observe(f, index, n)) {
                return;
            }
        }
        say_thousands(index, n);
    }

    // False once the column holds a dotted value that is no German thousands.
    static bool observe(const feature& f, std::size_t index, notation& n) {
        const auto* text = std::get_if<std::string>(&f.values[index]);
        if (n.plain || !text || text->find('.') == std::string::npos) {
            return !n.plain;
        }
        if (!geo::looks_like_german_thousands(*text)) {
            n.plain = true; // a decimal such as 12.5: plain notation
            return false;
        }
        if (n.thousands++ == 0) {
            n.first_fid = f.source_fid;
            n.first_text = *text;
        }
        return true;
    }

    void report_notation() const {
        for (const auto& [index, n] : seen) {
            say_thousands(index, n);
        }
        seen.clear();
    }

    void say_thousands(std::size_t index, const notation& n) const {
        if (n.plain || n.thousands == 0) {
            return;
        }
        std::string whole = n.first_text;
        std::erase(whole, '.');
        found.push_back(finding{
            severity::error, "german-thousands",
            error_context{layer.source, layer.name, n.first_fid, {}, layer.fields[index].name},
            fmt::format("'{}' and {} more value(s) of this column look like German thousands "
                        "({}), which plain notation reads as {}; set `number_format: german` "
                        "for this source (or `number_format: plain` if they are decimals)",
                        n.first_text, n.thousands - 1, whole, n.first_text)});
    }

    // Capacity fields: an empty one is reported once per facility by the caller, only when
    // the facility ends up with no capacity at all (a Gymnasium has seats, no Züge).
    std::optional<double> resolve(const field_or_number& spec, const feature& f,
                                  const std::string& key) const {
        if (spec.number) {
            return spec.number;
        }
        if (spec.field.empty()) {
            return std::nullopt;
        }
        return read(f, layer.require_field(spec.field), key, false);
    }
};

// Overlaps of districts smaller than this (100 m²) are digitising slivers, not a second claim.
constexpr double district_overlap_tolerance_m2 = 100.0;

// Two totals a factor of 900 to 1,100 apart: one of them was read with the wrong notation.
bool near_thousandfold(double a, double b) {
    const double ratio = std::max(a, b) / std::max(1e-9, std::min(a, b));
    return ratio > 900 && ratio < 1100;
}

std::optional<int> parse_year(const std::string& text) {
    // "2020", "202012" (yyyymm), "2020-12-31", "2019/20": the first four digits.
    if (text.size() < 4) {
        return std::nullopt;
    }
    int year = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = text[static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        year = year * 10 + (c - '0');
    }
    if (text.size() > 4 && text[4] >= '0' && text[4] <= '9' && text.size() != 6 &&
        text.size() != 8) {
        return std::nullopt; // a longer number is no year
    }
    return year;
}

// The age bands of a layer: those named, and the columns the pattern matches.
std::vector<band_column> band_columns(const std::vector<band_column>& explicit_bands,
                                      const std::string& band_pattern, const feature_layer& layer) {
    std::vector<band_column> bands;
    for (const auto& b : explicit_bands) {
        layer.require_field(b.column);
        bands.push_back(b);
    }
    if (!band_pattern.empty()) {
        // A user's pattern: Boost.Regex gives up on a match that backtracks without bound
        // ('^(a+)+$'), where std::regex would run for hours.
        boost::regex pattern;
        try {
            pattern = boost::regex(band_pattern);
        } catch (const boost::regex_error& e) {
            throw config_error(fmt::format("band pattern '{}' is no regular expression: {}",
                                           band_pattern, e.what()),
                               at_layer(layer));
        }
        for (const auto& field : layer.fields) {
            boost::smatch m;
            try {
                if (!boost::regex_match(field.name, m, pattern)) {
                    continue;
                }
            } catch (const std::runtime_error&) {
                throw config_error(
                    fmt::format("band pattern '{}' takes too long to match the column '{}' "
                                "(nested repetition such as (a+)+); write it more simply",
                                band_pattern, field.name),
                    at_layer(layer));
            }
            std::optional<age_band> band;
            if (m.size() == 3) {
                band = parse_age_band(m[1].str() + "-" + m[2].str());
            } else if (m.size() == 2) {
                band = parse_age_band(m[1].str());
            }
            if (!band) {
                throw config_error(
                    fmt::format("column '{}' matches the band pattern but gives no age band "
                                "(the pattern needs one capture for a single age or two for "
                                "from and to)",
                                field.name),
                    at_layer(layer, field.name));
            }
            bands.push_back(band_column{field.name, *band});
        }
        if (bands.empty()) {
            throw config_error(fmt::format("no column matches the band pattern '{}'", band_pattern),
                               at_layer(layer));
        }
    }
    for (std::size_t i = 0; i < bands.size(); ++i) {
        for (std::size_t j = i + 1; j < bands.size(); ++j) {
            if (bands[i].band.overlaps(bands[j].band)) {
                throw config_error(
                    fmt::format("age bands overlap: '{}' ({}) and '{}' ({}); counting both "
                                "would count people twice",
                                bands[i].column, to_string(bands[i].band), bands[j].column,
                                to_string(bands[j].band)),
                    at_layer(layer));
            }
        }
    }
    return bands;
}

const geo::multi_polygon* polygons_of(const feature& f) {
    return std::get_if<geo::multi_polygon>(&f.shape);
}

class model_builder {
public:
    model_builder(const model_spec& spec, const model_layers& layers)
        : m_spec(spec), m_layers(layers) {}

    build_result run() {
        m_result.model.name = m_spec.name;
        m_result.model.crs = m_layers.crs;
        build_districts();
        for (std::size_t i = 0; i < m_spec.facilities.size() && i < m_layers.facilities.size();
             ++i) {
            build_facilities(m_spec.facilities[i], m_layers.facilities[i]);
        }
        if (m_spec.catchments && m_layers.catchments) {
            build_catchments(*m_spec.catchments, *m_layers.catchments);
        }
        check_district_overlaps();
        locate_facilities();
        check_catchment_coverage();
        for (std::size_t i = 0; i < m_spec.population.size() && i < m_layers.population.size();
             ++i) {
            const auto before = m_result.model.population.size();
            build_population(m_spec.population[i], m_layers.population[i]);
            mark_source(m_result.model.population, before, i);
        }
        report_overlapping_bands();
        report_districts_without_population();
        report_far_duplicates();
        for (std::size_t i = 0; i < m_spec.enrolment.size() && i < m_layers.enrolment.size(); ++i) {
            const auto before = m_result.model.enrolment.size();
            build_enrolment(m_spec.enrolment[i], m_layers.enrolment[i]);
            mark_source(m_result.model.enrolment, before, i);
        }
        for (std::size_t i = 0; i < m_spec.care.size() && i < m_layers.care.size(); ++i) {
            const auto before = m_result.model.care.size();
            build_care(m_spec.care[i], m_layers.care[i]);
            mark_source(m_result.model.care, before, i);
        }
        for (std::size_t i = 0; i < m_spec.ganztag.size() && i < m_layers.ganztag.size(); ++i) {
            const auto before = m_result.model.ganztag.size();
            build_ganztag(m_spec.ganztag[i], m_layers.ganztag[i]);
            mark_source(m_result.model.ganztag, before, i);
        }
        for (std::size_t i = 0; i < m_spec.transitions.size() && i < m_layers.transitions.size();
             ++i) {
            const auto before = m_result.model.transitions.size();
            build_transitions(m_spec.transitions[i], m_layers.transitions[i], i);
            mark_source(m_result.model.transitions, before, i);
        }
        if (m_spec.grid && m_layers.grid) {
            build_grid(*m_spec.grid, *m_layers.grid);
        }
        return std::move(m_result);
    }

private:
    // The records a table added carry its index, so the database can name each row's file.
    template <class Record>
    static void mark_source(std::vector<Record>& records, std::size_t from, std::size_t source) {
        for (std::size_t r = from; r < records.size(); ++r) {
            records[r].source = static_cast<std::uint16_t>(source);
        }
    }

    void add(severity level, std::string code, error_context where, std::string message) {
        m_result.found.push_back(
            finding{level, std::move(code), std::move(where), std::move(message)});
    }

    std::string corrected_key(const feature_layer& layer, const feature& f, std::string key) {
        for (const auto& [fid, id] : m_spec.districts.corrections) {
            if (fid == f.source_fid) {
                add(severity::info, "corrected-id", at(layer, f, id, m_spec.districts.id),
                    fmt::format("id '{}' replaced by '{}' as districts.corrections says", key, id));
                return id;
            }
        }
        return key;
    }

    std::string parent_key(const district& d) const {
        return d.parent ? d.parent->value : std::string{};
    }

    // The parent most of a polygon's neighbours belong to; empty when none has a parent.
    std::string parent_around(const geo::multi_polygon& shape, const std::string& key) const {
        std::map<std::string, int> votes;
        for (const auto& d : m_result.model.districts) {
            if (d.id.value != key && !parent_key(d).empty() &&
                boost::geometry::distance(d.area, shape) <= touching_m) {
                ++votes[parent_key(d)];
            }
        }
        std::string best;
        int most = 0;
        for (const auto& [p, n] : votes) {
            if (n > most) {
                best = p;
                most = n;
            }
        }
        return best;
    }

    void report_far_duplicates() {
        const std::size_t prefix = m_spec.districts.parent_prefix;
        for (auto dup : m_far_duplicates) {
            const std::string own = prefix > 0 ? dup.key.substr(0, prefix) : std::string{};
            std::string around = parent_around(dup.shape, dup.key);
            // The polygon whose neighbours contradict the key is the misplaced one: perhaps
            // the first, which the district keeps.
            const auto& kept = m_result.model.districts[m_district_index.at(dup.key)];
            const std::string around_first = parent_around(kept.area, dup.key);
            if (!own.empty() && around == own && !around_first.empty() && around_first != own) {
                std::swap(dup.first, dup.second);
                around = around_first;
            }
            std::string where;
            if (!around.empty()) {
                where =
                    fmt::format("; feature {} lies among the districts of {}", dup.second, around);
                if (!own.empty() && own != around) {
                    where += fmt::format(", not {} as its key says", own);
                }
            }
            std::string fits;
            for (const auto& k : m_unmatched_population_keys) {
                if (!around.empty() && prefix > 0 && k.substr(0, prefix) == around) {
                    fits += (fits.empty() ? "" : ", ") + k;
                }
            }
            if (!fits.empty()) {
                fits = fmt::format("; the population has {} without a polygon there, which may "
                                   "be its key",
                                   fits);
            }
            add(severity::error, "duplicate-id",
                error_context{dup.source, dup.layer, dup.second, dup.key, m_spec.districts.id},
                fmt::format("id '{}' ('{}') names two polygons {:.1f} km apart (features {} and "
                            "{}){}{}. Polygons that do not touch are never merged: give the "
                            "feature its key with districts.corrections: [{{feature: {}, id: "
                            "...}}]",
                            dup.key, dup.name, dup.gap / 1000, dup.first, dup.second, where, fits,
                            dup.second));
        }
    }

    void build_districts() {
        const auto& spec = m_spec.districts;
        const auto& layer = m_layers.districts;
        const std::size_t id_i = layer.require_field(spec.id);
        const auto name_i = optional_field(layer, spec.name);
        const auto parent_i = optional_field(layer, spec.parent);
        check_filled(layer, name_i);
        check_filled(layer, parent_i);
        std::vector<std::optional<std::size_t>> level_i;
        for (const auto& level : spec.levels) {
            level_i.push_back(level.field.empty()
                                  ? std::nullopt
                                  : std::optional(layer.require_field(level.field)));
        }
        auto& districts = m_result.model.districts;
        for (const auto& f : layer.features) {
            const std::string key = corrected_key(layer, f, key_of(f, id_i));
            if (key.empty()) {
                add(severity::error, "missing-id", at(layer, f, {}, spec.id),
                    "a district without an id cannot be joined to anything");
                continue;
            }
            const auto* shape = polygons_of(f);
            if (!shape || shape->empty()) {
                add(severity::error, "not-polygon", at(layer, f, key),
                    "a district needs a polygon geometry");
                continue;
            }
            const std::string name = name_i ? key_of(f, *name_i) : std::string{};
            const source_ref src{layer.source, layer.name, f.source_fid};
            if (auto it = m_district_index.find(key); it != m_district_index.end()) {
                district& first = districts[it->second];
                const double gap = boost::geometry::distance(first.area, *shape);
                if (name_i && !name.empty() && first.name == name && gap > touching_m) {
                    // Two places under one key (Berlin's old LOR: 06010102 twice, 5.2 km
                    // apart, the second really 04030417): never merged, named once the
                    // population shows which key is missing.
                    m_far_duplicates.push_back({key, name, first.sources.front().feature,
                                                f.source_fid, *shape, gap, layer.source,
                                                layer.name});
                    continue;
                }
                if (name_i && !name.empty() && first.name == name) {
                    // One district in two features that touch: merging keeps every square
                    // metre and every join.
                    add(severity::warning, "duplicate-id", at(layer, f, key, spec.id),
                        fmt::format("id also used by feature {} with the same name '{}'; the two "
                                    "features are merged into one district",
                                    first.sources.front().feature, name));
                    for (const auto& poly : *shape) {
                        first.area.push_back(poly);
                    }
                    first.sources.push_back(src);
                } else {
                    add(severity::error, "duplicate-id", at(layer, f, key, spec.id),
                        fmt::format("id also used by feature {} ('{}' vs '{}'); ids must be "
                                    "unique",
                                    first.sources.front().feature, first.name, name));
                }
                continue;
            }
            district d;
            d.id = district_id{key};
            d.name = name;
            if (parent_i) {
                if (auto p = key_of(f, *parent_i); !p.empty()) {
                    d.parent = district_id{p};
                }
            } else if (spec.parent_prefix > 0 && key.size() > spec.parent_prefix) {
                d.parent = district_id{key.substr(0, spec.parent_prefix)};
            }
            for (std::size_t l = 0; l < level_i.size(); ++l) {
                d.levels.emplace_back(spec.levels[l].name,
                                      level_i[l] ? key_of(f, *level_i[l])
                                                 : key.substr(0, spec.levels[l].prefix));
            }
            d.area = *shape;
            d.sources.push_back(src);
            m_district_index.emplace(key, districts.size());
            districts.push_back(std::move(d));
        }
        for (auto& d : districts) {
            if (d.sources.size() > 1) {
                geo::geometry merged = d.area;
                geo::make_valid(merged); // merged parts may touch or overlap
                d.area = std::get<geo::multi_polygon>(merged);
            }
            d.area_m2 = boost::geometry::area(d.area);
        }
        if (districts.empty()) {
            add(severity::error, "empty", at_layer(layer), "no usable district in the layer");
        }
    }

    void build_facilities(const facility_mapping& spec, const feature_layer& layer) {
        const std::size_t id_i = layer.require_field(spec.id);
        const auto name_i = optional_field(layer, spec.name);
        const auto kind_i = optional_field(layer, spec.kind_field);
        const count_reader counts{layer, spec.numbers, m_result.found};
        check_filled(layer, name_i);
        std::map<std::string, std::size_t> unmapped; // value of kind_field -> features left out
        for (const auto& f : layer.features) {
            facility fac;
            std::string kind_value;
            if (kind_i) {
                kind_value = key_of(f, *kind_i);
                auto it = spec.kinds.find(kind_value);
                if (it == spec.kinds.end()) {
                    ++unmapped[kind_value];
                    continue;
                }
                fac.kind = it->second;
                fac.school_type = kind_value;
            } else {
                fac.kind = spec.kind.value_or(facility_kind::other);
                fac.school_type = spec.school_type;
            }
            const std::string key = key_of(f, id_i);
            if (key.empty()) {
                add(severity::error, "missing-id", at(layer, f, {}, spec.id),
                    "a facility without an id cannot be joined to enrolment or reported");
                continue;
            }
            fac.id = facility_id{key};
            fac.competitor = spec.competitor;
            fac.name = name_i ? key_of(f, *name_i) : key;
            if (const auto* p = std::get_if<geo::point>(&f.shape)) {
                fac.location = *p;
            } else if (const auto* mp = std::get_if<geo::multi_polygon>(&f.shape);
                       mp && !mp->empty()) {
                fac.location = geo::point_on_surface(*mp); // a school mapped as its grounds
            } else if (const auto* pts = std::get_if<geo::multi_point>(&f.shape);
                       pts && !pts->empty()) {
                fac.location = pts->front();
            } else {
                // A planned school may have capacity figures before it has a site.
                add(severity::warning, "missing-geometry", at(layer, f, key),
                    fmt::format("{} '{}' has no location and is left out", to_string(fac.kind),
                                key_of(f, name_i.value_or(id_i))));
                continue;
            }
            const auto& c = spec.capacity;
            fac.cap.places = counts.resolve(c.places, f, key);
            fac.cap.places_u3 = counts.resolve(c.places_u3, f, key);
            fac.cap.places_ue3 = counts.resolve(c.places_ue3, f, key);
            fac.cap.seats = counts.resolve(c.seats, f, key);
            fac.cap.zuege = counts.resolve(c.zuege, f, key);
            fac.cap.class_size = counts.resolve(c.class_size, f, key);
            fac.cap.grades = counts.resolve(c.grades, f, key);
            if (!fac.cap.places && fac.cap.places_u3 && fac.cap.places_ue3) {
                fac.cap.places = *fac.cap.places_u3 + *fac.cap.places_ue3;
            }
            if (!fac.cap.seats && fac.cap.zuege && fac.cap.class_size && fac.cap.grades) {
                fac.cap.seats = *fac.cap.zuege * *fac.cap.class_size * *fac.cap.grades;
                fac.cap.seats_derived = true;
            }
            const bool capacity_mapped = !c.places.empty() || !c.places_u3.empty() ||
                                         !c.places_ue3.empty() || !c.seats.empty() ||
                                         !c.zuege.empty();
            if (capacity_mapped && !fac.cap.places && !fac.cap.seats &&
                fac.kind != facility_kind::candidate) {
                add(severity::warning, "missing-capacity", at(layer, f, key),
                    fmt::format("{} '{}' has no capacity: the capacity fields are empty",
                                to_string(fac.kind), fac.name));
            }
            fac.source = source_ref{layer.source, layer.name, f.source_fid};
            const std::string unique = to_string(fac.kind) + "\n" + key;
            if (auto it = m_facility_index.find(unique); it != m_facility_index.end()) {
                const auto& first = m_result.model.facilities[it->second];
                add(severity::error, "duplicate-id", at(layer, f, key, spec.id),
                    fmt::format("{} id also used by {} feature {} ('{}'); ids must be unique",
                                to_string(fac.kind), first.source.file, first.source.feature,
                                first.name));
                continue;
            }
            m_facility_index.emplace(unique, m_result.model.facilities.size());
            m_facility_ids.insert(key);
            m_result.model.facilities.push_back(std::move(fac));
        }
        for (const auto& [value, n] : unmapped) {
            add(severity::info, "kind-not-mapped", at_layer(layer, spec.kind_field),
                fmt::format("{} feature(s) with value '{}' left out: the project file maps it to "
                            "no facility kind",
                            n, value));
        }
    }

    void build_catchments(const catchment_mapping& spec, const feature_layer& layer) {
        const std::size_t id_i = layer.require_field(spec.id);
        const auto name_i = optional_field(layer, spec.name);
        const auto facility_i = optional_field(layer, spec.facility);
        std::unordered_map<std::string, std::int64_t> seen;
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, id_i);
            if (key.empty()) {
                add(severity::error, "missing-id", at(layer, f, {}, spec.id),
                    "a catchment without an id");
                continue;
            }
            const auto* shape = polygons_of(f);
            if (!shape || shape->empty()) {
                add(severity::error, "not-polygon", at(layer, f, key),
                    "a catchment needs a polygon geometry");
                continue;
            }
            if (auto [it, inserted] = seen.emplace(key, f.source_fid); !inserted) {
                add(severity::error, "duplicate-id", at(layer, f, key, spec.id),
                    fmt::format("id also used by feature {}", it->second));
                continue;
            }
            catchment c;
            c.id = catchment_id{key};
            c.name = name_i ? key_of(f, *name_i) : key;
            if (facility_i) {
                if (auto fid = key_of(f, *facility_i); !fid.empty()) {
                    c.facility = facility_id{fid};
                    if (!m_facility_ids.contains(fid)) {
                        add(severity::warning, "unmatched-key", at(layer, f, key, spec.facility),
                            fmt::format("names facility '{}', which no facility source has", fid));
                    }
                }
            }
            c.area = *shape;
            c.area_m2 = boost::geometry::area(c.area);
            c.source = source_ref{layer.source, layer.name, f.source_fid};
            m_result.model.catchments.push_back(std::move(c));
        }
    }

    void locate_facilities() {
        auto& model = m_result.model;
        std::vector<const geo::multi_polygon*> district_areas;
        for (const auto& d : model.districts) {
            district_areas.push_back(&d.area);
        }
        std::vector<const geo::multi_polygon*> catchment_areas;
        for (const auto& c : model.catchments) {
            catchment_areas.push_back(&c.area);
        }
        const geo::polygon_index districts(district_areas);
        const geo::polygon_index catchments(catchment_areas);
        const bool have_catchments = !model.catchments.empty();
        for (auto& fac : model.facilities) {
            const error_context where{
                fac.source.file, fac.source.layer, fac.source.feature, fac.id.value, {}};
            // A point on a shared border lies in both; the first (input order) takes it. One
            // inside two is in an overlap of the districts: said, since either could be meant.
            if (auto hits = districts.covering(fac.location); !hits.empty()) {
                fac.district = model.districts[hits.front()].id;
                report_inside_two(fac, hits, where);
            } else {
                add(severity::warning, "outside-districts", where,
                    fmt::format("{} '{}' at {:.1f} {:.1f} lies in no district", to_string(fac.kind),
                                fac.name, fac.location.x(), fac.location.y()));
            }
            // Einschulungsbereiche assign children to Grundschulen; other kinds have none.
            if (!have_catchments || fac.kind != facility_kind::grundschule) {
                continue;
            }
            if (auto hits = catchments.covering(fac.location); !hits.empty()) {
                auto& c = model.catchments[hits.front()];
                fac.catchment = c.id;
                c.facilities_inside.push_back(fac.id);
            } else {
                add(severity::warning, "outside-catchments", where,
                    fmt::format("Grundschule '{}' lies in no catchment", fac.name));
            }
        }
    }

    void report_inside_two(const facility& fac, const std::vector<std::size_t>& hits,
                           const error_context& where) {
        const auto& model = m_result.model;
        std::vector<std::size_t> inside;
        for (auto h : hits) {
            if (boost::geometry::within(fac.location, model.districts[h].area)) {
                inside.push_back(h);
            }
        }
        if (inside.size() > 1) {
            add(severity::warning, "facility-in-overlap", where,
                fmt::format("{} '{}' lies inside districts {} and {}, which overlap; it is counted "
                            "in {}",
                            to_string(fac.kind), fac.name, model.districts[inside[0]].id.value,
                            model.districts[inside[1]].id.value,
                            model.districts[hits.front()].id.value));
        }
    }

    // Planungsräume tile the municipality: where two overlap, the children, places and schools
    // there would count in either, and the one taken is the first in the file.
    void check_district_overlaps() {
        const auto& model = m_result.model;
        if (model.districts.size() < 2) {
            return;
        }
        std::vector<const geo::multi_polygon*> areas;
        for (const auto& d : model.districts) {
            areas.push_back(&d.area);
        }
        geo::coverage_report report;
        try {
            report = geo::check_coverage(areas, {}, district_overlap_tolerance_m2);
        } catch (const error& e) {
            add(severity::warning, "coverage-unchecked", at_layer(m_layers.districts),
                "overlaps of the districts could not be checked: " + e.message());
            return;
        }
        constexpr std::size_t shown = 10;
        for (std::size_t i = 0; i < report.overlaps.size() && i < shown; ++i) {
            const auto& o = report.overlaps[i];
            const auto& a = model.districts[o.first];
            const auto& b = model.districts[o.second];
            add(severity::warning, "district-overlap",
                error_context{m_layers.districts.source,
                              m_layers.districts.name,
                              std::nullopt,
                              a.id.value,
                              {}},
                fmt::format("districts {} '{}' and {} '{}' overlap by {:.2f} ha around {:.0f} "
                            "{:.0f}: what lies there is counted in {} only",
                            a.id.value, a.name, b.id.value, b.name, o.area / 1e4, o.where.x(),
                            o.where.y(), a.id.value));
        }
        if (report.overlaps.size() > shown) {
            add(severity::warning, "district-overlap", at_layer(m_layers.districts),
                fmt::format("{} more overlapping pairs of districts",
                            report.overlaps.size() - shown));
        }
    }

    // Einschulungsbereiche should tile the municipality: a child living in two has two schools,
    // one living in none has none. Slivers under the tolerance come from layers digitised
    // independently and are ignored.
    void check_catchment_coverage() {
        auto& model = m_result.model;
        if (model.catchments.empty() || model.districts.empty() || !m_spec.catchments) {
            return;
        }
        const double tolerance = m_spec.catchments->coverage_tolerance_m2;
        std::vector<const geo::multi_polygon*> catchments;
        for (const auto& c : model.catchments) {
            catchments.push_back(&c.area);
        }
        std::vector<const geo::multi_polygon*> districts;
        for (const auto& d : model.districts) {
            districts.push_back(&d.area);
        }
        geo::coverage_report report;
        try {
            report = geo::check_coverage(catchments, districts, tolerance);
        } catch (const error& e) {
            const auto& src = model.catchments.front().source;
            add(severity::warning, "coverage-unchecked",
                error_context{src.file, src.layer, std::nullopt, {}, {}},
                "overlaps and gaps of the catchments could not be checked: " + e.message());
            return;
        }
        const geo::polygon_index district_index(districts);
        auto district_at = [&](const geo::point& p) -> std::string {
            auto hits = district_index.covering(p);
            return hits.empty() ? std::string("-")
                                : fmt::format("{} '{}'", model.districts[hits.front()].id.value,
                                              model.districts[hits.front()].name);
        };
        for (const auto& o : report.overlaps) {
            const auto& a = model.catchments[o.first];
            const auto& b = model.catchments[o.second];
            add(severity::warning, "catchment-overlap",
                error_context{a.source.file, a.source.layer, a.source.feature, a.id.value, {}},
                fmt::format("catchments '{}' and '{}' overlap by {:.2f} ha around {:.0f} {:.0f} "
                            "(district {})",
                            a.id.value, b.id.value, o.area / 1e4, o.where.x(), o.where.y(),
                            district_at(o.where)));
        }
        const auto& first = model.catchments.front().source;
        for (const auto& g : report.gaps) {
            add(severity::warning, "catchment-gap",
                error_context{first.file, first.layer, std::nullopt, {}, {}},
                fmt::format("{:.2f} ha of the districts lie in no catchment, around {:.0f} {:.0f} "
                            "(district {})",
                            g.area / 1e4, g.where.x(), g.where.y(), district_at(g.where)));
        }
    }

    std::vector<band_column> resolve_bands(const population_mapping& spec,
                                           const feature_layer& layer) {
        return band_columns(spec.bands, spec.band_pattern, layer);
    }

    struct unmatched_key {
        std::int64_t first_feature = -1;
        std::size_t rows = 0;
        double persons = 0;
    };

    void build_population(const population_mapping& spec, const feature_layer& layer) {
        const std::size_t district_i = layer.require_field(spec.district);
        const auto year_i = optional_field(layer, spec.year_field);
        if (!year_i && !spec.year) {
            throw config_error("population needs `year` or `year_field`", at_layer(layer));
        }
        const count_reader counts{layer, spec.numbers, m_result.found};
        std::vector<band_column> bands;
        std::size_t age_i = 0;
        std::size_t count_i = 0;
        if (spec.layout == table_layout::wide) {
            bands = resolve_bands(spec, layer);
        } else {
            age_i = layer.require_field(spec.age_field);
            count_i = layer.require_field(spec.count_field);
        }
        std::map<std::string, unmatched_key> unmatched;
        std::map<std::string, std::string> padded; // key as written -> district id
        std::size_t joined = 0;                    // rows joined to a district
        auto& records = m_result.model.population;
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, district_i);
            int year = spec.year.value_or(0);
            if (year_i) {
                auto y = parse_year(key_of(f, *year_i));
                if (!y) {
                    add(severity::error, "bad-year", at(layer, f, key, spec.year_field),
                        fmt::format("'{}' is no year", key_of(f, *year_i)));
                    continue;
                }
                year = *y;
            }
            std::vector<std::pair<age_band, std::optional<double>>> row;
            if (spec.layout == table_layout::wide) {
                for (const auto& b : bands) {
                    row.emplace_back(b.band, counts.read(f, layer.require_field(b.column), key));
                }
            } else {
                const std::string age_text = key_of(f, age_i);
                auto band = parse_age_band(age_text);
                if (!band) {
                    add(severity::error, "bad-age", at(layer, f, key, spec.age_field),
                        fmt::format("'{}' is no age or age band (write 3, 3-5 or 65+)", age_text));
                    continue;
                }
                row.emplace_back(*band, counts.read(f, count_i, key));
            }
            const auto district = district_key(key);
            if (district && *district != key) {
                padded.try_emplace(key, *district);
            }
            if (!district) {
                auto& u = unmatched[key];
                if (u.rows == 0) {
                    u.first_feature = f.source_fid;
                }
                ++u.rows;
                for (const auto& [band, n] : row) {
                    u.persons += n.value_or(0.0);
                }
                continue;
            }
            m_districts_with_population.insert(*district);
            ++joined;
            for (const auto& [band, n] : row) {
                if (!n) {
                    continue;
                }
                const auto unique = std::make_tuple(*district, year, band.from, band.to);
                if (!m_population_keys.insert(unique).second) {
                    add(severity::error, "duplicate-row", at(layer, f, key),
                        fmt::format("district {} already has a count for {} ages {}", *district,
                                    year, to_string(band)));
                    continue;
                }
                records.push_back(population_record{district_id{*district}, year, band, *n});
            }
        }
        report_padded_keys(layer, spec.district, padded);
        if (joined == 0 && !layer.features.empty()) {
            std::string keys;
            for (const auto& [key, u] : unmatched) {
                keys += keys.size() > 60 ? "" : (keys.empty() ? "'" : ", '") + key + "'";
            }
            add(severity::error, "no-key-matches", at_layer(layer, spec.district),
                fmt::format("none of the table's district keys ({}) is an id of the district "
                            "layer (such as '{}'): is `district:` the right column?",
                            keys,
                            m_result.model.districts.empty()
                                ? std::string()
                                : m_result.model.districts.front().id.value));
        }
        for (const auto& [key, u] : unmatched) {
            m_unmatched_population_keys.insert(key);
            add(severity::warning, "unmatched-key",
                error_context{layer.source, layer.name, u.first_feature, key, spec.district},
                fmt::format("{} row(s) for district '{}', which the district layer does not have; "
                            "{:.0f} persons not joined",
                            u.rows, key, u.persons));
        }
    }

    // A mapped field empty in most features is mapped to the wrong column, or the export lost
    // it (`name:` empty in 333 of 338 schools): the outputs would carry ids for names.
    void check_filled(const feature_layer& layer, std::optional<std::size_t> field) {
        if (!field || layer.features.size() < 4) {
            return;
        }
        const auto empty = std::count_if(layer.features.begin(), layer.features.end(),
                                         [&](const auto& f) { return key_of(f, *field).empty(); });
        if (2 * static_cast<std::size_t>(empty) > layer.features.size()) {
            add(severity::warning, "mostly-empty-field", at_layer(layer, layer.fields[*field].name),
                fmt::format("the field is empty in {} of {} features: is it the right column?",
                            empty, layer.features.size()));
        }
    }

    // The district id a table's key names: the key itself, or, for digits that match no id,
    // the one id that is the same number with its leading zeros (Excel drops them: "10001"
    // for "00010001"). None when neither exists or two ids are the same number.
    std::optional<std::string> district_key(const std::string& key) {
        if (key.empty()) {
            return std::nullopt;
        }
        if (m_district_index.contains(key)) {
            return key;
        }
        const auto digits = [](const std::string& s) {
            return !s.empty() && std::all_of(s.begin(), s.end(),
                                             [](unsigned char c) { return std::isdigit(c) != 0; });
        };
        if (!digits(key)) {
            return std::nullopt;
        }
        if (m_unpadded.empty()) {
            for (const auto& d : m_result.model.districts) {
                if (digits(d.id.value)) {
                    const auto at = d.id.value.find_first_not_of('0');
                    const std::string bare = at == std::string::npos ? "0" : d.id.value.substr(at);
                    auto [it, inserted] = m_unpadded.emplace(bare, d.id.value);
                    if (!inserted) {
                        it->second.clear(); // two ids are one number: no guess
                    }
                }
            }
        }
        const auto at = key.find_first_not_of('0');
        const auto it = m_unpadded.find(at == std::string::npos ? "0" : key.substr(at));
        if (it == m_unpadded.end() || it->second.empty()) {
            return std::nullopt;
        }
        return it->second;
    }

    void report_padded_keys(const feature_layer& layer, const std::string& field,
                            const std::map<std::string, std::string>& padded) {
        if (padded.empty()) {
            return;
        }
        const auto& [key, id] = *padded.begin();
        add(severity::warning, "zero-padded-key", at_layer(layer, field),
            fmt::format("{} district key(s) lack the leading zeros of the district ids ('{}' for "
                        "'{}'), as Excel drops them; joined by the number: store the column as "
                        "text to keep them",
                        padded.size(), key, id));
    }

    // Bands from several sources or rows (long layout) may overlap: "0-6" next to "0-3".
    void report_overlapping_bands() {
        std::map<std::pair<std::string, int>, std::vector<age_band>> bands;
        for (const auto& r : m_result.model.population) {
            bands[{r.district.value, r.year}].push_back(r.band);
        }
        for (auto& [key, list] : bands) {
            std::sort(list.begin(), list.end());
            for (std::size_t i = 1; i < list.size(); ++i) {
                if (list[i - 1].overlaps(list[i])) {
                    add(severity::error, "overlapping-bands",
                        error_context{{}, {}, std::nullopt, key.first, {}},
                        fmt::format("district {} has counts for {} ages {} and {}, which "
                                    "overlap: people would be counted twice",
                                    key.first, key.second, to_string(list[i - 1]),
                                    to_string(list[i])));
                }
            }
        }
    }

    void report_districts_without_population() {
        if (m_spec.population.empty()) {
            return;
        }
        for (const auto& d : m_result.model.districts) {
            if (!m_districts_with_population.contains(d.id.value)) {
                const auto& src = d.sources.front();
                add(severity::warning, "unmatched-key",
                    error_context{src.file, src.layer, src.feature, d.id.value, {}},
                    fmt::format("district '{}' has no population rows; its figures show as "
                                "unknown, not 0",
                                d.name));
            }
        }
    }

    void build_enrolment(const enrolment_mapping& spec, const feature_layer& layer) {
        const std::size_t facility_i = layer.require_field(spec.facility);
        const count_reader counts{layer, spec.numbers, m_result.found};
        std::map<std::string, unmatched_key> unmatched;
        auto add_record = [&](const feature& f, const std::string& key, int year, std::string grade,
                              std::optional<double> pupils) {
            if (!pupils) {
                return;
            }
            if (!m_facility_ids.contains(key)) {
                auto& u = unmatched[key];
                if (u.rows == 0) {
                    u.first_feature = f.source_fid;
                }
                ++u.rows;
                u.persons += *pupils;
                return;
            }
            if (!m_enrolment_keys.insert({key, year, grade}).second) {
                add(severity::error, "duplicate-row", at(layer, f, key),
                    fmt::format("facility {} already has pupils for {} grade {}", key, year,
                                grade));
                return;
            }
            m_result.model.enrolment.push_back(
                enrolment_record{facility_id{key}, year, std::move(grade), *pupils});
        };
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, facility_i);
            if (spec.layout == table_layout::wide) {
                for (const auto& col : spec.columns) {
                    add_record(f, key, col.school_year, col.grade,
                               counts.read(f, layer.require_field(col.column), key));
                }
                continue;
            }
            const std::size_t year_i = layer.require_field(spec.year_field);
            auto year = parse_year(key_of(f, year_i));
            if (!year) {
                add(severity::error, "bad-year", at(layer, f, key, spec.year_field),
                    fmt::format("'{}' is no school year (write 2019 or 2019/20)",
                                key_of(f, year_i)));
                continue;
            }
            const std::string grade =
                spec.grade_field.empty() ? "all" : key_of(f, layer.require_field(spec.grade_field));
            add_record(f, key, *year, grade,
                       counts.read(f, layer.require_field(spec.pupils_field), key));
        }
        for (const auto& [key, u] : unmatched) {
            m_unmatched_population_keys.insert(key);
            add(severity::warning, "unmatched-key",
                error_context{layer.source, layer.name, u.first_feature, key, spec.facility},
                fmt::format("{} enrolment figure(s) for facility '{}', which no facility source "
                            "has; {:.0f} pupils not joined",
                            u.rows, key, u.persons));
        }
    }

    // Children in Kita care, per Kita (placed in the Kita's district) or per district. A row
    // that names no known Kita or district is an error naming it: its children would otherwise
    // be missing from a Betreuungsquote without a word.
    void build_care(const care_mapping& spec, const feature_layer& layer) {
        const bool per_kita = !spec.facility.empty();
        const std::size_t place_i = layer.require_field(per_kita ? spec.facility : spec.district);
        const std::size_t year_i = layer.require_field(spec.year_field);
        const std::size_t age_i = layer.require_field(spec.age_field);
        const std::size_t children_i = layer.require_field(spec.children_field);
        const count_reader counts{layer, spec.numbers, m_result.found};
        std::unordered_map<std::string, std::size_t> kitas;
        for (std::size_t i = 0; i < m_result.model.facilities.size(); ++i) {
            if (m_result.model.facilities[i].kind == facility_kind::kita) {
                kitas.emplace(m_result.model.facilities[i].id.value, i);
            }
        }
        std::set<std::tuple<std::string, int, int, int>> seen;
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, place_i);
            const auto year = parse_year(key_of(f, year_i));
            if (!year) {
                add(severity::error, "bad-year", at(layer, f, key, spec.year_field),
                    fmt::format("'{}' is no year", key_of(f, year_i)));
                continue;
            }
            const auto band = parse_age_band(key_of(f, age_i));
            if (!band) {
                add(severity::error, "bad-age", at(layer, f, key, spec.age_field),
                    fmt::format("'{}' is no age or age band (write 2, 0-3 or 3-6)",
                                key_of(f, age_i)));
                continue;
            }
            const auto children = counts.read(f, children_i, key);
            if (!children) {
                continue;
            }
            care_record r{district_id{}, std::nullopt, *year, *band, *children};
            if (per_kita) {
                const auto it = kitas.find(key);
                if (it == kitas.end()) {
                    add(severity::error, "unmatched-key", at(layer, f, key, spec.facility),
                        fmt::format("Kita '{}' is in no facility source of kind kita; its {:.0f} "
                                    "children in care would be lost",
                                    key, *children));
                    continue;
                }
                const auto& kita = m_result.model.facilities[it->second];
                if (!kita.district) {
                    add(severity::error, "outside", at(layer, f, key, spec.facility),
                        fmt::format("Kita '{}' lies in no district; its children in care "
                                    "cannot be counted in one",
                                    key));
                    continue;
                }
                r.district = *kita.district;
                r.facility = kita.id;
            } else {
                const auto district = district_key(key);
                if (!district) {
                    add(severity::error, "unmatched-key", at(layer, f, key, spec.district),
                        fmt::format("district '{}' is not among the districts; its {:.0f} "
                                    "children in care would be lost",
                                    key, *children));
                    continue;
                }
                r.district = district_id{*district};
            }
            if (!seen.insert({key, *year, band->from, band->to}).second) {
                add(severity::error, "duplicate-row", at(layer, f, key),
                    fmt::format("'{}' already has children in care for {} aged {}", key, *year,
                                to_string(*band)));
                continue;
            }
            m_result.model.care.push_back(std::move(r));
        }
    }

    // Ganztag participants (and places) per Grundschule and school year. A row naming no
    // Grundschule is an error: its pupils would be missing from the Ganztag quote unnoticed.
    void build_ganztag(const ganztag_mapping& spec, const feature_layer& layer) {
        const std::size_t school_i = layer.require_field(spec.facility);
        const std::size_t year_i = layer.require_field(spec.year_field);
        const std::size_t participants_i = layer.require_field(spec.participants_field);
        const std::optional<std::size_t> places_i =
            spec.places_field.empty() ? std::nullopt
                                      : std::optional(layer.require_field(spec.places_field));
        const count_reader counts{layer, spec.numbers, m_result.found};
        const auto schools = grundschulen();
        std::set<std::pair<std::string, int>> seen;
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, school_i);
            const auto year = parse_year(key_of(f, year_i));
            if (!year) {
                add(severity::error, "bad-year", at(layer, f, key, spec.year_field),
                    fmt::format("'{}' is no school year (write 2026 or 2026/27)",
                                key_of(f, year_i)));
                continue;
            }
            if (!schools.contains(key)) {
                add(severity::error, "unmatched-key", at(layer, f, key, spec.facility),
                    fmt::format("'{}' is no Grundschule of the facility sources; its Ganztag "
                                "pupils would be lost",
                                key));
                continue;
            }
            const auto participants = counts.read(f, participants_i, key);
            if (!participants) {
                continue;
            }
            // A row without places keeps its participants; its places are unknown, not 0.
            const auto places = places_i ? counts.read(f, *places_i, key) : std::nullopt;
            if (!seen.insert({key, *year}).second) {
                add(severity::error, "duplicate-row", at(layer, f, key),
                    fmt::format("Grundschule '{}' already has Ganztag figures for {}", key,
                                school_year_label(*year)));
                continue;
            }
            m_result.model.ganztag.push_back({facility_id{key}, *year, *participants, places});
        }
    }

    // Transitions per Grundschule, school year and form, long or wide; rows (or columns) that
    // are one of our forms together (Hauptschule and Förderschule: sonstige) are summed. A
    // form the table writes in a way we do not know is an error naming the value: guessing
    // would move pupils between Übergangsquoten unnoticed.
    void build_transitions(const transition_mapping& spec, const feature_layer& layer,
                           std::size_t source_i) {
        const std::size_t school_i = layer.require_field(spec.facility);
        const std::size_t year_i = layer.require_field(spec.year_field);
        struct cell {
            school_form form;
            std::size_t field;
            std::string label; // the column, or the form as the row writes it
        };
        std::vector<cell> wide;
        for (const auto& [form, column] : spec.columns) {
            wide.push_back({form, layer.require_field(column), column});
        }
        const std::optional<std::size_t> form_i =
            wide.empty() ? std::optional(layer.require_field(spec.form_field)) : std::nullopt;
        const std::optional<std::size_t> pupils_i =
            wide.empty() ? std::optional(layer.require_field(spec.pupils_field)) : std::nullopt;
        const count_reader counts{layer, spec.numbers, m_result.found};
        const auto schools = grundschulen();
        std::set<std::tuple<std::string, int, std::string>> seen;
        std::map<std::tuple<std::string, int, school_form>, std::size_t> row_of;
        for (const auto& f : layer.features) {
            const std::string key = key_of(f, school_i);
            const auto year = parse_year(key_of(f, year_i));
            if (!year) {
                add(severity::error, "bad-year", at(layer, f, key, spec.year_field),
                    fmt::format("'{}' is no school year (write 2024 or 2024/25: the year the "
                                "pupils start at the secondary school)",
                                key_of(f, year_i)));
                continue;
            }
            if (!schools.contains(key)) {
                add(severity::error, "unmatched-key", at(layer, f, key, spec.facility),
                    fmt::format("'{}' is no Grundschule of the facility sources; its "
                                "transitions would be lost",
                                key));
                continue;
            }
            auto cells = wide;
            if (form_i) {
                const std::string text = key_of(f, *form_i);
                const auto form = form_of(spec, text);
                if (!form) {
                    add(severity::error, "unknown-form", at(layer, f, key, spec.form_field),
                        fmt::format("'{}' is no school form standort knows (gymnasium, "
                                    "gesamtschule, realschule, sonstige, or as the statistics "
                                    "write them: Integrierte Sekundarschule, Hauptschule, ...); "
                                    "map it in the project file with `form_values`",
                                    text));
                    continue;
                }
                cells = {{*form, *pupils_i, text}};
            }
            for (const auto& c : cells) {
                // An empty cell is unknown (counts.read says so), and so is every total of
                // the school's year with it: 0 would raise the other forms' quotas.
                const auto pupils = counts.read(f, c.field, key);
                if (!seen.insert({key, *year, school_form_key(c.label)}).second) {
                    add(severity::error, "duplicate-row", at(layer, f, key),
                        fmt::format("Grundschule '{}' already has transitions to '{}' for {}", key,
                                    c.label, school_year_label(*year)));
                    continue;
                }
                // Within a table, forms that are one of ours are summed; a second table with
                // the same school, year and form holds the same pupils again.
                const auto [from, first] =
                    m_transition_source.try_emplace({key, *year, c.form}, source_i);
                if (!first && from->second != source_i) {
                    const auto& other = m_layers.transitions[from->second];
                    add(severity::error, "duplicate-row", at(layer, f, key),
                        fmt::format("Grundschule '{}' already has transitions to {} for {} in "
                                    "{}; they would be counted twice",
                                    key, to_string(c.form), school_year_label(*year),
                                    other.source));
                    continue;
                }
                auto& all = m_result.model.transitions;
                const auto [it, fresh] = row_of.try_emplace({key, *year, c.form}, all.size());
                if (fresh) {
                    all.push_back({facility_id{key}, *year, c.form, 0.0});
                }
                auto& sum = all[it->second].pupils;
                sum = sum && pupils ? std::optional(*sum + *pupils) : std::nullopt;
            }
        }
    }

    static std::optional<school_form> form_of(const transition_mapping& spec,
                                              const std::string& text) {
        for (const auto& [name, form] : spec.form_values) {
            if (name == text) {
                return form;
            }
        }
        return parse_school_form(text);
    }

    std::unordered_set<std::string> grundschulen() const {
        std::unordered_set<std::string> out;
        for (const auto& fac : m_result.model.facilities) {
            if (fac.kind == facility_kind::grundschule) {
                out.insert(fac.id.value);
            }
        }
        return out;
    }

    void build_grid(const grid_mapping& spec, const feature_layer& layer) {
        grid_builder cells(spec, layer, m_result.model);
        for (const auto& f : layer.features) {
            cells.add(f);
        }
        for (auto& f : cells.finish()) {
            m_result.found.push_back(std::move(f));
        }
    }

    const model_spec& m_spec;
    const model_layers& m_layers;
    build_result m_result;
    std::unordered_map<std::string, std::size_t> m_district_index;
    std::unordered_map<std::string, std::size_t> m_facility_index; // kind + "\n" + id
    std::set<std::string> m_facility_ids;
    std::set<std::string> m_districts_with_population;
    std::set<std::string> m_unmatched_population_keys;
    std::unordered_map<std::string, std::string> m_unpadded; // id without leading zeros -> id
    struct far_duplicate {
        std::string key;
        std::string name;
        std::int64_t first = -1;
        std::int64_t second = -1;
        geo::multi_polygon shape;
        double gap = 0;
        std::string source;
        std::string layer;
    };
    std::vector<far_duplicate> m_far_duplicates;
    std::set<std::tuple<std::string, int, int, int>> m_population_keys;
    // Which transitions table gave a Grundschule's pupils to a form in a school year.
    std::map<std::tuple<std::string, int, school_form>, std::size_t> m_transition_source;
    std::set<std::tuple<std::string, int, std::string>> m_enrolment_keys;
};

} // namespace

// Grid cells to districts by location (R-tree, then exact point in polygon), one at a time as
// they stream by; at the end the grid's persons per district against the district table of
// the same year: two sources of the same people must agree.
struct grid_builder::state {
    grid_mapping spec;
    feature_layer layer; // the schema only: names the source in findings
    planning_model& model;
    findings found;
    std::size_t id_i;
    std::optional<std::size_t> persons_i;
    std::vector<std::size_t> band_i;
    count_reader counts{layer, spec.numbers, found, {}, true};
    geo::polygon_index districts_at;
    std::size_t outside = 0;
    std::string outside_examples;

    state(const grid_mapping& mapping, const feature_layer& header, planning_model& m)
        : spec(mapping), layer(schema_of(header)), model(m), id_i(layer.require_field(spec.id)),
          persons_i(optional_field(layer, spec.persons)), districts_at(district_areas(m)) {
        auto& grid = model.grid;
        grid = population_grid{};
        for (const auto& b : band_columns(spec.bands, spec.band_pattern, layer)) {
            grid.bands.push_back(b.band);
            band_i.push_back(layer.require_field(b.column));
        }
        grid.year = spec.year;
    }

    static feature_layer schema_of(const feature_layer& header) {
        feature_layer out;
        out.name = header.name;
        out.source = header.source;
        out.crs = header.crs;
        out.crs_origin = header.crs_origin;
        out.fields = header.fields;
        return out;
    }

    static std::vector<const geo::multi_polygon*> district_areas(const planning_model& m) {
        std::vector<const geo::multi_polygon*> areas;
        for (const auto& d : m.districts) {
            areas.push_back(&d.area);
        }
        return areas;
    }

    void add(severity level, std::string code, error_context where, std::string message) {
        found.push_back(finding{level, std::move(code), std::move(where), std::move(message)});
    }

    void cell(const feature& f) {
        auto& grid = model.grid;
        const auto* p = std::get_if<geo::point>(&f.shape);
        if (!p) {
            add(severity::error, "missing-geometry", at(layer, f, key_of(f, id_i)),
                "a grid cell needs a point (its centre)");
            return;
        }
        const std::string key = key_of(f, id_i);
        grid.ids.push_back(key);
        grid.locations.push_back(*p);
        const auto hits = districts_at.covering(*p);
        grid.district.push_back(hits.empty() ? -1 : static_cast<std::int32_t>(hits.front()));
        if (hits.empty() && ++outside <= 5) {
            outside_examples += (outside_examples.empty() ? "" : ", ") + key;
        }
        double total = 0;
        for (std::size_t b = 0; b < band_i.size(); ++b) {
            const double v = counts.read(f, band_i[b], key).value_or(0.0);
            grid.counts.push_back(static_cast<float>(v));
            total += v;
        }
        grid.persons.push_back(static_cast<float>(
            persons_i ? counts.read(f, *persons_i, key).value_or(total) : total));
    }

    findings finish() {
        counts.report_notation();
        if (outside > 0) {
            add(severity::warning, "outside-districts", at_layer(layer),
                fmt::format("{} grid cell(s) lie in no district (e.g. {}); their people are in "
                            "no district's figures",
                            outside, outside_examples));
        }
        auto& grid = model.grid;
        grid.ids.shrink_to_fit();
        grid.locations.shrink_to_fit();
        grid.district.shrink_to_fit();
        grid.persons.shrink_to_fit();
        grid.counts.shrink_to_fit();
        decide_cell_areas();
        check_grid_against_districts();
        return std::move(found);
    }

    // What a grid point stands for. Squares of a fixed 100 m drawn around points that are no
    // 100 m grid overlap or leave holes: self-intersecting gap areas, areas overstated. So the
    // size comes from the project file or from the points' spacing, and points that are no grid
    // at all (address points) get their Voronoi cells, within their district and a few
    // neighbour distances of the point.
    void decide_cell_areas() {
        auto& grid = model.grid;
        const auto spacing = geo::grid_spacing(grid.locations);
        if (spec.cell_size_m) {
            grid.cell_size_m = *spec.cell_size_m;
            grid.cell_size_origin = "declared";
            if (!spacing || std::abs(*spacing - grid.cell_size_m) > 0.05 * grid.cell_size_m) {
                add(severity::warning, "cell-size-mismatch", at_layer(layer),
                    spacing ? fmt::format("`cell_size: {:g}` is declared, but the points lie "
                                          "{:.1f} m apart: areas are drawn with the declared size",
                                          grid.cell_size_m, *spacing)
                            : fmt::format("`cell_size: {:g}` is declared, but the points are no "
                                          "regular grid: their squares overlap, and each area is "
                                          "their union; leave `cell_size` out to draw Voronoi "
                                          "cells",
                                          grid.cell_size_m));
                // Squares overlap when their centres are closer than a diagonal: such cells
                // must fall into one area, or two areas would overlap.
                grid.neighbour_reach_m = 1.42 * grid.cell_size_m;
                return;
            }
        } else if (spacing) {
            // A grid reprojected into the working CRS keeps its spacing within a few 0.1 %.
            const double whole = std::round(*spacing);
            grid.cell_size_m = std::abs(whole - *spacing) < 0.01 * *spacing ? whole : *spacing;
            grid.cell_size_origin = "detected";
        } else if (grid.size() >= 2) {
            const double median = geo::median_neighbour_distance(grid.locations);
            const double radius = std::max(50.0, 3 * median);
            std::vector<const geo::multi_polygon*> within;
            within.reserve(grid.size());
            for (auto d : grid.district) {
                within.push_back(d >= 0 ? &model.districts[static_cast<std::size_t>(d)].area
                                        : nullptr);
            }
            grid.areas = geo::voronoi_areas(grid.locations, within, radius);
            grid.cell_size_origin = "irregular";
            grid.neighbour_reach_m = 2 * radius;
            add(severity::info, "grid-irregular", at_layer(layer),
                fmt::format("the points are no regular grid (median distance to the nearest one "
                            "{:.0f} m): each stands for its Voronoi cell, inside its district and "
                            "within {:.0f} m of it; set `cell_size:` if they are a grid",
                            median, radius));
            return;
        }
        grid.neighbour_reach_m = 1.05 * grid.cell_size_m;
    }

    void check_grid_against_districts() {
        const auto& grid = model.grid;
        if (!grid.year || model.population.empty()) {
            return;
        }
        std::vector<double> sums(model.districts.size(), 0.0);
        for (std::size_t c = 0; c < grid.size(); ++c) {
            if (grid.district[c] >= 0) {
                sums[static_cast<std::size_t>(grid.district[c])] += grid.persons[c];
            }
        }
        const population_index index(model.population);
        std::size_t reported = 0;
        std::size_t differing = 0;
        for (std::size_t d = 0; d < sums.size(); ++d) {
            const auto& district = model.districts[d];
            const auto table = index.total(district.id, *grid.year);
            if (!table) {
                continue;
            }
            // Rounding and secrecy (Zensus cells with 1-2 persons are blurred) make small
            // differences normal: 1 % or 3 persons, whichever is more.
            if (std::abs(sums[d] - *table) > std::max(3.0, 0.01 * *table)) {
                ++differing;
                if (++reported <= 20) {
                    add(severity::warning, "grid-mismatch",
                        error_context{
                            layer.source, layer.name, std::nullopt, district.id.value, {}},
                        fmt::format("the grid puts {:.0f} persons in district {} '{}', the "
                                    "population table {:.0f} for {}{}",
                                    sums[d], district.id.value, district.name, *table, *grid.year,
                                    near_thousandfold(sums[d], *table)
                                        ? ": a factor near 1,000, as German thousands read as "
                                          "decimals give (see `number_format`)"
                                        : ""));
                }
            }
        }
        if (differing > reported) {
            add(severity::warning, "grid-mismatch", at_layer(layer),
                fmt::format("{} more district(s) where grid and table differ",
                            differing - reported));
        }
    }
};

build_result build_model(const model_spec& spec, const model_layers& layers) {
    return model_builder(spec, layers).run();
}

grid_builder::grid_builder(const grid_mapping& spec, const geo::feature_layer& header,
                           planning_model& model)
    : m(std::make_unique<state>(spec, header, model)) {}

grid_builder::~grid_builder() = default;

void grid_builder::add(const geo::feature& cell) {
    m->cell(cell);
}

findings grid_builder::finish() {
    return m->finish();
}

} // namespace standort::planning
