//! Fresh fake secrets for a rule, derived from the rule's own examples: the literal prefix stays,
//! every other letter or digit is replaced by a random one of the same class (hex stays hex), the
//! GitHub-style CRC32 is recomputed, and the result must still be found by the rule.

use leakhound::engine::RuleSet;
use leakhound::rules::{Checksum, Rule};

use super::rng::{same_class, Rng};

/// One example of a rule, reduced to its line and the secret the rule extracts from it.
#[derive(Clone, Debug)]
pub struct Sample {
    pub text: String,
    pub secret: String,
}

/// A rule ready to produce fresh secrets.
pub struct Regenerator<'a> {
    pub rule: &'a Rule,
    set: RuleSet,
    pub samples: Vec<Sample>,
}

/// A fresh secret and the example line it was planted in.
#[derive(Clone, Debug)]
pub struct Fresh {
    pub secret: String,
    /// The example line with the secret replaced.
    pub line: String,
}

impl<'a> Regenerator<'a> {
    pub fn new(rule: &'a Rule) -> Self {
        let set = RuleSet::new(vec![rule.clone()]);
        let mut samples = Vec::new();
        for example in &rule.examples {
            let text = example.text().to_string();
            let found = set.find_secrets(text.as_bytes());
            let secret = match example.secret() {
                Some(s) if found.iter().any(|f| f == s) => s.to_string(),
                Some(_) => continue,
                None => match found.into_iter().next() {
                    Some(s) => s,
                    None => continue,
                },
            };
            if secret.len() >= 4 && text.contains(&secret) {
                samples.push(Sample { text, secret });
            }
        }
        Regenerator { rule, set, samples }
    }

    /// Whether the rule finds exactly `secret` in `line`.
    pub fn finds(&self, line: &str, secret: &str) -> bool {
        self.set
            .find_secrets(line.as_bytes())
            .iter()
            .any(|s| s == secret)
    }

    /// Whether the secret alone (no surrounding name) is enough for the rule.
    pub fn standalone(&self, secret: &str) -> bool {
        self.finds(secret, secret) && self.finds(&format!("value {secret} end"), secret)
    }

    /// A fresh secret from sample `k`, or `None` if none can be made that the rule still finds
    /// and that differs enough from the example.
    pub fn fresh(&self, k: usize, rng: &mut Rng) -> Option<Fresh> {
        if self.samples.is_empty() {
            return None;
        }
        let sample = &self.samples[k % self.samples.len()];
        let original = sample.secret.as_bytes();
        let keep = self.prefix_len(&sample.secret);
        let classes = classes(original);
        let try_line = |candidate: &[u8]| -> Option<Fresh> {
            let secret = String::from_utf8(candidate.to_vec()).ok()?;
            let line = sample.text.replace(&sample.secret, &secret);
            self.finds(&line, &secret).then_some(Fresh { secret, line })
        };
        // Whole re-randomisation first.
        for _ in 0..12 {
            let mut candidate = original.to_vec();
            for i in keep..candidate.len() {
                candidate[i] = same_class(rng, classes[i], candidate[i]);
            }
            self.fix_checksum(&mut candidate);
            if let Some(f) = try_line(&candidate) {
                return Some(f);
            }
        }
        // Then one character at a time, keeping each change the rule still accepts: literal
        // markers inside a token (and structured headers) stay as they are.
        let mut current = original.to_vec();
        let mut changed = 0;
        let mutable = (keep..current.len())
            .filter(|&i| classes[i] != Class::Other)
            .count();
        for i in keep..current.len() {
            if classes[i] == Class::Other {
                continue;
            }
            for _ in 0..3 {
                let mut candidate = current.clone();
                candidate[i] = same_class(rng, classes[i], candidate[i]);
                self.fix_checksum(&mut candidate);
                if try_line(&candidate).is_some() {
                    if candidate[i] != original[i] {
                        changed += 1;
                    }
                    current = candidate;
                    break;
                }
            }
        }
        // Require most of the random part to be new: otherwise this is the example again.
        if mutable == 0 || changed * 2 < mutable {
            return None;
        }
        try_line(&current)
    }

    /// The length of the longest keyword the secret starts with (ASCII case-insensitive).
    fn prefix_len(&self, secret: &str) -> usize {
        let lower = secret.to_ascii_lowercase();
        self.rule
            .keywords
            .iter()
            .filter(|k| lower.starts_with(&k.to_ascii_lowercase()))
            .map(|k| k.len())
            .max()
            .unwrap_or(0)
    }

    fn fix_checksum(&self, candidate: &mut [u8]) {
        if self.rule.checksum == Some(Checksum::GithubCrc32) && candidate.len() >= 36 {
            let n = candidate.len();
            let payload = &candidate[n - 36..n - 6];
            let check =
                leakhound::engine::checksum::base62_fixed(crc32fast::hash(payload) as u64, 6);
            candidate[n - 6..].copy_from_slice(&check);
        }
    }

    /// A look-alike of `fresh` that the format rejects: the keyword prefix with a body far too
    /// short, or (for checksummed tokens) a wrong checksum. `None` when the secret has no prefix.
    pub fn look_alikes(&self, fresh: &Fresh, rng: &mut Rng) -> Vec<String> {
        let keep = self.prefix_len(&fresh.secret);
        let mut out = Vec::new();
        if keep >= 3 {
            let prefix = &fresh.secret[..keep];
            out.push(format!("{prefix}{}", rng.alnum(5)));
            let body_len = fresh.secret.len() - keep;
            out.push(format!("{prefix}{}", "x".repeat(body_len.max(8))));
        }
        if self.rule.checksum == Some(Checksum::GithubCrc32) {
            let mut bad = fresh.secret.clone().into_bytes();
            let n = bad.len();
            bad[n - 1] = if bad[n - 1] == b'A' { b'B' } else { b'A' };
            out.push(String::from_utf8(bad).unwrap());
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Digit,
    Lower,
    Upper,
    HexLower,
    HexUpper,
    Other,
}

/// The class of every byte; letters in an alphanumeric run made only of hex digits (with at
/// least 8 characters) stay hex.
fn classes(s: &[u8]) -> Vec<Class> {
    let mut out = vec![Class::Other; s.len()];
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < s.len() && s[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let run = &s[i..j];
        let hex = run.len() >= 8 && run.iter().all(u8::is_ascii_hexdigit);
        for (k, &b) in run.iter().enumerate() {
            out[i + k] = match b {
                b'0'..=b'9' => Class::Digit,
                b'a'..=b'f' if hex => Class::HexLower,
                b'A'..=b'F' if hex => Class::HexUpper,
                b'a'..=b'z' => Class::Lower,
                _ => Class::Upper,
            };
        }
        i = j;
    }
    out
}
