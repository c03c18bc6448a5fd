//! The whole history (every ref), fast: every object of the object database is decoded once
//! (`odb`), blobs are scanned as they are decoded, and only blobs with findings are then
//! attributed to the commits that introduced them, in memory:
//!
//! 1. Pass one decodes everything: blobs are scanned (without a path yet), commits recorded.
//! 2. Pass two records each tree's subtrees, which of its blobs have findings, and which of its
//!    blobs are missing from the repository.
//! 3. From the refs, the reachable commits; for each, the set of blobs-with-findings its tree
//!    holds (memoized per tree); a commit introduces those its parents' trees do not hold.
//! 4. Each such blob gets its earliest introducing commit, a path in that commit's tree, and is
//!    scanned again with that path (path allowlists and fingerprints need it).

use gix::hashtable::{HashMap, HashSet};
use std::sync::Mutex;

use gix::objs::tree::EntryKind;
use gix::objs::Kind;
use gix::ObjectId;

use super::{generations, CommitKey, History, HistoryStats, Intro, Node, Paths};
use crate::finding::{Finding, Provenance};
use crate::scan::{BlobScratch, Scanner};
use crate::source::odb::{for_each_object, Visitor};
use crate::Error;

/// What the passes over the object database found.
#[derive(Default)]
struct Found {
    commits: Vec<(ObjectId, Node)>,
    blobs: Vec<ObjectId>,
    hits: Vec<ObjectId>,
    trees: Vec<(ObjectId, TreeRec)>,
}

impl Found {
    fn absorb(&mut self, other: &mut Found) {
        self.commits.append(&mut other.commits);
        self.blobs.append(&mut other.blobs);
        self.hits.append(&mut other.hits);
        self.trees.append(&mut other.trees);
    }
}

/// A tree as attribution needs it.
#[derive(Default)]
struct TreeRec {
    subtrees: Vec<ObjectId>,
    /// Indices (into the blobs with findings) of the blobs directly in this tree.
    hits: Vec<u32>,
    /// Blobs this tree names that the repository does not have.
    missing: Vec<ObjectId>,
}

/// Pass one: scan blobs, record commits.
struct BlobPass<'a> {
    scanner: &'a Scanner,
    hash: gix::hash::Kind,
    shared: &'a Mutex<Found>,
    local: Found,
    scratch: BlobScratch,
}

impl Clone for BlobPass<'_> {
    fn clone(&self) -> Self {
        BlobPass {
            scanner: self.scanner,
            hash: self.hash,
            shared: self.shared,
            local: Found::default(),
            scratch: BlobScratch::default(),
        }
    }
}

impl Drop for BlobPass<'_> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.absorb(&mut self.local);
        }
    }
}

impl Visitor for BlobPass<'_> {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]) {
        match kind {
            Kind::Blob => {
                self.local.blobs.push(id.to_owned());
                if self.scanner.admit(data.len() as u64, data)
                    && !self
                        .scanner
                        .scan_blob(data, "", &Provenance::File, &mut self.scratch)
                        .is_empty()
                {
                    self.local.hits.push(id.to_owned());
                }
            }
            Kind::Commit => {
                if let Ok(commit) = gix::objs::CommitRef::from_bytes(data, self.hash) {
                    let node = Node {
                        id: id.to_owned(),
                        time: commit.time().map(|t| t.seconds).unwrap_or(0),
                        tree: commit.tree(),
                        parents: commit.parents().collect(),
                        cut: false,
                    };
                    self.local.commits.push((id.to_owned(), node));
                }
            }
            Kind::Tree | Kind::Tag => {}
        }
    }
}

/// Pass two: record trees.
struct TreePass<'a> {
    hash: gix::hash::Kind,
    blobs: &'a HashSet<ObjectId>,
    hits: &'a HashMap<ObjectId, u32>,
    shared: &'a Mutex<Found>,
    local: Found,
}

impl Clone for TreePass<'_> {
    fn clone(&self) -> Self {
        TreePass {
            hash: self.hash,
            blobs: self.blobs,
            hits: self.hits,
            shared: self.shared,
            local: Found::default(),
        }
    }
}

impl Drop for TreePass<'_> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.absorb(&mut self.local);
        }
    }
}

impl Visitor for TreePass<'_> {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]) {
        if kind == Kind::Tree {
            let rec = tree_rec(data, self.hash, self.blobs, self.hits);
            self.local.trees.push((id.to_owned(), rec));
        }
    }
}

