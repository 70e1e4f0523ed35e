//! The page's own summary: how much of a block its `<meta>` description holds
//! ([`Block::description_share`](crate::Block::description_share)). A news page's lead
//! (standfirst) is mostly its description, word for word; a teaser of another article, a caption
//! or a newsletter box is not, however prose-like.

use super::{ln1p, BlockInfo, Name, Sink};

/// The description's share of the block, and the share times the block's length: a headline
/// or a short line the description repeats is mostly the title or a share box's text, a long
/// one is the lead.
pub(super) fn description_features<W: Sink>(w: &mut W, b: &BlockInfo<'_>) {
    let share = f64::from(b.block.description_share).clamp(0.0, 1.0);
    w.put(Name::S("description_share"), share);
    w.put(
        Name::S("log_words_x_description_share"),
        ln1p(b.stats.words) * share,
    );
}

#[cfg(test)]
mod tests {
    use crate::features::column_of as column;

    const LEAD: &str = "The council voted on Tuesday to build a new bridge over the river.";
    const SECOND: &str =
        "It ends a decade of debate about traffic in the old town, the mayor said.";
    const TEASER: &str = "Farmers fear a dry summer as the reservoirs fall to record lows.";

    /// A page long enough for the pre-pass to cut the attributes no block reads
    /// (`crate::prepare_html`): a `<meta>`'s `name`, `property` and `content` must stay.
    fn page(meta: &str) -> String {
        let filler =
            "<p class=x data-a=1 data-b=2>Filler text for the length of the page.</p>".repeat(12);
        format!(
            "<html><head><title>Bridge</title>{meta}</head><body><article><p>{LEAD}</p>\
             <p>{SECOND}</p></article>\
             <aside><a href=/dry><p>{TEASER}</p></a></aside>{filler}</body></html>"
        )
    }

    #[test]
    fn the_lead_the_description_holds_scores_and_a_teaser_does_not() {
        for meta in [
            format!(r#"<meta name="description" content="{LEAD}">"#),
            format!(r#"<meta property="og:description" content="{LEAD} More inside.">"#),
            format!(r#"<META NAME="Twitter:Description" CONTENT="{LEAD}">"#),
        ] {
            let html = page(&meta);
            assert!(html.len() > 1024, "{}", html.len());
            let share = column(&html, "description_share");
            let by_text = |t: &str| share.iter().find(|(s, _)| s == t).expect(t).1;
            assert_eq!(by_text(LEAD), 1.0, "{meta}");
            assert_eq!(by_text(TEASER), 0.0, "{meta}");
            assert_eq!(by_text(SECOND), 0.0, "{meta}");
            let long = column(&html, "log_words_x_description_share");
            let lead = long.iter().find(|(s, _)| s == LEAD).expect("lead").1;
            assert!((lead - 13f64.ln_1p()).abs() < 1e-9, "{lead}");
        }
    }

    #[test]
    fn other_meta_and_pages_without_a_description_give_zero() {
        for meta in [
            String::new(),
            format!(r#"<meta name="keywords" content="{LEAD}">"#),
            format!(r#"<meta property="og:title" content="{LEAD}">"#),
            r#"<meta name="description" content="">"#.to_string(),
        ] {
            let html = page(&meta);
            for name in ["description_share", "log_words_x_description_share"] {
                assert!(
                    column(&html, name).iter().all(|(_, v)| *v == 0.0),
                    "{meta} {name}"
                );
            }
        }
    }
}
