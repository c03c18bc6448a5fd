//! Files and directories: ignore's parallel walker (honouring .gitignore, .ignore and
//! .leakhoundignore unless `no_ignore`), each worker thread reading into its own buffer and
//! scanning with its own clone of the sink.

use std::{
    fs::File,
    io::Read,
    path::{Path, PathBuf},
    sync::Mutex,
};

use ignore::{WalkBuilder, WalkState};

use super::{Blob, BlobSink, SourceOutput};
use crate::finding::Provenance;
use crate::paths::display_path;

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
    builder.build_parallel().run(|| {
        let mut buffer = Vec::new();
        let mut sink = sink.clone();
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
            if sink.skips_path(&path) {
                return WalkState::Continue;
            }
            match read_bounded(entry.path(), sink.max_size(), &mut buffer) {
                Ok(Bounded::TooLarge) => sink.too_large(),
                Ok(Bounded::Whole) => {
                    let found = sink.scan(Blob {
                        bytes: &buffer,
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

/// What `read_bounded` did.
enum Bounded {
    /// The whole file is in the buffer.
    Whole,
    /// The file is larger than the limit; the buffer holds nothing useful.
    TooLarge,
}

/// Reads a file into `buffer` unless it is larger than `limit`. The read stops at the length the
/// metadata gave, which saves the `read` that would only report the end (one system call in five
/// on a tree of small files); bytes a file gains after that are not read. A file that reports no
/// length (procfs and the like) is read to its end, up to the limit.
fn read_bounded(path: &Path, limit: u64, buffer: &mut Vec<u8>) -> std::io::Result<Bounded> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Bounded::TooLarge);
    }
    buffer.clear();
    buffer.reserve(size as usize);
    let stop = if size == 0 { limit + 1 } else { size };
    file.take(stop).read_to_end(buffer)?;
    if buffer.len() as u64 > limit {
        return Ok(Bounded::TooLarge);
    }
    Ok(Bounded::Whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
