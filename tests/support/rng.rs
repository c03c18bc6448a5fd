//! The one seeded generator of the test suite (xorshift64*): the same seed always gives the same
//! values, so failures reproduce and snapshots stay stable. Test secrets are generated here at run
//! time, so no credential-shaped string sits in the test sources.

/// A small deterministic generator.
pub struct Rng(u64);

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` characters from `alphabet`.
    pub fn from(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }

    pub fn alnum(&mut self, n: usize) -> String {
        self.from(ALNUM, n)
    }

    pub fn hex(&mut self, n: usize) -> String {
        self.from(b"0123456789abcdef", n)
    }

    pub fn base64(&mut self, n: usize) -> String {
        self.from(BASE64, n)
    }

    pub fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-a{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(3),
            self.hex(12)
        )
    }

    /// A GitHub classic token with a valid checksum (made up: belongs to no one).
    pub fn github_token(&mut self) -> String {
        let payload = self.from(BASE62, 30);
        let check = leakhound::engine::checksum::base62_fixed(
            crc32fast::hash(payload.as_bytes()) as u64,
            6,
        );
        format!("ghp_{payload}{}", String::from_utf8(check).unwrap())
    }

    /// A made-up AWS access key id (`AKIA` + 16 base32 characters).
    pub fn aws_key_id(&mut self) -> String {
        format!("AKIA{}", self.from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    }

    /// A made-up AWS secret access key (40 base64 characters).
    pub fn aws_secret(&mut self) -> String {
        self.base64(40)
    }

    /// A made-up 16-character password with letters, digits and symbols.
    pub fn password(&mut self) -> String {
        let mut text = self.from(
            b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
            12,
        );
        text.insert_str(3, &self.from(b"#@!%", 1));
        text.insert_str(7, &self.from(b"0123456789", 2));
        text.push_str(&self.from(b"#@!%", 1));
        text
    }
}

/// A GitHub classic token generated from `seed`.
pub fn token(seed: u64) -> String {
    Rng::new(seed).github_token()
}