/// Parses a tree into what attribution needs.
fn tree_rec(
    data: &[u8],
    hash: gix::hash::Kind,
    blobs: &HashSet<ObjectId>,
    hits: &HashMap<ObjectId, u32>,
) -> TreeRec {
    let mut rec = TreeRec::default();
    for entry in gix::objs::TreeRefIter::from_bytes(data, hash).flatten() {
        match entry.mode.kind() {
            EntryKind::Tree => rec.subtrees.push(entry.oid.to_owned()),
            EntryKind::Blob | EntryKind::BlobExecutable => {
                if let Some(&hit) = hits.get(entry.oid) {
                    rec.hits.push(hit);
                } else if !blobs.contains(entry.oid) {
                    rec.missing.push(entry.oid.to_owned());
                }
            }
            EntryKind::Link | EntryKind::Commit => {}
        }
    }
    rec
}

/// A fixed-size set of blob indices.
type Bits = Vec<u64>;

impl History {
    /// Scans the history of every ref. Returns the findings with their commits, warnings, notes
    /// and counts.
    pub(super) fn scan_all(
        &self,
        scanner: &Scanner,
        tips: Vec<ObjectId>,
        threads: usize,
        stats: &mut HistoryStats,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Finding>, Error> {
        let repo = &self.repo;
        let hash = repo.object_hash();
        let shared = Mutex::new(Found::default());
        for_each_object(
            repo,
            threads,
            |kind| matches!(kind, Kind::Blob | Kind::Commit),
            &BlobPass {
                scanner,
                hash,
                shared: &shared,
                local: Found::default(),
                scratch: BlobScratch::default(),
            },
        )?;
        let mut found = shared.into_inner().unwrap_or_default();
        let blobs: HashSet<ObjectId> = found.blobs.drain(..).collect();
        drop(found.blobs);
        stats.unique_blobs = blobs.len() as u64;
        found.hits.sort();
        found.hits.dedup();
        let hits: HashMap<ObjectId, u32> = found
            .hits
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i as u32))
            .collect();
        let commits: HashMap<ObjectId, Node> = found.commits.drain(..).collect();

        let shared = Mutex::new(Found::default());
        for_each_object(
            repo,
            threads,
            |kind| kind == Kind::Tree,
            &TreePass {
                hash,
                blobs: &blobs,
                hits: &hits,
                shared: &shared,
                local: Found::default(),
            },
        )?;
        let trees: HashMap<ObjectId, TreeRec> = shared
            .into_inner()
            .unwrap_or_default()
            .trees
            .into_iter()
            .collect();

