#!/usr/bin/env python3
"""Validates the JSON document on standard input against the JSON Schema (draft 2020-12) in
the file named by the first argument, with the jsonschema library. Prints each violation on
standard error and exits 1 when there is any, 0 when the document is valid."""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as file:
        schema = json.load(file)
    document = json.load(sys.stdin)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path)
        print(f"{path or '(document)'}: {error.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
