//! `unchrome classify`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use unchrome::{Model, Page};

use super::inputs::{collect, Input};
use super::{set_jobs, ClassifyArgs, Format, Outcome};

/// Pages classified at once: enough to keep every core busy, few enough to bound memory.
const CHUNK: usize = 64;

#[derive(Serialize)]
struct BlockJson<'a> {
    index: usize,
    label: &'static str,
    probability: f64,
    tag: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct PageJson<'a> {
    path: String,
    threshold: f64,
    blocks: Vec<BlockJson<'a>>,
    article_text: String,
}

pub fn load_model(path: Option<&Path>) -> anyhow::Result<std::borrow::Cow<'static, Model>> {
    Ok(match path {
        None => std::borrow::Cow::Borrowed(Model::bundled()),
        Some(p) => std::borrow::Cow::Owned(Model::load(p)?),
    })
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<Outcome> {
    set_jobs(args.jobs);
    let mut model = load_model(args.model.as_deref())?;
    if let Some(t) = args.threshold {
        model = std::borrow::Cow::Owned(model.with_threshold(t));
    }
    let (inputs, bad) = collect(&args.paths);
    let mut failed = bad.len();
    for (path, reason) in &bad {
        eprintln!("unchrome: {path}: {reason}");
    }
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let json_array = args.format == Format::Json && args.output_dir.is_none() && inputs.len() > 1;
    if json_array {
        out.write_all(b"[")?;
    }
    let mut first = true;
    for chunk in inputs.chunks(CHUNK) {
        let pages: Vec<anyhow::Result<Page>> = chunk
            .par_iter()
            .map(|input| Ok(model.classify_bytes(&input.read()?)))
            .collect();
        for (input, page) in chunk.iter().zip(pages) {
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("unchrome: {:#}", e);
                    failed += 1;
                    continue;
                }
            };
            if page.truncated_input() {
                eprintln!(
                    "unchrome: {}: gzip data ends early; classified what could be read",
                    input.display()
                );
            }
            let mut buf = Vec::new();
            render(&mut buf, input, &page, args.format)?;
            match &args.output_dir {
                Some(dir) => {
                    let ext = match args.format {
                        Format::Text => "txt",
                        Format::Blocks => "tsv",
                        Format::Json | Format::Jsonl => "json",
                    };
                    let mut file = dir.join(&input.name).into_os_string();
                    file.push(".");
                    file.push(ext);
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
                    out.write_all(&buf)?;
                }
            }
            first = false;
        }
    }
    if json_array {
        out.write_all(b"]\n")?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

fn render(out: &mut Vec<u8>, input: &Input, page: &Page, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Text => {
            let text = page.article_text();
            if !text.is_empty() {
                out.extend_from_slice(text.as_bytes());
                out.push(b'\n');
            }
        }
        Format::Blocks => {
            for b in page.blocks() {
                let text = b.text().replace(['\t', '\n', '\r'], " ");
                writeln!(out, "{}\t{:.4}\t{}", b.label(), b.probability(), text)?;
            }
        }
        Format::Json | Format::Jsonl => {
            let doc = PageJson {
                path: input.display(),
                threshold: page.threshold(),
                blocks: page
                    .blocks()
                    .iter()
                    .enumerate()
                    .map(|(index, b)| BlockJson {
                        index,
                        label: b.label().as_str(),
                        probability: b.probability(),
                        tag: &b.block.tag,
                        text: b.text(),
                    })
                    .collect(),
                article_text: page.article_text(),
            };
            serde_json::to_writer(&mut *out, &doc)?;
            out.push(b'\n');
        }
    }
    Ok(())
}
