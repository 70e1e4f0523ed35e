//! Blocks to numbers: the whole page in, one row per block out, every column named.
//!
//! Three layers, after boilerpipe, dragnet and jusText:
//! 1. the block itself: text statistics, tag, ancestor landmarks, class/id cues and hashed
//!    tokens, cue phrases, its container's text and link density;
//! 2. its neighbours: a subset of the same for the previous and next block, and window means
//!    (boilerplate comes in clusters);
//! 3. the page: relative position, share of the page's words, distance to the densest text region.
//!
//! Counts are log-transformed here; standardisation happens in the model ([`Model`](crate::Model)
//! stores the scaler).

mod comments;
pub mod context;
pub mod cues;
mod lead;

use std::sync::OnceLock;

use ndarray::{Array2, ArrayViewMut2};

use crate::features::cues::{normalize, ClassCues, TextCues};
use crate::html::Block;
use crate::util::fasthash::FastMap;
use crate::util::text::TextStats;

/// Tags with their own indicator column (the block element's tag); others count as `tag_other`.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "li",
    "td",
    "blockquote",
    "pre",
    "figcaption",
    "dd",
    "div",
    "option",
];
/// Ancestor landmarks: element names anywhere on the block's path above it.
const LANDMARKS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "a",
    "main",
    "article",
    "ul",
    "table",
    "figure",
    "label",
    "blockquote",
    "section",
    "dialog",
    "noscript",
];

/// The bit of landmark `name` in a block's landmark set (0 for a name not in [`LANDMARKS`]).
fn landmark_bit(name: &str) -> u32 {
    LANDMARKS
        .iter()
        .position(|l| *l == name)
        .map_or(0, |k| 1 << k)
}
/// Buckets of the hashed class/id tokens, for the block's own element and for its ancestors.
const HASH_BUCKETS: usize = 32;
/// Only this many nearest ancestor tokens are hashed: far ancestors are shared by all blocks.
const HASHED_ANCESTOR_TOKENS: usize = 12;
/// Most text cue groups (`src/features/data/text_cues.txt` has 12; a test checks the bound).
const MAX_CUE_GROUPS: usize = 16;
/// Half-width of the neighbour window.
const WINDOW: usize = 2;

/// The names of the feature columns, in order. A model records these and refuses to load when
/// they differ.
pub fn feature_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = Names(Vec::new());
        let block = Block::from_text("x");
        // Names only: no cue scan, so a model load does not build the cue automata.
        let page = PageInfo::build(std::slice::from_ref(&block), false);
        write_row(&mut names, &page, 0);
        names.0
    })
}

/// The feature matrix of one page: one row per block, columns as in [`feature_names`].
pub fn page_features(blocks: &[Block]) -> Array2<f64> {
    let mut out = Array2::zeros((blocks.len(), feature_names().len()));
    write_page_features(blocks, out.view_mut());
    out
}

/// [`page_features`] into a matrix of `blocks.len()` rows and one column per feature name
/// (every cell is written).
pub(crate) fn write_page_features(blocks: &[Block], mut out: ArrayViewMut2<'_, f64>) {
    let ncols = feature_names().len();
    assert_eq!(out.dim(), (blocks.len(), ncols), "feature matrix shape");
    if blocks.is_empty() {
        return;
    }
    let page = PageInfo::new(blocks);
    for (i, mut row) in out.rows_mut().into_iter().enumerate() {
        let slice = row
            .as_slice_mut()
            .expect("rows of a standard-layout array are contiguous");
        let mut values = Values { row: slice, at: 0 };
        write_row(&mut values, &page, i);
        debug_assert_eq!(values.at, ncols);
    }
}

/// A column name: static, prefixed (neighbour features) or indexed (hash buckets, cue groups).
enum Name {
    S(&'static str),
    P(&'static str, &'static str),
    I(&'static str, usize),
}

trait Sink {
    fn put(&mut self, name: Name, value: f64);
}

struct Names(Vec<String>);

impl Sink for Names {
    fn put(&mut self, name: Name, _: f64) {
        self.0.push(match name {
            Name::S(s) => s.to_string(),
            Name::P(p, s) => format!("{p}{s}"),
            Name::I(p, i) => format!("{p}{i:02}"),
        });
    }
}

struct Values<'a> {
    row: &'a mut [f64],
    at: usize,
}

impl Sink for Values<'_> {
    #[inline]
    fn put(&mut self, _: Name, value: f64) {
        // A non-finite value cannot come from the formulas below, but a hostile CSV can still
        // carry absurd counts: keep the matrix finite whatever happens.
        self.row[self.at] = if value.is_finite() { value } else { 0.0 };
        self.at += 1;
    }
}

fn ln1p(x: impl Into<f64>) -> f64 {
    /// `ln_1p` of the small whole numbers, which most arguments are (counts): the same values,
    /// computed once.
    static SMALL: OnceLock<[f64; 256]> = OnceLock::new();
    let x = x.into().max(0.0);
    let i = x as usize;
    if i < 256 && i as f64 == x {
        if i == 0 {
            return x; // ln_1p(±0) = ±0
        }
        return SMALL.get_or_init(|| std::array::from_fn(|i| (i as f64).ln_1p()))[i];
    }
    x.ln_1p()
}

