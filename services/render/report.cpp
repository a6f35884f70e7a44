#include "services/render/report.hpp"

#include "services/render/styles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace standort::services {

namespace {

using planning::indicator_report;
using planning::indicator_row;
using planning::indicator_unit;

struct topic {
    std::string title;
    std::string intro;
    std::vector<std::string> ids;
};

// The report's chapters, in the order the Anwendungsleitfaden's indicator areas take them:
// early education, school, Ganztag, transitions, access. Only indicators with rows appear.
std::vector<topic> topics(const indicator_report& r) {
    std::vector<topic> out{
        {"Frühkindliche Bildung: Kindertagesbetreuung",
         "Wie viele Kinder eine Kita besuchen (Betreuungsquote) und wie viele Plätze es für sie "
         "gibt (Versorgungsquote).",
         {"betreuungsquote_u3", "betreuungsquote_ue3", "versorgungsquote_u3",
          "versorgungsquote_ue3", "versorgungsquote_kita"}},
        {"Grundschulen",
         "Wie voll die Grundschulen sind und wie viele Kinder des Einschulungsalters sie "
         "aufnehmen.",
         {"schueler_grundschule", "auslastung_grundschule", "einschulungsquote"}},
        {"Ganztag und Rechtsanspruch",
         "Teilnahme am Ganztag und die Plätze, die der Rechtsanspruch ab 2026/27 verlangt.",
         {"ganztag_quote", "ganztag_anspruch", "ganztag_plaetze_fehlend"}},
        {"Übergänge auf weiterführende Schulen",
         "Auf welche Schulformen die Kinder nach der Grundschule wechseln.",
         {"uebergangsquote_gymnasium", "uebergangsquote_gesamtschule", "uebergangsquote_realschule",
          "uebergangsquote_sonstige"}},
        {"Erreichbarkeit und Chancengleichheit",
         "Wie viele Kinder weiter als die Wegegrenze von der nächsten Einrichtung wohnen.",
         {}},
    };
    for (const auto& d : r.definitions) {
        if (d.id.ends_with("_anteil_jenseits")) {
            out.back().ids.push_back(d.id);
        }
    }
    return out;
}

// Indicators counted by school year: their year is written "2024/25".
bool by_school_year(const std::string& id) {
    for (const auto* prefix : {"schueler_", "plaetze_grundschule", "auslastung_", "einschu",
                               "kinder_einschulungsalter", "ganztag_", "uebergang"}) {
        if (id.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

std::string year_text(const std::string& id, int year) {
    return by_school_year(id) ? planning::school_year_label(year) : std::to_string(year);
}

std::string value_text(const std::optional<double>& v, indicator_unit unit) {
    if (!v) {
        return "–";
    }
    return unit == indicator_unit::percent ? german_number(std::round(*v * 10) / 10)
                                           : german_number(std::round(*v));
}

std::string level_text(const std::string& level) {
    if (level == "gesamt") {
        return "Gesamt";
    }
    if (level == "district") {
        return "Planungsraum";
    }
    if (level == "schule") {
        return "Schule";
    }
    std::string out = level;
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    }
    return out;
}

// A round axis maximum: 1, 2, 2.5 or 5 times a power of ten, at least `v`.
double nice_ceiling(double v) {
    if (!(v > 0)) {
        return 1;
    }
    const double power = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * power >= v) {
            return step * power;
        }
    }
    return 10 * power;
}

// The municipality's series as a line: observed solid, projected dashed, each point with its
// value as a tooltip. Inline SVG: the report opens without anything from the internet.
std::string chart_svg(const indicator_report& r, const planning::indicator_definition& d) {
    std::vector<const indicator_row*> series;
    for (const auto& row : r.rows) {
        if (row.indicator == d.id && r.areas[row.area].level == "gesamt" && row.value) {
            series.push_back(&row);
        }
    }
    std::sort(series.begin(), series.end(),
              [](const auto* a, const auto* b) { return a->year < b->year; });
    if (series.size() < 2) {
        return {};
    }
    constexpr double width = 640, height = 220, left = 56, right = 16, top = 14, bottom = 30;
    const int first = series.front()->year;
    const int last = series.back()->year;
    double highest = 0;
    for (const auto* s : series) {
        highest = std::max(highest, *s->value);
    }
    const double ymax = nice_ceiling(highest * 1.05);
    const auto x = [&](int year) {
        return left + (width - left - right) * (year - first) / std::max(1, last - first);
    };
    const auto y = [&](double v) { return top + (height - top - bottom) * (1 - v / ymax); };
    std::string svg = fmt::format(
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{} {} bis {}\">\n",
        width, height, xml_escaped(d.title), year_text(d.id, first), year_text(d.id, last));
    for (int i = 0; i <= 4; ++i) {
        const double v = ymax * i / 4;
        svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
                           "<text x=\"{}\" y=\"{:.1f}\" class=\"ytick\">{}</text>\n",
                           left, width - right, y(v), y(v), left - 6, y(v) + 4, german_number(v));
    }
    const int step = last - first > 10 ? 2 : 1;
    for (int year = first; year <= last; year += step) {
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"xtick\">{}</text>\n", x(year),
                           height - 10, year_text(d.id, year));
    }
    const auto point = [&](const indicator_row* s) {
        return fmt::format("{:.1f},{:.1f} ", x(s->year), y(*s->value));
    };
    std::string observed, projected;
    const indicator_row* last_observed = nullptr;
    for (const auto* s : series) {
        if (!s->projected) {
            observed += point(s);
            last_observed = s;
            continue;
        }
        if (projected.empty() && last_observed) {
            projected = point(last_observed); // the dashed line goes on from the last observed
        }
        projected += point(s);
    }
    if (!observed.empty()) {
        svg += "<polyline class=\"observed\" points=\"" + observed + "\"/>\n";
    }
    if (!projected.empty()) {
        svg += "<polyline class=\"projected\" points=\"" + projected + "\"/>\n";
    }
    for (const auto* s : series) {
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" class=\"{}\"><title>{}: "
                           "{}{}</title></circle>\n",
                           x(s->year), y(*s->value), s->projected ? "projected" : "observed",
                           year_text(d.id, s->year), value_text(s->value, d.unit),
                           s->projected ? " (Prognose)" : "");
    }
    return svg + "</svg>\n";
}

