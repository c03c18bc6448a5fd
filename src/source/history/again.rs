//! A full-history rescan that walks only what is new: when the sink remembers the last full
//! scan's walk (`KnownWalk`: its tips, every commit it reached with its generation, and where
//! each blob with findings was introduced first) and every blob, tree and commit it knew is
//! still in the repository, once, then the new history is the old one plus the commits the
//! ref tips reach now and did not then. Those are walked alone:
//!
//! 1. The object database is listed from the pack indexes and the loose object directories,
//!    never decoded: each id the sink knows is marked as met, the others (new objects, tags,
//!    blobs over the size limit) are looked up by header.
//! 2. From the tips, the commits the last walk did not reach, stopping at those it did; every
//!    tip of the last walk must be met on the way (else a ref moved back or went away, and
//!    commits may have left the history).
//! 3. Blobs the sink knows are counted from its records, new ones are scanned; new trees parsed.
//! 4. Only the new commits' trees and their parents' trees get their blobs-with-findings sets,
//!    from the sink's trees where it knows them; a new commit that introduces a blob earlier
//!    than the remembered commit takes its place.
//!
//! The report is that of a full scan: the earliest commit of a blob over the old commits is the
//! remembered one (those commits, their trees and parents are unchanged: an id names its
//! content), generation numbers of old commits do not change when descendants are added, and
//! the counts are those of every object in the repository. Anything this cannot account for
//! exactly sends the scan down the full walk before any blob is counted: no remembered walk,
//! an object gone, a blob held twice (the full walk counts it twice), a blob missing then that
//! is here now, a shallow clone, alternates, a commit whose parent is missing,
//! a blob so large that a delta chain on it might not be decodable, or many new objects (the
//! full walk scans them in parallel).

use std::borrow::Cow;
use std::path::Path;

use gix::hashtable::{HashMap, HashSet};
use gix::objs::tree::EntryKind;
use gix::objs::Kind;
use gix::ObjectId;

use super::all::{introduce, known_intros, missing_warnings, rescan_and_attribute};
use super::attribution::{Intro, Paths};
use super::graph::{generations_above, CommitKey, Node};
use super::scoped::{self, ScopedPaths};
use super::tree_sets::{Blobs, TreeRec, TreeSets, Trees};
use super::HistoryStats;
use crate::finding::Finding;
use crate::source::odb::CHAIN_CAP;
use crate::source::{Blob, BlobSink, GitError, GitOp, KnownCommit, KnownWalk, Met};

/// More new objects than this go down the full walk, which scans blobs in parallel.
const MAX_NEW_OBJECTS: usize = 50_000;

/// Objects the sink does not know, by kind.
#[derive(Default)]
struct New {
    blobs: Vec<ObjectId>,
    too_large: Vec<ObjectId>,
    trees: Vec<ObjectId>,
    commits: Vec<ObjectId>,
}

