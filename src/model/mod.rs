//! The model: feature names, scaler, weights, threshold and provenance, saved as JSON.

#[cfg(feature = "fast-train")]
mod blas;
pub mod kind;
pub mod metrics;
pub mod train;

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::context::{context_features_with_kinds, CONTEXT_FEATURES};
use crate::features::{feature_names, write_page_features};
use crate::html::Block;
use crate::html::Limits;
use crate::html::Markup;
use crate::label::Kind;
use crate::model::kind::{KindStage, KindValidation};
use crate::page::paywall::{PaywallStage, StoredStage};
use crate::page::Page;

/// Values kept in a thread's reusable feature-matrix buffer at most (8 MiB: pages of up to
/// about 4,400 blocks; larger pages get a buffer of their own).
const SCRATCH_MAX_VALUES: usize = 1 << 20;

thread_local! {
    /// The feature-matrix buffer of [`Model::predict_page`], reused from page to page.
    static SCRATCH: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

/// The `format` field of every model file.
const FORMAT: &str = "unchrome-model";
/// The model file version this build reads and writes.
pub const MODEL_VERSION: u32 = 1;

const BUNDLED_JSON: &str = include_str!("../../models/default.json");

/// Where a model's training data came from. Holds no date, so that a retrain on the same data
/// gives the same file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    /// The training CSV files (file names only).
    pub data: Vec<String>,
    /// Pages used for fitting.
    pub pages: usize,
    /// Rows (blocks) used for fitting.
    pub rows: usize,
    /// Of these, rows labelled content.
    pub content_rows: usize,
    /// The file of held-out domains, if any.
    pub holdout_domains: Option<String>,
    /// L2 regularisation strength.
    pub alpha: f64,
    /// Iteration cap of the L-BFGS solver.
    pub max_iterations: u64,
    /// The unchrome version that trained the model.
    pub unchrome_version: String,
}

/// Block-level figures on held-out rows (see [`BlockMetrics`](crate::BlockMetrics)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Validation {
    /// Pages held out.
    pub pages: usize,
    /// Rows held out.
    pub rows: usize,
    /// Word-weighted block precision of `content` at the model's threshold.
    pub precision: f64,
    /// Word-weighted block recall.
    pub recall: f64,
    /// Word-weighted block F1.
    pub f1: f64,
    /// Word-weighted ROC-AUC of the content probability.
    pub roc_auc: f64,
    /// Mean over pages of the word F1 of the kept blocks against the blocks labelled content.
    pub mean_page_f1: f64,
}

/// A fitted content/chrome classifier.
///
/// Load one with [`Model::bundled`] or [`Model::load`]; classify with [`Model::classify_html`]
/// or [`Model::classify_bytes`]. A `Model` is immutable and `Send + Sync`: share one across
/// threads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    format: String,
    version: u32,
    features: Vec<String>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
    intercept: f64,
    threshold: f64,
    #[serde(default)]
    training: Provenance,
    #[serde(default)]
    validation: Option<Validation>,
    /// Threshold for `--favor-precision`, chosen on validation data (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    favor_precision_threshold: Option<f64>,
    /// Threshold for `--favor-recall`, chosen on validation data (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    favor_recall_threshold: Option<f64>,
    /// The context pass over first-stage verdicts (see [`context`](crate::context)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<ContextStage>,
    /// The multinomial kind stage (see [`Kind`]); absent in models trained without kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kinds: Option<KindStage>,
    /// The paywall verdict's fitted signal weights (see [`PaywallStage`]); absent in models
    /// trained without `--paywall-pages`, which use [`PaywallStage::DEFAULT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paywall: Option<StoredStage>,
    /// `paywall`, checked.
    #[serde(skip)]
    paywall_stage: PaywallStage,
    /// `weights / scale`, so that prediction needs one dot product per block.
    #[serde(skip)]
    folded: Array1<f64>,
    /// `intercept - Σ weights·mean/scale`.
    #[serde(skip)]
    folded_intercept: f64,
}

