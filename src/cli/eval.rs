//! `unchrome eval`: block-level figures on labelled CSVs or annotated pages, page-level word
//! figures against gold text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use rayon::prelude::*;
use serde::Serialize;
use unchrome::{contains_snippet, match_text, word_prf, BlockMetrics, Dataset, Label, Model};

use super::classify::load_model;
use super::data::{gold_path, read_snippets};
use super::inputs::{beside, collect, read_index, read_list};
use super::progress::{Progress, Tick};
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Labelled CSV files: block-level precision/recall/F1/ROC-AUC.
    csv: Vec<PathBuf>,
    /// A model file (default: the bundled model).
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Folder of pages <id>.html[.gz]: page-level word P/R/F1 against --gold.
    #[arg(long, requires = "gold")]
    pages: Option<PathBuf>,
    /// Folder of gold texts <id>.txt.
    #[arg(long, requires = "pages")]
    gold: Option<PathBuf>,
    /// index.csv (id, domain, page_type, split) (default: <pages>/../index.csv if present).
    #[arg(long)]
    index: Option<PathBuf>,
    /// Folder of <id>.json must-have/must-not-have snippets (default: <pages>/../snippets if present).
    #[arg(long)]
    snippets: Option<PathBuf>,
    /// Only pages of the domains listed in this file (one per line).
    #[arg(long)]
    domains: Option<PathBuf>,
    /// Only pages of this split in index.csv (e.g. test, final).
    #[arg(long)]
    split: Option<String>,
    /// Folder of L3S-style annotated pages (<span class="x-nc-selN">): block-level figures,
    /// classes 1-3 content, weighted by words.
    #[arg(long, conflicts_with_all = ["pages", "csv"])]
    annotated: Option<PathBuf>,
    /// Paywall verdicts on the pages of a folder whose JSON-LD declares isAccessibleForFree
    /// (the truth), repeatable: with the markup; with it masked (the verdict rests on the other
    /// signals); and with it masked, leaving each publisher out (index.csv's domain beside the
    /// pages): the verdict's signal weights refitted on the other publishers' pages.
    #[arg(long, value_name = "PAGES", conflicts_with_all = ["pages", "csv", "annotated"])]
    paywall: Vec<PathBuf>,
    /// Content-probability threshold (default: the model's).
    #[arg(long)]
    threshold: Option<f64>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
}

#[derive(Serialize, Default)]
struct Group {
    pages: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

#[derive(Serialize, Default)]
struct PageReport {
    pages: usize,
    empty_gold: usize,
    no_gold: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    median_f1: f64,
    must_have: usize,
    must_have_recall: f64,
    must_not_have: usize,
    must_not_have_leak: f64,
    by_page_type: BTreeMap<String, Group>,
    /// Per primary language subtag of index.csv's `lang` (`pt-BR` → `pt`; `(none)` when empty),
    /// as `bench/score.py --by-lang` groups them.
    by_language: BTreeMap<String, Group>,
}

#[derive(Serialize)]
struct BlockReport {
    pages: usize,
    blocks: usize,
    threshold: f64,
    word_weighted: BlockMetrics,
    unweighted: BlockMetrics,
}

pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    super::set_jobs(args.jobs);
    let mut model = load_model(args.model.as_deref())?.into_owned();
    if let Some(t) = args.threshold {
        model = model.with_threshold(t);
    }
    if let Some(dir) = &args.annotated {
        return annotated(&model, dir, args.json);
    }
    if !args.paywall.is_empty() {
        return paywall(&model, &args.paywall, args.json);
    }
    if let (Some(pages), Some(gold)) = (&args.pages, &args.gold) {
        return page_level(&model, pages, gold, &args);
    }
    if args.csv.is_empty() {
        bail!("nothing to evaluate: give labelled CSV files, --pages DIR --gold DIR, or --annotated DIR");
    }
    let mut data = Dataset::default();
    for path in &args.csv {
        if path.is_dir() {
            bail!(
                "{}: is a directory; eval reads labelled CSV files here: for a folder of pages use --pages {} --gold GOLD_DIR (gold texts <id>.txt), or --annotated DIR for L3S-style annotated pages",
                path.display(),
                path.display()
            );
        }
        data.extend(Dataset::from_path(path)?);
    }
    let (mut probs, mut truth, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    for page in &data.pages {
        let p = model.predict_blocks(&page.blocks);
        for ((b, l), pr) in page.blocks.iter().zip(&page.labels).zip(p.iter()) {
            let Some(l) = l else { continue };
            probs.push(*pr);
            truth.push(*l == Label::Content);
            weights.push(unchrome::words(&b.text).count() as f64);
        }
    }
    report_blocks(
        &model,
        data.pages.len(),
        &probs,
        &truth,
        &weights,
        args.json,
    )
}

fn report_blocks(
    model: &Model,
    pages: usize,
    probs: &[f64],
    truth: &[bool],
    weights: &[f64],
    json: bool,
) -> anyhow::Result<Outcome> {
    if probs.is_empty() {
        bail!("no labelled blocks to evaluate");
    }
    let ones = vec![1.0; probs.len()];
    let r = BlockReport {
        pages,
        blocks: probs.len(),
        threshold: model.threshold(),
        word_weighted: BlockMetrics::compute(probs, truth, weights, model.threshold()),
        unweighted: BlockMetrics::compute(probs, truth, &ones, model.threshold()),
    };
    let mut out = String::new();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        writeln!(
            out,
            "{} pages, {} labelled blocks, threshold {:.2}",
            r.pages, r.blocks, r.threshold
        )?;
        for (name, m) in [
            ("word-weighted", r.word_weighted),
            ("unweighted", r.unweighted),
        ] {
            writeln!(
                out,
                "{name:14} precision {:.3}  recall {:.3}  f1 {:.3}  roc-auc {:.3}",
                m.prf.precision, m.prf.recall, m.prf.f1, m.roc_auc
            )?;
        }
    }
    emit(&out)
}

