//! The page's paywall verdict: is the article cut off by a paywall, and on what evidence.
//!
//! Two parts:
//! - **markup**: schema.org JSON-LD `"isAccessibleForFree": false` is the publisher's own
//!   statement (strength [`MARKUP_STRENGTH`]); `true` halves the probability, so with the markup
//!   the verdict is the publisher's. Its `hasPart.cssSelector` names the gated *content*: blocks
//!   inside it are flagged ([`Block::gated`](crate::Block::gated)), a feature of the content
//!   model, and never count as paywall prompts.
//! - **signals**: without markup, a small logistic model ([`PaywallStage`], fitted on pages whose
//!   markup is masked, see `unchrome train --paywall-pages`) weighs [`SIGNALS`] measured on the
//!   classified page: the strongest paywall-prompt block and whether the article stops at it,
//!   prompts, login forms, fade-out containers and paywall-family class names around the end of
//!   the article, hidden prose, and the visible article against the length the page's JSON-LD
//!   declares (`articleBody`, `wordCount`).
//!
//! Class names such as `paywall` are never a verdict on their own: some sites wrap the body
//! paragraphs of free articles in paywall-classed containers. They are signals among others, with
//! weights fitted on real pages.

use serde::{Deserialize, Serialize};

pub use crate::html::Markup;
use crate::label::Kind;
use crate::page::ClassifiedBlock;
use crate::util::fasthash::FastMap;

/// Strength of `"isAccessibleForFree": false` in the page's JSON-LD.
pub const MARKUP_STRENGTH: f64 = 0.95;

/// The page signals the verdict weighs, in the order of [`PaywallStage`]'s weights. Each lies in
/// 0..=1.
pub const SIGNALS: [&str; SIGNAL_COUNT] = [
    // The strongest block that reads as a paywall prompt: P(chrome) x P(paywall | chrome).
    "prompt",
    // The first sure prompt (>= 0.5) follows the content, and less than a fifth of the content's
    // words come after it: the article stops at the prompt.
    "truncation",
    // The strongest prompt among blocks that say a paywall phrase ("subscribe to continue",
    // "jetzt weiterlesen", "article limit", ...): not a premium-labelled headline in a list.
    "prompt_phrase",
    // A hidden block that says a paywall phrase: a meter or wall message served with the page
    // and shown by script.
    "hidden_prompt",
    // A form or button, and a login, registration or paywall phrase, among the last content
    // blocks or just after them.
    "form_at_end",
    // Paywall-family class words (paywall, piano, tp, regwall, meter, premium, plus, ...) on the
    // last content blocks, their ancestors, or the blocks just after them.
    "class_at_end",
    // Fade-out or truncation class words (fade, truncate, gradient, blur, clamp) there.
    "fade_at_end",
    // Share of the content's words in blocks whose own classes carry paywall-family words (some
    // sites class every body paragraph `paywall`, free articles too).
    "class_on_paragraphs",
    // Share of the content's words in blocks whose ancestors' classes carry paywall-family words
    // (a metered or locked article container).
    "class_around_body",
    // Share of the page's prose (blocks of 12+ words with few links) that is hidden.
    "hidden_prose",
    // The visible article is under three quarters of the length JSON-LD declares (0 without a
    // declared length): the page holds back part of the body it states.
    "shorter_than_declared",
    // The declared length is under a third of the visible article: the page withholds the body
    // from its JSON-LD (a teaser there).
    "declared_teaser",
    // A short article: 1 - content words / 300, clipped to 0..=1.
    "short_article",
];
/// Number of [`SIGNALS`].
pub const SIGNAL_COUNT: usize = 13;

/// Blocks after the last content block that count as "just after" it.
const END_WINDOW: usize = 8;
/// Words a block needs to count as a paywall prompt.
const PROMPT_WORDS: usize = 3;
/// Content blocks at the end of the article whose classes count as "around the last paragraphs".
const LAST_CONTENT: usize = 3;

