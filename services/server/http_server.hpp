#pragma once

#include "services/server/api.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace standort::services::server {

struct server_options {
    std::string bind = "127.0.0.1";
    int port = 8080; // 0: any free port (tests)
    std::size_t max_body_bytes = 1 << 20;
    int read_timeout_s = 5; // a client that sends nothing for this long is dropped
    int write_timeout_s = 10;
    std::size_t threads = 16; // connections served at once; keep-alive holds one each
    bool log_requests = true; // a line per request on stderr
};

// Serves `a` over HTTP (cpp-httplib from Debian) until SIGINT or SIGTERM. `listening` is
// called once with the bound port, before the first request is accepted. Throws config_error
// when the address cannot be bound.
void serve(const api& a, const server_options& options,
           const std::function<void(int port)>& listening);

} // namespace standort::services::server
