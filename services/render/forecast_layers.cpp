#include "services/render/forecast_layers.hpp"

#include "services/render/layer_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace standort::services {

namespace {

using geo::field_type;
using planning::school_year_label;
using planning::variant;

constexpr auto low = static_cast<std::size_t>(variant::low);
constexpr auto mid = static_cast<std::size_t>(variant::middle);
constexpr auto high = static_cast<std::size_t>(variant::high);

struct age_group {
    std::string name;
    planning::age_band ages;
};

std::vector<age_group> age_groups(const planning::forecast_result& r) {
    const int entry = r.options.entry_age;
    const int primary_end = entry + r.options.rules.primary_grades;
    return {{"u3", {0, 3}},
            {"ue3", {3, entry}},
            {"primary", {entry, primary_end}},
            {"sek1", {primary_end, std::max(primary_end, 16)}},
            {"children", {0, 18}}};
}

double sum_ages(const std::vector<double>& ages, planning::age_band band) {
    double n = 0;
    for (int a = band.from; a < band.to && a < static_cast<int>(ages.size()); ++a) {
        n += ages[static_cast<std::size_t>(a)];
    }
    return n;
}

geo::value year_or_null(const std::optional<int>& y) {
    return y ? geo::value{static_cast<std::int64_t>(*y)} : geo::value{};
}

std::string shortage_text(bool seats, bool rooms) {
    return seats && rooms ? "seats and rooms" : seats ? "seats" : rooms ? "rooms" : "";
}

} // namespace

