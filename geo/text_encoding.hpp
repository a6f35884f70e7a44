#pragma once

#include "geo/feature_layer.hpp"
#include "geo/finding.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace standort::geo {

// The encoding a project file declares for a source (`encoding:`), in the name iconv knows:
// "utf-8" -> "UTF-8", "windows-1252"/"cp1252" -> "CP1252", "latin-1"/"iso-8859-1" ->
// "ISO-8859-1", "latin-9"/"iso-8859-15" -> "ISO-8859-15"; nullopt for a name we do not take.
std::optional<std::string> encoding_name(std::string_view declared);

// Makes every text value and field name of `layer` UTF-8. With `encoding` empty, text that is
// valid UTF-8 stays as it is, and a layer with any text that is not is read as Windows-1252
// (German Excel's "CSV" and most Latin-1 files are that) and reported; a declared encoding is
// applied to all text (UTF-8 declared and not found is an error naming the row and field).
void normalise_text(feature_layer& layer, const std::string& encoding, findings& found);

// The same for a layer read in chunks: `state` carries the guess and whether the field names
// are done from one chunk to the next. With `encoding` empty, chunks before the first text that
// is not UTF-8 stay as they are (a whole layer read at once would recode them too).
struct text_state {
    std::string from; // the encoding decided on; empty: none yet (UTF-8 so far)
    bool names_done = false;
};
void normalise_text(feature_layer& chunk, const std::string& encoding, text_state& state,
                    findings& found);

// A text file as a table must be text: NUL bytes mean UTF-16 (Excel's "Unicode text") or a
// damaged file, and GDAL would cut each value at the first one ("12\03" read as 12). Throws
// input_error naming the line.
void check_no_nul_bytes(const std::string& path);

// A field of a delimited text file that spans lines is almost always an opening quote without
// its closing one, which swallows the rows after it into one value: an error naming the row.
void check_line_breaks(const feature_layer& layer, findings& found);

} // namespace standort::geo
