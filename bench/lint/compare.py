#!/usr/bin/env python3
"""sleet lint and squawk side by side on tests/lint/corpus.

Runs `build/sleet --json lint FILE` and `node_modules/.bin/squawk --reporter json FILE` on each
corpus file, compares both with the file's `-- expect:` line and prints a markdown table and a
summary; with --write it replaces the part of docs/lint.md between the compare markers.
Needs `npm ci` here and a built `build/sleet`.
"""
import collections
import json
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT / "tests" / "lint" / "corpus"
SLEET = ROOT / "build" / "sleet"
SQUAWK = HERE / "node_modules" / ".bin" / "squawk"
DOC = ROOT / "docs" / "lint.md"

# squawk's rules sleet does not have on purpose: sleet migrate sets lock_timeout (and
# statement_timeout) itself and runs each migration in a transaction (docs/commands/lint.md).
SQUAWK_BY_DESIGN = {"require-lock-timeout", "require-statement-timeout", "prefer-robust-stmts"}
# sleet's rules squawk has no counterpart for.
SLEET_ONLY = {"ban-vacuum-full", "ban-cluster", "ban-set-logged-unlogged",
              "ban-enum-value-use-in-same-transaction", "foreign-key-without-index",
              "ignore-without-reason", "unused-ignore"}
IGNORE = re.compile(r"^\s*--\s*sleet:ignore\s+([A-Za-z0-9-]+)\s*(.*?)\s*$", re.M)

# Files where the automatic verdict needs a word: (verdict, note).
NOTES = {
    "006_add_column_references.sql": (
        "differ by design",
        "same hazard; sleet also names a column's REFERENCES constraint-missing-not-valid, as "
        "it does ADD CONSTRAINT ... FOREIGN KEY (squawk does there too)"),
    "013_identity_primary_key.sql": (
        "differ by design",
        "both find it; squawk adds adding-field-with-default for the identity's rewrite, which "
        "sleet's adding-serial-primary-key-field message already says"),
    "019_add_primary_key.sql": (
        "sleet right",
        "squawk's constraint-missing-not-valid is wrong (a PRIMARY KEY cannot be NOT VALID); "
        "both find the index build, under different ids: squawk calls ADD PRIMARY KEY "
        "adding-serial-primary-key-field, sleet disallowed-unique-constraint"),
    "018_add_unique_constraint.sql": (
        "sleet right", "squawk's constraint-missing-not-valid is wrong: UNIQUE cannot be NOT VALID"),
    "025_concurrent_index_in_own_transaction.sql": (
        "sleet right",
        "squawk reports transaction-nesting only with --assume-in-transaction; sleet and "
        "drizzle-kit always run a migration in a transaction"),
    "026_transaction_nesting.sql": (
        "sleet right", "as 025: squawk needs --assume-in-transaction"),
    "131_concurrent_index_after_commit.sql": (
        "sleet right", "as 025: squawk needs --assume-in-transaction"),
    "032_int_columns.sql": (
        "differ by design",
        "both find both columns; squawk names the smallint prefer-bigint-over-smallint, sleet "
        "prefer-bigint-over-int"),
    "055_add_check_with_column.sql": (
        "sleet right",
        "the new column's CHECK is verified against every row under ACCESS EXCLUSIVE; squawk "
        "looks at ADD CONSTRAINT only"),
    "113_constant_defaults_various.sql": (
        "sleet right",
        "squawk calls DEFAULT CURRENT_DATE a generated column needing a rewrite; it is stable, "
        "free since PostgreSQL 11"),
    "058_enum_value_used_in_same_migration.sql": (
        "differ by design",
        "sleet's own rule; squawk has none, and reports its require-enum-value-ordering (ADD "
        "VALUE without BEFORE/AFTER appends), a choice of order sleet does not lint"),
    "140_enum_value_added_existing_value_used.sql": (
        "differ by design", "as 058: squawk's require-enum-value-ordering, not a rule here"),
    "141_enum_value_used_outside_transaction.sql": (
        "differ by design", "as 058: squawk's require-enum-value-ordering, not a rule here"),
    "142_enum_created_and_extended_in_same_migration.sql": (
        "differ by design", "as 058: squawk's require-enum-value-ordering, not a rule here"),
    "057_add_bigserial_column.sql": (
        "sleet right",
        "ADD COLUMN bigserial fills every row from nextval (a rewrite); squawk reports "
        "adding-required-field instead, which is wrong (a serial has its default)"),
}


