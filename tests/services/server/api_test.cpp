// The OGC API on hand-made layers, without a socket: every figure here is set by the test or
// follows from the definition of the CRS (a point on UTM zone 32's central meridian lies at
// 9 degrees east).

#include "services/server/api.hpp"

#include "services/render/output_files.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <boost/geometry/io/wkt/read.hpp>

#include <gtest/gtest.h>

namespace standort::services::server {
namespace {

using nlohmann::json;

std::string fmt_box(double x0, double y0, double x1, double y1) {
    return fmt::format("{},{},{},{}", x0, y0, x1, y1);
}

// 25 Kitas and schools on a line along UTM 32's central meridian, 100 m apart, and one
// square district.
output_files example_files() {
    geo::feature_layer points;
    points.name = "facilities";
    points.crs = "EPSG:25832";
    points.fields = {{"facility_id", geo::field_type::text},
                     {"name", geo::field_type::text},
                     {"kind", geo::field_type::text},
                     {"places", geo::field_type::integer}};
    for (int i = 0; i < 25; ++i) {
        geo::feature f;
        f.shape = geo::point(500000, 5500000 + (100.0 * i));
        f.values = {std::string("F") + std::to_string(i + 1),
                    i == 0 ? std::string("<script>alert(1)</script>") : "Einrichtung",
                    std::string(i % 2 == 0 ? "kita" : "grundschule"), std::int64_t{10 * i}};
        points.features.push_back(std::move(f));
    }
    geo::feature_layer areas;
    areas.name = "districts";
    areas.crs = "EPSG:25832";
    areas.fields = {{"district_id", geo::field_type::text}};
    geo::polygon square;
    // Clockwise, as Boost.Geometry holds polygons.
    boost::geometry::read_wkt("POLYGON((499000 5499000,499000 5501000,501000 5501000,"
                              "501000 5499000,499000 5499000))",
                              square);
    geo::feature d;
    d.shape = geo::multi_polygon{square};
    d.values = {std::string("0001")};
    areas.features.push_back(std::move(d));
    output_files files;
    files.add(std::move(points));
    files.add(std::move(areas));
    return files;
}

class Api : public ::testing::Test {
protected:
    Api()
        : m_api(nullptr, collections(), {{"/webmap/index.html", {"text/html", "<html>"}}}, "Test") {
    }

    static collection_set collections() {
        collection_set set;
        set.add_files(example_files(), "Grundlagen");
        return set;
    }

    http_response get(const std::string& path, std::multimap<std::string, std::string> query = {},
                      const std::string& accept = "application/json") const {
        http_request r;
        r.path = path;
        r.query = std::move(query);
        r.accept = accept;
        r.base_url = "http://127.0.0.1:9";
        return m_api.handle(r);
    }
    static json body(const http_response& r) { return json::parse(r.body); }

