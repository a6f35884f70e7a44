#include "services/load/education_db.hpp"

#include "geo/database.hpp"
#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"
#include "planning/monitoring/crosswalk.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fmt/format.h>

namespace standort::services {

namespace {

namespace fs = std::filesystem;
using geo::field_type;
using geo::value;

struct table_schema {
    std::string name;
    geo::geometry_type geometry = geo::geometry_type::none;
    std::vector<geo::field_def> fields;
};

// The fields every row ends with.
std::vector<geo::field_def> with_provenance(std::vector<geo::field_def> fields) {
    fields.push_back({"source_file", field_type::text});
    fields.push_back({"imported_at", field_type::text});
    return fields;
}

const std::vector<table_schema>& schemas() {
    static const std::vector<table_schema> all{
        {"districts", geo::geometry_type::polygons,
         with_provenance({{"key", field_type::text},
                          {"name", field_type::text},
                          {"parent", field_type::text},
                          {"levels", field_type::text},
                          {"area_m2", field_type::real},
                          {"valid_from", field_type::integer},
                          {"valid_to", field_type::integer}})},
        {"facilities", geo::geometry_type::points,
         with_provenance({{"year", field_type::integer},
                          {"key", field_type::text},
                          {"name", field_type::text},
                          {"kind", field_type::text},
                          {"school_type", field_type::text},
                          {"competitor", field_type::integer},
                          {"district", field_type::text},
                          {"catchment", field_type::text},
                          {"places", field_type::real},
                          {"places_u3", field_type::real},
                          {"places_ue3", field_type::real},
                          {"seats", field_type::real},
                          {"zuege", field_type::real},
                          {"class_size", field_type::real},
                          {"grades", field_type::real},
                          {"seats_derived", field_type::integer}})},
        {"catchments", geo::geometry_type::polygons,
         with_provenance({{"year", field_type::integer},
                          {"key", field_type::text},
                          {"name", field_type::text},
                          {"facility", field_type::text},
                          {"facilities_inside", field_type::text},
                          {"area_m2", field_type::real}})},
        {"population", geo::geometry_type::none,
         with_provenance({{"district", field_type::text},
                          {"year", field_type::integer},
                          {"ages", field_type::text},
                          {"persons", field_type::real}})},
        {"enrolment", geo::geometry_type::none,
         with_provenance({{"facility", field_type::text},
                          {"school_year", field_type::integer},
                          {"grade", field_type::text},
                          {"pupils", field_type::real}})},
        {"kita_care", geo::geometry_type::none,
         with_provenance({{"district", field_type::text},
                          {"facility", field_type::text},
                          {"year", field_type::integer},
                          {"ages", field_type::text},
                          {"children", field_type::real}})},
        {"ganztag", geo::geometry_type::none,
         with_provenance({{"facility", field_type::text},
                          {"school_year", field_type::integer},
                          {"participants", field_type::real},
                          {"places", field_type::real}})},
        {"transitions", geo::geometry_type::none,
         with_provenance({{"facility", field_type::text},
                          {"school_year", field_type::integer},
                          {"form", field_type::text},
                          {"pupils", field_type::real}})},
        // The population grid (Zensus cells, or any regular points): the analyses' homes.
        // Each cell's persons per band as "0-3=12.5;3-6=10"; address points with Voronoi
        // areas are not kept (their areas are derived from the districts).
        {"grid", geo::geometry_type::points,
         with_provenance({{"year", field_type::integer},
                          {"key", field_type::text},
                          {"district", field_type::text},
                          {"persons", field_type::real},
                          {"ages", field_type::text},
                          {"cell_size_m", field_type::real},
                          {"cell_size_origin", field_type::text},
                          {"neighbour_reach_m", field_type::real}})},
        // Links between two Gebietsstände: which district of the earlier (from) became which
        // of the later; shared_m2 where geometries were intersected, empty from a matches file.
        {"crosswalk", geo::geometry_type::none,
         with_provenance({{"from_valid_from", field_type::integer},
                          {"to_valid_from", field_type::integer},
                          {"from_key", field_type::text},
                          {"to_key", field_type::text},
                          {"shared_m2", field_type::real},
                          {"method", field_type::text}})},
        {"imports",
         geo::geometry_type::none,
         {{"year", field_type::integer},
          {"project", field_type::text},
          {"project_file", field_type::text},
          {"imported_at", field_type::text},
          {"rows", field_type::integer64}}},
    };
    return all;
}

// The year a table's rows are replaced by: school years for pupils, Gebietsstand for districts.
std::string year_field(const std::string& table) {
    if (table == "enrolment" || table == "ganztag" || table == "transitions") {
        return "school_year";
    }
    if (table == "crosswalk") {
        return "from_valid_from";
    }
    return table == "districts" ? "valid_from" : "year";
}

value optional_number(const std::optional<double>& v) {
    return v ? value{*v} : value{};
}

value optional_text(const std::string& v) {
    return v.empty() ? value{} : value{v};
}

// ---- reading rows back -----------------------------------------------------------------------

// A row of a table read back, its fields by name.
struct row_view {
    const geo::feature_layer& layer;
    const geo::feature& f;

