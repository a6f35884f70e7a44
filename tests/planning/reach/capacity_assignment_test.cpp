#include "planning/reach/capacity_assignment.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

#include <gtest/gtest.h>

#include <random>

namespace standort::planning {
namespace {

cost_matrix matrix(const std::vector<std::vector<std::pair<std::uint32_t, double>>>& rows) {
    cost_matrix m;
    m.start.push_back(0);
    for (const auto& row : rows) {
        for (const auto& [f, c] : row) {
            m.facility.push_back(f);
            m.cost.push_back(c);
        }
        m.start.push_back(m.facility.size());
    }
    return m;
}

// Two children, two places. Nearest first would give u1 -> f1 (1) and u2 -> f2 (100): 101.
// The optimum sends u1 to f2 (2) and u2 to f1 (1): 3.
TEST(CapacityAssignment, BeatsNearestFirstByHand) {
    const auto r =
        assign_with_capacity({1, 1}, {1, 1}, matrix({{{0, 1}, {1, 2}}, {{0, 1}, {1, 100}}}));
    EXPECT_DOUBLE_EQ(r.total_cost, 3.0);
    ASSERT_EQ(r.flows.size(), 2u);
    EXPECT_EQ(r.flows[0].facility, 1u);
    EXPECT_EQ(r.flows[1].facility, 0u);
}

// u1 reaches only f1 (cost 10); u2 reaches f1 (1) and f2 (50). Cheapest would leave u1 out;
// placing both comes first: u1 -> f1, u2 -> f2, total 60, nobody unassigned.
TEST(CapacityAssignment, PlacesAsManyChildrenAsPossibleFirst) {
    const auto r = assign_with_capacity({1, 1}, {1, 1}, matrix({{{0, 10}}, {{0, 1}, {1, 50}}}));
    EXPECT_DOUBLE_EQ(r.total_cost, 60.0);
    EXPECT_DOUBLE_EQ(r.unassigned[0] + r.unassigned[1], 0.0);
}

TEST(CapacityAssignment, ReportsWhatDoesNotFitAndHandlesFractions) {
    // 12.5 children, 10 places, one unit with no facility in reach at all.
    const auto r = assign_with_capacity({12.5, 3}, {10}, matrix({{{0, 100}}, {}}));
    EXPECT_DOUBLE_EQ(r.assigned[0], 10.0);
    EXPECT_DOUBLE_EQ(r.unassigned[0], 2.5);
    EXPECT_DOUBLE_EQ(r.unassigned[1], 3.0);
    EXPECT_DOUBLE_EQ(r.total_cost, 1000.0);
}

using rows_type = std::vector<std::vector<std::pair<std::uint32_t, double>>>;

struct min_cost_max_flow {
    long flow = 0;
    double cost = 0; // in tenths, as the solver counts
};

// Boost.Graph's successive shortest paths: an independent minimum-cost maximum flow.
min_cost_max_flow boost_solution(const std::vector<double>& demand,
                                 const std::vector<double>& capacity, const rows_type& rows) {
    using traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
    using graph = boost::adjacency_list<
        boost::vecS, boost::vecS, boost::directedS, boost::no_property,
        boost::property<
            boost::edge_capacity_t, long,
            boost::property<boost::edge_residual_capacity_t, long,
                            boost::property<boost::edge_reverse_t, traits::edge_descriptor,
                                            boost::property<boost::edge_weight_t, double>>>>>;
    const auto units = demand.size(), facilities = capacity.size();
    graph g(units + facilities + 2);
    const auto source = units + facilities, sink = source + 1;
    auto cap = boost::get(boost::edge_capacity, g);
    auto rev = boost::get(boost::edge_reverse, g);
    auto weight = boost::get(boost::edge_weight, g);
    // Weights as doubles: with integer weights Boost's successive shortest path adds two
    // "infinite" distances of unreached vertices (LONG_MAX + LONG_MAX), which UBSan stops.
    auto arc = [&](std::size_t a, std::size_t b, long c, double w) {
        const auto e = boost::add_edge(a, b, g).first;
        const auto back = boost::add_edge(b, a, g).first;
        cap[e] = c;
        cap[back] = 0;
        weight[e] = w;
        weight[back] = -w;
        rev[e] = back;
        rev[back] = e;
    };
    for (std::size_t u = 0; u < units; ++u) {
        arc(source, u, static_cast<long>(demand[u]), 0);
        for (const auto& [f, c] : rows[u]) {
            arc(u, units + f, static_cast<long>(demand[u]), std::round(c * 10));
        }
    }
    for (std::size_t f = 0; f < facilities; ++f) {
        arc(units + f, sink, static_cast<long>(capacity[f]), 0);
    }
    boost::successive_shortest_path_nonnegative_weights(g, source, sink);
    min_cost_max_flow out;
    auto residual = boost::get(boost::edge_residual_capacity, g);
    for (auto [e, end] = boost::out_edges(source, g); e != end; ++e) {
        out.flow += cap[*e] - residual[*e];
    }
    for (auto [e, end] = boost::edges(g); e != end; ++e) {
        if (cap[*e] > 0) {
            out.cost += static_cast<double>(cap[*e] - residual[*e]) * weight[*e];
        }
    }
    return out;
}

struct random_case {
    const char* name;
    std::size_t units, facilities;
    int most_room;
    double reach;
};

// Few facilities, each unit reaching half of them (every arc is among a unit's cheapest);
// many facilities reached by nearly every unit with room for about half the children, so the
// optimum sends many children past their four nearest facilities (the arcs the solver first
// leaves out and has to price in).
const random_case random_cases[] = {
    {"few facilities", 40, 6, 200, 0.5},
    {"crowded, many facilities", 150, 20, 60, 0.9},
};

// Random instances against Boost.Graph's successive shortest paths (a minimum-cost maximum
// flow): the same number of children placed, and the same total cost.
TEST(CapacityAssignment, AgreesWithBoostGraphMinCostMaxFlow) {
    std::mt19937 rng(7);
    for (const auto& c : random_cases) {
        for (int round = 0; round < 20; ++round) {
            std::uniform_int_distribution<int> children(0, 30), room(10, c.most_room),
                cost(10, 3000);
            std::bernoulli_distribution reach(c.reach);
            std::vector<double> demand(c.units), capacity(c.facilities);
            rows_type rows(c.units);
            for (auto& d : demand) {
                d = children(rng);
            }
            for (auto& v : capacity) {
                v = room(rng);
            }
            for (auto& row : rows) {
                for (std::uint32_t f = 0; f < c.facilities; ++f) {
                    if (reach(rng)) {
                        row.emplace_back(f, cost(rng) / 10.0); // tenths, as the solver counts
                    }
                }
            }
            const auto r = assign_with_capacity(demand, capacity, matrix(rows));
            const auto expected = boost_solution(demand, capacity, rows);

            double placed = 0;
            for (double a : r.assigned) {
                placed += a;
            }
            EXPECT_DOUBLE_EQ(placed, static_cast<double>(expected.flow))
                << c.name << ", round " << round;
            EXPECT_NEAR(r.total_cost * 10, expected.cost, 1e-6) << c.name << ", round " << round;
            for (std::size_t f = 0; f < c.facilities; ++f) {
                EXPECT_LE(r.assigned[f], capacity[f]);
            }
            // Started from arcs of another solution (here: a random third of them), the
            // solver takes other rounds to the same optimum.
            std::vector<bool> start(r.arcs.size());
            std::bernoulli_distribution some(0.33);
            for (std::size_t i = 0; i < start.size(); ++i) {
                start[i] = some(rng);
            }
            const auto again = assign_with_capacity(demand, capacity, matrix(rows), &start);
            EXPECT_NEAR(again.total_cost * 10, expected.cost, 1e-6)
                << c.name << ", round " << round << ", started";
        }
    }
}

} // namespace
} // namespace standort::planning
