//! Where matches overlap: which of two overlapping matches a blob keeps, and which secrets lie
//! inside a match's text (its snippet redacts them all). Both compare matches pairwise, within
//! one blob's matches; this is the one place that does.

use std::ops::Range;

use super::{Match, RuleSet};

/// Whether two byte ranges share a byte.
pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The parts of every secret in `all` that lie within `span`, sorted by start.
pub fn secrets_within(span: &Range<usize>, all: &[Match]) -> Vec<Range<usize>> {
    let mut secrets: Vec<Range<usize>> = all
        .iter()
        .filter(|o| overlaps(&o.secret, span))
        .map(|o| o.secret.start.max(span.start)..o.secret.end.min(span.end))
        .collect();
    secrets.sort_by_key(|r| r.start);
    secrets
}

/// Which matches lose an overlap, by index: a generic (or fallback) rule gives way to a provider
/// rule whose secret overlaps its own, and of two generic matches that overlap only the one with
/// the shorter (more tightly delimited) secret stays, the earlier rule on a tie.
pub(super) fn losers(set: &RuleSet, matches: &[Match]) -> Vec<bool> {
    let mut lost = vec![false; matches.len()];
    give_way_to_providers(set, matches, &mut lost);
    let mut generic: Vec<usize> = (0..matches.len())
        .filter(|&i| !lost[i] && set.rule(matches[i].rule).generic)
        .collect();
    if generic.len() < 2 {
        return lost;
    }
    generic.sort_by_key(|&i| {
        (
            matches[i].secret.start,
            matches[i].secret.end,
            matches[i].rule,
        )
    });
    for a in 0..generic.len() {
        let i = generic[a];
        for &j in &generic[a + 1..] {
            if matches[j].secret.start >= matches[i].secret.end {
                break;
            }
            if lost[i] || lost[j] {
                continue;
            }
            let key = |m: &Match| (m.secret.len(), m.rule, m.secret.start);
            let loser = if key(&matches[j]) < key(&matches[i]) {
                i
            } else {
                j
            };
            lost[loser] = true;
        }
    }
    lost
}

/// Marks the generic and fallback matches whose secret overlaps a provider rule's.
fn give_way_to_providers(set: &RuleSet, matches: &[Match], lost: &mut [bool]) {
    let yields = |m: &Match| {
        let rule = set.rule(m.rule);
        rule.generic || rule.fallback
    };
    let specific: Vec<&Range<usize>> = matches
        .iter()
        .filter(|m| !yields(m))
        .map(|m| &m.secret)
        .collect();
    if specific.is_empty() {
        return;
    }
    for (m, lost) in matches.iter().zip(lost.iter_mut()) {
        if yields(m) && specific.iter().any(|s| overlaps(s, &m.secret)) {
            *lost = true;
        }
    }
}