    const value& at(const std::string& field) const { return f.values[layer.require_field(field)]; }
    std::string text(const std::string& field) const {
        const auto& v = at(field);
        if (const auto* s = std::get_if<std::string>(&v)) {
            return *s;
        }
        if (const auto* i = std::get_if<std::int64_t>(&v)) {
            return std::to_string(*i);
        }
        return "";
    }
    std::optional<double> number(const std::string& field) const {
        const auto& v = at(field);
        if (const auto* d = std::get_if<double>(&v)) {
            return *d;
        }
        if (const auto* i = std::get_if<std::int64_t>(&v)) {
            return static_cast<double>(*i);
        }
        return std::nullopt;
    }
    std::optional<int> integer(const std::string& field) const {
        const auto n = number(field);
        return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
    }
    error_context where(const std::string& field) const {
        return error_context{layer.source, layer.name, f.source_fid, {}, field};
    }
    int required_year(const std::string& field) const {
        const auto y = integer(field);
        if (!y) {
            throw input_error("a row of the database without a year", where(field));
        }
        return *y;
    }
    planning::age_band ages(const std::string& field) const {
        const auto band = planning::parse_age_band(text(field));
        if (!band) {
            throw input_error(fmt::format("'{}' is no age band", text(field)), where(field));
        }
        return *band;
    }
    planning::school_form form(const std::string& field) const {
        const auto parsed = planning::parse_school_form(text(field));
        if (!parsed) {
            throw input_error(fmt::format("'{}' is no school form", text(field)), where(field));
        }
        return *parsed;
    }
};

geo::multi_polygon polygons_of(const geo::geometry& g) {
    if (const auto* mp = std::get_if<geo::multi_polygon>(&g)) {
        return *mp;
    }
    return {};
}

template <class Fn> void for_rows(const geo::feature_layer& layer, Fn&& fn) {
    for (const auto& f : layer.features) {
        fn(row_view{layer, f});
    }
}

// ---- districts and their versions ------------------------------------------------------------

// One Gebietsstand: the districts as one import year gave them, valid from its first year.
struct district_version {
    int valid_from = 0;
    std::set<std::string> keys;
    std::vector<std::pair<geo::geometry, std::vector<value>>> rows; // in schema field order
};

std::vector<value> values_in_schema_order(const row_view& r, const table_schema& schema) {
    std::vector<value> out;
    for (const auto& f : schema.fields) {
        out.push_back(r.layer.field_index(f.name) ? r.at(f.name) : value{});
    }
    return out;
}

std::map<int, district_version> stored_versions(const geo::feature_layer& layer,
                                                const table_schema& schema) {
    std::map<int, district_version> out;
    for_rows(layer, [&](const row_view& r) {
        auto& v = out[r.required_year("valid_from")];
        v.valid_from = r.required_year("valid_from");
        v.keys.insert(r.text("key"));
        v.rows.emplace_back(r.f.shape, values_in_schema_order(r, schema));
    });
    return out;
}

std::string levels_json(const planning::district& d) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [level, key] : d.levels) {
        out.push_back({level, key});
    }
    return out.dump();
}

std::string first_source(const std::vector<planning::source_ref>& sources) {
    return sources.empty() ? std::string() : sources.front().file;
}

// Where the versions stand after this import, and what to tell the office.
std::string place_version(std::map<int, district_version>& versions, district_version incoming,
                          int year) {
    const std::size_t n = incoming.keys.size();
    // The version in force in `year`, and the next one after it.
    auto in_force = versions.upper_bound(year);
    const auto next = in_force;
    in_force = in_force == versions.begin() ? versions.end() : std::prev(in_force);
    if (in_force != versions.end() && in_force->second.keys == incoming.keys) {
        incoming.valid_from = in_force->first;
        in_force->second = std::move(incoming);
        return fmt::format("Gebietsstand unverändert: {} Gebiete, gültig seit {}", n,
                           in_force->first);
    }
    if (next != versions.end() && next->second.keys == incoming.keys) {
        // An earlier year with the boundaries of a later one: that version held earlier too.
        const int was = next->first;
        versions.erase(next);
        incoming.valid_from = year;
        versions[year] = std::move(incoming);
        return fmt::format("Gebietsstand von {} gilt schon ab {}: {} Gebiete", was, year, n);
    }
    const std::size_t before = in_force != versions.end() ? in_force->second.keys.size() : 0;
    const bool replaced = in_force != versions.end() && in_force->first == year;
    incoming.valid_from = year;
    versions[year] = std::move(incoming);
    if (replaced) {
        return fmt::format("Gebietsstand ab {} ersetzt: {} Gebiete (vorher {})", year, n, before);
    }
    if (in_force == versions.end()) {
        return fmt::format("Gebietsstand ab {}: {} Gebiete", year, n);
    }
    return fmt::format("neuer Gebietsstand ab {}: {} Gebiete (bisher {}, gültig seit {})", year, n,
                       before, in_force->first);
}

// ---- import ----------------------------------------------------------------------------------

struct importer {
    const opened_project& project;
    geo::database& db;
    int year;
    std::string imported_at;
    db_import_result result;

    const table_schema& schema(const std::string& name) const {
        for (const auto& s : schemas()) {
            if (s.name == name) {
                return s;
            }
        }
        throw internal_error("no table " + name);
    }

    // A file as rows name it: relative to the project file where it lies beside it.
    std::string shown(const std::string& source) const {
        const fs::path base = fs::absolute(project.file.path).parent_path();
        const auto relative = fs::path(source).lexically_relative(base);
        if (!source.starts_with("PG:") && !relative.empty() &&
            !relative.string().starts_with("..")) {
            return relative.generic_string();
        }
        return geo::redacted_source(source);
    }
    std::string source_of(const std::vector<source_spec>& specs, std::uint16_t index) const {
        return index < specs.size() ? shown(specs[index].read.source) : std::string();
    }

    db_table_change& change(const std::string& table, std::vector<int> years) {
        auto& c = result.tables.emplace_back();
        c.table = table;
        std::sort(years.begin(), years.end());
        years.erase(std::unique(years.begin(), years.end()), years.end());
        c.years = years;
        c.removed = db.delete_where(table, year_field(table), {years.begin(), years.end()});
        return c;
    }

    void append(db_table_change& c, const geo::geometry& shape, std::vector<value> values) {
        values.emplace_back(imported_at);
        db.append(c.table, shape, values);
        ++c.written;
    }