impl Model {
    /// Builds a model from its parts; checks them as [`Model::load`] does.
    pub(crate) fn from_parts(
        mean: Vec<f64>,
        scale: Vec<f64>,
        weights: Vec<f64>,
        intercept: f64,
        threshold: f64,
        training: Provenance,
        validation: Option<Validation>,
    ) -> Result<Model> {
        let model = Model {
            format: FORMAT.to_string(),
            version: MODEL_VERSION,
            features: feature_names().to_vec(),
            mean,
            scale,
            weights,
            intercept,
            threshold,
            training,
            validation,
            favor_precision_threshold: None,
            favor_recall_threshold: None,
            context: None,
            kinds: None,
            paywall: None,
            paywall_stage: PaywallStage::DEFAULT,
            folded: Array1::zeros(0),
            folded_intercept: 0.0,
        };
        model.checked(Path::new("<new model>"))
    }

    /// The default model, trained on WCXB (see `models/README.md`), embedded in the crate. Parsed
    /// once, on first use.
    pub fn bundled() -> &'static Model {
        static BUNDLED: OnceLock<Model> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Model::from_json(BUNDLED_JSON, Path::new("<bundled>"))
                .expect("the bundled model matches this build (checked by the test suite)")
        })
    }

    /// Loads a model file.
    ///
    /// Fails, naming the file, when it is not JSON, is truncated, has another format version,
    /// or was built for other features than this build computes.
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let json = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Model::from_json(&json, path)
    }

    /// Parses a model from JSON text; `path` names it in errors.
    pub fn from_json(json: &str, path: &Path) -> Result<Model> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header = serde_json::from_str(json).map_err(|e| {
            // A file cut inside a number (`0.` at its end) is a syntax error at the last
            // character, not an end-of-input one: truncated all the same.
            let last_line = json.rsplit('\n').next().unwrap_or("");
            let at_end = e.is_syntax()
                && json.trim_start().starts_with('{')
                && e.line() == json.matches('\n').count() + 1
                && e.column() >= last_line.chars().count();
            let what = if e.is_eof() || at_end {
                "truncated JSON"
            } else if e.is_data() {
                "not an unchrome model" // JSON, but e.g. an array, or "version": -1
            } else {
                "not JSON"
            };
            Error::model(path, format!("{what} ({e})"))
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(Error::model(
                path,
                format!("no \"format\": \"{FORMAT}\" field"),
            ));
        }
        match header.version {
            Some(MODEL_VERSION) => {}
            Some(v) => {
                return Err(Error::model(
                    path,
                    format!("model version {v}, this build reads version {MODEL_VERSION}"),
                ))
            }
            None => return Err(Error::model(path, "no \"version\" field")),
        }
        let model: Model =
            serde_json::from_str(json).map_err(|e| Error::model(path, e.to_string()))?;
        model.checked(path)
    }

    /// Validates the parts and computes the folded weights.
    fn checked(mut self, path: &Path) -> Result<Model> {
        let names = feature_names();
        if self.features != names {
            let differ = self
                .features
                .iter()
                .zip(names)
                .position(|(a, b)| a != b)
                .map_or_else(String::new, |i| {
                    format!(
                        "; first difference at column {i}: model has '{}', this build has '{}'",
                        self.features[i], names[i]
                    )
                });
            return Err(Error::model(
                path,
                format!(
                    "built for other features ({} columns, this build computes {}{differ}); retrain it with this version",
                    self.features.len(),
                    names.len()
                ),
            ));
        }
        let n = names.len();
        for (what, v) in [
            ("mean", &self.mean),
            ("scale", &self.scale),
            ("weights", &self.weights),
        ] {
            if v.len() != n {
                return Err(Error::model(
                    path,
                    format!("'{what}' has {} values, expected {n}", v.len()),
                ));
            }
            if v.iter().any(|x| !x.is_finite()) {
                return Err(Error::model(
                    path,
                    format!("'{what}' holds a non-finite value"),
                ));
            }
        }
        if self.scale.iter().any(|&s| s <= 0.0) {
            return Err(Error::model(
                path,
                "'scale' holds a value that is not positive",
            ));
        }
        if !self.intercept.is_finite() {
            return Err(Error::model(path, "'intercept' is not finite"));
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(Error::model(path, "'threshold' is not between 0 and 1"));
        }
        for (what, t) in [
            ("favor_precision_threshold", self.favor_precision_threshold),
            ("favor_recall_threshold", self.favor_recall_threshold),
        ] {
            if t.is_some_and(|t| !(0.0..=1.0).contains(&t)) {
                return Err(Error::model(
                    path,
                    format!("'{what}' is not between 0 and 1"),
                ));
            }
        }
        if let Some(c) = self.context.take() {
            self.context = Some(c.checked(path)?);
        }
        if let Some(k) = self.kinds.take() {
            self.kinds = Some(k.checked(path, &self.mean, &self.scale)?);
        }
        self.paywall_stage = match &self.paywall {
            Some(p) => {
                PaywallStage::from_stored(p)
                    .map_err(|e| Error::model(path, e))?
                    .0
            }
            None => PaywallStage::DEFAULT,
        };
        (self.folded, self.folded_intercept) =
            fold_scaler(&self.weights, &self.scale, &self.mean, self.intercept);
        if !self.folded_intercept.is_finite() || self.folded.iter().any(|w| !w.is_finite()) {
            return Err(Error::model(
                path,
                "'weights' divided by 'scale' overflow (a scale too close to 0)",
            ));
        }
        Ok(self)
    }

    /// Writes the model as JSON, atomically: a temporary file in the same folder, then a rename,
    /// so an interrupted save never leaves a half-written model over a good one.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let json = serde_json::to_string_pretty(self).expect("a model always serialises");
        crate::util::io::write_atomic(path.as_ref(), json.as_bytes())
    }

    /// The content-probability threshold: blocks at or above it are content.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// A copy of the model with another threshold (clamped to 0..=1): the precision/recall dial.
    pub fn with_threshold(&self, threshold: f64) -> Model {
        let mut m = self.clone();
        m.threshold = if threshold.is_nan() {
            self.threshold
        } else {
            threshold.clamp(0.0, 1.0)
        };
        m
    }

    /// The threshold of `--favor-precision`: the one stored in the model (chosen on validation
    /// data), else the model's threshold moved up by [`FAVOR_OFFSET`] in log-odds.
    pub fn favor_precision_threshold(&self) -> f64 {
        self.favor_precision_threshold
            .unwrap_or_else(|| shift_log_odds(self.threshold, FAVOR_OFFSET))
    }

    /// The threshold of `--favor-recall`: the one stored in the model (chosen on validation
    /// data), else the model's threshold moved down by [`FAVOR_OFFSET`] in log-odds.
    pub fn favor_recall_threshold(&self) -> f64 {
        self.favor_recall_threshold
            .unwrap_or_else(|| shift_log_odds(self.threshold, -FAVOR_OFFSET))
    }

    /// True when the model file stores its own `--favor-precision` and `--favor-recall`
    /// thresholds (rather than falling back to [`FAVOR_OFFSET`]).
    pub fn has_favor_thresholds(&self) -> bool {
        self.favor_precision_threshold.is_some() && self.favor_recall_threshold.is_some()
    }

    /// Stores the `--favor-precision` and `--favor-recall` thresholds chosen on held-out data
    /// (each clamped to 0..=1; `None` falls back to [`FAVOR_OFFSET`]).
    #[allow(dead_code)] // filled by training once it chooses them
    pub(crate) fn with_favor_thresholds(
        mut self,
        precision: Option<f64>,
        recall: Option<f64>,
    ) -> Model {
        let clean = |t: Option<f64>| t.filter(|t| !t.is_nan()).map(|t| t.clamp(0.0, 1.0));
        self.favor_precision_threshold = clean(precision);
        self.favor_recall_threshold = clean(recall);
        self
    }

    /// Sets the threshold chosen on held-out data and the figures measured there.
    pub(crate) fn with_validation(mut self, threshold: f64, validation: Validation) -> Model {
        self.threshold = threshold;
        self.validation = Some(validation);
        self
    }

    /// The scaler: per-feature means and standard deviations.
    pub(crate) fn scaler(&self) -> (&[f64], &[f64]) {
        (&self.mean, &self.scale)
    }

    /// The feature names the model was trained on (equal to [`feature_names`]).
    pub fn feature_names(&self) -> &[String] {
        &self.features
    }

    /// The weights on standardised features, in feature order.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Where the training data came from.
    pub fn provenance(&self) -> &Provenance {
        &self.training
    }

    /// Figures on held-out data, when the model was trained with a holdout.
    pub fn validation(&self) -> Option<&Validation> {
        self.validation.as_ref()
    }

    /// First-stage log-odds of content for the rows of a feature matrix (columns as in
    /// [`feature_names`]). A matrix with the wrong number of columns gives an empty result rather
    /// than a panic.
    pub fn logits(&self, x: &Array2<f64>) -> Array1<f64> {
        if x.ncols() != self.folded.len() {
            return Array1::zeros(0);
        }
        let mut z = x.dot(&self.folded);
        z += self.folded_intercept;
        z
    }

    /// First-stage content probabilities for the rows of a feature matrix, without the context
    /// pass (which needs the blocks: see [`Model::predict_blocks`]).
    pub fn predict_features(&self, x: &Array2<f64>) -> Array1<f64> {
        self.logits(x).mapv(sigmoid)
    }

    /// Content probabilities for the blocks of one page: features, first stage, context pass.
    pub fn predict_blocks(&self, blocks: &[Block]) -> Array1<f64> {
        self.predict_page(blocks).0
    }

    /// Content probabilities and P(kind | chrome) (empty without a kind stage) for the blocks
    /// of one page.
    fn predict_page(&self, blocks: &[Block]) -> (Array1<f64>, Vec<[f32; Kind::COUNT]>) {
        if blocks.is_empty() {
            return (Array1::zeros(0), Vec::new());
        }
        // The feature matrix lives in a per-thread buffer reused from page to page: a fresh
        // matrix per page cost more in page faults (the allocator hands large blocks back to the
        // system on free) than the features themselves.
        let mut buf = SCRATCH.with(RefCell::take);
        buf.clear();
        buf.resize(blocks.len() * feature_names().len(), 0.0);
        let mut x = Array2::from_shape_vec((blocks.len(), feature_names().len()), buf)
            .expect("the buffer has rows × columns values");
        write_page_features(blocks, x.view_mut());
        let z = self.logits(&x);
        let kinds = self.kind_probabilities(&x);
        let (buf, _) = x.into_raw_vec_and_offset();
        if buf.capacity() <= SCRATCH_MAX_VALUES {
            SCRATCH.with(|s| s.replace(buf));
        }
        let p = match &self.context {
            Some(c) => c
                .logits(&context_features_with_kinds(blocks, &z, &kinds))
                .mapv(sigmoid),
            None => z.mapv(sigmoid),
        };
        (p, kinds)
    }

    /// True when the model has a kind stage (see [`Kind`]).
    pub fn has_kinds(&self) -> bool {
        self.kinds.is_some()
    }

    /// The kind stage's figures on held-out annotated blocks: accuracy, and precision and recall
    /// per kind (absent without a kind stage or a holdout).
    pub fn kind_validation(&self) -> Option<(f64, &[KindValidation])> {
        let k = self.kinds.as_ref()?;
        Some((k.accuracy?, &k.validation))
    }

    /// P(kind | chrome) of each block (empty without a kind stage).
    pub(crate) fn kind_probabilities(&self, x: &Array2<f64>) -> Vec<[f32; Kind::COUNT]> {
        self.kinds
            .as_ref()
            .map_or_else(Vec::new, |k| k.probabilities(x))
    }

    /// Adds a kind stage (training only).
    pub(crate) fn with_kinds(mut self, kinds: KindStage) -> Result<Model> {
        self.kinds = Some(kinds.checked(Path::new("<new model>"), &self.mean, &self.scale)?);
        Ok(self)
    }

    /// The paywall verdict's signal weights.
    pub fn paywall_stage(&self) -> &PaywallStage {
        &self.paywall_stage
    }

    /// The model with other paywall signal weights (fitted on `pages` pages, recorded in the
    /// model file).
    pub fn with_paywall_stage(&self, stage: PaywallStage, pages: usize) -> Model {
        let mut m = self.clone();
        m.paywall = Some(stage.to_stored(pages));
        m.paywall_stage = stage;
        m
    }

    /// Adds a context stage (training only).
    pub(crate) fn with_context(mut self, context: ContextStage) -> Result<Model> {
        self.context = Some(context.checked(Path::new("<new model>"))?);
        Ok(self)
    }

    /// Classifies already segmented blocks.
    pub fn classify_blocks(&self, blocks: Vec<Block>) -> Page {
        self.classify_segmented(blocks, Markup::default(), Default::default())
    }

    fn classify_segmented(
        &self,
        blocks: Vec<Block>,
        markup: Markup,
        meta_tags: crate::page::metadata::MetaTags,
    ) -> Page {
        let (p, kinds) = self.predict_page(&blocks);
        Page::new(
            blocks,
            p.to_vec(),
            kinds,
            self.threshold,
            markup,
            self.paywall_stage,
            meta_tags,
        )
    }

    /// Classifies an HTML document given as text. Never fails: bad HTML still yields blocks, and
    /// a page without text yields a page with no blocks. The default [`Limits`] apply.
    pub fn classify_html(&self, html: &str) -> Page {
        self.classify_html_with_limits(html, &Limits::default())
    }

    /// [`Model::classify_html`] under other limits: a page longer than `limits.max_input_bytes`
    /// is cut and blocks past `limits.max_blocks` dropped ([`Page::size_limited`]), nesting
    /// deeper than `limits.max_depth` is flattened ([`Page::depth_limited`]).
    pub fn classify_html_with_limits(&self, html: &str, limits: &Limits) -> Page {
        let (html, size_limited) = crate::html::limits::cut_str(html, limits.max_input_bytes);
        // The metadata's JSON-LD values serve the block walk's readers of it too.
        let mut json_ld = crate::html::jsonld::JsonLd::default();
        let meta_tags = crate::page::metadata::read_markup(html, &mut json_ld);
        let s = crate::html::limits::segment_with_limits(html, limits, &json_ld);
        let mut page = self.classify_segmented(s.blocks, s.markup, meta_tags);
        page.size_limited = size_limited || s.cut;
        page.depth_limited = s.flattened;
        page
    }

    /// Classifies raw page bytes: gzip is inflated and the charset decoded first (see
    /// [`decode`](crate::decode())). The default [`Limits`] apply.
    pub fn classify_bytes(&self, bytes: &[u8]) -> Page {
        self.classify_bytes_with_limits(bytes, &Limits::default())
    }
    /// [`Model::classify_bytes_with_limits`] for a page that came with an HTTP `charset` (see
    /// [`decode_with_charset`](crate::decode_with_charset)): the page's own declaration first, then `charset`, then detection.
    pub fn classify_bytes_with_charset(
        &self,
        bytes: &[u8],
        charset: Option<&str>,
        limits: &Limits,
    ) -> Page {
        let decoded = crate::html::http::decode_with_charset(bytes, charset, limits);
        let mut page = self.classify_html_with_limits(&decoded.text, limits);
        page.truncated_input = decoded.truncated;
        page.size_limited |= decoded.size_limited;
        page
    }

    /// [`Model::classify_bytes`] under other limits (see [`Model::classify_html_with_limits`]).
    pub fn classify_bytes_with_limits(&self, bytes: &[u8], limits: &Limits) -> Page {
        let decoded = crate::html::decode::decode_with_limits(bytes, limits);
        let mut page = self.classify_html_with_limits(&decoded.text, limits);
        page.truncated_input = decoded.truncated;
        page.size_limited |= decoded.size_limited;
        page
    }

    /// Sums of the weights per feature times its standardised value, for one feature row:
    /// each feature's contribution to the block's log-odds of being content.
    pub fn contributions(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.weights.iter().zip(self.mean.iter().zip(&self.scale)))
            .map(|(x, (w, (m, s)))| w * (x - m) / s)
            .collect()
    }

    /// The model's intercept (log-odds of content when every standardised feature is zero).
    pub fn intercept(&self) -> f64 {
        self.intercept
    }
}

