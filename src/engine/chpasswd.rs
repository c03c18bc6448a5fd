//! The entries after the first of a cloud-init `chpasswd` list. The rule
//! `cloud-init-chpasswd-list` (rules/installer-configs.yml) finds the first `user:password`
//! entry of the list with its regex, which needs the `chpasswd:` and `list:` keys above the
//! entry; the entries under it have no such context of their own, so the engine reads on from
//! each first entry: every following line written like it (the same indentation, the same `- `
//! or none) is an entry of the same list, its password judged like the first one's.

use super::{accept, Match, Verdict};
use crate::rules::Rule;

/// The rule whose matches this module extends.
pub(super) const RULE_ID: &str = "cloud-init-chpasswd-list";

/// Longest list read after a first entry, in lines.
const MAX_ENTRIES: usize = 1000;

/// Appends a match for each entry after the first of the lists whose first entries are the
/// matches of the rule in `out[first..]`.
pub(super) fn more_entries(
    hay: &[u8],
    first: usize,
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) {
    let found = out.len();
    for i in first..found {
        let secret = out[i].secret.clone();
        let line_start = memchr::memrchr(b'\n', &hay[..secret.start]).map_or(0, |p| p + 1);
        let line = &hay[line_start..secret.start];
        let indent = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let dash = line.get(indent) == Some(&b'-');
        let mut at = memchr::memchr(b'\n', &hay[secret.end..]).map(|p| secret.end + p + 1);
        for _ in 0..MAX_ENTRIES {
            let Some(start) = at else { break };
            let end = memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |p| start + p);
            let Some(value) = entry(
                &hay[start..end],
                &hay[line_start..line_start + indent],
                dash,
            ) else {
                break;
            };
            let value = start + value.start..start + value.end;
            if let Verdict::Accept { confirmed } =
                accept(rule, &hay[value.clone()], &hay[start..end])
            {
                out.push(Match {
                    rule: rule_index,
                    span: start..end,
                    secret: value,
                    confirmed,
                });
            }
            at = (end < hay.len()).then_some(end + 1);
        }
    }
}

/// The password of a list entry line (`    user:password`, `    - user:password`, quoted or
/// not) written with `indent` and a dash or none, if the line is one.
fn entry(line: &[u8], indent: &[u8], dash: bool) -> Option<std::ops::Range<usize>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut i = indent.len();
    if !line.starts_with(indent) || matches!(line.get(i), Some(b' ' | b'\t')) {
        return None;
    }
    if dash {
        if line.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
        let blanks = line[i..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if blanks == 0 {
            return None;
        }
        i += blanks;
    }
    let quote = line.get(i).copied().filter(|b| matches!(b, b'"' | b'\''));
    i += usize::from(quote.is_some());
    let user = line[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        .count();
    if user == 0 || user > 32 || !line[i].is_ascii_alphabetic() && line[i] != b'_' {
        return None;
    }
    i += user;
    if line.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let start = i;
    while i < line.len() && !line[i].is_ascii_whitespace() && Some(line[i]) != quote {
        i += 1;
    }
    let value = start..i;
    if let Some(q) = quote {
        if line.get(i) != Some(&q) {
            return None;
        }
        i += 1;
    }
    let rest_blank = line[i..].iter().all(|b| matches!(b, b' ' | b'\t'));
    (value.len() >= 6 && rest_blank && line[start] != b':').then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(line: &'a str, indent: &str, dash: bool) -> Option<&'a str> {
        entry(line.as_bytes(), indent.as_bytes(), dash).map(|r| &line[r])
    }

    #[test]
    fn entries_keep_the_first_ones_shape() {
        assert_eq!(
            value("    web:Qm8vTz3LpX", "    ", false),
            Some("Qm8vTz3LpX")
        );
        assert_eq!(
            value("    web:Qm8vTz3LpX\r", "    ", false),
            Some("Qm8vTz3LpX")
        );
        assert_eq!(
            value("    - 'web:Qm8vTz3LpX'", "    ", true),
            Some("Qm8vTz3LpX")
        );
        assert_eq!(value("    - web:Qm8vTz3LpX", "    ", false), None);
        assert_eq!(value("      web:Qm8vTz3LpX", "    ", false), None);
        assert_eq!(value("  expire: false", "    ", false), None);
        assert_eq!(value("    web:Qm8vTz3LpX # note", "    ", false), None);
        assert_eq!(value("    web:RANDOM", "    ", false), Some("RANDOM"));
    }
}
