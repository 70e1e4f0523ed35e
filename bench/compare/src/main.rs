//! Runs the Rust peer extractors on benchmark pages, for bench/compare.sh.
//!
//! ```text
//! unchrome-compare DATASET_DIR OUT_DIR [--domains FILE] [--split NAME] [--tools LIST]
//! unchrome-compare throughput DATASET_DIR [...]    (speed only: see src/throughput.rs)
//! ```
//!
//! Writes `OUT/rs-trafilatura/<id>.txt`, `OUT/dom_smoothie/<id>.txt` and, for each tool,
//! `OUT/<tool>/_timing.json`; `parse-only` (scraper's `Html::parse_document`, the speed floor)
//! writes only its `_timing.json`. Single-threaded; tools run one after another. Pages are read
//! and gunzipped before the clock starts: the timer covers decoding the bytes to text and the
//! extraction. The decoding rule is the Python harness's (bench/benchlib.py): BOM, else the first
//! `<meta>` charset in the first 16 KiB, else UTF-8, bad bytes replaced. A panic or an error
//! writes an empty file and is counted.

use std::fs;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use encoding_rs::{Encoding, UTF_8};

const TOOLS: &[&str] = &["rs-trafilatura", "dom_smoothie", "parse-only"];
const PRESCAN_BYTES: usize = 16384;

struct Args {
    dataset: PathBuf,
    out: PathBuf,
    domains: Option<PathBuf>,
    split: Option<String>,
    tools: Vec<String>,
}

fn usage() -> String {
    format!(
        "usage: unchrome-compare DATASET_DIR OUT_DIR [--domains FILE] [--split NAME] [--tools LIST]\n\
         tools (comma-separated, default all): {}",
        TOOLS.join(",")
    )
}

fn parse_args() -> Result<Args, String> {
    let mut pos = Vec::new();
    let (mut domains, mut split, mut tools) = (None, None, None);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Err(usage()),
            "--domains" => domains = Some(PathBuf::from(it.next().ok_or("--domains needs FILE")?)),
            "--split" => split = Some(it.next().ok_or("--split needs NAME")?),
            "--tools" => tools = Some(it.next().ok_or("--tools needs LIST")?),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{}", usage())),
            _ => pos.push(a),
        }
    }
    if pos.len() != 2 {
        return Err(usage());
    }
    let tools: Vec<String> = match tools {
        Some(t) => t.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        None => TOOLS.iter().map(|s| s.to_string()).collect(),
    };
    if let Some(bad) = tools.iter().find(|t| !TOOLS.contains(&t.as_str())) {
        return Err(format!("unknown tool {bad}\n{}", usage()));
    }
    Ok(Args {
        out: PathBuf::from(pos.pop().unwrap()),
        dataset: PathBuf::from(pos.pop().unwrap()),
        domains,
        split,
        tools,
    })
}

/// Page ids of DATASET/index.csv kept by the filter (domain listed in the file, split equal).
fn select(args: &Args) -> Result<Vec<String>, String> {
    let domains: Option<std::collections::HashSet<String>> = match &args.domains {
        None => None,
        Some(p) => Some(
            fs::read_to_string(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
                .filter(|l| !l.is_empty())
                .collect(),
        ),
    };
    let index = args.dataset.join("index.csv");
    let mut rdr = csv::Reader::from_path(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (i_id, i_dom, i_split) = (col("id").ok_or("index.csv has no id column")?, col("domain"), col("split"));
    let mut ids = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("");
        if let Some(d) = &domains {
            if !d.contains(&get(i_dom).trim().to_lowercase()) {
                continue;
            }
        }
        if let Some(s) = &args.split {
            if get(i_split) != s {
                continue;
            }
        }
        ids.push(rec.get(i_id).unwrap_or("").to_string());
    }
    Ok(ids)
}

fn read_page(dataset: &Path, id: &str) -> Vec<u8> {
    let path = dataset.join("html").join(format!("{id}.html.gz"));
    let mut buf = Vec::new();
    match fs::File::open(&path) {
        Ok(f) => {
            if let Err(e) = flate2::read::MultiGzDecoder::new(f).read_to_end(&mut buf) {
                eprintln!("{}: {e}", path.display());
            }
        }
        Err(e) => eprintln!("{}: {e}", path.display()),
    }
    buf
}

/// The charset named by the first `<meta ... charset=X>` in `head`, if encoding_rs knows it.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")).unwrap_or(r);
                let r = trim_start(r);
                let n = r
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || b"._:-".contains(b)))
                    .unwrap_or(r.len());
                if n > 0 {
                    // the Python side takes the first <meta> charset and falls back to utf-8 if
                    // it does not know it; do the same
                    return match Encoding::for_label(&r[..n]) {
                        // a page that says utf-16 in a <meta> is ASCII-compatible: utf-8
                        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => Some(UTF_8),
                        other => other.or(Some(UTF_8)),
                    };
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    &s[n..]
}

