//! What the index stages relative to HEAD's tree. The index's cache-tree extension (which git
//! keeps valid for every directory a change did not touch) proves whole directories unchanged,
//! so a small change in a huge repository decodes a handful of trees and compares a handful of
//! entries instead of rebuilding an index from HEAD.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::index::entry::{Flags, Mode, Stage};
use gix::index::extension::Tree as CacheTree;
use gix::objs::tree::EntryKind;
use gix::ObjectId;

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

/// Loads the index `repo` points to (`GIT_INDEX_FILE` included); an absent index is empty. Its
/// trailing checksum is not verified: git just wrote it, and hashing a large index costs more
/// than the whole rest of the scan.
pub fn load_index(repo: &gix::Repository) -> Result<gix::index::State, GitError> {
    let path = repo.index_path();
    if !path.exists() {
        return Ok(gix::index::State::new(repo.object_hash()));
    }
    gix::index::File::at(&path, repo.object_hash(), true, Default::default())
        .map(Into::into)
        .map_err(|e| GitError::new(GitOp::ReadIndex { path }, e))
}

fn is_file(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable)
}

/// Compares `index` with the tree `head`.
pub fn changes(
    repo: &gix::Repository,
    head: ObjectId,
    index: &gix::index::State,
) -> Result<Changes, GitError> {
    let mut walk = Walk {
        repo,
        index,
        head_files: HashMap::new(),
        unchanged: Vec::new(),
    };
    walk.tree(head, BString::default(), index.tree())?;
    let Walk {
        head_files,
        mut unchanged,
        ..
    } = walk;
    unchanged.sort_by_key(|r| r.start);

    let mut out = Changes::default();
    let mut seen: HashSet<&BStr> = HashSet::new();
    let entries = index.entries();
    let mut skip = unchanged.iter().peekable();
    let mut i = 0;
    while i < entries.len() {
        if let Some(range) = skip.peek() {
            if range.start <= i {
                i = i.max(range.end);
                skip.next();
                continue;
            }
        }
        let entry = &entries[i];
        i += 1;
        let path = entry.path(index);
        seen.insert(path);
        if entry.stage() != Stage::Unconflicted
            || entry.flags.contains(Flags::INTENT_TO_ADD)
            || !matches!(entry.mode, Mode::FILE | Mode::FILE_EXECUTABLE)
        {
            continue;
        }
        let previous = match head_files.get(path) {
            Some((id, _)) if *id == entry.id => continue,
            Some((id, kind)) => is_file(*kind).then_some(*id),
            None => None,
        };
        out.changes.push(Change {
            path: path.to_owned(),
            id: entry.id,
            previous,
        });
    }
    let mut deleted: Vec<(&BString, ObjectId)> = head_files
        .iter()
        .filter(|(path, (_, kind))| is_file(*kind) && !seen.contains(path.as_bstr()))
        .map(|(path, (id, _))| (path, *id))
        .collect();
    deleted.sort();
    out.deleted = deleted.into_iter().map(|(_, id)| id).collect();
    Ok(out)
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    index: &'a gix::index::State,
    /// HEAD's entries (not trees) in directories the cache-tree could not prove unchanged.
    head_files: HashMap<BString, (ObjectId, EntryKind)>,
    /// Ranges of index entries in directories proven unchanged.
    unchanged: Vec<Range<usize>>,
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
            self.unchanged.push(self.range(prefix.as_bstr()));
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
                    self.head_files.insert(path, (entry.oid.to_owned(), kind));
                }
            }
        }
        for (id, path, child) in subtrees {
            self.tree(id, path, child)?;
        }
        Ok(())
    }

    /// The index entries under `prefix`: contiguous, as the index is sorted by path.
    fn range(&self, prefix: &BStr) -> Range<usize> {
        let entries = self.index.entries();
        if prefix.is_empty() {
            return 0..entries.len();
        }
        let start = entries.partition_point(|e| e.path(self.index) < prefix);
        let end =
            start + entries[start..].partition_point(|e| e.path(self.index).starts_with(prefix));
        start..end
    }
}
