#include "services/load/project_file.hpp"

#include "geo/error.hpp"
#include "geo/text_encoding.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace standort::services {

namespace fs = std::filesystem;

namespace {

// Reads one YAML mapping, remembering which keys were used so the rest can be reported.
class section {
public:
    section(const YAML::Node& node, std::string where, const fs::path& file)
        : m_node(node), m_where(std::move(where)), m_file(file) {
        if (!node.IsMap()) {
            fail(node, "must be a mapping of keys to values");
        }
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        const auto mark = node.Mark();
        throw config_error(
            fmt::format("{} (line {}): {}", m_where, mark.line >= 0 ? mark.line + 1 : 0, message),
            error_context{m_file.string(), {}, std::nullopt, {}, {}});
    }

    bool has(const std::string& key) {
        m_used.insert(key);
        return m_node[key].IsDefined() && !m_node[key].IsNull();
    }

    YAML::Node node(const std::string& key) {
        m_used.insert(key);
        return m_node[key];
    }

    std::string text(const std::string& key, const std::string& fallback = {}) {
        if (!has(key)) {
            return fallback;
        }
        const YAML::Node n = m_node[key];
        if (!n.IsScalar()) {
            fail(n, fmt::format("`{}` must be a single value", key));
        }
        return n.as<std::string>();
    }

    std::string required(const std::string& key) {
        if (!has(key)) {
            fail(m_node, fmt::format("`{}` is required", key));
        }
        return text(key);
    }

    template <class T> std::optional<T> number(const std::string& key) {
        if (!has(key)) {
            return std::nullopt;
        }
        try {
            return m_node[key].as<T>();
        } catch (const YAML::Exception&) {
            fail(m_node[key], fmt::format("`{}` must be a number", key));
        }
    }

    // A field name, or a number meaning the same value for every feature.
    planning::field_or_number field_or_number(const std::string& key) {
        planning::field_or_number out;
        if (!has(key)) {
            return out;
        }
        const YAML::Node n = m_node[key];
        if (!n.IsScalar()) {
            fail(n, fmt::format("`{}` must be a field name or a number", key));
        }
        double v = 0;
        if (YAML::convert<double>::decode(n, v) && n.Tag() != "!") {
            // Counts, capacities and sizes: none reaches 100 million (Germany has 84 million
            // people), so a larger one is a typo that would become nonsense downstream.
            if (!std::isfinite(v) || v < 0 || v > 1e8) {
                fail(n, fmt::format("`{}: {}` must be a number from 0 to 100 million", key,
                                    n.as<std::string>()));
            }
            out.number = v;
        } else {
            out.field = n.as<std::string>();
        }
        return out;
    }

    // Call last: any key not read is a typo or a feature that does not exist.
    void finish() const {
        for (const auto& kv : m_node) {
            const auto key = kv.first.as<std::string>();
            if (!m_used.contains(key)) {
                std::string known;
                for (const auto& k : m_used) {
                    known += known.empty() ? k : ", " + k;
                }
                fail(kv.first, fmt::format("unknown key `{}`; known here: {}", key, known));
            }
        }
    }

