//! Quality measures, as the public benchmarks compute them.

use std::collections::HashMap;

use crate::util::text::words;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1, the harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    /// Weighted precision, recall and F1 of keeping the rows whose probability reaches
    /// `threshold`; rows are (probability, truly positive, weight).
    pub(crate) fn at_threshold(
        rows: impl IntoIterator<Item = (f64, bool, f64)>,
        threshold: f64,
    ) -> Prf {
        let (mut tp, mut pred, mut act) = (0.0, 0.0, 0.0);
        for (p, t, w) in rows {
            let predicted = p >= threshold;
            if predicted {
                pred += w;
            }
            if t {
                act += w;
            }
            if predicted && t {
                tp += w;
            }
        }
        Prf::from_counts(tp, pred, act)
    }

    /// From true positives, predicted positives and actual positives (any non-negative weights).
    pub fn from_counts(tp: f64, predicted: f64, actual: f64) -> Prf {
        // Conventions of the benchmarks: nothing predicted and nothing to find is perfect.
        let precision = if predicted > 0.0 {
            tp / predicted
        } else if actual > 0.0 {
            0.0
        } else {
            1.0
        };
        let recall = if actual > 0.0 {
            tp / actual
        } else if predicted > 0.0 {
            0.0
        } else {
            1.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Word-level precision/recall/F1 of `extracted` against `gold`: lower-cased `\w+` tokens
/// compared as multisets.
pub fn word_prf(extracted: &str, gold: &str) -> Prf {
    let mut counts: HashMap<String, i64> = HashMap::new();
    let mut actual = 0.0;
    for w in words(gold) {
        *counts.entry(w.to_lowercase()).or_default() += 1;
        actual += 1.0;
    }
    let (mut tp, mut predicted) = (0.0, 0.0);
    for w in words(extracted) {
        predicted += 1.0;
        if let Some(c) = counts.get_mut(&w.to_lowercase()) {
            if *c > 0 {
                *c -= 1;
                tp += 1.0;
            }
        }
    }
    Prf::from_counts(tp, predicted, actual)
}

/// Block-level figures: precision/recall/F1 of `content` and ROC-AUC, each block weighted (by
/// its word count, as the boilerpipe paper does, or by 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct BlockMetrics {
    /// Blocks scored.
    pub blocks: usize,
    /// Precision/recall/F1 of the content class.
    pub prf: Prf,
    /// Area under the ROC curve of the content probability.
    pub roc_auc: f64,
}

impl BlockMetrics {
    /// Scores probabilities against truth at `threshold`, each block with its weight.
    pub fn compute(
        probabilities: &[f64],
        truth: &[bool],
        weights: &[f64],
        threshold: f64,
    ) -> BlockMetrics {
        let rows = probabilities
            .iter()
            .zip(truth)
            .zip(weights)
            .map(|((&p, &t), &w)| (p, t, w));
        BlockMetrics {
            blocks: probabilities.len(),
            prf: Prf::at_threshold(rows, threshold),
            roc_auc: roc_auc(probabilities, truth, weights),
        }
    }
}

/// Weighted ROC-AUC (ties count one half). 0.5 when one class is absent.
pub fn roc_auc(scores: &[f64], truth: &[bool], weights: &[f64]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len().min(truth.len()).min(weights.len())).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (pos_total, neg_total) = idx.iter().fold((0.0, 0.0), |(p, n), &i| {
        if truth[i] {
            (p + weights[i], n)
        } else {
            (p, n + weights[i])
        }
    });
    if pos_total <= 0.0 || neg_total <= 0.0 {
        return 0.5;
    }
    // Walk groups of equal score upwards; each positive beats the negatives below it.
    let (mut neg_below, mut area) = (0.0, 0.0);
    let mut k = 0;
    while k < idx.len() {
        let mut j = k;
        let (mut pos_here, mut neg_here) = (0.0, 0.0);
        while j < idx.len() && scores[idx[j]] == scores[idx[k]] {
            let i = idx[j];
            if truth[i] {
                pos_here += weights[i]
            } else {
                neg_here += weights[i]
            }
            j += 1;
        }
        area += pos_here * (neg_below + 0.5 * neg_here);
        neg_below += neg_here;
        k = j;
    }
    area / (pos_total * neg_total)
}

/// Text prepared for snippet matching: lower-cased `\w+` tokens joined by single spaces, with a
/// space at both ends, so that a snippet matches on whole words whatever the punctuation.
pub fn match_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for w in words(s) {
        for c in w.chars() {
            out.extend(c.to_lowercase());
        }
        out.push(' ');
    }
    out
}

/// True when `snippet` occurs in `haystack` (prepared with [`match_text`]) as a run of words
/// starting at a word start. The last word may match as a prefix, because WCXB cuts long snippets
/// at a fixed length, mid-word. An empty snippet never matches.
pub fn contains_snippet(haystack: &str, snippet: &str) -> bool {
    let s = match_text(snippet);
    s.len() > 1 && haystack.contains(s.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_prf_uses_multisets() {
        let m = word_prf("the the cat", "The cat sat");
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn auc_of_perfect_and_inverted_scores() {
        let t = [true, false, true, false];
        let w = [1.0; 4];
        assert_eq!(roc_auc(&[0.9, 0.1, 0.8, 0.2], &t, &w), 1.0);
        assert_eq!(roc_auc(&[0.1, 0.9, 0.2, 0.8], &t, &w), 0.0);
        assert_eq!(roc_auc(&[0.5; 4], &t, &w), 0.5);
    }
}
