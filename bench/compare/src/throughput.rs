//! `unchrome-compare throughput`: speed side by side, in one process, on one set of pages.
//!
//! ```text
//! unchrome-compare throughput DATASET_DIR [--domains FILE] [--split NAME] [--repeat N]
//!     [--tools LIST] [--jobs N] [--python PY|none] [--python-tools LIST] [--python-repeat N]
//!     [--no-rss] [--json FILE]
//! ```
//!
//! Every selected page is read and gunzipped into memory before any clock starts. Then, `--repeat`
//! times (default 3), each tool runs over all pages, one thread, the tools taking turns within a
//! round (so a burst of load on a shared machine hits them alike); a tool's time is the wall time
//! of its pass, and the table gives the median pass. Per page, each tool gets the same bytes:
//!
//! - `parse-only`: decode (the harness's rule) + `scraper::Html::parse_document`, dropped: the
//!   floor for any extractor built on an html5ever DOM;
//! - `unchrome`: `Model::bundled().classify_bytes(bytes)` (its own charset handling) →
//!   `article_text()`;
//! - `rs-trafilatura`, `dom_smoothie`: decode + extract, as in the quality comparison;
//! - `parse-parallel`: parse-only on `--jobs` threads, chunked as below: how far the parser
//!   alone scales on this machine;
//! - `unchrome-parallel`: unchrome on `--jobs` threads (default: all cores), rayon over chunks of
//!   64 pages, results taken in input order (a digest of the texts, in order, must equal the
//!   single-threaded pass's).
//!
//! Python peers (`--python bench/.venv/bin/python`, the default when it exists) run as a child
//! process (bench/peers/time_python.py) on the same pages, `--python-repeat` times (default 1).
//!
//! Peak RSS: each tool runs once more in a child process of this binary that streams the pages
//! from disk (one at a time; 64 at a time for `unchrome-parallel`), and reports its `VmHWM`; the
//! `baseline` row is the same streaming with no tool.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

const TOOLS: &[&str] = &["parse-only", "parse-parallel", "unchrome", "unchrome-parallel", "rs-trafilatura", "dom_smoothie"];
/// Pages classified at once by `unchrome-parallel` (as `unchrome classify` does).
const CHUNK: usize = 64;

struct Opts {
    dataset: PathBuf,
    domains: Option<PathBuf>,
    split: Option<String>,
    repeat: usize,
    tools: Vec<String>,
    jobs: usize,
    python: Option<PathBuf>,
    python_tools: String,
    python_repeat: usize,
    rss: bool,
    json: Option<PathBuf>,
    child: Option<String>,
}

