#!/usr/bin/env python3
"""Checks the editor grammars (editors/) against the language grammar and the stdlib.

1. Keywords: every keyword of grammar/SRM.g4 (its quoted words) is a keyword of the TextMate
   grammar and of the Vim syntax file, and neither has a keyword the language does not.
2. TextMate: every regex compiles (with Python's `re`, which reads the grammar's Oniguruma
   subset), and a small TextMate tokeniser (match, begin/end, include, captures) runs over every
   stdlib file: no string or block comment is left open at the end of a file, every grammar
   keyword written in code (not in a comment or string) gets a keyword scope, and no other word
   does.
3. Vim (skipped with a message when vim is not installed): vim loads the syntax file for *.srm
   through ftdetect and, over every stdlib file, gives each line's first word the group it should
   have: comments srmLineComment, declarations srmDeclaration, `for`/`let`/`assert`
   srmStatement.

Usage: check_editors.py REPO_ROOT
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

KEYWORD_SCOPES = ("storage.type", "keyword.other", "keyword.control", "keyword.operator.word",
                  "constant.language", "support.type")


def grammar_keywords(root):
    words = set()
    for line in (root / "grammar/SRM.g4").read_text().splitlines():
        if line.lstrip().startswith("//"):
            continue
        words.update(re.findall(r"'([a-z]+)'", line))
    return words


class TextMate:
    def __init__(self, path):
        self.g = json.loads(path.read_text())
        self.regexes = {}

    def rx(self, pattern):
        if pattern not in self.regexes:
            self.regexes[pattern] = re.compile(pattern)
        return self.regexes[pattern]

    def all_patterns(self):
        out = []

        def walk(node):
            if isinstance(node, dict):
                for key in ("match", "begin", "end"):
                    if key in node:
                        out.append(node[key])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(self.g)
        return out

    def expand(self, patterns):
        out = []
        for p in patterns:
            if "include" in p:
                rule = self.g["repository"][p["include"][1:]]
                out += self.expand(rule["patterns"]) if "patterns" in rule and not (
                    "begin" in rule or "match" in rule) else [rule]
            elif "patterns" in p and "begin" not in p and "match" not in p:
                out += self.expand(p["patterns"])
            else:
                out.append(p)
        return out

    def tokenize(self, text):
        """Yields (word, scopes) for every token; returns the rule stack left open at the end."""
        stack = []  # (rule, scope names)
        tokens = []
        for line in text.split("\n"):
            pos = 0
            guard = 0
            while pos <= len(line):
                rule = stack[-1][0] if stack else None
                candidates = self.expand(rule.get("patterns", []) if rule else self.g["patterns"])
                best = None
                if rule is not None:
                    m = self.rx(rule["end"]).search(line, pos)
                    if m:
                        best = (m.start(), 0, "end", m, rule)
                for i, p in enumerate(candidates):
                    m = self.rx(p.get("match") or p["begin"]).search(line, pos)
                    if m and (best is None or m.start() < best[0]):
                        best = (m.start(), i + 1, "match" if "match" in p else "begin", m, p)
                scopes = [s for _, s in stack]
                if best is None:
                    tokens.append((line[pos:], scopes))
                    break
                start, _, kind, m, p = best
                tokens.append((line[pos:start], scopes))
                if kind == "end":
                    tokens.append((m.group(0), scopes))
                    stack.pop()
                elif kind == "match":
                    caps = p.get("captures", {})
                    if caps:
                        for g, cap in caps.items():
                            if m.group(int(g)):
                                tokens.append((m.group(int(g)), scopes + [cap["name"]]))
                    else:
                        tokens.append((m.group(0), scopes + [p.get("name", "")]))
                else:
                    stack.append((p, p.get("name", "")))
                    tokens.append((m.group(0), scopes + [p.get("name", "")]))
                if m.end() > pos:
                    pos = m.end()
                elif kind == "match":
                    pos += 1  # an empty match: move on
                guard += 1
                if pos > len(line) or guard > 10000:
                    break
        return tokens, stack


def check_textmate(root, keywords, failures):
    tm = TextMate(root / "editors/vscode/syntaxes/srm.tmLanguage.json")
    for p in tm.all_patterns():
        try:
            tm.rx(p)
        except re.error as e:
            failures.append(f"TextMate regex {p!r} does not compile: {e}")
    if failures:
        return
    tm_words = set()
    for p in tm.all_patterns():
        tm_words.update(w for w in re.findall(r"[a-z]+", p) if w in keywords)
    for kw in sorted(keywords):
        tokens, _ = tm.tokenize(kw)
        if not any(t == kw and any(s.startswith(KEYWORD_SCOPES) for s in sc) for t, sc in tokens):
            failures.append(f"TextMate: keyword '{kw}' of grammar/SRM.g4 is not highlighted")
    files = sorted((root / "stdlib").rglob("*.srm"))
    seen = 0
    for path in files:
        tokens, stack = tm.tokenize(path.read_text())
        seen += sum(1 for t, sc in tokens if t in keywords and any(
            s.startswith(KEYWORD_SCOPES) for s in sc))
        if stack:
            failures.append(f"TextMate: {path}: {[s for _, s in stack]} still open at the end")
        for text, scopes in tokens:
            if any(s.startswith(("comment", "string")) for s in scopes):
                continue
            keyword_scoped = any(s.startswith(KEYWORD_SCOPES) for s in scopes)
            for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
                if keyword_scoped and word not in keywords:
                    failures.append(f"TextMate: {path}: '{word}' is scoped {scopes}")
                if word in keywords and not keyword_scoped and not any(
                        s.startswith("entity.name") for s in scopes):
                    failures.append(f"TextMate: {path}: keyword '{word}' in {text!r} has "
                                    f"scopes {scopes}")
    print(f"TextMate: {seen} keywords highlighted in the stdlib")
    if seen < 1000:
        failures.append(f"TextMate: only {seen} keywords highlighted in the stdlib")
    return len(files)


def check_vim(root, keywords, failures):
    syntax = (root / "editors/vim/syntax/srm.vim").read_text()
    vim_words = set()
    for line in syntax.splitlines():
        m = re.match(r"syn keyword srm(?!Todo)\w+ (.*)", line)
        if m:
            vim_words.update(m.group(1).split())
    for kw in sorted(keywords - vim_words):
        failures.append(f"Vim: keyword '{kw}' of grammar/SRM.g4 is missing")
    for kw in sorted(vim_words - keywords):
        failures.append(f"Vim: '{kw}' is not a keyword of grammar/SRM.g4")
    vim = shutil.which("vim")
    if vim is None:
        print("vim is not installed: skipping the Vim tokenisation test")
        return 0
    files = sorted((root / "stdlib").rglob("*.srm"))
    decl = re.compile(r"(module|import|party|layer|type|resource|service|fn|control|profile|waive)\b")
    stmt = re.compile(r"(for|let|assert)\b")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "groups.txt"
        lst = pathlib.Path(tmp) / "files.txt"
        lst.write_text("\n".join(str(f) for f in files) + "\n")
        script = pathlib.Path(tmp) / "run.vim"
        script.write_text(f"""
