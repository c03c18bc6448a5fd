//! Which path-scoped rules apply to a blob's path (`.pgpass`, `.env.production`, `*.tfvars`).
//!
//! Compiling the ~100 path patterns of the pack together cost more than half of a one-file
//! scan's start-up, which a pre-commit hook pays on every commit. So each pattern carries *hints*:
//! literals of which every match of the pattern contains one (`build.rs` extracts them from the
//! regex, lowercased). A substring search for the first paths, then one case-insensitive automaton,
//! finds which hints a path contains; only the patterns of those hints are compiled (each on first
//! use) and run. A pattern without hints (a user rule, or one that needs no literal) is a
//! candidate for every path.

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
    /// The hints of all patterns, lowercase; hint `i` belongs to pattern `hint_owner[i]`.
    hints: Vec<String>,
    hint_owner: Vec<usize>,
    /// The hints as one automaton (a DFA), built once `FAST_AFTER` paths have been matched by
    /// plain substring search: building any automaton of ~250 hints costs more than a one-file
    /// scan (a pre-commit hook) needs, and a DFA is the fastest per path for the many files of
    /// a directory scan. `None` if it could not be built (substring search goes on).
    automaton: OnceLock<Option<AhoCorasick>>,
    /// How many paths have been matched, up to `FAST_AFTER`.
    paths_seen: AtomicUsize,
    /// Patterns without hints: tested on every path.
    unhinted: Vec<usize>,
}

/// Paths matched by substring search before the hint automaton is built.
const FAST_AFTER: usize = 128;

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
    /// The scoped rules among `rules` (by index), with their patterns and hints. Does not fail
    /// today: the hint automaton is built later, and its failure only keeps substring search.
    pub fn new<'a>(rules: impl Iterator<Item = (usize, &'a Rule)>) -> Result<Self, String> {
        let mut scopes = PathScopes {
            rules: Vec::new(),
            patterns: Vec::new(),
            hints: Vec::new(),
            hint_owner: Vec::new(),
            automaton: OnceLock::new(),
            paths_seen: AtomicUsize::new(0),
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
            if rule.path_hints.is_empty() || rule.path_hints.iter().any(String::is_empty) {
                scopes.unhinted.push(pattern);
            } else {
                for hint in &rule.path_hints {
                    scopes.hints.push(hint.to_ascii_lowercase());
                    scopes.hint_owner.push(pattern);
                }
            }
        }
        Ok(scopes)
    }

    /// The hint automaton once `FAST_AFTER` paths have been matched without it.
    fn hint_automaton(&self) -> Option<&AhoCorasick> {
        if self.paths_seen.load(Ordering::Relaxed) < FAST_AFTER {
            self.paths_seen.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.hints)
                    .ok()
            })
            .as_ref()
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
        let mut add = |hint: usize| {
            let pattern = self.hint_owner[hint];
            if !seen[pattern] {
                seen[pattern] = true;
                candidates.push(pattern);
            }
        };
        if !self.hints.is_empty() {
            match self.hint_automaton() {
                Some(automaton) => {
                    for m in automaton.find_overlapping_iter(path) {
                        add(m.pattern().as_usize());
                    }
                }
                None => {
                    let lowered = path.to_ascii_lowercase();
                    for (hint, literal) in self.hints.iter().enumerate() {
                        if lowered.contains(literal.as_str()) {
                            add(hint);
                        }
                    }
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
