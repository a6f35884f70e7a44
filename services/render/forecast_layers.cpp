#include "services/render/detail/forecast_layers.hpp"

#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace standort::services::detail {

namespace {

using geo::value;
using planning::school_year_label;

constexpr auto low = static_cast<std::size_t>(planning::variant::low);
constexpr auto mid = static_cast<std::size_t>(planning::variant::middle);
constexpr auto high = static_cast<std::size_t>(planning::variant::high);

value year_or_null(const std::optional<int>& y) {
    return y ? value{static_cast<std::int64_t>(*y)} : value{};
}

value count(std::size_t n) {
    return static_cast<std::int64_t>(n);
}

std::string shortage_text(bool seats, bool rooms) {
    return seats && rooms ? "seats and rooms" : seats ? "seats" : rooms ? "rooms" : "";
}

// The facility layers hold the schools with a projection first, then the Kitas carrying a
// share of their district's demand; a column gives one function for each.
class facility_rows {
public:
    explicit facility_rows(const planning::forecast_report& r) : m_r(r) {}

    std::size_t size() const { return schools() + m_r.outlook.kitas.size(); }
    std::size_t schools() const { return m_r.outlook.schools.size(); }
    const planning::school_outlook& school(std::size_t i) const { return m_r.outlook.schools[i]; }
    const planning::facility_forecast& projection(std::size_t i) const {
        return m_r.result.facilities[school(i).forecast];
    }
    const planning::kita_outlook& kita(std::size_t i) const {
        return m_r.outlook.kitas[i - schools()];
    }
    const planning::district_forecast& district_of_kita(std::size_t i) const {
        return m_r.result.districts[kita(i).district];
    }
    std::size_t facility(std::size_t i) const {
        return i < schools() ? projection(i).facility : kita(i).facility;
    }

    template <class S, class K> layer_builder::value_of either(S school_value, K kita_value) const {
        return [this, school_value, kita_value](std::size_t i) -> value {
            return i < schools() ? value(school_value(i)) : value(kita_value(i));
        };
    }

private:
    const planning::forecast_report& m_r;
};

} // namespace

// Year columns named relative to the base year (u3_base, u3_plus_1, ...; base_year and
// last_year say which years), so a style or script made this year works on next year's run.
std::string relative_year(const std::string& name, std::size_t step) {
    return step == 0 ? name + "_base" : fmt::format("{}_plus_{}", name, step);
}

geo::feature_layer forecast_districts(const planning::planning_model& model,
                                      const planning::forecast_report& r) {
    const auto& outlook = r.outlook;
    const auto& result = r.result;
    const std::size_t steps = result.population.steps();
    const int last_year = result.year(steps - 1);
    const auto df = [&](std::size_t i) -> const planning::district_forecast& {
        return result.districts[outlook.districts[i].forecast];
    };
    const auto year = [&](std::size_t i, std::size_t k) -> const planning::district_year_outlook& {
        return outlook.districts[i].years[k];
    };
    const auto district = [&](std::size_t i) -> const planning::district& {
        return model.districts[df(i).district];
    };
    layer_builder b("forecast_districts", model.crs, outlook.districts.size());
    b.shape([&](std::size_t i) { return district(i).area; })
        .text("district_id", [&](std::size_t i) { return district(i).id.value; })
        .text("name", [&](std::size_t i) { return district(i).name; })
        .integer("base_year", [&](std::size_t) { return std::int64_t{result.base_year}; })
        .integer("last_year", [&](std::size_t) { return std::int64_t{last_year}; });
    for (std::size_t g = 0; g < outlook.groups.size(); ++g) {
        const auto& name = outlook.groups[g].name;
        for (std::size_t k = 0; k < steps; ++k) {
            b.real(relative_year(name, k),
                   [=](std::size_t i) { return rounded(year(i, k).groups[g][mid], 1); });
        }
        b.real(name + "_last_low",
               [=](std::size_t i) { return rounded(year(i, steps - 1).groups[g][low], 1); });
        b.real(name + "_last_high",
               [=](std::size_t i) { return rounded(year(i, steps - 1).groups[g][high], 1); });
        b.real(name + "_change_pct",
               [&, g](std::size_t i) { return rounded(outlook.districts[i].change_pct[g], 1); });
    }
    b.integer("kita_places", [=](std::size_t i) { return counted(df(i).places); })
        .integer("kita_places_u3", [=](std::size_t i) { return counted(df(i).places_u3); })
        .integer("kita_places_ue3", [=](std::size_t i) { return counted(df(i).places_ue3); })
        .integer("kitas", [=](std::size_t i) { return count(df(i).kitas); });
    for (std::size_t k = 0; k < steps; ++k) {
        b.real(relative_year("kita_demand", k),
               [=](std::size_t i) { return rounded(year(i, k).kita_demand[mid], 1); });
    }
    b.real("kita_missing_last",
           [=](std::size_t i) { return rounded(year(i, steps - 1).kita_missing, 1); })
        .real("kita_missing_last_high",
              [=](std::size_t i) {
                  const auto& p = df(i).places;
                  return rounded(p ? std::optional(year(i, steps - 1).kita_demand[high] - *p)
                                   : std::nullopt,
                                 1);
              })
        .integer("kita_first_shortage",
                 [=](std::size_t i) { return year_or_null(df(i).first_shortage[mid]); })
        .integer("kita_first_shortage_low",
                 [=](std::size_t i) { return year_or_null(df(i).first_shortage[low]); })
        .integer("kita_first_shortage_high",
                 [=](std::size_t i) { return year_or_null(df(i).first_shortage[high]); });
    return b.build();
}