/// Scans the history of `tips` from the sink's memory of the last walk; `None` when that cannot
/// give exactly the report of a full walk (nothing was counted then, and the sink forgot what
/// was met on the way).
pub(super) fn scan(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    tips: &[ObjectId],
    reach_only: bool,
    stats: &mut HistoryStats,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<Finding>>, GitError> {
    let Some(walk) = sink.known_walk() else {
        return Ok(None);
    };
    let Some(plan) = plan(repo, sink, walk, tips, reach_only) else {
        sink.forget_met();
        return Ok(None);
    };
    continue_walk(repo, sink, walk, tips, plan, stats, warnings).map(Some)
}

/// What a continued walk reads: the new objects, and the new commits with their generations.
struct Plan {
    new: New,
    fresh_commits: HashMap<ObjectId, KnownCommit>,
    nodes: Vec<(Node, u32)>,
    /// When the walk reads only what the history holds: what the new commits reach.
    reach: Option<Reach>,
}

/// The trees and blobs new commits reach that the sink has not read (new ones, and those the
/// last walk did not reach), and the trees and blobs left unreached, sorted.
struct Reach {
    trees: Vec<ObjectId>,
    blobs: Vec<ObjectId>,
    unreached: Vec<ObjectId>,
}

/// Whether the walk can be continued, and what it then reads; nothing is counted here.
fn plan(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    walk: &KnownWalk,
    tips: &[ObjectId],
    reach_only: bool,
) -> Option<Plan> {
    let objects = repo.common_dir().join("objects");
    if objects.join("info/alternates").exists() || !matches!(repo.shallow_commits(), Ok(None)) {
        return None;
    }
    let (unknown, unreached) = list_objects(repo, &objects, sink, &walk.unreached)?;
    if unknown.len() > MAX_NEW_OBJECTS || !sink.met_all() {
        return None;
    }
    let max_size = sink.max_size();
    let mut new = New::default();
    for id in unknown {
        let header = repo.find_header(id).ok()?;
        match header.kind() {
            Kind::Blob if header.size() > max_size => {
                // Delta chains on a blob this large may be left unread by the full walk.
                if header.size() > CHAIN_CAP {
                    return None;
                }
                new.too_large.push(id);
            }
            // Sorted, as `unknown` is.
            Kind::Blob => new.blobs.push(id),
            Kind::Tree => new.trees.push(id),
            Kind::Commit => new.commits.push(id),
            Kind::Tag => {}
        }
    }
    // Blobs over the size limit are in no record: those of the last walk must all be here.
    new.too_large.sort_unstable();
    if !walk
        .large
        .iter()
        .all(|id| new.too_large.binary_search(id).is_ok())
    {
        return None;
    }
    // Blobs missing then must be missing still (else the old trees' sets would change).
    if walk.missing.iter().any(|id| {
        sink.knows(id)
            || new.blobs.binary_search(id).is_ok()
            || new.too_large.binary_search(id).is_ok()
    }) {
        return None;
    }
    let hash = repo.object_hash();
    let mut fresh_commits: HashMap<ObjectId, KnownCommit> = HashMap::default();
    for &id in &new.commits {
        let object = repo.find_object(id).ok()?;
        let commit = gix::objs::CommitRef::from_bytes(&object.data, hash).ok()?;
        let known = KnownCommit {
            time: commit.time().map(|t| t.seconds).unwrap_or(0),
            tree: commit.tree(),
            parents: commit.parents().collect(),
        };
        fresh_commits.insert(id, known);
    }
    let nodes = new_commits(sink, walk, tips, &fresh_commits)?;
    let reach = if reach_only {
        let (trees, blobs) = reached(repo, sink, &nodes)?;
        // What is not reached now: what was not then, and the new trees and blobs, less
        // what the new commits reach (and the blobs over the size limit the last walk reached,
        // which are in no record).
        let mut unreached: Vec<ObjectId> = unreached
            .into_iter()
            .chain(new.trees.iter().copied())
            .chain(new.blobs.iter().copied())
            .chain(new.too_large.iter().copied())
            .filter(|id| {
                trees.binary_search(id).is_err()
                    && blobs.binary_search(id).is_err()
                    && walk.large.binary_search(id).is_err()
            })
            .collect();
        unreached.sort_unstable();
        unreached.dedup();
        Some(Reach {
            trees,
            blobs,
            unreached,
        })
    } else {
        None
    };
    Some(Plan {
        new,
        fresh_commits,
        nodes,
        reach,
    })
}

/// The trees the trees of `nodes` hold that the sink does not remember, and the blobs those
/// name that it has not read, each sorted. A tree the sink remembers was reached by an earlier
/// walk, which read every blob it holds. `None` when a tree cannot be read.
fn reached(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    nodes: &[(Node, u32)],
) -> Option<(Vec<ObjectId>, Vec<ObjectId>)> {
    let hash = repo.object_hash();
    let mut seen: HashSet<ObjectId> = HashSet::default();
    let mut trees = Vec::new();
    let mut blobs = Vec::new();
    let mut stack: Vec<ObjectId> = nodes.iter().map(|(n, _)| n.tree).collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || sink.knows_tree(&id) {
            continue;
        }
        let object = repo.find_object(id).ok()?;
        trees.push(id);
        for entry in gix::objs::TreeRefIter::from_bytes(&object.data, hash).flatten() {
            match entry.mode.kind() {
                EntryKind::Tree => stack.push(entry.oid.to_owned()),
                EntryKind::Blob | EntryKind::BlobExecutable if !sink.knows(entry.oid) => {
                    blobs.push(entry.oid.to_owned());
                }
                _ => {}
            }
        }
    }
    trees.sort_unstable();
    blobs.sort_unstable();
    blobs.dedup();
    Some((trees, blobs))
}

