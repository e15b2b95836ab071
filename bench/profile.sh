#!/usr/bin/env bash
# Where the time of one `srm check` goes: perf record (DWARF call graphs) of the whole stdlib +
# examples/policy.srm on a generated template, then the inclusive share of each phase and the
# hottest functions.
#
#   bench/profile.sh [SIZE] [-- extra srm check arguments]    # SIZE default 100k
#   POLICY=bench/policies/heavy.srm bench/profile.sh 100k -- --control BENCH_HEAVY_SG_EXPOSURE
#
# Needs perf (Debian: apt-get install linux-perf). Uses the template bench/run.sh generates
# (bench/out/templates/t<N>-s1.json) and writes perf data to $OUT (default bench/out).
set -uo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$ROOT/bench/out}
SRM=${SRM:-$ROOT/build/srm}
POLICY=${POLICY:-$ROOT/examples}
SIZE=${1:-100k}
shift || true
[ "${1:-}" = "--" ] && shift
command -v perf >/dev/null || { echo "profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 2; }

n=${SIZE,,}; case $n in *k) n=$(( ${n%k} * 1000 )) ;; *m) n=$(( ${n%m} * 1000000 )) ;; esac
T=$OUT/templates/t$n-s1.json
mkdir -p "$OUT/templates"
[ -s "$T" ] || python3 "$ROOT/bench/gen_template.py" --resources "$n" --seed 1 > "$T"
DATA=$OUT/perf-$SIZE.data

perf record -q -o "$DATA" -F 1000 --call-graph dwarf,16384 \
  "$SRM" check "$POLICY" -i "$T" --timings "$@" > /dev/null 2> "$OUT/perf-$SIZE.stderr"
grep timings "$OUT/perf-$SIZE.stderr"

echo
echo "Inclusive share of the samples (children), by phase:"
perf report -i "$DATA" --children --sort symbol --stdio -g none 2>/dev/null |
  awk '/^ +[0-9.]+%/ {
         sym = $0; sub(/^ +[0-9.]+% +[0-9.]+% +\[[.k]\] /, "", sym); sub(/   +.*$/, "", sym)
         if (!(sym in seen)) { seen[sym] = 1; share[sym] = $1 }
       }
       END {
         n = split("srm::sema::RunFrontEnd|srm::rt::LoadCloudFormationJson|srm::rt::Inventory::AddResource|srm::rt::Interner::Intern|srm::interp::Evaluate|srm::rt::Value::Get|srm::interp::(anonymous namespace)::Interp::Call|srm::rt::RenderText|srm::rt::RenderJson|srm::rt::SourceFile::Where|exc_page_fault|__munmap|_int_free", want, "|")
         for (i = 1; i <= n; i++) {
           best = ""
           for (s in share) if (index(s, want[i]) == 1 && (best == "" || share[s] + 0 > share[best] + 0)) best = s
           if (best != "") printf "  %7s  %s\n", share[best], best
         }
       }'
echo
echo "Hottest functions (self):"
perf report -i "$DATA" --no-children --sort dso,symbol --stdio -g none 2>/dev/null |
  awk '/^ +[0-9.]+%/' | sed -E 's/ {3,}-.*$//' | head -20 | cut -c1-140
