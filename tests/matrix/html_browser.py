#!/usr/bin/env python3
"""`srm matrix --format html` in a real browser: headless Chromium loads the stdlib's page, a
script sets each filter the way a person would (a value, then the change or input event), and
the dumped DOM must show the rows and dimmed cells that `srm matrix --format json` and
`srm list --format json` say it should. Keeps a screenshot of the page as a test artifact.

  html_browser.py --srm build/srm --out build/tests/matrix   # exit 77 (skipped): no chromium
"""
import argparse
import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from browser import (SKIP, dump_dom, find_browser, screenshot, set_filter,  # noqa: E402
                     srm)  # tests/support/browser.py


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srm", required=True)
    ap.add_argument("--out", required=True, help="directory for the page and its screenshot")
    opts = ap.parse_args()
    browser = find_browser()
    if browser is None:
        return SKIP
    out = pathlib.Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    page = srm(opts.srm, "matrix", "--format", "html")
    (out / "matrix.html").write_text(page, encoding="utf-8")
    model = json.loads(srm(opts.srm, "matrix", "--format", "json"))
    controls = json.loads(srm(opts.srm, "list", "--format", "json"))["controls"]
    services = model["services"]
    cells = sum(len(model["layers"]) for _ in services)

    # What each filter must leave, computed from the JSON forms.
    def involves(cell, party):
        return cell["owner"] == party or party in cell.get("duties", {})
    def searchable(s):  # what the page's search box looks in
        words = [s["name"], s.get("description", ""), s["module"], s.get("category", "")]
        for cell in s["layers"].values():
            words += [f"{p}: {d}" for p, d in cell.get("duties", {}).items()] + cell["controls"]
        return " ".join(words).lower()
    framework_services = {c["service"] for c in controls
                          if any(ref.split(" ")[0] == "HIPAA" for ref in c["frameworks"])}
    cases = [
        ("no filter", "", len(services), 0),
        ("category infrastructure", set_filter("category", "infrastructure", "change"),
         sum(s.get("category") == "infrastructure" for s in services), None),
        ("search 'Bedrock'", set_filter("search", "Bedrock", "input"),
         sum("bedrock" in searchable(s) for s in services), None),
        ("framework HIPAA", set_filter("framework", "HIPAA", "change"),
         sum(s["name"] in framework_services for s in services), None),
        ("party AWS", set_filter("party", "AWS", "change"), len(services),
         cells - sum(involves(c, "AWS") for s in services for c in s["layers"].values())),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, script, want_rows, want_dim in cases:
            dom = dump_dom(browser, tmp, page, body=f"<script>{script}</script>")
            rows = re.findall(r"<tr data-category[^>]*>", dom)
            shown = sum(" hidden" not in r for r in rows)
            counter = re.search(r'id="shown">(\d+)<', dom)
            dim = len(re.findall(r'class="cell dim"', dom))
            got = (len(rows), shown, int(counter.group(1)) if counter else None)
            ok = got == (len(services), want_rows, want_rows) and (want_dim is None
                                                                  or dim == want_dim)
            print(f"{'ok' if ok else 'FAIL'}: {name}: {shown} of {len(rows)} services shown "
                  f"(want {want_rows}), counter {got[2]}, {dim} cells dimmed"
                  + ("" if want_dim is None else f" (want {want_dim})"))
            # A filter that keeps every service or none would prove nothing.
            if script and "party" not in name and not 0 < want_rows < len(services):
                print(f"FAIL: {name}: the case keeps {want_rows} services; choose another value")
                ok = False
            failures += not ok
    if not screenshot(browser, out / "matrix.html", out / "matrix.png"):
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
