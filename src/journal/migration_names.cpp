// Naming new migrations: tag prefixes as drizzle-kit numbers them, and readable random names
// from sleet's own word lists.
#include <fmt/format.h>

#include <array>
#include <ctime>
#include <random>

#include "sleet/journal.h"

namespace sleet {

namespace {

// Weather, light and landscape words: sleet's own lists (not drizzle-kit's).
constexpr std::array kAdjectives = {
    "amber",    "ancient", "arctic",  "ashen",    "autumn",  "azure",     "balmy",    "bitter",
    "blazing",  "bleak",   "blue",    "blustery", "bold",    "breezy",    "bright",   "brisk",
    "bronze",   "calm",    "candid",  "cheerful", "chilly",  "clear",     "clever",   "cloudy",
    "coastal",  "cobalt",  "cold",    "cool",     "copper",  "cosmic",    "cozy",     "crimson",
    "crisp",    "curious", "damp",    "dappled",  "daring",  "dawning",   "deep",     "dense",
    "dewy",     "distant", "dizzy",   "drifting", "drowsy",  "dry",       "dusky",    "dusty",
    "eager",    "early",   "eastern", "electric", "emerald", "endless",   "even",     "faded",
    "faint",    "fair",    "fierce",  "fleeting", "flinty",  "floral",    "foggy",    "frosty",
    "frozen",   "gentle",  "giant",   "gilded",   "glacial", "gleaming",  "glossy",   "golden",
    "grand",    "gray",    "green",   "gusty",    "hazy",    "hidden",    "high",     "hollow",
    "humble",   "humid",   "icy",     "idle",     "indigo",  "inland",    "ivory",    "jade",
    "jolly",    "keen",    "kind",    "late",     "lazy",    "light",     "little",   "lively",
    "lofty",    "lone",    "long",    "loud",     "lucky",   "lunar",     "marbled",  "mellow",
    "merry",    "mighty",  "mild",    "misty",    "modest",  "molten",    "moonlit",  "mossy",
    "muddy",    "murky",   "narrow",  "nimble",   "noble",   "northern",  "odd",      "olive",
    "opal",     "pale",    "patient", "pearly",   "plain",   "polar",     "proud",    "quick",
    "quiet",    "radiant", "rainy",   "rapid",    "rare",    "restless",  "rocky",    "rosy",
    "rough",    "round",   "rugged",  "rusty",    "sandy",   "scarlet",   "serene",   "shady",
    "sharp",    "shy",     "silent",  "silver",   "sleepy",  "slow",      "slushy",   "small",
    "smoky",    "smooth",  "snowy",   "soft",     "solar",   "solid",     "southern", "sparkly",
    "spring",   "stark",   "steady",  "steep",    "still",   "stormy",    "stout",    "sturdy",
    "sudden",   "summer",  "sunny",   "swift",    "tall",    "tame",      "tawny",    "tender",
    "thick",    "thin",    "tidal",   "tidy",     "tiny",    "tranquil",  "tropical", "true",
    "twilight", "vast",    "velvet",  "vivid",    "warm",    "wandering", "wary",     "western",
    "wet",      "wide",    "wild",    "windy",    "winter",  "wise",      "witty",    "wooden",
    "young",    "zealous", "zesty",
};

constexpr std::array kNouns = {
    "acorn",     "aurora",    "avalanche", "badger",  "basin",   "bay",     "beacon",
    "birch",     "blizzard",  "bluff",     "boulder", "breeze",  "brook",   "canyon",
    "cascade",   "cedar",     "cinder",    "cirrus",  "cliff",   "cloud",   "comet",
    "coral",     "cove",      "crane",     "creek",   "crest",   "crystal", "cumulus",
    "current",   "cyclone",   "dawn",      "delta",   "dew",     "drift",   "dust",
    "dune",      "dusk",      "eagle",     "echo",    "eddy",    "ember",   "estuary",
    "falcon",    "fern",      "field",     "fjord",   "flake",   "flurry",  "fog",
    "forest",    "fox",       "frost",     "gale",    "geyser",  "glacier", "glade",
    "glen",      "gorge",     "granite",   "grove",   "gull",    "gust",    "hail",
    "harbor",    "hare",      "haze",      "heath",   "heron",   "hill",    "hollow",
    "horizon",   "iceberg",   "icicle",    "inlet",   "island",  "ivy",     "jetstream",
    "juniper",   "kestrel",   "lagoon",    "lake",    "lantern", "larch",   "lark",
    "ledge",     "lichen",    "lightning", "lynx",    "maple",   "marsh",   "meadow",
    "mesa",      "meteor",    "mist",      "monsoon", "moon",    "moor",    "moraine",
    "moss",      "mountain",  "nebula",    "nimbus",  "oak",     "oasis",   "ocean",
    "orbit",     "osprey",    "otter",     "owl",     "pasture", "peak",    "pebble",
    "pine",      "plain",     "plateau",   "plover",  "pond",    "prairie", "puddle",
    "puffin",    "quartz",    "rain",      "rainbow", "rapids",  "raven",   "reed",
    "reef",      "ridge",     "rime",      "river",   "robin",   "rock",    "sage",
    "sandbar",   "savanna",   "shade",     "shore",   "shower",  "sky",     "slope",
    "snowdrift", "snowfall",  "sparrow",   "spring",  "spruce",  "squall",  "star",
    "steppe",    "stone",     "storm",     "strait",  "stream",  "summit",  "sun",
    "sunrise",   "sunset",    "swallow",   "swamp",   "tempest", "thaw",    "thicket",
    "thistle",   "thunder",   "tide",      "timber",  "tornado", "torrent", "tundra",
    "twilight",  "typhoon",   "vale",      "valley",  "vapor",   "vista",   "volcano",
    "walrus",    "waterfall", "wave",      "willow",  "wind",    "winter",  "wolf",
    "wren",      "zephyr",    "zenith",    "aspen",   "bramble", "cairn",   "dale",
    "finch",     "hemlock",   "kelp",      "loon",    "marten",  "petrel",  "sleet",
};

}  // namespace

std::string migration_tag(MigrationPrefix prefix, int idx, std::int64_t when_ms,
                          std::string_view name) {
  std::string head;
  switch (prefix) {
    case MigrationPrefix::Index:
      head = fmt::format("{:04}", idx);
      break;
    case MigrationPrefix::Timestamp: {
      std::time_t seconds = static_cast<std::time_t>(when_ms / 1000);
      std::tm utc{};
      gmtime_r(&seconds, &utc);
      head = fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", utc.tm_year + 1900, utc.tm_mon + 1,
                         utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
      break;
    }
    case MigrationPrefix::Unix:
      head = std::to_string(when_ms / 1000);
      break;
    case MigrationPrefix::None:
      break;
  }
  return fmt::format("{}_{}", head, name);
}

std::string snapshot_file_name(std::string_view tag) {
  return std::string(tag.substr(0, tag.find('_'))) + "_snapshot.json";
}

std::string random_migration_name(std::optional<std::uint64_t> seed) {
  std::mt19937_64 engine(seed ? *seed : std::random_device{}());
  // Modulo keeps the result identical across standard libraries (distributions are not).
  std::uint64_t a = engine() % kAdjectives.size();
  std::uint64_t n = engine() % kNouns.size();
  return fmt::format("{}_{}", kAdjectives[a], kNouns[n]);
}

}  // namespace sleet
