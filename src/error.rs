//! The library's error type: everything that ends a scan or a command with exit code 2. Each
//! variant comes from the module that owns the concept (rules, config, baseline, paths, git) and
//! says what failed, on what, and why; the binary prints it and exits with 2.

use std::path::PathBuf;

use crate::{
    config::ConfigError,
    filter::baseline::BaselineError,
    hook::HookError,
    import::ImportError,
    paths::PathError,
    rules::RuleError,
    source::{GitError, SourceError},
};

/// A scan or command could not run, or could not finish honestly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Rules(#[from] RuleError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Baseline(#[from] BaselineError),
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Hook(#[from] HookError),
    #[error(transparent)]
    Import(#[from] ImportError),
    /// `rules explain ID` named no rule.
    #[error("no rule with id `{id}`; `leakhound rules list` shows them all")]
    UnknownRule { id: String },
    /// `rules check` found problems (each was printed already).
    #[error("{problems} problems in {files} files")]
    RuleCheck { problems: usize, files: usize },
    /// `baseline create` met errors while scanning (each was printed already).
    #[error("the scan was incomplete; no baseline written")]
    IncompleteBaseline,
    /// `--config` / `--baseline` with `--config-from` / `--baseline-from` named a file outside
    /// the repository.
    #[error("{option} {}: with {option}-from, the file must be inside the repository", path.display())]
    OutsideRepository { option: &'static str, path: PathBuf },
    /// `merge` could not read one of its reports.
    #[error("cannot merge {path}: {message}")]
    ReadReport { path: String, message: String },
}

impl From<SourceError> for Error {
    fn from(e: SourceError) -> Self {
        match e {
            SourceError::Path(e) => Error::Path(e),
            SourceError::Git(e) => Error::Git(e),
        }
    }
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Stdout => f.write_str("stdout"),
            Destination::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A report or baseline could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot open {} for writing: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the report to {to}: {source}")]
    WriteReport {
        to: Destination,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}
