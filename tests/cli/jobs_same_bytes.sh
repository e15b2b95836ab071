#!/bin/sh
# `--jobs N` gives the same bytes as one thread: srm check on the interpreter and the JIT and a
# compiled checker, with --jobs 1, 2, 3 and 8, over a generated inventory of several files
# (bench/gen_template.py, one with the Control Tower fixtures) and the embedded stdlib (its
# controls and the Control Tower ports), must write identical JSON, SARIF and text reports
# with identical exit codes. So must a policy whose findings exhaust the step budget
# (--max-steps, per control and resource) and fault (tests/cli/jobs_budget.srm). Then --jobs
# 0, -1 and x are usage errors (exit 2). Usage: jobs_same_bytes.sh SRM SOURCE_DIR [BACKENDS]
# BACKENDS: a comma-separated subset of interp,jit,compiled (default all three; the sanitizer
# build runs the interpreter only, at 1 and 2 threads).
set -eu
srm=$1
src=$2
backends=${3:-interp,jit,compiled}
has() { case ",$backends," in *",$1,"*) return 0 ;; esac; return 1; }
counts="1 2 3 8"
has jit || has compiled || counts="1 2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/inv"
python3 "$src/bench/gen_template.py" --resources 1500 --seed 7 >"$dir/inv/a.json"
python3 "$src/bench/gen_template.py" --resources 400 --seed 8 >"$dir/inv/b.json"
python3 "$src/bench/gen_template.py" --resources 600 --seed 9 \
  --fixtures "$src/tests/controltower/fixtures" >"$dir/inv/c.json"

# run NAME COMMAND...: the reports of one configuration, as NAME.{json,sarif,rc} (one run) and
# NAME.txt (a second run; not for the JIT, whose compile of the stdlib takes seconds: the text
# is rendered from the report the JSON shows).
run() {
  name=$1
  shift
  rc=0
  "$@" --format sarif --output "$dir/$name.sarif" --update-baseline "$dir/$name.json" \
    2>"$dir/$name.err" || rc=$?
  echo "$rc" >"$dir/$name.rc"
  case $name in jit*) return ;; esac
  "$@" --show all --color never >"$dir/$name.txt" 2>>"$dir/$name.err" || true
}

# same REFERENCE NAME: NAME's reports are REFERENCE's.
same() {
  for ext in json sarif rc txt; do
    if [ "$ext" = txt ] && [ ! -e "$dir/$2.txt" ]; then continue; fi
    if ! cmp "$dir/$1.$ext" "$dir/$2.$ext"; then
      echo "$2.$ext differs from $1.$ext" >&2
      diff "$dir/$1.$ext" "$dir/$2.$ext" | head -20 >&2
      exit 1
    fi
  done
}

if has compiled; then "$srm" compile -o "$dir/checker"; fi
for jobs in $counts; do
  run "interp$jobs" "$srm" check -i "$dir/inv" --jobs "$jobs"
  run "budget$jobs" "$srm" check "$src/tests/cli/jobs_budget.srm" -i "$dir/inv" --jobs "$jobs" \
    --max-steps 30 --control 'JOBS_*'
  same interp1 "interp$jobs"
  same budget1 "budget$jobs"
  if has jit; then
    run "jit$jobs" "$srm" check --backend=jit -i "$dir/inv" --jobs "$jobs"
    run "jitbudget$jobs" "$srm" check --backend=jit "$src/tests/cli/jobs_budget.srm" \
      -i "$dir/inv" --jobs "$jobs" --max-steps 30 --control 'JOBS_*'
    same interp1 "jit$jobs"
    same budget1 "jitbudget$jobs"
  fi
  if has compiled; then
    run "checker$jobs" "$dir/checker" -i "$dir/inv" --jobs "$jobs"
    same interp1 "checker$jobs"
  fi
done
# The reports are not trivially equal: every status, the Control Tower ports, budget ERRORs.
for status in PASS FAIL SKIP ERROR; do grep -q "\"status\": \"$status\"" "$dir/interp1.json"; done
grep -q '"control": "CT\.' "$dir/interp1.json"
grep -q 'evaluation budget of 30 steps' "$dir/budget1.txt"
grep -q 'division by zero' "$dir/budget1.txt"
grep -q '"status": "PASS"' "$dir/budget1.json"
test "$(cat "$dir/interp1.rc")" = 1

for bad in 0 -1 x 1025; do
  rc=0
  "$srm" check -i "$dir/inv/b.json" --jobs "$bad" >/dev/null 2>"$dir/err" || rc=$?
  test "$rc" = 2
  grep -q -- "--jobs" "$dir/err"
  if has compiled; then
    rc=0
    "$dir/checker" -i "$dir/inv/b.json" --jobs "$bad" >/dev/null 2>"$dir/err" || rc=$?
    test "$rc" = 2
  fi
done
echo "--jobs $counts give the same reports on $backends"
