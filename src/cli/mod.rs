//! Command-line arguments and dispatch.

mod classify;
mod data;
mod eval;
mod explain;
mod inputs;
mod markdown;
mod progress;
mod report;
mod train;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// Tell a web page's article text from its chrome.
#[derive(Debug, Parser)]
#[command(
    name = "unchrome",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  unchrome classify page.html                  the article text\n  unchrome classify -f html page.html > view.html   see what was kept and dropped\n  unchrome explain page.html --block 3         why block 3 got its label\n  unchrome completions bash > ~/.local/share/bash-completion/completions/unchrome"
)]
pub struct Args {
    /// No progress bars and no summaries on stderr (errors and warnings are still printed).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// True under `-q/--quiet`.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify pages: print the article text, or every block with its label and probability.
    #[command(
        after_help = "Examples:\n  unchrome classify page.html\n  unchrome classify -f blocks page.html.gz\n  unchrome classify --drop paywall,promo page.html\n  unchrome classify --keep related -f markdown page.html\n  unchrome classify -f html page.html > view.html\n  unchrome classify -f article-html --base-url https://example.org/news/a.html page.html\n  unchrome classify -f markdown --favor-precision page.html\n  unchrome classify -f jsonl -j 4 -o out/ pages/\n  unchrome classify --max-bytes 64M --max-depth 1000 huge.html\n  curl -s https://example.org | unchrome classify"
    )]
    Classify(ClassifyArgs),
    /// Explain the labels: each block's features with the largest pull toward content or chrome.
    #[command(
        after_help = "Each contribution is weight × standardised value, in log-odds; the intercept plus all\ncontributions is the block's log-odds of being content, exactly (the model is linear).\n\nExamples:\n  unchrome explain page.html\n  unchrome explain page.html --block 3 --top 10\n  unchrome explain -m my-model.json --json page.html.gz"
    )]
    Explain(explain::ExplainArgs),
    /// Write the unlabelled block CSV of pages, to label by hand (label column empty).
    #[command(
        after_help = "Examples:\n  unchrome blocks page.html -o blocks.csv\n  unchrome blocks pages/ > blocks.csv\n  unchrome blocks --max-bytes 500K --max-blocks 2000 pages/ > blocks.csv"
    )]
    Blocks {
        /// .html/.htm/.html.gz files, directories (recursive), or - for stdin.
        #[arg(default_value = "-")]
        paths: Vec<PathBuf>,
        /// Write the CSV here (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Label each block of DIR/<id>.html[.gz] by aligning it to GOLD/<id>.txt; write the labelled CSV.
    #[command(
        after_help = "Examples:\n  unchrome label --pages ../shared/datasets/wcxb-dev/html --gold ../shared/datasets/wcxb-dev/gold -o wcxb.csv\n  unchrome label --pages pages/ --gold gold/ --index index.csv -j 2 > labelled.csv\n  unchrome label --pages pages/ --gold gold/ --max-bytes 64M > labelled.csv"
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
        /// Kind annotations (dataset,page,index,hash,kind rows, as training/kinds/annotations.csv):
        /// annotated blocks become chrome:<kind> (or content). Rows of the dataset named by the
        /// folder above --pages are used.
        #[arg(long)]
        kinds: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Train a model from labelled CSV files.
    #[command(
        after_help = "Examples:\n  unchrome train labelled.csv -o my-model.json\n  unchrome train labelled.csv -o my-model.json --holdout-domains validation-domains.txt\n  unchrome train a.csv b.csv -o my-model.json --alpha 0.5 --max-iterations 400"
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
        /// L2 regularisation strength of the kind stage (fitted on rows labelled chrome:<kind>).
        #[arg(long, default_value_t = 10.0)]
        kind_alpha: f64,
        /// Iteration cap of the L-BFGS solver.
        #[arg(long, default_value_t = 200)]
        max_iterations: u64,
        /// File of domains (one per line) to hold out: used to choose the threshold and report
        /// validation figures, never fitted on.
        #[arg(long)]
        holdout_domains: Option<PathBuf>,
        /// How many times each CSV's training pages count, one whole number per CSV in order
        /// (e.g. `1,4,4`): the solver takes no sample weights, so a page is fitted on that many
        /// times. Held-out pages are never repeated. Default: 1 for every file.
        #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
        repeat: Vec<usize>,
        /// Also write the standardised training matrix of the first stage to FILE.npy (float64,
        /// rows × features), its labels to FILE.labels.npy (uint8, 1 = content) and FILE.json
        /// (alpha, iteration cap, feature names, the solver's time on it), for comparing solvers
        /// (bench/sklearn_train.py); then train as usual.
        #[arg(long, value_name = "FILE.npy")]
        export_features: Option<PathBuf>,
        /// Folders of pages whose JSON-LD declares isAccessibleForFree: fit the paywall
        /// verdict's signal weights on them, the markup masked (repeatable; index.csv beside
        /// them is not needed).
        #[arg(long, value_name = "PAGES")]
        paywall_pages: Vec<PathBuf>,
        /// Labelled CSV files whose chrome:<kind> rows train the kind stage only (their
        /// content/chrome labels are not fitted and may be empty; repeatable).
        #[arg(long, value_name = "CSV")]
        kind_csv: Vec<PathBuf>,
    },
    /// Measure a model: block-level on labelled CSVs, or page-level word P/R/F1 against gold text.
    #[command(
        after_help = "Examples:\n  unchrome eval -m model.json labelled.csv\n  unchrome eval --pages DIR/html --gold DIR/gold --domains training/validation-domains.txt\n  unchrome eval --annotated ../shared/datasets/l3s-gn1/annotated"
    )]
    Eval(eval::EvalArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  unchrome completions bash > ~/.local/share/bash-completion/completions/unchrome\n  unchrome completions zsh > ~/.zfunc/_unchrome\n  unchrome completions fish > ~/.config/fish/completions/unchrome.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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
    /// A self-contained HTML report: a summary, then every block coloured by label.
    Html,
    /// The article as Markdown: headings, lists, block quotes, code blocks and links kept.
    #[value(alias = "md")]
    Markdown,
    /// The article as clean, self-contained HTML: headings, paragraphs, lists, quotes, code,
    /// links and images kept; no script, no style.
    ArticleHtml,
}