fn ratio(a: impl Into<f64>, b: impl Into<f64>) -> f64 {
    let b = b.into();
    if b > 0.0 {
        (a.into() / b).clamp(0.0, 1e6)
    } else {
        0.0
    }
}

/// Everything about one block that does not depend on its neighbours.
struct BlockInfo<'a> {
    block: &'a Block,
    stats: TextStats,
    link_density: f64,
    /// Per text cue group (the first `TextCues::names.len()` entries; the rest stay zero).
    cue_counts: [u32; MAX_CUE_GROUPS],
    cue_coverage: [f64; MAX_CUE_GROUPS],
    own_class: u32,
    ancestor_class: u32,
    own_hash: u64,
    ancestor_hash: u64,
    tag: usize,
    landmarks: u32,
    heading: bool,
}

impl BlockInfo<'_> {
    /// A block of prose: long, link-poor, ending a sentence.
    fn is_prose(&self) -> bool {
        self.stats.words >= PROSE_WORDS
            && self.link_density < 0.3
            && self.stats.ends_with_sentence_end
    }

    /// The share of link characters in the block's container.
    fn container_link_density(&self) -> f64 {
        ratio(self.block.container_link_chars, self.block.container_chars).min(1.0)
    }
}

/// The page: its blocks' infos and page-wide aggregates.
struct PageInfo<'a> {
    blocks: Vec<BlockInfo<'a>>,
    total_words: f64,
    total_chars: f64,
    /// Characters before each block.
    chars_before: Vec<f64>,
    max_words: f64,
    /// Index of the block at the centre of the densest text region.
    dense: usize,
    /// Per block: how many blocks before it have the same text, and how many in all. Responsive
    /// pages carry a desktop and a mobile copy of the same text (one hidden by CSS); gold text
    /// has it once, so the first copy is content and the repeats are not.
    copies_before: Vec<u32>,
    copies: Vec<u32>,
    /// Index of the headline: the first `h1` that shares words with the `<title>`, else the
    /// heading sharing most, else the first `h1`. Articles start there; what comes before it is
    /// mostly navigation.
    headline: Option<usize>,
    /// First and last block inside the article candidate ([`Block::in_candidate`]).
    candidate: Option<(usize, usize)>,
    /// Per block: words of prose (long, link-poor, sentence-ending blocks) before the first
    /// block of its record group, when its path repeats in [`RECORD_CONTAINERS`] or more
    /// containers (comments, forum posts, teaser cards, menu items); `None` outside a group.
    /// A forum thread's posts follow a title; an article's comments follow the article.
    prose_before_records: Vec<Option<f64>>,
    /// Per block: it is in a record group that the article candidate has no block of, and it
    /// comes after the candidate (comments, related cards, footers below an article; not the
    /// posts of a thread whose longest post is the candidate).
    records_past_candidate: Vec<bool>,
    /// Per block: the article candidate has a block of its path (a forum's other posts share
    /// the path of the post that won the candidate; an article's comments seldom share its
    /// paragraphs' path).
    path_in_candidate: Vec<bool>,
    /// Per block outside the article candidate: the class cue groups of its own and its
    /// ancestors' tokens that no block of the candidate has among its ancestors' tokens, that
    /// is, of the elements on its branch beside the candidate (a `sidebar` column, a `related`
    /// box). A page-wide wrapper's `has-sidebar` is the candidate's ancestor too, and does not
    /// count. Zero inside the candidate and without one.
    branch_class: Vec<u32>,
    /// The bit of each of [`BRANCH_CLASS_GROUPS`] in the class cue masks.
    branch_group_bits: [u32; 3],
    /// Index of the last prose block (as for [`PageInfo::prose_before_records`]) inside the
    /// article candidate.
    last_candidate_prose: Option<usize>,
    /// The `comment` group's bit in the class cue masks.
    comment_bit: u32,
    /// Prose blocks of the page (as for [`PageInfo::prose_before_records`]).
    prose_blocks: u32,
    /// The page's link characters.
    total_link_chars: f64,
    /// Reader-comment zones ([`comments::CommentZones`]).
    comment_zones: comments::CommentZones,
}

/// Class cue groups read on the block's branch beside the article candidate
/// ([`PageInfo::branch_class`]).
const BRANCH_CLASS_GROUPS: [&str; 3] = ["sidebar", "related", "footer"];

/// The bit of each of [`BRANCH_CLASS_GROUPS`] in the class cue masks.
fn branch_group_bits(cues: &ClassCues) -> [u32; 3] {
    BRANCH_CLASS_GROUPS.map(|g| {
        cues.names
            .iter()
            .position(|n| *n == g)
            .map_or(0, |k| 1 << k)
    })
}

/// Fewest containers a path repeats in to make a record group.
const RECORD_CONTAINERS: usize = 3;
/// Fewest words of a prose block.
const PROSE_WORDS: u32 = 10;

