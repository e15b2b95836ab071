#!/usr/bin/env python3
"""The Kubernetes manifests of examples/k8s/ are valid against the Kubernetes API schemas
(kubernetes-models, an npm package generated from Kubernetes' OpenAPI document, with ajv; run
by validate_k8s.mjs), and the validation can fail: copies broken on purpose (a count as a
string, an unknown completionMode, a pod without containers, an unknown kind) are rejected.
Installs the packages once into ~/.cache/srm/npm-k8s (needs node, npm and, the first time, the
network). docs/scale-out.md.

    validate_k8s.py --root REPO [--cache DIR]
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import npm_package  # noqa: E402

PACKAGES = {"js-yaml": "4.1.0", "kubernetes-models": "5.1.0"}
# (what is broken, the text replaced, its replacement, the error expected)
BROKEN = [
    ("completions as a string", "completions: 3", 'completions: "three"',
     "completions must be integer"),
    ("an unknown completionMode", "completionMode: Indexed", "completionMode: Sharded",
     "completionMode must be equal to one of the allowed values"),
    ("a pod without containers", "      containers:\n        - name: srm\n",
     "      initContainers:\n        - name: srm\n", "must have required property containers"),
    ("an unknown kind", "kind: Job", "kind: Jobb", "unknown apiVersion and kind"),
]


def validate(modules, files):
    return subprocess.run(["node", os.path.join(HERE, "validate_k8s.mjs"), modules] + files,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--cache", default=npm_package.default_cache("npm-k8s"))
    args = parser.parse_args()
    npm_package.install(args.cache, PACKAGES, "bin/js-yaml.js", "validate_k8s")
    modules = os.path.join(args.cache, "node_modules")
    manifests = sorted(glob.glob(os.path.join(args.root, "examples", "k8s", "*.yaml")))
    if not manifests:
        sys.exit("validate_k8s: no manifest in examples/k8s")
    failed = 0
    done = validate(modules, manifests)
    print(done.stdout, end="")
    if done.returncode != 0:
        print("validate_k8s: the manifests are invalid")
        failed += 1
    with open(os.path.join(args.root, "examples", "k8s", "srm-shard-job.yaml")) as f:
        good = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        for what, old, new, expected in BROKEN:
            if old not in good:
                print(f"validate_k8s: the manifest no longer has {old!r} to break")
                failed += 1
                continue
            broken = os.path.join(tmp, "broken.yaml")
            with open(broken, "w") as f:
                f.write(good.replace(old, new, 1))
            done = validate(modules, [broken])
            rejected = done.returncode == 1 and expected in done.stdout
            print(("ok   " if rejected else "FAIL ") + f"a manifest with {what} is rejected")
            if not rejected:
                print(done.stdout)
                failed += 1
    failed += check_batch(args.root)
    return 1 if failed else 0


def check_batch(root):
    """No schema of AWS Batch job definitions is at hand (Debian and npm have none): the example
    is checked as JSON with the members register-job-definition requires and the array index."""
    import json
    path = os.path.join(root, "examples", "batch", "srm-shard-job-definition.json")
    with open(path) as f:
        job = json.load(f)
    container = job.get("containerProperties", {})
    ok = (isinstance(job.get("jobDefinitionName"), str) and job.get("type") == "container" and
          isinstance(container.get("image"), str) and
          "$AWS_BATCH_JOB_ARRAY_INDEX/$SRM_SHARDS" in " ".join(container.get("command", [])))
    print(("ok   " if ok else "FAIL ") + "the AWS Batch job definition has its required members")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
