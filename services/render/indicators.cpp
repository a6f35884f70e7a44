#include "services/render/indicators.hpp"

#include "services/render/analysis_styles.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"
#include "services/render/styles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace standort::services {

namespace {

const planning::indicator_definition& definition(const planning::indicator_report& r,
                                                 const std::string& id) {
    if (const auto* d = planning::find_definition(r, id)) {
        return *d;
    }
    throw internal_error("indicator without a definition: " + id);
}

bool is_count(const planning::indicator_report& r, const std::string& id) {
    return definition(r, id).unit == planning::indicator_unit::count;
}

// Counts as whole children (Integer fields), rates to one decimal.
geo::value shown(const planning::indicator_report& r, const std::string& id,
                 const std::optional<double>& v) {
    return is_count(r, id) ? counted(v) : rounded(v, 1);
}

geo::feature_layer long_table(const planning::indicator_report& r) {
    const auto area = [&](std::size_t i) -> const planning::indicator_area& {
        return r.areas[r.rows[i].area];
    };
    return layer_builder("indicators", {}, r.rows.size())
        .text("level", [&](std::size_t i) { return area(i).level; })
        .text("area_id", [&](std::size_t i) { return area(i).id; })
        .text("area_name", [&](std::size_t i) { return area(i).name; })
        .text("parent_level", [&](std::size_t i) { return area(i).parent_level; })
        .text("parent_id", [&](std::size_t i) { return area(i).parent_id; })
        .integer("year", [&](std::size_t i) { return std::int64_t{r.rows[i].year}; })
        .text("indicator", [&](std::size_t i) { return r.rows[i].indicator; })
        .text("title", [&](std::size_t i) { return definition(r, r.rows[i].indicator).title; })
        .text("unit",
              [&](std::size_t i) {
                  return std::string(is_count(r, r.rows[i].indicator) ? "Anzahl" : "%");
              })
        .real("value", [&](std::size_t i) { return rounded(r.rows[i].value, 1); })
        .integer("numerator", [&](std::size_t i) { return counted(r.rows[i].numerator); })
        .integer("denominator", [&](std::size_t i) { return counted(r.rows[i].denominator); })
        .text("basis",
              [&](std::size_t i) {
                  return std::string(r.rows[i].projected ? "Prognose" : "beobachtet");
              })
        .build();
}

// Per rate, area above the districts and year: the lowest and highest district and the Gini
// coefficient, so the office can say how unequal the districts are.
geo::feature_layer spread_table(const planning::indicator_report& r) {
    const auto& s = r.spreads;
    const auto area = [&](std::size_t a) -> const planning::indicator_area& { return r.areas[a]; };
    return layer_builder("indicators_spread", {}, s.size())
        .text("level", [&](std::size_t i) { return area(s[i].area).level; })
        .text("area_id", [&](std::size_t i) { return area(s[i].area).id; })
        .text("area_name", [&](std::size_t i) { return area(s[i].area).name; })
        .integer("year", [&](std::size_t i) { return std::int64_t{s[i].year}; })
        .text("indicator", [&](std::size_t i) { return s[i].indicator; })
        .text("title", [&](std::size_t i) { return definition(r, s[i].indicator).title; })
        .integer("districts_known",
                 [&](std::size_t i) { return static_cast<std::int64_t>(s[i].known); })
        .integer("districts", [&](std::size_t i) { return static_cast<std::int64_t>(s[i].of); })
        .real("lowest", [&](std::size_t i) { return rounded(s[i].min, 1); })
        .text("lowest_district", [&](std::size_t i) { return area(s[i].min_area).id; })
        .text("lowest_name", [&](std::size_t i) { return area(s[i].min_area).name; })
        .real("highest", [&](std::size_t i) { return rounded(s[i].max, 1); })
        .text("highest_district", [&](std::size_t i) { return area(s[i].max_area).id; })
        .text("highest_name", [&](std::size_t i) { return area(s[i].max_area).name; })
        .real("gini", [&](std::size_t i) { return rounded(s[i].gini, 3); })
        .build();
}

// One row per area, a column per indicator and year, for Excel.
geo::feature_layer wide_table(const planning::indicator_report& r) {
    std::map<std::pair<std::size_t, std::string>, const planning::indicator_row*> at;
    std::vector<std::pair<std::string, int>> columns;
    for (const auto& d : r.definitions) {
        for (int y : r.years) {
            bool any = false;
            for (const auto& row : r.rows) {
                if (row.indicator == d.id && row.year == y) {
                    any = true;
                    at[{row.area, fmt::format("{}_{}", d.id, y)}] = &row;
                }
            }
            if (any) {
                columns.emplace_back(d.id, y);
            }
        }
    }
    layer_builder b("indicators_wide", {}, r.areas.size());
    b.text("level", [&](std::size_t a) { return r.areas[a].level; })
        .text("area_id", [&](std::size_t a) { return r.areas[a].id; })
        .text("area_name", [&](std::size_t a) { return r.areas[a].name; });
    for (const auto& [id, year] : columns) {
        const auto name = fmt::format("{}_{}", id, year);
        const auto add = is_count(r, id) ? &layer_builder::integer : &layer_builder::real;
        (b.*add)(name, [&r, &at, id = id, name](std::size_t a) -> geo::value {
            const auto it = at.find({a, name});
            return it == at.end() ? geo::value{} : shown(r, id, it->second->value);
        });
    }
    return b.build();
}

// The districts year by year, a field per indicator (the temporal layer of the council map).
geo::feature_layer district_layer(const planning::planning_model& model,
                                  const planning::indicator_report& r) {
    std::map<std::pair<std::size_t, int>, std::map<std::string, std::optional<double>>> cells;
    std::vector<std::size_t> district_areas;
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        if (r.areas[a].level == "district") {
            district_areas.push_back(a);
        }
    }
    for (const auto& row : r.rows) {
        if (r.areas[row.area].level == "district") {
            cells[{row.area, row.year}][row.indicator] = row.value;
        }
    }
    std::map<std::string, std::size_t> district_index;
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        district_index.emplace(model.districts[d].id.value, d);
    }
    std::vector<std::pair<std::size_t, int>> keys;
    for (const auto& [key, v] : cells) {
        keys.push_back(key);
    }
    const auto district = [&](std::size_t i) -> const planning::district& {
        return model.districts[district_index.at(r.areas[keys[i].first].id)];
    };
    layer_builder b("indicators_districts", model.crs, keys.size());
    b.shape([&](std::size_t i) { return district(i).area; })
        .text("district_id", [&](std::size_t i) { return district(i).id.value; })
        .text("name", [&](std::size_t i) { return district(i).name; })
        .integer("year", [&](std::size_t i) { return std::int64_t{keys[i].second}; });
    for (const auto& d : r.definitions) {
        if (d.id == "schueler_grundschule" || d.id == "plaetze_grundschule" ||
            d.id == "auslastung_grundschule") {
            continue; // by school site, not by district: the long table has them
        }
        b.field(d.id,
                d.unit == planning::indicator_unit::count ? geo::field_type::integer
                                                          : geo::field_type::real,
                [&r, &cells, &keys, id = d.id](std::size_t i) -> geo::value {
                    const auto& c = cells.at(keys[i]);
                    const auto it = c.find(id);
                    return it == c.end() ? geo::value{} : shown(r, id, it->second);
                });
    }
    return b.build();
}

