#!/usr/bin/env python3
"""bench/gen_formats.py makes inventories SRM loads: a generated template's YAML copy gives the
same findings as the template (locations apart), and its Terraform plan and Config snapshot
hold every resource and load (srm check exits 0 or 1, some finding names a resource); see
docs/performance.md "Other inventory formats".

  gen_formats_test.py --srm build/srm --workdir DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check(srm, inventory):
    run = subprocess.run([srm, "check", "--format", "json", "-i", inventory], capture_output=True,
                         text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"FAIL: srm check -i {inventory} exited {run.returncode}: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srm", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    template = os.path.join(args.workdir, "t.json")
    with open(template, "w") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_template.py"),
                        "--resources", "200", "--seed", "3"], stdout=f, check=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_formats.py"), template,
                    "--out", args.workdir], check=True)
    with open(template) as f:
        ids = set(json.load(f)["Resources"])

    def strip(report):
        # Locations differ between the JSON and YAML texts of one template, also in messages.
        where = re.compile(r"t\.(json|yaml):\d+:\d+")
        return [(x["control"], x["status"], x["resource"], where.sub("", x["message"]))
                for x in report["findings"]]

    base = check(args.srm, template)
    yaml = check(args.srm, os.path.join(args.workdir, "t.yaml"))
    if strip(base) != strip(yaml):
        sys.exit("FAIL: the YAML conversion gives other findings than the JSON template")
    for name in ("t.tfplan.json", "t.config.json"):
        report = check(args.srm, os.path.join(args.workdir, name))
        if not any(x["resource"] for x in report["findings"]):
            sys.exit(f"FAIL: {name}: no finding on any resource")
    # Every resource of the template is in the Terraform plan and the Config snapshot.
    with open(os.path.join(args.workdir, "t.tfplan.json")) as f:
        planned = json.load(f)["planned_values"]["root_module"]["resources"]
    with open(os.path.join(args.workdir, "t.config.json")) as f:
        items = json.load(f)["configurationItems"]
    if len(planned) != len(ids) or len(items) != len(ids):
        sys.exit(f"FAIL: {len(ids)} resources, {len(planned)} planned, {len(items)} items")
    print(f"ok: {len(ids)} resources in four formats")


if __name__ == "__main__":
    main()
