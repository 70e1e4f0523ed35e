//! Command-line arguments and dispatch.

mod classify;
mod data;
mod eval;
mod inputs;
mod train;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Tell a web page's article text from its chrome.
#[derive(Debug, Parser)]
#[command(name = "unchrome", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify pages: print the article text, or every block with its label and probability.
    #[command(
        after_help = "Examples:\n  unchrome classify page.html\n  unchrome classify -f blocks page.html.gz\n  unchrome classify -f jsonl -o out/ pages/\n  curl -s https://example.org | unchrome classify"
    )]
    Classify(ClassifyArgs),
    /// Write the unlabelled block CSV of pages, to label by hand (label column empty).
    #[command(after_help = "Example:\n  unchrome blocks page.html -o blocks.csv")]
    Blocks {
        /// .html/.htm/.html.gz files, directories (recursive), or - for stdin.
        #[arg(default_value = "-")]
        paths: Vec<PathBuf>,
        /// Write the CSV here (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Label each block of DIR/<id>.html[.gz] by aligning it to GOLD/<id>.txt; write the labelled CSV.
    #[command(
        after_help = "Example:\n  unchrome label --pages ../shared/datasets/wcxb-dev/html --gold ../shared/datasets/wcxb-dev/gold -o wcxb.csv"
    )]
    Label {
        /// Folder of pages named <id>.html, <id>.htm or <id>.html.gz.
        #[arg(long)]
        pages: PathBuf,
        /// Folder of gold texts named <id>.txt.
        #[arg(long)]
        gold: PathBuf,
        /// Write the CSV here (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// index.csv with id and domain columns (default: <pages>/../index.csv if present).
        #[arg(long)]
        index: Option<PathBuf>,
    },
    /// Train a model from labelled CSV files.
    #[command(
        after_help = "Example:\n  unchrome train labelled.csv -o my-model.json --holdout-domains validation-domains.txt"
    )]
    Train {
        /// Labelled CSV files (columns: see the README).
        #[arg(required = true)]
        csv: Vec<PathBuf>,
        /// Where to write the model (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// L2 regularisation strength.
        #[arg(long, default_value_t = 1.0)]
        alpha: f64,
        /// Iteration cap of the L-BFGS solver.
        #[arg(long, default_value_t = 200)]
        max_iterations: u64,
        /// File of domains (one per line) to hold out: used to choose the threshold and report
        /// validation figures, never fitted on.
        #[arg(long)]
        holdout_domains: Option<PathBuf>,
    },
    /// Measure a model: block-level on labelled CSVs, or page-level word P/R/F1 against gold text.
    #[command(
        after_help = "Examples:\n  unchrome eval -m model.json labelled.csv\n  unchrome eval --pages DIR/html --gold DIR/gold --domains training/validation-domains.txt\n  unchrome eval --annotated ../shared/datasets/l3s-gn1/annotated"
    )]
    Eval(eval::EvalArgs),
}

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The article text, paragraphs split by a blank line.
    Text,
    /// One TSV line per block: label, probability, text.
    Blocks,
    /// One JSON document per page (an array when several pages go to stdout).
    Json,
    /// One JSON object per page per line.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// .html/.htm/.html.gz files, directories (recursive), or - for stdin (the default).
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    /// A model file (default: the bundled model).
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// One output file per input: DIR/<name without .html/.htm/.html.gz>.<txt|tsv|json>.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Content-probability threshold, the precision/recall dial: higher keeps less (default: the model's).
    #[arg(long, value_parser = parse_probability)]
    threshold: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("'{s}' is not a probability between 0 and 1")),
    }
}

/// How a run ended, when it did not fail outright.
pub enum Outcome {
    Ok,
    SomeFailed,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Classify(a) => classify::run(a),
        Command::Blocks { paths, output } => data::blocks(&paths, output.as_deref()),
        Command::Label {
            pages,
            gold,
            output,
            index,
        } => data::label(&pages, &gold, output.as_deref(), index.as_deref()),
        Command::Train {
            csv,
            output,
            alpha,
            max_iterations,
            holdout_domains,
        } => train::run(
            &csv,
            &output,
            alpha,
            max_iterations,
            holdout_domains.as_deref(),
        ),
        Command::Eval(a) => eval::run(a),
    }
}

/// True when the error is a closed stdout (`unchrome classify big/ | head`): not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<unchrome::Error>().is_some_and(|u| {
                matches!(u, unchrome::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Sets the worker count of rayon's global pool.
fn set_jobs(jobs: Option<usize>) {
    if let Some(n) = jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}
