#!/usr/bin/env bash
# SRM benchmark suite: synthetic CloudFormation templates of 1k..1M resources, every available
# SRM runner (interpreter now; the LLVM JIT and the compiled checker when the binary has them)
# and cfn-guard as the peer. Prints markdown tables (also written to $OUT/results.md).
#
#   bench/run.sh                         # sizes 1k,10k,100k
#   bench/run.sh --sizes 1k,10k          # limit the sizes (1M: --sizes 1M, ~340 MB template)
#   bench/run.sh --sizes 10kx10          # 10,000 templates of 10 resources each, one run over
#                                        # their directory (the per-file overhead)
#   bench/run.sh --runs 5 --no-guard     # 5 runs per cell (median), skip cfn-guard
#   bench/run.sh --guard-ct              # also run the closest shipped Control Tower rules
#   bench/run.sh --workloads controltower --sizes 1k,10k --guard-runs 1
#                                        # the stdlib's Control Tower ports vs cfn-guard's 237 rules
#   SRM=/path/to/srm bench/run.sh        # another srm binary (default: build/srm)
#
# Options: --sizes LIST, --runs N (default: 3 up to 100k, 1 above), --seed S (default 1),
# --runners LIST (names from RUNNERS below; default: all available), --workloads LIST
# (all,equiv,one,heavy,controltower; default the first four), --no-guard, --guard-ct,
# --guard-max SIZE (largest template given to cfn-guard, default 100k: it needs 140-190x the
# file size in RAM), --guard-runs N (cfn-guard runs per cell, default --runs: the 237 Control
# Tower rules take minutes on 10k resources), --jobs N (passed to srm and the checkers as their
# --jobs: evaluating threads; default: theirs, every core).
# Environment: SRM, CFN_GUARD (cfn-guard binary), OUT (default bench/out), SRM_FORMAT (text).
#
# Nothing is installed. cfn-guard is used when $CFN_GUARD is executable, else skipped; the
# expected install (outside the repository) is printed in the notes. Each run also keeps
# $OUT/results-<time>.md and $OUT/raw-<time>.tsv (size, workload, runner, wall ms, RSS KB,
# CPU ms, compile/load/evaluate ms, runs).
set -uo pipefail
export LC_ALL=C
unset SRM_BACKEND  # the LLVM-backend srm reads it as the default backend; runners say it

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=${OUT:-$BENCH/out}
SRM=${SRM:-$ROOT/build/srm}
# cfn-guard: $CFN_GUARD, else the install of bench's notes (/tmp/cfnguard), else the one the
# fidelity suite caches (tests/support/npm_package.py: ${XDG_CACHE_HOME:-~/.cache}/srm/npm).
GUARD_PKG=node_modules/@cdklabs/cdk-validator-cfnguard
GUARD_BIN=bin/ubuntu/x86_64/cfn-guard
if [ -z "${CFN_GUARD:-}" ]; then
  CFN_GUARD=/tmp/cfnguard/$GUARD_PKG/$GUARD_BIN
  [ -x "$CFN_GUARD" ] || CFN_GUARD=${XDG_CACHE_HOME:-$HOME/.cache}/srm/npm/$GUARD_PKG/$GUARD_BIN
fi
SRM_FORMAT=${SRM_FORMAT:-text}
TIME=/usr/bin/time

# ------------------------------------------------------------------------------------ runners
# One line per SRM runner: NAME | PROBE | COMMAND | PREPARE (fields cannot contain '|')
#   PROBE    a shell command; the runner is used only if it succeeds
#   COMMAND  runs the check; {P} = policy paths, {C} = --control arguments, {T} = template,
#            {BIN} = the checker PREPARE built for {P}. It must print srm's --timings line.
#   PREPARE  optional, run (and timed) once per policy set before the measurements
# Adding a backend is adding a line here.
RUNNERS=(
  'interp   | true                                                  | "$SRM" check {P} -i {T} {C} --format $SRM_FORMAT --timings $(srm_backend_flag interp) |'
  'jit      | srm_has check --backend=                              | "$SRM" check --backend=jit {P} -i {T} {C} --format $SRM_FORMAT --timings |'
  'compiled | srm_has compile --output                              | {BIN} -i {T} {C} --format $SRM_FORMAT --timings | "$SRM" compile {P} -o {BIN}'
)