    const fs::path& file() const { return m_file; }
    const std::string& where() const { return m_where; }

private:
    YAML::Node m_node;
    std::string m_where;
    fs::path m_file;
    std::set<std::string> m_used;
};

std::string resolve_path(const std::string& source, const fs::path& base) {
    // Connection strings ("PG:dbname=...") and GDAL virtual paths are used as given.
    if (source.rfind("/vsi", 0) == 0 || source.find(':') != std::string::npos ||
        fs::path(source).is_absolute()) {
        return source;
    }
    return (base / source).lexically_normal().string();
}

geo::number_format number_format_of(section& s, const std::string& key) {
    if (!s.has(key)) {
        return geo::number_format::unstated;
    }
    const std::string name = s.text(key);
    auto format = geo::parse_number_format(name);
    if (!format) {
        s.fail(s.node(key), fmt::format("`{}: {}` is unknown; use plain or german", key, name));
    }
    return *format;
}

source_spec read_source(section& s, const fs::path& base) {
    source_spec out;
    out.role = s.where();
    out.read.source = resolve_path(s.required("source"), base);
    out.read.layer = s.text("layer");
    out.read.crs_override = s.text("crs");
    out.read.x_field = s.text("x");
    out.read.y_field = s.text("y");
    out.read.wkt_field = s.text("wkt");
    out.read.coordinate_format = number_format_of(s, "coordinate_format");
    out.read.skip_rows = s.number<std::size_t>("skip_rows").value_or(0);
    if (s.has("encoding")) {
        const auto name = geo::encoding_name(s.text("encoding"));
        if (!name) {
            s.fail(s.node("encoding"), fmt::format("unknown encoding `{}`; use utf-8, "
                                                   "windows-1252, latin-1 or latin-9",
                                                   s.text("encoding")));
        }
        out.read.encoding = *name;
    }
    if (s.has("exclude")) {
        const YAML::Node exclude = s.node("exclude");
        if (!exclude.IsMap()) {
            s.fail(exclude, "`exclude` maps a field to the values whose rows are left out");
        }
        for (const auto& kv : exclude) {
            auto& values = out.read.exclude[kv.first.as<std::string>()];
            if (kv.second.IsSequence()) {
                for (const auto& v : kv.second) {
                    values.push_back(v.as<std::string>());
                }
            } else {
                values.push_back(kv.second.as<std::string>());
            }
        }
    }
    return out;
}

// One entry or a list of entries under `key`.
std::vector<YAML::Node> entries(const YAML::Node& node) {
    std::vector<YAML::Node> out;
    if (!node.IsDefined() || node.IsNull()) {
        return out;
    }
    if (node.IsSequence()) {
        for (const auto& n : node) {
            out.push_back(n);
        }
    } else {
        out.push_back(node);
    }
    return out;
}

planning::facility_kind kind_of(section& s, const YAML::Node& n, const std::string& name) {
    auto kind = planning::parse_facility_kind(name);
    if (!kind) {
        s.fail(n, fmt::format("unknown facility kind `{}`; use kita, grundschule, sek1, sek2, "
                              "foerderschule, berufsschule, candidate or other",
                              name));
    }
    return *kind;
}

void read_districts(project_file& p, const YAML::Node& node, const fs::path& base) {
    section s(node, "districts", p.path);
    p.districts = read_source(s, base);
    auto& m = p.spec.districts;
    m.id = s.required("id");
    m.name = s.text("name");
    m.parent = s.text("parent");
    m.parent_prefix = s.number<std::size_t>("parent_prefix").value_or(0);
    for (const auto& c : entries(s.node("corrections"))) {
        section cs(c, "districts.corrections", p.path);
        const auto fid = cs.number<std::int64_t>("feature");
        const auto id = cs.required("id");
        if (!fid) {
            cs.fail(c, "a correction names the `feature` (its id as the findings give it) and "
                       "the `id` it should have");
        }
        m.corrections.emplace_back(*fid, id);
        cs.finish();
    }
    for (const auto& level : entries(s.node("levels"))) {
        section l(level, "districts.levels", p.path);
        planning::district_level d{l.required("name"), l.text("field"),
                                   l.number<std::size_t>("prefix").value_or(0)};
        if (d.field.empty() == (d.prefix == 0)) {
            l.fail(level, "a level names its key's `field` or the `prefix` of the id that is its "
                          "key (`prefix: 2`), one of the two");
        }
        m.levels.push_back(std::move(d));
        l.finish();
    }
    s.finish();
}

void read_facility(project_file& p, const YAML::Node& node, std::size_t index,
                   const fs::path& base) {
    section s(node, fmt::format("facilities[{}]", index), p.path);
    p.facilities.push_back(read_source(s, base));
    planning::facility_mapping m;
    if (s.has("kind")) {
        m.kind = kind_of(s, s.node("kind"), s.text("kind"));
    }
    m.kind_field = s.text("kind_field");
    if (s.has("kinds")) {
        const YAML::Node kinds = s.node("kinds");
        if (!kinds.IsMap()) {
            s.fail(kinds, "`kinds` maps values of kind_field to kinds");
        }
        for (const auto& kv : kinds) {
            m.kinds[kv.first.as<std::string>()] =
                kind_of(s, kv.second, kv.second.as<std::string>());
        }
    }
    if (m.kind.has_value() == !m.kind_field.empty()) {
        s.fail(node, "give either `kind` or `kind_field` with `kinds`");
    }
    if (!m.kind_field.empty() && m.kinds.empty()) {
        s.fail(node, "`kind_field` needs `kinds`: which value means which facility kind");
    }
    m.school_type = s.text("school_type");
    m.id = s.required("id");
    m.name = s.text("name");
    m.numbers = number_format_of(s, "number_format");
    if (s.has("competitor")) {
        const auto text = s.text("competitor");
        if (text != "true" && text != "false") {
            s.fail(s.node("competitor"), fmt::format("`competitor: {}` is true or false", text));
        }
        m.competitor = text == "true";
    }
    if (s.has("capacity")) {
        section c(s.node("capacity"), s.where() + ".capacity", p.path);
        m.capacity.places = c.field_or_number("places");
        m.capacity.places_u3 = c.field_or_number("places_u3");
        m.capacity.places_ue3 = c.field_or_number("places_ue3");
        m.capacity.seats = c.field_or_number("seats");
        m.capacity.zuege = c.field_or_number("zuege");
        m.capacity.class_size = c.field_or_number("class_size");
        m.capacity.grades = c.field_or_number("grades");
        c.finish();
    }
    s.finish();
    p.spec.facilities.push_back(std::move(m));
}

void read_catchments(project_file& p, const YAML::Node& node, const fs::path& base) {
    section s(node, "catchments", p.path);
    p.catchments = read_source(s, base);
    planning::catchment_mapping m;
    m.id = s.required("id");
    m.name = s.text("name");
    m.facility = s.text("facility");
    m.coverage_tolerance_m2 = s.number<double>("coverage_tolerance_m2").value_or(10'000.0);
    s.finish();
    p.spec.catchments = m;
}

planning::table_layout layout_of(section& s, planning::table_layout fallback) {
    if (!s.has("layout")) {
        return fallback;
    }
    const std::string name = s.text("layout");
    if (name == "wide") {
        return planning::table_layout::wide;
    }
    if (name == "long") {
        return planning::table_layout::long_;
    }
    s.fail(s.node("layout"), fmt::format("`layout: {}` is unknown; use wide or long", name));
}

// `bands:` maps column names to age bands ("0-1", "6", "65+").
std::vector<planning::band_column> read_bands(section& s) {
    std::vector<planning::band_column> out;
    if (!s.has("bands")) {
        return out;
    }
    const YAML::Node bands = s.node("bands");
    if (!bands.IsMap()) {
        s.fail(bands, "`bands` maps column names to ages such as \"0-1\" or \"65+\"");
    }
    for (const auto& kv : bands) {
        const auto text = kv.second.as<std::string>();
        auto band = planning::parse_age_band(text);
        if (!band) {
            s.fail(kv.second, fmt::format("`{}` is no age band; write 3, 3-5 or 65+", text));
        }
        out.push_back(planning::band_column{kv.first.as<std::string>(), *band});
    }
    return out;
}

void read_population(project_file& p, const YAML::Node& node, std::size_t index,
                     const fs::path& base) {
    section s(node, fmt::format("population[{}]", index), p.path);
    p.population.push_back(read_source(s, base));
    planning::population_mapping m;
    m.district = s.required("district");
    m.year = s.number<int>("year");
    m.year_field = s.text("year_field");
    if (!m.year && m.year_field.empty()) {
        s.fail(node, "give `year` (one year for the whole table) or `year_field`");
    }
    m.layout = layout_of(s, planning::table_layout::wide);
    m.numbers = number_format_of(s, "number_format");
    if (m.layout == planning::table_layout::wide) {
        m.band_pattern = s.text("band_pattern");
        m.bands = read_bands(s);
        if (m.bands.empty() && m.band_pattern.empty()) {
            s.fail(node, "a wide table needs `bands` or `band_pattern`");
        }
    } else {
        m.age_field = s.required("age");
        m.count_field = s.required("count");
    }
    s.finish();
    p.spec.population.push_back(std::move(m));
}

void read_enrolment(project_file& p, const YAML::Node& node, std::size_t index,
                    const fs::path& base) {
    section s(node, fmt::format("enrolment[{}]", index), p.path);
    p.enrolment.push_back(read_source(s, base));
    planning::enrolment_mapping m;
    m.facility = s.required("facility");
    m.layout = layout_of(s, planning::table_layout::long_);
    m.numbers = number_format_of(s, "number_format");
    if (m.layout == planning::table_layout::wide) {
        const YAML::Node columns = s.node("columns");
        if (!columns.IsMap()) {
            s.fail(node, "a wide enrolment table needs `columns`: column name to school year "
                         "(2019) or to {year: 2019, grade: 1}");
        }
        for (const auto& kv : columns) {
            planning::enrolment_column c;
            c.column = kv.first.as<std::string>();
            if (kv.second.IsMap()) {
                section cs(kv.second, s.where() + ".columns." + c.column, p.path);
                c.school_year = cs.number<int>("year").value_or(0);
                c.grade = cs.text("grade", "all");
                cs.finish();
            } else {
                c.school_year = kv.second.as<int>();
            }
            if (c.school_year < 1900) {
                s.fail(kv.second,
                       fmt::format("column `{}` needs a school year such as 2019", c.column));
            }
            m.columns.push_back(c);
        }
    } else {
        m.year_field = s.required("year");
        m.grade_field = s.text("grade");
        m.pupils_field = s.required("pupils");
    }
    s.finish();
    p.spec.enrolment.push_back(std::move(m));
}

void read_care(project_file& p, const YAML::Node& node, std::size_t index, const fs::path& base) {
    section s(node, fmt::format("kita_care[{}]", index), p.path);
    p.care.push_back(read_source(s, base));
    planning::care_mapping m;
    m.facility = s.text("facility");
    m.district = s.text("district");
    if (m.facility.empty() == m.district.empty()) {
        s.fail(node, "kita_care names the place of each row by `facility` (the Kita's id) or by "
                     "`district`, one of the two");
    }
    m.year_field = s.required("year");
    m.age_field = s.required("age");
    m.children_field = s.required("children");
    m.numbers = number_format_of(s, "number_format");
    s.finish();
    p.spec.care.push_back(std::move(m));
}

void read_ganztag(project_file& p, const YAML::Node& node, std::size_t index,
                  const fs::path& base) {
    section s(node, fmt::format("ganztag[{}]", index), p.path);
    p.ganztag.push_back(read_source(s, base));
    planning::ganztag_mapping m;
    m.facility = s.required("facility");
    m.year_field = s.required("year");
    m.participants_field = s.required("participants");
    m.places_field = s.text("places");
    m.numbers = number_format_of(s, "number_format");
    s.finish();
    p.spec.ganztag.push_back(std::move(m));
}

planning::school_form form_named(section& s, const YAML::Node& n, const std::string& name) {
    const auto form = planning::parse_school_form(name);
    if (!form || name != planning::to_string(*form)) {
        s.fail(n, fmt::format("unknown school form `{}`; use gymnasium, gesamtschule, realschule "
                              "or sonstige",
                              name));
    }
    return *form;
}

// Long (`form` and `pupils` per row) or wide (`columns`: form -> column); `form_values` maps
// the source's names of forms the Länder use differently ("Oberschule": gesamtschule).
void read_transitions(project_file& p, const YAML::Node& node, std::size_t index,
                      const fs::path& base) {
    section s(node, fmt::format("transitions[{}]", index), p.path);
    p.transitions.push_back(read_source(s, base));
    planning::transition_mapping m;
    m.facility = s.required("facility");
    m.year_field = s.required("year");
    m.numbers = number_format_of(s, "number_format");
    if (const auto layout = layout_of(s, planning::table_layout::long_);
        layout == planning::table_layout::wide) {
        const YAML::Node columns = s.node("columns");
        if (!columns.IsMap() || columns.size() == 0) {
            s.fail(node, "a wide transitions table needs `columns`: school form (gymnasium, "
                         "gesamtschule, realschule, sonstige) to a column name or a list of them");
        }
        for (const auto& kv : columns) {
            const auto form = form_named(s, kv.first, kv.first.as<std::string>());
            for (const auto& column : entries(kv.second)) {
                m.columns.emplace_back(form, column.as<std::string>());
            }
        }
    } else {
        m.form_field = s.required("form");
        m.pupils_field = s.required("pupils");
    }
    if (s.has("form_values")) {
        const YAML::Node values = s.node("form_values");
        if (!values.IsMap()) {
            s.fail(values, "`form_values` maps the table's names to school forms, such as "
                           "{Oberschule: gesamtschule}");
        }
        for (const auto& kv : values) {
            m.form_values.emplace_back(kv.first.as<std::string>(),
                                       form_named(s, kv.second, kv.second.as<std::string>()));
        }
    }
    s.finish();
    p.spec.transitions.push_back(std::move(m));
}

void read_grid(project_file& p, const YAML::Node& node, const fs::path& base) {
    section s(node, "grid", p.path);
    p.grid = read_source(s, base);
    planning::grid_mapping m;
    m.id = s.required("id");
    m.persons = s.text("persons");
    m.year = s.number<int>("year");
    m.numbers = number_format_of(s, "number_format");
    m.band_pattern = s.text("band_pattern");
    m.bands = read_bands(s);
    if (s.has("cell_size")) {
        const auto size = planning::parse_travel_cost(s.text("cell_size"));
        if (!size || size->metric != planning::cost_metric::distance_m || size->value > 10'000) {
            s.fail(s.node("cell_size"), "`cell_size` is the grid's spacing: 100, 250 m, 1 km");
        }
        m.cell_size_m = size->value;
    }
    if (m.persons.empty() && m.bands.empty() && m.band_pattern.empty()) {
        s.fail(node, "a grid needs `persons` and/or age columns (`bands` or `band_pattern`)");
    }
    s.finish();
    p.spec.grid = std::move(m);
}

// An age band under `key` ("6-10"), or nullopt when the key is absent.
std::optional<planning::age_band> age_band_of(section& s, const std::string& key) {
    if (!s.has(key)) {
        return std::nullopt;
    }
    const auto text = s.text(key);
    auto band = planning::parse_age_band(text);
    if (!band) {
        s.fail(s.node(key), fmt::format("`{}` is no age band; write 6-10", text));
    }
    return band;
}

// `grundschule_ages` may stand in `supply:` and in `coverage:`; both mean the one age range
// of the Grundschule (the planner applies it to every analysis), so two different values are
// a contradiction, not two settings.
void read_grundschule_ages(project_file& p, section& s) {
    const auto band = age_band_of(s, "grundschule_ages");
    if (!band) {
        return;
    }
    auto& ages = p.analyses.grundschule_ages;
    if (ages && *ages != *band) {
        s.fail(s.node("grundschule_ages"),
               fmt::format("`grundschule_ages: {}` contradicts the {} given before; give it once",
                           planning::to_string(*band), planning::to_string(*ages)));
    }
    ages = band;
}

// supply:
//   year: 2024
//   targets: {kita_u3: 45, kita_ue3: 95, kita: 70, grundschule: 100}
//   grundschule_ages: 6-12      # Berlin and Brandenburg: six primary grades
void read_monitoring(project_file& p, const YAML::Node& node) {
    section s(node, "monitoring", p.path);
    auto& m = p.analyses.monitoring;
    if (auto v = s.number<double>("ganztag_per_100")) {
        if (!(*v > 0 && *v <= 100)) {
            s.fail(s.node("ganztag_per_100"),
                   "`ganztag_per_100` is the Ganztag places needed per 100 entitled pupils, "
                   "above 0 and at most 100");
        }
        m.ganztag_per_100 = *v;
    }
    if (auto v = s.number<double>("min_count")) {
        if (!(*v >= 1)) {
            s.fail(s.node("min_count"), "`min_count` is the smallest count published, 1 or more");
        }
        m.publication.min_count = *v;
    }
    if (auto v = s.number<double>("min_denominator")) {
        if (!(*v >= 0)) {
            s.fail(s.node("min_denominator"), "`min_denominator` is 0 or more");
        }
        m.publication.min_denominator = *v;
    }
    s.finish();
}

void read_supply(project_file& p, const YAML::Node& node) {
    section s(node, "supply", p.path);
    auto& a = p.analyses;
    a.supply_year = s.number<int>("year");
    if (s.has("targets")) {
        const YAML::Node targets = s.node("targets");
        if (!targets.IsMap()) {
            s.fail(targets, "`targets` maps groups (kita_u3, kita_ue3, kita, grundschule) to "
                            "places per 100 children");
        }
        for (const auto& kv : targets) {
            const auto name = kv.first.as<std::string>();
            auto it = std::find_if(a.supply_groups.begin(), a.supply_groups.end(),
                                   [&](const auto& g) { return g.name == name; });
            if (it == a.supply_groups.end()) {
                s.fail(kv.first, fmt::format("unknown group `{}`; use kita_u3, kita_ue3, kita or "
                                             "grundschule",
                                             name));
            }
            double v = 0;
            if (!YAML::convert<double>::decode(kv.second, v) || !std::isfinite(v) || v < 0) {
                s.fail(kv.second, fmt::format("the target for `{}` must be places per 100 "
                                              "children, 0 or more",
                                              name));
            }
            it->target_per_100 = v;
        }
    }
    read_grundschule_ages(p, s);
    s.finish();
}

// coverage:
//   thresholds: {kita: [500, 1000], grundschule: [1 km, 2 km]}   # first = the gap limit
//   thresholds: {kita: [10 min, 15 min]}                         # times need a network:
//   grundschule_ages: 6-12
void read_coverage(project_file& p, const YAML::Node& node) {
    section s(node, "coverage", p.path);
    if (s.has("thresholds")) {
        const YAML::Node thresholds = s.node("thresholds");
        if (!thresholds.IsMap()) {
            s.fail(thresholds, "`thresholds` maps kita or grundschule to distances or times");
        }
        for (const auto& kv : thresholds) {
            const auto name = kv.first.as<std::string>();
            auto& kinds = p.analyses.coverage_kinds;
            auto it = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const auto& k) { return k.name == name; });
            if (it == kinds.end()) {
                s.fail(kv.first, fmt::format("unknown kind `{}`; use kita or grundschule", name));
            }
            it->thresholds.clear();
            bool first = true;
            for (const auto& v : entries(kv.second)) {
                const auto cost =
                    v.IsScalar() ? planning::parse_travel_cost(v.as<std::string>()) : std::nullopt;
                if (!cost) {
                    s.fail(v, "a threshold is a distance (500, 500 m, 1.5 km) or a time (10 min), "
                              "more than 0");
                }
                if (!first && cost->metric != it->metric) {
                    s.fail(v, fmt::format("the thresholds of `{}` mix distances and times; use one",
                                          name));
                }
                it->metric = cost->metric;
                it->thresholds.push_back(cost->value);
                first = false;
            }
            if (!std::is_sorted(it->thresholds.begin(), it->thresholds.end())) {
                s.fail(kv.second, "thresholds go from near to far");
            }
            if (std::adjacent_find(it->thresholds.begin(), it->thresholds.end()) !=
                it->thresholds.end()) {
                s.fail(kv.second, "a threshold is given twice; give each once");
            }
            if (it->thresholds.size() > planning::max_thresholds) {
                s.fail(kv.second, fmt::format("at most {} thresholds", planning::max_thresholds));
            }
        }
    }
    read_grundschule_ages(p, s);
    s.finish();
}

