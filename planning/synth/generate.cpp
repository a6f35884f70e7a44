#include "planning/synth/municipality.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/transform.hpp"
#include "planning/synth/names.hpp"
#include "planning/synth/random.hpp"
#include "planning/synth/streets.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

namespace standort::planning::synth {

namespace bgi = boost::geometry::index;

namespace {

// What differs between the scales. Places are real: the town lies where Lauf an der Pegnitz
// is, the city around Nuremberg, the Land in Bavaria, the country in the middle of Germany;
// everything is in ETRS89 / UTM 32N (EPSG:25832), which covers all of them.
struct scale_params {
    scale size;
    const char* name;
    double persons;
    std::size_t settlements;
    double largest_share; // of the persons, in the main settlement
    double lon, lat;      // centre of the region
    double radius_x_km, radius_y_km;
    // Raster the districts and catchments are made of: a multiple of 100 m, so no 100 m cell
    // centre (at 50 m past a multiple of 100) lies on a district border.
    double block_m;
    double district_persons;
    double street_spacing_m;
    int housing_areas;
    int dwellings_per_year;
};

constexpr scale_params all_params[] = {
    {scale::town, "Beispielstadt", 20'000, 5, 0.55, 11.28, 49.51, 5.5, 4.5, 200, 2'500, 150, 1, 45},
    {scale::city, "Beispielstadt (Großstadt)", 1.0e6, 30, 0.72, 11.08, 49.45, 28, 24, 500, 9'000,
     200, 2, 350},
    {scale::land, "Beispielland", 10.0e6, 1'600, 0.12, 11.40, 48.90, 170, 140, 1'000, 12'000, 250,
     2, 400},
    {scale::germany, "Deutschland (synthetisch)", 84.0e6, 11'000, 0.045, 10.45, 51.16, 320, 430,
     2'000, 15'000, 300, 2, 500},
};

const scale_params& params_of(scale s) {
    for (const auto& p : all_params) {
        if (p.size == s) {
            return p;
        }
    }
    return all_params[0];
}

enum class area_type { centre, suburb, village };

// A smooth irregular outline around the centre: the municipality (or Land) boundary.
struct region {
    geo::point centre;
    double rx = 0;
    double ry = 0;
    double phase1 = 0;
    double phase2 = 0;

    bool contains(double x, double y) const {
        const double dx = (x - centre.x()) / rx;
        const double dy = (y - centre.y()) / ry;
        const double r = std::hypot(dx, dy);
        const double theta = std::atan2(dy, dx);
        return r < 1.0 + 0.10 * std::sin(3 * theta + phase1) + 0.06 * std::sin(5 * theta + phase2);
    }
};

// A value in [0, 1) fixed by a cell's position: noise that does not depend on the order in
// which cells are visited.
double cell_noise(std::int64_t ix, std::int64_t iy, std::uint64_t seed) {
    std::uint64_t h = seed ^ (static_cast<std::uint64_t>(ix) * 0x9E3779B97F4A7C15ULL) ^
                      (static_cast<std::uint64_t>(iy) * 0xC2B2AE3D27D4EB4FULL);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

std::uint64_t cell_key(std::int32_t ix, std::int32_t iy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ix)) << 32) |
           static_cast<std::uint32_t>(iy);
}

// Splits `total` over weights so the parts are whole numbers summing exactly to the rounded
// total: the rounded cumulative sums (systematic allocation), linear and order-stable.
template <class Out>
void allocate(double total, const std::vector<double>& weights, double weight_sum, Out&& out) {
    const long long n = std::llround(total);
    double cumulative = 0;
    long long given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        cumulative += weights[i];
        const long long upto =
            weight_sum > 0 ? std::llround(static_cast<double>(n) * cumulative / weight_sum) : 0;
        out(i, upto - given);
        given = upto;
    }
}

// A district's population by single age 0-17, adults 18-64 and seniors 65+, one year.
struct cohorts {
    std::array<double, 18> children{};
    double adults = 0;
    double seniors = 0;
    double total() const {
        return std::accumulate(children.begin(), children.end(), 0.0) + adults + seniors;
    }
};

struct district_state {
    area_type type = area_type::suburb;
    std::size_t settlement = 0;
    geo::point seed;
    double weight = 0; // persons from the cells, the starting total
    std::vector<std::size_t> cells;
    std::vector<cohorts> years;
};

class generator {
public:
    explicit generator(const options& opts)
        : m_opts(opts), m_params(params_of(opts.size)), m_random(opts.seed) {}

    municipality run() {
        m_out.name = m_params.name;
        m_out.crs = "EPSG:25832";
        m_out.base_year = m_opts.base_year;
        m_out.first_year = m_opts.base_year - m_opts.history_years + 1;
        make_region();
        make_settlements();
        make_cells();
        make_districts();
        simulate_population();
        make_grid();
        make_kitas();
        make_schools();
        make_catchments_and_enrolment();
        make_candidates();
        make_streets();
        make_care(); // last: its random stream leaves every earlier one as it was
        make_ganztag();
        make_transitions();
        return std::move(m_out);
    }

private:
    void make_region() {
        geo::transformer to_utm("EPSG:4326", m_out.crs);
        m_region.centre = to_utm.apply(geo::point{m_params.lon, m_params.lat});
        m_region.rx = m_params.radius_x_km * 1000;
        m_region.ry = m_params.radius_y_km * 1000;
        auto r = m_random.fork(1);
        m_region.phase1 = r.uniform(0, 2 * M_PI);
        m_region.phase2 = r.uniform(0, 2 * M_PI);
    }