// Every area with the indicator, for the latest five years it has: the municipality, the
// levels' units, the districts, then the schools.
std::string table_html(const indicator_report& r, const planning::indicator_definition& d) {
    std::map<std::size_t, std::map<int, const indicator_row*>> cells;
    std::set<int> years;
    std::set<int> projected_years;
    for (const auto& row : r.rows) {
        if (row.indicator == d.id) {
            cells[row.area][row.year] = &row;
            years.insert(row.year);
            if (row.projected) {
                projected_years.insert(row.year);
            }
        }
    }
    std::vector<int> shown(years.begin(), years.end());
    if (shown.size() > 5) {
        shown.erase(shown.begin(), shown.end() - 5);
    }
    const auto rank = [&](std::size_t a) {
        const auto& level = r.areas[a].level;
        return level == "gesamt" ? 0 : level == "district" ? 2 : level == "schule" ? 3 : 1;
    };
    std::vector<std::size_t> areas;
    for (const auto& [a, c] : cells) {
        areas.push_back(a);
    }
    std::stable_sort(areas.begin(), areas.end(), [&](auto a, auto b) { return rank(a) < rank(b); });
    std::string html = "<table>\n<thead><tr><th>Gebiet</th><th>Ebene</th>";
    for (int y : shown) {
        html += fmt::format("<th class=\"num\">{}{}</th>", year_text(d.id, y),
                            projected_years.contains(y) ? "*" : "");
    }
    html += "</tr></thead>\n<tbody>\n";
    for (auto a : areas) {
        const auto& area = r.areas[a];
        html += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td>", rank(a) == 0 ? "total" : "",
                            xml_escaped(area.name.empty() ? area.id : area.name),
                            xml_escaped(level_text(area.level)));
        for (int y : shown) {
            const auto it = cells[a].find(y);
            html += fmt::format("<td class=\"num\">{}</td>",
                                it == cells[a].end() ? "" : value_text(it->second->value, d.unit));
        }
        html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n";
    if (!projected_years.empty()) {
        html += "<p class=\"small\">* mit Werten der Prognose (mittlere Variante)</p>\n";
    }
    return html;
}

// "Zwischen den Planungsräumen 2024: 20,5 % (Steinau) bis 40 % (Mitte), Gini 0,09".
std::string spread_html(const indicator_report& r, const planning::indicator_definition& d) {
    const planning::indicator_spread* latest = nullptr;
    for (const auto& s : r.spreads) {
        if (s.indicator == d.id && r.areas[s.area].level == "gesamt" &&
            (!latest || s.year > latest->year)) {
            latest = &s;
        }
    }
    if (!latest) {
        return {};
    }
    const auto name = [&](std::size_t a) {
        return xml_escaped(r.areas[a].name.empty() ? r.areas[a].id : r.areas[a].name);
    };
    return fmt::format(
        "<p>Zwischen den Planungsräumen {}: {} % ({}) bis {} % ({}){}, über {} "
        "von {} Planungsräumen mit Wert.</p>\n",
        year_text(d.id, latest->year), value_text(latest->min, d.unit), name(latest->min_area),
        value_text(latest->max, d.unit), name(latest->max_area),
        latest->gini ? ", Gini-Koeffizient " + german_number(std::round(*latest->gini * 100) / 100)
                     : std::string(),
        latest->known, latest->of);
}

