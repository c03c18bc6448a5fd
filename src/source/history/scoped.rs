//! Rules scoped by path (`.pgpass`, `*.tfvars`, `.aws/credentials`) in a full-history scan.
//!
//! Pass one scans blobs without their paths, so no scoped rule applies there, and a blob that
//! only such a rule finds something in would never be scanned again with its path. The blobs
//! that sit at a path some scoped pattern matches are found from the trees instead:
//!
//! - While trees are parsed (`TreeRec::parse_named`), each blob's name is tested once for
//!   whether a pattern matches it at the root or right below an ordinary directory, and each
//!   subtree's name for whether the directory is ordinary. A name is tested against one lazy
//!   DFA of all the patterns: a directory is ordinary when the DFA is, after `name/`, in the
//!   state it is in after a bare `/`. Below ordinary directories only, a path matches exactly
//!   when its last name does; below any other (`.aws/`, `config/`, `hieradata/`…) the walk
//!   reads the trees again and tests each whole path.
//! - `holdings` walks the trees of the commits' root trees and gives the blobs at such paths
//!   with the trees that hold them there, and each path (or one the patterns cannot tell from
//!   it).
//! - Such a blob that pass one found nothing in is scanned again at each of its distinct paths
//!   (`BlobSink::finds_at_path`). When that finds something it joins the blobs with findings,
//!   held by the trees where it sits at a matching path, and is attributed and scanned again
//!   with its real path as every other one is.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use gix::bstr::{BString, ByteSlice};
use gix::hashtable::HashMap;
use gix::objs::tree::EntryKind;
use gix::ObjectId;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::start;
use regex_automata::{meta::Regex, Anchored, Input};
use std::collections::HashSet;

use super::tree_sets::{TreeRec, Trees};
use crate::finding::Provenance;
use crate::paths::display_git_path;
use crate::rules::pattern::{compile_path_dfa, compile_path_patterns};
use crate::source::{Blob, BlobSink, GitError, GitOp};

/// A blob's name matches at the root.
const AT_ROOT: u8 = 1;
/// A blob's name matches right below an ordinary directory.
const BELOW_DIR: u8 = 2;
/// A directory at the root is not ordinary.
const SPECIAL_AT_ROOT: u8 = 4;
/// A directory below an ordinary directory is not ordinary.
const SPECIAL_BELOW_DIR: u8 = 8;

/// The path patterns of the rules scoped by path.
pub(crate) struct ScopedPaths {
    /// All the patterns as one DFA, for names; `None` when it cannot be built (every path is
    /// then tested whole).
    dfa: Option<DFA>,
    /// The patterns for whole paths (one regex, or one per pattern when some do not compile).
    exact: Vec<Regex>,
    /// The key of name fingerprints, random per process.
    key: u64,
}

impl ScopedPaths {
    /// The scoped rules' `patterns`; `None` when there are none (or none compiles).
    pub fn new(patterns: &[String]) -> Option<ScopedPaths> {
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        if patterns.is_empty() {
            return None;
        }
        let exact = match compile_path_patterns(&patterns) {
            Ok(regex) => vec![regex],
            // The scan reports the pattern that fails; the others still apply.
            Err(_) => patterns
                .iter()
                .filter_map(|p| compile_path_patterns(&[p]).ok())
                .collect(),
        };
        if exact.is_empty() {
            return None;
        }
        let dfa = if exact.len() == 1 {
            compile_path_dfa(&patterns).ok()
        } else {
            None
        };
        let key =
            std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), 0u64);
        Some(ScopedPaths { dfa, exact, key })
    }

    /// A name tester for one thread; `None` when names cannot be tested alone.
    pub fn names(&self) -> Option<NameTest<'_>> {
        self.dfa.as_ref().map(|dfa| NameTest::new(dfa, self.key))
    }

    /// Whether a scoped pattern matches a whole `path`.
    pub(super) fn matches(&self, path: &[u8]) -> bool {
        self.exact.iter().any(|r| r.is_match(Input::new(path)))
    }
}

