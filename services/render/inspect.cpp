#include "services/render/inspect.hpp"

#include "geo/crs.hpp"
#include "services/render/common.hpp"

#include <fmt/format.h>

namespace standort::services {

namespace {

std::string extent_text(const std::optional<geo::box>& b) {
    if (!b) {
        return "-";
    }
    return fmt::format("{:.4f} {:.4f} .. {:.4f} {:.4f}", b->min_corner().x(), b->min_corner().y(),
                       b->max_corner().x(), b->max_corner().y());
}

std::string band_list(const std::vector<planning::age_band>& bands) {
    std::string out;
    for (const auto& b : bands) {
        out += (out.empty() ? "" : " ") + planning::to_string(b);
    }
    return out;
}

} // namespace

nlohmann::json inspect_json(const opened_project& project) {
    nlohmann::json j;
    j["project"] = project.file.spec.name;
    j["project_file"] = project.file.path.string();
    j["working_crs"] = project.working_crs;
    j["working_crs_reason"] = project.working_crs_reason;
    auto& inputs = j["inputs"] = nlohmann::json::array();
    for (const auto& in : project.inputs) {
        nlohmann::json i{{"role", in.role},   {"source", in.source},
                         {"layer", in.layer}, {"features", in.features},
                         {"crs", in.crs},     {"crs_origin", in.crs_origin}};
        if (in.extent_lonlat) {
            const auto& b = *in.extent_lonlat;
            i["extent_lonlat"] = {b.min_corner().x(), b.min_corner().y(), b.max_corner().x(),
                                  b.max_corner().y()};
        }
        inputs.push_back(i);
    }
    if (project.planner) {
        const auto s = project.planner->base().summary;
        j["districts"] = {{"count", s.districts}, {"area_km2", s.districts_area_km2}};
        j["catchments"] = {{"count", s.catchments},
                           {"without_school", s.catchments_without_school}};
        auto& fac = j["facilities"] = nlohmann::json::array();
        for (const auto& k : s.facilities) {
            fac.push_back({{"kind", planning::to_string(k.kind)},
                           {"count", k.count},
                           {"in_district", k.in_district},
                           {"in_catchment", k.in_catchment},
                           {"places", k.places},
                           {"seats", k.seats},
                           {"without_capacity", k.without_capacity}});
        }
        auto& pop = j["population"] = nlohmann::json::array();
        for (const auto& y : s.population) {
            nlohmann::json bands = nlohmann::json::array();
            for (const auto& b : y.bands) {
                bands.push_back(planning::to_string(b));
            }
            pop.push_back(
                {{"year", y.year},
                 {"districts", y.districts},
                 {"persons", y.persons},
                 {"age_from", y.age_from},
                 {"age_to", y.age_to},
                 {"bands", bands},
                 {"children_under_6",
                  y.children_under_6 ? nlohmann::json(*y.children_under_6) : nlohmann::json()}});
        }
        j["grid"] = {{"cells", s.grid.cells},
                     {"in_district", s.grid.in_district},
                     {"persons", s.grid.persons},
                     {"year", s.grid.year ? nlohmann::json(*s.grid.year) : nlohmann::json()},
                     {"bands", s.grid.bands.size()},
                     {"cell_size_m", s.grid.cell_size_m > 0 ? nlohmann::json(s.grid.cell_size_m)
                                                            : nlohmann::json()},
                     {"cell_size_origin", s.grid.cell_size_origin}};
        auto& enr = j["enrolment"] = nlohmann::json::array();
        for (const auto& e : s.enrolment) {
            enr.push_back({{"school_year", e.school_year},
                           {"facilities", e.facilities},
                           {"pupils", e.pupils}});
        }
        auto& care = j["kita_care"] = nlohmann::json::array();
        for (const auto& c : s.care) {
            care.push_back(
                {{"year", c.year}, {"reporting", c.reporting}, {"children", c.children}});
        }
    }
    j["findings"] = to_json(project.found);
    j["errors"] = count(project.found, severity::error);
    j["warnings"] = count(project.found, severity::warning);
    return j;
}

void print_facilities(std::ostream& out, const planning::model_summary& s) {
    if (s.facilities.empty()) {
        return;
    }
    out << "Facilities\n";
    for (const auto& k : s.facilities) {
        std::string capacity;
        if (k.places > 0) {
            capacity += fmt::format(", {:.0f} places", k.places);
        }
        if (k.seats > 0) {
            capacity += fmt::format(", {:.0f} seats", k.seats);
        }
        out << fmt::format("  {:<14} {:>6}{}; {} in a district", planning::to_string(k.kind),
                           k.count, capacity, k.in_district);
        if (s.catchments > 0 && k.kind == planning::facility_kind::grundschule) {
            out << fmt::format(", {} in a catchment", k.in_catchment);
        }
        if (k.without_capacity > 0) {
            out << fmt::format(", {} without capacity", k.without_capacity);
        }
        out << "\n";
    }
}

void print_inspect(std::ostream& out, const opened_project& project) {
    out << fmt::format("Project      {} ({})\n", project.file.spec.name,
                       project.file.path.string());
    std::string crs_name;
    try {
        crs_name = geo::describe_crs(project.working_crs).name;
    } catch (const error&) {
    }
    out << fmt::format("Working CRS  {} {} ({})\n\n", project.working_crs, crs_name,
                       project.working_crs_reason);
    out << "Inputs\n";
    for (const auto& in : project.inputs) {
        out << fmt::format("  {:<14} {} [{}]\n", in.role, in.source, in.layer);
        out << fmt::format("  {:<14} {} features, CRS {} ({}), lon/lat extent {}\n", "",
                           in.features, in.crs.size() > 40 ? "(WKT)" : in.crs, in.crs_origin,
                           extent_text(in.extent_lonlat));
    }
    if (project.planner) {
        const auto s = project.planner->base().summary;
        out << fmt::format("\nDistricts    {} ({:.1f} km²)\n", s.districts, s.districts_area_km2);
        print_facilities(out, s);
        if (s.catchments > 0) {
            out << fmt::format("Catchments   {} ({} without a school inside or named)\n",
                               s.catchments, s.catchments_without_school);
        }
        if (!s.population.empty()) {
            out << "Population\n";
            for (const auto& y : s.population) {
                out << fmt::format("  {}  {} districts, {:.0f} persons, {}", y.year, y.districts,
                                   y.persons,
                                   y.age_to >= planning::max_age
                                       ? fmt::format("all ages from {}", y.age_from)
                                       : fmt::format("ages {} to under {}", y.age_from, y.age_to));
                if (y.children_under_6) {
                    out << fmt::format(", {:.0f} children under 6", *y.children_under_6);
                }
                out << fmt::format("\n        bands: {}\n", band_list(y.bands));
            }
        }
        if (s.grid.cells > 0) {
            out << fmt::format("Grid         {} cells ({} in a district), {:.0f} persons{}, {} age "
                               "bands; {}\n",
                               s.grid.cells, s.grid.in_district, s.grid.persons,
                               s.grid.year ? fmt::format(" in {}", *s.grid.year) : std::string(),
                               s.grid.bands.size(),
                               s.grid.cell_size_m > 0
                                   ? fmt::format("{:g} m cells ({})", s.grid.cell_size_m,
                                                 s.grid.cell_size_origin == "detected"
                                                     ? "from the points' spacing"
                                                     : s.grid.cell_size_origin)
                                   : std::string("no regular grid: Voronoi areas"));
        }
        if (!s.enrolment.empty()) {
            out << "Enrolment\n";
            for (const auto& e : s.enrolment) {
                out << fmt::format("  {}  {} facilities, {:.0f} pupils\n",
                                   planning::school_year_label(e.school_year), e.facilities,
                                   e.pupils);
            }
        }
        if (!s.care.empty()) {
            out << "Children in Kita care\n";
            for (const auto& c : s.care) {
                out << fmt::format("  {}  {} reporting, {:.0f} children\n", c.year, c.reporting,
                                   c.children);
            }
        }
    } else {
        out << "\nThe planning model was not built: the inputs' coordinates are not usable "
               "(see the errors below).\n";
    }
    out << "\n";
    print_findings(out, project.found);
}

} // namespace standort::services
