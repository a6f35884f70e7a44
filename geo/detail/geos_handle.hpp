#pragma once

#include <geos_c.h>

#include <memory>

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

private:
    GEOSContextHandle_t m_handle;
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
