#include "services/render/aliases.hpp"

#include <array>
#include <map>
#include <regex>

#include <fmt/format.h>

namespace standort::services {

namespace {

// Fields that need no composing.
const std::map<std::string, std::string, std::less<>> plain{
    {"access_index", "Erreichbarkeitsindex (1 = Mittel)"},
    {"area_ha", "Fläche (ha)"},
    {"area_km2", "Fläche (km²)"},
    {"assigned", "zugeordnete Schule"},
    {"base_year", "Basisjahr"},
    {"beyond", "weiter entfernt als"},
    {"beyond_unit", "Einheit der Entfernung"},
    {"capacity", "Kapazität"},
    {"catchment_id", "Schulbezirk"},
    {"cells", "Rasterzellen"},
    {"change", "Änderung"},
    {"children", "Kinder"},
    {"children_bands", "Kinder nach Altersgruppe"},
    {"children_nearer_elsewhere", "Kinder mit näherer Schule anderswo"},
    {"children_u3", "Kinder unter 3 Jahren"},
    {"scenario", "Variante"},
    {"open_sites", "offene Standorte"},
    {"unreached", "Kinder ohne Standort in Reichweite"},
    {"without_seat", "Kinder ohne Platz"},
    {"children_ue3", "Kinder ab 3 Jahren bis Schuleintritt"},
    {"class_rule", "Klassenbildungsregel"},
    {"class_size", "Klassengröße"},
    {"classes", "Klassen"},
    {"date", "Stichtag"},
    {"distance_m", "Entfernung (m)"},
    {"district_id", "Planungsraum"},
    {"district_name", "Name des Planungsraums"},
    {"entrants", "Schulanfänger"},
    {"entry_quote", "Übergangsquote"},
    {"facilities", "Einrichtungen"},
    {"facility_id", "Einrichtung"},
    {"free", "freie Plätze"},
    {"gemeinde_id", "Gemeinde"},
    {"grades", "Jahrgangsstufen"},
    {"grundschulen", "Grundschulen"},
    {"grundschulen_inside", "Grundschulen im Bezirk"},
    {"group", "Gruppe"},
    {"held_out", "zurückgehaltene Jahre"},
    {"kind", "Art der Einrichtung"},
    {"kitas", "Kitas"},
    {"label", "Beschriftung"},
    {"last_year", "letztes Prognosejahr"},
    {"travel_limit", "Grenze (Weg)"},
    {"age_group", "Altersgruppe"},
    {"children_within", "Kinder innerhalb der Schwelle"},
    {"max_distance_m", "größte Entfernung (m)"},
    {"mean_cost", "mittlerer Weg"},
    {"mean_distance_m", "mittlere Entfernung (m)"},
    {"method", "Verfahren"},
    {"missing", "fehlende Plätze"},
    {"movers_children", "Kinder aus Zuzug in Neubaugebiete"},
    {"name", "Name"},
    {"nearest", "nächste Einrichtung"},
    {"nearest_distance_m", "Entfernung zur nächsten Schule (m)"},
    {"nearest_id", "nächste Schule"},
    {"observed", "beobachtet (1) oder Prognose (0)"},
    {"open", "geöffnet"},
    {"parent_id", "übergeordneter Raum"},
    {"peak_year", "Jahr des Höchststands"},
    {"persons", "Einwohner"},
    {"places", "Plätze"},
    {"places_per_100_children", "Plätze je 100 Kinder"},
    {"places_per_child", "Plätze je Kind in Reichweite"},
    {"places_per_child_in_reach", "Plätze je Kind in Reichweite"},
    {"places_u3", "Plätze U3"},
    {"kita_places_u3", "Kita-Plätze U3"},
    {"kita_places_ue3", "Kita-Plätze Ü3"},
    {"first_shortage", "erstes Jahr mit Platzmangel"},
    {"outcome", "Ergebnis der Standortwahl"},
    {"places_ue3", "Plätze Ü3"},
    {"pupils", "Schülerinnen und Schüler"},
    {"quota", "Versorgungsquote (Plätze je 100 Kinder)"},
    {"role", "Rolle"},
    {"rooms", "Klassenräume"},
    {"school_type", "Schulart"},
    {"school_year", "Schuljahr"},
    {"schools", "Schulen"},
    {"seats", "Schulplätze"},
    {"seats_derived", "Schulplätze aus Zügen berechnet"},
    {"seats_inside", "Schulplätze im Bezirk"},
    {"seats_per_100", "Schulplätze je 100 Kinder"},
    {"share", "Anteil (%)"},
    {"share_nearer_elsewhere", "Anteil mit näherer Schule anderswo (%)"},
    {"short_of_rooms", "fehlende Klassenräume"},
    {"short_of_seats", "fehlende Schulplätze"},
    {"shortage", "Engpass"},
    {"source", "Quelle"},
    {"source_feature", "Objekt in der Quelle"},
    {"status", "Datenstand"},
    {"street_leg_m", "Weg zur Straße (m)"},
    {"target", "Zielwert (Plätze je 100 Kinder)"},
    {"threshold", "Schwelle"},
    {"travel", "Wegemaß"},
    {"unassigned", "Kinder ohne Schulplatz in Reichweite"},
    {"unit", "Einheit"},
    {"unit_id", "Nachfrageeinheit"},
    {"utilisation", "Auslastung (%)"},
    {"within", "Kinder innerhalb der Schwelle"},
    {"demand_units", "Nachfrageeinheiten"},
    {"year", "Jahr"},
    {"zuege", "Züge"},
    // forecast age groups
    {"u3", "Kinder unter 3 Jahren"},
    {"ue3", "Kinder ab 3 Jahren bis Schuleintritt"},
    {"primary_age", "Kinder im Grundschulalter"},
    {"sek1", "Kinder im Alter der Sekundarstufe I"},
    {"kita_demand", "Kita-Bedarf (Plätze)"},
    {"kita_demand_u3", "Kita-Bedarf U3 (Plätze)"},
    {"kita_demand_ue3", "Kita-Bedarf Ü3 (Plätze)"},
    {"kita_places_per_100", "Kita-Plätze je 100 Kinder mit Bedarf"},
    // Bildungsmonitoring (indicators): the long table and its indicators
    {"level", "Ebene"},
    {"area_id", "Gebiet"},
    {"area_name", "Gebietsname"},
    {"parent_level", "übergeordnete Ebene"},
    {"parent_id", "übergeordnetes Gebiet"},
    {"indicator", "Kennzahl"},
    {"title", "Bezeichnung"},
    {"value", "Wert"},
    {"numerator", "Zähler"},
    {"denominator", "Nenner"},
    {"reason", "Grund der Geheimhaltung"},
    {"kinder_u3", "Kinder unter 3 Jahren"},
    {"kinder_ue3", "Kinder von 3 bis unter 6 Jahren"},
    {"betreute_u3", "betreute Kinder unter 3 Jahren"},
    {"betreute_ue3", "betreute Kinder von 3 bis unter 6 Jahren"},
    {"betreuungsquote_u3", "Betreuungsquote U3 (%)"},
    {"betreuungsquote_ue3", "Betreuungsquote Ü3 (%)"},
    {"plaetze_u3", "genehmigte Plätze U3"},
    {"plaetze_ue3", "genehmigte Plätze Ü3"},
    {"versorgungsquote_u3", "Versorgungsquote U3 (Plätze je 100 Kinder)"},
    {"versorgungsquote_ue3", "Versorgungsquote Ü3 (Plätze je 100 Kinder)"},
    {"schueler_grundschule", "Schülerinnen und Schüler an Grundschulen"},
    {"plaetze_grundschule", "Schulplätze an Grundschulen"},
    {"auslastung_grundschule", "Auslastung der Grundschulen (%)"},
    {"basis", "Grundlage (beobachtet oder Prognose)"},
    {"kinder_u6", "Kinder unter 6 Jahren"},
    {"plaetze_kita", "genehmigte Plätze in Kitas"},
    {"versorgungsquote_kita", "Versorgungsquote Kita (Plätze je 100 Kinder unter 6)"},
    {"einschueler", "Einschülerinnen und Einschüler"},
    {"kinder_einschulungsalter", "Kinder im Einschulungsalter"},
    {"einschulungsquote", "Einschulungsquote (%)"},
    {"ganztag_teilnehmer", "Schülerinnen und Schüler im Ganztag"},
    {"ganztag_plaetze", "Ganztagsplätze"},
    {"ganztag_quote", "Ganztagsquote (%)"},
    {"ganztag_anspruch", "Anspruchsberechtigte im Ganztag"},
    {"ganztag_bedarf", "Bedarf an Ganztagsplätzen"},
    {"ganztag_plaetze_fehlend", "fehlende Ganztagsplätze"},
    {"districts_known", "Bezirke mit Wert"},
    {"districts", "Bezirke des Gebiets"},
    {"lowest", "niedrigster Wert eines Bezirks"},
    {"lowest_district", "Bezirk mit dem niedrigsten Wert"},
    {"lowest_name", "Name des Bezirks mit dem niedrigsten Wert"},
    {"highest", "höchster Wert eines Bezirks"},
    {"highest_district", "Bezirk mit dem höchsten Wert"},
    {"highest_name", "Name des Bezirks mit dem höchsten Wert"},
    {"gini", "Gini-Koeffizient zwischen den Bezirken (0 = gleich)"},
    {"uebergaenge", "Übergänge auf weiterführende Schulen"},
    {"uebergaenge_gymnasium", "Übergänge auf das Gymnasium"},
    {"uebergaenge_gesamtschule", "Übergänge auf Gesamtschulen"},
    {"uebergaenge_realschule", "Übergänge auf die Realschule"},
    {"uebergaenge_sonstige", "Übergänge auf sonstige Schulformen"},
    {"uebergangsquote_gymnasium", "Übergangsquote Gymnasium (%)"},
    {"uebergangsquote_gesamtschule", "Übergangsquote Gesamtschule (%)"},
    {"uebergangsquote_realschule", "Übergangsquote Realschule (%)"},
    {"uebergangsquote_sonstige", "Übergangsquote sonstige Schulformen (%)"},
};

// Groups and facility kinds as a prefix: kita_u3_quota, grundschule_share_1000m.
const std::map<std::string, std::string, std::less<>> groups{{"kita_u3", "U3"},
                                                             {"kita_ue3", "Ü3"},
                                                             {"kita", "Kita"},
                                                             {"grundschule", "Grundschule"},
                                                             {"sek1", "Sekundarstufe I"},
                                                             {"sek2", "Sekundarstufe II"},
                                                             {"gymnasium", "Gymnasium"}};

// What follows a group, with {g} where the group's name goes.
const std::map<std::string, std::string, std::less<>> measures{
    {"children", "Kinder {g}"},
    {"places", "Plätze {g}"},
    {"quota", "Versorgungsquote {g} (Plätze je 100 Kinder)"},
    {"target", "Zielwert {g} (Plätze je 100 Kinder)"},
    {"missing", "fehlende Plätze {g}"},
    {"mean_distance_m", "{g}: mittlere Entfernung (m)"},
    {"mean_minutes", "{g}: mittlere Wegezeit (min)"},
    {"demand_units", "{g}: Nachfrageeinheiten"},
    {"access_index", "{g}: Erreichbarkeitsindex (1 = Mittel)"},
    {"distance_m", "{g}: Entfernung zur nächsten (m)"},
    {"minutes", "{g}: Wegezeit zur nächsten (min)"},
    {"nearest_id", "{g}: nächste Einrichtung"},
    {"first_shortage", "{g}: erstes Jahr mit Platzmangel"},
    {"seats", "{g}: Schulplätze"},
    {"ids", "{g}: Kennungen"},
    {"kinder", "{g}: Kinder im Alter"},
    {"kinder_jenseits", "{g}: Kinder über der Wegegrenze"},
    {"anteil_jenseits", "{g}: Anteil der Kinder über der Wegegrenze (%)"},
};

std::string expand(std::string_view pattern, std::string_view group) {
    std::string out(pattern);
    if (const auto at = out.find("{g}"); at != std::string::npos) {
        out.replace(at, 3, group);
    }
    return out;
}

std::string threshold_text(const std::string& number, const std::string& unit) {
    return number + (unit == "min" ? " min" : " m");
}

// "06_10" -> "6 bis unter 10 Jahre"
std::string ages_text(const std::string& from, const std::string& to) {
    return fmt::format("{} bis unter {} Jahre", std::stoi(from), std::stoi(to));
}

std::optional<std::string> grouped(std::string_view field) {
    for (const auto& [prefix, label] : groups) {
        if (field.size() <= prefix.size() + 1 || !field.starts_with(prefix) ||
            field[prefix.size()] != '_') {
            continue;
        }
        const auto rest = field.substr(prefix.size() + 1);
        if (const auto m = measures.find(rest); m != measures.end()) {
            return expand(m->second, label);
        }
        static const std::regex within("(within|share)_(\\d+)(m|min)");
        std::smatch match;
        const std::string rest_text(rest);
        if (std::regex_match(rest_text, match, within)) {
            const auto at = threshold_text(match[2], match[3]);
            return match[1] == "within" ? fmt::format("{}: Kinder bis {}", label, at)
                                        : fmt::format("{}: Anteil bis {} (%)", label, at);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> german_alias(std::string_view field) {
    if (const auto p = plain.find(field); p != plain.end()) {
        return p->second;
    }
    if (auto g = grouped(field)) {
        return g;
    }
    const std::string name(field);
    std::smatch m;
    static const std::regex year_variant("(.+)_(\\d{4})_(low|high)");
    static const std::regex census("(children|persons)_(\\d{4})_(.+)");
    static const std::regex yearly("(.+)_(\\d{4})");
    static const std::regex variant("(.+)_(low|high)");
    static const std::regex compared("(.+)_(today|result)");
    static const std::regex change("(.+)_change_pct");
    static const std::regex stage("(.+)_(base|last|peak)");
    static const std::regex ages("age_(\\d\\d)_(\\d\\d)");
    static const std::regex error("(mape|bias)_(\\d+)_(\\d+)");
    static const std::regex threshold("(within|share)_(\\d+)(m|min)");
    const auto part = [](const std::string& p) { return german_alias(p); };
    const auto variant_text = [](const std::string& v) {
        return v == "low" ? std::string(" (untere Variante)") : std::string(" (obere Variante)");
    };
    if (std::regex_match(name, m, year_variant)) {
        if (auto a = part(m[1])) {
            return *a + " " + m[2].str() + variant_text(m[3]);
        }
    } else if (std::regex_match(name, m, census)) {
        if (m[3] == "u3" || m[3] == "ue3") {
            return *part("children_" + m[3].str()) + " " + m[2].str();
        }
        if (m[3] == "under_18") {
            return "Kinder unter 18 Jahren " + m[2].str();
        }
        const auto band = m[3].str();
        if (std::smatch a; std::regex_match(band, a, ages)) {
            return (m[1] == "children" ? "Kinder " : "Einwohner ") + ages_text(a[1], a[2]) + " " +
                   m[2].str();
        }
    } else if (std::regex_match(name, m, yearly)) {
        if (auto a = part(m[1])) {
            return *a + " " + m[2].str();
        }
    }
    if (std::regex_match(name, m, variant)) {
        if (auto a = part(m[1])) {
            return *a + variant_text(m[2]);
        }
    }
    if (std::regex_match(name, m, compared)) {
        if (auto a = part(m[1])) {
            return *a + (m[2] == "today" ? " (heute)" : " (Ergebnis)");
        }
    }
    if (std::regex_match(name, m, change)) {
        if (auto a = part(m[1])) {
            return *a + ": Veränderung (%)";
        }
    }
    static const std::regex ahead("(.+)_plus_(\\d{1,3})");
    if (std::regex_match(name, m, ahead)) {
        if (auto a = part(m[1])) {
            const auto n = std::stoi(m[2]);
            return fmt::format("{} nach {} Jahr{}", *a, n, n == 1 ? "" : "en");
        }
    }
    if (std::regex_match(name, m, stage)) {
        if (auto a = part(m[1])) {
            const auto s = m[2].str();
            return *a + (s == "base"   ? " im Basisjahr"
                         : s == "last" ? " im letzten Jahr"
                                       : " im Höchststand");
        }
    }
    if (std::regex_match(name, m, error)) {
        return fmt::format("{} {} bis unter {} Jahre (%)",
                           m[1] == "mape" ? "mittlerer absoluter Fehler" : "mittlere Abweichung",
                           m[2].str(), m[3].str());
    }
    if (std::regex_match(name, m, threshold)) {
        const auto at = threshold_text(m[2], m[3]);
        return m[1] == "within" ? "Kinder bis " + at : "Anteil bis " + at + " (%)";
    }
    return std::nullopt;
}

} // namespace standort::services
