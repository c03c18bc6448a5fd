//! Decoders: find text that hides a secret under an encoding — base64 (Kubernetes Secret `data:`
//! values, config blobs), JSON string escapes (notebooks, JSON-in-JSON) and percent-encoding
//! (URLs, query strings) — and decode it so the same rule set can scan it.
//!
//! Each decoded piece keeps its line context (text before and after the encoded span on the same
//! line, so `password: <base64>` still shows its name to generic rules) and, for every byte, the
//! span of the original blob it came from: findings point at the encoded text. Work is bounded:
//! only spans that a cheap check selects are decoded, each piece is capped in size, the total per
//! blob is capped, and decoded text is decoded again at most once (depth 2).

use std::ops::Range;

use base64::Engine as _;

/// Which encoding a piece was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Encoding {
    Base64,
    JsonEscape,
    Percent,
}

impl Encoding {
    /// A short name for snippets.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::JsonEscape => "json-escaped",
            Encoding::Percent => "percent-encoded",
        }
    }
}

/// Bounds on decoding work, per blob.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Decoded text is decoded again at most `depth - 1` times.
    pub depth: u8,
    /// Encoded spans longer than this are not decoded (source maps, embedded images).
    pub max_span: usize,
    /// Decoded bytes per blob, over all pieces and depths.
    pub max_total: usize,
    /// Shortest base64 run considered when it is padded or a multiple of 4 long.
    pub min_base64: usize,
    /// Shortest base64 run considered otherwise.
    pub min_base64_unpadded: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 2,
            max_span: 64 << 10,
            max_total: 1 << 20,
            min_base64: 16,
            min_base64_unpadded: 32,
        }
    }
}

/// Bytes of line context kept on each side of a decoded span.
const CONTEXT: usize = 256;

/// A decoded piece: context and decoded text, with each byte's origin in the blob.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub encoding: Encoding,
    /// Line context before, the decoded text, line context after.
    pub text: Vec<u8>,
    /// For each byte of `text`, the range of the original blob it stands for.
    pub origin: Vec<Range<usize>>,
    /// The part of `text` that was decoded; a match must touch it to be new.
    pub decoded: Range<usize>,
}

impl Decoded {
    /// The range of the original blob that `range` of `text` came from.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() || range.end > self.origin.len() {
            let at = self.origin.get(range.start).map_or(0, |r| r.start);
            return at..at;
        }
        self.origin[range.start].start..self.origin[range.end - 1].end
    }
}

/// Finds and decodes every candidate in `hay`, then in what they decode to (up to the depth
/// limit), appending pieces to `out` in a deterministic order.
pub fn decode_blob(hay: &[u8], limits: &Limits, out: &mut Vec<Decoded>) {
    let mut budget = limits.max_total;
    let identity: Vec<Range<usize>> = Vec::new();
    let first = out.len();
    decode_level(hay, None, &identity, 0..hay.len(), limits, &mut budget, out);
    let mut level_start = first;
    for _ in 1..limits.depth {
        let level_end = out.len();
        for i in level_start..level_end {
            // Taken out and put back so that `out` can grow meanwhile, without a copy.
            let parent = std::mem::replace(
                &mut out[i],
                Decoded {
                    encoding: Encoding::Base64,
                    text: Vec::new(),
                    origin: Vec::new(),
                    decoded: 0..0,
                },
            );
            decode_level(
                &parent.text,
                Some(&parent),
                &parent.origin,
                parent.decoded.clone(),
                limits,
                &mut budget,
                out,
            );
            out[i] = parent;
        }
        if out.len() == level_end {
            break;
        }
        level_start = level_end;
    }
}