    void districts(std::map<int, district_version> versions) {
        const auto& model = project.model();
        district_version incoming;
        incoming.valid_from = year;
        for (const auto& d : model.districts) {
            incoming.keys.insert(d.id.value);
            incoming.rows.emplace_back(
                geo::geometry{d.area},
                std::vector<value>{d.id.value, d.name, d.parent ? value{d.parent->value} : value{},
                                   levels_json(d), d.area_m2, std::int64_t{year}, value{},
                                   shown(first_source(d.sources)), imported_at});
        }
        result.districts = place_version(versions, std::move(incoming), year);
        auto& c = result.tables.emplace_back();
        c.table = "districts";
        c.years = {year};
        std::vector<std::int64_t> all;
        for (const auto& [from, v] : versions) {
            all.push_back(from);
        }
        c.removed = db.delete_where("districts", "valid_from", all);
        const auto& fields = schema("districts").fields;
        const auto from_i = static_cast<std::size_t>(
            std::find_if(fields.begin(), fields.end(),
                         [](const auto& f) { return f.name == "valid_from"; }) -
            fields.begin());
        for (auto it = versions.begin(); it != versions.end(); ++it) {
            const auto following = std::next(it);
            for (auto& [shape, values] : it->second.rows) {
                values[from_i] = std::int64_t{it->first};
                values[from_i + 1] = following == versions.end()
                                         ? value{}
                                         : value{std::int64_t{following->first - 1}};
                db.append("districts", shape, values);
                ++c.written;
            }
        }
    }

    void facilities() {
        auto& c = change("facilities", {year});
        for (const auto& f : project.model().facilities) {
            const auto& k = f.cap;
            append(c, geo::geometry{f.location},
                   {std::int64_t{year}, f.id.value, f.name, planning::to_string(f.kind),
                    optional_text(f.school_type), std::int64_t{f.competitor ? 1 : 0},
                    f.district ? value{f.district->value} : value{},
                    f.catchment ? value{f.catchment->value} : value{}, optional_number(k.places),
                    optional_number(k.places_u3), optional_number(k.places_ue3),
                    optional_number(k.seats), optional_number(k.zuege),
                    optional_number(k.class_size), optional_number(k.grades),
                    std::int64_t{k.seats_derived ? 1 : 0}, shown(f.source.file)});
        }
    }

    void catchments() {
        if (project.model().catchments.empty()) {
            return;
        }
        auto& c = change("catchments", {year});
        for (const auto& ct : project.model().catchments) {
            nlohmann::json inside = nlohmann::json::array();
            for (const auto& f : ct.facilities_inside) {
                inside.push_back(f.value);
            }
            append(c, geo::geometry{ct.area},
                   {std::int64_t{year}, ct.id.value, ct.name,
                    ct.facility ? value{ct.facility->value} : value{}, inside.dump(), ct.area_m2,
                    shown(ct.source.file)});
        }
    }

    void grid() {
        const auto& g = project.model().grid;
        if (g.size() == 0) {
            return;
        }
        if (!g.areas.empty()) {
            result.notes.push_back("Adresspunkte mit Voronoi-Flächen werden nicht gespeichert: "
                                   "Analysen aus der Datenbank rechnen ohne Raster");
            return;
        }
        const int grid_year = g.year.value_or(year);
        auto& c = change("grid", {grid_year});
        const auto& districts = project.model().districts;
        const std::string source = project.file.grid ? shown(project.file.grid->read.source) : "";
        for (std::size_t i = 0; i < g.size(); ++i) {
            std::string ages;
            for (std::size_t b = 0; b < g.bands.size(); ++b) {
                ages += fmt::format("{}{}={}", b == 0 ? "" : ";", planning::to_string(g.bands[b]),
                                    g.counts[i * g.bands.size() + b]);
            }
            const auto d = g.district[i];
            append(c, geo::geometry{g.locations[i]},
                   {std::int64_t{grid_year}, g.ids[i],
                    d >= 0 ? value{districts[static_cast<std::size_t>(d)].id.value} : value{},
                    static_cast<double>(g.persons[i]), ages, g.cell_size_m, g.cell_size_origin,
                    g.neighbour_reach_m, source});
        }
    }

    template <class Record, class Year, class Values>
    void series(const std::string& table, const std::vector<Record>& records, Year year_of,
                Values values_of) {
        if (records.empty()) {
            return;
        }
        std::vector<int> years;
        for (const auto& r : records) {
            years.push_back(year_of(r));
        }
        auto& c = change(table, years);
        for (const auto& r : records) {
            append(c, {}, values_of(r));
        }
    }

    void all_series() {
        const auto& m = project.model();
        const auto& file = project.file;
        series(
            "population", m.population, [](const auto& r) { return r.year; },
            [&](const planning::population_record& r) {
                return std::vector<value>{r.district.value, std::int64_t{r.year},
                                          planning::to_string(r.band), r.persons,
                                          source_of(file.population, r.source)};
            });
        series(
            "enrolment", m.enrolment, [](const auto& r) { return r.school_year; },
            [&](const planning::enrolment_record& r) {
                return std::vector<value>{r.facility.value, std::int64_t{r.school_year}, r.grade,
                                          r.pupils, source_of(file.enrolment, r.source)};
            });
        series(
            "kita_care", m.care, [](const auto& r) { return r.year; },
            [&](const planning::care_record& r) {
                return std::vector<value>{
                    r.district.value,     r.facility ? value{r.facility->value} : value{},
                    std::int64_t{r.year}, planning::to_string(r.ages),
                    r.children,           source_of(file.care, r.source)};
            });
        series(
            "ganztag", m.ganztag, [](const auto& r) { return r.school_year; },
            [&](const planning::ganztag_record& r) {
                return std::vector<value>{r.facility.value, std::int64_t{r.school_year},
                                          r.participants, optional_number(r.places),
                                          source_of(file.ganztag, r.source)};
            });
        series(
            "transitions", m.transitions, [](const auto& r) { return r.school_year; },
            [&](const planning::transition_record& r) {
                return std::vector<value>{r.facility.value, std::int64_t{r.school_year},
                                          planning::to_string(r.form), optional_number(r.pupils),
                                          source_of(file.transitions, r.source)};
            });
    }

    void log() {
        std::int64_t rows = 0;
        for (const auto& c : result.tables) {
            rows += static_cast<std::int64_t>(c.written);
        }
        db.delete_where("imports", "year", {year});
        db.append("imports", {},
                  {std::int64_t{year}, project.file.spec.name,
                   fs::absolute(project.file.path).lexically_normal().string(), imported_at, rows});
    }
};

