//! Paths as reports show them, and as allowlists and fingerprints see them. A file on disk is
//! shown as walked (relative to the working directory, or absolute); allowlist globs and
//! fingerprints use the path relative to the project root instead, so they mean the same
//! whichever directory leakhound runs from, and match the repository-relative paths of staged and
//! history scans. Knows nothing of sources or scanning.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// The path findings from standard input carry (`leakhound scan -`).
pub const STDIN_PATH: &str = "-";

/// A path the user named that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct PathError {
    pub path: PathBuf,
    pub problem: PathProblem,
}

/// What is wrong with a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("no such file or directory")]
    NotFound,
}

impl PathError {
    /// `path` does not exist (or cannot be looked at).
    pub fn not_found(path: &Path) -> Self {
        PathError {
            path: path.to_path_buf(),
            problem: PathProblem::NotFound,
        }
    }
}

/// The path as reports show it: as walked, `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut s = text.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// A path inside a git tree or index as reports show it.
pub fn display_git_path(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

/// Maps the paths a file-system scan displays to paths relative to the project root.
#[derive(Clone, Debug)]
pub struct PathBase {
    cwd: PathBuf,
    root: PathBuf,
}

impl PathBase {
    /// A base for `root` (absolute), from the current directory.
    pub fn new(root: PathBuf) -> Option<PathBase> {
        let cwd = std::env::current_dir().ok()?;
        Some(PathBase { cwd, root })
    }

    /// `path` relative to the root; unchanged when it is outside the root (or stdin).
    pub fn relative<'a>(&self, path: &'a str) -> Cow<'a, str> {
        let plain = Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if path == STDIN_PATH || (plain && self.cwd == self.root) {
            return path.into();
        }
        match self.inside(path) {
            Some(rel) if !rel.is_empty() => rel.into(),
            _ => path.into(),
        }
    }

    /// Where `path` is below the root: `Some("")` for the root itself, `None` outside it.
    pub fn inside(&self, path: &str) -> Option<String> {
        let mut normal = PathBuf::new();
        for component in self.cwd.join(path).components() {
            match component {
                Component::CurDir => {}
                Component::ParentDir => {
                    normal.pop();
                }
                other => normal.push(other),
            }
        }
        normal.strip_prefix(&self.root).ok().map(display_path)
    }

    /// Whether a root-relative path lies within one of the scanned `roots` (as given on the
    /// command line): baseline entries elsewhere were not looked at, so they are not stale.
    pub fn covers(&self, roots: &[PathBuf], rel: &str) -> bool {
        roots
            .iter()
            .any(|root| match self.inside(&root.to_string_lossy()) {
                Some(dir) => dir.is_empty() || rel == dir || rel.starts_with(&format!("{dir}/")),
                None => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path(Path::new("./a/b")), "a/b");
        assert_eq!(display_path(Path::new("a/b")), "a/b");
        assert_eq!(display_path(Path::new("/x/y")), "/x/y");
    }

    #[test]
    fn project_relative_paths() {
        let base = PathBase {
            cwd: PathBuf::from("/repo/sub"),
            root: PathBuf::from("/repo"),
        };
        assert_eq!(base.relative("a/b.txt"), "sub/a/b.txt");
        assert_eq!(base.relative("../c.txt"), "c.txt");
        assert_eq!(base.relative("/repo/d/e"), "d/e");
        assert_eq!(base.relative("/elsewhere/f"), "/elsewhere/f");
        assert_eq!(base.relative("-"), "-");
        let same = PathBase {
            cwd: PathBuf::from("/repo"),
            root: PathBuf::from("/repo"),
        };
        assert_eq!(same.relative("x/y"), "x/y");
        assert_eq!(same.relative("x/../y"), "y");
        assert_eq!(base.inside(".."), Some(String::new()));
        assert_eq!(base.inside("/elsewhere"), None);
        assert!(base.covers(&[PathBuf::from(".")], "sub/a"));
        assert!(!base.covers(&[PathBuf::from(".")], "other/a"));
        assert!(base.covers(&[PathBuf::from("..")], "other/a"));
        assert!(!base.covers(&[PathBuf::from("a")], "sub/ab"));
    }
}