fn usage() -> String {
    format!(
        "usage: unchrome-compare throughput DATASET_DIR [--domains FILE] [--split NAME] [--repeat N]\n\
         \x20   [--tools LIST] [--jobs N] [--python PY|none] [--python-tools LIST] [--python-repeat N]\n\
         \x20   [--no-rss] [--json FILE]\n\
         tools (comma-separated, default all): {}",
        TOOLS.join(",")
    )
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let venv = bench.join(".venv/bin/python");
    let mut o = Opts {
        dataset: PathBuf::new(),
        domains: None,
        split: None,
        repeat: 3,
        tools: TOOLS.iter().map(|s| s.to_string()).collect(),
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        python: venv.exists().then_some(venv),
        python_tools: "trafilatura".into(),
        python_repeat: 1,
        rss: true,
        json: None,
        child: None,
    };
    let mut pos = Vec::new();
    let mut it = args.iter();
    let num = |v: Option<&String>, what: &str| -> Result<usize, String> {
        v.and_then(|s| s.parse().ok()).filter(|&n| n > 0).ok_or(format!("{what} needs a number > 0"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Err(usage()),
            "--domains" => o.domains = Some(PathBuf::from(it.next().ok_or("--domains needs FILE")?)),
            "--split" => o.split = Some(it.next().ok_or("--split needs NAME")?.clone()),
            "--repeat" => o.repeat = num(it.next(), "--repeat")?,
            "--jobs" => o.jobs = num(it.next(), "--jobs")?,
            "--python-repeat" => o.python_repeat = num(it.next(), "--python-repeat")?,
            "--python" => {
                let p = it.next().ok_or("--python needs PY or none")?;
                o.python = (p != "none").then(|| PathBuf::from(p));
            }
            "--python-tools" => o.python_tools = it.next().ok_or("--python-tools needs LIST")?.clone(),
            "--tools" => {
                let t = it.next().ok_or("--tools needs LIST")?;
                o.tools = t.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                if let Some(bad) = o.tools.iter().find(|t| !TOOLS.contains(&t.as_str())) {
                    return Err(format!("unknown tool {bad}\n{}", usage()));
                }
            }
            "--no-rss" => o.rss = false,
            "--json" => o.json = Some(PathBuf::from(it.next().ok_or("--json needs FILE")?)),
            "--child" => o.child = Some(it.next().ok_or("--child needs TOOL")?.clone()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{}", usage())),
            _ => pos.push(a.clone()),
        }
    }
    if pos.len() != 1 {
        return Err(usage());
    }
    o.dataset = PathBuf::from(&pos[0]);
    Ok(o)
}

/// The selected page ids, with the filter of the quality comparison.
fn ids(o: &Opts) -> Result<Vec<String>, String> {
    crate::select(&crate::Args {
        dataset: o.dataset.clone(),
        out: PathBuf::new(),
        domains: o.domains.clone(),
        split: o.split.clone(),
        tools: Vec::new(),
    })
}

/// One page through one single-threaded tool; returns a length to keep the work observable.
fn run_one(tool: &str, data: &[u8]) -> usize {
    match tool {
        "unchrome" | "unchrome-parallel" => unchrome::Model::bundled().classify_bytes(data).article_text().len(),
        "none" => data.len(),
        _ => crate::extract(tool, data).map_or(0, |t| t.len()),
    }
}

/// parse-only on `pool`, chunked as `unchrome-parallel` is: how far the parser alone scales on
/// this machine, the reference for unchrome's own scaling.
fn parse_pass(pages: &[Vec<u8>], pool: &rayon::ThreadPool) {
    for chunk in pages.chunks(CHUNK) {
        let n: usize = pool.install(|| chunk.par_iter().map(|d| run_one("parse-only", d)).sum());
        std::hint::black_box(n);
    }
}

/// An order-dependent digest of the unchrome article texts of `pages`, one thread or `pool`.
fn unchrome_pass(pages: &[Vec<u8>], pool: Option<&rayon::ThreadPool>) -> u64 {
    let model = unchrome::Model::bundled();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for chunk in pages.chunks(CHUNK) {
        let texts: Vec<String> = match pool {
            Some(pool) => pool.install(|| {
                chunk.par_iter().map(|d| model.classify_bytes(d).article_text()).collect()
            }),
            None => chunk.iter().map(|d| model.classify_bytes(d).article_text()).collect(),
        };
        // "output", in input order
        for t in texts {
            t.hash(&mut h);
        }
    }
    h.finish()
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The `--child TOOL` mode: stream the pages from disk through TOOL; print VmHWM (KiB).
fn child(o: &Opts, tool: &str) -> Result<(), String> {
    let ids = ids(o)?;
    let _ = unchrome::Model::bundled();
    if tool == "unchrome-parallel" {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(o.jobs).build().map_err(|e| e.to_string())?;
        for chunk in ids.chunks(CHUNK) {
            let pages: Vec<Vec<u8>> = chunk.iter().map(|id| crate::read_page(&o.dataset, id)).collect();
            std::hint::black_box(unchrome_pass(&pages, Some(&pool)));
        }
    } else {
        for id in &ids {
            let data = crate::read_page(&o.dataset, id);
            std::hint::black_box(run_one(tool, &data));
        }
    }
    println!("{}", vm_hwm_kib());
    Ok(())
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

struct Row {
    tool: String,
    version: String,
    seconds: Vec<f64>,
    rss_kib: Option<u64>,
    note: String,
}

fn version(tool: &str) -> String {
    match tool {
        "parse-only" | "parse-parallel" => "scraper 0.29".into(),
        "unchrome" | "unchrome-parallel" => "unchrome (this repo), bundled model".into(),
        t => crate::settings(t).0.to_string(),
    }
}

pub fn main(args: &[String]) -> std::process::ExitCode {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Some(tool) = o.child.clone() {
        return match child(&o, &tool) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match run(&o) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(o: &Opts) -> Result<(), String> {
    let ids = ids(o)?;
    if ids.is_empty() {
        return Err("no pages selected".into());
    }
    let t0 = Instant::now();
    let pages: Vec<Vec<u8>> = ids.iter().map(|id| crate::read_page(&o.dataset, id)).collect();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let t_model = Instant::now();
    let _ = unchrome::Model::bundled();
    let model_load = t_model.elapsed().as_secs_f64();
    eprintln!(
        "{} pages, {:.1} MB of HTML, read and gunzipped in {:.1}s; bundled model parsed in {:.2} ms",
        pages.len(),
        bytes as f64 / 1e6,
        t0.elapsed().as_secs_f64(),
        model_load * 1e3
    );
    let pool = rayon::ThreadPoolBuilder::new().num_threads(o.jobs).build().map_err(|e| e.to_string())?;
    let mut times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let (mut digest_single, mut digest_multi) = (None, None);
    for round in 0..o.repeat {
        for tool in &o.tools {
            let t = Instant::now();
            match tool.as_str() {
                "unchrome" => digest_single = Some(unchrome_pass(&pages, None)),
                "unchrome-parallel" => digest_multi = Some(unchrome_pass(&pages, Some(&pool))),
                "parse-parallel" => parse_pass(&pages, &pool),
                _ => {
                    for d in &pages {
                        std::hint::black_box(run_one(tool, d));
                    }
                }
            }
            let s = t.elapsed().as_secs_f64();
            eprintln!(
                "round {}/{} {tool}: {s:.2}s ({:.1} pages/s)",
                round + 1,
                o.repeat,
                pages.len() as f64 / s
            );
            times.entry(tool.clone()).or_default().push(s);
        }
    }
    if let (Some(a), Some(b)) = (digest_single, digest_multi) {
        if a != b {
            return Err("unchrome-parallel gave other texts, or another order, than unchrome".into());
        }
        eprintln!("unchrome-parallel: same texts in the same order as unchrome (digest {a:016x})");
    }
    let mut rows: Vec<Row> = o
        .tools
        .iter()
        .map(|t| Row {
            tool: t.clone(),
            version: version(t),
            seconds: times.remove(t).unwrap_or_default(),
            rss_kib: None,
            note: if t.ends_with("-parallel") { format!("{} threads", o.jobs) } else { String::new() },
        })
        .collect();
    if let Some(py) = &o.python {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../peers/time_python.py");
        let mut cmd = Command::new(py);
        cmd.arg(&script).arg(&o.dataset).arg("--tools").arg(&o.python_tools);
        cmd.arg("--repeat").arg(o.python_repeat.to_string());
        if let Some(d) = &o.domains {
            cmd.arg("--domains").arg(d);
        }
        if let Some(s) = &o.split {
            cmd.arg("--split").arg(s);
        }
        eprintln!("python peers ({}), {} pass(es)...", o.python_tools, o.python_repeat);
        let out = cmd.output().map_err(|e| format!("{}: {e}", py.display()))?;
        if !out.status.success() {
            eprintln!("!! python peers failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let tool = v["tool"].as_str().unwrap_or("?").to_string();
            let seconds: Vec<f64> = v["seconds"].as_array().map(|a| a.iter().filter_map(|x| x.as_f64()).collect()).unwrap_or_default();
            eprintln!("{tool}: {:?}", seconds);
            if v["pages"].as_u64() != Some(pages.len() as u64) {
                eprintln!("!! {tool} saw {} pages, not {}", v["pages"], pages.len());
            }
            rows.push(Row {
                tool: tool.clone(),
                version: format!("{tool} {} (Python, child process)", v["version"].as_str().unwrap_or("?")),
                seconds,
                rss_kib: None,
                note: "run after the Rust tools".into(),
            });
        }
    }
    let mut baseline = None;
    if o.rss {
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        let rss = |tool: &str| -> Option<u64> {
            let mut cmd = Command::new(&me);
            cmd.arg("throughput").arg(&o.dataset).arg("--child").arg(tool).arg("--jobs").arg(o.jobs.to_string());
            if let Some(d) = &o.domains {
                cmd.arg("--domains").arg(d);
            }
            if let Some(s) = &o.split {
                cmd.arg("--split").arg(s);
            }
            let out = cmd.output().ok()?;
            String::from_utf8_lossy(&out.stdout).trim().parse().ok()
        };
        baseline = rss("none");
        for r in rows
            .iter_mut()
            .filter(|r| TOOLS.contains(&r.tool.as_str()) && r.tool != "parse-parallel")
        {
            r.rss_kib = rss(&r.tool);
            eprintln!("peak RSS {}: {:?} KiB", r.tool, r.rss_kib);
        }
    }
    report(o, &rows, pages.len(), bytes, model_load, baseline)
}

fn report(o: &Opts, rows: &[Row], n: usize, bytes: usize, model_load: f64, baseline: Option<u64>) -> Result<(), String> {
    let med = |tool: &str| rows.iter().find(|r| r.tool == tool).map(|r| median(&r.seconds));
    let parse = med("parse-only");
    let single = med("unchrome");
    let mut md = String::new();
    md.push_str(&format!(
        "{n} pages, {:.1} MB of HTML ({}); median of {} passes per Rust tool; one thread unless noted\n\n",
        bytes as f64 / 1e6,
        o.dataset.display(),
        o.repeat
    ));
    md.push_str("| tool | pages/s | MB/s | time / parse-only | unchrome's speed-up | peak RSS | passes (s) |\n");
    md.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    let mut json_rows = Vec::new();
    for r in rows {
        let m = median(&r.seconds);
        let vs_parse = parse.map(|p| m / p);
        let speedup = match r.tool.as_str() {
            "unchrome" | "parse-only" => None,
            "unchrome-parallel" => single.map(|s| s / m),
            "parse-parallel" => parse.map(|p| p / m),
            _ => single.map(|s| m / s),
        };
        let label = if r.note.is_empty() { r.tool.clone() } else { format!("{} ({})", r.tool, r.note) };
        md.push_str(&format!(
            "| {label} | {:.1} | {:.2} | {} | {} | {} | {} |\n",
            n as f64 / m,
            bytes as f64 / 1e6 / m,
            vs_parse.map_or("".into(), |v| format!("{v:.2}×")),
            match (r.tool.as_str(), speedup) {
                ("unchrome-parallel" | "parse-parallel", Some(s)) => format!("{s:.2}× its single-thread rate"),
                (_, Some(s)) => format!("{s:.1}×"),
                _ => String::new(),
            },
            r.rss_kib.map_or("".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0)),
            r.seconds.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>().join(", "),
        ));
        json_rows.push(serde_json::json!({
            "tool": r.tool, "version": r.version, "note": r.note, "seconds": r.seconds,
            "median_seconds": m, "pages_per_s": n as f64 / m, "mb_per_s": bytes as f64 / 1e6 / m,
            "time_over_parse_only": vs_parse, "unchrome_speedup": speedup, "peak_rss_kib": r.rss_kib,
        }));
    }
    if let Some(b) = baseline {
        md.push_str(&format!("\nPeak RSS of the streaming loop alone (read + gunzip, no tool): {:.0} MiB.\n", b as f64 / 1024.0));
    }
    md.push_str(&format!("Bundled model parse (first use of `Model::bundled()`): {:.2} ms.\n", model_load * 1e3));
    print!("{md}");
    if let Some(p) = &o.json {
        let v = serde_json::json!({
            "dataset": o.dataset.display().to_string(), "pages": n, "bytes": bytes, "repeat": o.repeat,
            "jobs": o.jobs, "model_load_seconds": model_load, "baseline_rss_kib": baseline, "tools": json_rows,
        });
        std::fs::write(p, serde_json::to_string_pretty(&v).unwrap() + "\n").map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}
