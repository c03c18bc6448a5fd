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
                        let found = scanner.scan_blob(&buffer, &path, &Provenance::File, &mut scratch);
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

/// Reads a file into `buffer` unless it is larger than `limit` (`Ok(None)`).
fn read_bounded(path: &Path, limit: u64, buffer: &mut Vec<u8>) -> std::io::Result<Option<()>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(None);
    }
    buffer.clear();
    // The file may grow while we read it: never read more than the limit allows.
    file.take(limit + 1).read_to_end(buffer)?;
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
}
