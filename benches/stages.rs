//! Where the classify path's time goes, stage by stage, over a whole dataset folder.
//!
//! ```sh
//! cargo bench --bench stages                                   # all of wcxb-dev, 3 rounds
//! UNCHROME_BENCH_DIR=DIR UNCHROME_BENCH_ROUNDS=5 cargo bench --bench stages
//! ```
//!
//! Reads and decodes every `*.html.gz` of `../shared/datasets/wcxb-dev/html`
//! (`UNCHROME_BENCH_DIR`) first, then times, on one thread, each stage over all pages: parse only
//! (`scraper::Html::parse_document`), the nesting pre-pass (`flatten_deep_nesting`), the block walk
//! over the already parsed documents (`segment_document`), the feature matrices
//! (`page_features`), the models on those blocks (`Model::classify_blocks`: features again plus
//! the first stage, the kind stage and the context pass), and the whole path
//! (`Model::classify_html`). It prints the fastest of the rounds (the machine is shared) and each
//! stage as a share of parse-only, plus a digest of the probabilities (an optimisation must not
//! change it). Not a criterion bench: one pass over 1,497 pages already takes seconds. Without the
//! dataset it says so and exits.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = PathBuf::from(
        std::env::var("UNCHROME_BENCH_DIR")
            .unwrap_or_else(|_| "../shared/datasets/wcxb-dev/html".into()),
    );
    let rounds: usize = std::env::var("UNCHROME_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("stages: {} not found; nothing to measure", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).ok()?)
                .read_to_end(&mut raw)
                .ok()?;
            Some(unchrome::decode(&raw).text)
        })
        .collect();
    let model = unchrome::Model::bundled();
    let _ = model.classify_html("<p>Warm up the cue automata.</p>");
    let docs: Vec<scraper::Html> = pages
        .iter()
        .map(|p| scraper::Html::parse_document(p))
        .collect();
    let blocks: Vec<Vec<unchrome::Block>> = docs.iter().map(unchrome::segment_document).collect();
    let names = [
        "parse only",
        "nesting pre-pass",
        "block walk",
        "features",
        "models (incl. features)",
        "whole classify path",
    ];
    let mut best = [f64::MAX; 6];
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    for _ in 0..rounds {
        let mut t = [0.0; 6];
        let clock = Instant::now();
        for p in &pages {
            std::hint::black_box(scraper::Html::parse_document(p));
        }
        t[0] = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        for p in &pages {
            std::hint::black_box(unchrome::flatten_deep_nesting(p, 256));
        }
        t[1] = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        for d in &docs {
            std::hint::black_box(unchrome::segment_document(d));
        }
        t[2] = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        for b in &blocks {
            std::hint::black_box(unchrome::page_features(b));
        }
        t[3] = clock.elapsed().as_secs_f64();
        let copies = blocks.clone();
        let clock = Instant::now();
        digest = 0xcbf2_9ce4_8422_2325;
        for b in copies {
            for c in model.classify_blocks(b).blocks() {
                digest = (digest ^ c.probability().to_bits()).wrapping_mul(0x0100_0000_01b3);
            }
        }
        t[4] = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        for p in &pages {
            std::hint::black_box(model.classify_html(p));
        }
        t[5] = clock.elapsed().as_secs_f64();
        for (b, t) in best.iter_mut().zip(t) {
            *b = b.min(t);
        }
    }
    println!(
        "{} pages of {}, fastest of {rounds} rounds, one thread:",
        pages.len(),
        dir.display()
    );
    for (name, t) in names.iter().zip(best) {
        println!("  {name:<24} {t:>7.3} s  {:>5.2}× parse-only", t / best[0]);
    }
    println!("  probability digest {digest:016x}");
}
