//! The regex dialect of rule patterns: bytes, not text (a blob need not be UTF-8), Unicode
//! classes off, and the secret in the group named `secret` or else group 1. Validation and the
//! engine compile patterns the same way, so a pattern that passes `rules check` runs as checked.

use regex_automata::{
    meta::{self, Regex},
    util::syntax,
};

/// Compiles a rule pattern (bytes, Unicode classes off).
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
                .match_kind(regex_automata::MatchKind::All)
                // Paths are a few dozen bytes: a literal prefilter cannot pay for itself, and
                // building one (an automaton over a pattern's alternatives) cost more than the
                // rest of the compile.
                .auto_prefilter(false),
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