/// Names remembered by a `NameTest`.
const SLOTS: usize = 4096;
/// Longer names are tested every time.
const INLINE: usize = 46;

#[derive(Clone, Copy)]
struct Slot {
    /// `u8::MAX`: empty.
    len: u8,
    /// Whether the name is a directory's.
    dir: bool,
    flags: u8,
    bytes: [u8; INLINE],
}

const EMPTY: Slot = Slot {
    len: u8::MAX,
    dir: false,
    flags: 0,
    bytes: [0; INLINE],
};

/// Tests names against the DFA of the scoped patterns, remembering recent answers (a
/// repository's history names the same few thousand files again in every tree).
pub(crate) struct NameTest<'a> {
    dfa: &'a DFA,
    cache: Cache,
    /// The state at the start of a path, and after a `/` there.
    start: LazyStateID,
    slash: LazyStateID,
    /// The cache's clear count when `start` and `slash` were computed (a clear invalidates
    /// state ids).
    clears: usize,
    slots: Box<[Slot]>,
    /// The key of `fingerprint`.
    key: u64,
}

impl<'a> NameTest<'a> {
    fn new(dfa: &'a DFA, key: u64) -> NameTest<'a> {
        let mut test = NameTest {
            dfa,
            cache: dfa.create_cache(),
            start: LazyStateID::default(),
            slash: LazyStateID::default(),
            clears: usize::MAX,
            slots: vec![EMPTY; SLOTS].into_boxed_slice(),
            key,
        };
        test.starts();
        test
    }

    /// Computes `start` and `slash` again; false when the DFA cannot say.
    fn starts(&mut self) -> bool {
        let config = start::Config::new().anchored(Anchored::No);
        let Ok(start) = self.dfa.start_state(&mut self.cache, &config) else {
            return false;
        };
        let Ok(slash) = self.dfa.next_state(&mut self.cache, start, b'/') else {
            return false;
        };
        if start.is_quit() || slash.is_quit() {
            return false;
        }
        self.start = start;
        self.slash = slash;
        self.clears = self.cache.clear_count();
        true
    }

    /// A name's fingerprint: 56 bits of a hash keyed for this process (a name cannot be made
    /// to collide with another without the key), in the high bits, never zero.
    fn fingerprint(&self, name: &[u8]) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let word = |bytes: &[u8]| {
            let mut w = [0u8; 8];
            w[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(w)
        };
        let n = name.len();
        // The first and last eight bytes (overlapping in shorter names), then the middle.
        let (first, last) = if n >= 8 {
            (word(&name[..8]), word(&name[n - 8..]))
        } else {
            (word(name), 0)
        };
        let mut hash = (first ^ self.key).wrapping_mul(K)
            ^ (last ^ self.key.rotate_left(32) ^ n as u64).wrapping_mul(K.rotate_left(17) | 1);
        if n > 16 {
            for chunk in name[8..n - 8].chunks(8) {
                hash = (hash.rotate_left(23) ^ word(chunk)).wrapping_mul(K);
            }
        }
        hash ^= hash >> 29;
        hash = hash.wrapping_mul(K);
        (hash | 1 << 63) & !0xff
    }

    /// The flags of a blob's name (`AT_ROOT`, `BELOW_DIR`).
    pub fn blob(&mut self, name: &[u8]) -> u8 {
        self.remembered(false, name)
    }

    /// The flags of a directory's name (`SPECIAL_AT_ROOT`, `SPECIAL_BELOW_DIR`).
    pub fn dir(&mut self, name: &[u8]) -> u8 {
        self.remembered(true, name)
    }

    fn remembered(&mut self, dir: bool, name: &[u8]) -> u8 {
        if name.len() >= INLINE {
            return self.compute(dir, name);
        }
        // The fingerprint's top bits (any spread will do: the slot's own bytes decide).
        let slot = (self.fingerprint(name) >> 52) as usize % SLOTS;
        let s = &self.slots[slot];
        if usize::from(s.len) == name.len() && s.dir == dir && &s.bytes[..name.len()] == name {
            return s.flags;
        }
        let flags = self.compute(dir, name);
        let s = &mut self.slots[slot];
        s.len = name.len() as u8;
        s.dir = dir;
        s.flags = flags;
        s.bytes[..name.len()].copy_from_slice(name);
        flags
    }

    /// Tests a name from both starting states; every flag when the DFA cannot say.
    fn compute(&mut self, dir: bool, name: &[u8]) -> u8 {
        for _ in 0..2 {
            if self.cache.clear_count() != self.clears && !self.starts() {
                break;
            }
            let flags = if dir {
                let at_root = self.special(self.start, name);
                let below = self.special(self.slash, name);
                at_root
                    .map(|s| u8::from(s) * SPECIAL_AT_ROOT)
                    .zip(below.map(|s| u8::from(s) * SPECIAL_BELOW_DIR))
                    .map(|(a, b)| a | b)
            } else {
                let at_root = self.run(self.start, name, None);
                let below = self.run(self.slash, name, None);
                at_root
                    .zip(below)
                    .map(|((_, a), (_, b))| (u8::from(a) * AT_ROOT) | (u8::from(b) * BELOW_DIR))
            };
            // A clear on the way made the states compared meaningless: once more.
            if self.cache.clear_count() == self.clears {
                if let Some(flags) = flags {
                    return flags;
                }
                break;
            }
        }
        if dir {
            SPECIAL_AT_ROOT | SPECIAL_BELOW_DIR
        } else {
            AT_ROOT | BELOW_DIR
        }
    }

    /// Whether a directory `name` entered from state `from` is not ordinary: a pattern matched
    /// on the way, or the state after `name/` is not the one after a bare `/`.
    fn special(&mut self, from: LazyStateID, name: &[u8]) -> Option<bool> {
        let (state, matched) = self.run(from, name, Some(b'/'))?;
        Some(matched || state != self.slash)
    }

    /// Runs the DFA from `from` over `name` and then `then` (or the end of the path, for
    /// `None`): the state reached and whether a pattern matched on the way; `None` when the
    /// DFA gives up.
    fn run(
        &mut self,
        from: LazyStateID,
        name: &[u8],
        then: Option<u8>,
    ) -> Option<(LazyStateID, bool)> {
        let mut state = from;
        let mut matched = false;
        for &byte in name.iter().chain(then.as_ref()) {
            state = self.dfa.next_state(&mut self.cache, state, byte).ok()?;
            if state.is_tagged() {
                if state.is_quit() {
                    return None;
                }
                matched |= state.is_match();
                if state.is_dead() {
                    return Some((state, matched));
                }
            }
        }
        if then.is_none() {
            state = self.dfa.next_eoi_state(&mut self.cache, state).ok()?;
            if state.is_quit() {
                return None;
            }
            matched |= state.is_match();
        }
        Some((state, matched))
    }
}

/// What the walk needs of a tree's names, kept while parsing it.
#[derive(Clone, Default)]
pub(crate) struct TreeNames {
    /// Blobs whose name matches a pattern at the root or below an ordinary directory, with
    /// `AT_ROOT` / `BELOW_DIR`.
    blobs: Vec<(ObjectId, u8, Box<[u8]>)>,
    /// Subtrees (index among the tree's subtrees) that are not ordinary directories, with
    /// their names and `SPECIAL_AT_ROOT` / `SPECIAL_BELOW_DIR`.
    dirs: Vec<(u32, Box<[u8]>, u8)>,
}

impl TreeNames {
    /// Notes the blob `id` named `name`, if its name matches somewhere.
    pub fn blob(&mut self, test: &mut NameTest<'_>, id: &gix::oid, name: &[u8]) {
        let flags = test.blob(name);
        if flags != 0 {
            self.blobs.push((id.to_owned(), flags, name.into()));
        }
    }

