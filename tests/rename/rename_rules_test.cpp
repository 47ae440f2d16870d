// Rename answers from --rename flags and sleet.toml: the spec syntax, how rules answer the
// diff's questions, and the message listing unanswered questions.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/rename_resolvers.h"

namespace sleet {
namespace {

RenameQuestion column_question() {
  return {RenameKind::Column, "public.users", "full_name", {"name", "nick"}};
}

RenameQuestion table_question() {
  return {RenameKind::Table, "", "auth.users", {"auth.accounts", "public.people"}};
}

TEST(RenameRule, ParsesEveryKind) {
  RenameRule table = parse_rename_rule("table:auth.accounts=auth.users", "--rename");
  EXPECT_EQ(table.kind, RenameKind::Table);
  EXPECT_EQ(table.scope, "");
  EXPECT_EQ(table.created, "auth.users");
  EXPECT_EQ(table.renamed_from, "auth.accounts");

  RenameRule column = parse_rename_rule("column:public.users.name=full_name", "--rename");
  EXPECT_EQ(column.kind, RenameKind::Column);
  EXPECT_EQ(column.scope, "public.users");
  EXPECT_EQ(column.created, "full_name");
  EXPECT_EQ(column.renamed_from, "name");

  RenameRule schema = parse_rename_rule("schema:old=new", "--rename");
  EXPECT_EQ(schema.kind, RenameKind::Schema);
  EXPECT_EQ(schema.created, "new");
  EXPECT_EQ(schema.renamed_from, "old");

  EXPECT_EQ(parse_rename_rule("enum:a.mood=a.feeling", "x").kind, RenameKind::Enum);
  EXPECT_EQ(parse_rename_rule("sequence:a.s=a.t", "x").kind, RenameKind::Sequence);
  EXPECT_EQ(parse_rename_rule("view:a.v=a.w", "x").kind, RenameKind::View);
  RenameRule policy = parse_rename_rule("policy:auth.users.p_old=p_new", "x");
  EXPECT_EQ(policy.kind, RenameKind::Policy);
  EXPECT_EQ(policy.scope, "auth.users");
}

TEST(RenameRule, DefaultsToPublicAndKeepsTheSchemaOnTheRight) {
  RenameRule table = parse_rename_rule("table:accounts=users", "x");
  EXPECT_EQ(table.created, "public.users");
  EXPECT_EQ(table.renamed_from, "public.accounts");
  EXPECT_EQ(parse_rename_rule("table:auth.accounts=users", "x").created, "auth.users");
  // A move names the new schema.
  EXPECT_EQ(parse_rename_rule("table:auth.users=billing.users", "x").created, "billing.users");
  EXPECT_EQ(parse_rename_rule("column:users.a=b", "x").scope, "public.users");
}

TEST(RenameRule, CreateFormSaysItIsNew) {
  RenameRule column = parse_rename_rule("create:column:public.users.full_name", "x");
  EXPECT_EQ(column.scope, "public.users");
  EXPECT_EQ(column.created, "full_name");
  EXPECT_FALSE(column.renamed_from.has_value());
  RenameRule table = parse_rename_rule("create:table:users", "x");
  EXPECT_EQ(table.created, "public.users");
  EXPECT_FALSE(table.renamed_from.has_value());
}

TEST(RenameRule, QuotedPartsMayHoldDotsAndEquals) {
  RenameRule rule = parse_rename_rule(R"(column:"my.schema"."a=b"."Old ""x"""=New)", "x");
  EXPECT_EQ(rule.scope, "my.schema.a=b");
  EXPECT_EQ(rule.renamed_from, "Old \"x\"");
  EXPECT_EQ(rule.created, "New");
}

TEST(RenameRule, RejectsMalformedSpecsWithTheExpectedForm) {
  const char* bad[] = {
      "users=people",         // no kind
      "tabel:a.b=a.c",        // unknown kind
      "table:a.b",            // no =
      "table:a.b.c.d=x",      // too many dots
      "column:users=x",       // no table
      "column:a.b.c=d.e",     // qualified new column
      "schema:a.b=c",         // dotted schema
      "create:table:a=b",     // create with =
      "table:=x",             // empty old name
      "table:a.=x",           // empty part
      "table:\"open=x",       // unbalanced quote
      "create:column:users",  // create column without table
  };
  for (const char* spec : bad) {
    try {
      parse_rename_rule(spec, "sleet.toml:renames");
      ADD_FAILURE() << spec << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Usage) << spec;
      EXPECT_EQ(e.exit_code(), 2);
      EXPECT_NE(std::string(e.what()).find(spec), std::string::npos) << e.describe();
      EXPECT_EQ(e.where(), "sleet.toml:renames");
      EXPECT_FALSE(e.hint().empty()) << spec;
    }
  }
}

TEST(RenameRule, FormatRoundTrips) {
  for (const auto& question : {column_question(), table_question()}) {
    for (const auto& candidate : question.candidates) {
      std::string spec = format_rename_rule(question, candidate);
      RenameRule rule = parse_rename_rule(spec, "x");
      EXPECT_EQ(rule.renamed_from, candidate) << spec;
      EXPECT_EQ(rule.created, question.created) << spec;
    }
    EXPECT_FALSE(parse_rename_rule(format_rename_rule(question, std::nullopt), "x").renamed_from);
  }
  EXPECT_EQ(format_rename_rule(column_question(), "name"), "column:public.users.name=full_name");
  EXPECT_EQ(format_rename_rule(column_question(), std::nullopt),
            "create:column:public.users.full_name");
  EXPECT_EQ(format_rename_rule(table_question(), "auth.accounts"),
            "table:auth.accounts=auth.users");
  RenameQuestion odd{RenameKind::Column, "public.my.t", "a.b", {"c=d"}};
  EXPECT_EQ(parse_rename_rule(format_rename_rule(odd, "c=d"), "x").renamed_from, "c=d");
}

// Records what reaches the end of the chain.
class RecordingResolver : public RenameResolver {
 public:
  std::optional<std::string> renamed_from(const RenameQuestion& question) override {
    asked.push_back(question.created);
    return std::nullopt;
  }
  std::vector<std::string> asked;
};

TEST(RuleRenameResolver, AnswersMatchingQuestionsAndPassesOthersOn) {
  RecordingResolver fallback;
  RuleRenameResolver resolver({parse_rename_rule("column:users.nick=full_name", "--rename"),
                               parse_rename_rule("table:auth.accounts=auth.users", "--rename"),
                               parse_rename_rule("create:table:public.orders", "sleet.toml")},
                              fallback);
  EXPECT_EQ(resolver.renamed_from(column_question()), "nick");
  EXPECT_EQ(resolver.renamed_from(table_question()), "auth.accounts");
  RenameQuestion orders{RenameKind::Table, "", "public.orders", {"public.order"}};
  EXPECT_EQ(resolver.renamed_from(orders), std::nullopt);
  EXPECT_TRUE(fallback.asked.empty());

  RenameQuestion other{RenameKind::Column, "public.users", "email", {"mail"}};
  EXPECT_EQ(resolver.renamed_from(other), std::nullopt);
  EXPECT_EQ(fallback.asked, std::vector<std::string>{"email"});
  // Same column name in another table is another question.
  RenameQuestion elsewhere{RenameKind::Column, "auth.users", "full_name", {"nick"}};
  resolver.renamed_from(elsewhere);
  EXPECT_EQ(fallback.asked.size(), 2u);
  EXPECT_TRUE(resolver.unused_rules().empty());
}

TEST(RuleRenameResolver, EarlierRulesWinAndUnusedOnesAreReported) {
  RecordingResolver fallback;
  RuleRenameResolver resolver({parse_rename_rule("column:users.name=full_name", "--rename"),
                               parse_rename_rule("create:column:users.full_name", "sleet.toml"),
                               parse_rename_rule("table:a.b=a.c", "sleet.toml")},
                              fallback);
  EXPECT_EQ(resolver.renamed_from(column_question()), "name");
  auto unused = resolver.unused_rules();
  ASSERT_EQ(unused.size(), 2u);
  EXPECT_EQ(unused[1].spec, "table:a.b=a.c");
}

TEST(RuleRenameResolver, RejectsARenameFromSomethingNotDropped) {
  RecordingResolver fallback;
  RuleRenameResolver resolver({parse_rename_rule("column:users.nmae=full_name", "--rename")},
                              fallback);
  try {
    resolver.renamed_from(column_question());
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_NE(std::string(e.what()).find("nmae"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("name or nick"), std::string::npos) << e.hint();
  }
}

TEST(CollectingRenameResolver, ListsEveryQuestionWithTheFlagsThatAnswerIt) {
  CollectingRenameResolver resolver;
  EXPECT_NO_THROW(resolver.throw_if_unanswered());
  EXPECT_EQ(resolver.renamed_from(column_question()), std::nullopt);
  EXPECT_EQ(resolver.renamed_from(table_question()), std::nullopt);
  RenameQuestion quoted{RenameKind::Column, "public.Select", "My Col", {"old col"}};
  resolver.renamed_from(quoted);
  try {
    resolver.throw_if_unanswered();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    std::string text = e.describe();
    for (const char* expected : {
             "3 rename questions need an answer",
             "column full_name in table public.users: created, or renamed from name or nick?",
             "--rename column:public.users.name=full_name\n",
             "--rename column:public.users.nick=full_name\n",
             "--rename create:column:public.users.full_name\n",
             "table auth.users: created, or renamed from auth.accounts or public.people?",
             "--rename table:auth.accounts=auth.users\n",
             "--rename table:public.people=auth.users\n",
             "--rename create:table:auth.users\n",
             "--rename 'column:public.Select.old col=My Col'\n",
             "nothing was written",
         }) {
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n---\n" << text;
    }
  }
}

TEST(RenameRule, EnumValuesAreMembersOfTheirEnum) {
  RenameRule label = parse_rename_rule("enum-value:public.mood.ok=neutral", "--rename");
  EXPECT_EQ(label.kind, RenameKind::EnumValue);
  EXPECT_EQ(label.scope, "public.mood");
  EXPECT_EQ(label.created, "neutral");
  EXPECT_EQ(label.renamed_from, "ok");
  EXPECT_EQ(parse_rename_rule("enum-value:mood.ok=neutral", "x").scope, "public.mood");
  RenameRule created = parse_rename_rule("create:enum-value:app.mood.neutral", "x");
  EXPECT_EQ(created.scope, "app.mood");
  EXPECT_FALSE(created.renamed_from.has_value());
  // A label may hold anything, quoted.
  RenameQuestion spaced{RenameKind::EnumValue, "public.mood", "so so", {"meh.meh"}};
  EXPECT_EQ(format_rename_rule(spaced, "meh.meh"), "enum-value:public.mood.\"meh.meh\"=so so");
  RenameRule parsed = parse_rename_rule(format_rename_rule(spaced, "meh.meh"), "x");
  EXPECT_EQ(parsed.created, "so so");
  EXPECT_EQ(parsed.renamed_from, "meh.meh");
  try {
    parse_rename_rule("enum-value:ok=neutral", "--rename");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.describe().find("[SCHEMA.]ENUM.OLD=NEW"), std::string::npos) << e.describe();
  }
  CollectingRenameResolver resolver;
  resolver.renamed_from({RenameKind::EnumValue, "public.mood", "neutral", {"ok"}});
  try {
    resolver.throw_if_unanswered();
    FAIL() << "no error";
  } catch (const Error& e) {
    std::string text = e.describe();
    EXPECT_NE(text.find("enum-value neutral in enum public.mood: created, or renamed from ok?"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("--rename enum-value:public.mood.ok=neutral\n"), std::string::npos) << text;
  }
}

TEST(RenameRule, TypesAndAttributes) {
  RenameRule attribute = parse_rename_rule("attribute:public.pt.y=yy", "--rename");
  EXPECT_EQ(attribute.kind, RenameKind::Attribute);
  EXPECT_EQ(attribute.scope, "public.pt");
  EXPECT_EQ(attribute.created, "yy");
  EXPECT_EQ(attribute.renamed_from, "y");
  EXPECT_EQ(parse_rename_rule("attribute:pt.y=yy", "x").scope, "public.pt");
  RenameRule created = parse_rename_rule("create:attribute:geo.pt.z", "x");
  EXPECT_EQ(created.scope, "geo.pt");
  EXPECT_EQ(created.created, "z");
  EXPECT_FALSE(created.renamed_from.has_value());
  try {
    parse_rename_rule("attribute:y=yy", "--rename");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.describe().find("[SCHEMA.]TYPE.OLD=NEW"), std::string::npos) << e.describe();
  }
  struct Case {
    const char* word;
    RenameKind kind;
  };
  for (const Case& c :
       {Case{"domain", RenameKind::Domain}, Case{"composite-type", RenameKind::CompositeType},
        Case{"range-type", RenameKind::RangeType}}) {
    RenameRule rule = parse_rename_rule(fmt::format("{}:public.a=app.b", c.word), "--rename");
    EXPECT_EQ(rule.kind, c.kind) << c.word;
    EXPECT_EQ(rule.renamed_from, "public.a");
    EXPECT_EQ(rule.created, "app.b");
    // A new name without a schema stays in the old one's.
    EXPECT_EQ(parse_rename_rule(fmt::format("{}:app.a=b", c.word), "x").created, "app.b");
    RenameQuestion question{c.kind, "", "app.b", {"public.a"}};
    EXPECT_EQ(format_rename_rule(question, "public.a"), fmt::format("{}:public.a=app.b", c.word));
    EXPECT_EQ(format_rename_rule(question, std::nullopt), fmt::format("create:{}:app.b", c.word));
  }
  // Without a terminal, the error lists the flags that answer each question.
  CollectingRenameResolver resolver;
  resolver.renamed_from({RenameKind::Attribute, "public.pt", "yy", {"y"}});
  resolver.renamed_from({RenameKind::Domain, "", "public.amount", {"public.positive"}});
  resolver.renamed_from({RenameKind::CompositeType, "", "public.point2", {"public.pt"}});
  resolver.renamed_from({RenameKind::RangeType, "", "public.realrange", {"public.floatrange"}});
  try {
    resolver.throw_if_unanswered();
    FAIL() << "no error";
  } catch (const Error& e) {
    std::string text = e.describe();
    for (const char* expected : {
             "attribute yy in type public.pt: created, or renamed from y?",
             "--rename attribute:public.pt.y=yy\n",
             "--rename create:attribute:public.pt.yy\n",
             "domain public.amount: created, or renamed from public.positive?",
             "--rename domain:public.positive=public.amount\n",
             "--rename composite-type:public.pt=public.point2\n",
             "--rename create:composite-type:public.point2\n",
             "--rename range-type:public.floatrange=public.realrange\n",
         }) {
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n---\n" << text;
    }
  }
}

}  // namespace
}  // namespace sleet
