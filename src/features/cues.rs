//! Cue phrases and class/id cue words, loaded from the data files in `src/features/data/`.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::util::fasthash::FastMap;
use crate::util::text::is_word_char;

const TEXT_CUES: &str = include_str!("data/text_cues.txt");
const CLASS_CUES: &str = include_str!("data/class_cues.txt");

/// Parses `[group]` sections of phrases (one per line, or space-separated words when
/// `words_per_line`), skipping `#` comments.
fn parse_groups(data: &str, words_per_line: bool) -> Vec<(&str, Vec<String>)> {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            groups.push((name, Vec::new()));
        } else if let Some((_, items)) = groups.last_mut() {
            if words_per_line {
                items.extend(line.split_whitespace().map(str::to_string));
            } else {
                items.push(line.to_string());
            }
        }
    }
    groups
}

/// Lower-cases `text`, turns every non-word character into a space, folds spaces and pads both
/// ends with one, so that `" sign in "` matches whole words only.
pub(crate) fn normalize(text: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    out.reserve(text.len() + 1);
    let mut space = true;
    for c in text.chars() {
        // ASCII first: the same result as the general branch, without the case tables.
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            is_word_char(c)
        };
        if word {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if !space {
        out.push(' ');
    }
}

/// Phrase matcher for the text cue groups. The group names are read at once (they name
/// features, which a model load checks); the automaton is built on the first scan.
pub(crate) struct TextCues {
    pub names: Vec<&'static str>,
    groups: Vec<(&'static str, Vec<String>)>,
    /// The automaton and the group of each pattern.
    matcher: OnceLock<(AhoCorasick, Vec<usize>)>,
}

impl TextCues {
    pub fn get() -> &'static TextCues {
        static CUES: OnceLock<TextCues> = OnceLock::new();
        CUES.get_or_init(|| {
            let groups = parse_groups(TEXT_CUES, false);
            TextCues {
                names: groups.iter().map(|(n, _)| *n).collect(),
                groups,
                matcher: OnceLock::new(),
            }
        })
    }

    fn matcher(&self) -> &(AhoCorasick, Vec<usize>) {
        self.matcher.get_or_init(|| {
            let mut patterns = Vec::new();
            let mut group_of = Vec::new();
            let mut buf = String::new();
            for (g, (_, phrases)) in self.groups.iter().enumerate() {
                for p in phrases {
                    normalize(p, &mut buf);
                    patterns.push(buf.clone());
                    group_of.push(g);
                }
            }
            // A DFA: the fastest scan, and small for a few hundred short phrases. No prefilter:
            // every pattern starts with a space, so it would stop at every word.
            let matcher = AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&patterns)
                .expect("cue phrases build an automaton");
            (matcher, group_of)
        })
    }

    /// For each group: number of matches, and the share of the normalised text they cover.
    /// `norm` must come from [`normalize`].
    pub fn scan(&self, norm: &str, counts: &mut [u32], coverage: &mut [f64]) {
        counts.fill(0);
        coverage.fill(0.0);
        // Covered end per group, to merge overlapping matches of one group (on the stack for
        // the usual few dozen groups: this runs once per block).
        let mut on_stack = [0usize; 64];
        let mut on_heap = Vec::new();
        let covered_to: &mut [usize] = if self.names.len() <= on_stack.len() {
            &mut on_stack[..self.names.len()]
        } else {
            on_heap.resize(self.names.len(), 0);
            &mut on_heap
        };
        let len = norm.len().saturating_sub(1).max(1) as f64;
        let (matcher, group_of) = self.matcher();
        for m in matcher.find_overlapping_iter(norm) {
            let g = group_of[m.pattern().as_usize()];
            counts[g] += 1;
            let start = m.start().max(covered_to[g]);
            if m.end() > start {
                coverage[g] += (m.end() - start) as f64;
                covered_to[g] = m.end();
            }
        }
        for c in coverage.iter_mut() {
            *c = (*c / len).min(1.0);
        }
    }
}

