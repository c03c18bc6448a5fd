//! Offline checksums built into token formats. A valid checksum makes a match "confirmed": random
//! text passes a 32-bit check once in four billion tries.

use sha2::{Digest, Sha256};

use crate::rules::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Whether `secret` carries a valid checksum of the given kind.
pub fn verify(kind: Checksum, secret: &[u8]) -> bool {
    match kind {
        Checksum::GithubCrc32 => github_crc32(secret),
        Checksum::Base58check => base58check(secret),
        Checksum::Bip39 => bip39(secret),
    }
}

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// The longest Base58Check value decoded (a BIP32 extended key is 82 bytes, 111 characters).
const BASE58_MAX_CHARS: usize = 128;

/// Base58Check: the value decodes to a payload and 4 check bytes, the first 4 of the double
/// SHA-256 of the payload.
fn base58check(secret: &[u8]) -> bool {
    if secret.len() > BASE58_MAX_CHARS {
        return false;
    }
    let Some(raw) = base58_decode(secret) else {
        return false;
    };
    if raw.len() < 5 {
        return false;
    }
    let (payload, check) = raw.split_at(raw.len() - 4);
    let digest = Sha256::digest(Sha256::digest(payload));
    digest[..4] == *check
}

/// Base58 (Bitcoin's alphabet) to bytes: each leading `1` is a zero byte. Quadratic in the
/// length, which `base58check` bounds.
fn base58_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    for &c in text {
        let mut carry = BASE58.iter().position(|&d| d == c)? as u32;
        for byte in out.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = text.iter().take_while(|&&c| c == b'1').count();
    let mut raw = vec![0u8; zeros];
    raw.extend(out.iter().skip_while(|&&b| b == 0));
    Some(raw)
}

