//! Which trees hold which blobs with findings, for the full-history walk: each tree as a set of
//! bits (one per blob with findings), computed once per tree from its subtrees; and the
//! smallest path at which a tree holds a given blob. Most trees hold none: their set is empty
//! and takes no memory, so memory grows with the trees that lead to findings, not with every
//! tree times every finding.

use std::borrow::Cow;
use std::sync::atomic::AtomicU64;

use gix::bstr::BString;
use gix::hashtable::{HashMap, HashSet};
use gix::objs::tree::EntryKind;
use gix::ObjectId;

use super::scoped::{NameTest, TreeNames};
use crate::source::{GitError, GitOp, KnownTree};

/// Which blobs the repository has.
pub(super) trait Blobs {
    fn has(&self, id: &gix::oid) -> bool;

    /// Where a present blob remembers the name it was last seen with and what that name is
    /// to rules scoped by path (see `scoped::NameTest::blob_at`); `None` when this set keeps
    /// none (or lacks the blob).
    fn name_slot(&self, _id: &gix::oid) -> Option<&AtomicU64> {
        None
    }
}

impl Blobs for HashMap<ObjectId, AtomicU64> {
    fn has(&self, id: &gix::oid) -> bool {
        self.contains_key(id)
    }

    fn name_slot(&self, id: &gix::oid) -> Option<&AtomicU64> {
        self.get(id)
    }
}

impl Blobs for HashSet<ObjectId> {
    fn has(&self, id: &gix::oid) -> bool {
        self.contains(id)
    }
}

/// Where `TreeSets` finds the trees it was given (others it reads from the repository).
pub(super) trait Trees {
    fn tree(&self, id: &ObjectId) -> Option<Cow<'_, TreeRec>>;
}

impl Trees for HashMap<ObjectId, TreeRec> {
    fn tree(&self, id: &ObjectId) -> Option<Cow<'_, TreeRec>> {
        self.get(id).map(Cow::Borrowed)
    }
}

/// No trees (`TreeSets::without_trees`).
struct NoTrees;

impl Trees for NoTrees {
    fn tree(&self, _id: &ObjectId) -> Option<Cow<'_, TreeRec>> {
        None
    }
}

/// No blobs (`TreeSets::without_trees`).
struct NoBlobs;

impl Blobs for NoBlobs {
    fn has(&self, _id: &gix::oid) -> bool {
        false
    }
}

/// A tree as attribution needs it.
#[derive(Clone, Default)]
pub(super) struct TreeRec {
    subtrees: Vec<ObjectId>,
    /// Indices (into the blobs with findings) of the blobs directly in this tree.
    hits: Vec<u32>,
    /// Blobs this tree names that the repository does not have.
    missing: Vec<ObjectId>,
    /// Whether `names` was filled in (the tree was parsed with a `NameTest`).
    pub named: bool,
    /// What rules scoped by path need of the tree's names; `None` when nothing.
    pub names: Option<Box<TreeNames>>,
}

impl TreeRec {
    /// Parses a tree; `blobs` are all the blobs the object database has, `hits` those with
    /// findings, by index.
    pub fn parse(
        data: &[u8],
        hash: gix::hash::Kind,
        blobs: &dyn Blobs,
        hits: &HashMap<ObjectId, u32>,
    ) -> TreeRec {
        TreeRec::parse_named(data, hash, blobs, hits, None)
    }

    /// `parse`, also keeping what rules scoped by path need of the names (`test`: when some
    /// rules are scoped).
    pub fn parse_named(
        data: &[u8],
        hash: gix::hash::Kind,
        blobs: &dyn Blobs,
        hits: &HashMap<ObjectId, u32>,
        mut test: Option<&mut NameTest<'_>>,
    ) -> TreeRec {
        let mut rec = TreeRec {
            named: test.is_some(),
            ..TreeRec::default()
        };
        let mut names = TreeNames::default();
        for entry in gix::objs::TreeRefIter::from_bytes(data, hash).flatten() {
            match entry.mode.kind() {
                EntryKind::Tree => {
                    if let Some(test) = test.as_deref_mut() {
                        names.dir(test, rec.subtrees.len(), entry.filename);
                    }
                    rec.subtrees.push(entry.oid.to_owned());
                }
                EntryKind::Blob | EntryKind::BlobExecutable => {
                    if let Some(&hit) = hits.get(entry.oid) {
                        rec.hits.push(hit);
                    } else if let Some(test) = test.as_deref_mut() {
                        match blobs.name_slot(entry.oid) {
                            Some(slot) => names.blob_at(test, slot, entry.oid, entry.filename),
                            None if blobs.has(entry.oid) => {
                                names.blob(test, entry.oid, entry.filename)
                            }
                            None => rec.missing.push(entry.oid.to_owned()),
                        }
                    } else if !blobs.has(entry.oid) {
                        rec.missing.push(entry.oid.to_owned());
                    }
                }
                EntryKind::Link | EntryKind::Commit => {}
            }
        }
        rec.names = names.boxed();
        rec
    }

