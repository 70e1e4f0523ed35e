//! `unchrome classify`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;
use unchrome::{Model, Page};

use super::inputs::{collect_with_warc, Input};
use super::progress::Progress;
use super::report::{self, ReportInfo};
use super::{markdown, set_jobs, show_size, ClassifyArgs, Format, Outcome, Selection};

/// Pages classified at once: enough to keep every core busy, few enough to bound memory.
const CHUNK: usize = 64;

/// One page to classify: a page file, or an HTML response read from a WARC file.
enum Work<'a> {
    File(&'a Input),
    Record(&'a Input, unchrome::WarcResponse),
}

/// The pages of the inputs in order, a batch at a time: page files as they are (read when
/// classified), WARC files record by record.
struct Feed<'a> {
    inputs: std::slice::Iter<'a, Input>,
    /// The WARC file being read.
    warc: Option<(&'a Input, unchrome::WarcReader)>,
}

impl<'a> Feed<'a> {
    /// Adds up to CHUNK pages to `batch`. Returns how many WARC files or records could not be
    /// read: each is reported and skipped.
    fn fill(&mut self, batch: &mut Vec<Work<'a>>, progress: &Progress) -> usize {
        let mut failed = 0;
        while batch.len() < CHUNK {
            if let Some((input, reader)) = &mut self.warc {
                match reader.next() {
                    Some(Ok(r)) => batch.push(Work::Record(input, r)),
                    Some(Err(e)) => {
                        // A bad record is reported and skipped; the file reads on.
                        progress.warn(&format!("unchrome: {e}"));
                        failed += 1;
                    }
                    None => {
                        self.warc = None;
                        progress.inc(1);
                    }
                }
                continue;
            }
            let Some(input) = self.inputs.next() else {
                break;
            };
            if !input.warc {
                batch.push(Work::File(input));
                continue;
            }
            let path = input.path.as_deref().unwrap_or(Path::new("-"));
            match unchrome::WarcReader::open(path) {
                Ok(r) => self.warc = Some((input, r)),
                Err(e) => {
                    progress.warn(&format!("unchrome: {e}"));
                    failed += 1;
                    progress.inc(1);
                }
            }
        }
        failed
    }
}

/// The title that text and Markdown output start with (`None` under `--no-title`), and the
/// index of the first kept block that only repeats it (the article's `h1` labelled content):
/// the output leaves that block out rather than print the title twice.
fn title_and_repeat<'p>(page: &'p Page, sel: &Selection) -> (Option<&'p str>, Option<usize>) {
    let Some(title) = page.title().filter(|_| !sel.no_title) else {
        return (None, None);
    };
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let title_folded = fold(title);
    let repeat = page
        .blocks()
        .iter()
        .position(|b| sel.keeps(b) && fold(b.text()) == title_folded);
    (Some(title), repeat)
}