impl<'a> PageInfo<'a> {
    fn new(blocks: &'a [Block]) -> PageInfo<'a> {
        PageInfo::build(blocks, true)
    }

    /// `scan`: look for cue phrases (off when only the feature names are wanted).
    fn build(blocks: &'a [Block], scan: bool) -> PageInfo<'a> {
        let text_cues = TextCues::get();
        let class_cues = ClassCues::get();
        let mut class_cache: FastMap<&str, (u32, u64)> = FastMap::default();
        let mut landmark_cache: FastMap<&str, u32> = FastMap::default();
        // Each distinct list of class tokens (a block's own, its ancestors') is read once.
        let mut own_cache: FastMap<&str, (u32, u64)> = FastMap::default();
        let mut ancestor_cache: FastMap<&str, (u32, u64)> = FastMap::default();
        let mut norm = String::new();
        let mut infos: Vec<BlockInfo<'a>> = Vec::with_capacity(blocks.len());
        for block in blocks {
            let stats = TextStats::of(&block.text);
            normalize(&block.text, &mut norm);
            // Arrays, not two vectors per block.
            let (mut cue_counts, mut cue_coverage) = ([0; MAX_CUE_GROUPS], [0.0; MAX_CUE_GROUPS]);
            if scan {
                let g = text_cues.names.len();
                text_cues.scan(&norm, &mut cue_counts[..g], &mut cue_coverage[..g]);
            }
            let mut token_info = |t: &'a str| {
                *class_cache.entry(t).or_insert_with(|| {
                    (
                        class_cues.token_mask(t),
                        1u64 << (stable_hash(t) % HASH_BUCKETS as u64),
                    )
                })
            };
            let (own_class, own_hash) =
                *own_cache.entry(block.classes.as_str()).or_insert_with(|| {
                    let (mut class, mut hash) = (0, 0);
                    for t in block.classes.split_ascii_whitespace() {
                        let (m, h) = token_info(t);
                        class |= m;
                        hash |= h;
                    }
                    (class, hash)
                });
            // Neighbouring blocks mostly share their ancestors: the previous block's first.
            let (ancestor_class, ancestor_hash) = match infos.last() {
                Some(p) if p.block.ancestor_classes == block.ancestor_classes => {
                    (p.ancestor_class, p.ancestor_hash)
                }
                _ => *ancestor_cache
                    .entry(block.ancestor_classes.as_str())
                    .or_insert_with(|| {
                        let (mut class, mut hash) = (0, 0);
                        for (k, t) in block.ancestor_classes.split_ascii_whitespace().enumerate() {
                            let (m, h) = token_info(t);
                            class |= m;
                            if k < HASHED_ANCESTOR_TOKENS {
                                hash |= h;
                            }
                        }
                        (class, hash)
                    }),
            };
            // Sibling blocks share their path: compute each distinct path's landmarks once.
            let landmarks = match infos.last() {
                Some(p) if p.block.path == block.path => p.landmarks,
                _ => *landmark_cache.entry(&block.path).or_insert_with(|| {
                    let mut landmarks = 0u32;
                    let mut parts = block.path.rsplit('>');
                    parts.next(); // the block's own element
                    for tag in parts {
                        if let Some(k) = LANDMARKS.iter().position(|l| *l == tag) {
                            landmarks |= 1 << k;
                        }
                        if tag == "ol" {
                            landmarks |= landmark_bit("ul"); // lists count as `ul`
                        }
                    }
                    landmarks
                }),
            };
            // h5/h6 count as h4, th as td, dt as dd.
            let tag_name = match block.tag.as_str() {
                "h5" | "h6" => "h4",
                "th" => "td",
                "dt" => "dd",
                t => t,
            };
            let tag = TAGS
                .iter()
                .position(|t| *t == tag_name)
                .unwrap_or(TAGS.len());
            let heading = matches!(block.tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            infos.push(BlockInfo {
                block,
                link_density: ratio(block.link_chars, stats.chars),
                stats,
                cue_counts,
                cue_coverage,
                own_class,
                ancestor_class,
                own_hash,
                ancestor_hash,
                tag,
                landmarks,
                heading,
            });
        }

        let mut chars_before = Vec::with_capacity(infos.len());
        let (mut total_chars, mut total_words, mut max_words) = (0.0, 0.0, 0.0f64);
        for b in &infos {
            chars_before.push(total_chars);
            total_chars += f64::from(b.stats.chars);
            total_words += f64::from(b.stats.words);
            max_words = max_words.max(f64::from(b.stats.words));
        }
        // Densest region: the window with the most non-link text (jusText/boilerpipe's "the
        // article is where the long, link-poor blocks cluster"), in letters rather than words: a
        // Chinese or Japanese paragraph is a few runs of word characters, and a line of URLs or
        // numbers is many short words.
        let score: Vec<f64> = infos.iter().map(dense_score).collect();
        let mut dense = 0;
        let mut best = f64::MIN;
        for i in 0..score.len() {
            let s: f64 = score[i.saturating_sub(WINDOW)..(i + WINDOW + 1).min(score.len())]
                .iter()
                .sum();
            if s > best {
                best = s;
                dense = i;
            }
        }
        let is_h = |b: &BlockInfo<'_>, tags: &[&str]| tags.contains(&b.block.tag.as_str());
        let headline = infos
            .iter()
            .position(|b| is_h(b, &["h1"]) && b.block.title_overlap >= 0.5)
            .or_else(|| {
                infos
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| is_h(b, &["h1", "h2", "h3"]) && b.block.title_overlap >= 0.3)
                    .max_by(|a, b| {
                        a.1.block
                            .title_overlap
                            .total_cmp(&b.1.block.title_overlap)
                            .then(b.0.cmp(&a.0))
                    })
                    .map(|(k, _)| k)
            })
            .or_else(|| infos.iter().position(|b| is_h(b, &["h1"])));
        // Each block's text and path hashed once: slots index per-text and per-path tallies.
        let mut seen: FastMap<&str, usize> = FastMap::default();
        let mut text_counts: Vec<u32> = Vec::new();
        let mut copies_before = Vec::with_capacity(infos.len());
        let mut text_slots = Vec::with_capacity(infos.len());
        for b in &infos {
            let slot = *seen.entry(b.block.text.as_str()).or_insert_with(|| {
                text_counts.push(0);
                text_counts.len() - 1
            });
            copies_before.push(text_counts[slot]);
            text_counts[slot] += 1;
            text_slots.push(slot);
        }
        let copies = text_slots.iter().map(|&s| text_counts[s]).collect();
        // Paths: their distinct containers (up to RECORD_CONTAINERS), first block, and whether
        // the candidate has a block of them; prose words before each block.
        struct PathTally {
            containers: Vec<u32>,
            first: usize,
            in_candidate: bool,
        }
        let mut path_slot: FastMap<&str, usize> = FastMap::default();
        let mut tallies: Vec<PathTally> = Vec::new();
        let mut path_slots = Vec::with_capacity(infos.len());
        let mut prose_before = Vec::with_capacity(infos.len());
        let mut prose = 0.0;
        for (k, b) in infos.iter().enumerate() {
            let slot = *path_slot.entry(b.block.path.as_str()).or_insert_with(|| {
                tallies.push(PathTally {
                    containers: Vec::new(),
                    first: k,
                    in_candidate: false,
                });
                tallies.len() - 1
            });
            let t = &mut tallies[slot];
            if t.containers.len() < RECORD_CONTAINERS
                && !t.containers.contains(&b.block.container_id)
            {
                t.containers.push(b.block.container_id);
            }
            t.in_candidate |= b.block.in_candidate;
            path_slots.push(slot);
            prose_before.push(prose);
            if b.is_prose() {
                prose += f64::from(b.stats.words);
            }
        }
        let records = |slot: usize| tallies[slot].containers.len() >= RECORD_CONTAINERS;
        let prose_before_records = path_slots
            .iter()
            .map(|&s| records(s).then(|| prose_before[tallies[s].first]))
            .collect();
        let first = infos.iter().position(|b| b.block.in_candidate);
        let last = infos.iter().rposition(|b| b.block.in_candidate);
        let records_past_candidate = path_slots
            .iter()
            .enumerate()
            .map(|(k, &s)| last.is_some_and(|l| k > l) && !tallies[s].in_candidate && records(s))
            .collect();
        // Tokens above the candidate's blocks, then each outside block's tokens not among them,
        // for the groups of BRANCH_CLASS_GROUPS only. A block's own and ancestor masks hold
        // every group its tokens name, so most blocks need no token read at all.
        let branch_group_bits = branch_group_bits(class_cues);
        let branch_bits = branch_group_bits.iter().fold(0, |m, b| m | b);
        let needs_tokens = |b: &BlockInfo<'_>| {
            let blk = b.block;
            first.is_some()
                && !blk.in_candidate
                && blk.candidate_up != 0
                && (b.own_class | b.ancestor_class) & branch_bits != 0
        };
        let mut candidate_tokens: FastMap<&str, ()> = FastMap::default();
        if infos.iter().any(needs_tokens) {
            let mut seen_lists: FastMap<&str, ()> = FastMap::default();
            for b in infos.iter().filter(|b| b.block.in_candidate) {
                if seen_lists.insert(&b.block.ancestor_classes, ()).is_none() {
                    for t in b.block.ancestor_classes.split_ascii_whitespace() {
                        candidate_tokens.insert(t, ());
                    }
                }
            }
        }
        let mut branch_cache: FastMap<(&str, &str), u32> = FastMap::default();
        let branch_class = infos
            .iter()
            .map(|b| {
                if !needs_tokens(b) {
                    return 0;
                }
                let blk = b.block;
                *branch_cache
                    .entry((blk.classes.as_str(), blk.ancestor_classes.as_str()))
                    .or_insert_with(|| {
                        blk.classes
                            .split_ascii_whitespace()
                            .chain(blk.ancestor_classes.split_ascii_whitespace())
                            .filter(|t| !candidate_tokens.contains_key(t))
                            .fold(0, |m, t| {
                                m | class_cache
                                    .get(t)
                                    .map_or_else(|| class_cues.token_mask(t), |c| c.0)
                            })
                            & branch_bits
                    })
            })
            .collect();
        let last_candidate_prose = infos
            .iter()
            .rposition(|b| b.block.in_candidate && b.is_prose());
        let path_in_candidate = path_slots
            .iter()
            .map(|&s| tallies[s].in_candidate)
            .collect();
        let prose_blocks = infos.iter().filter(|b| b.is_prose()).count() as u32;
        let total_link_chars = infos.iter().map(|b| f64::from(b.block.link_chars)).sum();
        let comment_zones = comments::CommentZones::build(&infos);
        PageInfo {
            comment_zones,
            prose_blocks,
            total_link_chars,
            comment_bit: class_cues.comment_bit(),
            path_in_candidate,
            branch_class,
            branch_group_bits,
            last_candidate_prose,
            records_past_candidate,
            candidate: first.zip(last),
            blocks: infos,
            total_words,
            total_chars,
            chars_before,
            max_words,
            dense,
            copies_before,
            copies,
            headline,
            prose_before_records,
        }
    }
}