    api m_api;
};

TEST_F(Api, PagesFollowNextLinksToTheLastFeature) {
    auto r = get("/collections/facilities/items", {{"limit", "10"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "application/geo+json");
    auto j = body(r);
    EXPECT_EQ(j["numberMatched"], 25);
    EXPECT_EQ(j["numberReturned"], 10);
    std::string next;
    for (const auto& l : j["links"]) {
        if (l["rel"] == "next") {
            next = l["href"];
        }
    }
    EXPECT_NE(next.find("offset=10"), std::string::npos) << next;
    EXPECT_EQ(next.rfind("http://127.0.0.1:9/collections/facilities/items?", 0), 0u) << next;
    j = body(get("/collections/facilities/items", {{"limit", "10"}, {"offset", "20"}}));
    EXPECT_EQ(j["numberReturned"], 5);
    EXPECT_EQ(j["features"][0]["id"], 21);
    for (const auto& l : j["links"]) {
        EXPECT_NE(l["rel"], "next");
    }
}

TEST_F(Api, RefusesBadParametersWith400NamingThem) {
    const std::vector<std::pair<std::string, std::string>> bad{
        {"limit", "0"},        {"limit", "10001"},        {"limit", "-1"},
        {"limit", "abc"},      {"limit", "1e3"},          {"offset", "-5"},
        {"bbox", "1,2,3"},     {"bbox", "nan,0,1,1"},     {"bbox", "9.1,49,9,50"},
        {"bbox", "0,0,1,inf"}, {"bbox", "1,2,3,4,5"},     {"bbox", ",,,"},
        {"crs", "EPSG:31467"}, {"bbox-crs", "EPSG:4326"}, {"f", "xml"},
        {"colour", "red"},     {"places", "many"},
    };
    for (const auto& [key, value] : bad) {
        const auto r = get("/collections/facilities/items", {{key, value}});
        EXPECT_EQ(r.status, 400) << key << "=" << value;
        const auto j = body(r);
        EXPECT_EQ(j["parameter"], key) << key << "=" << value << ": " << r.body;
        EXPECT_FALSE(j["description"].get<std::string>().empty());
    }
    EXPECT_EQ(get("/collections/facilities/items", {{"limit", "1"}, {"limit", "2"}}).status, 400);
}

TEST_F(Api, UnknownCollectionsItemsAndPathsAre404) {
    EXPECT_EQ(get("/collections/nothing/items").status, 404);
    for (const auto& id : {"0", "26", "abc", "1.5", "-1", "99999999999999999999"}) {
        EXPECT_EQ(get(std::string("/collections/facilities/items/") + id).status, 404) << id;
    }
    EXPECT_EQ(get("/collections/facilities/items/25").status, 200);
    EXPECT_EQ(get("/etc/passwd").status, 404);
    EXPECT_EQ(get("/lib/leaflet/../../../../etc/passwd").status, 404);
    EXPECT_EQ(get("/webmap/index.html/../../api").status, 404);
}

TEST_F(Api, BboxSelectsWhatLiesInsideInAnyOfferedCrs) {
    // Northings 5500000 ... 5502400; the box 5500150 ... 5500450 holds F3, F4, F5.
    auto j = body(get("/collections/facilities/items",
                      {{"bbox", "499900,5500150,500100,5500450"},
                       {"bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/25832"}}));
    ASSERT_EQ(j["numberMatched"], 3) << j.dump();
    EXPECT_EQ(j["features"][0]["properties"]["facility_id"], "F3");
    EXPECT_EQ(j["features"][2]["properties"]["facility_id"], "F5");
    // The same box in lon/lat from the features' own coordinates.
    const auto all = body(get("/collections/facilities/items", {{"limit", "100"}}));
    const double lat3 = all["features"][2]["geometry"]["coordinates"][1];
    const double lat5 = all["features"][4]["geometry"]["coordinates"][1];
    j = body(get("/collections/facilities/items", {{"bbox", fmt_box(8.99, lat3, 9.01, lat5)}}));
    EXPECT_EQ(j["numberMatched"], 3) << j.dump();
}

TEST_F(Api, CoordinatesInCrs84Epsg4326AndUtm) {
    auto r = get("/collections/facilities/items/1");
    ASSERT_EQ(r.status, 200);
    auto c = body(r)["geometry"]["coordinates"];
    EXPECT_DOUBLE_EQ(c[0].get<double>(), 9.0); // the central meridian of UTM zone 32
    EXPECT_NEAR(c[1].get<double>(), 49.65, 0.01);
    bool header = false;
    for (const auto& [k, v] : r.headers) {
        header |= k == "Content-Crs" && v == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>";
    }
    EXPECT_TRUE(header);
    r = get("/collections/facilities/items/1",
            {{"crs", "http://www.opengis.net/def/crs/EPSG/0/4326"}});
    const auto swapped = body(r)["geometry"]["coordinates"];
    EXPECT_DOUBLE_EQ(swapped[1].get<double>(), 9.0); // latitude first
    EXPECT_DOUBLE_EQ(swapped[0].get<double>(), c[1].get<double>());
    r = get("/collections/facilities/items/3", {{"crs", "EPSG:25832"}});
    const auto utm = body(r)["geometry"]["coordinates"];
    EXPECT_DOUBLE_EQ(utm[0].get<double>(), 500000);
    EXPECT_DOUBLE_EQ(utm[1].get<double>(), 5500200);
    r = get("/collections/facilities/items/3", {{"crs", "EPSG:25833"}});
    EXPECT_LT(body(r)["geometry"]["coordinates"][0].get<double>(), 100000); // 9 E is far west
}

TEST_F(Api, PolygonsAreWoundAsRfc7946Asks) {
    const auto ring = body(get("/collections/districts/items/1"))["geometry"]["coordinates"][0][0];
    double twice_area = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        twice_area += (ring[i][0].get<double>() * ring[i + 1][1].get<double>()) -
                      (ring[i + 1][0].get<double>() * ring[i][1].get<double>());
    }
    EXPECT_GT(twice_area, 0) << "the exterior ring runs counter-clockwise";
}

TEST_F(Api, PropertyFiltersOnTextAndNumbers) {
    auto j = body(get("/collections/facilities/items", {{"kind", "kita"}}));
    EXPECT_EQ(j["numberMatched"], 13); // F1, F3, ..., F25
    j = body(get("/collections/facilities/items", {{"kind", "kita"}, {"places", "40"}}));
    ASSERT_EQ(j["numberMatched"], 1);
    EXPECT_EQ(j["features"][0]["properties"]["facility_id"], "F5");
    j = body(get("/collections/facilities/items", {{"kind", "grundschule"}, {"places", "40"}}));
    EXPECT_EQ(j["numberMatched"], 0);
}

TEST_F(Api, HtmlPagesEscapeTheData) {
    const auto r = get("/collections/facilities/items", {{"f", "html"}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(Api, BrowsersGetTheMapClientsTheLandingPage) {
    EXPECT_EQ(get("/", {}, "text/html,application/xhtml+xml").body, "<html>");
    const auto landing = body(get("/"));
    std::set<std::string> rels;
    for (const auto& l : landing["links"]) {
        rels.insert(l["rel"]);
    }
    for (const auto& rel : {"self", "service-desc", "conformance", "data"}) {
        EXPECT_EQ(rels.count(rel), 1u) << rel;
    }
    const auto conformance = body(get("/conformance"))["conformsTo"];
    EXPECT_NE(std::find(conformance.begin(), conformance.end(),
                        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"),
              conformance.end());
    const auto api = body(get("/api"));
    EXPECT_EQ(
        api["paths"]["/collections/facilities/items"]["get"]["parameters"][0]["schema"]["maximum"],
        10000);
}

TEST_F(Api, CollectionsCarryExtentCrsListAndGermanQueryables) {
    const auto c = body(get("/collections/facilities"));
    EXPECT_EQ(c["title"], "Einrichtungen");
    EXPECT_EQ(c["storageCrs"], "http://www.opengis.net/def/crs/EPSG/0/25832");
    EXPECT_DOUBLE_EQ(c["extent"]["spatial"]["bbox"][0][0].get<double>(), 9.0);
    const auto q = body(get("/collections/facilities/queryables"));
    EXPECT_EQ(q["properties"]["places"]["type"], "integer");
    EXPECT_EQ(q["properties"]["facility_id"]["title"], "Einrichtung");
    const auto styles = body(get("/collections/facilities/styles"));
    ASSERT_EQ(styles["styles"].size(), 1u);
    const auto sld =
        get("/collections/facilities/styles/" + styles["styles"][0]["id"].get<std::string>());
    EXPECT_EQ(sld.status, 200);
    EXPECT_NE(sld.body.find("StyledLayerDescriptor"), std::string::npos);
}

TEST_F(Api, OnlyGetAndTheProcessesPost) {
    http_request r;
    r.method = "DELETE";
    r.path = "/collections/facilities/items/1";
    EXPECT_EQ(m_api.handle(r).status, 405);
    r.method = "POST";
    r.path = "/collections/facilities/items";
    EXPECT_EQ(m_api.handle(r).status, 405);
    r.path = "/processes/nothing/execution";
    EXPECT_EQ(m_api.handle(r).status, 404);
}

} // namespace
} // namespace standort::services::server
