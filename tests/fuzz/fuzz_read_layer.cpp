// The single way in, on any bytes: the first byte chooses what the file claims to be (CSV with
// coordinate columns, GeoJSON, JSON records, OSM XML for the street reader), the rest is the
// file. Bad content is an input_error or a finding, never a crash.
#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace standort;
    if (size == 0) {
        return 0;
    }
    static const char* const names[] = {"input.csv", "input.geojson", "input.json", "input.osm"};
    const std::string name = names[data[0] % 4];
    const auto path = fuzz::input_file(name, data + 1, size - 1);
    fuzz::expect_only_our_errors([&] {
        geo::read_options options;
        options.source = path.string();
        if (name == "input.csv") {
            options.x_field = "x";
            options.y_field = "y";
            options.crs_override = "EPSG:25832";
        }
        if (name == "input.osm") {
            options.layer = "lines";
        }
        const auto result = geo::read_layer(options);
        if (name == "input.osm") {
            geo::network::ways_from_layer(result.layer);
        }
    });
    return 0;
}
