//! The two label vocabularies: [`Label`] (content or chrome) and, for chrome, its [`Kind`].
//!
//! They sit below every stage: the segmenter's training labels, the context features (which read
//! the kind stage's probabilities by [`Kind::index`]), the classified page and the model file all
//! speak them.

use serde::{Deserialize, Serialize};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Part of the page's main content.
    Content,
    /// Navigation, prompts, ads, footers and everything else around the content.
    Chrome,
}

impl Label {
    /// `Content` when `probability >= threshold`.
    pub fn from_probability(probability: f64, threshold: f64) -> Label {
        if probability >= threshold {
            Label::Content
        } else {
            Label::Chrome
        }
    }

    /// `"content"` or `"chrome"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Chrome => "chrome",
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Label {
    type Err = String;

    fn from_str(s: &str) -> Result<Label, String> {
        match s.trim() {
            "content" => Ok(Label::Content),
            "chrome" => Ok(Label::Chrome),
            other => Err(format!(
                "unknown label '{other}' (expected 'content' or 'chrome')"
            )),
        }
    }
}

/// The kind of a chrome block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Subscribe / sign in / register to continue reading; metered-limit prompts.
    Paywall,
    /// Marketing: app downloads, offers, calls to action not about reading access.
    Promo,
    /// Newsletter and e-mail sign-up boxes.
    Newsletter,
    /// Cookie and privacy consent banners.
    Consent,
    /// Menus, breadcrumbs, pagination, header and footer links.
    Navigation,
    /// Related, recommended, popular and "more from" lists.
    Related,
    /// Social share and follow buttons.
    Share,
    /// Copyright lines, legal links, disclaimers.
    Legal,
    /// Advertisement labels and sponsored boxes.
    Ad,
    /// Comment sections.
    Comments,
    /// Chrome of no other kind (author boxes, taglines, widgets...).
    Other,
}

impl Kind {
    /// Every kind, in the order of [`Kind::index`].
    pub const ALL: [Kind; 11] = [
        Kind::Paywall,
        Kind::Promo,
        Kind::Newsletter,
        Kind::Consent,
        Kind::Navigation,
        Kind::Related,
        Kind::Share,
        Kind::Legal,
        Kind::Ad,
        Kind::Comments,
        Kind::Other,
    ];

    /// Number of kinds.
    pub const COUNT: usize = Kind::ALL.len();

    /// The kind's position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind's name, as in CSV labels (`chrome:paywall`) and in `--keep`/`--drop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Paywall => "paywall",
            Kind::Promo => "promo",
            Kind::Newsletter => "newsletter",
            Kind::Consent => "consent",
            Kind::Navigation => "navigation",
            Kind::Related => "related",
            Kind::Share => "share",
            Kind::Legal => "legal",
            Kind::Ad => "ad",
            Kind::Comments => "comments",
            Kind::Other => "other",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Kind, String> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind '{s}' (expected one of {})", names.join(", "))
            })
    }
}