/// 64-bit FNV-1a: a stable hash (std's hasher is randomly seeded, and a model's buckets must mean
/// the same thing in every process).
pub(crate) fn stable_hash(s: &str) -> u64 {
    crate::util::fasthash::fnv1a(s.bytes())
}

/// Writes the features of block `i` of `page` to `w`.
fn write_row<W: Sink>(w: &mut W, page: &PageInfo<'_>, i: usize) {
    let b = &page.blocks[i];
    block_features(w, b);
    neighbour_features(
        w,
        "prev_",
        i.checked_sub(1).and_then(|j| page.blocks.get(j)),
        b,
    );
    neighbour_features(w, "next_", page.blocks.get(i + 1), b);
    window_features(w, page, i);
    page_position_features(w, page, i);
    page_shape_features(w, page, i);
    comments::comment_zone_features(w, b, &page.comment_zones, i);
    lead::description_features(w, b);
}

/// The block on its own.
fn block_features<W: Sink>(w: &mut W, b: &BlockInfo<'_>) {
    let s = &b.stats;
    let blk = b.block;
    w.put(Name::S("log_words"), ln1p(s.words));
    w.put(Name::S("log_chars"), ln1p(s.chars));
    w.put(Name::S("link_density"), b.link_density.min(1.0));
    w.put(Name::S("log_links"), ln1p(blk.links));
    w.put(
        Name::S("links_per_word"),
        ratio(blk.links, s.words).min(2.0),
    );
    w.put(
        Name::S("avg_word_len"),
        ratio(s.word_chars, s.words).min(20.0),
    );
    w.put(
        Name::S("log_words_per_sentence"),
        ln1p(ratio(s.words, s.sentence_ends.max(1))),
    );
    w.put(Name::S("punct_ratio"), ratio(s.punct, s.chars));
    w.put(
        Name::S("sentence_end"),
        f64::from(u8::from(s.ends_with_sentence_end)),
    );
    w.put(
        Name::S("capitalized_share"),
        ratio(s.capitalized, s.alpha_words),
    );
    w.put(Name::S("all_caps_share"), ratio(s.all_caps, s.alpha_words));
    w.put(Name::S("digit_ratio"), ratio(s.digits, s.chars));
    w.put(Name::S("short_word_share"), ratio(s.short_words, s.words));
    w.put(
        Name::S("commas_per_word"),
        ratio(s.commas, s.words).min(1.0),
    );
    w.put(
        Name::S("separators_per_word"),
        ratio(s.separators, s.words).min(2.0),
    );
    w.put(
        Name::S("starts_lowercase"),
        f64::from(u8::from(s.starts_lowercase)),
    );
    w.put(
        Name::S("title_overlap"),
        f64::from(blk.title_overlap).clamp(0.0, 1.0),
    );
    w.put(Name::S("hidden"), f64::from(u8::from(blk.hidden)));
    w.put(Name::S("gated_part"), f64::from(u8::from(blk.gated)));
    w.put(Name::S("log_depth"), ln1p(blk.depth));
    for (k, t) in TAGS.iter().enumerate() {
        w.put(Name::P("tag_", t), f64::from(u8::from(b.tag == k)));
    }
    w.put(
        Name::S("tag_other"),
        f64::from(u8::from(b.tag == TAGS.len())),
    );
    for (k, l) in LANDMARKS.iter().enumerate() {
        w.put(Name::P("in_", l), f64::from((b.landmarks >> k) & 1));
    }
    for (k, g) in TextCues::get().names.iter().enumerate() {
        w.put(Name::P("cue_count_", g), ln1p(b.cue_counts[k]));
        w.put(Name::P("cue_coverage_", g), b.cue_coverage[k]);
    }
    for (k, g) in ClassCues::get().names.iter().enumerate() {
        w.put(Name::P("class_own_", g), f64::from((b.own_class >> k) & 1));
        w.put(
            Name::P("class_ancestor_", g),
            f64::from((b.ancestor_class >> k) & 1),
        );
    }
    for k in 0..HASH_BUCKETS {
        w.put(Name::I("hash_own_", k), ((b.own_hash >> k) & 1) as f64);
    }
    for k in 0..HASH_BUCKETS {
        w.put(
            Name::I("hash_ancestor_", k),
            ((b.ancestor_hash >> k) & 1) as f64,
        );
    }
    let chars = f64::from(s.chars);
    w.put(Name::S("log_container_chars"), ln1p(blk.container_chars));
    w.put(
        Name::S("container_link_density"),
        b.container_link_density(),
    );
    w.put(Name::S("log_container_blocks"), ln1p(blk.container_blocks));
    w.put(
        Name::S("container_share"),
        ratio(chars, blk.container_chars).min(1.0),
    );
    w.put(Name::S("log_section_chars"), ln1p(blk.section_chars));
    w.put(
        Name::S("section_link_density"),
        ratio(blk.section_link_chars, blk.section_chars).min(1.0),
    );
    w.put(Name::S("log_section_blocks"), ln1p(blk.section_blocks));
    w.put(
        Name::S("section_share"),
        ratio(chars, blk.section_chars).min(1.0),
    );
    w.put(Name::S("in_main_subtree"), f64::from(u8::from(blk.in_main)));
    w.put(
        Name::S("in_candidate"),
        f64::from(u8::from(blk.in_candidate)),
    );
    w.put(
        Name::S("candidate_share"),
        f64::from(blk.candidate_share).clamp(0.0, 1.0),
    );
    w.put(Name::S("log_main_depth"), ln1p(blk.main_depth));
    w.put(
        Name::S("main_share"),
        f64::from(blk.main_share).clamp(0.0, 1.0),
    );
}

