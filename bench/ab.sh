#!/usr/bin/env bash
# Compares srm binaries (or checkers) on one command line, runs interleaved (A B A B ...) so
# that a machine whose speed drifts (other work, a VM's neighbours) affects both alike. Prints,
# per binary, the medians and minima of the `--timings` load and evaluate figures and of the
# CPU time (user + system).
#
#   bench/ab.sh 10 /tmp/srm-before build/srm -- check examples -i t100k.json --format text \
#       --output /dev/null
#
# The arguments after `--` are given to every binary, followed by --timings.
set -euo pipefail
export LC_ALL=C
if (($# < 4)); then
  echo "usage: bench/ab.sh RUNS BINARY... -- ARGS..." >&2
  exit 2
fi
runs=$1
shift
bins=()
while (($# > 0)) && [[ "$1" != "--" ]]; do
  bins+=("$1")
  shift
done
shift
for ((i = 0; i < runs; i++)); do
  for b in "${bins[@]}"; do
    out=$({ /usr/bin/time -f "CPU %U %S" "$b" "$@" --timings >/dev/null; } 2>&1 || true)
    load=$(grep -o "load [0-9.]*" <<<"$out" | awk '{print $2}')
    evaluate=$(grep -o "evaluate [0-9.]*" <<<"$out" | awk '{print $2}')
    cpu=$(grep "^CPU" <<<"$out" | awk '{print ($2 + $3) * 1000}')
    echo "$b ${load:-nan} ${evaluate:-nan} ${cpu:-nan}"
  done
done | python3 -c '
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in sys.stdin:
    b, *v = line.split()
    rows[b].append([float(x) for x in v])
for b, r in rows.items():
    load, ev, cpu = zip(*r)
    print(f"{b}: load ms median {statistics.median(load):.1f} min {min(load):.1f} | "
          f"evaluate ms median {statistics.median(ev):.1f} | CPU ms median "
          f"{statistics.median(cpu):.0f} min {min(cpu):.0f} (runs {len(r)})")
'
