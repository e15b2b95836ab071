#!/usr/bin/env python3
"""`srm fmt` over every .srm file of the repository: each formats (which includes fmt's own
check that the re-parsed AST and the comments are unchanged: a difference is an error, exit 2),
formatting the result again changes nothing (idempotence), --check lists exactly the files -w
changes, and --check / -w give the documented exit codes on a file with a syntax error.

Golden cases (tests/cases/**) are formatted by their policy part (up to the first `//--- `
line); cases whose expected output is a syntax error (an E01xx diagnostic) are skipped, and so is
a case with no policy text.

Usage: fmt_all_files.py SRM REPO_ROOT
"""
import pathlib
import subprocess
import sys
import tempfile


def run(srm, *args):
    return subprocess.run([srm, *args], capture_output=True, text=True, timeout=60)


def policy_part(path):
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    if "/cases/" not in str(path):
        return text
    if "error[E01" in text:
        return None  # the case expects a syntax error: there is nothing to format
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        if line.startswith("//--- "):
            break
        out.append(line)
    return "".join(out)


def main():
    srm, root = sys.argv[1], pathlib.Path(sys.argv[2])
    files = []
    for top in ("stdlib", "examples", "tests/cases", "tests/preludes"):
        files += sorted((root / top).rglob("*.srm"))
    failures = []
    checked = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        # One srm run per step over a copy of every file: --check, -w, --check again.
        tree = pathlib.Path(tmp) / "tree"
        copies = {}
        for path in files:
            text = policy_part(path)
            if text is None or not text.strip():
                skipped += 1
                continue
            copy = tree / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8", errors="surrogateescape")
            copies[copy] = (path, text)
        check = run(srm, "fmt", "--check", str(tree))
        listed = {line.split(":")[0] for line in check.stdout.splitlines()
                  if line.endswith(": not formatted")}
        if check.returncode not in (0, 1) or check.stderr:
            failures.append(f"--check over the tree exited {check.returncode}\n{check.stderr}")
        write = run(srm, "fmt", "-w", str(tree))
        if write.returncode != 0:
            failures.append(f"-w over the tree exited {write.returncode}\n{write.stderr}")
        again = run(srm, "fmt", "--check", str(tree))
        if again.returncode != 0 or again.stdout:
            failures.append("not idempotent: --check after -w exited "
                            f"{again.returncode}\n{again.stdout}{again.stderr}")
        for copy, (path, text) in copies.items():
            changed = copy.read_text(encoding="utf-8", errors="surrogateescape") != text
            if changed != (str(copy) in listed):
                failures.append(f"{path}: changed by -w: {changed}, listed by --check: "
                                f"{str(copy) in listed}")
            checked += 1
        if (check.returncode == 1) != bool(listed):
            failures.append(f"--check exited {check.returncode} and listed {len(listed)} files")

        # -w rewrites an unformatted file and leaves a file with a syntax error alone.
        messy = pathlib.Path(tmp) / "messy.srm"
        messy.write_text("module m;party  P ;\n", encoding="utf-8")
        w = run(srm, "fmt", "-w", str(messy))
        if w.returncode != 0 or messy.read_text() != "module m;\nparty P;\n":
            failures.append(f"-w: exit {w.returncode}, file now {messy.read_text()!r}")
        bad_text = "module m;party P\n"
        bad = pathlib.Path(tmp) / "bad.srm"
        bad.write_text(bad_text, encoding="utf-8")
        for args in (["-w"], ["--check"], []):
            r = run(srm, "fmt", *args, str(bad))
            if r.returncode != 2 or "error[E01" not in r.stderr or bad.read_text() != bad_text:
                failures.append(f"fmt {args} on a syntax error: exit {r.returncode}, "
                                f"stderr {r.stderr!r}")

    for f in failures:
        print("FAIL:", f)
    print(f"{checked} files formatted and checked, {skipped} skipped, {len(failures)} failures")
    if checked < 100:
        print("FAIL: fewer than 100 files were checked; is the repository root right?")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
