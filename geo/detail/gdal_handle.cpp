#include "geo/detail/gdal_handle.hpp"

#include <mutex>

namespace standort::geo::detail {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Large real GeoJSON files (a Land's districts) exceed GDAL's default object size limit.
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    });
}

gdal_messages::gdal_messages() {
    CPLPushErrorHandlerEx(&gdal_messages::handler, this);
}

gdal_messages::~gdal_messages() {
    CPLPopErrorHandler();
}

void CPL_STDCALL gdal_messages::handler(CPLErr level, CPLErrorNum, const char* text) {
    auto* self = static_cast<gdal_messages*>(CPLGetErrorHandlerUserData());
    if (self && level != CE_Debug) {
        self->m_messages.push_back(message{level, text ? text : ""});
    }
}

std::string gdal_messages::last_error(const std::string& fallback) const {
    for (auto it = m_messages.rbegin(); it != m_messages.rend(); ++it) {
        if (it->level >= CE_Failure) {
            return it->text;
        }
    }
    return fallback;
}

void option_list::add(const std::string& key, const std::string& value) {
    m_items.push_back(key + "=" + value);
}

char** option_list::get() {
    m_pointers.clear();
    for (auto& item : m_items) {
        m_pointers.push_back(item.data());
    }
    m_pointers.push_back(nullptr);
    return m_pointers.data();
}

} // namespace standort::geo::detail
