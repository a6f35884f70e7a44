// `standort indicators` end to end on the bundled example: the municipality's figures against
// the input CSVs summed here, and every published output scanned for what the confidentiality
// rules forbid.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace standort::test;

namespace {

const fs::path binary = STANDORT_BINARY;

using table = std::vector<std::map<std::string, std::string>>;

table read_csv(const fs::path& path, char separator = ',') {
    std::istringstream in(read_file(path));
    std::string line;
    std::getline(in, line);
    if (line.starts_with("\xEF\xBB\xBF")) {
        line.erase(0, 3);
    }
    const auto header = split_line(line, separator);
    table rows;
    while (std::getline(in, line)) {
        const auto cells = split_line(line, separator);
        auto& row = rows.emplace_back();
        for (std::size_t i = 0; i < header.size(); ++i) {
            row[header[i]] = i < cells.size() ? cells[i] : std::string(); // a trailing empty one
        }
    }
    return rows;
}

const fs::path example = source_dir() / "data/example";

} // namespace

TEST(IndicatorsCli, TheExamplesQuotasAreItsInputsSummed) {
    temp_dir out;
    auto r = run(quoted(binary) + " indicators --quiet " + quoted(example / "project.yaml") +
                 " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // Independently: children in care under 3 per year from kita_care.csv, children aged 0-2
    // from population.csv.
    std::map<std::string, double> care, children;
    for (const auto& row : read_csv(example / "kita_care.csv", ';')) {
        if (row.at("alter") == "0-3") {
            care[row.at("jahr")] += std::stod(row.at("kinder"));
        }
    }
    for (const auto& row : read_csv(example / "population.csv")) {
        const auto& age = row.at("alter");
        if (age == "0-1" || age == "1-2" || age == "2-3") {
            children[row.at("jahr")] += std::stod(row.at("personen"));
        }
    }
    ASSERT_EQ(care.size(), 5u); // 2020 to 2024
    std::size_t years = 0;
    for (const auto& row : read_csv(out / "indicators.csv")) {
        if (row.at("level") != "gesamt" || row.at("indicator") != "betreuungsquote_u3") {
            continue;
        }
        const auto& y = row.at("year");
        ++years;
        EXPECT_EQ(std::stod(row.at("numerator")), care.at(y)) << y;
        EXPECT_EQ(std::stod(row.at("denominator")), children.at(y)) << y;
        EXPECT_NEAR(std::stod(row.at("value")), 100 * care.at(y) / children.at(y), 0.05) << y;
    }
    EXPECT_EQ(years, 5u);
    // The Einschulungsquote of the town in 2024/25: grade 1 of enrolment.csv against the
    // six-year-olds of population.csv. The catchments tile the town, so the schools' catchment
    // shares add up to every child once (to rounding of the grid's shares).
    double entrants = 0, six = 0;
    for (const auto& row : read_csv(example / "enrolment.csv")) {
        entrants += row.at("schuljahr") == "2024/25" && row.at("klasse") == "1"
                        ? std::stod(row.at("schueler"))
                        : 0.0;
    }
    for (const auto& row : read_csv(example / "population.csv")) {
        six += row.at("jahr") == "2024" && row.at("alter") == "6-7" ? std::stod(row.at("personen"))
                                                                    : 0.0;
    }
    ASSERT_GT(entrants, 100);
    bool entry_checked = false;
    for (const auto& row : read_csv(out / "indicators.csv")) {
        if (row.at("level") == "gesamt" && row.at("indicator") == "einschulungsquote" &&
            row.at("year") == "2024") {
            EXPECT_EQ(std::stod(row.at("numerator")), entrants);
            EXPECT_NEAR(std::stod(row.at("denominator")), six, 0.5);
            entry_checked = true;
        }
    }
    EXPECT_TRUE(entry_checked);
    // The Übergangsquote Gymnasium per school year: the Gymnasium rows of uebergaenge.csv
    // against all its rows (Hauptschule and Förderschule count among all, not as a form).
    std::map<std::string, std::pair<double, double>> leavers; // school year -> gymnasium, all
    for (const auto& row : read_csv(example / "uebergaenge.csv", ';')) {
        auto& [gym, all] = leavers[row.at("schuljahr").substr(0, 4)];
        const double n = std::stod(row.at("schueler"));
        gym += row.at("schulart") == "Gymnasium" ? n : 0.0;
        all += n;
    }
    ASSERT_EQ(leavers.size(), 5u); // 2020/21 to 2024/25
    std::size_t transition_years = 0;
    for (const auto& row : read_csv(out / "indicators.csv")) {
        if (row.at("level") == "gesamt" && row.at("indicator") == "uebergangsquote_gymnasium") {
            const auto& [gym, all] = leavers.at(row.at("year"));
            EXPECT_EQ(std::stod(row.at("numerator")), gym) << row.at("year");
            EXPECT_EQ(std::stod(row.at("denominator")), all) << row.at("year");
            ++transition_years;
        }
    }
    EXPECT_EQ(transition_years, 5u);
    // The children beyond each kind's farthest threshold are those `standort coverage` leaves
    // outside it, along the same streets.
    auto c = run(quoted(binary) + " --json coverage " + quoted(example / "project.yaml") +
                     " --out " + quoted(out.path() / "coverage"),
                 false);
    ASSERT_EQ(c.exit_code, 0) << c.output;
    const auto coverage = nlohmann::json::parse(c.output);
    std::map<std::string, std::pair<double, double>> reach; // kind -> beyond, children
    for (const auto& k : coverage["kinds"]) {
        reach[k["kind"]] = {k["children"].get<double>() -
                                k["within"].back()["children"].get<double>(),
                            k["children"].get<double>()};
    }
    ASSERT_EQ(reach.size(), 2u);
    std::size_t reach_rows = 0;
    for (const auto& row : read_csv(out / "indicators.csv")) {
        for (const auto& [kind, figures] : reach) {
            if (row.at("level") == "gesamt" && row.at("indicator") == kind + "_anteil_jenseits") {
                EXPECT_EQ(std::stod(row.at("numerator")), figures.first) << kind;
                EXPECT_EQ(std::stod(row.at("denominator")), figures.second) << kind;
                EXPECT_NE(row.at("title").find("Straßennetz"), std::string::npos)
                    << row.at("title");
                ++reach_rows;
            }
        }
    }
    EXPECT_EQ(reach_rows, 2u);
    const auto defs = nlohmann::json::parse(read_file(out / "indicators_definitions.json"));
    EXPECT_EQ(defs["indicators"].size(), 40u);
    EXPECT_FALSE(defs["indicators"][4]["definition"].get<std::string>().empty());
    if (layer_checker_available()) {
        auto check = check_layers(" --bbox DE " + quoted(out / "indicators_districts.geojson"));
        EXPECT_EQ(check.exit_code, 0) << check.output;
    }
}

// The Ganztag claim against two other outputs: the 2029/30 entitled pupils of each Grundschule
// are `standort forecast`'s pupils of that school year (grades 1 to 4: all of them), and the
// places missing are 75 per 100 of them minus the school's places of 2024/25 in ganztag.csv.
TEST(IndicatorsCli, TheGanztagClaimIsTheForecastsPupilsAgainstTheLatestPlaces) {
    temp_dir out;
    const auto project = quoted(example / "project.yaml");
    auto r = run(quoted(binary) + " indicators --quiet " + project + " --out " + quoted(out / "i"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(quoted(binary) + " forecast --quiet " + project + " --out " + quoted(out / "f"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::map<std::string, double> pupils, places, participants, enrolled;
    for (const auto& row : read_csv(out / "f" / "forecast_facilities.csv")) {
        if (row.at("kind") == "grundschule" && row.at("school_year") == "2029/30") {
            pupils[row.at("facility_id")] = std::stod(row.at("pupils"));
        }
    }
    for (const auto& row : read_csv(example / "ganztag.csv", ';')) {
        if (row.at("schuljahr") == "2024/25") {
            places[row.at("schulnummer")] = std::stod(row.at("ganztagsplaetze"));
            participants[""] += std::stod(row.at("ganztagsschueler"));
        }
    }
    for (const auto& row : read_csv(example / "enrolment.csv")) {
        if (row.at("schuljahr") == "2024/25") {
            enrolled[""] += std::stod(row.at("schueler"));
        }
    }
    ASSERT_EQ(pupils.size(), 5u);
    ASSERT_EQ(places.size(), 5u);
    double missing = 0;
    for (const auto& [school, n] : pupils) {
        missing += std::max(0.0, 0.75 * n - places.at(school));
    }
    ASSERT_GT(missing, 10); // the example's schools fall short by 2029/30
    std::size_t checked = 0;
    for (const auto& row : read_csv(out / "i" / "indicators.csv")) {
        const auto& id = row.at("indicator");
        if (row.at("year") == "2029" && row.at("level") == "schule" && id == "ganztag_anspruch") {
            EXPECT_NEAR(std::stod(row.at("value")), pupils.at(row.at("area_id")), 0.06);
            EXPECT_EQ(row.at("basis"), "Prognose");
            ++checked;
        }
        if (row.at("year") == "2029" && row.at("level") == "gesamt" &&
            id == "ganztag_plaetze_fehlend") {
            EXPECT_NEAR(std::stod(row.at("value")), missing, 0.3);
            ++checked;
        }
        if (row.at("year") == "2024" && row.at("level") == "gesamt" && id == "ganztag_quote") {
            EXPECT_NEAR(std::stod(row.at("value")), 100 * participants[""] / enrolled[""], 0.05);
            EXPECT_EQ(row.at("basis"), "beobachtet");
            ++checked;
        }
    }
    EXPECT_EQ(checked, 7u);
}

// Published with a minimum count of 8 (where the example's small Kitas and Gemeinden give sums
// that, without the secondary suppression, would leave exactly one figure hidden: three): no
// count from 1 to 7 in any published file, no total with exactly one hidden part,
// the office's list outside the published folder.
TEST(IndicatorsCli, PublishedOutputsRevealNoSuppressedCount) {
    temp_dir dir;
    const auto out = dir / "veroeffentlichung";
    auto r = run(quoted(binary) + " indicators --quiet --publish --min-count 8 " +
                 quoted(example / "project.yaml") + " --out " + quoted(out));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto office = dir / "veroeffentlichung-intern" / "indicators_suppressed.csv";
    ASSERT_TRUE(fs::exists(office));
    EXPECT_FALSE(fs::exists(out / "indicators_suppressed.csv"));
    const auto suppressed = read_csv(office);
    EXPECT_GT(suppressed.size(), 5u);

    std::set<std::string> counts;
    const auto definitions = nlohmann::json::parse(read_file(out / "indicators_definitions.json"));
    for (const auto& d : definitions["indicators"]) {
        if (d["unit"] == "Anzahl") {
            counts.insert(d["id"].get<std::string>());
        }
    }
    const auto rows = read_csv(out / "indicators.csv");
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> value;
    for (const auto& row : rows) {
        for (const auto* field : {"value", "numerator", "denominator"}) {
            const auto& v = row.at(field);
            if (!v.empty() && counts.contains(row.at("indicator")) &&
                field == std::string("value")) {
                const double n = std::stod(v);
                EXPECT_FALSE(n > 0 && n < 8) << row.at("indicator") << " " << row.at("area_id");
                EXPECT_EQ(n, std::floor(n)) << "a fractional child";
            }
            if (!v.empty() && field != std::string("value")) {
                const double n = std::stod(v);
                EXPECT_FALSE(n > 0 && n < 8) << field << " of " << row.at("indicator");
            }
        }
        value[{row.at("indicator"), row.at("level"), row.at("area_id"), row.at("year")}] =
            row.at("value");
    }
    // Districts add up to their Gemeinde, Gemeinden to the town, schools to their district: in
    // no such sum is exactly one figure empty (it would be the total minus the parts).
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<bool>>
        sums; // (indicator, year, parent level, parent id) -> empty, per part and the total
    for (const auto& row : rows) {
        if (counts.contains(row.at("indicator")) && !row.at("parent_level").empty()) {
            sums[{row.at("indicator"), row.at("year"), row.at("parent_level"), row.at("parent_id")}]
                .push_back(row.at("value").empty());
        }
    }
    std::size_t checked = 0, with_hidden = 0;
    for (auto& [key, empty] : sums) {
        const auto& [ind, year, level, id] = key;
        const auto total = value.find({ind, level, id, year});
        if (total == value.end()) {
            continue;
        }
        empty.push_back(total->second.empty());
        const auto n = std::count(empty.begin(), empty.end(), true);
        EXPECT_NE(n, 1) << ind << " " << year << " in " << level << " " << id;
        ++checked;
        with_hidden += n > 0 ? 1 : 0;
    }
    EXPECT_GT(checked, 100u);
    EXPECT_GT(with_hidden, 3u); // the rules had work to do
    // Sums across indicators: the transitions of the four forms add up to all transitions, the
    // children under 3 and 3 to 6 to those under 6. In no area and year is exactly one of them
    // hidden.
    const std::vector<std::pair<std::string, std::vector<std::string>>> indicator_sums{
        {"uebergaenge",
         {"uebergaenge_gymnasium", "uebergaenge_gesamtschule", "uebergaenge_realschule",
          "uebergaenge_sonstige"}},
        {"kinder_u6", {"kinder_u3", "kinder_ue3"}}};
    std::size_t form_sums = 0, form_hidden = 0;
    for (const auto& [key, v] : value) {
        const auto& [ind, level, area, year] = key;
        for (const auto& [total, parts] : indicator_sums) {
            if (ind != total) {
                continue;
            }
            std::size_t empty = v.empty() ? 1 : 0;
            for (const auto& part : parts) {
                const auto it = value.find({part, level, area, year});
                empty += it != value.end() && it->second.empty() ? 1 : 0;
            }
            EXPECT_NE(empty, 1u) << total << " " << level << " " << area << " " << year;
            ++form_sums;
            form_hidden += empty > 0 ? 1 : 0;
        }
    }
    EXPECT_GT(form_sums, 50u);
    EXPECT_GT(form_hidden, 0u); // a school's one or two Hauptschule leavers, hidden with another
    // The map layer and the wide table carry the same counts: none of them small either.
    const auto layer = nlohmann::json::parse(read_file(out / "indicators_districts.geojson"));
    std::size_t scanned = 0;
    for (const auto& f : layer["features"]) {
        for (const auto& [field, v] : f["properties"].items()) {
            if (counts.contains(field) && v.is_number()) {
                EXPECT_FALSE(v.get<double>() > 0 && v.get<double>() < 8) << field;
                ++scanned;
            }
        }
    }
    for (const auto& row : read_csv(out / "indicators_wide.csv")) {
        for (const auto& [field, v] : row) {
            const auto indicator = field.substr(0, field.size() < 5 ? 0 : field.size() - 5);
            if (counts.contains(indicator) && !v.empty()) {
                EXPECT_FALSE(std::stod(v) > 0 && std::stod(v) < 8) << field;
                ++scanned;
            }
        }
    }
    EXPECT_GT(scanned, 500u);
    // The spread between districts names only rates the published table shows: its lowest
    // and highest are a published district's value, never a hidden one.
    std::size_t spreads = 0;
    for (const auto& s : read_csv(out / "indicators_spread.csv")) {
        for (const auto* end : {"lowest", "highest"}) {
            const auto it = value.find({s.at("indicator"), "district",
                                        s.at(std::string(end) + "_district"), s.at("year")});
            ASSERT_NE(it, value.end()) << s.at("indicator");
            ASSERT_FALSE(it->second.empty()) << s.at("indicator") << " " << s.at("year");
            EXPECT_NEAR(std::stod(it->second), std::stod(s.at(end)), 0.051) << s.at("indicator");
        }
        ++spreads;
    }
    EXPECT_GT(spreads, 20u);
    // Every suppressed cell is empty in the published table, and the reason is given.
    for (const auto& s : suppressed) {
        const auto it =
            value.find({s.at("indicator"), s.at("level"), s.at("area_id"), s.at("year")});
        ASSERT_NE(it, value.end());
        EXPECT_TRUE(it->second.empty()) << s.at("indicator") << " " << s.at("area_id");
        EXPECT_FALSE(s.at("reason").empty());
    }
}

// The Bildungsbericht of the example, published at a minimum count of 8: a chapter per topic
// with a chart per indicator, the town's figure as indicators.csv has it, every cell the rules
// hid shown as "–" in its table, and the PDF Chromium printed from it.
TEST(ReportCli, TheBildungsberichtShowsThePublishedFiguresAndHidesTheSuppressed) {
    temp_dir dir;
    const auto out = dir / "bericht";
    auto r = run(quoted(binary) + " report --quiet --publish --min-count 8 " +
                 quoted(example / "project.yaml") + " --out " + quoted(out));
    const bool chromium = fs::exists("/usr/bin/chromium");
    if (!chromium) {
        EXPECT_EQ(r.exit_code, 4) << r.output;
        EXPECT_NE(r.output.find("apt install chromium"), std::string::npos) << r.output;
        GTEST_SKIP() << "no /usr/bin/chromium: the HTML is written, the PDF is not";
    }
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_file(out / "bildungsbericht.pdf").substr(0, 5), "%PDF-");
    const auto html = read_file(out / "bildungsbericht.html");
    for (const auto* chapter :
         {"Frühkindliche Bildung", "Grundschulen", "Ganztag und Rechtsanspruch",
          "Übergänge auf weiterführende Schulen", "Erreichbarkeit und Chancengleichheit"}) {
        EXPECT_NE(html.find(std::string("\">") + chapter), std::string::npos) << chapter;
    }
    std::size_t charts = 0;
    for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
        ++charts;
    }
    EXPECT_GE(charts, 10u);
    EXPECT_EQ(html.find("http"), std::string::npos) << "the report needs nothing from outside";
    // A section's table: the row of an area, its cells by the year columns of the header.
    const auto section = [&](const std::string& id) {
        const auto from = html.find("<section class=\"indicator\" id=\"" + id + "\"");
        return from == std::string::npos ? std::string()
                                         : html.substr(from, html.find("</section>", from) - from);
    };
    const auto cell = [](const std::string& part, const std::string& area, const std::string& level,
                         const std::string& year) -> std::string {
        std::vector<std::string> header;
        const std::regex th("<th class=\"num\">([^<*]+)\\*?</th>");
        for (auto it = std::sregex_iterator(part.begin(), part.end(), th);
             it != std::sregex_iterator(); ++it) {
            header.push_back((*it)[1]);
        }
        const auto row = part.find("<td>" + area + "</td><td>" + level + "</td>");
        if (row == std::string::npos) {
            return "(no row)";
        }
        const std::regex td("<td class=\"num\">([^<]*)</td>");
        const auto end = part.find("</tr>", row);
        const std::string cells = part.substr(row, end - row);
        std::size_t i = 0;
        for (auto it = std::sregex_iterator(cells.begin(), cells.end(), td);
             it != std::sregex_iterator(); ++it, ++i) {
            if (i < header.size() && header[i].substr(0, 4) == year) {
                return (*it)[1];
            }
        }
        return "(no column)";
    };
    const auto german = [](std::string v) {
        std::replace(v.begin(), v.end(), '.', ',');
        return v.ends_with(",0") ? v.substr(0, v.size() - 2) : v;
    };
    std::size_t shown = 0;
    for (const auto& row : read_csv(out / "indicators.csv")) {
        if (row.at("level") == "gesamt" && row.at("indicator") == "betreuungsquote_u3" &&
            row.at("year") == "2024") {
            EXPECT_EQ(cell(section("betreuungsquote_u3"), "Beispielstadt", "Gesamt", "2024"),
                      german(row.at("value")));
            ++shown;
        }
    }
    EXPECT_EQ(shown, 1u);
    std::size_t hidden = 0;
    const std::map<std::string, std::string> levels{{"district", "Planungsraum"},
                                                    {"gemeinde", "Gemeinde"},
                                                    {"schule", "Schule"},
                                                    {"gesamt", "Gesamt"}};
    for (const auto& s : read_csv(dir / "bericht-intern" / "indicators_suppressed.csv")) {
        const auto part = section(s.at("indicator"));
        if (part.empty()) {
            continue; // not among the report's indicators (a count behind a rate)
        }
        const auto v = cell(part, s.at("area_name"), levels.at(s.at("level")), s.at("year"));
        if (v == "(no column)") {
            continue; // a year before the table's latest five
        }
        EXPECT_EQ(v, "–") << s.at("indicator") << " " << s.at("area_id") << " " << s.at("year");
        ++hidden;
    }
    EXPECT_GT(hidden, 3u);
}
