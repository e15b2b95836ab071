#!/usr/bin/env python3
"""Generated documents: files under docs/ that are srm's own output, checked to be current.

  generated.py --srm build/srm --root .            # fails (with a diff) when one is stale
  generated.py --srm build/srm --root . --update   # rewrites them (`make update-docs`)

docs/controls.md is `srm list --format md` (the catalogue of the stdlib's controls) under a
header that says so. A document of SECTIONS is written by hand except for the lines between
its markers, `<!-- generated: srm ARGS -->` and `<!-- end generated -->`, which are srm's
output with its first line replaced by a heading and every other heading one level deeper
(docs/model.md holds `srm matrix --format md`, the stdlib's responsibility matrix). CTest runs
the check as docs/generated (tests/CMakeLists.txt).
"""
import argparse
import difflib
import pathlib
import re
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

# document -> (srm arguments, the heading that replaces the output's first line): the section
# between the document's markers.
SECTIONS = {
    "docs/model.md": (["matrix", "--format", "md"], "## The matrix of the standard library"),
}
BEGIN = "<!-- generated: srm {} -->\n"
END = "<!-- end generated -->\n"


def run_srm(srm, args):
    out = subprocess.run([srm, *args], check=True, stdout=subprocess.PIPE,
                         env={"NO_COLOR": "1", "LC_ALL": "C.UTF-8"}).stdout.decode("utf-8")
    first, _, rest = out.partition("\n")
    if not first.startswith("# "):
        sys.exit(f"generated.py: srm {' '.join(args)} did not start with a heading: {first!r}")
    return rest


def render(srm, args, heading, intro):
    return f"{heading}\n\n{intro}\n{run_srm(srm, args)}"


def render_section(srm, args, heading, have, doc):
    """`have` with the text between its markers replaced by srm's output."""
    begin = BEGIN.format(" ".join(args))
    start = have.find(begin)
    end = have.find(END, start + 1)
    if start < 0 or end < start:
        sys.exit(f"generated.py: {doc} has no section between '{begin.strip()}' and "
                 f"'{END.strip()}'")
    body = re.sub(r"^(#+ )", r"#\1", run_srm(srm, args), flags=re.MULTILINE)
    return have[:start + len(begin)] + f"{heading}\n{body}" + have[end:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srm", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    opts = ap.parse_args()
    stale = 0
    jobs = [(doc, args, lambda have, a=args, h=heading, i=intro: render(opts.srm, a, h, i))
            for doc, (args, heading, intro) in GENERATED.items()]
    jobs += [(doc, args, lambda have, a=args, h=heading, d=doc:
              render_section(opts.srm, a, h, have, d))
             for doc, (args, heading) in SECTIONS.items()]
    for doc, args, make in jobs:
        path = pathlib.Path(opts.root) / doc
        have = path.read_text(encoding="utf-8") if path.exists() else ""
        want = make(have)
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
