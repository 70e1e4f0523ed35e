//! Reader-comment zones: blocks under an element whose class or id names a comment thread, and
//! how much of the page's own text comes before them. Comments below an article follow its text;
//! a thread's posts (a forum page) follow little more than a title.

use std::sync::OnceLock;

use crate::util::fasthash::FastMap;

use super::{ln1p, BlockInfo, Name, Sink};

const COMMENT_TOKENS: &str = include_str!("data/comment_tokens.txt");

/// Word characters of text before a comment zone from which it reads as "past an article"
/// (about 300 English words). Characters, not words: a Chinese or Japanese paragraph is a few
/// runs of word characters.
const ARTICLE_CHARS: f64 = 1500.0;
/// Fewest word characters of a block that counts as text.
const TEXT_CHARS: u32 = 20;

/// The word lists of `src/features/data/comment_tokens.txt`.
struct CommentTokens {
    stems: Vec<&'static str>,
    words: Vec<&'static str>,
    not: Vec<&'static str>,
    modifiers: Vec<&'static str>,
}

fn lists() -> &'static CommentTokens {
    static LISTS: OnceLock<CommentTokens> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut l = CommentTokens {
            stems: Vec::new(),
            words: Vec::new(),
            not: Vec::new(),
            modifiers: Vec::new(),
        };
        let mut section: Option<&mut Vec<&'static str>> = None;
        for line in COMMENT_TOKENS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
                section = match name {
                    "stem" => Some(&mut l.stems),
                    "word" => Some(&mut l.words),
                    "not" => Some(&mut l.not),
                    "modifier" => Some(&mut l.modifiers),
                    _ => None,
                };
            } else if let Some(s) = section.as_mut() {
                s.extend(line.split_whitespace());
            }
        }
        l
    })
}

/// A lower-cased class or id token naming a comment zone.
pub(crate) fn comment_token(token: &str) -> bool {
    let l = lists();
    let mut hit = false;
    for part in token.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        if l.modifiers.contains(&part) {
            return false;
        }
        hit |= !l.not.contains(&part)
            && (l.stems.iter().any(|s| part.contains(s)) || l.words.contains(&part));
    }
    hit
}

/// Per block of a page: in a comment zone, and the word characters of text outside any zone
/// before it.
pub(super) struct CommentZones {
    zone: Vec<bool>,
    text_before: Vec<f64>,
}