/// Bytes -> text: BOM, else `<meta>` charset in the first 16 KiB (UTF-8 instead when the bytes are
/// valid UTF-8 and not all ASCII), else UTF-8; bad bytes replaced.
fn decode_html(data: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(data) {
        return enc.decode_without_bom_handling(&data[bom_len..]).0.into_owned();
    }
    let enc = meta_charset(&data[..data.len().min(PRESCAN_BYTES)]).unwrap_or(UTF_8);
    // As unchrome's decoder: a legacy declaration over valid UTF-8 (not all ASCII) is stale.
    let enc = if enc != UTF_8 && !data.is_ascii() && std::str::from_utf8(data).is_ok() {
        UTF_8
    } else {
        enc
    };
    enc.decode_without_bom_handling(data).0.into_owned()
}

fn extract(tool: &str, data: &[u8]) -> Result<String, String> {
    let html = decode_html(data);
    match tool {
        "rs-trafilatura" => rs_trafilatura::extract(&html)
            .map(|r| r.content_text)
            .map_err(|e| e.to_string()),
        "dom_smoothie" => {
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
            r.parse().map(|a| a.text_content.to_string()).map_err(|e| e.to_string())
        }
        "parse-only" => {
            let doc = scraper::Html::parse_document(&html);
            std::hint::black_box(&doc);
            Ok(String::new())
        }
        _ => unreachable!(),
    }
}

fn settings(tool: &str) -> (&'static str, &'static str) {
    match tool {
        "rs-trafilatura" => ("0.2.2", "rs_trafilatura::extract(html) (Options::default(), no URL) -> content_text"),
        "dom_smoothie" => ("0.19.0", "Readability::new(html, None, Config { text_mode: Formatted, ..default }).parse() -> text_content"),
        "parse-only" => ("scraper 0.29", "scraper::Html::parse_document(html): the speed floor, no output"),
        _ => unreachable!(),
    }
}

fn json_list(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap()
}

fn run_tool(tool: &str, pages: &[(String, Vec<u8>)], out: &Path) -> Result<(), String> {
    let dir = out.join(tool);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let write_files = tool != "parse-only";
    let (mut errors, mut empty) = (Vec::new(), 0usize);
    let mut busy = 0.0f64;
    for (id, data) in pages {
        let t0 = Instant::now();
        let res = panic::catch_unwind(AssertUnwindSafe(|| extract(tool, data)));
        busy += t0.elapsed().as_secs_f64();
        let text = match res {
            Ok(Ok(t)) => t,
            Ok(Err(e)) => {
                // rs-trafilatura reports "No extractable content found" as an error
                eprintln!("[{tool}] {id}: {e}");
                errors.push(id.clone());
                String::new()
            }
            Err(_) => {
                eprintln!("[{tool}] {id}: panic");
                errors.push(id.clone());
                String::new()
            }
        };
        if write_files {
            if text.trim().is_empty() {
                empty += 1;
            }
            let p = dir.join(format!("{id}.txt"));
            fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    let (version, how) = settings(tool);
    let pps = if busy > 0.0 { pages.len() as f64 / busy } else { 0.0 };
    let timing = format!(
        "{{\n \"tool\": {},\n \"version\": {},\n \"settings\": {},\n \"pages\": {},\n \"seconds\": {:.3},\n \
         \"pages_per_s\": {:.2},\n \"failures\": {},\n \"errors\": {},\n \"timeouts\": [],\n \
         \"empty_outputs\": {},\n \"timed\": \"decode + extract per page, single thread (file read/gunzip excluded)\"\n}}\n",
        serde_json::to_string(tool).unwrap(),
        serde_json::to_string(version).unwrap(),
        serde_json::to_string(how).unwrap(),
        pages.len(),
        busy,
        pps,
        errors.len(),
        json_list(&errors),
        if write_files { empty.to_string() } else { "null".into() },
    );
    fs::write(dir.join("_timing.json"), timing).map_err(|e| e.to_string())?;
    eprintln!(
        "[{tool}] {} pages in {busy:.1}s ({pps:.2} pages/s), {} failures, {empty} empty",
        pages.len(),
        errors.len()
    );
    Ok(())
}

mod throughput;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("throughput") {
        return throughput::main(&argv[1..]);
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // keep panics of a peer to one line each; they are counted as failures
    panic::set_hook(Box::new(|info| {
        let loc = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("panic{loc}");
    }));
    let ids = match select(&args) {
        Ok(ids) if !ids.is_empty() => ids,
        Ok(_) => {
            eprintln!("no pages selected");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let pages: Vec<(String, Vec<u8>)> = ids.into_iter().map(|id| {
        let b = read_page(&args.dataset, &id);
        (id, b)
    }).collect();
    eprintln!("{} pages selected from {}", pages.len(), args.dataset.display());
    for tool in &args.tools {
        if let Err(e) = run_tool(tool, &pages, &args.out) {
            eprintln!("[{tool}] {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
