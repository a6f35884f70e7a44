#include "services/server/http_server.hpp"

#include "geo/error.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

namespace standort::services::server {

namespace {

// The base of every link: the address the client used (its Host header), so links work
// behind a port forward and stay on loopback for a loopback client; anything that is not a
// plain host[:port] falls back to the bound address.
std::string base_url(const httplib::Request& req, const server_options& o, int port) {
    const auto host = req.get_header_value("Host");
    const bool plain = !host.empty() && host.size() < 256 &&
                       host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789.-:[]") == std::string::npos;
    if (plain) {
        return "http://" + host;
    }
    const std::string bound = o.bind == "0.0.0.0" || o.bind == "::" ? "127.0.0.1" : o.bind;
    return fmt::format("http://{}:{}", bound, port);
}

http_request translate(const httplib::Request& req, const server_options& o, int port) {
    http_request r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) {
        r.query.emplace(k, v);
    }
    r.accept = req.get_header_value("Accept");
    r.base_url = base_url(req, o, port);
    r.body = req.body;
    return r;
}

std::string error_body(int status) {
    const char* text = status == 413   ? "the request body is too large"
                       : status == 414 ? "the request URI is too long"
                       : status == 408 ? "the request took too long to arrive"
                                       : "the request cannot be served";
    return fmt::format(R"({{"code":"HTTP{}","description":"{}"{}}})", status, text,
                       status == 413 ? R"(,"parameter":"body")" : "");
}

// SIGINT and SIGTERM are taken by one thread that stops the server: no handler runs inside
// the server's own threads.
class stop_on_signal {
public:
    explicit stop_on_signal(httplib::Server& server) {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
        m_thread = std::thread([this, &server] {
            int signal = 0;
            sigwait(&m_signals, &signal);
            server.stop();
        });
    }
    ~stop_on_signal() {
        if (m_thread.joinable()) {
            pthread_kill(m_thread.native_handle(), SIGTERM);
            m_thread.join();
        }
    }
    stop_on_signal(const stop_on_signal&) = delete;
    stop_on_signal& operator=(const stop_on_signal&) = delete;

private:
    sigset_t m_signals{};
    std::thread m_thread;
};

} // namespace

void serve(const api& a, const server_options& o, const std::function<void(int port)>& listening) {
    httplib::Server server;
    server.new_task_queue = [threads = o.threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(o.max_body_bytes);
    server.set_read_timeout(o.read_timeout_s, 0);
    server.set_write_timeout(o.write_timeout_s, 0);
    server.set_keep_alive_timeout(5);
    int port = 0;
    const auto handler = [&](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        const auto answer = a.handle(translate(req, o, port));
        res.status = answer.status;
        for (const auto& [k, v] : answer.headers) {
            res.set_header(k, v);
        }
        res.set_content(answer.body, answer.content_type);
        if (o.log_requests) {
            const double ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - started)
                                  .count();
            std::cerr << fmt::format("{} {} {} {:.1f} ms\n", req.method, req.path, answer.status,
                                     ms);
        }
    };
    for (const char* pattern : {".*"}) {
        server.Get(pattern, handler);
        server.Post(pattern, handler);
        server.Put(pattern, handler);
        server.Delete(pattern, handler);
        server.Patch(pattern, handler);
        server.Options(pattern, handler);
    }
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            res.set_content(error_body(res.status), "application/json");
            return httplib::Server::HandlerResponse::Handled;
        }));
    stop_on_signal stopper(server);
    port = o.port == 0 ? server.bind_to_any_port(o.bind) : o.port;
    if (o.port != 0 && !server.bind_to_port(o.bind, o.port)) {
        port = -1;
    }
    if (port < 0) {
        throw config_error(fmt::format("cannot listen on {}:{} (in use, or not an address of "
                                       "this machine)",
                                       o.bind, o.port));
    }
    listening(port);
    server.listen_after_bind();
}

} // namespace standort::services::server
