#include "planning/synth/streets.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

namespace standort::planning::synth {

namespace bgi = boost::geometry::index;

namespace {

using segment_entry = std::pair<geo::box, std::size_t>;
using segment_tree = bgi::rtree<segment_entry, bgi::rstar<16>>;

geo::box box_of(const geo::point& a, const geo::point& b) {
    return {{std::min(a.x(), b.x()), std::min(a.y(), b.y())},
            {std::max(a.x(), b.x()), std::max(a.y(), b.y())}};
}

double cross(const geo::point& o, const geo::point& a, const geo::point& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

bool segments_cross(const geo::point& a, const geo::point& b, const geo::point& c,
                    const geo::point& d) {
    const double d1 = cross(c, d, a);
    const double d2 = cross(c, d, b);
    const double d3 = cross(a, b, c);
    const double d4 = cross(a, b, d);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

// A barrier line (river, railway) with an index of its segments.
struct barrier {
    geo::linestring line;
    segment_tree tree;
    std::size_t passage_every = 10; // a bridge or crossing at every n-th segment

    explicit barrier(geo::linestring l, std::size_t every)
        : line(std::move(l)), passage_every(every) {
        std::vector<segment_entry> entries;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            entries.emplace_back(box_of(line[i], line[i + 1]), i);
        }
        tree = segment_tree(entries);
    }

    // nullopt: does not cross. true: crosses where a passage is. false: crosses elsewhere.
    std::optional<bool> crossing(const geo::point& a, const geo::point& b) const {
        std::optional<bool> result;
        for (auto it = tree.qbegin(bgi::intersects(box_of(a, b))); it != tree.qend(); ++it) {
            const std::size_t i = it->second;
            if (segments_cross(a, b, line[i], line[i + 1])) {
                const bool passage = i % passage_every == 0;
                result = result.value_or(true) && passage;
            }
        }
        return result;
    }
};

geo::linestring meander(const geo::point& through, double angle, double half_length,
                        double amplitude, double wavelength, double step) {
    geo::linestring line;
    const double dx = std::cos(angle);
    const double dy = std::sin(angle);
    for (double s = -half_length; s <= half_length; s += step) {
        const double off = amplitude * std::sin(2 * M_PI * s / wavelength) +
                           0.4 * amplitude * std::sin(2 * M_PI * s / (0.37 * wavelength) + 1.0);
        line.emplace_back(through.x() + s * dx - off * dy, through.y() + s * dy + off * dx);
    }
    return line;
}

double jitter(std::size_t settlement, long i, long j, int axis) {
    // Unsigned 64-bit arithmetic: wraps, never overflows.
    std::uint64_t h = (settlement + 1) * 0x9E3779B97F4A7C15ULL ^
                      static_cast<std::uint64_t>(i) * 73856093ULL ^
                      static_cast<std::uint64_t>(j) * 19349663ULL ^
                      static_cast<std::uint64_t>(axis) * 83492791ULL;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return static_cast<double>(h >> 11) * 0x1.0p-53 - 0.5;
}

std::string road_class(double smaller, double larger) {
    if (smaller >= 20'000 || larger >= 100'000) {
        return "primary";
    }
    if (smaller >= 5'000) {
        return "secondary";
    }
    return "tertiary";
}

struct union_find {
    std::vector<std::size_t> parent;
    explicit union_find(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    bool unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return false;
        }
        parent[a] = b;
        return true;
    }
};

} // namespace

street_network make_street_network(const street_inputs& in, random& r) {
    const auto& settlements = *in.settlements;
    const auto& main = settlements.front();
    street_network net;

    // The river runs through the main settlement, off its centre; the railway crosses it.
    const double river_angle = r.uniform(0, M_PI);
    const geo::point through{main.centre.x() - 0.3 * main.radius_m * std::sin(river_angle),
                             main.centre.y() + 0.3 * main.radius_m * std::cos(river_angle)};
    const double half = 1.2 * in.region_radius;
    const barrier river(meander(through, river_angle, half,
                                0.02 * in.region_radius + 0.2 * main.radius_m,
                                std::max(2'000.0, 0.15 * in.region_radius), 100.0),
                        12); // a bridge about every 1.2 km
    const barrier railway(meander(main.centre, river_angle + 1.2, half, 0.005 * in.region_radius,
                                  std::max(8'000.0, 0.5 * in.region_radius), 200.0),
                          8); // a crossing about every 1.6 km

    auto add_local = [&](geo::point a, geo::point b, std::string highway) {
        const auto over_river = river.crossing(a, b);
        const auto over_rail = railway.crossing(a, b);
        if ((over_river && !*over_river) || (over_rail && !*over_rail)) {
            return; // no bridge here: the detour is the point
        }
        net.streets.push_back(street{{a, b}, std::move(highway), over_river.has_value()});
    };

    // Local grids.
    for (std::size_t k = 0; k < settlements.size(); ++k) {
        const auto& s = settlements[k];
        const double spacing = in.spacing_m * (s.persons < 5'000 ? 1.4 : 1.0);
        const double reach = 1.25 * s.radius_m + spacing;
        const long n = static_cast<long>(std::floor(reach / spacing));
        const double theta = r.uniform(0, M_PI / 2);
        const double c = std::cos(theta);
        const double sn = std::sin(theta);
        const long width = 2 * n + 1;
        std::vector<std::optional<geo::point>> nodes(static_cast<std::size_t>(width * width));
        for (long i = -n; i <= n; ++i) {
            for (long j = -n; j <= n; ++j) {
                if (std::hypot(static_cast<double>(i), static_cast<double>(j)) * spacing > reach) {
                    continue;
                }
                const bool origin = i == 0 && j == 0;
                const double u = i * spacing + (origin ? 0 : 0.3 * spacing * jitter(k, i, j, 0));
                const double v = j * spacing + (origin ? 0 : 0.3 * spacing * jitter(k, i, j, 1));
                const geo::point p{s.centre.x() + u * c - v * sn, s.centre.y() + u * sn + v * c};
                if (origin || in.contains(p.x(), p.y())) {
                    nodes[static_cast<std::size_t>((i + n) * width + (j + n))] = p;
                }
            }
        }
        auto node = [&](long i, long j) -> const std::optional<geo::point>& {
            return nodes[static_cast<std::size_t>((i + n) * width + (j + n))];
        };
        const std::string main_road = s.persons >= 20'000 ? "secondary" : "tertiary";
        for (long i = -n; i <= n; ++i) {
            for (long j = -n; j <= n; ++j) {
                const auto& a = node(i, j);
                if (!a) {
                    continue;
                }
                if (i < n && node(i + 1, j)) {
                    add_local(*a, *node(i + 1, j),
                              j == 0       ? main_road
                              : j % 4 == 0 ? "tertiary"
                                           : "residential");
                }
                if (j < n && node(i, j + 1)) {
                    add_local(*a, *node(i, j + 1),
                              i == 0       ? main_road
                              : i % 4 == 0 ? "tertiary"
                                           : "residential");
                }
            }
        }
    }

    // Roads between settlements: a minimum spanning tree over candidate pairs (each
    // settlement's six nearest), plus every settlement's nearest two, so there are loops.
    std::vector<std::pair<geo::point, std::size_t>> centres;
    for (std::size_t k = 0; k < settlements.size(); ++k) {
        centres.push_back({settlements[k].centre, k});
    }
    const bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> index(centres);
    struct edge {
        double length;
        std::size_t a;
        std::size_t b;
    };
    std::vector<edge> candidates;
    std::set<std::pair<std::size_t, std::size_t>> chosen;
    for (std::size_t k = 0; k < settlements.size(); ++k) {
        std::vector<std::pair<geo::point, std::size_t>> near;
        index.query(bgi::nearest(settlements[k].centre, 7), std::back_inserter(near));
        std::sort(near.begin(), near.end(), [&](const auto& x, const auto& y) {
            return std::hypot(x.first.x() - settlements[k].centre.x(),
                              x.first.y() - settlements[k].centre.y()) <
                   std::hypot(y.first.x() - settlements[k].centre.x(),
                              y.first.y() - settlements[k].centre.y());
        });
        std::size_t taken = 0;
        for (const auto& [p, other] : near) {
            if (other == k) {
                continue;
            }
            const double length =
                std::hypot(p.x() - settlements[k].centre.x(), p.y() - settlements[k].centre.y());
            candidates.push_back(edge{length, std::min(k, other), std::max(k, other)});
            if (taken++ < 2) {
                chosen.insert({std::min(k, other), std::max(k, other)});
            }
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const edge& x, const edge& y) {
        return std::tie(x.length, x.a, x.b) < std::tie(y.length, y.a, y.b);
    });
    union_find components(settlements.size());
    for (const auto& e : candidates) {
        if (components.unite(e.a, e.b)) {
            chosen.insert({e.a, e.b});
        }
    }
    for (const auto& [a, b] : chosen) {
        const auto& sa = settlements[a];
        const auto& sb = settlements[b];
        const double length =
            std::hypot(sb.centre.x() - sa.centre.x(), sb.centre.y() - sa.centre.y());
        const auto steps = std::max<std::size_t>(2, static_cast<std::size_t>(length / 1'000));
        const double bend = r.uniform(-0.04, 0.04) * length;
        geo::linestring line;
        for (std::size_t i = 0; i <= steps; ++i) {
            const double t = static_cast<double>(i) / static_cast<double>(steps);
            const double off = bend * std::sin(M_PI * t);
            const double nx = -(sb.centre.y() - sa.centre.y()) / length;
            const double ny = (sb.centre.x() - sa.centre.x()) / length;
            line.emplace_back(sa.centre.x() + t * (sb.centre.x() - sa.centre.x()) + off * nx,
                              sa.centre.y() + t * (sb.centre.y() - sa.centre.y()) + off * ny);
        }
        bool bridge = false;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            bridge = bridge || river.crossing(line[i], line[i + 1]).has_value();
        }
        net.streets.push_back(
            street{std::move(line),
                   road_class(std::min(sa.persons, sb.persons), std::max(sa.persons, sb.persons)),
                   bridge});
    }
    net.river = river.line;
    net.railway = railway.line;
    return net;
}

} // namespace standort::planning::synth