forecast_layers make_forecast_layers(const planning::planning_model& model,
                                     const planning::forecast_result& r) {
    forecast_layers out;
    const auto groups = age_groups(r);
    const std::size_t steps = r.population.steps();
    const int last_year = r.year(steps - 1);

    // Districts, wide.
    auto& d = out.districts;
    d.name = "forecast_districts";
    d.crs = model.crs;
    d.fields = {{"district_id", field_type::text}, {"name", field_type::text},
                {"base_year", field_type::integer}, {"last_year", field_type::integer}};
    for (const auto& g : groups) {
        for (std::size_t k = 0; k < steps; ++k) {
            d.fields.push_back({fmt::format("{}_{}", g.name, r.year(k)), field_type::real});
        }
        d.fields.push_back({fmt::format("{}_{}_low", g.name, last_year), field_type::real});
        d.fields.push_back({fmt::format("{}_{}_high", g.name, last_year), field_type::real});
        d.fields.push_back({g.name + "_change_pct", field_type::real});
    }
    for (const auto& name : {"kita_places", "kita_places_u3", "kita_places_ue3"}) {
        d.fields.push_back({name, field_type::real});
    }
    d.fields.push_back({"kitas", field_type::integer});
    for (std::size_t k = 0; k < steps; ++k) {
        d.fields.push_back({fmt::format("kita_demand_{}", r.year(k)), field_type::real});
    }
    d.fields.push_back({fmt::format("kita_missing_{}", last_year), field_type::real});
    d.fields.push_back({fmt::format("kita_missing_{}_high", last_year), field_type::real});
    d.fields.push_back({"kita_first_shortage", field_type::integer});
    d.fields.push_back({"kita_first_shortage_low", field_type::integer});
    d.fields.push_back({"kita_first_shortage_high", field_type::integer});

    auto& dy = out.district_years;
    dy.name = "forecast_districts_years";
    dy.crs = model.crs;
    dy.fields = {{"district_id", field_type::text}, {"name", field_type::text},
                 {"year", field_type::integer},      {"date", field_type::date},
                 {"observed", field_type::integer}};
    for (const auto& g : groups) {
        dy.fields.push_back({g.name, field_type::real});
        dy.fields.push_back({g.name + "_low", field_type::real});
        dy.fields.push_back({g.name + "_high", field_type::real});
    }
    for (const auto& name : {"movers_children", "kita_demand_u3", "kita_demand_ue3", "kita_demand",
                             "kita_demand_low", "kita_demand_high", "kita_places", "kita_missing",
                             "kita_places_per_100"}) {
        dy.fields.push_back({name, field_type::real});
    }

    for (const auto& df : r.districts) {
        const auto& district = model.districts[df.district];
        const auto& dp = r.population.districts[df.projection];
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(d.features.size());
        f.shape = district.area;
        f.values = {district.id.value, district.name, static_cast<std::int64_t>(r.base_year),
                    static_cast<std::int64_t>(last_year)};
        for (const auto& g : groups) {
            for (std::size_t k = 0; k < steps; ++k) {
                f.values.push_back(rounded(sum_ages(dp.persons[mid][k], g.ages), 1));
            }
            f.values.push_back(rounded(sum_ages(dp.persons[low][steps - 1], g.ages), 1));
            f.values.push_back(rounded(sum_ages(dp.persons[high][steps - 1], g.ages), 1));
            const double base = sum_ages(dp.persons[mid][0], g.ages);
            const double end = sum_ages(dp.persons[mid][steps - 1], g.ages);
            f.values.push_back(base > 0 ? rounded(100 * (end - base) / base, 1) : geo::value{});
        }
        f.values.push_back(rounded(df.places, 0));
        f.values.push_back(rounded(df.places_u3, 0));
        f.values.push_back(rounded(df.places_ue3, 0));
        f.values.push_back(static_cast<std::int64_t>(df.kitas));
        for (std::size_t k = 0; k < steps; ++k) {
            f.values.push_back(rounded(df.demand_u3[mid][k] + df.demand_ue3[mid][k], 1));
        }
        f.values.push_back(rounded(df.demand_u3[mid][steps - 1] + df.demand_ue3[mid][steps - 1] - df.places, 1));
        f.values.push_back(rounded(df.demand_u3[high][steps - 1] + df.demand_ue3[high][steps - 1] - df.places, 1));
        f.values.push_back(year_or_null(df.first_shortage[mid]));
        f.values.push_back(year_or_null(df.first_shortage[low]));
        f.values.push_back(year_or_null(df.first_shortage[high]));
        d.features.push_back(std::move(f));

        for (std::size_t k = 0; k < steps; ++k) {
            const int year = r.year(k);
            geo::feature y;
            y.source_fid = static_cast<std::int64_t>(dy.features.size());
            y.shape = district.area;
            y.values = {district.id.value, district.name, static_cast<std::int64_t>(year),
                        fmt::format("{}-12-31", year), static_cast<std::int64_t>(k == 0 ? 1 : 0)};
            for (const auto& g : groups) {
                for (const auto v : {mid, low, high}) {
                    y.values.push_back(rounded(sum_ages(dp.persons[v][k], g.ages), 1));
                }
            }
            const double demand = df.demand_u3[mid][k] + df.demand_ue3[mid][k];
            y.values.push_back(rounded(sum_ages(dp.movers[k], {0, 18}), 1));
            y.values.push_back(rounded(df.demand_u3[mid][k], 1));
            y.values.push_back(rounded(df.demand_ue3[mid][k], 1));
            y.values.push_back(rounded(demand, 1));
            y.values.push_back(rounded(df.demand_u3[low][k] + df.demand_ue3[low][k], 1));
            y.values.push_back(rounded(df.demand_u3[high][k] + df.demand_ue3[high][k], 1));
            y.values.push_back(rounded(df.places, 0));
            y.values.push_back(rounded(demand - df.places, 1));
            const double kids = sum_ages(dp.persons[mid][k], {0, r.options.entry_age});
            y.values.push_back(kids > 0 ? rounded(100 * df.places / kids, 1) : geo::value{});
            dy.features.push_back(std::move(y));
        }
    }

    // Facilities: schools with a projection, then the Kitas with their district's demand
    // shared out by places.
    auto& fl = out.facilities;
    fl.name = "forecast_facilities";
    fl.crs = model.crs;
    fl.fields = {{"facility_id", field_type::text},  {"name", field_type::text},
                 {"kind", field_type::text},         {"school_type", field_type::text},
                 {"district_id", field_type::text},  {"grades", field_type::text},
                 {"base_year", field_type::text},    {"last_year", field_type::text},
                 {"pupils_base", field_type::real},  {"pupils_last", field_type::real},
                 {"pupils_last_low", field_type::real}, {"pupils_last_high", field_type::real},
                 {"pupils_peak", field_type::real},  {"peak_year", field_type::text},
                 {"seats", field_type::real},        {"zuege", field_type::real},
                 {"rooms", field_type::integer},     {"classes_base", field_type::integer},
                 {"classes_peak", field_type::integer}, {"utilisation_base", field_type::real},
                 {"utilisation_peak", field_type::real}, {"first_shortage", field_type::integer},
                 {"first_shortage_low", field_type::integer},
                 {"first_shortage_high", field_type::integer}, {"shortage", field_type::text},
                 {"entry_quote", field_type::real},  {"class_rule", field_type::text},
                 {"method", field_type::text}};
    auto& fy = out.facility_years;
    fy.name = "forecast_facilities_years";
    fy.crs = model.crs;
    fy.fields = {{"facility_id", field_type::text}, {"name", field_type::text},
                 {"kind", field_type::text},        {"school_year", field_type::text},
                 {"year", field_type::integer},     {"date", field_type::date},
                 {"observed", field_type::integer}, {"pupils", field_type::real},
                 {"pupils_low", field_type::real},  {"pupils_high", field_type::real},
                 {"entrants", field_type::real},    {"classes", field_type::integer},
                 {"seats", field_type::real},       {"rooms", field_type::integer},
                 {"utilisation", field_type::real}, {"short_of_seats", field_type::integer},
                 {"short_of_rooms", field_type::integer}};

    for (const auto& ff : r.facilities) {
        const auto& fac = model.facilities[ff.facility];
        const auto& years = ff.years[mid];
        if (years.empty()) {
            continue;
        }
        std::size_t peak = 0;
        for (std::size_t k = 0; k < years.size(); ++k) {
            if (years[k].pupils > years[peak].pupils) {
                peak = k;
            }
        }
        bool seats = false;
        bool rooms = false;
        if (ff.first_shortage[mid]) {
            const auto& y = years[static_cast<std::size_t>(*ff.first_shortage[mid] - ff.base_year)];
            seats = y.short_of_seats;
            rooms = y.short_of_rooms;
        }
        const auto year_of = [&](std::size_t k) { return ff.year(k); };
        const bool totals = ff.totals_only;
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(fl.features.size());
        f.shape = fac.location;
        f.values = {fac.id.value,
                    fac.name,
                    planning::to_string(fac.kind),
                    fac.school_type,
                    fac.district ? fac.district->value : std::string{},
                    totals ? std::string("all") : fmt::format("{}-{}", ff.entry_grade, ff.last_grade),
                    school_year_label(ff.base_year),
                    school_year_label(year_of(years.size() - 1)),
                    rounded(years.front().pupils, 1),
                    rounded(years.back().pupils, 1),
                    rounded(ff.years[low].back().pupils, 1),
                    rounded(ff.years[high].back().pupils, 1),
                    rounded(years[peak].pupils, 1),
                    school_year_label(year_of(peak)),
                    rounded(ff.seats, 0),
                    rounded(fac.cap.zuege, 1),
                    ff.rooms ? geo::value{static_cast<std::int64_t>(*ff.rooms)} : geo::value{},
                    static_cast<std::int64_t>(years.front().classes),
                    static_cast<std::int64_t>(years[peak].classes),
                    rounded(years.front().utilisation, 1),
                    rounded(years[peak].utilisation, 1),
                    year_or_null(ff.first_shortage[mid]),
                    year_or_null(ff.first_shortage[low]),
                    year_or_null(ff.first_shortage[high]),
                    shortage_text(seats, rooms),
                    ff.rates.entry ? rounded(ff.rates.entry->mean, 4) : geo::value{},
                    fmt::format("max {:g} per class ({})", ff.rule.max_per_class, ff.rule.source),
                    totals ? std::string("share of the catchment's school-age children")
                    : fac.kind == planning::facility_kind::grundschule
                        ? std::string("Einschulungsquote and transition rates")
                        : fmt::format("Übergangsquote from grade {} and transition rates",
                                      r.options.rules.primary_grades)};
        fl.features.push_back(std::move(f));
        for (std::size_t k = 0; k < years.size(); ++k) {
            const auto& y = years[k];
            geo::feature g;
            g.source_fid = static_cast<std::int64_t>(fy.features.size());
            g.shape = fac.location;
            g.values = {fac.id.value,
                        fac.name,
                        planning::to_string(fac.kind),
                        school_year_label(year_of(k)),
                        static_cast<std::int64_t>(year_of(k)),
                        fmt::format("{}-08-01", year_of(k)),
                        static_cast<std::int64_t>(k == 0 ? 1 : 0),
                        rounded(y.pupils, 1),
                        rounded(ff.years[low][k].pupils, 1),
                        rounded(ff.years[high][k].pupils, 1),
                        totals ? geo::value{} : rounded(ff.pupils[mid][k].front(), 1),
                        static_cast<std::int64_t>(y.classes),
                        rounded(ff.seats, 0),
                        ff.rooms ? geo::value{static_cast<std::int64_t>(*ff.rooms)} : geo::value{},
                        rounded(y.utilisation, 1),
                        static_cast<std::int64_t>(y.short_of_seats ? 1 : 0),
                        static_cast<std::int64_t>(y.short_of_rooms ? 1 : 0)};
            fy.features.push_back(std::move(g));
        }
    }
    // Kitas: the district's demand shared by places (a Kita with a tenth of the district's
    // places carries a tenth of its demand); a shortage is the district's.
    std::map<std::string, const planning::district_forecast*> by_district;
    for (const auto& df : r.districts) {
        by_district[model.districts[df.district].id.value] = &df;
    }
    for (const auto& fac : model.facilities) {
        if (fac.kind != planning::facility_kind::kita || !fac.district) {
            continue;
        }
        const auto it = by_district.find(fac.district->value);
        if (it == by_district.end()) {
            continue;
        }
        const auto& df = *it->second;
        const double places = fac.cap.places.value_or(0);
        if (!(places > 0) || !(df.places > 0)) {
            continue;
        }
        const double share = places / df.places;
        auto demand = [&](std::size_t v, std::size_t k) {
            return share * (df.demand_u3[v][k] + df.demand_ue3[v][k]);
        };
        std::size_t peak = 0;
        for (std::size_t k = 0; k < steps; ++k) {
            if (demand(mid, k) > demand(mid, peak)) {
                peak = k;
            }
        }
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(fl.features.size());
        f.shape = fac.location;
        f.values = {fac.id.value, fac.name, std::string("kita"), std::string{},
                    fac.district->value, std::string("0-" + std::to_string(r.options.entry_age - 1)),
                    std::to_string(r.base_year), std::to_string(last_year),
                    rounded(demand(mid, 0), 1), rounded(demand(mid, steps - 1), 1),
                    rounded(demand(low, steps - 1), 1), rounded(demand(high, steps - 1), 1),
                    rounded(demand(mid, peak), 1), std::to_string(r.year(peak)),
                    rounded(places, 0), geo::value{}, geo::value{}, geo::value{}, geo::value{},
                    rounded(100 * demand(mid, 0) / places, 1),
                    rounded(100 * demand(mid, peak) / places, 1),
                    year_or_null(df.first_shortage[mid]), year_or_null(df.first_shortage[low]),
                    year_or_null(df.first_shortage[high]),
                    df.first_shortage[mid] ? std::string("places") : std::string{},
                    geo::value{}, std::string{},
                    std::string("the district's Kita demand shared by places")};
        fl.features.push_back(std::move(f));
        for (std::size_t k = 0; k < steps; ++k) {
            geo::feature g;
            g.source_fid = static_cast<std::int64_t>(fy.features.size());
            g.shape = fac.location;
            const double dm = demand(mid, k);
            g.values = {fac.id.value, fac.name, std::string("kita"), std::to_string(r.year(k)),
                        static_cast<std::int64_t>(r.year(k)), fmt::format("{}-08-01", r.year(k)),
                        static_cast<std::int64_t>(k == 0 ? 1 : 0), rounded(dm, 1),
                        rounded(demand(low, k), 1), rounded(demand(high, k), 1), geo::value{},
                        geo::value{}, rounded(places, 0), geo::value{}, rounded(100 * dm / places, 1),
                        static_cast<std::int64_t>(
                            df.demand_u3[mid][k] + df.demand_ue3[mid][k] > df.places + 0.5 ? 1 : 0),
                        static_cast<std::int64_t>(0)};
            fy.features.push_back(std::move(g));
        }
    }

    // Rates.
    auto& rt = out.rates;
    rt.name = "forecast_rates";
    rt.fields = {{"unit", field_type::text},   {"id", field_type::text},
                 {"rate", field_type::text},   {"from", field_type::text},
                 {"mean", field_type::real},   {"spread", field_type::real},
                 {"base_years", field_type::integer}, {"pooled", field_type::integer}};
    auto add_rate = [&](const std::string& unit, const std::string& id, const std::string& rate,
                        const std::string& from, const planning::trend_rate& t, bool pooled) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(rt.features.size());
        f.values = {unit, id, rate, from, rounded(t.mean, 5), rounded(t.spread, 5),
                    static_cast<std::int64_t>(t.years), static_cast<std::int64_t>(pooled ? 1 : 0)};
        rt.features.push_back(std::move(f));
    };
    const bool by_reference = r.options.population.births == planning::births_basis::reference_population;
    for (const auto& dp : r.population.districts) {
        for (std::size_t a = 0; a < dp.rates.ccr.size(); ++a) {
            add_rate("district", dp.district.value, "cohort change ratio",
                     fmt::format("age {}", a), dp.rates.ccr[a], dp.rates.ccr_pooled[a]);
        }
        add_rate("district", dp.district.value,
                 by_reference ? "newborns per reference person" : "newborns per newborns of the year before",
                 by_reference ? planning::to_string(r.options.population.reference) : "age 0",
                 dp.rates.births, dp.rates.births_pooled);
        if (by_reference) {
            add_rate("district", dp.district.value, "reference population growth",
                     planning::to_string(r.options.population.reference), dp.rates.reference_growth, true);
        }
    }
    for (const auto& ff : r.facilities) {
        const auto& id = model.facilities[ff.facility].id.value;
        if (ff.rates.entry) {
            add_rate("facility", id,
                     model.facilities[ff.facility].kind == planning::facility_kind::grundschule
                         ? "Einschulungsquote"
                         : "Übergangsquote",
                     ff.totals_only ? "all grades" : fmt::format("grade {}", ff.entry_grade),
                     *ff.rates.entry, false);
        }
        for (std::size_t g = 0; g < ff.rates.transitions.size(); ++g) {
            if (ff.rates.transitions[g]) {
                add_rate("facility", id, "transition rate",
                         fmt::format("grade {}", ff.entry_grade + static_cast<int>(g)),
                         *ff.rates.transitions[g], false);
            }
        }
    }
    return out;
}

