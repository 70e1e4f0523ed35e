//! Bytes to text: gzip, byte-order mark, `<meta charset>` prescan, UTF-8, else detection.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::html::Limits;

/// How many leading bytes the `<meta charset>` prescan looks at (the HTML standard says 1024;
/// real pages often put a long `<head>` of scripts first, so we look further).
pub(crate) const PRESCAN_BYTES: usize = 8192;
/// How many leading bytes the statistical detector sees: enough to decide, cheap on huge pages.
const DETECT_BYTES: usize = 64 * 1024;

/// Decoded page text and the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page as text.
    pub text: String,
    /// The name of the encoding used (`"UTF-8"`, `"windows-1252"`, ...).
    pub encoding: &'static str,
    /// True if the input was gzip data that ended early or was corrupt; `text` holds what could
    /// be recovered.
    pub truncated: bool,
    /// True if the page was longer than the size limit ([`Limits`]) and `text` is its beginning.
    pub size_limited: bool,
}

/// Decodes raw page bytes to text.
///
/// Order of evidence: gzip magic (inflated transparently), a byte-order mark, a `<meta charset>` or
/// `http-equiv` declaration in the first bytes (overruled by bytes that are valid UTF-8 and not all
/// ASCII: a stale declaration), valid UTF-8, else `chardetng` detection on a prefix. Never fails: undecodable bytes become U+FFFD. Pages longer than the default
/// [`Limits::max_input_bytes`] (inflated, and again as text) are cut to it.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with_limits(bytes, &Limits::default())
}

/// [`decode()`] with another size limit.
pub fn decode_with_limits(bytes: &[u8], limits: &Limits) -> Decoded {
    let max = limits.max_input_bytes;
    let (bytes, truncated) = gunzip_if_gzip(bytes, max);
    let cut = bytes.len() > max;
    let encoding = sniff_encoding(&bytes[..bytes.len().min(max)]);
    let mut text = match bytes {
        // Inflated UTF-8 without a byte-order mark (most pages): the buffer becomes the text,
        // where decoding would copy it. Decoding gives the same text (it only strips a BOM and
        // replaces invalid bytes).
        Cow::Owned(mut inflated) if encoding == UTF_8 && !inflated.starts_with(UTF_8_BOM) => {
            inflated.truncate(max);
            String::from_utf8(inflated)
                .unwrap_or_else(|e| encoding.decode(e.as_bytes()).0.into_owned())
        }
        bytes => encoding
            .decode(&bytes[..bytes.len().min(max)])
            .0
            .into_owned(),
    };
    let cut_text = text.len() > max;
    if cut_text {
        text.truncate(crate::html::limits::cut_str(&text, max).0.len());
    }
    Decoded {
        text,
        encoding: encoding.name(),
        truncated,
        size_limited: cut || cut_text,
    }
}

const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Inflates gzip data (recognised by its magic bytes), keeping what was recovered when the
/// stream is truncated or corrupt, and stopping after `max + 1` bytes (a gzip bomb inflates no
/// further than the size limit).
pub(crate) fn gunzip_if_gzip(bytes: &[u8], max: usize) -> (Cow<'_, [u8]>, bool) {
    if bytes.len() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b {
        return (Cow::Borrowed(bytes), false);
    }
    // Room for the inflated size the gzip trailer states (of the last member: a file of one
    // member, as saved pages are, is inflated without growing and copying the buffer), when it
    // is one deflate can reach (at most 1032 times the input); else four times the input.
    let stated = bytes
        .last_chunk::<4>()
        .map_or(0, |t| u32::from_le_bytes(*t) as usize);
    let room = if stated <= bytes.len().saturating_mul(1032) {
        stated
    } else {
        0
    };
    let mut out = Vec::with_capacity(
        room.max(bytes.len().saturating_mul(4))
            .min(max.saturating_add(1)),
    );
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
    let mut buf = [0u8; 64 * 1024];
    let mut truncated = false;
    while out.len() <= max {
        match decoder.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(ref e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => {
                truncated = true;
                break;
            }
        }
    }
    (Cow::Owned(out), truncated)
}

/// Picks the encoding of `bytes` (already inflated).
pub(crate) fn sniff_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = prescan_meta(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        // A page declared in a legacy encoding whose non-ASCII bytes are all valid UTF-8 is
        // UTF-8: templates keep an old declaration after the site moved to UTF-8 (a fundus
        // page declares GB2312), while legacy text that happens to be valid UTF-8 is vanishingly
        // rare past a few characters.
        if encoding != UTF_8 && !bytes.is_ascii() && is_utf8(bytes) {
            return UTF_8;
        }
        return encoding;
    }
    if is_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let prefix = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(prefix, prefix.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Valid UTF-8, or a valid UTF-8 prefix cut mid-character at the end.
fn is_utf8(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len(),
    }
}

