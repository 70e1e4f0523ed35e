//! The page's paywall verdict: is the article cut off by a paywall, and on what evidence.
//!
//! Three signals, combined as independent evidence (a noisy-OR):
//! - **markup**: schema.org JSON-LD `"isAccessibleForFree": false` is the publisher's own
//!   statement (strength [`MARKUP_STRENGTH`]); `true` halves the probability. Its
//!   `hasPart.cssSelector` names the gated *content*: blocks inside it are flagged
//!   ([`Block::gated`](crate::Block::gated)), a feature of the content model, and never count as
//!   paywall prompts.
//! - **prompt**: the strongest block that is chrome of kind [`Kind::Paywall`]: P(chrome) ×
//!   P(paywall | chrome).
//! - **truncation**: the first sure prompt (≥ 0.5) follows the content, and less than a fifth of
//!   the content's words come after it: the article stops at the prompt. Without it a prompt
//!   counts for [`UNTRUNCATED_SHARE`] of its strength.
//!
//! Class names such as `paywall` are not signals of their own: they reach the verdict only
//! through the block models, as features among others (some sites wrap body paragraphs in
//! paywall-classed containers).

use serde::Serialize;

pub use crate::html::Markup;
use crate::label::Kind;
use crate::page::ClassifiedBlock;

/// Strength of `"isAccessibleForFree": false` in the page's JSON-LD.
pub const MARKUP_STRENGTH: f64 = 0.95;
/// Share of a prompt's strength that counts when the article does not end at it.
pub const UNTRUNCATED_SHARE: f64 = 0.6;
/// One piece of evidence for or against a paywall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// `markup`, `gated-parts`, `prompt` or `truncation`.
    pub signal: &'static str,
    /// What was seen, for people.
    pub detail: String,
    /// The block it concerns, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// How strongly it says "paywalled" (0 to 1; markup saying free is 0).
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
}

/// Combines the evidence of a classified page into its verdict.
pub(crate) fn verdict(blocks: &[ClassifiedBlock], markup: &Markup) -> Paywall {
    let mut evidence = Vec::new();
    let mut against = 1.0; // probability that no signal is right
    match markup.accessible_for_free {
        Some(false) => {
            against *= 1.0 - MARKUP_STRENGTH;
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
        Some(true) => evidence.push(Evidence {
            signal: "markup",
            detail: "JSON-LD says isAccessibleForFree: true".into(),
            block: None,
            strength: 0.0,
        }),
        None => {}
    }
    // The strongest prompt, and the first sure one.
    let prompt = |b: &ClassifiedBlock| {
        if b.block.gated {
            0.0
        } else {
            (1.0 - b.probability) * f64::from(b.kind_probability(Kind::Paywall))
        }
    };
    let mut best: Option<(usize, f64)> = None;
    for (i, b) in blocks.iter().enumerate() {
        let q = prompt(b);
        if best.is_none_or(|(_, m)| q > m) {
            best = Some((i, q));
        }
    }
    if let Some((i, q)) = best.filter(|&(_, q)| q >= 0.05) {
        let words = |b: &ClassifiedBlock| crate::util::text::words(&b.block.text).count();
        let first_sure = blocks.iter().position(|b| prompt(b) >= 0.5);
        let truncated = first_sure.is_some_and(|at| {
            let before: usize = blocks[..at]
                .iter()
                .filter(|b| b.is_content())
                .map(words)
                .sum();
            let after: usize = blocks[at..]
                .iter()
                .filter(|b| b.is_content())
                .map(words)
                .sum();
            before >= 20 && after * 4 < before
        });
        let strength = q * if truncated { 1.0 } else { UNTRUNCATED_SHARE };
        against *= 1.0 - strength;
        evidence.push(Evidence {
            signal: "prompt",
            detail: format!(
                "block {i} reads as a paywall prompt ({:.2}): {}",
                q,
                crate::util::text::preview(&blocks[i].block.text, 80)
            ),
            block: Some(i),
            strength,
        });
        if truncated {
            let at = first_sure.unwrap_or(i);
            evidence.push(Evidence {
                signal: "truncation",
                detail: format!("the article text stops at the prompt in block {at}"),
                block: Some(at),
                strength: q * (1.0 - UNTRUNCATED_SHARE),
            });
        }
    }
    let mut probability = 1.0 - against;
    if markup.accessible_for_free == Some(true) {
        probability *= 0.5;
    }
    evidence.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    Paywall {
        paywalled: probability >= 0.5,
        probability,
        evidence,
    }
}
