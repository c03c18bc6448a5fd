//! Which trees and blobs the history of the refs reaches, found before any blob is read, so
//! that a full-history scan decodes and scans only those (objects no ref reaches, such as the
//! dangling commits and pull-request objects a mirror keeps, are not history).
//!
//! The trees are read a level at a time: the root trees of the reachable commits first, then
//! the subtrees they name that no earlier level held, and so on. Each level is one pass over
//! the packs in their delta order that decodes only that level's trees (and the delta bases
//! they are built on), so trees no ref reaches are decoded only as such bases, and each
//! reachable tree is parsed once here.

use std::sync::Mutex;

use gix::hashtable::HashSet;
use gix::objs::tree::EntryKind;
use gix::objs::Kind;
use gix::ObjectId;

use super::recent::Recent;
use crate::source::odb::{Packs, Visitor};
use crate::source::GitError;

/// The trees and blobs reachable commits' trees hold (blobs: as trees name them, whether or
/// not the repository has them).
#[derive(Default)]
pub(super) struct Reached {
    pub trees: HashSet<ObjectId>,
    pub blobs: HashSet<ObjectId>,
}

/// What one level's pass found.
#[derive(Default)]
struct LevelFound {
    /// The trees of the level that were decoded.
    visited: Vec<ObjectId>,
    /// The subtrees they name.
    subtrees: Vec<ObjectId>,
    blobs: HashSet<ObjectId>,
}

impl LevelFound {
    fn absorb(&mut self, other: &mut LevelFound) {
        self.visited.append(&mut other.visited);
        self.subtrees.append(&mut other.subtrees);
        if self.blobs.len() < other.blobs.len() {
            std::mem::swap(&mut self.blobs, &mut other.blobs);
        }
        self.blobs.extend(other.blobs.drain());
    }

    /// Notes what the tree `data` names (blobs in `recent` were noted before).
    fn parse(&mut self, data: &[u8], hash: gix::hash::Kind, mut recent: Option<&mut Recent>) {
        for entry in gix::objs::TreeRefIter::from_bytes(data, hash).flatten() {
            match entry.mode.kind() {
                EntryKind::Tree => self.subtrees.push(entry.oid.to_owned()),
                EntryKind::Blob | EntryKind::BlobExecutable => {
                    if recent.as_deref_mut().is_none_or(|r| r.note(entry.oid)) {
                        self.blobs.insert(entry.oid.to_owned());
                    }
                }
                EntryKind::Link | EntryKind::Commit => {}
            }
        }
    }
}

/// One level's pass: decodes the trees of `level` only.
struct Level<'a> {
    hash: gix::hash::Kind,
    level: &'a HashSet<ObjectId>,
    shared: &'a Mutex<LevelFound>,
    local: LevelFound,
    /// The blobs `local` holds that this thread noted last (`None`: not kept, or not yet).
    recent: Option<Recent>,
    near: bool,
}

impl Clone for Level<'_> {
    fn clone(&self) -> Self {
        Level {
            hash: self.hash,
            level: self.level,
            shared: self.shared,
            local: LevelFound::default(),
            recent: None,
            near: self.near,
        }
    }
}

impl Drop for Level<'_> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.absorb(&mut self.local);
        }
    }
}

impl Visitor for Level<'_> {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]) {
        // Others are decoded as the delta bases of the level's trees.
        if kind == Kind::Tree && self.level.contains(id) {
            self.local.visited.push(id.to_owned());
            if self.near && self.recent.is_none() {
                self.recent = Some(Recent::new(self.hash));
            }
            self.local.parse(data, self.hash, self.recent.as_mut());
        }
    }

    fn knows(&self, kind: Kind, id: &gix::oid) -> bool {
        kind != Kind::Tree || !self.level.contains(id)
    }
}

/// Levels of trees read by a pass over the packs each; deeper ones are looked up one by one.
const MAX_LEVEL_PASSES: usize = 32;

/// The trees and blobs the trees `roots` hold, read from `packs` (trees not in them, such as
/// those of alternates, from `repo`; trees the repository lacks are left for the caller to
/// report when it reads them).
pub(super) fn reach(
    repo: &gix::Repository,
    packs: &Packs,
    threads: usize,
    roots: impl IntoIterator<Item = ObjectId>,
    near: bool,
) -> Result<Reached, GitError> {
    let hash = repo.object_hash();
    let mut reached = Reached::default();
    let mut level: HashSet<ObjectId> = roots
        .into_iter()
        .filter(|r| reached.trees.insert(*r))
        .collect();
    let mut passes = 0;
    while !level.is_empty() {
        let shared = Mutex::new(LevelFound::default());
        // One pass over the packs per level, down to `MAX_LEVEL_PASSES` levels: real trees
        // rarely nest 20 deep, a crafted one can nest thousands, and each pass reads every
        // entry of the packs. Deeper levels are read one tree at a time below, so a deep tree
        // costs its own size.
        if passes < MAX_LEVEL_PASSES {
            passes += 1;
            packs.for_each_object(
                repo,
                threads,
                |kind| kind == Kind::Tree,
                &Level {
                    hash,
                    level: &level,
                    shared: &shared,
                    local: LevelFound::default(),
                    recent: None,
                    near,
                },
                None,
            )?;
        }
        let mut found = shared.into_inner().unwrap_or_default();
        if found.visited.len() < level.len() {
            let visited: HashSet<ObjectId> = found.visited.drain(..).collect();
            for id in level.iter().filter(|id| !visited.contains(*id)) {
                if let Ok(object) = repo.find_object(*id) {
                    if object.kind == Kind::Tree {
                        found.parse(&object.data, hash, None);
                    }
                }
            }
        }
        if reached.blobs.len() < found.blobs.len() {
            std::mem::swap(&mut reached.blobs, &mut found.blobs);
        }
        reached.blobs.extend(found.blobs.drain());
        level = found
            .subtrees
            .into_iter()
            .filter(|s| reached.trees.insert(*s))
            .collect();
    }
    Ok(reached)
}