    void make_settlements() {
        auto r = m_random.fork(2);
        const std::size_t n = m_params.settlements;
        // Sizes: the main settlement holds `largest_share`, the others follow Zipf's law.
        std::vector<double> persons(n);
        persons[0] = m_params.persons * m_params.largest_share;
        double harmonic = 0;
        for (std::size_t k = 2; k <= n; ++k) {
            harmonic += 1.0 / static_cast<double>(k);
        }
        for (std::size_t k = 2; k <= n; ++k) {
            persons[k - 1] = (m_params.persons - persons[0]) / harmonic / static_cast<double>(k);
        }
        name_maker names(r.fork(3));
        for (std::size_t k = 0; k < n; ++k) {
            settlement s;
            s.id = fmt::format("{:04}", k + 1);
            s.name = k == 0 ? std::string(m_params.name) : names.place();
            s.persons = persons[k];
            // Peak density grows with size: a village ~2,000 per km2 at its core, a city
            // of a million ~10,000 (German inner cities reach 10,000 to 15,000).
            const double density =
                std::clamp(2'000.0 + 2'700.0 * std::log10(std::max(1.0, s.persons / 1000.0)),
                           2'000.0, 12'000.0);
            s.radius_m = std::sqrt(s.persons / (M_PI * density)) * 1000.0;
            if (k == 0) {
                s.centre = m_region.centre;
            } else {
                s.centre = place_settlement(r, s.radius_m);
            }
            m_out.settlements.push_back(std::move(s));
            m_settlement_index.insert({m_out.settlements.back().centre, k});
        }
    }

    geo::point place_settlement(random& r, double radius_m) {
        geo::point best = m_region.centre;
        double best_gap = -1e300;
        for (int attempt = 0; attempt < 24; ++attempt) {
            const geo::point p{m_region.centre.x() + r.uniform(-1, 1) * m_region.rx,
                               m_region.centre.y() + r.uniform(-1, 1) * m_region.ry};
            // Inside the region, and inside a block that will belong to a district.
            const double b = m_params.block_m;
            if (!m_region.contains(p.x(), p.y()) ||
                !m_region.contains((std::floor(p.x() / b) + 0.5) * b,
                                   (std::floor(p.y() / b) + 0.5) * b)) {
                continue;
            }
            // Keep settlements apart: the smallest gap to a neighbour's built-up edge.
            double gap = 1e300;
            std::vector<std::pair<geo::point, std::size_t>> near;
            m_settlement_index.query(bgi::nearest(p, 4), std::back_inserter(near));
            for (const auto& [q, i] : near) {
                gap = std::min(gap, std::hypot(p.x() - q.x(), p.y() - q.y()) -
                                        1.6 * (m_out.settlements[i].radius_m + radius_m));
            }
            if (gap > 0) {
                best = p;
                break;
            }
            if (gap > best_gap) {
                best_gap = gap;
                best = p;
            }
        }
        return best;
    }

    void make_cells() {
        const double cell = m_out.cell_size_m;
        std::unordered_map<std::uint64_t, std::pair<double, std::uint32_t>> weights;
        weights.reserve(static_cast<std::size_t>(m_params.persons / 20));
        for (std::size_t k = 0; k < m_out.settlements.size(); ++k) {
            const auto& s = m_out.settlements[k];
            const double reach = 2.2 * s.radius_m;
            const auto x0 = static_cast<std::int32_t>(std::floor((s.centre.x() - reach) / cell));
            const auto x1 = static_cast<std::int32_t>(std::floor((s.centre.x() + reach) / cell));
            const auto y0 = static_cast<std::int32_t>(std::floor((s.centre.y() - reach) / cell));
            const auto y1 = static_cast<std::int32_t>(std::floor((s.centre.y() + reach) / cell));
            std::vector<std::pair<std::uint64_t, double>> mine;
            double sum = 0;
            for (auto ix = x0; ix <= x1; ++ix) {
                for (auto iy = y0; iy <= y1; ++iy) {
                    const double cx = (ix + 0.5) * cell;
                    const double cy = (iy + 0.5) * cell;
                    const double d = std::hypot(cx - s.centre.x(), cy - s.centre.y());
                    if (d > reach || !m_region.contains(cx, cy)) {
                        continue;
                    }
                    // Gaussian density around the core, broken up by parks, fields, water.
                    const double noise = cell_noise(ix, iy, m_opts.seed);
                    if (noise < 0.12) {
                        continue;
                    }
                    const double w =
                        std::exp(-(d / s.radius_m) * (d / s.radius_m)) * (0.4 + 1.2 * noise);
                    mine.emplace_back(cell_key(ix, iy), w);
                    sum += w;
                }
            }
            for (const auto& [key, w] : mine) {
                auto& slot = weights[key];
                const double add = s.persons * w / sum;
                if (add > slot.first) {
                    slot.second = static_cast<std::uint32_t>(k); // the dominant settlement
                }
                slot.first += add;
            }
        }
        // Cells with fewer than four persons on average are fields and farms, not housing
        // (the Zensus grid averages about 28 persons per inhabited cell).
        m_cells.reserve(weights.size());
        for (const auto& [key, v] : weights) {
            if (v.first >= 4.0) {
                m_cells.push_back(cell_weight{key, v.first, v.second});
            }
        }
        std::sort(m_cells.begin(), m_cells.end(),
                  [](const auto& a, const auto& b) { return a.key < b.key; });
    }

    struct cell_weight {
        std::uint64_t key;
        double persons;
        std::uint32_t settlement;
        std::int32_t ix() const { return static_cast<std::int32_t>(key >> 32); }
        std::int32_t iy() const { return static_cast<std::int32_t>(key & 0xFFFFFFFFu); }
    };

