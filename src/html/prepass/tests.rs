//! The pre-pass against the parser: depth, text kept, blocks unchanged.

use super::*;

fn depth_of(html: &str) -> usize {
    let doc = crate::html::segment::parse(html);
    let mut max = 0;
    let mut d: usize = 0;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                d += 1;
                max = max.max(d);
            }
            ego_tree::iter::Edge::Close(_) => d -= 1,
        }
    }
    max
}

#[test]
fn shallow_pages_are_untouched() {
    let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>";
    let (out, changed) = flatten_deep_nesting(page, 4);
    assert!(!changed, "{out}");
    assert!(matches!(out, Cow::Borrowed(_)));
}

#[test]
fn implied_end_tags_do_not_count_as_depth() {
    let mut page = String::from("<table>");
    for k in 0..500 {
        page.push_str(&format!(
            "<tr><td>cell {k}<td><p>para<p>more<select><option>x<option>y</select>"
        ));
    }
    page.push_str("</table><ul>");
    for k in 0..500 {
        page.push_str(&format!("<li>item {k}<dl><dt>t<dd>d</dl>"));
    }
    page.push_str("</ul>");
    let (_, changed) = flatten_deep_nesting(&page, 16);
    assert!(!changed);
}

#[test]
fn deep_nesting_is_cut_to_the_limit_and_text_kept() {
    for open in [
        "<div>",
        "<span>",
        "<b>",
        "<div class='a>b'>",
        "<table><tr><td>",
        "<svg><g>",
    ] {
        let page = format!("{}deep text{}", open.repeat(5000), "</div>".repeat(10));
        let (out, changed) = flatten_deep_nesting(&page, 64);
        assert!(changed, "{open}");
        assert!(out.contains("deep text"));
        assert!(
            depth_of(&out) <= 64 + MAX_FORMATTING + 8,
            "{open}: {}",
            depth_of(&out)
        );
    }
}

#[test]
fn raw_text_and_comments_are_not_tags() {
    let page = format!(
        "<script>{}</script><!--{}--><style>{}</style><textarea>{}</textarea><p>ok",
        "<div>".repeat(100),
        "<div>".repeat(100),
        "<div>".repeat(100),
        "<div>".repeat(100)
    );
    let (_, changed) = flatten_deep_nesting(&page, 8);
    assert!(!changed);
    // Past the limit a script keeps its tags: its code never becomes text.
    let page = format!("{}<script>var x = 1;</script>text", "<div>".repeat(100));
    let (out, changed) = flatten_deep_nesting(&page, 8);
    assert!(changed && out.contains("<script>var x = 1;</script>"));
}

#[test]
fn dropped_block_tags_leave_a_space() {
    let page = format!("{}one<div>two</div>th<b>r</b>ee", "<div>".repeat(20));
    let (out, _) = flatten_deep_nesting(&page, 4);
    assert!(out.contains("one two three"), "{out}");
}

#[test]
fn formatting_elements_are_capped() {
    // Distinct unclosed <b>s that <p> closes: the parser re-opens them all in every <p>.
    let mut page = String::new();
    for k in 0..2000 {
        page.push_str(&format!("<p><b id={k}>x</p>"));
    }
    let (out, deep) = flatten_deep_nesting(&page, 256);
    assert!(!deep && matches!(out, Cow::Owned(_)));
    assert!(depth_of(&out) <= 16, "{}", depth_of(&out));
    // The same closed all at once.
    let mut page = String::from("<p>");
    for k in 0..200 {
        page.push_str(&format!("<b id={k} {}>", "a ".repeat(300)));
    }
    page.push_str("</p>");
    page.push_str(&"<p>x</p>".repeat(100));
    let (out, deep) = flatten_deep_nesting(&page, 256);
    assert!(!deep && matches!(out, Cow::Owned(_)));
    assert!(depth_of(&out) <= 16, "{}", depth_of(&out));
}

