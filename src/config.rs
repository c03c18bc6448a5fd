//! The user's `.leakhound.yml`: extra rules, disabled rules, allowlists and limits. Found at the
//! scan root or the repository root automatically; `--config FILE` names one instead.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::filter::allowlist::{Allowlist, AllowlistError, RawAllowlist};
use crate::rules::{self, check, RawRule, Rule, RuleError};

/// The file name looked for at the scan or repository root.
pub const FILE_NAME: &str = ".leakhound.yml";

/// A loaded, validated config.
#[derive(Default)]
pub struct Config {
    /// Where it came from, for messages.
    pub path: Option<PathBuf>,
    pub rules: Vec<Rule>,
    pub disable: Vec<String>,
    pub allowlists: Vec<Allowlist>,
    pub max_file_size: Option<u64>,
    /// The directory that allowlist path globs (and fingerprints of files on disk) are relative
    /// to: the top of the repository around the scan root, else the discovered config's
    /// directory. `None` when neither applies: paths are then taken as displayed.
    pub root: Option<PathBuf>,
    /// Every rule id the file names (`disable`, allowlist `rules`), with its line, so that a
    /// typo is an error once the whole rule set is known.
    rule_refs: Vec<RuleRef>,
}

/// A rule id named in the config, with where.
struct RuleRef {
    id: String,
    line: u64,
    key: &'static str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
    #[serde(default)]
    max_file_size: Option<Spanned<String>>,
}