geo::feature_layer forecast_district_years(const planning::planning_model& model,
                                           const planning::forecast_report& r) {
    const auto& outlook = r.outlook;
    std::vector<std::pair<std::size_t, std::size_t>> rows; // (district, step)
    for (std::size_t i = 0; i < outlook.districts.size(); ++i) {
        for (std::size_t k = 0; k < outlook.districts[i].years.size(); ++k) {
            rows.emplace_back(i, k);
        }
    }
    const auto y = [&](std::size_t row) -> const planning::district_year_outlook& {
        return outlook.districts[rows[row].first].years[rows[row].second];
    };
    const auto df = [&](std::size_t row) -> const planning::district_forecast& {
        return r.result.districts[outlook.districts[rows[row].first].forecast];
    };
    const auto district = [&](std::size_t row) -> const planning::district& {
        return model.districts[df(row).district];
    };
    layer_builder b("forecast_districts_years", model.crs, rows.size());
    b.shape([&](std::size_t i) { return district(i).area; })
        .text("district_id", [&](std::size_t i) { return district(i).id.value; })
        .text("name", [&](std::size_t i) { return district(i).name; })
        .integer("year", [&](std::size_t i) { return std::int64_t{y(i).year}; })
        .date("date", [&](std::size_t i) { return fmt::format("{}-12-31", y(i).year); })
        .integer("observed", [&](std::size_t i) { return std::int64_t{y(i).observed ? 1 : 0}; });
    for (std::size_t g = 0; g < outlook.groups.size(); ++g) {
        const auto& name = outlook.groups[g].name;
        b.real(name, [=](std::size_t i) { return rounded(y(i).groups[g][mid], 1); })
            .real(name + "_low", [=](std::size_t i) { return rounded(y(i).groups[g][low], 1); })
            .real(name + "_high", [=](std::size_t i) { return rounded(y(i).groups[g][high], 1); });
    }
    b.real("movers_children", [=](std::size_t i) { return rounded(y(i).movers_children, 1); })
        .real("kita_demand_u3", [=](std::size_t i) { return rounded(y(i).kita_demand_u3, 1); })
        .real("kita_demand_ue3", [=](std::size_t i) { return rounded(y(i).kita_demand_ue3, 1); })
        .real("kita_demand", [=](std::size_t i) { return rounded(y(i).kita_demand[mid], 1); })
        .real("kita_demand_low", [=](std::size_t i) { return rounded(y(i).kita_demand[low], 1); })
        .real("kita_demand_high", [=](std::size_t i) { return rounded(y(i).kita_demand[high], 1); })
        .integer("kita_places", [=](std::size_t i) { return counted(df(i).places); })
        .real("kita_missing", [=](std::size_t i) { return rounded(y(i).kita_missing, 1); })
        .real("kita_places_per_100",
              [=](std::size_t i) { return rounded(y(i).kita_places_per_100, 1); });
    return b.build();
}

namespace {

// What the columns of the facility layers read: the rows and the figures behind them, owned
// by the caller until the layer is built.
struct facility_context {
    const planning::planning_model& model;
    const planning::forecast_report& report;
    facility_rows rows;