/// Continues the walk as planned: counts, scans, attributes.
fn continue_walk(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    walk: &KnownWalk,
    tips: &[ObjectId],
    plan: Plan,
    stats: &mut HistoryStats,
    warnings: &mut Vec<String>,
) -> Result<Vec<Finding>, GitError> {
    let Plan {
        mut new,
        fresh_commits,
        nodes,
        reach,
    } = plan;
    let hash = repo.object_hash();
    let mut unreached = Vec::new();
    if let Some(reach) = reach {
        // Only what the new commits reach is read: of the blobs the sink has not read, those
        // the repository has (the others are missing), and the trees it does not remember.
        let max_size = sink.max_size();
        let mut blobs = Vec::new();
        let mut too_large = walk.large.clone();
        for &id in &reach.blobs {
            let Ok(header) = repo.find_header(id) else {
                continue;
            };
            if header.size() > max_size {
                too_large.push(id);
            } else {
                blobs.push(id);
            }
        }
        too_large.sort_unstable();
        too_large.dedup();
        new.blobs = blobs;
        new.too_large = too_large;
        new.trees = reach.trees;
        unreached = reach.unreached;
    }

    // From here on the answer is the full walk's: count and scan.
    let mut blob_sink = sink.clone();
    let (known_blobs, mut hit_ids) = blob_sink.recall_all();
    for _ in &new.too_large {
        sink.too_large();
    }
    for &id in &new.blobs {
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
        let found = blob_sink.scan(Blob::from_odb(&object.data, id));
        if !found.is_empty() {
            hit_ids.push(id);
        }
    }
    hit_ids.sort_unstable();
    let hits: HashMap<ObjectId, u32> = hit_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let present = Present {
        sink,
        new: new.blobs.iter().chain(&new.too_large).copied().collect(),
    };
    let scoped_paths = ScopedPaths::new(&sink.path_patterns());
    let mut test = scoped_paths.as_ref().and_then(ScopedPaths::names);
    let mut fresh_trees: HashMap<ObjectId, TreeRec> = HashMap::default();
    for &id in &new.trees {
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::ReadTree { id }, e))?;
        let rec = TreeRec::parse_named(&object.data, hash, &present, &hits, test.as_mut());
        sink.record_tree(&id, rec.known(&hit_ids));
        fresh_trees.insert(id, rec);
    }
    for (id, commit) in &fresh_commits {
        sink.record_commit(id, commit.clone());
    }
    stats.unique_blobs = known_blobs + (new.blobs.len() + new.too_large.len()) as u64;
    stats.commits = (walk.reached.len() + nodes.len()) as u64;
    stats.shallow_boundaries = 0;

    // The new commits' sets, and their parents'.
    let trees = Lazy {
        fresh: &fresh_trees,
        sink,
        present: &present,
        hits: &hits,
    };
    let tree_of = |id: &ObjectId| -> Option<ObjectId> {
        fresh_commits
            .get(id)
            .map(|c| c.tree)
            .or_else(|| sink.recall_commit(id).map(|c| c.tree))
    };
    // Blobs only rules scoped by path find something in: those the last walk attributed,
    // and those the new commits and their parents hold at scoped paths, as the full walk
    // finds them (`scoped`).
    let mut extra = HashMap::default();
    // Blobs with findings from this index on are found by scoped rules only.
    let scoped_from = hit_ids.len();
    if let Some(paths) = &scoped_paths {
        let mut roots = Vec::new();
        for (node, _) in &nodes {
            roots.push(node.tree);
            for parent in &node.parents {
                roots.push(
                    tree_of(parent)
                        .ok_or_else(|| GitError::plain(GitOp::ReadCommit { id: *parent }))?,
                );
            }
        }
        roots.sort_unstable();
        roots.dedup();
        let held = scoped::holdings(repo, &trees, &roots, paths)?;
        let mut judged: Vec<ObjectId> = walk
            .intros
            .iter()
            .map(|i| i.blob)
            .filter(|b| !hits.contains_key(b))
            .collect();
        let known = judged.clone();
        judged.extend(scoped::hits_among(repo, sink, &held, |id| {
            !hits.contains_key(id) && known.binary_search(id).is_err() && present.has(id)
        })?);
        judged.sort_unstable();
        judged.dedup();
        extra = scoped::held_by(&held, &judged, hit_ids.len());
        hit_ids.extend(judged);
    }
    let index: HashMap<ObjectId, u32> = hit_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let mut sets = TreeSets::new(repo, &trees, &present, &hits);
    sets.hold_also(extra, hit_ids.len());
    let mut parent_trees = Vec::with_capacity(nodes.len());
    for (node, _) in &nodes {
        sets.compute(node.tree)?;
        let mut of_parents = Vec::with_capacity(node.parents.len());
        for parent in &node.parents {
            let Some(tree) = tree_of(parent) else {
                return Err(GitError::plain(GitOp::ReadCommit { id: *parent }));
            };
            sets.compute(tree)?;
            of_parents.push(tree);
        }
        parent_trees.push(of_parents);
    }
    // The old history's trees name the blobs that were missing then, and only those (every other
    // blob they name is still here): still missing, checked when planning.
    sets.missing.extend(walk.missing.iter().copied());
    let accounted = missing_warnings(&mut sets, stats, warnings, |_| true);

    // The remembered earliest commits, then the new ones where they are earlier.
    let mut earliest: Vec<Option<CommitKey>> = vec![None; hit_ids.len()];
    let mut remembered: Vec<Option<&[u8]>> = vec![None; hit_ids.len()];
    for intro in &walk.intros {
        if let Some(&i) = index.get(&intro.blob) {
            earliest[i as usize] = Some(CommitKey {
                time: intro.time,
                generation: intro.generation,
                id: intro.commit,
            });
            remembered[i as usize] = Some(&intro.path);
        }
    }
    for ((node, generation), parents) in nodes.iter().zip(&parent_trees) {
        for i in introduce(
            &sets,
            node.key(*generation),
            node.tree,
            parents.iter(),
            &mut earliest,
        ) {
            remembered[i] = None;
        }
    }
    stats.unreachable_with_findings = earliest.iter().filter(|k| k.is_none()).count() as u64;

    let mut paths = Paths::default();
    let mut work = Vec::new();
    let mut all_found = true;
    for (i, key) in earliest.iter().enumerate() {
        let Some(key) = key else { continue };
        let path = match remembered[i] {
            Some(path) => Some(Cow::Borrowed(path)),
            None => {
                let tree = tree_of(&key.id)
                    .ok_or_else(|| GitError::plain(GitOp::ReadCommit { id: key.id }))?;
                // A blob only scoped rules find something in: at such a path (see `all`).
                let accept = |path: &[u8]| {
                    i < scoped_from || scoped_paths.as_ref().is_none_or(|s| s.matches(path))
                };
                sets.path_of(tree, hit_ids[i], i as u32, accept)?
                    .map(|p| Cow::Owned(p.into()))
            }
        };
        match path {
            Some(path) => work.push(Intro {
                blob: hit_ids[i],
                commit: *key,
                path: paths.intern(gix::bstr::ByteSlice::as_bstr(&*path)),
                previous: None,
            }),
            None => all_found = false,
        }
    }
    if let Some(missing) = accounted.filter(|_| all_found) {
        let mut reached = walk.reached.clone();
        reached.extend(nodes.iter().map(|(n, g)| (n.id, *g)));
        reached.sort_unstable();
        sink.record_walk(KnownWalk {
            tips: tips.to_vec(),
            reached,
            large: new.too_large.clone(),
            missing,
            unreached,
            intros: known_intros(&work, &paths),
        });
    }
    rescan_and_attribute(repo, sink, &work, &paths)
}

