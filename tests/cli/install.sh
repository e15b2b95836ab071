#!/bin/sh
# `cmake --install` gives a working installation outside the build tree: P/bin/srm and the
# libraries in P/lib/srm, with which the installed srm compiles a checker (stripped by default,
# with symbols under -g) that prints what `srm check` prints. `--version` of both names the
# version and the commit. Usage: install.sh CMAKE BUILD_DIR SOURCE_DIR
set -eu
cmake=$1
build=$2
src=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cmake" --install "$build" --prefix "$dir/prefix" --strip >/dev/null
test -x "$dir/prefix/bin/srm"
test -f "$dir/prefix/lib/srm/libsrm_runtime.a"
test -f "$dir/prefix/lib/srm/libsrm_checker_main.a"
version='^[0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}|unknown)\)$'
"$dir/prefix/bin/srm" --version | sed 's/^srm //' | grep -Eq "$version"
cd "$dir"  # outside the build tree: nothing is found there by accident
cp -r "$src/examples" examples
"$dir/prefix/bin/srm" compile examples/ --control 'ACME_*' --control 'S3_*' -o checker
"$dir/prefix/bin/srm" compile examples/ --control 'ACME_*' --control 'S3_*' -g -o checker-g
./checker --version | sed 's/^checker: SRM checker, srm //' | grep -Eq "$version"
# Stripped: no symbol table; -g keeps it.
if readelf -S checker | grep -q '\.symtab'; then echo "checker is not stripped" >&2; exit 1; fi
readelf -S checker-g | grep -q '\.symtab'
# (No .debug_info here: `--strip` dropped the libraries' debug information; the build tree's
# srm compile -g keeps it.)
"$build/srm" compile examples/ --control 'ACME_*' -g -o checker-build-g
readelf -S checker-build-g | grep -q '\.debug_info'
rc=0
./checker -i examples/template.json --show all >checker.out || rc=$?
test "$rc" = 1
rc=0
"$build/srm" check examples/ -i examples/template.json --control 'ACME_*' --control 'S3_*' \
  --show all >srm.out || rc=$?
test "$rc" = 1
cmp checker.out srm.out
grep -q '^S3_BUCKET_PUBLIC_ACCESS_BLOCK ' srm.out
echo "install: ok ($(wc -c <checker) bytes stripped, $(wc -c <checker-g) with -g)"