/// Finds `charset=...` in a `<meta>` tag of the prefix, as the HTML standard's prescan does (in a
/// simplified form: any `<meta` tag whose attributes contain `charset=`).
pub(crate) fn prescan_meta(prefix: &[u8]) -> Option<&'static Encoding> {
    let lower = prefix.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cpos) = find(tag, b"charset") {
            let mut rest = &tag[cpos + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r
                    .strip_prefix(b"\"")
                    .or_else(|| r.strip_prefix(b"'"))
                    .unwrap_or(r);
                let label_end = r
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(r.len());
                if let Some(encoding) = Encoding::for_label(&r[..label_end]) {
                    // The standard: a declared UTF-16 means the bytes are ASCII-compatible UTF-8
                    // (we got here by reading them as ASCII); x-user-defined means windows-1252.
                    return Some(
                        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                            UTF_8
                        } else if encoding == encoding_rs::X_USER_DEFINED {
                            WINDOWS_1252
                        } else {
                            encoding
                        },
                    );
                }
            }
        }
        from = end.min(lower.len());
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        let d = decode(page);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
    }

    #[test]
    fn utf8_bytes_win_over_a_legacy_declaration() {
        let page = "<meta http-equiv=\"content-type\" content=\"text/html;charset=GB2312\"/><p>　　新华社北京4月24日电</p>";
        let d = decode(page.as_bytes());
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("新华社北京"), "{}", d.text);
        // The same text really in GBK keeps its declaration.
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        let d = decode(&gbk);
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.contains("新华社北京"), "{}", d.text);
        // An ASCII page keeps its declaration (nothing to tell them apart).
        let d = decode(b"<meta charset=\"iso-8859-1\"><p>plain</p>");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn http_equiv_is_honoured() {
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>\x93\xfa\x96\x7b";
        assert_eq!(decode(page).encoding, "Shift_JIS");
    }

    #[test]
    fn bom_wins() {
        let mut page = vec![0xff, 0xfe];
        for c in "<p>hé</p>".encode_utf16() {
            page.extend_from_slice(&c.to_le_bytes());
        }
        let d = decode(&page);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.contains("hé"));
    }

    #[test]
    fn undeclared_windows_1252_is_detected() {
        let page = "<p>Le café était très animé, déjà plein à midi, où l'on parlait fort.</p>";
        let (bytes, _, _) = WINDOWS_1252.encode(page);
        let d = decode(&bytes);
        assert!(d.text.contains("café était très"), "{}", d.text);
    }

    #[test]
    fn gzip_is_inflated_and_truncation_flagged() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("<p>hello world</p>".repeat(200).as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let d = decode(&gz);
        assert!(!d.truncated);
        assert!(d.text.starts_with("<p>hello world</p>"));
        let cut = decode(&gz[..gz.len() / 2]);
        assert!(cut.truncated);
    }

    /// Inflated pages take the buffer-to-text path when they are UTF-8 without a BOM: the text
    /// must be what decoding the plain bytes gives, for every other case too.
    #[test]
    fn gzip_decodes_as_the_plain_bytes_do() {
        use std::io::Write;
        let gzip = |bytes: &[u8]| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        };
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<p>hé</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let pages: [&[u8]; 7] = [
            "<p>Grüße, 東京</p>".as_bytes(),
            b"\xEF\xBB\xBF<p>caf\xc3\xa9 with a BOM</p>",
            b"<p>invalid \xff\xfe bytes, then caf\xc3\xa9</p>",
            b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>",
            b"<p>cut mid-character \xe6\x9d",
            &utf16,
            b"",
        ];
        for page in pages {
            // 1 to 3: a byte-order mark cut by the limit.
            for max in [usize::MAX, 12, 3, 2, 1, 0] {
                let limits = Limits {
                    max_input_bytes: max,
                    ..Limits::default()
                };
                let (plain, inflated) = (
                    decode_with_limits(page, &limits),
                    decode_with_limits(&gzip(page), &limits),
                );
                assert_eq!(inflated.text, plain.text, "{page:?} max {max}");
                assert_eq!(inflated.encoding, plain.encoding, "{page:?} max {max}");
                assert_eq!(
                    inflated.size_limited, plain.size_limited,
                    "{page:?} max {max}"
                );
                assert!(!inflated.truncated);
            }
        }
    }
}
