#include "geo/network/travel_mode.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace standort::geo::network {

std::optional<travel_mode> parse_travel_mode(std::string_view name) {
    if (name == "walk") {
        return travel_mode::walk;
    }
    if (name == "cycle") {
        return travel_mode::cycle;
    }
    if (name == "drive") {
        return travel_mode::drive;
    }
    return std::nullopt;
}

std::string to_string(travel_mode mode) {
    switch (mode) {
    case travel_mode::walk:
        return "walk";
    case travel_mode::cycle:
        return "cycle";
    case travel_mode::drive:
        return "drive";
    }
    return "walk";
}

namespace {

template <std::size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& set) {
    for (auto s : set) {
        if (s == value) {
            return true;
        }
    }
    return false;
}

std::string_view tag(const way_tags& way, std::string_view key) {
    const auto it = way.tags.find(key);
    return it == way.tags.end() ? std::string_view{} : std::string_view{it->second};
}

bool grants(std::string_view v) {
    return v == "yes" || v == "designated" || v == "permissive" || v == "destination";
}

bool denies(std::string_view v) {
    return v == "no" || v == "private" || v == "agricultural" || v == "forestry" ||
           v == "delivery" || v == "use_sidepath";
}

// The mode's own tag decides; without it the class default, then the general access tag.
bool allowed(const way_tags& way, bool class_default,
             std::initializer_list<std::string_view> own_keys) {
    for (auto key : own_keys) {
        const auto v = tag(way, key);
        if (grants(v)) {
            return true;
        }
        if (denies(v)) {
            return false;
        }
    }
    if (!class_default) {
        return false;
    }
    return !denies(tag(way, "access"));
}

// Direction for modes that respect oneway: forward, backward.
std::pair<bool, bool> oneway(const way_tags& way, std::string_view mode_key) {
    std::string_view v = tag(way, mode_key);
    if (v.empty()) {
        v = tag(way, "oneway");
    }
    if (v == "yes" || v == "true" || v == "1") {
        return {true, false};
    }
    if (v == "-1" || v == "reverse") {
        return {false, true};
    }
    if (v == "reversible" || v == "alternating") {
        return {false, false}; // direction changes by the hour: not counted on
    }
    if (v == "no" || v == "false" || v == "0") {
        return {true, true};
    }
    const bool implied = way.highway == "motorway" || way.highway == "motorway_link" ||
                         tag(way, "junction") == "roundabout" || tag(way, "junction") == "circular";
    return implied ? std::pair{true, false} : std::pair{true, true};
}

constexpr std::array<std::string_view, 14> roads = {
    "primary",       "primary_link", "secondary",   "secondary_link", "tertiary",
    "tertiary_link", "unclassified", "residential", "living_street",  "service",
    "road",          "trunk",        "trunk_link",  "busway"};

// Free-flow car speeds where no maxspeed is tagged (km/h): the German limits by road type,
// lowered where junctions and traffic make the limit unrealistic on average.
double default_drive_speed(std::string_view highway) {
    if (highway == "motorway") {
        return 120;
    }
    if (highway == "trunk") {
        return 90;
    }
    if (highway == "primary" || highway == "motorway_link") {
        return 60;
    }
    if (highway == "secondary" || highway == "trunk_link") {
        return 50;
    }
    if (highway == "tertiary" || highway == "primary_link" || highway == "secondary_link") {
        return 40;
    }
    if (highway == "unclassified" || highway == "tertiary_link" || highway == "road") {
        return 35;
    }
    if (highway == "residential") {
        return 30;
    }
    if (highway == "living_street") {
        return 7; // Schrittgeschwindigkeit (StVO Anlage 3, Zeichen 325.1)
    }
    return 15; // service, track
}

} // namespace

