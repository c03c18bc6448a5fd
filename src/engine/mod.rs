//! The compiled rule set: one pass of the keyword gate over every rule's keywords decides which
//! rules can match and where; each such rule's regex then runs only on a window around its
//! keyword hits; entropy, checksum and placeholder checks decide what is a match. The engine knows
//! bytes and rules, not files, lines or reports.

pub mod checksum;
pub mod decode;
pub mod entropy;
mod keywords;
pub mod placeholder;
pub mod validator;

use std::{
    ops::Range,
    sync::{Mutex, OnceLock},
};

use regex_automata::{
    meta::{self, Regex},
    util::{captures::Captures, syntax},
    Input, PatternSet,
};

use keywords::KeywordIndex;

use crate::rules::{BadChecksum, Rule};

/// Bytes before a keyword hit that a rule's regex may see (clipped at the start of the line).
const WINDOW_BEFORE: usize = 256;
/// Bytes after a keyword hit that a rule's regex may see (clipped at the end of the line).
const WINDOW_AFTER: usize = 1024;
/// Bytes after a keyword hit for multi-line rules (private key blocks), across lines.
const MULTILINE_AFTER: usize = 64 * 1024;

/// A rule match in a blob: byte offsets of the whole match and of the secret within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the rule set.
    pub rule: usize,
    pub span: Range<usize>,
    pub secret: Range<usize>,
    /// The token's own checksum verified it.
    pub confirmed: bool,
}

/// Compiles a rule pattern the way the engine does (bytes, Unicode classes off).
pub fn compile_pattern(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
    Regex::builder()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            Regex::config()
                .utf8_empty(false)
                .nfa_size_limit(Some(32 << 20))
                .hybrid_cache_capacity(16 << 20)
                // Prefilters pay off on long haystacks; a rule's regex runs only on windows
                // around keyword hits, and extracting literals from case-insensitive
                // alternations was a third of the compile time a scan pays for each rule.
                .auto_prefilter(false),
        )
        .build(pattern)
        .map_err(Box::new)
}

/// Compiles rules' path patterns into one regex whose pattern `i` is `patterns[i]`.
pub fn compile_path_patterns(patterns: &[&str]) -> Result<Regex, Box<meta::BuildError>> {
    Regex::builder()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            Regex::config()
                .utf8_empty(false)
                .match_kind(regex_automata::MatchKind::All),
        )
        .build_many(patterns)
        .map_err(Box::new)
}

/// The capture group holding a rule's secret: the one named `secret`, else group 1; `None` when
/// the pattern has neither.
pub fn secret_group(regex: &Regex) -> Option<usize> {
    let group = regex
        .group_info()
        .to_index(regex_automata::PatternID::ZERO, "secret")
        .unwrap_or(1);
    (group < regex.captures_len()).then_some(group)
}

struct CompiledRule {
    rule: Rule,
    /// Compiled on first use; `None` if the pattern failed (recorded in `RuleSet::errors`).
    regex: OnceLock<Option<(Regex, usize)>>,
}

/// Per-thread buffers, reused across blobs so the hot path does not allocate.
#[derive(Default)]
pub struct Scratch {
    /// Per rule, the (start, end) of its keyword hits in the current blob.
    buckets: Vec<Vec<(usize, usize)>>,
    /// The rules with hits in the current blob.
    touched: Vec<u32>,
    locations: Vec<Option<Captures>>,
    /// Per rule, whether a path-scoped rule applies to the current blob's path.
    in_scope: Vec<bool>,
    /// The path patterns that matched the current blob's path.
    path_matches: Option<PatternSet>,
}

/// The path patterns of path-scoped rules, compiled together so a blob's path is matched once.
struct PathScopes {
    /// `None` when a pattern failed to compile (recorded in `RuleSet::errors`).
    regex: Option<Regex>,
    /// The rule of each pattern, by pattern index.
    rules: Vec<usize>,
}

/// The rules of a scan, ready to match.
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    keywords: OnceLock<Result<KeywordIndex, String>>,
    /// Token prefixes of provider rules (keywords with a separator, such as `ghp_` or `sk-ant-`):
    /// a generic match whose value starts with one is a malformed token, not a password.
    provider_prefixes: OnceLock<Vec<Vec<u8>>>,
    path_scopes: OnceLock<PathScopes>,
    errors: Mutex<Vec<String>>,
}

