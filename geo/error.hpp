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

// The project file or the command line asks for something impossible.
class config_error : public error {
public:
    using error::error;
};

} // namespace standort