/// How far `--favor-precision` / `--favor-recall` move the threshold, in log-odds, when the
/// model file stores no thresholds of its own: ±1, so the bundled model's 0.36 becomes 0.60
/// (precision) or 0.17 (recall).
pub const FAVOR_OFFSET: f64 = 1.0;

/// The probability `p` moved by `by` in log-odds (0 and 1 stay put).
fn shift_log_odds(p: f64, by: f64) -> f64 {
    if p <= 0.0 || p >= 1.0 {
        return p;
    }
    sigmoid((p / (1.0 - p)).ln() + by)
}

/// The logistic function; NaN (from a NaN or infinite feature) maps to 0: chrome.
/// Folds the standardisation into the weights: `w / scale` and `intercept - Σ w·mean/scale`, so
/// that prediction is one dot product on raw features.
fn fold_scaler(weights: &[f64], scale: &[f64], mean: &[f64], intercept: f64) -> (Array1<f64>, f64) {
    let folded: Array1<f64> = weights.iter().zip(scale).map(|(w, s)| w / s).collect();
    let shift: f64 = folded.iter().zip(mean).map(|(w, m)| w * m).sum();
    (folded, intercept - shift)
}

pub(crate) fn sigmoid(z: f64) -> f64 {
    if z.is_nan() {
        return 0.0;
    }
    1.0 / (1.0 + (-z).exp())
}

