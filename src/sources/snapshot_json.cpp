// JSON text exactly as drizzle-kit (JSON.stringify(x, null, 2)) prints it, and the layout
// difference between a snapshot file and sleet's rendering of the same schema.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>
#include <string_view>
#include <unordered_map>

#include "sources/snapshot_internal.h"

namespace sleet::snapshot {
namespace {

void append_indent(std::string& out, int depth) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

std::string string_literal(const std::string& text) {
  // nlohmann escapes exactly what JSON.stringify escapes (quote, backslash, control
  // characters, lower-case \u00xx) and leaves other UTF-8 as is.
  return Json(text).dump();
}

// `parent`: the pointer of `value` while placeholders may sit in it (the root and its
// members), else null.
void write_value(const Json& value, int depth, std::string& out, const Expand* expand,
                 const std::string* parent) {
  switch (value.type()) {
    case Json::value_t::object: {
      if (value.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ",\n";
        first = false;
        append_indent(out, depth + 1);
        out += string_literal(key);
        out += ": ";
        std::optional<std::string> child;
        if (expand && parent && depth == 0) child = child_pointer(*parent, key);
        if (expand && parent && member.is_null()) {
          if (std::optional<Json> full = (*expand)(*parent, key)) {
            write_value(*full, depth + 1, out, nullptr, nullptr);
            continue;
          }
        }
        write_value(member, depth + 1, out, expand, child ? &*child : nullptr);
      }
      out += "\n";
      append_indent(out, depth);
      out += "}";
      return;
    }
    case Json::value_t::array: {
      if (value.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ",\n";
        append_indent(out, depth + 1);
        write_value(value[i], depth + 1, out, nullptr, nullptr);
      }
      out += "\n";
      append_indent(out, depth);
      out += "]";
      return;
    }
    case Json::value_t::string:
      out += string_literal(value.get_ref<const std::string&>());
      return;
    default:
      out += scalar_text(value);
      return;
  }
}

bool identical(const Json& a, const Json& b) {
  return stringify(a) == stringify(b);
}

// The members of a large object by key: ordered_json looks keys up one by one.
class MemberIndex {
 public:
  explicit MemberIndex(const Json& object) : object_(object) {
    if (object.size() < 16) return;
    for (const auto& [key, member] : object.items()) members_.emplace(key, &member);
  }
  const Json* find(const std::string& key) const {
    if (members_.empty()) {
      auto found = object_.find(key);
      return found == object_.end() ? nullptr : &*found;
    }
    auto found = members_.find(key);
    return found == members_.end() ? nullptr : found->second;
  }

