//! The library's error type: everything that ends a scan with exit code 2.

use crate::{config::ConfigError, filter::baseline::BaselineError, rules::RuleError};

/// A scan could not run, or could not finish honestly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Rules(#[from] RuleError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Baseline(#[from] BaselineError),
    #[error("{path}: {message}")]
    Path { path: String, message: String },
    #[error("{0}")]
    Git(String),
    #[error("cannot write {path}: {source}")]
    Output {
        path: String,
        source: std::io::Error,
    },
}
