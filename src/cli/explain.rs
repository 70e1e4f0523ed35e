//! `unchrome explain`: why each block got its label.
//!
//! The model is logistic regression on standardised features, so a block's log-odds of being
//! content is exactly `intercept + Σ weight·(value − mean)/scale`. Each term is one feature's
//! contribution; the largest positive ones pull toward content, the most negative toward chrome.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context};
use serde::Serialize;

use super::classify::load_model;
use super::inputs::collect;
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The page: a .html/.htm/.html.gz file, or - for stdin.
    #[arg(default_value = "-")]
    page: PathBuf,
    /// Only this block (0-based, as numbered by `classify -f json` and the HTML report).
    #[arg(short, long)]
    block: Option<usize>,
    /// A model file (default: the bundled model).
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// How many features to show on each side (toward content, toward chrome).
    #[arg(short = 'k', long, default_value_t = 5)]
    top: usize,
    /// Content-probability threshold for the labels (default: the model's).
    #[arg(long, value_parser = super::parse_probability)]
    threshold: Option<f64>,
    /// Print one JSON object per block per line.
    #[arg(long)]
    json: bool,
    /// The same limits as `classify`'s, for the same blocks.
    #[command(flatten)]
    limits: super::LimitArgs,
}

#[derive(Serialize)]
struct Feature<'a> {
    name: &'a str,
    value: f64,
    contribution: f64,
}

#[derive(Serialize)]
struct Explained<'a> {
    index: usize,
    label: &'static str,
    probability: f64,
    threshold: f64,
    tag: &'a str,
    path: &'a str,
    text: &'a str,
    intercept: f64,
    /// `intercept` + all contributions: the first stage's log-odds of content.
    log_odds: f64,
    /// The first stage's probability, `1 / (1 + e^-log_odds)`.
    first_stage_probability: f64,
    toward_content: Vec<Feature<'a>>,
    toward_chrome: Vec<Feature<'a>>,
    /// Sum of the contributions not listed above.
    rest: f64,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<Outcome> {
    let mut model = load_model(args.model.as_deref())?.into_owned();
    if let Some(t) = args.threshold {
        model = model.with_threshold(t);
    }
    let (inputs, bad) = collect(std::slice::from_ref(&args.page));
    if let Some((path, reason)) = bad.first() {
        bail!("{path}: {reason}");
    }
    let input = match inputs.as_slice() {
        [one] => one,
        [] => bail!(
            "{}: no page found (give one .html/.htm/.html.gz file)",
            args.page.display()
        ),
        _ => bail!(
            "{}: explain takes one page, this folder has {}; give one of its files",
            args.page.display(),
            inputs.len()
        ),
    };
    let name = input.display();
    let limits = args.limits.limits();
    let html = unchrome::decode_with_limits(&input.read(limits.max_input_bytes)?, &limits).text;
    let blocks = unchrome::segment_with_limits(&html, &limits);
    if blocks.is_empty() {
        eprintln!("unchrome: {name}: no text blocks");
        return Ok(Outcome::Ok);
    }
    let range = match args.block {
        Some(k) if k >= blocks.len() => bail!(
            "{name}: no block {k}: the page has {} blocks, numbered 0 to {}",
            blocks.len(),
            blocks.len() - 1
        ),
        Some(k) => k..k + 1,
        None => 0..blocks.len(),
    };
    let x = unchrome::page_features(&blocks);
    // The first stage is explained term by term; a model with a context pass then adjusts the
    // probability from the neighbours' verdicts, reported as one step.
    let first_stage = model.predict_features(&x);
    let probabilities = model.predict_blocks(&blocks);
    let names = model.feature_names();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for i in range {
        let row: Vec<f64> = x.row(i).to_vec();
        let contributions = model.contributions(&row);
        let mut order: Vec<usize> = (0..contributions.len()).collect();
        order.sort_by(|&a, &b| contributions[b].total_cmp(&contributions[a]));
        let feature = |j: usize| Feature {
            name: &names[j],
            value: row[j],
            contribution: contributions[j],
        };
        let toward_content: Vec<Feature> = order
            .iter()
            .copied()
            .filter(|&j| contributions[j] > 0.0)
            .take(args.top)
            .map(feature)
            .collect();
        let toward_chrome: Vec<Feature> = order
            .iter()
            .rev()
            .copied()
            .filter(|&j| contributions[j] < 0.0)
            .take(args.top)
            .map(feature)
            .collect();
        let total: f64 = contributions.iter().sum();
        let shown: f64 = toward_content
            .iter()
            .chain(&toward_chrome)
            .map(|f| f.contribution)
            .sum();
        let p = probabilities[i];
        let b = &blocks[i];
        let e = Explained {
            index: i,
            label: unchrome::Label::from_probability(p, model.threshold()).as_str(),
            probability: p,
            threshold: model.threshold(),
            tag: &b.tag,
            path: &b.path,
            text: &b.text,
            intercept: model.intercept(),
            log_odds: model.intercept() + total,
            first_stage_probability: first_stage[i],
            toward_content,
            toward_chrome,
            rest: total - shown,
        };
        if args.json {
            serde_json::to_writer(&mut out, &e)?;
            out.write_all(b"\n")?;
        } else {
            out.write_all(text(&e).as_bytes())?;
        }
    }
    out.flush().context("writing the explanation")?;
    Ok(Outcome::Ok)
}

/// The human-readable explanation of one block.
fn text(e: &Explained) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "block {}: {} (p = {:.3}, threshold {:.2})  <{}> {}",
        e.index, e.label, e.probability, e.threshold, e.tag, e.path
    );
    let _ = writeln!(s, "  \"{}\"", shorten(e.text, 100));
    let width = e
        .toward_content
        .iter()
        .chain(&e.toward_chrome)
        .map(|f| f.name.len())
        .max()
        .unwrap_or(0)
        .max(24);
    for (title, list) in [
        ("toward content", &e.toward_content),
        ("toward chrome", &e.toward_chrome),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "  {title:<w$}  {:>10}  {:>8}",
            "value",
            "log-odds",
            w = width + 2
        );
        for f in list.iter() {
            let _ = writeln!(
                s,
                "    {:<width$}  {:>10}  {:>+8.3}",
                f.name,
                value(f.value),
                f.contribution
            );
        }
    }
    let _ = writeln!(
        s,
        "  {:<w$}  {:>10}  {:>+8.3}",
        "other features",
        "",
        e.rest,
        w = width + 2
    );
    let _ = writeln!(
        s,
        "  {:<w$}  {:>10}  {:>+8.3}",
        "intercept",
        "",
        e.intercept,
        w = width + 2
    );
    let _ = writeln!(
        s,
        "  {:<w$}  {:>10}  {:>+8.3}  → p = {:.3}",
        "total log-odds",
        "",
        e.log_odds,
        e.first_stage_probability,
        w = width + 2
    );
    if (e.probability - e.first_stage_probability).abs() > 5e-4 {
        let _ = writeln!(
            s,
            "  context pass (the neighbours' and the page's verdicts): p {:.3} → {:.3}",
            e.first_stage_probability, e.probability,
        );
    }
    s.push('\n');
    s
}

/// A feature value, compact: integers without decimals.
fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// The first `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}
