#include "planning/forecast/forecast.hpp"

#include "planning/forecast/calibration.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/spatial_index.hpp"
#include "planning/reach/demand_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace standort::planning {

namespace {

double kita_rate_at(const std::vector<kita_rate>& rates, int age) {
    for (const auto& r : rates) {
        if (age >= r.ages.from && age < r.ages.to) {
            return r.per_100 / 100.0;
        }
    }
    return 0.0;
}

// Children of one age of a district in a year: observed up to the base year, projected after.
class age_source {
public:
    age_source(const age_history_table& history, const population_projection& projection)
        : m_history(history), m_projection(projection) {
        for (std::size_t i = 0; i < projection.districts.size(); ++i) {
            m_projected.emplace(projection.districts[i].district.value, i);
        }
    }

    double persons(std::size_t district, int year, int from, int to, variant v) const {
        const auto& h = m_history.districts[district];
        const int base = m_projection.options.base_year;
        const std::vector<double>* ages = nullptr;
        if (year <= base) {
            auto it = h.persons.find(year);
            ages = it == h.persons.end() ? nullptr : &it->second;
        } else {
            auto it = m_projected.find(h.district.value);
            const auto k = static_cast<std::size_t>(year - base);
            if (it != m_projected.end() && k < m_projection.steps()) {
                ages = &m_projection.districts[it->second].persons[static_cast<std::size_t>(v)][k];
            }
        }
        if (!ages) {
            return 0.0;
        }
        double n = 0;
        for (int a = from; a < to && a < static_cast<int>(ages->size()); ++a) {
            n += (*ages)[static_cast<std::size_t>(a)];
        }
        return n;
    }

private:
    const age_history_table& m_history;
    const population_projection& m_projection;
    std::unordered_map<std::string, std::size_t> m_projected;
};

} // namespace

std::vector<std::vector<std::size_t>> facility_catchments(const planning_model& model) {
    std::vector<std::vector<std::size_t>> out(model.facilities.size());
    for (std::size_t c = 0; c < model.catchments.size(); ++c) {
        const auto& cat = model.catchments[c];
        for (std::size_t f = 0; f < model.facilities.size(); ++f) {
            const auto& id = model.facilities[f].id;
            const bool named = cat.facility && *cat.facility == id;
            const bool inside = !cat.facility && std::find(cat.facilities_inside.begin(),
                                                           cat.facilities_inside.end(),
                                                           id) != cat.facilities_inside.end();
            if (named || inside) {
                out[f].push_back(c);
            }
        }
    }
    return out;
}

// Share of each district's children living in each catchment, from the grid cells (or by area
// when there is no grid): shares[catchment][district].
std::vector<std::vector<double>> catchment_shares(const planning_model& model, int year) {
    std::vector<std::vector<double>> shares(model.catchments.size(),
                                            std::vector<double>(model.districts.size(), 0.0));
    if (model.catchments.empty()) {
        return shares;
    }
    const auto units = make_demand_units(model, year, {0, 18}, {});
    if (!units.from_grid) {
        // Without a grid the children are taken as spread evenly over their district: its
        // share in a catchment is the share of its area.
        for (std::size_t c = 0; c < model.catchments.size(); ++c) {
            for (std::size_t d = 0; d < model.districts.size(); ++d) {
                const auto& district = model.districts[d];
                if (district.area_m2 > 0) {
                    shares[c][d] = std::min(
                        1.0, geo::intersection_area(model.catchments[c].area, district.area) /
                                 district.area_m2);
                }
            }
        }
        return shares;
    }
    std::vector<const geo::multi_polygon*> areas;
    for (const auto& c : model.catchments) {
        areas.push_back(&c.area);
    }
    const geo::polygon_index index(areas);
    std::vector<double> district_total(model.districts.size(), 0.0);
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        if (units.district[u] < 0) {
            continue;
        }
        const auto d = static_cast<std::size_t>(units.district[u]);
        district_total[d] += units.children[u];
        const auto hits = index.covering(units.locations[u]);
        if (!hits.empty()) { // a cell on a border goes to the first catchment
            shares[hits.front()][d] += units.children[u];
        }
    }
    for (auto& row : shares) {
        for (std::size_t d = 0; d < row.size(); ++d) {
            row[d] = district_total[d] > 0 ? row[d] / district_total[d] : 0.0;
        }
    }
    return shares;
}

