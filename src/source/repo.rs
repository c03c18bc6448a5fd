//! Opening git repositories for the git sources.

use std::path::{Path, PathBuf};

use super::{GitError, GitOp, SourceError};
use crate::paths::PathError;

/// Opens the repository at or above `path` the way git itself would for a hook: honouring
/// `GIT_DIR`, `GIT_INDEX_FILE` and friends (`git commit -a` hands hooks a temporary index).
pub fn open_for_hook(path: &Path) -> Result<gix::Repository, SourceError> {
    check_exists(path)?;
    gix::discover_with_environment_overrides(path).map_err(|e| not_a_repository(path, e))
}

/// Opens the repository at or above `path` isolated from the environment and from user and
/// system configuration: no filters, textconv or hooks from anywhere can run. Objects are read
/// as stored: `refs/replace/*` does not swap one object for another (a replaced blob would
/// otherwise be read as its harmless stand-in).
pub fn open_isolated(path: &Path) -> Result<gix::Repository, SourceError> {
    check_exists(path)?;
    let options = gix::open::Options::isolated().config_overrides(["core.useReplaceRefs=false"]);
    gix::discover_opts(path, Default::default(), options).map_err(|e| not_a_repository(path, e))
}

fn check_exists(path: &Path) -> Result<(), PathError> {
    if std::fs::metadata(path).is_err() {
        return Err(PathError::not_found(path));
    }
    Ok(())
}

fn not_a_repository(
    path: &Path,
    err: impl std::error::Error + Send + Sync + 'static,
) -> SourceError {
    GitError::new(
        GitOp::Open {
            path: path.to_path_buf(),
        },
        err,
    )
    .into()
}

/// The work tree whose `.leakhound.yml` applies; `None` for a bare repository.
pub fn work_tree(repo: &gix::Repository) -> Option<PathBuf> {
    repo.workdir().map(Path::to_path_buf)
}
