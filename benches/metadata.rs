//! What reading a page's metadata costs: [`Model::classify_html`] (which reads it) against
//! [`unchrome::segment`] + [`Model::classify_blocks`] (the same pipeline without it), page by
//! page, interleaved and alternating which goes first, so that other load on the machine hits
//! both alike. Time is the thread's CPU time (`/proc/thread-self/schedstat`) where Linux gives
//! it, else wall time.
//!
//! ```sh
//! cargo bench --bench metadata                      # 64 wcxb-dev pages, 5 rounds
//! UNCHROME_BENCH_PAGES=200 UNCHROME_BENCH_ROUNDS=3 cargo bench --bench metadata
//! ```
//!
//! On a busy machine CPU time still varies from run to run by several percent. Instructions do
//! not: `UNCHROME_BENCH_ONLY=with` (or `without`) runs one side only, once, for a counter such
//! as `valgrind --tool=callgrind` (compare the two programs' totals).
//!
//! Pages: `../shared/datasets/wcxb-dev/html/*.html.gz` spread evenly (`UNCHROME_BENCH_DIR`
//! picks another folder), else the repo's fixtures.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use unchrome::Model;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.to_string_lossy().ends_with(".html.gz")
            || p.to_string_lossy().ends_with(".html")
        {
            out.push(p);
        }
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// Nanoseconds this thread has run on a CPU, when Linux says.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn timed(f: impl FnOnce()) -> f64 {
    let (c0, t0) = (cpu_ns(), Instant::now());
    f();
    match (c0, cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e9,
        _ => t0.elapsed().as_secs_f64(),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks harness-less benches for their tests
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("UNCHROME_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/datasets/wcxb-dev/html"));
    let mut files = Vec::new();
    collect(&dir, &mut files);
    if files.is_empty() {
        eprintln!("bench: {} not found; using tests/fixtures", dir.display());
        collect(&root.join("tests/fixtures"), &mut files);
    }
    files.sort();
    let want = env("UNCHROME_BENCH_PAGES", 64);
    let n = files.len();
    let picked: Vec<&PathBuf> = if n <= want {
        files.iter().collect()
    } else {
        (0..want).map(|i| &files[i * n / want]).collect()
    };
    let pages: Vec<String> = picked
        .iter()
        .map(|p| unchrome::decode(&std::fs::read(p).expect("readable page")).text)
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let model = Model::bundled();
    if let Ok(only) = std::env::var("UNCHROME_BENCH_ONLY") {
        for html in &pages {
            if only == "with" {
                black_box(model.classify_html(black_box(html)));
            } else {
                black_box(model.classify_blocks(unchrome::segment(black_box(html))));
            }
        }
        println!("{} pages, {only} metadata, once", pages.len());
        return;
    }
    let rounds = env("UNCHROME_BENCH_ROUNDS", 5);
    let (mut without, mut with) = (0.0, 0.0);
    let mut found = 0;
    for round in 0..rounds {
        for html in &pages {
            let a = || {
                black_box(model.classify_blocks(unchrome::segment(black_box(html))));
            };
            let b = || {
                black_box(model.classify_html(black_box(html)));
            };
            if round % 2 == 0 {
                without += timed(a);
                with += timed(b);
            } else {
                with += timed(b);
                without += timed(a);
            }
        }
    }
    for html in &pages {
        found += usize::from(model.classify_html(html).title().is_some());
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} pages ({:.2} MB), {rounds} rounds, {} time",
        pages.len(),
        bytes as f64 / 1e6,
        if cpu_ns().is_some() { "CPU" } else { "wall" }
    );
    println!(
        "segment + classify_blocks (no metadata): {:.3} s, {:.2} MB/s",
        without,
        mb / without
    );
    println!(
        "classify_html (with metadata):           {:.3} s, {:.2} MB/s",
        with,
        mb / with
    );
    println!(
        "metadata: {:+.1}% time, {:.0} µs a page; a title on {found} of {} pages",
        100.0 * (with / without - 1.0),
        1e6 * (with - without) / (pages.len() * rounds) as f64,
        pages.len()
    );
}