/// Whether `value` is an EVM account or contract address: `0x` and 40 hex digits, either in one
/// case (the unchecksummed forms) or in EIP-55's mixed case, whose letters are upper case where
/// the Keccak-256 of the lowercase address has a nibble of 8 or more. Random mixed case fails
/// EIP-55 but for one address in about 2^15 (with 15 letters).
pub fn evm_address(value: &[u8]) -> bool {
    let Some(hex) = value.strip_prefix(b"0x") else {
        return false;
    };
    if hex.len() != 40 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    let lower = hex.iter().any(u8::is_ascii_lowercase);
    let upper = hex.iter().any(u8::is_ascii_uppercase);
    if !(lower && upper) {
        return true;
    }
    let digest = keccak256(&hex.to_ascii_lowercase());
    hex.iter().enumerate().all(|(i, c)| {
        let nibble = digest[i / 2] >> (4 * (1 - i % 2)) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// Keccak-256 with the original padding, as Ethereum uses it (not SHA3-256).
fn keccak256(data: &[u8]) -> [u8; 32] {
    const RATE: usize = 136;
    let mut state = [[0u64; 5]; 5];
    let absorb = |state: &mut [[u64; 5]; 5], block: &[u8]| {
        for (i, lane) in block.chunks_exact(8).enumerate() {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(lane);
            state[i % 5][i / 5] ^= u64::from_le_bytes(bytes);
        }
        keccak_f(state);
    };
    let mut chunks = data.chunks_exact(RATE);
    for block in &mut chunks {
        absorb(&mut state, block);
    }
    let rest = chunks.remainder();
    let mut last = [0u8; RATE];
    last[..rest.len()].copy_from_slice(rest);
    last[rest.len()] ^= 0x01;
    last[RATE - 1] ^= 0x80;
    absorb(&mut state, &last);
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_exact_mut(8).enumerate() {
        chunk.copy_from_slice(&state[i % 5][i / 5].to_le_bytes());
    }
    out
}

/// The Keccak-f[1600] permutation; `state[x][y]` is the lane at column x, row y.
#[allow(clippy::needless_range_loop)]
fn keccak_f(state: &mut [[u64; 5]; 5]) {
    const ROUNDS: [u64; 24] = [
        0x0000000000000001,
        0x0000000000008082,
        0x800000000000808A,
        0x8000000080008000,
        0x000000000000808B,
        0x0000000080000001,
        0x8000000080008081,
        0x8000000000008009,
        0x000000000000008A,
        0x0000000000000088,
        0x0000000080008009,
        0x000000008000000A,
        0x000000008000808B,
        0x800000000000008B,
        0x8000000000008089,
        0x8000000000008003,
        0x8000000000008002,
        0x8000000000000080,
        0x000000000000800A,
        0x800000008000000A,
        0x8000000080008081,
        0x8000000000008080,
        0x0000000080000001,
        0x8000000080008008,
    ];
    const ROTATIONS: [[u32; 5]; 5] = [
        [0, 36, 3, 41, 18],
        [1, 44, 10, 45, 2],
        [62, 6, 43, 15, 61],
        [28, 55, 25, 21, 56],
        [27, 20, 39, 8, 14],
    ];
    for round in ROUNDS {
        let c: [u64; 5] = std::array::from_fn(|x| {
            state[x][0] ^ state[x][1] ^ state[x][2] ^ state[x][3] ^ state[x][4]
        });
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for lane in state[x].iter_mut() {
                *lane ^= d;
            }
        }
        let mut b = [[0u64; 5]; 5];
        for x in 0..5 {
            for y in 0..5 {
                b[y][(2 * x + 3 * y) % 5] = state[x][y].rotate_left(ROTATIONS[x][y]);
            }
        }
        for x in 0..5 {
            for y in 0..5 {
                state[x][y] = b[x][y] ^ (!b[(x + 1) % 5][y] & b[(x + 2) % 5][y]);
            }
        }
        state[0][0] ^= round;
    }
}

/// BIP39's English word list, in its order (which is alphabetical).
const BIP39_ENGLISH: &str = include_str!("bip39_english.txt");

/// A BIP39 phrase of 12, 15, 18, 21 or 24 words of the English list, one space (or other
/// whitespace) apart, whose checksum bits match.
fn bip39(secret: &[u8]) -> bool {
    bip39_entropy(secret).is_some()
}

/// The entropy a BIP39 phrase encodes, when it is one: 12, 15, 18, 21 or 24 words of the
/// English list whose checksum bits match.
pub fn bip39_entropy(secret: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(secret).ok()?;
    let mut bits: Vec<bool> = Vec::with_capacity(24 * 11);
    let mut words = 0;
    for word in text.split_ascii_whitespace() {
        words += 1;
        if words > 24 {
            return None;
        }
        let index = bip39_index(word)?;
        bits.extend((0..11).rev().map(|i| index >> i & 1 == 1));
    }
    if !matches!(words, 12 | 15 | 18 | 21 | 24) {
        return None;
    }
    let check_bits = words / 3;
    let (entropy_bits, check) = bits.split_at(bits.len() - check_bits);
    let entropy: Vec<u8> = entropy_bits
        .chunks(8)
        .map(|byte| byte.iter().fold(0u8, |acc, &b| acc << 1 | u8::from(b)))
        .collect();
    let digest = Sha256::digest(&entropy);
    check
        .iter()
        .enumerate()
        .all(|(i, &b)| (digest[i / 8] >> (7 - i % 8) & 1 == 1) == b)
        .then_some(entropy)
}

/// A word's index in the BIP39 English list (binary search: the list is sorted).
fn bip39_index(word: &str) -> Option<usize> {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| BIP39_ENGLISH.split_ascii_whitespace().collect());
    words.binary_search(&word).ok()
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
    fn bip39_word_list_is_the_standard_one() {
        let words: Vec<&str> = BIP39_ENGLISH.split_ascii_whitespace().collect();
        assert_eq!(words.len(), 2048);
        assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert_eq!(
            format!("{:x}", Sha256::digest(BIP39_ENGLISH.as_bytes())),
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
        );
    }

    /// A phrase for the given entropy, built by the standard's steps.
    fn phrase(entropy: &[u8]) -> String {
        let words: Vec<&str> = BIP39_ENGLISH.split_ascii_whitespace().collect();
        let digest = Sha256::digest(entropy);
        let mut bits: Vec<bool> = entropy
            .iter()
            .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1))
            .collect();
        let check_bits = entropy.len() * 8 / 32;
        bits.extend((0..check_bits).map(|i| digest[i / 8] >> (7 - i % 8) & 1 == 1));
        bits.chunks(11)
            .map(|c| words[c.iter().fold(0usize, |acc, &b| acc << 1 | usize::from(b))])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn bip39_accepts_valid_phrases_and_rejects_altered_ones() {
        // Hardhat's documented public test mnemonic has a valid checksum.
        let junk = "test test test test test test test test test test test junk";
        assert!(verify(Checksum::Bip39, junk.as_bytes()));
        assert!(!verify(
            Checksum::Bip39,
            junk.replace("junk", "test").as_bytes()
        ));
        for len in [16usize, 20, 24, 28, 32] {
            let entropy: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let p = phrase(&entropy);
            assert_eq!(p.split(' ').count(), len * 3 / 4, "{len}");
            assert!(verify(Checksum::Bip39, p.as_bytes()), "{p}");
            let lines = p.replace(' ', "\n");
            assert!(verify(Checksum::Bip39, lines.as_bytes()), "one word a line");
            // Of the 2048 last words, those whose checksum bits fit: 2^(11 - checksum bits).
            let (head, _) = p.rsplit_once(' ').unwrap();
            let fitting = BIP39_ENGLISH
                .split_ascii_whitespace()
                .filter(|w| verify(Checksum::Bip39, format!("{head} {w}").as_bytes()))
                .count();
            assert_eq!(fitting, 1 << (11 - len / 4), "{len}");
        }
        assert!(!verify(
            Checksum::Bip39,
            b"the quick brown fox jumps over the lazy dog and then runs"
        ));
        assert!(!verify(Checksum::Bip39, b"abandon abandon abandon"));
    }

    #[test]
    fn base58check_accepts_wif_and_rejects_altered() {
        // Version 0x80, 32 key bytes 0x01..0x20, compression flag, then the check bytes.
        let mut payload = vec![0x80u8];
        payload.extend(1..=32u8);
        payload.push(1);
        let check = Sha256::digest(Sha256::digest(&payload));
        payload.extend_from_slice(&check[..4]);
        let wif = base58_encode(&payload);
        assert_eq!(wif.len(), 52);
        assert!(wif.starts_with('K') || wif.starts_with('L'), "{wif}");
        assert!(verify(Checksum::Base58check, wif.as_bytes()));
        let mut altered = wif.clone().into_bytes();
        altered[20] = if altered[20] == b'a' { b'b' } else { b'a' };
        assert!(!verify(Checksum::Base58check, &altered));
        assert!(!verify(Checksum::Base58check, b"0OIl"));
        assert!(!verify(Checksum::Base58check, b"1111"));
    }

    fn base58_encode(raw: &[u8]) -> String {
        let mut digits: Vec<u8> = Vec::new();
        for &byte in raw {
            let mut carry = u32::from(byte);
            for d in digits.iter_mut() {
                carry += u32::from(*d) << 8;
                *d = (carry % 58) as u8;
                carry /= 58;
            }
            while carry > 0 {
                digits.push((carry % 58) as u8);
                carry /= 58;
            }
        }
        let zeros = raw.iter().take_while(|&&b| b == 0).count();
        std::iter::repeat_n('1', zeros)
            .chain(digits.iter().rev().map(|&d| BASE58[d as usize] as char))
            .collect()
    }

    #[test]
    fn keccak256_and_eip55_addresses() {
        let empty: String = keccak256(b"").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            empty,
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        // Hardhat's account #0 as the tools print it (EIP-55), and in one case.
        assert!(evm_address(b"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assert!(evm_address(b"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
        assert!(evm_address(b"0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"));
        // the same address with one letter's case flipped, and random case
        assert!(!evm_address(b"0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assert!(!evm_address(b"0xDfA8c21Bbccc89ccaECDfCFc8249bdDB1BBBbacA"));
        assert!(!evm_address(b"0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226"));
        assert!(!evm_address(
            b"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266f39fd6e51aad88f6f4ce6ab8"
        ));
    }

    #[test]
    fn base62_pads() {
        assert_eq!(base62_fixed(0, 6), b"000000");
        assert_eq!(base62_fixed(61, 2), b"0z");
        assert_eq!(base62_fixed(62, 2), b"10");
    }
}
