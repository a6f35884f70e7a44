#pragma once

#include <proj.h>

#include <memory>
#include <string>

namespace standort::geo::detail {

struct proj_context_deleter {
    void operator()(PJ_CONTEXT* ctx) const noexcept { proj_context_destroy(ctx); }
};
struct proj_deleter {
    void operator()(PJ* pj) const noexcept { proj_destroy(pj); }
};

using proj_context_ptr = std::unique_ptr<PJ_CONTEXT, proj_context_deleter>;
using proj_ptr = std::unique_ptr<PJ, proj_deleter>;

// A fresh context per owner: PROJ contexts are not thread-safe, and owners are cheap.
inline proj_context_ptr make_context() {
    proj_context_ptr ctx{proj_context_create()};
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    return ctx;
}

// A CRS from any definition PROJ takes (EPSG:25833, WKT, PROJJSON, a PROJ string), or null.
// PROJ reads a bare "+proj=utm +zone=32 ..." as a coordinate operation, not a CRS, and then
// finds no transformation to it: such strings are read as CRSs, as GDAL and QGIS read them.
inline proj_ptr create_crs(PJ_CONTEXT* ctx, std::string definition) {
    if (definition.rfind("+proj=", 0) == 0 && definition.find("+type=crs") == std::string::npos) {
        definition += " +type=crs";
    }
    proj_ptr pj{proj_create(ctx, definition.c_str())};
    if (pj && !proj_is_crs(pj.get())) {
        pj.reset();
    }
    return pj;
}

} // namespace standort::geo::detail
