//! Percent-encoding candidates: tokens (runs without spaces or quotes) holding `%XX` escapes of
//! printable characters.

use std::ops::Range;

use super::{Limits, Sink};
use crate::engine::codec::{hex_pair, percent_decode_each};

/// Tokens (runs without spaces or quotes) holding `%XX` escapes of printable characters.
pub(super) fn candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
    let is_token =
        |b: u8| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`');
    let mut next_free = region.start;
    for pos in memchr::memchr_iter(b'%', &hay[region.clone()]) {
        let pos = region.start + pos;
        if pos < next_free || pos + 2 >= region.end {
            continue;
        }
        if hex_pair(hay[pos + 1], hay[pos + 2])
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
        percent_decode_each(&hay[start..end], |b, unit| {
            bytes.push(b);
            units.push(start + unit.start..start + unit.end);
        });
        if !sink(start..end, bytes, units) {
            return;
        }
    }
}
