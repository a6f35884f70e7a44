#include "planning/forecast/backtest.hpp"

#include "planning/model/population_index.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace standort::planning {

namespace {

constexpr auto middle = static_cast<std::size_t>(variant::middle);

void score(backtest_row& row) {
    double abs_sum = 0;
    double sum = 0;
    std::size_t n = 0;
    row.error_pct.clear();
    for (std::size_t i = 0; i < row.years.size(); ++i) {
        const double o = row.observed[i];
        row.error_pct.push_back(o > 0 ? std::optional(100 * (row.projected[i] - o) / o)
                                      : std::nullopt);
        if (row.observed[i] > 0) {
            const double e = (row.projected[i] - row.observed[i]) / row.observed[i] * 100.0;
            abs_sum += std::abs(e);
            sum += e;
            ++n;
        }
    }
    if (n > 0) {
        row.mape = abs_sum / static_cast<double>(n);
        row.bias = sum / static_cast<double>(n);
    }
}

} // namespace

std::vector<age_band> backtest_bands() {
    return {{0, 3}, {3, 6}, {0, 6}, {6, 10}, {6, 15}, {10, 16}, {15, 18}, {0, 18}};
}

backtest_result run_backtest(const planning_model& model, const forecast_options& options,
                             int held_out_years) {
    if (held_out_years < 1) {
        throw config_error("the backtest holds out at least one year");
    }
    const int last = options.population.base_year != 0 ? options.population.base_year
                                                       : latest_population_year(model);
    const int first = [&] {
        int y = last;
        for (const auto& r : model.population) {
            y = std::min(y, r.year);
        }
        return y;
    }();
    if (last - held_out_years - first < 1) {
        throw config_error(fmt::format(
            "holding out {} years leaves {} year(s) of population ({} to {}): at least two are "
            "needed for one change ratio",
            held_out_years, std::max(0, last - held_out_years - first + 1), first, last));
    }
    // School years after the last population year cannot be projected from it.
    int school_last = 0;
    for (const auto& r : model.enrolment) {
        if (r.school_year <= last) {
            school_last = std::max(school_last, r.school_year);
        }
    }
    backtest_result out;
    out.held_out = held_out_years;
    out.base_year = last - held_out_years;
    out.school_base_year = school_last - held_out_years;

    forecast_options opts = options;
    opts.population.base_year = out.base_year;
    opts.population.horizon = held_out_years;
    const auto known = held_out(model, out.base_year, out.school_base_year);
    const auto fc = run_forecast(known, opts);
    out.notes = fc.notes;

    const population_index observed(model.population);
    for (const auto& df : fc.districts) {
        const auto& dp = fc.population.districts[df.projection];
        const auto& district = model.districts[df.district];
        for (const auto& band : backtest_bands()) {
            if (band.to > opts.population.last_age + 1) {
                continue;
            }
            backtest_row row;
            row.unit = "district";
            row.index = df.district;
            row.measure = to_string(band);
            bool answerable = true;
            for (int k = 1; k <= held_out_years; ++k) {
                const int year = out.base_year + k;
                const auto o = observed.persons(district.id, year, band);
                if (!o) {
                    answerable = false;
                    break;
                }
                double p = 0;
                const auto& ages = dp.persons[middle][static_cast<std::size_t>(k)];
                for (int a = band.from; a < band.to; ++a) {
                    p += ages[static_cast<std::size_t>(a)];
                }
                row.years.push_back(year);
                row.projected.push_back(p);
                row.observed.push_back(*o);
            }
            if (answerable) {
                score(row);
                out.rows.push_back(std::move(row));
            }
        }
    }
    const auto pupils = observed_pupils(model);
    for (const auto& ff : fc.facilities) {
        const auto& f = model.facilities[ff.facility];
        backtest_row row;
        row.unit = "facility";
        row.index = ff.facility;
        row.measure = "pupils";
        for (int k = 1; k <= held_out_years; ++k) {
            const int year = ff.base_year + k;
            const auto o = pupils.find({f.id.value, year});
            const auto kk = static_cast<std::size_t>(k);
            if (o == pupils.end() || kk >= ff.years[middle].size()) {
                continue;
            }
            row.years.push_back(year);
            row.projected.push_back(ff.years[middle][kk].pupils);
            row.observed.push_back(o->second);
        }
        if (!row.years.empty()) {
            score(row);
            out.rows.push_back(std::move(row));
        }
    }
    std::map<std::pair<std::string, std::string>, backtest_summary> sums;
    for (const auto& row : out.rows) {
        auto& s = sums[{row.unit, row.measure}];
        s.unit = row.unit;
        s.measure = row.measure;
        for (std::size_t i = 0; i < row.years.size(); ++i) {
            s.total_projected += row.projected[i];
            s.total_observed += row.observed[i];
        }
        if (row.mape) {
            ++s.rows;
            s.mape += *row.mape;
            s.bias += *row.bias;
        }
    }
    for (auto& [key, s] : sums) {
        if (s.rows > 0) {
            s.mape /= static_cast<double>(s.rows);
            s.bias /= static_cast<double>(s.rows);
        }
        out.summary.push_back(s);
    }
    out.horizons = run_horizon_backtest(model, options, held_out_years);
    return out;
}

} // namespace standort::planning