 private:
  const Json& object_;
  std::unordered_map<std::string_view, const Json*> members_;
};

void diff(const Json& written, const Json& file, const std::string& pointer, SnapshotLayout& out,
          const Expand* expand, int depth) {
  // Equal values (objects compared in key order) write the same text, so they add nothing
  // to the layout: most of a snapshot sleet wrote itself is settled by one comparison, not
  // a walk with a pointer and two renderings per leaf. Not where a placeholder may be
  // expanded, whose null stands for more.
  if ((!expand || depth > 1) && written == file) return;
  if (written.is_object() && file.is_object()) {
    Json added = Json::object();
    std::vector<std::string> removed;
    std::vector<std::string> natural_order;
    MemberIndex file_members(file);
    for (const auto& [key, member] : written.items()) {
      if (const Json* in_file = file_members.find(key)) {
        natural_order.push_back(key);
        std::string child = child_pointer(pointer, key);
        std::optional<Json> full;
        if (expand && depth <= 1 && member.is_null()) full = (*expand)(pointer, key);
        if (full) {
          diff(*full, *in_file, child, out, nullptr, depth + 1);
        } else {
          diff(member, *in_file, child, out, expand, depth + 1);
        }
      } else {
        removed.push_back(key);
      }
    }
    MemberIndex written_members(written);
    std::vector<std::string> file_order;
    for (const auto& [key, member] : file.items()) {
      file_order.push_back(key);
      if (!written_members.find(key)) {
        added[key] = member;
        natural_order.push_back(key);
      }
    }
    if (!added.empty()) out.added[pointer] = std::move(added);
    if (!removed.empty()) out.removed[pointer] = std::move(removed);
    if (natural_order != file_order) out.key_order[pointer] = std::move(file_order);
    return;
  }
  if (written.is_array() && file.is_array() && written.size() == file.size()) {
    for (std::size_t i = 0; i < written.size(); ++i) {
      diff(written[i], file[i], child_pointer(pointer, std::to_string(i)), out, nullptr,
           depth + 1);
    }
    return;
  }
  if (!identical(written, file)) out.replaced[pointer] = {written, file};
}

Json apply(const Json& written, const std::string& pointer, const SnapshotLayout& layout) {
  if (auto replaced = layout.replaced.find(pointer);
      replaced != layout.replaced.end() && identical(replaced->second.first, written)) {
    return replaced->second.second;
  }
  if (written.is_array()) {
    Json result = Json::array();
    for (std::size_t i = 0; i < written.size(); ++i) {
      result.push_back(apply(written[i], child_pointer(pointer, std::to_string(i)), layout));
    }
    return result;
  }
  if (!written.is_object()) return written;
  std::set<std::string> removed;
  if (auto found = layout.removed.find(pointer); found != layout.removed.end()) {
    removed.insert(found->second.begin(), found->second.end());
  }
  Json result = Json::object();
  for (const auto& [key, member] : written.items()) {
    if (!removed.contains(key)) result[key] = apply(member, child_pointer(pointer, key), layout);
  }
  if (auto added = layout.added.find(pointer); added != layout.added.end()) {
    for (const auto& [key, member] : added->second.items()) {
      if (!result.contains(key)) result[key] = member;
    }
  }
  auto order = layout.key_order.find(pointer);
  if (order == layout.key_order.end()) return result;
  Json ordered = Json::object();
  for (const std::string& key : order->second) {
    if (result.contains(key)) ordered[key] = std::move(result[key]);
  }
  for (auto& [key, member] : result.items()) {
    if (!ordered.contains(key)) ordered[key] = std::move(member);
  }
  return ordered;
}

}  // namespace

std::string stringify(const Json& value, const Expand* expand) {
  std::string out;
  const std::string root;
  write_value(value, 0, out, expand, &root);
  return out;
}

std::string js_number_text(double value) {
  if (std::isnan(value) || std::isinf(value)) return "null";  // as JSON.stringify does
  if (value == 0) return "0";
  std::string sign = value < 0 ? "-" : "";
  char buffer[64];
  // Shortest digits that read back as `value`, as ECMAScript's Number::toString requires.
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                    std::chars_format::scientific);
  std::string scientific(buffer, end);
  std::size_t e = scientific.find('e');
  std::string digits;
  for (char c : scientific.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int k = static_cast<int>(digits.size());
  int n = std::atoi(scientific.c_str() + e + 1) + 1;
  if (k <= n && n <= 21) return sign + digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0)
    return sign + "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  std::string exponent = (n - 1 >= 0 ? "+" : "-") + std::to_string(std::abs(n - 1));
  if (k == 1) return sign + digits + "e" + exponent;
  return sign + digits.substr(0, 1) + "." + digits.substr(1) + "e" + exponent;
}

std::string scalar_text(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::number_integer:
      return std::to_string(value.get<int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(value.get<uint64_t>());
    case Json::value_t::number_float:
      return js_number_text(value.get<double>());
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::null:
      return "null";
    default:
      return value.dump();
  }
}

Json number_from_text(const std::string& text) {
  static const std::regex literal(R"(^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$)");
  if (!std::regex_match(text, literal)) return nullptr;
  // JavaScript numbers are doubles: larger integers would not survive drizzle-kit.
  constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;
  int64_t integer = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (error == std::errc() && end == text.data() + text.size()) {
    if (std::llabs(integer) <= kMaxSafeInteger && std::to_string(integer) == text) return integer;
    return nullptr;
  }
  double number = std::strtod(text.c_str(), nullptr);
  if (js_number_text(number) == text) return number;
  return nullptr;
}

std::string child_pointer(const std::string& pointer, std::string_view key) {
  std::string out = pointer + "/";
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

SnapshotLayout compute_layout(const Json& written, const Json& file, const Expand* expand) {
  SnapshotLayout layout;
  diff(written, file, "", layout, expand, 0);
  return layout;
}

void compute_member_layout(const Json& written, const Json& file, const std::string& pointer,
                           SnapshotLayout& out) {
  // A member of a member of the root: compute_layout reaches it at depth 2.
  diff(written, file, pointer, out, nullptr, 2);
}

Json apply_layout(const Json& written, const SnapshotLayout& layout, const std::string& pointer) {
  if (layout.empty()) return written;
  return apply(written, pointer, layout);
}

}  // namespace sleet::snapshot
