//! The context pass: a second, small logistic model over the first model's log-odds of each
//! block and of its neighbours, container and page.
//!
//! Boilerplate comes in clusters and so does content (jusText and Web2Text both gain from such a
//! smoothing step): a short line between two paragraphs of an article is likely content, a
//! paragraph-like comment among many other comments below the article likely not. A linear model
//! over one block's features cannot see its neighbours' *verdicts*; this pass can.

use ndarray::{Array1, Array2};

use crate::html::Block;
use crate::label::Kind;
use crate::util::fasthash::FastMap;

/// Names of the context features, in column order: verdicts of the block and its context, then
/// the kind stage's P(kind | chrome) of the block (zero when the model has no kind stage), so a
/// block that reads exactly like a paywall prompt or a newsletter box can be chrome even inside
/// the article.
pub const CONTEXT_FEATURES: [&str; 28] = [
    "z_self",
    "z_prev",
    "z_next",
    "z_window2_mean",
    "z_window5_mean",
    "z_container_mean",
    "z_section_mean",
    "z_page_mean",
    "z_page_max",
    "page_content_share",
    "short",
    "short_x_window2",
    "short_x_container",
    "z_dense_region",
    "z_path_mean",
    "kind_comments_path_mean",
    "kind_comments_section_mean",
    "kind_paywall",
    "kind_promo",
    "kind_newsletter",
    "kind_consent",
    "kind_navigation",
    "kind_related",
    "kind_share",
    "kind_legal",
    "kind_ad",
    "kind_comments",
    "kind_other",
];

/// Columns before the kind probabilities.
const VERDICT_COLUMNS: usize = 17;

/// Blocks shorter than this many words lean on their neighbours' verdicts.
const SHORT_WORDS: usize = 8;

/// The context feature matrix of one page, from the first stage's log-odds `z` of its blocks
/// (kind columns zero).
pub fn context_features(blocks: &[Block], z: &Array1<f64>) -> Array2<f64> {
    context_features_with_kinds(blocks, z, &[])
}

/// The context feature matrix of one page, from the first stage's log-odds `z` of its blocks
/// and the kind stage's P(kind | chrome) (`kinds` empty, or one entry per block).
pub fn context_features_with_kinds(
    blocks: &[Block],
    z: &Array1<f64>,
    kinds: &[[f32; Kind::COUNT]],
) -> Array2<f64> {
    let n = blocks.len().min(z.len());
    let mut out = Array2::zeros((n, CONTEXT_FEATURES.len()));
    if n == 0 {
        return out;
    }
    // Verdicts are squashed into -6..6 so one extreme block cannot dominate a mean.
    let zc: Vec<f64> = z.iter().take(n).map(|v| v.clamp(-6.0, 6.0)).collect();
    let mut container: FastMap<u32, (f64, f64)> = FastMap::default();
    let mut section: FastMap<u32, (f64, f64)> = FastMap::default();
    // Blocks of the same path (a comment thread's bodies, a menu's items): their verdicts, and
    // how much the kind stage takes them (and the block's section) for comments.
    let mut path: FastMap<&str, (f64, f64)> = FastMap::default();
    let mut comments_path: FastMap<&str, (f64, f64)> = FastMap::default();
    let mut comments_section: FastMap<u32, (f64, f64)> = FastMap::default();
    let comments = |i: usize| {
        kinds
            .get(i)
            .map_or(0.0, |k| f64::from(k[Kind::Comments.index()]))
    };
    for (i, (b, &v)) in blocks.iter().zip(&zc).enumerate() {
        let e = path.entry(b.path.as_str()).or_default();
        e.0 += v;
        e.1 += 1.0;
        let c = comments(i);
        let e = comments_path.entry(b.path.as_str()).or_default();
        e.0 += c;
        e.1 += 1.0;
        let e = comments_section.entry(b.section_id).or_default();
        e.0 += c;
        e.1 += 1.0;
    }
    for (b, &v) in blocks.iter().zip(&zc) {
        let c = container.entry(b.container_id).or_default();
        c.0 += v;
        c.1 += 1.0;
        let s = section.entry(b.section_id).or_default();
        s.0 += v;
        s.1 += 1.0;
    }
    // Prefix sums for window means.
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for &v in &zc {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + v);
    }
    let window_mean = |i: usize, w: usize| {
        let lo = i.saturating_sub(w);
        let hi = (i + w + 1).min(n);
        let count = (hi - lo - 1) as f64;
        if count <= 0.0 {
            zc[i]
        } else {
            (prefix[hi] - prefix[lo] - zc[i]) / count
        }
    };
    let page_mean = prefix[n] / n as f64;
    let page_max = zc.iter().copied().fold(f64::MIN, f64::max);
    let share = zc.iter().filter(|&&v| v > 0.0).count() as f64 / n as f64;
    // The verdict at the centre of the best-scored window of five blocks.
    let dense = (0..n)
        .map(|i| window_mean(i, 2) * 4.0 + zc[i])
        .fold(f64::MIN, f64::max)
        / 5.0;
    for (i, b) in blocks.iter().take(n).enumerate() {
        let others = |m: &FastMap<u32, (f64, f64)>, key: u32| {
            let (sum, count) = m.get(&key).copied().unwrap_or((zc[i], 1.0));
            if count > 1.0 {
                (sum - zc[i]) / (count - 1.0)
            } else {
                zc[i]
            }
        };
        let short = f64::from(u8::from(
            crate::util::text::words(&b.text).take(SHORT_WORDS).count() < SHORT_WORDS,
        ));
        let w2 = window_mean(i, 2);
        let (ps, pc) = path.get(b.path.as_str()).copied().unwrap_or((zc[i], 1.0));
        let path_mean = if pc > 1.0 {
            (ps - zc[i]) / (pc - 1.0)
        } else {
            zc[i]
        };
        let mean = |(s, c): (f64, f64)| if c > 0.0 { s / c } else { 0.0 };
        let cp = mean(
            comments_path
                .get(b.path.as_str())
                .copied()
                .unwrap_or_default(),
        );
        let cs = mean(
            comments_section
                .get(&b.section_id)
                .copied()
                .unwrap_or_default(),
        );
        let cm = others(&container, b.container_id);
        let row = [
            zc[i],
            if i > 0 { zc[i - 1] } else { page_mean },
            if i + 1 < n { zc[i + 1] } else { page_mean },
            w2,
            window_mean(i, 5),
            cm,
            others(&section, b.section_id),
            page_mean,
            page_max,
            share,
            short,
            short * w2,
            short * cm,
            dense,
            path_mean,
            cp,
            cs,
        ];
        for (k, v) in row.into_iter().enumerate() {
            out[[i, k]] = if v.is_finite() { v } else { 0.0 };
        }
        if let Some(p) = kinds.get(i) {
            for (k, &v) in p.iter().enumerate() {
                out[[i, VERDICT_COLUMNS + k]] = if v.is_finite() { f64::from(v) } else { 0.0 };
            }
        }
    }
    out
}
