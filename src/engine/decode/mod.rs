//! Decoders: find text that hides a secret under an encoding — base64 (Kubernetes Secret `data:`
//! values, config blobs), JSON string escapes (notebooks, JSON-in-JSON), percent-encoding (URLs,
//! query strings) and HTML/XML character references (`&quot;` in attributes) — and decode it so
//! the same rule set can scan it.
//!
//! Each decoded piece keeps its line context (text before and after the encoded span on the same
//! line, so `password: <base64>` still shows its name to generic rules) and, for every byte, the
//! span of the original blob it came from: findings point at the encoded text. Work is bounded:
//! only spans that a cheap check selects are decoded, each piece is capped in size, the total per
//! blob is capped in proportion to the blob (a budget that harmless encoded text cannot spend
//! before a secret later in the blob; when it runs out, the caller says so), and decoded text is
//! decoded again at most once (depth 2). Every step is linear in the blob.

mod base64;
mod entity;
mod json;
mod percent;
#[cfg(test)]
mod tests;

use std::ops::Range;

/// Which encoding a piece was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Encoding {
    Base64,
    JsonEscape,
    Percent,
    Entity,
}

impl Encoding {
    /// A short name for snippets.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::JsonEscape => "json-escaped",
            Encoding::Percent => "percent-encoded",
            Encoding::Entity => "html-escaped",
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
    /// Decoded bytes (with their line context) per blob, over all pieces and depths, besides
    /// `per_byte` for each byte of the blob.
    pub max_total: usize,
    /// Decoded bytes allowed per byte of the blob, on top of `max_total`.
    pub per_byte: usize,
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
            per_byte: 1,
            min_base64: 16,
            min_base64_unpadded: 32,
        }
    }
}

/// Bytes of line context kept on each side of a decoded span.
pub(super) const CONTEXT: usize = 256;

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
/// limit), appending pieces to `out` in a deterministic order. Returns `false` when the budget
/// ran out before every candidate was decoded.
pub fn decode_blob(hay: &[u8], limits: &Limits, out: &mut Vec<Decoded>) -> bool {
    let mut budget = limits
        .max_total
        .saturating_add(hay.len().saturating_mul(limits.per_byte));
    let identity: Vec<Range<usize>> = Vec::new();
    let first = out.len();
    if !decode_level(hay, None, &identity, 0..hay.len(), limits, &mut budget, out) {
        return false;
    }
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
            let complete = decode_level(
                &parent.text,
                Some(&parent),
                &parent.origin,
                parent.decoded.clone(),
                limits,
                &mut budget,
                out,
            );
            out[i] = parent;
            if !complete {
                return false;
            }
        }
        if out.len() == level_end {
            break;
        }
        level_start = level_end;
    }
    true
}

/// One level: candidates of every encoding inside `region` of `hay`, each decoded piece built
/// as soon as it is found, so that nothing past the budget is kept. Returns `false` when the
/// budget ran out.
fn decode_level(
    hay: &[u8],
    parent: Option<&Decoded>,
    parent_origin: &[Range<usize>],
    region: Range<usize>,
    limits: &Limits,
    budget: &mut usize,
    out: &mut Vec<Decoded>,
) -> bool {
    let origin_of = |i: usize| -> Range<usize> {
        match parent {
            Some(_) => parent_origin[i].clone(),
            None => i..i + 1,
        }
    };
    let complete = std::cell::Cell::new(true);
    let mut piece =
        |encoding: Encoding, span: Range<usize>, bytes: Vec<u8>, units: Vec<Range<usize>>| {
            let line = line_around(hay, span.clone());
            let cost = bytes.len() + (span.start - line.start) + (line.end - span.end);
            if cost > *budget {
                complete.set(false);
                return false;
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
            true
        };
    base64::candidates(hay, region.clone(), limits, &mut |span, bytes, units| {
        piece(Encoding::Base64, span, bytes, units)
    });
    if complete.get() {
        json::candidates(hay, region.clone(), limits, &mut |span, bytes, units| {
            piece(Encoding::JsonEscape, span, bytes, units)
        });
    }
    if complete.get() {
        percent::candidates(hay, region.clone(), limits, &mut |span, bytes, units| {
            piece(Encoding::Percent, span, bytes, units)
        });
    }
    if complete.get() {
        entity::candidates(hay, region, limits, &mut |span, bytes, units| {
            piece(Encoding::Entity, span, bytes, units)
        });
    }
    complete.get()
}

/// Up to `CONTEXT` bytes on each side of `span`, within its line.
fn line_around(hay: &[u8], span: Range<usize>) -> Range<usize> {
    let floor = span.start.saturating_sub(CONTEXT);
    let start = memchr::memrchr(b'\n', &hay[floor..span.start]).map_or(floor, |p| floor + p + 1);
    let ceiling = (span.end + CONTEXT).min(hay.len());
    let end = memchr::memchr(b'\n', &hay[span.end..ceiling]).map_or(ceiling, |p| span.end + p);
    start..end
}

/// Receives each candidate: its encoded span, decoded bytes, and each byte's encoded range;
/// returns `false` to stop the search (the budget ran out).
pub(super) type Sink<'a> = dyn FnMut(Range<usize>, Vec<u8>, Vec<Range<usize>>) -> bool + 'a;
