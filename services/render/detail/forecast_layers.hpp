#pragma once

#include "geo/feature_layer.hpp"
#include "planning/reports.hpp"

namespace standort::services::detail {

// The layers of services/render/forecast.hpp, one function each.
geo::feature_layer forecast_districts(const planning::planning_model& model,
                                      const planning::forecast_report& r);
geo::feature_layer forecast_district_years(const planning::planning_model& model,
                                           const planning::forecast_report& r);
geo::feature_layer forecast_facilities(const planning::planning_model& model,
                                       const planning::forecast_report& r);
geo::feature_layer forecast_facility_years(const planning::planning_model& model,
                                           const planning::forecast_report& r);
geo::feature_layer forecast_rates(const planning::planning_model& model,
                                  const planning::forecast_report& r);
geo::feature_layer backtest_districts(const planning::planning_model& model,
                                      const planning::backtest_result& b);
geo::feature_layer backtest_horizons(const planning::horizon_backtest& h);
geo::feature_layer backtest_table(const planning::planning_model& model,
                                  const planning::backtest_result& b);

} // namespace standort::services::detail
