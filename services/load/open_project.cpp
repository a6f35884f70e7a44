#include "services/load/open_project.hpp"

#include "geo/crs.hpp"
#include "geo/transform.hpp"
#include "geo/validate.hpp"
#include "planning/model/build_model.hpp"
#include "services/load/education_db.hpp"
#include "services/load/load_housing.hpp"
#include "services/load/read_streets.hpp"

#include <boost/geometry/algorithms/centroid.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <fmt/format.h>

#include <exception>

namespace standort::services {

namespace {

struct reader {
    opened_project& project;
    const progress_callback& progress;
    std::size_t step = 0;
    std::size_t steps = 0;
    std::optional<geo::box> reference_lonlat;
    bool crs_ok = true;

    geo::feature_layer read(const source_spec& source) {
        geo::read_result result = geo::read_layer(options_for(source));
        std::optional<geo::box> extent;
        if (result.layer.has_geometry()) {
            extent = result.layer.extent();
        }
        record(source, result.layer, result.layer.features.size(), extent, result.found);
        return std::move(result.layer);
    }

    // The grid streams from its source into the model cell by cell: a country's millions of
    // cells held as features first took gigabytes. Without a model (the CRS of an earlier
    // input is wrong), only what the read finds is said. False when the grid's own CRS cannot
    // be trusted: what was built of it is then noise and is dropped.
    bool stream_grid(const source_spec& source, const planning::grid_mapping* spec,
                     planning::planning_model* model, findings& built) {
        std::optional<planning::grid_builder> cells;
        std::optional<geo::transformer> to_working;
        std::optional<input_error> failed;
        std::exception_ptr mapping_failed;
        std::string layer_name;
        auto start = [&](const geo::feature_layer& header) {
            layer_name = header.name;
            if (!spec || !model) {
                return;
            }
            // A grid without a CRS has no points either (or the CRS check says so): its cells
            // still go to the builder, which says that each lacks its point.
            if (!header.crs.empty()) {
                try {
                    to_working.emplace(header.crs, project.working_crs);
                } catch (const error&) {
                    return; // the CRS check at the end of the read says why
                }
            }
            try {
                cells.emplace(*spec, header, *model);
            } catch (const error&) {
                // A field the mapping names is missing: said once the grid's CRS is known to
                // be right, as a grid in the wrong place tells more about what went wrong.
                mapping_failed = std::current_exception();
            }
        };
        auto each = [&](geo::feature& f) {
            if (!cells) {
                return;
            }
            if (to_working && !to_working->is_identity()) {
                try {
                    to_working->apply(f.shape);
                } catch (const error& e) {
                    failed.emplace(e.message(),
                                   error_context{geo::redacted_source(source.read.source),
                                                 layer_name,
                                                 f.source_fid,
                                                 {},
                                                 {}});
                    cells.reset();
                    return;
                }
            }
            cells->add(f);
        };
        geo::stream_result result = geo::read_layer_each(options_for(source), start, each);
        if (!record(source, result.header, result.features, result.extent, result.found)) {
            return false;
        }
        if (mapping_failed) {
            std::rethrow_exception(mapping_failed);
        }
        if (failed) {
            throw *failed;
        }
        if (cells) {
            for (auto& f : cells->finish()) {
                built.push_back(std::move(f));
            }
        }
        return true;
    }

    geo::read_options options_for(const source_spec& source) {
        ++step;
        if (progress) {
            progress(fmt::format("[{}/{}] reading {}: {}", step, steps, source.role,
                                 geo::redacted_source(source.read.source)));
        }
        geo::read_options options = source.read;
        options.reference_lonlat = reference_lonlat;
        return options;
    }

