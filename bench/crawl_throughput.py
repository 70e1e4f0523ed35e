#!/usr/bin/env python3
"""Pages per second per core through each door (issue 19, section 4), and peak memory on WARC.

    cargo build --release
    pip install ./bindings/python pyspark==4.3.0     # into the Python that runs this script
    python bench/crawl_throughput.py [--pages DIR] [--work /tmp/unchrome-crawl] [--reps 3]

On the same pages (default: wcxb-dev's 1497 pages, gunzipped), one after another:
  cli-dir      unchrome classify -f jsonl -j N on a folder of .html files
  cli-warc     the same on a folder of .warc.gz files holding the same pages (one record each)
  py-many      unchrome.classify_many(bytes, jobs=N), article text read (pages in memory)
  py-warc      unchrome.classify_warc(file, jobs=N) over the same WARC files
  spark-job    examples/spark/classify_warc.py's run() on a started local[N] session, warmed up
               by one run of the whole job (a new session per run, local[1] and local[2] in turn)
  spark-ceiling  the same tasks and rows on that session with classification replaced by a busy
               loop of the same CPU time per page (what Spark itself scales to on this machine)
  spark-submit the whole `spark-submit --master local[N]` once (the JVM's start and stop too)
with N = 1 and 2; the median of --reps runs, in wall time and in CPU time (user + system: pages
per CPU second hold on a machine that other work shares, where wall times do not). Then peak RSS of `unchrome classify -f jsonl` and
of a classify_warc loop over a WARC of the fixture pages repeated to ~100 MB and ~1 GB.

Everything made from the dataset stays in --work (under /tmp): never commit it.
"""

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import make_warc  # noqa: E402

BIN = os.environ.get("UNCHROME_BIN", str(REPO / "target/release/unchrome"))

# "door (threads)": [(wall seconds, CPU seconds or None), ...] of every run.
results = {}


def run_child(cmd, stdout_path=None, env=None, work=Path("/tmp")):
    """Runs `cmd` under /usr/bin/time; returns (seconds, peak RSS in MiB, stdout lines, CPU
    seconds: user + system).
    (A child's own ru_maxrss would start from this big process's: Linux keeps the high-water
    mark across fork and exec.)"""
    rss_file = work / "rss.txt"
    out = open(stdout_path or os.devnull, "wb")
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", str(rss_file), *cmd],
                       stdout=out, stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t
    out.close()
    if p.returncode != 0:
        sys.exit(f"{cmd[:4]}...: exit {p.returncode}\n{p.stderr.decode(errors='replace')[-3000:]}")
    rss, user, system = rss_file.read_text().split()[-3:]
    lines = None
    if stdout_path:
        with open(stdout_path, "rb") as f:
            lines = sum(1 for _ in f)
    return dt, int(rss) / 1024, lines, float(user) + float(system)