impl Format {
    /// The extension of `-o` output files.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Blocks => "tsv",
            Format::Json | Format::Jsonl => "json",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::ArticleHtml => "article.html",
        }
    }
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
    /// One output file per input: DIR/<name without .html/.htm/.html.gz>.<txt|tsv|json|html|md|article.html>.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// The page's address (an absolute http or https URL): the links and images of
    /// `-f article-html` and `-f markdown` are resolved against it (default: kept as written).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,
    /// Content-probability threshold, the precision/recall dial: higher keeps less (default: the model's).
    #[arg(long, value_parser = parse_probability)]
    threshold: Option<f64>,
    /// Keep less, more surely: the model's precision threshold (stored in the model file when
    /// training chose one; else the model's threshold moved up by 1 in log-odds, 0.36 → 0.60).
    #[arg(long, conflicts_with_all = ["threshold", "favor_recall"])]
    favor_precision: bool,
    /// Lose less, keep more chrome: the model's recall threshold (stored in the model file when
    /// training chose one; else the model's threshold moved down by 1 in log-odds, 0.36 → 0.17).
    #[arg(long, conflicts_with = "threshold")]
    favor_recall: bool,
    /// Also keep chrome blocks of these kinds in the text (comma-separated: paywall, promo,
    /// newsletter, consent, navigation, related, share, legal, ad, comments, other).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "KINDS",
        conflicts_with = "drop"
    )]
    keep: Vec<unchrome::Kind>,
    /// Keep every block except those of these kinds (content always stays): e.g.
    /// `--drop paywall,promo` removes only the prompts and the marketing.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    drop: Vec<unchrome::Kind>,
    /// Leave out pages whose paywall verdict is paywalled (no output for them, a note on
    /// stderr): a crawl can drop teaser-only pages. The verdict is in every JSON output.
    #[arg(long)]
    skip_paywalled: bool,

    /// Leave out the article's title: by default text output starts with the title, then a
    /// blank line, and Markdown with `# Title` (the library's `article_text` adds no title line).
    #[arg(long)]
    no_title: bool,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// What one page may cost: `unchrome::Limits`. Past a limit the page is still classified (its
/// beginning, or with deep tags dropped), with a warning on stderr and a flag in JSON output.
#[derive(Debug, Clone, Copy, clap::Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Cut pages longer than SIZE bytes (gzip inflated, and again as text); files are read no
    /// further. Plain bytes or K, M, G (KiB, MiB, GiB), e.g. 64M [default: 16M]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_bytes: Option<usize>,
    /// Drop the tags of elements nested deeper than N levels (their text is kept; a <template>
    /// counts two) [default: 256]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    max_depth: Option<usize>,
    /// Keep at most the first N blocks of a page [default: 100000]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    max_blocks: Option<usize>,
}

