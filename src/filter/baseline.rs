//! Baselines: a file of accepted findings, by fingerprint only (never the secret), sorted and free
//! of timestamps and line numbers so it never causes merge conflicts.

use std::{collections::BTreeMap, path::Path};

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Fingerprint};

/// The format marker and version written into every baseline.
const FORMAT: &str = "leakhound-baseline/1";

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: Fingerprint,
    pub rule: String,
    pub path: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Default)]
pub struct Baseline {
    entries: BTreeMap<Fingerprint, Entry>,
}

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a leakhound baseline: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Baseline {
    /// Reads a baseline written by `leakhound baseline create`.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text =
            crate::fsio::read_limited(path, crate::fsio::MAX_BASELINE_BYTES).map_err(|source| {
                BaselineError::Read {
                    path: name.clone(),
                    source,
                }
            })?;
        Baseline::parse(&name, &text)
    }

    /// Parses a baseline's text; `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<Baseline, BaselineError> {
        let name = name.to_string();
        let file: File = serde_json::from_str(text).map_err(|e| BaselineError::Invalid {
            path: name.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Err(BaselineError::Invalid {
                path: name,
                line: 1,
                column: 1,
                message: format!("format is {:?}, expected {FORMAT:?}", file.format),
            });
        }
        Ok(Baseline {
            entries: file
                .findings
                .into_iter()
                .map(|e| (e.fingerprint.clone(), e))
                .collect(),
        })
    }

    /// Builds a baseline accepting these findings.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline::from_findings_with_paths(findings, |p| p.to_string())
    }

    /// Like `from_findings`, recording each path as `project_path` maps it (relative to the
    /// repository, so the file is the same whatever directory it was created from).
    pub fn from_findings_with_paths(
        findings: &[Finding],
        project_path: impl Fn(&str) -> String,
    ) -> Baseline {
        Baseline {
            entries: findings
                .iter()
                .map(|f| {
                    (
                        f.fingerprint.clone(),
                        Entry {
                            fingerprint: f.fingerprint.clone(),
                            rule: f.rule_id.clone(),
                            path: project_path(&f.path),
                        },
                    )
                })
                .collect(),
        }
    }

    /// The baseline as the JSON text written to disk: sorted by fingerprint, one entry a line.
    pub fn to_json(&self) -> String {
        let file = File {
            format: FORMAT.to_string(),
            findings: self.entries.values().cloned().collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn contains(&self, fingerprint: &Fingerprint) -> bool {
        self.entries.contains_key(fingerprint)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries that match none of `seen`.
    pub fn stale<'a>(
        &'a self,
        seen: &'a std::collections::HashSet<Fingerprint>,
    ) -> impl Iterator<Item = &'a Entry> {
        self.entries
            .values()
            .filter(move |e| !seen.contains(&e.fingerprint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_foreign_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, "[{\"Fingerprint\": \"x\"}]").unwrap();
        let err = Baseline::load(&path).err().unwrap().to_string();
        assert!(err.contains("not a leakhound baseline"), "{err}");
        std::fs::write(&path, "{\"format\": \"other/1\", \"findings\": []}").unwrap();
        assert!(Baseline::load(&path).is_err());
    }
}