namespace {

struct school_input {
    std::size_t facility = 0;
    bool totals_only = false; // the source gives pupils per school, not per grade
    int entry_grade = 1;
    int last_grade = 1;
    std::map<int, std::map<int, double>> by_grade; // school year -> grade -> pupils
    std::map<int, double> totals;                  // school year -> "all"
    std::size_t unreadable_grades = 0;             // "EF", "Q1": not projected
};

// Grade 0 holds the school's total in totals mode: the "all" figure where a year has one, else
// the sum of its grades.
std::vector<school_input> schools_with_enrolment(const planning_model& model, int primary_grades) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < model.facilities.size(); ++i) {
        const auto kind = model.facilities[i].kind;
        if (kind == facility_kind::grundschule || kind == facility_kind::sek1) {
            index.emplace(model.facilities[i].id.value, i);
        }
    }
    std::map<std::size_t, school_input> by_school;
    for (const auto& r : model.enrolment) {
        auto it = index.find(r.facility.value);
        if (it == index.end()) {
            continue;
        }
        auto& s = by_school[it->second];
        s.facility = it->second;
        if (r.grade == "all") {
            s.totals_only = true;
            s.totals[r.school_year] += r.pupils;
            continue;
        }
        int grade = 0;
        const auto [end, ec] =
            std::from_chars(r.grade.data(), r.grade.data() + r.grade.size(), grade);
        if (ec != std::errc{} || end != r.grade.data() + r.grade.size() || grade < 1 ||
            grade > 13) {
            ++s.unreadable_grades;
            continue;
        }
        s.by_grade[r.school_year][grade] += r.pupils;
    }
    std::vector<school_input> out;
    for (auto& [i, s] : by_school) {
        if (s.totals_only) {
            std::map<int, std::map<int, double>> totals;
            for (const auto& [year, grades] : s.by_grade) {
                for (const auto& [g, n] : grades) {
                    totals[year][0] += n;
                }
            }
            for (const auto& [year, n] : s.totals) {
                totals[year] = {{0, n}};
            }
            s.by_grade = std::move(totals);
            s.entry_grade = s.last_grade = 0;
            out.push_back(std::move(s));
            continue;
        }
        int lo = 99;
        int hi = 0;
        for (const auto& [year, grades] : s.by_grade) {
            for (const auto& [g, n] : grades) {
                lo = std::min(lo, g);
                hi = std::max(hi, g);
            }
        }
        // A Grundschule runs all the Land's grades, even while it is still filling up.
        if (model.facilities[s.facility].kind == facility_kind::grundschule) {
            lo = 1;
            hi = std::max(hi, primary_grades);
        }
        s.entry_grade = lo;
        s.last_grade = hi;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<double> grade_vector(const std::map<int, double>& grades, int entry, int last) {
    std::vector<double> v(static_cast<std::size_t>(last - entry + 1), 0.0);
    for (const auto& [g, n] : grades) {
        if (g >= entry && g <= last) {
            v[static_cast<std::size_t>(g - entry)] = n;
        }
    }
    return v;
}

} // namespace

std::map<std::pair<std::string, int>, double> observed_pupils(const planning_model& model) {
    std::map<std::pair<std::string, int>, double> out;
    for (const auto& s : schools_with_enrolment(model, 0)) {
        const auto& id = model.facilities[s.facility].id.value;
        for (const auto& [year, grades] : s.by_grade) {
            for (const auto& [g, n] : grades) {
                out[{id, year}] += n;
            }
        }
    }
    return out;
}

std::vector<kita_rate> default_kita_rates() {
    return {{{0, 1}, 10}, {{1, 2}, 55}, {{2, 3}, 70}, {{3, 6}, 95}};
}

int latest_population_year(const planning_model& model) {
    int latest = 0;
    for (const auto& r : model.population) {
        latest = std::max(latest, r.year);
    }
    return latest;
}

