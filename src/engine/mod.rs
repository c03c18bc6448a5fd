//! The compiled rule set: one pass of the keyword gate over every rule's keywords decides which
//! rules can match and where; each such rule's regex then runs only on a window around its
//! keyword hits; entropy, checksum and placeholder checks decide what is a match. The engine knows
//! bytes and rules, not files, lines or reports.

pub mod checksum;
mod chpasswd;
pub mod codec;
mod csv;
pub mod decode;
pub mod entropy;
pub mod examples;
mod keywords;
pub mod overlap;
mod path_scope;
pub mod placeholder;
pub mod regions;
mod slice_table;
mod sql_rows;
pub mod validator;

use std::{
    ops::Range,
    sync::{Mutex, OnceLock},
};

use regex_automata::{hybrid, meta::Regex, util::captures::Captures, Input};

use keywords::KeywordIndex;
use path_scope::{PathScopes, PathScratch};

use crate::rules::pattern::{
    compile_pattern, compile_probe, compile_probed, contains_any_literal, describe_error,
    secret_group, Probe,
};
use crate::rules::{BadChecksum, Rule};

/// Bytes before a keyword hit that a rule's regex may see (clipped at the start of the line).
const WINDOW_BEFORE: usize = 256;
/// Bytes after a keyword hit that a rule's regex may see (clipped at the end of the line).
const WINDOW_AFTER: usize = 1024;
/// Bytes after a keyword hit for multi-line rules (private key blocks), across lines.
const MULTILINE_AFTER: usize = 64 * 1024;
/// Bytes before a keyword hit for multi-line rules, across lines (clipped to the start of the
/// first whole line within reach): a pair whose value comes before the name that makes it a
/// secret (`- value: …` then `name: DB_PASSWORD`, `<value>…</value>` then `<name>…password</name>`)
/// has its keyword in the name, on a later line than the secret.
const MULTILINE_BEFORE: usize = 512;

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

/// A rule's regex and the index of its secret group: compiled on first use; `None` if the
/// pattern failed (recorded in `RuleSet::errors`).
type CompiledRegex = OnceLock<Option<(Regex, usize)>>;

/// A rule's `Probe`, compiled the first time a window of the rule passes the window-run check;
/// `None` if the pattern failed.
type CompiledProbe = OnceLock<Option<Probe>>;

/// Per-thread buffers, reused across blobs so the hot path does not allocate.
#[derive(Default)]
pub struct Scratch {
    /// Per rule, the (start, end) of its keyword hits in the current blob.
    buckets: Vec<Vec<(usize, usize)>>,
    /// The rules with hits in the current blob.
    touched: Vec<u32>,
    locations: Vec<Option<Captures>>,
    /// Per rule, this thread's lazy-DFA cache of the rule's probe.
    probe_caches: Vec<Option<hybrid::dfa::Cache>>,
    /// Per rule, whether a path-scoped rule applies to the current blob's path.
    in_scope: Vec<bool>,
    /// Buffers of the path-scope match.
    path: PathScratch,
    /// The last path matched against the path scopes and the scoped rules it is in: a blob's
    /// decoded pieces are scanned with the blob's path, so it is matched once per blob.
    scoped_path: Option<String>,
    scoped_rules: Vec<usize>,
    /// The windows of the rule being run.
    windows: Vec<Range<usize>>,
    /// Candidates that passed every check but their token's own checksum, since the last
    /// `take_checksum_rejections` (made-up test tokens look like this).
    checksum_rejected: u64,
}

impl Scratch {
    /// How many candidates a checksum rejected since the last call, and resets the count.
    pub fn take_checksum_rejections(&mut self) -> u64 {
        std::mem::take(&mut self.checksum_rejected)
    }
}

