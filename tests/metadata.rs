//! `Page::title` and `Page::metadata`: each way a page gives its title, authors and date, on
//! self-written fixtures (`tests/fixtures/metadata/`), and the CLI's title line and `metadata`
//! object.

use unchrome::{Metadata, Model};

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS};

const GRAPH: &str = include_str!("fixtures/metadata/jsonld-graph.html");
const ARRAY: &str = include_str!("fixtures/metadata/jsonld-array.html");
const STRING: &str = include_str!("fixtures/metadata/jsonld-string.html");
const OG_ONLY: &str = include_str!("fixtures/metadata/og-only.html");
const TITLE_ONLY: &str = include_str!("fixtures/metadata/title-only.html");
const H1_CHOICE: &str = include_str!("fixtures/metadata/h1-choice.html");
const BYLINE: &str = include_str!("fixtures/metadata/byline.html");
const NONE: &str = include_str!("fixtures/metadata/none.html");
const BROKEN: &str = include_str!("fixtures/metadata/broken-jsonld.html");

fn meta(html: &str) -> Metadata {
    Model::bundled().classify_html(html).metadata().clone()
}

/// The fields as plain values, to compare in one assertion.
type Fields<'a> = (
    Option<&'a str>,
    Vec<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn fields(m: &Metadata) -> Fields<'_> {
    (
        m.title.as_deref(),
        m.authors.iter().map(String::as_str).collect(),
        m.published.as_deref(),
        m.published_date.as_deref(),
        m.site_name.as_deref(),
        m.language.as_deref(),
        m.canonical_url.as_deref(),
    )
}

#[test]
fn json_ld_graph_with_references() {
    let m = meta(GRAPH);
    assert_eq!(
        fields(&m),
        (
            Some("Harbour wall repairs finish early"),
            vec!["Tom Okafor"], // an @id reference to a Person elsewhere in the graph
            Some("2025-11-04T08:15:00+00:00"),
            Some("2025-11-04"),
            Some("The Coastline Gazette"), // the WebSite's name, not the company's
            Some("en-GB"),
            Some("https://www.coastline-gazette.example/news/harbour-wall-repairs"),
        )
    );
}

#[test]
fn json_ld_array_with_several_authors() {
    let m = meta(ARRAY);
    assert_eq!(
        fields(&m),
        (
            Some("Neue Buslinie für das Tal"),
            vec!["Anna Berger", "Lukas Stein"],
            Some("2024-05-03T15:47:42.389Z"),
            Some("2024-05-03"),
            Some("Talbote"),
            Some("de"), // <html lang> before the JSON-LD's inLanguage
            None,
        )
    );
}

#[test]
fn json_ld_string_author_and_written_date() {
    let m = meta(STRING);
    assert_eq!(
        fields(&m),
        (
            Some("Why I stopped digging & started mulching"),
            vec!["Priya Natarajan"],
            Some("May 3, 2024"),
            Some("2024-05-03"),
            Some("Notes from the allotment"),
            None,
            None,
        )
    );
}

#[test]
fn opengraph_only() {
    let m = meta(OG_ONLY);
    assert_eq!(
        fields(&m),
        (
            // og:title before twitter:title, the site name after " | " stripped
            Some("Le marché couvert rouvre ses portes"),
            // <meta name=author>; the article:author profile URL is no name
            vec!["Claire Dubois"],
            Some("2026-02-10T06:30:00+01:00"),
            Some("2026-02-10"),
            Some("Le Petit Quotidien"),
            Some("fr"),
            Some("https://petit-quotidien.example/ville/marche-couvert"),
        )
    );
}

#[test]
fn title_tag_prefix_named_by_the_canonical_host_is_stripped() {
    let m = meta(TITLE_ONLY);
    assert_eq!(
        m.title.as_deref(),
        Some("Library extends its opening hours")
    );
    assert_eq!(
        m.site_name, None,
        "the host is not taken for the site's name"
    );
    let news = Model::bundled().classify_html(NEWS);
    // "<h1> | Site": the h1 stands for the title.
    assert_eq!(news.title(), Some("Council approves new river bridge"));
}

#[test]
fn the_h1_nearest_the_content_is_the_title() {
    let page = Model::bundled().classify_html(H1_CHOICE);
    assert!(
        page.article_text().contains("sixty volunteers"),
        "{}",
        page.article_text()
    );
    assert_eq!(
        page.title(),
        Some("Volunteers plant four hundred trees along the river path"),
        "not the logo's h1 above nor the promo's below"
    );
}