nlohmann::json definitions_json(const planning::indicator_report& r,
                                const planning::publication_rules* published) {
    nlohmann::json defs = nlohmann::json::array();
    for (const auto& d : r.definitions) {
        defs.push_back({{"id", d.id},
                        {"title", d.title},
                        {"unit", d.unit == planning::indicator_unit::count ? "Anzahl" : "%"},
                        {"definition", d.definition},
                        {"source", d.source},
                        {"numerator", d.numerator},
                        {"denominator", d.denominator}});
    }
    nlohmann::json out = {
        {"analysis", "indicators"}, {"years", r.years}, {"indicators", defs}, {"notes", r.notes}};
    out["publication"] =
        published
            ? nlohmann::json{{"min_count", published->min_count},
                             {"min_denominator", published->min_denominator},
                             {"rules", "Anzahlen unter der Mindestzahl geheim (primär), weitere "
                                       "Felder geheim, wo eine Summe sie sonst verriete "
                                       "(sekundär); Quoten mit kleinem oder geheimem Zähler oder "
                                       "Nenner entfallen; ganze Kinder"}}
            : nlohmann::json("nicht zur Veröffentlichung: alle Werte ungeschützt");
    return out;
}

} // namespace

output_files indicator_files(const planning::planning_model& model,
                             const planning::indicator_report& r,
                             const planning::publication_rules* published, double target_u3,
                             double target_ue3) {
    output_files files;
    const auto districts = files.add(district_layer(model, r));
    auto styles = target_styles(files.layer(districts),
                                {{"betreuungsquote_u3", target_u3, "Betreuungsquote U3", ""},
                                 {"betreuungsquote_ue3", target_ue3, "Betreuungsquote Ü3", ""},
                                 {"versorgungsquote_u3", target_u3, "Versorgungsquote U3", ""},
                                 {"versorgungsquote_ue3", target_ue3, "Versorgungsquote Ü3", ""}});
    for (auto& s : styles) {
        s = yearly(std::move(s), "year");
    }
    files.style(districts, std::move(styles));
    const auto table = files.add(long_table(r));
    const auto wide = files.add(wide_table(r));
    const auto spread = files.add(spread_table(r));
    files.geojson(districts);
    files.gpkg("indicators.gpkg", {districts});
    files.csv(table);
    files.csv(wide);
    files.csv(spread);
    files.json("indicators_definitions.json", definitions_json(r, published));
    return files;
}

