//! `classify --format html` and `--format markdown`.

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS};

/// A page whose text holds markup-like characters that must come out escaped.
const TRICKY: &str = r#"<html><head><title>Escaping &amp; friends</title></head><body>
<article>
<h1>Tom &amp; Jerry's "quoted" &lt;title&gt;</h1>
<p>The council wrote &lt;script&gt;alert(1)&lt;/script&gt; in its minutes, and nobody ran it,
because a report must show page text as text: angle brackets, ampersands &amp; "quotes" alike.</p>
<p>A second paragraph about the river bridge, long enough to read like an article, with a few
more words about the traffic, the cost of the project and the mayor's plans for the old town.</p>
</article>
<footer><a href="/privacy">Privacy policy</a></footer>
</body></html>"#;

fn html_report(page: &str) -> String {
    let r = run(unchrome().args(["classify", "-f", "html"]), page.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn html_report_is_one_self_contained_document() {
    let html = html_report(NEWS);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<!DOCTYPE").count(), 1);
    assert_eq!(html.matches("<style>").count(), 1, "inline CSS");
    for external in [
        "<script", "<link", "src=", "href=", "@import", "url(", "http://", "https://",
    ] {
        assert!(!html.contains(external), "report holds '{external}'");
    }
    assert!(
        html.contains("Content-Security-Policy") && html.contains("default-src 'none'"),
        "a CSP forbids network access"
    );
}

#[test]
fn html_report_has_summary_and_every_block_in_order() {
    let html = html_report(NEWS);
    let json = run(unchrome().args(["classify", "-f", "json"]), NEWS.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let blocks = v["blocks"].as_array().unwrap();
    let kept = blocks.iter().filter(|b| b["label"] == "content").count();
    let dropped = blocks.len() - kept;
    // The summary comes before the first block and counts them right.
    let first_block = html.find("<li class=\"block").unwrap();
    let summary = &html[..first_block];
    for key in [
        "blocks kept",
        "blocks dropped",
        "words kept",
        "words dropped",
        "threshold",
        "model",
    ] {
        assert!(summary.contains(key), "summary lacks '{key}'");
    }
    assert!(summary.contains(&format!(">blocks kept</div><div class=\"v\">{kept} ")));
    assert!(summary.contains(&format!(">blocks dropped</div><div class=\"v\">{dropped} ")));
    assert!(summary.contains(&format!("<b>{:.2}</b>", v["threshold"].as_f64().unwrap())));
    assert!(summary.contains("<b>bundled</b>"));
    assert!(summary.contains("paywalled <b>no</b>"));
    // Every block, in order, with its label class, probability and tag.
    assert_eq!(html.matches("<li class=\"block ").count(), blocks.len());
    let mut at = 0;
    for (i, b) in blocks.iter().enumerate() {
        let label = b["label"].as_str().unwrap();
        let open = format!("<li class=\"block {label}");
        let pos = html[at..]
            .find(&format!("id=\"b{i}\""))
            .map(|p| p + at)
            .unwrap_or_else(|| panic!("block {i} missing or out of order"));
        let start = html[..pos].rfind("<li ").unwrap();
        assert!(html[start..].starts_with(&open), "block {i} is not {label}");
        let item = &html[start..start + html[start..].find("</li>").unwrap()];
        let p = b["probability"].as_f64().unwrap();
        assert!(
            item.contains(&format!("{p:.3}")),
            "block {i} lacks p {p:.3}"
        );
        assert!(item.contains(&format!("&lt;{}&gt;", b["tag"].as_str().unwrap())));
        // Chrome blocks show their kind.
        let shown = match b["kind"].as_str() {
            Some(k) => format!(">{label} · {k}</span>"),
            None => format!(">{label}</span>"),
        };
        assert!(item.contains(&shown), "block {i} lacks {shown}");
        at = pos;
    }
    assert!(html.contains("voted on Tuesday"));
}

#[test]
fn html_report_escapes_page_text() {
    let html = html_report(TRICKY);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Tom &amp; Jerry&#39;s &quot;quoted&quot; &lt;title&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<h1>Tom"), "the page's tags never leak in");
    // The page path given as input is escaped too.
    let dir = TempDir::new("report-name");
    let page = dir.write("a&b <c>.html", NEWS);
    let r = run(unchrome().args(["classify", "-f", "html"]).arg(&page), b"");
    assert!(r.stdout.contains("a&amp;b &lt;c&gt;.html"));
    assert!(!r.stdout.contains("<c>"));
}

#[test]
fn html_report_of_several_pages_is_one_document_and_o_writes_html_files() {
    let dir = TempDir::new("report-many");
    dir.write("pages/one.html", NEWS);
    dir.write("pages/two.html.gz", {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(TRICKY.as_bytes()).unwrap();
        enc.finish().unwrap()
    });
    dir.write("pages/empty.html", "<html><body></body></html>");
    let r = run(
        unchrome()
            .args(["classify", "-f", "html"])
            .arg(dir.path().join("pages")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.matches("<!DOCTYPE").count(), 1);
    assert_eq!(r.stdout.matches("<section class=\"page\">").count(), 3);
    assert!(r.stdout.contains("No text blocks"));
    let out = dir.path().join("out");
    let r = run(
        unchrome()
            .args(["classify", "-f", "html", "-o"])
            .arg(&out)
            .arg(dir.path().join("pages")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["one.html", "two.html", "empty.html"] {
        let doc = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(doc.starts_with("<!DOCTYPE html>") && doc.trim_end().ends_with("</html>"));
    }
}

/// Structure of every kind, all of it kept (`--threshold 0`), so the test checks the rendering
/// and not the model.
const STRUCTURED: &str = r#"<html><body><article>
<h1>Building a bridge</h1>
<p>Bridges need *care*: planning_permission and [funding] first.</p>
<h2>Steps</h2>
<ol><li>Survey the river</li><li>Draw the plans</li><li>Pour the piers</li></ol>
<h3>Materials</h3>
<ul><li>Steel</li><li>Concrete<ul><li>Portland cement</li></ul></li><li>Stone</li></ul>
<blockquote><p>A bridge is a promise to the other bank.</p><p>It is kept in stone.</p></blockquote>
<pre><code>let span = 40; // metres</code></pre>
<p>1999. The year the old bridge closed.</p>
<p># not a heading</p>
</article></body></html>"#;

fn markdown(page: &str) -> String {
    let r = run(
        unchrome().args(["classify", "-f", "markdown", "--threshold", "0"]),
        page.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn markdown_keeps_headings_lists_quotes_and_code() {
    let md = markdown(STRUCTURED);
    let expected = "\
# Building a bridge

Bridges need \\*care\\*: planning_permission and \\[funding\\] first.

## Steps

1. Survey the river
2. Draw the plans
3. Pour the piers

### Materials

- Steel
- Concrete
   - Portland cement
- Stone

> A bridge is a promise to the other bank.
>
> It is kept in stone.

```
let span = 40; // metres
```

1999\\. The year the old bridge closed.

\\# not a heading
";
    assert_eq!(md, expected, "got:\n{md}");
}

#[test]
fn markdown_is_the_article_and_o_writes_md_files() {
    let r = run(
        unchrome().args(["classify", "--format", "md"]),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("# Council approves new river bridge\n\n"),
        "the title as the first heading: {}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("Council approves").count(), 1);
    assert!(r.stdout.contains("voted on Tuesday"));
    let stdout_md = r.stdout.clone();
    assert!(!r.stdout.contains("Privacy policy"));
    let dir = TempDir::new("markdown-o");
    let page = dir.write("story.htm", NEWS);
    let out = dir.path().join("out");
    let r = run(
        unchrome()
            .args(["classify", "-f", "markdown", "-o"])
            .arg(&out)
            .arg(&page),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("story.md")).unwrap(),
        stdout_md
    );
}

/// The report renders in a real browser, offline. Needs Debian's `chromium`; run with
/// `cargo test --release -- --ignored` (or `scripts/screenshot-report.sh`, which also takes the
/// README's screenshot).
#[test]
#[ignore = "needs chromium (apt-get install -y chromium)"]
fn html_report_renders_in_headless_chromium() {
    let dir = TempDir::new("report-chromium");
    let report = dir.write("report.html", html_report(NEWS));
    let profile = dir.path().join("profile");
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success());
    let dom = String::from_utf8_lossy(&out.stdout);
    for text in [
        "unchrome report",
        "blocks kept",
        "voted on Tuesday",
        "class=\"block content\"",
        "class=\"block chrome\"",
    ] {
        assert!(dom.contains(text), "the rendered DOM lacks '{text}'");
    }
}