impl CommentZones {
    /// A block is in a zone when its element is not `pre` and any token of its own or its
    /// ancestors' classes names one; "text" is the word characters of the blocks outside every
    /// zone with at least [`TEXT_CHARS`] of them and link density under 0.3.
    pub(super) fn build(blocks: &[BlockInfo<'_>]) -> CommentZones {
        let mut cache: FastMap<(&str, &str), bool> = FastMap::default();
        let mut zone = Vec::with_capacity(blocks.len());
        let mut text_before = Vec::with_capacity(blocks.len());
        let mut text = 0.0;
        for b in blocks {
            let blk = b.block;
            let z = blk.tag != "pre"
                && *cache
                    .entry((blk.classes.as_str(), blk.ancestor_classes.as_str()))
                    .or_insert_with(|| {
                        blk.classes
                            .split_ascii_whitespace()
                            .chain(blk.ancestor_classes.split_ascii_whitespace())
                            .any(comment_token)
                    });
            zone.push(z);
            text_before.push(text);
            if !z && b.stats.word_chars >= TEXT_CHARS && b.link_density < 0.3 {
                text += f64::from(b.stats.word_chars);
            }
        }
        CommentZones { zone, text_before }
    }

    /// How far block `i` of a comment zone lies past an article: the text before it over
    /// [`ARTICLE_CHARS`], at most 1; zero outside a zone.
    fn past_article(&self, i: usize) -> f64 {
        if self.zone[i] {
            (self.text_before[i] / ARTICLE_CHARS).min(1.0)
        } else {
            0.0
        }
    }
}

/// Length pulls toward content; in a comment zone past an article (a reader's long comment) it
/// should pull less. Only the product with the block's length: a flag of its own lifted short
/// zone lines (a commenter's name and date) with it (`training/experiments/2026-12-07-comments.md`).
pub(super) fn comment_zone_features<W: Sink>(
    w: &mut W,
    b: &BlockInfo<'_>,
    zones: &CommentZones,
    i: usize,
) {
    w.put(
        Name::S("log_words_x_comment_zone_past_article"),
        ln1p(b.stats.words) * zones.past_article(i),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::PageInfo;
    use crate::html::segment::segment;

    /// The column of `log_words_x_comment_zone_past_article` for each block of `html`, with
    /// the blocks' texts.
    fn column(html: &str) -> Vec<(String, f64)> {
        crate::features::column_of(html, "log_words_x_comment_zone_past_article")
    }

    fn article(paragraphs: usize) -> String {
        let p = "The council voted on the new budget late on Tuesday after a long debate. ";
        (0..paragraphs)
            .map(|_| format!("<p>{}</p>", p.repeat(2)))
            .collect()
    }

    /// 27 words.
    const COMMENT: &str = "I read this twice and I still think the budget leaves out the small \
                           towns, which pay the most and get the least back every single year.";

    #[test]
    fn tokens() {
        for t in [
            "comments",
            "comment-list",
            "kommentare",
            "disqus_thread",
            "reply",
            "respond",
        ] {
            assert!(comment_token(t), "{t}");
        }
        for t in [
            "article-type-commentary",
            "has-comments",
            "comments-open",
            "comment-count",
            "hljs-comment",
            "replyto",
            "content",
        ] {
            assert!(!comment_token(t), "{t}");
        }
    }

    #[test]
    fn comments_after_an_article() {
        // 13 paragraphs of 116 word characters: 1,508 before the thread.
        let html = format!(
            "<div class=main><h1>Budget passes</h1>{}</div>\
             <div id=comments><p>{COMMENT}</p><p>{COMMENT}</p></div>",
            article(13)
        );
        let col = column(&html);
        let comments: Vec<f64> = col
            .iter()
            .filter(|(t, _)| t == COMMENT)
            .map(|c| c.1)
            .collect();
        assert_eq!(comments.len(), 2);
        for v in comments {
            assert!((v - ln1p(27u32)).abs() < 1e-9, "{v}");
        }
        // The article's own paragraphs are not in a zone.
        assert!(col
            .iter()
            .filter(|(t, _)| t != COMMENT)
            .all(|(_, v)| *v == 0.0));
    }

    #[test]
    fn a_threads_posts_follow_a_title_only() {
        // A forum page: a title, then the posts, each in a comment element; the posts' words do
        // not count as text before the later posts.
        let posts: String = (0..12)
            .map(|_| format!("<div class=comment><p>{COMMENT}</p></div>"))
            .collect();
        let html = format!("<h1>Budget thread</h1><div class=thread>{posts}</div>");
        let blocks = segment(&html);
        let page = PageInfo::new(&blocks);
        let zones = &page.comment_zones;
        let posts: Vec<usize> = (0..blocks.len())
            .filter(|&i| blocks[i].text == COMMENT)
            .collect();
        assert_eq!(posts.len(), 12);
        for &i in &posts {
            assert!(zones.zone[i]);
            assert_eq!(zones.past_article(i), 0.0);
        }
        // Half an article before a thread: half the weight.
        let html = format!(
            "<h1>Budget</h1>{}<div id=comments><p>{COMMENT}</p></div>",
            article(3)
        );
        let col = column(&html);
        let v = col.iter().find(|(t, _)| t == COMMENT).unwrap().1;
        assert!(
            (v - ln1p(27u32) * 348.0 / ARTICLE_CHARS).abs() < 1e-9,
            "{v}"
        );
    }

    #[test]
    fn a_chinese_article_counts_by_characters() {
        // Short Chinese paragraphs: two runs of word characters each, but 29 word
        // characters; 70 of them make 2,030 before the replies.
        let p = "一波波接續性低溫寒流報到，已將新竹尖石鄉後山一帶層層山巒披上";
        let article: String = (0..70).map(|_| format!("<p>{p}</p>")).collect();
        let html = format!(
            "<h1>美樹營地</h1>{article}<div class=comment-list>\
             <p>茜媽咪晚安：您過獎了，我們不是專業攝影師只是喜歡拍照而已</p>\
             <p>史蒂文的家 於 2014/01/01 20:37 回覆</p></div>"
        );
        let blocks = segment(&html);
        let page = PageInfo::new(&blocks);
        let n = blocks.len();
        assert!(page.comment_zones.zone[n - 1] && page.comment_zones.zone[n - 2]);
        assert_eq!(page.comment_zones.past_article(n - 1), 1.0);
        assert_eq!(page.comment_zones.past_article(n - 2), 1.0);
        assert!(!page.comment_zones.zone[n - 3]);
    }

    #[test]
    fn a_page_wide_token_is_no_zone() {
        // A wrapper around the whole page saying the page has comments, an opinion piece's
        // class, and code highlighted as a comment.
        let html = format!(
            "<div class='page has-comments'><div class='article-type-commentary'>{}\
             <p>{COMMENT}</p></div><pre class=hljs-comment>// {COMMENT}</pre>\
             <pre><span class=comment>// {COMMENT}</span></pre></div>",
            article(13)
        );
        let col = column(&html);
        assert!(col.len() >= 15);
        assert!(col.iter().all(|(_, v)| *v == 0.0), "{col:?}");
    }
}
