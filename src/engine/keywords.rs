//! The keyword gate: which rules can match a blob, and where. Every rule's keywords (ASCII
//! case-insensitive) go into one aho-corasick DFA; but building that DFA for hundreds of keywords
//! costs milliseconds, so a small blob scanned before it exists — a pre-commit check of a small
//! change — is searched keyword by keyword with memchr's SIMD substring search instead. Both
//! report every occurrence of every keyword, overlapping ones included, so they give the same hits.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    OnceLock,
};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem::Finder;

/// How much keyword-by-keyword searching (in bytes × keywords, over every blob so far) a scan may
/// do before the automaton is built: about what building it costs. A pre-commit scan of a small
/// change stays under it; a directory scan crosses it within its first files.
const DIRECT_SEARCH_BUDGET: usize = 1 << 24;
/// The fixed cost of one substring search, in the same units: a short blob is not free.
const DIRECT_CALL_COST: usize = 256;

/// The distinct keywords of a rule set and the rules that listed each.
pub struct KeywordIndex {
    keywords: Vec<Vec<u8>>,
    /// For each keyword, the rules (by index) that listed it.
    rules_of: Vec<Vec<u32>>,
    finders: OnceLock<Vec<Finder<'static>>>,
    automaton: OnceLock<Result<AhoCorasick, String>>,
    /// Direct-search work done so far, against `DIRECT_SEARCH_BUDGET`.
    direct_spent: AtomicUsize,
}

impl KeywordIndex {
    /// Collects the keywords of `rules` (each given as its list of keywords), lowercased and
    /// deduplicated. Cheap: nothing is compiled yet.
    pub fn new<'a>(rules: impl Iterator<Item = &'a [String]>) -> Self {
        let mut keywords: Vec<Vec<u8>> = Vec::new();
        let mut rules_of: Vec<Vec<u32>> = Vec::new();
        let mut position = std::collections::HashMap::new();
        for (rule, list) in rules.enumerate() {
            for keyword in list {
                let key = keyword.to_ascii_lowercase().into_bytes();
                let slot = *position.entry(key.clone()).or_insert_with(|| {
                    keywords.push(key);
                    rules_of.push(Vec::new());
                    keywords.len() - 1
                });
                if !rules_of[slot].contains(&(rule as u32)) {
                    rules_of[slot].push(rule as u32);
                }
            }
        }
        KeywordIndex {
            keywords,
            rules_of,
            finders: OnceLock::new(),
            automaton: OnceLock::new(),
            direct_spent: AtomicUsize::new(0),
        }
    }

    fn automaton(&self) -> &Result<AhoCorasick, String> {
        self.automaton.get_or_init(|| {
            let build = |kind| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(&self.keywords)
            };
            // A DFA can exceed its size limit with a very large user pack; a contiguous NFA is
            // slower but has no such limit.
            build(Some(AhoCorasickKind::DFA))
                .or_else(|_| build(None))
                .map_err(|e| format!("cannot build the keyword automaton: {e}"))
        })
    }

    /// Calls `hit(rule, start, end)` for every rule of every keyword occurrence in `hay`;
    /// `lowered` is a reusable buffer. Fails only if the automaton cannot be built.
    pub fn find(
        &self,
        hay: &[u8],
        lowered: &mut Vec<u8>,
        mut hit: impl FnMut(u32, usize, usize),
    ) -> Result<(), String> {
        let cost = (hay.len() + DIRECT_CALL_COST).saturating_mul(self.keywords.len());
        let direct = self.automaton.get().is_none()
            && self.direct_spent.fetch_add(cost, Ordering::Relaxed) + cost <= DIRECT_SEARCH_BUDGET;
        if direct {
            lowered.clear();
            lowered.extend(hay.iter().map(u8::to_ascii_lowercase));
            let finders = self.finders.get_or_init(|| {
                self.keywords
                    .iter()
                    .map(|k| Finder::new(k).into_owned())
                    .collect()
            });
            for (slot, finder) in finders.iter().enumerate() {
                let mut at = 0;
                while let Some(found) = finder.find(&lowered[at..]) {
                    let start = at + found;
                    for &rule in &self.rules_of[slot] {
                        hit(rule, start, start + finder.needle().len());
                    }
                    at = start + 1;
                }
            }
            return Ok(());
        }
        let automaton = self.automaton().as_ref().map_err(Clone::clone)?;
        self.find_with(automaton, hay, hit);
        Ok(())
    }

    /// Every rule of every keyword occurrence the automaton finds.
    fn find_with(
        &self,
        automaton: &AhoCorasick,
        hay: &[u8],
        mut hit: impl FnMut(u32, usize, usize),
    ) {
        for m in automaton.find_overlapping_iter(hay) {
            for &rule in &self.rules_of[m.pattern().as_usize()] {
                hit(rule, m.start(), m.end());
            }
        }
    }

    /// Forces the automaton path, for tests that compare the two.
    #[cfg(test)]
    fn find_with_automaton(&self, hay: &[u8]) -> Vec<(u32, usize, usize)> {
        let mut hits = Vec::new();
        let automaton = self.automaton().as_ref().unwrap();
        self.find_with(automaton, hay, |r, s, e| hits.push((r, s, e)));
        hits.sort_unstable();
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_search_and_automaton_give_the_same_hits() {
        let lists: Vec<Vec<String>> = vec![
            vec!["aaa".into(), "token".into()],
            vec!["TOKEN_".into(), "ghp_".into()],
            vec!["aaa".into(), "é_k".into()],
        ];
        let index = KeywordIndex::new(lists.iter().map(|l| l.as_slice()));
        let hay = "aaaa Token_x GHP_abc tokentoken \u{e9}_K é_k ghp_".as_bytes();
        let mut direct = Vec::new();
        index
            .find(hay, &mut Vec::new(), |r, s, e| direct.push((r, s, e)))
            .unwrap();
        direct.sort_unstable();
        assert_eq!(direct, index.find_with_automaton(hay));
        assert!(
            direct.contains(&(0, 0, 3)) && direct.contains(&(0, 1, 4)),
            "overlapping hits"
        );
        // Once the automaton exists it is used; the hits stay the same.
        let mut after = Vec::new();
        index
            .find(hay, &mut Vec::new(), |r, s, e| after.push((r, s, e)))
            .unwrap();
        after.sort_unstable();
        assert_eq!(direct, after);
    }
}