#[test]
fn attributes_past_the_cap_are_dropped() {
    let attrs: String = (0..1000).map(|k| format!(" a{k}='x>y'")).collect();
    let page = format!("<p{attrs}>text</p{attrs}><br{attrs}/>");
    let (out, deep) = flatten_deep_nesting(&page, 256);
    assert!(!deep && matches!(out, Cow::Owned(_)));
    assert_eq!(out.matches("='x>y'").count(), 3 * MAX_ATTRIBUTES);
    assert!(
        out.contains(" a255='x>y' >text</p") && out.ends_with(" a255='x>y' />"),
        "{out}"
    );
}

#[test]
fn table_parts_outside_a_table_are_not_open_elements() {
    // Found by the `flatten` fuzz target: <tr>/<td> outside a table, which the parser
    // ignores, were modelled as open, and a later <tr> "closed" everything above them.
    let page = "<pable><tr><td><ul><li><span><b><i><a href=x><table><tr><td>".repeat(40);
    let (out, deep) = flatten_deep_nesting(&page, 8);
    assert!(deep);
    assert!(depth_of(&out) <= 8 + 16, "{}", depth_of(&out));
}

#[test]
fn blocks_inside_closed_formatting_elements_stay_open() {
    // Found by the `flatten` fuzz target: the parser's adoption agency keeps a <div> inside
    // a <b> or <a> open when the <b> closes (or a new <a> starts); closing them all in the
    // model let the real nesting grow unseen.
    for unit in [
        "<b><div>x</b>",
        "<a href=x><div>x<a href=y>",
        "<i><table></i>",
    ] {
        let page = unit.repeat(200);
        let (out, deep) = flatten_deep_nesting(&page, 8);
        // `<i><table></i><i><table>` does not nest: the `<i>` is moved out of the table and
        // the second `<table>` closes the first (depth 5); the model nested them until the
        // pre-pass knew the table mode outlasts a moved-out element.
        assert_eq!(deep, depth_of(&page) > 8, "{unit}");
        assert!(depth_of(&out) <= 8 + 16, "{unit}: {}", depth_of(&out));
    }
}

#[test]
fn out_of_scope_links_close_nothing() {
    // Found by the `flatten` fuzz target (depth 74 at limit 52): a new <a> while the previous
    // one is out of scope (a <table> or an SVG <title> opened after it) makes the parser's
    // adoption agency stop at once: the old <a> leaves the stack, nothing above it closes, and
    // the new link opens inside what is open (the <x>s, foster-parented before the table). A
    // <nobr> there runs no adoption agency at all. The model closed everything above the table.
    let x = "<x>".repeat(15);
    let y = "<y>".repeat(15);
    for page in [
        format!("<a href=1><table>{x}<a href=2>{y}text"),
        format!("<nobr><table>{x}<nobr>{y}text"),
        format!("<a href=1><svg><title>{x}<a href=2>{y}text"),
        "<a href=1><svg><title><x><x><x><x><x>".repeat(30) + "text",
    ] {
        let (out, deep) = flatten_deep_nesting(&page, 16);
        assert!(deep, "{page}");
        assert!(depth_of(&out) <= 16 + 16, "{page}: {}", depth_of(&out));
    }
}

#[test]
fn implied_table_rows_count_as_depth() {
    // Found by the `flatten` fuzz target: `<table><td>` is table, tbody, tr, td to the parser.
    let page = "<table><td>x".repeat(200);
    let (out, deep) = flatten_deep_nesting(&page, 30);
    assert!(deep);
    assert!(depth_of(&out) <= 30 + 16, "{}", depth_of(&out));
}

#[test]
fn optgroups_outside_a_select_nest() {
    // Found by the `flatten` fuzz target (depth 20 at limit 2): outside a <select> the
    // parser does not let an <optgroup> close the open one.
    let page = "<optgroup><div>x".repeat(100);
    let (out, deep) = flatten_deep_nesting(&page, 8);
    assert!(deep);
    assert!(depth_of(&out) <= 8 + 16, "{}", depth_of(&out));
}

