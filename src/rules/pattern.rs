//! The regex dialect of rule patterns: bytes, not text (a blob need not be UTF-8), Unicode
//! classes off, and the secret in the group named `secret` or else group 1. Validation and the
//! engine compile patterns the same way, so a pattern that passes `rules check` runs as checked.

use regex_automata::{
    hybrid,
    meta::{self, Regex},
    nfa::thompson::{self, WhichCaptures},
    util::syntax,
};
use regex_syntax::{
    ast::{self, Ast, RepetitionKind, RepetitionRange},
    hir::translate::{Translator, TranslatorBuilder},
};

/// The syntax of rule patterns: bytes, Unicode classes off.
fn pattern_syntax() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// Compiles a rule pattern (bytes, Unicode classes off).
pub fn compile_pattern(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
    pattern_builder().build(pattern).map_err(Box::new)
}

/// A rule pattern's cheap first test: a forward lazy DFA without capture groups, which says
/// whether a window holds a match at all, and the pattern's syntax tree to build the full regex
/// from once one does. It costs about two thirds of `compile_pattern` (no reverse automaton, no
/// capture states, no engines for captures), and most rules whose keywords appear in a scan
/// never match any of their windows.
pub struct Probe {
    pub dfa: hybrid::dfa::DFA,
    pub ast: Ast,
}

/// Compiles a rule pattern's `Probe`; `None` when it does not compile (`compile_pattern` then
/// reports why).
pub fn compile_probe(pattern: &str) -> Option<Probe> {
    let mut ast = ast::parse::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    // Relaxed in place for the probe's translation, then restored for the full regex's: the
    // tree is parsed once and nothing is rebuilt (relaxing the translated `Hir` rebuilt it
    // node by node, which cost a sixth of the probe's compile).
    let mut relaxed = Vec::new();
    relax(&mut ast, &mut relaxed);
    let hir = translator().translate(pattern, &ast).ok()?;
    restore(&mut ast, &relaxed);
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .shrink(false)
                .which_captures(WhichCaptures::None),
        )
        .build_from_hir(&hir)
        .ok()?;
    let dfa = hybrid::dfa::DFA::builder()
        .configure(
            hybrid::dfa::DFA::config()
                .cache_capacity(CACHE_CAPACITY)
                .skip_cache_capacity_check(true),
        )
        .build_from_nfa(nfa)
        .ok()?;
    Some(Probe { dfa, ast })
}

/// Compiles the full regex of a pattern from the syntax tree its probe kept: the same regex as
/// `compile_pattern`, without parsing again.
pub fn compile_probed(pattern: &str, probe: &Probe) -> Result<Regex, Box<meta::BuildError>> {
    match translator().translate(pattern, &probe.ast) {
        Ok(hir) => pattern_builder().build_from_hir(&hir).map_err(Box::new),
        Err(_) => compile_pattern(pattern),
    }
}

/// The translation of `pattern_syntax` (what `syntax::parse_with` does after parsing), with its
/// settings read from it, so the probe's and the full regex's dialect cannot drift apart.
fn translator() -> Translator {
    let syntax = pattern_syntax();
    TranslatorBuilder::new()
        .unicode(syntax.get_unicode())
        .utf8(syntax.get_utf8())
        .build()
}

/// Bounded repetitions whose range is wider than this lose their upper bound in a probe.
const RELAX_RANGE: u32 = 8;

/// Drops the upper bounds of `ast`'s wide bounded repetitions (`[\w.-]{0,30}` as `[\w.-]{0,}`,
/// `[A-Za-z0-9]{16,512}` as `[A-Za-z0-9]{16,}`), recording each one's (offset, upper bound) in
/// `relaxed` for `restore`. The relaxed pattern matches wherever the pattern does (so a window
/// the probe rejects has no match), and its automaton is a fraction of the size: a bounded
/// repetition is unrolled into one copy of its sub-expression per count, which the probe's
/// compile pays for, and its lazy DFA builds a state per count reached. (Capture groups cost
/// the probe nothing: its NFA has no capture states.)
fn relax(ast: &mut Ast, relaxed: &mut Vec<(usize, u32)>) {
    match ast {
        Ast::Repetition(r) => {
            if let RepetitionKind::Range(RepetitionRange::Bounded(min, max)) = r.op.kind {
                if max - min > RELAX_RANGE {
                    relaxed.push((r.op.span.start.offset, max));
                    r.op.kind = RepetitionKind::Range(RepetitionRange::AtLeast(min));
                }
            }
            relax(&mut r.ast, relaxed)
        }
        Ast::Group(g) => relax(&mut g.ast, relaxed),
        Ast::Concat(c) => c.asts.iter_mut().for_each(|a| relax(a, relaxed)),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(|a| relax(a, relaxed)),
        _ => {}
    }
}

