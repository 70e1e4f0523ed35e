//! Word tokens and the shallow text statistics of a block (boilerpipe/dragnet/jusText style).

/// The `\w+` tokens of `s` (Unicode letters, digits and `_`), as the benchmarks count words.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// True for the characters of a `\w` token.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Shallow statistics of one block's text, computed in one pass.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TextStats {
    pub chars: u32,
    pub words: u32,
    /// Words made of letters only.
    pub alpha_words: u32,
    /// Alphabetic words starting with an upper-case letter.
    pub capitalized: u32,
    /// Alphabetic words of two or more letters, all upper case.
    pub all_caps: u32,
    /// Words of one to three letters: a language-independent stand-in for function words
    /// ("of", "la", "der", "и"), which running prose has many of and menus have few.
    pub short_words: u32,
    pub word_chars: u32,
    pub digits: u32,
    pub punct: u32,
    /// `.`, `!`, `?`, `…`, `。` and similar.
    pub sentence_ends: u32,
    pub commas: u32,
    /// Separator characters that menus and breadcrumbs use: `|`, `·`, `•`, `»`, `›`, `/`.
    pub separators: u32,
    pub ends_with_sentence_end: bool,
    pub starts_lowercase: bool,
}

impl TextStats {
    pub fn of(text: &str) -> TextStats {
        let mut s = TextStats::default();
        for c in text.chars() {
            s.chars += 1;
            if c.is_numeric() {
                s.digits += 1;
            } else if c.is_ascii_punctuation() || is_general_punct(c) {
                s.punct += 1;
                match c {
                    '.' | '!' | '?' | '…' | '。' | '！' | '？' => s.sentence_ends += 1,
                    ',' | '،' | '、' | '，' => s.commas += 1,
                    '|' | '·' | '•' | '»' | '›' | '/' | '«' | '‹' => s.separators += 1,
                    _ => {}
                }
            }
        }
        for w in words(text) {
            s.words += 1;
            let n = w.chars().count() as u32;
            s.word_chars += n;
            if w.chars().all(char::is_alphabetic) {
                s.alpha_words += 1;
                let mut cs = w.chars();
                let first = cs.next().unwrap_or(' ');
                if first.is_uppercase() {
                    s.capitalized += 1;
                    if n >= 2 && w.chars().all(|c| !c.is_lowercase()) {
                        s.all_caps += 1;
                    }
                }
                if n <= 3 {
                    s.short_words += 1;
                }
            }
        }
        let trimmed = text.trim_end_matches(|c: char| {
            matches!(c, '"' | '\'' | '”' | '’' | ')' | '»' | ']') || c.is_whitespace()
        });
        s.ends_with_sentence_end = trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？', ':']);
        s.starts_lowercase = text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
        s
    }
}

fn is_general_punct(c: char) -> bool {
    matches!(
        c,
        '…' | '«'
            | '»'
            | '‹'
            | '›'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '—'
            | '–'
            | '·'
            | '•'
            | '。'
            | '、'
            | '，'
            | '！'
            | '？'
            | '¿'
            | '¡'
            | '،'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_unicode_w_tokens() {
        let w: Vec<_> = words("Grüße, world_1! 東京 — ok").collect();
        assert_eq!(w, ["Grüße", "world_1", "東京", "ok"]);
    }

    #[test]
    fn stats_count_sentences_and_capitals() {
        let s = TextStats::of("The cat sat. Then it left, quietly!");
        assert_eq!(s.words, 7);
        assert_eq!(s.sentence_ends, 2);
        assert_eq!(s.commas, 1);
        assert_eq!(s.capitalized, 2);
        assert!(s.ends_with_sentence_end);
        assert_eq!(s.short_words, 4); // the cat sat it
    }
}
