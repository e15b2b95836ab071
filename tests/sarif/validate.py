#!/usr/bin/env python3
"""Validates srm's SARIF reports with Microsoft's SARIF validator (npm @microsoft/sarif-multitool,
`validate`): the schema and the SARIF rules. srm writes SARIF for the example inventories
(CloudFormation JSON and YAML, a Terraform plan, an AWS Config snapshot, with the stdlib and the
example policy), for tests/sarif/inputs (FAIL, ERROR and SKIP findings, every severity, text
with quotes, tabs and non-ASCII characters, a file name with a space, an absolute path) and for
a run without results, and waived findings (suppressions), an expired waiver and a baseline
(baselineState), and a baseline some of whose failing findings are gone (results with
baselineState "absent", one of a control the run no longer has); the validator must report no
error and no warning on any of them.

The package is installed outside the repository, into --cache (default
${XDG_CACHE_HOME:-$HOME/.cache}/srm/npm-sarif), once; it ships a self-contained .NET binary
(Sarif.Multitool), which this script runs directly (the package's bin.js passes its arguments
through a shell). Exit status: 0 when valid, 1 on validation problems, 2 on a setup error.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import npm_package  # noqa: E402  (tests/support/npm_package.py)

VERSION = "5.7.0"
BROKEN = "broken-on-purpose.sarif"
PACKAGES = {"@microsoft/sarif-multitool-linux": VERSION, "@microsoft/sarif-multitool": VERSION}


def die(message):
    print(f"sarif: error: {message}", file=sys.stderr)
    sys.exit(2)


def runs(inputs):
    """(name, srm arguments after `check`, working directory) of every report to validate."""
    examples = os.path.join(ROOT, "examples")
    policy = os.path.join(examples, "policy.srm")
    absolute = os.path.join(inputs, "clean.json")
    return [
        ("cfn-json", [policy, "-i", "template.json"], examples),
        ("cfn-yaml", [policy, "-i", "yaml/template.yaml"], examples),
        ("terraform-plan", ["-i", "terraform/plan.json"], examples),
        ("aws-config", ["-i", "config/snapshot.json"], examples),
        ("mixed", ["mixed.srm", "--no-stdlib", "-i", "mixed inventory.json"], inputs),
        ("mixed-two-files", ["mixed.srm", "--no-stdlib", "-i", "mixed inventory.json",
                             "-i", absolute], inputs),
        ("no-results", ["mixed.srm", "--no-stdlib", "-i", "clean.json"], inputs),
        # Waived findings (suppressions), an expired waiver, baselineState.
        ("waived", ["mixed.srm", "waivers.srm", "--no-stdlib", "-i", "mixed inventory.json",
                    "--today", "2027-01-01", "--baseline", "baseline.json"], inputs),
        # Findings of the baseline that are gone: baselineState "absent".
        ("baseline-absent", ["mixed.srm", "--no-stdlib", "-i", "mixed inventory.json",
                             "--baseline", "baseline-absent.json"], inputs),
    ]


def check_truncation(srm, tmp):
    """Over GitHub's 25,000 results a run: the first 25,000 are kept, a notification in the log
    and a warning on stderr say so. (Not through the validator: it takes minutes on 27 MB.)"""
    inventory = os.path.join(tmp, "many.json")
    with open(inventory, "w", encoding="utf-8") as f:
        resources = {f"B{i:05d}": {"Type": "AWS::S3::Bucket", "Properties": {"Size": 75}}
                     for i in range(8400)}  # 3 failing controls each: 25,200 results
        json.dump({"Resources": resources}, f, indent=1)
    out = os.path.join(tmp, "many.sarif")
    done = subprocess.run([srm, "check", "mixed.srm", "--no-stdlib", "-i", inventory,
                           "--output", out], cwd=os.path.join(HERE, "inputs"),
                          capture_output=True, text=True)
    if done.returncode != 1:
        die(f"srm check on {inventory} exited {done.returncode}:\n{done.stderr}")
    with open(out, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    problems = []
    if len(run["results"]) != 25000:
        problems.append(f"truncation: {len(run['results'])} results, expected 25000")
    notes = run["invocations"][0].get("toolExecutionNotifications", [])
    if not any("200 of 25200 results left out" in n["message"]["text"] for n in notes):
        problems.append(f"truncation: no notification of the 200 results left out: {notes}")
    if "warning: SARIF: 200 of 25200 results left out" not in done.stderr:
        problems.append(f"truncation: no warning on stderr: {done.stderr!r}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    npm_package.add_arguments(parser, "npm-sarif")
    args = parser.parse_args()
    started = time.monotonic()
    _, multitool = npm_package.install(args.cache, PACKAGES, "Sarif.Multitool", "sarif")
    srm = os.path.abspath(args.srm)
    problems = []
    with tempfile.TemporaryDirectory(prefix="srm-sarif-") as tmp:
        files = []
        for name, check_args, cwd in runs(os.path.join(HERE, "inputs")):
            out = os.path.join(tmp, name + ".sarif")
            done = subprocess.run([srm, "check"] + check_args + ["--output", out], cwd=cwd,
                                  capture_output=True, text=True)
            if done.returncode not in (0, 1) or not os.path.exists(out):
                die(f"srm check {' '.join(check_args)} (in {cwd}) failed "
                    f"(exit {done.returncode}):\n{done.stderr}")
            with open(out, encoding="utf-8") as f:
                results = json.load(f)["runs"][0]["results"]
            if name == "no-results" and results:
                problems.append(f"{name}: {len(results)} results, expected none")
            if name != "no-results" and not results:
                problems.append(f"{name}: no results (the run should have findings)")
            absent = [r["ruleId"] for r in results if r.get("baselineState") == "absent"]
            if name == "baseline-absent" and absent != ["MIXED.GONE", "MIXED_LOW", "MIXED_INFO",
                                                        "MIXED_RATIO"]:
                problems.append(f"{name}: absent results of {absent}, expected those of "
                                "MIXED.GONE, MIXED_LOW, MIXED_INFO and MIXED_RATIO")
            if name != "baseline-absent" and absent:
                problems.append(f"{name}: absent results of {absent}, expected none")
            files.append(out)
        problems += check_truncation(srm, tmp)
        # A copy of the first report broken on purpose (a region on line 0, which the schema
        # forbids): the validator must flag it, or this test could not fail.
        with open(files[0], encoding="utf-8") as f:
            broken_log = json.load(f)
        broken_log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
            "startLine"] = 0
        broken = os.path.join(tmp, BROKEN)
        with open(broken, "w", encoding="utf-8") as f:
            json.dump(broken_log, f)
        log = os.path.join(tmp, "validation.sarif")
        # Notes too: every file analysed gets some (SARIF2003 and others), which shows that the
        # validator read it (it skips a file it cannot deserialize without a word).
        config = os.path.join(HERE, "validator-config.xml")  # SARIF2006 off: no network here
        done = subprocess.run([multitool, "validate", "--level", "Error;Warning;Note",
                               "--config", config, "--output", log] + files + [broken],
                              capture_output=True, text=True)
        if not os.path.exists(log):
            die(f"the validator wrote no log (exit {done.returncode}):\n{done.stdout}{done.stderr}")
        with open(log, encoding="utf-8") as f:
            validation = json.load(f)
        seen = set()
        flagged_broken = False
        for run in validation.get("runs", []):
            for result in run.get("results", []):
                level = result.get("level", "warning")  # SARIF's default level
                where = [loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "?")
                         for loc in result.get("locations", [])]
                seen.update(os.path.basename(w) for w in where)
                if level not in ("error", "warning"):
                    continue
                if [os.path.basename(w) for w in where] == [BROKEN]:
                    flagged_broken = True
                    continue
                message = result.get("message", {})
                problems.append(f"{level} {result.get('ruleId')} in {', '.join(where)}: "
                                f"{message.get('text') or message.get('arguments')}")
            for inv in run.get("invocations", []):
                for note in inv.get("toolExecutionNotifications", []):
                    if note.get("level", "warning") == "error":
                        problems.append(f"validator: {note.get('message', {}).get('text')}")
        if not flagged_broken:
            problems.append(f"{BROKEN}: the validator found no error in a report with a region "
                            "on line 0")
        for path in files:
            if os.path.basename(path) not in seen:
                problems.append(f"{os.path.basename(path)}: the validator did not analyse it "
                                "(not deserializable as SARIF?)")
        if done.returncode != 0 and not problems:
            problems.append(f"the validator exited {done.returncode}:\n{done.stdout}{done.stderr}")
    for p in problems:
        print(f"sarif: {p}")
    print(f"sarif: {len(files)} reports validated by sarif-multitool {VERSION}: "
          f"{len(problems)} problems ({time.monotonic() - started:.1f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