/// A subset of a neighbour's features, and how it relates to the block.
fn neighbour_features<W: Sink>(
    w: &mut W,
    p: &'static str,
    n: Option<&BlockInfo<'_>>,
    b: &BlockInfo<'_>,
) {
    let Some(n) = n else {
        w.put(Name::P(p, "missing"), 1.0);
        for name in NEIGHBOUR_NAMES {
            w.put(Name::P(p, name), 0.0);
        }
        return;
    };
    let s = &n.stats;
    let cue_max = n.cue_coverage.iter().copied().fold(0.0, f64::max);
    let values = [
        ln1p(s.words),
        n.link_density.min(1.0),
        f64::from(u8::from(s.ends_with_sentence_end)),
        ratio(s.short_words, s.words),
        ratio(s.punct, s.chars),
        cue_max,
        f64::from(u8::from(n.heading)),
        f64::from(u8::from(n.block.tag == "li")),
        f64::from(u8::from(n.block.hidden)),
        f64::from(u8::from(n.block.container_id == b.block.container_id)),
        f64::from(u8::from(n.block.section_id == b.block.section_id)),
        f64::from(u8::from(n.block.path == b.block.path)),
        f64::from((n.landmarks & 0b1111) != 0), // nav, header, footer, aside
    ];
    w.put(Name::P(p, "missing"), 0.0);
    for (name, v) in NEIGHBOUR_NAMES.iter().zip(values) {
        w.put(Name::P(p, name), v);
    }
}

