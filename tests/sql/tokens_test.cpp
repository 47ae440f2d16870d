// The scanner helpers large schema files are cut and located with, without scanning a whole
// file into tokens: where a statement's first token is, and where statements end.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/parse_tree.h"
#include "sql/tokens.h"

namespace sleet::sql {
namespace {

int first_of(const std::string& text, int from = 0) {
  return first_token_start(text, from, static_cast<int>(text.size()));
}

TEST(FirstTokenStart, SkipsCommentsAndWhitespace) {
  EXPECT_EQ(first_of("--> statement-breakpoint\nCREATE TABLE t (a int)"), 25);
  EXPECT_EQ(first_of("  /* a */ /* b */\n\tSELECT 1"), 19);
  std::string two = "CREATE TABLE a (x int);\n-- next\nCREATE TABLE b (y int)";
  EXPECT_EQ(first_of(two, 23), static_cast<int>(two.find("CREATE TABLE b")));
}

TEST(FirstTokenStart, ComesBackRightWhenTheFirstWindowEndsInsideAComment) {
  // A block comment longer than the first window, nested too.
  std::string block = "/*" + std::string(300, 'x') + "/* inner */ */ SELECT 1";
  EXPECT_EQ(first_of(block), static_cast<int>(block.find("SELECT")));
  // A line comment running past the window.
  std::string line = "-- " + std::string(500, 'y') + "\nSELECT 1";
  EXPECT_EQ(first_of(line), static_cast<int>(line.find("SELECT")));
  // The window ends between the two dashes of a comment: the lone `-` is no token.
  std::string split = std::string(127, ' ') + "-- c\nSELECT 1";
  EXPECT_EQ(first_of(split), 132);
  std::string slash = std::string(127, ' ') + "/* c */ SELECT 1";
  EXPECT_EQ(first_of(slash), 135);
}

TEST(FirstTokenStart, AFirstTokenLongerThanTheWindowStartsWhereItStarts) {
  std::string literal = "  '" + std::string(400, 'z') + "'";
  EXPECT_EQ(first_of(literal), 2);
  std::string dollar = " $body$" + std::string(400, ';') + "$body$";
  EXPECT_EQ(first_of(dollar), 1);
}

TEST(FirstTokenStart, NoTokenGivesTheStartOfTheRange) {
  EXPECT_EQ(first_of("-- only a comment"), 0);
  EXPECT_EQ(first_of("   "), 0);
  EXPECT_EQ(first_of("x; -- tail", 2), 2);
  // Only up to `to`: a token after it does not count.
  EXPECT_EQ(first_token_start("  -- c\n SELECT", 0, 6), 0);
}

TEST(FirstTokenStart, WhitespaceAloneBeforeATokenAndTheEdgesOfAComment) {
  EXPECT_EQ(first_of(" \t\r\n\fCREATE TABLE t (a int)"), 5);
  EXPECT_EQ(first_of("\n\n- 1"), 2);         // a minus, not a comment
  EXPECT_EQ(first_of("  / 2"), 2);            // a division, not a comment
  EXPECT_EQ(first_of("\n-- a\n/* b */ x"), 14);
  EXPECT_EQ(first_of("x", 0), 0);
  EXPECT_EQ(first_of("ab  \"quoted\"", 2), 4);
}

TEST(DeparseExpression, RepeatsGiveTheSameTextAndNeighboursTheirOwn) {
  // The same expression at several places (deparsed from a memo after the first), and ones
  // that differ from it in one constant, name or operator.
  ParseTree tree("SELECT n IS NULL, 1, 'a', n IS NULL, 2, 'b', m IS NULL, n IS NOT NULL, 1.5, 1, "
                 "'a', f(n, 2), f(n, 3), n IS NULL",
                 "test");
  const PgQuery__SelectStmt& select = *tree.statement(0).stmt->select_stmt;
  std::vector<std::string> texts;
  for (size_t i = 0; i < select.n_target_list; ++i)
    texts.push_back(deparse_expression(*select.target_list[i]->res_target->val));
  std::vector<std::string> expected = {"n IS NULL", "1",         "'a'",     "n IS NULL",
                                       "2",         "'b'",       "m IS NULL", "n IS NOT NULL",
                                       "1.5",       "1",         "'a'",     "f(n, 2)",
                                       "f(n, 3)",   "n IS NULL"};
  EXPECT_EQ(texts, expected);
}

TEST(StatementEnds, OnePastEachSemicolonOutsideLiteralsAndComments) {
  std::string text =
      "CREATE TABLE a (d text DEFAULT 'x;y');--> statement-breakpoint\n"
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
      "/* ; */ COMMENT ON TABLE a IS 'p;q'; ;\n-- ; tail";
  std::vector<std::size_t> expected;
  for (std::string_view end : {"'x;y');", "sql;", "'p;q';"}) {
    expected.push_back(text.find(end) + end.size());
  }
  EXPECT_EQ(statement_ends(text), expected);
  // A statement without a semicolon at the end of the text has no end to cut at.
  EXPECT_EQ(statement_ends("SELECT 1; SELECT 2"), std::vector<std::size_t>{9});
  // Text the scanner rejects gives none.
  EXPECT_TRUE(statement_ends("SELECT 1; SELECT 'open").empty());
}

}  // namespace
}  // namespace sleet::sql
