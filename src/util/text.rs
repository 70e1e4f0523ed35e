//! Word tokens and the shallow text statistics of a block (boilerpipe/dragnet/jusText style).

/// The `\w+` tokens of `s` (Unicode letters, digits and `_`), as the benchmarks count words.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// The number of [`words`] of `s`, without the iterator: one table lookup per byte for ASCII
/// text (the paywall signals count the words of every block several times over).
pub(crate) fn word_count(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            let w = ASCII_CLASS[usize::from(b)] & A_WORD != 0;
            n += usize::from(w && !in_word);
            in_word = w;
        }
    } else {
        for c in s.chars() {
            let w = is_word_char(c);
            n += usize::from(w && !in_word);
            in_word = w;
        }
    }
    n
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
    /// One pass over the characters; the words are the `\w+` runs of [`words`].
    pub fn of(text: &str) -> TextStats {
        let mut s = if text.is_ascii() {
            TextStats::ascii_counts(text.as_bytes())
        } else {
            TextStats::counts(text)
        };
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

    /// The counts of [`TextStats::of`] for ASCII text: one table lookup per byte.
    fn ascii_counts(bytes: &[u8]) -> TextStats {
        let mut s = TextStats {
            chars: bytes.len() as u32,
            ..TextStats::default()
        };
        let mut word = Word::default();
        for &b in bytes {
            let class = ASCII_CLASS[usize::from(b)];
            if class & (A_DIGIT | A_PUNCT) != 0 {
                if class & A_DIGIT != 0 {
                    s.digits += 1;
                } else {
                    s.punct += 1;
                    s.sentence_ends += u32::from(class & A_END != 0);
                    s.commas += u32::from(class & A_COMMA != 0);
                    s.separators += u32::from(class & A_SEP != 0);
                }
            }
            if class & A_WORD != 0 {
                if word.len == 0 {
                    word = Word {
                        first: char::from(b),
                        alphabetic: true,
                        ..Word::default()
                    };
                }
                word.len += 1;
                word.alphabetic &= class & A_ALPHA != 0;
                word.lower |= class & A_LOWER != 0;
            } else if word.len > 0 {
                s.add_word(&word);
                word.len = 0;
            }
        }
        if word.len > 0 {
            s.add_word(&word);
        }
        s
    }

    /// The counts of [`TextStats::of`], any text.
    fn counts(text: &str) -> TextStats {
        let mut s = TextStats::default();
        // The word being read: its length, whether all letters, its first letter, whether it has
        // a lower-case letter.
        let mut word = Word::default();
        for c in text.chars() {
            s.chars += 1;
            // (word character, letter, lower-case letter)
            let (word_char, alphabetic, lower) = if c.is_ascii() {
                // The same tests as below, on the bytes: most text is ASCII.
                let b = c as u8;
                if b.is_ascii_digit() {
                    s.digits += 1;
                } else if b.is_ascii_punctuation() {
                    s.punct += 1;
                    match b {
                        b'.' | b'!' | b'?' => s.sentence_ends += 1,
                        b',' => s.commas += 1,
                        b'|' | b'/' => s.separators += 1,
                        _ => {}
                    }
                }
                (
                    b.is_ascii_alphanumeric() || b == b'_',
                    b.is_ascii_alphabetic(),
                    b.is_ascii_lowercase(),
                )
            } else {
                if c.is_numeric() {
                    s.digits += 1;
                } else if is_general_punct(c) {
                    s.punct += 1;
                    match c {
                        '…' | '。' | '！' | '？' => s.sentence_ends += 1,
                        '،' | '、' | '，' => s.commas += 1,
                        '·' | '•' | '»' | '›' | '«' | '‹' => s.separators += 1,
                        _ => {}
                    }
                }
                (is_word_char(c), c.is_alphabetic(), c.is_lowercase())
            };
            if word_char {
                if word.len == 0 {
                    word = Word {
                        first: c,
                        alphabetic: true,
                        ..Word::default()
                    };
                }
                word.len += 1;
                word.alphabetic &= alphabetic;
                word.lower |= lower;
            } else if word.len > 0 {
                s.add_word(&word);
                word.len = 0;
            }
        }
        if word.len > 0 {
            s.add_word(&word);
        }
        s
    }
}

// Byte classes of ASCII text for `TextStats::ascii_counts`.
const A_DIGIT: u8 = 1;
const A_PUNCT: u8 = 1 << 1;
const A_END: u8 = 1 << 2;
const A_COMMA: u8 = 1 << 3;
const A_SEP: u8 = 1 << 4;
const A_WORD: u8 = 1 << 5;
const A_ALPHA: u8 = 1 << 6;
const A_LOWER: u8 = 1 << 7;
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0u8;
    while b < 128 {
        let mut c = 0;
        if b.is_ascii_digit() {
            c |= A_DIGIT | A_WORD;
        } else if b.is_ascii_punctuation() {
            c |= A_PUNCT;
            match b {
                b'.' | b'!' | b'?' => c |= A_END,
                b',' => c |= A_COMMA,
                b'|' | b'/' => c |= A_SEP,
                b'_' => c |= A_WORD,
                _ => {}
            }
        }
        if b.is_ascii_alphabetic() {
            c |= A_WORD | A_ALPHA;
        }
        if b.is_ascii_lowercase() {
            c |= A_LOWER;
        }
        t[b as usize] = c;
        b += 1;
    }
    t
};

