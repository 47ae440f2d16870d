#include "studio/value_json.h"

#include <string>

namespace sleet::studio {

namespace {

// pg_type OIDs of the built-in types given a JSON form of their own.
enum TypeOid : unsigned {
  kBool = 16,
  kInt2 = 21,
  kInt4 = 23,
  kOid = 26,
  kJson = 114,
  kFloat4 = 700,
  kFloat8 = 701,
  kJsonb = 3802,
};

nlohmann::ordered_json number_or_text(std::string_view text) {
  // NaN and Infinity are no JSON numbers.
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") return std::string(text);
  return nlohmann::ordered_json::parse(text, nullptr, false);
}

}  // namespace

nlohmann::ordered_json value_json(const db::Result& result, int row, int column) {
  if (result.is_null(row, column)) return nullptr;
  std::string_view text = result.value(row, column);
  switch (result.column_type(column)) {
    case kBool:
      return text == "t";
    case kInt2:
    case kInt4:
    case kOid:
    case kFloat4:
    case kFloat8: {
      nlohmann::ordered_json number = number_or_text(text);
      return number.is_discarded() ? nlohmann::ordered_json(std::string(text)) : number;
    }
    case kJson:
    case kJsonb: {
      nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text, nullptr, false);
      return parsed.is_discarded() ? nlohmann::ordered_json(std::string(text)) : parsed;
    }
    default:
      return std::string(text);
  }
}

nlohmann::ordered_json row_json(const db::Result& result, int row) {
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (int column = 0; column < result.columns(); ++column) {
    values.push_back(value_json(result, row, column));
  }
  return values;
}

db::Parameter parameter_from_json(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace sleet::studio
