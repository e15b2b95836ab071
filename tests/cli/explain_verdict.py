#!/usr/bin/env python3
"""`srm explain` gives the verdict `srm check` gives: for every (control, resource) finding of
`srm check --format json --show all` on an inventory, `srm explain --format json` must list the
same findings (status and message, in order). To keep it quick (each explain compiles the
stdlib), at most PER_KIND control/resource pairs of each sequence of statuses are explained. Usage: explain_verdict.py SRM POLICY_DIR INVENTORY..."""
import json
import subprocess
import sys

PER_KIND = 4


def main():
    srm, policies, inventories = sys.argv[1], sys.argv[2], sys.argv[3:]
    checked = 0
    failures = 0
    seen = {}  # statuses -> pairs explained, over all inventories
    for inventory in inventories:
        run = subprocess.run([srm, "check", policies, "-i", inventory, "--format", "json",
                              "--show", "all"], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(f"srm check failed ({run.returncode}): {run.stderr}")
            return 1
        expected = {}
        for f in json.loads(run.stdout)["findings"]:
            if f["resource"]:
                expected.setdefault((f["control"], f["resource"]), []).append(
                    (f["status"], f["message"]))
        for (control, resource), findings in sorted(expected.items()):
            statuses = tuple(s for s, _ in findings)
            if seen.get(statuses, 0) >= PER_KIND:
                continue
            seen[statuses] = seen.get(statuses, 0) + 1
            run = subprocess.run([srm, "explain", policies, "-i", inventory, "--control", control,
                                  "--resource", resource, "--format", "json"],
                                 capture_output=True, text=True)
            got = []
            if run.returncode in (0, 1):
                got = [(f["status"], f["message"]) for f in json.loads(run.stdout)["findings"]]
                if not json.loads(run.stdout)["evaluations"] and not any(
                        s == "ERROR" for s, _ in findings):
                    print(f"{inventory}: {control} on {resource}: no evaluation traced")
                    failures += 1
            if got != findings:
                failures += 1
                print(f"{inventory}: {control} on {resource}: explain (exit {run.returncode}) "
                      f"gives {got}, check gives {findings}\n{run.stderr}")
            checked += 1
    print(f"explain_verdict: {checked} control/resource pairs, {failures} differ")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