/// Writes a report to stdout (a closed stdout is handled by the caller as success).
fn emit(out: &str) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Ok)
}

/// Block labels from L3S annotations: the `x-nc-selN` span classes inside each block.
fn annotated(model: &Model, dir: &Path, json: bool) -> anyhow::Result<Outcome> {
    let (inputs, bad) = collect(&[dir.to_path_buf()]);
    if inputs.is_empty() {
        bail!("{}: no annotated pages found", dir.display());
    }
    let progress = Progress::bar(inputs.len(), "eval", inputs.len() > 1);
    let per_page: Vec<anyhow::Result<Vec<(f64, bool, f64)>>> = inputs
        .par_iter()
        .map(|input| {
            let _tick = Tick(&progress);
            let html =
                unchrome::decode(&input.read(unchrome::Limits::DEFAULT_MAX_INPUT_BYTES)?).text;
            let mut blocks = unchrome::segment(&html);
            let mut truth = Vec::with_capacity(blocks.len());
            for b in &mut blocks {
                let content = b
                    .classes
                    .split(' ')
                    .any(|t| matches!(t, "x-nc-sel1" | "x-nc-sel2" | "x-nc-sel3"));
                truth.push(content);
                // The annotation's own class names (`x-nc-sel*`, `x-nc-linearized`) must not reach
                // the features: the spans also wrap block elements, so they show up among the
                // ancestors' tokens too.
                let strip = |s: &str| {
                    s.split(' ')
                        .filter(|t| !t.starts_with("x-nc-"))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                b.classes = strip(&b.classes);
                b.ancestor_classes = strip(&b.ancestor_classes);
            }
            let p = model.predict_blocks(&blocks);
            Ok(blocks
                .iter()
                .zip(truth)
                .zip(p.iter())
                .map(|((b, t), &pr)| (pr, t, unchrome::words(&b.text).count() as f64))
                .collect())
        })
        .collect();
    progress.finish();
    let (mut probs, mut truth, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    let mut pages = 0;
    for r in per_page {
        let rows = r?;
        pages += 1;
        for (p, t, w) in rows {
            probs.push(p);
            truth.push(t);
            weights.push(w);
        }
    }
    for (p, reason) in bad {
        eprintln!("unchrome: {p}: {reason}");
    }
    report_blocks(model, pages, &probs, &truth, &weights, json)
}

fn page_level(
    model: &Model,
    pages: &Path,
    gold: &Path,
    args: &EvalArgs,
) -> anyhow::Result<Outcome> {
    let index_path = args.index.clone().or_else(|| beside(pages, "index.csv"));
    let index = match &index_path {
        Some(p) => read_index(p)?,
        None => Default::default(),
    };
    let snippets = args.snippets.clone().or_else(|| beside(pages, "snippets"));
    let domains = match &args.domains {
        Some(p) => Some(read_list(p)?),
        None => None,
    };
    let (inputs, bad) = collect(&[pages.to_path_buf()]);
    for (p, reason) in &bad {
        eprintln!("unchrome: {p}: {reason}");
    }
    let inputs: Vec<_> = inputs
        .into_iter()
        .filter(|i| {
            let row = index.get(i.name.to_string_lossy().as_ref());
            domains
                .as_ref()
                .is_none_or(|d| row.is_some_and(|r| d.contains(&r.domain)))
                && args
                    .split
                    .as_ref()
                    .is_none_or(|s| row.is_some_and(|r| &r.split == s))
        })
        .collect();
    if inputs.is_empty() {
        bail!(
            "{}: no pages to evaluate (check --domains / --split)",
            pages.display()
        );
    }
    // Per page: None (no gold), Some(None) (empty gold), Some(Some(scores)).
    type Scores = (unchrome::Prf, Vec<bool>, Vec<bool>);
    let progress = Progress::bar(inputs.len(), "eval", inputs.len() > 1);
    let results: Vec<anyhow::Result<Option<Option<Scores>>>> = inputs
        .par_iter()
        .map(|input| {
            let _tick = Tick(&progress);
            let Ok(gold_text) = std::fs::read_to_string(gold_path(gold, input)) else {
                return Ok(None);
            };
            if unchrome::words(&gold_text).next().is_none() {
                return Ok(Some(None));
            }
            let bytes = input.read(unchrome::Limits::DEFAULT_MAX_INPUT_BYTES)?;
            let text = model.classify_bytes(&bytes).article_text();
            let (with, without) = read_snippets(snippets.as_deref(), &input.name);
            let m = match_text(&text);
            Ok(Some(Some((
                word_prf(&text, &gold_text),
                with.iter().map(|s| contains_snippet(&m, s)).collect(),
                without.iter().map(|s| contains_snippet(&m, s)).collect(),
            ))))
        })
        .collect();
    progress.finish();
    let mut r = PageReport::default();
    let mut f1s = Vec::new();
    let (mut with_hit, mut without_hit) = (0, 0);
    for (input, res) in inputs.iter().zip(results) {
        let scores = match res.with_context(|| input.display())? {
            None => {
                r.no_gold += 1;
                continue;
            }
            Some(None) => {
                r.empty_gold += 1;
                continue;
            }
            Some(Some(s)) => s,
        };
        let (prf, with, without) = scores;
        r.pages += 1;
        r.precision += prf.precision;
        r.recall += prf.recall;
        r.f1 += prf.f1;
        f1s.push(prf.f1);
        r.must_have += with.len();
        with_hit += with.iter().filter(|&&h| h).count();
        r.must_not_have += without.len();
        without_hit += without.iter().filter(|&&h| h).count();
        let page_type = index
            .get(input.name.to_string_lossy().as_ref())
            .map(|row| row.page_type.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "(none)".to_string());
        let lang = index
            .get(input.name.to_string_lossy().as_ref())
            .and_then(|row| row.lang.split(['-', '_']).next())
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "(none)".to_string());
        for g in [
            r.by_page_type.entry(page_type).or_default(),
            r.by_language.entry(lang).or_default(),
        ] {
            g.pages += 1;
            g.precision += prf.precision;
            g.recall += prf.recall;
            g.f1 += prf.f1;
        }
    }
    let n = r.pages.max(1) as f64;
    r.precision /= n;
    r.recall /= n;
    r.f1 /= n;
    f1s.sort_by(f64::total_cmp);
    r.median_f1 = if f1s.is_empty() {
        0.0
    } else if f1s.len() % 2 == 1 {
        f1s[f1s.len() / 2]
    } else {
        (f1s[f1s.len() / 2 - 1] + f1s[f1s.len() / 2]) / 2.0
    };
    r.must_have_recall = with_hit as f64 / r.must_have.max(1) as f64;
    r.must_not_have_leak = without_hit as f64 / r.must_not_have.max(1) as f64;
    for g in r
        .by_page_type
        .values_mut()
        .chain(r.by_language.values_mut())
    {
        let n = g.pages.max(1) as f64;
        g.precision /= n;
        g.recall /= n;
        g.f1 /= n;
    }
    let mut out = String::new();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        writeln!(
            out,
            "{} pages scored ({} with empty gold excluded, {} without gold), threshold {:.2}",
            r.pages,
            r.empty_gold,
            r.no_gold,
            model.threshold()
        )?;
        writeln!(out,
            "word-level, mean over pages: precision {:.3}  recall {:.3}  f1 {:.3}  (median f1 {:.3})",
            r.precision, r.recall, r.f1, r.median_f1
        )?;
        if r.must_have + r.must_not_have > 0 {
            writeln!(
                out,
                "snippets: must-have recall {:.3} (of {}), must-not-have leak rate {:.3} (of {})",
                r.must_have_recall, r.must_have, r.must_not_have_leak, r.must_not_have
            )?;
        }
        if r.by_page_type.len() > 1 || !r.by_page_type.contains_key("(none)") {
            writeln!(
                out,
                "{:16} {:>6} {:>10} {:>8} {:>8}",
                "page type", "pages", "precision", "recall", "f1"
            )?;
            for (t, g) in &r.by_page_type {
                writeln!(
                    out,
                    "{:16} {:>6} {:>10.3} {:>8.3} {:>8.3}",
                    t, g.pages, g.precision, g.recall, g.f1
                )?;
            }
        }
    }
    emit(&out)
}