impl RuleSet {
    /// Takes rules that have already been validated.
    pub fn new(rules: Vec<Rule>) -> Self {
        RuleSet {
            rules: rules
                .into_iter()
                .map(|rule| CompiledRule {
                    rule,
                    regex: OnceLock::new(),
                })
                .collect(),
            keywords: OnceLock::new(),
            provider_prefixes: OnceLock::new(),
            path_scopes: OnceLock::new(),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The rules, in the order given.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> {
        self.rules.iter().map(|c| &c.rule)
    }

    /// The rule at an index from a `Match`.
    pub fn rule(&self, index: usize) -> &Rule {
        &self.rules[index].rule
    }

    /// Problems met while compiling lazily (a rule whose regex failed is skipped, and the scan
    /// must end with an error).
    pub fn errors(&self) -> Vec<String> {
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }

    fn record_error(&self, message: String) {
        if let Ok(mut errors) = self.errors.lock() {
            if !errors.contains(&message) {
                errors.push(message);
            }
        }
    }

    fn regex(&self, index: usize) -> Option<&(Regex, usize)> {
        let compiled = &self.rules[index];
        compiled
            .regex
            .get_or_init(|| match compile_pattern(&compiled.rule.pattern) {
                Ok(regex) => {
                    let Some(group) = secret_group(&regex) else {
                        self.record_error(format!(
                            "{}: rule `{}`: pattern has no capture group",
                            compiled.rule.origin, compiled.rule.id
                        ));
                        return None;
                    };
                    Some((regex, group))
                }
                Err(e) => {
                    self.record_error(format!(
                        "{}: rule `{}`: pattern does not compile: {e}",
                        compiled.rule.origin, compiled.rule.id
                    ));
                    None
                }
            })
            .as_ref()
    }

    /// Finds every match in `hay`, appending to `out` sorted by secret start, then rule. Rules
    /// scoped by path do not apply: the blob has none (see `scan_path`).
    pub fn scan(&self, hay: &[u8], scratch: &mut Scratch, out: &mut Vec<Match>) {
        self.scan_path(hay, None, scratch, out)
    }

    /// Like `scan`, for a blob from the file at `path` (`/`-separated, relative to the project
    /// or repository root), where rules scoped to that path apply too.
    pub fn scan_path(
        &self,
        hay: &[u8],
        path: Option<&str>,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let first = out.len();
        if hay.is_empty() {
            return;
        }
        let index = match self.keywords.get_or_init(|| {
            KeywordIndex::new(self.rules.iter().map(|c| c.rule.keywords.as_slice()))
        }) {
            Ok(index) => index,
            Err(e) => return self.record_error(e.clone()),
        };
        // Hits go to one bucket per rule, in the order the gate reports them (nearly sorted by
        // start), so no global sort is needed even on keyword-dense text.
        if scratch.buckets.len() < self.rules.len() {
            scratch.buckets.resize_with(self.rules.len(), Vec::new);
            scratch.locations.resize_with(self.rules.len(), || None);
            scratch.in_scope.resize(self.rules.len(), false);
        }
        scratch.touched.clear();
        let (buckets, touched) = (&mut scratch.buckets, &mut scratch.touched);
        index.find(hay, |rule, start, end| {
            let bucket = &mut buckets[rule as usize];
            if bucket.is_empty() {
                touched.push(rule);
            }
            bucket.push((start, end));
        });
        let scopes = self.path_scopes();
        let any_in_scope = self.mark_in_scope(scopes, path, scratch);
        if scratch.touched.is_empty() && !any_in_scope {
            return;
        }
        scratch.touched.sort_unstable();
        let touched = std::mem::take(&mut scratch.touched);
        for &rule in &touched {
            let mut hits = std::mem::take(&mut scratch.buckets[rule as usize]);
            let scoped_out =
                self.rules[rule as usize].rule.path.is_some() && !scratch.in_scope[rule as usize];
            if !scoped_out {
                if !hits.is_sorted() {
                    hits.sort_unstable();
                }
                self.scan_rule(hay, rule as usize, &hits, scratch, out);
            }
            hits.clear();
            scratch.buckets[rule as usize] = hits;
        }
        scratch.touched = touched;
        if any_in_scope {
            // A scoped rule without keywords reads the whole file its path names.
            for &rule in &scopes.rules {
                if scratch.in_scope[rule] && self.rules[rule].rule.keywords.is_empty() {
                    self.scan_whole(hay, rule, scratch, out);
                }
                scratch.in_scope[rule] = false;
            }
        }
        resolve_overlaps(self, &mut out[first..]);
        let mut kept = first;
        for k in first..out.len() {
            if out[k].rule != usize::MAX {
                out.swap(kept, k);
                kept += 1;
            }
        }
        out.truncate(kept);
        out[first..].sort_by_key(|m| (m.secret.start, m.rule));
    }

    fn scan_rule(
        &self,
        hay: &[u8],
        rule_index: usize,
        hits: &[(usize, usize)],
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let Some((regex, group)) = self.regex(rule_index) else {
            return;
        };
        let rule = &self.rules[rule_index].rule;
        let locations =
            scratch.locations[rule_index].get_or_insert_with(|| regex.create_captures());
        let mut window: Option<Range<usize>> = None;
        for &(start, end) in hits {
            let next = window_around(hay, start, end, rule.multiline);
            match &mut window {
                Some(w) if next.start <= w.end => w.end = w.end.max(next.end),
                _ => {
                    if let Some(w) = window.replace(next) {
                        self.run_window(hay, w, rule_index, regex, *group, locations, out);
                    }
                }
            }
        }
        if let Some(w) = window {
            self.run_window(hay, w, rule_index, regex, *group, locations, out);
        }
    }

    fn scan_whole(
        &self,
        hay: &[u8],
        rule_index: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let Some((regex, group)) = self.regex(rule_index) else {
            return;
        };
        let locations =
            scratch.locations[rule_index].get_or_insert_with(|| regex.create_captures());
        self.run_window(hay, 0..hay.len(), rule_index, regex, *group, locations, out);
    }

    fn path_scopes(&self) -> &PathScopes {
        self.path_scopes.get_or_init(|| {
            let rules: Vec<usize> = (0..self.rules.len())
                .filter(|&i| self.rules[i].rule.path.is_some())
                .collect();
            let patterns: Vec<&str> = rules
                .iter()
                .filter_map(|&i| self.rules[i].rule.path.as_deref())
                .collect();
            let regex = if patterns.is_empty() {
                None
            } else {
                match compile_path_patterns(&patterns) {
                    Ok(regex) => Some(regex),
                    Err(e) => {
                        self.record_error(format!("a rule's path pattern does not compile: {e}"));
                        None
                    }
                }
            };
            PathScopes { regex, rules }
        })
    }

    /// Marks the scoped rules whose path pattern matches `path`; whether any does.
    fn mark_in_scope(
        &self,
        scopes: &PathScopes,
        path: Option<&str>,
        scratch: &mut Scratch,
    ) -> bool {
        let (Some(regex), Some(path)) = (&scopes.regex, path) else {
            return false;
        };
        let set = scratch
            .path_matches
            .get_or_insert_with(|| PatternSet::new(regex.pattern_len()));
        set.clear();
        regex.which_overlapping_matches(&Input::new(path.as_bytes()), set);
        let mut any = false;
        for pattern in set.iter() {
            scratch.in_scope[scopes.rules[pattern.as_usize()]] = true;
            any = true;
        }
        any
    }

    #[allow(clippy::too_many_arguments)]
    fn run_window(
        &self,
        hay: &[u8],
        window: Range<usize>,
        rule_index: usize,
        regex: &Regex,
        group: usize,
        locations: &mut Captures,
        out: &mut Vec<Match>,
    ) {
        let rule = &self.rules[rule_index].rule;
        let bounded = &hay[..window.end];
        let mut at = window.start;
        while at <= bounded.len() {
            regex.search_captures(&Input::new(bounded).span(at..bounded.len()), locations);
            let Some(m) = locations.get_match() else {
                break;
            };
            at = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + 1
            };
            let Some(regex_automata::Span { start: s, end: e }) = locations.get_group(group) else {
                continue;
            };
            if rule.generic && self.has_provider_prefix(&hay[s..e]) {
                continue;
            }
            if let Some(confirmed) = accept(rule, &hay[s..e], &hay[m.start()..m.end()]) {
                out.push(Match {
                    rule: rule_index,
                    span: m.start()..m.end(),
                    secret: s..e,
                    confirmed,
                });
            }
        }
    }

    fn has_provider_prefix(&self, value: &[u8]) -> bool {
        let prefixes = self.provider_prefixes.get_or_init(|| {
            let mut out: Vec<Vec<u8>> = self
                .rules
                .iter()
                .filter(|c| !c.rule.generic && !c.rule.fallback)
                .flat_map(|c| {
                    c.rule
                        .keywords
                        .iter()
                        .filter(|k| is_token_prefix(&c.rule.keywords, k))
                })
                .map(|k| k.as_bytes().to_vec())
                .collect();
            out.sort();
            out.dedup();
            out
        });
        prefixes.iter().any(|p| value.starts_with(p))
    }

    /// The secrets this rule set finds in `text`, for rule tests.
    pub fn find_secrets(&self, text: &[u8]) -> Vec<String> {
        self.find_secrets_in(text, None)
    }

    /// The secrets this rule set finds in `text` from a file at `path`, for rule tests.
    pub fn find_secrets_in(&self, text: &[u8], path: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        self.scan_path(text, path, &mut Scratch::default(), &mut out);
        out.iter()
            .map(|m| String::from_utf8_lossy(&text[m.secret.clone()]).into_owned())
            .collect()
    }
}

/// Whether `keyword` looks like the literal start of a provider's tokens (`ghp_`, `sk-ant-`) rather
/// than a name that only has to be near them: at least 4 characters, starting with a letter or
/// digit and ending in `_`, `-` or `.`, and not one of a family (`jira_`, `jira-`, `jira.`) that
/// spells a name with every separator.
fn is_token_prefix(keywords: &[String], keyword: &str) -> bool {
    const SEPARATORS: [char; 3] = ['_', '-', '.'];
    if keyword.len() < 4
        || !keyword.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !keyword.ends_with(SEPARATORS)
    {
        return false;
    }
    let stem = &keyword[..keyword.len() - 1];
    !keywords.iter().any(|k| {
        k != keyword && k.len() == keyword.len() && k.starts_with(stem) && k.ends_with(SEPARATORS)
    })
}

/// The part of `hay` a rule's regex sees for a keyword hit at `start..end`.
fn window_around(hay: &[u8], start: usize, end: usize, multiline: bool) -> Range<usize> {
    let floor = start.saturating_sub(WINDOW_BEFORE);
    let from = memchr::memrchr(b'\n', &hay[floor..start]).map_or(floor, |p| floor + p + 1);
    let ceiling = (end
        + if multiline {
            MULTILINE_AFTER
        } else {
            WINDOW_AFTER
        })
    .min(hay.len());
    let to = if multiline {
        ceiling
    } else {
        memchr::memchr(b'\n', &hay[end..ceiling]).map_or(ceiling, |p| end + p)
    };
    from..to
}

/// Entropy, placeholder and checksum checks on a candidate secret (`matched` is the whole match,
/// for validators that look at the context): `None` rejects it, otherwise whether a checksum
/// confirmed it.
fn accept(rule: &Rule, secret: &[u8], matched: &[u8]) -> Option<bool> {
    if secret.is_empty() {
        return None;
    }
    if let Some(min) = rule.min_entropy {
        if entropy::shannon(secret) < min {
            return None;
        }
    }
    let placeholder = if rule.generic {
        placeholder::is_generic_non_secret(secret)
    } else {
        placeholder::is_placeholder(secret)
    };
    if placeholder {
        return None;
    }
    if let Some(v) = rule.validator {
        if !validator::check(v, secret, matched) {
            return None;
        }
    }
    match rule.checksum {
        None => Some(false),
        Some(kind) if checksum::verify(kind, secret) => Some(true),
        Some(_) if rule.bad_checksum == BadChecksum::Keep => Some(false),
        Some(_) => None,
    }
}

/// A generic rule gives way to a provider rule whose secret overlaps its own, and of two generic
/// matches that overlap only the one with the shorter (more tightly delimited) secret stays, the
/// earlier rule on a tie; marks losers with `rule = usize::MAX`.
fn resolve_overlaps(set: &RuleSet, matches: &mut [Match]) {
    resolve_provider_overlaps(set, matches);
    let mut generic: Vec<usize> = (0..matches.len())
        .filter(|&i| matches[i].rule != usize::MAX && set.rule(matches[i].rule).generic)
        .collect();
    if generic.len() < 2 {
        return;
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
            if matches[i].rule == usize::MAX || matches[j].rule == usize::MAX {
                continue;
            }
            let key = |m: &Match| (m.secret.len(), m.rule, m.secret.start);
            let loser = if key(&matches[j]) < key(&matches[i]) {
                i
            } else {
                j
            };
            matches[loser].rule = usize::MAX;
        }
    }
}

