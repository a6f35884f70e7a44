#include "planning/reach/demand_units.hpp"

#include "geo/overlay.hpp"
#include "geo/validate.hpp"
#include "planning/model/population_index.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

namespace standort::planning {

geo::multi_polygon cell_square(const geo::point& p, double cell_size_m) {
    const double half = cell_size_m / 2;
    geo::multi_polygon sq;
    sq.resize(1);
    sq[0].outer() = {{p.x() - half, p.y() - half},
                     {p.x() - half, p.y() + half},
                     {p.x() + half, p.y() + half},
                     {p.x() + half, p.y() - half},
                     {p.x() - half, p.y() - half}};
    return sq;
}

unit_shapes unit_shapes::subset(const std::vector<std::size_t>& kept) const {
    unit_shapes out = *this;
    if (areas) {
        out.cell.clear();
        for (auto u : kept) {
            out.cell.push_back(cell[u]);
        }
    }
    return out;
}

geo::multi_polygon unit_shapes::dissolve(const std::vector<geo::point>& locations,
                                         const std::vector<std::size_t>& units) const {
    std::vector<geo::multi_polygon> parts;
    parts.reserve(units.size());
    for (auto u : units) {
        parts.push_back(areas ? (*areas)[cell[u]] : cell_square(locations[u], cell_size_m));
    }
    if (parts.size() <= 1) {
        return parts.empty() ? geo::multi_polygon{} : parts.front();
    }
    return geo::dissolve(parts);
}

namespace {

// Which grid bands make up `ages`, or nullopt when they do not tile it.
std::optional<std::vector<std::size_t>> bands_for(const std::vector<age_band>& bands,
                                                  age_band ages) {
    std::vector<std::pair<age_band, std::size_t>> inside;
    for (std::size_t b = 0; b < bands.size(); ++b) {
        if (bands[b].from >= ages.from && bands[b].to <= ages.to) {
            inside.emplace_back(bands[b], b);
        }
    }
    std::sort(inside.begin(), inside.end());
    int reached = ages.from;
    std::vector<std::size_t> out;
    for (const auto& [band, index] : inside) {
        if (band.from != reached) {
            return std::nullopt;
        }
        reached = band.to;
        out.push_back(index);
    }
    if (reached != ages.to) {
        return std::nullopt;
    }
    return out;
}

double sum_bands(const population_grid& grid, std::size_t cell, const std::vector<std::size_t>& b) {
    double n = 0;
    for (auto i : b) {
        n += grid.counts[cell * grid.bands.size() + i];
    }
    return n;
}

} // namespace

demand_units make_demand_units(const planning_model& model, int year, age_band ages,
                               const std::vector<age_band>& sub_bands) {
    demand_units out;
    out.sub.resize(sub_bands.size());
    const auto& grid = model.grid;
    const auto grid_bands = bands_for(grid.bands, ages);
    if (grid.size() > 0 && grid_bands) {
        out.from_grid = true;
        std::vector<std::vector<std::size_t>> sub;
        for (const auto& s : sub_bands) {
            const auto b = bands_for(grid.bands, s);
            out.sub_known.push_back(b.has_value());
            sub.push_back(b.value_or(std::vector<std::size_t>{}));
        }
        out.locations = grid.locations;
        out.district = grid.district;
        out.shapes.cell_size_m = grid.cell_size_m;
        out.shapes.reach_m = grid.neighbour_reach_m;
        if (!grid.areas.empty()) {
            out.shapes.areas = &grid.areas;
            out.shapes.cell.resize(grid.size());
            std::iota(out.shapes.cell.begin(), out.shapes.cell.end(), std::size_t{0});
        }
        out.children.reserve(grid.size());
        for (std::size_t c = 0; c < grid.size(); ++c) {
            out.children.push_back(sum_bands(grid, c, *grid_bands));
            for (std::size_t s = 0; s < sub.size(); ++s) {
                out.sub[s].push_back(sum_bands(grid, c, sub[s]));
            }
        }
        return out;
    }
    const population_index population(model.population);
    out.sub_known.assign(sub_bands.size(), true);
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        const auto n = population.persons(model.districts[d].id, year, ages);
        if (!n) {
            continue;
        }
        out.locations.push_back(geo::point_on_surface(model.districts[d].area));
        out.district.push_back(static_cast<std::int32_t>(d));
        out.children.push_back(*n);
        for (std::size_t s = 0; s < sub_bands.size(); ++s) {
            const auto part = population.persons(model.districts[d].id, year, sub_bands[s]);
            out.sub_known[s] = out.sub_known[s] && part.has_value();
            out.sub[s].push_back(part.value_or(0.0));
        }
    }
    return out;
}

} // namespace standort::planning