/// A config problem, naming the file and line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{message}")]
    Yaml { message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl Config {
    /// Loads `explicit`, or else the first `.leakhound.yml` found at `root` or above it, up to
    /// the enclosing repository's top. No file found means an empty config.
    pub fn discover(explicit: Option<&Path>, root: &Path) -> Result<Config, ConfigError> {
        let start = if root.is_dir() {
            root.to_path_buf()
        } else {
            root.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let start = std::fs::canonicalize(&start).unwrap_or(start);
        let repo_top = start.ancestors().find(|dir| dir.join(".git").exists());
        if let Some(path) = explicit {
            let mut config = Config::load(path)?;
            config.root = repo_top.map(Path::to_path_buf);
            return Ok(config);
        }
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            // Anything by that name counts: one that is not a readable regular file (a link to
            // a device, a directory) is an error, not a silently missing config.
            if candidate.symlink_metadata().is_ok() {
                let mut config = Config::load(&candidate)?;
                config.root = Some(repo_top.unwrap_or(dir).to_path_buf());
                return Ok(config);
            }
            if Some(dir) == repo_top {
                break;
            }
        }
        Ok(Config {
            root: repo_top.map(Path::to_path_buf),
            ..Config::default()
        })
    }

    /// Checks that every rule id the config names exists in `rules` (the built-in pack plus the
    /// config's own rules), so a typo in `disable` or an allowlist is not silently ignored.
    pub fn check_rule_ids<'a>(
        &self,
        rules: impl IntoIterator<Item = &'a Rule>,
    ) -> Result<(), ConfigError> {
        let known: std::collections::HashSet<&str> =
            rules.into_iter().map(|r| r.id.as_str()).collect();
        for r in &self.rule_refs {
            if !known.contains(r.id.as_str()) {
                let name = self
                    .path
                    .as_ref()
                    .map_or_else(|| "config".to_string(), |p| p.display().to_string());
                return Err(ConfigError::Invalid {
                    path: format!("{name}:{}", r.line),
                    message: format!(
                        "{}: no rule with id `{}` (`leakhound rules list` shows them all)",
                        r.key, r.id
                    ),
                });
            }
        }
        Ok(())
    }

    /// Loads and validates one config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text =
            crate::fsio::read_limited(path, crate::fsio::MAX_CONFIG_BYTES).map_err(|source| {
                ConfigError::Read {
                    path: name.clone(),
                    source,
                }
            })?;
        let mut config = Config::parse(&name, &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text; `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        let invalid = |line: u64, message: String| ConfigError::Invalid {
            path: if line > 0 {
                format!("{name}:{line}")
            } else {
                name.to_string()
            },
            message,
        };
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let raw: RawConfig = serde_saphyr::from_str(text).map_err(|e| ConfigError::Yaml {
            message: rules::yaml_error(name, &e.to_string()),
        })?;
        let rules: Vec<Rule> = raw.rules.into_iter().map(|r| r.into_rule(name)).collect();
        for rule in &rules {
            check::validate(rule, true)?;
        }
        check::unique_ids(&rules)?;
        let max_file_size = match raw.max_file_size {
            None => None,
            Some(s) => Some(parse_size(&s.value).ok_or_else(|| {
                invalid(
                    s.referenced.line(),
                    format!(
                        "max_file_size: {:?} is not a size such as 10MiB or 500k",
                        s.value
                    ),
                )
            })?),
        };
        let mut rule_refs: Vec<RuleRef> = raw
            .disable
            .iter()
            .map(|d| RuleRef {
                id: d.value.clone(),
                line: d.referenced.line(),
                key: "disable",
            })
            .collect();
        let mut allowlists = Vec::new();
        for raw_list in raw.allowlist.into_iter().chain(raw.allowlists) {
            rule_refs.extend(raw_list.rules.iter().map(|r| RuleRef {
                id: r.value.clone(),
                line: r.referenced.line(),
                key: "allowlist rules",
            }));
            allowlists.push(
                Allowlist::compile(raw_list)
                    .map_err(|AllowlistError { line, message }| invalid(line, message))?,
            );
        }
        Ok(Config {
            path: None,
            rules,
            disable: raw.disable.into_iter().map(|s| s.value).collect(),
            allowlists,
            max_file_size,
            root: None,
            rule_refs,
        })
    }
}

/// What a change to a config adds to suppression, in words: rules it disables, allowlists it adds
/// or changes, a lower `max_file_size`. `base` is the config in effect (`--config-from`), `change`
/// the config as the change has it; either may be empty (no file). New rules are not listed: they
/// only add findings. `default_max` is the size limit when a config sets none.
pub fn added_suppression(base: &str, change: &str, default_max: u64) -> Vec<String> {
    let parse = |text: &str| -> Result<serde_json::Value, String> {
        if text.trim().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    };
    let base = parse(base).unwrap_or(serde_json::Value::Null);
    let change = match parse(change) {
        Ok(v) => v,
        Err(e) => {
            let first = e.lines().next().unwrap_or("").to_string();
            return vec![format!("the change's config cannot be read ({first})")];
        }
    };
    let list = |doc: &serde_json::Value, key: &str| -> Vec<serde_json::Value> {
        match doc.get(key) {
            Some(serde_json::Value::Array(items)) => items.clone(),
            Some(serde_json::Value::Null) | None => Vec::new(),
            Some(item) => vec![item.clone()],
        }
    };
    let allowlists = |doc: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut all = list(doc, "allowlist");
        all.extend(list(doc, "allowlists"));
        all
    };
    let mut out = Vec::new();
    let disabled = list(&base, "disable");
    for rule in list(&change, "disable") {
        if !disabled.contains(&rule) {
            let id = rule
                .as_str()
                .map_or_else(|| rule.to_string(), str::to_string);
            out.push(format!("disables rule {id}"));
        }
    }
    let kept = allowlists(&base);
    for allowlist in allowlists(&change) {
        if !kept.contains(&allowlist) {
            out.push(format!("adds allowlist {allowlist}"));
        }
    }
    let size = |doc: &serde_json::Value| {
        doc.get("max_file_size").and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let limit = |text: &Option<String>| text.as_deref().map_or(Some(default_max), parse_size);
    let (old, new) = (size(&base), size(&change));
    if new.is_some() && old != new {
        if let (Some(a), Some(b)) = (limit(&old), limit(&new)) {
            if b < a {
                out.push(format!(
                    "lowers max_file_size to {} (was {}): larger files are not scanned",
                    new.as_deref().unwrap_or(""),
                    old.as_deref().unwrap_or("the default")
                ));
            }
        }
    }
    out
}

/// Parses `10MiB`, `10M`, `500k`, `1048576`: binary units, case-insensitive, optional `B`/`iB`.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_lowercase();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let number: u64 = t[..digits].parse().ok()?;
    let unit = t[digits..].trim();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(unit);
    let factor: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MiB"), Some(10 << 20));
        assert_eq!(parse_size("10m"), Some(10 << 20));
        assert_eq!(parse_size("500k"), Some(500 << 10));
        assert_eq!(parse_size("42"), Some(42));
        assert_eq!(parse_size("1GB"), Some(1 << 30));
        assert_eq!(parse_size("ten"), None);
        assert_eq!(parse_size("5 parsecs"), None);
    }

    #[test]
    fn added_suppression_lists_what_a_change_adds() {
        let base = "disable: [a]\nallowlist:\n  paths: ['vendor/**']\n";
        let change = "disable: [a, b]\nallowlists:\n  - paths: ['vendor/**']\n  - paths: ['**']\n  - stopwords: [x]\nmax_file_size: \"1\"\n";
        let added = added_suppression(base, change, 10 << 20);
        assert_eq!(added.len(), 4, "{added:?}");
        assert_eq!(added[0], "disables rule b");
        assert!(
            added[1].contains("**") && added[2].contains("stopwords"),
            "{added:?}"
        );
        assert!(
            added[3].starts_with("lowers max_file_size to 1"),
            "{added:?}"
        );
        // Nothing added: removals, new rules and a larger size are not suppression.
        assert!(added_suppression(change, base, 10 << 20).is_empty());
        assert!(added_suppression("", "max_file_size: 20MiB\n", 10 << 20).is_empty());
        assert_eq!(added_suppression("", change, 10 << 20).len(), 6);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = Config::parse("c.yml", "disable: [a]\nallowlist:\n  pathz: [x]\n")
            .err()
            .unwrap();
        let text = err.to_string();
        assert!(text.starts_with("c.yml"), "{text}");
        assert!(text.contains("pathz"), "{text}");
    }

    #[test]
    fn invalid_glob_and_regex_name_their_line() {
        let err = Config::parse("c.yml", "allowlist:\n  paths:\n    - 'a/[b'\n")
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("c.yml:3:"), "{err}");
        let err = Config::parse("c.yml", "allowlists:\n  - secrets: ['(x']\n")
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("c.yml:2:"), "{err}");
    }
}