/// One level: candidates of every encoding inside `region` of `hay`.
fn decode_level(
    hay: &[u8],
    parent: Option<&Decoded>,
    parent_origin: &[Range<usize>],
    region: Range<usize>,
    limits: &Limits,
    budget: &mut usize,
    out: &mut Vec<Decoded>,
) {
    let origin_of = |i: usize| -> Range<usize> {
        match parent {
            Some(_) => parent_origin[i].clone(),
            None => i..i + 1,
        }
    };
    let mut pieces: Vec<Piece> = Vec::new();
    base64_candidates(hay, region.clone(), limits, &mut |span, bytes, units| {
        pieces.push((Encoding::Base64, span, bytes, units));
    });
    json_escape_candidates(hay, region.clone(), limits, &mut |span, bytes, units| {
        pieces.push((Encoding::JsonEscape, span, bytes, units));
    });
    percent_candidates(hay, region, limits, &mut |span, bytes, units| {
        pieces.push((Encoding::Percent, span, bytes, units));
    });
    for (encoding, span, bytes, units) in pieces {
        let line = line_around(hay, span.clone());
        let cost = bytes.len() + (span.start - line.start) + (line.end - span.end);
        if cost > *budget {
            return;
        }
        *budget -= cost;
        let mut text = Vec::with_capacity(cost);
        let mut origin = Vec::with_capacity(cost);
        for (i, &b) in hay.iter().enumerate().take(span.start).skip(line.start) {
            text.push(b);
            origin.push(origin_of(i));
        }
        let decoded_start = text.len();
        for (b, unit) in bytes.into_iter().zip(units) {
            text.push(b);
            let from = origin_of(unit.start);
            let to = origin_of(unit.end - 1);
            origin.push(from.start..to.end);
        }
        let decoded_end = text.len();
        for (i, &b) in hay.iter().enumerate().take(line.end).skip(span.end) {
            text.push(b);
            origin.push(origin_of(i));
        }
        out.push(Decoded {
            encoding,
            text,
            origin,
            decoded: decoded_start..decoded_end,
        });
    }
}

/// Up to `CONTEXT` bytes on each side of `span`, within its line.
fn line_around(hay: &[u8], span: Range<usize>) -> Range<usize> {
    let floor = span.start.saturating_sub(CONTEXT);
    let start = memchr::memrchr(b'\n', &hay[floor..span.start]).map_or(floor, |p| floor + p + 1);
    let ceiling = (span.end + CONTEXT).min(hay.len());
    let end = memchr::memchr(b'\n', &hay[span.end..ceiling]).map_or(ceiling, |p| span.end + p);
    start..end
}

/// A decoded span before its context is attached: encoding, encoded span, decoded bytes, and
/// for each decoded byte the encoded bytes it came from.
type Piece = (Encoding, Range<usize>, Vec<u8>, Vec<Range<usize>>);

type Sink<'a> = dyn FnMut(Range<usize>, Vec<u8>, Vec<Range<usize>>) + 'a;

/// `+` and `/`: only in the standard alphabet.
const B64_STD: u8 = 1;
/// `-` and `_`: only in the URL-safe alphabet.
const B64_URL: u8 = 2;
const B64_UPPER: u8 = 4;
const B64_LOWER: u8 = 8;
const B64_DIGIT: u8 = 16;
/// Letters and digits, in both alphabets.
const B64_BOTH: u8 = B64_UPPER | B64_LOWER | B64_DIGIT;

/// Classes of base64 alphabet bytes, one bit each, so that a run's classes are one OR away.
const fn base64_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() {
            B64_UPPER
        } else if b.is_ascii_lowercase() {
            B64_LOWER
        } else if b.is_ascii_digit() {
            B64_DIGIT
        } else if b == b'+' || b == b'/' {
            B64_STD
        } else if b == b'-' || b == b'_' {
            B64_URL
        } else {
            0
        };
        i += 1;
    }
    t
}

static BASE64_CLASS: [u8; 256] = base64_table();

/// The start of the next run of at least `shortest` bytes of the standard base64 alphabet at or
/// after `i`, where `hay[i - 1]` is not in such a run. Probing the last byte of the shortest
/// possible run first skips most text without looking at it (Horspool's trick): source code
/// breaks letters with spaces and punctuation every few bytes. Kept out of line so that its
/// few variables stay in registers.
#[inline(never)]
fn next_core_run(hay: &[u8], mut i: usize, shortest: usize) -> Option<usize> {
    let is_core = |b: u8| BASE64_CLASS[b as usize] & (B64_BOTH | B64_STD) != 0;
    // Bytes in `i..verified` are known to be in the class: a walk back never re-reads them.
    let mut verified = i;
    while i + shortest <= hay.len() {
        let probe = i + shortest - 1;
        if !is_core(hay[probe]) {
            i = probe + 1;
            verified = i;
            continue;
        }
        let floor = verified.max(i);
        let mut start = probe;
        while start > floor && is_core(hay[start - 1]) {
            start -= 1;
        }
        if start == floor {
            return Some(i);
        }
        i = start;
        verified = probe + 1;
    }
    None
}

