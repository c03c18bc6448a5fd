//! What a commit introduces: the blobs its tree has at paths where no parent's tree has the same
//! blob (regular files only; not links or submodules), by tree diffs with reused buffers.

use std::collections::HashSet;

use gix::bstr::BString;
use gix::diff::tree::recorder::Change;
use gix::objs::{tree::EntryKind, FindExt};
use gix::ObjectId;

use crate::source::{GitError, GitOp};

/// One introduced blob: its path, its id, and the first parent's blob at that path when that
/// was a regular file too.
pub(super) struct Introduced {
    pub path: BString,
    pub blob: ObjectId,
    pub previous: Option<ObjectId>,
}

/// Tree diffs with reused buffers.
#[derive(Default)]
pub(super) struct TreeDiffer {
    state: gix::diff::tree::State,
    lhs: Vec<u8>,
    rhs: Vec<u8>,
}

impl TreeDiffer {
    /// The blobs `tree` has at paths where no parent tree has the same blob.
    pub fn introduced(
        &mut self,
        repo: &gix::Repository,
        tree: ObjectId,
        parents: &[ObjectId],
    ) -> Result<Vec<Introduced>, GitError> {
        let empty = ObjectId::empty_tree(repo.object_hash());
        let first = parents.first().copied().unwrap_or(empty);
        let mut changes = self.diff(repo, first, tree)?;
        for &other in parents.iter().skip(1) {
            if changes.is_empty() {
                break;
            }
            let differs: HashSet<(BString, ObjectId)> = self
                .diff(repo, other, tree)?
                .into_iter()
                .map(|change| (change.path, change.blob))
                .collect();
            changes.retain(|change| differs.contains(&(change.path.clone(), change.blob)));
        }
        Ok(changes)
    }

    /// Blobs added or modified from `old` to `new` (regular files; not links or submodules).
    fn diff(
        &mut self,
        repo: &gix::Repository,
        old: ObjectId,
        new: ObjectId,
    ) -> Result<Vec<Introduced>, GitError> {
        let read = |id: &ObjectId, buf: &mut Vec<u8>| -> Result<(), GitError> {
            if id.is_empty_tree() {
                buf.clear();
                return Ok(());
            }
            repo.objects
                .find_tree_iter(id, buf)
                .map(|_| ())
                .map_err(|e| GitError::new(GitOp::ReadTree { id: *id }, e))
        };
        read(&old, &mut self.lhs)?;
        read(&new, &mut self.rhs)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            gix::objs::TreeRefIter::from_bytes(&self.lhs, repo.object_hash()),
            gix::objs::TreeRefIter::from_bytes(&self.rhs, repo.object_hash()),
            &mut self.state,
            &repo.objects,
            &mut recorder,
        )
        .map_err(|e| GitError::new(GitOp::CompareTrees { old, new }, e))?;
        let is_file = |mode: gix::objs::tree::EntryMode| {
            matches!(mode.kind(), EntryKind::Blob | EntryKind::BlobExecutable)
        };
        Ok(recorder
            .records
            .into_iter()
            .filter_map(|change| match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if is_file(entry_mode) => Some(Introduced {
                    path,
                    blob: oid,
                    previous: None,
                }),
                Change::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path,
                } if is_file(entry_mode) => Some(Introduced {
                    path,
                    blob: oid,
                    previous: is_file(previous_entry_mode).then_some(previous_oid),
                }),
                _ => None,
            })
            .collect())
    }
}