    const planning::facility& facility(std::size_t i) const {
        return model.facilities[rows.facility(i)];
    }
    const std::vector<planning::school_year_figures>& years(std::size_t i, std::size_t v) const {
        return rows.projection(i).years[v];
    }
    const planning::school_year_figures& peak(std::size_t i) const {
        return years(i, mid)[rows.school(i).peak];
    }
    value kita_demand(std::size_t i, std::size_t v, std::size_t k) const {
        return rounded(rows.kita(i).demand[v][k], 1);
    }
    std::size_t last_step() const { return report.result.population.steps() - 1; }
};

value none(std::size_t) {
    return {};
}

void add_facility_identity(layer_builder& b, const facility_context& c) {
    const auto& rows = c.rows;
    const auto& result = c.report.result;
    b.shape([&c](std::size_t i) { return c.facility(i).location; })
        .text("facility_id", [&c](std::size_t i) { return c.facility(i).id.value; })
        .text("name", [&c](std::size_t i) { return c.facility(i).name; })
        .text("kind",
              rows.either([&c](std::size_t i) { return planning::to_string(c.facility(i).kind); },
                          [](std::size_t) { return std::string("kita"); }))
        .text("school_type", rows.either([&c](std::size_t i) { return c.facility(i).school_type; },
                                         [](std::size_t) { return std::string{}; }))
        .text("district_id",
              [&c](std::size_t i) {
                  const auto& d = c.facility(i).district;
                  return d ? d->value : std::string{};
              })
        .text("grades", rows.either(
                            [&rows](std::size_t i) {
                                const auto& ff = rows.projection(i);
                                return ff.totals_only
                                           ? std::string("all")
                                           : fmt::format("{}-{}", ff.entry_grade, ff.last_grade);
                            },
                            [&result](std::size_t) {
                                return "0-" + std::to_string(result.options.entry_age - 1);
                            }))
        .text("base_year", rows.either(
                               [&rows](std::size_t i) {
                                   return school_year_label(rows.projection(i).base_year);
                               },
                               [&result](std::size_t) { return std::to_string(result.base_year); }))
        .text("last_year", rows.either(
                               [&rows](std::size_t i) {
                                   const auto& ff = rows.projection(i);
                                   return school_year_label(ff.year(ff.years[mid].size() - 1));
                               },
                               [&c](std::size_t) {
                                   return std::to_string(c.report.result.year(c.last_step()));
                               }));
}

void add_facility_pupils(layer_builder& b, const facility_context& c) {
    const auto& rows = c.rows;
    const auto last = c.last_step();
    const auto pupils = [&b, &c, &rows, last](const std::string& name, std::size_t v) {
        b.real(name, rows.either(
                         [&c, v](std::size_t i) { return rounded(c.years(i, v).back().pupils, 1); },
                         [&c, v, last](std::size_t i) { return c.kita_demand(i, v, last); }));
    };
    b.real("pupils_base",
           rows.either([&c](std::size_t i) { return rounded(c.years(i, mid).front().pupils, 1); },
                       [&c](std::size_t i) { return c.kita_demand(i, mid, 0); }));
    pupils("pupils_last", mid);
    pupils("pupils_last_low", low);
    pupils("pupils_last_high", high);
    b.real("pupils_peak",
           rows.either([&c](std::size_t i) { return rounded(c.peak(i).pupils, 1); },
                       [&c](std::size_t i) { return c.kita_demand(i, mid, c.rows.kita(i).peak); }))
        .text("peak_year",
              rows.either(
                  [&rows](std::size_t i) {
                      return school_year_label(rows.projection(i).year(rows.school(i).peak));
                  },
                  [&c](std::size_t i) {
                      return std::to_string(c.report.result.year(c.rows.kita(i).peak));
                  }));
}

void add_facility_capacity(layer_builder& b, const facility_context& c) {
    const auto& rows = c.rows;
    b.real("seats",
           rows.either([&rows](std::size_t i) { return rounded(rows.projection(i).seats, 0); },
                       [&rows](std::size_t i) { return rounded(rows.kita(i).places, 0); }))
        .real(
            "zuege",
            rows.either([&c](std::size_t i) { return rounded(c.facility(i).cap.zuege, 1); }, none))
        .integer("rooms", rows.either(
                              [&rows](std::size_t i) {
                                  const auto& rooms = rows.projection(i).rooms;
                                  return rooms ? value{std::int64_t{*rooms}} : value{};
                              },
                              none))
        .integer("classes_base",
                 rows.either(
                     [&c](std::size_t i) { return std::int64_t{c.years(i, mid).front().classes}; },
                     none))
        .integer("classes_peak",
                 rows.either([&c](std::size_t i) { return std::int64_t{c.peak(i).classes}; }, none))
        .real("utilisation_base",
              rows.either(
                  [&c](std::size_t i) { return rounded(c.years(i, mid).front().utilisation, 1); },
                  [&rows](std::size_t i) { return rounded(rows.kita(i).utilisation[0], 1); }))
        .real("utilisation_peak",
              rows.either([&c](std::size_t i) { return rounded(c.peak(i).utilisation, 1); },
                          [&rows](std::size_t i) {
                              return rounded(rows.kita(i).utilisation[rows.kita(i).peak], 1);
                          }));
}

void add_facility_shortage(layer_builder& b, const facility_context& c) {
    const auto& rows = c.rows;
    for (const auto& [name, v] :
         {std::pair{"first_shortage", mid}, std::pair{"first_shortage_low", low},
          std::pair{"first_shortage_high", high}}) {
        b.integer(name, rows.either(
                            [&rows, v = v](std::size_t i) {
                                return year_or_null(rows.projection(i).first_shortage[v]);
                            },
                            [&rows, v = v](std::size_t i) {
                                return year_or_null(rows.district_of_kita(i).first_shortage[v]);
                            }));
    }
    b.text("shortage",
           rows.either(
               [&rows](std::size_t i) {
                   return shortage_text(rows.school(i).short_of_seats,
                                        rows.school(i).short_of_rooms);
               },
               [&rows](std::size_t i) {
                   return std::string(rows.district_of_kita(i).first_shortage[mid] ? "places" : "");
               }));
}

void add_facility_method(layer_builder& b, const facility_context& c) {
    const auto& rows = c.rows;
    const int primary_grades = c.report.result.options.rules.primary_grades;
    b.real("entry_quote", rows.either(
                              [&rows](std::size_t i) {
                                  const auto& entry = rows.projection(i).rates.entry;
                                  return entry ? rounded(entry->mean, 4) : value{};
                              },
                              none))
        .text("class_rule", rows.either(
                                [&rows](std::size_t i) {
                                    const auto& rule = rows.projection(i).rule;
                                    return fmt::format("max {:g} per class ({})",
                                                       rule.max_per_class, rule.source);
                                },
                                [](std::size_t) { return std::string{}; }))
        .text("method",
              rows.either(
                  [&c, primary_grades](std::size_t i) {
                      if (c.rows.projection(i).totals_only) {
                          return std::string("share of the catchment's school-age children");
                      }
                      return c.facility(i).kind == planning::facility_kind::grundschule
                                 ? std::string("Einschulungsquote and transition rates")
                                 : fmt::format("Übergangsquote from grade {} and "
                                               "transition rates",
                                               primary_grades);
                  },
                  [](std::size_t) {
                      return std::string("the district's Kita demand shared by places");
                  }));
}

} // namespace

