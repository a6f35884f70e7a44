#pragma once

#include "geo/error.hpp"

#include <string>
#include <vector>

namespace standort {

enum class severity { error, warning, info };

std::string to_string(severity level);

// One observation about the inputs. Loading collects these instead of throwing, so one run
// reports every problem at once and the caller decides whether to stop (any error) or go on.
struct finding {
    severity level = severity::warning;
    std::string code; // stable, for scripts: "duplicate-id", "unmatched-key", ...
    error_context where;
    std::string message;
};

using findings = std::vector<finding>;

bool has_errors(const findings& list);
std::size_t count(const findings& list, severity level);

// "ERROR [code] file, layer 'x', feature 3, field 'y': message"
std::string format_finding(const finding& f);

} // namespace standort
