//! Offline checksums built into token formats. A valid checksum makes a match "confirmed": random
//! text passes a 32-bit check once in four billion tries.

use crate::rules::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Whether `secret` carries a valid checksum of the given kind.
pub fn verify(kind: Checksum, secret: &[u8]) -> bool {
    match kind {
        Checksum::GithubCrc32 => github_crc32(secret),
    }
}

/// GitHub's scheme (also npm's): after the prefix come 30 random base62 characters and then the
/// CRC32 of those 30, in base62, left-padded with zeros to 6 characters.
fn github_crc32(secret: &[u8]) -> bool {
    if secret.len() < 36 {
        return false;
    }
    let tail = &secret[secret.len() - 36..];
    let (payload, check) = tail.split_at(30);
    if !tail.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    base62_fixed(crc32fast::hash(payload) as u64, 6) == check
}

/// `value` in base62, left-padded with '0' to `width` digits.
pub fn base62_fixed(mut value: u64, width: usize) -> Vec<u8> {
    let mut digits = vec![b'0'; width];
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(value % 62) as usize];
        value /= 62;
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github_token(prefix: &str, payload: &str) -> String {
        let check = base62_fixed(crc32fast::hash(payload.as_bytes()) as u64, 6);
        format!("{prefix}{payload}{}", String::from_utf8(check).unwrap())
    }

    #[test]
    fn github_checksum_accepts_valid_and_rejects_altered() {
        let token = github_token("ghp_", "Qm7ZpW2xR9tLk4VbN8cJ3hYf6DsA1e");
        assert!(verify(Checksum::GithubCrc32, token.as_bytes()));
        let mut altered = token.into_bytes();
        altered[10] = if altered[10] == b'a' { b'b' } else { b'a' };
        assert!(!verify(Checksum::GithubCrc32, &altered));
        assert!(!verify(Checksum::GithubCrc32, b"ghp_short"));
    }

    #[test]
    fn base62_pads() {
        assert_eq!(base62_fixed(0, 6), b"000000");
        assert_eq!(base62_fixed(61, 2), b"0z");
        assert_eq!(base62_fixed(62, 2), b"10");
    }
}
