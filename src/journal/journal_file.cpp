// meta/_journal.json, migration file checksums and splitting, byte-compatible with
// drizzle-kit 0.31 and drizzle-orm's migrator.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/journal.h"

namespace sleet {

namespace {

using Json = nlohmann::ordered_json;

const Json& member(const Json& object, const char* key, Json::value_t type,
                   const std::string& where) {
  auto it = object.find(key);
  bool ok = it != object.end();
  if (ok && type == Json::value_t::number_integer) {
    ok = it->is_number_integer();
  } else if (ok) {
    ok = it->type() == type;
  }
  if (!ok) {
    throw Error(ErrorKind::Usage,
                fmt::format("{} key \"{}\" in the journal",
                            it == object.end() ? "missing" : "ill-typed", key),
                where, "restore meta/_journal.json from version control, or regenerate it");
  }
  return *it;
}

// The tags of the entries written between two lines of a conflict.
std::vector<std::string> tags_in(std::string_view text) {
  static const std::regex tag(R"re("tag"\s*:\s*"([^"]*)")re");
  std::vector<std::string> tags;
  std::string piece(text);
  for (std::sregex_iterator it(piece.begin(), piece.end(), tag), end; it != end; ++it) {
    tags.push_back((*it)[1].str());
  }
  return tags;
}

// A journal git could not merge holds conflict markers: say so, with both sides, rather
// than "not valid JSON".
void throw_if_merge_conflict(std::string_view text, const std::string& file) {
  std::size_t ours = std::string_view::npos;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    if (text.substr(start, end - start).starts_with("<<<<<<<")) {
      ours = start;
      break;
    }
    start = end + 1;
  }
  if (ours == std::string_view::npos) return;
  std::size_t middle = text.find("\n=======", ours);
  std::size_t theirs_end =
      middle == std::string_view::npos ? middle : text.find("\n>>>>>>>", middle);
  if (middle == std::string_view::npos || theirs_end == std::string_view::npos) return;
  auto label = [&](std::size_t marker) {
    std::size_t end = std::min(text.find('\n', marker), text.size());
    std::string_view line = text.substr(marker, end - marker);
    return std::string(line.size() > 8 ? line.substr(8) : std::string_view("?"));
  };
  auto side = [](const std::vector<std::string>& tags) {
    return tags.empty() ? std::string("no entry") : fmt::format("{}", fmt::join(tags, ", "));
  };
  auto [line, column] = line_and_column(text, ours);
  auto [theirs_line, unused] = line_and_column(text, theirs_end + 1);
  (void)unused;
  throw Error(
      ErrorKind::Usage,
      fmt::format("the journal holds a git merge conflict (lines {} to {}): {} added {}, {} "
                  "added {}",
                  line, theirs_line, label(ours), side(tags_in(text.substr(ours, middle - ours))),
                  label(theirs_end + 1), side(tags_in(text.substr(middle, theirs_end - middle)))),
      format_location(file, line, column),
      "two branches each added migrations; keep both sides' entries (remove the <<<<<<<, "
      "======= and >>>>>>> lines and put a comma between the entries), then run 'sleet check': "
      "it says how to renumber a migration whose number both branches used");
}

}  // namespace

Journal parse_journal(std::string_view text, const std::string& file) {
  throw_if_merge_conflict(text, file);
  text = utf8_text(text, file);
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann counts the byte after the error; point at the offending byte itself.
    std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    auto [line, column] = line_and_column(text, byte);
    std::string reason = e.what();
    if (auto colon = reason.rfind(": "); colon != std::string::npos)
      reason = reason.substr(colon + 2);
    throw Error(ErrorKind::Usage, "the journal is not valid JSON: " + reason,
                format_location(file, line, column),
                "fix the JSON by hand or restore meta/_journal.json from version control");
  } catch (const Json::out_of_range&) {  // a number beyond what a double holds
    throw Error(ErrorKind::Usage, "the journal is not valid JSON: a number in it is out of range",
                file, "fix the JSON by hand or restore meta/_journal.json from version control");
  }
  if (!json.is_object()) {
    throw Error(ErrorKind::Usage, "the journal is not a JSON object", file,
                "restore meta/_journal.json from version control");
  }
  Journal journal;
  journal.version = member(json, "version", Json::value_t::string, file).get<std::string>();
  journal.dialect = member(json, "dialect", Json::value_t::string, file).get<std::string>();
  // drizzle-kit before 0.21 wrote "pg" (journal version "5"); its migrator and 0.31's
  // check read such journals unchanged, and so does sleet.
  if (journal.dialect != "postgresql" && journal.dialect != "pg") {
    throw Error(ErrorKind::Usage,
                fmt::format("the journal is for dialect \"{}\"; sleet supports only postgresql",
                            journal.dialect),
                file);
  }
  const Json& entries = member(json, "entries", Json::value_t::array, file);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string where = fmt::format("{} (entries[{}])", file, i);
    const Json& item = entries[i];
    if (!item.is_object()) {
      throw Error(ErrorKind::Usage, "a journal entry is not an object", where);
    }
    JournalEntry entry;
    entry.idx = member(item, "idx", Json::value_t::number_integer, where).get<int>();
    if (item.contains("version") && item["version"].is_string()) {
      entry.version = item["version"].get<std::string>();
    }
    entry.when = member(item, "when", Json::value_t::number_integer, where).get<std::int64_t>();
    entry.tag = member(item, "tag", Json::value_t::string, where).get<std::string>();
    if (item.contains("breakpoints") && item["breakpoints"].is_boolean()) {
      entry.breakpoints = item["breakpoints"].get<bool>();
    }
    journal.entries.push_back(std::move(entry));
  }
  return journal;
}

std::string format_journal(const Journal& journal) {
  Json json = Json::object();
  json["version"] = journal.version;
  json["dialect"] = journal.dialect;
  json["entries"] = Json::array();
  for (const auto& entry : journal.entries) {
    Json item = Json::object();
    item["idx"] = entry.idx;
    item["version"] = entry.version;
    item["when"] = entry.when;
    item["tag"] = entry.tag;
    item["breakpoints"] = entry.breakpoints;
    json["entries"].push_back(std::move(item));
  }
  // nlohmann's indented layout matches JSON.stringify(value, null, 2), including "[]".
  return json.dump(2);
}

std::vector<MigrationChunk> split_migration(std::string_view file_text) {
  std::vector<MigrationChunk> chunks;
  std::size_t start = 0;
  while (true) {
    std::size_t found = file_text.find(kStatementBreakpoint, start);
    if (found == std::string_view::npos) {
      chunks.push_back({std::string(file_text.substr(start)), start});
      return chunks;
    }
    chunks.push_back({std::string(file_text.substr(start, found - start)), start});
    start = found + kStatementBreakpoint.size();
  }
}

std::string join_statements(const std::vector<std::string>& statements, bool breakpoints) {
  std::string separator = breakpoints ? std::string(kStatementBreakpoint) + "\n" : "\n";
  std::string out;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) out += separator;
    out += statements[i];
  }
  return out;
}

}  // namespace sleet
