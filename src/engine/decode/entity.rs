//! Character-reference candidates: segments of lines where HTML or XML escaped a quote
//! (`&quot;`, `&apos;`, `&#34;`, `&#x27;`), which hides the structure a rule reads: a JSON object
//! in an HTML `data-` attribute, a quoted password inside an XML attribute
//! (`connectionString="…;Password=&quot;…&quot;"`). The segment is unescaped whole, so `&amp;`,
//! `&lt;` and `&gt;` beside the quotes are read as the characters they stand for. Lines with only
//! `&amp;` (URLs in `href`s) are left alone: nothing a rule reads hides behind them alone.

use std::ops::Range;

use super::{Limits, Sink, CONTEXT};

/// The named and numeric references decoded, with the byte each stands for.
const NAMED: &[(&[u8], u8)] = &[
    (b"&quot;", b'"'),
    (b"&apos;", b'\''),
    (b"&amp;", b'&'),
    (b"&lt;", b'<'),
    (b"&gt;", b'>'),
];

/// The reference at the start of `text` and its length, when it is one of `NAMED` or a decimal
/// or hexadecimal reference to a printable ASCII character (`&#34;`, `&#x22;`).
fn reference(text: &[u8]) -> Option<(u8, usize)> {
    if let Some(&(name, b)) = NAMED.iter().find(|(name, _)| text.starts_with(name)) {
        return Some((b, name.len()));
    }
    let rest = text.strip_prefix(b"&#")?;
    let (hex, digits) = match rest.first() {
        Some(b'x' | b'X') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let n = digits
        .iter()
        .take(4)
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if n == 0 || digits.get(n) != Some(&b';') {
        return None;
    }
    let s = std::str::from_utf8(&digits[..n]).ok()?;
    let v = u32::from_str_radix(s, if hex { 16 } else { 10 }).ok()?;
    let b = u8::try_from(v).ok().filter(|b| (0x20..0x7f).contains(b))?;
    Some((b, 2 + usize::from(hex) + n + 1))
}

/// Whether the reference at the start of `text` stands for a quote.
fn is_quote(text: &[u8]) -> bool {
    matches!(reference(text), Some((b'"' | b'\'', _)))
}

/// Segments of lines holding an escaped quote, unescaped with each byte's origin. Linear: each
/// segment runs from the later of its line's start (at most `CONTEXT` bytes back) and the end of
/// the previous segment to the end of its line (at most `max_span` on), and no byte is in two.
pub(super) fn candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let mut next_free = region.start;
    for pos in memchr::memchr_iter(b'&', &hay[region.clone()]) {
        let pos = region.start + pos;
        if pos < next_free || !is_quote(&hay[pos..region.end.min(pos + 8)]) {
            continue;
        }
        let floor = pos.saturating_sub(CONTEXT).max(next_free);
        let start = memchr::memrchr(b'\n', &hay[floor..pos]).map_or(floor, |p| floor + p + 1);
        let cap = (start + limits.max_span).min(region.end);
        let end = memchr::memchr(b'\n', &hay[pos..cap]).map_or(cap, |p| pos + p);
        next_free = end;
        let (bytes, units) = unescape(hay, start..end);
        if !sink(start..end, bytes, units) {
            return;
        }
    }
}

/// Replaces the references in `hay[span]`; other bytes pass through.
fn unescape(hay: &[u8], span: Range<usize>) -> (Vec<u8>, Vec<Range<usize>>) {
    let mut bytes = Vec::with_capacity(span.len());
    let mut units = Vec::with_capacity(span.len());
    let mut i = span.start;
    while i < span.end {
        if hay[i] == b'&' {
            if let Some((b, used)) = reference(&hay[i..span.end.min(i + 8)]) {
                bytes.push(b);
                units.push(i..i + used);
                i += used;
                continue;
            }
        }
        bytes.push(hay[i]);
        units.push(i..i + 1);
        i += 1;
    }
    (bytes, units)
}

#[cfg(test)]
mod tests {
    use super::{reference, unescape};

    #[test]
    fn references_of_quotes_and_markup_characters() {
        assert_eq!(reference(b"&quot;x"), Some((b'"', 6)));
        assert_eq!(reference(b"&#34;"), Some((b'"', 5)));
        assert_eq!(reference(b"&#x27;"), Some((b'\'', 6)));
        assert_eq!(reference(b"&#X22;"), Some((b'"', 6)));
        assert_eq!(reference(b"&amp;"), Some((b'&', 5)));
        assert_eq!(reference(b"&#10;"), None);
        assert_eq!(reference(b"&#12345;"), None);
        assert_eq!(reference(b"&nbsp;"), None);
        assert_eq!(reference(b"&#;"), None);
        assert_eq!(reference(b"& quot;"), None);
    }

    #[test]
    fn unescape_keeps_each_byte_origin() {
        let hay = b"v=&quot;a&amp;b&quot;";
        let (bytes, units) = unescape(hay, 0..hay.len());
        assert_eq!(bytes, b"v=\"a&b\"");
        assert_eq!(units[2], 2..8);
        assert_eq!(units[4], 9..14);
        assert_eq!(units.len(), bytes.len());
    }
}
