#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace standort::planning {

// How many classes a number of pupils forms: the class-size rules of a Land.
//
// A rule gives the most pupils a class may hold (Klassenfrequenzhöchstwert / upper end of the
// Bandbreite); classes = ceil(pupils / max). Where the Land fixes the number of entry classes
// by a table (NRW Grundschule), the table applies to the entry grade: the k-th entry is the
// most pupils k classes take, and beyond the table every further `table_step` pupils open one
// more class.
struct class_rule {
    double max_per_class = 0;
    double min_per_class = 0;        // lower end of the Bandbreite, reported; 0: not set
    std::vector<double> entry_table; // ascending; empty: ceil(pupils / max) for every grade
    double table_step = 0;
    // Classes formed at entry carry on with their cohort (NRW Grundschule: a cohort of 58
    // entrants keeps its 3 classes in grade 2, it is not recounted as 58 / 29 = 2).
    bool carry_entry_classes = false;
    // From this grade on (0 = the entry grade) `later_max_per_class` applies instead: where the
    // decree regulates only the first grades (Berlin's Schulanfangsphase) and the Land's
    // planning basis the rest. 0: the same rule for every grade.
    int later_from_grade = 0;
    double later_max_per_class = 0;
    std::string source; // the decree and paragraph

    int classes(double pupils, bool entry_grade) const;
    // Grade g (0 = entry) of a school: the later grades' own maximum where set.
    int classes_in_grade(double pupils, int grade) const;
};

struct land_rules {
    std::string land; // "NW", "BE"
    std::string name; // "Nordrhein-Westfalen"
    int primary_grades = 4;
    class_rule grundschule;
    class_rule sek1;                     // Realschule, Gymnasium, Gesamtschule (NRW); ISS (Berlin)
    std::optional<class_rule> gymnasium; // where the Gymnasium has its own (Berlin)
};

// "NW", "NRW", "Nordrhein-Westfalen", "BE", "Berlin" (any case); nullopt for others.
std::optional<land_rules> rules_of_land(std::string_view land);
std::vector<std::string> supported_lands();

} // namespace standort::planning
