// sleet export: print the canonical DDL of the declared schema, dependency-ordered.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/ddl.h"
#include "sleet/sources.h"

namespace sleet::cli {

void register_export(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "export", "Print the declared schema as canonical SQL (feeding it back gives the same schema)");
  auto schema_globs = std::make_shared<std::vector<std::string>>();
  command->add_option("--schema", *schema_globs,
                      "Schema files or globs (default: the config's `schema`)");
  command->callback([&context, schema_globs] {
    Output output(context.options);
    struct Declared {
      std::string target;
      std::vector<std::filesystem::path> files;
      TypeScriptSchemaOptions typescript;
    };
    std::vector<Declared> sources;
    if (!schema_globs->empty()) {
      sources.push_back(
          {"",
           expand_globs(*schema_globs, "--schema", "--schema", std::filesystem::current_path()),
           {}});
    } else {
      Project project(context.options);
      for (const auto& target : project.targets()) {
        sources.push_back({target.name, expand_schema_globs(target), typescript_options(&target)});
      }
    }

    bool first = true;
    for (const auto& [name, files, typescript] : sources) {
      output.note(fmt::format("reading {} schema file(s){}", files.size(),
                              name.empty() ? "" : " for target " + name));
      Schema schema = parse_schema_files(files, typescript);
      if (context.options.json) {
        json_document().add({{"target", name}, {"statements", ddl::create_statements(schema)}});
        continue;
      }
      if (sources.size() > 1) {
        std::cout << (first ? "" : "\n") << "-- target: " << name << "\n\n";
      }
      std::cout << ddl::create_script(schema);
      first = false;
    }
  });
}

}  // namespace sleet::cli