#[test]
fn a_suffix_no_site_name_reveals_is_cut_when_the_h1_shows_the_headline_alone() {
    // og:title adds a section after " - " that names no site the page gives; the h1 above the
    // article says the headline alone, so the section is no part of the title.
    let html = "<html><head><meta property=\"og:title\" content=\"Volunteers plant trees \
        along the river path - Weekend\"></head><body><div class=story>\
        <h1>Volunteers plant trees along the river path</h1>\
        <p>More than sixty volunteers spent Sunday planting native trees along the river path, \
        in the first part of a plan to shade the walk and steady its banks against floods.</p>\
        <p>Oak, alder and willow saplings were chosen for their roots, the organisers said, and \
        the council will water them through their first summer.</p></div></body></html>";
    assert_eq!(
        Model::bundled().classify_html(html).title(),
        Some("Volunteers plant trees along the river path")
    );
    // Without the h1 the og:title stands whole: nothing says what its part after " - " is.
    let no_h1 = html.replace("<h1>Volunteers plant trees along the river path</h1>", "");
    assert_eq!(
        Model::bundled().classify_html(&no_h1).title(),
        Some("Volunteers plant trees along the river path - Weekend")
    );
}

#[test]
fn a_logo_h1_after_the_separator_is_not_taken_for_the_title() {
    // The page's only h1 is the blog's name (the post's headline is an h2); <title> ends with
    // that name, which no site-name source gives: the h1 is no part to cut the title to.
    let html = "<html><head><title>Storm closes the coast road \u{ab} Valley Notes</title></head>\
        <body><div id=header><h1><a href=\"/\">Valley Notes</a></h1></div>\
        <ul><li><a href=/about>About</a></li><li><a href=/archive>Archive</a></li></ul>\
        <div class=post><h2>Storm closes the coast road</h2>\
        <p>The coast road was closed on Monday after the storm washed part of the sea wall onto \
        it, and the council expects it to stay shut until the end of the week.</p>\
        <p>Buses run by the inland route, which adds twenty minutes to the journey into town, the \
        operator said.</p></div></body></html>";
    assert_eq!(
        Model::bundled().classify_html(html).title(),
        Some("Storm closes the coast road \u{ab} Valley Notes")
    );
}

#[test]
fn byline_and_time_in_the_body() {
    let m = meta(BYLINE);
    assert_eq!(
        fields(&m),
        (
            Some("Bakery wins regional bread prize"),
            // the rel=author link, not the login link (one word) nor the comment's author
            vec!["Ann Lee"],
            Some("2025-06-04T09:00:00+01:00"),
            Some("2025-06-04"),
            Some("Northfield Voice"), // JSON-LD in a CDATA wrapper
            Some("en"),
            None,
        )
    );
}

#[test]
fn a_page_without_metadata_has_none() {
    let page = Model::bundled().classify_html(NONE);
    assert!(page.article_text().contains("ferry timetable"));
    assert_eq!(page.metadata(), &Metadata::default());
    assert_eq!(page.title(), None);
    let empty = Model::bundled().classify_html("");
    assert_eq!(empty.metadata(), &Metadata::default());
}

#[test]
fn broken_json_ld_is_skipped_and_line_breaks_in_strings_are_read() {
    let m = meta(BROKEN);
    assert_eq!(
        fields(&m),
        (
            Some("Storm closes the coast road for a second day"),
            vec!["Sam Reyes"],
            Some("2024-01-07"),
            Some("2024-01-07"),
            None,
            Some("en"),
            None,
        )
    );
}

#[test]
fn cut_pages_never_panic() {
    let model = Model::bundled();
    for page in [GRAPH, ARRAY, STRING, OG_ONLY, BROKEN, BYLINE] {
        let mut cut = 0;
        while cut < page.len() {
            if page.is_char_boundary(cut) {
                let _ = model.classify_html(&page[..cut]).metadata();
            }
            cut += 5;
        }
    }
}

#[test]
fn the_title_follows_the_labels() {
    // The h1 nearest the content: with everything content, the first h1 is nearest.
    let mut page = Model::bundled().classify_html(H1_CHOICE);
    page.set_threshold(0.0);
    assert_eq!(page.title(), Some("Valley Weekly"));
}

