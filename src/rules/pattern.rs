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
                .auto_prefilter(false)
                // The one-pass DFA would only resolve capture groups within a match the lazy
                // DFA found (the backtracker does that as well on a match's few bytes), and a
                // full DFA is built only for tiny patterns: neither pays for its compile time,
                // which a scan pays per rule that fires (~15% of it).
                .onepass(false)
                .dfa(false),
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

/// A pattern's build error as the parser's message and the offending span, e.g.
/// `unclosed character class` followed by the pattern with carets under the span.
pub fn describe_error(e: &meta::BuildError) -> String {
    if let Some(syntax) = e.syntax_error() {
        return describe_syntax(&syntax.to_string());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// Rewrites the regex parser's rendering (`regex parse error:`, the pattern with carets, then
/// `error: KIND`) as KIND followed by the pattern and carets, so that a one-line error message
/// starts with what is wrong.
pub fn describe_syntax(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(kind) = lines.iter().rev().find_map(|l| l.strip_prefix("error: ")) else {
        return text.trim().to_string();
    };
    let excerpt: Vec<&str> = lines
        .iter()
        .filter(|l| **l != "regex parse error:" && !l.starts_with("error: "))
        .copied()
        .collect();
    if excerpt.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}\n{}", excerpt.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_the_parser_message_and_span() {
        let e = compile_pattern("acme_([A-Z]{32}").unwrap_err();
        let text = describe_error(&e);
        assert!(text.starts_with("unclosed group\n"), "{text}");
        assert!(text.contains("    acme_([A-Z]{32}\n"), "{text}");
        assert!(text.contains('^'), "{text}");
        let bad = format!("a[{}-a]", 'z'); // built at run time: clippy checks literal regexes
        let e = regex::Regex::new(&bad).unwrap_err();
        let text = describe_syntax(&e.to_string());
        assert!(text.starts_with("invalid character class range"), "{text}");
    }
}