std::string indicator_html(const indicator_report& r, const planning::indicator_definition& d) {
    std::string html =
        fmt::format("<section class=\"indicator\" id=\"{}\">\n<h3>{}{}</h3>\n", d.id,
                    xml_escaped(d.title), d.unit == indicator_unit::percent ? " (%)" : "");
    html += chart_svg(r, d);
    html += spread_html(r, d);
    html += table_html(r, d);
    html += fmt::format("<p class=\"definition\"><b>Definition:</b> {}. <b>Quelle:</b> {}.</p>\n",
                        xml_escaped(d.definition), xml_escaped(d.source));
    return html + "</section>\n";
}

constexpr const char* style_sheet = R"(<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60em; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 2px solid #1f5fa8; }
h3 { margin-top: 1.5em; } .small, .lead { color: #555; } .small { font-size: 0.85em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { padding: 0.15em 0.6em; border-bottom: 1px solid #ddd; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; } tr.total td { font-weight: bold; }
.chart { width: 100%; max-width: 640px; height: auto; display: block; }
.chart .grid { stroke: #ddd; } .chart text { font-size: 11px; fill: #555; }
.chart .ytick { text-anchor: end; } .chart .xtick { text-anchor: middle; }
.chart polyline { fill: none; stroke: #1f5fa8; stroke-width: 2; }
.chart polyline.projected { stroke-dasharray: 5 4; } .chart circle { fill: #1f5fa8; }
.chart circle.projected { fill: #fff; stroke: #1f5fa8; }
.definition { font-size: 0.9em; color: #444; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; }
               .chart, tr { break-inside: avoid; } }
</style>
)";

} // namespace

std::string bildungsbericht_html(const indicator_report& r, const report_context& c) {
    const auto first = r.years.empty() ? 0 : r.years.front();
    const auto last = r.years.empty() ? 0 : r.years.back();
    std::string html = "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += fmt::format("<title>Bildungsbericht {}</title>\n", xml_escaped(c.project));
    html += style_sheet;
    html += "</head>\n<body>\n";
    html += fmt::format("<h1>Bildungsbericht {}</h1>\n<p class=\"lead\">Kennzahlen des "
                        "Bildungsmonitorings {} bis {}; berechnet am {} mit standort {}.</p>\n",
                        xml_escaped(c.project), first, last, xml_escaped(c.date),
                        xml_escaped(c.version));
    html +=
        c.published
            ? fmt::format("<p class=\"lead\">Veröffentlichungsfassung: Anzahlen von 1 bis unter "
                          "{} und Werte, aus denen sie sich errechnen ließen, sind geheim "
                          "gehalten (–); Quoten mit weniger als {} im Nenner entfallen.</p>\n",
                          german_number(c.published->min_count),
                          german_number(c.published->min_denominator))
            : std::string("<p class=\"lead\"><b>Interne Fassung</b> mit allen Werten, nicht "
                          "zur Veröffentlichung (standort report --publish schreibt die "
                          "Veröffentlichungsfassung).</p>\n");
    std::string contents = "<ol>\n";
    std::string body;
    int chapter = 0;
    for (const auto& t : topics(r)) {
        std::string sections;
        for (const auto& id : t.ids) {
            const auto* d = planning::find_definition(r, id);
            const bool has_rows =
                std::any_of(r.rows.begin(), r.rows.end(), [&](const indicator_row& row) {
                    return row.indicator == id && row.value;
                });
            if (d && has_rows) {
                sections += indicator_html(r, *d);
            }
        }
        if (sections.empty()) {
            continue;
        }
        const auto anchor = fmt::format("thema{}", ++chapter);
        contents += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", anchor, xml_escaped(t.title));
        body += fmt::format("<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n", anchor, xml_escaped(t.title),
                            xml_escaped(t.intro));
        body += sections;
    }
    contents += "<li><a href=\"#hinweise\">Datengrundlage und Hinweise</a></li>\n</ol>\n";
    html += contents + body;
    html += "<h2 id=\"hinweise\">Datengrundlage und Hinweise</h2>\n<ul>\n";
    for (const auto& n : r.notes) {
        html += "<li>" + xml_escaped(n) + "</li>\n";
    }
    if (c.published) {
        html += fmt::format("<li>{} Werte sind nach den Geheimhaltungsregeln nicht "
                            "veröffentlicht; die Liste mit den Gründen liegt dem Amt vor.</li>\n",
                            c.suppressed);
    }
    html +=
        "<li>Gestrichelte Linien und mit * markierte Jahre: Werte der Prognose (mittlere "
        "Variante), keine Beobachtung.</li>\n"
        "<li>Der Gini-Koeffizient misst, wie ungleich eine Quote zwischen den "
        "Planungsräumen ist (gewichtet mit ihrem Nenner): 0, wenn alle die gleiche haben.</li>\n"
        "</ul>\n</body>\n</html>\n";
    return html;
}

} // namespace standort::services
