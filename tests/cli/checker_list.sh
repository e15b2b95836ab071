#!/bin/sh
# A compiled checker's --list prints what `srm list` prints for the same policies (text and
# JSON, with a --control glob), and -i stays required without --list.
# Usage: checker_list.sh SRM
set -eu
srm=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$srm" compile -o "$dir/checker"
for format in text json; do
  "$srm" list --format "$format" --control 'S3_*' >"$dir/srm.$format"
  "$dir/checker" --list --format "$format" --control 'S3_*' >"$dir/checker.$format"
  cmp "$dir/srm.$format" "$dir/checker.$format"
done
grep -q '^S3_BUCKET_VERSIONING ' "$dir/srm.text"
grep -q '"id": "S3_BUCKET_VERSIONING"' "$dir/srm.json"
if "$dir/checker" 2>"$dir/err"; then
  echo "the checker ran without -i" >&2
  exit 1
fi
grep -q -- '--inventory is required' "$dir/err"
if "$dir/checker" --list --control S3_BUCKET_VERSINING 2>"$dir/err"; then exit 1; fi
grep -q "did you mean 'S3_BUCKET_VERSIONING'" "$dir/err"
echo "checker --list matches srm list"