        // Reachable commits, from the records (or the repository, for commits not in them).
        let mut nodes = Vec::new();
        let mut seen = HashSet::default();
        let mut stack = tips;
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let mut node = match commits.get(&id) {
                Some(node) => Node {
                    id,
                    time: node.time,
                    tree: node.tree,
                    parents: node.parents.clone(),
                    cut: false,
                },
                None => self.node(id)?,
            };
            let before = node.parents.len();
            node.parents
                .retain(|p| commits.contains_key(p) || repo.has_object(p));
            node.cut |= node.parents.len() < before;
            stack.extend(node.parents.iter().copied());
            nodes.push(node);
        }
        nodes.sort_by_key(|n| n.id);
        stats.commits = nodes.len() as u64;

        // Blobs-with-findings per tree, and the missing blobs of reachable trees.
        let words = found.hits.len().div_ceil(64);
        let mut sets = TreeSets {
            repo,
            trees: &trees,
            blobs: &blobs,
            hits: &hits,
            words,
            memo: HashMap::default(),
            missing: HashSet::default(),
            elsewhere: HashSet::default(),
        };
        let mut root_sets = HashMap::default();
        for node in &nodes {
            if !root_sets.contains_key(&node.tree) {
                let set = sets.set(node.tree)?;
                root_sets.insert(node.tree, set);
            }
        }
        if !sets.elsewhere.is_empty() {
            warnings.push(format!(
                "{} blobs are in alternate object stores (objects/info/alternates), which a full history scan does not read; they were not scanned: scan the repository that owns them too",
                sets.elsewhere.len()
            ));
        }
        let mut missing: Vec<ObjectId> = std::mem::take(&mut sets.missing).into_iter().collect();
        missing.sort();
        stats.missing_objects = missing.len() as u64;
        if !missing.is_empty() {
            warnings.push(format!(
                "{} blobs are missing from the repository (a partial clone, or a damaged one) and were not scanned, e.g. {}",
                missing.len(),
                missing.iter().take(3).map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        stats.shallow_boundaries = nodes.iter().filter(|n| n.cut).count() as u64;
        if found.hits.is_empty() {
            return Ok(Vec::new());
        }

        // The earliest commit introducing each blob with findings.
        let tree_of: HashMap<ObjectId, ObjectId> = nodes.iter().map(|n| (n.id, n.tree)).collect();
        let mut earliest: Vec<Option<CommitKey>> = vec![None; found.hits.len()];
        for (node, generation) in nodes.iter().zip(generations(&nodes)) {
            let mut introduced = root_sets[&node.tree].clone();
            for parent in &node.parents {
                if let Some(parent_set) = tree_of.get(parent).and_then(|t| root_sets.get(t)) {
                    for (word, p) in introduced.iter_mut().zip(parent_set) {
                        *word &= !p;
                    }
                }
            }
            let key = CommitKey {
                time: node.time,
                generation,
                id: node.id,
            };
            for (w, word) in introduced.iter().enumerate() {
                let mut bits = *word;
                while bits != 0 {
                    let i = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if earliest[i].is_none_or(|k| key < k) {
                        earliest[i] = Some(key);
                    }
                }
            }
        }
        let unreachable = earliest.iter().filter(|k| k.is_none()).count();
        if unreachable > 0 {
            stats.unreachable_with_findings = unreachable as u64;
        }

        // Paths, and the scan again with them.
        let mut paths = Paths::default();
        let mut work = Vec::new();
        for (i, key) in earliest.iter().enumerate() {
            let Some(key) = key else { continue };
            let tree = tree_of[&key.id];
            if let Some(path) = self.path_of(tree, found.hits[i], i as u32, &sets.memo)? {
                work.push(Intro {
                    blob: found.hits[i],
                    commit: *key,
                    path: paths.intern(gix::bstr::ByteSlice::as_bstr(path.as_slice())),
                    previous: None,
                });
            }
        }
        let mut scratch = BlobScratch::default();
        let mut findings = Vec::new();
        for (n, intro) in work.iter().enumerate() {
            let path = super::display_path(&paths.list[intro.path as usize]);
            if scanner.skip_path(&path) {
                continue;
            }
            let object = repo
                .find_object(intro.blob)
                .map_err(|e| super::git_error(format!("cannot read blob {}", intro.blob), e))?;
            findings.extend(
                scanner
                    .rescan_blob(&object.data, &path, &mut scratch)
                    .into_iter()
                    .map(|f| (n, f)),
            );
        }
        self.attribute(findings, &work)
    }

    /// The smallest path at which `tree` holds `blob` (index `bit` among the blobs with
    /// findings), descending only into subtrees that hold it.
    fn path_of(
        &self,
        tree: ObjectId,
        blob: ObjectId,
        bit: u32,
        memo: &HashMap<ObjectId, Bits>,
    ) -> Result<Option<gix::bstr::BString>, Error> {
        let holds = |id: &ObjectId| {
            memo.get(id)
                .is_some_and(|set| set[bit as usize / 64] & (1 << (bit % 64)) != 0)
        };
        let mut best: Option<gix::bstr::BString> = None;
        let mut stack = vec![(tree, gix::bstr::BString::default())];
        while let Some((id, prefix)) = stack.pop() {
            let object = self
                .repo
                .find_object(id)
                .map_err(|e| super::git_error(format!("cannot read tree {id}"), e))?;
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
                            && best.as_ref().is_none_or(|b| path < *b) =>
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

/// Memoized blobs-with-findings sets of trees.
struct TreeSets<'a> {
    repo: &'a gix::Repository,
    trees: &'a HashMap<ObjectId, TreeRec>,
    blobs: &'a HashSet<ObjectId>,
    hits: &'a HashMap<ObjectId, u32>,
    words: usize,
    memo: HashMap<ObjectId, Bits>,
    missing: HashSet<ObjectId>,
    /// Blobs the repository has outside its own packs and loose objects (alternates).
    elsewhere: HashSet<ObjectId>,
}

impl TreeSets<'_> {
    /// The set of `tree`, computing those of its subtrees first (iteratively: trees may nest
    /// deeply).
    fn set(&mut self, tree: ObjectId) -> Result<Bits, Error> {
        let mut stack = vec![(tree, false)];
        while let Some((id, expanded)) = stack.pop() {
            if self.memo.contains_key(&id) {
                continue;
            }
            let loaded;
            let rec = match self.trees.get(&id) {
                Some(rec) => rec,
                None => {
                    let object = self
                        .repo
                        .find_object(id)
                        .map_err(|e| super::git_error(format!("cannot read tree {id}"), e))?;
                    loaded = tree_rec(&object.data, self.repo.object_hash(), self.blobs, self.hits);
                    &loaded
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
            let mut set = vec![0u64; self.words];
            for &hit in &rec.hits {
                set[hit as usize / 64] |= 1 << (hit % 64);
            }
            for sub in &rec.subtrees {
                if let Some(sub_set) = self.memo.get(sub) {
                    for (word, s) in set.iter_mut().zip(sub_set) {
                        *word |= s;
                    }
                }
            }
            for m in &rec.missing {
                if self.repo.has_object(m) {
                    self.elsewhere.insert(*m);
                } else {
                    self.missing.insert(*m);
                }
            }
            self.memo.insert(id, set);
        }
        Ok(self
            .memo
            .get(&tree)
            .cloned()
            .unwrap_or_else(|| vec![0; self.words]))
    }
}
