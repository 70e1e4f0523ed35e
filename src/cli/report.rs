//! `classify --format html`: a self-contained HTML report of what the model kept and dropped.
//!
//! One document: inline CSS, no scripts, no external resources (a Content-Security-Policy
//! forbids them), so it opens offline and cannot call home. Each page gets a summary (blocks and
//! words kept and dropped, threshold, model), its paywall verdict with the evidence, and then
//! every block in page order, coloured by label and chrome blocks by kind (a legend names each
//! colour), with its probability, tag and path. A checkbox hides the chrome blocks (pure CSS).

use std::fmt::Write as _;

use unchrome::{Kind, Page};

/// One colour per chrome kind, in [`Kind::ALL`] order: border and label of the kind's blocks,
/// and its key in the legend. Distinct hues, dark enough to read as text on white.
const KIND_COLOURS: [&str; Kind::COUNT] = [
    "#a40e26", // paywall: the red of chrome, the kind the verdict is about
    "#bc4c00", // promo
    "#8250df", // newsletter
    "#6e7781", // consent
    "#0550ae", // navigation
    "#1b7c83", // related
    "#bf3989", // share
    "#57606a", // legal
    "#9a6700", // ad
    "#4d2d00", // comments
    "#24292f", // other
];

/// What the report says about the model and threshold.
pub struct ReportInfo {
    /// The model: `bundled` or the file given.
    pub model: String,
    /// Where the threshold came from (`the model's`, `--threshold`, `--favor-precision` ...).
    pub threshold_source: String,
}

