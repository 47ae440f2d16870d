// Compiled as part of the journal module: snapshots are a source, above the journal.
#include "sleet/snapshot.h"