#[test]
fn text_output_starts_with_the_title_unless_no_title() {
    let page = Model::bundled().classify_html(OG_ONLY);
    let body = page.article_text();
    assert!(body.contains("dix-huit mois"), "{body}");
    let r = run(unchrome().arg("classify"), OG_ONLY.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first_h1 = "Le marché couvert rouvre ses portes";
    // The title line, a blank line, then the article without the h1 that repeats the title.
    let rest = body
        .strip_prefix(&format!("{first_h1}\n\n"))
        .unwrap_or(&body);
    assert_eq!(r.stdout, format!("{first_h1}\n\n{rest}\n"));
    // --no-title: the article text as before, and as the library gives it.
    let r = run(
        unchrome().args(["classify", "--no-title"]),
        OG_ONLY.as_bytes(),
    );
    assert_eq!(r.stdout, format!("{body}\n"));
    // No title: the article alone; no text at all: nothing.
    let r = run(unchrome().arg("classify"), NONE.as_bytes());
    assert!(r.stdout.starts_with("The ferry timetable"), "{}", r.stdout);
    let r = run(
        unchrome().arg("classify"),
        b"<html><head><title>Only a title</title></head></html>",
    );
    assert_eq!(r.stdout, "Only a title\n");
}

#[test]
fn a_content_h1_is_not_printed_twice() {
    // At threshold 0 every block is content, the article's h1 too: the title line stands for it.
    for format in ["text", "markdown"] {
        let r = run(
            unchrome().args(["classify", "--threshold", "0", "-f", format]),
            NEWS.as_bytes(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let heading = if format == "text" { "" } else { "# " };
        assert!(
            r.stdout
                .starts_with(&format!("{heading}Council approves new river bridge\n\n")),
            "{}",
            r.stdout
        );
        assert_eq!(
            r.stdout
                .matches("Council approves new river bridge")
                .count(),
            1,
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("Privacy policy"), "every block is kept");
    }
}

#[test]
fn markdown_starts_with_the_title_unless_no_title() {
    let r = run(
        unchrome().args(["classify", "-f", "markdown"]),
        OG_ONLY.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("# Le marché couvert rouvre ses portes\n\n"),
        "{}",
        r.stdout
    );
    let r = run(
        unchrome().args(["classify", "-f", "markdown", "--no-title"]),
        OG_ONLY.as_bytes(),
    );
    // No title line; the page's `h1` is there only when the model takes it for content (on this
    // three-block page it sits near the threshold).
    let h1_kept = unchrome::Model::bundled().classify_html(OG_ONLY).blocks()[0].is_content();
    assert_eq!(
        r.stdout.matches("# Le marché").count(),
        usize::from(h1_kept),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("dix-huit mois"));
    // A page without a title: no heading line, no blank line first.
    let r = run(
        unchrome().args(["classify", "-f", "markdown"]),
        NONE.as_bytes(),
    );
    assert!(r.stdout.starts_with("The ferry timetable"), "{}", r.stdout);
}

#[test]
fn json_and_jsonl_carry_the_metadata_object() {
    let r = run(
        unchrome().args(["classify", "-f", "json"]),
        GRAPH.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let m = &v["metadata"];
    assert_eq!(m["title"], "Harbour wall repairs finish early");
    assert_eq!(m["authors"], serde_json::json!(["Tom Okafor"]));
    assert_eq!(m["published_date"], "2025-11-04");
    assert_eq!(m["site_name"], "The Coastline Gazette");
    assert_eq!(m["language"], "en-GB");
    assert!(m["canonical_url"]
        .as_str()
        .unwrap()
        .ends_with("/harbour-wall-repairs"));
    // article_text stays the library's, with no title line added.
    assert_eq!(
        v["article_text"].as_str().unwrap(),
        Model::bundled().classify_html(GRAPH).article_text()
    );
    let dir = TempDir::new("meta-jsonl");
    dir.write("a.html", GRAPH);
    dir.write("b.html", NONE);
    let r = run(
        unchrome().args(["classify", "-f", "jsonl"]).arg(dir.path()),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d["metadata"].is_object()));
    assert!(docs.iter().any(|d| d["metadata"]["title"].is_null()));
    assert!(docs
        .iter()
        .any(|d| d["metadata"]["authors"] == serde_json::json!([])));
}
