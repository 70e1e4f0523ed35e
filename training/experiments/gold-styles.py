#!/usr/bin/env python3
"""Where the gold styles disagree: on the held-out pages of wcxb-dev, fundus and readability,
how many h1, h2/h3 and caption blocks (figcaption, or a `caption` class on the block or an
ancestor) each set's aligned labels call content, and how many of each the bundled model keeps.

    python3 training/experiments/gold-styles.py      # after training/build-model.sh

Reads training/data/<set>.csv and training/data/holdout-domains.txt (written by build-model.sh)
and runs target/release/unchrome classify -f jsonl on the held-out pages. Prints counts only.
"""
import collections
import csv
import json
import os
import subprocess

csv.field_size_limit(10**9)
D='../shared/datasets'
held={l.strip() for l in open('training/data/holdout-domains.txt') if l.strip()}
out={}
for s in ['wcxb-dev','fundus','readability']:
    idx={r['id']:r for r in csv.DictReader(open(f'{D}/{s}/index.csv'))}
    lab={}
    for r in csv.DictReader(open(f'training/data/{s}.csv')):
        if r['domain'] in held:
            lab[(r['page'],int(r['index']))]=(r['tag'], r['label'].split(':')[0], 'caption' in (r['classes']+' '+r['ancestor_classes']).lower())
    pages=sorted({p for p,_ in lab})
    paths=[f'{D}/{s}/html/{p}.html.gz' for p in pages]
    res=subprocess.run(['target/release/unchrome','classify','-q','-f','jsonl']+paths,capture_output=True,text=True).stdout
    c=collections.Counter()
    for line in res.splitlines():
        d=json.loads(line); pid=os.path.basename(d['path'])[:-8]
        for b in d['blocks']:
            k=(pid,b['index'])
            if k not in lab: continue
            tag,gold,cap=lab[k]
            grp='h1' if tag=='h1' else 'figcaption/caption' if (tag=='figcaption' or cap) else 'h2-h3' if tag in('h2','h3') else None
            if grp: c[(grp,gold,b['label'])]+=1
    print(s)
    for g in ['h1','h2-h3','figcaption/caption']:
        gc=c[(g,'content','content')]+c[(g,'content','chrome')]; gch=c[(g,'chrome','content')]+c[(g,'chrome','chrome')]
        print(f'  {g}: gold content {gc} (model keeps {c[(g,"content","content")]}), gold chrome {gch} (model keeps {c[(g,"chrome","content")]})')
