//! Kinds of chrome: what a chrome block is (a paywall prompt, navigation, a cookie banner...).
//!
//! The content/chrome decision is the binary model's; a second, multinomial stage over the same
//! features says which kind each block would be if it is chrome. A block's kind probabilities
//! are P(kind | chrome); [`ClassifiedBlock::kind`](crate::ClassifiedBlock::kind) is the most
//! likely kind of a block labelled chrome.

use std::path::Path;

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::label::Kind;

/// Per-kind figures on held-out annotated blocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KindValidation {
    /// The kind.
    pub kind: String,
    /// Held-out blocks annotated with this kind.
    pub support: usize,
    /// Of the held-out blocks predicted this kind, the share annotated with it.
    pub precision: f64,
    /// Of the held-out blocks annotated with this kind, the share predicted as it.
    pub recall: f64,
}

/// The multinomial kind stage: one weight row per kind over the first stage's features.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KindStage {
    /// Kind names, in the order of `weights` (those seen in training).
    kinds: Vec<String>,
    /// Per kind: weights on the standardised features (the binary model's scaler).
    weights: Vec<Vec<f64>>,
    intercepts: Vec<f64>,
    /// Annotated blocks the stage was fitted on.
    #[serde(default)]
    pub(crate) rows: usize,
    /// Accuracy over held-out annotated blocks.
    #[serde(default)]
    pub(crate) accuracy: Option<f64>,
    /// Per-kind figures on held-out annotated blocks.
    #[serde(default)]
    pub(crate) validation: Vec<KindValidation>,
    /// `Kind` of each row of `weights`.
    #[serde(skip)]
    order: Vec<Kind>,
    /// Features × kinds, scaler folded in.
    #[serde(skip)]
    folded: Array2<f64>,
    #[serde(skip)]
    folded_intercepts: Array1<f64>,
}

impl KindStage {
    pub(crate) fn new(kinds: Vec<Kind>, weights: Vec<Vec<f64>>, intercepts: Vec<f64>) -> Self {
        KindStage {
            kinds: kinds.iter().map(|k| k.as_str().to_string()).collect(),
            weights,
            intercepts,
            rows: 0,
            accuracy: None,
            validation: Vec::new(),
            order: kinds,
            folded: Array2::zeros((0, 0)),
            folded_intercepts: Array1::zeros(0),
        }
    }

    /// Checks the stage against the binary model's scaler and folds the scaler in.
    pub(crate) fn checked(mut self, path: &Path, mean: &[f64], scale: &[f64]) -> Result<Self> {
        let n = mean.len();
        let bad = |m: String| Err(Error::model(path, format!("its kind stage: {m}")));
        self.order = Vec::with_capacity(self.kinds.len());
        for name in &self.kinds {
            match name.parse::<Kind>() {
                Ok(k) if !self.order.contains(&k) => self.order.push(k),
                Ok(k) => return bad(format!("kind '{k}' twice")),
                Err(m) => return bad(m),
            }
        }
        if self.kinds.is_empty()
            || self.weights.len() != self.kinds.len()
            || self.intercepts.len() != self.kinds.len()
        {
            return bad("needs one weight row and one intercept per kind".into());
        }
        if self.weights.iter().any(|w| w.len() != n) {
            return bad(format!("each weight row must hold {n} values"));
        }
        if self
            .weights
            .iter()
            .flatten()
            .chain(&self.intercepts)
            .any(|x| !x.is_finite())
        {
            return bad("holds a non-finite value".into());
        }
        let k = self.kinds.len();
        let mut folded = Array2::zeros((n, k));
        let mut b = Array1::zeros(k);
        for (j, (w, c)) in self.weights.iter().zip(&self.intercepts).enumerate() {
            let mut shift = 0.0;
            for i in 0..n {
                let f = w[i] / scale[i];
                folded[[i, j]] = f;
                shift += f * mean[i];
            }
            b[j] = c - shift;
        }
        if folded.iter().chain(b.iter()).any(|x: &f64| !x.is_finite()) {
            return bad("weights divided by the scale overflow".into());
        }
        self.folded = folded;
        self.folded_intercepts = b;
        Ok(self)
    }

    /// P(kind | chrome) for each row of a raw feature matrix, one array of [`Kind::COUNT`] per
    /// row, indexed by [`Kind::index`] (kinds the stage never saw get 0).
    pub(crate) fn probabilities(&self, x: &Array2<f64>) -> Vec<[f32; Kind::COUNT]> {
        if x.ncols() != self.folded.nrows() {
            return vec![[0.0; Kind::COUNT]; x.nrows()];
        }
        let mut z = x.dot(&self.folded);
        z += &self.folded_intercepts;
        z.rows()
            .into_iter()
            .map(|row| {
                let mut out = [0.0f32; Kind::COUNT];
                let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if !max.is_finite() {
                    out[Kind::Other.index()] = 1.0;
                    return out;
                }
                let sum: f64 = row.iter().map(|v| (v - max).exp()).sum();
                for (k, v) in self.order.iter().zip(row) {
                    out[k.index()] = ((v - max).exp() / sum) as f32;
                }
                out
            })
            .collect()
    }
}