const NEIGHBOUR_NAMES: [&str; 13] = [
    "log_words",
    "link_density",
    "sentence_end",
    "short_word_share",
    "punct_ratio",
    "cue_coverage_max",
    "heading",
    "li",
    "hidden",
    "same_container",
    "same_section",
    "same_path",
    "in_chrome_landmark",
];

/// Means over the blocks around `i` (not counting `i`).
fn window_features<W: Sink>(w: &mut W, page: &PageInfo<'_>, i: usize) {
    let (mut n, mut words, mut ld, mut sent) = (0.0, 0.0, 0.0, 0.0);
    let lo = i.saturating_sub(WINDOW);
    let hi = (i + WINDOW + 1).min(page.blocks.len());
    for (j, b) in page.blocks[lo..hi].iter().enumerate() {
        if lo + j == i {
            continue;
        }
        n += 1.0;
        words += ln1p(b.stats.words);
        ld += b.link_density.min(1.0);
        sent += f64::from(u8::from(b.stats.ends_with_sentence_end));
    }
    let n = f64::max(n, 1.0);
    w.put(Name::S("window_log_words"), words / n);
    w.put(Name::S("window_link_density"), ld / n);
    w.put(Name::S("window_sentence_end"), sent / n);
}

/// Where the block sits in the page.
fn page_position_features<W: Sink>(w: &mut W, page: &PageInfo<'_>, i: usize) {
    let n = page.blocks.len();
    let b = &page.blocks[i];
    let dense = &page.blocks[page.dense];
    w.put(Name::S("rel_index"), ratio(i as f64, (n - 1).max(1) as f64));
    w.put(
        Name::S("rel_char_pos"),
        ratio(page.chars_before[i], page.total_chars),
    );
    w.put(Name::S("log_page_words"), ln1p(page.total_words));
    w.put(Name::S("log_page_blocks"), ln1p(n as f64));
    w.put(
        Name::S("page_word_share"),
        ratio(b.stats.words, page.total_words),
    );
    w.put(
        Name::S("words_vs_page_max"),
        ratio(b.stats.words, page.max_words),
    );
    w.put(
        Name::S("dist_to_dense"),
        ratio(i.abs_diff(page.dense) as f64, n as f64),
    );
    w.put(Name::S("before_dense"), f64::from(u8::from(i < page.dense)));
    w.put(
        Name::S("same_container_as_dense"),
        f64::from(u8::from(b.block.container_id == dense.block.container_id)),
    );
    w.put(
        Name::S("same_section_as_dense"),
        f64::from(u8::from(b.block.section_id == dense.block.section_id)),
    );
    w.put(
        Name::S("same_path_as_dense"),
        f64::from(u8::from(b.block.path == dense.block.path)),
    );
    w.put(
        Name::S("has_earlier_copy"),
        f64::from(u8::from(page.copies_before[i] > 0)),
    );
    w.put(Name::S("log_copies"), ln1p(page.copies[i]));
    let (before, dist) = match page.headline {
        Some(h) => (i < h, (i as f64 - h as f64) / n as f64),
        None => (false, 0.0),
    };
    w.put(
        Name::S("no_headline"),
        f64::from(u8::from(page.headline.is_none())),
    );
    w.put(Name::S("before_headline"), f64::from(u8::from(before)));
    w.put(
        Name::S("is_headline"),
        f64::from(u8::from(page.headline == Some(i))),
    );
    w.put(Name::S("dist_to_headline"), dist.clamp(-1.0, 1.0));
    let (before, after) = match page.candidate {
        Some((first, last)) => (i < first, i > last),
        None => (false, false),
    };
    w.put(Name::S("before_candidate"), f64::from(u8::from(before)));
    w.put(Name::S("after_candidate"), f64::from(u8::from(after)));
    let records = page.prose_before_records.get(i).copied().flatten();
    w.put(
        Name::S("in_record_group"),
        f64::from(u8::from(records.is_some())),
    );
    w.put(
        Name::S("log_prose_before_records"),
        records.map_or(0.0, ln1p),
    );
    w.put(
        Name::S("records_past_candidate"),
        f64::from(u8::from(page.records_past_candidate[i])),
    );
    w.put(
        Name::S("in_main_past_candidate"),
        f64::from(u8::from(b.block.in_main && after)),
    );
    // Length pulls hard toward content; past an article, in a record group, it should not.
    let log_words = ln1p(b.stats.words);
    w.put(
        Name::S("log_words_x_records_past_candidate"),
        log_words * f64::from(u8::from(page.records_past_candidate[i])),
    );
    w.put(
        Name::S("log_words_x_prose_before_records"),
        log_words * records.map_or(0.0, ln1p),
    );
    // A long reader comment reads like prose; its class says otherwise.
    let comment = f64::from(u8::from(
        (b.ancestor_class | b.own_class) & page.comment_bit != 0,
    ));
    w.put(Name::S("log_words_x_comment_class"), log_words * comment);
    // Comment-classed blocks past the article candidate, outside it: mostly a thread below an
    // article, unless the page says it is a discussion or the block shares its path with the
    // candidate's blocks (the other posts of a thread whose longest post won the candidate).
    let comment_past = comment
        * f64::from(u8::from(
            after && b.block.candidate_up > 0 && !b.block.page_forum && !page.path_in_candidate[i],
        ));
    w.put(Name::S("comment_past_candidate"), comment_past);
    // A list of links inside the article's element, below its last paragraph: "related stories"
    // that the template puts in the article's own element.
    let linked = b.link_density >= 0.9
        && b.container_link_density() >= 0.9
        && b.block.in_candidate
        && page.last_candidate_prose.is_some_and(|l| i > l);
    w.put(
        Name::S("links_past_candidate_prose"),
        f64::from(u8::from(linked)),
    );
    // Length pulls toward content; in an `<aside>` inside the article candidate (an app
    // advert, a newsletter box, a fact box or teaser the template puts in the article's own
    // element) it should pull less: the news sets' gold leaves those out.
    let aside = b.landmarks & landmark_bit("aside") != 0;
    w.put(
        Name::S("log_words_x_aside_in_candidate"),
        log_words * f64::from(u8::from(b.block.in_candidate && aside)),
    );
    // Length pulls toward content; on a branch beside the candidate that a class names a
    // sidebar, a related box or a footer (a text widget, teasers with their blurbs, an "about"
    // box), it should not. Only the products: the class flags alone moved the threshold
    // (round 4, 49 and 50).
    for (g, bit) in BRANCH_CLASS_GROUPS.iter().zip(page.branch_group_bits) {
        w.put(
            Name::P("log_words_x_branch_class_", g),
            log_words * f64::from(u8::from(page.branch_class[i] & bit != 0)),
        );
    }
    // Length pulls toward content; in a column beside the article candidate with less text
    // than the candidate (a sidebar) it should pull less. A branch with more text than the
    // candidate is more likely the article itself (old pages whose paragraphs are bare text
    // beside a scored element).
    // How far outside the article candidate the block lies: a column beside it (sidebar), or
    // only under a far ancestor (header, footer).
    let blk = b.block;
    let up = blk.candidate_up;
    let beside = (1..=2).contains(&up);
    let candidate_chars = f64::from(blk.candidate_share) * page.total_chars;
    let smaller =
        f64::from(blk.branch_chars.saturating_sub(blk.branch_link_chars)) < candidate_chars;
    w.put(
        Name::S("log_words_x_beside_candidate"),
        log_words * f64::from(u8::from(beside && smaller)),
    );
    w.put(Name::S("log_candidate_up"), ln1p(up));
    w.put(Name::S("beside_candidate"), f64::from(u8::from(beside)));
    w.put(
        Name::S("beside_after_candidate"),
        f64::from(u8::from(beside && after)),
    );
    // The branch the block sits in, beside the candidate: a link-dense column is a sidebar.
    w.put(
        Name::S("branch_link_density"),
        ratio(blk.branch_link_chars, blk.branch_chars).min(1.0),
    );
    w.put(Name::S("log_branch_chars"), ln1p(blk.branch_chars));
    w.put(
        Name::S("log_branch_vs_candidate"),
        (ln1p(blk.branch_chars.saturating_sub(blk.branch_link_chars)) - ln1p(candidate_chars))
            .clamp(-10.0, 10.0),
    );
}

