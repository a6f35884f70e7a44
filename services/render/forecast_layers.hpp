#pragma once

#include "geo/feature_layer.hpp"
#include "planning/forecast/backtest.hpp"
#include "planning/forecast/forecast.hpp"

namespace standort::services {

// The forecast as layers for QGIS and tables for the council annex:
// - forecast_districts: one polygon per district, children by age group for every year
//   (middle variant) and the corridor (low / high) of the last year, Kita demand, places and
//   the first year of shortage;
// - forecast_districts_years: one polygon per district and year, with a date (31 December)
//   for QGIS's temporal controller;
// - forecast_facilities: one point per school with enrolment figures and per Kita, with the
//   base and last year, the peak, capacity, utilisation and the first year of shortage;
// - forecast_facilities_years: one point per facility and school year (date: 1 August).
// Age groups: u3 (0-2), ue3 (3 to school entry), primary (the Land's Grundschule ages),
// sek1 (to 16) and children (0-17).
struct forecast_layers {
    geo::feature_layer districts;
    geo::feature_layer district_years;
    geo::feature_layer facilities;
    geo::feature_layer facility_years;
    geo::feature_layer rates; // no geometry: the rates behind every projection
};

forecast_layers make_forecast_layers(const planning::planning_model& model,
                                     const planning::forecast_result& forecast);

// Per district: the backtest's MAPE and bias for each age band it could check; and a table of
// every district and school row.
geo::feature_layer make_backtest_district_layer(const planning::planning_model& model,
                                                const planning::backtest_result& backtest);
geo::feature_layer make_backtest_table(const planning::planning_model& model,
                                       const planning::backtest_result& backtest);

} // namespace standort::services
