// `standort serve` on loopback, judged by the clients a municipality uses: QGIS through
// check-oapif, a real browser (Debian's Chromium, headless), wrk for load, and hostile
// requests. Each test that needs a client it cannot find skips with a message.

#include "tests/test_support.hpp"

#include <fmt/format.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>
#include <regex>
#include <thread>

#include <fcntl.h>

extern char** environ;

namespace standort::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// The server as a child process on a free loopback port, stopped by its PID (SIGTERM) at
// scope end. Its stdout goes to a file the start-up lines are read from.
class running_server {
public:
    explicit running_server(std::vector<std::string> args) : m_out(m_dir / "stdout.txt") {
        args.insert(args.begin(), {STANDORT_BINARY, "--quiet", "serve"});
        args.insert(args.end(), {"--port", "0"});
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, m_out.c_str(), O_WRONLY | O_CREAT, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, (m_dir / "stderr.txt").c_str(),
                                         O_WRONLY | O_CREAT, 0644);
        const int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            m_pid = -1;
            return;
        }
        const std::regex address(R"(Adresse: http://127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 1200 && m_port == 0 && alive(); ++i) {
            std::smatch m;
            const auto text = read_file(m_out);
            if (std::regex_search(text, m, address)) {
                m_port = std::stoi(m[1]);
            } else {
                std::this_thread::sleep_for(50ms);
            }
        }
    }
    ~running_server() { stop(); }
    running_server(const running_server&) = delete;
    running_server& operator=(const running_server&) = delete;

    // The exit status after SIGTERM (0: it stopped cleanly), -1 if it was gone.
    int stop() {
        if (m_pid <= 0) {
            return -1;
        }
        ::kill(m_pid, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(50ms);
            if (i == 99) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
            }
        }
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    bool alive() const { return m_pid > 0 && ::kill(m_pid, 0) == 0 && !exited(); }
    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::string output() const { return read_file(m_out) + read_file(m_dir / "stderr.txt"); }

private:
    bool exited() const {
        int status = 0;
        return ::waitpid(m_pid, &status, WNOHANG) == m_pid;
    }

    temp_dir m_dir;
    fs::path m_out;
    pid_t m_pid = -1;
    int m_port = 0;
};

fs::path example_project() {
    return source_dir() / "data/example/project.yaml";
}

class ServeExample : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server = std::make_unique<running_server>(std::vector<std::string>{example_project()});
        ASSERT_GT(server->port(), 0) << server->output();
    }
    static void TearDownTestSuite() {
        EXPECT_EQ(server->stop(), 0) << "the server stops cleanly on SIGTERM";
        server.reset();
    }
    static httplib::Client client() {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(30, 0);
        return c;
    }
    static json post_siting(const json& request) {
        auto res = client().Post("/processes/siting/execution", request.dump(), "application/json");
        if (!res || res->status != 200) {
            ADD_FAILURE() << request.dump() << ": " << (res ? res->body : "no answer");
            return {};
        }
        return json::parse(res->body);
    }

    static std::unique_ptr<running_server> server;
};
std::unique_ptr<running_server> ServeExample::server;

TEST_F(ServeExample, SaysWhereAndThatItIsLoopbackOnly) {
    const auto out = server->output();
    EXPECT_NE(out.find("Nur von diesem Rechner erreichbar"), std::string::npos) << out;
    EXPECT_NE(out.find("Karte für die Sitzung: " + server->url() + "/"), std::string::npos);
    EXPECT_NE(out.find("berechnet: Grundlagen, Versorgung, Erreichbarkeit"), std::string::npos);
}

TEST_F(ServeExample, QgisAddsEveryCollectionThroughItsOapifProvider) {
    if (!layer_checker_available() || !fs::exists(shared_dir() / "tools/check-oapif")) {
        GTEST_SKIP() << "shared/tools/check-oapif or python3-qgis missing: not checked";
    }
    const auto r = run(quoted(shared_dir() / "tools/check-oapif") + " " + server->url());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("RESULT " + server->url() + ": PASS"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("'supply': valid"), std::string::npos) << r.output;
}

