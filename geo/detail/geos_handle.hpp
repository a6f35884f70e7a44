#pragma once

#include <geos_c.h>

#include <memory>
#include <string>

namespace standort::geo::detail {

// One GEOS context per owner; geometries made in it are owned by a geos_geometry whose deleter
// knows the context (GEOS's reentrant API needs it to free them).
class geos_context {
public:
    geos_context();
    ~geos_context();
    geos_context(const geos_context&) = delete;
    geos_context& operator=(const geos_context&) = delete;

    GEOSContextHandle_t get() const noexcept { return m_handle; }
    // What GEOS said last (an error or a notice), for the messages we throw.
    const std::string& last_message() const noexcept { return m_last_message; }

private:
    static void remember(const char* message, void* self);

    GEOSContextHandle_t m_handle;
    std::string m_last_message;
};

struct geos_geometry_deleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSGeometry* g) const noexcept {
        if (g) {
            GEOSGeom_destroy_r(handle, g);
        }
    }
};

using geos_geometry = std::unique_ptr<GEOSGeometry, geos_geometry_deleter>;

inline geos_geometry own(const geos_context& ctx, GEOSGeometry* g) {
    return geos_geometry(g, geos_geometry_deleter{ctx.get()});
}

} // namespace standort::geo::detail
