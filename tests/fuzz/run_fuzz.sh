#!/usr/bin/env bash
# `make fuzz`: installs clang (tests/fuzz/packages.txt), builds the libFuzzer targets with
# ASan+UBSan in build-fuzz/ (-DSRM_FUZZ=ON) and runs each for FUZZ_SECONDS (or FUZZ_RUNS inputs),
# one after the other, then writes build-fuzz/fuzz-summary.txt (executions, coverage, result per
# target). Exits 1 when a target found a crash, leak, timeout or OOM. See docs/fuzzing.md.
#
#   FUZZ_SECONDS=600       time per target (libFuzzer -max_total_time)
#   FUZZ_RUNS=             when set, inputs per target (-runs) instead of a time limit
#   FUZZ_TARGETS="a b"     the targets to run (default: all)
#   FUZZ_TIMEOUT=10        seconds per input before libFuzzer reports a timeout
#   FUZZ_RSS_MB=2048       memory limit (-rss_limit_mb; -malloc_limit_mb is the same)
#   FUZZ_FLAGS=            more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1"
#   FUZZ_DIR=build-fuzz    build and work directory
#   FUZZ_NICE=10           nice level of the fuzzing processes
#   FUZZ_SUMMARY=          summary file (default: FUZZ_DIR/fuzz-summary.txt)
#   FUZZ_SKIP_BUILD=       when set, use the targets already built (parallel runs of this script)
set -euo pipefail
cd "$(dirname "$0")/../.."

FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_RUNS=${FUZZ_RUNS:-}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
FUZZ_NICE=${FUZZ_NICE:-10}
FUZZ_SUMMARY=${FUZZ_SUMMARY:-$FUZZ_DIR/fuzz-summary.txt}
FUZZ_SKIP_BUILD=${FUZZ_SKIP_BUILD:-}
JOBS=${JOBS:-2}
ALL_TARGETS="frontend frontend_stdlib inventory_cfn_json inventory_cfn_yaml inventory_tfplan
  inventory_config inventory_generic cfn_resolve diff_backends"
FUZZ_TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}

# With the kernel's autogroup scheduling (sched_autogroup_enabled), nice only ranks processes
# within one session: a fuzzer started with setsid at nice 19 still takes half the machine
# from a build in another session. When the script leads its own session (setsid), that
# session's group gets the same nice level (never a terminal's session: it holds the user's shell).
if [[ -w /proc/self/autogroup && "$(ps -o sid= -p $$ | tr -d ' ')" == "$$" ]]; then
  echo "$FUZZ_NICE" >/proc/self/autogroup 2>/dev/null || true
fi

# --- clang and libFuzzer (Debian packages, installed when missing), then the build ----------------
install_packages() {
  local missing=() pkg
  for pkg in $(grep -v '^#' tests/fuzz/packages.txt); do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] ||
      missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo DEBIAN_FRONTEND=noninteractive)
  echo "fuzz: installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" </dev/null
}

build() {
  if [[ ! -f "$FUZZ_DIR/build.ninja" ]]; then
    local launcher=()
    if command -v ccache >/dev/null; then
      launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    fi
    cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSRM_FUZZ=ON \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}"
  fi
  cmake --build "$FUZZ_DIR" --target fuzz-targets -j"$JOBS"
}

if [[ -z "$FUZZ_SKIP_BUILD" ]]; then
  install_packages
  build
fi

# --- fuzz ----------------------------------------------------------------------------------------
dict_of() {
  case "$1" in
    frontend | frontend_stdlib) echo tests/fuzz/dict/srm.dict ;;
    inventory_cfn_json | inventory_cfn_yaml) echo tests/fuzz/dict/cfn.dict ;;
    inventory_tfplan) echo tests/fuzz/dict/tfplan.dict ;;
    inventory_config) echo tests/fuzz/dict/config.dict ;;
    inventory_generic) echo tests/fuzz/dict/generic.dict ;;
  esac
}
max_len_of() {
  case "$1" in
    cfn_resolve) echo 4096 ;;
    frontend | frontend_stdlib) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

summary="$FUZZ_SUMMARY"
{
  echo "# make fuzz, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null)"
  printf '%-20s %-8s %12s %9s %7s %7s %7s %s\n' target result executions exec/s cov ft corpus \
    seconds
} >"$summary"
failed=0
for t in $FUZZ_TARGETS; do
  work="$FUZZ_DIR/corpus/$t" artifacts="$FUZZ_DIR/artifacts/$t/" log="$FUZZ_DIR/logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  args=(-max_len="$(max_len_of "$t")" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB"
    -malloc_limit_mb="$FUZZ_RSS_MB" -print_final_stats=1 -artifact_prefix="$artifacts")
  if [[ -n "$FUZZ_RUNS" ]]; then args+=(-runs="$FUZZ_RUNS"); else
    args+=(-max_total_time="$FUZZ_SECONDS"); fi
  dict=$(dict_of "$t")
  [[ -z "$dict" ]] || args+=(-dict="$dict")
  # shellcheck disable=SC2206
  args+=($FUZZ_FLAGS)
  echo "fuzz: $t: $FUZZ_DIR/fuzz/fuzz_$t ${args[*]} $work tests/fuzz/corpus/$t (log: $log)"
  start=$(date +%s)
  touch "$log.start"
  set +e
  # New inputs go to the work corpus (first directory); the repository's corpus is only read.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    nice -n "$FUZZ_NICE" "$FUZZ_DIR/fuzz/fuzz_$t" "${args[@]}" "$work" "tests/fuzz/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  set -e
  seconds=$(($(date +%s) - start))
  # The last status line: "#123456 DONE cov: 4321 ft: 9876 corp: 500/1Mb exec/s: 210 ...".
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
  execs=$(grep -oE '^stat::number_of_executed_units: +[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
  [[ -n "$execs" ]] || execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#' || true)
  rate=$(grep -oE '^stat::average_exec_per_sec: +[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
  cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || true)
  ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+' || true)
  corp=$(echo "$last" | grep -oE 'corp: [0-9]+' | grep -oE '[0-9]+' || true)
  result=ok
  # What this run found (slow-unit-* files are only slow inputs, not failures).
  found=$(find "$artifacts" -newer "$log.start" -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  if [[ $rc -ne 0 ]] || [[ -n "$found" ]]; then
    result=FAILED
    failed=1
    echo "fuzz: $t FAILED (exit $rc); found: $(echo $found)" >&2
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz oracle failed' \
      "$log" | head -n 5 >&2 || true
  fi
  printf '%-20s %-8s %12s %9s %7s %7s %7s %s\n' "$t" "$result" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$seconds" >>"$summary"
done
cat "$summary"
exit "$failed"
