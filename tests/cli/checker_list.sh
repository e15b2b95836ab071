#!/bin/sh
# A compiled checker's --list prints what `srm list` prints for the same policies (text, JSON
# and Markdown, with a --control glob; text without --format), and -i stays required without
# --list.
# A checker compiled with `srm compile --control GLOB` knows those controls alone.
# Usage: checker_list.sh SRM
set -eu
srm=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$srm" compile -o "$dir/checker"
for format in text json md; do
  "$srm" list --format "$format" --control 'S3_*' >"$dir/srm.$format"
  "$dir/checker" --list --format "$format" --control 'S3_*' >"$dir/checker.$format"
  cmp "$dir/srm.$format" "$dir/checker.$format"
done
"$dir/checker" --list --control 'S3_*' >"$dir/checker.default"
cmp "$dir/srm.text" "$dir/checker.default"
grep -q '^S3_BUCKET_VERSIONING ' "$dir/srm.text"
"$srm" compile --control 'S3_*' -o "$dir/s3only"
"$dir/s3only" --list >"$dir/s3only.text"
cmp "$dir/srm.text" "$dir/s3only.text"
if "$dir/s3only" --list --control CT.S3.PR.1 2>"$dir/err"; then
  echo "a control outside the compiled selection was found" >&2
  exit 1
fi
grep -q "unknown control 'CT.S3.PR.1'" "$dir/err"
if "$srm" compile --control S3_BUCKET_VERSINING -o "$dir/typo" 2>"$dir/err"; then exit 1; fi
grep -q "did you mean 'S3_BUCKET_VERSIONING'" "$dir/err"
grep -q '"id": "S3_BUCKET_VERSIONING"' "$dir/srm.json"
grep -q '^| `S3_BUCKET_VERSIONING` |' "$dir/srm.md"
if "$dir/checker" 2>"$dir/err"; then
  echo "the checker ran without -i" >&2
  exit 1
fi
grep -q -- '--inventory is required' "$dir/err"
if "$dir/checker" --list --control S3_BUCKET_VERSINING 2>"$dir/err"; then exit 1; fi
grep -q "did you mean 'S3_BUCKET_VERSIONING'" "$dir/err"
echo "checker --list matches srm list"