int default_year(const planning::planning_model& model) {
    std::optional<int> latest;
    for (const auto& r : model.population) {
        latest = std::max(latest.value_or(r.year), r.year);
    }
    if (!latest) {
        for (const auto& r : model.enrolment) {
            latest = std::max(latest.value_or(r.school_year), r.school_year);
        }
    }
    if (!latest) {
        throw config_error("the project has neither population nor enrolment: name the year the "
                           "districts and facilities describe (--year)",
                           {});
    }
    return *latest;
}

} // namespace

db_import_result import_into_database(const opened_project& project, const std::string& database,
                                      std::optional<int> year, const std::string& imported_at) {
    const int y = year.value_or(default_year(project.model()));
    geo::database db(database, true);
    std::map<int, district_version> versions;
    if (db.has_table("districts")) {
        const auto stored = db.read("districts");
        if (!stored.crs.empty() && !geo::same_crs(stored.crs, project.working_crs)) {
            throw config_error(fmt::format("the database holds its layers in {}, the project "
                                           "works in {}: set `crs:` in the project file to the "
                                           "database's",
                                           stored.crs, project.working_crs),
                               error_context{db.name(), "districts", std::nullopt, {}, {}});
        }
        versions = stored_versions(stored, schemas().front());
    }
    for (const auto& s : schemas()) {
        db.ensure_table(s.name, s.fields, s.geometry, project.working_crs);
    }
    importer in{project, db, y, imported_at, {}};
    in.result.database = db.name();
    in.result.year = y;
    in.result.imported_at = imported_at;
    db.begin();
    in.districts(std::move(versions));
    in.facilities();
    in.catchments();
    in.grid();
    in.all_series();
    in.log();
    db.commit();
    return in.result;
}

db_inventory list_database(const std::string& database) {
    geo::database db(database, false);
    if (!db.has_table("imports") || !db.has_table("districts")) {
        throw input_error("no education database of standort: it has no `imports` and "
                          "`districts` tables (standort db import writes them)",
                          error_context{db.name(), {}, std::nullopt, {}, {}});
    }
    db_inventory out;
    out.database = db.name();
    for (const auto& s : schemas()) {
        if (!db.has_table(s.name)) {
            continue;
        }
        const auto layer = db.read(s.name);
        if (s.name == "imports") {
            for_rows(layer, [&](const row_view& r) {
                out.imports.push_back({r.required_year("year"), r.text("project"),
                                       r.text("imported_at"),
                                       static_cast<std::int64_t>(r.number("rows").value_or(0))});
            });
            continue;
        }
        if (s.name == "districts") {
            out.crs = layer.crs;
            std::map<int, db_district_version> versions;
            for_rows(layer, [&](const row_view& r) {
                auto& v = versions[r.required_year("valid_from")];
                v.valid_from = r.required_year("valid_from");
                v.valid_to = r.integer("valid_to");
                ++v.districts;
            });
            for (const auto& [from, v] : versions) {
                out.district_versions.push_back(v);
            }
        }
        auto& t = out.tables.emplace_back();
        t.table = s.name;
        t.rows = layer.features.size();
        const std::string by = year_field(s.name);
        for_rows(layer, [&](const row_view& r) {
            ++t.rows_per_year[r.required_year(by)];
            t.sources.insert(r.text("source_file"));
        });
    }
    std::sort(out.imports.begin(), out.imports.end(),
              [](const auto& a, const auto& b) { return a.year < b.year; });
    return out;
}

namespace {

// ---- crosswalks between Gebietsstände ----------------------------------------------------------

struct version_district {
    std::string parent;
    double area_m2 = 0.0;
    geo::multi_polygon area;
};

// Every Gebietsstand by its first year: its districts by key.
using version_map = std::map<int, std::map<std::string, version_district>>;

version_map read_versions(const geo::feature_layer& layer) {
    version_map out;
    for_rows(layer, [&](const row_view& r) {
        auto& d = out[r.required_year("valid_from")][r.text("key")];
        d.parent = r.text("parent");
        d.area = polygons_of(r.f.shape);
        d.area_m2 = r.number("area_m2").value_or(geo::area(r.f.shape));
    });
    return out;
}

// The Gebietsstand in force in `year` (the first one for a year before all).
version_map::const_iterator in_force(const version_map& versions, int year) {
    auto it = versions.upper_bound(year);
    return it == versions.begin() ? it : std::prev(it);
}

struct oriented_links {
    std::vector<db_crosswalk_link> links;
    std::size_t ignored = 0; // entries naming no district of either Gebietsstand
};

// A matches file as Berlin ships it (berlin-lor-matches.json): an object from each key to the
// key, or list of keys, it matches in the other Gebietsstand, in either direction.
oriented_links links_from_matches(const std::string& file,
                                  const std::map<std::string, version_district>& from,
                                  const std::map<std::string, version_district>& to) {
    std::ifstream in(file);
    if (!in) {
        throw input_error("cannot read the matches file", error_context{file, {}, {}, {}, {}});
    }
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        throw input_error("the matches file is no JSON object of key: [keys]",
                          error_context{file, {}, {}, {}, {}});
    }
    oriented_links out;
    for (const auto& [key, match] : json.items()) {
        std::vector<std::string> others;
        if (match.is_string()) {
            others.push_back(match.get<std::string>());
        } else if (match.is_array() && std::all_of(match.begin(), match.end(),
                                                   [](const auto& v) { return v.is_string(); })) {
            others = match.get<std::vector<std::string>>();
        } else {
            throw input_error("a match must be a key or a list of keys",
                              error_context{file, {}, {}, key, {}});
        }
        for (const auto& other : others) {
            if (from.contains(key) && to.contains(other)) {
                out.links.push_back({key, other, std::nullopt});
            } else if (to.contains(key) && from.contains(other)) {
                out.links.push_back({other, key, std::nullopt});
            } else {
                ++out.ignored;
            }
        }
    }
    return out;
}