/// One piece of evidence for or against a paywall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// `markup`, `gated-parts`, or one of [`SIGNALS`].
    pub signal: &'static str,
    /// What was seen, for people.
    pub detail: String,
    /// The block it concerns, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// How strongly it says "paywalled" (0 to 1): for markup its fixed strength, for a signal
    /// `1 - exp(-c)` of its contribution `c` to the verdict's log-odds (0 when it speaks against).
    pub strength: f64,
}

/// The page's paywall verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Paywall {
    /// True when `probability >= 0.5`.
    pub paywalled: bool,
    /// Probability that the article is cut off by a paywall (see the module docs).
    pub probability: f64,
    /// The evidence, strongest first.
    pub evidence: Vec<Evidence>,
    /// The measured [`SIGNALS`] (what a [`PaywallStage`] is fitted on).
    #[serde(skip)]
    pub signals: [f64; SIGNAL_COUNT],
}

/// The fitted weights of the verdict's signals: P(paywalled | signals) =
/// sigmoid(intercept + Σ weight × signal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaywallStage {
    /// One weight per signal of [`SIGNALS`].
    pub weights: [f64; SIGNAL_COUNT],
    /// The log-odds with every signal at 0.
    pub intercept: f64,
}

/// The stage as stored in a model file: the signal names make an old file fail to load, not
/// mislead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredStage {
    signals: Vec<String>,
    weights: Vec<f64>,
    intercept: f64,
    /// Pages it was fitted on (for people).
    #[serde(default)]
    pages: usize,
}

impl PaywallStage {
    /// The weights of models without a fitted paywall stage, and the prior that fitting pulls
    /// towards: the hand-set rule of before (a paywall prompt counts, more when the article stops
    /// at it), and a page that shows under three quarters of the body its own JSON-LD declares. Why a prior: the pages with access markup to fit on are nearly all metered sites
    /// that serve the whole article, so they cannot teach that a visible wall with the article
    /// cut off at it is a paywall; the prior keeps that knowledge unless the data outweighs it.
    pub const DEFAULT: PaywallStage = PaywallStage {
        weights: [
            1.5, 2.0, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0,
        ],
        intercept: -2.5,
    };

    /// Fits the weights by penalised logistic regression (Newton's method) on rows of signals
    /// and their truth: the penalty is `alpha` times the squared distance of the weights (not
    /// the intercept) from [`PaywallStage::DEFAULT`]'s. Deterministic.
    pub fn fit(rows: &[[f64; SIGNAL_COUNT]], truth: &[bool], alpha: f64) -> PaywallStage {
        const N: usize = SIGNAL_COUNT + 1;
        let prior = PaywallStage::DEFAULT.weights;
        let mut w = [0.0; N]; // weights, then the intercept
        w[..SIGNAL_COUNT].copy_from_slice(&prior);
        w[SIGNAL_COUNT] = PaywallStage::DEFAULT.intercept;
        let x = |r: &[f64; SIGNAL_COUNT], j: usize| if j == SIGNAL_COUNT { 1.0 } else { r[j] };
        for _ in 0..100 {
            let mut grad = [0.0; N];
            let mut hess = [[0.0; N]; N];
            for (r, &t) in rows.iter().zip(truth) {
                let z: f64 = (0..N).map(|j| w[j] * x(r, j)).sum();
                let p = sigmoid(z);
                let y = if t { 1.0 } else { 0.0 };
                let xs: [f64; N] = std::array::from_fn(|j| x(r, j));
                for (j, row) in hess.iter_mut().enumerate() {
                    grad[j] += (p - y) * xs[j];
                    for (h, xk) in row.iter_mut().zip(&xs) {
                        *h += p * (1.0 - p) * xs[j] * xk;
                    }
                }
            }
            for j in 0..SIGNAL_COUNT {
                grad[j] += alpha * (w[j] - prior[j]);
                hess[j][j] += alpha;
            }
            hess[SIGNAL_COUNT][SIGNAL_COUNT] += 1e-9;
            let Some(step) = solve(hess, grad) else { break };
            let mut moved = 0.0f64;
            for j in 0..N {
                w[j] -= step[j];
                moved = moved.max(step[j].abs());
            }
            if moved < 1e-10 {
                break;
            }
        }
        let mut weights = [0.0; SIGNAL_COUNT];
        weights.copy_from_slice(&w[..SIGNAL_COUNT]);
        PaywallStage {
            weights,
            intercept: w[SIGNAL_COUNT],
        }
    }