/// Class/id cue words, one bit per group. The names are read at once, the lookup structures
/// built on first use.
pub(crate) struct ClassCues {
    pub names: Vec<&'static str>,
    groups: Vec<(&'static str, Vec<String>)>,
    lookup: OnceLock<ClassLookup>,
}

struct ClassLookup {
    exact: FastMap<String, u32>,
    /// Cue words of five or more letters, matched as substrings of a token part: one automaton
    /// over all of them, and each word's length and groups.
    long: AhoCorasick,
    long_info: Vec<(usize, u32)>,
}

impl ClassCues {
    pub fn get() -> &'static ClassCues {
        static CUES: OnceLock<ClassCues> = OnceLock::new();
        CUES.get_or_init(|| {
            let groups = parse_groups(CLASS_CUES, true);
            ClassCues {
                names: groups.iter().map(|(n, _)| *n).collect(),
                groups,
                lookup: OnceLock::new(),
            }
        })
    }

    fn lookup(&self) -> &ClassLookup {
        self.lookup.get_or_init(|| {
            let mut exact: FastMap<String, u32> = FastMap::default();
            let mut long: Vec<(String, u32)> = Vec::new();
            for (g, (_, words)) in self.groups.iter().enumerate() {
                for w in words {
                    *exact.entry(w.clone()).or_default() |= 1 << g;
                    if w.len() >= 5 {
                        // A word listed in several groups is one pattern with all their bits.
                        match long.iter_mut().find(|(l, _)| l == w) {
                            Some((_, m)) => *m |= 1 << g,
                            None => long.push((w.clone(), 1 << g)),
                        }
                    }
                }
            }
            ClassLookup {
                exact,
                long: AhoCorasick::new(long.iter().map(|(w, _)| w))
                    .expect("class cue words build an automaton"),
                long_info: long.iter().map(|(w, m)| (w.len(), *m)).collect(),
            }
        })
    }

    /// The bit of the `comment` group (0 if the cue file has none).
    pub fn comment_bit(&self) -> u32 {
        self.names
            .iter()
            .position(|n| *n == "comment")
            .map_or(0, |k| 1 << k)
    }

    /// The groups (bit mask) that one class/id token belongs to.
    pub fn token_mask(&self, token: &str) -> u32 {
        let lookup = self.lookup();
        let mut mask = 0;
        for part in token.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.is_empty() {
                continue;
            }
            if let Some(m) = lookup.exact.get(part) {
                mask |= m;
            }
            if part.len() >= 5 {
                // Every long cue word inside the part and shorter than it (the automaton finds
                // all occurrences of all words, overlapping ones included).
                for m in lookup.long.find_overlapping_iter(part) {
                    let (len, m) = lookup.long_info[m.pattern().as_usize()];
                    if part.len() > len {
                        mask |= m;
                    }
                }
            }
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        let cues = TextCues::get();
        let n = cues.names.len();
        let (mut counts, mut cov) = (vec![0; n], vec![0.0; n]);
        let mut norm = String::new();
        normalize("Already a member? Sign in here", &mut norm);
        cues.scan(&norm, &mut counts, &mut cov);
        let auth = cues.names.iter().position(|g| *g == "auth").unwrap();
        let ad = cues.names.iter().position(|g| *g == "ad").unwrap();
        assert!(counts[auth] >= 1);
        assert_eq!(counts[ad], 0, "'ad' must not match inside 'already'");
        normalize("Jetzt abonnieren und weiterlesen", &mut norm);
        cues.scan(&norm, &mut counts, &mut cov);
        let paywall = cues.names.iter().position(|g| *g == "paywall").unwrap();
        assert!(counts[paywall] >= 2);
        assert!(cov[paywall] > 0.5);
    }

    /// A scanner of one text cue group: its (count, coverage) in a text, each text scanned
    /// afresh.
    fn group_scanner(name: &str) -> impl FnMut(&str) -> (u32, f64) {
        let cues = TextCues::get();
        let n = cues.names.len();
        let group = cues.names.iter().position(|g| *g == name).unwrap();
        let mut norm = String::new();
        move |text: &str| {
            let (mut counts, mut cov) = (vec![0; n], vec![0.0; n]);
            normalize(text, &mut norm);
            cues.scan(&norm, &mut counts, &mut cov);
            (counts[group], cov[group])
        }
    }

