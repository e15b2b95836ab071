#!/bin/sh
# A report that cannot be written is a usage error (exit 2) with the reason, never a run that
# looks finished: stdout on a full device (`> /dev/full`) in every format, and --output on one,
# both for a report smaller than the writers' buffer and for one far larger (written while it is
# rendered, runtime/report/report_out.h). docs/reports.md.
# Usage: report_write_error.sh SRM SOURCE_DIR
set -eu
srm=$1
src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
expect_full() {  # expect_full WHAT ARGS...: the run exits 2 naming WHAT and ENOSPC
  what=$1
  shift
  set +e
  "$@" 2>"$dir/err"
  code=$?
  set -e
  if [ "$code" -ne 2 ]; then
    echo "exit $code, not 2: $*" >&2
    cat "$dir/err" >&2
    exit 1
  fi
  grep -q "^error: cannot write the report to '$what': No space left on device$" "$dir/err"
}
inventories="-i $src/examples/template.json -i $src/examples/yaml -i $src/examples/terraform -i $src/examples/config"
for format in text json sarif junit; do
  # Small (one template) and large (--show all, every finding of the examples' four inventories).
  expect_full stdout sh -c "\"$srm\" check -i \"$src/examples/template.json\" --format $format >/dev/full"
  "$srm" check $inventories --format "$format" --show all >"$dir/big.$format" || true
  test "$(wc -c <"$dir/big.$format")" -gt 0
  expect_full stdout sh -c "\"$srm\" check $inventories --format $format --show all >/dev/full"
done
# The JSON report of the examples is larger than the 64 KiB buffer: it is written in pieces.
test "$(wc -c <"$dir/big.json")" -gt 65536
expect_full /dev/full "$srm" check $inventories --format json --output /dev/full
# --update-baseline goes through the same writer.
expect_full /dev/full "$srm" check -i "$src/examples/template.json" --update-baseline /dev/full \
  --output "$dir/r.json"
echo ok