namespace {

// Classes of a school year by grade: the Land's rule per grade, and where classes carry on with
// their cohort, at least as many as the cohort formed at entry.
int classes_of(const facility_forecast& ff, const std::vector<double>& by_grade, int year,
               bool primary, std::map<int, int>& entry_classes) {
    int classes = 0;
    for (std::size_t g = 0; g < by_grade.size(); ++g) {
        const int grade = static_cast<int>(g);
        int c = primary ? ff.rule.classes_in_grade(by_grade[g], grade)
                        : ff.rule.classes(by_grade[g], false);
        if (g == 0) {
            entry_classes[year] = c;
        } else if (ff.rule.carry_entry_classes) {
            const auto e = entry_classes.find(year - grade);
            if (e != entry_classes.end() && by_grade[g] >= 0.5) {
                c = std::max(c, e->second);
            }
        }
        classes += c;
    }
    return classes;
}

} // namespace

planning_model held_out(const planning_model& model, int base_year, int school_base_year) {
    planning_model out = model;
    std::erase_if(out.population, [&](const population_record& r) { return r.year > base_year; });
    std::erase_if(out.enrolment,
                  [&](const enrolment_record& r) { return r.school_year > school_base_year; });
    return out;
}

forecast_result run_forecast(const planning_model& model, const forecast_options& options) {
    forecast_result out;
    out.options = options;
    auto& popt = out.options.population;
    if (popt.base_year == 0) {
        popt.base_year = latest_population_year(model);
    }
    if (popt.base_year == 0) {
        throw config_error("the project has no population figures to project from");
    }
    out.base_year = popt.base_year;
    const bool by_reference = popt.births == births_basis::reference_population;
    const auto history =
        single_age_history(model.population, model.districts, popt.last_age,
                           by_reference ? std::optional(popt.reference) : std::nullopt);
    std::string calibration_note;
    if (!popt.calibrated &&
        (popt.method == projection_method::damped_cohort || popt.method_by_backtest)) {
        const auto c = calibrator(history, popt, popt.base_year).at(popt.base_year);
        popt.method = c.method;
        popt.damped = c.chosen;
        if (popt.interval_from_errors && !popt.variant_factors) {
            popt.interval = c.interval;
        }
        calibration_note = c.note;
    }
    out.population = project_population(history, popt);
    out.notes = out.population.notes;
    if (!calibration_note.empty()) {
        out.notes.push_back(calibration_note);
    }
    const std::size_t steps = out.population.steps();
    const int entry_age = options.entry_age;

    // Kita demand by district against the places of the Kitas located there.
    std::unordered_map<std::string, std::size_t> district_index;
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        district_index.emplace(model.districts[d].id.value, d);
    }
    const bool project_has_kitas =
        std::any_of(model.facilities.begin(), model.facilities.end(),
                    [](const facility& f) { return f.kind == facility_kind::kita; });
    for (std::size_t p = 0; p < out.population.districts.size(); ++p) {
        const auto& dp = out.population.districts[p];
        district_forecast df;
        df.district = district_index.at(dp.district.value);
        df.projection = p;
        double u3 = 0;
        double ue3 = 0;
        double places = 0;
        bool split = true;
        bool known = project_has_kitas;
        for (const auto& f : model.facilities) {
            if (f.kind != facility_kind::kita || f.district != dp.district) {
                continue;
            }
            ++df.kitas;
            const auto& c = f.cap;
            if (c.places_u3 && c.places_ue3) {
                u3 += *c.places_u3;
                ue3 += *c.places_ue3;
            } else {
                split = false;
            }
            known = known &&
                    c.places.has_value(); // build_model adds U3 and Ü3 where only they are given
            places += c.places.value_or(0);
        }
        if (known) {
            df.places = places;
        }
        if (split) {
            df.places_u3 = u3;
            df.places_ue3 = ue3;
        }
        for (const variant v : all_variants) {
            const auto vi = static_cast<std::size_t>(v);
            for (std::size_t k = 0; k < steps; ++k) {
                const auto& ages = dp.persons[vi][k];
                double d_u3 = 0;
                double d_ue3 = 0;
                for (int a = 0; a < entry_age && a < static_cast<int>(ages.size()); ++a) {
                    const double n =
                        ages[static_cast<std::size_t>(a)] * kita_rate_at(options.kita_rates, a);
                    (a < 3 ? d_u3 : d_ue3) += n;
                }
                df.demand_u3[vi].push_back(d_u3);
                df.demand_ue3[vi].push_back(d_ue3);
                // A district without Kitas has no shortage of its own to report; its children
                // are counted in the demand. Where places are split, U3 is checked on its own.
                const bool short_total = df.places && d_u3 + d_ue3 > *df.places + 0.5;
                const bool short_u3 = df.places_u3 && d_u3 > *df.places_u3 + 0.5;
                if (df.kitas > 0 && !df.first_shortage[vi] && (short_total || short_u3)) {
                    df.first_shortage[vi] = out.year(k);
                }
            }
        }
        out.districts.push_back(std::move(df));
    }

    // Schools with enrolment figures.
    const auto& rules = out.options.rules;
    auto inputs = schools_with_enrolment(model, rules.primary_grades);
    if (inputs.empty()) {
        return out;
    }
    int first_year = std::numeric_limits<int>::max();
    for (const auto& s : inputs) {
        if (!s.by_grade.empty()) {
            out.school_base_year = std::max(out.school_base_year, s.by_grade.rbegin()->first);
            first_year = std::min(first_year, s.by_grade.begin()->first);
        }
    }
    const int last_year = out.base_year + popt.horizon;
    const age_source ages(history, out.population);
    const int grid_year = model.grid.year.value_or(out.base_year);
    const auto shares = catchment_shares(model, grid_year);
    const auto catchments_of = facility_catchments(model);
    // The share of each district's children a school draws on: its catchments' shares, or the
    // whole municipality for a school without a catchment.
    auto district_shares = [&](std::size_t facility) {
        std::vector<double> share(model.districts.size(),
                                  catchments_of[facility].empty() ? 1.0 : 0.0);
        for (auto c : catchments_of[facility]) {
            for (std::size_t d = 0; d < share.size(); ++d) {
                share[d] += shares[c][d];
            }
        }
        return share;
    };

    // Grundschulen first: their last grade is the pool of the secondary schools.
    std::stable_sort(inputs.begin(), inputs.end(),
                     [&](const school_input& a, const school_input& b) {
                         return model.facilities[a.facility].kind == facility_kind::grundschule &&
                                model.facilities[b.facility].kind != facility_kind::grundschule;
                     });
    // [variant][school year] -> leavers of the Grundschulen (their last grade)
    std::array<std::map<int, double>, 3> leavers;
    for (const auto& s : inputs) {
        const auto& f = model.facilities[s.facility];
        const bool primary = f.kind == facility_kind::grundschule;
        if (s.by_grade.empty()) {
            continue;
        }
        facility_forecast ff;
        ff.facility = s.facility;
        ff.totals_only = s.totals_only;
        ff.entry_grade = s.entry_grade;
        ff.last_grade = s.last_grade;
        // Each school from its own latest year, to the same last year as the population.
        ff.base_year = s.by_grade.rbegin()->first;
        ff.rule = primary ? rules.grundschule
                          : (rules.gymnasium && f.school_type.find("Gymnasium") != std::string::npos
                                 ? *rules.gymnasium
                                 : rules.sek1);
        ff.seats = f.cap.seats;
        const int grades =
            s.totals_only
                ? static_cast<int>(f.cap.grades.value_or(primary ? rules.primary_grades : 6))
                : s.last_grade - s.entry_grade + 1;
        if (f.cap.zuege) {
            ff.rooms = static_cast<int>(std::lround(*f.cap.zuege * grades));
        }
        if (s.unreadable_grades > 0) {
            out.notes.push_back(fmt::format("{}: {} enrolment rows with grades other than 1-13 "
                                            "(EF, Q1, ...) are not projected",
                                            f.id.value, s.unreadable_grades));
        }
        if (ff.base_year < out.school_base_year) {
            out.notes.push_back(fmt::format("{}: latest enrolment {}, projected from there",
                                            f.id.value, school_year_label(ff.base_year)));
        }
        if (!primary && s.totals_only) {
            out.notes.push_back(
                fmt::format("{}: secondary school without grades, not projected", f.id.value));
            continue;
        }
        const int horizon = std::max(0, last_year - ff.base_year);
        const auto school_shares = primary ? district_shares(s.facility) : std::vector<double>{};
        // Children of ages [from, to) in the school's share of the districts.
        auto pool = [&](int year, int from, int to, variant v) {
            double n = 0;
            for (std::size_t d = 0; d < school_shares.size(); ++d) {
                if (school_shares[d] > 0) {
                    n += school_shares[d] * ages.persons(d, year, from, to, v);
                }
            }
            return n;
        };
        auto series_for = [&](variant v) {
            school_series series;
            series.entry_grade = s.totals_only ? 1 : s.entry_grade;
            series.last_grade = s.totals_only ? 1 : s.last_grade;
            for (const auto& [year, g] : s.by_grade) {
                series.pupils[year] = grade_vector(g, s.totals_only ? 0 : s.entry_grade,
                                                   s.totals_only ? 0 : s.last_grade);
            }
            for (int year = first_year; year <= last_year; ++year) {
                if (primary) {
                    // A school with totals only draws on all its ages: the share method.
                    const int to = s.totals_only ? entry_age + grades : entry_age + 1;
                    series.pool[year] = pool(year, entry_age, to, v);
                } else if (auto it = leavers[static_cast<std::size_t>(v)].find(year - 1);
                           it != leavers[static_cast<std::size_t>(v)].end()) {
                    series.pool[year] = it->second;
                }
            }
            return series;
        };
        std::array<school_series, 3> series;
        for (const variant v : all_variants) {
            series[static_cast<std::size_t>(v)] = series_for(v);
        }
        // The rates once, from the middle variant: the corridor comes from the pools alone.
        ff.rates = enrolment_rates(series[static_cast<std::size_t>(variant::middle)], ff.base_year,
                                   popt.weights);
        // Entry classes per school year, observed years first: what NRW's cohorts carry on.
        std::array<std::map<int, int>, 3> entry_classes;
        for (auto& e : entry_classes) {
            for (const auto& [y, g] : s.by_grade) {
                if (g.count(s.entry_grade)) {
                    e[y] = ff.rule.classes(g.at(s.entry_grade), primary);
                }
            }
        }
        for (const variant v : all_variants) {
            const auto vi = static_cast<std::size_t>(v);
            auto proj = project_enrolment(series[vi], ff.rates, ff.base_year, horizon);
            if (v == variant::middle) {
                ff.notes.insert(ff.notes.end(), proj.notes.begin(), proj.notes.end());
            }
            for (std::size_t k = 0; k < proj.pupils.size(); ++k) {
                const int year = ff.year(k);
                const auto& by_grade = proj.pupils[k];
                school_year_figures fig;
                for (std::size_t g = 0; g < by_grade.size(); ++g) {
                    fig.pupils += by_grade[g];
                }
                if (s.totals_only) {
                    fig.classes = grades * ff.rule.classes(fig.pupils / grades, false);
                } else {
                    fig.classes = classes_of(ff, by_grade, year, primary, entry_classes[vi]);
                }
                if (k == 0 && ff.rooms && fig.classes > *ff.rooms) {
                    // The school holds these classes today: it has at least these rooms, and
                    // a forecast that calls the present a shortage is wrong.
                    ff.notes.push_back(fmt::format(
                        "{} classes in {} against {} rooms by Züge x grades: its rooms are "
                        "taken as at least today's classes",
                        fig.classes, school_year_label(year), *ff.rooms));
                    ff.rooms = fig.classes;
                }
                if (ff.seats && *ff.seats > 0) {
                    fig.utilisation = 100.0 * fig.pupils / *ff.seats;
                    fig.short_of_seats = fig.pupils > *ff.seats + 0.5;
                }
                fig.short_of_rooms = ff.rooms && fig.classes > *ff.rooms;
                if (!ff.first_shortage[vi] && (fig.short_of_seats || fig.short_of_rooms)) {
                    ff.first_shortage[vi] = year;
                }
                if (primary && !s.totals_only) {
                    leavers[vi][year] += by_grade.back();
                }
                ff.years[vi].push_back(fig);
            }
            ff.pupils[vi] = std::move(proj.pupils);
        }
        // Observed years before the base feed the secondary schools' pools too.
        if (primary && !s.totals_only) {
            for (const auto& [year, g] : s.by_grade) {
                if (year < ff.base_year) {
                    for (auto& l : leavers) {
                        l[year] += g.count(s.last_grade) ? g.at(s.last_grade) : 0.0;
                    }
                }
            }
        }
        out.facilities.push_back(std::move(ff));
    }
    return out;
}

} // namespace standort::planning