/// Every object id in the packs (by their indexes) and loose objects of the repository: those
/// the sink knows are marked as met, the others returned sorted; `None` when an object is there
/// twice or a pack cannot be listed.
fn list_objects(
    repo: &gix::Repository,
    objects: &Path,
    sink: &impl BlobSink,
    unreached: &[ObjectId],
) -> Option<(Vec<ObjectId>, Vec<ObjectId>)> {
    let mut unknown = Vec::new();
    let mut still_unreached = Vec::new();
    let mut meet = |id: &gix::oid| match sink.meet(id) {
        Met::Again => false,
        Met::Unknown if unreached.binary_search_by(|u| u.as_ref().cmp(id)).is_ok() => {
            still_unreached.push(id.to_owned());
            true
        }
        Met::Unknown => {
            unknown.push(id.to_owned());
            true
        }
        Met::Blob | Met::Tree | Met::Commit => true,
    };
    let dir = std::fs::read_dir(objects.join("pack")).ok();
    for entry in dir.into_iter().flatten() {
        let path = entry.ok()?.path();
        if path.extension().is_none_or(|x| x != "idx") {
            continue;
        }
        if !path.with_extension("pack").is_file() {
            return None;
        }
        let index = gix::odb::pack::index::File::at(&path, repo.object_hash()).ok()?;
        for entry in index.iter() {
            if !meet(&entry.oid) {
                return None;
            }
        }
    }
    for id in crate::source::odb::loose_ids(objects).ok()? {
        if !meet(&id) {
            return None;
        }
    }
    unknown.sort_unstable();
    let before = unknown.len();
    unknown.dedup();
    still_unreached.sort_unstable();
    still_unreached.dedup();
    (unknown.len() == before).then_some((unknown, still_unreached))
}

