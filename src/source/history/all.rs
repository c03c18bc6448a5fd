//! The whole history (every ref), fast: every object the history holds is decoded once
//! (`odb`), blobs are scanned as they are decoded, and only blobs with findings are then
//! attributed to the commits that introduced them, in memory:
//!
//! 0. The commits are decoded, the reachable ones found from the refs, and the trees and blobs
//!    their history holds (`reach`), so that the passes below decode nothing else: objects no
//!    ref reaches are not history. With `--include-unreachable` this is skipped, every object
//!    is decoded, the commits in pass one.
//! 1. Pass one decodes the blobs: each is scanned (without a path yet).
//! 2. Pass two records each tree's subtrees, which of its blobs have findings, and which of its
//!    blobs are missing from the repository.
//! 3. For each reachable commit, the set of blobs-with-findings its tree holds (memoized per
//!    tree, `tree_sets`); a commit introduces those its parents' trees do not hold.
//! 4. Blobs at paths that rules scoped by path match, which pass one could not judge, are
//!    found from the trees and judged (`scoped`).
//! 5. Each blob with findings gets its earliest introducing commit, a path in that commit's
//!    tree, and is scanned again with that path (path allowlists and fingerprints need it).

use gix::hashtable::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

use gix::objs::Kind;
use gix::ObjectId;

use super::attribution::{attribute, Intro, Paths};
use super::graph::{generations, CommitKey, Node};
use super::recent::NearBlobs;
use super::scoped::{self, NameTest, ScopedPaths};
use super::tree_sets::{TreeRec, TreeSets};
use super::{missing_blobs_warning, HistoryStats, Shard};
use crate::finding::{Finding, Provenance};
use crate::paths::display_git_path;
use crate::source::odb::{Base, Packs, Visitor};
use crate::source::{Blob, BlobSink, GitError, GitOp, KnownCommit, KnownIntro, KnownWalk};

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

/// How pass one reads blobs stored as deltas (`LEAKHOUND_HISTORY_DELTAS`: `off`, `verify`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deltas {
    /// Every blob scanned whole.
    Off,
    /// A delta of a clean blob by the lines it changed (`engine::regions`).
    On,
    /// As `On`, and every blob so found clean scanned whole too, which must find nothing.
    Verify,
}

impl Deltas {
    fn from_env() -> Deltas {
        match std::env::var("LEAKHOUND_HISTORY_DELTAS").as_deref() {
            Ok("off") => Deltas::Off,
            Ok("verify") => Deltas::Verify,
            _ => Deltas::On,
        }
    }
}

/// How pass one read the blobs (`LEAKHOUND_HISTORY_TIMES`), for measuring.
#[derive(Default)]
struct Tally {
    /// Scanned whole: not a delta / a delta of a base without a mark / a delta its lines did
    /// not show clean; count and bytes each.
    whole: [AtomicU64; 6],
    /// Shown clean by the lines their deltas changed: count, bytes.
    by_delta: [AtomicU64; 2],
    /// Decoded only as delta bases (not reached): count, bytes.
    bases: [AtomicU64; 2],
}

impl Tally {
    fn add(pair: &[AtomicU64], bytes: usize) {
        pair[0].fetch_add(1, Relaxed);
        pair[1].fetch_add(bytes as u64, Relaxed);
    }

    fn report(&self) {
        let v = |a: &AtomicU64| a.load(Relaxed);
        let w = &self.whole;
        eprintln!(
            "leakhound: blobs whole: {} ({} B) not deltas, {} ({} B) base unmarked, {} ({} B) lines unclean; by delta: {} ({} B); bases not reached: {} ({} B)",
            v(&w[0]), v(&w[1]), v(&w[2]), v(&w[3]), v(&w[4]), v(&w[5]),
            v(&self.by_delta[0]), v(&self.by_delta[1]), v(&self.bases[0]), v(&self.bases[1])
        );
    }
}

/// Pass one: scan blobs, record commits.
struct BlobPass<'a, S> {
    sink: S,
    deltas: Deltas,
    /// How many blobs their deltas showed clean (counted in `Deltas::Verify`).
    verified: &'a AtomicU64,
    shard: Option<Shard>,
    /// The blobs to read (`None`: every blob).
    reach: Option<&'a HashSet<ObjectId>>,
    hash: gix::hash::Kind,
    shared: &'a Mutex<Found>,
    local: Found,
    tally: &'a Tally,
    carry: bool,
}

