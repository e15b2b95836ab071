#!/bin/sh
# `cpack -G DEB` (make deb) builds a Debian package named srm with the project's version, a
# maintainer, and dependencies on the shared libraries srm needs (not LLVM's: it is linked
# statically) and on what `srm compile` links checkers with; it holds /usr/bin/srm and
# /usr/lib/srm/*.a, and the srm it holds (extracted, not installed: that needs root) compiles a
# working checker.
# Usage: deb.sh CPACK BUILD_DIR SOURCE_DIR
set -eu
cpack=$1
build=$2
src=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$dir" >"$dir/cpack.log" 2>&1 ||
  { cat "$dir/cpack.log" >&2; exit 1; }
deb=$(ls "$dir"/srm_*.deb)
dpkg-deb -I "$deb" >"$dir/info"
grep -q '^ Package: srm$' "$dir/info"
grep -Eq '^ Version: [0-9]+\.[0-9]+\.[0-9]+$' "$dir/info"
grep -q '^ Maintainer: .*@' "$dir/info"
for dep in libantlr4-runtime4.9 libsimdjson14 libre2-9 libstdc++6 libc6 zlib1g libtinfo6 g++ \
  libre2-dev libyaml-cpp-dev libsimdjson-dev; do
  grep '^ Depends:' "$dir/info" | grep -q "$dep" || { echo "Depends lacks $dep" >&2; cat "$dir/info" >&2; exit 1; }
done
# LLVM is linked into srm statically (CMakeLists.txt, SRM_LLVM_DYLIB): no libllvm14.
if grep '^ Depends:' "$dir/info" | grep -q libllvm; then
  echo "Depends has libllvm: srm should link LLVM statically" >&2; cat "$dir/info" >&2; exit 1
fi
dpkg-deb -c "$deb" >"$dir/contents"
grep -q ' \./usr/bin/srm$' "$dir/contents"
grep -q ' \./usr/lib/srm/libsrm_runtime\.a$' "$dir/contents"
grep -q ' \./usr/lib/srm/libsrm_checker_main\.a$' "$dir/contents"
dpkg-deb -x "$deb" "$dir/root"
cd "$dir"
"$dir/root/usr/bin/srm" compile "$src/examples" --control 'ACME_*' -o checker
rc=0
./checker -i "$src/examples/template.json" >/dev/null || rc=$?
test "$rc" = 1
echo "deb: ok ($(wc -c <"$deb") bytes)"
