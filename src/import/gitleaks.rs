//! `leakhound import gitleaks`: a gitleaks config (`.gitleaks.toml`) to a `.leakhound.yml`.
//!
//! What maps: `[[rules]]` (id, description → name, regex → pattern, secretGroup → the group named
//! `secret`, keywords, entropy → min_entropy, path → path), the global `[allowlist]` /
//! `[[allowlists]]` and per-rule `[rules.allowlist]` / `[[rules.allowlists]]` (paths → globs where
//! a glob says exactly the same, regexes → `secrets` or `lines` by regexTarget, stopwords,
//! targetRules → `rules`), `[extend] disabledRules` → `disable` for ids leakhound has. What does
//! not (commits, AND conditions, path regexes without an exact glob, tags, path-only rules,
//! patterns our regex dialect rejects) is listed in the notes and, for rules, kept in the YAML as
//! a commented-out block. The result is checked by loading it as a config before it is returned.

use std::collections::{BTreeSet, HashSet};

use regex_syntax::ast::{self, Ast, GroupKind};
use toml::{Table, Value};

use super::{glob, yaml, ImportError};
use crate::config::Config;
use crate::rules::{self, check::MIN_KEYWORD_LEN, pattern};

/// A converted config.
pub struct Imported {
    /// The `.leakhound.yml` text.
    pub yaml: String,
    /// What could not be carried over, or was carried over differently: one sentence each.
    pub notes: Vec<String>,
    /// Rules converted (not counting commented-out ones).
    pub rules: usize,
    /// Allowlist entries converted.
    pub allowlists: usize,
}

struct Context {
    name: String,
    notes: Vec<String>,
    builtin: HashSet<String>,
}

impl Context {
    fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }
}

