// geo::database: rows change inside one transaction or not at all, as the education database's
// import relies on.
#include "geo/database.hpp"
#include "geo/error.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::test;

namespace {

const std::vector<geo::field_def> fields{{"year", geo::field_type::integer},
                                         {"name", geo::field_type::text},
                                         {"persons", geo::field_type::real}};

std::vector<std::int64_t> years_of(const geo::feature_layer& layer) {
    std::vector<std::int64_t> out;
    const auto i = layer.require_field("year");
    for (const auto& f : layer.features) {
        out.push_back(std::get<std::int64_t>(f.values[i]));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST(Database, AChangeWithoutCommitLeavesWhatWasThere) {
    temp_dir dir;
    const auto path = (dir.path() / "edu.gpkg").string();
    {
        geo::database db(path, true);
        db.ensure_table("population", fields, geo::geometry_type::none, "");
        db.begin();
        for (int y : {2020, 2021, 2022}) {
            db.append("population", {}, {std::int64_t{y}, std::string("A"), 10.0 * y});
        }
        db.commit();
    }
    {
        geo::database db(path, false);
        db.begin();
        EXPECT_EQ(db.delete_where("population", "year", {2021, 2022, 2030}), 2u);
        db.append("population", {}, {std::int64_t{2023}, std::string("A"), 1.0});
        // Destroyed here without commit(), as when an import throws half-way.
    }
    {
        geo::database db(path, false);
        EXPECT_EQ(years_of(db.read("population")), (std::vector<std::int64_t>{2020, 2021, 2022}));
        db.begin();
        EXPECT_EQ(db.delete_where("population", "year", {2021}), 1u);
        db.append("population", {}, {std::int64_t{2021}, std::string("B"), 2.0});
        db.commit();
        const auto layer = db.read("population");
        EXPECT_EQ(years_of(layer), (std::vector<std::int64_t>{2020, 2021, 2022}));
        std::size_t b = 0;
        for (const auto& f : layer.features) {
            b += std::get<std::string>(f.values[layer.require_field("name")]) == "B" ? 1 : 0;
        }
        EXPECT_EQ(b, 1u);
    }
}

TEST(Database, ATableOfAnotherSchemaIsNamedWithTheFieldItLacks) {
    temp_dir dir;
    const auto path = (dir.path() / "edu.gpkg").string();
    geo::database db(path, true);
    db.ensure_table("population", fields, geo::geometry_type::none, "");
    auto more = fields;
    more.push_back({"source_file", geo::field_type::text});
    try {
        db.ensure_table("population", more, geo::geometry_type::none, "");
        FAIL() << "a table without source_file was accepted";
    } catch (const output_error& e) {
        EXPECT_EQ(e.context().field, "source_file");
        EXPECT_EQ(e.context().layer, "population");
    }
}

TEST(Database, ANonexistentFileIsNotCreatedForReading) {
    temp_dir dir;
    const auto path = (dir.path() / "none.gpkg").string();
    EXPECT_THROW(geo::database(path, false), output_error);
    EXPECT_FALSE(fs::exists(path));
}
