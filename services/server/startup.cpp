#include "services/server/startup.hpp"

#include "geo/error.hpp"
#include "services/render/access.hpp"
#include "services/render/catchments.hpp"
#include "services/render/coverage.hpp"
#include "services/render/export_layers.hpp"
#include "services/render/forecast.hpp"
#include "services/render/isochrones.hpp"
#include "services/render/supply.hpp"

#include <functional>

namespace standort::services::server {

namespace {

// Runs one analysis; what the project cannot carry is reported, not fatal.
void run_one(computed_layers& out, const std::string& group,
             const std::function<output_files()>& analysis) {
    try {
        out.collections.add_files(analysis(), group);
        out.done.push_back(group);
    } catch (const config_error& e) {
        out.skipped.push_back(group + ": " + e.message());
    } catch (const input_error& e) {
        out.skipped.push_back(group + ": " + e.what());
    }
}

} // namespace

computed_layers compute_layers(const opened_project& project, const progress_callback& progress) {
    computed_layers out;
    const auto& p = *project.planner;
    const auto& model = p.model();
    run_one(out, "Grundlagen", [&] { return export_files(project, {geo::output_format::gpkg}); });
    run_one(out, "Versorgung", [&] { return supply_files(model, p.supply({})); });
    run_one(out, "Erreichbarkeit",
            [&] { return coverage_files(model, p.coverage({}, progress), false); });
    run_one(out, "Erreichbarkeitsindex", [&] {
        planning::access_request q;
        q.weighting = planning::decay::e2sfca;
        return access_files(model, p.access(q, progress));
    });
    run_one(out, "Einzugsbereiche", [&] {
        planning::catchments_request q;
        q.capacity = true;
        return catchments_files(model, p.catchments(q, progress));
    });
    if (p.has_streets()) {
        run_one(out, "Isochronen",
                [&] { return isochrones_files(model, p.isochrones({}, progress)); });
    } else {
        out.skipped.emplace_back("Isochronen: the project has no street network");
    }
    run_one(out, "Prognose", [&] { return forecast_files(model, p.forecast({}, progress)); });
    return out;
}

} // namespace standort::services::server
