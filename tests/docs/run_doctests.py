#!/usr/bin/env python3
"""Docs are tests: runs the ```console blocks of Markdown files and compares their output.

Conventions (see tests/docs/README.md): a ```console block is a session; each `$ ` line is a
command run with bash from the repository root (or the document's file directory), and the
lines after it, up to the next `$ ` line, are its expected output (stdout then stderr, merged).
`<!-- doctest: ... -->` on the line before a block sets options: `exit N` (the exit code of
the srm commands of the block), `files` (run in the directory of the document's file blocks),
`file NAME` (this block is the file NAME). A block that is not ```console but holds a
`$ srm` line fails the run: mark it ```text when it is not meant to run.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(`{3,})\s*([A-Za-z0-9_+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*doctest:(.*)-->\s*$")
SRM_COMMAND = re.compile(r"^(\./build/srm|srm)(\s|$)")


class Block:
    def __init__(self, path, line, info, body, options, fence_end):
        self.path = path
        self.line = line  # 1-based line of the opening fence
        self.info = info
        self.body = body  # list of lines without newlines
        self.options = options
        self.fence_end = fence_end  # 1-based line of the closing fence


def ParseOptions(text, where):
    opts = {"exit": 0, "files": False, "file": None}
    words = text.split()
    i = 0
    while i < len(words):
        w = words[i]
        if w == "exit" and i + 1 < len(words) and words[i + 1].isdigit():
            opts["exit"] = int(words[i + 1])
            i += 2
        elif w == "files":
            opts["files"] = True
            i += 1
        elif w == "file" and i + 1 < len(words):
            opts["file"] = words[i + 1]
            i += 2
        else:
            raise SystemExit(f"{where}: unknown doctest option '{w}' (exit N, files, file NAME)")
    return opts


def ParseBlocks(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        options = {"exit": 0, "files": False, "file": None}
        marker = MARKER.match(lines[i - 1]) if i > 0 else None
        if marker:
            options = ParseOptions(marker.group(1), f"{path}:{i}")
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != fence:
            j += 1
        if j == len(lines):
            raise SystemExit(f"{path}:{i + 1}: unclosed code block")
        blocks.append(Block(path, i + 1, info, lines[i + 1 : j], options, j + 1))
        i = j + 1
    return blocks


def Commands(block):
    """[(command, [expected lines], first output line index in body)] of a console block."""
    out = []
    for k, line in enumerate(block.body):
        if line.startswith("$ "):
            out.append([line[2:], [], k + 1])
        elif out:
            out[-1][1].append(line)
        elif line.strip():
            raise SystemExit(f"{block.path}:{block.line + 1 + k}: output before the first '$ ' line")
    return out


def Run(command, cwd, env, previous_exit, timeout):
    is_srm = SRM_COMMAND.match(command) is not None
    if is_srm:
        command = SRM_COMMAND.sub(r"srm\2", command, count=1)
    script = f"set -o pipefail; (exit {previous_exit}); {command}"
    proc = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    text = proc.stdout.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return is_srm, proc.returncode, lines


def CheckDocument(path, root, env, update, timeout):
    rel = os.path.relpath(path, root)
    blocks = ParseBlocks(path)
    failures = []
    replacements = []  # (first body index, end body index, new lines, block)
    with tempfile.TemporaryDirectory(prefix="srm-doctest-") as files_dir:
        # The repository's examples are reachable from the scratch directory too.
        os.symlink(os.path.join(root, "examples"), os.path.join(files_dir, "examples"))
        for b in blocks:
            if b.options["file"]:
                name = b.options["file"]
                if os.path.isabs(name) or ".." in name.split("/"):
                    raise SystemExit(f"{rel}:{b.line}: file name must be relative: {name}")
                target = os.path.join(files_dir, name)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w", encoding="utf-8") as f:
                    f.write("\n".join(b.body) + "\n")
        ran = 0
        for b in blocks:
            has_srm = any(l.startswith("$ ") and SRM_COMMAND.match(l[2:]) for l in b.body)
            if b.info != "console":
                if has_srm and b.info != "text":
                    failures.append(f"{rel}:{b.line}: a block with '$ srm' lines must be ```console "
                                    f"(run and compared) or ```text (not run), not ```{b.info}")
                continue
            cwd = files_dir if b.options["files"] else root
            previous = 0
            for command, expected, first in Commands(b):
                ran += 1
                is_srm, code, actual = Run(command, cwd, env, previous, timeout)
                previous = code
                want_code = b.options["exit"] if is_srm else 0
                where = f"{rel}:{b.line + first}"
                if code != want_code:
                    failures.append(f"{where}: `{command}` exited {code}, the document expects "
                                    f"{want_code} (`<!-- doctest: exit N -->` before the block)")
                if actual != expected:
                    if update:
                        replacements.append((first, first + len(expected), actual, b))
                    diff = "\n".join(difflib.unified_diff(expected, actual, "documented",
                                                          "actual", lineterm=""))
                    failures.append(f"{where}: output of `{command}` differs:\n{diff}")
    if update and replacements:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for first, end, new, b in sorted(replacements, key=lambda r: -(r[3].line + r[0])):
            start = b.line + first  # 0-based index in the file of the first output line
            lines[start : b.line + end] = new
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    return ran, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srm", required=True, help="the srm binary under test")
    ap.add_argument("--root", required=True, help="the repository root (commands run there)")
    ap.add_argument("--update", action="store_true",
                    help="rewrite the expected output in the documents (review the diff)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("docs", nargs="+", help="Markdown files")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    with tempfile.TemporaryDirectory(prefix="srm-doctest-bin-") as bindir:
        os.symlink(os.path.abspath(args.srm), os.path.join(bindir, "srm"))
        env = {"PATH": bindir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
               "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "C.UTF-8", "HOME": bindir}
        total, failed = 0, []
        for doc in args.docs:
            ran, failures = CheckDocument(os.path.abspath(doc), root, env, args.update,
                                          args.timeout)
            total += ran
            failed += failures
    for f in failed:
        print(f, file=sys.stderr)
    print(f"{total} command(s) run, {len(failed)} failure(s)")
    if args.update:
        print("--update: documented output rewritten; review the diff (exit codes are not rewritten)")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