TEST_F(ServeExample, HostileRequestsGet4xxAndTheServerKeepsServing) {
    auto c = client();
    const std::vector<std::pair<std::string, int>> corpus{
        {"/../../../../etc/passwd", 404},
        {"/lib/leaflet/../../../../../etc/passwd", 404},
        {"/webmap/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 404},
        {"/collections/..%2f..%2fetc%2fpasswd/items", 404},
        {"/collections/supply/items?limit=1000000000000000000000", 400},
        {"/collections/supply/items?limit=-1", 400},
        {"/collections/supply/items?limit=10001", 400},
        {"/collections/supply/items?offset=-1", 400},
        {"/collections/supply/items?bbox=NaN,NaN,NaN,NaN", 400},
        {"/collections/supply/items?bbox=12,50,11,49", 400},
        {"/collections/supply/items?bbox=1,2,3", 400},
        {"/collections/supply/items?bbox=" + std::string(10000, '9'), 414},
        {"/collections/supply/items?crs=EPSG:999999", 400},
        {"/collections/supply/items?name=%00%ff%fe", 200},
        {"/collections/supply/items/999999999", 404},
        {"/collections/supply/items/%00", 404},
        {"/collections/supply/styles/../../../etc/passwd", 404},
        {"/processes/rm", 404},
        {"/collections/" + std::string(5000, 'x'), 404},
    };
    for (const auto& [path, status] : corpus) {
        const auto res = c.Get(path.c_str(), {{"Accept", "application/json"}});
        ASSERT_TRUE(res) << path << ": no answer";
        EXPECT_EQ(res->status, status) << path << ": " << res->body;
        if (res->status >= 400) {
            EXPECT_NO_THROW(json::parse(res->body)) << path << ": " << res->body;
        }
    }
    const std::vector<std::pair<std::string, int>> bodies{
        {"{not json", 400},
        {"[]", 400},
        {R"({"open": "ST00001"})", 400},
        {R"({"open": ["NOPE"]})", 400},
        {R"({"rm": true})", 400},
        {R"({"extend": [{"facility": "GS00001", "zuege": -3}]})", 400},
        {R"({"threshold": "5 parsecs"})", 400},
        {R"({"threshold": "1500 m"})", 200},
        {R"({"time_limit": 1e300})", 400},
        {std::string(2 << 20, ' '), 413},
    };
    for (const auto& [text, status] : bodies) {
        const auto res = c.Post("/processes/siting/execution", text, "application/json");
        ASSERT_TRUE(res) << text.substr(0, 40) << ": no answer";
        EXPECT_EQ(res->status, status) << text.substr(0, 40) << ": " << res->body;
        EXPECT_NO_THROW(json::parse(res->body)) << res->body;
    }
    EXPECT_TRUE(server->alive());
    const auto ok = c.Get("/collections");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
}

// The status code the server answers a raw request with (0: no answer).
int raw_status(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<std::uint16_t>(port));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) {
        ::close(fd);
        return 0;
    }
    ::send(fd, request.data(), request.size(), 0);
    timeval wait{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char buffer[64] = {};
    const auto n = ::recv(fd, buffer, sizeof buffer - 1, 0);
    ::close(fd);
    int status = 0;
    return n > 12 && std::sscanf(buffer, "HTTP/1.1 %d", &status) == 1 ? status : 0;
}

TEST_F(ServeExample, RequestsTheLibraryWouldServeUnboundedAreRefusedFirst) {
    const auto host = "Host: 127.0.0.1:" + std::to_string(server->port()) + "\r\n";
    const std::string get = "GET /collections/supply/items HTTP/1.1\r\n";
    const std::string post = "POST /processes/siting/execution HTTP/1.1\r\n";
    const std::vector<std::pair<std::string, int>> requests{
        {get + host + "Range: bytes=0-,0-,0-,0-\r\n\r\n", 416},
        {get + "Host: rebound.example.com\r\n\r\n", 421},
        {post + host + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}", 415},
        {post + host + "Content-Type: application/json\r\n\r\n{}", 411},
        {post + host +
             "Content-Type: application/json\r\nTransfer-Encoding: "
             "chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
         415},
        {post + host +
             "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
             "2\r\n\r\n{}",
         415},
        {get + host + "\r\n", 200},
    };
    for (const auto& [request, status] : requests) {
        EXPECT_EQ(raw_status(server->port(), request), status) << request;
    }
    // Deep nesting is refused while parsing, not after building it.
    const std::string deep =
        "{\"inputs\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto res = client().Post("/processes/siting/execution", deep, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    // A reach far beyond the kind's thresholds would put every site in every unit's reach.
    res = client().Post("/processes/siting/execution", R"({"capacity_limit": "1000 km"})",
                        "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_NE(res->body.find("\"parameter\":\"capacity_limit\""), std::string::npos) << res->body;
    EXPECT_TRUE(server->alive());
}

