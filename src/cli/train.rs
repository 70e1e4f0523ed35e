//! `unchrome train`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use unchrome::{Dataset, TrainParams};

use super::inputs::read_list;
use super::progress::Progress;
use super::Outcome;

/// Fewer training rows or pages than this draw a warning.
const FEW_ROWS: usize = 1000;
const FEW_PAGES: usize = 10;

pub fn run(
    csv: &[PathBuf],
    output: &Path,
    (alpha, kind_alpha): (f64, f64),
    max_iterations: u64,
    (holdout, repeat): (Option<&Path>, &[usize]),
    export_features: Option<&Path>,
    (paywall_pages, kind_csv): (&[PathBuf], &[PathBuf]),
) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    if !repeat.is_empty() && repeat.len() != csv.len() {
        anyhow::bail!(
            "--repeat gives {} numbers for {} CSV files: give one per file",
            repeat.len(),
            csv.len()
        );
    }
    if repeat.contains(&0) {
        anyhow::bail!("--repeat numbers must be at least 1");
    }
    let held = match holdout {
        Some(h) => read_list(h)?,
        None => Default::default(),
    };
    let mut data = Dataset::default();
    let reading = Progress::bar(csv.len(), "read", csv.len() > 1);
    for (k, path) in csv.iter().enumerate() {
        if path.is_dir() {
            anyhow::bail!(
                "{}: is a directory; train reads labelled CSV files (make one from pages and gold texts with `unchrome label --pages DIR --gold DIR -o labelled.csv`)",
                path.display()
            );
        }
        reading.message(path.display().to_string());
        let mut one = Dataset::from_path(path)?;
        repeat_training_pages(&mut one, repeat.get(k).copied().unwrap_or(1), &held);
        data.extend(one);
        reading.inc(1);
    }
    reading.finish();
    let names = csv
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match repeat.get(k) {
                Some(&n) if n > 1 => format!("{name} (training pages x{n})"),
                _ => name,
            }
        })
        .collect();
    let mut params = TrainParams::default()
        .alpha(alpha)
        .kind_alpha(kind_alpha)
        .max_iterations(max_iterations)
        .data_names(names);
    if let Some(h) = holdout {
        let name = h.file_name().map_or_else(
            || h.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        params = params.holdout_domains(name, held);
    }
    if !kind_csv.is_empty() {
        let mut kinds = Dataset::default();
        for path in kind_csv {
            kinds.extend(Dataset::from_path(path)?);
        }
        params = params.kind_pages(kinds);
    }
    if let Some(path) = export_features {
        export(&params, &data, path, alpha, max_iterations)?;
    }
    let read = start.elapsed();
    let rows: usize = data.pages.iter().map(|p| p.blocks.len()).sum();
    let fitting = Progress::spinner(&format!(
        "training on {rows} rows of {} pages",
        data.pages.len()
    ));
    let model = params.fit(&data);
    fitting.finish();
    let mut model = model?;
    if !paywall_pages.is_empty() {
        let rows = super::eval::paywall_rows(&model, paywall_pages)?;
        let (x, y): (Vec<_>, Vec<_>) = rows.iter().map(|r| (r.signals, r.paywalled)).unzip();
        let stage = unchrome::PaywallStage::fit(&x, &y, super::eval::PAYWALL_ALPHA);
        model = model.with_paywall_stage(stage, rows.len());
        if !super::quiet() {
            eprintln!(
                "paywall verdict: fitted on {} pages with access markup ({} paywalled), markup masked",
                rows.len(),
                y.iter().filter(|&&t| t).count()
            );
        }
    }
    model.save(output)?;
    let p = model.provenance();
    if p.rows < FEW_ROWS || p.pages < FEW_PAGES {
        // A warning, not a refusal: a handful of rows is fine for a test or a demo, but a user
        // who meant to train a real model must not take this one for it.
        let bundled = unchrome::Model::bundled().provenance();
        eprintln!(
            "unchrome: warning: trained on only {} rows of {} pages: a model needs thousands of labelled blocks from many sites to generalise (the bundled one: {} rows of {} pages)",
            p.rows, p.pages, bundled.rows, bundled.pages
        );
    }
    if super::quiet() {
        return Ok(Outcome::Ok);
    }
    eprintln!(
        "trained on {} rows of {} pages ({} content) in {:.1}s (reading {:.1}s); wrote {}",
        p.rows,
        p.pages,
        p.content_rows,
        start.elapsed().as_secs_f64(),
        read.as_secs_f64(),
        output.display()
    );
    if let Some(v) = model.validation() {
        eprintln!(
            "held out {} pages, {} rows: threshold {:.2}; word-weighted block P {:.3} R {:.3} F1 {:.3} ROC-AUC {:.3}; mean page F1 {:.3}",
            v.pages, v.rows, model.threshold(), v.precision, v.recall, v.f1, v.roc_auc, v.mean_page_f1
        );
    }
    if let Some((accuracy, per_kind)) = model.kind_validation() {
        let support: usize = per_kind.iter().map(|k| k.support).sum();
        eprintln!("kind stage: held-out annotated chrome blocks {support}, accuracy {accuracy:.3}");
        for k in per_kind {
            eprintln!(
                "  {:<11} support {:>4}  precision {:.3}  recall {:.3}",
                k.kind, k.support, k.precision, k.recall
            );
        }
    }
    Ok(Outcome::Ok)
}

