//! Criterion benches of the pipeline's stages on real-sized pages.
//!
//! ```sh
//! cargo bench --bench pipeline                 # all stages
//! cargo bench --bench pipeline -- classify     # one stage
//! UNCHROME_BENCH_PAGES=16 cargo bench --bench pipeline
//! ```
//!
//! Inputs: a handful of pages (8 by default, `UNCHROME_BENCH_PAGES`) spread evenly over the sorted
//! `../shared/datasets/wcxb-dev/html/*.html.gz` (`UNCHROME_BENCH_DIR` picks another folder). When
//! the dataset is absent the repo's fixtures (`tests/fixtures/**/*.html`) are used instead, and
//! the bench says so. Every input is read, and for the later stages decoded, parsed, segmented or
//! featurised, before the timed closure runs; one iteration processes all the pages. Throughput
//! is the decoded HTML bytes of those pages (decode too: its input is smaller when gzipped), so
//! the stages' MB/s figures add up like their times.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use unchrome::{decode, page_features, segment_document, Model};

struct Input {
    /// The file as stored (gzip or not).
    raw: Vec<u8>,
    /// Decoded HTML.
    html: String,
}

fn collect(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix) {
            out.push(p);
        }
    }
}

fn inputs() -> Vec<Input> {
    let want: usize = std::env::var("UNCHROME_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
        .max(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("UNCHROME_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/datasets/wcxb-dev/html"));
    let mut files = Vec::new();
    collect(&dir, ".html.gz", &mut files);
    collect(&dir, ".html", &mut files);
    let source = if files.is_empty() {
        collect(&root.join("tests/fixtures"), ".html", &mut files);
        eprintln!(
            "bench: {} not found; using the repo's fixtures (tests/fixtures), which are smaller than real pages",
            dir.display()
        );
        "tests/fixtures".to_string()
    } else {
        dir.display().to_string()
    };
    files.sort();
    let n = files.len();
    let picked: Vec<&PathBuf> = if n <= want {
        files.iter().collect()
    } else {
        (0..want).map(|i| &files[i * n / want]).collect()
    };
    let inputs: Vec<Input> = picked
        .into_iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let html = decode(&raw).text;
            Input { raw, html }
        })
        .collect();
    let bytes: usize = inputs.iter().map(|i| i.html.len()).sum();
    eprintln!(
        "bench: {} pages from {source}, {:.2} MB of HTML (median page {} KB)",
        inputs.len(),
        bytes as f64 / 1e6,
        {
            let mut s: Vec<usize> = inputs.iter().map(|i| i.html.len()).collect();
            s.sort_unstable();
            s[s.len() / 2] / 1000
        }
    );
    inputs
}

/// The bundled model; when it does not match this build's features (a feature change not yet
/// retrained), a placeholder of the same shape, zero weights: prediction costs the same.
fn model() -> Model {
    let json = include_str!("../models/default.json");
    match Model::from_json(json, Path::new("<bundled>")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("bench: {e}\nbench: using a placeholder model of the right shape");
            placeholder_model(json)
        }
    }
}

fn placeholder_model(bundled: &str) -> Model {
    let mut v: serde_json::Value =
        serde_json::from_str(bundled).expect("the bundled model is JSON");
    let n = unchrome::feature_names().len();
    v["features"] = serde_json::json!(unchrome::feature_names());
    v["mean"] = serde_json::json!(vec![0.0; n]);
    v["scale"] = serde_json::json!(vec![1.0; n]);
    v["weights"] = serde_json::json!(vec![0.0; n]);
    Model::from_json(&v.to_string(), Path::new("<placeholder>")).expect("placeholder model")
}

fn pipeline(c: &mut Criterion) {
    let inputs = inputs();
    let bytes: u64 = inputs.iter().map(|i| i.html.len() as u64).sum();
    let model = &model();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));

    g.bench_function("decode", |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(decode(black_box(&i.raw)));
            }
        })
    });

    g.bench_function("parse", |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(scraper::Html::parse_document(black_box(&i.html)));
            }
        })
    });

    let docs: Vec<scraper::Html> = inputs
        .iter()
        .map(|i| scraper::Html::parse_document(&i.html))
        .collect();
    g.bench_function("segment", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(segment_document(black_box(d)));
            }
        })
    });

    let blocks: Vec<Vec<unchrome::Block>> = docs.iter().map(segment_document).collect();
    drop(docs);
    g.bench_function("features", |b| {
        b.iter(|| {
            for bl in &blocks {
                black_box(page_features(black_box(bl)));
            }
        })
    });

    let matrices: Vec<_> = blocks.iter().map(|b| page_features(b)).collect();
    g.bench_function("predict", |b| {
        b.iter(|| {
            for x in &matrices {
                black_box(model.predict_features(black_box(x)));
            }
        })
    });

    // Page::new takes the blocks by value: clone them outside the timed part.
    g.bench_function("classify_blocks", |b| {
        b.iter_batched(
            || blocks.clone(),
            |bl| {
                for b in bl {
                    black_box(model.classify_blocks(b));
                }
            },
            BatchSize::LargeInput,
        )
    });

    g.bench_function("classify", |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(model.classify_bytes(black_box(&i.raw)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("model");
    g.bench_function("load_bundled_json", |b| {
        let json = include_str!("../models/default.json");
        // The Result: a bundled model awaiting a retrain fails the feature check after parsing.
        b.iter(|| black_box(Model::from_json(black_box(json), Path::new("<bundled>")).is_ok()))
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
