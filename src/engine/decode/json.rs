//! JSON-escape candidates: segments of lines whose escapes (`\"`, `\u0041`, `\/`, `\\`) can hide
//! what a rule would see, unescaped with each byte's origin.

use std::ops::Range;

use super::{Limits, Sink, CONTEXT};

/// Whether the escape at `pos` can hide something a rule would see: an escaped quote, a
/// `\uXXXX`, an escaped slash, a double escape (`\\"`, `\\n`), or `\n` in a line that is itself a
/// JSON string (a notebook's source line: `quoted_line`, its first non-blank byte is a quote).
/// `\n` and `\t` in code's own string literals only end lines, which no single-line rule
/// cares about, and private key rules read `\n` directly.
fn worth_unescaping(hay: &[u8], quoted_line: impl FnOnce() -> bool, pos: usize) -> bool {
    match hay[pos + 1] {
        b'"' | b'/' => true,
        b'u' => hay
            .get(pos + 2..pos + 6)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        b'\\' => matches!(hay.get(pos + 2), Some(b'"' | b'n' | b'u')),
        b'n' => quoted_line(),
        _ => false,
    }
}

/// Segments of lines holding JSON escapes (`\n`, `\"`, `\u0041`, `\/`, `\\`): a notebook's
/// source lines, JSON embedded in JSON strings. Linear: the start of the current line and its
/// first non-blank byte are carried forward, never searched for again at each backslash.
pub(super) fn candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let mut next_free = region.start;
    let mut line_start = region.start;
    // Up to where `line_start` is known to be right.
    let mut line_seen = region.start;
    // The first non-blank byte of the current line once found; until then, up to where the
    // line is known to be blank.
    let mut first_of_line: Option<u8> = None;
    let mut blank_until = region.start;
    for pos in memchr::memchr_iter(b'\\', &hay[region.clone()]) {
        let pos = region.start + pos;
        if let Some(nl) = memchr::memrchr(b'\n', &hay[line_seen..pos]) {
            line_start = line_seen + nl + 1;
            first_of_line = None;
            blank_until = line_start;
        }
        line_seen = pos;
        if pos < next_free || pos + 1 >= region.end {
            continue;
        }
        let quoted_line = || {
            if first_of_line.is_none() {
                let from = blank_until.max(line_start);
                match hay[from..pos].iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(&b) => first_of_line = Some(b),
                    None => blank_until = pos,
                }
            }
            first_of_line == Some(b'"')
        };
        if !worth_unescaping(hay, quoted_line, pos) {
            continue;
        }
        let start = line_start.max(next_free).max(pos.saturating_sub(CONTEXT));
        let cap = (start + limits.max_span).min(region.end);
        let end = memchr::memchr(b'\n', &hay[pos..cap]).map_or(cap, |p| pos + p);
        next_free = end;
        let span = start..end;
        let (bytes, units) = json_unescape(hay, span.clone());
        if bytes.len() < span.len() && !sink(span, bytes, units) {
            return;
        }
    }
}

/// Unescapes JSON string escapes in `hay[span]`; bytes that are not escapes pass through.
fn json_unescape(hay: &[u8], span: Range<usize>) -> (Vec<u8>, Vec<Range<usize>>) {
    let mut bytes = Vec::with_capacity(span.len());
    let mut units = Vec::with_capacity(span.len());
    let mut i = span.start;
    while i < span.end {
        let b = hay[i];
        if b != b'\\' || i + 1 >= span.end {
            bytes.push(b);
            units.push(i..i + 1);
            i += 1;
            continue;
        }
        let simple = match hay[i + 1] {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'"' => Some(b'"'),
            b'/' => Some(b'/'),
            b'\\' => Some(b'\\'),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            _ => None,
        };
        if let Some(c) = simple {
            bytes.push(c);
            units.push(i..i + 2);
            i += 2;
            continue;
        }
        if hay[i + 1] == b'u' {
            if let Some((ch, used)) = unicode_escape(&hay[i..span.end]) {
                let mut buf = [0u8; 4];
                for &c in ch.encode_utf8(&mut buf).as_bytes() {
                    bytes.push(c);
                    units.push(i..i + used);
                }
                i += used;
                continue;
            }
        }
        bytes.push(b);
        units.push(i..i + 1);
        i += 1;
    }
    (bytes, units)
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`: the character and the bytes it used.
pub(super) fn unicode_escape(text: &[u8]) -> Option<(char, usize)> {
    let hex4 = |t: &[u8]| -> Option<u32> {
        let digits = t.get(2..6)?;
        let s = std::str::from_utf8(digits).ok()?;
        u32::from_str_radix(s, 16).ok()
    };
    let high = hex4(text)?;
    if (0xD800..0xDC00).contains(&high) {
        if text.get(6) == Some(&b'\\') && text.get(7) == Some(&b'u') {
            if let Some(low) = hex4(&text[6..]) {
                if (0xDC00..0xE000).contains(&low) {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(c).map(|c| (c, 12));
                }
            }
        }
        return Some((char::REPLACEMENT_CHARACTER, 6));
    }
    Some((
        char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
        6,
    ))
}