/// The rules of a scan, ready to match.
pub struct RuleSet {
    /// Kept as given: a second vector of rules with their regexes would copy ~1,300 rules, and
    /// fault in their pages, at every start-up.
    rules: Vec<Rule>,
    /// Per rule.
    regexes: Vec<CompiledRegex>,
    /// Per rule.
    probes: Vec<CompiledProbe>,
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
            regexes: rules.iter().map(|_| OnceLock::new()).collect(),
            probes: rules.iter().map(|_| OnceLock::new()).collect(),
            rules,
            keywords: OnceLock::new(),
            provider_prefixes: OnceLock::new(),
            path_scopes: OnceLock::new(),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The rules, in the order given.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The rule at an index from a `Match`.
    pub fn rule(&self, index: usize) -> &Rule {
        &self.rules[index]
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
        let rule = &self.rules[index];
        self.regexes[index]
            .get_or_init(|| {
                // Built from the probe's parse when there is one: the same regex, parsed once.
                let probe = self.probes[index].get().and_then(Option::as_ref);
                match probe.map_or_else(
                    || compile_pattern(&rule.pattern),
                    |p| compile_probed(&rule.pattern, p),
                ) {
                    Ok(regex) => {
                        let Some(group) = secret_group(&regex) else {
                            self.record_error(format!(
                                "{}: rule `{}`: pattern has no capture group",
                                rule.origin, rule.id
                            ));
                            return None;
                        };
                        Some((regex, group))
                    }
                    Err(e) => {
                        self.record_error(format!(
                            "{}: rule `{}`: pattern does not compile: {}",
                            rule.origin,
                            rule.id,
                            describe_error(&e)
                        ));
                        None
                    }
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
        let index = match self
            .keywords
            .get_or_init(|| KeywordIndex::new(self.rules.iter().map(|r| r.keywords.as_slice())))
        {
            Ok(index) => index,
            Err(e) => return self.record_error(e.clone()),
        };
        // Hits go to one bucket per rule, in the order the gate reports them (nearly sorted by
        // start), so no global sort is needed even on keyword-dense text.
        if scratch.buckets.len() < self.rules.len() {
            scratch.buckets.resize_with(self.rules.len(), Vec::new);
            scratch.locations.resize_with(self.rules.len(), || None);
            scratch.probe_caches.resize_with(self.rules.len(), || None);
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
                self.rules[rule as usize].path.is_some() && !scratch.in_scope[rule as usize];
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
                if scratch.in_scope[rule] && self.rules[rule].keywords.is_empty() {
                    self.scan_whole(hay, rule, scratch, out);
                }
                scratch.in_scope[rule] = false;
            }
        }
        let lost = overlap::losers(self, &out[first..]);
        let mut index = 0;
        out.retain(|_| {
            let keep = index < first || !lost[index - first];
            index += 1;
            keep
        });
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
        let rule = &self.rules[rule_index];
        if rule.id == csv::MARKDOWN_RULE_ID {
            // A password column is named by the table's header, not by its own row: see `csv`.
            return csv::scan_markdown(hay, hits, rule_index, rule, out);
        }
        if rule.id == sql_rows::RULE_ID {
            // A password column is named by the statement's column list: see `sql_rows`.
            return sql_rows::scan(hay, hits, rule_index, rule, out);
        }
        let mut windows = std::mem::take(&mut scratch.windows);
        windows.clear();
        let mut window: Option<Range<usize>> = None;
        for &(start, end) in hits {
            let next = window_around(hay, start, end, rule.multiline);
            match &mut window {
                Some(w) if next.start <= w.end => {
                    w.start = w.start.min(next.start);
                    w.end = w.end.max(next.end);
                }
                _ => windows.extend(window.replace(next)),
            }
            // A window that reaches back to the line before its hit's (a keyword joining lines)
            // may reach a window before it: the two are one, so no match is found twice.
            if let Some(w) = &mut window {
                while let Some(last) = windows.last() {
                    if w.start > last.end {
                        break;
                    }
                    w.start = w.start.min(last.start);
                    w.end = w.end.max(last.end);
                    windows.pop();
                }
            }
        }
        windows.extend(window);
        // A window without the run of bytes every match contains (a token's 32 hex digits)
        // cannot match: most keyword hits in code are such, and a rule none of whose windows
        // has one is never compiled.
        if let Some(run) = &rule.window_run {
            windows.retain(|w| run.occurs_in(&hay[w.clone()]));
        }
        if !rule.window_literals.is_empty() {
            windows.retain(|w| contains_any_literal(&hay[w.clone()], &rule.window_literals));
        }
        // A rule whose full regex is not compiled yet gets its probe first: only a window the
        // probe finds a match in needs the full regex (most rules whose keywords appear in a
        // scan never match, and their compile is most of what they cost). Once the full regex
        // exists, it runs alone, except for generic rules: their keywords are common words, a
        // few percent of their windows match, and the full regex's lazy DFA builds states for
        // each new window's text (its bounded repetitions, unrolled, make them many), where
        // the probe's relaxed automaton reuses the ones it has.
        if !windows.is_empty() && (rule.generic || self.regexes[rule_index].get().is_none()) {
            let probe = self.probes[rule_index].get_or_init(|| compile_probe(&rule.pattern));
            if let Some(probe) = probe {
                let cache = scratch.probe_caches[rule_index]
                    .get_or_insert_with(|| probe.dfa.create_cache());
                windows.retain(|w| {
                    let input = Input::new(&hay[..w.end]).span(w.clone()).earliest(true);
                    // A search that gives up says nothing: the window keeps its regex run.
                    !matches!(probe.dfa.try_search_fwd(cache, &input), Ok(None))
                });
            }
        }
        let first = out.len();
        if !windows.is_empty() {
            if let Some((regex, group)) = self.regex(rule_index) {
                let locations =
                    scratch.locations[rule_index].get_or_insert_with(|| regex.create_captures());
                for w in windows.drain(..) {
                    self.run_window(
                        hay,
                        w,
                        rule_index,
                        regex,
                        *group,
                        locations,
                        &mut scratch.checksum_rejected,
                        out,
                    );
                }
            }
        }
        scratch.windows = windows;
        if out.len() > first && rule.id == chpasswd::RULE_ID {
            // The entries after a list's first have no context of their own: see `chpasswd`.
            chpasswd::more_entries(hay, first, rule_index, rule, out);
        }
    }

    fn scan_whole(
        &self,
        hay: &[u8],
        rule_index: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let rule = &self.rules[rule_index];
        if rule.id == csv::RULE_ID {
            // A password column is named by the header, not by its own line: see `csv`.
            return csv::scan(hay, rule_index, rule, out);
        }
        let Some((regex, group)) = self.regex(rule_index) else {
            return;
        };
        let locations =
            scratch.locations[rule_index].get_or_insert_with(|| regex.create_captures());
        self.run_window(
            hay,
            0..hay.len(),
            rule_index,
            regex,
            *group,
            locations,
            &mut scratch.checksum_rejected,
            out,
        );
    }

    fn path_scopes(&self) -> &PathScopes {
        self.path_scopes.get_or_init(|| {
            let rules = self.rules.iter().enumerate();
            PathScopes::new(rules).unwrap_or_else(|e| {
                self.record_error(e);
                PathScopes::new(std::iter::empty()).expect("no patterns, no automaton")
            })
        })
    }

    /// Marks the scoped rules whose path pattern matches `path`; whether any does.
    fn mark_in_scope(
        &self,
        scopes: &PathScopes,
        path: Option<&str>,
        scratch: &mut Scratch,
    ) -> bool {
        let Some(path) = path else { return false };
        if scopes.is_empty() {
            return false;
        }
        if scratch.scoped_path.as_deref() != Some(path) {
            let rules = &mut scratch.scoped_rules;
            rules.clear();
            scopes.matching(
                path,
                &mut scratch.path,
                |rule| rules.push(rule),
                |e| self.record_error(e),
            );
            let last = scratch.scoped_path.get_or_insert_with(String::new);
            last.clear();
            last.push_str(path);
        }
        for &rule in &scratch.scoped_rules {
            scratch.in_scope[rule] = true;
        }
        !scratch.scoped_rules.is_empty()
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
        checksum_rejected: &mut u64,
        out: &mut Vec<Match>,
    ) {
        let rule = &self.rules[rule_index];
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
            match accept(rule, &hay[s..e], &hay[m.start()..m.end()]) {
                Verdict::Accept { confirmed } => out.push(Match {
                    rule: rule_index,
                    span: m.start()..m.end(),
                    secret: s..e,
                    confirmed,
                }),
                Verdict::BadChecksum => *checksum_rejected += 1,
                Verdict::Reject => {}
            }
        }
    }

    fn has_provider_prefix(&self, value: &[u8]) -> bool {
        let prefixes = self.provider_prefixes.get_or_init(|| {
            let mut out: Vec<Vec<u8>> = self
                .rules
                .iter()
                .filter(|r| !r.generic && !r.fallback)
                .flat_map(|r| {
                    r.keywords
                        .iter()
                        .filter(|k| is_token_prefix(&r.keywords, k))
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
fn is_token_prefix(keywords: &[crate::rules::Text], keyword: &str) -> bool {
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

/// The part of `hay` a rule's regex sees for a keyword hit at `start..end`: from the start of the
/// hit's line (at most `WINDOW_BEFORE` bytes back) to the end of its line (at most `WINDOW_AFTER`
/// on). A keyword holding a newline (`password\n`: a name at the end of its line) joins lines, and
/// its window starts at the line before too: a pair written value first has its value there
/// (`- value: …` then `name: DB_PASSWORD`). A multi-line rule's window starts at the first line
/// that begins within `MULTILINE_BEFORE` bytes before the hit (or that many bytes back, mid-line,
/// when the hit's line is longer) and goes `MULTILINE_AFTER` bytes on.
fn window_around(hay: &[u8], start: usize, end: usize, multiline: bool) -> Range<usize> {
    let from = if multiline {
        let floor = start.saturating_sub(MULTILINE_BEFORE);
        if floor == 0 {
            0
        } else {
            // A line begins at `floor` when the byte before it is a newline.
            memchr::memchr(b'\n', &hay[floor - 1..start]).map_or(floor, |p| floor + p)
        }
    } else {
        let line = line_start(hay, start);
        if line > 0 && hay[line - 1] == b'\n' && memchr::memchr(b'\n', &hay[start..end]).is_some() {
            line_start(hay, line - 1)
        } else {
            line
        }
    };
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

/// The start of the line holding `at`, at most `WINDOW_BEFORE` bytes back.
fn line_start(hay: &[u8], at: usize) -> usize {
    let floor = at.saturating_sub(WINDOW_BEFORE);
    memchr::memrchr(b'\n', &hay[floor..at]).map_or(floor, |p| floor + p + 1)
}

/// What the checks after a regex match decide about a candidate secret.
enum Verdict {
    /// A match; `confirmed` when the token's own checksum verified it.
    Accept { confirmed: bool },
    /// Rejected by entropy, placeholder or validator checks.
    Reject,
    /// Passed every check but its checksum: dropped, and counted so a user testing with a
    /// made-up token learns why nothing was reported.
    BadChecksum,
}

/// The entropy a generic match with the shape of a human password needs (see `accept`).
const HUMAN_PASSWORD_MIN_ENTROPY: f64 = 2.0;

/// Entropy, placeholder, validator and checksum checks on a candidate secret (`matched` is the
/// whole match, for validators that look at the context).
fn accept(rule: &Rule, secret: &[u8], matched: &[u8]) -> Verdict {
    if secret.is_empty() {
        return Verdict::Reject;
    }
    if let Some(min) = rule.min_entropy {
        let bits = entropy::shannon(secret);
        // A human password (letters, digits and a symbol) repeats characters by its nature
        // (`G4r4g3!44`): under a generic rule's floor for such values it needs 2 bits.
        let human = rule.generic
            && min <= 3.0
            && bits >= HUMAN_PASSWORD_MIN_ENTROPY
            && placeholder::human_password_shape(secret);
        if bits < min && !human {
            return Verdict::Reject;
        }
    }
    let placeholder = if rule.generic {
        placeholder::is_generic_non_secret(secret)
    } else {
        placeholder::is_placeholder(secret)
    };
    if placeholder || ((rule.generic || rule.fallback) && named_non_secret(rule, secret, matched)) {
        return Verdict::Reject;
    }
    if let Some(v) = rule.validator {
        if !validator::check(v, secret, matched) {
            return Verdict::Reject;
        }
    }
    match rule.checksum {
        None => Verdict::Accept { confirmed: false },
        Some(kind) if checksum::verify(kind, secret) => Verdict::Accept { confirmed: true },
        Some(_) if rule.bad_checksum == BadChecksum::Keep => Verdict::Accept { confirmed: false },
        Some(_) => Verdict::BadChecksum,
    }
}

/// Whether the name in a generic or fallback match rules its value out: a name marking it fake
/// or public (generic rules), or a named provider whose strict shape the value misses. The name
/// is the last one before the value, or after it where a pair puts the value first
/// (`- value: …` then `name: FAKE_PASSWORD`).
fn named_non_secret(rule: &Rule, secret: &[u8], matched: &[u8]) -> bool {
    let (before, after) = around_secret(matched, secret);
    (rule.generic
        && (placeholder::name_marks_non_secret(before)
            || placeholder::name_marks_non_secret(after)))
        || placeholder::named_provider_rejects(before, secret)
        || placeholder::named_provider_rejects(after, secret)
}

/// The parts of a match before and after its secret (the name and the assignment, for generic
/// rules; the closing quote, or the name of a value-first pair, after).
fn around_secret<'a>(matched: &'a [u8], secret: &[u8]) -> (&'a [u8], &'a [u8]) {
    let at = memchr::memmem::rfind(matched, secret).unwrap_or(matched.len());
    (
        &matched[..at],
        &matched[(at + secret.len()).min(matched.len())..],
    )
}

#[cfg(test)]
mod tests;
