#include "planning/forecast/class_formation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace standort::planning {

int class_rule::classes(double pupils, bool entry_grade) const {
    // Pupils are projected as fractions; a class forms for a whole child, not for 0.2 of one.
    const double n = std::round(pupils);
    if (n <= 0) {
        return 0;
    }
    if (entry_grade && !entry_table.empty()) {
        for (std::size_t k = 0; k < entry_table.size(); ++k) {
            if (n <= entry_table[k]) {
                return static_cast<int>(k) + 1;
            }
        }
        const double beyond = n - entry_table.back();
        return static_cast<int>(entry_table.size()) +
               static_cast<int>(std::ceil(beyond / table_step));
    }
    return static_cast<int>(std::ceil(n / max_per_class));
}

namespace {

land_rules nrw() {
    land_rules r;
    r.land = "NW";
    r.name = "Nordrhein-Westfalen";
    r.primary_grades = 4;
    // VO zu § 93 Abs. 2 SchulG (BASS 11-11 Nr. 1), § 6a Abs. 1: entry classes of a Grundschule
    // by pupils, 29 / 56 / 81 / 104 / 125 / 150, then one class per further 25; Bandbreite
    // 15 to 29.
    r.grundschule.max_per_class = 29;
    r.grundschule.min_per_class = 15;
    r.grundschule.entry_table = {29, 56, 81, 104, 125, 150};
    r.grundschule.table_step = 25;
    r.grundschule.source = "NRW VO zu § 93 Abs. 2 SchulG, § 6a Abs. 1";
    // § 6 Abs. 5: Realschule, Gymnasium (Sek I) and Gesamtschule, Klassenfrequenzrichtwert 27,
    // Bandbreite 25 to 29. Hauptschule and Sekundarschule are taken with the same rule; set
    // your own in the project file where they differ.
    r.sek1.max_per_class = 29;
    r.sek1.min_per_class = 25;
    r.sek1.source = "NRW VO zu § 93 Abs. 2 SchulG, § 6 Abs. 5";
    return r;
}

land_rules berlin() {
    land_rules r;
    r.land = "BE";
    r.name = "Berlin";
    r.primary_grades = 6;
    // Grundschulverordnung § 4 Abs. 8: 23 to 26 pupils per learning group in the
    // Schulanfangsphase (21 to 25 where 40 % or more are of non-German first language or
    // lernmittelbefreit); grades 3 to 6 have no ceiling in the decree, 26 is kept.
    r.grundschule.max_per_class = 26;
    r.grundschule.min_per_class = 23;
    r.grundschule.source = "Berlin GsVO § 4 Abs. 8";
    // Sek I-Verordnung § 5 Abs. 7: Integrierte Sekundarschule at most 26 per class; the
    // Gymnasium at most 32 (29 in the Zumessung).
    r.sek1.max_per_class = 26;
    r.sek1.source = "Berlin Sek I-VO § 5 Abs. 7 (ISS)";
    class_rule gym;
    gym.max_per_class = 32;
    gym.source = "Berlin Sek I-VO § 5 Abs. 7 (Gymnasium)";
    r.gymnasium = gym;
    return r;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

std::optional<land_rules> rules_of_land(std::string_view land) {
    const auto l = lower(land);
    if (l == "nw" || l == "nrw" || l == "nordrhein-westfalen") {
        return nrw();
    }
    if (l == "be" || l == "berlin") {
        return berlin();
    }
    return std::nullopt;
}

std::vector<std::string> supported_lands() {
    return {"NW (Nordrhein-Westfalen)", "BE (Berlin)"};
}

} // namespace standort::planning