/// Gives back the upper bounds `relax` dropped (a repetition is known by its operator's offset).
fn restore(ast: &mut Ast, relaxed: &[(usize, u32)]) {
    if relaxed.is_empty() {
        return;
    }
    match ast {
        Ast::Repetition(r) => {
            if let RepetitionKind::Range(RepetitionRange::AtLeast(min)) = r.op.kind {
                let at = r.op.span.start.offset;
                if let Some(&(_, max)) = relaxed.iter().find(|&&(offset, _)| offset == at) {
                    r.op.kind = RepetitionKind::Range(RepetitionRange::Bounded(min, max));
                }
            }
            restore(&mut r.ast, relaxed)
        }
        Ast::Group(g) => restore(&mut g.ast, relaxed),
        Ast::Concat(c) => c.asts.iter_mut().for_each(|a| restore(a, relaxed)),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(|a| restore(a, relaxed)),
        _ => {}
    }
}

const NFA_SIZE_LIMIT: usize = 32 << 20;
const CACHE_CAPACITY: usize = 16 << 20;

fn pattern_builder() -> meta::Builder {
    let mut builder = Regex::builder();
    builder.syntax(pattern_syntax()).configure(
        Regex::config()
            .utf8_empty(false)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .hybrid_cache_capacity(CACHE_CAPACITY)
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
    );
    builder
}

/// Whether `hay` contains one of `literals` (lowercase ASCII) in any ASCII case: a rule's
/// `window_literals` test of a keyword window.
pub fn contains_any_literal<L: AsRef<str>>(hay: &[u8], literals: &[L]) -> bool {
    literals.iter().any(|literal| {
        let literal = literal.as_ref().as_bytes();
        let Some(&first) = literal.first() else {
            return true;
        };
        let Some(last_start) = (hay.len() + 1).checked_sub(literal.len()) else {
            return false;
        };
        memchr::memchr2_iter(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            &hay[..last_start],
        )
        .any(|at| hay[at..at + literal.len()].eq_ignore_ascii_case(literal))
    })
}

/// Compiles rules' path patterns into one regex whose pattern `i` is `patterns[i]`.
pub fn compile_path_patterns(patterns: &[&str]) -> Result<Regex, Box<meta::BuildError>> {
    Regex::builder()
        .syntax(pattern_syntax())
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

/// Rules' path patterns as one forward lazy DFA without capture groups that reports every
/// pattern's matches (`MatchKind::All`), for testing a path a piece at a time.
pub fn compile_path_dfa(patterns: &[&str]) -> Result<hybrid::dfa::DFA, Box<hybrid::BuildError>> {
    use hybrid::dfa::DFA;
    DFA::builder()
        .syntax(pattern_syntax())
        .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
        .configure(
            DFA::config()
                .match_kind(regex_automata::MatchKind::All)
                .cache_capacity(8 << 20),
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
    fn the_probe_matches_where_the_full_regex_does() {
        use regex_automata::Input;
        let pattern = r"(?i:acme)[\w.-]{0,8}\s*[:=]\s*(?P<secret>[a-f0-9]{8})\b";
        let full = compile_pattern(pattern).unwrap();
        let probe = compile_probe(pattern).unwrap();
        let parsed = compile_probed(pattern, &probe).unwrap();
        assert_eq!(secret_group(&parsed), secret_group(&full));
        let mut cache = probe.dfa.create_cache();
        for (text, from) in [
            ("ACME_KEY = 0123abcd", 0),
            ("acme: 0123abcd9", 0),
            ("x acme=0123abcd", 2),
            ("acme=0123abcd", 1),
            ("acme = 0123abcZ", 0),
            ("", 0),
        ] {
            let input = Input::new(text).span(from..text.len());
            let probed = probe
                .dfa
                .try_search_fwd(&mut cache, &input.clone().earliest(true))
                .unwrap()
                .is_some();
            assert_eq!(probed, full.is_match(input.clone()), "{text:?}");
            assert_eq!(parsed.find(input.clone()), full.find(input), "{text:?}");
        }
        assert!(compile_probe("acme_([A-Z]{32}").is_none());
    }

    #[test]
    fn the_probe_keeps_the_pattern_unrelaxed() {
        for pattern in [
            r"a{0,30}b{2,5}(?P<secret>c{16,512})d{3}",
            r"(?i)x{1,100}|y{4,}|(z{0,9}){1,20}",
            r"plain",
        ] {
            let probe = compile_probe(pattern).unwrap();
            let mut printed = String::new();
            ast::print::Printer::new()
                .print(&probe.ast, &mut printed)
                .unwrap();
            assert_eq!(printed, pattern);
        }
    }

    #[test]
    fn literals_are_found_in_any_case() {
        let lits = ["env", "token"];
        assert!(contains_any_literal(b"ENV X", &lits));
        assert!(contains_any_literal(b"my_ToKeN", &lits));
        assert!(contains_any_literal(b"toke token", &lits));
        assert!(!contains_any_literal(b"toke en", &lits));
        assert!(!contains_any_literal(b"to", &lits));
        assert!(!contains_any_literal(b"", &lits));
        assert!(!contains_any_literal::<&str>(b"abc", &[]));
    }

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