output_files suppressed_files(const planning::published_report& p) {
    const auto& r = p.report;
    const auto& s = p.suppressed;
    output_files files;
    const auto table =
        files.add(layer_builder("indicators_suppressed", {}, s.size())
                      .text("level", [&](std::size_t i) { return r.areas[s[i].area].level; })
                      .text("area_id", [&](std::size_t i) { return r.areas[s[i].area].id; })
                      .text("area_name", [&](std::size_t i) { return r.areas[s[i].area].name; })
                      .integer("year", [&](std::size_t i) { return std::int64_t{s[i].year}; })
                      .text("indicator", [&](std::size_t i) { return s[i].indicator; })
                      .real("value", [&](std::size_t i) { return rounded(s[i].value, 1); })
                      .text("reason", [&](std::size_t i) { return s[i].reason; })
                      .build());
    files.csv(table);
    return files;
}

nlohmann::json indicators_json(const planning::indicator_report& r) {
    nlohmann::json top = nlohmann::json::object();
    for (const auto& row : r.rows) {
        if (r.areas[row.area].level == "gesamt") {
            top[row.indicator][std::to_string(row.year)] =
                row.value ? nlohmann::json(*row.value) : nlohmann::json();
        }
    }
    return {{"years", r.years},
            {"areas", r.areas.size()},
            {"rows", r.rows.size()},
            {"municipality", top},
            {"notes", r.notes}};
}

namespace {

std::string decimal_comma(std::string text) {
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

std::string percent_text(double v) {
    return german_number(std::round(v * 10) / 10) + " %";
}

// "  (Planungsräume 20,1 bis 63,4 %, Gini 0,21)": the spread of the municipality's districts.
std::string spread_text(const planning::indicator_report& r, const std::string& id, int year) {
    for (const auto& s : r.spreads) {
        if (s.indicator == id && s.year == year && r.areas[s.area].level == "gesamt") {
            return fmt::format("  (Planungsräume {} bis {}{})",
                               german_number(std::round(s.min * 10) / 10), percent_text(s.max),
                               s.gini ? ", Gini " + decimal_comma(fmt::format("{:.2f}", *s.gini))
                                      : std::string());
        }
    }
    return {};
}

} // namespace

void print_indicators(std::ostream& out, const std::string& project,
                      const planning::indicator_report& r, const planning::published_report* p) {
    out << fmt::format("Bildungsmonitoring {}: {} Kennzahlen, {} Gebiete, Jahre {}\n", project,
                       r.definitions.size(), r.areas.size(),
                       r.years.empty() ? std::string("-")
                                       : fmt::format("{} bis {}", r.years.front(), r.years.back()));
    // The municipality's rates, the latest year each has.
    for (const auto& d : r.definitions) {
        if (d.unit != planning::indicator_unit::percent) {
            continue;
        }
        const planning::indicator_row* latest = nullptr;
        for (const auto& row : r.rows) {
            if (row.indicator == d.id && r.areas[row.area].level == "gesamt" &&
                (!latest || row.year > latest->year)) {
                latest = &row;
            }
        }
        if (latest) {
            out << fmt::format("  {:<36} {} {:>7}{}\n", d.title, latest->year,
                               latest->value ? percent_text(*latest->value) : std::string("-"),
                               spread_text(r, d.id, latest->year));
        }
    }
    // The legal claim's shortfall year by year: what the council has to decide on.
    for (const auto& row : r.rows) {
        if (row.indicator == "ganztag_plaetze_fehlend" && r.areas[row.area].level == "gesamt") {
            out << fmt::format("  {:<36} {} {:>7}{}\n", "fehlende Ganztagsplätze",
                               planning::school_year_label(row.year),
                               row.value ? german_number(std::round(*row.value)) : "-",
                               row.projected ? " (Prognose)" : "");
        }
    }
    for (const auto& n : r.notes) {
        out << "  Hinweis: " << n << '\n';
    }
    if (p) {
        out << fmt::format("  veröffentlicht: {} Werte geheim gehalten (Liste für das Amt, nicht "
                           "zur Veröffentlichung)\n",
                           p->suppressed.size());
    }
}

} // namespace standort::services
