#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace standort::services {

// The forecast as layers for QGIS and tables for the council annex:
// - forecast_districts: one polygon per district, children by age group for every year
//   (middle variant) and the corridor (low / high) of the last year, Kita demand, places and
//   the first year of shortage;
// - forecast_districts_years: one polygon per district and year, with a date (31 December)
//   for QGIS's temporal controller;
// - forecast_facilities: one point per school with enrolment figures and per Kita, with the
//   base and last year, the peak, capacity, utilisation and the first year of shortage;
// - forecast_facilities_years: one point per facility and school year (date: 1 August);
// - forecast_rates: the rates behind every projection (no geometry);
// - with a back-test, forecast_backtest (MAPE and bias per district and age band) and its
//   table of every district and school row.
// Written as GeoJSON each, forecast.gpkg, CSV tables and forecast_parameters.json.
output_files forecast_files(const planning::planning_model& model,
                            const planning::forecast_report& r);
nlohmann::json forecast_json(const planning::planning_model& model,
                             const planning::forecast_report& r);
void print_forecast(std::ostream& out, const planning::planning_model& model,
                    const planning::forecast_report& r);

} // namespace standort::services
