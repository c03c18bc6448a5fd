//! What the index stages relative to HEAD's tree. The index's cache-tree extension (which git
//! keeps valid for every directory a change did not touch) proves whole directories unchanged,
//! so a small change in a huge repository decodes a handful of trees and compares a handful of
//! entries instead of rebuilding an index from HEAD.

use std::collections::HashMap;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::index::entry::{Flags, Stage};
use gix::index::extension::Tree as CacheTree;
use gix::objs::tree::EntryKind;
use gix::ObjectId;

use super::index_file::{is_staged_file, outside, prefix_range, MappedIndex, RawEntry};
use super::{GitError, GitOp};

/// A staged regular file.
pub struct Change {
    pub path: BString,
    pub id: ObjectId,
    /// HEAD's blob at the same path when it was a regular file there too.
    pub previous: Option<ObjectId>,
}

/// The staged additions and modifications, and the blobs of deleted files (for renames).
#[derive(Default)]
pub struct Changes {
    pub changes: Vec<Change>,
    pub deleted: Vec<ObjectId>,
}

/// The index, as the comparison reads it.
pub enum Index {
    /// Mapped and read in place (the common case).
    Mapped(MappedIndex),
    /// Decoded by gix: a split or sparse index, very long paths, or a file the mapped reader
    /// does not accept (gix then reports what is wrong with it). Also the empty index.
    Decoded(Box<gix::index::State>),
}

impl Index {
    fn tree(&self) -> Option<&CacheTree> {
        match self {
            Index::Mapped(index) => index.tree(),
            Index::Decoded(state) => state.tree(),
        }
    }

    /// Calls `f` with every entry in order, except those whose path starts with one of `skip`
    /// (sorted; none a prefix of another).
    fn for_each_outside(&self, skip: &[&BStr], mut f: impl FnMut(RawEntry<'_>)) {
        let state = match self {
            Index::Mapped(index) => return index.for_each_outside(skip, f),
            Index::Decoded(state) => state,
        };
        let entries = state.entries();
        let path_of = |i: usize| entries[i].path(state);
        let ranges = skip.iter().map(|p| prefix_range(entries.len(), path_of, p));
        for i in outside(entries.len(), ranges) {
            let entry = &entries[i];
            f(RawEntry {
                path: entry.path(state),
                id: &entry.id,
                staged_file: is_staged_file(
                    entry.stage() == Stage::Unconflicted,
                    entry.flags.contains(Flags::INTENT_TO_ADD),
                    entry.mode,
                ),
            });
        }
    }
}

/// Loads the index `repo` points to (`GIT_INDEX_FILE` included); an absent index is empty. Its
/// trailing checksum is not verified: git just wrote it, and hashing a large index costs more
/// than the whole rest of the scan.
pub fn load_index(repo: &gix::Repository) -> Result<Index, GitError> {
    let path = repo.index_path();
    if !path.exists() {
        return Ok(Index::Decoded(Box::new(gix::index::State::new(
            repo.object_hash(),
        ))));
    }
    if let Some(index) = MappedIndex::open(&path, repo.object_hash()) {
        return Ok(Index::Mapped(index));
    }
    gix::index::File::at(&path, repo.object_hash(), true, Default::default())
        .map(|file| Index::Decoded(Box::new(file.into())))
        .map_err(|e| GitError::new(GitOp::ReadIndex { path }, e))
}

fn is_file(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable)
}

/// Compares `index` with the tree `head`.
pub fn changes(repo: &gix::Repository, head: ObjectId, index: &Index) -> Result<Changes, GitError> {
    let mut walk = Walk {
        repo,
        head_files: HashMap::new(),
        unchanged: Vec::new(),
    };
    walk.tree(head, BString::default(), index.tree())?;
    let Walk {
        mut head_files,
        mut unchanged,
        ..
    } = walk;
    unchanged.sort();
    let skip: Vec<&BStr> = unchanged.iter().map(|p| p.as_bstr()).collect();

    let mut out = Changes::default();
    index.for_each_outside(&skip, |entry| {
        let head = head_files.get_mut(entry.path).map(|file| {
            file.seen = true;
            (file.id, file.kind)
        });
        if !entry.staged_file {
            return;
        }
        let previous = match head {
            Some((id, _)) if id == entry.id => return,
            Some((id, kind)) => is_file(kind).then_some(id),
            None => None,
        };
        out.changes.push(Change {
            path: entry.path.to_owned(),
            id: entry.id.to_owned(),
            previous,
        });
    });
    let mut deleted: Vec<(&BString, ObjectId)> = head_files
        .iter()
        .filter(|(_, file)| is_file(file.kind) && !file.seen)
        .map(|(path, file)| (path, file.id))
        .collect();
    deleted.sort();
    out.deleted = deleted.into_iter().map(|(_, id)| id).collect();
    Ok(out)
}

/// A file in HEAD's tree, in a directory the cache-tree could not prove unchanged.
struct HeadFile {
    id: ObjectId,
    kind: EntryKind,
    /// Whether the index has an entry at its path (else it is deleted).
    seen: bool,
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    /// HEAD's entries (not trees) in directories the cache-tree could not prove unchanged.
    head_files: HashMap<BString, HeadFile>,
    /// Directories (ending in `/`, or empty for the root) proven unchanged.
    unchanged: Vec<BString>,
}

impl Walk<'_> {
    /// Visits HEAD's tree `id` at `prefix` (empty, or ending in `/`), with the matching
    /// cache-tree node if the index has one.
    fn tree(
        &mut self,
        id: ObjectId,
        prefix: BString,
        cache: Option<&CacheTree>,
    ) -> Result<(), GitError> {
        if cache.is_some_and(|c| c.num_entries.is_some() && c.id == id) {
            self.unchanged.push(prefix);
            return Ok(());
        }
        if id.is_empty_tree() {
            return Ok(());
        }
        let object = self
            .repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::ReadHeadTreeObject { id }, e))?;
        let mut subtrees = Vec::new();
        for entry in gix::objs::TreeRefIter::from_bytes(&object.data, self.repo.object_hash()) {
            let entry = entry.map_err(|e| GitError::new(GitOp::DamagedHeadTree { id }, e))?;
            let mut path = prefix.clone();
            path.extend_from_slice(entry.filename);
            match entry.mode.kind() {
                EntryKind::Tree => {
                    let child = cache.and_then(|c| {
                        c.children
                            .iter()
                            .find(|t| t.name.as_slice() == entry.filename.as_bytes())
                    });
                    path.push(b'/');
                    subtrees.push((entry.oid.to_owned(), path, child));
                }
                kind => {
                    let file = HeadFile {
                        id: entry.oid.to_owned(),
                        kind,
                        seen: false,
                    };
                    self.head_files.insert(path, file);
                }
            }
        }
        for (id, path, child) in subtrees {
            self.tree(id, path, child)?;
        }
        Ok(())
    }
}
