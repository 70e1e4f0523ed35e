//! The page's main element and its article candidate, found from the walk's element totals:
//! Readability's way of scoring paragraphs into their ancestors, without site rules. The walk
//! (`segment.rs`) records the totals; every block then learns whether it lies inside either.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::segment::{Owner, Totals};
use super::Block;
use crate::util::fasthash::FastMap;

/// Whether element `e` (a serial) is `ancestor` or lies below it. `usize::MAX` as `ancestor`
/// (no such element) holds for elements without a recorded parent chain, as the root's parent
/// is `usize::MAX`.
pub(super) fn within(totals: &[Totals], mut e: usize, ancestor: usize) -> bool {
    let mut steps = 0;
    while e < totals.len() && e != ancestor && steps < 10_000 {
        e = totals[e].parent;
        steps += 1;
    }
    e == ancestor
}

/// The main element, found as Readability-like scorers do but without any site rule: from the
/// root, step into the child holding at least half of the element's non-link text while there
/// is one. Returns its serial and its share of the page's non-link text.
pub(super) fn main_element(totals: &[Totals]) -> (usize, f32) {
    let nonlink = |t: &Totals| t.chars.saturating_sub(t.link_chars);
    let mut best_child: Vec<(usize, u32)> = vec![(usize::MAX, 0); totals.len()];
    let mut root = usize::MAX;
    for (serial, t) in totals.iter().enumerate() {
        if t.parent == usize::MAX {
            if root == usize::MAX || nonlink(t) > nonlink(&totals[root]) {
                root = serial;
            }
        } else if t.parent < totals.len() && nonlink(t) > best_child[t.parent].1 {
            best_child[t.parent] = (serial, nonlink(t));
        }
    }
    if root == usize::MAX {
        return (usize::MAX, 0.0);
    }
    let total = nonlink(&totals[root]).max(1);
    let mut e = root;
    loop {
        let (child, n) = best_child[e];
        if child == usize::MAX || 2 * u64::from(n) < u64::from(nonlink(&totals[e])) || n == 0 {
            break;
        }
        e = child;
    }
    (e, nonlink(&totals[e]) as f32 / total as f32)
}

