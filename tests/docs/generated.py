#!/usr/bin/env python3
"""Generated documents: files under docs/ that are srm's own output, checked to be current.

  generated.py --srm build/srm --root .            # fails (with a diff) when one is stale
  generated.py --srm build/srm --root . --update   # rewrites them (`make update-docs`)

docs/controls.md is `srm list --format md` (the catalogue of the stdlib's controls) under a
header that says so; CTest runs the check as docs/generated (tests/CMakeLists.txt).
"""
import argparse
import difflib
import pathlib
import subprocess
import sys

# document -> (srm arguments, the heading that replaces the output's first line, an intro)
GENERATED = {
    "docs/controls.md": (
        ["list", "--format", "md"],
        "# Controls of the standard library",
        "Every control of SRM's standard library ([stdlib.md](stdlib.md)): its id, title, the\n"
        "resource type it checks, the layer and its owner in the shared responsibility model,\n"
        "severity, framework mappings and remediation, grouped by module and service. Generated\n"
        "from `stdlib/` by `srm list --format md` (`make update-docs` rewrites this file; CTest's\n"
        "`docs/generated` fails when it is not current): do not edit it by hand.",
    ),
}


def render(srm, args, heading, intro):
    out = subprocess.run([srm, *args], check=True, stdout=subprocess.PIPE,
                         env={"NO_COLOR": "1", "LC_ALL": "C.UTF-8"}).stdout.decode("utf-8")
    first, _, rest = out.partition("\n")
    if not first.startswith("# "):
        sys.exit(f"generated.py: srm {' '.join(args)} did not start with a heading: {first!r}")
    return f"{heading}\n\n{intro}\n{rest}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srm", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    opts = ap.parse_args()
    stale = 0
    for doc, (args, heading, intro) in GENERATED.items():
        path = pathlib.Path(opts.root) / doc
        want = render(opts.srm, args, heading, intro)
        have = path.read_text(encoding="utf-8") if path.exists() else ""
        if have == want:
            print(f"{doc}: current")
        elif opts.update:
            path.write_text(want, encoding="utf-8")
            print(f"{doc}: rewritten")
        else:
            stale += 1
            sys.stdout.writelines(difflib.unified_diff(
                have.splitlines(True), want.splitlines(True), doc, f"srm {' '.join(args)}"))
            print(f"{doc}: not current: run `make update-docs` (srm {' '.join(args)})")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
