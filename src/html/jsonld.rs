//! JSON-LD in the page: the `<script type="application/ld+json">` text, and what it declares about
//! access (schema.org `isAccessibleForFree` and the `cssSelector`s of its gated parts).
//!
//! Read here, in the HTML layer, because the segmenter needs it before any block is classified:
//! blocks inside a declared gated part are flagged ([`Block::gated`](crate::Block::gated)), and the
//! page's JSON-LD text is kept for the forum test. The verdict that weighs the markup against the
//! blocks lives in [`crate::paywall`].

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{Html, Node};
use serde::Serialize;

/// Selectors of gated parts taken from one page, at most.
const MAX_SELECTORS: usize = 16;
/// Longer selectors are ignored (real ones are a class or two).
const MAX_SELECTOR_LEN: usize = 256;

/// What a page's JSON-LD says about access (schema.org `isAccessibleForFree`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Markup {
    /// `Some(false)` when any JSON-LD object says the page is not free, `Some(true)` when one
    /// says it is free and none says otherwise, `None` when no JSON-LD says either.
    pub accessible_for_free: Option<bool>,
    /// The `cssSelector`s of the parts marked not free (`hasPart`).
    pub gated_selectors: Vec<String>,
    /// The article's length in words as the page declares it: the words of its JSON-LD
    /// `articleBody`, else its `wordCount` (the longest one declared). A paywalled page often
    /// shows less than it declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_words: Option<u32>,
}

/// The text of a JSON-LD `<script>` (its `type` holds `ld+json`, in any case); `None` for any
/// other node.
pub(crate) fn json_ld_text(node: ego_tree::NodeRef<'_, Node>) -> Option<String> {
    let Node::Element(el) = node.value() else {
        return None;
    };
    let json_ld = el.name() == "script"
        && el.attr("type").is_some_and(|t| {
            crate::util::text::contains_ignore_ascii_case(t.as_bytes(), b"ld+json")
        });
    json_ld.then(|| {
        node.children()
            .filter_map(|c| c.value().as_text().map(|t| &**t))
            .collect()
    })
}

/// Reads the JSON-LD access markup of a parsed page, and the elements its selectors name.
/// Costs nothing on pages that never mention `isAccessibleForFree`, `articleBody` or
/// `wordCount`.
pub(crate) fn markup(html: &str, doc: &Html) -> (Markup, HashSet<NodeId>) {
    let mut found = Markup::default();
    let mut gated = HashSet::new();
    let mentions = |needle: &[u8]| memchr::memmem::find(html.as_bytes(), needle).is_some();
    if !mentions(b"isAccessibleForFree") && !mentions(b"articleBody") && !mentions(b"wordCount") {
        return (found, gated);
    }
    for node in doc.tree.nodes() {
        let Some(text) = json_ld_text(node) else {
            continue;
        };
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            visit(&value, &mut found, 0);
        }
    }
    for s in &found.gated_selectors {
        if let Ok(sel) = scraper::Selector::parse(s) {
            gated.extend(doc.select(&sel).map(|e| e.id()));
        }
    }
    (found, gated)
}

fn truthy(v: &serde_json::Value) -> Option<bool> {
    match v {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn visit(v: &serde_json::Value, found: &mut Markup, depth: usize) {
    if depth > 32 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| visit(x, found, depth + 1)),
        serde_json::Value::Object(o) => {
            let body = o
                .get("articleBody")
                .and_then(|b| b.as_str())
                .map(|b| crate::util::text::words(b).count() as u64);
            let count = o.get("wordCount").and_then(|c| match c {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
            if let Some(n) = body.or(count).filter(|&n| n > 0) {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                found.declared_words = Some(found.declared_words.map_or(n, |d| d.max(n)));
            }
            if let Some(free) = o.get("isAccessibleForFree").and_then(truthy) {
                if !free {
                    found.accessible_for_free = Some(false);
                    let selectors = match o.get("cssSelector") {
                        Some(serde_json::Value::String(s)) => vec![s.clone()],
                        Some(serde_json::Value::Array(a)) => a
                            .iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect(),
                        _ => Vec::new(),
                    };
                    for s in selectors {
                        if s.len() <= MAX_SELECTOR_LEN
                            && found.gated_selectors.len() < MAX_SELECTORS
                            && !found.gated_selectors.contains(&s)
                        {
                            found.gated_selectors.push(s);
                        }
                    }
                } else if found.accessible_for_free.is_none() {
                    found.accessible_for_free = Some(true);
                }
            }
            o.values().for_each(|x| visit(x, found, depth + 1));
        }
        _ => {}
    }
}
