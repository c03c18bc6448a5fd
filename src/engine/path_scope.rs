//! Which path-scoped rules apply to a blob's path (`.pgpass`, `.env.production`, `*.tfvars`).
//!
//! Compiling the ~100 path patterns of the pack together cost more than half of a one-file
//! scan's start-up, which a pre-commit hook pays on every commit. So each pattern carries *hints*:
//! literals of which every match of the pattern contains one (`build.rs` extracts them from the
//! regex, lowercased). One small case-insensitive automaton finds which hints a path contains;
//! only the patterns of those hints are compiled (each on first use) and run. A pattern without
//! hints (a user rule, or one that needs no literal) is a candidate for every path.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    OnceLock,
};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
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
    /// The hints of all patterns; hint `i` belongs to pattern `hint_owner[i]`.
    hints: Option<AhoCorasick>,
    /// The same hints as a DFA, built once `FAST_AFTER` paths have been matched: several times
    /// faster per path than the NFA, and slower to build than a one-file scan should pay.
    fast_hints: OnceLock<Option<AhoCorasick>>,
    /// How many paths have been matched, up to `FAST_AFTER`.
    paths_seen: AtomicUsize,
    hint_literals: Vec<String>,
    hint_owner: Vec<usize>,
    /// Patterns without hints: tested on every path.
    unhinted: Vec<usize>,
}

/// Paths matched with the hint NFA before the hint DFA is built.
const FAST_AFTER: usize = 256;

/// Per-thread buffers of `PathScopes::matching`.
#[derive(Default)]
pub(super) struct PathScratch {
    /// One flag per pattern, all false between calls.
    seen: Vec<bool>,
    candidates: Vec<usize>,
}

struct Pattern {
    source: String,
    /// Compiled on first use; `None` if it failed (the caller records the error).
    regex: OnceLock<Option<Regex>>,
}

impl PathScopes {
    /// The scoped rules among `rules` (by index), with their patterns and hints. Fails only if
    /// the hint automaton cannot be built.
    pub fn new<'a>(rules: impl Iterator<Item = (usize, &'a Rule)>) -> Result<Self, String> {
        let mut scopes = PathScopes {
            rules: Vec::new(),
            patterns: Vec::new(),
            hints: None,
            fast_hints: OnceLock::new(),
            paths_seen: AtomicUsize::new(0),
            hint_literals: Vec::new(),
            hint_owner: Vec::new(),
            unhinted: Vec::new(),
        };
        let mut literals: Vec<&str> = Vec::new();
        for (index, rule) in rules {
            let Some(path) = &rule.path else { continue };
            let pattern = scopes.patterns.len();
            scopes.rules.push(index);
            scopes.patterns.push(Pattern {
                source: path.clone(),
                regex: OnceLock::new(),
            });
            if rule.path_hints.is_empty() || rule.path_hints.iter().any(String::is_empty) {
                scopes.unhinted.push(pattern);
            } else {
                for hint in &rule.path_hints {
                    literals.push(hint);
                    scopes.hint_owner.push(pattern);
                }
            }
        }
        if !literals.is_empty() {
            let automaton = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&literals)
                .map_err(|e| format!("cannot build the path hint automaton: {e}"))?;
            scopes.hints = Some(automaton);
            scopes.hint_literals = literals.iter().map(|l| l.to_string()).collect();
        }
        Ok(scopes)
    }

    /// The hint NFA for the first paths, then the DFA (the NFA again if the DFA cannot be built).
    fn hint_automaton(&self) -> Option<&AhoCorasick> {
        let nfa = self.hints.as_ref()?;
        if self.paths_seen.load(Ordering::Relaxed) < FAST_AFTER {
            self.paths_seen.fetch_add(1, Ordering::Relaxed);
            return Some(nfa);
        }
        let dfa = self.fast_hints.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.hint_literals)
                .ok()
        });
        Some(dfa.as_ref().unwrap_or(nfa))
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
        let PathScratch { seen, candidates } = scratch;
        seen.resize(self.patterns.len(), false);
        candidates.clear();
        candidates.extend_from_slice(&self.unhinted);
        if let Some(hints) = self.hint_automaton() {
            for m in hints.find_overlapping_iter(path) {
                let pattern = self.hint_owner[m.pattern().as_usize()];
                if !seen[pattern] {
                    seen[pattern] = true;
                    candidates.push(pattern);
                }
            }
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
