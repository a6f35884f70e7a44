#include "geo/text_encoding.hpp"

#include "geo/error.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace standort::geo {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_utf8(const std::string& s) {
    return CPLIsUTF8(s.c_str(), static_cast<int>(s.size())) != 0;
}

std::string recode(const std::string& s, const std::string& from) {
    const std::unique_ptr<char, decltype(&CPLFree)> out(
        CPLRecode(s.c_str(), from.c_str(), CPL_ENC_UTF8), &CPLFree);
    return out ? std::string(out.get()) : s;
}

template <class F> void for_each_text(feature_layer& layer, bool names, F&& f) {
    if (names) {
        for (auto& field : layer.fields) {
            f(field.name, std::nullopt, std::string_view{});
        }
    }
    for (auto& feature : layer.features) {
        for (std::size_t i = 0; i < feature.values.size(); ++i) {
            if (auto* s = std::get_if<std::string>(&feature.values[i])) {
                f(*s, feature.source_fid, std::string_view(layer.fields[i].name));
            }
        }
    }
}

} // namespace

std::optional<std::string> encoding_name(std::string_view declared) {
    const std::string name = lower(declared);
    if (name == "utf-8" || name == "utf8") {
        return "UTF-8";
    }
    if (name == "windows-1252" || name == "cp1252") {
        return "CP1252";
    }
    if (name == "latin-1" || name == "latin1" || name == "iso-8859-1") {
        return "ISO-8859-1";
    }
    if (name == "latin-9" || name == "iso-8859-15") {
        return "ISO-8859-15";
    }
    return std::nullopt;
}

void normalise_text(feature_layer& layer, const std::string& encoding, findings& found) {
    text_state state;
    normalise_text(layer, encoding, state, found);
}

void normalise_text(feature_layer& chunk, const std::string& encoding, text_state& state,
                    findings& found) {
    const bool names = !state.names_done;
    state.names_done = true;
    if (encoding == "UTF-8") {
        for_each_text(
            chunk, names,
            [&](std::string& s, std::optional<std::int64_t> row, std::string_view field) {
                if (!is_utf8(s)) {
                    found.push_back(finding{
                        severity::error, "bad-encoding",
                        error_context{chunk.source, chunk.name, row, {}, std::string(field)},
                        "the text is not UTF-8 as `encoding: utf-8` says; German Excel "
                        "saves Windows-1252: set `encoding: windows-1252`"});
                    s = recode(s, "CP1252"); // never invalid UTF-8 downstream
                }
            });
        return;
    }
    if (!encoding.empty()) {
        state.from = encoding;
    } else if (state.from.empty()) {
        bool all_utf8 = true;
        for_each_text(chunk, names,
                      [&](std::string& s, auto, auto) { all_utf8 = all_utf8 && is_utf8(s); });
        if (all_utf8) {
            return;
        }
        // Chunks already passed on were UTF-8; in this and every later one, the text is read as
        // Windows-1252 (for ASCII, which most such earlier text is, both read the same).
        state.from = "CP1252";
        found.push_back(
            finding{severity::warning, "encoding-guessed",
                    error_context{chunk.source, chunk.name, std::nullopt, {}, {}},
                    "the text is not UTF-8; read as Windows-1252 (German Excel's default): set "
                    "`encoding:` for this source to say which"});
    }
    for_each_text(chunk, names, [&](std::string& s, auto, auto) { s = recode(s, state.from); });
}

void check_no_nul_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    std::size_t line = 1;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        const auto end = buffer.begin() + static_cast<std::ptrdiff_t>(n);
        const auto nul = std::find(buffer.begin(), end, '\0');
        line += static_cast<std::size_t>(std::count(buffer.begin(), nul, '\n'));
        if (nul != end) {
            throw input_error(fmt::format("line {} holds a NUL byte: the file is not plain text "
                                          "(UTF-16 \"Unicode text\" from Excel? save it as "
                                          "\"CSV UTF-8\") or it is damaged",
                                          line),
                              error_context{path, {}, std::nullopt, {}, {}});
        }
    }
}

void check_line_breaks(const feature_layer& layer, findings& found) {
    for (const auto& feature : layer.features) {
        for (std::size_t i = 0; i < feature.values.size(); ++i) {
            const auto* s = std::get_if<std::string>(&feature.values[i]);
            if (s && s->find_first_of("\r\n") != std::string::npos) {
                const auto lines = std::count(s->begin(), s->end(), '\n') + 1;
                found.push_back(finding{
                    severity::error, "line-break-in-field",
                    error_context{
                        layer.source, layer.name, feature.source_fid, {}, layer.fields[i].name},
                    fmt::format(
                        "the value spans {} lines (\"{}...\"): an opening quote without "
                        "its closing one takes the rows after it into this field",
                        lines, s->substr(0, std::min<std::size_t>(s->find_first_of("\r\n"), 40)))});
            }
        }
    }
}

} // namespace standort::geo
