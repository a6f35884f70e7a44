#include "planning/synth/names.hpp"

#include <array>
#include <iterator>

namespace standort::planning::synth {

namespace {

template <class List> const char* pick(random& r, const List& list) {
    return list[r.index(std::size(list))];
}

constexpr std::array prefixes{"Alt",    "Neu",    "Ober",  "Unter", "Klein", "Groß",
                              "Hohen",  "Nieder", "Wald",  "Berg",  "Lin",   "Eichen",
                              "Buch",   "Birken", "Rosen", "Mühl",  "Stein", "Bach",
                              "Wiesen", "Ro",     "Fri",   "Kirch", "Hain",  "Sonnen"};
constexpr std::array stems{"au",    "dorf",  "bach", "hausen", "heim", "stadt", "feld", "berg",
                           "hofen", "ingen", "burg", "rode",   "furt", "born",  "tal",  "brunn"};
constexpr std::array kitas{"Sonnenschein",  "Regenbogen",       "Kunterbunt",    "Pusteblume",
                           "Spatzennest",   "Löwenzahn",        "Wirbelwind",    "Marienkäfer",
                           "Sternschnuppe", "Zwergenland",      "Abenteuerland", "Glückskäfer",
                           "Rappelkiste",   "Villa Kunterbunt", "Waldwichtel",   "Schatzkiste"};
constexpr std::array people{"Astrid-Lindgren",
                            "Erich-Kästner",
                            "Brüder-Grimm",
                            "Anne-Frank",
                            "Goethe",
                            "Schiller",
                            "Sophie-Scholl",
                            "Albert-Schweitzer",
                            "Hans-Christian-Andersen",
                            "Otfried-Preußler",
                            "Marie-Curie",
                            "Geschwister-Scholl",
                            "Lessing",
                            "Humboldt",
                            "Käthe-Kollwitz"};

} // namespace

std::string name_maker::place() {
    return std::string(pick(m_random, prefixes)) + pick(m_random, stems);
}

std::string name_maker::kita() {
    static constexpr std::array kinds{"Kita",       "Kita",     "Kita",    "Ev. Kita",
                                      "Kath. Kita", "AWO-Kita", "Waldkita"};
    return std::string(pick(m_random, kinds)) + " " + pick(m_random, kitas);
}

std::string name_maker::school(const std::string& type, const std::string& place) {
    if (m_random.uniform() < 0.5) {
        return std::string(pick(m_random, people)) + "-" + type;
    }
    return type + " " + place;
}

} // namespace standort::planning::synth