pub fn load_model(path: Option<&Path>) -> anyhow::Result<std::borrow::Cow<'static, Model>> {
    Ok(match path {
        None => std::borrow::Cow::Borrowed(Model::bundled()),
        Some(p) => std::borrow::Cow::Owned(Model::load(p).map_err(|e| {
            let hint = match &e {
                unchrome::Error::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    " (leave out -m to use the bundled model)"
                }
                _ => "",
            };
            anyhow::anyhow!("{e}{hint}")
        })?),
    })
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<Outcome> {
    set_jobs(args.jobs);
    let limits = args.limits.limits();
    let mut model = load_model(args.model.as_deref())?;
    let fallback = "the model's threshold ± 1 in log-odds: this model stores none";
    let threshold_source = if let Some(t) = args.threshold {
        model = std::borrow::Cow::Owned(model.with_threshold(t));
        "--threshold".to_string()
    } else if args.favor_precision || args.favor_recall {
        let (t, flag) = if args.favor_precision {
            (model.favor_precision_threshold(), "--favor-precision")
        } else {
            (model.favor_recall_threshold(), "--favor-recall")
        };
        let stored = model.has_favor_thresholds();
        model = std::borrow::Cow::Owned(model.with_threshold(t));
        if stored {
            format!("{flag}, chosen on validation data")
        } else {
            format!("{flag}: {fallback}")
        }
    } else {
        "the model's".to_string()
    };
    let info = ReportInfo {
        model: args
            .model
            .as_ref()
            .map_or_else(|| "bundled".to_string(), |p| p.display().to_string()),
        threshold_source,
    };
    let selection = Selection {
        keep: args.keep.clone(),
        drop: args.drop.clone(),
        no_title: args.no_title,
    };
    let (inputs, bad) = collect_with_warc(&args.paths);
    let mut failed = bad.len();
    for (path, reason) in &bad {
        eprintln!("unchrome: {path}: {reason}");
    }
    if inputs.is_empty() && bad.is_empty() {
        let given: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "unchrome: {}: no pages found (folders are searched for .html, .htm, .xhtml, .html.gz, .htm.gz, .warc and .warc.gz files; give other files by name)",
            given.join(", ")
        );
        return Ok(Outcome::SomeFailed);
    }
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "{}: cannot create the output folder (pick another with -o)",
                dir.display()
            )
        })?;
    }
    let stdout = std::io::stdout();
    let to_terminal = args.output_dir.is_none() && std::io::IsTerminal::is_terminal(&stdout);
    let progress = Progress::bar(inputs.len(), "classify", inputs.len() > 1 && !to_terminal);
    let mut out = std::io::BufWriter::new(stdout.lock());
    let to_stdout = args.output_dir.is_none();
    // A WARC file holds any number of pages: always an array.
    let json_array = args.format == Format::Json
        && to_stdout
        && (inputs.len() > 1 || inputs.iter().any(|i| i.warc));
    // Several pages of text to stdout: each under a `==> path <==` line, so they can be told
    // apart (one page stays as it was, byte for byte).
    let named = to_stdout
        && (inputs.len() > 1 || inputs.iter().any(|i| i.warc))
        && matches!(
            args.format,
            Format::Text | Format::Markdown | Format::Blocks
        );
    if json_array {
        out.write_all(b"[")?;
    }
    if args.format == Format::Html && to_stdout {
        let title = match inputs.as_slice() {
            [one] => one.display(),
            many => format!("{} pages", many.len()),
        };
        let mut head = String::new();
        report::head(&mut head, &title);
        out.write_all(head.as_bytes())?;
    }
    let article_stream = args.format == Format::ArticleHtml && to_stdout && inputs.len() > 1;
    if article_stream {
        let mut head = String::new();
        article_head(&mut head, &format!("{} pages", inputs.len()));
        out.write_all(head.as_bytes())?;
    }
    let mut first = true;
    // Pages go in batches of CHUNK, classified in parallel and written in order. A WARC file
    // adds its HTML responses one by one as they are read, so it never sits in memory whole;
    // with more than one thread the next batch is read (and inflated) while this one is
    // classified.
    let classify = |batch: &[Work]| -> Vec<anyhow::Result<Page>> {
        batch
            .par_iter()
            .map(|work| match work {
                Work::File(input) => {
                    let bytes = input.read(limits.max_input_bytes)?;
                    let page = model.classify_bytes_with_limits(&bytes, &limits);
                    progress.inc(1);
                    Ok(page)
                }
                Work::Record(_, r) => {
                    Ok(model.classify_bytes_with_charset(&r.body, r.charset.as_deref(), &limits))
                }
            })
            .collect()
    };
    // Writes a classified batch, in order; returns how many pages failed.
    let mut write = |batch: &mut Vec<Work>,
                     pages: Vec<anyhow::Result<Page>>|
     -> anyhow::Result<usize> {
        let mut failed = 0;
        for (work, page) in batch.drain(..).zip(pages) {
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    progress.warn(&format!("unchrome: {e:#}"));
                    failed += 1;
                    continue;
                }
            };
            let (input, record) = match &work {
                Work::File(input) => (*input, None),
                Work::Record(input, r) => (*input, Some(r)),
            };
            let shown = match record {
                None => input.display(),
                Some(r) => format!("{}: record {} ({})", input.display(), r.record, r.url),
            };
            if page.truncated_input() {
                progress.warn(&format!(
                    "unchrome: {shown}: gzip data ends early; classified what could be read"
                ));
            }
            if page.size_limited() {
                progress.warn(&format!(
                    "unchrome: {shown}: page over the size limit ({} or {} blocks; see --max-bytes, --max-blocks); classified its beginning",
                    show_size(limits.max_input_bytes),
                    limits.max_blocks
                ));
            }
            if page.depth_limited() {
                progress.warn(&format!(
                    "unchrome: {shown}: elements nested deeper than {} (see --max-depth); the deeper tags were ignored",
                    limits.max_depth
                ));
            }
            if args.skip_paywalled && page.paywall().paywalled {
                if !super::quiet() {
                    progress.warn(&format!(
                        "unchrome: {}: left out, paywalled (probability {:.2}; --skip-paywalled)",
                        input.display(),
                        page.paywall().probability
                    ));
                }
                continue;
            }
            let mut buf = Vec::new();
            render(
                &mut buf,
                input,
                record,
                &page,
                args.format,
                &info,
                &selection,
                // Several pages to stdout share one document.
                to_stdout && (args.format != Format::ArticleHtml || inputs.len() > 1),
                args.base_url.as_deref(),
            )?;
            match &args.output_dir {
                Some(dir) => {
                    let name = match record {
                        None => input.name.clone(),
                        Some(r) => input.name.join(format!("{:06}", r.record)),
                    };
                    let mut file = dir.join(&name).into_os_string();
                    file.push(".");
                    file.push(args.format.extension());
                    let file = std::path::PathBuf::from(file);
                    if let Some(parent) = file.parent() {
                        std::fs::create_dir_all(parent)
                            .with_context(|| parent.display().to_string())?;
                    }
                    unchrome::write_atomic(&file, &buf)?;
                }
                None => {
                    if json_array && !first {
                        out.write_all(b",\n")?;
                    }
                    // A WARC record is named by its URL.
                    let shown = record.map_or_else(|| input.display(), |r| r.url.clone());
                    if named && args.format == Format::Blocks {
                        // A comment line, as the verdict line is: TSV readers skip both.
                        writeln!(out, "# ==> {shown} <==")?;
                    } else if named {
                        // As head and tail do: a name line before each page, a blank line
                        // between pages.
                        let sep = if first { "" } else { "\n" };
                        writeln!(out, "{sep}==> {shown} <==")?;
                    } else if args.format == Format::Markdown && !first && !buf.is_empty() {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(&buf)?;
                }
            }
            first = false;
        }
        Ok(failed)
    };
    let mut feed = Feed {
        inputs: inputs.iter(),
        warc: None,
    };
    let mut batch: Vec<Work> = Vec::with_capacity(CHUNK);
    failed += feed.fill(&mut batch, &progress);
    while !batch.is_empty() {
        let mut next = Vec::with_capacity(CHUNK);
        // On one thread: classify, then read; on more, both at once.
        let (pages, unread) = rayon::join(|| classify(&batch), || feed.fill(&mut next, &progress));
        failed += unread + write(&mut batch, pages)?;
        batch = next;
    }
    progress.finish();
    if json_array {
        out.write_all(b"]\n")?;
    }
    if article_stream {
        out.write_all(b"</body>\n</html>\n")?;
    }
    if args.format == Format::Html && to_stdout {
        let mut tail = String::new();
        report::tail(&mut tail);
        out.write_all(tail.as_bytes())?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// Renders one page (the run's settings as they are, one argument each). `in_stream`: several pages share one output (for HTML: no document
/// head and tail, the caller writes them once).
#[allow(clippy::too_many_arguments)]
fn render(
    out: &mut Vec<u8>,
    input: &Input,
    record: Option<&unchrome::WarcResponse>,
    page: &Page,
    format: Format,
    info: &ReportInfo,
    sel: &Selection,
    in_stream: bool,
    base_url: Option<&str>,
) -> anyhow::Result<()> {
    // A WARC record is shown by its URL.
    let title = record.map_or_else(|| input.display(), |r| r.url.clone());
    match format {
        Format::Html => {
            let mut html = String::new();
            if !in_stream {
                report::head(&mut html, &title);
            }
            report::page(&mut html, &title, page, info);
            if !in_stream {
                report::tail(&mut html);
            }
            out.extend_from_slice(html.as_bytes());
        }
        Format::Markdown => {
            let (title, repeat) = title_and_repeat(page, sel);
            let blocks = page.blocks();
            let body = markdown::render(
                blocks,
                &|b| sel.keeps(b) && repeat.is_none_or(|r| !std::ptr::eq(b, &blocks[r])),
                base_url,
            );
            if let Some(title) = title {
                out.extend_from_slice(markdown::title(title).as_bytes());
                if !body.is_empty() {
                    out.push(b'\n');
                }
            }
            out.extend_from_slice(body.as_bytes());
        }
        Format::ArticleHtml => {
            let mut html = String::new();
            if !in_stream {
                article_head(&mut html, &input.display());
            } else {
                html.push_str("<section>\n<p><code>");
                html.push_str(&report::escape(&input.display()));
                html.push_str("</code></p>\n");
            }
            html.push_str(&page.html_where(|b| sel.keeps(b), base_url));
            html.push_str(if in_stream {
                "</section>\n"
            } else {
                "</body>\n</html>\n"
            });
            out.extend_from_slice(html.as_bytes());
        }
        Format::Text => {
            let (title, repeat) = title_and_repeat(page, sel);
            let mut kept = page
                .blocks()
                .iter()
                .enumerate()
                .filter(|&(i, b)| sel.keeps(b) && Some(i) != repeat);
            let mut text = String::new();
            if let Some(title) = title {
                text.push_str(title);
            }
            for (_, b) in kept.by_ref() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(b.text());
            }
            if !text.is_empty() {
                out.extend_from_slice(text.as_bytes());
                out.push(b'\n');
            }
        }
        Format::Blocks => {
            // A comment line with the page verdict, then label, probability, kind, text.
            let p = page.paywall();
            let evidence: Vec<&str> = p.evidence.iter().map(|e| e.signal).collect();
            writeln!(
                out,
                "# paywalled={} probability={:.4} evidence={}",
                p.paywalled,
                p.probability,
                if evidence.is_empty() {
                    "none".to_string()
                } else {
                    evidence.join(",")
                }
            )?;
            for b in page.blocks() {
                let text = b.text().replace(['\t', '\n', '\r'], " ");
                let kind = b.kind().map_or("-", |k| k.as_str());
                writeln!(
                    out,
                    "{}\t{:.4}\t{kind}\t{}",
                    b.label(),
                    b.probability(),
                    text
                )?;
            }
        }
        Format::Json | Format::Jsonl => {
            let mut doc = unchrome::PageRecord::new(page, Some(input.display()), |b| sel.keeps(b));
            if let Some(r) = record {
                doc = doc.with_warc(&r.url, &r.record_id, &r.date, r.status);
            }
            serde_json::to_writer(&mut *out, &doc)?;
            out.push(b'\n');
        }
    }
    Ok(())
}

/// The head of an `-f article-html` document: no script, no style, images only from the web
/// (the Content-Security-Policy says so to the browser too).
fn article_head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src http: https:\">\n<title>");
    out.push_str(&report::escape(title));
    out.push_str("</title>\n</head>\n<body>\n");
}