/// Most blocks of a page that [`page_shape_features`] reads as a short fragment: the fragments
/// the model learnt from (`training/fragments.py`) have at most 12; a larger page without a
/// head (an old page saved without it) reads as any page.
const SHORT_FRAGMENT_BLOCKS: usize = 16;

/// Most blocks of a page that [`page_shape_features`] reads as tiny (a one-paragraph page, with
/// a head). Crawled pages this small are mostly notices; a bound of 16 also took content from
/// small articles of a dozen blocks.
const TINY_PAGE_BLOCKS: usize = 3;

/// The page's shape, for tiny pages (at most [`TINY_PAGE_BLOCKS`] blocks) and short fragments
/// ([`Block::page_fragment`], at most [`SHORT_FRAGMENT_BLOCKS`] blocks): each flag, and its
/// products with the block's prose, whether it is the page's only prose and its share of the
/// page's words; for fragments also with its link density and the page's link density, size
/// and prose blocks. A crawled page whose text is one block is mostly a script-rendered page's
/// lone notice; a one-paragraph page or an HTML fragment of a paragraph or two (a CMS body, an
/// RSS item's content, plain text) is mostly content, and a fragment of links or a banner alone
/// is not. Every column is zero on every other page, so what the model learns about short pages
/// moves its weights for whole pages little (the same products without the flags cost wcxb-dev
/// and newspaper pages, and the one-paragraph documents without a flag of their own cost the
/// held-out ranking: `training/experiments/2026-12-07-short-pages.md`).
fn page_shape_features<W: Sink>(w: &mut W, page: &PageInfo<'_>, i: usize) {
    let b = &page.blocks[i];
    let n = page.blocks.len();
    let fragment = f64::from(u8::from(
        b.block.page_fragment && n <= SHORT_FRAGMENT_BLOCKS,
    ));
    let prose = f64::from(u8::from(b.is_prose()));
    let link_density = ratio(page.total_link_chars, page.total_chars).min(1.0);
    let only_prose = prose * f64::from(u8::from(page.prose_blocks == 1));
    // The same for any tiny page, with a head or not: a one-paragraph page is a document.
    let tiny = f64::from(u8::from(n <= TINY_PAGE_BLOCKS));
    w.put(Name::S("tiny_page"), tiny);
    w.put(Name::S("tiny_x_prose"), tiny * prose);
    w.put(Name::S("tiny_x_only_prose_block"), tiny * only_prose);
    w.put(
        Name::S("tiny_x_page_word_share"),
        tiny * ratio(b.stats.words, page.total_words),
    );
    w.put(Name::S("short_fragment"), fragment);
    w.put(Name::S("fragment_x_prose"), fragment * prose);
    w.put(
        Name::S("fragment_x_only_prose_block"),
        fragment * only_prose,
    );
    w.put(
        Name::S("fragment_x_log_page_prose_blocks"),
        fragment * ln1p(page.prose_blocks),
    );
    w.put(
        Name::S("fragment_x_page_word_share"),
        fragment * ratio(b.stats.words, page.total_words),
    );
    w.put(
        Name::S("fragment_x_log_page_blocks"),
        fragment * ln1p(n as f64),
    );
    w.put(
        Name::S("fragment_x_link_density"),
        fragment * b.link_density.min(1.0),
    );
    w.put(
        Name::S("fragment_x_page_link_density"),
        fragment * link_density,
    );
}