    /// P(paywalled) from the signals alone.
    pub fn probability(&self, signals: &[f64; SIGNAL_COUNT]) -> f64 {
        sigmoid(self.logit(signals))
    }

    fn logit(&self, signals: &[f64; SIGNAL_COUNT]) -> f64 {
        self.intercept
            + self
                .weights
                .iter()
                .zip(signals)
                .map(|(w, x)| w * x)
                .sum::<f64>()
    }

    pub(crate) fn to_stored(self, pages: usize) -> StoredStage {
        StoredStage {
            signals: SIGNALS.iter().map(|s| s.to_string()).collect(),
            weights: self.weights.to_vec(),
            intercept: self.intercept,
            pages,
        }
    }

    /// The stage of a model file; an error message when its signals are not [`SIGNALS`].
    pub(crate) fn from_stored(s: &StoredStage) -> Result<(PaywallStage, usize), String> {
        if s.signals.len() != SIGNAL_COUNT
            || s.weights.len() != SIGNAL_COUNT
            || s.signals.iter().zip(SIGNALS).any(|(a, b)| a != b)
        {
            return Err(format!(
                "paywall stage: signals {:?} are not this version's {:?}",
                s.signals, SIGNALS
            ));
        }
        if !s.intercept.is_finite() || s.weights.iter().any(|w| !w.is_finite()) {
            return Err("paywall stage: a weight is not a finite number".into());
        }
        let mut weights = [0.0; SIGNAL_COUNT];
        weights.copy_from_slice(&s.weights);
        Ok((
            PaywallStage {
                weights,
                intercept: s.intercept,
            },
            s.pages,
        ))
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Default for PaywallStage {
    fn default() -> PaywallStage {
        PaywallStage::DEFAULT
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` if singular.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for c in 0..N {
        let p = (c..N).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        let pivot = a[c];
        for r in c + 1..N {
            let f = a[r][c] / pivot[c];
            for (v, p) in a[r][c..].iter_mut().zip(&pivot[c..]) {
                *v -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = [0.0; N];
    for r in (0..N).rev() {
        let s: f64 = (r + 1..N).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    Some(x)
}

/// The sections of `src/page/paywall_cues.txt`: class words (paywall family, fade family),
/// hiding class tokens, and wall phrases.
struct Cues {
    paywall: ClassWords,
    fade: ClassWords,
    hidden: Vec<String>,
    /// Finds any of `hidden` in a class list, ASCII case ignored: the blocks that cannot have a
    /// hiding token are told apart in one pass (most blocks).
    hidden_any: aho_corasick::AhoCorasick,
    /// The wall phrases, normalised: padded with spaces (whole words) unless written in a script
    /// without spaces between words.
    wall: aho_corasick::AhoCorasick,
}

fn cues() -> &'static Cues {
    static CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
    CUES.get_or_init(|| {
        let (mut paywall, mut fade, mut hidden, mut wall) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut section = "";
        for line in include_str!("paywall_cues.txt").lines() {
            let line = line.trim();
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let words = line.split_whitespace().map(str::to_string);
            match section {
                "[paywall]" => paywall.extend(words),
                "[fade]" => fade.extend(words),
                "[hidden]" => hidden.extend(words),
                "[wall]" => {
                    let mut norm = String::new();
                    crate::features::cues::normalize(line, &mut norm);
                    if line.chars().any(unspaced_script) {
                        norm = norm.trim().to_string();
                    }
                    wall.push(norm);
                }
                _ => {}
            }
        }
        let wall = aho_corasick::AhoCorasick::new(&wall).expect("wall phrases build an automaton");
        let hidden_any = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&hidden)
            .expect("hiding tokens build an automaton");
        Cues {
            paywall: ClassWords::new(paywall),
            fade: ClassWords::new(fade),
            hidden,
            hidden_any,
            wall,
        }
    })
}

/// Chinese and Japanese script and Hangul: written without spaces between words.
fn unspaced_script(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

/// Whether a block of `words` words says a wall phrase (see `[wall]` in
/// `src/page/paywall_cues.txt`).
fn says_wall(b: &ClassifiedBlock, words: usize, norm: &mut String) -> bool {
    if words > 60 {
        return false;
    }
    crate::features::cues::normalize(&b.block.text, norm);
    cues().wall.is_match(norm.as_str())
}

/// Whether a block's text says a login or registration phrase (the `auth` cue group).
fn says_auth(b: &ClassifiedBlock, words: usize, norm: &mut String) -> bool {
    let cues = crate::features::cues::TextCues::get();
    let Some(auth) = cues.names.iter().position(|n| *n == "auth") else {
        return false;
    };
    if words > 60 {
        return false;
    }
    crate::features::cues::normalize(&b.block.text, norm);
    let (mut counts, mut cover) = (vec![0; cues.names.len()], vec![0.0; cues.names.len()]);
    cues.scan(norm, &mut counts, &mut cover);
    counts[auth] > 0
}

/// Whether the block is hidden: by its markup (`hidden`, `aria-hidden`, inline style), or by a
/// hiding class token on it or an ancestor (`hidden`, `d-none`...). Tokens with a breakpoint
/// prefix (`md:block`) make an element visible somewhere: no verdict from the class then.
/// `ancestors` remembers the answer for the last ancestors' list.
fn hidden<'a>(b: &'a ClassifiedBlock, ancestors: &mut Memo<'a>) -> bool {
    b.block.hidden
        || hiding_tokens(&b.block.classes)
        || ancestors.get(&b.block.ancestor_classes, hiding_tokens)
}

/// Whether a class list has a hiding token and no breakpoint-prefixed one.
fn hiding_tokens(tokens: &str) -> bool {
    let cues = cues();
    !tokens.contains(':')
        && cues.hidden_any.is_match(tokens)
        && tokens
            .split_whitespace()
            .any(|t| cues.hidden.iter().any(|w| t.eq_ignore_ascii_case(w)))
}

/// The answers of a test on the class lists of a page, each distinct list read once: the blocks
/// of a page share a few ancestors' lists (some 350 bytes each; 3,057 distinct lists among 15,064
/// blocks of 48 wcxb-dev pages), runs of siblings the same one (two of three blocks have the
/// list of the block before: compared first, without hashing).
#[derive(Default)]
struct Memo<'a> {
    last: Option<(&'a str, bool)>,
    seen: FastMap<&'a str, bool>,
}

impl<'a> Memo<'a> {
    fn get(&mut self, tokens: &'a str, test: impl FnOnce(&str) -> bool) -> bool {
        let v = match self.last {
            Some((t, v)) if t == tokens => return v,
            _ => *self.seen.entry(tokens).or_insert_with(|| test(tokens)),
        };
        self.last = Some((tokens, v));
        v
    }
}

/// A list of class words, matched against the parts of class/id tokens (their runs of ASCII
/// letters and digits): a part that is one of the words, or holds one of five letters or more
/// (`paywall` in `articlepaywall`; `tp` only as a part of its own, not in `http`).
struct ClassWords {
    /// The words of five letters or more, found anywhere in a token list at once: such a word,
    /// all letters and digits, can only occur inside one part.
    long: aho_corasick::AhoCorasick,
    /// The shorter words, each only a whole part.
    short: Vec<String>,
}

impl ClassWords {
    fn new(words: Vec<String>) -> ClassWords {
        let (long, short): (Vec<String>, Vec<String>) =
            words.into_iter().partition(|w| w.len() >= 5);
        // A long word with another character never matches a part (parts are letters and
        // digits), but could match across two in the whole list: left out.
        let long: Vec<String> = long
            .into_iter()
            .filter(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()))
            .collect();
        ClassWords {
            long: aho_corasick::AhoCorasick::new(&long).expect("class words build an automaton"),
            short,
        }
    }

    /// Whether any class/id token in `tokens` (space-separated) has a part matching one of the
    /// words.
    fn any_in(&self, tokens: &str) -> bool {
        self.long.is_match(tokens)
            || (!self.short.is_empty()
                && tokens
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|part| part.len() < 5 && self.short.iter().any(|w| part == w)))
    }

    /// [`any_in`](ClassWords::any_in) on a block's ancestors' class tokens without the
    /// page-wide ones.
    fn around(&self, tokens: &str, page_wide: &[&str]) -> bool {
        // The whole list holds every part of the kept tokens: most blocks end here.
        self.any_in(tokens)
            && tokens
                .split_whitespace()
                .filter(|t| page_wide.binary_search(t).is_err())
                .any(|t| self.any_in(t))
    }
}

/// The class tokens among the ancestors' of both the first and the last block (those of
/// `<html>`, `<body>` and the page's wrappers): flags of the whole site or page, such as
/// `paywall_metering` on `<html>` of every article of a metered site, free ones too. Not "around
/// the article". (Not every block's: deep blocks see only their nearest ancestors' tokens.)
fn page_wide_tokens(blocks: &[ClassifiedBlock]) -> Vec<&str> {
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return Vec::new();
    };
    let end: std::collections::HashSet<&str> =
        last.block.ancestor_classes.split_whitespace().collect();
    let mut tokens: Vec<&str> = first
        .block
        .ancestor_classes
        .split_whitespace()
        .filter(|t| end.contains(t))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// The strength of a block of `words` words as a paywall prompt: P(chrome) x P(paywall |
/// chrome). A block of fewer than [`PROMPT_WORDS`] words (a footnote number, an icon's label) is
/// no prompt.
fn prompt(b: &ClassifiedBlock, words: usize) -> f64 {
    if b.block.gated || words < PROMPT_WORDS {
        0.0
    } else {
        (1.0 - b.probability) * f64::from(b.kind_probability(Kind::Paywall))
    }
}

/// What the signals measured, and the blocks they point at.
struct Measured {
    signals: [f64; SIGNAL_COUNT],
    best_prompt: Option<usize>,
    first_sure: Option<usize>,
    at_end: Option<usize>,
    content_words: usize,
}

fn measure<'a>(blocks: &'a [ClassifiedBlock], markup: &Markup) -> Measured {
    let mut s = [0.0f64; SIGNAL_COUNT];
    // Each block's words, counted once.
    let words: Vec<usize> = blocks
        .iter()
        .map(|b| crate::util::text::word_count(&b.block.text))
        .collect();
    let content_words: usize = (0..blocks.len())
        .filter(|&i| blocks[i].is_content())
        .map(|i| words[i])
        .sum();
    // Blocks that say a wall phrase.
    let mut norm = String::new();
    let phrase: Vec<bool> = blocks
        .iter()
        .zip(&words)
        .map(|(b, &n)| !b.block.gated && says_wall(b, n, &mut norm))
        .collect();
    let mut ancestors = Memo::default();
    let hide: Vec<bool> = blocks.iter().map(|b| hidden(b, &mut ancestors)).collect();
    // A block's strength as a prompt by its words and its kind, whatever its label: the content
    // model keeps some prompts inside the <article> as content.
    let worded = |i: usize| {
        if phrase[i] {
            f64::from(blocks[i].kind_probability(Kind::Paywall))
        } else {
            0.0
        }
    };
    // prompt, prompt_phrase, hidden_prompt
    let mut best: Option<(usize, f64)> = None;
    for (i, b) in blocks.iter().enumerate() {
        // A hidden prompt is served to every reader, free articles' too: `hidden_prompt`.
        let q = if hide[i] { 0.0 } else { prompt(b, words[i]) };
        if best.is_none_or(|(_, m)| q > m) {
            best = Some((i, q));
        }
        s[2] = s[2].max(worded(i));
        if phrase[i] && hide[i] {
            s[3] = 1.0;
        }
    }
    s[0] = best.map_or(0.0, |(_, q)| q);
    // truncation: a sure, visible prompt where the article ends (after some of the article,
    // before its last block or just after it, not in the lists further down), and how much
    // content follows it.
    // The visible article's end: a hidden block the model keeps (a prompt served hidden) is not it.
    let last = (0..blocks.len())
        .rev()
        .find(|&i| blocks[i].is_content() && !hide[i]);
    let end = last.map_or(0, |l| (l + 1 + END_WINDOW).min(blocks.len()));
    let sure: Vec<usize> = (0..end)
        .filter(|&i| (prompt(&blocks[i], words[i]) >= 0.5 || worded(i) >= 0.5) && !hide[i])
        .collect();
    let mut first_sure = None;
    for &at in &sure {
        // The wall's own lines (the prompt's siblings, or in a box beside it) are not article.
        let wall = blocks[at].block.container_id;
        let counted = |i: usize| {
            let b = &blocks[i].block;
            blocks[i].is_content() && !phrase[i] && b.container_id != wall && b.section_id != wall
        };
        let sum = |r: std::ops::Range<usize>| -> usize {
            r.filter(|&i| counted(i)).map(|i| words[i]).sum()
        };
        let (before, after) = (sum(0..at), sum(at..blocks.len()));
        if before >= 20 && after * 4 < before {
            s[1] = 1.0;
            first_sure = Some(at);
            break;
        }
    }
    let page_wide = page_wide_tokens(blocks);
    // Whether a list of ancestors' tokens has a paywall-family word (not page-wide ones).
    let mut paywall_around = Memo::default();
    // Around the end of the article.
    let (paywall_words, fade_words) = (&cues().paywall, &cues().fade);
    if let Some(last) = last {
        let after = last + 1..(last + 1 + END_WINDOW).min(blocks.len());
        let near: Vec<usize> = (0..=last)
            .rev()
            .filter(|&i| blocks[i].is_content() && !hide[i])
            .take(LAST_CONTENT)
            .chain(after.filter(|&i| !hide[i]))
            .collect();
        let form = near.iter().any(|&i| {
            let b = &blocks[i].block;
            b.path.split('>').any(|t| t == "form" || t == "button") || b.tag == "button"
        });
        if form
            && near.iter().any(|&i| {
                says_wall(&blocks[i], words[i], &mut norm)
                    || says_auth(&blocks[i], words[i], &mut norm)
            })
        {
            s[4] = 1.0;
        }
        let any = |list: &ClassWords, around: &mut Memo<'a>| {
            near.iter().any(|&i| {
                let b = &blocks[i].block;
                list.any_in(&b.classes)
                    || around.get(&b.ancestor_classes, |t| list.around(t, &page_wide))
            })
        };
        s[5] = f64::from(u8::from(any(paywall_words, &mut paywall_around)));
        s[6] = f64::from(u8::from(any(fade_words, &mut Memo::default())));
    }
    if content_words > 0 {
        // Content words in blocks with paywall-family class words: their own, their ancestors'.
        let (mut own, mut around) = (0, 0);
        let ancestors = &mut paywall_around;
        for (b, n) in blocks.iter().zip(&words).filter(|(b, _)| b.is_content()) {
            if paywall_words.any_in(&b.block.classes) {
                own += n;
            }
            if ancestors.get(&b.block.ancestor_classes, |t| {
                paywall_words.around(t, &page_wide)
            }) {
                around += n;
            }
        }
        s[7] = own as f64 / content_words as f64;
        s[8] = around as f64 / content_words as f64;
    }
    let prose = |&i: &usize| {
        let b = &blocks[i].block;
        words[i] >= 12 && (b.link_chars as usize) * 3 < b.text.len()
    };
    let prose_words: usize = (0..blocks.len()).filter(prose).map(|i| words[i]).sum();
    if prose_words > 0 {
        let hidden: usize = (0..blocks.len())
            .filter(prose)
            .filter(|&i| hide[i])
            .map(|i| words[i])
            .sum();
        s[9] = hidden as f64 / prose_words as f64;
    }
    if let Some(declared) = markup.declared_words.filter(|&d| d > 0) {
        let ratio = content_words as f64 / f64::from(declared);
        s[10] = f64::from(u8::from(ratio < 0.75));
        s[11] = f64::from(u8::from(ratio > 3.0));
    }
    s[12] = (1.0 - content_words as f64 / 300.0).clamp(0.0, 1.0);
    Measured {
        signals: s,
        best_prompt: best.map(|(i, _)| i),
        first_sure,
        at_end: last,
        content_words,
    }
}

/// Combines the evidence of a classified page into its verdict.
pub(crate) fn verdict(
    blocks: &[ClassifiedBlock],
    markup: &Markup,
    stage: &PaywallStage,
) -> Paywall {
    let mut evidence = Vec::new();
    let m = measure(blocks, markup);
    let mut probability = stage.probability(&m.signals);
    for (k, name) in SIGNALS.iter().enumerate() {
        let c = stage.weights[k] * m.signals[k];
        if m.signals[k] <= 0.0 || c <= 0.0 {
            continue;
        }
        let (detail, block) = match *name {
            "prompt" => {
                let i = m.best_prompt.unwrap_or(0);
                (
                    format!(
                        "block {i} reads as a paywall prompt ({:.2}): {}",
                        m.signals[k],
                        crate::util::text::preview(&blocks[i].block.text, 80)
                    ),
                    Some(i),
                )
            }
            "truncation" => {
                let at = m.first_sure.unwrap_or(0);
                (
                    format!("the article text stops at the prompt in block {at}"),
                    Some(at),
                )
            }
            "shorter_than_declared" | "declared_teaser" => (
                format!(
                    "JSON-LD declares {} words; the article shows {}",
                    markup.declared_words.unwrap_or(0),
                    m.content_words
                ),
                None,
            ),
            _ => (
                format!("{name} = {:.2}", m.signals[k]),
                m.at_end.filter(|_| name.ends_with("_at_end")),
            ),
        };
        evidence.push(Evidence {
            signal: name,
            detail,
            block,
            strength: 1.0 - (-c).exp(),
        });
    }
    match markup.accessible_for_free {
        Some(false) => {
            probability = 1.0 - (1.0 - probability) * (1.0 - MARKUP_STRENGTH);
            evidence.push(Evidence {
                signal: "markup",
                detail: "JSON-LD says isAccessibleForFree: false".into(),
                block: None,
                strength: MARKUP_STRENGTH,
            });
            let gated = blocks.iter().filter(|b| b.block.gated).count();
            if !markup.gated_selectors.is_empty() {
                evidence.push(Evidence {
                    signal: "gated-parts",
                    detail: format!(
                        "{gated} blocks inside the gated part(s) {} (content behind the wall)",
                        markup.gated_selectors.join(", ")
                    ),
                    block: None,
                    strength: 0.0,
                });
            }
        }
        Some(true) => {
            probability *= 0.5;
            evidence.push(Evidence {
                signal: "markup",
                detail: "JSON-LD says isAccessibleForFree: true".into(),
                block: None,
                strength: 0.0,
            });
        }
        None => {}
    }
    evidence.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    Paywall {
        paywalled: probability >= 0.5,
        probability,
        evidence,
        signals: m.signals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Class lists with and without the words, page-wide tokens, odd characters.
    const LISTS: &[&str] = &[
        "",
        "tp",
        "http-link tpl",
        "article-paywall",
        "articlepaywalled x-plus plusminus",
        "abo-box gate gateway",
        "piano_meter sub",
        "Hidden d-NONE",
        "md:hidden hidden",
        "is-hidden-block  u-hidden\u{a0}x",
        "fadeout text-truncate blur-3 clampy",
        "premiumé préminum pay wall",
        "layout site wrapper paywall_metering",
    ];

    /// `has_class_word` as first written: every part against every word.
    fn has_class_word(tokens: &str, words: &[String]) -> bool {
        tokens
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .any(|part| {
                words.iter().any(|w| {
                    part == w || (w.len() >= 5 && part.len() > w.len() && part.contains(&**w))
                })
            })
    }

    fn section(name: &str) -> Vec<String> {
        let mut on = false;
        let mut words = Vec::new();
        for line in include_str!("paywall_cues.txt").lines() {
            let line = line.trim();
            if line.starts_with('[') {
                on = line == name;
            } else if on && !line.starts_with('#') {
                words.extend(line.split_whitespace().map(str::to_string));
            }
        }
        assert!(!words.is_empty(), "{name}");
        words
    }

    #[test]
    fn class_words_match_as_the_word_loop_did() {
        for (name, list) in [("[paywall]", &cues().paywall), ("[fade]", &cues().fade)] {
            let words = section(name);
            let page_wide = ["layout", "paywall_metering", "site"];
            for tokens in LISTS {
                assert_eq!(
                    list.any_in(tokens),
                    has_class_word(tokens, &words),
                    "{name} {tokens:?}"
                );
                let own: Vec<&str> = tokens
                    .split_whitespace()
                    .filter(|t| page_wide.binary_search(t).is_err())
                    .collect();
                assert_eq!(
                    list.around(tokens, &page_wide),
                    has_class_word(&own.join(" "), &words),
                    "{name} {tokens:?} without the page-wide tokens"
                );
            }
        }
        assert!(cues().paywall.any_in("x articlepaywall"));
        assert!(!cues().paywall.any_in("http"));
        assert!(!cues()
            .paywall
            .around("layout site paywall_metering", &["paywall_metering"]));
    }

    #[test]
    fn hiding_tokens_match_as_the_word_loop_did() {
        let words = section("[hidden]");
        for tokens in LISTS {
            let loop_says = !tokens.contains(':')
                && tokens
                    .split_whitespace()
                    .any(|t| words.iter().any(|w| t.eq_ignore_ascii_case(w)));
            assert_eq!(hiding_tokens(tokens), loop_says, "{tokens:?}");
        }
        assert!(hiding_tokens("Hidden d-NONE"));
        assert!(!hiding_tokens("md:hidden hidden"));
    }

    #[test]
    fn memo_reads_each_list_once() {
        let mut memo = Memo::default();
        let mut calls = 0;
        let mut test = |t: &str| {
            calls += 1;
            t.contains('x')
        };
        let (a, b) = (String::from("x y"), String::from("x y"));
        assert!(memo.get(&a, &mut test));
        assert!(memo.get(&b, &mut test));
        assert!(!memo.get("y", &mut test));
        assert!(memo.get(&a, &mut test));
        assert!(!memo.get("y", &mut test));
        assert_eq!(calls, 2);
    }
}
