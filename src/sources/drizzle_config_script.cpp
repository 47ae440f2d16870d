// The node script behind `sleet init --from-drizzle`, written to a scratch file and run by
// the project's node (drizzle_config_evaluate.cpp).
#include "sources/drizzle_config_internal.h"

namespace sleet::sources {

const char* const kDrizzleConfigEvaluator = R"JS("use strict";
// Written by sleet (`sleet init --from-drizzle`) for one run; removed after it.
// Loads a drizzle config the way drizzle-kit 0.31 does (tsx's CommonJS register, then
// require(config).default ?? the module), with process.env replaced by a Proxy: a variable
// the config's own code reads (not code in node_modules) gives a marker that sleet maps back
// to ${NAME}. When the config reads SERVICE, it is evaluated again with each name the
// config's files spell as an object key, case label or string, and the names that yield a
// config of their own are the services. Prints one line of JSON after "@@sleet-result@@".
const Module = require("module");
const fs = require("fs");
const path = require("path");

const [kitDirectory, configPath] = process.argv.slice(2);
const SELECTOR = "SERVICE";
const NUMBER_BASE = 987650000;
const write = (text) => process.stdout.write(text);
const toStderr = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
console.log = console.info = console.warn = console.debug = toStderr;

function registerLoader() {
  const kitRequire = Module.createRequire(path.join(kitDirectory, "package.json"));
  try {
    kitRequire("tsx/cjs/api").register();
    return "tsx";
  } catch (tsxError) {
    const esbuild = kitRequire("esbuild");
    const compile = (module, file) => {
      const source = fs.readFileSync(file, "utf8");
      const options = { loader: "ts", format: "cjs", sourcefile: file, sourcemap: "inline" };
      module._compile(esbuild.transformSync(source, options).code, file);
    };
    for (const extension of [".ts", ".mts", ".cts"]) Module._extensions[extension] = compile;
    process.setSourceMapsEnabled && process.setSourceMapsEnabled(true);
    return "esbuild";
  }
}

// --- process.env, observed --------------------------------------------------------------
const realEnvironment = process.env;
const markers = new Map();
let reads = new Set();
let selectorValue;  // undefined: SERVICE reads give a marker like every other variable
let unset = false;  // true: the config's reads give undefined, to see its fallbacks

function marker(name) {
  if (!markers.has(name)) {
    const text = `@@sleet-env:${name}@@`;
    const number = NUMBER_BASE + markers.size;
    const value = new String(text);
    value[Symbol.toPrimitive] = (hint) => (hint === "number" ? number : text);
    markers.set(name, { value, number });
  }
  return markers.get(name).value;
}

// True when the innermost caller outside this file is the project's code.
function readByProjectCode() {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, frames) => frames;
  const holder = {};
  Error.captureStackTrace(holder, readByProjectCode);
  const frames = holder.stack;
  Error.prepareStackTrace = saved;
  for (const frame of frames) {
    const file = frame.getFileName();
    if (!file || file === __filename) continue;
    return !file.startsWith("node:") && !file.includes("/node_modules/");
  }
  return false;
}

process.env = new Proxy(realEnvironment, {
  get(target, key) {
    if (typeof key !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || !readByProjectCode()) {
      return Reflect.get(target, key);
    }
    reads.add(key);
    if (key === SELECTOR && selectorValue !== undefined) return selectorValue;
    return unset ? undefined : marker(key);
  },
});

// --- evaluating ---------------------------------------------------------------------------
function isLocal(file) {
  return path.isAbsolute(file) && !file.includes("/node_modules/");
}

function forgetLocalModules() {
  for (const file of Object.keys(require.cache)) {
    if (isLocal(file)) delete require.cache[file];
  }
}

// The config as JSON text: numeric markers back to their text, functions dropped.
function serialize(config) {
  const byNumber = new Map([...markers].map(([name, m]) => [m.number, `@@sleet-env:${name}@@`]));
  return JSON.stringify(config, (key, value) => {
    if (typeof value === "number" && byNumber.has(value)) return byNumber.get(value);
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    if (typeof value === "bigint") return String(value);
    return value;
  });
}

function evaluate(value, withoutVariables = false) {
  forgetLocalModules();
  reads = new Set();
  selectorValue = value;
  unset = withoutVariables;
  try {
    const required = require(configPath);
    const config = required && required.default !== undefined ? required.default : required;
    return { ok: true, config: serialize(config), reads: [...reads] };
  } catch (error) {
    const text = error && error.stack ? String(error.stack) : String(error);
    return { ok: false, error: text, reads: [...reads] };
  }
}