TEST_F(ServeExample, ASlowClientIsDroppedAndBlocksNoOne) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<std::uint16_t>(server->port()));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    const std::string half = "GET /collections HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    ASSERT_EQ(::send(fd, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));
    const auto started = std::chrono::steady_clock::now();
    const auto res = client().Get("/collections/supply/items?limit=1");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "served beside the slow one";
    timeval wait{15, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    }
    EXPECT_EQ(n, 0) << "the server closes the connection after its read timeout";
    EXPECT_LT(std::chrono::steady_clock::now() - started, 14s);
    ::close(fd);
}

TEST_F(ServeExample, WhatIfGivesTheFiguresTheCliGives) {
    temp_dir out;
    const auto cli =
        run(std::string(STANDORT_BINARY) + " --json siting " + quoted(example_project()) +
                " --out " + quoted(out.path()) + " --open ST00001",
            false);
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    const auto expected = json::parse(cli.output)["scenarios"];
    const auto got = post_siting({{"kind", "grundschule"}, {"open", {"ST00001"}}});
    ASSERT_TRUE(got.contains("summary")) << got.dump();
    const auto scenarios = got["summary"]["scenarios"];
    ASSERT_EQ(scenarios.size(), 2u);
    for (std::size_t s = 0; s < 2; ++s) {
        EXPECT_EQ(scenarios[s]["open_sites"], expected[s]["open_sites"]);
        EXPECT_EQ(scenarios[s]["within"], expected[s]["within"]);
        EXPECT_EQ(scenarios[s]["without_seat"], expected[s]["without_seat"]);
    }
    // The new site brings children within the first threshold.
    EXPECT_GT(scenarios[1]["within"][0].get<double>(), scenarios[0]["within"][0].get<double>());
    const auto districts = got["layers"]["siting_districts"];
    EXPECT_EQ(districts["type"], "FeatureCollection");
    EXPECT_EQ(districts["features"].size(), 8u);
    EXPECT_EQ(districts["features"][0]["geometry"]["type"], "MultiPolygon");
    EXPECT_FALSE(districts["styles"].empty());
}

TEST_F(ServeExample, ConcurrentWhatIfsNeverMix) {
    const std::vector<json> requests{
        {{"open", {"ST00001"}}},
        {{"open", {"ST00003"}}},
        {{"close", {"GS00003"}}},
        {{"extend", {{{"facility", "GS00001"}, {"zuege", 1}}}}},
    };
    std::vector<json> alone;
    for (const auto& r : requests) {
        alone.push_back(post_siting(r)["summary"]["scenarios"]);
    }
    std::vector<std::future<json>> running;
    for (int round = 0; round < 3; ++round) {
        for (const auto& r : requests) {
            running.push_back(std::async(std::launch::async,
                                         [r] { return post_siting(r)["summary"]["scenarios"]; }));
        }
    }
    for (std::size_t i = 0; i < running.size(); ++i) {
        EXPECT_EQ(running[i].get(), alone[i % requests.size()]) << requests[i % requests.size()];
    }
    EXPECT_NE(alone[0], alone[1]);
    EXPECT_NE(alone[2], alone[3]);
}

bool chromium_available() {
    return fs::exists("/usr/bin/chromium");
}

