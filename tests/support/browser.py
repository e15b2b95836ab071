"""Headless Chromium for the tests of srm's HTML pages (tests/matrix/html_browser.py,
tests/report/html_browser.py): finding the browser (Debian package `chromium`; the tests exit
77, skipped, without it), running srm, loading a page with a probe script injected, and keeping
a screenshot as a test artifact."""

import json
import pathlib
import shutil
import subprocess
import tempfile

SKIP = 77


def find_browser():
    """The chromium binary on PATH, or None after printing why the test is skipped."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("skipped: no chromium on PATH (Debian package `chromium`)")
    return browser


def srm(binary, *args):
    """srm's stdout (it must exit 0), without colour, in a UTF-8 locale."""
    return subprocess.run([binary, *args], check=True, stdout=subprocess.PIPE,
                          env={"NO_COLOR": "1", "LC_ALL": "C.UTF-8"}).stdout.decode("utf-8")


def chromium(browser, profile, *args):
    """Runs headless Chromium with its own profile directory; its stdout."""
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={profile}", *args], check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          timeout=120).stdout.decode("utf-8")


def set_filter(element, value, event):
    """A script that sets form element `element` to `value` and fires `event`, as a person
    typing or choosing would."""
    return (f"var e = document.getElementById('{element}'); e.value = {json.dumps(value)}; "
            f"e.dispatchEvent(new Event('{event}'));")


def dump_dom(browser, tmp, page, head="", body=""):
    """The DOM of `page` after loading, with `head` inserted first in <head> and `body` last in
    <body> (scripts, as HTML), and the page's pending tasks run (virtual time)."""
    probe = pathlib.Path(tmp) / "probe.html"
    probe.write_text(page.replace("<head>", "<head>\n" + head, 1)
                     .replace("</body>", body + "\n</body>", 1), encoding="utf-8")
    return chromium(browser, pathlib.Path(tmp) / "profile", "--virtual-time-budget=5000",
                    "--dump-dom", probe.as_uri())


def screenshot(browser, html, png, size="1600,1000"):
    """Writes a PNG of the page file `html` to `png`; False after a message when there is
    none."""
    with tempfile.TemporaryDirectory() as tmp:
        chromium(browser, pathlib.Path(tmp) / "profile", f"--window-size={size}",
                 f"--screenshot={png}", pathlib.Path(html).resolve().as_uri())
    data = pathlib.Path(png).read_bytes() if pathlib.Path(png).exists() else b""
    if not data.startswith(b"\x89PNG"):
        print(f"FAIL: no screenshot at {png}")
        return False
    print(f"screenshot: {png} ({len(data)} bytes)")
    return True
