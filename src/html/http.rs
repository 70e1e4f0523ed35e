//! Pages that came over HTTP: the charset of the `Content-Type` header is evidence too.
//!
//! A page's own declaration wins (byte-order mark, `<meta charset>`), then the HTTP charset,
//! then what [`decode()`](crate::decode()) would do without one (valid UTF-8, else detection).
//! Servers often send a default `charset=ISO-8859-1` with pages that declare UTF-8 themselves;
//! the page knows better. A page that declares nothing is read as its server says, instead of
//! being guessed from its bytes.

use encoding_rs::{Encoding, WINDOWS_1252};

use super::decode::{gunzip_if_gzip, prescan_meta, sniff_encoding, Decoded, PRESCAN_BYTES};
use super::Limits;

/// The `charset` parameter of a `Content-Type` header value (`text/html; charset="utf-8"`), if
/// any, without quotes.
pub fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then_some(value)
    })
}

/// Decodes page bytes as [`decode_with_limits`](crate::decode_with_limits), with `charset` (an
/// encoding label such as `"iso-8859-1"`, from an HTTP header) used when the page declares none.
/// An unknown label counts as none.
pub fn decode_with_charset(bytes: &[u8], charset: Option<&str>, limits: &Limits) -> Decoded {
    let max = limits.max_input_bytes;
    let (bytes, truncated) = gunzip_if_gzip(bytes, max);
    let cut = bytes.len() > max;
    let bytes = &bytes[..bytes.len().min(max)];
    let declared_by_page = Encoding::for_bom(bytes).is_some()
        || prescan_meta(&bytes[..bytes.len().min(PRESCAN_BYTES)]).is_some();
    let from_http = charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        // As for `<meta>`: x-user-defined is windows-1252 for HTML.
        .map(|e| {
            if e == encoding_rs::X_USER_DEFINED {
                WINDOWS_1252
            } else {
                e
            }
        });
    let encoding = match from_http {
        Some(e) if !declared_by_page => e,
        _ => sniff_encoding(bytes),
    };
    let (text, _, _) = encoding.decode(bytes);
    let mut text = text.into_owned();
    let (kept, cut_text) = super::limits::cut_str(&text, max);
    let kept = kept.len();
    text.truncate(kept);
    Decoded {
        text,
        encoding: encoding.name(),
        truncated,
        size_limited: cut || cut_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::UTF_8;

    #[test]
    fn charset_parameter_is_found() {
        assert_eq!(
            content_type_charset("text/html; charset=\"UTF-8\""),
            Some("UTF-8")
        );
        assert_eq!(
            content_type_charset("text/html;Charset=iso-8859-1 ; x=y"),
            Some("iso-8859-1")
        );
        assert_eq!(content_type_charset("text/html"), None);
        assert_eq!(content_type_charset("text/html; charset="), None);
    }

    #[test]
    fn http_charset_is_used_when_the_page_declares_none() {
        let page = b"<p>caf\xe9 cr\xe8me</p>";
        let d = decode_with_charset(page, Some("iso-8859-1"), &Limits::default());
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café crème"));
        // Shift_JIS bytes that detection alone could read otherwise.
        let sjis = b"<p>\x93\xfa\x96\x7b</p>";
        let d = decode_with_charset(sjis, Some("shift_jis"), &Limits::default());
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("日本"), "{}", d.text);
    }

    #[test]
    fn the_page_declaration_beats_the_http_charset() {
        let page = "<meta charset=utf-8><p>café</p>".as_bytes();
        let d = decode_with_charset(page, Some("iso-8859-1"), &Limits::default());
        assert_eq!(d.encoding, UTF_8.name());
        assert!(d.text.contains("café"));
    }

    #[test]
    fn an_unknown_or_absent_charset_decodes_as_before() {
        let page = "<p>Le café était très animé, déjà plein à midi.</p>".as_bytes();
        for charset in [None, Some("no-such-charset")] {
            let d = decode_with_charset(page, charset, &Limits::default());
            let plain = crate::decode(page);
            assert_eq!((d.text, d.encoding), (plain.text, plain.encoding));
        }
    }
}
