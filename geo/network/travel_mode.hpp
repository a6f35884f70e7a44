#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace standort::geo::network {

// Who travels: each mode uses only the ways it may use, in the directions it may use them.
enum class travel_mode { walk, cycle, drive };
std::optional<travel_mode> parse_travel_mode(std::string_view name);
std::string to_string(travel_mode mode);

// Speeds for the modes whose speed does not depend on the way. Walking 4.5 km/h is the usual
// planning figure for adults; small children walk about 3 km/h.
// Driving takes each way's maxspeed, or a default for its class (see access_for).
struct mode_speeds {
    double walk_kmh = 4.5;
    double cycle_kmh = 15.0;
};

// A way's OSM classification: `highway` and the other tags that decide access, direction and
// speed (access, foot, bicycle, motor_vehicle, motorcar, oneway, junction, maxspeed, ...).
struct way_tags {
    std::string highway;
    std::map<std::string, std::string, std::less<>> tags;
};

// Whether a mode may travel a way forward (in its drawing direction) and backward, and how
// fast. Neither direction: the way is not part of the mode's network.
struct way_access {
    bool forward = false;
    bool backward = false;
    double speed_kmh = 0.0;
};

// The rules follow OSM's access defaults for Germany (wiki "OSM tags for routing/Access
// restrictions", Germany): pedestrians may use every road except motorways and motorroads,
// and cycleways only where signed for them; cyclists ride roads, tracks, paths and cycleways,
// footways only where signed; cars keep to roads and respect oneway (motorways and roundabouts
// are one way by definition). An explicit mode tag (foot=yes, bicycle=no, ...) overrides the
// class and the general `access` tag.
way_access access_for(travel_mode mode, const way_tags& way, const mode_speeds& speeds = {});

// GDAL's OSM driver keeps the tags it has no column for in `other_tags`, written as an
// hstore: "oneway"=>"yes","maxspeed"=>"30". Parses that text; malformed pairs are skipped.
std::map<std::string, std::string, std::less<>> parse_hstore(std::string_view text);

// A maxspeed value in km/h: "50", "30 mph", "DE:urban", "DE:zone30", "walk", "none".
std::optional<double> parse_maxspeed(std::string_view text);

} // namespace standort::geo::network
