// The generated municipality: deterministic, internally consistent, and plausible. Figures
// are checked against each other (grid against districts, catchments against the area) and
// against published German orders of magnitude, never against the generator's own output.
#include "geo/overlay.hpp"

#include "planning/model/population_index.hpp"
#include "planning/synth/municipality.hpp"
#include <boost/geometry.hpp>

#include <gtest/gtest.h>

#include <map>

using namespace standort::planning;
using namespace standort::planning::synth;

namespace {
const municipality& town() {
    static const municipality m = generate(options{scale::town, 7});
    return m;
}
} // namespace

TEST(Synth, SameSeedSameTownOtherSeedOtherTown) {
    const auto again = generate(options{scale::town, 7});
    ASSERT_EQ(again.grid.size(), town().grid.size());
    for (std::size_t i = 0; i < again.grid.size(); ++i) {
        ASSERT_EQ(again.grid[i].persons, town().grid[i].persons) << i;
    }
    ASSERT_EQ(again.facilities.size(), town().facilities.size());
    EXPECT_EQ(again.facilities.back().location.x(), town().facilities.back().location.x());
    const auto other = generate(options{scale::town, 8});
    EXPECT_NE(other.facilities.front().location.x(), town().facilities.front().location.x());
}

TEST(Synth, TownIsAboutTwentyThousandPeopleNearLauf) {
    const auto& m = town();
    const population_index index(m.population);
    double persons = 0;
    for (const auto& d : m.districts) {
        persons += index.total(d.id, m.base_year).value_or(0);
    }
    EXPECT_GT(persons, 16'000);
    EXPECT_LT(persons, 24'000);
    EXPECT_EQ(index.years().size(), 11u) << "at least 10 past years";
    // In EPSG:25832, Lauf an der Pegnitz (11.28 E, 49.51 N) lies near E 665 km, N 5486 km.
    const auto box = standort::geo::envelope(standort::geo::geometry{m.boundary});
    EXPECT_LT(box.min_corner().x(), 665'000);
    EXPECT_GT(box.max_corner().x(), 665'000);
    EXPECT_LT(box.min_corner().y(), 5'486'000);
    EXPECT_GT(box.max_corner().y(), 5'486'000);
}

TEST(Synth, GridAddsUpToTheDistrictsOfTheBaseYear) {
    const auto& m = town();
    const population_index index(m.population);
    std::map<std::size_t, double> persons;
    std::map<std::size_t, double> under_six;
    for (const auto& c : m.grid) {
        persons[c.district] += c.persons;
        for (int a = 0; a < 6; ++a) {
            under_six[c.district] += c.children[static_cast<std::size_t>(a)];
        }
    }
    for (std::size_t d = 0; d < m.districts.size(); ++d) {
        const auto& id = m.districts[d].id;
        EXPECT_EQ(persons[d], index.total(id, m.base_year).value_or(0)) << id.value;
        EXPECT_EQ(under_six[d], index.persons(id, m.base_year, {0, 6}).value_or(0)) << id.value;
    }
}

TEST(Synth, EveryCellCentreLiesInItsOwnDistrict) {
    // An independent join: the cell centre against the district polygons (Boost covered_by),
    // not the generator's raster lookup.
    const auto& m = town();
    for (const auto& c : m.grid) {
        const standort::geo::point centre{(c.ix + 0.5) * m.cell_size_m,
                                          (c.iy + 0.5) * m.cell_size_m};
        for (std::size_t d = 0; d < m.districts.size(); ++d) {
            EXPECT_EQ(boost::geometry::covered_by(centre, m.districts[d].area), d == c.district)
                << "cell " << c.ix << "," << c.iy << " district " << d;
        }
    }
}

TEST(Synth, DistrictsAndCatchmentsTileTheBoundary) {
    const auto& m = town();
    std::vector<const standort::geo::multi_polygon*> districts;
    for (const auto& d : m.districts) {
        districts.push_back(&d.area);
    }
    const std::vector<const standort::geo::multi_polygon*> boundary{&m.boundary};
    auto report = standort::geo::check_coverage(districts, boundary, 1.0);
    EXPECT_TRUE(report.overlaps.empty());
    EXPECT_TRUE(report.gaps.empty());
    std::vector<const standort::geo::multi_polygon*> catchments;
    for (const auto& c : m.catchments) {
        catchments.push_back(&c.area);
    }
    report = standort::geo::check_coverage(catchments, boundary, 1.0);
    EXPECT_TRUE(report.overlaps.empty());
    EXPECT_TRUE(report.gaps.empty());
}

TEST(Synth, TheNewHousingAreaMakesChildNumbersJump) {
    const auto& m = town();
    ASSERT_EQ(m.housing.size(), 1u);
    const auto& h = m.housing.front();
    const population_index index(m.population);
    const auto& id = m.districts[h.district].id;
    const double before = *index.persons(id, h.first_year - 1, {0, 6});
    const double after = *index.persons(id, m.base_year, {0, 6});
    // Movers per year: dwellings x persons per dwelling x 30 % under six.
    const double movers_under_six = h.dwellings_per_year * h.persons_per_dwelling * 0.30;
    EXPECT_GT(after - before, 1.5 * movers_under_six);
}

TEST(Synth, SomeSchoolsAreOverAndSomeUnderCapacity) {
    // Needs more schools than the town has for both to be likely: the city.
    const auto m = generate(options{scale::city, 3});
    std::map<std::string, double> pupils;
    for (const auto& e : m.enrolment) {
        if (e.school_year == m.base_year) {
            pupils[e.facility.value] += e.pupils;
        }
    }
    std::size_t over = 0;
    std::size_t under = 0;
    for (const auto& f : m.facilities) {
        if (f.kind == facility_kind::grundschule) {
            const double load = pupils[f.id.value] / *f.cap.seats;
            over += load > 1.05 ? 1 : 0;
            under += load < 0.85 ? 1 : 0;
        }
    }
    EXPECT_GT(over, 5u);
    EXPECT_GT(under, 5u);
}

TEST(Synth, EverythingIsConnectedToTheStreetNetwork) {
    // Every settlement centre is a node of its grid and an end of an inter-settlement road.
    const auto& m = town();
    for (const auto& s : m.settlements) {
        bool reached = false;
        for (const auto& st : m.streets) {
            if (st.line.size() > 2 &&
                ((st.line.front().x() == s.centre.x() && st.line.front().y() == s.centre.y()) ||
                 (st.line.back().x() == s.centre.x() && st.line.back().y() == s.centre.y()))) {
                reached = true;
            }
        }
        EXPECT_TRUE(reached) << s.name;
    }
    // The river forces detours: far fewer local streets cross it than would without bridges.
    std::size_t bridges = 0;
    for (const auto& st : m.streets) {
        bridges += st.bridge ? 1 : 0;
    }
    EXPECT_GT(bridges, 0u);
}
