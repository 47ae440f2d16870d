// Compiled as part of the sources module: everything here is below or inside it.
#include "sleet/db.h"
#include "sleet/inspect.h"
#include "sleet/files.h"
#include "sql/parse_tree.h"
#include "sources/schema_parser.h"
