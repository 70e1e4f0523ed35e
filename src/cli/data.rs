//! `unchrome blocks` and `unchrome label`: pages to block CSVs.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use unchrome::{align_labels, contains_snippet, match_text, word_prf, CsvWriter, Label};

use super::inputs::{beside, collect, read_index, Input};
use super::progress::{Progress, Tick};
use super::Outcome;

const CHUNK: usize = 64;

/// The output: a file written atomically at the end, or stdout.
fn open_output(output: Option<&Path>) -> Box<dyn Write> {
    match output {
        Some(_) => Box::new(Vec::new()),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    }
}

pub fn blocks(
    paths: &[PathBuf],
    output: Option<&Path>,
    limits: &unchrome::Limits,
) -> anyhow::Result<Outcome> {
    let (inputs, bad) = collect(paths);
    let mut failed = bad.len();
    for (path, reason) in &bad {
        eprintln!("unchrome: {path}: {reason}");
    }
    let mut buf = Vec::new();
    {
        let sink: Box<dyn Write> = match output {
            Some(_) => Box::new(&mut buf),
            None => open_output(None),
        };
        let mut csv = CsvWriter::new(sink)?;
        for chunk in inputs.chunks(CHUNK) {
            let pages: Vec<anyhow::Result<Vec<unchrome::Block>>> = chunk
                .par_iter()
                .map(|i| {
                    let bytes = i.read(limits.max_input_bytes)?;
                    let html = unchrome::decode_with_limits(&bytes, limits).text;
                    Ok(unchrome::segment_with_limits(&html, limits))
                })
                .collect();
            for (input, page) in chunk.iter().zip(pages) {
                match page {
                    Ok(blocks) => {
                        let id = input.name.to_string_lossy();
                        for (k, b) in blocks.iter().enumerate() {
                            csv.write(&id, "", k, None, None, b)?;
                        }
                    }
                    Err(e) => {
                        eprintln!("unchrome: {e:#}");
                        failed += 1;
                    }
                }
            }
        }
        csv.finish()?;
    }
    if let Some(path) = output {
        unchrome::write_atomic(path, &buf)?;
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// What labelling one page found (no labels: the gold text is empty).
#[derive(Default)]
struct Labelled {
    empty_gold: bool,
    blocks: Vec<unchrome::Block>,
    labels: Vec<Label>,
    ceiling: unchrome::Prf,
    /// Must-have snippets: (kept by the labels, found in any block at all).
    with: Vec<(bool, bool)>,
    /// Must-not-have snippets: leaked into the content labels.
    without: Vec<bool>,
}

#[derive(serde::Deserialize, Default)]
struct Snippets {
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

pub fn read_snippets(dir: Option<&Path>, name: &Path) -> (Vec<String>, Vec<String>) {
    let Some(dir) = dir else {
        return (Vec::new(), Vec::new());
    };
    let mut file = dir.join(name).into_os_string();
    file.push(".json");
    let s: Snippets = std::fs::read_to_string(&file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    (s.with, s.without)
}

pub fn gold_path(gold: &Path, input: &Input) -> PathBuf {
    let mut file = gold.join(&input.name).into_os_string();
    file.push(".txt");
    PathBuf::from(file)
}

pub fn label(
    pages: &Path,
    gold: &Path,
    output: Option<&Path>,
    index: Option<&Path>,
    kinds: Option<&Path>,
    limits: &unchrome::Limits,
) -> anyhow::Result<Outcome> {
    let (inputs, bad) = collect(&[pages.to_path_buf()]);
    // The dataset's name, which selects its rows of the annotations file: the folder above
    // the pages (../shared/datasets/wcxb-dev/html → wcxb-dev).
    let dataset = std::fs::canonicalize(pages)
        .ok()
        .and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let notes = match kinds {
        Some(k) => unchrome::KindAnnotations::from_path(k, &dataset)?,
        None => unchrome::KindAnnotations::default(),
    };
    let (mut kinds_applied, mut kinds_missing) = (0usize, 0usize);
    for (path, reason) in &bad {
        eprintln!("unchrome: {path}: {reason}");
    }
    let index_path = index
        .map(Path::to_path_buf)
        .or_else(|| beside(pages, "index.csv"));
    let index = match &index_path {
        Some(p) => read_index(p)?,
        None => Default::default(),
    };
    let snippets = beside(pages, "snippets");
    // Labelled rows to stdout on a terminal would tear the bar: show it only for a file or pipe.
    let progress = Progress::bar(
        inputs.len(),
        "label",
        output.is_some() || !std::io::IsTerminal::is_terminal(&std::io::stdout()),
    );
    let mut buf = Vec::new();
    let (mut n_pages, mut no_gold, mut empty_gold, mut failed) =
        (0usize, 0usize, 0usize, bad.len());
    let (mut rows, mut content_rows) = (0usize, 0usize);
    let (mut p_sum, mut r_sum, mut f_sum) = (0.0, 0.0, 0.0);
    let (mut with_n, mut with_kept, mut with_seen, mut without_n, mut without_leak) =
        (0, 0, 0, 0, 0);
    {
        let sink: Box<dyn Write> = match output {
            Some(_) => Box::new(&mut buf),
            None => open_output(None),
        };
        let mut csv = CsvWriter::new(sink)?;
        for chunk in inputs.chunks(CHUNK) {
            let done: Vec<anyhow::Result<Option<Labelled>>> = chunk
                .par_iter()
                .map(|input| {
                    let _tick = Tick(&progress);
                    let gold_file = gold_path(gold, input);
                    let Ok(gold_text) = std::fs::read_to_string(&gold_file) else {
                        return Ok(None);
                    };
                    if unchrome::words(&gold_text).next().is_none() {
                        return Ok(Some(Labelled {
                            empty_gold: true,
                            ..Labelled::default()
                        }));
                    }
                    let bytes = input.read(limits.max_input_bytes)?;
                    let html = unchrome::decode_with_limits(&bytes, limits).text;
                    let blocks = unchrome::segment_with_limits(&html, limits);
                    let labels = align_labels(&blocks, &gold_text);
                    let kept: Vec<&str> = blocks
                        .iter()
                        .zip(&labels)
                        .filter(|(_, l)| **l == Label::Content)
                        .map(|(b, _)| b.text.as_str())
                        .collect();
                    let kept_text = kept.join("\n");
                    let ceiling = word_prf(&kept_text, &gold_text);
                    let (with, without) = read_snippets(snippets.as_deref(), &input.name);
                    let kept_m = match_text(&kept_text);
                    let all_m = match_text(
                        &blocks
                            .iter()
                            .map(|b| b.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                    Ok(Some(Labelled {
                        empty_gold: false,
                        with: with
                            .iter()
                            .map(|s| (contains_snippet(&kept_m, s), contains_snippet(&all_m, s)))
                            .collect(),
                        without: without
                            .iter()
                            .map(|s| contains_snippet(&kept_m, s))
                            .collect(),
                        blocks,
                        labels,
                        ceiling,
                    }))
                })
                .collect();
            for (input, result) in chunk.iter().zip(done) {
                let l = match result {
                    Ok(Some(l)) => l,
                    Ok(None) => {
                        no_gold += 1;
                        continue;
                    }
                    Err(e) => {
                        progress.warn(&format!("unchrome: {e:#}"));
                        failed += 1;
                        continue;
                    }
                };
                if l.empty_gold {
                    // Empty gold: a page rendered by script; its blocks say nothing either way.
                    empty_gold += 1;
                    continue;
                }
                n_pages += 1;
                let id = input.name.to_string_lossy();
                let domain = index.get(id.as_ref()).map_or("", |r| r.domain.as_str());
                let mut labels = l.labels;
                let (kinds, missing) = notes.apply(&id, &l.blocks, &mut labels);
                kinds_missing += missing;
                kinds_applied += kinds.iter().filter(|k| k.is_some()).count();
                for (k, (b, lab)) in l.blocks.iter().zip(&labels).enumerate() {
                    csv.write(&id, domain, k, Some(*lab), kinds[k], b)?;
                    rows += 1;
                    content_rows += usize::from(*lab == Label::Content);
                }
                p_sum += l.ceiling.precision;
                r_sum += l.ceiling.recall;
                f_sum += l.ceiling.f1;
                for (kept, seen) in l.with {
                    with_n += 1;
                    with_kept += usize::from(kept);
                    with_seen += usize::from(seen);
                }
                for leak in l.without {
                    without_n += 1;
                    without_leak += usize::from(leak);
                }
            }
        }
        csv.finish()?;
    }
    progress.finish();
    if let Some(path) = output {
        unchrome::write_atomic(path, &buf).context("writing the labelled CSV")?;
    }
    if super::quiet() {
        return Ok(if failed > 0 {
            Outcome::SomeFailed
        } else {
            Outcome::Ok
        });
    }
    let n = n_pages.max(1) as f64;
    eprintln!(
        "labelled {n_pages} pages, {rows} blocks ({:.1}% content); skipped {empty_gold} with empty gold, {no_gold} without gold",
        100.0 * content_rows as f64 / rows.max(1) as f64
    );
    eprintln!(
        "label ceiling (word P/R/F1 of a perfect classifier of these labels, mean over pages): P {:.3} R {:.3} F1 {:.3}",
        p_sum / n,
        r_sum / n,
        f_sum / n
    );
    if !notes.is_empty() {
        eprintln!(
            "kind annotations ({dataset}): {} read, {kinds_applied} blocks labelled with a kind, {kinds_missing} not found on their page",
            notes.len()
        );
    }
    if with_n + without_n > 0 {
        eprintln!(
            "snippets: must-have kept {:.3} ({with_kept}/{with_n}; {with_seen} found in any block), must-not-have labelled content {:.3} ({without_leak}/{without_n})",
            with_kept as f64 / with_n.max(1) as f64,
            without_leak as f64 / without_n.max(1) as f64
        );
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
