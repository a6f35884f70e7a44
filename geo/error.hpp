#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace standort {

// Where a problem sits in the inputs: the file, the layer inside it, the feature or row, and the
// field. Every exception and every validation finding carries one, so a planner can open the
// file and find the culprit without reading our code.
struct error_context {
    std::string file;
    std::string layer;
    std::optional<std::int64_t> feature; // GDAL feature id (for CSV: data row number, from 1)
    std::string key;                     // the feature's id value, when known
    std::string field;

    std::string describe() const;
};

// The one base of every exception standort throws. The message is the plain problem; what()
// adds the context in front of it.
class error : public std::runtime_error {
public:
    error(std::string message, error_context context = {});

    const std::string& message() const noexcept { return m_message; }
    const error_context& context() const noexcept { return m_context; }

private:
    std::string m_message;
    error_context m_context;
};

// An input cannot be read or does not have what the project file says it has.
class input_error : public error {
public:
    using error::error;
};

// An output cannot be written.
class output_error : public error {
public:
    using error::error;
};

// The project file asks for something impossible, or the project's data cannot carry the
// analysis asked for (a backtest longer than the years observed, a year without figures).
class config_error : public error {
public:
    using error::error;
};

// A parameter of a request has a value no project could accept: an option on the command line
// or a parameter of an HTTP request ("--limits '5 parsecs'", "--horizon -3"). Names the
// parameter, so each front end can point at it.
class request_error : public error {
public:
    request_error(std::string parameter, std::string message)
        : error(std::move(message)), m_parameter(std::move(parameter)) {}
    const std::string& parameter() const noexcept { return m_parameter; }

private:
    std::string m_parameter;
};

// A broken invariant or a library failure the inputs did not cause (GEOS returning no
// geometry, a solver without an optimum where one must exist): a bug to report.
class internal_error : public error {
public:
    using error::error;
};

} // namespace standort