/// The context pass's own small logistic model (see [`context`](crate::context)).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ContextStage {
    features: Vec<String>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
    intercept: f64,
    #[serde(skip)]
    folded: Array1<f64>,
    #[serde(skip)]
    folded_intercept: f64,
}

impl ContextStage {
    pub(crate) fn new(
        mean: Vec<f64>,
        scale: Vec<f64>,
        weights: Vec<f64>,
        intercept: f64,
    ) -> ContextStage {
        ContextStage {
            features: CONTEXT_FEATURES.iter().map(|s| s.to_string()).collect(),
            mean,
            scale,
            weights,
            intercept,
            folded: Array1::zeros(0),
            folded_intercept: 0.0,
        }
    }

    fn checked(mut self, path: &Path) -> Result<ContextStage> {
        if self
            .features
            .iter()
            .map(String::as_str)
            .ne(CONTEXT_FEATURES)
        {
            return Err(Error::model(
                path,
                "its context stage was built for other context features; retrain it with this version",
            ));
        }
        let n = CONTEXT_FEATURES.len();
        for (what, v) in [
            ("context mean", &self.mean),
            ("context scale", &self.scale),
            ("context weights", &self.weights),
        ] {
            if v.len() != n || v.iter().any(|x| !x.is_finite()) {
                return Err(Error::model(
                    path,
                    format!("'{what}' must hold {n} finite values"),
                ));
            }
        }
        if self.scale.iter().any(|&s| s <= 0.0) || !self.intercept.is_finite() {
            return Err(Error::model(
                path,
                "the context stage's scale or intercept is invalid",
            ));
        }
        (self.folded, self.folded_intercept) =
            fold_scaler(&self.weights, &self.scale, &self.mean, self.intercept);
        Ok(self)
    }

    fn logits(&self, x: &Array2<f64>) -> Array1<f64> {
        if x.ncols() != self.folded.len() {
            return Array1::zeros(x.nrows());
        }
        let mut z = x.dot(&self.folded);
        z += self.folded_intercept;
        z
    }
}

/// Column means and standard deviations of `x` (a zero deviation becomes 1).
pub(crate) fn fit_scaler(x: &Array2<f64>) -> (Vec<f64>, Vec<f64>) {
    let mean = x
        .mean_axis(Axis(0))
        .unwrap_or_else(|| Array1::zeros(x.ncols()));
    let std = x.std_axis(Axis(0), 0.0);
    let scale = std
        .iter()
        .map(|&s| if s > 1e-12 { s } else { 1.0 })
        .collect();
    (mean.to_vec(), scale)
}