def cpu_self():
    """CPU seconds (user + system, all threads) of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def prepare(pages_dir, work, warcs):
    """Gunzipped pages in work/pages, the same pages in `warcs` .warc.gz files in work/warc."""
    pages = sorted(Path(pages_dir).glob("*.html*"))
    out = work / "pages"
    if out.exists() and len(list(out.iterdir())) == len(pages):
        bodies = [(p.name, p.read_bytes()) for p in sorted(out.iterdir())]
    else:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        bodies = []
        for p in pages:
            raw = p.read_bytes()
            body = gzip.decompress(raw) if p.name.endswith(".gz") else raw
            name = p.name.removesuffix(".gz")
            (out / name).write_bytes(body)
            bodies.append((name, body))
    wdir = work / "warc"
    shutil.rmtree(wdir, ignore_errors=True)
    wdir.mkdir()
    per = -(-len(bodies) // warcs)
    files = []
    for k in range(warcs):
        part = bodies[k * per:(k + 1) * per]
        f = wdir / f"part-{k:02d}.warc.gz"
        make_warc.write(
            f,
            (make_warc.record(f"https://example.test/{n}", b, k * per + i) for i, (n, b) in enumerate(part)),
        )
        files.append(f)
    paths = work / "warc.paths"
    paths.write_text("".join(f"{f}\n" for f in files))
    one = work / "one.warc.gz"
    make_warc.write(one, [make_warc.record("https://example.test/one", bodies[0][1], 0)])
    (work / "one.paths").write_text(f"{one}\n")
    return out, files, paths, [b for _, b in bodies]


def spark_cmd(master, paths, out):
    import pyspark

    env = {
        **os.environ,
        "SPARK_HOME": os.path.dirname(pyspark.__file__),
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    cmd = [
        str(Path(sys.executable).with_name("spark-submit")),
        "--master", master,
        "--conf", "spark.ui.enabled=false",
        "--driver-memory", "2g",
        str(REPO / "examples/spark/classify_warc.py"),
        str(paths), str(out),
    ]
    return cmd, env


def tree_cpu(root):
    """CPU seconds (user + system) so far of process `root` and its descendants (the JVM, the
    Python daemon and workers), read from /proc; and the machine's idle CPU seconds (all cores)."""
    tick = os.sysconf("SC_CLK_TCK")
    children, cpu = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = open(f"/proc/{d}/stat").read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(d))
            cpu[int(d)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    with open("/proc/stat") as f:
        idle = sum(int(x) for x in f.readline().split()[4:6]) / tick
    return total, idle


def spin_warcs(seconds_per_record):
    """A mapPartitions function for the ceiling run: the same tasks and rows as the real job,
    with classification replaced by a busy loop of fixed CPU time per record (pure Python, the
    GIL held). Records are counted with `WARC-Type: response` lines of the gunzipped file."""

    def process(paths):
        import gzip
        import time

        for uri in paths:
            with gzip.open(uri.strip(), "rb") as f:
                records = f.read().count(b"\r\nWARC-Type: response\r\n")
            for k in range(records):
                end = time.process_time() + seconds_per_record
                while time.process_time() < end:
                    pass
                yield (uri, f"{uri}#{k}", "", "", 200, None, "", False, 0.0, 0, 0)

    return process


def spark_runs(args, work, paths, n, record):
    """Spark local[1] and local[2]: the job's run on a started, warmed-up session (a new
    session per run, local[1] and local[2] taking turns, --reps times), a ceiling run of the
    same shape without classification, and once the whole spark-submit (JVM start and stop
    included)."""
    import pyarrow.parquet as pq
    import pyspark
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    sys.path.insert(0, str(REPO / "examples/spark"))
    import classify_warc

    out = work / "spark.parquet"
    # Classification's CPU time per page on one thread (py-warc, 1 thread), spent in a busy loop
    # instead by the ceiling run.
    py_warc = results.get("py-warc (1)")
    spin = statistics.median(c for _, c in py_warc) / n if py_warc else 0.006

    def ceiling(spark, jobs):
        rows = classify_warc.warc_tasks(spark.sparkContext, str(paths)).mapPartitions(spin_warcs(spin))
        spark.createDataFrame(rows, classify_warc.SCHEMA).write.mode("overwrite").parquet(str(out))

    print(f"spark-ceiling: {spin * 1000:.1f} ms of busy loop per page", flush=True)
    for rep in range(args.reps):
        for jobs in (1, 2):
            spark = (SparkSession.builder.master(f"local[{jobs}]").appName("bench")
                     .config("spark.ui.enabled", "false").getOrCreate())
            spark.sparkContext.addPyFile(str(REPO / "examples/spark/classify_warc.py"))
            # Warm up on the whole set: every slot's Python worker started, unchrome imported.
            classify_warc.run(spark, str(paths), str(out))
            load = os.getloadavg()[0]
            jvm = spark.sparkContext._gateway.proc.pid
            for name, job in (("spark-job", lambda: classify_warc.run(spark, str(paths), str(out))),
                              ("spark-ceiling", lambda: ceiling(spark, jobs))):
                (c, idle), t, c_self = tree_cpu(jvm), time.perf_counter(), cpu_self()
                job()
                dt = time.perf_counter() - t
                (c2, idle2), c_self2 = tree_cpu(jvm), cpu_self()
                # CPU of the JVM, the Python workers and this driver.
                cpu = c2 - c + c_self2 - c_self
                record(name, jobs, dt, pq.read_table(out).num_rows, cpu)
                print(f"spark local[{jobs}] rep {rep + 1} {name}: {dt:.1f} s, {cpu:.1f} CPU s "
                      f"({cpu / dt:.2f} cores), machine idle {(idle2 - idle) / dt:.2f} cores, "
                      f"load {load:.1f} before", flush=True)
            spark.stop()
    for jobs in (1, 2):
        cmd, env = spark_cmd(f"local[{jobs}]", paths, out)
        dt, _, _, _ = run_child(cmd, env=env, work=work)
        record("spark-submit", jobs, dt, pq.read_table(out).num_rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default=str(REPO.parent / "shared/datasets/wcxb-dev/html"))
    ap.add_argument("--work", default="/tmp/unchrome-crawl")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warcs", type=int, default=8, help="WARC files the pages are split into")
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--only-spark", action="store_true", help="the Spark runs alone")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--memory-mb", type=int, default=1024, help="size of the big WARC (MiB)")
    args = ap.parse_args()

    import unchrome

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    pages_dir, warc_files, paths, bodies = prepare(args.pages, work, args.warcs)
    n = len(bodies)
    print(f"{n} pages, {sum(map(len, bodies)) / 2**20:.1f} MiB of HTML; "
          f"{len(warc_files)} WARC files, {sum(f.stat().st_size for f in warc_files) / 2**20:.1f} MiB")
    unchrome.classify_many(bodies[:50], jobs=1)  # warm up: model, page cache

    def record(name, jobs, seconds, count, cpu=None):
        if count is not None and count != n:
            sys.exit(f"{name}: {count} pages out, {n} in")
        results.setdefault(f"{name} ({jobs})", []).append((seconds, cpu))

    jsonl = work / "out.jsonl"
    for rep in range(0 if args.only_spark else args.reps):
        for jobs in (1, 2):
            dt, _, lines, cpu = run_child([BIN, "classify", "-f", "jsonl", "-j", str(jobs), str(pages_dir)], jsonl, work=work)
            record("cli-dir", jobs, dt, lines, cpu)
            dt, _, lines, cpu = run_child([BIN, "classify", "-f", "jsonl", "-j", str(jobs), str(work / "warc")], jsonl, work=work)
            record("cli-warc", jobs, dt, lines, cpu)
            t, c = time.perf_counter(), cpu_self()
            texts = [p.article_text for p in unchrome.classify_many(bodies, jobs=jobs)]
            record("py-many", jobs, time.perf_counter() - t, len(texts), cpu_self() - c)
            t, c = time.perf_counter(), cpu_self()
            count = sum(1 for f in warc_files for _ in unchrome.classify_warc(f, jobs=jobs))
            record("py-warc", jobs, time.perf_counter() - t, count, cpu_self() - c)
        print(f"rep {rep + 1}: " + ", ".join(f"{k} {v[-1][0]:.1f}s" for k, v in results.items()), flush=True)

    if not args.skip_spark:
        spark_runs(args, work, paths, n, record)

    table = {}
    for key, runs in results.items():
        jobs = int(key.rsplit("(", 1)[1].rstrip(")"))
        med = statistics.median(t for t, _ in runs)
        cpus = [c for _, c in runs if c is not None]
        cpu = statistics.median(cpus) if cpus else None
        table[key] = {"seconds": med, "pages_per_s": n / med, "per_core": n / med / jobs,
                      "cpu_seconds": cpu, "pages_per_cpu_s": n / cpu if cpu else None, "runs": runs}
    print("\n| door | threads | median s | pages/s | pages/s per core | median CPU s | pages per CPU s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key, r in table.items():
        name, jobs = key.rsplit(" (", 1)
        cpu = f"{r['cpu_seconds']:.1f} | {r['pages_per_cpu_s']:.0f}" if r["cpu_seconds"] else "- | -"
        print(f"| {name} | {jobs.rstrip(')')} | {r['seconds']:.2f} | {r['pages_per_s']:.0f} | {r['per_core']:.0f} | {cpu} |")

    def ratio(a, b, field="pages_per_s"):
        if a in table and b in table and table[a][field] and table[b][field]:
            return table[a][field] / table[b][field]
        return None

    ratios = {
        "cli-warc / cli-dir (1 thread)": ratio("cli-warc (1)", "cli-dir (1)"),
        "cli-warc / cli-dir (2 threads)": ratio("cli-warc (2)", "cli-dir (2)"),
        "py-many / cli-dir (1 thread)": ratio("py-many (1)", "cli-dir (1)"),
        "py-many / cli-dir (2 threads)": ratio("py-many (2)", "cli-dir (2)"),
        "py-warc / cli-warc (1 thread)": ratio("py-warc (1)", "cli-warc (1)"),
        "py-warc / cli-warc (2 threads)": ratio("py-warc (2)", "cli-warc (2)"),
        "spark-job local[2] / local[1]": ratio("spark-job (2)", "spark-job (1)"),
        "spark-ceiling local[2] / local[1]": ratio("spark-ceiling (2)", "spark-ceiling (1)"),
        "spark-submit local[2] / local[1]": ratio("spark-submit (2)", "spark-submit (1)"),
        "spark-job local[1] / cli-warc (1 thread)": ratio("spark-job (1)", "cli-warc (1)"),
        "CPU: cli-warc / cli-dir (1 thread)": ratio("cli-warc (1)", "cli-dir (1)", "pages_per_cpu_s"),
        "CPU: py-many / cli-dir (1 thread)": ratio("py-many (1)", "cli-dir (1)", "pages_per_cpu_s"),
        "CPU: py-warc / cli-warc (1 thread)": ratio("py-warc (1)", "cli-warc (1)", "pages_per_cpu_s"),
        "CPU: cli-dir 2 threads / 1 thread": ratio("cli-dir (2)", "cli-dir (1)", "pages_per_cpu_s"),
    }
    print()
    for k, v in ratios.items():
        if v is not None:
            print(f"{k}: {v:.2f}x")

    memory = {}
    if not args.skip_memory:
        fixtures = sorted((REPO / "tests/fixtures").rglob("*.html"))
        recs = [(f"https://example.test/{p.name}", p.read_bytes()) for p in fixtures]
        one_round = sum(len(make_warc.record(u, b, 0)) for u, b in recs)
        for mb in (args.memory_mb // 10, args.memory_mb):
            big = work / f"big-{mb}.warc"
            reps = max(1, mb * 2**20 // one_round)
            make_warc.write(big, (make_warc.record(u, b, i * len(recs) + k)
                                  for i in range(reps) for k, (u, b) in enumerate(recs)))
            size = big.stat().st_size / 2**20
            dt, rss, lines, _ = run_child([BIN, "classify", "-f", "jsonl", "-j", "2", str(big)], work / "big.jsonl", work=work)
            memory[f"cli {size:.0f} MiB"] = {"records": lines, "seconds": dt, "peak_rss_mib": rss}
            code = ("import sys, unchrome\n"
                    "n = sum(1 for _ in unchrome.classify_warc(sys.argv[1], jobs=2))\nprint(n)")
            dt, rss, _, _ = run_child([sys.executable, "-c", code, str(big)], work / "py.out", work=work)
            memory[f"python {size:.0f} MiB"] = {"records": int((work / "py.out").read_text()),
                                                "seconds": dt, "peak_rss_mib": rss}
            big.unlink()
        print("\n| input | records | seconds | peak RSS MiB |\n| --- | --- | --- | --- |")
        for k, v in memory.items():
            print(f"| {k} | {v['records']} | {v['seconds']:.1f} | {v['peak_rss_mib']:.0f} |")

    (work / "crawl_throughput.json").write_text(
        json.dumps({"pages": n, "table": table, "ratios": ratios, "memory": memory}, indent=1)
    )
    print(f"\nwritten: {work / 'crawl_throughput.json'}")


if __name__ == "__main__":
    main()
