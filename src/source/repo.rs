//! Opening git repositories for the git sources, and turning gix errors into ours.

use std::path::{Path, PathBuf};

use crate::Error;

/// A gix error as one of ours, with what we were doing.
pub fn git_error(context: impl std::fmt::Display, err: impl std::fmt::Display) -> Error {
    Error::Git(format!("{context}: {err}"))
}

/// Opens the repository at or above `path` the way git itself would for a hook: honouring
/// `GIT_DIR`, `GIT_INDEX_FILE` and friends (`git commit -a` hands hooks a temporary index).
pub fn open_for_hook(path: &Path) -> Result<gix::Repository, Error> {
    check_exists(path)?;
    gix::discover_with_environment_overrides(path).map_err(|e| not_a_repository(path, e))
}

/// Opens the repository at or above `path` isolated from the environment and from user and
/// system configuration: no filters, textconv or hooks from anywhere can run.
pub fn open_isolated(path: &Path) -> Result<gix::Repository, Error> {
    check_exists(path)?;
    gix::discover_opts(path, Default::default(), gix::open::Options::isolated())
        .map_err(|e| not_a_repository(path, e))
}

fn check_exists(path: &Path) -> Result<(), Error> {
    if std::fs::metadata(path).is_err() {
        return Err(Error::Path {
            path: path.display().to_string(),
            message: "no such file or directory".into(),
        });
    }
    Ok(())
}

fn not_a_repository(path: &Path, err: gix::Error) -> Error {
    Error::Git(format!(
        "{}: not a git repository (or cannot open it): {err}",
        path.display()
    ))
}

/// The work tree whose `.leakhound.yml` applies; `None` for a bare repository.
pub fn work_tree(repo: &gix::Repository) -> Option<PathBuf> {
    repo.workdir().map(Path::to_path_buf)
}

/// A git path as reports show it.
pub fn display_path(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}