geo::feature_layer forecast_facilities(const planning::planning_model& model,
                                       const planning::forecast_report& r) {
    const facility_context c{model, r, facility_rows(r)};
    layer_builder b("forecast_facilities", model.crs, c.rows.size());
    add_facility_identity(b, c);
    add_facility_pupils(b, c);
    add_facility_capacity(b, c);
    add_facility_shortage(b, c);
    add_facility_method(b, c);
    return b.build();
}

namespace {

// The facility years: one row per (facility row, step).
struct facility_year_context {
    const planning::planning_model& model;
    const planning::forecast_report& report;
    facility_rows facilities;
    std::vector<std::pair<std::size_t, std::size_t>> rows;

    std::size_t f(std::size_t row) const { return rows[row].first; }
    std::size_t k(std::size_t row) const { return rows[row].second; }
    bool school(std::size_t row) const { return f(row) < facilities.schools(); }
    const planning::facility& facility(std::size_t row) const {
        return model.facilities[facilities.facility(f(row))];
    }
    const planning::school_year_figures& figures(std::size_t row, std::size_t v) const {
        return facilities.projection(f(row)).years[v][k(row)];
    }
    const planning::kita_outlook& kita(std::size_t row) const { return facilities.kita(f(row)); }
    int year(std::size_t row) const {
        return school(row) ? facilities.projection(f(row)).year(k(row))
                           : report.result.year(k(row));
    }
    template <class S, class K> layer_builder::value_of either(S school_value, K kita_value) const {
        return [this, school_value, kita_value](std::size_t row) -> value {
            return school(row) ? value(school_value(row)) : value(kita_value(row));
        };
    }
};

std::vector<std::pair<std::size_t, std::size_t>>
facility_year_rows(const facility_rows& facilities, const planning::forecast_result& r) {
    std::vector<std::pair<std::size_t, std::size_t>> rows;
    for (std::size_t i = 0; i < facilities.size(); ++i) {
        const std::size_t steps = i < facilities.schools()
                                      ? facilities.projection(i).years[mid].size()
                                      : r.population.steps();
        for (std::size_t k = 0; k < steps; ++k) {
            rows.emplace_back(i, k);
        }
    }
    return rows;
}

void add_facility_year_identity(layer_builder& b, const facility_year_context& c) {
    b.shape([&c](std::size_t row) { return c.facility(row).location; })
        .text("facility_id", [&c](std::size_t row) { return c.facility(row).id.value; })
        .text("name", [&c](std::size_t row) { return c.facility(row).name; })
        .text("kind",
              c.either([&c](std::size_t row) { return planning::to_string(c.facility(row).kind); },
                       [](std::size_t) { return std::string("kita"); }))
        .text("school_year",
              c.either([&c](std::size_t row) { return school_year_label(c.year(row)); },
                       [&c](std::size_t row) { return std::to_string(c.year(row)); }))
        .integer("year", [&c](std::size_t row) { return std::int64_t{c.year(row)}; })
        .date("date", [&c](std::size_t row) { return fmt::format("{}-08-01", c.year(row)); })
        .integer("observed", [&c](std::size_t row) { return std::int64_t{c.k(row) == 0 ? 1 : 0}; });
}

void add_facility_year_figures(layer_builder& b, const facility_year_context& c) {
    for (const auto& [name, v] :
         {std::pair{"pupils", mid}, std::pair{"pupils_low", low}, std::pair{"pupils_high", high}}) {
        b.real(name, c.either([&c, v = v](
                                  std::size_t row) { return rounded(c.figures(row, v).pupils, 1); },
                              [&c, v = v](std::size_t row) {
                                  return rounded(c.kita(row).demand[v][c.k(row)], 1);
                              }));
    }
    b.real("entrants", c.either(
                           [&c](std::size_t row) {
                               const auto& ff = c.facilities.projection(c.f(row));
                               return ff.totals_only ? value{}
                                                     : rounded(ff.pupils[mid][c.k(row)].front(), 1);
                           },
                           none))
        .integer(
            "classes",
            c.either([&c](std::size_t row) { return std::int64_t{c.figures(row, mid).classes}; },
                     none))
        .real("seats", c.either(
                           [&c](std::size_t row) {
                               return rounded(c.facilities.projection(c.f(row)).seats, 0);
                           },
                           [&c](std::size_t row) { return rounded(c.kita(row).places, 0); }))
        .integer("rooms", c.either(
                              [&c](std::size_t row) {
                                  const auto& rooms = c.facilities.projection(c.f(row)).rooms;
                                  return rooms ? value{std::int64_t{*rooms}} : value{};
                              },
                              none))
        .real("utilisation",
              c.either(
                  [&c](std::size_t row) { return rounded(c.figures(row, mid).utilisation, 1); },
                  [&c](std::size_t row) { return rounded(c.kita(row).utilisation[c.k(row)], 1); }))
        .integer("short_of_seats",
                 c.either(
                     [&c](std::size_t row) {
                         return std::int64_t{c.figures(row, mid).short_of_seats ? 1 : 0};
                     },
                     [&c](std::size_t row) {
                         return std::int64_t{c.kita(row).district_short[c.k(row)] ? 1 : 0};
                     }))
        .integer("short_of_rooms",
                 c.either(
                     [&c](std::size_t row) {
                         return std::int64_t{c.figures(row, mid).short_of_rooms ? 1 : 0};
                     },
                     [](std::size_t) { return std::int64_t{0}; }));
}

} // namespace