// network:
//   source: streets.gpkg          # any line layer, or an OSM extract (.osm.pbf: layer `lines`)
//   layer: streets
//   class_field: highway          # OSM highway classes decide who may use a way
//   mode: walk                    # walk, cycle or drive
//   walk_speed_kmh: 4.5
void read_network(project_file& p, const YAML::Node& node, const fs::path& base) {
    section s(node, "network", p.path);
    network_spec n;
    n.source = read_source(s, base);
    const std::string& src = n.source.read.source;
    if (n.source.read.layer.empty() && (src.ends_with(".pbf") || src.ends_with(".osm"))) {
        n.source.read.layer = "lines"; // GDAL's OSM driver puts the ways there
    }
    n.fields.class_field = s.text("class_field", n.fields.class_field);
    n.fields.tags_field = s.text("tags_field", n.fields.tags_field);
    if (s.has("mode")) {
        const auto mode = geo::network::parse_travel_mode(s.text("mode"));
        if (!mode) {
            s.fail(s.node("mode"),
                   fmt::format("`mode: {}` is unknown; use walk, cycle or drive", s.text("mode")));
        }
        n.options.mode = *mode;
    }
    auto speed = [&](const std::string& key, double& into) {
        if (auto v = s.number<double>(key)) {
            if (!(*v > 0) || !std::isfinite(*v) || *v > 200) {
                s.fail(s.node(key), fmt::format("`{}` is a speed in km/h, more than 0", key));
            }
            into = *v;
        }
    };
    speed("walk_speed_kmh", n.options.speeds.walk_kmh);
    speed("cycle_speed_kmh", n.options.speeds.cycle_kmh);
    if (auto t = s.number<double>("node_tolerance_m")) {
        if (!(*t > 0) || *t > 10) {
            s.fail(s.node("node_tolerance_m"), "`node_tolerance_m` is between 0 and 10 metres");
        }
        n.options.node_tolerance_m = *t;
    }
    s.finish();
    p.network = std::move(n);
}