// `configText` with each setting that is one variable, and that the config sets to a value
// when the variable is unset (`process.env.X ?? "x"`), as @@sleet-env:X:-<hex of value>@@.
function withFallbacks(configText, value) {
  const bare = evaluate(value, true);
  if (!bare.ok || !bare.config) return configText;
  const whole = /^@@sleet-env:([A-Za-z_][A-Za-z0-9_]*)@@$/;
  const merge = (withMarkers, withoutVariables) => {
    if (typeof withMarkers === "string") {
      const match = whole.exec(withMarkers);
      const plain = ["string", "number", "boolean"].includes(typeof withoutVariables);
      if (!match || !plain || String(withoutVariables) === "") return withMarkers;
      const hex = Buffer.from(String(withoutVariables), "utf8").toString("hex");
      return `@@sleet-env:${match[1]}:-${hex}@@`;
    }
    if (withMarkers === null || typeof withMarkers !== "object") return withMarkers;
    if (withoutVariables === null || typeof withoutVariables !== "object") return withMarkers;
    for (const key of Object.keys(withMarkers)) {
      withMarkers[key] = merge(withMarkers[key], withoutVariables[key]);
    }
    return withMarkers;
  };
  return JSON.stringify(merge(JSON.parse(configText), JSON.parse(bare.config)));
}

function isConfig(result) {
  if (!result.ok || !result.config) return false;
  const config = JSON.parse(result.config);
  return config !== null && typeof config === "object" && "dialect" in config && "schema" in config;
}

// --- the names SERVICE may take ------------------------------------------------------------
function candidateNames() {
  const files = new Set([require.resolve(configPath)]);
  for (const file of Object.keys(require.cache)) if (isLocal(file)) files.add(file);
  const names = [];
  const patterns = [
    /(?:^|[{,\s])["']?([A-Za-z_][\w-]*)["']?\s*:/gm,  // object keys
    /["'`]([A-Za-z_][\w-]{0,62})["'`]/g,               // strings and case labels
  ];
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        if (!names.includes(match[1])) names.push(match[1]);
      }
    }
  }
  return names.slice(0, 300);
}

// True when `name` is a word of the config's schema, out or database.
function spellsName(configText, name) {
  const config = JSON.parse(configText);
  const credentials = config.dbCredentials || {};
  const values = [config.schema, config.out, credentials.database, credentials.url].flat();
  const word = new RegExp(`(^|[^A-Za-z0-9])${name.replace(/-/g, "\\-")}([^A-Za-z0-9]|$)`);
  return values.some((value) => typeof value === "string" && word.test(value));
}

function services(fallback) {
  const selectorMarker = `@@sleet-env:${SELECTOR}@@`;
  const tried = candidateNames();
  const found = [];
  for (const name of tried) {
    const result = evaluate(name);
    if (!isConfig(result) || result.config.includes(selectorMarker)) continue;
    // A config that falls back to one service for an unknown name: that service counts once,
    // under a name its folders or database spell.
    if (fallback && result.config === fallback.config && !spellsName(result.config, name)) continue;
    found.push({ name, config: withFallbacks(result.config, name), reads: result.reads });
  }
  return { tried, found };
}

function main() {
  const loader = registerLoader();
  const first = evaluate(undefined);
  const report = { loader, selector: SELECTOR, first };
  const raw = { ...first };
  if (isConfig(first)) first.config = withFallbacks(first.config, undefined);
  const selectorMarker = `@@sleet-env:${SELECTOR}@@`;
  const selected = first.reads.includes(SELECTOR);
  if (selected && !(isConfig(raw) && raw.config.includes(selectorMarker))) {
    const { tried, found } = services(isConfig(raw) ? raw : null);
    report.tried = tried;
    const distinct = new Set(found.map((service) => service.config));
    if (found.length > 0 && (distinct.size > 1 || !isConfig(first))) {
      report.services = found;
      report.fallback = isConfig(first);
    }
  }
  write("\n@@sleet-result@@" + JSON.stringify(report) + "\n");
  // A config that opens something (a pool, a timer) must not keep node alive; writes to a
  // pipe are synchronous on Linux, so the line above is out.
  process.exit(0);
}

main();
)JS";

}  // namespace sleet::sources