bool boxes_meet(const geo::box& a, const geo::box& b) {
    return a.min_corner().x() <= b.max_corner().x() && b.min_corner().x() <= a.max_corner().x() &&
           a.min_corner().y() <= b.max_corner().y() && b.min_corner().y() <= a.max_corner().y();
}

// Links from the polygons: every pair of districts, one of them new to its Gebietsstand, that
// share more than a sliver (0.1 % of the smaller one's area).
oriented_links links_from_geometry(const std::map<std::string, version_district>& from,
                                   const std::map<std::string, version_district>& to) {
    std::vector<std::pair<const std::string*, const version_district*>> targets;
    std::vector<geo::box> boxes;
    for (const auto& [key, d] : to) {
        targets.emplace_back(&key, &d);
        boxes.push_back(geo::envelope(geo::geometry{d.area}));
    }
    oriented_links out;
    for (const auto& [key, d] : from) {
        const auto box = geo::envelope(geo::geometry{d.area});
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const auto& [other, t] = targets[i];
            if ((to.contains(key) && from.contains(*other)) || !boxes_meet(box, boxes[i])) {
                continue; // both districts exist in both Gebietsstände: not a change
            }
            const double shared = geo::intersection_area(d.area, t->area);
            if (shared > 1e-3 * std::min(d.area_m2, t->area_m2)) {
                out.links.push_back({key, *other, shared});
            }
        }
    }
    return out;
}

} // namespace

db_crosswalk_result store_crosswalk(const std::string& database,
                                    const db_crosswalk_request& request,
                                    const std::string& imported_at) {
    geo::database db(database, false);
    if (!db.has_table("districts")) {
        throw input_error("no education database of standort: it has no `districts` table",
                          error_context{db.name(), {}, std::nullopt, {}, {}});
    }
    const auto layer = db.read("districts");
    const auto versions = read_versions(layer);
    if (versions.size() < 2) {
        throw config_error(fmt::format("the database holds one Gebietsstand (from {}): a "
                                       "crosswalk links two, import a year of the other "
                                       "boundaries first",
                                       versions.empty() ? 0 : versions.begin()->first),
                           error_context{db.name(), "districts", std::nullopt, {}, {}});
    }
    const auto to =
        request.to_year ? in_force(versions, *request.to_year) : std::prev(versions.end());
    const auto from = request.from_year ? in_force(versions, *request.from_year)
                                        : (to == versions.begin() ? std::next(to) : std::prev(to));
    if (from == to) {
        throw request_error("--from", fmt::format("{} and {} lie in the same Gebietsstand (from "
                                                  "{})",
                                                  request.from_year.value_or(0),
                                                  request.to_year.value_or(0), from->first));
    }
    const auto found = request.matches_file.empty()
                           ? links_from_geometry(from->second, to->second)
                           : links_from_matches(request.matches_file, from->second, to->second);
    if (found.links.empty()) {
        throw input_error(
            fmt::format(
                "no link between the Gebietsstände from {} and from {}: {}", from->first, to->first,
                request.matches_file.empty() ? "their districts do not overlap"
                                             : "none of the file's keys is a district of the one "
                                               "with its match a district of the other"),
            error_context{request.matches_file.empty() ? db.name() : request.matches_file,
                          {},
                          std::nullopt,
                          {},
                          {}});
    }
    db_crosswalk_result out;
    out.database = db.name();
    out.from_valid_from = from->first;
    out.to_valid_from = to->first;
    out.method = request.matches_file.empty() ? "geometry" : "matches";
    out.links = found.links;
    out.ignored = found.ignored;
    std::set<std::string> linked_from;
    std::set<std::string> reached_to;
    for (const auto& l : found.links) {
        linked_from.insert(l.from);
        reached_to.insert(l.to);
    }
    for (const auto& [key, d] : from->second) {
        if (!to->second.contains(key) && !linked_from.contains(key)) {
            out.unlinked_from.push_back(key);
        }
    }
    for (const auto& [key, d] : to->second) {
        if (!from->second.contains(key) && !reached_to.contains(key)) {
            out.unreached_to.push_back(key);
        }
    }
    const auto& schema = *std::find_if(schemas().begin(), schemas().end(),
                                       [](const auto& t) { return t.name == "crosswalk"; });
    db.ensure_table(schema.name, schema.fields, schema.geometry, layer.crs);
    const std::string source = request.matches_file.empty()
                                   ? std::string("(geometry)")
                                   : fs::path(request.matches_file).filename().string();
    db.begin();
    out.replaced = db.delete_where("crosswalk", "from_valid_from", {from->first});
    for (const auto& l : found.links) {
        db.append("crosswalk", {},
                  {std::int64_t{from->first}, std::int64_t{to->first}, l.from, l.to,
                   l.shared_m2 ? value{*l.shared_m2} : value{}, out.method, source, imported_at});
    }
    db.commit();
    return out;
}

namespace {

struct model_reader {
    db_model out;
    std::map<std::string, std::uint16_t> sources; // each file its own series
    std::set<std::string> districts;
    std::map<std::pair<std::string, int>, std::size_t> foreign; // (table, year) -> rows
    version_map versions;
    int chosen_version = 0;
    // Rows of districts of another Gebietsstand, until a crosswalk carries them.
    std::vector<planning::population_record> other_population;
    std::vector<planning::care_record> other_care;