/// Runs of base64 that decode to mostly printable text. A run must mix upper and lower case
/// (hex digests and snake_case names do not), be long enough, use one alphabet, and its first
/// bytes must decode to printable text before the whole run is decoded.
fn base64_candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let is_b64 = |b: u8| BASE64_CLASS[b as usize] != 0;
    // The search looks for runs of the standard alphabet first: `_` and `-` join snake_case and
    // kebab-case words, which would make long runs out of ordinary code. A run found is then
    // widened over `_` and `-` to take in base64url text whole.
    let shortest = limits.min_base64.max(4);
    let end = region.end;
    let mut i = region.start;
    let mut last_end = region.start;
    while let Some(found) = next_core_run(&hay[..end], i, shortest) {
        let mut start = found;
        let probe = found + shortest - 1;
        while start > last_end && is_b64(hay[start - 1]) {
            start -= 1;
        }
        i = probe + 1;
        while i < end && is_b64(hay[i]) {
            i += 1;
        }
        let classes = hay[start..i]
            .iter()
            .fold(0, |seen, &b| seen | BASE64_CLASS[b as usize]);
        let has = |class: u8| classes & class != 0;
        let (upper, lower, std, url) = (has(B64_UPPER), has(B64_LOWER), has(B64_STD), has(B64_URL));
        let body_end = i;
        while i < end && i < body_end + 2 && hay[i] == b'=' {
            i += 1;
        }
        last_end = i;
        let padded = i > body_end;
        let len = body_end - start;
        let run = start..i;
        if !(upper && lower) || (std && url) || len > limits.max_span {
            continue;
        }
        let total = i - start;
        let min = if padded || total % 4 == 0 {
            limits.min_base64
        } else {
            limits.min_base64_unpadded
        };
        if len < min || len % 4 == 1 {
            continue;
        }
        let body = &hay[start..body_end];
        let engine = if url {
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
        } else {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        };
        // Cheap gate: the first 12 characters (9 bytes) must decode to printable text.
        let mut head = [0u8; 12];
        let Ok(n) = engine.decode_slice(&body[..12.min(len - len % 4)], &mut head) else {
            continue;
        };
        if !head[..n].iter().all(|&b| is_text_byte(b)) {
            continue;
        }
        let Ok(bytes) = engine.decode(body) else {
            continue;
        };
        let printable = bytes.iter().filter(|&&b| is_text_byte(b)).count();
        if bytes.is_empty() || printable * 100 < bytes.len() * 95 {
            continue;
        }
        let units = (0..bytes.len())
            .map(|k| {
                let from = start + (k / 3) * 4;
                from..(from + 4).min(run.end)
            })
            .collect();
        sink(run, bytes, units);
    }
}

fn is_text_byte(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\r' || b == b'\t'
}

/// Whether the escape at `pos` can hide something a rule would see: an escaped quote, a
/// `\uXXXX`, an escaped slash, a double escape (`\\"`, `\\n`), or `\n` in a line that is itself a
/// JSON string (a notebook's source line). `\n` and `\t` in code's own string literals only
/// end lines, which no single-line rule cares about, and private key rules read `\n` directly.
fn worth_unescaping(hay: &[u8], line_start: usize, pos: usize) -> bool {
    match hay[pos + 1] {
        b'"' | b'/' => true,
        b'u' => hay
            .get(pos + 2..pos + 6)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        b'\\' => matches!(hay.get(pos + 2), Some(b'"' | b'n' | b'u')),
        b'n' => hay[line_start..pos]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'"'),
        _ => false,
    }
}

