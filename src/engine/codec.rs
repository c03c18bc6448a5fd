//! The decoders the engine shares, one per encoding: base64 (standard and URL-safe, padded or
//! not), hex digit pairs and percent-encoding. The decode pass (`decode`), the placeholder checks
//! and the validators all decode through here, so an encoding is read the same way everywhere.

use std::ops::Range;

use base64::Engine as _;

/// A base64 alphabet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64 {
    /// `+` and `/`.
    Standard,
    /// `-` and `_` (base64url).
    UrlSafe,
}

impl Base64 {
    fn unpadded(self) -> &'static base64::engine::GeneralPurpose {
        match self {
            Base64::Standard => &base64::engine::general_purpose::STANDARD_NO_PAD,
            Base64::UrlSafe => &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        }
    }

    /// Decodes text without padding.
    pub fn decode_unpadded(self, text: &[u8]) -> Option<Vec<u8>> {
        self.unpadded().decode(text).ok()
    }

    /// Decodes text without padding into `out`; the number of bytes written.
    pub fn decode_unpadded_into(self, text: &[u8], out: &mut [u8]) -> Option<usize> {
        self.unpadded().decode_slice(text, out).ok()
    }
}

/// Decodes standard base64 with its padding, as `Authorization: Basic` and most configs write
/// it.
pub fn base64_padded(text: &[u8]) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Decodes base64url with or without padding (JWT segments).
pub fn base64url(text: &[u8]) -> Option<Vec<u8>> {
    let trimmed = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    Base64::UrlSafe.decode_unpadded(trimmed)
}

/// The byte two hex digits spell (either case).
pub fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let h = (high as char).to_digit(16)?;
    let l = (low as char).to_digit(16)?;
    Some((h * 16 + l) as u8)
}

/// Decodes `%XX` escapes in `text`, calling `emit` with each decoded byte and the range of
/// `text` it came from; other bytes, and malformed escapes, pass through as they are.
pub fn percent_decode_each(text: &[u8], mut emit: impl FnMut(u8, Range<usize>)) {
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' && i + 2 < text.len() {
            if let Some(v) = hex_pair(text[i + 1], text[i + 2]) {
                emit(v, i..i + 3);
                i += 3;
                continue;
            }
        }
        emit(text[i], i..i + 1);
        i += 1;
    }
}

/// Decodes `%XX` escapes; other bytes, and malformed escapes, are kept as they are.
pub fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    percent_decode_each(text, |b, _| out.push(b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(
            base64_padded(b"aGk6dGhlcmU=").as_deref(),
            Some(&b"hi:there"[..])
        );
        assert_eq!(base64_padded(b"aGk6dGhlcmU"), None);
        assert_eq!(base64url(b"aGk_Pz8=").as_deref(), Some(&b"hi???"[..]));
        assert_eq!(base64url(b"aGk_Pz8").as_deref(), Some(&b"hi???"[..]));
        assert_eq!(hex_pair(b'4', b'a'), Some(0x4a));
        assert_eq!(hex_pair(b'g', b'0'), None);
        assert_eq!(percent_decode(b"a%20b%zz%4"), b"a b%zz%4");
    }
}