    std::uint16_t source_of(const row_view& r) {
        const auto [it, added] =
            sources.try_emplace(r.text("source_file"), static_cast<std::uint16_t>(sources.size()));
        return it->second;
    }
    void read_districts(const geo::feature_layer& layer, std::optional<int> year) {
        std::map<int, std::optional<int>> spans;
        for_rows(layer, [&](const row_view& r) {
            spans[r.required_year("valid_from")] = r.integer("valid_to");
        });
        if (spans.empty()) {
            throw input_error("the database holds no districts",
                              error_context{layer.source, layer.name, std::nullopt, {}, {}});
        }
        // The version in force in `year`, else the first one (a year before every version).
        auto chosen = spans.begin()->first;
        for (const auto& [from, to] : spans) {
            if (!year || from <= *year) {
                chosen = from;
            }
        }
        out.districts_year = year.value_or(chosen);
        chosen_version = chosen;
        versions = read_versions(layer);
        out.model.crs = layer.crs;
        for_rows(layer, [&](const row_view& r) {
            if (r.required_year("valid_from") != chosen) {
                return;
            }
            planning::district d;
            d.id = planning::district_id{r.text("key")};
            d.name = r.text("name");
            if (const auto parent = r.text("parent"); !parent.empty()) {
                d.parent = planning::district_id{parent};
            }
            const auto levels = nlohmann::json::parse(r.text("levels"), nullptr, false);
            if (levels.is_array()) {
                for (const auto& l : levels) {
                    d.levels.emplace_back(l.at(0).get<std::string>(), l.at(1).get<std::string>());
                }
            }
            d.area = polygons_of(r.f.shape);
            d.area_m2 = r.number("area_m2").value_or(geo::area(r.f.shape));
            d.sources.push_back({r.text("source_file"), "districts", r.f.source_fid});
            districts.insert(d.id.value);
            out.model.districts.push_back(std::move(d));
        });
    }

    // Each facility as the latest import up to the districts' year has it (else its earliest).
    void read_facilities(const geo::feature_layer& layer) {
        std::map<std::string, const geo::feature*> chosen;
        const int y = out.districts_year;
        for_rows(layer, [&](const row_view& r) {
            auto& c = chosen[r.text("key")];
            if (!c) {
                c = &r.f;
                return;
            }
            const int have = row_view{layer, *c}.required_year("year");
            const int mine = r.required_year("year");
            const bool better = have > y ? mine < have : (mine <= y && mine > have);
            c = better ? &r.f : c;
        });
        for (const auto& [key, f] : chosen) {
            const row_view r{layer, *f};
            planning::facility x;
            x.id = planning::facility_id{key};
            x.name = r.text("name");
            x.kind = planning::parse_facility_kind(r.text("kind"))
                         .value_or(planning::facility_kind::other);
            x.school_type = r.text("school_type");
            x.competitor = r.number("competitor").value_or(0) != 0;
            if (const auto* p = std::get_if<geo::point>(&f->shape)) {
                x.location = *p;
            }
            if (const auto d = r.text("district"); !d.empty() && districts.contains(d)) {
                x.district = planning::district_id{d};
            }
            if (const auto c = r.text("catchment"); !c.empty()) {
                x.catchment = planning::catchment_id{c};
            }
            x.cap = {r.number("places"),     r.number("places_u3"),
                     r.number("places_ue3"), r.number("seats"),
                     r.number("zuege"),      r.number("class_size"),
                     r.number("grades"),     r.number("seats_derived").value_or(0) != 0};
            x.source = {r.text("source_file"), "facilities", f->source_fid};
            out.model.facilities.push_back(std::move(x));
        }
    }

    void read_catchments(const geo::feature_layer& layer) {
        std::optional<int> year;
        for_rows(layer, [&](const row_view& r) {
            const int mine = r.required_year("year");
            const bool better = !year || (*year > out.districts_year
                                              ? mine < *year
                                              : (mine <= out.districts_year && mine > *year));
            year = better ? mine : year;
        });
        for_rows(layer, [&](const row_view& r) {
            if (r.required_year("year") != year) {
                return;
            }
            planning::catchment c;
            c.id = planning::catchment_id{r.text("key")};
            c.name = r.text("name");
            if (const auto f = r.text("facility"); !f.empty()) {
                c.facility = planning::facility_id{f};
            }
            const auto inside = nlohmann::json::parse(r.text("facilities_inside"), nullptr, false);
            if (inside.is_array()) {
                for (const auto& f : inside) {
                    c.facilities_inside.push_back(planning::facility_id{f.get<std::string>()});
                }
            }
            c.area = polygons_of(r.f.shape);
            c.area_m2 = r.number("area_m2").value_or(geo::area(r.f.shape));
            c.source = {r.text("source_file"), "catchments", r.f.source_fid};
            out.model.catchments.push_back(std::move(c));
        });
    }

    // The grid of the latest year up to the districts' year (else the earliest).
    void read_grid(const geo::feature_layer& layer) {
        std::optional<int> year;
        for_rows(layer, [&](const row_view& r) {
            const int mine = r.required_year("year");
            const bool better = !year || (*year > out.districts_year
                                              ? mine < *year
                                              : (mine <= out.districts_year && mine > *year));
            year = better ? mine : year;
        });
        if (!year) {
            return;
        }
        std::map<std::string, std::int32_t> index;
        for (std::size_t i = 0; i < out.model.districts.size(); ++i) {
            index[out.model.districts[i].id.value] = static_cast<std::int32_t>(i);
        }
        auto& g = out.model.grid;
        g.year = year;
        std::size_t outside = 0;
        for_rows(layer, [&](const row_view& r) {
            if (r.required_year("year") != *year) {
                return;
            }
            std::vector<std::pair<planning::age_band, float>> cells;
            std::string_view rest = std::get<std::string>(r.at("ages"));
            while (!rest.empty()) {
                const auto end = std::min(rest.find(';'), rest.size());
                const auto item = rest.substr(0, end);
                const auto eq = item.find('=');
                const auto band = planning::parse_age_band(item.substr(0, eq));
                if (!band || eq == std::string_view::npos) {
                    throw input_error(fmt::format("'{}' is no band=persons", item),
                                      r.where("ages"));
                }
                cells.emplace_back(*band, std::stof(std::string(item.substr(eq + 1))));
                rest.remove_prefix(std::min(rest.size(), end + 1));
            }
            if (g.bands.empty()) {
                for (const auto& [band, n] : cells) {
                    g.bands.push_back(band);
                }
                g.cell_size_m = r.number("cell_size_m").value_or(g.cell_size_m);
                g.cell_size_origin = r.text("cell_size_origin");
                g.neighbour_reach_m = r.number("neighbour_reach_m").value_or(g.neighbour_reach_m);
            }
            if (cells.size() != g.bands.size()) {
                throw input_error("a grid cell with other age bands than the first",
                                  r.where("ages"));
            }
            g.ids.push_back(r.text("key"));
            const auto* at = std::get_if<geo::point>(&r.f.shape);
            if (!at) {
                throw input_error("a grid cell without a point", r.where("geom"));
            }
            g.locations.push_back(*at);
            const auto d = index.find(r.text("district"));
            outside += d == index.end() ? 1 : 0;
            g.district.push_back(d == index.end() ? -1 : d->second);
            g.persons.push_back(static_cast<float>(r.number("persons").value_or(0)));
            for (const auto& [band, n] : cells) {
                g.counts.push_back(n);
            }
        });
        if (outside > 0) {
            out.found.push_back(
                {severity::warning, "other-gebietsstand",
                 error_context{layer.source, layer.name, std::nullopt, {}, "district"},
                 fmt::format("{} grid cells of {} lie in no district of the Gebietsstand of {}",
                             outside, *year, out.districts_year)});
        }
    }

