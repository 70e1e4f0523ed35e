#!/usr/bin/env python3
"""Per-page word P/R/F1 (bench/score.py's tokens) of one or more binaries/models, sorted by the
change from the first to the last; `*` marks pages whose F1 moves by 0.005 or more.

  python3 training/experiments/perpage.py DATASET SPLIT|all LANG|all SPEC...
  SPEC: BIN, BIN:MODEL or BIN:MODEL@THRESHOLD (`unchrome classify -f text --no-title`)
  e.g. perpage.py ../shared/datasets/readability test all target/release/unchrome:models/default.json target/release/unchrome:other.json@0.47
"""
import sys, os, csv, re, subprocess, tempfile, collections, shutil
ds, split, lang, specs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rows = [r for r in csv.DictReader(open(f"{ds}/index.csv")) if (split == "all" or r.get("split") == split) and (lang == "all" or r.get("lang") == lang)]
tmp = tempfile.mkdtemp()
os.makedirs(f"{tmp}/in")
for r in rows:
    os.symlink(os.path.abspath(f"{ds}/html/{r['id']}.html.gz"), f"{tmp}/in/{r['id']}.html.gz")
tok = lambda s: collections.Counter(re.findall(r"\w+", s.lower()))
def prf(a, g):
    a, g = tok(a), tok(g); c = sum((a & g).values())
    if not a and not g: return (1.0, 1.0, 1.0)
    if c == 0: return (0.0, 0.0, 0.0)
    p, r = c / sum(a.values()), c / sum(g.values()); return (p, r, 2 * p * r / (p + r))
res = {}
for i, s in enumerate(specs):
    s, _, thr = s.partition("@")
    b, _, m = s.partition(":")
    out = f"{tmp}/out{i}"
    cmd = [b, "classify", "-q", "-f", "text", "--no-title", "-o", out]
    if m: cmd += ["-m", m]
    if thr: cmd += ["--threshold", thr]
    subprocess.run(cmd + [f"{tmp}/in"], check=True)
    for r in rows:
        files = [f for f in os.listdir(out) if f.startswith(r["id"] + ".")]
        a = open(f"{out}/{files[0]}").read() if files else ""
        res.setdefault(r["id"], []).append(prf(a, open(f"{ds}/gold/{r['id']}.txt").read()))
for pid, v in sorted(res.items(), key=lambda kv: kv[1][-1][2] - kv[1][0][2]):
    f = [x[2] for x in v]
    flag = "" if max(f) - min(f) < 0.005 else "  *"
    print(pid, "  ".join(f"{p:.3f}/{r:.3f}/{f:.3f}" for p, r, f in v), flag)
print("mean", "  ".join(f"{sum(x[i][2] for x in res.values())/len(res):.4f}" for i in range(len(specs))))
shutil.rmtree(tmp)
