//! Whether letters read as words: a pair of adjacent letters that words, names and identifiers
//! almost never contain (`qx`, `fq`, `vj`) marks random letters.

/// Bit `b` of entry `a`: the pair `a`, `b` makes less than one in 100,000 of the 53,152,998
/// letter pairs inside words of moby/moby and git/git (`scripts/rare_bigrams.py`).
const RARE_BIGRAMS: [u32; 26] = [
    0x0000000, // a
    0x2800000, // b
    0x2000200, // c
    0x2000000, // d
    0x0000000, // e
    0x2000200, // f
    0x0810200, // g
    0x2810200, // h
    0x1000000, // i
    0x3a32ee6, // j
    0x2800200, // k
    0x0810200, // l
    0x0000280, // m
    0x0800000, // n
    0x0010000, // o
    0x2010200, // p
    0x2e837a3, // q
    0x2000200, // r
    0x0000000, // s
    0x0010000, // t
    0x1610280, // u
    0x2400200, // v
    0x3b10200, // w
    0x2410640, // x
    0x0310400, // y
    0x06b26e8, // z
];

/// Whether two adjacent letters inside one word of `value` form a rare pair. Words are cut as
/// identifiers are written: `camelCase` is `camel`, `case`; `HTTPServer` is `http`, `server`.
/// About half of random 8-letter strings and most longer ones hold such a pair; of the mixed-case
/// identifiers of a large body of Rust code, about 2 in 1,000 (`Dijkstra`, `AltSysrq`).
pub(super) fn has_rare_pair(value: &[u8]) -> bool {
    value.windows(2).enumerate().any(|(i, pair)| {
        let (x, y) = (pair[0], pair[1]);
        if !x.is_ascii_alphabetic() || !y.is_ascii_alphabetic() {
            return false;
        }
        let inside = match (x.is_ascii_uppercase(), y.is_ascii_uppercase()) {
            (_, false) => true,
            (false, true) => false,
            // `HTTPServer`: the `S` begins the next word.
            (true, true) => !value.get(i + 2).is_some_and(u8::is_ascii_lowercase),
        };
        let (x, y) = (x.to_ascii_lowercase() - b'a', y.to_ascii_lowercase() - b'a');
        inside && RARE_BIGRAMS[usize::from(x)] >> y & 1 == 1
    })
}

#[cfg(test)]
mod tests {
    use super::has_rare_pair;

    #[test]
    fn random_letters_hold_rare_pairs_and_words_do_not() {
        for random in [&b"AFgtMHoBBQhPPapR"[..], b"qXvTzKjw", b"mfQxRbVz"] {
            assert!(has_rare_pair(random), "{}", String::from_utf8_lossy(random));
        }
        for words in [
            &b"AuthHeaderName"[..],
            b"bearer-token-key",
            b"HTTPServerConfig",
            b"Namespace:Kind",
            b"XMLHttpRequest",
            b"getDBPassword",
        ] {
            assert!(!has_rare_pair(words), "{}", String::from_utf8_lossy(words));
        }
    }
}
