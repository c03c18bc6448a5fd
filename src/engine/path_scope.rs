//! Which path-scoped rules apply to a blob's path (`.pgpass`, `.env.production`, `*.tfvars`).
//!
//! Compiling the ~100 path patterns of the pack together cost more than half of a one-file
//! scan's start-up, which a pre-commit hook pays on every commit. So each pattern carries *hints*:
//! literals of which every match of the pattern contains one (`build.rs` extracts them from the
//! regex, lowercased). A small table of the hints' last three bytes finds which hints a path
//! contains (see `HintIndex`); only the patterns of those hints are compiled (each on first use)
//! and run. A pattern without hints (a user rule, or one that needs no literal) is a
//! candidate for every path.

use std::sync::OnceLock;

use regex_automata::{meta::Regex, Input};

use crate::rules::{
    pattern::{compile_path_patterns, describe_error},
    Rule,
};

/// The path patterns of a rule set.
pub(super) struct PathScopes {
    /// The rule (index in the rule set) of each pattern.
    pub rules: Vec<usize>,
    patterns: Vec<Pattern>,
    /// The hints of all patterns, lowercase; hint `i` belongs to pattern `hint_owner[i]`.
    hints: Vec<String>,
    hint_owner: Vec<usize>,
    /// The hints by their last three bytes.
    index: HintIndex,
    /// Patterns without hints: tested on every path.
    unhinted: Vec<usize>,
}

/// Where each hint ends in a path: hints filed by their last three bytes (lowercase), and a
/// 4 Ki-bit table of those keys' hashes that every three-byte window of a path is tested
/// against. An aho-corasick automaton of the ~250 hints cost more to build than the rest of a
/// one-file scan's matching, and as a DFA it took ~1 µs per path in a directory scan (cache
/// misses on its transition table, which scanning the file between two paths evicts); the table
/// is 512 bytes and built in microseconds.
#[derive(Default)]
struct HintIndex {
    bits: Vec<u64>,
    /// (last three bytes, hint), sorted.
    by_end: Vec<(u32, u32)>,
}

/// Bits of a hint key's hash.
const HINT_HASH_BITS: u32 = 12;

fn hint_key(bytes: &[u8]) -> u32 {
    u32::from(bytes[0].to_ascii_lowercase())
        | u32::from(bytes[1].to_ascii_lowercase()) << 8
        | u32::from(bytes[2].to_ascii_lowercase()) << 16
}

fn hint_hash(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - HINT_HASH_BITS)) as usize
}

impl HintIndex {
    /// Files `hints` (lowercase, three bytes or longer).
    fn new(hints: &[String]) -> HintIndex {
        let mut index = HintIndex {
            bits: vec![0; 1 << (HINT_HASH_BITS - 6)],
            by_end: Vec::with_capacity(hints.len()),
        };
        for (i, hint) in hints.iter().enumerate() {
            let key = hint_key(&hint.as_bytes()[hint.len() - 3..]);
            let hash = hint_hash(key);
            index.bits[hash >> 6] |= 1 << (hash & 63);
            index.by_end.push((key, i as u32));
        }
        index.by_end.sort_unstable();
        index
    }

    /// Calls `found(hint)` for every occurrence of every hint in `path` (ASCII
    /// case-insensitively).
    fn find(&self, hints: &[String], path: &[u8], mut found: impl FnMut(usize)) {
        for end in 3..=path.len() {
            let key = hint_key(&path[end - 3..end]);
            let hash = hint_hash(key);
            if self.bits[hash >> 6] & (1 << (hash & 63)) == 0 {
                continue;
            }
            let first = self.by_end.partition_point(|&(k, _)| k < key);
            for &(k, hint) in &self.by_end[first..] {
                if k != key {
                    break;
                }
                let literal = hints[hint as usize].as_bytes();
                if let Some(start) = end.checked_sub(literal.len()) {
                    if path[start..end].eq_ignore_ascii_case(literal) {
                        found(hint as usize);
                    }
                }
            }
        }
    }
}

/// Per-thread buffers of `PathScopes::matching`.
#[derive(Default)]
pub(super) struct PathScratch {
    /// One flag per pattern, all false between calls.
    seen: Vec<bool>,
    candidates: Vec<usize>,
    /// The path followed by a NUL, where a hint that must end the path (filed with a NUL after
    /// it by `build.rs`) is looked for.
    terminated: Vec<u8>,
}