impl<S: Clone> Clone for BlobPass<'_, S> {
    fn clone(&self) -> Self {
        BlobPass {
            sink: self.sink.clone(),
            deltas: self.deltas,
            tally: self.tally,
            carry: self.carry,
            verified: self.verified,
            shard: self.shard,
            reach: self.reach,
            hash: self.hash,
            shared: self.shared,
            local: Found::default(),
        }
    }
}

impl<S> Drop for BlobPass<'_, S> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.absorb(&mut self.local);
        }
    }
}

impl<S: BlobSink> Visitor for BlobPass<'_, S> {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]) {
        match kind {
            Kind::Blob => {
                // Decoded though not reached: the base of a delta.
                if !self.reaches(id) {
                    return;
                }
                self.local.blobs.push(id.to_owned());
                if !self.takes(id) {
                    return;
                }
                let hit = match self.sink.recall(id) {
                    Some(hit) => hit,
                    // No path yet, and no commit: attribution gives the findings both.
                    None => !self
                        .sink
                        .scan(Blob::from_odb(data, id.to_owned()))
                        .is_empty(),
                };
                if hit {
                    self.local.hits.push(id.to_owned());
                }
            }
            Kind::Commit => {
                // Decoded though known: the base of a delta, or the first entry of a pack.
                if let Some(known) = self.sink.recall_commit(id) {
                    self.push_commit(id, known);
                } else if let Ok(commit) = gix::objs::CommitRef::from_bytes(data, self.hash) {
                    let known = KnownCommit {
                        time: commit.time().map(|t| t.seconds).unwrap_or(0),
                        tree: commit.tree(),
                        parents: commit.parents().collect(),
                    };
                    self.sink.record_commit(id, known.clone());
                    self.push_commit(id, known);
                }
            }
            Kind::Tree | Kind::Tag => {}
        }
    }

    fn knows(&self, kind: Kind, id: &gix::oid) -> bool {
        match kind {
            Kind::Blob => !self.reaches(id) || !self.takes(id) || self.sink.knows(id),
            Kind::Commit => self.sink.knows_commit(id),
            Kind::Tree | Kind::Tag => false,
        }
    }

    fn marks(&self) -> bool {
        self.deltas != Deltas::Off
    }

    fn visit_delta(&mut self, kind: Kind, id: &gix::oid, data: &[u8], base: &mut Base<'_>) -> u64 {
        if kind != Kind::Blob {
            self.visit(kind, id, data);
            return 0;
        }
        if !self.reaches(id) {
            Tally::add(&self.tally.bases, data.len());
            return self.carry(id, data, base);
        }
        self.local.blobs.push(id.to_owned());
        if !self.takes(id) {
            return self.carry(id, data, base);
        }
        if let Some(hit) = self.sink.recall(id) {
            if hit {
                self.local.hits.push(id.to_owned());
            }
            return 0;
        }
        let blob = Blob::from_odb(data, id.to_owned());
        let mark = base.mark;
        if mark != 0 {
            if let Some(delta) = base.delta() {
                if let Some(own) = self.sink.scan_delta(blob, mark, &delta) {
                    Tally::add(&self.tally.by_delta, data.len());
                    if self.deltas == Deltas::Verify {
                        assert!(
                            self.sink.rescan(blob).is_empty(),
                            "blob {id}: found clean by the lines its delta changed, but a whole scan finds something"
                        );
                        self.verified.fetch_add(1, Relaxed);
                    }
                    return own;
                }
            }
        }
        let at = if !base.is_delta {
            0
        } else if mark == 0 {
            2
        } else {
            4
        };
        Tally::add(&self.tally.whole[at..], data.len());
        let (found, own) = self.sink.scan_marked(blob);
        if !found.is_empty() {
            self.local.hits.push(id.to_owned());
        }
        own
    }

    fn visit_known(&mut self, kind: Kind, id: &gix::oid) {
        if kind == Kind::Commit {
            if let Some(known) = self.sink.recall_commit(id) {
                self.push_commit(id, known);
            }
            return;
        }
        if kind != Kind::Blob || !self.reaches(id) {
            return;
        }
        self.local.blobs.push(id.to_owned());
        if self.takes(id) && self.sink.recall(id) == Some(true) {
            self.local.hits.push(id.to_owned());
        }
    }
}

