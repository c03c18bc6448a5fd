//! Where matches overlap: which of two overlapping matches a blob keeps, and which secrets lie
//! inside a match's text (its snippet redacts them all). This is the one place that compares
//! matches with each other, and it does so in O(n log n) per blob plus what it returns: sorted
//! starts with running maxima of ends, and a sweep for the snippets, never every pair.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use super::{Match, RuleSet};
use crate::rules::Rule;

/// Whether two byte ranges share a byte.
pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Ranges sorted by start, to ask whether any of them overlaps a given range in O(log n).
pub struct RangeSet {
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` ranges.
    max_end: Vec<usize>,
}

impl RangeSet {
    /// The non-empty ranges of `ranges` (empty ones overlap nothing).
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut sorted: Vec<Range<usize>> = ranges.into_iter().filter(|r| !r.is_empty()).collect();
        sorted.sort_unstable_by_key(|r| r.start);
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut running = 0;
        for r in &sorted {
            running = running.max(r.end);
            max_end.push(running);
        }
        RangeSet {
            starts: sorted.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// Whether some range overlaps `range` (as `overlaps` says).
    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        // The ranges that start before `range` ends; the furthest-reaching of them decides.
        let before = self.starts.partition_point(|&s| s < range.end);
        before > 0 && self.max_end[before - 1] > range.start
    }
}

/// For each match, the parts of every secret in `all` that lie within its span, sorted by start
/// (ties in the order of `all`): what its snippet redacts. One sweep over spans and secrets
/// sorted by start; the work is O(n log n) plus the size of the answer.
pub fn secrets_within_spans(all: &[Match]) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = vec![Vec::new(); all.len()];
    if all.is_empty() {
        return out;
    }
    let mut by_secret: Vec<usize> = (0..all.len()).collect();
    by_secret.sort_by_key(|&i| (all[i].secret.start, i));
    let mut by_span: Vec<usize> = (0..all.len()).collect();
    by_span.sort_by_key(|&i| (all[i].span.start, i));
    // Secrets that start before the current span's start, by end: those still open at it
    // overlap the span from the left.
    let mut open: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut next = 0;
    for &m in &by_span {
        let span = &all[m].span;
        while next < by_secret.len() && all[by_secret[next]].secret.start < span.start {
            let i = by_secret[next];
            open.push(Reverse((all[i].secret.end, i)));
            next += 1;
        }
        while open
            .peek()
            .is_some_and(|Reverse((end, _))| *end <= span.start)
        {
            open.pop();
        }
        let mut found: Vec<(usize, usize)> = open
            .iter()
            .filter(|Reverse((_, i))| !all[*i].secret.is_empty())
            .map(|Reverse((_, i))| (all[*i].secret.start, *i))
            .collect();
        // Secrets that start inside the span.
        for &i in &by_secret[next..] {
            let secret = &all[i].secret;
            if secret.start >= span.end {
                break;
            }
            if !secret.is_empty() {
                found.push((secret.start, i));
            }
        }
        found.sort_unstable();
        out[m] = found
            .into_iter()
            .map(|(_, i)| {
                let secret = &all[i].secret;
                secret.start.max(span.start)..secret.end.min(span.end)
            })
            .collect();
    }
    out
}

/// Which matches lose an overlap, by index: a generic (or fallback) rule gives way to a provider
/// rule whose secret overlaps its own, and a generic rule to a fallback rule; of two other rules
/// that found the very same secret one stays (see `one_finding_per_secret`); and of two generic
/// matches that overlap only the one with the shorter (more tightly delimited) secret stays,
/// the earlier rule on a tie.
pub(super) fn losers(set: &RuleSet, matches: &[Match]) -> Vec<bool> {
    let mut lost = vec![false; matches.len()];
    give_way(
        set,
        matches,
        &mut lost,
        |r| !r.generic && !r.fallback,
        |r| r.generic || r.fallback,
    );
    give_way(set, matches, &mut lost, |r| r.fallback, |r| r.generic);
    one_finding_per_secret(set, matches, &mut lost);
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
    // Each rule's own matches never overlap, so a secret overlaps at most one secret per other
    // generic rule at any byte: the inner loop is short.
    for a in 0..generic.len() {
        let i = generic[a];
        if lost[i] {
            continue;
        }
        for &j in &generic[a + 1..] {
            if matches[j].secret.start >= matches[i].secret.end {
                break;
            }
            if lost[j] {
                continue;
            }
            let key = |m: &Match| (m.secret.len(), m.rule, m.secret.start);
            let loser = if key(&matches[j]) < key(&matches[i]) {
                i
            } else {
                j
            };
            lost[loser] = true;
            if loser == i {
                break;
            }
        }
    }
    lost
}

/// Marks all but one of the provider and fallback matches that share their secret's exact bytes
/// (a key read both by its provider's rule and by its file's, as in a shell history or
/// `.tfvars`): one secret, one finding. A provider rule stays before a fallback rule, a rule
/// that knows the credential anywhere before one that knows it by the file it is in (scoped by
/// path), then the more severe, then the earlier rule.
fn one_finding_per_secret(set: &RuleSet, matches: &[Match], lost: &mut [bool]) {
    let mut specific: Vec<usize> = (0..matches.len())
        .filter(|&i| {
            let rule = set.rule(matches[i].rule);
            !lost[i] && !rule.generic && !matches[i].secret.is_empty()
        })
        .collect();
    if specific.len() < 2 {
        return;
    }
    specific.sort_by_key(|&i| {
        let m = &matches[i];
        let rule = set.rule(m.rule);
        (
            m.secret.start,
            m.secret.end,
            rule.fallback,
            rule.path.is_some(),
            rule.severity,
            m.rule,
        )
    });
    for pair in specific.windows(2) {
        if matches[pair[0]].secret == matches[pair[1]].secret {
            lost[pair[1]] = true;
        }
    }
}

/// Marks the matches of the rules `yields` picks whose secret overlaps that of a match, not
/// lost yet, of a rule `stays` picks: generic and fallback rules give way to provider rules,
/// then generic rules to fallback rules (`.pypirc`'s password, a JWT after `Bearer`: the file's
/// or the format's own rule says more).
fn give_way(
    set: &RuleSet,
    matches: &[Match],
    lost: &mut [bool],
    stays: impl Fn(&Rule) -> bool,
    yields: impl Fn(&Rule) -> bool,
) {
    let staying = RangeSet::new(
        matches
            .iter()
            .zip(lost.iter())
            .filter(|(m, lost)| !**lost && stays(set.rule(m.rule)))
            .map(|(m, _)| m.secret.clone()),
    );
    if staying.starts.is_empty() {
        return;
    }
    for (m, lost) in matches.iter().zip(lost.iter_mut()) {
        if yields(set.rule(m.rule)) && staying.overlaps(&m.secret) {
            *lost = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(span: Range<usize>, secret: Range<usize>) -> Match {
        Match {
            rule: 0,
            span,
            secret,
            confirmed: false,
        }
    }

    /// The pairwise definition the sweep must agree with.
    fn pairwise(span: &Range<usize>, all: &[Match]) -> Vec<Range<usize>> {
        let mut secrets: Vec<(usize, usize, Range<usize>)> = all
            .iter()
            .enumerate()
            .filter(|(_, o)| overlaps(&o.secret, span))
            .map(|(i, o)| {
                (
                    o.secret.start,
                    i,
                    o.secret.start.max(span.start)..o.secret.end.min(span.end),
                )
            })
            .collect();
        secrets.sort_by_key(|(start, i, _)| (*start, *i));
        secrets.into_iter().map(|(_, _, r)| r).collect()
    }

    #[test]
    fn the_sweep_agrees_with_every_pair() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..200 {
            let count = next(12);
            let all: Vec<Match> = (0..count)
                .map(|_| {
                    let start = next(60);
                    let end = start + next(30);
                    // A match's secret is never empty (`accept` rejects it).
                    let s = start + next(end - start + 1);
                    let e = s + 1 + next(end - s + 1);
                    m(start..end.max(e), s..e)
                })
                .collect();
            let swept = secrets_within_spans(&all);
            let ranges = RangeSet::new(all.iter().map(|x| x.secret.clone()));
            for (i, x) in all.iter().enumerate() {
                assert_eq!(swept[i], pairwise(&x.span, &all), "{all:?}");
                let any = all.iter().any(|o| overlaps(&o.secret, &x.span));
                assert_eq!(ranges.overlaps(&x.span), any, "{all:?}");
            }
        }
    }
}