impl LimitArgs {
    /// The library's limits: the defaults, with those given replaced.
    pub fn limits(&self) -> unchrome::Limits {
        let mut limits = unchrome::Limits::default();
        if let Some(n) = self.max_bytes {
            limits = limits.with_max_input_bytes(n);
        }
        if let Some(n) = self.max_depth {
            limits = limits.with_max_depth(n);
        }
        if let Some(n) = self.max_blocks {
            limits = limits.with_max_blocks(n);
        }
        limits
    }
}

/// A byte count: digits, then optionally K, M or G (powers of 1024; `KiB`, `MB`... too).
fn parse_size(s: &str) -> Result<usize, String> {
    let bad = || format!("'{s}' is not a size: give bytes, or a number and K, M or G (e.g. 64M)");
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: usize = number.parse().map_err(|_| bad())?;
    let unit = unit.trim_start().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        _ => return Err(bad()),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{s}' is too large"))?;
    if bytes == 0 {
        return Err("the size limit must be at least 1 byte".into());
    }
    Ok(bytes)
}

/// A count of at least 1.
fn parse_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{s}' is not a whole number of at least 1")),
    }
}

/// A size for messages: `16 MiB`, `64 KiB`, `1000 bytes`.
pub fn show_size(bytes: usize) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// Which blocks the text keeps: content, plus `--keep` kinds, or all but `--drop` kinds; and
/// whether text and Markdown start with the title.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    keep: Vec<unchrome::Kind>,
    drop: Vec<unchrome::Kind>,
    /// `--no-title`.
    no_title: bool,
}

impl Selection {
    /// True when the text keeps block `b`.
    pub fn keeps(&self, b: &unchrome::ClassifiedBlock) -> bool {
        if b.is_content() {
            return true;
        }
        let kind = b.kind().unwrap_or(unchrome::Kind::Other);
        if !self.drop.is_empty() {
            return !self.drop.contains(&kind);
        }
        self.keep.contains(&kind)
    }
}

/// An absolute http(s) URL.
fn parse_base_url(s: &str) -> Result<String, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(t.to_string()),
        _ => Err(format!(
            "'{s}' is not an absolute http or https address (e.g. https://example.org/news/page.html)"
        )),
    }
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
    QUIET.store(args.quiet, Ordering::Relaxed);
    match args.command {
        Command::Classify(a) => classify::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Blocks {
            paths,
            output,
            limits,
        } => data::blocks(&paths, output.as_deref(), &limits.limits()),
        Command::Label {
            pages,
            gold,
            output,
            index,
            kinds,
            jobs,
            limits,
        } => {
            set_jobs(jobs);
            data::label(
                &pages,
                &gold,
                output.as_deref(),
                index.as_deref(),
                kinds.as_deref(),
                &limits.limits(),
            )
        }
        Command::Train {
            csv,
            output,
            alpha,
            kind_alpha,
            max_iterations,
            holdout_domains,
            repeat,
            export_features,
            paywall_pages,
            kind_csv,
        } => train::run(
            &csv,
            &output,
            (alpha, kind_alpha),
            max_iterations,
            (holdout_domains.as_deref(), &repeat),
            export_features.as_deref(),
            (&paywall_pages, &kind_csv),
        ),
        Command::Eval(a) => eval::run(a),
        Command::Completions { shell } => {
            let mut cmd = Args::command();
            clap_complete::generate(shell, &mut cmd, "unchrome", &mut std::io::stdout());
            Ok(Outcome::Ok)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_k_m_g_suffixes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("500 KB"), Ok(500 << 10));
        for bad in [
            "",
            "M",
            "12X",
            "1.5M",
            "-1",
            "0",
            "0K",
            "99999999999999999999G",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(show_size(16 << 20), "16 MiB");
        assert_eq!(show_size(2048), "2 KiB");
        assert_eq!(show_size(1000), "1000 bytes");
    }

    #[test]
    fn limit_defaults_in_the_help_are_the_library_s() {
        let limits = unchrome::Limits::default();
        assert_eq!(parse_size("16M"), Ok(limits.max_input_bytes));
        let help = Args::command()
            .find_subcommand_mut("classify")
            .unwrap()
            .render_help()
            .to_string();
        for default in [
            "[default: 16M]".to_string(),
            format!("[default: {}]", limits.max_depth),
            format!("[default: {}]", limits.max_blocks),
        ] {
            assert!(help.contains(&default), "{default} not in\n{help}");
        }
        assert!(help.contains("--max-bytes 64M"), "an example");
    }
}
