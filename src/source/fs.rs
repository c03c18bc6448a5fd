//! Files and directories: ignore's parallel walker (honouring .gitignore, .ignore and
//! .leakhoundignore unless `no_ignore`), each worker thread reading into its own buffer and
//! scanning with its own clone of the sink.
//!
//! Ignore files describe untracked files: git tracks a committed file whatever `.gitignore`
//! says, so a pull request could otherwise hide a file from `scan .` by committing it with a
//! matching `.gitignore` (or `.ignore`). Inside a git repository, files in the index that the
//! walk passed by are scanned too; only `.leakhoundignore`, leakhound's own configuration,
//! still excludes them.

use std::{
    collections::{HashMap, HashSet},
    ffi::OsString,
    fs::File,
    io::Read,
    path::{Component, Path, PathBuf},
    sync::Mutex,
};

use ignore::gitignore::Gitignore;
use ignore::{WalkBuilder, WalkState};

use super::{Blob, BlobSink, SourceOutput};
use crate::finding::Provenance;
use crate::paths::{display_path, is_clean_relative};

/// The ignore file leakhound reads besides .gitignore and .ignore.
pub const IGNORE_FILE: &str = ".leakhoundignore";

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    pub threads: usize,
    pub no_ignore: bool,
    pub follow_symlinks: bool,
}

/// Scans every file under `roots`.
pub fn scan(sink: &impl BlobSink, roots: &[PathBuf], options: &WalkOptions) -> SourceOutput {
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
    // Tracked files under the roots, when ignore files apply and the roots are in a repository.
    let (roots_of_tracked, tracked) = if options.no_ignore {
        (Vec::new(), Vec::new())
    } else {
        tracked_files(roots)
    };
    // Keyed by the path's bytes: a `PathBuf` key hashes and compares component by component.
    let visited: Mutex<HashSet<OsString>> = Mutex::new(HashSet::with_capacity(tracked.len()));
    let record = !tracked.is_empty();
    builder.build_parallel().run(|| {
        let mut buffer = Vec::new();
        let mut sink = sink.clone();
        let findings = &findings;
        let warnings = &warnings;
        let visited = &visited;
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
            if record {
                if let Ok(mut visited) = visited.lock() {
                    visited.insert(absolute(entry.path()).into_os_string());
                }
            }
            scan_file(&mut sink, entry.path(), &mut buffer, findings, warnings);
            WalkState::Continue
        })
    });
    // Tracked files the walk passed by because an ignore file matched them.
    let visited = visited.into_inner().unwrap_or_default();
    let mut sink = sink.clone();
    let mut buffer = Vec::new();
    let mut leakhound_ignores = LeakhoundIgnores::default();
    for (root, file) in tracked {
        let root = &roots_of_tracked[root];
        if visited.contains(file.as_os_str()) || leakhound_ignores.excludes(&root.absolute, &file) {
            continue;
        }
        if !std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let shown = match file.strip_prefix(&root.absolute) {
            Ok(rel) => root.given.join(rel),
            Err(_) => file.clone(),
        };
        scan_file(&mut sink, &shown, &mut buffer, &findings, &warnings);
    }
    let mut warnings = warnings.into_inner().unwrap_or_default();
    warnings.sort();
    SourceOutput {
        findings: findings.into_inner().unwrap_or_default(),
        warnings,
    }
}

/// Reads one file (within the size limit) and scans it.
fn scan_file(
    sink: &mut impl BlobSink,
    file: &Path,
    buffer: &mut Vec<u8>,
    findings: &Mutex<Vec<crate::finding::Finding>>,
    warnings: &Mutex<Vec<String>>,
) {
    let path = display_path(file);
    if sink.skips_path(&path) {
        return;
    }
    match read_bounded(file, sink.max_size(), buffer) {
        Ok(Bounded::TooLarge) => sink.too_large(),
        Ok(Bounded::Whole(len)) => {
            let found = sink.scan(Blob {
                bytes: &buffer[..len],
                path: &path,
                provenance: &Provenance::File,
                id: None,
            });
            if !found.is_empty() {
                if let Ok(mut all) = findings.lock() {
                    all.extend(found);
                }
            }
        }
        Err(err) => push(warnings, format!("{path}: cannot read: {err}")),
    }
}

/// A root of the walk: as given, and absolute.
#[derive(Clone)]
struct Root {
    given: PathBuf,
    absolute: PathBuf,
}

/// `path` made absolute from the current directory, with `.` and `..` resolved lexically (as
/// the walker's paths are built: the root as given, joined with names).
///
/// A walked path is its root's text joined with names by `/`: when that text is clean (see
/// `is_clean_relative`), it is made absolute as text, without the walk over its components
/// (which, with the `PathBuf` pushes, cost ~4,000 instructions a file on moby/moby).
fn absolute(path: &Path) -> PathBuf {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    absolute_from(
        CWD.get_or_init(|| std::env::current_dir().ok()).as_deref(),
        path,
    )
}