impl<S: BlobSink> BlobPass<'_, S> {
    /// The mark of a blob decoded only as the delta base of others (one no ref reaches, or
    /// another shard's), so that those deltas need not be scanned whole: carried over from its
    /// own base by the lines its delta changed, when they show it clean (nothing is scanned
    /// whole or counted for it).
    fn carry(&mut self, id: &gix::oid, data: &[u8], base: &mut Base<'_>) -> u64 {
        let mark = base.mark;
        if mark == 0 || !self.carry {
            return 0;
        }
        let blob = Blob::from_odb(data, id.to_owned());
        base.delta()
            .and_then(|delta| self.sink.mark_delta(blob, mark, &delta))
            .unwrap_or(0)
    }
}

impl<S> BlobPass<'_, S> {
    /// Whether this scan's shard holds the blob (always, without shards).
    fn takes(&self, id: &gix::oid) -> bool {
        self.shard.is_none_or(|s| s.takes(id))
    }

    /// Whether the history holds the blob (always, when every blob is read).
    fn reaches(&self, id: &gix::oid) -> bool {
        self.reach.is_none_or(|r| r.contains(id))
    }

    fn push_commit(&mut self, id: &gix::oid, known: KnownCommit) {
        let node = Node {
            id: id.to_owned(),
            time: known.time,
            tree: known.tree,
            parents: known.parents,
            cut: false,
        };
        self.local.commits.push((id.to_owned(), node));
    }
}

/// A visitor for preparing the pass over trees: it knows the trees outside `reach` (none when
/// every tree is read), and is never shown one.
#[derive(Clone)]
struct Outside<'a>(Option<&'a HashSet<ObjectId>>);

impl Visitor for Outside<'_> {
    fn visit(&mut self, _kind: Kind, _id: &gix::oid, _data: &[u8]) {}

    fn knows(&self, kind: Kind, id: &gix::oid) -> bool {
        kind == Kind::Tree && self.0.is_some_and(|r| !r.contains(id))
    }
}

/// What to walk: the history of `tips`, in `threads` threads, perhaps one shard of it.
pub(super) struct Walk {
    pub tips: Vec<ObjectId>,
    pub threads: usize,
    pub shard: Option<Shard>,
    /// Also the objects no ref reaches (`--include-unreachable`): every blob of the object
    /// database is scanned, and those with findings that the history does not hold counted.
    pub unreachable: bool,
}

/// Pass two: record trees (from the sink's memory of them, when it has one).
struct TreePass<'a, S> {
    hash: gix::hash::Kind,
    blobs: &'a HashMap<ObjectId, AtomicU64>,
    hits: &'a HashMap<ObjectId, u32>,
    /// The blobs with findings, by index.
    hit_ids: &'a [ObjectId],
    /// The sink that remembers trees (`None` for a shard: its cache holds only blobs)…
    memory: Option<&'a S>,
    /// … and whether it may answer for trees it already knows.
    recall: bool,
    /// The rules scoped by path, whose names trees are parsed for; this thread's tester.
    scoped: Option<&'a ScopedPaths>,
    test: Option<NameTest<'a>>,
    /// The trees to read (`None`: every tree).
    reach: Option<&'a HashSet<ObjectId>>,
    shared: &'a Mutex<Found>,
    local: Found,
    /// `blobs`, with this thread's recent lookups (made when the first tree is parsed).
    near: Option<NearBlobs<'a>>,
    use_near: bool,
}

impl<S> Clone for TreePass<'_, S> {
    fn clone(&self) -> Self {
        TreePass {
            hash: self.hash,
            blobs: self.blobs,
            hits: self.hits,
            hit_ids: self.hit_ids,
            memory: self.memory,
            recall: self.recall,
            scoped: self.scoped,
            test: None,
            reach: self.reach,
            shared: self.shared,
            local: Found::default(),
            near: None,
            use_near: self.use_near,
        }
    }
}

