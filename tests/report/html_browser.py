#!/usr/bin/env python3
"""`srm report --format html` in a real browser: headless Chromium loads the PCI report of
examples/template.json (embedded stdlib; once as is, once with a module waiver so that a
requirement is met with waivers), and the dumped DOM must show, row by row, the requirements
and statuses that `srm report --format json` gives, each status in its own colour, the summary
line with the JSON's counts, and no request for anything: a Content-Security-Policy that allows
nothing outside the page reports every attempt, and the Resource Timing API lists every resource
fetched. A deliberately leaky copy of the page must fail that check. Keeps the pages and a
screenshot as test artifacts.

  html_browser.py --srm build/srm --examples examples --out build/tests/report  # 77: no chromium
"""
import argparse
import html
import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from browser import SKIP, dump_dom, find_browser, screenshot, srm  # noqa: E402

FRAMEWORK = "PCI"
TODAY = "2027-01-15"
# A waiver the examples' Lambda function needs (its runtime is deprecated): PCI 6.3.3, which
# only that control maps, becomes "met (with waivers)".
WAIVER_POLICY = ('module audit;\nwaive LAMBDA_SUPPORTED_RUNTIME on "*" until 2099-12-31 '
                 'because "runtime upgrade planned" by "platform-team";\n')

# First in <head>: nothing may be loaded from outside the page (its inline style and the probe's
# inline scripts excepted), and every violation is recorded.
HEAD = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<script>window.srmBlocked = "
        "[]; document.addEventListener('securitypolicyviolation', function (e) { "
        "window.srmBlocked.push(e.violatedDirective + ' ' + e.blockedURI); });</script>")
# Last in <body>: after the load, what the page fetched and each row's rendered colour, written
# into the DOM for --dump-dom.
BODY = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var out = document.createElement('pre');
    out.id = 'srm-probe';
    var rows = [];
    document.querySelectorAll('tbody tr').forEach(function (tr) {
      rows.push({cls: tr.className, cells: Array.from(tr.cells).map(function (td) {
        return td.textContent; }), colour: getComputedStyle(tr).backgroundColor});
    });
    out.textContent = JSON.stringify({
      blocked: window.srmBlocked,
      resources: performance.getEntriesByType('resource').map(function (r) { return r.name; }),
      summary: document.querySelector('p').textContent,
      rows: rows});
    document.body.appendChild(out);
  }, 100);
});
</script>"""


def probe(browser, tmp, page):
    dom = dump_dom(browser, tmp, page, head=HEAD, body=BODY)
    found = re.search(r'<pre id="srm-probe">(.*?)</pre>', dom, re.S)
    if not found:
        raise SystemExit("FAIL: the probe wrote nothing into the page")
    return json.loads(html.unescape(found.group(1)))


def summary_text(summary):
    """The page's summary line, from the JSON's counts (framework_report.cpp Summary)."""
    parts = [f"{summary['met']} met"]
    if summary["met_with_waivers"]:
        parts.append(f"{summary['met_with_waivers']} met with waivers")
    parts += [f"{summary['not_met']} not met", f"{summary['attested']} attested by a provider",
              f"{summary['not_assessed']} not assessed"]
    return "Requirements: " + ", ".join(parts) + "."


def check(name, got, report):
    """Failure messages: the DOM's rows against the JSON report's requirements."""
    errors = []
    if got["blocked"] or got["resources"]:
        errors.append(f"requests: blocked {got['blocked']}, fetched {got['resources']}")
    rows = got["rows"]
    want = [(r["id"], r["title"], r["status"]) for r in report["requirements"]]
    have = [tuple(row["cells"][:3]) for row in rows]
    if have != want:
        diff = [(w, h) for w, h in zip(want, have) if w != h][:3]
        errors.append(f"{len(have)} rows for {len(want)} requirements; first differences {diff}")
    for row in rows:
        css = row["cells"][2].replace(" (with waivers)", "-with-waivers").replace(" ", "-")
        if row["cls"] != css:
            errors.append(f"row {row['cells'][0]}: class {row['cls']!r} for {row['cells'][2]!r}")
    colours = {}
    for row in rows:
        colours.setdefault(row["cells"][2], set()).add(row["colour"])
    if any(len(c) != 1 for c in colours.values()) or \
            len({next(iter(c)) for c in colours.values()}) != len(colours):
        errors.append(f"not one distinct colour per status: {colours}")
    if got["summary"] != summary_text(report["summary"]):
        errors.append(f"summary {got['summary']!r}, want {summary_text(report['summary'])!r}")
    print(f"{'FAIL' if errors else 'ok'}: {name}: {len(rows)} requirements, statuses "
          + ", ".join(f"{s} {sum(r['cells'][2] == s for r in rows)}" for s in sorted(colours))
          + f", {len(got['resources'])} requests")
    for e in errors:
        print(f"  {e}")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srm", required=True)
    ap.add_argument("--examples", required=True, help="the examples/ directory")
    ap.add_argument("--out", required=True, help="directory for the pages and the screenshot")
    opts = ap.parse_args()
    browser = find_browser()
    if browser is None:
        return SKIP
    out = pathlib.Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "waiver.srm").write_text(WAIVER_POLICY, encoding="utf-8")
    template = str(pathlib.Path(opts.examples) / "template.json")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, policies in (("PCI", []), ("PCI with a waiver", [str(out / "waiver.srm")])):
            args = ["report", *policies, "--framework", FRAMEWORK, "-i", template,
                    "--today", TODAY]
            page = srm(opts.srm, *args, "--format", "html")
            report = json.loads(srm(opts.srm, *args, "--format", "json"))
            stem = "report" if not policies else "report_waived"
            (out / f"{stem}.html").write_text(page, encoding="utf-8")
            failures += bool(check(name, probe(browser, tmp, page), report))
            statuses = {r["status"] for r in report["requirements"]}
            need = {"not met", "attested", "not assessed"} | (
                {"met (with waivers)"} if policies else set())
            if not need <= statuses:
                print(f"FAIL: {name}: the report lacks {sorted(need - statuses)}; the case "
                      "proves less than it should")
                failures += 1
        # The check of requests must be able to fail: a copy of the page with an image from
        # elsewhere.
        leaky = page.replace("</h1>", "</h1><img src=\"http://example.invalid/logo.png\">", 1)
        if not probe(browser, tmp, leaky)["blocked"]:
            print("FAIL: a page that loads an image from elsewhere was not caught")
            failures += 1
        else:
            print("ok: a page that loads an image from elsewhere is caught")
    if not screenshot(browser, out / "report_waived.html", out / "report.png"):
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