/// `--repeat`: each page not held out appears `n` times (consecutive copies, so the warm
/// start's every-8th-row sample and the fit stay deterministic). The solver takes no sample
/// weights; a repeated page weighs `n` times in the summed loss, exactly as a weight would.
fn repeat_training_pages(data: &mut Dataset, n: usize, held: &std::collections::HashSet<String>) {
    if n <= 1 {
        return;
    }
    let pages = std::mem::take(&mut data.pages);
    for page in pages {
        let copies = if held.contains(&page.domain) { 1 } else { n };
        for _ in 1..copies {
            data.pages.push(page.clone());
        }
        data.pages.push(page);
    }
}

/// `--export-features`: the first stage's standardised matrix and labels as .npy files, and the
/// solver's time on them.
fn export(
    params: &TrainParams,
    data: &Dataset,
    path: &Path,
    alpha: f64,
    max_iterations: u64,
) -> anyhow::Result<()> {
    let (x, y) = params.training_matrix(data)?;
    let base = path.with_extension("");
    let labels = PathBuf::from(format!("{}.labels.npy", base.display()));
    let meta = PathBuf::from(format!("{}.json", base.display()));
    let (rows, cols) = x.dim();
    let mut bytes = npy_header("<f8", &[rows, cols]);
    bytes.reserve(rows * cols * 8);
    for v in x.iter() {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    unchrome::write_atomic(path, &bytes)?;
    let mut bytes = npy_header("|u1", &[rows]);
    bytes.extend(y.iter().map(|&c| u8::from(c)));
    unchrome::write_atomic(&labels, &bytes)?;
    let t = Instant::now();
    params.fit_standardised(x, &y)?;
    let fit = t.elapsed().as_secs_f64();
    let json = serde_json::json!({
        "rows": rows,
        "features": unchrome::feature_names(),
        "alpha": alpha,
        "max_iterations": max_iterations,
        "solver": "linfa-logistic MultiLogisticRegression (two classes), L-BFGS, gradient tolerance 1e-4",
        "fit_seconds": fit,
    });
    unchrome::write_atomic(&meta, serde_json::to_string_pretty(&json)?.as_bytes())?;
    eprintln!(
        "wrote {} ({rows} × {cols}), {} and {}; the first stage's solver took {fit:.1}s on it",
        path.display(),
        labels.display(),
        meta.display()
    );
    Ok(())
}

/// A version 1.0 .npy header for a C-order array, padded to a multiple of 64 bytes.
fn npy_header(descr: &str, shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape = if dims.len() == 1 {
        format!("({},)", dims[0])
    } else {
        format!("({})", dims.join(", "))
    };
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + dict.len() + 1) % 64 != 0 {
        dict.push(' ');
    }
    dict.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out
}