    void read_series(geo::database& db) {
        for_rows(db.read("population"), [&](const row_view& r) {
            const int y = r.required_year("year");
            planning::population_record p{planning::district_id{r.text("district")}, y,
                                          r.ages("ages"), r.number("persons").value_or(0),
                                          source_of(r)};
            (districts.contains(p.district.value) ? out.model.population : other_population)
                .push_back(std::move(p));
        });
        for_rows(db.read("enrolment"), [&](const row_view& r) {
            out.model.enrolment.push_back({planning::facility_id{r.text("facility")},
                                           r.required_year("school_year"), r.text("grade"),
                                           r.number("pupils").value_or(0), source_of(r)});
        });
        for_rows(db.read("kita_care"), [&](const row_view& r) {
            const int y = r.required_year("year");
            planning::care_record c{
                planning::district_id{r.text("district")}, std::nullopt, y, r.ages("ages"),
                r.number("children").value_or(0),          source_of(r)};
            if (const auto f = r.text("facility"); !f.empty()) {
                c.facility = planning::facility_id{f};
            }
            (districts.contains(c.district.value) ? out.model.care : other_care)
                .push_back(std::move(c));
        });
        for_rows(db.read("ganztag"), [&](const row_view& r) {
            out.model.ganztag.push_back(
                {planning::facility_id{r.text("facility")}, r.required_year("school_year"),
                 r.number("participants").value_or(0), r.number("places"), source_of(r)});
        });
        if (db.has_table("transitions")) { // databases from before transitions were kept
            for_rows(db.read("transitions"), [&](const row_view& r) {
                out.model.transitions.push_back({planning::facility_id{r.text("facility")},
                                                 r.required_year("school_year"), r.form("form"),
                                                 r.number("pupils"), source_of(r)});
            });
        }
    }

    // ---- carrying rows of other Gebietsstände over ----

    // The Gebietsstand a row of `key` in `year` belongs to: the one in force then if it has the
    // key, else the latest that has it; 0 when none has it.
    int version_of(const std::string& key, int year) const {
        const auto now = in_force(versions, year);
        if (now != versions.end() && now->second.contains(key)) {
            return now->first;
        }
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
            if (it->second.contains(key)) {
                return it->first;
            }
        }
        return 0;
    }

    // The chosen districts' persons in their year nearest the other Gebietsstand (its first
    // year when the other is earlier, else its last), or their areas without a population.
    // Called before any row is carried, so only the districts' own rows count.
    std::map<std::string, double> target_weights(bool other_is_earlier) const {
        std::optional<int> year;
        for (const auto& p : out.model.population) {
            year = !year ? p.year
                         : (other_is_earlier ? std::min(*year, p.year) : std::max(*year, p.year));
        }
        std::map<std::string, double> weights;
        for (const auto& p : out.model.population) {
            weights[p.district.value] += p.year == year ? p.persons : 0.0;
        }
        if (!year) {
            for (const auto& [key, d] : versions.at(chosen_version)) {
                weights[key] = d.area_m2;
            }
        }
        return weights;
    }

    planning::crosswalk plan_for(int other, const std::vector<db_crosswalk_link>& stored,
                                 const std::map<std::string, double>& weights, std::size_t& links,
                                 std::size_t& crossing) const {
        const auto& mine = versions.at(chosen_version);
        const auto& theirs = versions.at(other);
        planning::crosswalk_request req;
        for (const auto& [key, d] : theirs) {
            if (!mine.contains(key)) {
                req.from_parent[key] = d.parent;
            }
        }
        for (const auto& [key, d] : mine) {
            req.to_parent[key] = d.parent;
        }
        req.to_weight = weights;
        auto overlap = [&](const db_crosswalk_link& l, const std::string& to) {
            const double a = mine.at(to).area_m2;
            return l.shared_m2 && a > 0 ? std::min(1.0, *l.shared_m2 / a) : 1.0;
        };
        for (const auto& l : stored) {
            if (req.from_parent.contains(l.from) && mine.contains(l.to)) {
                req.links.push_back({l.from, l.to, overlap(l, l.to)});
            } else if (req.from_parent.contains(l.to) && mine.contains(l.from)) {
                req.links.push_back({l.to, l.from, overlap(l, l.from)});
            }
        }
        links = req.links.size();
        crossing = planning::cross_parent_links(req).size();
        return links == 0 ? planning::crosswalk{} : planning::plan_crosswalk(req);
    }

