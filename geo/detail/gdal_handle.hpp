#pragma once

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace standort::geo::detail {

// GDAL's own owners (GDALDatasetUniquePtr, OGRFeatureUniquePtr, OGRGeometryUniquePtr) are used
// directly; this adds the two things GDAL leaves to its caller.

// Registers the drivers once per process.
void ensure_gdal();

// Collects what GDAL reports while alive instead of letting it print to stderr, so messages
// become findings or part of an exception with context.
class gdal_messages {
public:
    gdal_messages();
    ~gdal_messages();
    gdal_messages(const gdal_messages&) = delete;
    gdal_messages& operator=(const gdal_messages&) = delete;

    struct message {
        CPLErr level;
        std::string text;
    };
    const std::vector<message>& all() const noexcept { return m_messages; }
    // The last error's text, or `fallback` when GDAL said nothing.
    std::string last_error(const std::string& fallback) const;

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum number, const char* text);
    std::vector<message> m_messages;
};

// A NULL-terminated list of "KEY=VALUE" strings for GDAL option arguments.
class option_list {
public:
    void add(const std::string& key, const std::string& value);
    char** get();

private:
    std::vector<std::string> m_items;
    std::vector<char*> m_pointers;
};

} // namespace standort::geo::detail