impl<S> Drop for TreePass<'_, S> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.absorb(&mut self.local);
        }
    }
}

impl<S: BlobSink> Visitor for TreePass<'_, S> {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]) {
        if kind == Kind::Tree {
            // Decoded though not reached: the base of a delta.
            if self.reach.is_some_and(|r| !r.contains(id)) {
                return;
            }
            // Decoded though known: the base of a delta, or the first entry of a pack.
            if self.knows(kind, id) {
                self.visit_known(kind, id);
                return;
            }
            if self.test.is_none() {
                self.test = self.scoped.and_then(ScopedPaths::names);
            }
            if self.use_near && self.near.is_none() {
                self.near = Some(NearBlobs::new(self.blobs, self.hash));
            }
            let blobs: &dyn super::tree_sets::Blobs = match &self.near {
                Some(near) => near,
                None => self.blobs,
            };
            let rec = TreeRec::parse_named(data, self.hash, blobs, self.hits, self.test.as_mut());
            if let Some(sink) = self.memory {
                sink.record_tree(id, rec.known(self.hit_ids));
            }
            self.local.trees.push((id.to_owned(), rec));
        }
    }

    fn knows(&self, kind: Kind, id: &gix::oid) -> bool {
        kind == Kind::Tree
            && (self.reach.is_some_and(|r| !r.contains(id))
                || (self.recall && self.memory.is_some_and(|s| s.knows_tree(id))))
    }

    fn visit_known(&mut self, kind: Kind, id: &gix::oid) {
        if kind != Kind::Tree || self.reach.is_some_and(|r| !r.contains(id)) {
            return;
        }
        if let Some(known) = self.memory.and_then(|s| s.recall_tree(id)) {
            let rec = TreeRec::from_known(known, self.blobs, self.hits);
            self.local.trees.push((id.to_owned(), rec));
        }
    }
}

/// Phase times on stderr (`LEAKHOUND_HISTORY_TIMES`), for measuring.
struct Times(Option<std::time::Instant>);

impl Times {
    fn new() -> Times {
        Times(std::env::var_os("LEAKHOUND_HISTORY_TIMES").map(|_| std::time::Instant::now()))
    }

    fn mark(&self, what: &str) {
        if let Some(start) = self.0 {
            // SAFETY: getrusage fills the struct it is given.
            let cpu = unsafe {
                let mut usage: libc::rusage = std::mem::zeroed();
                libc::getrusage(libc::RUSAGE_SELF, &mut usage);
                let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
                (t(usage.ru_utime), t(usage.ru_stime))
            };
            eprintln!(
                "leakhound: {what}: {:.3} s (cpu {:.2} u {:.2} s)",
                start.elapsed().as_secs_f64(),
                cpu.0,
                cpu.1
            );
        }
    }
}

