#!/usr/bin/env python3
"""Converts a generated CloudFormation JSON template (bench/gen_template.py) into the other
inventory formats SRM loads, with the same resources and the same values, for the load
benchmarks of issue 14 (Terraform and Config within 4x of a bare JSON parse; YAML against
yaml-cpp's own parse; docs/performance.md "Other inventory formats"):

  bench/gen_formats.py t100k.json --out DIR    # DIR/t.tfplan.json, DIR/t.config.json, DIR/t.yaml

Terraform: each resource becomes a planned `aws_<service>_<type>` resource (snake_case
attribute names), Ref/GetAtt become the target's id string. Config: a configuration snapshot
item per resource (`configuration` with camelCase names). YAML: the template itself, in block
style (written here: PyYAML is not a dependency). Types no schema binds are loaded as unmodelled, which loading does not distinguish.
"""
import argparse
import json
import os
import re


def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def camel(name):
    return name[:1].lower() + name[1:]


def convert(value, key_fn, refs):
    if isinstance(value, dict):
        if len(value) == 1:
            (k, v), = value.items()
            if k == "Ref":
                return f"{v}-id"
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) else str(v).split(".")[0]
                return f"arn:aws:bench:::{target}"
            if k.startswith("Fn::"):
                return json.dumps(value, sort_keys=True)
        return {key_fn(k): convert(v, key_fn, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [convert(v, key_fn, refs) for v in value]
    return value


PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*\Z")
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(v):
    """A YAML scalar: plain when it cannot be read as anything else, else JSON-quoted (a YAML
    double-quoted scalar)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if PLAIN.match(v) and v.lower() not in RESERVED:
        return v
    return json.dumps(v)


def to_yaml(v, indent, lines):
    """Block-style YAML of a JSON value (no library: PyYAML is not among the dependencies)."""
    pad = " " * indent
    # (line prefix, value) per member or element: a nested container goes on the lines below.
    entries = [(f"{scalar(k)}:", item) for k, item in v.items()] if isinstance(v, dict) \
        else [("-", item) for item in v]
    for prefix, item in entries:
        if isinstance(item, (dict, list)) and item:
            lines.append(f"{pad}{prefix}")
            to_yaml(item, indent + 2, lines)
        else:
            empty = "{}" if isinstance(item, dict) else "[]" if isinstance(item, list) else None
            lines.append(f"{pad}{prefix} {empty or scalar(item)}")


def tf_type(cfn_type):
    _, service, kind = cfn_type.split("::")
    return f"aws_{snake(service)}_{snake(kind)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("template")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.template) as f:
        template = json.load(f)
    resources = template["Resources"]
    os.makedirs(args.out, exist_ok=True)

    planned = []
    for rid, res in resources.items():
        t = tf_type(res["Type"])
        planned.append({
            "address": f"{t}.{snake(rid)}", "mode": "managed", "type": t, "name": snake(rid),
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": convert(res.get("Properties", {}), snake, None), "sensitive_values": {},
        })
    plan = {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": planned}}}
    with open(os.path.join(args.out, "t.tfplan.json"), "w") as f:
        json.dump(plan, f, indent=1)

    items = []
    for rid, res in resources.items():
        items.append({
            "resourceType": res["Type"], "resourceId": f"{rid}-id", "resourceName": rid,
            "awsRegion": "eu-west-1", "configurationItemStatus": "OK",
            "configurationItemCaptureTime": "2026-12-01T00:00:00.000Z",
            "configuration": convert(res.get("Properties", {}), camel, None),
            "supplementaryConfiguration": {}, "tags": {}, "relationships": [],
        })
    snapshot = {"fileVersion": "1.0", "configSnapshotId": "bench", "configurationItems": items}
    with open(os.path.join(args.out, "t.config.json"), "w") as f:
        json.dump(snapshot, f, indent=1)

    with open(os.path.join(args.out, "t.yaml"), "w") as f:
        lines = []
        to_yaml(template, 0, lines)
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
