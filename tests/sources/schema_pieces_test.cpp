// One large file parsed in pieces on several threads reads as it does whole: the same schema,
// the search_path carried across a cut, and errors located in the whole file.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>

#include "schema_test_support.h"
#include "sources/schema_parser.h"

namespace sleet::testing {
namespace {

// `count` tables in schema `app` (through search_path) with a comment each, about 200 bytes a
// table.
std::string tables(int count, int first) {
  std::string sql;
  for (int i = first; i < first + count; ++i) {
    sql += fmt::format(
        "CREATE TABLE t_{0} (\n  id bigint PRIMARY KEY,\n  parent_id bigint REFERENCES t_{1} "
        "(id),\n  label text NOT NULL DEFAULT 'x;y'\n);\nCOMMENT ON TABLE t_{0} IS 'table "
        "({0})';\n",
        i, first);
  }
  return sql;
}

Error parse_error_with(const std::string& sql, unsigned threads) {
  try {
    parse_schema_sources({{"big.sql", sql}}, threads);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a parse error";
  return Error(ErrorKind::Failure, "no error");
}

// A line holding a comment full of multi-byte characters, then a statement.
std::string wide_line(const std::string& statement) {
  std::string comment = "COMMENT ON TABLE t_0 IS '";
  for (int i = 0; i < 120; ++i) comment += "é✓";
  return comment + "';" + statement + "\n";
}

// The column of byte `offset` in `text`, counted in characters from 1.
int character_column(const std::string& text, size_t offset) {
  size_t line_start = text.rfind('\n', offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  int column = 1;
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// A file about `bytes` long whose middle is wide_line(statement): the cut into two pieces
// falls inside that line, after the comment.
std::string file_around(const std::string& statement, size_t bytes) {
  std::string head = "CREATE SCHEMA app;\nSET search_path = app, public;\n" +
                     tables(static_cast<int>(bytes / 2 / 200), 0);
  std::string middle = wide_line(statement);
  std::string tail = tables(static_cast<int>(bytes / 2 / 200) * 4 / 5, 100000);
  EXPECT_LT(tail.size(), head.size());
  tail.resize(head.size(), '\n');  // the middle of the file falls in `middle`
  return head + middle + tail;
}

TEST(SchemaPieces, CutsAtStatementEndsIntoEqualParts) {
  SchemaSource source{"big.sql", file_around(" CREATE TABLE mid (a int);", 600000)};
  std::vector<sources::SourcePiece> pieces = sources::split_source(source, 2);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].begin, 0u);
  EXPECT_EQ(pieces[1].end, source.sql.size());
  EXPECT_EQ(pieces[0].end, pieces[1].begin);
  // Right after the wide comment's semicolon: the statement that follows it on its line
  // starts the second piece.
  size_t cut = source.sql.find("'; CREATE TABLE mid");
  ASSERT_NE(cut, std::string::npos);
  EXPECT_EQ(pieces[0].end, cut + 2);
}

TEST(SchemaPieces, DoesNotCutInsideParenthesesOrAtomicBodies) {
  // A semicolon inside parentheses (a rule's action list) is no statement end.
  std::string rule = "CREATE RULE r AS ON INSERT TO t_0 DO ALSO (NOTIFY a; NOTIFY b);\n";
  SchemaSource parenthesised{"rule.sql", tables(1000, 0) + rule + tables(1000, 5000)};
  size_t inside = parenthesised.sql.find("NOTIFY a;") + 9;
  std::vector<sources::SourcePiece> pieces = sources::split_source(parenthesised, 2);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_NE(pieces[0].end, inside);
  SchemaSource atomic{"f.sql", tables(2000, 0) +
                                   "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC "
                                   "SELECT 1; SELECT 2; END;\n" +
                                   tables(2000, 5000)};
  EXPECT_EQ(sources::split_source(atomic, 4).size(), 1u);
  // One piece asked for, or a file the scanner rejects: whole.
  EXPECT_EQ(sources::split_source(atomic, 1).size(), 1u);
  SchemaSource unterminated{"u.sql", tables(2000, 0) + "SELECT 'open"};
  EXPECT_EQ(sources::split_source(unterminated, 4).size(), 1u);
}

TEST(SchemaPieces, ParsesTheSameAsOneThread) {
  std::string sql = file_around(" CREATE TABLE mid (a int);", 600000);
  ParseReport whole = parse_schema_sources({{"big.sql", sql}}, 1);
  ParseReport pieces = parse_schema_sources({{"big.sql", sql}}, 4);
  EXPECT_EQ(whole.schema, pieces.schema);
  EXPECT_EQ(whole.notes, pieces.notes);
  // The search_path set in the first piece places the second piece's tables.
  EXPECT_TRUE(pieces.schema.tables.contains(QualifiedName{"app", "mid"}));
  EXPECT_TRUE(pieces.schema.tables.contains(QualifiedName{"app", "t_100001"}));
  EXPECT_FALSE(pieces.schema.tables.contains(QualifiedName{"public", "t_100001"}));
  // A second file starts at public again.
  ParseReport two =
      parse_schema_sources({{"big.sql", sql}, {"b.sql", "CREATE TABLE b (x int);"}}, 4);
  EXPECT_TRUE(two.schema.tables.contains(QualifiedName{"public", "b"}));
}

TEST(SchemaPieces, NotesComeOnce) {
  std::string sql =
      "\\restrict abc\n" + file_around(" SET lock_timeout = 0;", 600000) + "\\unrestrict abc\n";
  ParseReport whole = parse_schema_sources({{"dump.sql", sql}}, 1);
  ParseReport pieces = parse_schema_sources({{"dump.sql", sql}}, 4);
  EXPECT_EQ(whole.notes, pieces.notes);
  auto count = [&](const std::string& text) {
    return std::count_if(pieces.notes.begin(), pieces.notes.end(), [&](const std::string& note) {
      return note.find(text) != std::string::npos;
    });
  };
  EXPECT_EQ(count("\\restrict ignored"), 1);
  EXPECT_EQ(count("\\unrestrict ignored"), 1);
  EXPECT_EQ(count("SET lock_timeout ignored"), 1);
}

TEST(SchemaPieces, ErrorsAreLocatedInTheWholeFile) {
  std::string sql = file_around(" CREATE TABLE bad (a nosuchtype);", 600000);
  size_t offset = sql.find("nosuchtype");
  int line = 1 + static_cast<int>(std::count(sql.begin(), sql.begin() + offset, '\n'));
  std::string expected = fmt::format("big.sql:{}:{}", line, character_column(sql, offset));
  Error whole = parse_error_with(sql, 1);
  Error pieces = parse_error_with(sql, 4);
  EXPECT_EQ(whole.describe(), pieces.describe());
  EXPECT_NE(pieces.describe().find(expected), std::string::npos) << pieces.describe();
}

TEST(SchemaPieces, AStatementAfterALongCommentIsLocatedAtItsFirstToken) {
  // The statement's start is found by scanning from the end of the one before it: a comment
  // longer than the first window scanned must not move it.
  std::string comment = "/* " + std::string(400, '-') + " */\n-- " + std::string(300, '*') + "\n";
  std::string sql = "CREATE TABLE a (x int);" + comment +
                    "  CREATE CAST (text AS int) WITH INOUT;\n";
  int line =
      1 + static_cast<int>(std::count(sql.begin(), sql.begin() + sql.find("CREATE CAST"), '\n'));
  Error error = parse_error_with(sql, 1);
  EXPECT_NE(error.describe().find(fmt::format("big.sql:{}:3", line)), std::string::npos)
      << error.describe();
}

TEST(SchemaPieces, AViewBodyReadsAlikeWithAndWithoutMetaCommands) {
  // A file with a backslash is scanned whole (for psql meta-commands); one without is not,
  // and a view takes its body from its own statement's tokens.
  std::string view =
      "CREATE TABLE t (a int, b text);\n-- the view\nCREATE VIEW v WITH (security_barrier) AS "
      "SELECT a, b FROM t WHERE a > 1 WITH LOCAL CHECK OPTION;\n";
  ParseReport plain = parse_schema_sources({{"v.sql", view}}, 1);
  ParseReport dumped = parse_schema_sources({{"v.sql", "\\restrict x\n" + view}}, 1);
  const View& written = plain.schema.views.at(QualifiedName{"public", "v"});
  EXPECT_EQ(written.query.text, "SELECT a, b FROM t WHERE a > 1");
  EXPECT_EQ(written, dumped.schema.views.at(QualifiedName{"public", "v"}));
}

}  // namespace
}  // namespace sleet::testing