# ---------------------------------------------------------------------------------- workloads
# NAME | SRM policy paths (empty: none, the embedded stdlib alone) | SRM controls (empty: all;
# globs allowed) | cfn-guard rules: files or directories (empty: no peer) | template: fixtures
# mixed in by gen_template.py --fixtures (empty: the plain template)
EQUIV_CONTROLS="S3_BUCKET_DEFAULT_ENCRYPTION S3_BUCKET_PUBLIC_ACCESS_BLOCK RDS_INSTANCE_STORAGE_ENCRYPTED RDS_INSTANCE_NOT_PUBLIC EBS_VOLUME_ENCRYPTED EC2_SG_NO_PUBLIC_ADMIN_PORTS EC2_SG_INGRESS_NO_PUBLIC_ADMIN_PORTS"
HEAVY_CONTROLS="BENCH_HEAVY_SG_EXPOSURE BENCH_HEAVY_SG_INGRESS_EXPOSURE BENCH_HEAVY_BUCKET_HYGIENE BENCH_HEAVY_LAMBDA_HYGIENE BENCH_HEAVY_IAM_ROLE_ARNS"
# The shipped AWS Control Tower rules: all 237 (the directory; cfn-guard reads its subfolders).
CT_DIR=$(dirname "$(dirname "$(dirname "$(dirname "$CFN_GUARD")")")")/rules/control-tower/cfn-guard
WORKLOADS=(
  "all   | $ROOT/examples               |                                 | "
  "equiv | $ROOT/examples               | $EQUIV_CONTROLS                 | $BENCH/guard"
  "one   | $ROOT/examples               | S3_BUCKET_PUBLIC_ACCESS_BLOCK   | $BENCH/guard/s3_bucket_public_access_block.guard"
  "heavy | $BENCH/policies/heavy.srm    | $HEAVY_CONTROLS                 | "
  "controltower |                       | CT.*                            | $CT_DIR | $ROOT/tests/controltower/fixtures"
)
# The shipped AWS Control Tower rules closest to the equiv set (see docs/performance.md).
CT_RULES="s3/ct-s3-pr-1.guard s3/ct-s3-pr-10.guard rds/ct-rds-pr-24.guard rds/ct-rds-pr-23.guard ec2/ct-ec2-pr-7.guard ec2/ct-ec2-pr-4.guard"

# ------------------------------------------------------------------------------------ options
SIZES=1k,10k,100k
RUNS=
SEED=1
ONLY_RUNNERS=
ONLY_WORKLOADS=all,equiv,one,heavy
GUARD=1
GUARD_RUNS=
GUARD_CT=0
GUARD_MAX=100k
JOBS=
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --sizes=*) SIZES=${1#*=}; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --runners) ONLY_RUNNERS=$2; shift 2 ;;
    --workloads) ONLY_WORKLOADS=$2; shift 2 ;;
    --no-guard) GUARD=0; shift ;;
    --guard-ct) GUARD_CT=1; shift ;;
    --guard-max) GUARD_MAX=$2; shift 2 ;;
    --guard-runs) GUARD_RUNS=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }
