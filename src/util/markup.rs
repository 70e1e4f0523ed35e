//! HTML text outside the parser: character references decoded, tags stripped from markup kept
//! in strings (a JSON-LD `articleBody`, a byline element's source), and text escaped for HTML
//! output.

use std::borrow::Cow;

/// The named character references of ISO 8859-1, from U+00A0 (`nbsp`) to U+00FF (`yuml`).
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The HTML character references that JSON-LD strings often carry (`&amp;`, `&#8217;`...), and
/// that `<meta>` contents and titles carry when a page escaped them twice (`&amp;uuml;`).
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // `;` is ASCII: its index is a character boundary.
        let semi = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&c| c == b';');
        let decoded = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32)
            } else if let Some(k) = LATIN1.iter().position(|n| *n == name) {
                char::from_u32(160 + k as u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    "lt" => '<',
                    "gt" => '>',
                    "rsquo" => '’',
                    "lsquo" => '‘',
                    "rdquo" => '”',
                    "ldquo" => '“',
                    "ndash" => '–',
                    "mdash" => '—',
                    "hellip" => '…',
                    _ => return None,
                })
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `source` without its markup, read as a browser reads it: a tag (`<` then a letter, up to the
/// next `>`), an end tag or bogus comment (`</`, `<!`, `<?`, up to the next `>`) and a comment
/// (`<!--` to `-->`) each become a space; any other `<` is text (`a < b`, `<3`, `<=`). Markup
/// left open at the end takes the rest, as in a browser. Character references are left as they
/// are.
pub(crate) fn strip_tags(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(p) = rest.find('<') {
        let after = &rest.as_bytes()[p + 1..];
        let end = match after.first() {
            Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?') => {
                if let Some(body) = rest[p + 1..].strip_prefix("!--") {
                    let at = p + 4;
                    // `<!-->` and `<!--->` are (empty) comments too.
                    if body.starts_with('>') {
                        Some(at + 1)
                    } else if body.starts_with("->") {
                        Some(at + 2)
                    } else {
                        body.find("-->").map(|e| at + e + 3)
                    }
                } else {
                    rest[p..].find('>').map(|e| p + e + 1)
                }
            }
            _ => {
                // Text: keep the `<` and look for the next one.
                out.push_str(&rest[..=p]);
                rest = &rest[p + 1..];
                continue;
            }
        };
        out.push_str(&rest[..p]);
        out.push(' ');
        rest = end.map_or("", |e| &rest[e..]);
    }
    out.push_str(rest);
    out
}

/// `s` escaped for HTML element content and double- or single-quoted attribute values (`&`,
/// `<`, `>`, `"`, `'`), with the control characters HTML forbids (all but tab, line feed and
/// carriage return) replaced by U+FFFD. Borrowed when there is nothing to escape.
///
/// ```
/// assert_eq!(unchrome::escape_html("<b>\"Tom\" & 'Jerry'</b>"),
///            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
/// ```
pub fn escape_html(s: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        !matches!(c, '&' | '<' | '>' | '"' | '\'')
            && (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
    };
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape_html("<b>\"Tom\" & 'Jerry'</b>\u{0}\t\n"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;\u{FFFD}\t\n"
        );
        assert!(matches!(escape_html("plain text\n"), Cow::Borrowed(_)));
        assert!(matches!(escape_html("x\u{1}"), Cow::Owned(_)));
    }

    #[test]
    fn a_stray_lt_is_text() {
        // Only `<` before a letter, `/`, `!` or `?` starts markup, as in a browser: the code
        // page's `a < b` keeps its text (the stripper of old dropped all of it up to a `>`).
        assert_eq!(
            strip_tags("if a < b and c <= d then <3 <b>bold</b> x<y>z"),
            "if a < b and c <= d then <3  bold  x z"
        );
        assert_eq!(strip_tags("a<!-- <p>x</p> -->b<!-->c<!--->d"), "a b c d");
        assert_eq!(strip_tags("a</ x>b<?php y?>c<!doctype html>d"), "a b c d");
        // Markup left open takes the rest, as a browser's would.
        assert_eq!(strip_tags("a <p class=x"), "a  ");
        assert_eq!(strip_tags("a <!-- b"), "a  ");
        assert_eq!(strip_tags("<"), "<");
        assert_eq!(strip_tags("é<é>ü"), "é<é>ü");
    }
}
