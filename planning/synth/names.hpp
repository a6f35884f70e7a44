#pragma once

#include "planning/synth/random.hpp"

#include <string>

namespace standort::planning::synth {

// German-sounding names for generated places and facilities: invented, not real ones.
class name_maker {
public:
    explicit name_maker(random r) : m_random(r) {}

    std::string place();
    std::string kita();
    std::string school(const std::string& type, const std::string& place);

private:
    random m_random;
};

} // namespace standort::planning::synth