    /// `blob`, for a blob with a `slot` that remembers the name it was last seen with (by a
    /// fingerprint) and that name's flags: the same blob under the same name, as in every
    /// version of a tree that did not change it, is answered from there.
    pub fn blob_at(
        &mut self,
        test: &mut NameTest<'_>,
        slot: &AtomicU64,
        id: &gix::oid,
        name: &[u8],
    ) {
        let print = test.fingerprint(name);
        let seen = slot.load(Relaxed);
        let flags = if seen & !0xff == print {
            (seen & 0xff) as u8
        } else {
            let flags = test.blob(name);
            slot.store(print | u64::from(flags), Relaxed);
            flags
        };
        if flags != 0 {
            self.blobs.push((id.to_owned(), flags, name.into()));
        }
    }

    /// Notes the subtree at `index` named `name`, if it is not an ordinary directory.
    pub fn dir(&mut self, test: &mut NameTest<'_>, index: usize, name: &[u8]) {
        let flags = test.dir(name);
        if flags != 0 {
            self.dirs.push((index as u32, name.into(), flags));
        }
    }

    /// Boxed, when there is anything.
    pub fn boxed(mut self) -> Option<Box<TreeNames>> {
        if self.blobs.is_empty() && self.dirs.is_empty() {
            return None;
        }
        // Kept until the walk: no spare capacity.
        self.blobs.shrink_to_fit();
        self.dirs.shrink_to_fit();
        Some(Box::new(self))
    }
}

/// Where the walk is: at a root tree, below ordinary directories only, or below the directory
/// at a path (`/`-prefixed when below ordinary directories, which the patterns cannot tell
/// from a bare `/`).
#[derive(Clone, PartialEq, Eq)]
enum Place {
    Root,
    BelowDir,
    At(BString),
}

/// Blobs at paths a scoped pattern matches: each with a tree that holds it there and a path
/// the patterns cannot tell from the real one (unsorted, possibly repeated).
#[derive(Default)]
pub(super) struct Held {
    /// (tree, blob, path index).
    pairs: Vec<(ObjectId, ObjectId, u32)>,
    paths: Vec<BString>,
    index: std::collections::HashMap<BString, u32>,
}

impl Held {
    fn add(&mut self, tree: ObjectId, blob: ObjectId, path: &[u8]) {
        let next = self.paths.len() as u32;
        let index = *self.index.entry(path.into()).or_insert(next);
        if index == next {
            self.paths.push(path.into());
        }
        self.pairs.push((tree, blob, index));
    }
}

/// The blobs at paths a scoped pattern matches in the trees of `roots`. Trees are taken from
/// `trees` when they were parsed with their names, else read from the repository. A path
/// below ordinary directories only is given as `/name` (or `name` at the root): the patterns
/// match it as they match the real one.
pub(super) fn holdings(
    repo: &gix::Repository,
    trees: &dyn Trees,
    roots: &[ObjectId],
    paths: &ScopedPaths,
) -> Result<Held, GitError> {
    let mut test = paths.names();
    let first = if test.is_some() {
        Place::Root
    } else {
        Place::At(BString::default())
    };
    let mut held = Held::default();
    // Trees seen at the root, below ordinary directories, and below others (keyed by a path
    // too: not a `gix::hashtable` set, which takes ids alone).
    let mut seen_root: gix::hashtable::HashSet<ObjectId> = Default::default();
    let mut seen_below: gix::hashtable::HashSet<ObjectId> = Default::default();
    let mut seen: HashSet<(ObjectId, BString)> = HashSet::new();
    let mut stack: Vec<(ObjectId, Place)> = roots.iter().map(|r| (*r, first.clone())).collect();
    while let Some((id, place)) = stack.pop() {
        let new = match &place {
            Place::Root => seen_root.insert(id),
            Place::BelowDir => seen_below.insert(id),
            Place::At(path) => seen.insert((id, path.clone())),
        };
        if !new {
            continue;
        }
        match (&place, test.as_mut()) {
            (Place::Root | Place::BelowDir, Some(test)) => {
                let at_root = place == Place::Root;
                let rec = match trees.tree(&id).filter(|r| r.named) {
                    Some(rec) => rec,
                    None => {
                        let data = read_tree(repo, id)?;
                        Cow::Owned(TreeRec::parse_named(
                            &data,
                            repo.object_hash(),
                            &Everything,
                            &Default::default(),
                            Some(test),
                        ))
                    }
                };
                let (blob_flag, dir_flag) = if at_root {
                    (AT_ROOT, SPECIAL_AT_ROOT)
                } else {
                    (BELOW_DIR, SPECIAL_BELOW_DIR)
                };
                let mut special = Vec::new();
                if let Some(names) = &rec.names {
                    let mut path = BString::default();
                    for (blob, flags, name) in &names.blobs {
                        if flags & blob_flag != 0 {
                            path.clear();
                            if !at_root {
                                path.push(b'/');
                            }
                            path.extend_from_slice(name);
                            held.add(id, *blob, &path);
                        }
                    }
                    for (index, name, flags) in &names.dirs {
                        if flags & dir_flag != 0 {
                            special.push(*index as usize);
                            let mut path = BString::from(if at_root { "" } else { "/" });
                            path.extend_from_slice(name);
                            stack.push((rec.subtrees()[*index as usize], Place::At(path)));
                        }
                    }
                }
                for (index, sub) in rec.subtrees().iter().enumerate() {
                    if !special.contains(&index) {
                        stack.push((*sub, Place::BelowDir));
                    }
                }
            }
            (Place::At(_), _) | (Place::Root | Place::BelowDir, None) => {
                let dir = match &place {
                    Place::At(dir) => dir.clone(),
                    _ => BString::default(),
                };
                let data = read_tree(repo, id)?;
                for entry in gix::objs::TreeRefIter::from_bytes(&data, repo.object_hash()).flatten()
                {
                    let mut path = dir.clone();
                    if !path.is_empty() {
                        path.push(b'/');
                    }
                    path.extend_from_slice(entry.filename);
                    match entry.mode.kind() {
                        EntryKind::Tree => stack.push((entry.oid.to_owned(), Place::At(path))),
                        EntryKind::Blob | EntryKind::BlobExecutable => {
                            if paths.matches(path.as_bytes()) {
                                held.add(id, entry.oid.to_owned(), &path);
                            }
                        }
                        EntryKind::Link | EntryKind::Commit => {}
                    }
                }
            }
        }
    }
    Ok(held)
}

/// Of the blobs `held` at scoped paths that are `candidate`s (pass one found nothing in
/// them), those with findings at one of those paths, sorted.
pub(super) fn hits_among(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    held: &Held,
    candidate: impl Fn(&ObjectId) -> bool,
) -> Result<Vec<ObjectId>, GitError> {
    let mut blobs: Vec<(ObjectId, u32)> = held
        .pairs
        .iter()
        .filter(|(_, blob, _)| candidate(blob))
        .map(|(_, blob, path)| (*blob, *path))
        .collect();
    blobs.sort_unstable_by(|a, b| {
        (a.0, &held.paths[a.1 as usize]).cmp(&(b.0, &held.paths[b.1 as usize]))
    });
    blobs.dedup();
    let mut sink = sink.clone();
    let mut hits: Vec<ObjectId> = Vec::new();
    let mut object: Option<(ObjectId, Vec<u8>)> = None;
    for (id, path) in blobs {
        if hits.last() == Some(&id) {
            continue;
        }
        if object.as_ref().is_none_or(|(read, _)| *read != id) {
            let read = |e| GitError::new(GitOp::ReadBlobById { id }, e);
            // Pass one counted blobs over the size limit as skipped, unread.
            if repo.find_header(id).map_err(read)?.size() > sink.max_size() {
                object = Some((id, Vec::new()));
                continue;
            }
            object = Some((id, repo.find_object(id).map_err(read)?.detach().data));
        }
        let Some((_, data)) = &object else { continue };
        if data.is_empty() {
            continue;
        }
        let path = display_git_path(&held.paths[path as usize]);
        let blob = Blob {
            bytes: data,
            path: &path,
            provenance: &Provenance::File,
            id: Some(id),
        };
        if sink.finds_at_path(blob) {
            hits.push(id);
        }
    }
    Ok(hits)
}

/// The trees that hold each of `hits` (sorted; blobs with findings from index `first` on) at
/// a scoped path, from `held`.
pub(super) fn held_by(held: &Held, hits: &[ObjectId], first: usize) -> HashMap<ObjectId, Vec<u32>> {
    let mut by_tree: HashMap<ObjectId, Vec<u32>> = HashMap::default();
    for (tree, blob, _) in &held.pairs {
        if let Ok(i) = hits.binary_search(blob) {
            let list = by_tree.entry(*tree).or_default();
            let index = (first + i) as u32;
            if !list.contains(&index) {
                list.push(index);
            }
        }
    }
    by_tree
}

fn read_tree(repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>, GitError> {
    let object = repo
        .find_object(id)
        .map_err(|e| GitError::new(GitOp::ReadTree { id }, e))?;
    Ok(object.detach().data)
}

/// Every blob, as far as parsing names goes (the walk asks nothing else of the tree).
struct Everything;

impl super::tree_sets::Blobs for Everything {
    fn has(&self, _id: &gix::oid) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(patterns: &[&str]) -> ScopedPaths {
        ScopedPaths::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn names_alone_decide_below_ordinary_directories() {
        let paths = paths(&[
            r"(?:^|/)(?:\.pgpass|pgpass\.conf)$",
            r"(?:^|/)\.aws/(?:credentials|config)$",
            r"\.(?:csv|tsv)$",
            r"(?:^|/)(?:hieradata|hiera|data)/(?:[^/]+/)*[^/]+\.ya?ml$",
            r"^top\.txt$",
        ]);
        let mut test = paths.names().unwrap();
        assert_eq!(test.blob(b".pgpass"), AT_ROOT | BELOW_DIR);
        assert_eq!(test.blob(b"users.csv"), AT_ROOT | BELOW_DIR);
        assert_eq!(test.blob(b"top.txt"), AT_ROOT);
        assert_eq!(test.blob(b"credentials"), 0);
        assert_eq!(test.blob(b"main.rs"), 0);
        assert_eq!(test.blob(b"x.pgpass"), 0);
        assert_eq!(test.dir(b"src"), 0);
        assert_eq!(test.dir(b"t"), 0);
        assert_ne!(test.dir(b".aws"), 0);
        assert_ne!(test.dir(b"data"), 0);
        // Asked again: the remembered answer.
        assert_eq!(test.dir(b".aws"), SPECIAL_AT_ROOT | SPECIAL_BELOW_DIR);
        assert_eq!(test.blob(b".pgpass"), AT_ROOT | BELOW_DIR);
        assert!(paths.matches(b"home/u/.aws/credentials"));
        assert!(!paths.matches(b"home/u/aws/credentials"));
    }

    #[test]
    fn a_pattern_matching_inside_a_directory_name_makes_it_special() {
        let paths = paths(&["secrets"]);
        let mut test = paths.names().unwrap();
        assert_ne!(test.dir(b"my-secrets-dir"), 0);
        assert_eq!(test.dir(b"src"), 0);
        assert_eq!(test.blob(b"secrets.txt"), AT_ROOT | BELOW_DIR);
    }
}
