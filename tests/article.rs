//! The article as HTML (`Page::article_html`, `-f article-html`) and the links and code blocks
//! of `-f markdown` (issue 20), on a self-written page (tests/fixtures/article.html).

use crate::cli::{run, unchrome};

const ARTICLE: &str = include_str!("fixtures/article.html");
const BASE: &str = "https://port.example/news/2026/ferry.html";

/// Every block of the fixture rendered, whatever the model says of it: the rendering alone.
fn all_blocks(base: Option<&str>) -> String {
    unchrome::Model::bundled()
        .classify_html(ARTICLE)
        .html_where(|_| true, base)
}

#[test]
fn the_segmenter_records_links_images_and_pre_text() {
    let blocks = unchrome::segment(ARTICLE);
    let p = blocks
        .iter()
        .find(|b| b.text.starts_with("Members"))
        .unwrap();
    let linked: Vec<(&str, &str)> = p
        .anchors
        .iter()
        .map(|a| (&p.text[a.start..a.end], a.href.as_str()))
        .collect();
    assert_eq!(
        linked,
        [
            ("committee's report", "../reports/ferry.pdf"),
            (
                "survey of residents",
                "https://example.net/survey?id=4&lang=en"
            ),
            ("script link", "javascript:alert(1)"),
            ("hidden one", "JaVa\tScRiPt:alert(2)"),
        ]
    );
    let caption = blocks.iter().find(|b| b.tag == "figcaption").unwrap();
    assert_eq!(
        caption.images.len(),
        1,
        "the figure's image goes with its caption"
    );
    assert_eq!(caption.images[0].src, "/img/ferry.jpg");
    assert_eq!(caption.images[0].alt, "The ferry \"Marlow\" at the pontoon");
    let pre = blocks.iter().find(|b| b.tag == "pre").unwrap();
    assert!(
        pre.pre_text.contains("\n    if stops < 2 {\n        150\n"),
        "{:?}",
        pre.pre_text
    );
    assert!(!pre.text.contains('\n'), "the text stays folded");
    assert!(blocks
        .iter()
        .filter(|b| b.tag != "pre")
        .all(|b| b.pre_text.is_empty()));
}

#[test]
fn article_html_keeps_structure_links_and_images() {
    let html = all_blocks(Some(BASE));
    for want in [
        "<h1>Harbour ferry trial approved</h1>",
        "<h2>What the trial costs</h2>",
        "the <a href=\"https://port.example/news/reports/ferry.pdf\">committee&#39;s report</a> says",
        "<a href=\"https://example.net/survey?id=4&amp;lang=en\">survey of residents</a>",
        "<figure><img src=\"https://port.example/img/ferry.jpg\" alt=\"The ferry &quot;Marlow&quot; at the pontoon\"><figcaption>",
        "<a href=\"https://port.example/news/2026/ferry.html#map\">the map</a>",
        "with an inline image <img src=\"https://port.example/news/2026/icons/boat.png\" alt=\"boat\">in the middle",
        "<ul>\n<li>Twelve seats, four minutes across</li>\n<li>Runs every half hour<ul>\n<li>Weekdays from seven</li>\n<li>Weekends from nine</li>\n</ul>\n</li>\n</ul>\n",
        "<ol>\n<li>First the trial</li>\n<li>Then a vote</li>\n</ol>\n",
        "<blockquote>\n<p>It will change how we live, said one shop owner.</p>\n<p>And how we shop.</p>\n</blockquote>\n",
        "<pre><code>fn fare(stops: u32) -&gt; u32 {\n    if stops &lt; 2 {\n        150\n",
        "<a href=\"mailto:desk@example.org\">news desk</a>",
    ] {
        assert!(html.contains(want), "{want}\nnot in\n{html}");
    }
    assert!(html.starts_with("<article>\n") && html.ends_with("</article>\n"));
}

