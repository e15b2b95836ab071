#!/usr/bin/env python3
"""Rebuilds the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the inputs of
the golden cases (tests/cases/**.srm: the policy and every input section) and examples/.

    tests/fuzz/make_corpus.py [--diffgen build/tests/srm_diffgen]

The stdlib's files seed frontend too. Inventory sections go to the loader target of their format (by file name and top-level keys);
policies to frontend (cases run with --no-stdlib) or frontend_stdlib. cfn_resolve gets
deterministic pseudo-random byte strings (its input is a sequence of generator choices).
diff_backends gets 11-byte headers (seed, batch, controls, resources per type) and, with
--diffgen, the same headers followed by the generated inventory. See docs/fuzzing.md."""
import argparse
import hashlib
import json
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
MAX_INPUT = 64 * 1024  # larger inputs are left out (the corpus stays small and fast to replay)


def json_target(text):
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    keys = set(doc)
    if keys & {"Resources", "AWSTemplateFormatVersion"}:
        return "inventory_cfn_json"
    if keys & {"format_version", "planned_values", "values", "resource_changes"}:
        return "inventory_tfplan"
    if keys & {"configurationItems", "ConfigurationItems", "configSnapshotId"}:
        return "inventory_config"
    if "resources" in keys:
        return "inventory_generic"
    return None


def sections(path):
    """Yields (name, bytes) of a golden case: ("", policy) then every input section."""
    lines = path.read_bytes().split(b"\n")
    name, flags, body = "", [], []

    def emit():
        data = b"\n".join(body)
        if "hex" in flags:
            data = bytes.fromhex(re.sub(rb"\s", b"", data).decode())
        return name, data

    for line in lines:
        if line.startswith(b"//--- "):
            yield emit()
            words = line[6:].decode(errors="replace").split()
            name, flags, body = (words[0] if words else ""), words[1:], []
        else:
            body.append(line)
    yield emit()


def add(target, label, data, seen):
    if len(data) > MAX_INPUT:
        return
    digest = hashlib.sha1(data).hexdigest()
    if (target, digest) in seen:
        return
    seen.add((target, digest))
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-")[:80]
    (CORPUS / target / f"{safe}-{digest[:8]}").write_bytes(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diffgen", help="srm_diffgen binary, for diff_backends inventories")
    args = parser.parse_args()
    targets = ["frontend", "frontend_stdlib", "inventory_cfn_json", "inventory_cfn_yaml",
               "inventory_tfplan", "inventory_config", "inventory_generic", "cfn_resolve",
               "diff_backends"]
    for t in targets:
        shutil.rmtree(CORPUS / t, ignore_errors=True)
        (CORPUS / t).mkdir(parents=True)
    seen = set()

    for case in sorted((ROOT / "tests" / "cases").rglob("*.srm")):
        label = str(case.relative_to(ROOT / "tests" / "cases"))[:-4]
        for name, data in sections(case):
            if name.startswith("expected"):
                continue
            if name == "":
                no_stdlib = b"--no-stdlib" in data.split(b"\n", 1)[0]
                add("frontend" if no_stdlib else "frontend_stdlib", label, data, seen)
            elif name.endswith(".srm"):
                add("frontend", f"{label}-{name}", data, seen)
            elif name.endswith((".yaml", ".yml")):
                add("inventory_cfn_yaml", f"{label}-{name}", data, seen)
            else:
                text = data.decode(errors="replace")
                target = json_target(text)
                if target is None:  # malformed input: seeds every JSON loader
                    for t in ("inventory_cfn_json", "inventory_tfplan", "inventory_config",
                              "inventory_generic"):
                        add(t, f"{label}-{name}", data, seen)
                else:
                    add(target, f"{label}-{name}", data, seen)

    for f in sorted((ROOT / "stdlib").rglob("*.srm")):  # alone, without the rest of module aws
        add("frontend", "stdlib-" + f.stem, f.read_bytes(), seen)

    examples = ROOT / "examples"
    add("frontend_stdlib", "examples-policy", (examples / "policy.srm").read_bytes(), seen)
    add("inventory_cfn_json", "examples-template", (examples / "template.json").read_bytes(), seen)
    add("inventory_cfn_yaml", "examples-template",
        (examples / "yaml" / "template.yaml").read_bytes(), seen)
    add("inventory_tfplan", "examples-plan", (examples / "terraform" / "plan.json").read_bytes(),
        seen)
    add("inventory_config", "examples-snapshot",
        (examples / "config" / "snapshot.json").read_bytes(), seen)

    rng = random.Random(9)
    for i in range(48):
        add("cfn_resolve", f"random-{i}", bytes(rng.randrange(256) for _ in range(rng.randrange(16, 600))),
            seen)

    for seed in range(1, 10):
        for batch in range(2):
            if (seed, batch) == (8, 1):  # parses for seconds: tests/fuzz/open/README.md
                continue
            header = struct.pack("<QBBB", seed, batch, seed % 4, seed % 8)
            add("diff_backends", f"seed{seed}-batch{batch}", header, seen)
            if args.diffgen:
                with tempfile.TemporaryDirectory() as tmp:
                    subprocess.run([args.diffgen, "gen", "--seed", str(seed), "--batch", str(batch),
                                    "--out", tmp], check=True, stdout=subprocess.DEVNULL)
                    inv = (Path(tmp) / "inv.json").read_bytes()
                    add("diff_backends", f"seed{seed}-batch{batch}-inv", header + inv, seen)

    total = sum(f.stat().st_size for f in CORPUS.rglob("*") if f.is_file())
    for t in targets:
        files = list((CORPUS / t).iterdir())
        print(f"{t}: {len(files)} files, {sum(f.stat().st_size for f in files)} bytes")
    print(f"total: {total} bytes")
    if total > 2 * 1024 * 1024:
        sys.exit("corpus larger than 2 MB")


if __name__ == "__main__":
    main()
