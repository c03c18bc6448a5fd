//! Migration from other scanners: `leakhound import gitleaks` converts a gitleaks config into a
//! `.leakhound.yml` and explains what it could not carry over.

pub mod gitleaks;
mod glob;
mod re2;
mod yaml;

pub use gitleaks::{explain_gitleaksignore, import_gitleaks, Imported};

/// A config that cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a valid gitleaks config: {message}")]
    Toml { path: String, message: String },
}