// housing:
//   source: housing_areas.csv
//   district: raum_id
//   first_year: ab_jahr
//   last_year: bis_jahr              # optional
//   dwellings_per_year: wohnungen_pro_jahr
//   persons_per_dwelling: personen_pro_wohnung   # or a number: 2.2
//   number_format: german            # optional, as for the other tables
void read_housing(project_file& p, const YAML::Node& node, const fs::path& base) {
    section s(node, "housing", p.path);
    housing_spec h;
    h.source = read_source(s, base);
    h.district = s.required("district");
    h.name = s.text("name");
    h.first_year = s.required("first_year");
    h.last_year = s.text("last_year");
    h.numbers = number_format_of(s, "number_format");
    h.dwellings_per_year = s.field_or_number("dwellings_per_year");
    if (h.dwellings_per_year.empty()) {
        s.fail(node, "`dwellings_per_year` is required: a field or a number");
    }
    h.persons_per_dwelling = s.field_or_number("persons_per_dwelling");
    if (h.persons_per_dwelling.empty()) {
        s.fail(node, "`persons_per_dwelling` is required: a field or a number (2.2 is the "
                     "German average household; new family housing has more)");
    }
    s.finish();
    p.housing = std::move(h);
}

// Shares of age bands, in percent: {0-6: 30, 6-10: 14}.
std::vector<std::pair<planning::age_band, double>> band_percentages(section& s,
                                                                    const std::string& key) {
    const YAML::Node n = s.node(key);
    if (!n.IsMap()) {
        s.fail(n, fmt::format("`{}` maps age bands to percentages: {{0-3: 45, 3-6: 95}}", key));
    }
    std::vector<std::pair<planning::age_band, double>> out;
    for (const auto& kv : n) {
        const auto text = kv.first.as<std::string>();
        const auto band = planning::parse_age_band(text);
        if (!band) {
            s.fail(kv.first, fmt::format("`{}` in `{}` is no age band; write 1-3", text, key));
        }
        double v = 0;
        if (!YAML::convert<double>::decode(kv.second, v) || !std::isfinite(v) || v < 0 || v > 100) {
            s.fail(kv.second, fmt::format("`{}: {}` must be a percentage from 0 to 100", text,
                                          kv.second.as<std::string>()));
        }
        out.push_back({*band, v});
    }
    return out;
}

