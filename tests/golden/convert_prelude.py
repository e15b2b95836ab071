# Replace the 16-line bucket prelude of golden cases by "// PRELUDE: bucket" and name the prelude
# file in every RUN line that names the policy (%s).
import glob, re, sys
PRE = open('tests/preludes/bucket.srm').read().split('module t;\n',1)[1]
changed = 0
for f in sorted(glob.glob('tests/cases/**/*.srm', recursive=True)):
    t = open(f, encoding='utf-8', errors='surrogateescape').read()
    head, sep, rest = t.partition('\n//--- ')
    if 'module t;\n' + PRE not in head: continue
    if '%s' not in head: continue
    head = head.replace('module t;\n' + PRE, 'module t;\n// PRELUDE: bucket\n', 1)
    head = re.sub(r'(// RUN: [^\n]*?)%s', r'\1%s bucket.srm', head)
    open(f, 'w', encoding='utf-8', errors='surrogateescape').write(head + sep + rest)
    changed += 1
print(changed, 'cases converted')
