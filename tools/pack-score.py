#!/usr/bin/env python3
"""Score `tenderlint check --pack` on a folder of packs against its LABELS.tsv (pack, file, rule,
expect, subject, note): a flag counts when a diagnostic of the rule is in the labelled file and
names the subject; a clear, when none does. Usage: tools/pack-score.py BIN DIR [-v] [--file-by-file]"""
import json, subprocess, sys, os, collections
bin_, root = sys.argv[1], sys.argv[2]
verbose = '-v' in sys.argv
alone = '--file-by-file' in sys.argv
labels = []
for line in open(os.path.join(root, 'LABELS.tsv')):
    if line.startswith('#') or not line.strip():
        continue
    cols = line.rstrip('\n').split('\t')
    cols += [''] * (6 - len(cols))
    labels.append(cols[:6])
kinds = {}
if os.path.exists(os.path.join(root, 'KINDS.tsv')):
    for line in open(os.path.join(root, 'KINDS.tsv')):
        if line.startswith('#') or not line.strip(): continue
        p, k = line.split()[:2]; kinds[p] = k
found = {}
for pack in sorted({l[0] for l in labels}):
    d = os.path.join(root, pack)
    args = [bin_, 'check', '--format', 'json', '--isolated']
    args += [d] if alone else ['--pack', d]
    out = subprocess.run(args, capture_output=True, text=True)
    rep = json.loads(out.stdout)
    for f in rep['files']:
        name = os.path.basename(f['path'])
        found[(pack, name)] = f['diagnostics']
        if verbose and f.get('unchecked'): print('UNCHECKED', pack, name, f['kind'])
def mentions(d, subject):
    s = subject.lower()
    return s in (d.get('subject') or '').lower() or s in d['message'].lower() or s in (d.get('snippet') or '').lower()
tp = fa = miss = 0
per = collections.Counter()
for pack, file, rule, expect, subject, note in labels:
    diags = [d for d in found.get((pack, file), []) if d['rule'] == rule]
    if subject:
        hit = [d for d in diags if mentions(d, subject)]
    else:
        hit = diags
    if expect == 'flag':
        if hit: tp += 1; per[(rule, 'tp')] += 1
        else:
            miss += 1; per[(rule, 'miss')] += 1
            if verbose: print('MISS ', pack, file, rule, subject, '|', note)
    else:
        if hit:
            fa += 1; per[(rule, 'fa')] += 1
            if verbose: print('FALSE', pack, file, rule, subject, '|', hit[0]['message'][:100])
        else: per[(rule, 'ok')] += 1
print(f"flags found {tp}/{tp+miss}, false alarms {fa} over {sum(1 for l in labels if l[3]=='clear')} clears")
for rule in sorted({r for r, _ in per}):
    print(f"  {rule:32} tp {per[(rule,'tp')]} miss {per[(rule,'miss')]} fa {per[(rule,'fa')]} ok {per[(rule,'ok')]}")
