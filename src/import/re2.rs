//! Go RE2 syntax that leakhound's regex dialect reads differently or not at all, rewritten:
//! `\Q...\E` (a quoted literal) becomes the escaped literal, and a `{` that does not start a
//! repetition (`{n}`, `{n,}`, `{n,m}`; RE2 reads any other `{` as a literal, e.g. `\${` or
//! `{{`) becomes `\{`. Everything else passes through unchanged.

/// The pattern with RE2-only syntax rewritten, and what was rewritten (for the notes); `None`
/// when nothing needed it.
pub fn translate(pattern: &str) -> Option<(String, Vec<&'static str>)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut what = Vec::new();
    let mut class = 0usize; // depth of `[` character classes
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if class == 0 && chars.get(i + 1) == Some(&'Q') => {
                let start = i + 2;
                let mut end = start;
                while end < chars.len() && !(chars[end] == '\\' && chars.get(end + 1) == Some(&'E'))
                {
                    end += 1;
                }
                let literal: String = chars[start..end].iter().collect();
                out.push_str(&regex_syntax::escape(&literal));
                if !what.contains(&"\\Q...\\E") {
                    what.push("\\Q...\\E");
                }
                i = (end + 2).min(chars.len());
                continue;
            }
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
                continue;
            }
            '[' if class > 0 && chars.get(i + 1) == Some(&':') => {
                // A POSIX class such as [:alpha:], copied whole.
                if let Some(len) = chars[i..].windows(2).position(|w| w == [':', ']']) {
                    out.extend(&chars[i..i + len + 2]);
                    i += len + 2;
                    continue;
                }
                out.push(c);
            }
            '[' => {
                class += 1;
                out.push(c);
                // `[]...]` and `[^]...]`: a leading `]` is a literal.
                let mut j = i + 1;
                if chars.get(j) == Some(&'^') {
                    out.push('^');
                    j += 1;
                }
                if class == 1 && chars.get(j) == Some(&']') {
                    out.push_str("\\]");
                    j += 1;
                }
                i = j;
                continue;
            }
            ']' if class > 0 => {
                class -= 1;
                out.push(c);
            }
            '{' if class == 0 && (!repetition(&chars[i..]) || at_start(&out)) => {
                out.push_str("\\{");
                if !what.contains(&"a literal `{`") {
                    what.push("a literal `{`");
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    (!what.is_empty()).then_some((out, what))
}

/// Whether `rest` (starting at `{`) is a counted repetition: `{n}`, `{n,}` or `{n,m}`.
fn repetition(rest: &[char]) -> bool {
    let mut i = 1;
    let digits = |i: &mut usize| {
        let from = *i;
        while rest.get(*i).is_some_and(|c| c.is_ascii_digit()) {
            *i += 1;
        }
        *i > from
    };
    if !digits(&mut i) {
        return false;
    }
    if rest.get(i) == Some(&',') {
        i += 1;
        digits(&mut i);
    }
    rest.get(i) == Some(&'}')
}

/// Whether a `{` here has nothing to repeat (start of the pattern, of a group or of a branch).
fn at_start(out: &str) -> bool {
    out.is_empty() || out.ends_with('(') || (out.ends_with('|') && !out.ends_with("\\|"))
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn quoted_literals_and_literal_braces() {
        assert_eq!(
            translate(r"\Qapi.key+\E=(\w+)").unwrap().0,
            r"api\.key\+=(\w+)"
        );
        assert_eq!(
            translate(r"password\s*=\s*\${([a-z]{3,})}").unwrap().0,
            r"password\s*=\s*\$\{([a-z]{3,})}"
        );
        assert_eq!(translate(r"{{token}}").unwrap().0, r"\{\{token}}");
        // Nothing to do: valid repetitions, escaped braces, braces in classes, POSIX classes.
        for same in [
            r"a{2}b{1,}c{3,4}",
            r"\{x\}",
            r"[{}]+",
            r"[[:alpha:]{]",
            r"[]{]",
            r"(?i)key_[a-z0-9]{32}",
        ] {
            assert_eq!(translate(same), None, "{same}");
        }
    }

    #[test]
    fn translated_patterns_compile_where_the_originals_do_not() {
        for re2 in [r"\Qa.b\E(x)", r"v=\${(\w+)}", r"x{y}"] {
            assert!(regex::Regex::new(re2).is_err(), "{re2}");
            let (rust, _) = translate(re2).unwrap();
            assert!(regex::Regex::new(&rust).is_ok(), "{re2} -> {rust}");
        }
    }
}