struct Pattern {
    source: String,
    /// Compiled on first use; `None` if it failed (the caller records the error).
    regex: OnceLock<Option<Regex>>,
}

impl PathScopes {
    /// The scoped rules among `rules` (by index), with their patterns and hints. Does not fail
    /// (the `Result` is kept for callers).
    pub fn new<'a>(rules: impl Iterator<Item = (usize, &'a Rule)>) -> Result<Self, String> {
        let mut scopes = PathScopes {
            rules: Vec::new(),
            patterns: Vec::new(),
            hints: Vec::new(),
            hint_owner: Vec::new(),
            index: HintIndex::default(),
            unhinted: Vec::new(),
        };
        for (index, rule) in rules {
            let Some(path) = &rule.path else { continue };
            let pattern = scopes.patterns.len();
            scopes.rules.push(index);
            scopes.patterns.push(Pattern {
                source: path.clone(),
                regex: OnceLock::new(),
            });
            // Hints shorter than three bytes would match most paths (the build never makes them).
            if rule.path_hints.is_empty() || rule.path_hints.iter().any(|h| h.len() < 3) {
                scopes.unhinted.push(pattern);
            } else {
                for hint in &rule.path_hints {
                    scopes.hints.push(hint.to_ascii_lowercase());
                    scopes.hint_owner.push(pattern);
                }
            }
        }
        scopes.index = HintIndex::new(&scopes.hints);
        Ok(scopes)
    }

    /// Whether there are no scoped rules.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Calls `matched(rule)` for each scoped rule whose pattern matches `path`, and
    /// `failed(message)` for each pattern that does not compile (once per pattern).
    pub fn matching(
        &self,
        path: &str,
        scratch: &mut PathScratch,
        mut matched: impl FnMut(usize),
        mut failed: impl FnMut(String),
    ) {
        let PathScratch {
            seen,
            candidates,
            terminated,
        } = scratch;
        seen.resize(self.patterns.len(), false);
        candidates.clear();
        candidates.extend_from_slice(&self.unhinted);
        let mut add = |hint: usize| {
            let pattern = self.hint_owner[hint];
            if !seen[pattern] {
                seen[pattern] = true;
                candidates.push(pattern);
            }
        };
        if !self.hints.is_empty() {
            terminated.clear();
            terminated.extend_from_slice(path.as_bytes());
            terminated.push(0);
            self.index.find(&self.hints, terminated, &mut add);
        }
        for &pattern in candidates.iter() {
            seen[pattern] = false;
        }
        for &pattern in candidates.iter() {
            let entry = &self.patterns[pattern];
            let regex =
                entry
                    .regex
                    .get_or_init(|| match compile_path_patterns(&[entry.source.as_str()]) {
                        Ok(regex) => Some(regex),
                        Err(e) => {
                            failed(format!(
                                "a rule's path pattern does not compile: {}",
                                describe_error(&e)
                            ));
                            None
                        }
                    });
            if regex
                .as_ref()
                .is_some_and(|r| r.is_match(Input::new(path.as_bytes())))
            {
                matched(self.rules[pattern]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HintIndex;

    #[test]
    fn hint_index_finds_what_substring_search_finds() {
        let hints: Vec<String> = [".env", "env", "hgrc", ".my.cnf", "settings", "ngs", "abc"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let index = HintIndex::new(&hints);
        for path in [
            "",
            "a",
            "en",
            "env",
            "app/.ENV.production",
            "home/u/.hgrc",
            "x/.My.Cnf",
            "proj/Settings.py",
            "abcabc/ngsngs",
            "vendor/github.com/x/y.go",
        ] {
            let mut found = Vec::new();
            index.find(&hints, path.as_bytes(), |h| found.push(h));
            found.sort_unstable();
            let lowered = path.to_ascii_lowercase();
            let mut expected = Vec::new();
            for (i, hint) in hints.iter().enumerate() {
                expected.extend(lowered.match_indices(hint.as_str()).map(|_| i));
            }
            expected.sort_unstable();
            // `match_indices` skips overlapping occurrences; these paths have none that overlap.
            assert_eq!(found, expected, "{path}");
        }
    }
}