/// A `\w+` run, as [`TextStats::of`] reads it.
#[derive(Default)]
struct Word {
    len: u32,
    first: char,
    alphabetic: bool,
    lower: bool,
}

impl TextStats {
    #[inline]
    fn add_word(&mut self, w: &Word) {
        self.words += 1;
        self.word_chars += w.len;
        if w.alphabetic {
            self.alpha_words += 1;
            if w.first.is_uppercase() {
                self.capitalized += 1;
                if w.len >= 2 && !w.lower {
                    self.all_caps += 1;
                }
            }
            if w.len <= 3 {
                self.short_words += 1;
            }
        }
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

/// Whether `hay` contains `needle`, ignoring ASCII case.
pub(crate) fn contains_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The first `max` characters of `s`, with `…` when cut.
pub(crate) fn preview(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
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
    fn word_count_counts_the_words() {
        for text in [
            "",
            "x",
            " __ _a_ 3.14 ",
            "Grüße, world_1! 東京 — ok",
            "Ǆ ǅ ǆ ΣΑΣ σας İ ı 123abc ٣ ½ Ⅻ",
            "  HOME | NEWS / SPORT >> More... [1] (2) {x} ~`@#$%^&*+=-\\\"' <b> \t\n END",
        ] {
            assert_eq!(word_count(text), words(text).count(), "{text:?}");
        }
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

    /// The two-pass version `TextStats::of` was first written as: the one-pass one must agree.
    fn reference(text: &str) -> [u32; 12] {
        let (mut chars, mut digits, mut punct) = (0, 0, 0);
        let (mut ends, mut commas, mut separators) = (0, 0, 0);
        for c in text.chars() {
            chars += 1;
            if c.is_numeric() {
                digits += 1;
            } else if c.is_ascii_punctuation() || is_general_punct(c) {
                punct += 1;
                match c {
                    '.' | '!' | '?' | '…' | '。' | '！' | '？' => ends += 1,
                    ',' | '،' | '、' | '，' => commas += 1,
                    '|' | '·' | '•' | '»' | '›' | '/' | '«' | '‹' => separators += 1,
                    _ => {}
                }
            }
        }
        let (mut n_words, mut word_chars, mut alpha, mut cap, mut caps, mut short) =
            (0, 0, 0, 0, 0, 0);
        for w in words(text) {
            n_words += 1;
            let n = w.chars().count() as u32;
            word_chars += n;
            if w.chars().all(char::is_alphabetic) {
                alpha += 1;
                if w.chars().next().unwrap().is_uppercase() {
                    cap += 1;
                    if n >= 2 && w.chars().all(|c| !c.is_lowercase()) {
                        caps += 1;
                    }
                }
                if n <= 3 {
                    short += 1;
                }
            }
        }
        [
            chars, digits, punct, n_words, word_chars, alpha, cap, caps, short, ends, commas,
            separators,
        ]
    }

    #[test]
    fn one_pass_stats_match_the_reference() {
        for text in [
            "",
            "x",
            "The cat sat. Then it left, quietly!",
            "  NASA's ÉTÉ 2024_final — «Grüße» 東京タワー ok! A I",
            "Ǆ ǅ ǆ ΣΑΣ σας İ ı 123abc abc123 __ _a_ 3.14",
            "HOME | NEWS | SPORT » More…",
            "Wait... what?! Yes, no; a/b | c · d • e › f « g ‹ h 。！？ ، 、 ， ٣ ½ Ⅻ",
            // ASCII only (the table path)
            "Wait... what?! Yes, no; a/b | c, d_e __ x_1 ABC Ab aB 42nd 3.14 NASA A I am",
            "  HOME | NEWS / SPORT >> More... [1] (2) {x} ~`@#$%^&*+=-\\\"' <b> \t\n END",
            "_leading trailing_ mid_dle UPPER_CASE CamelCase lower 007 a1b2 Z",
        ] {
            let s = TextStats::of(text);
            let got = [
                s.chars,
                s.digits,
                s.punct,
                s.words,
                s.word_chars,
                s.alpha_words,
                s.capitalized,
                s.all_caps,
                s.short_words,
                s.sentence_ends,
                s.commas,
                s.separators,
            ];
            assert_eq!(got, reference(text), "{text:?}");
        }
    }
}
