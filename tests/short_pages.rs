//! Short pages and bare fragments (issue 17, part 4): a page whose only text is a paragraph of
//! prose should keep it, and a fragment of links or a cookie banner alone should stay empty. The
//! model decides, as on every page (no override of its labels: a block's label always follows
//! its probability). It sees the page's shape (`tiny_page`, `short_fragment` and their products
//! in `src/features/mod.rs`) and learnt short pages and fragments from pages that
//! `training/fragments.py` makes of the training pages (their gold paragraphs; their menus and
//! banners alone). The fixtures are hand-written.

use unchrome::Model;

const ONE_PARAGRAPH: &str = include_str!("fixtures/short/one_paragraph.html");
const FRAGMENT: &str = include_str!("fixtures/short/fragment.html");
const CMS_BODY: &str = include_str!("fixtures/short/cms_body.html");
const RSS_ITEM: &str = include_str!("fixtures/short/rss_item.html");
const PLAIN_TEXT: &str = include_str!("fixtures/short/plain_text.html");
const HEADING_AND_PARAGRAPH: &str = include_str!("fixtures/short/heading_and_paragraph.html");
const NO_PROSE: &str = include_str!("fixtures/short/no_prose.html");
const ONE_PARAGRAPH_ARTICLE: &str = include_str!("fixtures/short/one_paragraph_article.html");
const FRAGMENT_DE: &str = include_str!("fixtures/short/fragment_de.html");
const RSS_ITEM_TWO: &str = include_str!("fixtures/short/rss_item_two_paragraphs.html");
const NAV_ALONE: &str = include_str!("fixtures/short/nav_alone.html");
const COOKIE_BANNER: &str = include_str!("fixtures/short/cookie_banner.html");

fn words(s: &str) -> Vec<String> {
    unchrome::words(s).map(str::to_lowercase).collect()
}

/// The page's article text holds every word of `expected`'s paragraph(s), in order.
fn assert_kept(html: &str, expected: &str, what: &str) {
    let page = Model::bundled().classify_html(html);
    let text = page.article_text();
    assert_eq!(
        words(&text),
        words(expected),
        "{what}: article text {text:?}; blocks {:?}",
        page.blocks()
            .iter()
            .map(|b| (b.probability(), b.label()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_one_paragraph_page_keeps_its_paragraph() {
    // The example: one block, chrome 0.06 with the model of 2026-12-06, empty output.
    assert_kept(
        ONE_PARAGRAPH,
        "The council voted on Tuesday to build a new bridge over the river, ending a decade of \
         debate about traffic in the old town.",
        "one-paragraph page",
    );
}

#[test]
fn a_bare_paragraph_fragment_is_kept() {
    assert_kept(
        FRAGMENT,
        "The harbour authority said on Friday that the ferry to the islands will run twice a day \
         from next month, after a winter of cancelled crossings.",
        "bare <p> fragment",
    );
}

#[test]
fn a_cms_body_of_three_paragraphs_is_kept_whole() {
    assert_kept(
        CMS_BODY,
        "Researchers at the university have found that the city's oldest oak trees store more \
         carbon than previously thought, according to a study published on Monday. The team \
         measured 120 trees over three years and compared them with younger stands planted after \
         the war. “The old trees are doing far more work than we gave them credit for,” said the \
         lead author, who asked the council to protect them.",
        "CMS body",
    );
}

#[test]
fn an_rss_item_with_a_link_is_kept() {
    assert_kept(
        RSS_ITEM,
        "Our spring release adds offline maps, a faster search and a new dark theme for every \
         device. Read the release notes.",
        "RSS item content",
    );
}

#[test]
fn plain_text_without_markup_is_kept() {
    assert_kept(
        PLAIN_TEXT,
        "A plain sentence of text without any markup at all, which someone pasted into the form \
         on our website.",
        "plain text",
    );
}

#[test]
fn a_one_paragraph_article_with_meta_keeps_its_paragraph() {
    assert_kept(
        ONE_PARAGRAPH_ARTICLE,
        "The town's outdoor swimming pool will reopen on Saturday after a two-year repair of its \
         leaking basin, and entry will be free for children under twelve during the first month.",
        "one-paragraph article page",
    );
}

#[test]
fn a_german_paragraph_fragment_is_kept() {
    assert_kept(
        FRAGMENT_DE,
        "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst \
         zu sanieren, nachdem Gutachter Risse in zwei Pfeilern gefunden hatten.",
        "German <p> fragment",
    );
}

#[test]
fn an_rss_item_of_two_paragraphs_is_kept_whole() {
    assert_kept(
        RSS_ITEM_TWO,
        "The museum's new wing opens to visitors on the first weekend of May, with a collection \
         of maps and sea charts that the city bought from a private owner last year. Tickets go \
         on sale on Monday, and the curators will lead free tours every Sunday morning. See the \
         opening programme.",
        "RSS item of two paragraphs",
    );
}

#[test]
fn a_menu_alone_stays_chrome() {
    // A fragment is not content because it is a fragment: a bare list of menu links is chrome.
    let page = Model::bundled().classify_html(NAV_ALONE);
    assert_eq!(page.blocks().len(), 5);
    assert_eq!(page.article_text(), "", "{:?}", page.blocks());
}

#[test]
fn a_cookie_banner_alone_stays_chrome() {
    let page = Model::bundled().classify_html(COOKIE_BANNER);
    assert!(!page.blocks().is_empty());
    assert_eq!(page.article_text(), "", "{:?}", page.blocks());
}

#[test]
fn fragments_are_told_from_documents() {
    // The feature that lets the model see a fragment: the document's head holds no element.
    for (html, fragment) in [
        (FRAGMENT, true),
        (PLAIN_TEXT, true),
        (RSS_ITEM, true),
        (NAV_ALONE, true),
        (ONE_PARAGRAPH, false),
        (ONE_PARAGRAPH_ARTICLE, false),
        (crate::util::NEWS, false),
    ] {
        let blocks = unchrome::segment(html);
        assert!(!blocks.is_empty());
        assert!(
            blocks.iter().all(|b| b.page_fragment == fragment),
            "{fragment}: {html:.80}"
        );
    }
    let names = unchrome::feature_names();
    for n in [
        "tiny_page",
        "short_fragment",
        "fragment_x_prose",
        "fragment_x_page_word_share",
    ] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
}

#[test]
fn a_fragment_with_a_heading_keeps_its_paragraph() {
    let page = Model::bundled().classify_html(HEADING_AND_PARAGRAPH);
    let text = page.article_text();
    assert!(
        text.contains("the central library will open on Sunday afternoons"),
        "{text:?}; {:?}",
        page.blocks()
    );
}

#[test]
fn a_page_without_prose_stays_empty() {
    // Links and a three-word notice are no prose: nothing is kept.
    let page = Model::bundled().classify_html(NO_PROSE);
    assert_eq!(page.article_text(), "", "{:?}", page.blocks());
}

#[test]
fn prose_beside_content_is_left_to_the_model() {
    // Labels follow probabilities: no rule overrides the model.
    let page = Model::bundled().classify_html(crate::util::NEWS);
    let probs_say: Vec<bool> = page
        .blocks()
        .iter()
        .map(|b| b.probability() >= page.threshold())
        .collect();
    let labels: Vec<bool> = page.blocks().iter().map(|b| b.is_content()).collect();
    assert!(labels.iter().any(|&c| c));
    assert_eq!(labels, probs_say);
}