#[test]
fn article_html_lets_no_script_through() {
    for html in [all_blocks(Some(BASE)), all_blocks(None)] {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("javascript"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(!lower.contains("style"), "{html}");
        // The links that were refused are plain text.
        assert!(html.contains("A script link and a hidden one stay text."));
        assert!(html.contains("or the empty link."));
        assert!(html.contains("&lt;script&gt;alert(4)&lt;/script&gt;"));
        // Only href, src and alt attributes (values are escaped: no raw `"` or `>` in them).
        for tag in html.split('<').skip(1) {
            let inside = tag.split('>').next().unwrap();
            let mut names = String::new();
            let mut quoted = false;
            for c in inside.chars() {
                if c == '"' {
                    quoted = !quoted;
                } else if !quoted {
                    names.push(c);
                }
            }
            for attr in names.split_whitespace().skip(1) {
                let name = attr.trim_end_matches('=');
                assert!(
                    ["href", "src", "alt"].contains(&name),
                    "{name} in <{inside}>"
                );
            }
        }
    }
    // Without a base, relative links stay as the page wrote them.
    let html = all_blocks(None);
    assert!(html.contains("<a href=\"../reports/ferry.pdf\">"));
    assert!(html.contains("<img src=\"/img/ferry.jpg\""));
}

#[test]
fn article_html_escapes_as_the_reports_do() {
    // One escape for the library and the CLI's reports (`unchrome::escape_html`): a control
    // character HTML forbids is written as U+FFFD (`article_html` wrote it raw).
    let page = unchrome::Model::bundled().classify_html("<p>A bell\u{7} rings & 'stops'</p>");
    let html = page.html_where(|_| true, None);
    assert!(
        html.contains("A bell\u{FFFD} rings &amp; &#39;stops&#39;"),
        "{html:?}"
    );
    assert_eq!(unchrome::escape_html("a\u{7}<\n"), "a\u{FFFD}&lt;\n");
}

#[test]
fn article_html_takes_only_the_content_blocks() {
    let page = unchrome::Model::bundled().classify_html(ARTICLE);
    let html = page.article_html();
    assert_eq!(html, page.html_where(|b| b.is_content(), None));
    assert!(html.contains("Harbour ferry trial approved"));
    assert!(!html.contains(">Home</a>"), "the navigation is chrome");
    assert_eq!(
        page.article_html_with_base_url(BASE),
        page.html_where(|b| b.is_content(), Some(BASE))
    );
    let empty = unchrome::Model::bundled().classify_html("<nav><a href=/>Home</a></nav>");
    assert_eq!(empty.article_html(), "");
}

#[test]
fn cli_article_html_is_a_document_with_a_base_url() {
    let r = run(
        unchrome()
            .args(["classify", "-f", "article-html", "--base-url", BASE])
            .arg("tests/fixtures/article.html"),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<!DOCTYPE html>\n"));
    assert!(r.stdout.contains("Content-Security-Policy"));
    assert!(r
        .stdout
        .contains("<a href=\"https://port.example/news/reports/ferry.pdf\">"));
    assert!(r.stdout.trim_end().ends_with("</html>"));
    // Several pages: one document, a section per page.
    let r = run(
        unchrome()
            .args(["classify", "-f", "article-html"])
            .args(["tests/fixtures/article.html", "tests/fixtures/news.html"]),
        b"",
    );
    assert_eq!(r.stdout.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(r.stdout.matches("<section>").count(), 2);
    assert!(r
        .stdout
        .contains("<p><code>tests/fixtures/news.html</code></p>"));
    // A base that is no web address is refused.
    let r = run(
        unchrome()
            .args([
                "classify",
                "-f",
                "article-html",
                "--base-url",
                "javascript:x",
            ])
            .arg("tests/fixtures/article.html"),
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not an absolute http or https address"),
        "{}",
        r.stderr
    );
    // -o names the files .article.html.
    let dir = crate::util::TempDir::new("article-html-o");
    let r = run(
        unchrome()
            .args(["classify", "-f", "article-html", "-o"])
            .arg(dir.path())
            .arg("tests/fixtures/news.html"),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("news.article.html").exists());
}

#[test]
fn markdown_keeps_links_and_code_line_breaks() {
    let r = run(
        unchrome()
            .args(["classify", "-f", "markdown", "--base-url", BASE])
            .arg("tests/fixtures/article.html"),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = r.stdout;
    for want in [
        "the [committee's report](https://port.example/news/reports/ferry.pdf) says",
        "[survey of residents](https://example.net/survey?id=4&lang=en)",
        "A script link and a hidden one stay text.",
        "```\nfn fare(stops: u32) -> u32 {\n    if stops < 2 {\n        150\n",
        "[news desk](mailto:desk@example.org)",
    ] {
        assert!(md.contains(want), "{want}\nnot in\n{md}");
    }
    assert!(!md.to_ascii_lowercase().contains("javascript"));
    // Without a base, relative links stay relative.
    let r = run(
        unchrome()
            .args(["classify", "-f", "markdown"])
            .arg("tests/fixtures/article.html"),
        b"",
    );
    assert!(r
        .stdout
        .contains("[committee's report](../reports/ferry.pdf)"));
}