geo::feature_layer forecast_facility_years(const planning::planning_model& model,
                                           const planning::forecast_report& r) {
    facility_year_context c{model, r, facility_rows(r), {}};
    c.rows = facility_year_rows(c.facilities, r.result);
    layer_builder b("forecast_facilities_years", model.crs, c.rows.size());
    add_facility_year_identity(b, c);
    add_facility_year_figures(b, c);
    return b.build();
}

geo::feature_layer forecast_rates(const planning::planning_model& model,
                                  const planning::forecast_report& report) {
    struct rate_row {
        std::string unit;
        std::string id;
        std::string rate;
        std::string from;
        planning::trend_rate value;
        bool pooled = false;
    };
    const auto& r = report.result;
    std::vector<rate_row> rows;
    const auto& population = r.options.population;
    const bool by_reference = population.births == planning::births_basis::reference_population;
    for (const auto& dp : r.population.districts) {
        for (const auto& b : dp.rates.bands) {
            // The damped model: the band's ratio after borrowing from its levels and the city.
            rows.push_back({"district", dp.district.value, "band cohort change ratio",
                            planning::to_string(b.band), planning::trend_rate{b.shrunk, 0, 0},
                            b.exposure <= 0});
        }
        if (!dp.rates.bands.empty()) {
            continue;
        }
        for (std::size_t a = 0; a < dp.rates.ccr.size(); ++a) {
            rows.push_back({"district", dp.district.value, "cohort change ratio",
                            fmt::format("age {}", a), dp.rates.ccr[a], dp.rates.ccr_pooled[a]});
        }
        rows.push_back({"district", dp.district.value,
                        by_reference ? "newborns per reference person"
                                     : "newborns per newborns of the year before",
                        by_reference ? planning::to_string(population.reference) : "age 0",
                        dp.rates.births, dp.rates.births_pooled});
        if (by_reference) {
            rows.push_back({"district", dp.district.value, "reference population growth",
                            planning::to_string(population.reference), dp.rates.reference_growth,
                            true});
        }
    }
    for (const auto& ff : r.facilities) {
        const auto& fac = model.facilities[ff.facility];
        if (ff.rates.entry) {
            rows.push_back({"facility", fac.id.value,
                            fac.kind == planning::facility_kind::grundschule ? "Einschulungsquote"
                                                                             : "Übergangsquote",
                            ff.totals_only ? "all grades" : fmt::format("grade {}", ff.entry_grade),
                            *ff.rates.entry, false});
        }
        for (std::size_t g = 0; g < ff.rates.transitions.size(); ++g) {
            if (ff.rates.transitions[g]) {
                rows.push_back({"facility", fac.id.value, "transition rate",
                                fmt::format("grade {}", ff.entry_grade + static_cast<int>(g)),
                                *ff.rates.transitions[g], false});
            }
        }
    }
    return layer_builder("forecast_rates", {}, rows.size())
        .text("unit", [&](std::size_t i) { return rows[i].unit; })
        .text("id", [&](std::size_t i) { return rows[i].id; })
        .text("rate", [&](std::size_t i) { return rows[i].rate; })
        .text("from", [&](std::size_t i) { return rows[i].from; })
        .real("mean", [&](std::size_t i) { return rounded(rows[i].value.mean, 5); })
        .real("spread", [&](std::size_t i) { return rounded(rows[i].value.spread, 5); })
        .integer("base_years", [&](std::size_t i) { return count(rows[i].value.years); })
        .integer("pooled", [&](std::size_t i) { return std::int64_t{rows[i].pooled ? 1 : 0}; })
        .build();
}

