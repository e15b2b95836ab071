#!/usr/bin/env python3
"""Writes the inventory set the sharding tests check (tests/cli/shard_merge.py,
tests/scaleout/slurm_test.sh; docs/scale-out.md):

    python3 tests/scaleout/make_inventory.py DIR [--large N] [--small K] [--config]

DIR/templates/: one large CloudFormation template of N resources (default 1500), K small ones
(default 8, 5 to 60 resources, the same logical ids in several files), the repository's example
template and Terraform plan (intrinsics under unknown conditions, references), a template whose
resources carry waivers in their Metadata (one past its date), and one with a type found in no
other file. With --config, also the example AWS Config snapshot (its resources relate across
files: only --shard-by resource splits it). Deterministic: the same bytes on every run.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR = os.path.join(ROOT, "bench", "gen_template.py")


def generate(path, resources, seed):
    with open(path, "wb") as out:
        subprocess.run([sys.executable, GENERATOR, "--resources", str(resources), "--seed",
                        str(seed)], stdout=out, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--large", type=int, default=1500)
    parser.add_argument("--small", type=int, default=8)
    parser.add_argument("--config", action="store_true")
    args = parser.parse_args()
    out = os.path.join(args.dir, "templates")
    os.makedirs(out, exist_ok=True)
    generate(os.path.join(out, "large.json"), args.large, 1)
    for i in range(args.small):
        generate(os.path.join(out, "small-%02d.json" % i), 5 + (i * 37) % 56, 100 + i)
    shutil.copy(os.path.join(ROOT, "examples", "template.json"), os.path.join(out, "example.json"))
    shutil.copy(os.path.join(ROOT, "examples", "terraform", "plan.json"),
                os.path.join(out, "plan.tfplan.json"))
    waived = {"Resources": {
        "OldLogs": {"Type": "AWS::S3::Bucket", "Properties": {},
                    "Metadata": {"srm": {"waive": [
                        {"control": "S3_BUCKET_VERSIONING", "until": "2020-01-31",
                         "because": "expired on purpose", "by": "ci"}]}}},
        "KeptLogs": {"Type": "AWS::S3::Bucket", "Properties": {},
                     "Metadata": {"srm": {"waive": [
                         {"control": "S3_*", "until": "2099-12-31", "because": "log bucket",
                          "by": "ci"}]}}}}}
    with open(os.path.join(out, "waived.json"), "w") as f:
        json.dump(waived, f, indent=1)
    only = {"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail",
                                    "Properties": {"IsLogging": True, "S3BucketName": "x"}}}}
    with open(os.path.join(out, "only-here.json"), "w") as f:
        json.dump(only, f, indent=1)
    if args.config:
        shutil.copy(os.path.join(ROOT, "examples", "config", "snapshot.json"),
                    os.path.join(out, "snapshot.config.json"))


if __name__ == "__main__":
    main()