geo::feature_layer make_backtest_district_layer(const planning::planning_model& model,
                                                const planning::backtest_result& b) {
    geo::feature_layer layer;
    layer.name = "forecast_backtest";
    layer.crs = model.crs;
    layer.fields = {{"district_id", field_type::text}, {"name", field_type::text},
                    {"base_year", field_type::integer}, {"held_out", field_type::integer}};
    std::vector<std::string> measures;
    for (const auto& s : b.summary) {
        if (s.unit == "district") {
            measures.push_back(s.measure);
        }
    }
    for (const auto& m : measures) {
        std::string key = m;
        std::replace(key.begin(), key.end(), '-', '_');
        layer.fields.push_back({"mape_" + key, field_type::real});
        layer.fields.push_back({"bias_" + key, field_type::real});
    }
    std::map<std::size_t, std::map<std::string, const planning::backtest_row*>> rows;
    for (const auto& row : b.rows) {
        if (row.unit == "district") {
            rows[row.index][row.measure] = &row;
        }
    }
    for (const auto& [d, by_measure] : rows) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(layer.features.size());
        f.shape = model.districts[d].area;
        f.values = {model.districts[d].id.value, model.districts[d].name,
                    static_cast<std::int64_t>(b.base_year), static_cast<std::int64_t>(b.held_out)};
        for (const auto& m : measures) {
            const auto it = by_measure.find(m);
            f.values.push_back(it != by_measure.end() ? rounded(it->second->mape, 2) : geo::value{});
            f.values.push_back(it != by_measure.end() ? rounded(it->second->bias, 2) : geo::value{});
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::feature_layer make_backtest_table(const planning::planning_model& model,
                                       const planning::backtest_result& b) {
    geo::feature_layer layer;
    layer.name = "forecast_backtest_table";
    layer.fields = {{"unit", field_type::text},     {"id", field_type::text},
                    {"name", field_type::text},     {"measure", field_type::text},
                    {"year", field_type::integer},  {"projected", field_type::real},
                    {"observed", field_type::real}, {"error_pct", field_type::real},
                    {"mape", field_type::real},     {"bias", field_type::real}};
    for (const auto& row : b.rows) {
        const bool district = row.unit == "district";
        const auto& id = district ? model.districts[row.index].id.value : model.facilities[row.index].id.value;
        const auto& name = district ? model.districts[row.index].name : model.facilities[row.index].name;
        for (std::size_t i = 0; i < row.years.size(); ++i) {
            geo::feature f;
            f.source_fid = static_cast<std::int64_t>(layer.features.size());
            const double o = row.observed[i];
            f.values = {row.unit, id, name, row.measure, static_cast<std::int64_t>(row.years[i]),
                        rounded(row.projected[i], 1), rounded(o, 1),
                        o > 0 ? rounded(100 * (row.projected[i] - o) / o, 2) : geo::value{},
                        rounded(row.mape, 2), rounded(row.bias, 2)};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

} // namespace standort::services