    // What was read of a source, for the summary; false when its CRS cannot be trusted.
    bool record(const source_spec& source, const geo::feature_layer& layer, std::size_t features,
                const std::optional<geo::box>& extent, findings& found) {
        input_summary info;
        info.role = source.role;
        info.source = geo::redacted_source(source.read.source);
        info.layer = layer.name;
        info.features = features;
        info.crs = layer.crs;
        info.crs_origin = layer.crs_origin;
        bool layer_ok = true;
        for (const auto& f : found) {
            if (f.level == severity::error &&
                (f.code == "no-crs" || f.code == "crs-extent" || f.code == "crs-elsewhere" ||
                 f.code == "bad-coordinate")) {
                layer_ok = false;
            }
        }
        if (layer_ok && extent) {
            try {
                geo::transformer to_lonlat(layer.crs, "EPSG:4326");
                info.extent_lonlat = to_lonlat.apply(*extent);
            } catch (const error&) {
                layer_ok = false;
            }
        }
        crs_ok = crs_ok && layer_ok;
        project.inputs.push_back(info);
        for (auto& f : found) {
            project.found.push_back(std::move(f));
        }
        return layer_ok;
    }

    // A polygon valid in its own CRS can come out of the projection invalid (rings a hair
    // apart cross): repaired here and said, so no analysis works on a broken polygon.
    void to_working_crs(geo::feature_layer& layer) {
        if (!crs_ok || !layer.has_geometry()) {
            return;
        }
        const std::string from = layer.crs;
        geo::reproject(layer, project.working_crs);
        if (geo::same_crs(from, project.working_crs)) {
            return;
        }
        for (auto& f : layer.features) {
            if (const auto reason = geo::make_valid(f.shape)) {
                project.found.push_back(
                    finding{severity::warning, "repaired-geometry",
                            error_context{layer.source, layer.name, f.source_fid, {}, {}},
                            fmt::format("invalid after reprojection to {}: {}; repaired with GEOS "
                                        "MakeValid",
                                        project.working_crs, *reason)});
            }
        }
    }
};

// The working CRS measures every distance and area: degrees cannot, and a projection made for
// another part of the world distorts them (a UTM zone of another continent).
void check_working_crs(const project_file& file, const std::optional<geo::box>& districts_lonlat,
                       findings& found) {
    const geo::crs_info info = geo::describe_crs(file.crs); // a clear error for a typo
    const error_context where{file.path.string(), {}, std::nullopt, {}, "crs"};
    if (info.geographic) {
        found.push_back(finding{
            severity::error, "geographic-working-crs", where,
            fmt::format("`crs: {}` ({}) counts in degrees, but distances and areas need metres: "
                        "name a projected CRS such as EPSG:25832 or EPSG:25833, or leave `crs` "
                        "out to get the UTM zone of the districts",
                        file.crs, info.name)});
        return;
    }
    if (districts_lonlat && geo::is_valid_box(info.area_of_use_lonlat)) {
        const auto& a = info.area_of_use_lonlat;
        const geo::box near{geo::point{a.min_corner().x() - 6, a.min_corner().y() - 6},
                            geo::point{a.max_corner().x() + 6, a.max_corner().y() + 6}};
        if (!geo::intersects(*districts_lonlat, near)) {
            const auto& d = *districts_lonlat;
            found.push_back(finding{
                severity::error, "working-crs-elsewhere", where,
                fmt::format("`crs: {}` ({}) is made for {}, but the districts lie at {:.2f} "
                            "{:.2f} (lon/lat): distances and areas would be distorted; use {}",
                            file.crs, info.name, info.area_name,
                            (d.min_corner().x() + d.max_corner().x()) / 2,
                            (d.min_corner().y() + d.max_corner().y()) / 2,
                            geo::working_crs_for((d.min_corner().x() + d.max_corner().x()) / 2,
                                                 (d.min_corner().y() + d.max_corner().y()) / 2)
                                .crs)});
        }
    }
}

opened_project open_from_database(opened_project project, const open_options& options) {
    if (options.progress) {
        options.progress("reading the education database " +
                         geo::redacted_source(options.database));
    }
    db_model db = read_database(options.database, std::nullopt);
    project.working_crs = db.model.crs;
    project.working_crs_reason = "the education database's";
    project.found = std::move(db.found);
    std::optional<planning::street_data> streets;
    if (options.streets && project.file.network) {
        streets = read_streets(*project.file.network, project.working_crs, std::nullopt);
    }
    std::vector<planning::housing_area> housing;
    if (options.housing) {
        housing = load_housing(project.file, db.model);
    }
    const auto settings = project.file.analyses;
    project.planner.emplace(std::move(db.model), settings, std::move(streets), std::move(housing));
    return project;
}

} // namespace

opened_project open_project(const std::filesystem::path& project_path,
                            const open_options& options) {
    const auto& progress = options.progress;
    opened_project project;
    project.file = read_project_file(project_path);
    const project_file& file = project.file;
    if (!options.database.empty()) {
        return open_from_database(std::move(project), options);
    }

    reader r{project, progress, 0, 0, std::nullopt, true};
    r.steps = 1 + file.facilities.size() + (file.catchments ? 1 : 0) + file.population.size() +
              file.enrolment.size() + file.care.size() + file.ganztag.size() +
              file.transitions.size() + (file.grid ? 1 : 0);

    planning::model_layers layers;
    layers.districts = r.read(file.districts);
    if (r.crs_ok) {
        r.reference_lonlat = project.inputs.back().extent_lonlat;
    }

    if (!file.crs.empty()) {
        check_working_crs(file, r.reference_lonlat, project.found);
        project.working_crs = file.crs;
        project.working_crs_reason = "set in the project file";
    } else if (r.reference_lonlat) {
        const auto& ll = *r.reference_lonlat;
        const auto choice = geo::working_crs_for((ll.min_corner().x() + ll.max_corner().x()) / 2.0,
                                                 (ll.min_corner().y() + ll.max_corner().y()) / 2.0);
        project.working_crs = choice.crs;
        project.working_crs_reason = choice.reason;
    } else {
        project.working_crs = "EPSG:25832";
        project.working_crs_reason = "fallback (the districts' location is unknown)";
    }
    layers.crs = project.working_crs;
    r.to_working_crs(layers.districts);

    for (const auto& source : file.facilities) {
        auto& layer = layers.facilities.emplace_back(r.read(source));
        r.to_working_crs(layer);
    }
    if (file.catchments) {
        layers.catchments = r.read(*file.catchments);
        r.to_working_crs(*layers.catchments);
    }
    for (const auto& source : file.population) {
        layers.population.push_back(r.read(source));
    }
    for (const auto& source : file.enrolment) {
        layers.enrolment.push_back(r.read(source));
    }
    for (const auto& source : file.care) {
        layers.care.push_back(r.read(source));
    }
    for (const auto& source : file.ganztag) {
        layers.ganztag.push_back(r.read(source));
    }
    for (const auto& source : file.transitions) {
        layers.transitions.push_back(r.read(source));
    }
    if (!r.crs_ok) {
        // Joining layers that are not where they claim to be gives only noise: stop here and
        // let the CRS findings speak (the grid's too).
        if (file.grid) {
            findings none;
            r.stream_grid(*file.grid, nullptr, nullptr, none);
        }
        return project;
    }
    if (progress) {
        progress("joining and validating");
    }
    planning::build_result built = planning::build_model(file.spec, layers);
    // The model holds what it needs of the layers: a country's population table as features
    // is most of a gigabyte, and the grid streamed next would come on top of it.
    layers = {};
    if (file.grid) {
        const auto* mapping = file.spec.grid ? &*file.spec.grid : nullptr;
        if (!r.stream_grid(*file.grid, mapping, &built.model, built.found)) {
            return project;
        }
    }
    for (auto& f : built.found) {
        project.found.push_back(std::move(f));
    }
    std::optional<planning::street_data> streets;
    if (options.streets && file.network) {
        if (progress) {
            progress("reading the street network: " +
                     geo::redacted_source(file.network->source.read.source));
        }
        streets = read_streets(*file.network, project.working_crs, r.reference_lonlat);
    }
    std::vector<planning::housing_area> housing;
    if (options.housing) {
        housing = load_housing(file, built.model);
    }
    project.planner.emplace(std::move(built.model), file.analyses, std::move(streets),
                            std::move(housing));
    return project;
}

} // namespace standort::services
