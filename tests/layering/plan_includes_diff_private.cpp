// Compiled as part of the plan module: diff's private folder is diff's alone.
#include "diff/diff_internal.h"