    /// The subtrees, in the tree's order.
    pub fn subtrees(&self) -> &[ObjectId] {
        &self.subtrees
    }
}

impl TreeRec {
    /// A tree as a cache remembers it: its subtrees, and the blobs in it that had findings or
    /// were missing then (the others were in the repository and clean). Those of these blobs
    /// that have findings now are hits, those the repository lacks now are missing.
    pub fn from_known(
        known: KnownTree,
        blobs: &dyn Blobs,
        hits: &HashMap<ObjectId, u32>,
    ) -> TreeRec {
        let mut rec = TreeRec {
            subtrees: known.subtrees,
            ..TreeRec::default()
        };
        for blob in known.blobs {
            if let Some(&hit) = hits.get(&blob) {
                rec.hits.push(hit);
            } else if !blobs.has(&blob) {
                rec.missing.push(blob);
            }
        }
        rec
    }

    /// The tree as a cache remembers it (`hit_ids`: the blobs with findings, by index).
    pub fn known(&self, hit_ids: &[ObjectId]) -> KnownTree {
        KnownTree {
            subtrees: self.subtrees.clone(),
            blobs: self
                .hits
                .iter()
                .map(|&i| hit_ids[i as usize])
                .chain(self.missing.iter().copied())
                .collect(),
        }
    }
}

/// A set of blob indices: bit `i` of word `i / 64`; words past the end are zero (an empty set
/// has no words).
pub(super) type Bits = Vec<u64>;

/// The sets `TreeSets` computed, detached from what it borrows (`TreeSets::detach`).
pub(super) struct Computed {
    words: usize,
    memo: HashMap<ObjectId, Bits>,
    missing: HashSet<ObjectId>,
    elsewhere: HashSet<ObjectId>,
}

impl Computed {
    /// The sets again, as `TreeSets::without_trees` gives them.
    pub fn attach<'b>(
        self,
        repo: &'b gix::Repository,
        hits: &'b HashMap<ObjectId, u32>,
    ) -> TreeSets<'b> {
        TreeSets {
            repo,
            trees: &NoTrees,
            blobs: &NoBlobs,
            hits,
            words: self.words,
            extra: HashMap::default(),
            memo: self.memo,
            missing: self.missing,
            elsewhere: self.elsewhere,
        }
    }
}

/// Memoized blobs-with-findings sets of trees.
pub(super) struct TreeSets<'a> {
    repo: &'a gix::Repository,
    trees: &'a dyn Trees,
    blobs: &'a dyn Blobs,
    hits: &'a HashMap<ObjectId, u32>,
    words: usize,
    /// Blobs with findings (by index) a tree holds besides its `hits`: those found at a path
    /// a scoped rule matches (`scoped`).
    extra: HashMap<ObjectId, Vec<u32>>,
    memo: HashMap<ObjectId, Bits>,
    /// Blobs reachable trees name that the repository does not have.
    pub missing: HashSet<ObjectId>,
    /// Blobs the repository has outside its own packs and loose objects (alternates).
    pub elsewhere: HashSet<ObjectId>,
}

impl<'a> TreeSets<'a> {
    /// Sets over `hits.len()` blobs, from the recorded `trees` (others are read on demand).
    pub fn new(
        repo: &'a gix::Repository,
        trees: &'a dyn Trees,
        blobs: &'a dyn Blobs,
        hits: &'a HashMap<ObjectId, u32>,
    ) -> Self {
        TreeSets {
            repo,
            trees,
            blobs,
            hits,
            words: hits.len().div_ceil(64),
            extra: HashMap::default(),
            memo: HashMap::default(),
            missing: HashSet::default(),
            elsewhere: HashSet::default(),
        }
    }

    /// Adds blobs with findings that trees hold besides those `hits` names (indices from
    /// `hits.len()` up to `total`), before any set is computed.
    pub fn hold_also(&mut self, extra: HashMap<ObjectId, Vec<u32>>, total: usize) {
        debug_assert!(self.memo.is_empty());
        self.extra = extra;
        self.words = self.words.max(total.div_ceil(64));
    }

    /// The sets computed, by tree.
    pub fn into_memo(self) -> HashMap<ObjectId, Bits> {
        self.memo
    }

