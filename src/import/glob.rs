//! gitleaks allowlists name paths by regex; leakhound's allowlists take globs. This converts the
//! regexes that have an exact glob (anchors, literals, `.*`, alternations of literals, small
//! character classes, `(^|/)`) and refuses the rest, so that an import never allows more than the
//! original did.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The glob matching the same paths as `regex`, if there is an exact one.
pub fn from_regex(regex: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(regex)
        .ok()?;
    let mut items: Vec<&Hir> = match hir.kind() {
        HirKind::Concat(items) => items.iter().collect(),
        _ => vec![&hir],
    };
    let mut prefix = "*";
    if let Some(first) = items.first() {
        if is_start(first) {
            prefix = "";
            items.remove(0);
        } else if is_start_or_slash(first) {
            prefix = "**/";
            items.remove(0);
        }
    }
    let mut suffix = "*";
    if items.last().is_some_and(|last| is_end(last)) {
        suffix = "";
        items.pop();
    }
    let mut body = String::new();
    for item in items {
        body.push_str(&piece(item, true)?);
    }
    if body.is_empty() {
        return None;
    }
    // Runs of `*` mean the same as one, and `**` is special in globs; the `**/` prefix stays.
    let rest = collapse_stars(&format!(
        "{}{body}{suffix}",
        if prefix == "*" { "*" } else { "" }
    ));
    Some(if prefix == "**/" {
        format!("**/{rest}")
    } else {
        rest
    })
}

fn collapse_stars(glob: &str) -> String {
    let mut out = String::with_capacity(glob.len());
    for c in glob.chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

fn unwrap(hir: &Hir) -> &Hir {
    match hir.kind() {
        HirKind::Capture(c) => unwrap(&c.sub),
        _ => hir,
    }
}

fn is_start(hir: &Hir) -> bool {
    matches!(
        unwrap(hir).kind(),
        HirKind::Look(Look::Start | Look::StartLF | Look::StartCRLF)
    )
}

fn is_end(hir: &Hir) -> bool {
    matches!(
        unwrap(hir).kind(),
        HirKind::Look(Look::End | Look::EndLF | Look::EndCRLF)
    )
}

/// `(^|/)`: the start of the path or of a path component.
fn is_start_or_slash(hir: &Hir) -> bool {
    match unwrap(hir).kind() {
        HirKind::Alternation(alts) if alts.len() == 2 => {
            let slash = |h: &Hir| matches!(unwrap(h).kind(), HirKind::Literal(l) if &*l.0 == b"/");
            (is_start(&alts[0]) && slash(&alts[1])) || (slash(&alts[0]) && is_start(&alts[1]))
        }
        _ => false,
    }
}

/// A class of every byte (or every byte but a line break, which a path does not hold).
fn is_any(class: &Class) -> bool {
    match class {
        Class::Bytes(c) => {
            let count: usize = c
                .iter()
                .map(|r| usize::from(r.end()) - usize::from(r.start()) + 1)
                .sum();
            count >= 255
        }
        Class::Unicode(_) => false,
    }
}

fn literal(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '*' | '?' | '[' | ']' | '{' | '}' | '\\' | ',' => out.push_str(&format!("[{c}]")),
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The glob of one part of the regex; `alternates` allows `{a,b}` (globs do not nest them).
fn piece(hir: &Hir, alternates: bool) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(l) => literal(&l.0),
        HirKind::Capture(c) => piece(&c.sub, alternates),
        HirKind::Concat(items) => items.iter().map(|h| piece(h, alternates)).collect(),
        HirKind::Repetition(r) => match r.sub.kind() {
            HirKind::Class(c) if is_any(c) && r.max.is_none() => match r.min {
                0 => Some("*".into()),
                1 => Some("?*".into()),
                _ => None,
            },
            _ => None,
        },
        HirKind::Class(c) if is_any(c) => Some("?".into()),
        HirKind::Class(Class::Bytes(c)) => {
            let mut out = String::from("[");
            for range in c.iter() {
                for b in range.start()..=range.end() {
                    if !b.is_ascii_graphic() || b == b'[' || b == b']' || b == b'!' || b == b'-' {
                        return None;
                    }
                    out.push(b as char);
                }
            }
            (out.len() > 1 && out.len() <= 64).then(|| out + "]")
        }
        HirKind::Alternation(alts) if alternates => {
            let parts: Option<Vec<String>> = alts.iter().map(|h| piece(h, false)).collect();
            let parts = parts?;
            parts
                .iter()
                .all(|p| !p.is_empty())
                .then(|| format!("{{{}}}", parts.join(",")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::from_regex;

    #[test]
    fn exact_conversions() {
        let cases = [
            (r"^vendor/", "vendor/*"),
            (r"\.md$", "*.md"),
            (r"node_modules", "*node_modules*"),
            (r"(^|/)test/fixtures/", "**/test/fixtures/*"),
            (r"(.*?)(jpg|gif|pdf)$", "*{jpg,gif,pdf}"),
            (r"^go\.sum$", "go.sum"),
            (r"^docs/.+\.txt$", "docs/?*.txt"),
            (r"_test\.go$", "*_test.go"),
        ];
        for (regex, glob) in cases {
            assert_eq!(from_regex(regex).as_deref(), Some(glob), "{regex}");
        }
    }

    #[test]
    fn inexact_ones_are_refused() {
        for regex in [
            r"\btest\b",
            r"^a/(b|c)?/d$",
            r"^x{2,3}$",
            r"(",
            r"a\d+b",
            r"^$",
        ] {
            assert_eq!(from_regex(regex), None, "{regex}");
        }
    }

    #[test]
    fn converted_globs_match_what_the_regex_matches() {
        let pairs = [
            (
                r"(.*?)(jpg|gif|pdf)$",
                ["a/b.jpg", "x.pdf"],
                ["a/b.png", "jpg/x"],
            ),
            (
                r"(^|/)test/fixtures/",
                ["test/fixtures/a", "x/test/fixtures/b"],
                ["xtest/fixtures/a", "test/fixture"],
            ),
        ];
        for (regex, yes, no) in pairs {
            let glob = globset::Glob::new(&from_regex(regex).unwrap())
                .unwrap()
                .compile_matcher();
            let re = regex::Regex::new(regex).unwrap();
            for p in yes {
                assert!(glob.is_match(p) && re.is_match(p), "{regex} {p}");
            }
            for p in no {
                assert!(!glob.is_match(p) && !re.is_match(p), "{regex} {p}");
            }
        }
    }
}
