#!/usr/bin/env python3
"""`srm check --shard K/N` then `srm merge` gives the bytes and the exit code of the unsharded
run (docs/scale-out.md): JSON, SARIF, JUnit and text, N = 3 shards split by file and by
resource, on the interpreter, the JIT and a compiled checker, with policy and inventory
waivers (one expired), a --baseline, controls SKIPped in some shards only, and an AWS Config
snapshot (refused by file, merged by resource). Also the refusals: a bad --shard, a SARIF
input, a missing shard, shards of other controls.

    shard_merge.py --srm build/srm [--backends interp,jit,compiled] [--workdir DIR]
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_INVENTORY = os.path.join(os.path.dirname(HERE), "scaleout", "make_inventory.py")
FORMATS = ["json", "sarif", "junit", "text"]
N = 3
# A policy of waivers on stdlib controls: one in force, one past its date (every shard that
# sees it reports it; the merge keeps one).
WAIVERS = """module shardtest;
waive S3_BUCKET_VERSIONING on "Bucket00000*" until 2099-12-31 because "test buckets" by "ci";
waive EBS_VOLUME_ENCRYPTED on "Volume*" until 2020-01-01 because "expired on purpose" by "ci";
"""
failures = []


def run(cmd, expect=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if expect is not None and p.returncode not in expect:
        sys.exit("unexpected exit %d of %s\n%s" % (p.returncode, " ".join(cmd),
                                                   p.stderr.decode(errors="replace")))
    return p


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def compare(label, prefix, inventory, work, modes, extra, formats=FORMATS,
            today="2026-06-01"):
    """The unsharded run vs N shards merged, split each way of `modes`, in `formats`."""
    common = ["-i", inventory, "--today", today, "--color", "never"] + extra
    full = {}
    for fmt in formats:
        p = run(prefix + common + ["--format", fmt], expect=(0, 1))
        full[fmt] = (p.returncode, p.stdout)
    for by in modes:
        shards = []
        for k in range(N):
            out = os.path.join(work, "%s-%s-%d.json" % (label, by, k))
            run(prefix + common + ["--shard", "%d/%d" % (k, N), "--shard-by", by, "--format",
                                   "json", "--output", out], expect=(0, 1))
            shards.append(out)
        # Any order of the reports: here the last shard first.
        shards = shards[-1:] + shards[:-1]
        for fmt in formats:
            p = run(SRM + ["merge"] + shards + ["--format", fmt, "--color", "never"],
                    expect=(0, 1))
            same = p.stdout == full[fmt][1] and p.returncode == full[fmt][0]
            if not same:
                path = os.path.join(work, "%s-%s.%s" % (label, by, fmt))
                with open(path + ".full", "wb") as f:
                    f.write(full[fmt][1])
                with open(path + ".merged", "wb") as f:
                    f.write(p.stdout)
            check(same, "%s --shard-by %s: merged %s = unsharded (%d bytes, exit %d)" %
                  (label, by, fmt, len(full[fmt][1]), full[fmt][0]))


def main():
    global SRM
    parser = argparse.ArgumentParser()
    parser.add_argument("--srm", required=True)
    parser.add_argument("--backends", default="interp,jit,compiled")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    SRM = [args.srm]
    work = args.workdir or tempfile.mkdtemp(prefix="srm-shard-")
    os.makedirs(work, exist_ok=True)
    run([sys.executable, MAKE_INVENTORY, os.path.join(work, "set"), "--large", "600", "--small",
         "6"], expect=(0,))
    run([sys.executable, MAKE_INVENTORY, os.path.join(work, "set-config"), "--config",
         "--small", "3", "--large", "300"], expect=(0,))
    inventory = os.path.join(work, "set", "templates")
    policy = os.path.join(work, "waivers.srm")
    with open(policy, "w") as f:
        f.write(WAIVERS)
    # A baseline: the findings of the large template alone are known.
    baseline = os.path.join(work, "baseline.json")
    run(SRM + ["check", policy, "-i", os.path.join(inventory, "large.json"), "--today",
               "2026-06-01", "--format", "json", "--output", baseline], expect=(0, 1))

    # What the comparisons below must exercise: a file split by resource (larger than a third
    # of the bytes), waived and expired-waiver findings, baseline marks, "no resource" SKIPs.
    sizes = {name: os.path.getsize(os.path.join(inventory, name)) for name in os.listdir(inventory)}
    check(sizes["large.json"] * N > sum(sizes.values()), "large.json is split by resource")
    with open(os.path.join(work, "full.json"), "wb") as f:
        f.write(run(SRM + ["check", policy, "-i", inventory, "--today", "2026-06-01", "--baseline",
                           baseline, "--format", "json"], expect=(0, 1)).stdout)
    with open(os.path.join(work, "full.json"), "rb") as f:
        full = f.read()
    for what in [b'"status": "WAIVED"', b'"control": "SRM.WAIVER_EXPIRED"', b'"baseline": true',
                 b'"baseline": false', b'"status": "SKIP", "resource": ""']:
        check(what in full, "the unsharded report has %s" % what.decode())
    # Every format on the interpreter; the other backends give the same findings (the writers
    # are shared): JSON, which holds them all, is compared there.
    for backend in args.backends.split(","):
        if backend == "compiled":
            checker = os.path.join(work, "checker")
            run(SRM + ["compile", policy, "-o", checker], expect=(0,))
            prefix = [checker]
        else:
            prefix = SRM + ["check", policy, "--backend", backend]
        compare(backend, prefix, inventory, work, ["file", "resource"], ["--baseline", baseline],
                formats=FORMATS if backend == "interp" else ["json"])
    # A run that exits 0 (no waiver has expired yet, --fail-on critical): so does the merge.
    compare("exit-0", SRM + ["check"], inventory, work, ["file"],
            ["--fail-on", "critical", "--control", "LAMBDA_*"], today="2019-06-01")

    # AWS Config snapshots relate resources across files: by file is refused, by resource exact.
    # (The shard that gets the snapshot refuses it: the job fails, srm merge lacks its report.)
    config = os.path.join(work, "set-config", "templates")
    refused = [run(SRM + ["check", "-i", config, "--shard", "%d/3" % k], expect=(0, 1, 2))
               for k in range(N)]
    check([p.returncode for p in refused].count(2) == 1 and
          any(b"relates its resources to those of other files (AWS Config); shard it with "
              b"--shard-by resource" in p.stderr for p in refused),
          "a Config snapshot is refused by file")
    compare("config", SRM + ["check"], config, work, ["resource"], [], formats=["json", "sarif"])

    # Refusals, each with its message and exit 2.
    p = run(SRM + ["check", "-i", inventory, "--shard", "3/3"], expect=(2,))
    check(b"K is 0-based and must be less than N (0 to 2)" in p.stderr, "--shard 3/3 is refused")
    p = run(SRM + ["check", "-i", inventory, "--shard", "1of3"], expect=(2,))
    check(b"is not K/N" in p.stderr, "--shard 1of3 is refused")
    p = run(SRM + ["check", "-i", inventory, "--shard-by", "size", "--shard", "0/2"], expect=(2,))
    check(b"--shard-by" in p.stderr, "--shard-by size is refused")
    shards = [os.path.join(work, "interp-file-%d.json" % k) for k in range(N)]
    sarif = os.path.join(work, "shard.sarif")
    run(SRM + ["check", "-i", inventory, "--shard", "0/3", "--format", "sarif", "--output",
               sarif], expect=(0, 1))
    p = run(SRM + ["merge", sarif] + shards[1:], expect=(2,))
    check(b"not a JSON report of srm check" in p.stderr, "a SARIF shard report is refused")
    p = run(SRM + ["merge"] + shards[:2], expect=(2,))
    check(b"the shards 2 of 3 are missing" in p.stderr, "a missing shard is refused")
    p = run(SRM + ["merge"] + shards + [shards[0]], expect=(2,))
    check(b"shard 0 of 3 is also" in p.stderr, "a shard given twice is refused")
    other = os.path.join(work, "other.json")
    run(SRM + ["check", policy, "-i", inventory, "--today", "2026-06-01", "--baseline", baseline,
               "--control", "S3_*", "--shard", "2/3", "--format", "json", "--output", other],
        expect=(0, 1))
    p = run(SRM + ["merge"] + shards[:2] + [other], expect=(2,))
    check(b"not a shard of the run of" in p.stderr and b"checked other controls" in p.stderr,
          "shards of other controls are refused")
    if failures:
        print("%d failed (outputs kept in %s)" % (len(failures), work))
        return 1
    print("all merged reports are the unsharded bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