count_of() {  # 1k -> 1000, 1M -> 1000000; 10kx10 (files x resources each) -> 100000
  local s=${1,,}
  case $s in
    *x*) echo $(( $(count_of "${s%%x*}") * $(count_of "${s#*x}") )) ;;
    *k) echo $(( ${s%k} * 1000 )) ;; *m) echo $(( ${s%m} * 1000000 )) ;; *) echo "$s" ;;
  esac
}
bytes_of() {  # the bytes of a template, or of every file of a directory of templates
  if [ -d "$1" ]; then find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; else stat -c %s "$1"; fi
}
in_list() { [[ ",$2," == *",$1,"* ]]; }
srm_has() {  # srm_has SUBCOMMAND OPTION: the subcommand's --help mentions the option
  "$SRM" "$1" --help 2>/dev/null | grep -q -- "${2%=}"
}
srm_backend_flag() {  # --backend=X only on binaries that know the option
  srm_has check --backend && echo "--backend=$1"
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

mkdir -p "$OUT/templates" "$OUT/logs" "$OUT/bin"
RAW=$OUT/raw.tsv
: > "$RAW"
NOTES=()

if [ ! -x "$SRM" ]; then echo "run.sh: no srm binary at $SRM (build it or set SRM=)" >&2; exit 2; fi
if [ ! -x "$TIME" ]; then echo "run.sh: $TIME (GNU time) is needed for peak RSS: apt-get install time" >&2; exit 2; fi

# ---------------------------------------------------------------------------------- templates
template_for() {  # generates (once) and prints the path of the template of $1 resources, with
  # the fixtures of directory $2 mixed in when given (gen_template.py --fixtures); for a size
  # FILESxRESOURCES, the directory of FILES templates of RESOURCES each (gen_template.py --files)
  local n=$1 fx=${2:-} f=$OUT/templates/t$1-s$SEED.json args=()
  if [[ $n == *x* ]]; then
    local files resources
    files=$(count_of "${n%%x*}"); resources=$(count_of "${n#*x}")
    f=$OUT/templates/files-${files}x$resources-s$SEED
    [ -n "$fx" ] && { f+=-$(basename "$(dirname "$fx")"); args=(--fixtures "$fx"); }
    if [ ! -f "$f/.complete" ] || [ "$BENCH/gen_template.py" -nt "$f/.complete" ]; then
      log "generating $f ($files files)"
      rm -rf "$f"
      python3 "$BENCH/gen_template.py" --resources "$resources" --files "$files" --out "$f" \
        --seed "$SEED" "${args[@]}" && touch "$f/.complete" || {
        rm -rf "$f"; echo "run.sh: template generation failed" >&2; exit 2; }
    fi
    echo "$f"
    return
  fi
  if [ -n "$fx" ]; then f=$OUT/templates/t$1-s$SEED-$(basename "$(dirname "$fx")").json; args=(--fixtures "$fx"); fi
  if [ ! -s "$f" ] || [ "$BENCH/gen_template.py" -nt "$f" ] || { [ -n "$fx" ] && [ -n "$(find "$fx" -newer "$f" -print -quit)" ]; }; then
    log "generating $f"
    python3 "$BENCH/gen_template.py" --resources "$n" --seed "$SEED" "${args[@]}" > "$f.tmp" && mv "$f.tmp" "$f" || {
      rm -f "$f.tmp"; echo "run.sh: template generation failed" >&2; exit 2; }
  fi
  echo "$f"
}

# ------------------------------------------------------------------------------------ measure
# measure LABEL OKCODES CMD... : one run; appends "wall_ms rss_kb cpu_ms compile load evaluate" to
# $LAST (a file), or "fail" if the exit code is not in OKCODES.
measure() {
  local label=$1 ok=$2; shift 2
  local tf=$OUT/logs/time.txt ef=$OUT/logs/$label.stderr
  local t0 t1 rc
  t0=$(date +%s%N)
  "$TIME" -v -o "$tf" "$@" > /dev/null 2> "$ef"
  rc=$?
  t1=$(date +%s%N)
  if ! in_list "$rc" "$ok" || { [ "$NEED_TIMINGS" = 1 ] && ! grep -q 'timings: ' "$ef"; }; then
    log "FAILED ($rc): $* (stderr: $ef)"
    echo fail >> "$LAST"
    return 1
  fi
  local rss wall cpu c l e
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.0f", s * 1000}' "$tf")
  wall=$(( (t1 - t0) / 1000000 ))
  read -r c l e < <(sed -n 's/.*timings: compile \([0-9.]*\) ms, load \([0-9.]*\) ms, evaluate \([0-9.]*\) ms.*/\1 \2 \3/p' "$ef" | tail -1)
  echo "$wall $rss $cpu ${c:--} ${l:--} ${e:--}" >> "$LAST"
}

# run_cell SIZE WORKLOAD RUNNER NRUNS OKCODES CMD... : NRUNS measurements, medians into $RAW.
run_cell() {
  local size=$1 wl=$2 runner=$3 n=$4 ok=$5; shift 5
  LAST=$OUT/logs/last.txt
  : > "$LAST"
  local i
  for ((i = 1; i <= n; i++)); do measure "$runner-$wl-$size" "$ok" "$@" || break; done
  if grep -q fail "$LAST"; then
    printf '%s\t%s\t%s\tfail\t-\t-\t-\t-\t-\t%s\n' "$size" "$wl" "$runner" "$n" >> "$RAW"
    return
  fi
  local cols=() k
  for k in 1 2 3 4 5 6; do
    if awk -v k=$k '$k == "-" {bad=1} END {exit !bad}' "$LAST"; then cols+=("-"); else cols+=("$(awk -v k=$k '{print $k}' "$LAST" | median)"); fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$wl" "$runner" "${cols[@]}" "$n" >> "$RAW"
  log "$size $wl $runner: wall ${cols[0]} ms, cpu ${cols[2]} ms, RSS $(( ${cols[1]} / 1024 )) MiB, split ${cols[3]}/${cols[4]}/${cols[5]} ms (median of $n)"
}

# ------------------------------------------------------------------------------------ runners
declare -a R_NAME R_CMD R_PREP
for line in "${RUNNERS[@]}"; do
  IFS='|' read -r name probe cmd prep <<< "$line"
  name=$(trim "$name"); probe=$(trim "$probe"); cmd=$(trim "$cmd"); prep=$(trim "$prep")
  if [ -n "$ONLY_RUNNERS" ] && ! in_list "$name" "$ONLY_RUNNERS"; then continue; fi
  if ! eval "$probe" >/dev/null 2>&1; then NOTES+=("runner $name: not available in $SRM (probe: $probe), skipped"); continue; fi
  R_NAME+=("$name"); R_CMD+=("$cmd"); R_PREP+=("$prep")
done
[ ${#R_NAME[@]} -gt 0 ] || { echo "run.sh: no runner available" >&2; exit 2; }

HAVE_GUARD=0
if [ "$GUARD" = 1 ]; then
  if [ -x "$CFN_GUARD" ]; then
    HAVE_GUARD=1
  else
    NOTES+=("cfn-guard not found at $CFN_GUARD: skipped. Install it outside the repository: mkdir -p /tmp/cfnguard && cd /tmp/cfnguard && npm install @cdklabs/cdk-validator-cfnguard (or set CFN_GUARD=)")
  fi
fi

# expand TEMPLATE POLICY CONTROLS BIN : a runner command with the placeholders filled in (no
# policy argument for an empty POLICY; each control quoted, so that a glob reaches srm)
expand() {
  local s=$1 p="" c="" id bin=$5
  [ -n "$3" ] && p="\"$3\""
  for id in $4; do c+=" --control '$id'"; done
  s=${s//\{P\}/$p}; s=${s//\{C\}/$c}; s=${s//\{T\}/\"$2\"}; s=${s//\{BIN\}/\"$bin\"}
  printf '%s' "$s"
}
declare -A COMMANDS  # "size/workload/runner" -> the measured command, for the report

# The simdjson parse floor (bench/tools/json_parse_time.cpp), built when a compiler and the
# simdjson headers are there.
PARSE_TOOL=$OUT/bin/json_parse_time
if [ ! -x "$PARSE_TOOL" ] || [ "$BENCH/tools/json_parse_time.cpp" -nt "$PARSE_TOOL" ]; then
  c++ -O2 -std=c++17 -DSIMDJSON_THREADS_ENABLED=1 "$BENCH/tools/json_parse_time.cpp" -lsimdjson \
    -o "$PARSE_TOOL" 2>/dev/null || NOTES+=("bench/tools/json_parse_time.cpp did not build (needs c++ and libsimdjson-dev): no JSON parse floor")
fi

# --------------------------------------------------------------------------------------- main
PREP_ROWS=()
declare -A PREPARED
for size in ${SIZES//,/ }; do
  n=$(count_of "$size")
  runs=${RUNS:-$([ "$n" -le 100000 ] && echo 3 || echo 1)}
  T=$(template_for "$([[ ${size,,} == *x* ]] && echo "${size,,}" || echo "$n")")
  T_PLAIN=$T
  bytes=$(bytes_of "$T")
  printf '#size\t%s\t%s\t%s\t%s\n' "$size" "$n" "$bytes" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW"
  log "size $size: $T ($((bytes / 1048576)) MiB), $runs run(s) per cell, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -x "$PARSE_TOOL" ] && [ -f "$T" ]; then  # the JSON parse floor (simdjson DOM parse, best of 3)
    pt=$("$PARSE_TOOL" "$T" 2>/dev/null) &&
      printf '#parse\t%s\t%s\t%s\n' "$size" "$(sed 's/parse \([0-9.]*\) ms, walk \([0-9.]*\) ms.*/\1\t\2/' <<< "$pt")" "$pt" >> "$RAW"
  fi
  for wline in "${WORKLOADS[@]}"; do
    IFS='|' read -r wl policy controls rules fixtures <<< "$wline"
    wl=$(trim "$wl"); policy=$(trim "$policy"); controls=$(trim "$controls"); rules=$(trim "$rules")
    fixtures=$(trim "$fixtures")
    in_list "$wl" "$ONLY_WORKLOADS" || continue
    T=$T_PLAIN
    if [ -n "$fixtures" ]; then
      T=$(template_for "$([[ ${size,,} == *x* ]] && echo "${size,,}" || echo "$n")" "$fixtures")
      printf '#template\t%s\t%s\t%s\t%s\n' "$size" "$wl" "$(bytes_of "$T")" "$T" >> "$RAW"
    fi
    for i in "${!R_NAME[@]}"; do
      name=${R_NAME[$i]}
      bin=$OUT/bin/checker-$( [ -n "$policy" ] && basename "$policy" .srm || echo stdlib)
      if [ -n "${R_PREP[$i]}" ] && [ -z "${PREPARED[$name:$policy]:-}" ]; then
        pcmd=$(expand "${R_PREP[$i]}" "$T" "$policy" "" "$bin")
        LAST=$OUT/logs/prep.txt; : > "$LAST"
        eval "argv=($pcmd)"
        if NEED_TIMINGS=0 measure "prepare-$name-$(basename "$policy")" 0 "${argv[@]}"; then
          read -r pw pr _ < "$LAST"
          PREP_ROWS+=("| $name | \`${argv[*]}\` | $(awk -v w="$pw" 'BEGIN{printf "%.2f", w/1000}') | $((pr / 1024)) |")
        fi
        PREPARED[$name:$policy]=1
      fi
      cmd=$(expand "${R_CMD[$i]}" "$T" "$policy" "$controls" "$bin")
      [ -n "$JOBS" ] && cmd+=" --jobs $JOBS"
      eval "argv=($cmd)"
      COMMANDS[$size/$wl/$name]=$(printf '%q ' "${argv[@]}")
      NEED_TIMINGS=1 run_cell "$size" "$wl" "$name" "$runs" 0,1 "${argv[@]}"
    done
    if [ "$HAVE_GUARD" = 1 ] && [ -n "$rules" ]; then
      if [ "$n" -le "$(count_of "$GUARD_MAX")" ]; then
        COMMANDS[$size/$wl/cfn-guard]=$(printf '%q ' "$CFN_GUARD" validate -d "$T" -r "$rules" -z -o junit -S none)
        NEED_TIMINGS=0 run_cell "$size" "$wl" cfn-guard "${GUARD_RUNS:-$runs}" 0,19 "$CFN_GUARD" validate -d "$T" -r "$rules" -z -o junit -S none
      else
        printf '%s\t%s\tcfn-guard\tskipped\t-\t-\t-\t-\t-\t0\n' "$size" "$wl" >> "$RAW"
      fi
    fi
  done
  if [ "$HAVE_GUARD" = 1 ] && [ "$GUARD_CT" = 1 ] && [ "$n" -le "$(count_of "$GUARD_MAX")" ]; then
    args=()
    for r in $CT_RULES; do args+=(-r "$CT_DIR/$r"); done
    NEED_TIMINGS=0 run_cell "$size" ct cfn-guard "$runs" 0,19 "$CFN_GUARD" validate -d "$T_PLAIN" "${args[@]}" -z -o junit -S none
  fi
done

# ------------------------------------------------------------------------------------- report
report() {
  local cpu guardv srmv
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
  srmv=$("$SRM" --version 2>/dev/null)
  echo "## SRM benchmark results ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM."
  echo "srm: \`$SRM\` ($srmv, sha256 $(sha256sum "$SRM" | cut -c1-12), built $(date -u -r "$SRM" +%Y-%m-%dT%H:%MZ)); repository at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')."
  if [ "$HAVE_GUARD" = 1 ]; then guardv=$("$CFN_GUARD" --version 2>/dev/null); echo "cfn-guard: \`$CFN_GUARD\` ($guardv), \`validate -d T -r RULES -z -o junit -S none\`."; fi
  [ -n "$JOBS" ] && echo "srm and the checkers ran with \`--jobs $JOBS\`."
  echo "Wall and CPU (user + system): median of $([ -n "$RUNS" ] && echo "$RUNS runs" || echo "3 runs (1 above 100k)"); peak RSS from \`/usr/bin/time -v\`; compile/load/evaluate from \`--timings\`;"
  echo "other = wall - (compile + load + evaluate): process start/exit, report rendering and writing ($SRM_FORMAT, to /dev/null)."
  echo
  echo "| template | workload | runner | wall s | CPU s | peak RSS MiB | RSS / file | compile ms | load ms | evaluate ms | other ms | runs |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    /^#size/ {mb[$2] = $4 / 1048576; cnt[$2] = $3; ld[$2] = $5; next}
    /^#template/ {tmb[$2 "/" $3] = $4 / 1048576; next}
    /^#/ {next}
    $3 != "cfn-guard" {
      if ($4 == "fail" || $4 == "skipped") { printf "| %s | %s | %s | %s | | | | | | | | |\n", $1, $2, $3, $4; next }
      other = ($7 == "-" || $8 == "-" || $9 == "-") ? "-" : sprintf("%.0f", $4 - $7 - $8 - $9)
      m = (($1 "/" $2) in tmb) ? tmb[$1 "/" $2] : mb[$1]
      printf "| %s (%.1f MiB) | %s | %s | %.3f | %.3f | %.0f | %.1fx | %s | %s | %s | %s | %s |\n", $1, m, $2, $3, $4/1000, $6/1000, $5/1024, ($5/1024)/m, $7, $8, $9, other, $10
    }' "$RAW"
  echo
  if [ "$HAVE_GUARD" = 1 ] && awk -F'\t' '$3 == "cfn-guard" && $2 != "controltower" {f=1} END {exit !f}' "$RAW"; then
    echo "SRM vs cfn-guard (same template; equiv = 7 SRM controls vs bench/guard/*.guard, one = S3_BUCKET_PUBLIC_ACCESS_BLOCK vs s3_bucket_public_access_block.guard, all = 30 SRM controls vs the 7 Guard rules):"
    echo
    echo "| template | workload | SRM runner | SRM wall s | SRM RSS MiB | cfn-guard wall s | cfn-guard RSS MiB | wall SRM/guard | CPU SRM/guard | RSS SRM/guard |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
      /^#/ {next}
      $3 == "cfn-guard" {gw[$1 "/" $2] = $4; gr[$1 "/" $2] = $5; gc[$1 "/" $2] = $6; next}
      {key[++nk] = $1 "/" $2 "/" $3; w[$1 "/" $2 "/" $3] = $4; r[$1 "/" $2 "/" $3] = $5; c[$1 "/" $2 "/" $3] = $6}
      END {
        for (i = 1; i <= nk; i++) {
          split(key[i], p, "/"); g = p[1] "/" p[2]; gwl = p[2]
          if (p[2] == "all") g = p[1] "/equiv"
          if (!(g in gw) || p[2] == "heavy" || p[2] == "controltower") continue
          if (gw[g] == "skipped" || gw[g] == "fail" || w[key[i]] == "fail") {
            printf "| %s | %s | %s | %s | %s | %s | | | | |\n", p[1], p[2], p[3], w[key[i]] == "fail" ? "fail" : sprintf("%.3f", w[key[i]]/1000), w[key[i]] == "fail" ? "" : sprintf("%.0f", r[key[i]]/1024), gw[g]
            continue
          }
          printf "| %s | %s | %s | %.3f | %.0f | %.2f | %.0f | %.3f | %.3f | %.3f |\n", p[1], p[2], p[3], w[key[i]]/1000, r[key[i]]/1024, gw[g]/1000, gr[g]/1024, w[key[i]]/gw[g], c[key[i]]/(gc[g] > 0 ? gc[g] : 1), r[key[i]]/gr[g]
        }
      }' "$RAW"
    if awk -F'\t' '$2 == "ct" && $3 == "cfn-guard" {f=1} END {exit !f}' "$RAW"; then
      echo
      echo "cfn-guard with the closest shipped Control Tower rules ($CT_RULES):"
      echo
      echo "| template | cfn-guard wall s | CPU s | cfn-guard RSS MiB |"
      echo "|---|---:|---:|---:|"
      awk -F'\t' '$2 == "ct" && $3 == "cfn-guard" {printf "| %s | %.2f | %.2f | %.0f |\n", $1, $4/1000, $6/1000, $5/1024}' "$RAW"
    fi
    echo
  fi
  if awk -F'\t' '$2 == "controltower" {f=1} END {exit !f}' "$RAW"; then
    local ports rules
    ports=$("$SRM" list --control 'CT.*' --format json 2>/dev/null | grep -c '"id": "CT\.')
    rules=$(find "$CT_DIR" -name '*.guard' 2>/dev/null | wc -l)
    echo "Control Tower: SRM's $ports ports (\`--control 'CT.*'\`, no policy argument: the embedded stdlib) vs cfn-guard's $rules Control Tower rules (\`-r $CT_DIR\`, the directory), same template. guard/SRM = how many times faster SRM is:"
    echo
    echo "| template | SRM runner | SRM wall s | SRM CPU s | SRM RSS MiB | cfn-guard wall s | cfn-guard CPU s | cfn-guard RSS MiB | guard/SRM wall | guard/SRM CPU | runs SRM, guard |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
      $2 != "controltower" {next}
      $3 == "cfn-guard" {gw[$1] = $4; gr[$1] = $5; gc[$1] = $6; gn[$1] = $10; next}
      {row[++n] = $0}
      END {
        for (i = 1; i <= n; i++) {
          split(row[i], f, "\t"); s = f[1]
          if (f[4] == "fail") { printf "| %s | %s | fail | | | | | | | | |\n", s, f[3]; continue }
          if (!(s in gw) || gw[s] == "fail" || gw[s] == "skipped") {
            printf "| %s | %s | %.3f | %.3f | %.0f | %s | | | | | %s |\n", s, f[3], f[4]/1000, f[6]/1000, f[5]/1024, (s in gw) ? gw[s] : "not run", f[10]
            continue
          }
          printf "| %s | %s | %.3f | %.3f | %.0f | %.2f | %.2f | %.0f | %.0fx | %.0fx | %s, %s |\n", s, f[3], f[4]/1000, f[6]/1000, f[5]/1024, gw[s]/1000, gc[s]/1000, gr[s]/1024, gw[s]/(f[4] > 0 ? f[4] : 1), gc[s]/(f[6] > 0 ? f[6] : 1), f[10], gn[s]
        }
      }' "$RAW"
    echo
    echo "Commands (the checker was built by the prepare step below):"
    echo
    local key
    for key in $(printf '%s\n' "${!COMMANDS[@]}" | grep '/controltower/' | sort); do
      echo "- $key: \`${COMMANDS[$key]% }\`"
    done
    echo
  fi
  local floor
  floor=$(awk -F'\t' '
      /^#parse/ {p[$2] = $3; w[$2] = $4; next}
      /^#/ {next}
      $2 == "all" && $4 != "fail" && ($1 in p) && $8 != "-" && $9 != "-" {
        printf "| %s | %s | %s | %s | %s | %s | %.1fx | %.2fx |\n", $1, p[$1], w[$1], $3, $8, $9, $9 / p[$1], $9 / ($8 > 0 ? $8 : 1)
      }' "$RAW")
  if [ -n "$floor" ]; then
    echo "JSON parse floor (bench/tools/json_parse_time: simdjson DOM parse and a walk over every value, best of 3) next to SRM's load and evaluate (workload all):"
    echo
    echo "| template | simdjson parse ms | walk ms | runner | SRM load ms | SRM evaluate ms | evaluate / parse | evaluate / load |"
    echo "|---|---:|---:|---|---:|---:|---:|---:|"
    echo "$floor"
    echo
  fi
  if [ ${#PREP_ROWS[@]} -gt 0 ]; then
    echo "Prepare steps (once per policy set):"
    echo
    echo "| runner | command | wall s | peak RSS MiB |"
    echo "|---|---|---:|---:|"
    printf '%s\n' "${PREP_ROWS[@]}"
    echo
  fi
  echo "Load average at the start of each size (1/5/15 min): $(awk -F'\t' '/^#size/ {printf "%s: %s; ", $2, $5}' "$RAW")"
  for note in "${NOTES[@]}"; do echo; echo "Note: $note"; done
}
STAMP=$(date +%Y%m%dT%H%M%S)
cp "$RAW" "$OUT/raw-$STAMP.tsv"
report | tee "$OUT/results.md" "$OUT/results-$STAMP.md"
