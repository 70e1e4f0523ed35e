//! Where the classify path's time goes, stage by stage, over a whole dataset folder.
//!
//! ```sh
//! cargo bench --bench stages                                   # all of wcxb-dev, 3 rounds
//! UNCHROME_BENCH_DIR=DIR UNCHROME_BENCH_ROUNDS=5 cargo bench --bench stages
//! ```
//!
//! Reads and decodes every `*.html.gz` of `../shared/datasets/wcxb-dev/html` (`UNCHROME_BENCH_DIR`)
//! first, then times, on one thread, page by page, each stage: parse only of the page as given
//! (`scraper::Html::parse_document`: the reference), the pre-pass (`prepare_html`: deep nesting
//! flattened; code, SVG and unread attributes dropped), the parse of the pre-passed page
//! (`unchrome::parse`), the block walk over it (`segment_document`), the feature matrices
//! (`page_features`), the models on the blocks (`Model::classify_blocks`: features again plus the
//! first stage, the kind stage and the context pass), and the whole path (`Model::classify_html`:
//! pre-pass, parse, walk, models). It prints the fastest of the rounds (the machine is shared) and
//! each stage as a share of parse-only, plus digests of the probabilities of the models stage and
//! of the whole path (equal; an optimisation must not change them). Not a criterion bench: one pass
//! over 1,497 pages already takes seconds. Without the dataset it says so and exits.

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
    // The walk and the models see what the whole path gives them: the page after the pre-pass.
    let prepared: Vec<String> = pages
        .iter()
        .map(|p| unchrome::prepare_html(p, 256).0.into_owned())
        .collect();
    let docs: Vec<scraper::Html> = prepared.iter().map(|p| unchrome::parse(p)).collect();
    let blocks: Vec<Vec<unchrome::Block>> = pages.iter().map(|p| unchrome::segment(p)).collect();
    let names = [
        "parse only",
        "pre-pass",
        "parse after pre-pass",
        "block walk",
        "features",
        "models (incl. features)",
        "whole classify path",
    ];
    let mut best = [f64::MAX; 7];
    // FNV-1a over the probabilities, of the models stage and of the whole path: they must agree.
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let mut whole = digest;
    for _ in 0..rounds {
        // Page by page, every stage in turn: a neighbour's load on the shared machine then slows
        // all stages alike, and the ratios hold.
        let mut t = [0.0; 7];
        digest = 0xcbf2_9ce4_8422_2325;
        whole = digest;
        for (i, p) in pages.iter().enumerate() {
            let clock = Instant::now();
            std::hint::black_box(scraper::Html::parse_document(p));
            t[0] += clock.elapsed().as_secs_f64();
            let clock = Instant::now();
            std::hint::black_box(unchrome::prepare_html(p, 256));
            t[1] += clock.elapsed().as_secs_f64();
            let clock = Instant::now();
            std::hint::black_box(unchrome::parse(&prepared[i]));
            t[2] += clock.elapsed().as_secs_f64();
            let clock = Instant::now();
            std::hint::black_box(unchrome::segment_document(&docs[i]));
            t[3] += clock.elapsed().as_secs_f64();
            let clock = Instant::now();
            std::hint::black_box(unchrome::page_features(&blocks[i]));
            t[4] += clock.elapsed().as_secs_f64();
            let copy = blocks[i].clone();
            let clock = Instant::now();
            for c in model.classify_blocks(copy).blocks() {
                digest = (digest ^ c.probability().to_bits()).wrapping_mul(0x0100_0000_01b3);
            }
            t[5] += clock.elapsed().as_secs_f64();
            let clock = Instant::now();
            for c in model.classify_html(p).blocks() {
                whole = (whole ^ c.probability().to_bits()).wrapping_mul(0x0100_0000_01b3);
            }
            t[6] += clock.elapsed().as_secs_f64();
        }
        for (b, t) in best.iter_mut().zip(t) {
            *b = b.min(t);
        }
    }
    let bytes = |v: &[String]| v.iter().map(String::len).sum::<usize>();
    println!(
        "{} pages of {}, fastest of {rounds} rounds, one thread; the pre-pass keeps {:.1}% of \
         the {} bytes:",
        pages.len(),
        dir.display(),
        100.0 * bytes(&prepared) as f64 / bytes(&pages).max(1) as f64,
        bytes(&pages)
    );
    for (name, t) in names.iter().zip(best) {
        println!("  {name:<24} {t:>7.3} s  {:>5.2}× parse-only", t / best[0]);
    }
    println!("  probability digest {digest:016x} (whole path: {whole:016x})");
}
