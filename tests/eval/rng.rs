//! The suite's seeded generator (`support::rng`), and the one draw only the corpus needs.

pub use crate::support::Rng;

use super::secrets::Class;

/// A random byte of the same class as `b` (itself for punctuation).
pub fn same_class(rng: &mut Rng, class: Class, b: u8) -> u8 {
    let alphabet: &[u8] = match class {
        Class::Digit => b"0123456789",
        Class::Lower => b"abcdefghijklmnopqrstuvwxyz",
        Class::Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        Class::HexLower => b"abcdef",
        Class::HexUpper => b"ABCDEF",
        Class::Other => return b,
    };
    alphabet[rng.below(alphabet.len())]
}