    /// These sets without the trees and blobs they were computed from, which the caller may
    /// then free: `get` and `path_of` need only the sets (and `repo`); `compute` must not be
    /// called again.
    pub fn without_trees<'b>(
        self,
        repo: &'b gix::Repository,
        hits: &'b HashMap<ObjectId, u32>,
    ) -> TreeSets<'b> {
        self.detach().attach(repo, hits)
    }

    /// The sets computed, without the repository, trees and blobs they were computed from (to
    /// hand them to another thread).
    pub fn detach(self) -> Computed {
        Computed {
            words: self.words,
            memo: self.memo,
            missing: self.missing,
            elsewhere: self.elsewhere,
        }
    }

    /// The set of a tree `compute` saw (empty for others).
    pub fn get(&self, tree: &ObjectId) -> &[u64] {
        self.memo.get(tree).map_or(&[], Vec::as_slice)
    }

    /// Computes the set of `tree`, and those of its subtrees first (iteratively: trees may nest
    /// deeply).
    pub fn compute(&mut self, tree: ObjectId) -> Result<(), GitError> {
        let mut stack = vec![(tree, false)];
        while let Some((id, expanded)) = stack.pop() {
            if self.memo.contains_key(&id) {
                continue;
            }
            let rec = match self.trees.tree(&id) {
                Some(rec) => rec,
                None => {
                    let object = self
                        .repo
                        .find_object(id)
                        .map_err(|e| GitError::new(GitOp::ReadTree { id }, e))?;
                    Cow::Owned(TreeRec::parse(
                        &object.data,
                        self.repo.object_hash(),
                        self.blobs,
                        self.hits,
                    ))
                }
            };
            if !expanded {
                stack.push((id, true));
                stack.extend(
                    rec.subtrees
                        .iter()
                        .filter(|s| !self.memo.contains_key(*s))
                        .map(|s| (*s, false)),
                );
                continue;
            }
            let mut set = Vec::new();
            let widen = |set: &mut Bits, words: usize| {
                if set.len() < words {
                    set.resize(words, 0);
                }
            };
            let extra = self.extra.get(&id).map_or(&[][..], Vec::as_slice);
            for &hit in rec.hits.iter().chain(extra) {
                widen(&mut set, hit as usize / 64 + 1);
                set[hit as usize / 64] |= 1 << (hit % 64);
            }
            for sub in &rec.subtrees {
                if let Some(sub_set) = self.memo.get(sub).filter(|s| !s.is_empty()) {
                    widen(&mut set, sub_set.len());
                    for (word, s) in set.iter_mut().zip(sub_set) {
                        *word |= s;
                    }
                }
            }
            debug_assert!(set.len() <= self.words);
            set.shrink_to_fit();
            for m in &rec.missing {
                if self.repo.has_object(m) {
                    self.elsewhere.insert(*m);
                } else {
                    self.missing.insert(*m);
                }
            }
            self.memo.insert(id, set);
        }
        Ok(())
    }

    /// The smallest path that `accept`s at which `tree` holds `blob` (index `bit` among the
    /// blobs with findings), descending only into subtrees that hold it.
    pub fn path_of(
        &self,
        tree: ObjectId,
        blob: ObjectId,
        bit: u32,
        accept: impl Fn(&[u8]) -> bool,
    ) -> Result<Option<BString>, GitError> {
        let holds = |id: &ObjectId| {
            self.memo
                .get(id)
                .and_then(|set| set.get(bit as usize / 64))
                .is_some_and(|word| word & (1 << (bit % 64)) != 0)
        };
        let mut best: Option<BString> = None;
        let mut stack = vec![(tree, BString::default())];
        while let Some((id, prefix)) = stack.pop() {
            let object = self
                .repo
                .find_object(id)
                .map_err(|e| GitError::new(GitOp::ReadTree { id }, e))?;
            for entry in
                gix::objs::TreeRefIter::from_bytes(&object.data, self.repo.object_hash()).flatten()
            {
                let mut path = prefix.clone();
                if !path.is_empty() {
                    path.push(b'/');
                }
                path.extend_from_slice(entry.filename);
                match entry.mode.kind() {
                    EntryKind::Tree if holds(&entry.oid.to_owned()) => {
                        stack.push((entry.oid.to_owned(), path))
                    }
                    EntryKind::Blob | EntryKind::BlobExecutable
                        if entry.oid == blob.as_ref()
                            && best.as_ref().is_none_or(|b| path < *b)
                            && accept(path.as_slice()) =>
                    {
                        best = Some(path);
                    }
                    _ => {}
                }
            }
        }
        Ok(best)
    }
}