void read_land(project_file& p, section& s) {
    if (!s.has("land")) {
        return;
    }
    const auto land = planning::rules_of_land(s.text("land"));
    if (!land) {
        std::string known;
        for (const auto& l : planning::supported_lands()) {
            known += known.empty() ? l : ", " + l;
        }
        s.fail(s.node("land"),
               fmt::format("no class-size rules for `{}`; known: {}", s.text("land"), known));
    }
    p.analyses.forecast.rules = *land;
}

void read_weights(section& s, planning::projection_options& o) {
    if (!s.has("weights")) {
        return;
    }
    o.weights.clear();
    for (const auto& w : entries(s.node("weights"))) {
        double v = 0;
        if (!YAML::convert<double>::decode(w, v) || !std::isfinite(v) || v < 0) {
            s.fail(w, "trend weights are numbers of 0 or more, oldest year first: [1, 2, 3]");
        }
        o.weights.push_back(v);
    }
    if (o.weights.empty() ||
        std::all_of(o.weights.begin(), o.weights.end(), [](double w) { return w == 0; })) {
        s.fail(s.node("weights"), "`weights` needs at least one weight above 0");
    }
}

void read_births(section& s, planning::projection_options& o) {
    if (!s.has("births")) {
        return;
    }
    const auto text = s.text("births");
    if (text == "previous") {
        o.births = planning::births_basis::previous_births;
    } else if (const auto band = planning::parse_age_band(text); band && band->from >= 10) {
        o.births = planning::births_basis::reference_population;
        o.reference = *band;
    } else {
        s.fail(s.node("births"),
               fmt::format("`births: {}`: give the reference ages (15-45) or `previous`", text));
    }
}

