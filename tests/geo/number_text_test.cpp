#include "geo/number_text.hpp"

#include <gtest/gtest.h>

using standort::geo::number_format;
using standort::geo::parse_number;

TEST(NumberText, ParsesGermanNotation) {
    std::string problem;
    // "1.234,5": the dot groups thousands, the comma is the decimal separator.
    EXPECT_DOUBLE_EQ(parse_number("1.234,5", number_format::german, &problem)->number, 1234.5);
    EXPECT_DOUBLE_EQ(parse_number("27,0", number_format::german, &problem)->number, 27.0);
    EXPECT_DOUBLE_EQ(parse_number(" 5.803.200,25 ", number_format::german, &problem)->number,
                     5803200.25);
    EXPECT_DOUBLE_EQ(parse_number("-3", number_format::german, &problem)->number, -3.0);
}

TEST(NumberText, ParsesPlainNotation) {
    std::string problem;
    EXPECT_DOUBLE_EQ(parse_number("1234.5", number_format::plain, &problem)->number, 1234.5);
    EXPECT_DOUBLE_EQ(parse_number("52.55575", number_format::plain, &problem)->number, 52.55575);
}

TEST(NumberText, MarksPercentStrings) {
    std::string problem;
    auto v = parse_number("113%", number_format::german, &problem);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->percent);
    EXPECT_DOUBLE_EQ(v->number, 113.0);
}

TEST(NumberText, EmptyIsMissingNotZero) {
    std::string problem;
    EXPECT_FALSE(parse_number("", number_format::german, &problem));
    EXPECT_FALSE(parse_number("   ", number_format::plain, &problem));
    EXPECT_TRUE(problem.empty());
}

TEST(NumberText, GarbageIsAProblemWithTheText) {
    std::string problem;
    EXPECT_FALSE(parse_number("x", number_format::german, &problem));
    EXPECT_NE(problem.find("'x' is not a number"), std::string::npos) << problem;
    problem.clear();
    // German "27,0" read as plain is not a number, and the message says what to do.
    EXPECT_FALSE(parse_number("27,0", number_format::plain, &problem));
    EXPECT_NE(problem.find("number_format: german"), std::string::npos) << problem;
}

TEST(NumberText, NanAndInfinityAreNoCounts) {
    std::string problem;
    EXPECT_FALSE(parse_number("nan", number_format::plain, &problem));
    EXPECT_FALSE(parse_number("inf", number_format::german, &problem));
    EXPECT_FALSE(problem.empty());
}

TEST(NumberText, NumbersInFieldsPassThrough) {
    std::string problem;
    EXPECT_DOUBLE_EQ(
        standort::geo::value_as_number(std::int64_t{69}, number_format::german, &problem)->number,
        69.0);
    EXPECT_FALSE(standort::geo::value_as_number({}, number_format::german, &problem));
}