fn resolve_provider_overlaps(set: &RuleSet, matches: &mut [Match]) {
    let yields = |m: &Match| {
        let rule = set.rule(m.rule);
        rule.generic || rule.fallback
    };
    let specific: Vec<Range<usize>> = matches
        .iter()
        .filter(|m| !yields(m))
        .map(|m| m.secret.clone())
        .collect();
    if specific.is_empty() {
        return;
    }
    for m in matches.iter_mut() {
        if yields(m)
            && specific
                .iter()
                .any(|s| s.start < m.secret.end && m.secret.start < s.end)
        {
            m.rule = usize::MAX;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn set(yaml: &str) -> RuleSet {
        RuleSet::new(rules::parse("test.yml", yaml).unwrap())
    }

    const TOKEN_RULE: &str = r#"
rules:
  - id: demo-token
    name: Demo token
    severity: high
    keywords: [dmo_]
    pattern: '\b(dmo_[A-Za-z0-9]{20})\b'
    remediation: Revoke it.
"#;

    #[test]
    fn finds_tokens_only_near_keywords() {
        let s = set(TOKEN_RULE);
        let text = b"a = 1\nkey = 'dmo_Ab3dEf6hIj9kLm2nOp5q'\nother dmo_short\n";
        assert_eq!(s.find_secrets(text), vec!["dmo_Ab3dEf6hIj9kLm2nOp5q"]);
        assert!(s.find_secrets(b"nothing here").is_empty());
    }

    const SCOPED_RULES: &str = r#"
rules:
  - id: pass-file
    name: Password file line
    severity: high
    path: '(?:^|/)\.passfile$'
    pattern: '(?m)^[^:\n]+:(?P<secret>[^:\n]{8,})$'
    remediation: Rotate it.
  - id: scoped-token
    name: Scoped token
    severity: high
    keywords: [dmo_]
    path: '\.env$'
    pattern: '\b(dmo_[A-Za-z0-9]{20})\b'
    remediation: Revoke it.
"#;

    #[test]
    fn path_scoped_rules_apply_only_to_their_files() {
        let s = set(SCOPED_RULES);
        let text = b"# accounts\nalice:Q8v2LmZr7Tx\ntoken dmo_Ab3dEf6hIj9kLm2nOp5q\n";
        // No path (stdin, a decoded piece without a file): neither scoped rule applies.
        assert!(s.find_secrets(text).is_empty());
        assert!(s.find_secrets_in(text, Some("docs/notes.txt")).is_empty());
        // The keyword-less rule reads its whole file; the keyword rule needs its keyword too.
        assert_eq!(
            s.find_secrets_in(text, Some("home/.passfile")),
            vec!["Q8v2LmZr7Tx"]
        );
        assert_eq!(
            s.find_secrets_in(text, Some("app/.env")),
            vec!["dmo_Ab3dEf6hIj9kLm2nOp5q"]
        );
        // Scope is decided per blob: a scratch reused across paths keeps no stale scope.
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        s.scan_path(text, Some(".passfile"), &mut scratch, &mut out);
        assert_eq!(out.len(), 1);
        out.clear();
        s.scan_path(text, Some("README"), &mut scratch, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn keyword_is_case_insensitive_but_regex_decides() {
        let s = set(TOKEN_RULE);
        assert!(s.find_secrets(b"DMO_Ab3dEf6hIj9kLm2nOp5q").is_empty());
    }

    #[test]
    fn word_boundary_sees_context_before_window() {
        let s = set(TOKEN_RULE);
        assert!(s.find_secrets(b"xdmo_Ab3dEf6hIj9kLm2nOp5q").is_empty());
    }

    #[test]
    fn many_hits_give_each_match_once() {
        let s = set(TOKEN_RULE);
        let line = "dmo_Ab3dEf6hIj9kLm2nOp5q dmo_Zb3dEf6hIj9kLm2nOp5q\n".repeat(50);
        assert_eq!(s.find_secrets(line.as_bytes()).len(), 100);
    }

    const GENERIC_RULE: &str = "\n  - id: generic-secret\n    name: Generic\n    severity: medium\n    generic: true\n    keywords: [key]\n    pattern: 'key\\s*=\\s*.([^''\"]+)'\n    remediation: Rotate it.\n";

    #[test]
    fn generic_gives_way_to_provider_rule() {
        let s = set(&format!("{TOKEN_RULE}{GENERIC_RULE}"));
        let mut out = Vec::new();
        s.scan(
            b"key = 'dmo_Ab3dEf6hIj9kLm2nOp5q'",
            &mut Scratch::default(),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(s.rule(out[0].rule).id, "demo-token");
    }

    #[test]
    fn generic_rule_skips_a_malformed_provider_token() {
        let s = set(&format!("{TOKEN_RULE}{GENERIC_RULE}"));
        // The provider prefix with a body far too short: neither rule reports it.
        assert!(s.find_secrets(b"key = 'dmo_Ab3dE9'").is_empty());
        // Any other value is still the generic rule's.
        assert_eq!(
            s.find_secrets(b"key = 'Qm7ZpW2xR9tLk4Vb'"),
            vec!["Qm7ZpW2xR9tLk4Vb"]
        );
    }

    #[test]
    fn overlapping_generic_matches_keep_the_tighter_secret() {
        let yaml = "rules:\n  - id: wide\n    name: W\n    severity: low\n    generic: true\n    keywords: [pwd=]\n    pattern: 'pwd=(\\S+)'\n    remediation: r\n  - id: tight\n    name: T\n    severity: low\n    generic: true\n    keywords: [pwd=]\n    pattern: 'pwd=([^;\\s]+)'\n    remediation: r\n";
        let s = set(yaml);
        let mut out = Vec::new();
        s.scan(b"x;pwd=Kd82jfLq0Pz7;a=b", &mut Scratch::default(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(s.rule(out[0].rule).id, "tight");
    }

    #[test]
    fn fallback_rule_gives_way_to_a_provider_rule() {
        let yaml = format!(
            "{TOKEN_RULE}\n  - id: broad\n    name: Broad\n    severity: low\n    fallback: true\n    keywords: [dmo_]\n    pattern: '(dmo_[A-Za-z0-9]+)'\n    remediation: Rotate it.\n"
        );
        let s = set(&yaml);
        let mut out = Vec::new();
        s.scan(
            b"k = dmo_Ab3dEf6hIj9kLm2nOp5q",
            &mut Scratch::default(),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(s.rule(out[0].rule).id, "demo-token");
        assert_eq!(
            s.find_secrets(b"k = dmo_Ab3dEf6hIj9kLm2nOp5q9"),
            vec!["dmo_Ab3dEf6hIj9kLm2nOp5q9"]
        );
    }

    #[test]
    fn bad_regex_is_recorded_not_panicked() {
        let s = RuleSet::new(
            rules::parse(
                "t.yml",
                "rules:\n  - id: broken\n    name: B\n    severity: low\n    keywords: [abc]\n    pattern: '(abc'\n    remediation: r\n",
            )
            .unwrap(),
        );
        assert!(s.find_secrets(b"abc").is_empty());
        assert_eq!(s.errors().len(), 1);
    }
}
