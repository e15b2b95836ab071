#!/bin/sh
# `srm check --shard K/N` on a real engine (docs/scale-out.md): starts a one-node Slurm cluster
# on this machine (Debian slurm-wlm and munge, installed when missing; root, no systemd: munged,
# slurmctld and slurmd are started by hand from a generated slurm.conf with their state under a
# temporary directory), submits an `sbatch --array=0-(N-1)` job whose tasks each check one shard
# of a generated inventory set, merges the shards' JSON reports with `srm merge` and compares
# the JSON, SARIF and JUnit reports and the exit code with those of the unsharded run. Stops
# the daemons and removes the directory (KEEP=1 keeps it) at the end.
#
#   tests/scaleout/slurm_test.sh [SRM] [N]        (make slurm-test; SRM default build/srm, N 3)
#   LARGE=20000 SMALL=40 tests/scaleout/slurm_test.sh    (a larger inventory set)
#   NO_INSTALL=1 ...     skip (exit 77) when not root or Slurm is not installed (ctest scaleout/slurm)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
srm=$(realpath "${1:-build/srm}")
n=${2:-3}
large=${LARGE:-3000}
small=${SMALL:-12}
[ -x "$srm" ] || { echo "slurm_test: no srm at $srm (build it first: make build)" >&2; exit 2; }
# NO_INSTALL=1 (the ctest scaleout/slurm): skip (exit 77) instead of installing or failing.
skip=2
[ "${NO_INSTALL:-0}" = 1 ] && skip=77
if [ "$(id -u)" != 0 ]; then
  echo "slurm_test: needs root (it starts slurmd and munged)" >&2
  exit $skip
fi
if ! command -v slurmctld >/dev/null || ! command -v sbatch >/dev/null ||
   ! command -v munged >/dev/null; then
  if [ $skip = 77 ]; then
    echo "slurm_test: slurm-wlm and munge are not installed (make slurm-test installs them)"
    exit 77
  fi
  echo "+ apt-get install -y slurm-wlm munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge \
    >/dev/null
fi

dir=$(mktemp -d /tmp/srm-slurm.XXXXXX)
chmod 755 "$dir"
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log" "$dir/out"

# munge: a fresh key and a socket of our own (no system munged needed).
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 700 "$dir/munge"
chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
munged --force --key-file="$dir/munge/munge.key" --socket="$socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/munged.seed"
pids="$(cat "$dir/munge/munged.pid")"

# Free ports for slurmctld and slurmd.
port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=$(hostname -s)
cpus=$(nproc)
cat >"$dir/slurm.conf" <<CONF
ClusterName=srmtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=srmnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=batch Nodes=srmnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -D -i >"$dir/log/slurmctld.stdout" 2>&1 &
pids="$! $pids"
slurmd -D -N srmnode >"$dir/log/slurmd.stdout" 2>&1 &
pids="$! $pids"
i=0
until sinfo -h -N -o '%T' 2>/dev/null | grep -q '^idle'; do
  i=$((i + 1))
  if [ $i -gt 60 ]; then
    echo "slurm_test: the node did not become idle in 30 s" >&2
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "+ one-node cluster up: $(sinfo -h -o '%P %a %D nodes %C (alloc/idle/other/total CPUs) %T') ($(sinfo --version))"

python3 "$here/make_inventory.py" "$dir/set" --large "$large" --small "$small"
inventory="$dir/set/templates"
echo "+ inventory set: $(ls "$inventory" | wc -l) files, $(du -sh "$inventory" | cut -f1)"
rc_full=0
"$srm" check -i "$inventory" --format json --output "$dir/full.json" --today 2026-06-01 ||
  rc_full=$?
for format in sarif junit; do
  "$srm" check -i "$inventory" --format "$format" --output "$dir/full.$format" \
    --today 2026-06-01 || true
done

cat >"$dir/shard.sbatch" <<JOB
#!/bin/sh
#SBATCH --job-name=srm-shard
#SBATCH --array=0-$((n - 1))
#SBATCH --output=$dir/out/shard-%a.log
#SBATCH --cpus-per-task=1
# Exit 1 means findings, not a failed task.
"$srm" check -i "$inventory" --shard "\$SLURM_ARRAY_TASK_ID/$n" --today 2026-06-01 \\
  --format json --output "$dir/out/shard-\$SLURM_ARRAY_TASK_ID.json" --timings || [ \$? -eq 1 ]
JOB
started=$(date +%s.%N)
echo "+ sbatch --wait --array=0-$((n - 1)) shard.sbatch"
if ! timeout 300 sbatch --wait --parsable "$dir/shard.sbatch" >"$dir/jobid"; then
  echo "slurm_test: the array job failed; its tasks' logs:" >&2
  tail -n 5 "$dir"/out/shard-*.log >&2 || true
  exit 1
fi
ended=$(date +%s.%N)
job=$(cat "$dir/jobid")
echo "+ array job $job: $n tasks done in $(awk "BEGIN { printf \"%.1f\", $ended - $started }") s"
scontrol show job "$job" 2>/dev/null | grep -E '^ *(JobId|JobState|NodeList|RunTime)=' |
  sed 's/^ */  /' | sort -u | head -n $((4 * n))
for k in $(seq 0 $((n - 1))); do
  echo "  shard $k: $(grep -h timings "$dir/out/shard-$k.log" || echo 'no timings')"
done

rc_merge=0
"$srm" merge "$dir"/out/shard-*.json --output "$dir/merged.json" || rc_merge=$?
cmp "$dir/full.json" "$dir/merged.json"
for format in sarif junit; do
  "$srm" merge "$dir"/out/shard-*.json --format "$format" --output "$dir/merged.$format" || true
  cmp "$dir/full.$format" "$dir/merged.$format"
done
[ "$rc_full" = "$rc_merge" ] || { echo "exit $rc_merge merged, $rc_full unsharded" >&2; exit 1; }
echo "slurm_test: $n shards on Slurm merged into the unsharded run's JSON ($(wc -c <"$dir/full.json") bytes), SARIF and JUnit, exit $rc_full"