std::string chromium(const std::string& what, const std::string& url) {
    temp_dir profile;
    return run("/usr/bin/chromium --headless=new --no-sandbox --disable-gpu "
               "--user-data-dir=" +
                   quoted(profile.path()) + " --window-size=1400,900 --virtual-time-budget=15000 " +
                   what + " '" + url + "'",
               false)
        .output;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

TEST_F(ServeExample, TheWebMapShowsLayersLegendAndAWhatIfInChromium) {
    if (!chromium_available()) {
        GTEST_SKIP() << "chromium missing (scripts/setup installs it): the web map not checked";
    }
    const auto dom = chromium("--dump-dom", server->url() + "/");
    ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << dom.substr(0, 3000);
    EXPECT_NE(dom.find("Versorgungsquote U3 (Plätze je 100 Kinder)"), std::string::npos);
    EXPECT_GE(count(dom, "class=\"legend-row\""), 6u) << "the figure's classes and the kinds";
    for (const auto& label : {"Beispielstadt-Mitte", "Einrichtungen", "Isochronen (Gehzeit)",
                              "Versorgungslücken Kita", "möglicher Standort"}) {
        EXPECT_NE(dom.find(label), std::string::npos) << label;
    }
    // 8 districts and 20 facilities drawn as SVG paths.
    EXPECT_GE(count(dom, "leaflet-interactive"), 28u);
    EXPECT_EQ(dom.find("tile.openstreetmap"), std::string::npos) << "no tiles from outside";

    const auto expected = post_siting({{"kind", "grundschule"}, {"open", {"ST00001"}}});
    const double share =
        expected["layers"]["siting_comparison"]["features"][1]["properties"]["share_1000m"];
    std::string german = fmt::format("{:.1f}", share);
    std::replace(german.begin(), german.end(), '.', ',');
    const auto whatif = chromium("--dump-dom", server->url() + "/#kind=grundschule&open=ST00001");
    EXPECT_NE(whatif.find("eröffnen: ST00001"), std::string::npos);
    EXPECT_NE(whatif.find("Variante: Anteil bis 1000 m"), std::string::npos);
    EXPECT_NE(whatif.find("<td>" + german + "</td>"), std::string::npos)
        << german << " in " << whatif.substr(whatif.find("id=\"result\""), 2000);

    // Moving the threshold alone: today's sites measured against 800 m, drawn per district.
    const auto moved = chromium("--dump-dom", server->url() + "/#kind=grundschule&threshold=800");
    EXPECT_NE(moved.find("Variante: Anteil bis 800 m"), std::string::npos);

    const fs::path shot = fs::temp_directory_path() / "standort-webmap.png";
    chromium("--screenshot=" + shot.string(), server->url() + "/#kind=grundschule&open=ST00001");
    EXPECT_GT(fs::file_size(shot), 20000u) << "a map, not a blank page";
}

TEST_F(ServeExample, UnderLoadEveryAnswerIsRight) {
    if (!fs::exists("/usr/bin/wrk")) {
        GTEST_SKIP() << "wrk missing (scripts/setup installs it): no load test";
    }
    const auto r = run("/usr/bin/wrk -t2 -c8 -d2s --latency '" + server->url() +
                       "/collections/supply/items?limit=10'");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find("Non-2xx"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("Socket errors"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Requests/sec"), std::string::npos) << r.output;
    EXPECT_TRUE(server->alive());
}

TEST(Serve, ResultFoldersAreServedWithTheirStylesAndNothingIsWritten) {
    temp_dir project;
    fs::copy(source_dir() / "data/example", project.path() / "example",
             fs::copy_options::recursive);
    const auto p = project.path() / "example/project.yaml";
    temp_dir out;
    ASSERT_EQ(run(std::string(STANDORT_BINARY) + " --quiet coverage " + quoted(p) + " --out " +
                  quoted(out.path()))
                  .exit_code,
              0);
    const auto listing = [&] {
        std::vector<std::string> files;
        for (const auto& e : fs::recursive_directory_iterator(project.path())) {
            files.push_back(e.path().string() + " " +
                            (e.is_regular_file() ? std::to_string(e.file_size()) : "folder"));
        }
        std::sort(files.begin(), files.end());
        return files;
    };
    const auto before = listing();
    {
        running_server server({p.string(), "--results", out.path().string()});
        ASSERT_GT(server.port(), 0) << server.output();
        httplib::Client c("127.0.0.1", server.port());
        auto res = c.Get("/collections/coverage_districts/styles");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        const auto styles = json::parse(res->body)["styles"];
        ASSERT_FALSE(styles.empty());
        res = c.Get(("/collections/coverage_districts/styles/" +
                     styles[0]["id"].get<std::string>() + "?f=qml")
                        .c_str());
        ASSERT_TRUE(res);
        EXPECT_NE(res->body.find("<qgis"), std::string::npos);
        EXPECT_TRUE(c.Get("/collections/coverage_gaps_kita/items"));
        EXPECT_EQ(c.Get("/collections/supply")->status, 404) << "supply was not run";
        EXPECT_EQ(c.Get("/collections/facilities")->status, 200) << "the base layers";
    }
    EXPECT_EQ(before, listing()) << "serving wrote nothing beside the project";
}

TEST(Serve, AFolderWithoutResultsIsAnInputError) {
    temp_dir empty;
    const auto r = run(std::string(STANDORT_BINARY) + " serve " + quoted(example_project()) +
                       " --port 0 --results " + quoted(empty.path()));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find(empty.path().string()), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("no GeoPackage"), std::string::npos) << r.output;
}

} // namespace
} // namespace standort::test