/// The article candidate (see [`Block::in_candidate`]): its serial, `usize::MAX` when no block
/// scores.
/// `forum`: the page says it is a discussion ([`Block::page_forum`]), so a `comment-body` may
/// be the post the page is about.
/// When the page declares an article body ([`Block::page_declared`], the same on every block),
/// each element's score is weighed by the share of its paragraphs' points that the body holds (each
/// paragraph's points times its [`Block::declared_share`]), from [`DECLARED_FLOOR`] for none
/// to 1 for all, so that a reader-comment thread the body misses loses to the article it holds.
pub(super) fn article_candidate(
    totals: &[Totals],
    blocks: &[Block],
    owners: &[Owner],
    forum: bool,
) -> usize {
    let declared = blocks.first().is_some_and(|b| b.page_declared);
    // Per element: its paragraphs' points, and those points times the paragraphs' shares of
    // the declared body.
    let mut score: FastMap<usize, (f64, f64)> = FastMap::default();
    // Class tokens repeat from block to block (siblings share their ancestors): test each once.
    let mut unlikely: FastMap<&str, bool> = FastMap::default();
    for (b, owner) in blocks.iter().zip(owners) {
        let (container, section) = (owner.container, owner.section);
        if matches!(
            b.tag.as_str(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "option" | "li"
        ) {
            continue;
        }
        let chars = owner.chars as usize;
        if chars < 25
            || candidate_tokens(b).any(|t| {
                *unlikely
                    .entry(t)
                    .or_insert_with(|| unlikely_token(t, forum))
            })
        {
            continue;
        }
        let commas = b.text.matches(',').count();
        let points = 1.0 + commas as f64 + (chars / 100).min(3) as f64;
        let share = f64::from(b.declared_share.clamp(0.0, 1.0));
        for (e, p) in [(container, points), (section, points / 2.0)] {
            if e < totals.len() {
                let s = score.entry(e).or_default();
                s.0 += p;
                s.1 += p * share;
            }
        }
    }
    let mut best = (usize::MAX, 0.0);
    for (&e, &(points, held)) in &score {
        let t = &totals[e];
        let link_density = if t.chars > 0 {
            f64::from(t.link_chars) / f64::from(t.chars)
        } else {
            0.0
        };
        let mut s = (points + CLASS_WEIGHT * f64::from(t.class_weight)) * (1.0 - link_density);
        if declared && points > 0.0 {
            let held = (held / points).clamp(0.0, 1.0);
            s *= DECLARED_FLOOR + (1.0 - DECLARED_FLOOR) * held;
        }
        // Ties go to the earlier element, so the result does not depend on the map's order.
        if s > best.1 || (s == best.1 && s > 0.0 && e < best.0) {
            best = (e, s);
        }
    }
    best.0
}

/// The weight of an element's candidate score when the page's declared article body holds none
/// of its paragraphs (1 when it holds all of them).
const DECLARED_FLOOR: f64 = 0.25;

/// Points a class weight of ±1 adds to an element's candidate score (Readability adds ±25 to a
/// larger paragraph score; here paragraphs score 1 to 5 each, and 5 moved the most candidates
/// toward the gold on wcxb-dev and dragnet).
const CLASS_WEIGHT: f64 = 5.0;

/// Readability's class weight of an element's own tokens: +1 when a token names an article part
/// (`article`, `body`, `content`, `entry`, `main`, `post`, `story`, `text`, ...), -1 when one
/// names chrome (`comment`, `footer`, `sidebar`, `widget`, ...), 0 for both or neither.
pub(super) fn class_weight(tokens: &[String]) -> i8 {
    const POSITIVE: &[&str] = &[
        "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
        "story",
    ];
    const NEGATIVE: &[&str] = &[
        "hidden",
        "banner",
        "combx",
        "comment",
        "com-",
        "contact",
        "foot",
        "masthead",
        "media",
        "meta",
        "outbrain",
        "promo",
        "related",
        "scroll",
        "share",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "sponsor",
        "shopping",
        "tags",
        "tool",
        "widget",
    ];
    // One automaton over both lists (pattern ids below POSITIVE.len() are positive), searched
    // with overlaps: every name a token contains counts, as with one `contains` per name, at a
    // small part of the cost (this runs for every container and section of a block).
    static NAMES: OnceLock<AhoCorasick> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(POSITIVE.iter().chain(NEGATIVE))
            .expect("class names build an automaton")
    });
    let (mut pos, mut neg) = (false, false);
    for t in tokens {
        for m in names.find_overlapping_iter(t.as_str()) {
            if m.pattern().as_usize() < POSITIVE.len() {
                pos = true;
            } else {
                neg = true;
            }
            if pos && neg {
                return 0;
            }
        }
    }
    i8::from(pos) - i8::from(neg)
}

/// The class tokens [`unlikely_token`] tests for a block: the block's own tokens and its nearest
/// ancestors' (about the container and the section).
pub(super) fn candidate_tokens(b: &Block) -> impl Iterator<Item = &str> {
    b.classes
        .split_ascii_whitespace()
        .chain(b.ancestor_classes.split_ascii_whitespace().take(6))
}

/// A key that equal tokens share (and most unequal ones do not): the length and the first seven
/// bytes.
pub(super) fn token_key(t: &str) -> u64 {
    let b = t.as_bytes();
    let mut k = [0u8; 8];
    let n = b.len().min(7);
    k[..n].copy_from_slice(&b[..n]);
    u64::from_le_bytes(k) ^ ((b.len() as u64) << 56)
}