geo::feature_layer backtest_districts(const planning::planning_model& model,
                                      const planning::backtest_result& b) {
    std::vector<std::string> measures;
    for (const auto& s : b.summary) {
        if (s.unit == "district") {
            measures.push_back(s.measure);
        }
    }
    std::map<std::size_t, std::map<std::string, const planning::backtest_row*>> by_district;
    for (const auto& row : b.rows) {
        if (row.unit == "district") {
            by_district[row.index][row.measure] = &row;
        }
    }
    std::vector<std::size_t> districts;
    for (const auto& [d, rows] : by_district) {
        districts.push_back(d);
    }
    const auto row_of = [&](std::size_t i, const std::string& m) -> const planning::backtest_row* {
        const auto& rows = by_district.at(districts[i]);
        const auto it = rows.find(m);
        return it == rows.end() ? nullptr : it->second;
    };
    layer_builder layer("forecast_backtest", model.crs, districts.size());
    layer.shape([&](std::size_t i) { return model.districts[districts[i]].area; })
        .text("district_id", [&](std::size_t i) { return model.districts[districts[i]].id.value; })
        .text("name", [&](std::size_t i) { return model.districts[districts[i]].name; })
        .integer("base_year", [&](std::size_t) { return std::int64_t{b.base_year}; })
        .integer("held_out", [&](std::size_t) { return std::int64_t{b.held_out}; });
    for (const auto& m : measures) {
        std::string key = m;
        std::replace(key.begin(), key.end(), '-', '_');
        layer.real("mape_" + key, [=](std::size_t i) {
            const auto* row = row_of(i, m);
            return row ? rounded(row->mape, 2) : value{};
        });
        layer.real("bias_" + key, [=](std::size_t i) {
            const auto* row = row_of(i, m);
            return row ? rounded(row->bias, 2) : value{};
        });
    }
    return layer.build();
}