void read_variants(project_file& p, section& s, planning::projection_options& o) {
    if (!s.has("variants")) {
        return;
    }
    const YAML::Node v = s.node("variants");
    if (v.IsScalar() && v.as<std::string>() == "spread") {
        o.variant_factors.reset();
        o.interval_from_errors = false;
    } else if (v.IsScalar() && v.as<std::string>() == "errors") {
        o.variant_factors.reset();
        o.interval_from_errors = true;
    } else if (v.IsMap()) {
        section vs(v, "forecast.variants", p.path);
        const auto lo = vs.number<double>("low");
        const auto hi = vs.number<double>("high");
        if (!lo || !hi || !(*lo > 0) || !(*lo <= 1) || !(*hi >= 1) || *hi > 2) {
            vs.fail(v, "`variants` gives factors on every rate: {low: 0.98, high: 1.02}");
        }
        vs.finish();
        o.variant_factors = std::pair{*lo, *hi};
    } else {
        s.fail(v, "`variants` is `errors`, `spread` or {low: 0.98, high: 1.02}");
    }
}

void read_method(project_file& p, section& s, planning::projection_options& o) {
    if (s.has("method")) {
        const auto m = s.text("method");
        o.method_by_backtest = m == "backtest";
        if (m == "backtest") {
            o.method = planning::projection_method::damped_cohort;
        } else if (m == "damped-cohort") {
            o.method = planning::projection_method::damped_cohort;
        } else if (m == "cohort-ratios") {
            o.method = planning::projection_method::cohort_ratios;
        } else {
            s.fail(s.node("method"),
                   fmt::format("`method: {}`: use backtest, damped-cohort or cohort-ratios", m));
        }
    }
    if (!s.has("damping")) {
        return;
    }
    const YAML::Node n = s.node("damping");
    if (n.IsScalar() && n.as<std::string>() == "backtest") {
        o.damped.reset();
        return;
    }
    if (!n.IsMap()) {
        s.fail(n, "`damping` is `backtest` or {strength: 1500, persistence: 0.7, weight: 0.5}");
    }
    section d(n, "forecast.damping", p.path);
    planning::damping v;
    v.strength = d.number<double>("strength").value_or(v.strength);
    v.persistence = d.number<double>("persistence").value_or(v.persistence);
    v.weight = d.number<double>("weight").value_or(v.weight);
    if (!(v.strength >= 0) || !(v.persistence >= 0 && v.persistence <= 1) ||
        !(v.weight >= 0 && v.weight <= 1)) {
        d.fail(n, "`damping`: strength >= 0 (persons x years per year of band width), "
                  "persistence and weight 0 to 1");
    }
    d.finish();
    o.damped = v;
}

