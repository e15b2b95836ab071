#!/usr/bin/env python3
"""The Control Tower fidelity suite: SRM's ports of AWS Control Tower's proactive controls
(stdlib/aws/controltower/) against the Guard rules they port, run live by cfn-guard.

For every fixture tests/controltower/fixtures/<rule id>/<name>.(yaml|json) it takes cfn-guard's
per-template verdict (PASS, FAIL or SKIP; one cfn-guard run per rule over its fixtures) and
SRM's (one `srm check -i F1 -i F2 ... --control 'CT.*'` over every fixture, no policy argument:
the embedded stdlib alone; a port's verdicts are read on its own fixtures) on the interpreter,
the JIT and a compiled checker, which must print the same bytes. SRM's findings are aggregated per template as cfn-guard does:
FAIL if any resource fails, ERROR if none fails and one is an ERROR, PASS if one passed, SKIP
otherwise. ERROR agrees with cfn-guard's FAIL only on fixtures named intrinsic_*, which hold an
unresolved intrinsic in a property the rule reads. Every other difference must be listed in
differences.txt (RULE FIXTURE REASON); a listed case that agrees is an error too (stale entry).

The npm package @cdklabs/cdk-validator-cfnguard (rules and the cfn-guard binary) is installed
outside the repository, into --cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/srm/npm), once.
Exit status: 0 when every case agrees or is a listed difference, 1 otherwise, 2 on a setup error.
"""

import argparse
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

PACKAGE = "@cdklabs/cdk-validator-cfnguard"
VERSION = "0.0.62"  # the rules and cfn-guard 3.1.1 the ports were written against
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import npm_package  # noqa: E402  (tests/support/npm_package.py)
BACKENDS = ("interp", "jit", "compiled")


def die(message):
    print(f"fidelity: error: {message}", file=sys.stderr)
    sys.exit(2)


def install_package(cache):
    """The package directory under `cache` and the cfn-guard binary, installed when not there."""
    return npm_package.install(cache, {PACKAGE: VERSION},
                               os.path.join("bin", "ubuntu", "x86_64", "cfn-guard"), "fidelity")


def guard_rules(package_root):
    """Control Tower id -> its .guard file, read from the `[CT.X.PR.N]:` message of each rule."""
    rules = {}
    pattern = os.path.join(package_root, "rules", "control-tower", "cfn-guard", "*", "*.guard")
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            ids = set(re.findall(r"\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]:", f.read()))
        if len(ids) == 1:
            rules[ids.pop()] = path
    return rules


def guard_verdicts(guard, rule, fixtures):
    """Fixture path -> cfn-guard's verdict, from one cfn-guard run over all `fixtures`."""
    args = [a for f in fixtures for a in ("-d", f)]
    done = subprocess.run([guard, "validate", "-r", rule] + args + [
                           "--output-format", "json", "--show-summary", "none", "--structured"],
                          capture_output=True, text=True)
    try:
        verdicts = {result["name"]: result["status"] for result in json.loads(done.stdout)}
    except (ValueError, KeyError, TypeError) as e:
        die(f"cfn-guard gave no verdicts for {rule} (exit {done.returncode}, {e}):\n"
            f"{done.stdout}{done.stderr}")
    for fixture in fixtures:
        status = verdicts.get(fixture)
        if status not in ("PASS", "FAIL", "SKIP"):
            die(f"cfn-guard: status {status!r} for {fixture}")
    return verdicts