def expected(sql):
    line = sql.split("\n", 1)[0]
    assert line.startswith("-- expect:"), line
    rules = [r.strip() for r in line[len("-- expect:"):].split(",")]
    return sorted(r for r in rules if r and r != "none")


def sleet_rules(path):
    out = subprocess.run([str(SLEET), "--json", "lint", str(path)], capture_output=True,
                         text=True)
    if out.returncode not in (0, 1):
        return None
    return sorted(f["rule"] for f in json.loads(out.stdout)["targets"][0]["findings"])


def squawk_rules(path):
    out = subprocess.run([str(SQUAWK), "--reporter", "json", str(path)], capture_output=True,
                         text=True)
    if out.returncode not in (0, 1):
        return None
    return sorted(f["rule_name"] for f in json.loads(out.stdout or "[]"))


def shown(rules):
    return ", ".join(rules) if rules else "none"


def verdict(name, sql, want, sleet, squawk):
    if name in NOTES:
        return NOTES[name]
    sleet_ok = sleet == want
    # What squawk can be asked for: not sleet's own rules, and a finding a sleet:ignore
    # comment suppresses counts for squawk too (its comment is `-- squawk-ignore`).
    want_squawk = collections.Counter(r for r in want if r not in SLEET_ONLY)
    got = collections.Counter(squawk)
    ignored = {rule for rule, reason in IGNORE.findall(sql) if reason}
    extra = got - want_squawk
    missing = want_squawk - got
    squawk_ok = not extra and not missing
    by_design = not missing and extra and all(r in ignored for r in extra)
    if sleet_ok and squawk_ok:
        if any(r in SLEET_ONLY for r in want):
            return "differ by design", "sleet's own rule; squawk has none"
        return "both right", ""
    if sleet_ok and by_design:
        return "differ by design", "squawk does not read sleet:ignore comments"
    if sleet_ok:
        note = []
        if extra:
            note.append("squawk also reports " + shown(sorted(extra.elements())))
        if missing:
            note.append("squawk misses " + shown(sorted(missing.elements())))
        return "sleet right", "; ".join(note)
    if squawk_ok:
        return "squawk right", "sleet reports " + shown(sleet)
    return "both wrong", ""


def main():
    rows, counts, design_findings = [], collections.Counter(), collections.Counter()
    files = sorted(CORPUS.glob("*.sql"))
    for path in files:
        sql = path.read_text()
        want = expected(sql)
        sleet = sleet_rules(path)
        squawk_all = squawk_rules(path)
        squawk = [r for r in squawk_all if r not in SQUAWK_BY_DESIGN]
        design = [r for r in squawk_all if r in SQUAWK_BY_DESIGN]
        design_findings.update(design)
        kind, note = verdict(path.name, sql, want, sleet, squawk)
        counts[kind] += 1
        rows.append(f"| `{path.name}` | {shown(want)} | {shown(sleet)} | {shown(squawk)} | "
                    f"{len(design)} | {kind} | {note} |")
    squawk_version = subprocess.run([str(SQUAWK), "--version"], capture_output=True,
                                    text=True).stdout.strip()
    must_report = sum(1 for p in files if expected(p.read_text()))
    lines = [
        f"{len(files)} files ({must_report} must-report, {len(files) - must_report} "
        f"must-not-report); {squawk_version} with its default rules; sleet at this commit.",
        "",
        "| verdict | files |",
        "|---|---|",
    ]
    for kind in ("both right", "sleet right", "squawk right", "both wrong", "differ by design"):
        lines.append(f"| {kind} | {counts[kind]} |")
    lines += [
        "",
        "squawk's by-design findings (rules sleet leaves to `sleet migrate`), over the corpus: " +
        ", ".join(f"{rule} {n}" for rule, n in sorted(design_findings.items())) + ".",
        "",
        "| file | expected | sleet | squawk | squawk by design | verdict | note |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    text = "\n".join(lines) + "\n"
    if "--write" in sys.argv:
        doc = DOC.read_text()
        begin, end = "<!-- compare:begin -->\n", "<!-- compare:end -->"
        head, rest = doc.split(begin)
        _, tail = rest.split(end)
        DOC.write_text(head + begin + text + end + tail)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