/// `absolute` from the directory `cwd`.
fn absolute_from(cwd: Option<&Path>, path: &Path) -> PathBuf {
    if let Some(text) = path.to_str() {
        if let Some(rest) = text.strip_prefix('/') {
            if is_clean_relative(rest) {
                return path.to_path_buf();
            }
        } else if let Some(cwd) = cwd.and_then(Path::to_str).filter(|c| is_clean_absolute(c)) {
            let mut rest = text;
            while let Some(after) = rest.strip_prefix("./") {
                rest = after;
            }
            if is_clean_relative(rest) {
                return PathBuf::from(format!("{cwd}/{rest}"));
            }
        }
    }
    absolute_by_components(cwd, path)
}

/// `absolute_from` by a walk over the components of `path` joined to `cwd`.
fn absolute_by_components(cwd: Option<&Path>, path: &Path) -> PathBuf {
    let joined = match cwd {
        Some(cwd) => cwd.join(path),
        None => path.to_path_buf(),
    };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Whether `path` is absolute and clean: `/` and then a clean relative path.
fn is_clean_absolute(path: &str) -> bool {
    path.strip_prefix('/').is_some_and(is_clean_relative)
}

/// The regular files git tracks under each directory root (from the index of the repository
/// around it, opened isolated: nothing its configuration names runs), as absolute paths, each
/// with the index of its root in the roots returned.
fn tracked_files(roots: &[PathBuf]) -> (Vec<Root>, Vec<(usize, PathBuf)>) {
    let mut out = Vec::new();
    let mut kept: Vec<Root> = Vec::new();
    for given in roots {
        if !given.is_dir() {
            continue;
        }
        let root = Root {
            given: given.clone(),
            absolute: absolute(given),
        };
        // Below a clean root, a clean file path is inside it when its text starts with the
        // root's and a `/` (`Path::starts_with` compares them component by component).
        let root_text = root.absolute.to_str().filter(|t| is_clean_absolute(t));
        let inside = |file: &Path| match (root_text, file.to_str()) {
            (Some(root_text), Some(text)) if is_clean_absolute(text) => text
                .strip_prefix(root_text)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')),
            _ => file.starts_with(&root.absolute),
        };
        let Ok(repo) = super::repo::open_isolated(given) else {
            continue;
        };
        let (Some(workdir), Ok(index)) = (repo.workdir(), repo.open_index()) else {
            continue;
        };
        let workdir = absolute(workdir);
        for entry in index.entries() {
            use gix::index::entry::{Flags, Mode};
            if !matches!(entry.mode, Mode::FILE | Mode::FILE_EXECUTABLE)
                || entry.flags.contains(Flags::SKIP_WORKTREE)
            {
                continue;
            }
            let Ok(rel) = std::str::from_utf8(entry.path(&index)) else {
                continue;
            };
            let file = workdir.join(rel);
            if inside(&file) {
                out.push((kept.len(), file));
            }
        }
        kept.push(root);
    }
    out.dedup_by(|a, b| a.1.as_os_str() == b.1.as_os_str());
    (kept, out)
}

/// The `.leakhoundignore` files from a root down to a file's directory, parsed once each.
#[derive(Default)]
struct LeakhoundIgnores {
    by_dir: HashMap<PathBuf, Option<Gitignore>>,
}

impl LeakhoundIgnores {
    /// Whether a `.leakhoundignore` at or below `root` excludes `file`.
    fn excludes(&mut self, root: &Path, file: &Path) -> bool {
        let mut dirs: Vec<&Path> = file
            .ancestors()
            .skip(1)
            .take_while(|d| d.starts_with(root))
            .collect();
        dirs.reverse();
        let mut ignored = false;
        for dir in dirs {
            let matcher = self.by_dir.entry(dir.to_path_buf()).or_insert_with(|| {
                let path = dir.join(IGNORE_FILE);
                path.is_file().then(|| Gitignore::new(&path).0)
            });
            if let Some(matcher) = matcher {
                let m = matcher.matched_path_or_any_parents(file, false);
                if m.is_ignore() {
                    ignored = true;
                } else if m.is_whitelist() {
                    ignored = false;
                }
            }
        }
        ignored
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

/// What `read_bounded` did.
enum Bounded {
    /// The whole file is the buffer's first `usize` bytes.
    Whole(usize),
    /// The file is larger than the limit; the buffer holds nothing useful.
    TooLarge,
}

/// Reads a file into `buffer` unless it is larger than `limit`. The read stops at the length the
/// metadata gave, which saves the `read` that would only report the end (one system call in five
/// on a tree of small files); bytes a file gains after that are not read. A file that reports no
/// length (procfs and the like) is read to its end, up to the limit.
///
/// A file with a length is read straight into the buffer in one `read` (more only if the kernel
/// returns less): `read_to_end` reads 8 KiB first and doubles, four system calls for a 100 KiB
/// file. The buffer keeps the length of the largest file read so far, so it is zeroed only when
/// it grows, not for every file.
fn read_bounded(path: &Path, limit: u64, buffer: &mut Vec<u8>) -> std::io::Result<Bounded> {
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Bounded::TooLarge);
    }
    if size == 0 {
        // Appended and moved to the front, so the buffer keeps its length.
        let keep = buffer.len();
        let read = file.take(limit + 1).read_to_end(buffer);
        let len = buffer.len() - keep;
        if read.is_ok() && len as u64 <= limit {
            buffer.copy_within(keep.., 0);
        }
        buffer.truncate(keep.max(len));
        read?;
        if len as u64 > limit {
            return Ok(Bounded::TooLarge);
        }
        return Ok(Bounded::Whole(len));
    }
    let size = size as usize;
    if buffer.len() < size {
        buffer.resize(size, 0);
    }
    let mut filled = 0;
    while filled < size {
        match file.read(&mut buffer[filled..size]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Bounded::Whole(filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn absolute_paths_by_text_agree_with_the_component_walk() {
        let cwds = [
            "/work/x", "/", "/a/./b", "/a//b", "/a/b/", "/tmp", "/a/../b",
        ];
        let names = [
            "", ".", "..", "a", "b.rs", ".git", "..x", "x..", "\\", "é", "a b",
        ];
        let mut paths: Vec<String> = Vec::new();
        for a in names {
            for b in names {
                for c in ["", "a", ".", ".."] {
                    for lead in ["", "/", "./", "././", "../", "/x/", "//"] {
                        paths.push(format!("{lead}{a}/{b}"));
                        paths.push(format!("{lead}{a}/{b}/{c}"));
                        paths.push(format!("{lead}{a}{b}{c}"));
                    }
                }
            }
        }
        for cwd in cwds.iter().map(|c| Some(Path::new(c))).chain([None]) {
            for path in &paths {
                let path = Path::new(path);
                assert_eq!(
                    absolute_from(cwd, path).as_os_str(),
                    absolute_by_components(cwd, path).as_os_str(),
                    "{cwd:?} {path:?}"
                );
            }
        }
    }

    /// A sink that records what a source hands it.
    #[derive(Clone, Default)]
    struct Recorder {
        scanned: Arc<Mutex<Vec<String>>>,
        too_large: Arc<Mutex<u64>>,
    }

    impl BlobSink for Recorder {
        fn max_size(&self) -> u64 {
            8
        }
        fn skips_path(&self, path: &str) -> bool {
            path.ends_with("skip.txt")
        }
        fn too_large(&self) {
            *self.too_large.lock().unwrap() += 1;
        }
        fn scan(&mut self, blob: Blob<'_>) -> Vec<crate::finding::Finding> {
            assert_eq!(blob.provenance, &Provenance::File);
            assert!(blob.id.is_none());
            let name = blob.path.rsplit('/').next().unwrap().to_string();
            self.scanned.lock().unwrap().push(name);
            Vec::new()
        }
        fn rescan(&mut self, _: Blob<'_>) -> Vec<crate::finding::Finding> {
            unreachable!("files are scanned once")
        }
    }

    #[test]
    fn a_reused_buffer_holds_each_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let long = dir.path().join("long.txt");
        let short = dir.path().join("short.txt");
        let empty = dir.path().join("empty.txt");
        std::fs::write(&long, "0123456789abcdef").unwrap();
        std::fs::write(&short, "xyz").unwrap();
        std::fs::write(&empty, "").unwrap();
        let mut buffer = Vec::new();
        let mut read = |path: &Path, limit: u64| match read_bounded(path, limit, &mut buffer) {
            Ok(Bounded::Whole(len)) => Some(buffer[..len].to_vec()),
            Ok(Bounded::TooLarge) => None,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(read(&long, 64).unwrap(), b"0123456789abcdef");
        assert_eq!(read(&short, 64).unwrap(), b"xyz");
        assert_eq!(read(&empty, 64).unwrap(), b"");
        assert_eq!(read(&long, 8), None);
        assert_eq!(read(&short, 64).unwrap(), b"xyz");
    }

    #[test]
    fn files_go_to_the_sink_unless_skipped_or_too_large() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small.txt"), "tiny").unwrap();
        std::fs::write(dir.path().join("big.txt"), "larger than eight").unwrap();
        std::fs::write(dir.path().join("skip.txt"), "tiny").unwrap();
        let sink = Recorder::default();
        let options = WalkOptions {
            threads: 2,
            ..WalkOptions::default()
        };
        let output = scan(&sink, &[dir.path().to_path_buf()], &options);
        assert!(output.warnings.is_empty(), "{:?}", output.warnings);
        assert_eq!(*sink.scanned.lock().unwrap(), ["small.txt"]);
        assert_eq!(*sink.too_large.lock().unwrap(), 1);
    }
}