/// Segments of lines holding JSON escapes (`\n`, `\"`, `\u0041`, `\/`, `\\`): a notebook's
/// source lines, JSON embedded in JSON strings.
fn json_escape_candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let mut next_free = region.start;
    for pos in memchr::memchr_iter(b'\\', &hay[region.clone()]) {
        let pos = region.start + pos;
        if pos < next_free || pos + 1 >= region.end {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &hay[region.start..pos])
            .map_or(region.start, |p| region.start + p + 1);
        if !worth_unescaping(hay, line_start, pos) {
            continue;
        }
        let start = line_start.max(next_free).max(pos.saturating_sub(CONTEXT));
        let cap = (start + limits.max_span).min(region.end);
        let end = memchr::memchr(b'\n', &hay[pos..cap]).map_or(cap, |p| pos + p);
        next_free = end;
        let span = start..end;
        let (bytes, units) = json_unescape(hay, span.clone());
        if bytes.len() < span.len() {
            sink(span, bytes, units);
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
fn unicode_escape(text: &[u8]) -> Option<(char, usize)> {
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

/// Tokens (runs without spaces or quotes) holding `%XX` escapes of printable characters.
fn percent_candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let is_token =
        |b: u8| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`');
    let mut next_free = region.start;
    for pos in memchr::memchr_iter(b'%', &hay[region.clone()]) {
        let pos = region.start + pos;
        if pos < next_free || pos + 2 >= region.end {
            continue;
        }
        if hex_value(hay[pos + 1], hay[pos + 2])
            .is_none_or(|v| !(0x20..0x7f).contains(&v) && v != b'\n')
        {
            continue;
        }
        let floor = pos.saturating_sub(limits.max_span / 2).max(next_free);
        let start = hay[floor..pos]
            .iter()
            .rposition(|&b| !is_token(b))
            .map_or(floor, |p| floor + p + 1);
        let cap = (pos + limits.max_span / 2).min(region.end);
        let end = hay[pos..cap]
            .iter()
            .position(|&b| !is_token(b))
            .map_or(cap, |p| pos + p);
        next_free = end;
        let mut bytes = Vec::with_capacity(end - start);
        let mut units = Vec::with_capacity(end - start);
        let mut i = start;
        while i < end {
            if hay[i] == b'%' && i + 2 < end {
                if let Some(v) = hex_value(hay[i + 1], hay[i + 2]) {
                    bytes.push(v);
                    units.push(i..i + 3);
                    i += 3;
                    continue;
                }
            }
            bytes.push(hay[i]);
            units.push(i..i + 1);
            i += 1;
        }
        sink(start..end, bytes, units);
    }
}

fn hex_value(high: u8, low: u8) -> Option<u8> {
    let h = (high as char).to_digit(16)?;
    let l = (low as char).to_digit(16)?;
    Some((h * 16 + l) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward search `next_core_run` must agree with.
    fn next_core_run_reference(hay: &[u8], i: usize, shortest: usize) -> Option<usize> {
        let is_core = |b: u8| BASE64_CLASS[b as usize] & (B64_BOTH | B64_STD) != 0;
        (i..=hay.len().checked_sub(shortest)?).find(|&p| {
            hay[p..p + shortest].iter().all(|&b| is_core(b)) && (p == i || !is_core(hay[p - 1]))
        })
    }

    #[test]
    fn core_run_search_matches_the_reference() {
        // Every byte next to a class boundary, and bytes that only become letters or digits
        // when their high bit or case bit is ignored.
        let alphabet = b"aZ9+/ _-.\n=@[`{09azAZ*,\x10\x19\x0b\x0f\x80\xab\xc1\xda\xef";
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..3000 {
            // Mostly alphabet bytes in some rounds, so that long runs occur.
            let dense = round % 3 == 0;
            let len = (state % 300) as usize;
            let hay: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let pick = state % alphabet.len() as u64;
                    alphabet[if dense && pick % 4 != 0 {
                        pick as usize % 3
                    } else {
                        pick as usize
                    }]
                })
                .collect();
            for shortest in [4, 5, 16, 17, 64, 65] {
                for start in [0, 1, 7, 63, 64, 65] {
                    if start > hay.len() {
                        continue;
                    }
                    assert_eq!(
                        next_core_run(&hay, start, shortest),
                        next_core_run_reference(&hay, start, shortest),
                        "{:?} from {start}, shortest {shortest}",
                        String::from_utf8_lossy(&hay)
                    );
                }
            }
        }
    }

    fn decode(text: &str) -> Vec<Decoded> {
        let mut out = Vec::new();
        decode_blob(text.as_bytes(), &Limits::default(), &mut out);
        out
    }

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn base64_value_keeps_its_line_context_and_origin() {
        let encoded = b64("Kd82jfLq0Pz7Wm3n");
        let blob = format!("kind: Secret\ndata:\n  password: {encoded}\n");
        let pieces = decode(&blob);
        assert_eq!(pieces.len(), 1);
        let p = &pieces[0];
        assert_eq!(p.encoding, Encoding::Base64);
        assert_eq!(
            String::from_utf8_lossy(&p.text),
            "  password: Kd82jfLq0Pz7Wm3n"
        );
        let at = blob.find(&encoded).unwrap();
        assert_eq!(p.source_range(p.decoded.clone()), at..at + encoded.len());
        // The first decoded byte comes from the first quantum of the encoded text.
        assert_eq!(p.origin[p.decoded.start], at..at + 4);
    }

    #[test]
    fn base64url_runs_are_taken_whole_across_dashes_and_underscores() {
        let encoded = "dG9rZW46IEtkODJqZkxxMFB6N1dtM24_Pj8-fn4gYW5kIG1vcmUgdGV4dCBoZXJl";
        let blob = format!("x = \"{encoded}\"");
        let pieces = decode(&blob);
        assert_eq!(pieces.len(), 1);
        let text = String::from_utf8_lossy(&pieces[0].text);
        assert!(
            text.contains("token: Kd82jfLq0Pz7Wm3n?>?>~~ and more text here"),
            "{text}"
        );
        assert_eq!(
            pieces[0].source_range(pieces[0].decoded.clone()),
            5..5 + encoded.len()
        );
    }

    #[test]
    fn base64_of_binary_hex_and_identifiers_is_left_alone() {
        assert!(decode("sha = d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204").is_empty());
        assert!(decode("AbstractSingletonProxyFactoryBeanConfigurer").is_empty());
        assert!(
            decode("img = iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk").is_empty()
        );
        assert!(decode("some_long_snake_case_identifier_name_here").is_empty());
    }

    #[test]
    fn json_escapes_decode_with_exact_origins() {
        let blob = r#"  "source": ["pw = \"Kd82\"\n", "x = \u0041"]"#;
        let pieces = decode(blob);
        let p = pieces
            .iter()
            .find(|p| p.encoding == Encoding::JsonEscape)
            .unwrap();
        let text = String::from_utf8_lossy(&p.text);
        assert!(text.contains("pw = \"Kd82\"\n"), "{text}");
        assert!(text.contains("x = A"), "{text}");
        let quote = p.text.iter().position(|&b| b == b'"').unwrap();
        let escaped = p.text[quote..].iter().position(|&b| b == b'\\');
        assert!(escaped.is_none() || p.text[quote + escaped.unwrap() + 1] != b'"');
        let k = text.find("Kd82").unwrap();
        let r = p.source_range(k..k + 4);
        assert_eq!(&blob[r], "Kd82");
    }

    #[test]
    fn line_ending_escapes_in_code_are_not_worth_decoding() {
        assert!(decode("    printf(\"password: %s\\n\", pw);\n").is_empty());
        let notebook = decode("    \"password: Kd82jfLq0Pz7Wm3n\\n\",\n");
        assert_eq!(notebook.len(), 1);
        assert!(String::from_utf8_lossy(&notebook[0].text).contains("password: Kd82jfLq0Pz7Wm3n\n"));
    }

    #[test]
    fn unicode_escapes_and_surrogates() {
        assert_eq!(unicode_escape(br"\u0041"), Some(('A', 6)));
        assert_eq!(unicode_escape(br"\uD83D\uDE00"), Some(('\u{1F600}', 12)));
        assert_eq!(
            unicode_escape(br"\uD83Dx"),
            Some((char::REPLACEMENT_CHARACTER, 6))
        );
        assert_eq!(unicode_escape(br"\u00"), None);
    }

    #[test]
    fn percent_encoded_tokens() {
        let blob = "url = \"https://x/cb?state=%7B%22api_key%22%3A%22abc%22%7D&y=1\"";
        let pieces = decode(blob);
        let p = pieces
            .iter()
            .find(|p| p.encoding == Encoding::Percent)
            .unwrap();
        let text = String::from_utf8_lossy(&p.text);
        assert!(text.contains(r#"{"api_key":"abc"}"#), "{text}");
        assert!(decode("width: 100%; printf(\"%s %d\")").is_empty());
    }

    #[test]
    fn depth_two_decodes_base64_inside_json_escapes() {
        let inner = b64("password = \"Kd82jfLq0Pz7Wm3n\"");
        let blob = format!(r#"{{"cell": "data = \"{inner}\"\n"}}"#);
        let pieces = decode(&blob);
        let deep = pieces
            .iter()
            .find(|p| {
                p.encoding == Encoding::Base64
                    && String::from_utf8_lossy(&p.text).contains("Kd82jf")
            })
            .expect("base64 decoded");
        let at = blob.find(&inner).unwrap();
        assert_eq!(
            deep.source_range(deep.decoded.clone()),
            at..at + inner.len()
        );
    }

    #[test]
    fn limits_bound_the_work() {
        let limits = Limits {
            max_total: 10,
            ..Limits::default()
        };
        let mut out = Vec::new();
        let blob = format!(
            "a: {}\nb: {}\n",
            b64("Kd82jfLq0Pz7Wm3n-1"),
            b64("Kd82jfLq0Pz7Wm3n-2")
        );
        decode_blob(blob.as_bytes(), &limits, &mut out);
        assert!(out.is_empty());
        let depth_one = Limits {
            depth: 1,
            ..Limits::default()
        };
        let mut out = Vec::new();
        let inner = b64("secret text inside");
        decode_blob(format!(r#""x\n{inner}""#).as_bytes(), &depth_one, &mut out);
        assert!(out.iter().all(|p| p.encoding == Encoding::JsonEscape));
    }
}