    void carry_over(geo::database& db) {
        std::vector<db_crosswalk_link> stored;
        if (db.has_table("crosswalk")) {
            for_rows(db.read("crosswalk"), [&](const row_view& r) {
                stored.push_back({r.text("from_key"), r.text("to_key"), r.number("shared_m2")});
            });
        }
        std::map<int, std::vector<planning::population_record>> population;
        std::map<int, std::vector<planning::care_record>> care;
        for (auto& p : other_population) {
            population[version_of(p.district.value, p.year)].push_back(std::move(p));
        }
        for (auto& c : other_care) {
            care[version_of(c.district.value, c.year)].push_back(std::move(c));
        }
        std::set<int> others;
        for (const auto& [v, rows] : population) {
            others.insert(v);
        }
        for (const auto& [v, rows] : care) {
            others.insert(v);
        }
        const auto earlier = target_weights(true);
        const auto later = target_weights(false);
        const auto own_population = district_years(out.model.population);
        const auto own_care = district_years(out.model.care);
        for (const int v : others) {
            std::size_t links = 0;
            std::size_t crossing = 0;
            const auto plan =
                v == 0 ? planning::crosswalk{}
                       : plan_for(v, stored, v < chosen_version ? earlier : later, links, crossing);
            carry_version(v, plan, links, population[v], care[v], own_population, own_care);
            if (crossing > 0) {
                out.found.push_back(
                    {severity::warning, "crosswalk-crosses-parent",
                     error_context{{}, "crosswalk", std::nullopt, {}, "to_key"},
                     fmt::format("{} Verknüpfungen zwischen den Gebietsständen ab {} und ab {} "
                                 "verbinden Gebiete verschiedener übergeordneter Gebiete und "
                                 "sind nicht genutzt (ein Fehler der Zuordnung?)",
                                 crossing, v, chosen_version)});
            }
        }
    }

    using district_year_set = std::set<std::pair<std::string, int>>;

    template <class Record>
    static district_year_set district_years(const std::vector<Record>& rows) {
        district_year_set out;
        for (const auto& r : rows) {
            out.emplace(r.district.value, r.year);
        }
        return out;
    }

    // Carried rows into the model, but not where the district has rows of its own that year
    // (both would count twice); returns how many were so superseded.
    template <class Record>
    std::size_t keep_carried(std::vector<Record> carried, const district_year_set& own,
                             std::vector<Record>& into) const {
        std::size_t superseded = 0;
        for (auto& r : carried) {
            if (own.contains({r.district.value, r.year})) {
                ++superseded;
            } else if (districts.contains(r.district.value)) {
                into.push_back(std::move(r));
            }
        }
        return superseded;
    }

    template <class Record>
    void count_left_out(const std::string& table, const std::vector<Record>& rows,
                        const planning::crosswalk& plan) {
        for (const auto& r : rows) {
            const auto it = plan.find(r.district.value);
            if (it == plan.end() || it->second.kind == planning::carry_kind::lost) {
                ++foreign[{table, r.year}];
            }
        }
    }

    void carry_version(int v, const planning::crosswalk& plan, std::size_t links,
                       const std::vector<planning::population_record>& population,
                       const std::vector<planning::care_record>& care,
                       const district_year_set& own_population, const district_year_set& own_care) {
        count_left_out("population", population, plan);
        count_left_out("kita_care", care, plan);
        if (plan.empty()) {
            return;
        }
        const auto superseded =
            keep_carried(planning::carry_population(population, plan), own_population,
                         out.model.population) +
            keep_carried(planning::carry_care(care, plan), own_care, out.model.care);
        if (superseded > 0) {
            out.found.push_back(
                {severity::info, "superseded",
                 error_context{{}, "population", std::nullopt, {}, "district"},
                 fmt::format("{} übertragene Zeilen vom Gebietsstand ab {} nicht genutzt: ihre "
                             "Gebiete und Jahre liegen auch mit den Gebieten ab {} vor",
                             superseded, v, chosen_version)});
        }
        std::string how;
        for (const auto& [kind, n] : planning::carry_counts(plan)) {
            how += fmt::format("{}{} {}", how.empty() ? "" : ", ", n, planning::describe(kind));
        }
        std::set<int> years;
        for (const auto& p : population) {
            years.insert(p.year);
        }
        out.found.push_back(
            {severity::info, "carried-over", error_context{{}, "crosswalk", std::nullopt, {}, {}},
             fmt::format("{} Zeilen der Jahre {}-{} vom Gebietsstand ab {} auf den ab {} "
                         "übertragen ({} Verknüpfungen): {}",
                         population.size() + care.size(), years.empty() ? 0 : *years.begin(),
                         years.empty() ? 0 : *years.rbegin(), v, chosen_version, links, how)});
    }

    void report_foreign(const std::string& database) {
        for (const auto& [key, rows] : foreign) {
            out.found.push_back(
                {severity::warning, "other-gebietsstand",
                 error_context{database, key.first, std::nullopt, {}, "district"},
                 fmt::format("{} rows of {} name districts that are not in the Gebietsstand of "
                             "{} and no crosswalk carries over; they are left out (standort db "
                             "crosswalk links the Gebietsstände)",
                             rows, key.second, out.districts_year)});
        }
    }
};

std::optional<int> latest_population_year(geo::database& db) {
    std::optional<int> latest;
    for_rows(db.read("population"), [&](const row_view& r) {
        const int y = r.required_year("year");
        latest = std::max(latest.value_or(y), y);
    });
    return latest;
}

} // namespace

db_model read_database(const std::string& database, std::optional<int> year) {
    geo::database db(database, false);
    for (const auto& s : schemas()) {
        if (!db.has_table(s.name) && s.name != "crosswalk" && s.name != "transitions") {
            throw input_error(fmt::format("no education database of standort: the table `{}` is "
                                          "missing (standort db import writes it)",
                                          s.name),
                              error_context{db.name(), s.name, std::nullopt, {}, {}});
        }
    }
    model_reader reader;
    reader.read_districts(db.read("districts"), year ? year : latest_population_year(db));
    for_rows(db.read("imports"),
             [&](const row_view& r) { reader.out.model.name = r.text("project"); });
    reader.read_facilities(db.read("facilities"));
    reader.read_catchments(db.read("catchments"));
    reader.read_grid(db.read("grid"));
    reader.read_series(db);
    reader.carry_over(db);
    reader.report_foreign(db.name());
    return std::move(reader.out);
}

} // namespace standort::services