#[test]
fn select_is_a_scope_boundary() {
    // Found by the `flatten` fuzz target (depth 34 at limit 16): a <ul> inside a <select>
    // does not close a <p> outside it.
    let page = "<p><select><option>a<span>".repeat(100);
    let (out, deep) = flatten_deep_nesting(&page, 16);
    assert!(deep);
    assert!(depth_of(&out) <= 16 + 16, "{}", depth_of(&out));
}

#[test]
fn options_close_implied_ends_in_a_select() {
    // Found by the `flatten` fuzz target (depth 32 at limit 15): in a <select> an <option>
    // closes an open <li>, so the next <li> has none to close and nests.
    let page = format!("<select>{}", "<span><li>x<option>y".repeat(100));
    let (out, deep) = flatten_deep_nesting(&page, 15);
    assert!(deep);
    assert!(depth_of(&out) <= 15 + 16, "{}", depth_of(&out));
}

#[test]
fn table_parts_count_in_a_template() {
    // Found by the `flatten` fuzz target (depth 34 at limit 16): in a <template> a <th>
    // is an element even without a <table>.
    let page = "<template><th>y<span>".repeat(100);
    let (out, deep) = flatten_deep_nesting(&page, 16);
    assert!(deep);
    assert!(depth_of(&out) <= 16 + 16, "{}", depth_of(&out));
}

#[test]
fn template_contents_count_as_depth() {
    // Found by the `flatten` fuzz target (depth 51 at limit 32): a <template> is two levels
    // of the parsed tree, the element and its contents (a document fragment). Counted as
    // one, 1 000 nested templates parsed 68 deep at limit 32.
    for unit in [
        "<template>",
        "<div><template>",
        "<template><p><b id=k>",
        "<template><table><td>",
        "<b><template><i>",
        "<svg><template>",
    ] {
        let page = unit.repeat(1000) + "x";
        let (out, deep) = flatten_deep_nesting(&page, 32);
        assert!(deep, "{unit}");
        assert!(depth_of(&out) <= 32 + 8, "{unit}: {}", depth_of(&out));
    }
    // A short page of templates is no shortcut.
    let page = "<template>".repeat(20);
    let (out, deep) = flatten_deep_nesting(&page, 32);
    assert!(deep && depth_of(&out) <= 32 + 8, "{}", depth_of(&out));
}

#[test]
fn script_escapes_are_followed() {
    // Found by the `flatten` fuzz target (depth 20 at limit 2): after `<!--` in a script,
    // a `<script>` makes the next `</script>` part of the text.
    let unit = "<script><!--<script></script><div><div></script>--></script><span>x";
    let page = unit.repeat(50);
    let (out, deep) = flatten_deep_nesting(&page, 2);
    assert!(deep);
    assert!(depth_of(&out) <= 2 + 16, "{}", depth_of(&out));
    let script_end = |b: &[u8], from| close_end(b, script_close(b, from), b"script");
    assert_eq!(script_end(b"a</script>b", 0), 10);
    assert_eq!(script_end(b"<!--<script></script>--></script>b", 0), 33);
    assert_eq!(script_end(b"<!-->x</script>b", 0), 15);
    assert_eq!(script_end(b"no end", 0), 6);
}

#[test]
fn a_stray_lt_before_a_dropped_tag_stays_text() {
    // Found by the `flatten` fuzz target (depth 51 at limit 4): `<<i>X`, the <i> dropped
    // with nothing in its place, left `<X`, a new tag; here it swallows the `<title>` that
    // the pre-pass took for raw text to the end of the page, so nothing after it was cut.
    let page = format!(
        "{}<<i>X<g><title>{}",
        "<div>".repeat(10),
        "<div>".repeat(100)
    );
    let (out, deep) = flatten_deep_nesting(&page, 4);
    assert!(deep);
    assert!(out.contains("< X"), "{out}");
    assert!(depth_of(&out) <= 4 + 16, "{}", depth_of(&out));
}