/// Scans the history of every ref from `tips`. Returns the findings with their commits; fills
/// in the counts and warnings.
pub(super) fn scan(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    walk: Walk,
    stats: &mut HistoryStats,
    warnings: &mut Vec<String>,
) -> Result<Vec<Finding>, GitError> {
    let Walk {
        tips,
        threads,
        shard,
        unreachable,
    } = walk;
    if shard.is_none() {
        if let Some(findings) =
            super::again::scan(repo, sink, &tips, !unreachable, stats, warnings)?
        {
            return Ok(findings);
        }
    }
    // A shard counts its share of commits, blobs and missing objects.
    let share = |id: &gix::oid| shard.is_none_or(|s| s.takes(id));
    let hash = repo.object_hash();
    // A whole-history scan (not a shard) may answer for trees the cache remembers.
    let memory = shard.is_none().then_some(sink);
    // Trees the cache remembers have no names, which rules scoped by path need.
    let scoped_paths = ScopedPaths::new(&sink.path_patterns());
    let recall = memory.is_some_and(|s| s.remembers_trees()) && scoped_paths.is_none();
    // Every pack entry's header is read once for all passes; the pass over trees is prepared
    // (its delta trees built) on another thread while the pass over blobs runs, for a sink
    // that cannot answer for trees (one that can is prepared by the pass itself, knowing them).
    let times = Times::new();
    let packs = Packs::open(repo, sink.max_size())?;
    // Reading the headers touched every page of the packs; each pass maps again what it reads.
    packs.release_pages();
    times.mark("open");
    let trees_kind = |kind| kind == Kind::Tree;
    let deltas = Deltas::from_env();
    let verified = AtomicU64::new(0);
    let near = std::env::var("LEAKHOUND_HISTORY_NEAR").as_deref() != Ok("off");
    let tally = Tally::default();
    let carry = std::env::var("LEAKHOUND_HISTORY_CARRY").as_deref() != Ok("off");
    // Unless every object is read: the commits first, then the trees and blobs their history
    // holds (`reach`), so that the passes below read only those.
    let mut early_commits = None;
    let reached = if unreachable {
        None
    } else {
        let shared = Mutex::new(Found::default());
        packs.for_each_object(
            repo,
            threads,
            |kind| kind == Kind::Commit,
            &BlobPass {
                sink: sink.clone(),
                deltas,
                verified: &verified,
                shard,
                reach: None,
                hash,
                shared: &shared,
                local: Found::default(),
                tally: &tally,
                carry,
            },
            None,
        )?;
        let commits: HashMap<ObjectId, Node> = shared
            .into_inner()
            .unwrap_or_default()
            .commits
            .into_iter()
            .collect();
        let nodes = reachable(repo, &commits, tips.clone())?;
        times.mark("commits");
        let mut roots: Vec<ObjectId> = nodes.iter().map(|n| n.tree).collect();
        roots.sort_unstable();
        roots.dedup();
        let reached = super::reach::reach(repo, &packs, threads, roots, near)?;
        packs.release_pages();
        times.mark("reach");
        early_commits = Some((commits, nodes));
        Some(reached)
    };
    let reach_trees = reached.as_ref().map(|r| &r.trees);
    let reach_blobs = reached.as_ref().map(|r| &r.blobs);
    let reaches = |id: &gix::oid| reach_blobs.is_none_or(|r| r.contains(id));
    let (skipped, mut found, tree_plan) = std::thread::scope(|s| {
        let early = (!recall)
            .then(|| s.spawn(|| packs.prepare(trees_kind, &mut Outside(reach_trees)).ok()));
        let shared = Mutex::new(Found::default());
        let skipped = packs.for_each_object(
            repo,
            threads,
            if unreachable {
                |kind| matches!(kind, Kind::Blob | Kind::Commit)
            } else {
                |kind| kind == Kind::Blob
            },
            &BlobPass {
                sink: sink.clone(),
                deltas,
                verified: &verified,
                shard,
                reach: reach_blobs,
                hash,
                shared: &shared,
                local: Found::default(),
                tally: &tally,
                carry,
            },
            None,
        );
        // The blobs' and commits' pages are not read again: the pass over trees holds its own.
        packs.release_pages();
        times.mark("blob pass");
        if times.0.is_some() {
            tally.report();
        }
        let early = early.and_then(|e| e.join().ok().flatten());
        if deltas == Deltas::Verify {
            eprintln!(
                "leakhound: {} blobs found clean by their deltas, each confirmed by a whole scan",
                verified.load(Relaxed)
            );
        }
        skipped.map(|skipped| (skipped, shared.into_inner().unwrap_or_default(), early))
    })?;
    let mut skipped = skipped;
    skipped.too_large.retain(|id| reaches(id));
    skipped.unreadable.retain(|id| reaches(id));
    // Blobs over the size limit were never inflated: counted as skipped, and known to exist.
    // A shard counts and warns about its share only.
    for id in &skipped.too_large {
        if share(id) {
            sink.too_large();
        }
        found.blobs.push(*id);
    }
    found.blobs.extend(skipped.unreadable.iter().copied());
    let unreadable_none = skipped.unreadable.is_empty();
    let mut ids: Vec<ObjectId> = skipped
        .unreadable
        .into_iter()
        .filter(|id| share(id))
        .collect();
    if !ids.is_empty() {
        ids.sort();
        warnings.push(format!(
            "{} blobs are stored as deltas of an object too large to decode within the memory limit ({} MiB) and were not scanned, e.g. {}",
            ids.len(),
            crate::source::odb::CHAIN_CAP >> 20,
            ids.iter().take(3).map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    // With a slot for the name each blob was last seen with in a tree (`scoped`).
    let blobs: HashMap<ObjectId, AtomicU64> = found
        .blobs
        .drain(..)
        .map(|id| (id, AtomicU64::new(0)))
        .collect();
    drop(found.blobs);
    stats.unique_blobs = blobs.keys().filter(|id| share(id)).count() as u64;
    found.hits.sort();
    found.hits.dedup();
    let hits: HashMap<ObjectId, u32> = found
        .hits
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let (commits, early_nodes) = match early_commits {
        Some((commits, nodes)) => (commits, Some(nodes)),
        None => (found.commits.drain(..).collect(), None),
    };

    let shared = Mutex::new(Found::default());
    packs.for_each_object(
        repo,
        threads,
        trees_kind,
        &TreePass {
            hash,
            blobs: &blobs,
            hits: &hits,
            hit_ids: &found.hits,
            memory,
            recall,
            scoped: scoped_paths.as_ref(),
            test: None,
            reach: reach_trees,
            shared: &shared,
            local: Found::default(),
            near: None,
            use_near: near,
        },
        tree_plan,
    )?;
    // The trees and blobs no ref reaches, for the next scan to know them as such (see `again`).
    let unreached = match &reached {
        Some(reached) if memory.is_some() => packs
            .ids(repo, |kind| matches!(kind, Kind::Tree | Kind::Blob))?
            .map(|mut ids| {
                ids.retain(|id| !reached.trees.contains(id) && !reached.blobs.contains(id));
                ids.sort_unstable();
                ids.dedup();
                ids
            }),
        _ => Some(Vec::new()),
    };
    discard(packs);
    discard(reached);
    times.mark("tree pass");
    // The trees by id, gathered on another thread while this one finds the reachable commits.
    let (trees, nodes) = std::thread::scope(|s| {
        let trees = s.spawn(move || {
            let found = shared.into_inner().unwrap_or_default();
            found
                .trees
                .into_iter()
                .collect::<HashMap<ObjectId, TreeRec>>()
        });
        let nodes = match early_nodes {
            Some(nodes) => Ok(nodes),
            None => reachable(repo, &commits, tips.clone()),
        };
        let trees = trees
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (trees, nodes)
    });
    let nodes = nodes?;
    stats.commits = nodes.iter().filter(|n| share(&n.id)).count() as u64;
    times.mark("reachable");

    // The commits' generations and trees, and the trees' sets, on other threads while this one
    // finds the blobs only rules scoped by path find something in.
    let (sets, accounted, generations, tree_of) = std::thread::scope(|s| {
        let graph = s.spawn(|| {
            let tree_of: HashMap<ObjectId, ObjectId> =
                nodes.iter().map(|n| (n.id, n.tree)).collect();
            (generations(&nodes), tree_of)
        });
        // Blobs-with-findings per tree, and the missing blobs of reachable trees: computed
        // without the blobs found below, which are rare; should there be any, the sets are
        // computed again with them.
        let (own_repo, trees_ref, blobs_ref, hits_ref, nodes_ref) =
            (repo.clone(), &trees, &blobs, &hits, &nodes);
        let computed = s.spawn(move || {
            let mut sets = TreeSets::new(&own_repo, trees_ref, blobs_ref, hits_ref);
            for node in nodes_ref {
                sets.compute(node.tree)?;
            }
            Ok::<_, GitError>(sets.detach())
        });
        // Blobs only rules scoped by path find something in, held where those rules apply.
        let mut extra = HashMap::default();
        let mut judged = Vec::new();
        if let Some(paths) = &scoped_paths {
            let mut roots: Vec<ObjectId> = nodes.iter().map(|n| n.tree).collect();
            roots.sort_unstable();
            roots.dedup();
            let held = scoped::holdings(repo, &trees, &roots, paths)?;
            judged = scoped::hits_among(repo, sink, &held, |id| {
                !hits.contains_key(id) && share(id) && blobs.contains_key(id)
            })?;
            extra = scoped::held_by(&held, &judged, found.hits.len());
            discard(held);
        }
        times.mark("holdings");
        let computed = computed
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        times.mark("sets");
        let mut sets = if judged.is_empty() {
            computed.attach(repo, &hits)
        } else {
            discard(computed.attach(repo, &hits).into_memo());
            found.hits.extend(judged);
            let mut sets = TreeSets::new(repo, &trees, &blobs, &hits);
            sets.hold_also(extra, found.hits.len());
            for node in &nodes {
                sets.compute(node.tree)?;
            }
            sets.without_trees(repo, &hits)
        };
        let accounted = missing_warnings(&mut sets, stats, warnings, share);
        let (generations, tree_of) = graph
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok::<_, GitError>((sets, accounted, generations, tree_of))
    })?;
    times.mark("graph");
    // The trees, blobs and commits are not needed from here on: freed meanwhile, before the
    // reads below fill the object caches.
    discard((trees, blobs, commits));
    stats.shallow_boundaries = nodes.iter().filter(|n| n.cut).count() as u64;

    // The earliest commit introducing each blob with findings.
    let mut earliest: Vec<Option<CommitKey>> = vec![None; found.hits.len()];
    for (node, &generation) in nodes.iter().zip(&generations) {
        let parents = node.parents.iter().filter_map(|p| tree_of.get(p));
        introduce(
            &sets,
            node.key(generation),
            node.tree,
            parents,
            &mut earliest,
        );
    }
    times.mark("introduce");
    let unreachable = earliest.iter().filter(|k| k.is_none()).count();
    if unreachable > 0 {
        stats.unreachable_with_findings = unreachable as u64;
    }

    // Paths, and the scan again with them.
    let mut paths = Paths::default();
    let mut work = Vec::new();
    let mut all_found = true;
    for (i, key) in earliest.iter().enumerate() {
        let Some(key) = key else { continue };
        let tree = tree_of[&key.id];
        // A blob only a rule scoped by path finds something in is scanned again at such a
        // path, though the tree may hold it elsewhere too (a copy of an ordinary file).
        let scoped_only = i >= hits.len();
        let accept =
            |path: &[u8]| !scoped_only || scoped_paths.as_ref().is_none_or(|s| s.matches(path));
        match sets.path_of(tree, found.hits[i], i as u32, accept)? {
            Some(path) => work.push(Intro {
                blob: found.hits[i],
                commit: *key,
                path: paths.intern(gix::bstr::ByteSlice::as_bstr(path.as_slice())),
                previous: None,
            }),
            None => all_found = false,
        }
    }
    // What the next scan needs to walk only the commits that are new by then.
    if let (Some(missing), Some(unreached)) = (
        accounted.filter(|_| {
            memory.is_some() && all_found && unreadable_none && stats.shallow_boundaries == 0
        }),
        unreached,
    ) {
        let mut reached: Vec<(ObjectId, u32)> = nodes
            .iter()
            .zip(generations)
            .map(|(n, g)| (n.id, g))
            .collect();
        reached.sort_unstable();
        let mut large = skipped.too_large;
        large.sort_unstable();
        sink.record_walk(KnownWalk {
            tips,
            reached,
            large,
            missing,
            unreached,
            intros: known_intros(&work, &paths),
        });
    }
    times.mark("paths");
    let findings = rescan_and_attribute(repo, sink, &work, &paths);
    times.mark("rescan");
    discard((sets.into_memo(), nodes, tree_of));
    findings
}

/// Frees `value` on a thread of its own, which nothing waits for: the walk's tables are
/// hundreds of thousands of allocations, and freeing them one by one would keep this thread
/// busy while the other cores idle (when the process exits first, it frees them at once).
pub(super) fn discard<T: Send + 'static>(value: T) {
    // Should no thread start, the value is freed here.
    let _ = std::thread::Builder::new()
        .name("leakhound-free".into())
        .spawn(move || drop(value));
}

/// Marks in `earliest` the blobs with findings that the commit `key`, whose tree is `tree`,
/// introduces (its parents' trees are `parents`), where it is earlier than what was there.
/// Returns the indices of the blobs whose commit it became.
pub(super) fn introduce<'a>(
    sets: &TreeSets,
    key: CommitKey,
    tree: ObjectId,
    parents: impl Iterator<Item = &'a ObjectId>,
    earliest: &mut [Option<CommitKey>],
) -> Vec<usize> {
    let mut introduced = sets.get(&tree).to_vec();
    for parent_tree in parents {
        for (word, p) in introduced.iter_mut().zip(sets.get(parent_tree)) {
            *word &= !p;
        }
    }
    let mut changed = Vec::new();
    for (w, word) in introduced.iter().enumerate() {
        let mut bits = *word;
        while bits != 0 {
            let i = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if earliest[i].is_none_or(|k| key < k) {
                earliest[i] = Some(key);
                changed.push(i);
            }
        }
    }
    changed
}

/// Warns about the blobs that reachable trees name and the repository lacks or borrows (as far
/// as `sets` computed); counts the missing ones. Returns the missing ones, sorted, when none is
/// borrowed (from alternates).
pub(super) fn missing_warnings(
    sets: &mut TreeSets,
    stats: &mut HistoryStats,
    warnings: &mut Vec<String>,
    share: impl Fn(&gix::oid) -> bool,
) -> Option<Vec<ObjectId>> {
    let own = sets.elsewhere.is_empty();
    if !sets.elsewhere.is_empty() {
        warnings.push(format!(
            "{} in alternate object stores (objects/info/alternates), which a full history scan does not read; not scanned: scan the repository that owns them too",
            super::count_are(sets.elsewhere.len(), "blob")
        ));
    }
    let mut missing: Vec<ObjectId> = std::mem::take(&mut sets.missing).into_iter().collect();
    missing.sort();
    stats.missing_objects = missing.iter().filter(|id| share(id)).count() as u64;
    if !missing.is_empty() {
        warnings.push(missing_blobs_warning(&missing));
    }
    own.then_some(missing)
}

/// The introductions of `work` as a walk remembers them, sorted by blob.
pub(super) fn known_intros(work: &[Intro], paths: &Paths) -> Vec<KnownIntro> {
    let mut intros: Vec<KnownIntro> = work
        .iter()
        .map(|w| KnownIntro {
            blob: w.blob,
            time: w.commit.time,
            generation: w.commit.generation,
            commit: w.commit.id,
            path: paths.get(w.path).to_vec(),
        })
        .collect();
    intros.sort_by_key(|i| i.blob);
    intros
}

/// Reads each blob of `work` and scans it again with its path, then attributes the findings.
pub(super) fn rescan_and_attribute(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    work: &[Intro],
    paths: &Paths,
) -> Result<Vec<Finding>, GitError> {
    if work.is_empty() {
        return Ok(Vec::new());
    }
    let mut sink = sink.clone();
    let mut findings = Vec::new();
    for (n, intro) in work.iter().enumerate() {
        let path = display_git_path(paths.get(intro.path));
        if sink.skips_path(&path) {
            continue;
        }
        let object = repo
            .find_object(intro.blob)
            .map_err(|e| GitError::new(GitOp::ReadBlobById { id: intro.blob }, e))?;
        let blob = Blob {
            bytes: &object.data,
            path: &path,
            provenance: &Provenance::File,
            id: Some(intro.blob),
        };
        findings.extend(sink.rescan(blob).into_iter().map(|f| (n, f)));
    }
    attribute(repo, findings, work, sink.max_size())
}

/// The commits reachable from `tips`, from the records of pass one (or the repository, for
/// commits not in them), sorted by id; parents the repository lacks are dropped and mark the
/// commit as cut.
fn reachable(
    repo: &gix::Repository,
    commits: &HashMap<ObjectId, Node>,
    tips: Vec<ObjectId>,
) -> Result<Vec<Node>, GitError> {
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
            None => Node::read(repo, id)?,
        };
        let before = node.parents.len();
        node.parents
            .retain(|p| commits.contains_key(p) || repo.has_object(p));
        node.cut |= node.parents.len() < before;
        stack.extend(node.parents.iter().copied());
        nodes.push(node);
    }
    nodes.sort_by_key(|n| n.id);
    Ok(nodes)
}
