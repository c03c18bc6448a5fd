//! Staged changes (the pre-commit scan): the index against HEAD's tree, the staged blobs read from
//! the object database (never the work tree), and only findings on lines the commit adds.
//!
//! Renames: a staged file whose blob is identical to a deleted one is a pure rename and adds
//! nothing. A new file that closely resembles a deleted one (at most half its lines new) is a
//! rename with edits, and only its new lines count; so moving a file does not re-report a secret
//! that was already committed, while a secret added during the move is reported.

use std::{path::PathBuf, sync::OnceLock};

use std::collections::HashSet;

use gix::ObjectId;

use super::added::AddedLines;
use super::index_diff::{changes, load_index, Changes};
use super::repo::{open_for_hook, work_tree};
use super::{Blob, BlobSink, GitError, GitOp, SourceError, SourceOutput};
use crate::finding::Provenance;
use crate::paths::display_git_path;

/// At most this many deleted files are compared with each new one to find a rename.
const RENAME_CANDIDATES: usize = 16;

/// A repository opened for a pre-commit scan.
pub struct Staged {
    repo: gix::Repository,
    /// Whether `scan` found nothing staged, once it has run: `nothing_staged` then need not read and
    /// compare the index again (a third of a pre-commit scan's instructions in a 13k-file
    /// repository).
    found_nothing_staged: OnceLock<bool>,
}

impl Staged {
    /// Opens the repository at or above `path`, honouring `GIT_DIR` and `GIT_INDEX_FILE`.
    pub fn open(path: &std::path::Path) -> Result<Self, SourceError> {
        Ok(Staged {
            repo: open_for_hook(path)?,
            found_nothing_staged: OnceLock::new(),
        })
    }

    /// The work tree's root (where `.leakhound.yml` is looked for).
    pub fn work_tree(&self) -> Option<PathBuf> {
        work_tree(&self.repo)
    }

    /// Whether nothing is staged: the index holds exactly HEAD's tree (e.g. under
    /// `pre-commit run --all-files`, or before `git add`).
    pub fn nothing_staged(&self) -> Result<bool, GitError> {
        if let Some(&known) = self.found_nothing_staged.get() {
            return Ok(known);
        }
        let repo = &self.repo;
        let inner = || {
            let head_tree = repo
                .head_tree_id_or_empty()
                .map_err(|e| GitError::new(GitOp::ReadHeadTree, e))?
                .detach();
            let index = load_index(repo)?;
            let Changes { changes, deleted } = changes(repo, head_tree, &index)?;
            Ok(changes.is_empty() && deleted.is_empty())
        };
        inner().map_err(|e: GitError| e.in_repo(repo))
    }

    /// Scans what is staged and keeps the findings on added lines.
    pub fn scan(&self, sink: &impl BlobSink) -> Result<SourceOutput, GitError> {
        self.scan_in_repo(sink).map_err(|e| e.in_repo(&self.repo))
    }

    fn scan_in_repo(&self, sink: &impl BlobSink) -> Result<SourceOutput, GitError> {
        let repo = &self.repo;
        let head_tree = repo
            .head_tree_id_or_empty()
            .map_err(|e| GitError::new(GitOp::ReadHeadTree, e))?
            .detach();
        let index = load_index(repo)?;
        let Changes { changes, deleted } = changes(repo, head_tree, &index)?;
        let _ = self
            .found_nothing_staged
            .set(changes.is_empty() && deleted.is_empty());
        let deleted_ids: HashSet<ObjectId> = deleted.iter().copied().collect();

        let mut sink = sink.clone();
        let mut output = SourceOutput::default();
        let mut new_blob = Vec::new();
        let mut old_blob = Vec::new();
        for change in changes {
            let path = display_git_path(&change.path);
            if change.previous.is_none() && deleted_ids.contains(&change.id) {
                continue; // a pure rename adds nothing
            }
            if sink.skips_path(&path) {
                continue;
            }
            if self.size(&change.id, &path)? > sink.max_size() {
                sink.too_large();
                continue;
            }
            self.read(&change.id, &path, &mut new_blob)?;
            let found = sink.scan(Blob {
                bytes: &new_blob,
                path: &path,
                provenance: &Provenance::Staged,
                id: Some(change.id),
            });
            if found.is_empty() {
                continue;
            }
            let added = match change.previous {
                Some(previous) => {
                    self.read(&previous, &path, &mut old_blob)?;
                    AddedLines::between(&old_blob, &new_blob)
                }
                None => self.rename_source(&deleted, &new_blob, sink.max_size(), &mut old_blob)?,
            };
            output.findings.extend(
                found
                    .into_iter()
                    .filter(|f| added.touches(f.start.line, f.end.line)),
            );
        }
        Ok(output)
    }

    /// For a new file, the added lines relative to the deleted file it was most likely renamed
    /// from, or every line when it resembles none of them.
    fn rename_source(
        &self,
        deleted: &[ObjectId],
        new_blob: &[u8],
        max_size: u64,
        old_blob: &mut Vec<u8>,
    ) -> Result<AddedLines, GitError> {
        let lines = new_blob.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let mut best = AddedLines::everything();
        let mut best_count = lines / 2 + 1;
        for id in deleted.iter().take(RENAME_CANDIDATES) {
            let path = id.to_string();
            if self.size(id, &path)? > max_size {
                continue;
            }
            self.read(id, &path, old_blob)?;
            let added = AddedLines::between(old_blob, new_blob);
            if added.count() < best_count {
                best_count = added.count();
                best = added;
            }
        }
        Ok(best)
    }

    fn size(&self, id: &ObjectId, path: &str) -> Result<u64, GitError> {
        self.repo.find_header(*id).map(|h| h.size()).map_err(|e| {
            let path = path.to_string();
            GitError::new(GitOp::ReadStagedBlob { path, id: *id }, e)
        })
    }

    fn read(&self, id: &ObjectId, path: &str, buf: &mut Vec<u8>) -> Result<(), GitError> {
        let object = self.repo.find_object(*id).map_err(|e| {
            let path = path.to_string();
            GitError::new(GitOp::ReadBlob { path, id: *id }, e)
        })?;
        buf.clear();
        buf.extend_from_slice(&object.data);
        Ok(())
    }
}
