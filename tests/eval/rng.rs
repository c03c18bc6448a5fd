//! A small deterministic generator (xorshift64*), so a seed always gives the same corpus.

use super::secrets::Class;

pub struct Rng(u64);

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

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

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

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
        self.from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            n,
        )
    }

    /// A random byte of the same class as `b` (itself for punctuation).
    pub fn same_class(&mut self, class: Class, b: u8) -> u8 {
        let alphabet: &[u8] = match class {
            Class::Digit => b"0123456789",
            Class::Lower => b"abcdefghijklmnopqrstuvwxyz",
            Class::Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            Class::HexLower => b"abcdef",
            Class::HexUpper => b"ABCDEF",
            Class::Other => return b,
        };
        alphabet[self.below(alphabet.len())]
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
}