def srm_run(command, fixtures, control):
    """One run over all `fixtures` (CloudFormation references stay within their template, so
    the templates do not see each other); returns (exit code, stdout)."""
    args = [a for f in fixtures for a in ("-i", f)]
    done = subprocess.run(command + args + ["--control", control, "--format", "json",
                                            "--color", "never"], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        die(f"{' '.join(command)} failed on {control} (exit {done.returncode}):\n{done.stderr}")
    return done.returncode, done.stdout


def srm_verdicts(report_text):
    """(control, template path) -> SRM's aggregated verdict, for the templates with findings."""
    statuses = {}
    for finding in json.loads(report_text)["findings"]:
        if not finding["resource"]:  # no resource of the type in any template
            continue
        path = (finding["location"] or {}).get("file", "")
        statuses.setdefault((finding["control"], path), set()).add(finding["status"])
    verdicts = {}
    for key, found in statuses.items():
        verdicts[key] = next((s for s in ("FAIL", "ERROR", "PASS") if s in found), "SKIP")
    return verdicts


def read_differences(path):
    listed = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                die(f"{path}:{number}: expected 'RULE FIXTURE REASON'")
            listed[(parts[0], parts[1])] = parts[2]
    return listed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    npm_package.add_arguments(parser, "npm")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--fixtures", default=os.path.join(HERE, "fixtures"))
    parser.add_argument("--differences", default=os.path.join(HERE, "differences.txt"))
    parser.add_argument("--rules", default="CT.*",
                        help="only the ports whose id matches this glob (fnmatch), e.g. "
                        "'CT.EC2.*' (default: every port)")
    args = parser.parse_args()
    backends = args.backends.split(",")
    if not backends or any(b not in BACKENDS for b in backends):
        die(f"--backends takes a list of {', '.join(BACKENDS)}")
    started = time.monotonic()

    package_root, guard = install_package(args.cache)
    rules = guard_rules(package_root)
    listed = read_differences(args.differences)
    srm = os.path.abspath(args.srm)

    with tempfile.TemporaryDirectory(prefix="srm-fidelity-") as tmp:
        commands = {"interp": [srm, "check", "--backend=interp"],
                    "jit": [srm, "check", "--backend=jit"]}
        if "compiled" in backends:
            checker = os.path.join(tmp, "checker")
            done = subprocess.run([srm, "compile", "-o", checker], capture_output=True, text=True)
            if done.returncode != 0:
                die(f"srm compile (the embedded stdlib) failed:\n{done.stderr}")
            commands["compiled"] = [checker]

        # Every Control Tower control of the stdlib has fixtures, and every fixture a port.
        empty = os.path.join(tmp, "empty.json")
        with open(empty, "w", encoding="utf-8") as f:
            f.write('{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}')
        _, text = srm_run(commands["interp"], [empty], "CT.*")
        ports = sorted({f["control"] for f in json.loads(text)["findings"]})
        fixture_dirs = sorted(os.listdir(args.fixtures))
        if args.rules != "CT.*":  # a subset: the checks below apply to the selected ports only
            ports = [p for p in ports if fnmatch.fnmatchcase(p, args.rules)]
            fixture_dirs = [d for d in fixture_dirs if fnmatch.fnmatchcase(d, args.rules)]
            listed = {k: v for k, v in listed.items() if fnmatch.fnmatchcase(k[0], args.rules)}
        problems = []
        for port in ports:
            if port not in fixture_dirs:
                problems.append(f"{port}: ported, but has no fixtures/{port}/")
            if port not in rules:
                problems.append(f"{port}: no Guard rule with this id in {PACKAGE}@{VERSION}")
        for d in fixture_dirs:
            if d not in ports:
                problems.append(f"fixtures/{d}/: no control {d} in the stdlib")

        # One SRM run per backend over every fixture with every port selected (a port's
        # verdicts are read on its own fixtures only), one cfn-guard run per rule.
        fixtures_of = {}
        for port in ports:
            if port not in fixture_dirs or port not in rules:
                continue
            names = sorted(n for n in os.listdir(os.path.join(args.fixtures, port))
                           if n.endswith((".yaml", ".yml", ".json")))
            fixtures_of[port] = [(n, os.path.abspath(os.path.join(args.fixtures, port, n)))
                                 for n in names]
        everything = [f for pairs in fixtures_of.values() for _, f in pairs]
        outputs = {b: srm_run(commands[b], everything, args.rules) for b in backends}
        first = outputs[backends[0]]
        for b in backends[1:]:
            if outputs[b] != first:
                problems.append(f"the backends disagree ({backends[0]} vs {b})")
        verdicts = srm_verdicts(first[1])

        cases = agreed = 0
        rule_ok = {}
        seen = set()
        for port, pairs in fixtures_of.items():
            rule_ok[port] = True
            expected_of = guard_verdicts(guard, rules[port], [f for _, f in pairs])
            for name, fixture in pairs:
                cases += 1
                seen.add((port, name))
                expected = expected_of[fixture]
                got = verdicts.get((port, fixture), "SKIP")
                agrees = got == expected or (
                    got == "ERROR" and expected == "FAIL" and name.startswith("intrinsic_"))
                key = (port, name)
                if agrees:
                    agreed += 1
                    if key in listed:
                        problems.append(f"{port} {name}: listed in differences.txt but agrees "
                                        f"(cfn-guard {expected}, SRM {got})")
                else:
                    rule_ok[port] = False
                    tag = "deliberate" if key in listed else "UNEXPECTED"
                    print(f"  {tag} difference: {port} {name}: cfn-guard {expected}, SRM {got}"
                          + (f" ({listed[key]})" if key in listed else ""))
                    if key not in listed:
                        problems.append(f"{port} {name}: cfn-guard {expected}, SRM {got}, "
                                        "and not in differences.txt")
        for key in sorted(set(listed) - seen):
            problems.append(f"differences.txt lists {key[0]} {key[1]}, which is not a fixture")

    full = sum(1 for ok in rule_ok.values() if ok)
    print(f"fidelity: agreement {agreed}/{cases} cases; {full}/{len(rule_ok)} rules agree on "
          f"every fixture; {cases - agreed} deliberate difference(s); backends "
          f"{','.join(backends)}; {time.monotonic() - started:.1f} s")
    for p in problems:
        print(f"fidelity: FAILED: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
