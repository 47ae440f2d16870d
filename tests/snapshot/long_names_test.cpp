// Identifiers longer than PostgreSQL's 63 bytes, cut as the server cuts them.
#include <gtest/gtest.h>

#include "sleet/model.h"

namespace sleet {
namespace {

TEST(LongNames, CutAtSixtyThreeBytesNeverInsideACharacter) {
  std::string a63(63, 'a');
  EXPECT_EQ(truncate_identifier(a63), a63);
  EXPECT_EQ(truncate_identifier(a63 + "b"), a63);
  EXPECT_EQ(truncate_identifier(std::string(100, 'c')), std::string(63, 'c'));
  // 31 two-byte characters are 62 bytes: the 32nd would end at byte 64, so it goes whole.
  std::string e31;
  for (int i = 0; i < 31; ++i) e31 += "é";
  EXPECT_EQ(truncate_identifier(e31 + "é"), e31);
  EXPECT_EQ(truncate_identifier(e31 + "x"), e31 + "x");  // exactly 63 bytes
  EXPECT_EQ(truncate_identifier(e31 + "xé"), e31 + "x");
  // A three-byte character across byte 63.
  std::string a62(62, 'a');
  EXPECT_EQ(truncate_identifier(a62 + "✓z"), a62);
  std::string long_multibyte;
  for (int i = 0; i < 50; ++i) long_multibyte += "ü";
  EXPECT_EQ(truncate_identifier(long_multibyte).size(), 62u);
}

TEST(LongNames, EveryNameAndReferenceInASchema) {
  std::string table(70, 't'), column(64, 'c'), index(100, 'i'), key(65, 'k'), schema(64, 's');
  Schema model;
  model.namespaces[schema] = Namespace{schema};
  Table parent;
  parent.name = {schema, table};
  parent.columns.push_back(Column{column});
  parent.primary_key = PrimaryKey{key, {column}};
  parent.indexes[index] = Index{index, false, "btree", {IndexElement{column}}};
  Table child;
  child.name = {"public", "child"};
  child.columns.push_back(Column{"parent_id"});
  ForeignKey fk{key + "_fk", {"parent_id"}, {schema, table}, {column}};
  child.foreign_keys[fk.name] = fk;
  model.tables[parent.name] = parent;
  model.tables[child.name] = child;

  truncate_long_identifiers(model);
  QualifiedName cut{std::string(63, 's'), std::string(63, 't')};
  ASSERT_TRUE(model.namespaces.contains(std::string(63, 's')));
  ASSERT_TRUE(model.tables.contains(cut));
  const Table& t = model.tables.at(cut);
  EXPECT_EQ(t.name, cut);
  EXPECT_EQ(t.columns[0].name, std::string(63, 'c'));
  EXPECT_EQ(t.primary_key->name, std::string(63, 'k'));
  EXPECT_EQ(t.primary_key->columns[0], std::string(63, 'c'));
  ASSERT_TRUE(t.indexes.contains(std::string(63, 'i')));
  EXPECT_EQ(t.indexes.at(std::string(63, 'i')).elements[0].column, std::string(63, 'c'));
  const Table& c = model.tables.at({"public", "child"});
  ASSERT_EQ(c.foreign_keys.size(), 1u);
  const ForeignKey& reference = c.foreign_keys.begin()->second;
  EXPECT_EQ(c.foreign_keys.begin()->first, std::string(63, 'k'));
  EXPECT_EQ(reference.references, cut);
  EXPECT_EQ(reference.referenced_columns[0], std::string(63, 'c'));
}

}  // namespace
}  // namespace sleet
