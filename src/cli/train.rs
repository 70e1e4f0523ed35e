//! `unchrome train`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use unchrome::{Dataset, TrainParams};

use super::inputs::read_list;
use super::progress::Progress;
use super::Outcome;

pub fn run(
    csv: &[PathBuf],
    output: &Path,
    alpha: f64,
    max_iterations: u64,
    holdout: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let mut data = Dataset::default();
    let reading = Progress::bar(csv.len(), "read", csv.len() > 1);
    for path in csv {
        reading.message(path.display().to_string());
        data.extend(Dataset::from_path(path)?);
        reading.inc(1);
    }
    reading.finish();
    let names = csv
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let mut params = TrainParams::default()
        .alpha(alpha)
        .max_iterations(max_iterations)
        .data_names(names);
    if let Some(h) = holdout {
        let name = h.file_name().map_or_else(
            || h.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        params = params.holdout_domains(name, read_list(h)?);
    }
    let read = start.elapsed();
    let rows: usize = data.pages.iter().map(|p| p.blocks.len()).sum();
    let fitting = Progress::spinner(&format!(
        "training on {rows} rows of {} pages",
        data.pages.len()
    ));
    let model = params.fit(&data);
    fitting.finish();
    let model = model?;
    model.save(output)?;
    if super::quiet() {
        return Ok(Outcome::Ok);
    }
    let p = model.provenance();
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
    Ok(Outcome::Ok)
}