/// L2 penalty of the paywall verdict's signal weights (few pages: a firm pull towards 0).
pub const PAYWALL_ALPHA: f64 = 1.0;

/// One page with access markup: the truth from its markup, and what the verdict sees with the
/// markup masked.
pub struct PaywallRow {
    pub path: String,
    /// The publisher (index.csv's domain beside the pages, else the page id).
    pub domain: String,
    /// What the markup declares.
    pub paywalled: bool,
    /// The verdict's signals with the markup masked.
    pub signals: [f64; unchrome::paywall::SIGNAL_COUNT],
    /// The verdict with the markup masked, and with it.
    pub masked: unchrome::Paywall,
    pub declared: unchrome::Paywall,
}

/// The pages of `dirs` whose JSON-LD declares isAccessibleForFree, each classified twice: as
/// it is, and with the markup masked (so the verdict rests on the other signals). Unreadable
/// files are reported on stderr and skipped.
pub fn paywall_rows(model: &Model, dirs: &[PathBuf]) -> anyhow::Result<Vec<PaywallRow>> {
    let mut out = Vec::new();
    for dir in dirs {
        let (inputs, bad) = collect(std::slice::from_ref(dir));
        for (path, reason) in &bad {
            eprintln!("unchrome: {path}: {reason}");
        }
        let index = match beside(dir, "index.csv") {
            Some(p) => read_index(&p)?,
            None => Default::default(),
        };
        let rows: Vec<Option<PaywallRow>> = inputs
            .par_iter()
            .map(|input| {
                let bytes = input.read(unchrome::Limits::DEFAULT_MAX_INPUT_BYTES).ok()?;
                let html = unchrome::decode(&bytes).text;
                let declared = model.classify_html(&html);
                let free = declared.markup().accessible_for_free?;
                let masked = html.replace("isAccessibleForFree", "isAccessibleForFree_masked");
                let page = model.classify_html(&masked);
                let id = input.name.to_string_lossy().into_owned();
                let domain = index
                    .get(&id)
                    .map(|r| r.domain.clone())
                    .filter(|d| !d.is_empty())
                    .unwrap_or(id);
                Some(PaywallRow {
                    path: input.display(),
                    domain,
                    paywalled: !free,
                    signals: page.paywall().signals,
                    masked: page.paywall().clone(),
                    declared: declared.paywall().clone(),
                })
            })
            .collect();
        out.extend(rows.into_iter().flatten());
    }
    Ok(out)
}

