#include "planning/monitoring/crosswalk.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace standort::planning {

namespace {

// Shares proportional to the weights; equal shares where every weight is zero.
std::vector<carry_share> by_weight(const std::vector<std::pair<std::string, double>>& parts) {
    double total = 0.0;
    for (const auto& [to, w] : parts) {
        total += w;
    }
    std::vector<carry_share> out;
    for (const auto& [to, w] : parts) {
        out.push_back({to, total > 0.0 ? w / total : 1.0 / static_cast<double>(parts.size())});
    }
    return out;
}

double weight_of(const crosswalk_request& r, const std::string& to) {
    const auto it = r.to_weight.find(to);
    return it == r.to_weight.end() ? 0.0 : it->second;
}

// A link between districts of two parents, where the source's parent is one of the target's.
bool crosses_parent(const crosswalk_request& r, const district_link& l,
                    const std::set<std::string>& target_parents) {
    const auto& from = r.from_parent.at(l.from);
    const auto& to = r.to_parent.at(l.to);
    return !from.empty() && !to.empty() && from != to && target_parents.contains(from);
}

std::set<std::string> parents_of(const crosswalk_request& r) {
    std::set<std::string> out;
    for (const auto& [key, parent] : r.to_parent) {
        out.insert(parent);
    }
    return out;
}

bool in_request(const crosswalk_request& r, const district_link& l) {
    return r.from_parent.contains(l.from) && r.to_parent.contains(l.to);
}

} // namespace

std::vector<district_link> cross_parent_links(const crosswalk_request& request) {
    const auto parents = parents_of(request);
    std::vector<district_link> out;
    for (const auto& l : request.links) {
        if (in_request(request, l) && crosses_parent(request, l, parents)) {
            out.push_back(l);
        }
    }
    return out;
}

crosswalk plan_crosswalk(const crosswalk_request& request) {
    const auto parents = parents_of(request);
    std::map<std::string, std::vector<const district_link*>> from;
    std::map<std::string, std::set<std::string>> sources_of;
    for (const auto& l : request.links) {
        if (in_request(request, l) && !crosses_parent(request, l, parents)) {
            from[l.from].push_back(&l);
            sources_of[l.to].insert(l.from);
        }
    }
    crosswalk out;
    for (const auto& [key, parent] : request.from_parent) {
        auto& rule = out[key];
        if (const auto it = from.find(key); it != from.end()) {
            std::vector<std::pair<std::string, double>> parts;
            for (const auto* l : it->second) {
                parts.emplace_back(l->to, weight_of(request, l->to) * l->overlap);
            }
            rule.to = by_weight(parts);
            if (parts.size() > 1) {
                rule.kind = carry_kind::split;
            } else {
                rule.kind = sources_of[parts.front().first].size() > 1 ? carry_kind::merged
                                                                       : carry_kind::renamed;
            }
            continue;
        }
        std::vector<std::pair<std::string, double>> unreached;
        std::vector<std::pair<std::string, double>> all;
        for (const auto& [to, to_parent] : request.to_parent) {
            if (parent.empty() || to_parent != parent) {
                continue;
            }
            all.emplace_back(to, weight_of(request, to));
            if (!sources_of.contains(to)) {
                unreached.emplace_back(to, weight_of(request, to));
            }
        }
        if (!all.empty()) {
            rule.kind = carry_kind::by_parent;
            rule.to = by_weight(unreached.empty() ? all : unreached);
        }
    }
    return out;
}

std::map<carry_kind, std::size_t> carry_counts(const crosswalk& plan) {
    std::map<carry_kind, std::size_t> out;
    for (const auto& [key, rule] : plan) {
        ++out[rule.kind];
    }
    return out;
}

std::string describe(carry_kind kind) {
    switch (kind) {
    case carry_kind::renamed:
        return "umbenannt (1:1 übernommen)";
    case carry_kind::merged:
        return "zusammengelegt (ganz übernommen)";
    case carry_kind::split:
        return "geteilt (nach Einwohneranteil der neuen Gebiete)";
    case carry_kind::by_parent:
        return "ohne Zuordnung (auf die Gebiete des übergeordneten Gebiets nach Einwohnern "
               "verteilt)";
    case carry_kind::lost:
        return "ohne Zuordnung und ohne übergeordnetes Gebiet (nicht übertragen)";
    }
    return "";
}

std::vector<population_record> carry_population(const std::vector<population_record>& rows,
                                                const crosswalk& plan) {
    using key = std::tuple<std::string, int, int, int, std::uint16_t>;
    std::map<key, std::size_t> at; // where a carried row's sum is kept
    std::vector<population_record> out;
    auto add = [&](population_record r) {
        const key k{r.district.value, r.year, r.band.from, r.band.to, r.source};
        const auto [it, fresh] = at.try_emplace(k, out.size());
        if (fresh) {
            out.push_back(std::move(r));
        } else {
            out[it->second].persons += r.persons;
        }
    };
    for (const auto& r : rows) {
        const auto rule = plan.find(r.district.value);
        if (rule == plan.end()) {
            add(r);
            continue;
        }
        for (const auto& s : rule->second.to) {
            auto part = r;
            part.district = district_id{s.to};
            part.persons = r.persons * s.share;
            add(std::move(part));
        }
    }
    return out;
}

std::vector<care_record> carry_care(const std::vector<care_record>& rows, const crosswalk& plan) {
    std::vector<care_record> out;
    for (const auto& r : rows) {
        const auto rule = plan.find(r.district.value);
        if (rule == plan.end()) {
            out.push_back(r);
            continue;
        }
        const auto& to = rule->second.to;
        if (r.facility && !to.empty()) {
            const auto largest =
                std::max_element(to.begin(), to.end(),
                                 [](const auto& a, const auto& b) { return a.share < b.share; });
            auto whole = r;
            whole.district = district_id{largest->to};
            out.push_back(std::move(whole));
            continue;
        }
        for (const auto& s : to) {
            auto part = r;
            part.district = district_id{s.to};
            part.children = r.children * s.share;
            out.push_back(std::move(part));
        }
    }
    return out;
}

} // namespace standort::planning