void read_movers(section& s, planning::projection_options& o) {
    if (!s.has("movers_profile")) {
        return;
    }
    o.movers.shares.clear();
    double sum = 0;
    for (const auto& [band, v] : band_percentages(s, "movers_profile")) {
        o.movers.shares.push_back({band, v / 100.0});
        sum += v;
    }
    if (std::abs(sum - 100) > 0.5) {
        s.fail(s.node("movers_profile"),
               fmt::format("the movers' shares add up to {:.1f} %, not 100 %", sum));
    }
}

void read_class_sizes(project_file& p, section& s) {
    if (!s.has("class_sizes")) {
        return;
    }
    auto& rules = p.analyses.forecast.rules;
    section cs(s.node("class_sizes"), "forecast.class_sizes", p.path);
    auto set = [&](const std::string& key, planning::class_rule& rule) {
        if (auto v = cs.number<double>(key)) {
            if (!(*v >= 10) || *v > 40) {
                cs.fail(cs.node(key),
                        fmt::format("`{}` is the most pupils a class takes, 10 to 40", key));
            }
            rule.max_per_class = *v;
            rule.entry_table.clear(); // a municipality's own maximum replaces the table
            rule.source = "project file";
        }
    };
    set("grundschule", rules.grundschule);
    set("sek1", rules.sek1);
    if (cs.has("gymnasium")) {
        if (!rules.gymnasium) {
            rules.gymnasium = rules.sek1;
        }
        set("gymnasium", *rules.gymnasium);
    }
    cs.finish();
}

// forecast:
//   land: NW                 # class-size rules: NW (Nordrhein-Westfalen) or BE (Berlin)
//   base_year: 2024          # default: the latest population year
//   horizon: 10
//   method: backtest         # the better on the years before; or damped-cohort, cohort-ratios
//   damping: backtest        # or {strength: 1500, persistence: 0.7, weight: 0.5}
//   weights: [1, 2, 3]       # trend weights of the base period, oldest first
//   births: 15-45            # reference ages of the births ratio, or `previous`
//   variants: errors         # the back-test's 80 % interval; spread; or {low: 0.98, high: 1.02}
//   kita_rates: {0-1: 10, 1-2: 55, 2-3: 70, 3-6: 95}
//   entry_age: 6
//   movers_profile: {0-6: 30, 6-10: 14, 10-18: 8, 18-45: 40, 45-65: 5, 65+: 3}
//   class_sizes: {grundschule: 29, sek1: 29, gymnasium: 32}
void read_forecast(project_file& p, const YAML::Node& node) {
    section s(node, "forecast", p.path);
    auto& f = p.analyses.forecast;
    auto& o = f.population;
    read_land(p, s);
    if (auto y = s.number<int>("base_year")) {
        if (*y < 1900 || *y > 2200) {
            s.fail(s.node("base_year"), "`base_year` is a calendar year");
        }
        o.base_year = *y;
    }
    if (auto h = s.number<int>("horizon")) {
        if (*h < 1 || *h > 30) {
            s.fail(s.node("horizon"), "`horizon` is 1 to 30 years");
        }
        o.horizon = *h;
    }
    read_method(p, s, o);
    read_weights(s, o);
    read_births(s, o);
    read_variants(p, s, o);
    if (s.has("kita_rates")) {
        f.kita_rates.clear();
        for (const auto& [band, v] : band_percentages(s, "kita_rates")) {
            f.kita_rates.push_back({band, v});
        }
    }
    if (auto a = s.number<int>("entry_age")) {
        if (*a < 4 || *a > 8) {
            s.fail(s.node("entry_age"), "`entry_age` is the school-entry age, 4 to 8");
        }
        f.entry_age = *a;
    }
    read_movers(s, o);
    read_class_sizes(p, s);
    s.finish();
}