/// Readability's "unlikely candidates": a paragraph whose element or nearest ancestors have a
/// class or id of comments, menus, footers, sidebars and the like does not score for the
/// article candidate.
pub(super) fn unlikely_token(t: &str, forum: bool) -> bool {
    const UNLIKELY: &[&str] = &[
        "comment",
        "disqus",
        "reply",
        "respond",
        "foot",
        "header",
        "menu",
        "nav",
        "sidebar",
        "sponsor",
        "pagination",
        "pager",
        "popup",
        "related",
        "share",
        "social",
        "widget",
    ];
    const MAYBE: &[&str] = &["article", "body", "column", "main", "shadow"];
    // As in Readability, a token naming both (`sidebar-main`) does not count; but unlike
    // Readability, `body` does not rescue a comment's (`comment-body` is a comment's body),
    // unless the page says it is a discussion.
    const COMMENT: &[&str] = &["comment", "disqus", "reply", "respond"];
    UNLIKELY.iter().any(|u| t.contains(u))
        && !MAYBE.iter().any(|m| {
            t.contains(m) && (*m != "body" || forum || !COMMENT.iter().any(|c| t.contains(c)))
        })
}

#[cfg(test)]
mod tests {
    /// A page with an article of five paragraphs and, below it, eight longer reader letters with
    /// more commas (Readability's points favour them), and the JSON-LD `articleBody` given.
    fn page(body: &str) -> String {
        let para = |kind: &str, i: usize, commas: bool| {
            let words: Vec<String> = (0..45).map(|j| format!("{kind}{i}w{j}")).collect();
            let text = words.join(" ");
            if commas {
                text.replacen(' ', ", ", 2)
            } else {
                text
            }
        };
        let article: Vec<String> = (0..5).map(|i| para("art", i, false)).collect();
        let letters: Vec<String> = (0..8).map(|i| para("letter", i, true)).collect();
        let ps = |v: &[String]| v.iter().map(|p| format!("<p>{p}</p>")).collect::<String>();
        let body = body.replace("ARTICLE", &article.join(" "));
        format!(
            r#"<html><head><title>t</title><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{body}"}}</script></head>
<body><div class="a">{}</div><div class="b">{}</div></body></html>"#,
            ps(&article),
            ps(&letters)
        )
    }

    /// Whether the article's paragraphs, and whether the letters, lie in the article candidate.
    fn in_candidate(blocks: &[crate::Block]) -> (bool, bool) {
        let all = |kind: &str| {
            let v: Vec<bool> = blocks
                .iter()
                .filter(|b| b.text.starts_with(kind))
                .map(|b| b.in_candidate)
                .collect();
            assert!(
                !v.is_empty() && v.iter().all(|&x| x == v[0]),
                "{kind}: {v:?}"
            );
            v[0]
        };
        (all("art"), all("letter"))
    }

    #[test]
    fn the_declared_body_moves_the_candidate_to_the_text_it_holds() {
        let html = page("ARTICLE");
        let blocks = crate::segment(&html);
        assert!(blocks.iter().all(|b| b.page_declared));
        assert_eq!(in_candidate(&blocks), (true, false));
        // Without the JSON-LD read (segment_document), the letters win, as Readability's points say.
        let plain = crate::segment_document(&crate::parse(&html));
        assert!(plain.iter().all(|b| !b.page_declared));
        assert_eq!(in_candidate(&plain), (false, true));
        // A body the page does not show, or one too short to count, changes nothing.
        let elsewhere = "other words ".repeat(150);
        let blocks = crate::segment(&page(&elsewhere));
        assert!(blocks
            .iter()
            .all(|b| b.page_declared && b.declared_share == 0.0));
        assert_eq!(in_candidate(&blocks), (false, true));
        let blocks = crate::segment(&page("art0w0 art0w1 art0w2 art0w3"));
        assert!(blocks.iter().all(|b| !b.page_declared));
        assert_eq!(in_candidate(&blocks), (false, true));
    }
}