    #[test]
    fn donation_appeals_have_their_own_group() {
        let mut scan = group_scanner("donate");
        // A button under an appeal: the whole text is the phrase.
        assert_eq!(scan("Jetzt unterstützen"), (1, 1.0));
        // "donate" and "donate today" overlap: both count, the covered text counted once.
        let (c, share) = scan("Support our journalism: donate today.");
        assert_eq!((c, share), (3, 1.0));
        // " please support our work ": the phrase covers 18 of the 24 characters after the pad.
        assert_eq!(scan("Please support our work."), (1, 0.75));
        // Prose about donations holds none of the phrases.
        assert_eq!(
            scan("The hospital received donations from 40 companies."),
            (0, 0.0)
        );
        assert_eq!(scan("Sie unterstützen die Klage der Eltern."), (0, 0.0));
    }

    #[test]
    fn photo_and_agency_credits_have_their_own_group() {
        let mut group = group_scanner("credit");
        let mut scan = |text: &str| group(text).0;
        assert_eq!(scan("Bild: IMAGO/Nico Herbertz"), 1);
        assert_eq!(scan("Foto: Getty Images / AFP"), 2);
        assert_eq!(scan("(Quelle: dpa) Lesezeit: 3 Min."), 2);
        // Whole words only: "dpa" inside a word, "afp" inside "afpd", "imago" inside "imagos" do
        // not count.
        assert_eq!(scan("Die Updates des Imagos kamen aus afpd-Kreisen."), 0);
    }

    #[test]
    fn class_tokens_split_and_match() {
        let cues = ClassCues::get();
        let bit = |g: &str| 1u32 << cues.names.iter().position(|n| *n == g).unwrap();
        assert_ne!(cues.token_mask("site-footer") & bit("footer"), 0);
        assert_ne!(cues.token_mask("sitefooter") & bit("footer"), 0);
        assert_eq!(cues.token_mask("shadow") & bit("ad"), 0);
        assert_ne!(cues.token_mask("article__body") & bit("content"), 0);
    }

    /// The straightforward versions of `normalize` and `ClassCues::token_mask`: the fast ones
    /// must give exactly the same results (features must not change with an optimisation).
    fn normalize_reference(text: &str) -> String {
        let mut out = String::from(" ");
        let mut space = true;
        for c in text.chars() {
            if is_word_char(c) {
                out.extend(c.to_lowercase());
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        if !space {
            out.push(' ');
        }
        out
    }

    fn token_mask_reference(cues: &ClassCues, token: &str) -> u32 {
        let groups = parse_groups(CLASS_CUES, true);
        let mut mask = 0;
        for part in token.split(|c: char| !c.is_ascii_alphanumeric()) {
            for (g, (_, words)) in groups.iter().enumerate() {
                for w in words {
                    let hit = part == w
                        || (w.len() >= 5 && part.len() > w.len() && part.contains(w.as_str()));
                    if !part.is_empty() && hit {
                        mask |= 1 << g;
                    }
                }
            }
        }
        assert_eq!(cues.names.len(), groups.len());
        mask
    }

    #[test]
    fn fast_paths_match_the_reference() {
        let mut norm = String::new();
        for text in [
            "",
            "Sign in",
            "  Grüße, WORLD_1! 東京 — ok İstanbul ΣΑΣ straße ǅ ",
            "Subscribe to keep reading… «Jetzt ABONNIEREN» 50% off!",
        ] {
            normalize(text, &mut norm);
            assert_eq!(norm, normalize_reference(text), "{text:?}");
        }
        let cues = ClassCues::get();
        for token in [
            "site-footer",
            "sitefooter",
            "navbarnavigation",
            "newsletter-signup-box",
            "related-articles__list",
            "commentsection",
            "sidebarwidgetcontainer",
            "shadow",
            "x",
            "",
            "--",
            "advertisement_slot_3",
            "breadcrumbsbreadcrumbs",
            "pagination-pager",
        ] {
            assert_eq!(
                cues.token_mask(token),
                token_mask_reference(cues, token),
                "{token}"
            );
        }
    }
}