set nomore
let s:out = []
for s:f in readfile('{lst}')
  execute 'edit ' . fnameescape(s:f)
  if &filetype !=# 'srm'
    call add(s:out, s:f . ':0:filetype=' . &filetype)
    continue
  endif
  for s:l in range(1, line('$'))
    let s:c = match(getline(s:l), '\\S') + 1
    if s:c > 0
      call add(s:out, s:f . ':' . s:l . ':' . synIDattr(synID(s:l, s:c, 1), 'name'))
    endif
  endfor
endfor
call writefile(s:out, '{out}')
qall!
""")
        r = subprocess.run([vim, "-Es", "-N", "-u", "NONE", "-i", "NONE",
                            "--cmd", f"set rtp^={root / 'editors/vim'}",
                            "--cmd", "filetype on", "--cmd", "syntax on", "-S", str(script)],
                           capture_output=True, text=True, timeout=300)
        if not out.exists():
            failures.append(f"Vim: no output (exit {r.returncode}): {r.stdout}{r.stderr}")
            return 0
        texts = {str(f): f.read_text().split("\n") for f in files}
        for entry in out.read_text().splitlines():
            path, line, group = entry.rsplit(":", 2)
            if line == "0":
                failures.append(f"Vim: {path}: {group}, not srm")
                continue
            text = texts[path][int(line) - 1].lstrip()
            want = None
            if text.startswith("//"):
                want = "srmLineComment"
            elif decl.match(text) and not text.startswith("layer aws"):
                want = "srmDeclaration"
            elif stmt.match(text):
                want = "srmStatement"
            if want and group != want and not (want == "srmDeclaration" and group == "srmClause"):
                failures.append(f"Vim: {path}:{line}: '{text[:30]}' is {group or 'plain'}, "
                                f"expected {want}")
    return len(files)


def main():
    root = pathlib.Path(sys.argv[1])
    keywords = grammar_keywords(root)
    failures = []
    n_tm = check_textmate(root, keywords, failures)
    n_vim = check_vim(root, keywords, failures)
    for f in failures[:50]:
        print("FAIL:", f)
    print(f"{len(keywords)} grammar keywords; TextMate over {n_tm} stdlib files, Vim over {n_vim}; "
          f"{len(failures)} failures")
    return 1 if failures or len(keywords) < 40 else 0


if __name__ == "__main__":
    sys.exit(main())