geo::feature_layer backtest_horizons(const planning::horizon_backtest& h) {
    const auto& s = h.scores;
    return layer_builder("forecast_backtest_horizons", {}, s.size())
        .text("unit", [&](std::size_t i) { return s[i].unit; })
        .text("measure", [&](std::size_t i) { return s[i].measure; })
        .text("method", [&](std::size_t i) { return s[i].method; })
        .integer("horizon", [&](std::size_t i) { return std::int64_t{s[i].horizon}; })
        .integer("n", [&](std::size_t i) { return static_cast<std::int64_t>(s[i].n); })
        .real("mape", [&](std::size_t i) { return rounded(s[i].mape, 2); })
        .real("median_ape", [&](std::size_t i) { return rounded(s[i].median_ape, 2); })
        .real("bias", [&](std::size_t i) { return rounded(s[i].bias, 2); })
        .real("weighted_mape", [&](std::size_t i) { return rounded(s[i].weighted_mape, 2); })
        .real("in_corridor_pct",
              [&](std::size_t i) {
                  const auto& c = s[i];
                  return rounded(c.corridor_n > 0
                                     ? std::optional(100.0 * static_cast<double>(c.in_corridor) /
                                                     static_cast<double>(c.corridor_n))
                                     : std::nullopt,
                                 1);
              })
        .build();
}

geo::feature_layer backtest_table(const planning::planning_model& model,
                                  const planning::backtest_result& b) {
    std::vector<std::pair<const planning::backtest_row*, std::size_t>> rows; // (row, year)
    for (const auto& row : b.rows) {
        for (std::size_t i = 0; i < row.years.size(); ++i) {
            rows.emplace_back(&row, i);
        }
    }
    const auto row = [&](std::size_t i) -> const planning::backtest_row& { return *rows[i].first; };
    const auto at = [&](std::size_t i) { return rows[i].second; };
    const auto district = [&](std::size_t i) { return row(i).unit == "district"; };
    return layer_builder("forecast_backtest_table", {}, rows.size())
        .text("unit", [&](std::size_t i) { return row(i).unit; })
        .text("id",
              [&](std::size_t i) {
                  return district(i) ? model.districts[row(i).index].id.value
                                     : model.facilities[row(i).index].id.value;
              })
        .text("name",
              [&](std::size_t i) {
                  return district(i) ? model.districts[row(i).index].name
                                     : model.facilities[row(i).index].name;
              })
        .text("measure", [&](std::size_t i) { return row(i).measure; })
        .integer("year", [&](std::size_t i) { return std::int64_t{row(i).years[at(i)]}; })
        .real("projected", [&](std::size_t i) { return rounded(row(i).projected[at(i)], 1); })
        .real("observed", [&](std::size_t i) { return rounded(row(i).observed[at(i)], 1); })
        .real("error_pct", [&](std::size_t i) { return rounded(row(i).error_pct[at(i)], 2); })
        .real("mape", [&](std::size_t i) { return rounded(row(i).mape, 2); })
        .real("bias", [&](std::size_t i) { return rounded(row(i).bias, 2); })
        .build();
}

} // namespace standort::services::detail