    // Districts: seeds spread over each settlement (more in larger ones), every block of the
    // region to its nearest seed. Their outlines are unions of blocks, so they tile the region.
    void make_districts() {
        std::vector<std::pair<geo::point, std::size_t>> seeds;
        std::vector<std::size_t> seed_settlement;
        std::vector<std::size_t> seed_local;
        for (std::size_t k = 0; k < m_out.settlements.size(); ++k) {
            const auto& s = m_out.settlements[k];
            const auto n = static_cast<std::size_t>(
                std::max(1.0, std::round(s.persons / m_params.district_persons)));
            for (std::size_t i = 0; i < n; ++i) {
                const double r = n == 1 ? 0.0 : 1.1 * s.radius_m * std::sqrt((i + 0.5) / n);
                const double angle = static_cast<double>(i) * 2.399963229728653; // golden angle
                seeds.push_back({geo::point{s.centre.x() + r * std::cos(angle),
                                            s.centre.y() + r * std::sin(angle)},
                                 seeds.size()});
                seed_settlement.push_back(k);
                seed_local.push_back(i);
            }
        }
        const bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> seed_index(seeds);

        // The block raster over the region.
        const double b = m_params.block_m;
        m_block_x0 =
            static_cast<std::int64_t>(std::floor((m_region.centre.x() - 1.2 * m_region.rx) / b));
        m_block_y0 =
            static_cast<std::int64_t>(std::floor((m_region.centre.y() - 1.2 * m_region.ry) / b));
        m_blocks_x = static_cast<std::int64_t>(std::ceil(2.4 * m_region.rx / b)) + 1;
        m_blocks_y = static_cast<std::int64_t>(std::ceil(2.4 * m_region.ry / b)) + 1;
        m_block_seed.assign(static_cast<std::size_t>(m_blocks_x * m_blocks_y), -1);
        std::vector<std::vector<std::int64_t>> seed_blocks(seeds.size());
        for (std::int64_t by = 0; by < m_blocks_y; ++by) {
            for (std::int64_t bx = 0; bx < m_blocks_x; ++bx) {
                const double cx = (m_block_x0 + bx + 0.5) * b;
                const double cy = (m_block_y0 + by + 0.5) * b;
                if (!m_region.contains(cx, cy)) {
                    continue;
                }
                std::vector<std::pair<geo::point, std::size_t>> hit;
                seed_index.query(bgi::nearest(geo::point{cx, cy}, 1), std::back_inserter(hit));
                const auto block = by * m_blocks_x + bx;
                m_block_seed[static_cast<std::size_t>(block)] =
                    static_cast<std::int64_t>(hit.front().second);
                seed_blocks[hit.front().second].push_back(block);
            }
        }
        // Seeds that won no block make no district; the others are numbered per settlement.
        std::vector<std::int64_t> seed_district(seeds.size(), -1);
        std::map<std::size_t, std::size_t> local_count;
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            if (seed_blocks[i].empty()) {
                continue;
            }
            const std::size_t k = seed_settlement[i];
            const std::size_t local = local_count[k]++;
            seed_district[i] = static_cast<std::int64_t>(m_out.districts.size());
            const auto& s = m_out.settlements[k];
            district d;
            d.id = district_id{fmt::format("{}{:04}", s.id, local + 1)};
            d.name = district_name(s, local);
            d.parent = district_id{s.id};
            d.levels = {{"gemeinde", s.id}};
            std::vector<geo::multi_polygon> squares;
            squares.reserve(seed_blocks[i].size());
            for (auto block : seed_blocks[i]) {
                squares.push_back(block_square(block));
            }
            d.area = geo::dissolve(squares);
            d.area_m2 = static_cast<double>(seed_blocks[i].size()) * b * b;
            m_out.districts.push_back(std::move(d));
            district_state st;
            st.settlement = k;
            st.seed = seeds[i].first;
            // The inner ring of a town of 50,000 or more is its centre (Innenstadt).
            const double from_core =
                std::hypot(seeds[i].first.x() - s.centre.x(), seeds[i].first.y() - s.centre.y());
            st.type = s.persons < 5'000                                     ? area_type::village
                      : s.persons >= 50'000 && from_core < 0.4 * s.radius_m ? area_type::centre
                                                                            : area_type::suburb;
            m_states.push_back(std::move(st));
        }
        for (auto& block : m_block_seed) {
            if (block >= 0) {
                block = seed_district[static_cast<std::size_t>(block)];
            }
        }
        // Cells join the district of their block; cells outside the region are dropped.
        for (std::size_t c = 0; c < m_cells.size(); ++c) {
            const auto district = district_of_cell(m_cells[c]);
            if (district < 0) {
                continue;
            }
            auto& st = m_states[static_cast<std::size_t>(district)];
            st.cells.push_back(c);
            st.weight += m_cells[c].persons;
        }
        // The parent level (Gemeinden) and the municipal boundary, from the same blocks.
        std::vector<std::vector<geo::multi_polygon>> by_settlement(m_out.settlements.size());
        std::vector<geo::multi_polygon> all;
        for (std::size_t d = 0; d < m_out.districts.size(); ++d) {
            by_settlement[m_states[d].settlement].push_back(m_out.districts[d].area);
            all.push_back(m_out.districts[d].area);
        }
        for (auto& parts : by_settlement) {
            m_out.settlement_areas.push_back(parts.empty() ? geo::multi_polygon{}
                                                           : geo::dissolve(parts));
        }
        m_out.boundary = geo::dissolve(all);
    }

    std::string district_name(const settlement& s, std::size_t local) const {
        static const char* suffixes[] = {"Mitte",   "Nord",     "Süd",    "Ost",    "West",
                                         "Nordost", "Nordwest", "Südost", "Südwest"};
        const auto n = static_cast<std::size_t>(
            std::max(1.0, std::round(s.persons / m_params.district_persons)));
        if (n == 1) {
            return s.name;
        }
        if (local < std::size(suffixes)) {
            return s.name + "-" + suffixes[local];
        }
        return fmt::format("{} {}", s.name, local + 1);
    }

    geo::multi_polygon block_square(std::int64_t block) const {
        const double b = m_params.block_m;
        const std::int64_t column = block % m_blocks_x; // blocks are numbered row by row
        const std::int64_t row = block / m_blocks_x;
        const double x = static_cast<double>(m_block_x0 + column) * b;
        const double y = static_cast<double>(m_block_y0 + row) * b;
        geo::multi_polygon mp;
        mp.resize(1);
        mp[0].outer() = {{x, y}, {x, y + b}, {x + b, y + b}, {x + b, y}, {x, y}};
        return mp;
    }

    std::int64_t block_of(double x, double y) const {
        const auto bx = static_cast<std::int64_t>(std::floor(x / m_params.block_m)) - m_block_x0;
        const auto by = static_cast<std::int64_t>(std::floor(y / m_params.block_m)) - m_block_y0;
        if (bx < 0 || by < 0 || bx >= m_blocks_x || by >= m_blocks_y) {
            return -1;
        }
        return by * m_blocks_x + bx;
    }

    std::int64_t district_of_cell(const cell_weight& c) const {
        const double cx = (c.ix() + 0.5) * m_out.cell_size_m;
        const double cy = (c.iy() + 0.5) * m_out.cell_size_m;
        const auto block = block_of(cx, cy);
        return block < 0 ? -1 : m_block_seed[static_cast<std::size_t>(block)];
    }

    // Cohort-component history: each year every age moves up one year, with migration that
    // differs by area (families leave the centre for the suburbs), births from the adults,
    // and the new housing areas adding movers from their first year on.
    void simulate_population() {
        auto r = m_random.fork(4);
        choose_housing_areas(r);
        const int years = m_opts.history_years;
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            auto& st = m_states[d];
            const double child_share = (st.type == area_type::centre   ? 0.12
                                        : st.type == area_type::suburb ? 0.19
                                                                       : 0.17) *
                                       (1 + 0.08 * r.normal());
            const double adult_share = st.type == area_type::centre   ? 0.80
                                       : st.type == area_type::suburb ? 0.74
                                                                      : 0.70;
            // Births per adult 18-64 and year: about 1.5 % (Germany: ~740,000 births on ~50
            // million adults), more in family suburbs, fewer in the centre.
            const double birth_rate = (st.type == area_type::centre   ? 0.0130
                                       : st.type == area_type::suburb ? 0.0155
                                                                      : 0.0140) *
                                      (1 + 0.05 * r.normal());
            const double child_migration = st.type == area_type::centre   ? -0.022
                                           : st.type == area_type::suburb ? 0.012
                                                                          : -0.004;
            // Net migration of adults: young adults move to the centre, the country gains
            // overall (Germany's net immigration keeps the working-age population level).
            const double adult_migration = st.type == area_type::centre   ? 0.014
                                           : st.type == area_type::suburb ? 0.007
                                                                          : 0.001;
            cohorts c;
            const double children = st.weight * child_share;
            for (int a = 0; a < 18; ++a) {
                c.children[static_cast<std::size_t>(a)] =
                    children / 18.0 * (a < 6 ? 1.04 : 0.98) * (1 + 0.06 * r.normal());
            }
            c.adults = st.weight * (1 - child_share) * adult_share;
            c.seniors = std::max(0.0, st.weight - children - c.adults);
            st.years.push_back(c);
            for (int y = 1; y < years; ++y) {
                const cohorts& old = st.years.back();
                cohorts next;
                next.children[0] = old.adults * birth_rate * (1 + 0.03 * r.normal());
                for (int a = 0; a + 1 < 18; ++a) {
                    const double migration =
                        (a < 10 ? child_migration : child_migration / 2) + 0.01 * r.normal();
                    next.children[static_cast<std::size_t>(a + 1)] =
                        std::max(0.0, old.children[static_cast<std::size_t>(a)] * (1 + migration));
                }
                next.adults = old.adults * (1 - 1.0 / 47 + adult_migration) + old.children[17];
                next.seniors = old.seniors * (1 - 0.055) + old.adults / 47;
                add_housing_movers(d, m_out.first_year + y, next);
                st.years.push_back(next);
            }
        }
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            for (int y = 0; y < years; ++y) {
                const auto& c = m_states[d].years[static_cast<std::size_t>(y)];
                const int year = m_out.first_year + y;
                for (int a = 0; a < 18; ++a) {
                    m_out.population.push_back(
                        {m_out.districts[d].id,
                         year,
                         {a, a + 1},
                         std::round(c.children[static_cast<std::size_t>(a)])});
                }
                m_out.population.push_back(
                    {m_out.districts[d].id, year, {18, 65}, std::round(c.adults)});
                m_out.population.push_back(
                    {m_out.districts[d].id, year, {65, max_age}, std::round(c.seniors)});
            }
        }
    }

    void choose_housing_areas(random& r) {
        // Suburban districts of the main settlement with room to grow: the Neubaugebiete.
        std::vector<std::size_t> candidates;
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            if (m_states[d].settlement == 0 && m_states[d].type != area_type::centre) {
                candidates.push_back(d);
            }
        }
        if (candidates.empty()) {
            for (std::size_t d = 0; d < m_states.size(); ++d) {
                candidates.push_back(d);
            }
        }
        for (int i = 0; i < m_params.housing_areas && !candidates.empty(); ++i) {
            const std::size_t pick = r.index(candidates.size());
            const int first = m_opts.base_year - 3 + i;
            m_out.housing.push_back(
                housing_area{candidates[pick], first, first + 9, m_params.dwellings_per_year, 2.7});
            candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
        }
    }

    void add_housing_movers(std::size_t d, int year, cohorts& c) const {
        for (const auto& h : m_out.housing) {
            if (h.district != d || year < h.first_year || year > h.last_year) {
                continue;
            }
            // Who moves into new family homes: young families (Bundesinstitut für Bau-, Stadt-
            // und Raumforschung describes the profile); 30 % are children under six.
            const double movers = h.dwellings_per_year * h.persons_per_dwelling;
            for (int a = 0; a < 18; ++a) {
                c.children[static_cast<std::size_t>(a)] += movers * (a < 6    ? 0.05
                                                                     : a < 10 ? 0.035
                                                                              : 0.01);
            }
            c.adults += movers * 0.45;
            c.seniors += movers * 0.03;
        }
    }

    // The 100 m grid of the base year: every district's counts spread over its cells by their
    // weight, so the cells of a district add up exactly to the district's figures.
    void make_grid() {
        std::vector<grid_cell> cells(m_cells.size());
        for (std::size_t c = 0; c < m_cells.size(); ++c) {
            cells[c].ix = m_cells[c].ix();
            cells[c].iy = m_cells[c].iy();
        }
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            const auto& st = m_states[d];
            const cohorts& now = st.years.back();
            std::vector<double> w;
            w.reserve(st.cells.size());
            double sum = 0;
            for (auto c : st.cells) {
                w.push_back(m_cells[c].persons);
                sum += m_cells[c].persons;
                cells[c].district = static_cast<std::uint32_t>(d);
            }
            for (std::size_t a = 0; a < 18; ++a) {
                allocate(now.children[a], w, sum, [&](std::size_t i, long long n) {
                    auto& cell = cells[st.cells[i]];
                    cell.children[a] = static_cast<std::uint16_t>(n);
                    cell.persons += static_cast<std::uint32_t>(n);
                });
            }
            // Rounded as the district table rounds them, so the sums match exactly.
            allocate(std::round(now.adults) + std::round(now.seniors), w, sum,
                     [&](std::size_t i, long long n) {
                         cells[st.cells[i]].persons += static_cast<std::uint32_t>(n);
                     });
        }
        for (auto& c : cells) {
            if (c.persons > 0) {
                m_out.grid.push_back(c);
            }
        }
    }

    // A point in the district where people live, drawn by the cells' weights.
    geo::point place_in_district(random& r, std::size_t d) {
        const auto& st = m_states[d];
        std::vector<double> cumulative;
        double sum = 0;
        for (auto c : st.cells) {
            sum += m_cells[c].persons;
            cumulative.push_back(sum);
        }
        if (sum <= 0) {
            return st.seed;
        }
        const double pick = r.uniform() * sum;
        const auto i = static_cast<std::size_t>(
            std::lower_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
        const auto& cell = m_cells[st.cells[std::min(i, st.cells.size() - 1)]];
        return {(cell.ix() + r.uniform(0.1, 0.9)) * m_out.cell_size_m,
                (cell.iy() + r.uniform(0.1, 0.9)) * m_out.cell_size_m};
    }

    double children_now(std::size_t d, int from, int to) const {
        double n = 0;
        for (int a = from; a < to; ++a) {
            n += std::round(m_states[d].years.back().children[static_cast<std::size_t>(a)]);
        }
        return n;
    }

    bool is_housing(std::size_t d) const {
        return std::any_of(m_out.housing.begin(), m_out.housing.end(),
                           [d](const housing_area& h) { return h.district == d; });
    }

    void make_kitas() {
        auto r = m_random.fork(5);
        name_maker names(r.fork(6));
        std::size_t number = 0;
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            const auto type = m_states[d].type;
            const double u3 = children_now(d, 0, 3);
            const double ue3 = children_now(d, 3, 6);
            // Demand: the U3 participation of West German cities (about a third, more in the
            // centre) and nearly all children from three to school entry.
            const double needed = u3 * (type == area_type::centre   ? 0.42
                                        : type == area_type::suburb ? 0.36
                                                                    : 0.30) +
                                  ue3 * 0.94;
            // Supply short in some districts, ample in others; the new housing areas lag.
            const double supply = needed * (is_housing(d) ? 0.75 : r.uniform(0.78, 1.12));
            // About 46 places per Kita (Germany: ~60,000 Kitas, ~2.8 million places).
            auto count = static_cast<std::size_t>(std::round(supply / 46.0));
            if (count == 0 && supply > 25) {
                count = 1;
            }
            std::vector<double> shares(count);
            double share_sum = 0;
            for (auto& s : shares) {
                s = r.uniform(0.5, 1.5);
                share_sum += s;
            }
            for (std::size_t k = 0; k < count; ++k) {
                facility f;
                f.id = facility_id{fmt::format("KT{:06}", ++number)};
                f.name = names.kita();
                f.kind = facility_kind::kita;
                f.location = place_in_district(r, d);
                const double places = std::max(10.0, std::round(supply * shares[k] / share_sum));
                const double u3_share = r.uniform(0.18, 0.40);
                f.cap.places_u3 = std::round(places * u3_share);
                f.cap.places_ue3 = places - *f.cap.places_u3;
                f.cap.places = places;
                f.district = m_out.districts[d].id;
                m_out.facilities.push_back(std::move(f));
            }
        }
    }

    // Children in care per Kita for the last five years: U3 places filling as the Krippen
    // were built up (a few points a year), Ü3 nearly full; never more than the places.
    void make_care() {
        auto r = m_random.fork(12);
        for (const auto& f : m_out.facilities) {
            if (f.kind != facility_kind::kita) {
                continue;
            }
            const double u3 = r.uniform(0.80, 1.0);
            const double ue3 = r.uniform(0.88, 1.0);
            for (int y = m_out.base_year - 4; y <= m_out.base_year; ++y) {
                const double earlier = 0.04 * (m_out.base_year - y);
                m_out.care.push_back({*f.district,
                                      f.id,
                                      y,
                                      {0, 3},
                                      std::round(*f.cap.places_u3 * std::max(0.5, u3 - earlier))});
                m_out.care.push_back(
                    {*f.district, f.id, y, {3, 6}, std::round(*f.cap.places_ue3 * ue3)});
            }
        }
    }

    // Ganztag (OGS) per Grundschule and school year: take-up rising by one to three points a
    // year from 40-60 % of the pupils; places a little above the participants, built up in
    // steps of a group of 25 (never fewer than the participants).
    void make_ganztag() {
        auto r = m_random.fork(13);
        std::map<std::pair<std::string, int>, double> pupils;
        for (const auto& e : m_out.enrolment) {
            pupils[{e.facility.value, e.school_year}] += e.pupils;
        }
        std::map<std::string, std::pair<double, double>> school; // share, yearly rise
        std::map<std::string, double> built;                     // places: never taken down
        for (const auto& [key, n] : pupils) {
            auto [it, fresh] = school.try_emplace(key.first);
            if (fresh) {
                it->second = {r.uniform(0.40, 0.60), r.uniform(0.01, 0.03)};
            }
            const auto [share, rise] = it->second;
            const int first = pupils.lower_bound({key.first, 0})->first.second;
            const double participants =
                std::round(n * std::min(0.95, share + rise * (key.second - first)));
            auto& places = built[key.first];
            places = std::max(places, 25.0 * std::ceil((participants + r.uniform(0, 15)) / 25.0));
            m_out.ganztag.push_back({facility_id{key.first}, key.second, participants, places});
        }
    }

    // Transitions: grade 4 of each school year goes on to grade 5 of the next, a Gymnasium
    // share of 35-55 % per school rising by up to a point a year (the national drift), about
    // 30 % to the Gesamtschule, the rest to Realschule, Hauptschule and Förderschule.
    void make_transitions() {
        auto r = m_random.fork(14);
        std::map<std::pair<std::string, int>, double> grade4;
        for (const auto& e : m_out.enrolment) {
            if (e.grade == "4") {
                grade4[{e.facility.value, e.school_year}] += e.pupils;
            }
        }
        std::map<std::string, std::array<double, 3>> school; // gymnasium, rise, gesamtschule
        const int last =
            grade4.empty()
                ? 0
                : std::max_element(grade4.begin(), grade4.end(), [](const auto& a, const auto& b) {
                      return a.first.second < b.first.second;
                  })->first.second;
        for (const auto& [key, n] : grade4) {
            if (key.second == last) {
                continue; // its leavers start next school year: not observed yet
            }
            auto [it, fresh] = school.try_emplace(key.first);
            if (fresh) {
                it->second = {r.uniform(0.35, 0.55), r.uniform(0.0, 0.01), r.uniform(0.25, 0.35)};
            }
            const auto [gym, rise, ges] = it->second;
            const int first = grade4.lower_bound({key.first, 0})->first.second;
            const double g = gym + rise * (key.second - first);
            const double rest = 1.0 - g - ges;
            const std::array<std::pair<const char*, double>, 4> shares{
                {{"Gymnasium", g},
                 {"Integrierte Gesamtschule", ges},
                 {"Realschule", rest * 0.7},
                 {"Hauptschule", rest * 0.25}}};
            double left = n;
            for (const auto& [form, share] : shares) {
                const double pupils = std::min(left, std::round(n * share));
                left -= pupils;
                m_out.transitions.push_back({facility_id{key.first}, key.second + 1, form, pupils});
            }
            m_out.transitions.push_back(
                {facility_id{key.first}, key.second + 1, "Förderschule", left});
        }
    }

    void make_schools() {
        auto r = m_random.fork(7);
        name_maker names(r.fork(8));
        std::vector<double> children_6_10(m_out.settlements.size(), 0.0);
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            children_6_10[m_states[d].settlement] += children_now(d, 6, 10);
        }
        std::size_t gs = 0;
        std::size_t sek = 0;
        static const char* sek_types[] = {"Gymnasium", "Gesamtschule", "Realschule",
                                          "Gymnasium", "Hauptschule",  "Sekundarschule"};
        for (std::size_t k = 0; k < m_out.settlements.size(); ++k) {
            const auto& s = m_out.settlements[k];
            // One Grundschule per ~230 children of primary age (a two- to three-form school),
            // none in hamlets: their children go to the next village's school.
            std::size_t n =
                children_6_10[k] >= 40
                    ? static_cast<std::size_t>(std::max(1.0, std::round(children_6_10[k] / 230)))
                    : 0;
            for (std::size_t i = 0; i < n; ++i) {
                // Schools at least a block apart, so each can have its own catchment.
                const geo::point at = spiral(s, i, n, 0.75);
                std::vector<std::pair<geo::point, std::size_t>> near;
                m_primary_index.query(bgi::nearest(at, 1), std::back_inserter(near));
                if (!near.empty() &&
                    std::hypot(near.front().first.x() - at.x(), near.front().first.y() - at.y()) <
                        1.2 * catchment_block_m()) {
                    continue;
                }
                m_primary_index.insert({at, m_out.facilities.size()});
                facility f;
                f.id = facility_id{fmt::format("GS{:05}", ++gs)};
                f.name = names.school("Grundschule", s.name);
                f.kind = facility_kind::grundschule;
                f.school_type = "Grundschule";
                f.location = at;
                f.cap.class_size = 25;
                f.cap.grades = 4;
                m_out.facilities.push_back(std::move(f));
            }
            std::size_t n_sek =
                s.persons >= 8'000
                    ? static_cast<std::size_t>(std::max(1.0, std::round(s.persons / 9'000)))
                    : 0;
            if (k == 0) {
                n_sek = std::max<std::size_t>(n_sek, 2); // a town has a Gymnasium and another
            }
            for (std::size_t i = 0; i < n_sek; ++i) {
                facility f;
                f.id = facility_id{fmt::format("SK{:05}", ++sek)};
                f.school_type = sek_types[(sek - 1) % std::size(sek_types)];
                f.name = names.school(f.school_type, s.name);
                f.kind = facility_kind::sek1;
                f.location = spiral(s, i + 1, n_sek + 1, 0.6);
                const double zuege = std::round(r.uniform(3, 6));
                f.cap.zuege = zuege;
                f.cap.class_size = 27;
                f.cap.grades = 6;
                f.cap.seats = zuege * 27 * 6;
                m_out.facilities.push_back(std::move(f));
            }
            // Berufsschulen (vocational, ~8,500 in Germany) and Förderschulen (special needs)
            // in larger towns.
            add_schools(r, names, s, facility_kind::berufsschule, "Berufsschule", "BS", 20'000,
                        10'000, 600, 2'400, 3, 0.55, sek);
            add_schools(r, names, s, facility_kind::foerderschule, "Förderschule", "FS", 25'000,
                        40'000, 120, 260, 2, 0.5, sek);
        }
    }

    // Schools with a fixed number of seats: one per `persons_each` in settlements of at least
    // `min_persons`, placed on the spiral from position `first`.
    void add_schools(random& r, name_maker& names, const settlement& s, facility_kind kind,
                     const char* type, const char* prefix, double min_persons, double persons_each,
                     double seats_min, double seats_max, std::size_t first, double spread,
                     std::size_t& number) {
        if (s.persons < min_persons) {
            return;
        }
        const auto n =
            static_cast<std::size_t>(std::max(1.0, std::round(s.persons / persons_each)));
        for (std::size_t i = 0; i < n; ++i) {
            facility f;
            f.id = facility_id{fmt::format("{}{:05}", prefix, ++number)};
            f.school_type = type;
            f.name = names.school(type, s.name);
            f.kind = kind;
            f.location = spiral(s, i + first, n + first, spread);
            f.cap.seats = std::round(r.uniform(seats_min, seats_max) / 10) * 10;
            m_out.facilities.push_back(std::move(f));
        }
    }

    // Spread over the settlement on a golden-angle spiral, pulled towards the centre where
    // that would leave the districts (settlements at the region's edge).
    geo::point spiral(const settlement& s, std::size_t i, std::size_t n, double spread) const {
        double r = n <= 1 ? 50.0 // beside the main crossing
                          : spread * s.radius_m * std::sqrt((static_cast<double>(i) + 0.5) / n);
        const double angle = static_cast<double>(i) * 2.399963229728653 + 0.5;
        for (int attempt = 0; attempt < 12; ++attempt, r /= 2) {
            const geo::point p{s.centre.x() + r * std::cos(angle),
                               s.centre.y() + r * std::sin(angle)};
            if (in_a_district(p)) {
                return p;
            }
        }
        return s.centre;
    }

    // 250 m where schools are dense enough to matter (town, city), 500 m for a Land or the
    // country, where a finer raster would cost minutes; always nesting in the district blocks.
    double catchment_block_m() const {
        const double wanted =
            m_params.size == scale::town || m_params.size == scale::city ? 250.0 : 500.0;
        return m_params.block_m <= wanted ? m_params.block_m : wanted;
    }

    bool in_a_district(const geo::point& p) const {
        const auto block = block_of(p.x(), p.y());
        return block >= 0 && m_block_seed[static_cast<std::size_t>(block)] >= 0;
    }

    // Catchments: every block to its nearest Grundschule, so they tile the region. The schools'
    // Züge follow the children in their catchment, with some schools built too small and
    // some too large; enrolment follows the district cohorts through the catchments.
    void make_catchments_and_enrolment() {
        auto r = m_random.fork(9);
        std::vector<std::pair<geo::point, std::size_t>> schools;
        for (std::size_t i = 0; i < m_out.facilities.size(); ++i) {
            if (m_out.facilities[i].kind == facility_kind::grundschule) {
                schools.push_back({m_out.facilities[i].location, i});
            }
        }
        if (schools.empty()) {
            return;
        }
        const bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> index(schools);
        // Catchments are made of a finer raster than districts (250 or 500 m): town schools
        // lie closer together than a rural district is wide. It nests in the district blocks.
        const double cb = catchment_block_m();
        const auto k = static_cast<std::int64_t>(std::llround(m_params.block_m / cb));
        const std::int64_t sx0 = m_block_x0 * k;
        const std::int64_t sy0 = m_block_y0 * k;
        const std::int64_t snx = m_blocks_x * k;
        const std::int64_t sny = m_blocks_y * k;
        auto sub_of = [&](double x, double y) -> std::int64_t {
            const auto bx = static_cast<std::int64_t>(std::floor(x / cb)) - sx0;
            const auto by = static_cast<std::int64_t>(std::floor(y / cb)) - sy0;
            return bx < 0 || by < 0 || bx >= snx || by >= sny ? -1 : by * snx + bx;
        };
        auto sub_square = [&](std::int64_t i) {
            const std::int64_t column = i % snx; // sub-blocks are numbered row by row
            const std::int64_t row = i / snx;
            const double x = static_cast<double>(sx0 + column) * cb;
            const double y = static_cast<double>(sy0 + row) * cb;
            geo::multi_polygon mp;
            mp.resize(1);
            mp[0].outer() = {{x, y}, {x, y + cb}, {x + cb, y + cb}, {x + cb, y}, {x, y}};
            return mp;
        };
        auto sub_in_district = [&](std::int64_t i) {
            const auto parent = ((i / snx) / k) * m_blocks_x + (i % snx) / k;
            return m_block_seed[static_cast<std::size_t>(parent)] >= 0;
        };
        std::vector<std::vector<std::int64_t>> subs(schools.size());
        std::vector<std::int32_t> sub_catchment(static_cast<std::size_t>(snx * sny), -1);
        std::unordered_map<std::size_t, std::size_t> slot; // facility index -> schools slot
        for (std::size_t i = 0; i < schools.size(); ++i) {
            slot[schools[i].second] = i;
        }
        for (std::int64_t i = 0; i < snx * sny; ++i) {
            if (!sub_in_district(i)) {
                continue;
            }
            const std::int64_t column = i % snx;
            const std::int64_t row = i / snx;
            const geo::point centre{(static_cast<double>(sx0 + column) + 0.5) * cb,
                                    (static_cast<double>(sy0 + row) + 0.5) * cb};
            std::vector<std::pair<geo::point, std::size_t>> hit;
            index.query(bgi::nearest(centre, 1), std::back_inserter(hit));
            const std::size_t s = slot[hit.front().second];
            sub_catchment[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(s);
            subs[s].push_back(i);
        }
        // A school that won no block still gets the block it stands in.
        for (std::size_t s = 0; s < schools.size(); ++s) {
            if (!subs[s].empty()) {
                continue;
            }
            const auto& at = m_out.facilities[schools[s].second].location;
            const auto i = sub_of(at.x(), at.y());
            if (i < 0 || sub_catchment[static_cast<std::size_t>(i)] < 0) {
                continue;
            }
            auto& theirs =
                subs[static_cast<std::size_t>(sub_catchment[static_cast<std::size_t>(i)])];
            auto it = std::find(theirs.begin(), theirs.end(), i);
            if (it != theirs.end() && theirs.size() > 1) {
                theirs.erase(it);
                subs[s].push_back(i);
                sub_catchment[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(s);
            }
        }
        // Share of each district's people living in each catchment (from the cells).
        std::vector<std::map<std::size_t, double>> share(m_states.size());
        std::vector<double> children_6_10(schools.size(), 0.0);
        for (const auto& cell : m_out.grid) {
            const auto i =
                sub_of((cell.ix + 0.5) * m_out.cell_size_m, (cell.iy + 0.5) * m_out.cell_size_m);
            const auto c = sub_catchment[static_cast<std::size_t>(i)];
            share[cell.district][static_cast<std::size_t>(c)] += cell.persons;
            for (int a = 6; a < 10; ++a) {
                children_6_10[static_cast<std::size_t>(c)] +=
                    cell.children[static_cast<std::size_t>(a)];
            }
        }
        for (std::size_t s = 0; s < schools.size(); ++s) {
            auto& school = m_out.facilities[schools[s].second];
            if (!subs[s].empty()) { // (a school sharing its only block has none)
                std::vector<geo::multi_polygon> squares;
                squares.reserve(subs[s].size());
                for (auto i : subs[s]) {
                    squares.push_back(sub_square(i));
                }
                catchment c;
                c.id = catchment_id{fmt::format("ESB{:05}", s + 1)};
                c.name = "Einschulungsbereich " + school.name;
                c.facility = school.id;
                c.area = geo::dissolve(squares);
                c.area_m2 = static_cast<double>(subs[s].size()) * cb * cb;
                m_out.catchments.push_back(std::move(c));
            }
            // Züge for the children of one grade (a quarter of ages 6-9) at 24 per class.
            double zuege = std::max(1.0, std::round(children_6_10[s] / 4 / 24));
            const double luck = r.uniform();
            if (luck < 0.25 && zuege > 1) {
                zuege -= 1; // built too small: over capacity
            } else if (luck > 0.8) {
                zuege += 1; // room to spare
            }
            school.cap.zuege = zuege;
            school.cap.seats = zuege * 25 * 4;
            school.cap.seats_derived = true;
        }
        // Pupils per grade in the last six school years: grade g holds the children of age
        // 5 + g of the catchment; 3 % attend private or special schools.
        for (std::size_t d = 0; d < m_states.size(); ++d) {
            double total = 0;
            for (const auto& [c, n] : share[d]) {
                total += n;
            }
            if (total <= 0) {
                continue;
            }
            for (auto& [c, n] : share[d]) {
                n /= total;
            }
        }
        const int years = m_opts.history_years;
        for (std::size_t s = 0; s < schools.size(); ++s) {
            const auto& school = m_out.facilities[schools[s].second];
            for (int y = std::max(0, years - 6); y < years; ++y) {
                for (int grade = 1; grade <= 4; ++grade) {
                    double pupils = 0;
                    for (std::size_t d = 0; d < m_states.size(); ++d) {
                        auto it = share[d].find(s);
                        if (it != share[d].end()) {
                            pupils +=
                                it->second * m_states[d]
                                                 .years[static_cast<std::size_t>(y)]
                                                 .children[static_cast<std::size_t>(5 + grade)];
                        }
                    }
                    m_out.enrolment.push_back({school.id, m_out.first_year + y,
                                               std::to_string(grade), std::round(pupils * 0.97)});
                }
            }
        }
    }

    void make_candidates() {
        auto r = m_random.fork(10);
        std::size_t number = 0;
        auto add = [&](std::size_t d) {
            candidate_site c;
            c.id = fmt::format("ST{:05}", ++number);
            c.name = fmt::format("Fläche {} ({})", number, m_out.districts[d].name);
            c.location = place_in_district(r, d);
            c.area_m2 = std::round(r.uniform(2'500, 12'000) / 100) * 100;
            static const char* owners[] = {"Stadt", "Stadt", "privat", "Land", "Kirche"};
            c.owner = owners[r.index(std::size(owners))];
            c.kita_places = c.area_m2 >= 4'000 ? 100 : 75;
            c.zuege = static_cast<int>(std::min(3.0, std::floor(c.area_m2 / 4'000)));
            m_out.candidates.push_back(std::move(c));
        };
        for (const auto& h : m_out.housing) {
            add(h.district);
            add(h.district);
        }
        for (std::size_t d = 0; d < m_states.size(); d += 7) {
            if (!m_states[d].cells.empty()) {
                add(d);
            }
        }
    }

    void make_streets() {
        street_inputs in;
        in.settlements = &m_out.settlements;
        in.region_centre = m_region.centre;
        in.region_radius = std::max(m_region.rx, m_region.ry);
        in.spacing_m = m_params.street_spacing_m;
        in.contains = [this](double x, double y) { return m_region.contains(x, y); };
        auto r = m_random.fork(11);
        street_network net = make_street_network(in, r);
        m_out.streets = std::move(net.streets);
        m_out.river = std::move(net.river);
        m_out.railway = std::move(net.railway);
    }

    const options& m_opts;
    const scale_params& m_params;
    random m_random;
    municipality m_out;
    region m_region;
    bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> m_settlement_index;
    bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> m_primary_index;
    std::vector<cell_weight> m_cells;
    std::vector<district_state> m_states;
    std::int64_t m_block_x0 = 0;
    std::int64_t m_block_y0 = 0;
    std::int64_t m_blocks_x = 0;
    std::int64_t m_blocks_y = 0;
    std::vector<std::int64_t> m_block_seed; // block -> seed, then -> district; -1 outside
};

} // namespace

std::optional<scale> parse_scale(std::string_view name) {
    for (const auto& p : all_params) {
        if (to_string(p.size) == name) {
            return p.size;
        }
    }
    return std::nullopt;
}

std::string to_string(scale s) {
    switch (s) {
    case scale::town:
        return "town";
    case scale::city:
        return "city";
    case scale::land:
        return "land";
    case scale::germany:
        return "germany";
    }
    return "town";
}

municipality generate(const options& opts) {
    return generator(opts).run();
}

municipality_summary summarise(const municipality& m) {
    municipality_summary out;
    for (const auto& r : m.population) {
        if (r.year == m.base_year) {
            out.persons += r.persons;
        }
    }
    for (const auto& f : m.facilities) {
        out.kitas += f.kind == facility_kind::kita ? 1 : 0;
        out.grundschulen += f.kind == facility_kind::grundschule ? 1 : 0;
        out.sek1 += f.kind == facility_kind::sek1 ? 1 : 0;
        out.foerderschulen += f.kind == facility_kind::foerderschule ? 1 : 0;
        out.berufsschulen += f.kind == facility_kind::berufsschule ? 1 : 0;
    }
    return out;
}

} // namespace standort::planning::synth
