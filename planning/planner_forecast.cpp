// The planner's forecast entry: the projection, its back-test and the outlook layers read.

#include "geo/error.hpp"
#include "planning/detail/planner_travel.hpp"

#include <fmt/format.h>

namespace standort::planning {

using detail::say;

namespace {

// The years a back-test may hold out and a projection may run: beyond them the data of a
// German municipality carry no trend (ten years of register data, thirty of planning).
constexpr int max_backtest_years = 10;
constexpr int max_horizon_years = 30;

std::string lands_text() {
    std::string out;
    for (const auto& l : supported_lands()) {
        out += out.empty() ? l : " or " + l;
    }
    return out;
}

} // namespace

forecast_report planner::forecast(const forecast_request& request,
                                  const progress_callback& progress) const {
    if (request.backtest < 0 || request.backtest > max_backtest_years) {
        throw request_error("backtest", fmt::format("the back-test holds out 1 to {} years, not {}",
                                                    max_backtest_years, request.backtest));
    }
    forecast_options o = m_settings.forecast;
    o.population.housing = m_housing;
    if (request.base_year) {
        o.population.base_year = *request.base_year;
    }
    if (request.horizon) {
        if (*request.horizon < 1 || *request.horizon > max_horizon_years) {
            throw request_error("horizon", fmt::format("the horizon is 1 to {} years, not {}",
                                                       max_horizon_years, *request.horizon));
        }
        o.population.horizon = *request.horizon;
    }
    if (!request.land.empty()) {
        const auto rules = rules_of_land(request.land);
        if (!rules) {
            throw request_error("land", fmt::format("no class-size rules for the Land '{}'; use {}",
                                                    request.land, lands_text()));
        }
        o.rules = *rules;
    }
    forecast_report out;
    say(progress, "projecting children, Kita demand and enrolment");
    out.result = run_forecast(m_model, o);
    if (request.backtest > 0) {
        say(progress, fmt::format("backtest: holding out the last {} years", request.backtest));
        out.backtest = run_backtest(m_model, o, request.backtest);
    }
    out.housing = m_housing;
    out.outlook = make_outlook(m_model, out.result);
    return out;
}

} // namespace standort::planning
