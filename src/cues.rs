//! Cue phrases and class/id cue words, loaded from the data files in `src/data/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::text::is_word_char;

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
    let mut space = true;
    for c in text.chars() {
        if is_word_char(c) {
            for l in c.to_lowercase() {
                out.push(l);
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

/// Phrase matcher for the text cue groups.
pub(crate) struct TextCues {
    pub names: Vec<&'static str>,
    matcher: AhoCorasick,
    /// Group of each pattern.
    group_of: Vec<usize>,
}

impl TextCues {
    pub fn get() -> &'static TextCues {
        static CUES: OnceLock<TextCues> = OnceLock::new();
        CUES.get_or_init(|| {
            let groups = parse_groups(TEXT_CUES, false);
            let mut patterns = Vec::new();
            let mut group_of = Vec::new();
            let mut buf = String::new();
            for (g, (_, phrases)) in groups.iter().enumerate() {
                for p in phrases {
                    normalize(p, &mut buf);
                    patterns.push(buf.clone());
                    group_of.push(g);
                }
            }
            TextCues {
                names: groups.iter().map(|(n, _)| *n).collect(),
                matcher: AhoCorasick::new(&patterns).expect("cue phrases build an automaton"),
                group_of,
            }
        })
    }

    /// For each group: number of matches, and the share of the normalised text they cover.
    /// `norm` must come from [`normalize`].
    pub fn scan(&self, norm: &str, counts: &mut [u32], coverage: &mut [f64]) {
        counts.fill(0);
        coverage.fill(0.0);
        // Covered end per group, to merge overlapping matches of one group.
        let mut covered_to = vec![0usize; self.names.len()];
        let len = norm.len().saturating_sub(1).max(1) as f64;
        for m in self.matcher.find_overlapping_iter(norm) {
            let g = self.group_of[m.pattern().as_usize()];
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

/// Class/id cue words, one bit per group.
pub(crate) struct ClassCues {
    pub names: Vec<&'static str>,
    exact: HashMap<String, u32>,
    /// Cue words of five or more letters, matched as substrings of a token part.
    long: Vec<(String, u32)>,
}

impl ClassCues {
    pub fn get() -> &'static ClassCues {
        static CUES: OnceLock<ClassCues> = OnceLock::new();
        CUES.get_or_init(|| {
            let groups = parse_groups(CLASS_CUES, true);
            let mut exact: HashMap<String, u32> = HashMap::new();
            let mut long = Vec::new();
            for (g, (_, words)) in groups.iter().enumerate() {
                for w in words {
                    *exact.entry(w.clone()).or_default() |= 1 << g;
                    if w.len() >= 5 {
                        long.push((w.clone(), 1 << g));
                    }
                }
            }
            ClassCues {
                names: groups.iter().map(|(n, _)| *n).collect(),
                exact,
                long,
            }
        })
    }

    /// The groups (bit mask) that one class/id token belongs to.
    pub fn token_mask(&self, token: &str) -> u32 {
        let mut mask = 0;
        for part in token.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.is_empty() {
                continue;
            }
            if let Some(m) = self.exact.get(part) {
                mask |= m;
            }
            if part.len() >= 5 {
                for (w, m) in &self.long {
                    if part.len() > w.len() && part.contains(w.as_str()) {
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

    #[test]
    fn class_tokens_split_and_match() {
        let cues = ClassCues::get();
        let bit = |g: &str| 1u32 << cues.names.iter().position(|n| *n == g).unwrap();
        assert_ne!(cues.token_mask("site-footer") & bit("footer"), 0);
        assert_ne!(cues.token_mask("sitefooter") & bit("footer"), 0);
        assert_eq!(cues.token_mask("shadow") & bit("ad"), 0);
        assert_ne!(cues.token_mask("article__body") & bit("content"), 0);
    }
}