fn string(table: &Table, key: &str) -> Option<String> {
    table.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn number(table: &Table, key: &str) -> Option<f64> {
    match table.get(key)? {
        Value::Float(f) => Some(*f),
        Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// Keys of `table` that are not in `known`, for the notes.
fn unknown_keys(table: &Table, known: &[&str]) -> Vec<String> {
    table
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// A kebab-case id from a gitleaks id (which may hold capitals and underscores).
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Walks an AST and returns the `(` offset and name span of capture group `n`.
fn find_group(ast: &Ast, n: u32) -> Option<(usize, Option<ast::Span>)> {
    match ast {
        Ast::Group(g) => {
            let here = match &g.kind {
                GroupKind::CaptureIndex(i) if *i == n => Some((g.span.start.offset, None)),
                GroupKind::CaptureName { name, .. } if name.index == n => {
                    Some((g.span.start.offset, Some(name.span)))
                }
                _ => None,
            };
            here.or_else(|| find_group(&g.ast, n))
        }
        Ast::Repetition(r) => find_group(&r.ast, n),
        Ast::Alternation(a) => a.asts.iter().find_map(|x| find_group(x, n)),
        Ast::Concat(c) => c.asts.iter().find_map(|x| find_group(x, n)),
        _ => None,
    }
}

/// The pattern with its secret in a group leakhound reads: group `secret_group` renamed
/// `secret`, or the whole match wrapped in one when the pattern has no group.
fn secret_pattern(pattern: &str, secret_group: Option<i64>) -> Result<String, String> {
    let captures = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| pattern::describe_syntax(&e.to_string()))?
        .properties()
        .explicit_captures_len();
    match secret_group {
        Some(n) if n > 1 => {
            let n = u32::try_from(n).map_err(|_| format!("secretGroup {n} is out of range"))?;
            let ast = ast::parse::Parser::new()
                .parse(pattern)
                .map_err(|e| pattern::describe_syntax(&e.to_string()))?;
            let (open, name) = find_group(&ast, n).ok_or_else(|| {
                format!("secretGroup {n}, but the regex has {captures} capture groups")
            })?;
            Ok(match name {
                Some(span) => format!(
                    "{}secret{}",
                    &pattern[..span.start.offset],
                    &pattern[span.end.offset..]
                ),
                None => format!("{}?P<secret>{}", &pattern[..=open], &pattern[open + 1..]),
            })
        }
        _ if captures == 0 => Ok(format!("(?P<secret>{pattern})")),
        _ => Ok(pattern.to_string()),
    }
}

/// Whether leakhound's regex parser (bytes, Unicode classes off) reads `pattern`.
fn parses(pattern: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .is_ok()
}

/// A gitleaks (Go RE2) regex that leakhound's parser rejects, rewritten where RE2 syntax
/// explains it (`\Q...\E`, a literal `{`), with a note; else unchanged.
fn go_regex(cx: &mut Context, what: &str, regex: String) -> String {
    if parses(&regex) {
        return regex;
    }
    match super::re2::translate(&regex) {
        Some((rewritten, changes)) if parses(&rewritten) => {
            cx.note(format!(
                "{what}: regex {} rewritten as {} ({} in Go's RE2 syntax)",
                yaml::scalar(&regex),
                yaml::scalar(&rewritten),
                changes.join(", ")
            ));
            rewritten
        }
        _ => regex,
    }
}

/// One allowlist entry, as YAML lines (`  - description: ...`).
struct Allow {
    lines: Vec<String>,
}

/// Converts one gitleaks allowlist; `rules` are the leakhound ids it is limited to (empty:
/// every rule). `None` when nothing of it can be carried over safely.
fn allowlist(cx: &mut Context, table: &Table, what: &str, rules: &[String]) -> Option<Allow> {
    let unknown = unknown_keys(
        table,
        &[
            "description",
            "condition",
            "commits",
            "paths",
            "regexTarget",
            "regexes",
            "stopwords",
            "targetRules",
        ],
    );
    if !unknown.is_empty() {
        cx.note(format!(
            "{what}: unknown keys {} ignored",
            unknown.join(", ")
        ));
    }
    let commits = strings(table, "commits");
    if !commits.is_empty() {
        cx.note(format!(
            "{what}: {} not carried over (leakhound allowlists have no commits): accept the findings of those commits with a baseline (`leakhound baseline create --git`)",
            if commits.len() == 1 {
                "1 commit id".to_string()
            } else {
                format!("{} commit ids", commits.len())
            }
        ));
    }
    let path_regexes = strings(table, "paths");
    let regexes = strings(table, "regexes");
    let stopwords = strings(table, "stopwords");
    let kinds = [&path_regexes, &regexes, &stopwords]
        .iter()
        .filter(|k| !k.is_empty())
        .count()
        + usize::from(!commits.is_empty());
    if string(table, "condition").is_some_and(|c| c.eq_ignore_ascii_case("and")) && kinds > 1 {
        cx.note(format!(
            "{what}: condition = \"AND\" is not carried over: a leakhound allowlist entry allows a finding when any of its criteria matches, so the entry would hide more than it did; split it, or use a baseline"
        ));
        return None;
    }
    let mut paths = Vec::new();
    for regex in &path_regexes {
        match glob::from_regex(regex) {
            Some(g) => paths.push(g),
            None => cx.note(format!(
                "{what}: path regex {} has no exact glob; not carried over (write a glob by hand under `paths:`)",
                yaml::scalar(regex)
            )),
        }
    }
    let target = string(table, "regexTarget").unwrap_or_else(|| "secret".into());
    let mut secrets = Vec::new();
    let mut lines = Vec::new();
    for regex in regexes {
        let regex = go_regex(cx, what, regex);
        if let Err(e) = regex::bytes::Regex::new(&regex) {
            let message = match &e {
                regex::Error::Syntax(t) => pattern::describe_syntax(t),
                other => other.to_string(),
            };
            cx.note(format!(
                "{what}: regex {} does not compile in leakhound's dialect; not carried over: {message}",
                yaml::scalar(&regex)
            ));
            continue;
        }
        match target.as_str() {
            "line" => lines.push(regex),
            "match" => {
                lines.push(regex);
            }
            _ => secrets.push(regex),
        }
    }
    if target == "match" && !lines.is_empty() {
        cx.note(format!(
            "{what}: regexTarget = \"match\" became `lines:` (leakhound matches these regexes against the whole line, which holds the match)"
        ));
    }
    if paths.is_empty() && secrets.is_empty() && lines.is_empty() && stopwords.is_empty() {
        return None;
    }
    let description = string(table, "description").unwrap_or_else(|| what.to_string());
    let mut out = vec![format!("  - description: {}", yaml::scalar(&description))];
    if !rules.is_empty() {
        out.push(format!("    rules: {}", yaml::list(rules)));
    }
    for (key, values) in [
        ("paths", &paths),
        ("secrets", &secrets),
        ("lines", &lines),
        ("stopwords", &stopwords),
    ] {
        if !values.is_empty() {
            out.push(format!("    {key}:"));
            for v in values {
                out.push(format!("      - {}", yaml::scalar(v)));
            }
        }
    }
    Some(Allow { lines: out })
}

/// The allowlists of a table: `allowlist` (one table, older gitleaks) and `allowlists` (a list).
fn allowlist_tables(table: &Table) -> Vec<&Table> {
    let mut out = Vec::new();
    if let Some(t) = table.get("allowlist").and_then(Value::as_table) {
        out.push(t);
    }
    if let Some(list) = table.get("allowlists").and_then(Value::as_array) {
        out.extend(list.iter().filter_map(Value::as_table));
    }
    out
}

/// A converted rule: its YAML lines, and whether it is active or kept commented out.
struct RuleOut {
    lines: Vec<String>,
    active: bool,
}

fn rule(cx: &mut Context, table: &Table, id: &str, tags: &mut usize) -> RuleOut {
    let unknown = unknown_keys(
        table,
        &[
            "id",
            "description",
            "regex",
            "secretGroup",
            "entropy",
            "path",
            "keywords",
            "tags",
            "allowlist",
            "allowlists",
        ],
    );
    if !unknown.is_empty() {
        cx.note(format!(
            "rule `{id}`: {} not carried over (leakhound rules have no such fields)",
            unknown.join(", ")
        ));
    }
    if !strings(table, "tags").is_empty() {
        *tags += 1;
    }
    let name = string(table, "description").unwrap_or_else(|| id.to_string());
    let mut lines = vec![
        format!("  - id: {}", yaml::scalar(id)),
        format!("    name: {}", yaml::scalar(&name)),
    ];
    let mut problems = Vec::new();
    let regex = string(table, "regex").map(|r| go_regex(cx, &format!("rule `{id}`"), r));
    let path = string(table, "path");
    match (&regex, &path) {
        (None, Some(_)) => problems.push(
            "it matches files by path alone (gitleaks reports the file itself); a leakhound rule finds a secret inside a file, so give it a pattern".to_string(),
        ),
        (None, None) => problems.push("it has no regex".to_string()),
        _ => {}
    }
    let group = table.get("secretGroup").and_then(Value::as_integer);
    let mut keywords = Vec::new();
    for k in strings(table, "keywords") {
        if k.len() < MIN_KEYWORD_LEN {
            cx.note(format!(
                "rule `{id}`: keyword {} dropped (leakhound keywords are at least {MIN_KEYWORD_LEN} bytes)",
                yaml::scalar(&k)
            ));
        } else {
            keywords.push(k);
        }
    }
    if keywords.is_empty() && path.is_none() && regex.is_some() {
        problems.push(format!(
            "it has no keyword of {MIN_KEYWORD_LEN}+ characters; leakhound runs a rule's regex only near one of its keywords (a literal its matches contain): add `keywords:`"
        ));
    }
    if !keywords.is_empty() {
        lines.push(format!("    keywords: {}", yaml::list(&keywords)));
    }
    if let Some(regex) = &regex {
        match secret_pattern(regex, group) {
            Ok(p) => {
                if let Err(e) = pattern::compile_pattern(&p) {
                    problems.push(format!(
                        "its regex does not compile in leakhound's dialect (bytes, Unicode classes off): {}",
                        pattern::describe_error(&e)
                    ));
                }
                if p != *regex && group.is_some_and(|g| g > 1) {
                    lines.push(format!(
                        "    # secretGroup {} became the group named `secret`",
                        group.unwrap_or_default()
                    ));
                }
                lines.push(format!("    pattern: {}", yaml::scalar(&p)));
            }
            Err(e) => {
                problems.push(format!("its regex cannot be converted: {e}"));
                lines.push(format!("    pattern: {}", yaml::scalar(regex)));
            }
        }
    }
    if let Some(e) = number(table, "entropy") {
        lines.push(format!("    min_entropy: {e}"));
    }
    if let Some(p) = &path {
        if regex.is_some() {
            if let Err(e) = pattern::compile_path_patterns(&[p.as_str()]) {
                problems.push(format!(
                    "its path regex does not compile: {}",
                    pattern::describe_error(&e)
                ));
            }
            lines.push(format!("    path: {}", yaml::scalar(p)));
        }
    }
    lines.push(
        "    # severity and remediation: defaults (medium, a generic text); set them, and add examples for `leakhound rules check`"
            .to_string(),
    );
    let active = problems.is_empty() && {
        // The rule must load as leakhound loads a config's rules.
        let text = format!("rules:\n{}\n", lines.join("\n"));
        match Config::parse(&cx.name, &text) {
            Ok(_) => true,
            Err(e) => {
                problems.push(yaml::comment(&e.to_string()));
                false
            }
        }
    };
    for p in &problems {
        cx.note(format!("rule `{id}` is commented out: {p}"));
    }
    RuleOut { lines, active }
}

/// Converts gitleaks config text; `name` is the file's name for messages.
pub fn import_gitleaks(text: &str, name: &str) -> Result<Imported, ImportError> {
    let table: Table = toml::from_str(text).map_err(|e| ImportError::Toml {
        path: name.to_string(),
        message: e.to_string().trim().to_string(),
    })?;
    let builtin: HashSet<String> = rules::load_embedded()
        .map(|r| r.into_iter().map(|r| r.id).collect())
        .unwrap_or_default();
    let mut cx = Context {
        name: name.to_string(),
        notes: Vec::new(),
        builtin,
    };
    let unknown = unknown_keys(
        &table,
        &[
            "title",
            "description",
            "minVersion",
            "extend",
            "rules",
            "allowlist",
            "allowlists",
        ],
    );
    if !unknown.is_empty() {
        cx.note(format!(
            "unknown top-level keys ignored: {}",
            unknown.join(", ")
        ));
    }

    let mut disable = Vec::new();
    match table.get("extend").and_then(Value::as_table) {
        Some(extend) => {
            if extend.get("useDefault").and_then(Value::as_bool) == Some(true) {
                cx.note("[extend] useDefault: gitleaks' default rules correspond to leakhound's built-in pack, which is always on (`leakhound rules list`; the ids differ)");
            }
            if let Some(path) = string(extend, "path") {
                cx.note(format!(
                    "[extend] path = {}: run `leakhound import gitleaks` on that file too and merge its rules",
                    yaml::scalar(&path)
                ));
            }
            if extend.contains_key("url") {
                cx.note("[extend] url: not fetched; import that config separately");
            }
            for id in strings(extend, "disabledRules") {
                if cx.builtin.contains(&id) {
                    disable.push(id);
                } else {
                    cx.note(format!(
                        "[extend] disabledRules: `{id}` is a gitleaks rule id that leakhound does not have; find its counterpart with `leakhound rules list` and add it to `disable:` if you want it off"
                    ));
                }
            }
        }
        None => {
            if table.contains_key("rules") {
                cx.note("this config replaces gitleaks' default rules (no [extend] useDefault); leakhound's built-in pack stays on: turn rules off with `disable:`");
            }
        }
    }

    // Rules: ids made kebab-case and kept clear of the built-in pack's.
    let mut used: HashSet<String> = HashSet::new();
    let mut rules_out = Vec::new();
    let mut ids = Vec::new();
    let mut tags = 0;
    let mut rule_allowlists = Vec::new();
    let empty = Vec::new();
    let raw_rules = table
        .get("rules")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for (n, value) in raw_rules.iter().enumerate() {
        let Some(rule_table) = value.as_table() else {
            cx.note(format!("rules[{n}] is not a table; skipped"));
            continue;
        };
        let Some(original) = string(rule_table, "id") else {
            cx.note(format!("rules[{n}] has no id; skipped"));
            continue;
        };
        let mut id = kebab(&original);
        if id.is_empty() {
            id = format!("imported-rule-{}", n + 1);
        }
        if cx.builtin.contains(&id) {
            id = format!("custom-{id}");
        }
        let base = id.clone();
        let mut k = 2;
        while used.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        used.insert(id.clone());
        if id != original {
            cx.note(format!("rule `{original}` is `{id}` in leakhound (ids are kebab-case and distinct from the built-in pack's)"));
        }
        let converted = rule(&mut cx, rule_table, &id, &mut tags);
        if converted.active {
            ids.push((original.clone(), id.clone()));
        }
        for (i, allow) in allowlist_tables(rule_table).into_iter().enumerate() {
            rule_allowlists.push((id.clone(), converted.active, i, allow.clone()));
        }
        rules_out.push(converted);
    }
    if tags > 0 {
        cx.note(format!(
            "tags dropped on {tags} {} (leakhound has no tags; `severity:` ranks findings)",
            if tags == 1 { "rule" } else { "rules" }
        ));
    }

    // Allowlists: the global ones first, then each rule's.
    let mut allows = Vec::new();
    for (i, allow) in allowlist_tables(&table).into_iter().enumerate() {
        let what = format!("global allowlist {}", i + 1);
        let targets = strings(allow, "targetRules");
        let mut rules = Vec::new();
        for t in &targets {
            if let Some((_, id)) = ids.iter().find(|(o, _)| o == t) {
                rules.push(id.clone());
            } else if cx.builtin.contains(t) {
                rules.push(t.clone());
            } else {
                cx.note(format!(
                    "{what}: targetRules `{t}` is not a rule leakhound has"
                ));
            }
        }
        if !targets.is_empty() && rules.is_empty() {
            cx.note(format!(
                "{what} is not carried over: none of its targetRules exists in leakhound, and without them it would apply to every rule"
            ));
            continue;
        }
        if let Some(a) = allowlist(&mut cx, allow, &what, &rules) {
            allows.push(a);
        }
    }
    for (id, active, i, allow) in rule_allowlists {
        let what = format!("rule `{id}` allowlist {}", i + 1);
        if !active {
            cx.note(format!(
                "{what} is not carried over: its rule is commented out"
            ));
            continue;
        }
        if let Some(a) = allowlist(&mut cx, &allow, &what, std::slice::from_ref(&id)) {
            allows.push(a);
        }
    }

    // The YAML.
    let mut out = vec![
        format!(
            "# Converted from {} by `leakhound import gitleaks` (leakhound {}).",
            yaml::comment(name),
            env!("CARGO_PKG_VERSION")
        ),
        "# leakhound's built-in rules are always on; this file adds to them (see `leakhound rules list`).".to_string(),
    ];
    let active_rules = rules_out.iter().filter(|r| r.active).count();
    if !rules_out.is_empty() {
        out.push(String::new());
        out.push(
            if active_rules > 0 {
                "rules:"
            } else {
                "# rules:"
            }
            .to_string(),
        );
        for r in &rules_out {
            for line in &r.lines {
                if r.active {
                    out.push(line.clone());
                } else {
                    out.push(format!("#{line}"));
                }
            }
        }
    }
    if !allows.is_empty() {
        out.push(String::new());
        out.push("allowlists:".to_string());
        for a in &allows {
            out.extend(a.lines.iter().cloned());
        }
    }
    if !disable.is_empty() {
        out.push(String::new());
        out.push(format!("disable: {}", yaml::list(&disable)));
    }
    let yaml = out.join("\n") + "\n";

    // The whole file must load as a config, with every rule id it names known.
    let config = Config::parse(name, &yaml).map_err(|e| ImportError::Toml {
        path: name.to_string(),
        message: format!("the converted config does not load (a leakhound bug): {e}"),
    })?;
    let mut all: Vec<rules::Rule> = rules::load_embedded().unwrap_or_default();
    all.extend(config.rules.iter().cloned());
    if let Err(e) = config.check_rule_ids(&all) {
        return Err(ImportError::Toml {
            path: name.to_string(),
            message: format!("the converted config does not load (a leakhound bug): {e}"),
        });
    }
    let notes: Vec<String> = {
        let mut seen = BTreeSet::new();
        cx.notes
            .into_iter()
            .filter(|n| seen.insert(n.clone()))
            .collect()
    };
    Ok(Imported {
        yaml,
        notes,
        rules: active_rules,
        allowlists: allows.len(),
    })
}

/// What a `.gitleaksignore` holds and what to do instead, one line each (for stderr).
pub fn explain_gitleaksignore(text: &str, name: &str) -> Vec<String> {
    let entries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if entries.is_empty() {
        return vec![format!("{name}: no entries")];
    }
    let mut history = 0;
    let mut described = Vec::new();
    for entry in &entries {
        // commit:file:rule:line (history) or file:rule:line (files); a path may hold colons.
        let mut parts = entry.rsplitn(3, ':');
        let (line, rule, rest) = (parts.next(), parts.next(), parts.next());
        let (commit, file) = match rest.and_then(|r| r.split_once(':')) {
            Some((c, f)) if c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit()) => {
                history += 1;
                (Some(c), f)
            }
            _ => (None, rest.unwrap_or("")),
        };
        if described.len() < 10 {
            described.push(format!(
                "  {}:{} (gitleaks rule {}{})",
                yaml::comment(file),
                line.unwrap_or("?"),
                yaml::comment(rule.unwrap_or("?")),
                commit.map_or(String::new(), |c| format!(
                    ", commit {}",
                    &c[..c.len().min(12)]
                ))
            ));
        }
    }
    let mut out = vec![format!(
        "{name}: {} {} ({history} from git history, {} from files). Each is a gitleaks fingerprint bound to a file, a rule id and a line (and for history, a commit); leakhound cannot convert them: its fingerprints hash the secret itself (so they survive line moves), and its rule ids differ.",
        entries.len(),
        if entries.len() == 1 { "entry" } else { "entries" },
        entries.len() - history
    )];
    out.extend(described);
    if entries.len() > 10 {
        out.push(format!("  … and {} more", entries.len() - 10));
    }
    out.push("To accept these findings in leakhound, review them, then record a baseline: `leakhound baseline create .leakhound-baseline.json` (files; add --git for history) and scan with `--baseline .leakhound-baseline.json`. A false positive can also carry a `leakhound:allow` (or `gitleaks:allow`) comment on its line.".to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_groups_become_the_named_group() {
        assert_eq!(
            secret_pattern(r"(key)=(\w+)", Some(2)).unwrap(),
            r"(key)=(?P<secret>\w+)"
        );
        assert_eq!(
            secret_pattern(r"(key)=(?P<val>\w+)", Some(2)).unwrap(),
            r"(key)=(?P<secret>\w+)"
        );
        assert_eq!(
            secret_pattern(r"ab_\w{8}", None).unwrap(),
            r"(?P<secret>ab_\w{8})"
        );
        assert_eq!(
            secret_pattern(r"(ab_\w{8})", Some(1)).unwrap(),
            r"(ab_\w{8})"
        );
        assert!(secret_pattern(r"(a)", Some(3)).is_err());
    }

    #[test]
    fn ids_become_kebab_case() {
        assert_eq!(kebab("My_Custom Rule"), "my-custom-rule");
        assert_eq!(kebab("acme-api-key"), "acme-api-key");
    }
}