way_access access_for(travel_mode mode, const way_tags& way, const mode_speeds& speeds) {
    const std::string_view h = way.highway;
    way_access out;
    if (h.empty() || h == "construction" || h == "proposed" || h == "abandoned" || h == "raceway" ||
        h == "bus_guideway" || tag(way, "area") == "yes") {
        return out;
    }
    const bool motorroad =
        tag(way, "motorroad") == "yes" || h == "motorway" || h == "motorway_link";
    switch (mode) {
    case travel_mode::walk: {
        const bool by_class =
            !motorroad &&
            (one_of(h, roads) || one_of(h, std::array<std::string_view, 9>{
                                               "footway", "path", "pedestrian", "track", "steps",
                                               "bridleway", "corridor", "platform", "crossing"}));
        if (!allowed(way, by_class, {"foot"})) {
            return out;
        }
        out.forward = out.backward = true;
        // Steps take about twice as long as level ground.
        out.speed_kmh = h == "steps" ? speeds.walk_kmh / 2 : speeds.walk_kmh;
        return out;
    }
    case travel_mode::cycle: {
        const bool by_class =
            !motorroad && h != "steps" &&
            (one_of(h, roads) ||
             one_of(h, std::array<std::string_view, 3>{"cycleway", "path", "track"}));
        if (!allowed(way, by_class, {"bicycle", "vehicle"})) {
            return out;
        }
        auto [fw, bw] = oneway(way, "oneway:bicycle");
        const auto cycleway = tag(way, "cycleway");
        if (cycleway.starts_with("opposite")) {
            fw = bw = true;
        }
        out.forward = fw;
        out.backward = bw;
        out.speed_kmh = speeds.cycle_kmh;
        return out;
    }
    case travel_mode::drive: {
        const bool by_class = h == "motorway" || h == "motorway_link" || one_of(h, roads);
        if (!allowed(way, by_class, {"motorcar", "motor_vehicle", "vehicle"})) {
            return out;
        }
        const auto [fw, bw] = oneway(way, "oneway:motorcar");
        out.forward = fw;
        out.backward = bw;
        out.speed_kmh = parse_maxspeed(tag(way, "maxspeed")).value_or(default_drive_speed(h));
        if (h == "motorway" && out.speed_kmh > 130) {
            out.speed_kmh = 130; // "none": the Richtgeschwindigkeit, not the car's top speed
        }
        return out;
    }
    }
    return out;
}

std::map<std::string, std::string, std::less<>> parse_hstore(std::string_view text) {
    std::map<std::string, std::string, std::less<>> out;
    std::size_t i = 0;
    auto quoted = [&](std::string& into) {
        while (i < text.size() && text[i] != '"') {
            ++i;
        }
        if (i >= text.size()) {
            return false;
        }
        ++i;
        into.clear();
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) {
                ++i;
            }
            into += text[i++];
        }
        if (i >= text.size()) {
            return false;
        }
        ++i;
        return true;
    };
    std::string key;
    std::string value;
    while (i < text.size()) {
        if (!quoted(key)) {
            break;
        }
        const auto arrow = text.find("=>", i);
        if (arrow == std::string_view::npos) {
            break;
        }
        i = arrow + 2;
        if (!quoted(value)) {
            break;
        }
        out.emplace(key, value);
    }
    return out;
}

std::optional<double> parse_maxspeed(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    if (text == "DE:urban") {
        return 50.0;
    }
    if (text == "DE:rural") {
        return 100.0;
    }
    if (text == "DE:motorway" || text == "none") {
        return 130.0;
    }
    if (text == "DE:living_street" || text == "walk" || text == "DE:walk") {
        return 7.0;
    }
    if (text.starts_with("DE:zone")) {
        text.remove_prefix(7);
        if (!text.empty() && text.front() == ':') {
            text.remove_prefix(1);
        }
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || !std::isfinite(v) || v <= 0 || v > 300) {
        return std::nullopt;
    }
    std::string_view rest(end, static_cast<std::size_t>(text.data() + text.size() - end));
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    if (rest == "mph") {
        return v * 1.609344;
    }
    if (!rest.empty() && rest != "km/h" && rest != "kmh") {
        return std::nullopt;
    }
    return v;
}

} // namespace standort::geo::network
