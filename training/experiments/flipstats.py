#!/usr/bin/env python3
"""The blocks two models label differently on a set, in words, by tag: LOST (kept by A, not by B)
or GAINED, and `gold` when over 80% of the block's words are in the page's gold text.

  python3 training/experiments/flipstats.py BIN MODEL_A THR_A MODEL_B THR_B DATASET SPLIT|all
"""
import sys, json, subprocess, csv, os, re, collections, tempfile, shutil
b, ma, ta, mb, tb, ds, split = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], float(sys.argv[5]), sys.argv[6], sys.argv[7]
rows = [r for r in csv.DictReader(open(f"{ds}/index.csv")) if split == "all" or r.get("split") == split]
tmp = tempfile.mkdtemp(); os.makedirs(f"{tmp}/in")
for r in rows: os.symlink(os.path.abspath(f"{ds}/html/{r['id']}.html.gz"), f"{tmp}/in/{r['id']}.html.gz")
def run(m):
    out = subprocess.run([b, "classify", "-q", "-f", "jsonl", "-m", m, f"{tmp}/in"], capture_output=True, text=True, check=True).stdout
    return {os.path.basename(json.loads(l)["path"]).split(".html")[0]: json.loads(l) for l in out.splitlines()}
A, B = run(ma), run(mb)
tok = lambda s: re.findall(r"\w+", s.lower())
agg = collections.Counter(); pages = collections.Counter()
for pid in A:
    gold = collections.Counter(tok(open(f"{ds}/gold/{pid}.txt").read()))
    for x, y in zip(A[pid]["blocks"], B[pid]["blocks"]):
        ka, kb = x["probability"] >= ta, y["probability"] >= tb
        if ka == kb: continue
        w = tok(x["text"]); 
        if not w: continue
        ing = sum(1 for t in w if gold[t] > 0) / len(w) > 0.8
        key = ("LOST" if ka else "GAINED", "gold" if ing else "notgold", x["tag"])
        agg[key] += len(w); pages[(key[0], key[1], pid)] += len(w)
for k, v in sorted(agg.items(), key=lambda kv: -kv[1])[:40]: print(k, v)
print("totals", {k: sum(v for kk, v in agg.items() if kk[:2] == k) for k in [("LOST","gold"),("LOST","notgold"),("GAINED","gold"),("GAINED","notgold")]})
shutil.rmtree(tmp)