/// The commits `tips` reach that the last walk did not, with their generation numbers; `None`
/// when the new history does not hold the whole old one, or a commit or parent is missing.
fn new_commits(
    sink: &impl BlobSink,
    walk: &KnownWalk,
    tips: &[ObjectId],
    fresh: &HashMap<ObjectId, KnownCommit>,
) -> Option<Vec<(Node, u32)>> {
    let old = |id: &ObjectId| {
        walk.reached
            .binary_search_by_key(id, |r| r.0)
            .ok()
            .map(|i| walk.reached[i].1)
    };
    let mut met_old: HashSet<ObjectId> = HashSet::default();
    let mut seen: HashSet<ObjectId> = HashSet::default();
    let mut nodes = Vec::new();
    let mut stack = tips.to_vec();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if old(&id).is_some() {
            met_old.insert(id);
            continue;
        }
        let commit = match fresh.get(&id) {
            Some(c) => c.clone(),
            None => sink.recall_commit(&id)?,
        };
        for parent in &commit.parents {
            if old(parent).is_none() && !fresh.contains_key(parent) && !sink.knows_commit(parent) {
                return None;
            }
        }
        stack.extend(commit.parents.iter().copied());
        nodes.push(Node {
            id,
            time: commit.time,
            tree: commit.tree,
            parents: commit.parents,
            cut: false,
        });
    }
    if !walk.tips.iter().all(|t| met_old.contains(t)) {
        return None;
    }
    nodes.sort_by_key(|n| n.id);
    let generations = generations_above(&nodes, |id| old(id).unwrap_or(0));
    Some(nodes.into_iter().zip(generations).collect())
}

/// The blobs of the repository: those the sink knows, and the new ones.
struct Present<'a, S> {
    sink: &'a S,
    new: HashSet<ObjectId>,
}

impl<S: BlobSink> Blobs for Present<'_, S> {
    fn has(&self, id: &gix::oid) -> bool {
        self.new.contains(id) || self.sink.knows(id)
    }
}

/// Trees as `TreeSets` needs them: new ones parsed, known ones from the sink, when asked.
struct Lazy<'a, S> {
    fresh: &'a HashMap<ObjectId, TreeRec>,
    sink: &'a S,
    present: &'a Present<'a, S>,
    hits: &'a HashMap<ObjectId, u32>,
}

impl<S: BlobSink> Trees for Lazy<'_, S> {
    fn tree(&self, id: &ObjectId) -> Option<Cow<'_, TreeRec>> {
        if let Some(rec) = self.fresh.get(id) {
            return Some(Cow::Borrowed(rec));
        }
        let known = self.sink.recall_tree(id)?;
        Some(Cow::Owned(TreeRec::from_known(
            known,
            self.present,
            self.hits,
        )))
    }
}
