#pragma once

#include <proj.h>

#include <memory>

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

} // namespace standort::geo::detail
