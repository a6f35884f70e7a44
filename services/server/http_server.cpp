#include "services/server/http_server.hpp"

#include "geo/error.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
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

bool loopback_address(const std::string& bind) {
    return bind.rfind("127.", 0) == 0 || bind == "::1" || bind == "localhost";
}

// The host a loopback server answers to: a page elsewhere that rebinds its own name to
// 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
bool loopback_host(const std::string& host) {
    const auto name = host.rfind('[', 0) == 0 ? host.substr(0, host.find(']') + 1)
                                              : host.substr(0, host.find(':'));
    return name == "127.0.0.1" || name == "localhost" || name == "[::1]";
}

// Refuses, before any body is read, what the library would otherwise handle without bounds:
// a Range header (it would copy the body once per range), a body without a declared length or
// with a transfer or content encoding (the body limit checks only Content-Length), a POST that
// is not JSON (a form on another site could make the browser send it), and, on loopback, a
// Host that is not this machine.
std::optional<std::pair<int, std::string>> refused(const httplib::Request& req,
                                                   const server_options& o) {
    if (req.has_header("Range")) {
        return std::pair{416, "ranges are not served"};
    }
    if (loopback_address(o.bind) && !loopback_host(req.get_header_value("Host"))) {
        return std::pair{421, "this server answers to 127.0.0.1 and localhost only"};
    }
    if (req.has_header("Transfer-Encoding") || req.has_header("Content-Encoding")) {
        return std::pair{415, "bodies are sent plain, with a Content-Length"};
    }
    if (req.method == "POST") {
        if (!req.has_header("Content-Length")) {
            return std::pair{411, "a POST declares its Content-Length"};
        }
        if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
            return std::pair{415, "the request body is JSON (Content-Type: application/json)"};
        }
    }
    return std::nullopt;
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
            // A signal before the server listens would find nothing to stop.
            while (!m_done && !server.is_running()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            server.stop();
        });
    }
    ~stop_on_signal() {
        m_done = true;
        if (m_thread.joinable()) {
            pthread_kill(m_thread.native_handle(), SIGTERM);
            m_thread.join();
        }
    }
    stop_on_signal(const stop_on_signal&) = delete;
    stop_on_signal& operator=(const stop_on_signal&) = delete;

private:
    sigset_t m_signals{};
    std::atomic<bool> m_done{false};
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
        res.set_header("Vary", "Accept");
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
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        const auto refusal = refused(req, o);
        if (!refusal) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        res.status = refusal->first;
        res.set_header("Connection", "close");
        res.set_content(fmt::format(R"({{"code":"HTTP{}","description":"{}"}})", refusal->first,
                                    refusal->second),
                        "application/json; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
    });
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            res.set_content(error_body(res.status), "application/json; charset=utf-8");
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
