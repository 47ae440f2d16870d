#!/bin/sh
# Every documentation page the code and the docs point to exists: "docs/....md" named in
# headers, sources and the README, and relative links between Markdown pages.
# Usage: check_doc_links.sh <source dir>
set -u
cd "$1" || exit 2
status=0
for reference in $(grep -rhoE 'docs/[A-Za-z0-9_./-]+\.md' include src README.md | sort -u); do
  if [ ! -f "$reference" ]; then
    echo "missing: $reference, named in: $(grep -rlF "$reference" include src README.md | tr '\n' ' ')"
    status=1
  fi
done
for page in README.md docs/*.md docs/*/*.md; do
  directory=$(dirname "$page")
  for link in $(grep -oE '\]\([^)#:]+\.md(#[^)]*)?\)' "$page" | sed -E 's/^\]\(//; s/\)$//; s/#.*$//' | sort -u); do
    if [ ! -f "$directory/$link" ]; then
      echo "missing: $directory/$link, linked from $page"
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "every referenced documentation page exists"
exit $status