const CSS: &str = r#"
:root { --content: #1a7f37; --content-bg: #e9f6ec; --chrome: #a40e26; --chrome-bg: #f6f0f0;
  --ink: #1f2328; --muted: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
.wrap { max-width: 1080px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h1 small { font-weight: normal; color: var(--muted); font-size: 14px; }
h2.page-path { font-size: 17px; margin: 28px 0 8px; word-break: break-all; }
.summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; margin: 8px 0 12px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.stat .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.stat .v { font-size: 20px; font-weight: 600; }
.stat .v small { font-size: 13px; font-weight: normal; color: var(--muted); }
.stat.kept .v { color: var(--content); } .stat.dropped .v { color: var(--chrome); }
.meta { color: var(--muted); font-size: 13px; margin: 4px 0 12px; word-break: break-all; }
.controls { font-size: 14px; margin: 8px 0 16px; display: flex; gap: 18px; align-items: center; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; }
.key.content { background: var(--content); } .key.chrome { background: var(--chrome); }
ol.blocks { list-style: none; margin: 0; padding: 0; }
.block { border-left: 5px solid; border-radius: 4px; margin: 0 0 6px; padding: 6px 12px 7px;
  display: grid; grid-template-columns: 210px 1fr; gap: 12px; }
.block.content { border-color: var(--content); background: var(--content-bg); }
.block.chrome { border-color: var(--chrome); background: var(--chrome-bg); color: #57606a; }
.block .info { font-size: 12px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.block .label { font-weight: 700; text-transform: uppercase; }
.block.content .label { color: var(--content); } .block.chrome .label { color: var(--chrome); }
.block .bar { position: relative; height: 5px; background: #fff; border: 1px solid var(--line);
  border-radius: 2px; margin: 3px 0; }
.block .bar span { display: block; height: 100%; background: currentColor; }
.block .bar i { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--ink); }
.block.content .bar span { color: var(--content); } .block.chrome .bar span { color: var(--chrome); }
.block .path { color: var(--muted); overflow-wrap: anywhere; }
.block .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.block.hidden-el .text { font-style: italic; }
.block.h .text { font-weight: 650; font-size: 16px; }
.empty { color: var(--muted); font-style: italic; }
body:has(#hide-chrome:checked) .block.chrome { display: none; }
.legend { font-size: 13px; margin: -8px 0 16px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.verdict { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 0 0 12px; }
.verdict.paywalled { border-color: var(--chrome); background: var(--chrome-bg); }
.verdict .head { font-weight: 600; }
.verdict ul { margin: 4px 0 0; padding-left: 20px; font-size: 13px; }
.verdict .sig { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.controls label { cursor: pointer; }
@media (max-width: 700px) { .summary { grid-template-columns: repeat(2, 1fr); }
  .block { grid-template-columns: 1fr; gap: 2px; } }
"#;

/// Writes the start of the document: head, styles and the report title.
pub fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>unchrome: {}</title>", escape(title));
    let mut kinds = String::new();
    for (k, colour) in Kind::ALL.iter().zip(KIND_COLOURS) {
        let _ = writeln!(
            kinds,
            ".block.chrome.k-{k} {{ border-color: {colour}; }} .block.chrome.k-{k} .label {{ color: {colour}; }} .key.k-{k} {{ background: {colour}; }}"
        );
    }
    let _ = writeln!(
        out,
        "<style>{CSS}{kinds}</style>\n</head>\n<body>\n<div class=\"wrap\">"
    );
    let _ = writeln!(
        out,
        "<h1>unchrome report <small>{}</small></h1>",
        escape(title)
    );
    out.push_str(
        "<div class=\"controls\"><label><input type=\"checkbox\" id=\"hide-chrome\"> hide chrome blocks</label>\
         <span><span class=\"key content\"></span> content (kept)</span>\
         <span><span class=\"key chrome\"></span> chrome (dropped)</span>\
         <span>bar: probability of content; tick: threshold</span></div>\n",
    );
    // The legend of chrome kinds, and each kind's colour for its blocks.
    out.push_str("<div class=\"legend\"><span>chrome by kind:</span>");
    for k in Kind::ALL {
        let _ = write!(
            out,
            "<span class=\"kind-key\"><span class=\"key k-{k}\"></span> {k}</span>"
        );
    }
    out.push_str("</div>\n<div class=\"pages\">\n");
}

/// Writes the end of the document.
pub fn tail(out: &mut String) {
    out.push_str("</div>\n</div>\n</body>\n</html>\n");
}

/// Writes one page's section: its summary and every block in order.
pub fn page(out: &mut String, path: &str, page: &Page, info: &ReportInfo) {
    let (mut kept, mut dropped, mut kept_words, mut dropped_words) = (0usize, 0usize, 0, 0);
    for b in page.blocks() {
        let words = unchrome::words(b.text()).count();
        if b.is_content() {
            kept += 1;
            kept_words += words;
        } else {
            dropped += 1;
            dropped_words += words;
        }
    }
    let share = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            100.0 * a as f64 / (a + b) as f64
        }
    };
    out.push_str("<section class=\"page\">\n");
    let _ = writeln!(out, "<h2 class=\"page-path\">{}</h2>", escape(path));
    verdict(out, page);
    out.push_str("<div class=\"summary\">\n");
    for (class, key, value, total) in [
        ("kept", "blocks kept", kept, share(kept, dropped)),
        ("dropped", "blocks dropped", dropped, share(dropped, kept)),
        (
            "kept",
            "words kept",
            kept_words,
            share(kept_words, dropped_words),
        ),
        (
            "dropped",
            "words dropped",
            dropped_words,
            share(dropped_words, kept_words),
        ),
    ] {
        let _ = writeln!(
            out,
            "<div class=\"stat {class}\"><div class=\"k\">{key}</div><div class=\"v\">{value} <small>{total:.0}%</small></div></div>"
        );
    }
    out.push_str("</div>\n");
    let mut notes = String::new();
    for (cond, note) in [
        (
            page.truncated_input(),
            "<b>gzip data ended early</b>: what could be read was classified",
        ),
        (
            page.size_limited(),
            "<b>page over the size limit</b>: only its beginning was classified",
        ),
        (
            page.depth_limited(),
            "<b>nesting over the depth limit</b>: deeper tags were flattened",
        ),
    ] {
        if cond {
            notes.push_str(" · ");
            notes.push_str(note);
        }
    }
    let paywall = page.paywall();
    let evidence: Vec<&str> = paywall.evidence.iter().map(|e| e.signal).collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">threshold <b>{:.2}</b> ({}) · model <b>{}</b> · {} blocks · paywalled <b>{}</b> ({:.2}{}){notes}</p>",
        page.threshold(),
        escape(&info.threshold_source),
        escape(&info.model),
        page.blocks().len(),
        if paywall.paywalled { "yes" } else { "no" },
        paywall.probability,
        if evidence.is_empty() {
            String::new()
        } else {
            format!(": {}", evidence.join(", "))
        },
    );
    if page.blocks().is_empty() {
        out.push_str("<p class=\"empty\">No text blocks on this page.</p>\n");
    }
    out.push_str("<ol class=\"blocks\">\n");
    for (i, b) in page.blocks().iter().enumerate() {
        let label = b.label().as_str();
        let mut class = String::from(label);
        // Chrome blocks show their kind: "chrome · paywall".
        let shown = match b.kind() {
            Some(k) => format!("{label} · {k}"),
            None => label.to_string(),
        };
        if let Some(k) = b.kind() {
            let _ = write!(class, " k-{k}");
        }
        if b.block.hidden {
            class.push_str(" hidden-el");
        }
        if matches!(
            b.block.tag.as_str(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) {
            class.push_str(" h");
        }
        let _ = writeln!(
            out,
            "<li class=\"block {class}\" id=\"b{i}\"><div class=\"info\"><span class=\"idx\">#{i}</span> \
             <span class=\"label\">{shown}</span> <span class=\"prob\">{p:.3}</span>\
             <div class=\"bar\"><span style=\"width:{w:.1}%\"></span><i style=\"left:{t:.1}%\"></i></div>\
             <span class=\"tag\">&lt;{tag}&gt;</span>{hidden} <span class=\"path\">{path}</span></div>\
             <div class=\"text\">{text}</div></li>",
            p = b.probability(),
            w = 100.0 * b.probability().clamp(0.0, 1.0),
            t = 100.0 * page.threshold().clamp(0.0, 1.0) - 0.5,
            tag = escape(&b.block.tag),
            hidden = if b.block.hidden { " hidden" } else { "" },
            path = escape(&b.block.path),
            text = escape(b.text()),
        );
    }
    out.push_str("</ol>\n</section>\n");
}

/// The page's paywall verdict and its evidence, strongest first.
fn verdict(out: &mut String, page: &Page) {
    let p = page.paywall();
    let _ = writeln!(
        out,
        "<div class=\"verdict{}\"><div class=\"head\">paywall verdict: {} (probability {:.2})</div>",
        if p.paywalled { " paywalled" } else { "" },
        if p.paywalled { "paywalled" } else { "not paywalled" },
        p.probability
    );
    if p.evidence.is_empty() {
        out.push_str("<ul><li>no evidence either way</li></ul>");
    } else {
        out.push_str("<ul>");
        for e in &p.evidence {
            let block = e
                .block
                .map(|i| format!(" (block #{i})"))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li><span class=\"sig\">{}</span> {:.2}: {}{block}</li>",
                escape(e.signal),
                e.strength,
                escape(&e.detail)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>\n");
}

/// Escapes text for HTML element content and quoted attribute values (the library's
/// [`unchrome::escape_html`]; control characters that HTML forbids become U+FFFD).
pub use unchrome::escape_html as escape;