#[test]
fn comments_indentation_and_plain_styles_are_dropped() {
    let page = concat!(
        "<body>\n    <p style=\"color: red\">A <!-- note --> page long enough to be scanned: ",
        "short pages with few tags come back as they are. Short pages with few tags come back as ",
        "they are. Short pages with few tags come back as they are. Short pages with few tags ",
        "come back as they are. Short pages with few tags come back as they are. And more.",
        " Short pages with few tags come back as they are, and this one must not.</p>\n  \n  ",
        "<p style='display : NONE'",
        " style=x>h</p><pre>\n\n  code\n    more</pre><p>x<<!-- kept -->b &am<!---->p;</p>\n"
    );
    let (out, _) = prepare_html(page, 256);
    assert_eq!(
        out,
        concat!(
            "<body>\n<p >A  page long enough to be scanned: ",
            "short pages with few tags come back as they are. Short pages with few tags come back as ",
            "they are. Short pages with few tags come back as they are. Short pages with few tags ",
            "come back as they are. Short pages with few tags come back as they are. And more.",
            " Short pages with few tags come back as they are, and this one must not.</p>\n",
            "<p style='display : NONE'",
            // Inside <pre> the indentation is text (`Block::pre_text`).
            " >h</p><pre>\n\n  code\n    more</pre><p>x<<!-- kept -->b &am<!---->p;</p>\n"
        )
    );
}

#[test]
fn code_is_dropped_but_json_ld_kept() {
    let page = concat!(
        "<head><title>A page long enough to be scanned at all: short pages with few tags come ",
        "back as they are, as there is little to gain.</title><style>p { color: red }</style>",
        "<script type=\"application/LD+JSON\">{\"@type\": \"NewsArticle\"}</script>",
        "<script>var s = '</div><p>not text';</script><SCRIPT src=x></SCRIPT></head>",
        "<body class=page><p>Kept <b>text</b>.</p><script><!--<script></script>--></script>",
        "<div data-x=\"1\" class=\"c\" onclick='a>b' data-y ID=i Style=\"display: none\">",
        "<img src=x.png alt=\"y\"/><b data-k=1>b</b><a href=\"/x\" hidden>a</a></div><p>After.",
        "<svg><style>svg text</style></svg><textarea><b>typed</b></textarea>",
        "<svg viewBox=\"0 0 1 1\"><svg><path d=\"M0\"/></svg><text>icon</text></svg><p>x",
        "<svg><path/><p>broken out</p></svg><math><mi>x</mi></math><style>x"
    );
    let (out, deep) = prepare_html(page, 256);
    assert!(!deep);
    assert_eq!(
        out,
        concat!(
            "<head><title>A page long enough to be scanned at all: short pages with few tags come ",
            "back as they are, as there is little to gain.</title><style></style>",
            "<script type=\"application/LD+JSON\">{\"@type\": \"NewsArticle\"}</script>",
            "<script></script><SCRIPT src=x></SCRIPT></head>",
            "<body class=page><p>Kept <b>text</b>.</p><script></script>",
            "<div  class=\"c\"  ID=i Style=\"display: none\">",
            "<img src=x.png alt=\"y\"/><b data-k=1>b</b><a href=\"/x\" hidden>a</a></div><p>After.",
            "<svg></svg><textarea><b>typed</b></textarea>",
            "<svg ></svg><p>x",
            "<svg><path/><p>broken out</p></svg><math></math><style>"
        )
    );
    // With access markup, whose selectors may test any attribute, attributes stay.
    let marked = format!(
        "{}{}",
        r#"<script type="application/ld+json">{"isAccessibleForFree": false,
        "hasPart": {"cssSelector": "[data-gate]"}}</script><div data-gate=1>x</div>"#,
        "<p>Long enough.</p>".repeat(30)
    );
    assert!(prepare_html(&marked, 256).0.contains("<div data-gate=1>"));
    // The public flattening alone leaves code alone.
    assert_eq!(
        flatten_deep_nesting(page, 256),
        (Cow::Borrowed(page), false)
    );
    // Same blocks, with and without the code.
    let blocks = |html: &str| {
        crate::html::segment::segment_document(&crate::html::segment::parse(html))
            .into_iter()
            .map(|b| (b.text, b.path))
            .collect::<Vec<_>>()
    };
    assert_eq!(blocks(page), blocks(&out));
}