/// Accuracy, precision and recall of verdicts against the truth.
fn verdict_figures(predicted: impl Iterator<Item = (bool, bool)>) -> serde_json::Value {
    let (mut tp, mut fp, mut fne, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for (p, t) in predicted {
        match (p, t) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fne += 1,
            (false, false) => tn += 1,
        }
    }
    let n = (tp + fp + fne + tn).max(1) as f64;
    serde_json::json!({
        "accuracy": (tp + tn) as f64 / n,
        "precision": tp as f64 / (tp + fp).max(1) as f64,
        "recall": tp as f64 / (tp + fne).max(1) as f64,
        "found": tp, "false_alarms": fp, "missed": fne,
    })
}

/// `eval --paywall`: verdicts against the pages' own access markup. Three columns: with the
/// markup; markup masked with the model's own signal weights (which may have been fitted on
/// these very pages); markup masked, leaving each publisher out: the signal weights refitted on
/// the other publishers' pages only.
fn paywall(model: &Model, dirs: &[PathBuf], json: bool) -> anyhow::Result<Outcome> {
    let rows = paywall_rows(model, dirs)?;
    // Leave one publisher out.
    let mut held_out = vec![0.0; rows.len()];
    let mut domains: Vec<&str> = rows.iter().map(|r| r.domain.as_str()).collect();
    domains.sort_unstable();
    domains.dedup();
    for d in &domains {
        let (x, y): (Vec<_>, Vec<_>) = rows
            .iter()
            .filter(|r| r.domain != *d)
            .map(|r| (r.signals, r.paywalled))
            .unzip();
        let stage = unchrome::PaywallStage::fit(&x, &y, PAYWALL_ALPHA);
        for (i, r) in rows.iter().enumerate() {
            if r.domain == *d {
                held_out[i] = stage.probability(&r.signals);
            }
        }
    }
    let truth = |i: usize| rows[i].paywalled;
    let (x, y): (Vec<_>, Vec<_>) = rows.iter().map(|r| (r.signals, r.paywalled)).unzip();
    let all = unchrome::PaywallStage::fit(&x, &y, PAYWALL_ALPHA);
    let with_markup = verdict_figures(rows.iter().map(|r| (r.declared.paywalled, r.paywalled)));
    let own = verdict_figures(rows.iter().map(|r| (r.masked.paywalled, r.paywalled)));
    let lpo = verdict_figures((0..rows.len()).map(|i| (held_out[i] >= 0.5, truth(i))));
    let n = rows.len();
    let positives = rows.iter().filter(|r| r.paywalled).count();
    if json {
        let pages: Vec<serde_json::Value> = rows
            .iter()
            .zip(&held_out)
            .map(|(r, h)| {
                serde_json::json!({"path": r.path, "domain": r.domain, "paywalled": r.paywalled,
                    "predicted": r.masked.paywalled, "probability": r.masked.probability,
                    "held_out_probability": h, "signals": r.signals})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"pages": n, "paywalled": positives, "publishers": domains.len(),
                "with_markup": with_markup, "masked": own, "masked_publisher_out": lpo,
                "signals": unchrome::paywall::SIGNALS,
                "fitted_on_all": {"weights": all.weights, "intercept": all.intercept},
                "per_page": pages})
        );
    } else {
        for (r, h) in rows.iter().zip(&held_out) {
            let mark = if (*h >= 0.5) == r.paywalled {
                " "
            } else {
                "✗"
            };
            let fired: Vec<&str> = r
                .masked
                .evidence
                .iter()
                .filter(|e| e.strength > 0.0)
                .map(|e| e.signal)
                .collect();
            println!(
                "{mark} {} ({}): declared {}, publisher left out {:.3}, own weights {:.3} {}",
                r.path,
                r.domain,
                if r.paywalled { "paywalled" } else { "free" },
                h,
                r.masked.probability,
                fired.join(",")
            );
        }
        println!(
            "{n} pages with access markup ({positives} declared paywalled), {} publishers",
            domains.len()
        );
        println!("verdict                              accuracy precision   recall  found  false alarms  missed");
        for (name, f) in [
            ("with the markup", &with_markup),
            ("markup masked, model's own weights", &own),
            ("markup masked, publisher left out", &lpo),
        ] {
            println!(
                "{name:<36} {:>8.3} {:>9.3} {:>8.3} {:>6} {:>13} {:>7}",
                f["accuracy"].as_f64().unwrap_or(0.0),
                f["precision"].as_f64().unwrap_or(0.0),
                f["recall"].as_f64().unwrap_or(0.0),
                f["found"].as_u64().unwrap_or(0),
                f["false_alarms"].as_u64().unwrap_or(0),
                f["missed"].as_u64().unwrap_or(0)
            );
        }
    }
    Ok(Outcome::Ok)
}
