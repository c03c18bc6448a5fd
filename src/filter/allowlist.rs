//! Config allowlists: path globs, regexes on the secret or the line, stopwords; each global or
//! limited to some rules.

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// The YAML shape of one allowlist.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAllowlist {
    #[serde(default)]
    pub description: Option<String>,
    /// Rule ids it applies to; empty means every rule.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Regexes on the secret.
    #[serde(default)]
    pub secrets: Vec<Spanned<String>>,
    /// Regexes on the whole line.
    #[serde(default)]
    pub lines: Vec<Spanned<String>>,
    /// Words that, anywhere in the secret (ASCII case-insensitive), mark it as not a secret.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// A compiled allowlist.
pub struct Allowlist {
    pub description: Option<String>,
    /// Rule ids it applies to; empty means every rule.
    pub rules: Vec<String>,
    paths: GlobSet,
    has_paths: bool,
    secrets: Vec<Regex>,
    lines: Vec<Regex>,
    stopwords: Vec<String>,
    /// Everything that decides what it accepts, as text (for the history cache's key).
    canonical: String,
}

/// A problem in an allowlist entry, with the line it is on.
pub struct AllowlistError {
    pub line: u64,
    pub message: String,
}

impl Allowlist {
    pub fn compile(raw: RawAllowlist) -> Result<Allowlist, AllowlistError> {
        let mut globs = GlobSetBuilder::new();
        for p in &raw.paths {
            let glob = Glob::new(&p.value).map_err(|e| AllowlistError {
                line: p.referenced.line(),
                message: format!("invalid path glob {:?}: {}", p.value, e.kind()),
            })?;
            globs.add(glob);
            // `dir/` and `dir` both mean everything below the directory too.
            let below = format!("{}/**", p.value.trim_end_matches('/'));
            if let Ok(glob) = Glob::new(&below) {
                globs.add(glob);
            }
        }
        let regexes = |list: &[Spanned<String>], what: &str| {
            list.iter()
                .map(|r| {
                    Regex::new(&r.value).map_err(|e| AllowlistError {
                        line: r.referenced.line(),
                        message: format!(
                            "invalid {what} regex: {}",
                            match &e {
                                regex::Error::Syntax(text) =>
                                    crate::rules::pattern::describe_syntax(text),
                                other => format!("{:?}: {other}", r.value),
                            }
                        ),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let canonical = format!(
            "rules={:?} paths={:?} secrets={:?} lines={:?} stopwords={:?}",
            raw.rules.iter().map(|r| &r.value).collect::<Vec<_>>(),
            raw.paths.iter().map(|r| &r.value).collect::<Vec<_>>(),
            raw.secrets.iter().map(|r| &r.value).collect::<Vec<_>>(),
            raw.lines.iter().map(|r| &r.value).collect::<Vec<_>>(),
            raw.stopwords,
        );
        Ok(Allowlist {
            canonical,
            description: raw.description,
            rules: raw.rules.into_iter().map(|r| r.value).collect(),
            has_paths: !raw.paths.is_empty(),
            paths: globs.build().map_err(|e| AllowlistError {
                line: 0,
                message: format!("invalid path globs: {e}"),
            })?,
            secrets: regexes(&raw.secrets, "secret")?,
            lines: regexes(&raw.lines, "line")?,
            stopwords: raw
                .stopwords
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
        })
    }

    /// What the allowlist accepts, as text: equal texts accept the same findings.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    fn applies_to(&self, rule_id: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule_id)
    }

    /// Whether a whole path is allowlisted for every rule (so the file need not be read).
    pub fn skips_path(&self, path: &str) -> bool {
        self.rules.is_empty() && self.has_paths && self.paths.is_match(path)
    }

    /// Whether this allowlist accepts a finding.
    pub fn allows(&self, rule_id: &str, path: &str, secret: &[u8], line: &[u8]) -> bool {
        self.allows_given_line(rule_id, path, secret, self.matches_line(line))
    }

    /// Whether one of the line regexes matches `line` (asked once per line, however many
    /// findings it holds).
    pub fn matches_line(&self, line: &[u8]) -> bool {
        self.lines.iter().any(|r| r.is_match(line))
    }

    /// Whether this allowlist accepts a finding on a line that `matches_line` judged.
    pub fn allows_given_line(
        &self,
        rule_id: &str,
        path: &str,
        secret: &[u8],
        line_matches: bool,
    ) -> bool {
        if !self.applies_to(rule_id) {
            return false;
        }
        (self.has_paths && self.paths.is_match(path))
            || self.secrets.iter().any(|r| r.is_match(secret))
            || line_matches
            || self.stopwords.iter().any(|w| {
                secret.len() >= w.len()
                    && secret
                        .windows(w.len())
                        .any(|win| win.eq_ignore_ascii_case(w.as_bytes()))
            })
    }
}