// yaml-cpp keeps both of two equal keys and answers with the first, so a key written twice
// (one of them a planner's correction further down) would be silently ignored.
void check_unique_keys(const YAML::Node& node, const fs::path& file) {
    if (node.IsSequence()) {
        for (const auto& item : node) {
            check_unique_keys(item, file);
        }
        return;
    }
    if (!node.IsMap()) {
        return;
    }
    std::map<std::string, int> seen; // key -> line
    for (const auto& pair : node) {
        const int line = pair.first.Mark().line + 1;
        if (pair.first.IsScalar()) {
            const auto [at, inserted] = seen.emplace(pair.first.Scalar(), line);
            if (!inserted) {
                throw config_error(
                    fmt::format("line {}: the key `{}` is given twice (first on line {}); "
                                "keep one",
                                line, pair.first.Scalar(), at->second),
                    error_context{file.string(), {}, std::nullopt, {}, {}});
            }
        }
        check_unique_keys(pair.second, file);
    }
}

// The path must name a readable file: a folder, a FIFO or a name the system refuses is the
// user's mistake, said plainly.
void check_project_path(const fs::path& path) {
    const error_context where{path.string(), {}, std::nullopt, {}, {}};
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw config_error(fmt::format("cannot open the project file: {}", ec.message()), where);
    }
    if (!fs::exists(status)) {
        throw config_error("project file not found", where);
    }
    if (fs::is_directory(status)) {
        const bool inside = fs::exists(path / "project.yaml", ec);
        throw config_error(inside ? "is a folder; the project file is " +
                                        (path / "project.yaml").string()
                                  : "is a folder, not a project file",
                           where);
    }
    if (!fs::is_regular_file(status)) {
        throw config_error("is not a regular file (a device or a pipe cannot be a project file)",
                           where);
    }
}

} // namespace

project_file read_project_file(const fs::path& path) {
    check_project_path(path);
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
        throw config_error(fmt::format("not valid YAML (line {}): {}", e.mark.line + 1, e.msg),
                           error_context{path.string(), {}, std::nullopt, {}, {}});
    }
    check_unique_keys(root, path);
    project_file p;
    p.path = path;
    const fs::path base = fs::absolute(path).parent_path();
    try {
        section s(root, "project", path);
        p.spec.name = s.text("name", path.stem().string());
        p.crs = s.text("crs");
        if (s.has("database")) {
            p.database = resolve_path(s.text("database"), base);
        }
        if (const auto csv = s.text("csv", "standard"); csv == "excel-de") {
            p.csv_excel_de = true;
        } else if (csv != "standard") {
            s.fail(s.node("csv"),
                   fmt::format("`csv: {}` is unknown; use standard or excel-de", csv));
        }
        if (!s.has("districts")) {
            s.fail(root, "`districts` is required: the planning areas everything joins to");
        }
        read_districts(p, s.node("districts"), base);
        std::size_t i = 0;
        for (const auto& n : entries(s.node("facilities"))) {
            read_facility(p, n, i++, base);
        }
        if (s.has("catchments")) {
            read_catchments(p, s.node("catchments"), base);
        }
        i = 0;
        for (const auto& n : entries(s.node("population"))) {
            read_population(p, n, i++, base);
        }
        i = 0;
        for (const auto& n : entries(s.node("enrolment"))) {
            read_enrolment(p, n, i++, base);
        }
        i = 0;
        for (const auto& n : entries(s.node("kita_care"))) {
            read_care(p, n, i++, base);
        }
        i = 0;
        for (const auto& n : entries(s.node("ganztag"))) {
            read_ganztag(p, n, i++, base);
        }
        i = 0;
        for (const auto& n : entries(s.node("transitions"))) {
            read_transitions(p, n, i++, base);
        }
        if (s.has("grid")) {
            read_grid(p, s.node("grid"), base);
        }
        if (s.has("supply")) {
            read_supply(p, s.node("supply"));
        }
        if (s.has("coverage")) {
            read_coverage(p, s.node("coverage"));
        }
        if (s.has("network")) {
            read_network(p, s.node("network"), base);
        }
        if (s.has("housing")) {
            read_housing(p, s.node("housing"), base);
        }
        if (s.has("forecast")) {
            read_forecast(p, s.node("forecast"));
        }
        if (s.has("monitoring")) {
            read_monitoring(p, s.node("monitoring"));
        }
        s.finish();
    } catch (const YAML::Exception& e) {
        throw config_error(fmt::format("line {}: {}", e.mark.line + 1, e.msg),
                           error_context{path.string(), {}, std::nullopt, {}, {}});
    }
    return p;
}

} // namespace standort::services
