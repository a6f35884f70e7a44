// The education database in PostGIS, for offices where several people work on it: a private
// PostgreSQL server (Debian's postgresql-15 with postgresql-15-postgis-3) started on a loopback
// port for this test and stopped by its PID; the same import, list and indicators as with the
// GeoPackage. Skips, saying so, where the server or PostGIS is not installed.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <sstream>
#include <thread>

#include <unistd.h>

using namespace standort::test;
using nlohmann::json;

namespace {

const fs::path binary = STANDORT_BINARY;
const fs::path example = source_dir() / "data/example";
const fs::path pg_bin = "/usr/lib/postgresql/15/bin";

// initdb refuses to run as root: as root the server runs as the postgres user.
std::string as_server_user(const std::string& command) {
    return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

class private_postgres {
public:
    explicit private_postgres(const fs::path& dir) : m_data(dir / "pgdata") {
        fs::create_directories(m_data);
        if (::geteuid() == 0) {
            run("chown -R postgres " + quoted(dir));
        }
        m_port = 20000 + static_cast<int>(::getpid() % 20000);
        const auto init = run(as_server_user(quoted(pg_bin / "initdb") + " -D " + quoted(m_data) +
                                             " -A trust -U standort --no-sync"));
        if (init.exit_code != 0) {
            m_error = "initdb: " + init.output;
            return;
        }
        const auto start = run(as_server_user(
            quoted(pg_bin / "pg_ctl") + " -D " + quoted(m_data) + " -l " +
            quoted(m_data / "server.log") + " -w -o \"-p " + std::to_string(m_port) + " -k " +
            quoted(m_data) + " -c listen_addresses=127.0.0.1 -c fsync=off\" start"));
        if (start.exit_code != 0) {
            m_error = "pg_ctl start: " + start.output + read_file(m_data / "server.log");
            return;
        }
        // The first line of postmaster.pid is the server's PID.
        m_pid = std::stoi(read_file(m_data / "postmaster.pid"));
    }
    ~private_postgres() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGINT); // fast shutdown
            for (int i = 0; i < 100 && ::kill(m_pid, 0) == 0; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }
    private_postgres(const private_postgres&) = delete;
    private_postgres& operator=(const private_postgres&) = delete;

    const std::string& error() const { return m_error; }
    std::string psql(const std::string& database, const std::string& sql) const {
        return "psql -X -q -A -t -h 127.0.0.1 -p " + std::to_string(m_port) + " -U standort -d " +
               database + " -c \"" + sql + "\"";
    }
    std::string connection(const std::string& database) const {
        return "PG:host=127.0.0.1 port=" + std::to_string(m_port) +
               " user=standort dbname=" + database;
    }

private:
    fs::path m_data;
    int m_port = 0;
    int m_pid = -1;
    std::string m_error;
};

json run_json(const std::string& arguments) {
    const auto r = run(quoted(binary) + " --json " + arguments, false);
    EXPECT_EQ(r.exit_code, 0) << arguments << "\n" << r.output;
    return json::parse(r.output, nullptr, false);
}

std::vector<std::string> sorted_lines(const fs::path& file) {
    std::istringstream in(read_file(file));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST(DbPostgis, TheExampleGoesIntoPostgisAndTheIndicatorsComeBack) {
    if (!fs::exists(pg_bin / "initdb") ||
        !fs::exists("/usr/share/postgresql/15/extension/postgis.control")) {
        GTEST_SKIP() << "PostgreSQL 15 with PostGIS is not installed (scripts/setup installs "
                        "postgresql-15-postgis-3)";
    }
    temp_dir dir;
    private_postgres server(dir.path());
    ASSERT_TRUE(server.error().empty()) << server.error();
    ASSERT_EQ(run(server.psql("postgres", "CREATE DATABASE bildung")).exit_code, 0);
    const auto ext = run(server.psql("bildung", "CREATE EXTENSION postgis"));
    ASSERT_EQ(ext.exit_code, 0) << ext.output;

    const auto db = "'" + server.connection("bildung") + "'";
    const auto project = quoted(example / "project.yaml");
    const auto imported = run_json("db import " + project + " --db " + db);
    ASSERT_TRUE(imported.is_object());
    EXPECT_EQ(imported.at("year"), 2024);
    // Again: replaced, not added.
    run_json("db import " + project + " --db " + db);
    const auto count = run(server.psql("bildung", "SELECT count(*) FROM population"));
    EXPECT_EQ(count.output, "1760\n") << count.output;
    // The geometry is PostGIS's, in the project's CRS.
    const auto srid = run(server.psql("bildung", "SELECT DISTINCT ST_SRID(geom) FROM districts"));
    EXPECT_EQ(srid.output, "25832\n") << srid.output;

    const auto list = run_json("db list " + db);
    EXPECT_EQ(list.at("imports").size(), 1u);
    EXPECT_EQ(list.at("district_versions").size(), 1u);

    const auto from_files =
        run_json("indicators " + project + " --out " + quoted(dir.path() / "files"));
    const auto from_db =
        run_json("indicators " + project + " --db " + db + " --out " + quoted(dir.path() / "db"));
    ASSERT_FALSE(from_files.is_discarded());
    ASSERT_FALSE(from_db.is_discarded());
    EXPECT_EQ(sorted_lines(dir.path() / "files/indicators.csv"),
              sorted_lines(dir.path() / "db/indicators.csv"));
}
