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

/// Whether `path` is relative and written as `Path` would rebuild it: names joined by single
/// `/`, none empty, `.` or `..`, and no `\` (which `display_path` turns into `/`).
pub(crate) fn is_clean_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|name| !name.is_empty() && name != "." && name != "..")
}

/// Maps the paths a file-system scan displays to paths relative to the project root.
#[derive(Clone, Debug)]
pub struct PathBase {
    cwd: PathBuf,
    root: PathBuf,
    /// The root as text when it is written as `Path` would rebuild it (`/` and names, no `.`,
    /// `..`, doubled or trailing `/`): a clean path below it maps to its text after the root's.
    root_text: Option<String>,
}

impl PathBase {
    /// A base for `root` (absolute), from the current directory.
    pub fn new(root: PathBuf) -> Option<PathBase> {
        let cwd = std::env::current_dir().ok()?;
        Some(PathBase::from_parts(cwd, root))
    }

    fn from_parts(cwd: PathBuf, root: PathBuf) -> PathBase {
        let root_text = root
            .to_str()
            .and_then(|text| text.strip_prefix('/'))
            .filter(|rest| is_clean_relative(rest))
            .map(|rest| format!("/{rest}"));
        PathBase {
            cwd,
            root,
            root_text,
        }
    }

    /// `path` relative to the root; unchanged when it is outside the root (or stdin).
    pub fn relative<'a>(&self, path: &'a str) -> Cow<'a, str> {
        // A directory scan's paths are the root's text, `/` and clean names: that text needs
        // no walk over components (the walk cost 13k instructions a file, three times a file).
        if let Some(rest) = self
            .root_text
            .as_deref()
            .and_then(|root| path.strip_prefix(root))
            .and_then(|rest| rest.strip_prefix('/'))
        {
            if is_clean_relative(rest) {
                return rest.into();
            }
        }
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
        let base = PathBase::from_parts(PathBuf::from("/repo/sub"), PathBuf::from("/repo"));
        assert_eq!(base.relative("a/b.txt"), "sub/a/b.txt");
        assert_eq!(base.relative("../c.txt"), "c.txt");
        assert_eq!(base.relative("/repo/d/e"), "d/e");
        assert_eq!(base.relative("/elsewhere/f"), "/elsewhere/f");
        assert_eq!(base.relative("-"), "-");
        let same = PathBase::from_parts(PathBuf::from("/repo"), PathBuf::from("/repo"));
        assert_eq!(same.relative("x/y"), "x/y");
        assert_eq!(same.relative("x/../y"), "y");
        assert_eq!(base.inside(".."), Some(String::new()));
        assert_eq!(base.inside("/elsewhere"), None);
        assert!(base.covers(&[PathBuf::from(".")], "sub/a"));
        assert!(!base.covers(&[PathBuf::from(".")], "other/a"));
        assert!(base.covers(&[PathBuf::from("..")], "other/a"));
        assert!(!base.covers(&[PathBuf::from("a")], "sub/ab"));
    }

    /// The text fast path of `relative` against the walk over components it stands in for.
    #[test]
    fn clean_paths_below_the_root_map_as_the_walk_does() {
        let slow = |base: &PathBase, path: &str| match base.inside(path) {
            Some(rel) if !rel.is_empty() => rel,
            _ => path.to_string(),
        };
        let names = ["a", ".", "..", "", "b.c", "x\\y", "repo", "-", ".git"];
        for root in ["/repo", "/repo/sub", "/", "/repo/", "/repo/./x", "/re\\po"] {
            let base = PathBase::from_parts(PathBuf::from("/elsewhere"), PathBuf::from(root));
            for first in names {
                for second in names {
                    for prefix in [root, "/repo", "/repo/sub", "/repox"] {
                        let path = format!("{prefix}/{first}/{second}");
                        assert_eq!(base.relative(&path), slow(&base, &path), "{root} {path}");
                        let path = format!("{prefix}/{first}");
                        assert_eq!(base.relative(&path), slow(&base, &path), "{root} {path}");
                    }
                }
            }
        }
        let base = PathBase::from_parts(PathBuf::from("/"), PathBuf::from("/repo"));
        assert!(base.root_text.is_some());
        assert_eq!(base.relative("/repo/a/b"), "a/b");
        assert!(matches!(base.relative("/repo/a/b"), Cow::Borrowed(_)));
    }
}
