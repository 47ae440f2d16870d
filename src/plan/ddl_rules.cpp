// DDL of rules, event triggers and extended statistics (ddl.h).
#include <fmt/format.h>

#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::ddl {

using sql::quote_identifier;
using sql::quote_literal;

std::string create_rule(const QualifiedName& relation, const RewriteRule& rule, bool or_replace) {
  std::string out = fmt::format("CREATE {}RULE {} AS ON {} TO {}", or_replace ? "OR REPLACE " : "",
                                quote_identifier(rule.name), rule.event, qualified(relation));
  if (rule.where) out += " WHERE (" + rule.where->written() + ")";
  out += rule.instead ? " DO INSTEAD " : " DO ALSO ";
  if (rule.actions.empty()) return out + "NOTHING";
  if (rule.actions.size() == 1) return out + rule.actions[0].written();
  std::string actions;
  for (const Expression& action : rule.actions)
    actions += (actions.empty() ? "" : "; ") + action.written();
  return out + "(" + actions + ")";
}

std::string create_statistics(const QualifiedName& table, const Statistics& statistics) {
  std::string out = "CREATE STATISTICS " + qualified(statistics.name);
  if (!statistics.kinds.empty()) {
    std::string kinds;
    for (const std::string& kind : statistics.kinds) kinds += (kinds.empty() ? "" : ", ") + kind;
    out += " (" + kinds + ")";
  }
  std::string keys;
  for (const std::string& column : statistics.columns)
    keys += (keys.empty() ? "" : ", ") + quote_identifier(column);
  for (const Expression& expression : statistics.expressions)
    keys += (keys.empty() ? "(" : ", (") + expression.written() + ")";
  return out + " ON " + keys + " FROM " + qualified(table);
}

std::string alter_statistics_target(const Statistics& statistics) {
  return fmt::format("ALTER STATISTICS {} SET STATISTICS {}", qualified(statistics.name),
                     statistics.target);
}

std::vector<std::string> statistics_statements(const QualifiedName& table,
                                               const Statistics& statistics) {
  std::vector<std::string> out{create_statistics(table, statistics)};
  if (statistics.target != -1) out.push_back(alter_statistics_target(statistics));
  if (statistics.comment) {
    out.push_back(fmt::format("COMMENT ON STATISTICS {} IS {}", qualified(statistics.name),
                              quote_literal(*statistics.comment)));
  }
  return out;
}

std::string create_event_trigger(const EventTrigger& trigger) {
  std::string out =
      fmt::format("CREATE EVENT TRIGGER {} ON {}", quote_identifier(trigger.name), trigger.event);
  if (!trigger.tags.empty()) {
    std::string tags;
    for (const std::string& tag : trigger.tags)
      tags += (tags.empty() ? "" : ", ") + quote_literal(tag);
    out += " WHEN TAG IN (" + tags + ")";
  }
  return out + fmt::format(" EXECUTE FUNCTION {}()", qualified(trigger.function));
}

std::string alter_event_trigger(const EventTrigger& trigger) {
  return fmt::format("ALTER EVENT TRIGGER {} {}", quote_identifier(trigger.name), trigger.enabled);
}

std::vector<std::string> event_trigger_statements(const EventTrigger& trigger) {
  std::vector<std::string> out{create_event_trigger(trigger)};
  if (trigger.enabled != "ENABLE") out.push_back(alter_event_trigger(trigger));
  if (trigger.comment) {
    out.push_back(fmt::format("COMMENT ON EVENT TRIGGER {} IS {}", quote_identifier(trigger.name),
                              quote_literal(*trigger.comment)));
  }
  return out;
}

}  // namespace sleet::ddl
