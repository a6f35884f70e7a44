#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace standort::planning::synth {

// Deterministic random numbers: mt19937_64 is specified bit for bit by the standard, but the
// <random> distributions are not, so the transforms are ours. Same seed, same bytes on the same
// platform (Debian 12, glibc's libm): exp, log and cos may round differently elsewhere.
class random {
public:
    explicit random(std::uint64_t seed) : m_engine(seed) {}

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n).
    std::size_t index(std::size_t n) {
        return static_cast<std::size_t>(uniform() * static_cast<double>(n));
    }
    // Standard normal (Box-Muller).
    double normal() {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }
    // Rounds x up or down at random so the expected value is x (small counts stay unbiased).
    long long round_random(double x) {
        const double f = std::floor(x);
        return static_cast<long long>(f) + (uniform() < x - f ? 1 : 0);
    }
    // An independent stream for one part of the generation, so adding draws to one part does
    // not change another's.
    random fork(std::uint64_t salt) { return random(m_engine() ^ (salt * 0x9E3779B97F4A7C15ULL)); }

private:
    std::mt19937_64 m_engine;
};

} // namespace standort::planning::synth