/// A block's weight in the choice of the densest region: its letters (word characters that are
/// not digits) outside links.
fn dense_score(b: &BlockInfo<'_>) -> f64 {
    f64::from(b.stats.word_chars.saturating_sub(b.stats.digits)) * (1.0 - b.link_density)
}

/// The values of feature `name` for each block of `html`, with the blocks' texts (for the
/// features' unit tests).
#[cfg(test)]
pub(crate) fn column_of(html: &str, name: &str) -> Vec<(String, f64)> {
    let blocks = crate::html::segment::segment(html);
    let k = feature_names()
        .iter()
        .position(|n| n == name)
        .expect("the column is named");
    let x = page_features(&blocks);
    blocks
        .iter()
        .zip(x.column(k))
        .map(|(b, &v)| (b.text.clone(), v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cue_groups_fit_the_per_block_arrays() {
        assert!(crate::features::cues::TextCues::get().names.len() <= MAX_CUE_GROUPS);
    }

    #[test]
    fn names_are_unique_and_match_columns() {
        let names = feature_names();
        let mut sorted = names.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "duplicate feature names");
        let blocks = crate::html::segment::segment(
            "<p>One two three.</p><ul><li><a href=x>Home</a></li></ul>",
        );
        let x = page_features(&blocks);
        assert_eq!(x.ncols(), names.len());
        assert_eq!(x.nrows(), 2);
        assert!(x.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn the_densest_region_counts_letters_not_words() {
        // Five Chinese paragraphs (80 letters each, one `\w+` run) and then five list items of
        // 30 short letter-digit words (30 letters each): by words the list would be the dense
        // region, by letters the paragraphs are.
        let zh: String = "中文段落的文字".chars().cycle().take(80).collect();
        let codes: Vec<String> = (0..30).map(|i| format!("x{i}")).collect();
        let html = format!(
            "<html><body><article>{}</article><ul>{}</ul></body></html>",
            format!("<p>{zh}</p>").repeat(5),
            format!("<li>{}</li>", codes.join(" ")).repeat(5)
        );
        let col = column_of(&html, "same_path_as_dense");
        assert_eq!(col.len(), 10);
        let flags: Vec<f64> = col.iter().map(|(_, v)| *v).collect();
        assert_eq!(flags, [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let before: Vec<f64> = column_of(&html, "before_dense")
            .iter()
            .map(|(_, v)| *v)
            .collect();
        // The centre of the best window of five blocks is the third paragraph.
        assert_eq!(before, [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn empty_page_has_no_rows() {
        assert_eq!(page_features(&[]).nrows(), 0);
    }
}
