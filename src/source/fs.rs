//! Files and directories: ignore's parallel walker (honouring .gitignore, .ignore and
//! .leakhoundignore unless `no_ignore`), each worker thread reading into its own buffer.

use std::{
    fs::File,
    io::Read,
    path::{Path, PathBuf},
    sync::Mutex,
};

use ignore::{WalkBuilder, WalkState};

use super::SourceOutput;
use crate::finding::Provenance;
use crate::scan::{BlobScratch, Scanner};

/// The ignore file leakhound reads besides .gitignore and .ignore.
pub const IGNORE_FILE: &str = ".leakhoundignore";

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    pub threads: usize,
    pub no_ignore: bool,
    pub follow_symlinks: bool,
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

/// Maps the paths a file-system scan displays (relative to the working directory, or absolute)
/// to paths relative to the project root, which allowlist globs and fingerprints use: they then
/// mean the same whichever directory leakhound runs from, and match the repository-relative
/// paths of staged and history scans.
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
    pub fn relative<'a>(&self, path: &'a str) -> std::borrow::Cow<'a, str> {
        use std::path::Component;
        let plain = Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if path == super::stdin::STDIN_PATH || (plain && self.cwd == self.root) {
            return path.into();
        }
        match self.inside(path) {
            Some(rel) if !rel.is_empty() => rel.into(),
            _ => path.into(),
        }
    }

    /// Where `path` is below the root: `Some("")` for the root itself, `None` outside it.
    pub fn inside(&self, path: &str) -> Option<String> {
        use std::path::Component;
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

/// Scans every file under `roots`.
pub fn scan(scanner: &Scanner, roots: &[PathBuf], options: &WalkOptions) -> SourceOutput {
    let Some((first, rest)) = roots.split_first() else {
        return SourceOutput::default();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .threads(options.threads)
        .hidden(false)
        .follow_links(options.follow_symlinks)
        .require_git(false)
        .git_global(false)
        .parents(!options.no_ignore)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .filter_entry(|entry| entry.file_name() != ".git");
    if !options.no_ignore {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    let findings = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let mut buffer = Vec::new();
        let mut scratch = BlobScratch::default();
        let findings = &findings;
        let warnings = &warnings;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    push(warnings, walk_error(&err));
                    return WalkState::Continue;
                }
            };
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if !is_file {
                return WalkState::Continue;
            }
            let path = display_path(entry.path());
            if scanner.skip_path(&path) {
                return WalkState::Continue;
            }
            match read_bounded(entry.path(), scanner.max_file_size, &mut buffer) {
                Ok(None) => {
                    scanner.admit(u64::MAX, b"");
                }
                Ok(Some(())) => {
                    if scanner.admit(buffer.len() as u64, &buffer) {
                        let found =
                            scanner.scan_blob(&buffer, &path, &Provenance::File, &mut scratch);
                        if !found.is_empty() {
                            if let Ok(mut all) = findings.lock() {
                                all.extend(found);
                            }
                        }
                    }
                }
                Err(err) => push(warnings, format!("{path}: cannot read: {err}")),
            }
            WalkState::Continue
        })
    });
    let mut warnings = warnings.into_inner().unwrap_or_default();
    warnings.sort();
    SourceOutput {
        findings: findings.into_inner().unwrap_or_default(),
        warnings,
    }
}

fn push(list: &Mutex<Vec<String>>, message: String) {
    if let Ok(mut list) = list.lock() {
        list.push(message);
    }
}

/// Names the path of a walk error when it has one.
fn walk_error(err: &ignore::Error) -> String {
    let text = err.to_string();
    if text.contains("File system loop") {
        format!("{text} (symbolic link loop; not followed)")
    } else {
        text
    }
}

/// Reads a file into `buffer` unless it is larger than `limit` (`Ok(None)`). The read stops at
/// the length the metadata gave, which saves the `read` that would only report the end (one
/// system call in five on a tree of small files); bytes a file gains after that are not read. A
/// file that reports no length (procfs and the like) is read to its end, up to the limit.
fn read_bounded(path: &Path, limit: u64, buffer: &mut Vec<u8>) -> std::io::Result<Option<()>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(None);
    }
    buffer.clear();
    buffer.reserve(size as usize);
    let stop = if size == 0 { limit + 1 } else { size };
    file.take(stop).read_to_end(buffer)?;
    if buffer.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(()))
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
