//! Base64 candidates: runs of the base64 alphabet that mix upper and lower case and decode to
//! mostly printable text.

use std::ops::Range;

use super::{Limits, Sink};
use crate::engine::codec::Base64;

/// `+` and `/`: only in the standard alphabet.
pub(super) const B64_STD: u8 = 1;
/// `-` and `_`: only in the URL-safe alphabet.
const B64_URL: u8 = 2;
const B64_UPPER: u8 = 4;
const B64_LOWER: u8 = 8;
const B64_DIGIT: u8 = 16;
/// Letters and digits, in both alphabets.
pub(super) const B64_BOTH: u8 = B64_UPPER | B64_LOWER | B64_DIGIT;

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

pub(super) static BASE64_CLASS: [u8; 256] = base64_table();

/// One bit per byte of `chunk`: whether it is in the standard base64 alphabet (letters, digits,
/// `+` and `/`). Written as whole-array steps (a flag byte each, then eight flags at a time
/// gathered into a byte by one multiplication) so that the compiler classifies 16 or 32 bytes
/// per vector instruction.
#[inline(always)]
pub(super) fn core_mask(chunk: &[u8; 64]) -> u64 {
    let mut flags = [0u8; 64];
    for (f, &b) in flags.iter_mut().zip(chunk) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        // `/` is the byte before `0`.
        let slash_or_digit = b.wrapping_sub(b'/') < 11;
        *f = u8::from(letter | slash_or_digit | (b == b'+'));
    }
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        // Byte j of `x` (0 or 1) lands on bit 56 + j of the product, and no two partial
        // products below bit 56 share a bit, so nothing carries into the top byte.
        mask |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// `core_mask` with AVX2: 32 bytes per compare instead of the compiler's 16 (SSE2 is all the
/// x86-64 baseline guarantees), and the mask straight from `movemask`.
///
/// # Safety
/// The processor must have AVX2 (`avx2_available`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn core_mask_avx2(chunk: &[u8; 64]) -> u64 {
    use std::arch::x86_64::*;
    // `x - low < count` as unsigned bytes: the difference equals its minimum with `count - 1`.
    let in_range = |x: __m256i, low: u8, count: u8| {
        let d = _mm256_sub_epi8(x, _mm256_set1_epi8(low as i8));
        _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8((count - 1) as i8)), d)
    };
    let mut mask = 0u64;
    for half in 0..2 {
        // SAFETY: the 32 bytes at `32 * half` are inside `chunk`; the load is unaligned.
        let x = _mm256_loadu_si256(chunk.as_ptr().add(32 * half).cast::<__m256i>());
        let letter = in_range(_mm256_or_si256(x, _mm256_set1_epi8(0x20)), b'a', 26);
        // `/` is the byte before `0`.
        let slash_or_digit = in_range(x, b'/', 11);
        let plus = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'+' as i8));
        let any = _mm256_or_si256(_mm256_or_si256(letter, slash_or_digit), plus);
        mask |= u64::from(_mm256_movemask_epi8(any) as u32) << (32 * half);
    }
    mask
}

/// Whether this processor has AVX2 (detected once; the standard library caches it).
#[inline(always)]
pub(super) fn avx2_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `core_mask` by the fastest way this processor has.
#[inline(always)]
pub(super) fn core_mask_with(avx2: bool, chunk: &[u8; 64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: `avx2` is `avx2_available()`.
        return unsafe { core_mask_avx2(chunk) };
    }
    let _ = avx2;
    core_mask(chunk)
}

/// The start of the next run of at least `shortest` bytes of the standard base64 alphabet at or
/// after `i` (the first position from which `shortest` bytes are all in it). Classifies 64 bytes
/// at a time into a bit mask and finds runs in the mask with shifts: a run of `shortest` set bits
/// starting at bit p leaves bit p set in `mask & mask >> 1 & ... & mask >> (shortest - 1)`,
/// computed in log2(shortest) steps; a run that crosses into the next 64 bytes is carried as a
/// count. Kept out of line so that its few variables stay in registers.
#[inline(never)]
pub(super) fn next_core_run(hay: &[u8], i: usize, shortest: usize) -> Option<usize> {
    if shortest > 64 {
        return next_core_run_scalar(hay, i, shortest);
    }
    let avx2 = avx2_available();
    // Bytes in the class just before `at`, from `i` on.
    let mut run = 0;
    let mut at = i;
    while at < hay.len() {
        let n = (hay.len() - at).min(64);
        let mask = match hay[at..].first_chunk::<64>() {
            Some(chunk) => core_mask_with(avx2, chunk),
            None => {
                // NUL is not in the class: the bits past the end stay clear.
                let mut chunk = [0u8; 64];
                chunk[..n].copy_from_slice(&hay[at..]);
                core_mask_with(avx2, &chunk)
            }
        };
        if run + mask.trailing_ones() as usize >= shortest {
            return Some(at - run);
        }
        let (mut within, mut have) = (mask, 1);
        while have < shortest {
            let step = have.min(shortest - have);
            within &= within >> step;
            have += step;
        }
        if within != 0 {
            return Some(at + within.trailing_zeros() as usize);
        }
        run = mask.leading_ones() as usize;
        at += n;
    }
    None
}

/// `next_core_run` for runs longer than 64 bytes, byte by byte: probing the last byte of the
/// shortest possible run first skips most text without looking at it (Horspool's trick).
fn next_core_run_scalar(hay: &[u8], mut i: usize, shortest: usize) -> Option<usize> {
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
pub(super) fn candidates(hay: &[u8], region: Range<usize>, limits: &Limits, sink: &mut Sink<'_>) {
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
        let alphabet = if url {
            Base64::UrlSafe
        } else {
            Base64::Standard
        };
        // Cheap gate: the first 12 characters (9 bytes) must decode to printable text.
        let mut head = [0u8; 12];
        let Some(n) = alphabet.decode_unpadded_into(&body[..12.min(len - len % 4)], &mut head)
        else {
            continue;
        };
        if !head[..n].iter().all(|&b| is_text_byte(b)) {
            continue;
        }
        let Some(bytes) = alphabet.decode_unpadded(body) else {
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
        if !sink(run, bytes, units) {
            return;
        }
    }
}

fn is_text_byte(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\r' || b == b'\t'
}
