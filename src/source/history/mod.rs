//! Git history: every commit reachable from every ref (see `all.rs`: the object database is
//! decoded once and only blobs with findings are attributed), or the commits of a range, each
//! diffed against its parents. Each blob is scanned once, and its findings are attributed to the
//! earliest commit that introduced it.
//!
//! "Introduced" means: the commit's tree holds the blob and no parent's tree does (in a range:
//! at that path). A root commit, or a commit at a shallow boundary, introduces its whole tree; a
//! merge introduces only what differs from every parent, i.e. conflict resolutions. "Earliest"
//! means the smallest committer time, then ancestors before descendants (generation number),
//! then the smallest commit id, then the smallest path: deterministic whatever the walk order. A
//! secret found in several blobs at the same path (the file changed later, the secret stayed) is
//! reported once, at its earliest commit.
//!
//! In a range (`BASE..HEAD`), each commit's own changes count, and only findings on the lines a
//! change adds relative to the first parent's version are kept, so a secret that was already in
//! a file before the range is not reported again, while one added and removed inside it is.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::diff::tree::recorder::Change;
use gix::objs::{tree::EntryKind, FindExt};
use gix::prelude::Find;
use gix::ObjectId;
use rayon::prelude::*;
use serde::Serialize;

mod all;

use super::added::AddedLines;
use super::repo::{display_path, git_error, open_isolated, work_tree};
use super::SourceOutput;
use crate::finding::{CommitInfo, Finding, Provenance};
use crate::scan::{BlobScratch, Scanner};
use crate::Error;

/// Which commits to scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every commit reachable from any ref (branches, tags, remotes, stash) or HEAD.
    All,
    /// The commits reachable from `head` but not from `base` (`git rev-list base..head`).
    Range { base: String, head: String },
}

impl Selection {
    /// Parses `BASE..HEAD` (`HEAD` when the right side is empty).
    pub fn parse_range(text: &str) -> Result<Self, Error> {
        match text.split_once("..") {
            Some((base, head)) if !base.is_empty() && !head.starts_with('.') => {
                Ok(Selection::Range {
                    base: base.to_string(),
                    head: if head.is_empty() {
                        "HEAD".into()
                    } else {
                        head.to_string()
                    },
                })
            }
            _ => Err(Error::Git(format!(
                "--range {text:?}: expected BASE..HEAD, e.g. origin/main..HEAD"
            ))),
        }
    }
}

/// Counts of a history scan, for summaries and JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HistoryStats {
    pub commits: u64,
    pub unique_blobs: u64,
    pub missing_objects: u64,
    pub shallow_boundaries: u64,
    /// Blobs with findings that no ref's history reaches (full history only).
    pub unreachable_with_findings: u64,
}

/// What a history scan produced.
pub struct HistoryOutput {
    pub output: SourceOutput,
    pub stats: HistoryStats,
    pub notes: Vec<String>,
}

/// A repository opened (isolated) for a history scan.
pub struct History {
    repo: gix::Repository,
}

/// A commit that introduced something, ordered oldest first: by committer time, then
/// ancestors before descendants (generation number), then by id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct CommitKey {
    time: i64,
    generation: u32,
    id: ObjectId,
}

/// A walked commit: its tree and the parents present in the repository.
struct Node {
    id: ObjectId,
    time: i64,
    tree: ObjectId,
    parents: Vec<ObjectId>,
    /// Some parent is missing (a shallow boundary, or a damaged repository).
    cut: bool,
}

/// Tree diffs decode the same trees again and again, mostly as deltas: cache decoded objects
/// and delta bases generously (memory stays bounded by these caps).
fn tune_caches(repo: &mut gix::Repository) {
    repo.object_cache_size(Some(64 << 20));
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            128 << 20,
        ))
    });
}

/// Generation numbers (1 + the largest of the parents'; parents outside `nodes` count 0), in
/// the order of `nodes`.
fn generations(nodes: &[Node]) -> Vec<u32> {
    let index: HashMap<ObjectId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut generation = vec![0u32; nodes.len()];
    let mut stack = Vec::new();
    for start in 0..nodes.len() {
        if generation[start] != 0 {
            continue;
        }
        stack.push(start);
        while let Some(&i) = stack.last() {
            let mut ready = true;
            let mut highest = 0;
            for parent in &nodes[i].parents {
                if let Some(&p) = index.get(parent) {
                    match generation[p] {
                        0 => {
                            ready = false;
                            stack.push(p);
                        }
                        g => highest = highest.max(g),
                    }
                }
            }
            if ready {
                generation[i] = highest + 1;
                stack.pop();
            }
        }
    }
    generation
}

/// A blob a commit introduced at a path; `previous` is the first parent's version (range only).
#[derive(Clone)]
struct Intro {
    blob: ObjectId,
    commit: CommitKey,
    path: u32,
    previous: Option<ObjectId>,
}

/// Paths stored once.
#[derive(Default)]
struct Paths {
    ids: HashMap<BString, u32>,
    list: Vec<BString>,
}

impl Paths {
    fn intern(&mut self, path: &BStr) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(path.to_owned());
        self.ids.insert(path.to_owned(), id);
        id
    }
}

impl History {
    /// Opens the repository at or above `path`, isolated from user configuration.
    pub fn open(path: &std::path::Path) -> Result<Self, Error> {
        let mut repo = open_isolated(path)?;
        tune_caches(&mut repo);
        Ok(History { repo })
    }

    /// The work tree's root; `None` for a bare repository.
    pub fn work_tree(&self) -> Option<PathBuf> {
        work_tree(&self.repo)
    }

    /// Scans the selected history.
    pub fn scan(
        &self,
        scanner: &Scanner,
        selection: &Selection,
        threads: usize,
    ) -> Result<HistoryOutput, Error> {
        let repo = &self.repo;
        let mut notes = Vec::new();
        let mut stats = HistoryStats::default();
        let shallow = repo
            .shallow_commits()
            .map_err(|e| git_error("cannot read the shallow file", e))?;
        let (tips, hidden) = match selection {
            Selection::All => (self.all_tips(&mut notes)?, Vec::new()),
            Selection::Range { base, head } => {
                let head_id = self.resolve(head, "HEAD", shallow.is_some())?;
                let base_id = self.resolve(base, "BASE", shallow.is_some())?;
                (vec![head_id], vec![base_id])
            }
        };
        let mut output = SourceOutput::default();
        let cut = match selection {
            Selection::All => {
                output.findings =
                    self.scan_all(scanner, tips, threads, &mut stats, &mut output.warnings)?;
                stats.shallow_boundaries as usize
            }
            Selection::Range { .. } => {
                let (findings, cut) = self.scan_range(
                    scanner,
                    tips,
                    hidden,
                    threads,
                    &mut stats,
                    &mut output.warnings,
                )?;
                output.findings = findings;
                cut
            }
        };
        if let Some(shallow) = &shallow {
            stats.shallow_boundaries = shallow.len() as u64;
            notes.push(format!(
                "history was cut at {} shallow boundar{} (a shallow clone): older commits were not scanned; fetch them with `git fetch --unshallow` (actions/checkout: `fetch-depth: 0`)",
                shallow.len(),
                if shallow.len() == 1 { "y" } else { "ies" }
            ));
        } else if cut > 0 {
            stats.shallow_boundaries = 0;
            output.warnings.push(format!(
                "{cut} commits have parents missing from the repository, which is not a shallow clone: history older than them was not scanned (is the repository damaged?)"
            ));
        }
        if stats.unreachable_with_findings > 0 {
            notes.push(format!(
                "{} blobs with findings are in the object database but not in the history of any ref (dangling objects); they are not reported",
                stats.unreachable_with_findings
            ));
        }
        Ok(HistoryOutput {
            output,
            stats,
            notes,
        })
    }

    /// The commits of a range, each diffed against its parents; returns the findings and the
    /// number of commits whose parents are missing.
    fn scan_range(
        &self,
        scanner: &Scanner,
        tips: Vec<ObjectId>,
        hidden: Vec<ObjectId>,
        threads: usize,
        stats: &mut HistoryStats,
        warnings: &mut Vec<String>,
    ) -> Result<(Vec<Finding>, usize), Error> {
        let repo = &self.repo;
        let mut paths = Paths::default();
        let mut intros: HashMap<(ObjectId, u32), Intro> = HashMap::new();
        let walk = repo
            .rev_walk(tips)
            .with_hidden(hidden)
            .all()
            .map_err(|e| git_error("cannot walk the history", e))?;
        let mut nodes = Vec::new();
        for info in walk {
            let info = info.map_err(|e| git_error("cannot walk the history", e))?;
            nodes.push(self.node(info.id)?);
        }
        stats.commits = nodes.len() as u64;
        let cut = nodes.iter().filter(|n| n.cut).count();
        let generations = generations(&nodes);
        let trees: HashMap<ObjectId, ObjectId> = nodes.iter().map(|n| (n.id, n.tree)).collect();
        let mut walker = TreeDiffer::default();
        for (node, generation) in nodes.iter().zip(generations) {
            let key = CommitKey {
                time: node.time,
                generation,
                id: node.id,
            };
            let mut parent_trees = Vec::with_capacity(node.parents.len());
            for parent in &node.parents {
                parent_trees.push(match trees.get(parent) {
                    Some(tree) => *tree,
                    None => self.node(*parent)?.tree,
                });
            }
            let changes = walker.introduced(repo, node.tree, &parent_trees)?;
            for (path, blob, previous) in changes {
                let path = paths.intern(path.as_bstr());
                let slot = (blob, path);
                let intro = Intro {
                    blob,
                    commit: key,
                    path,
                    previous,
                };
                match intros.get_mut(&slot) {
                    Some(existing) => {
                        if (intro.commit, &paths.list[intro.path as usize])
                            < (existing.commit, &paths.list[existing.path as usize])
                        {
                            *existing = intro;
                        }
                    }
                    None => {
                        intros.insert(slot, intro);
                    }
                }
            }
        }
        let mut work: Vec<Intro> = intros.into_values().collect();
        work.sort_by(|a, b| {
            (a.blob, &paths.list[a.path as usize]).cmp(&(b.blob, &paths.list[b.path as usize]))
        });
        stats.unique_blobs = work.iter().map(|i| i.blob).collect::<HashSet<_>>().len() as u64;
        let scanned = self.scan_blobs(scanner, &work, &paths, threads)?;
        stats.missing_objects = scanned.missing.len() as u64;
        warnings.extend(scanned.warnings);
        if !scanned.missing.is_empty() {
            let mut missing = scanned.missing;
            missing.sort();
            warnings.push(format!(
                "{} blobs are missing from the repository (a partial clone, or a damaged one) and were not scanned, e.g. {}",
                missing.len(),
                missing.iter().take(3).map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        Ok((self.attribute(scanned.findings, &work)?, cut))
    }

    /// A commit's time, tree and present parents.
    fn node(&self, id: ObjectId) -> Result<Node, Error> {
        let context = || format!("cannot read commit {id}");
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_error(context(), e))?;
        let time = commit.time().map_err(|e| git_error(context(), e))?.seconds;
        let tree = commit
            .tree_id()
            .map_err(|e| git_error(context(), e))?
            .detach();
        let mut parents = Vec::new();
        let mut cut = false;
        for parent in commit.parent_ids() {
            match self.repo.try_find_header(parent.detach()) {
                Ok(Some(_)) => parents.push(parent.detach()),
                _ => cut = true,
            }
        }
        Ok(Node {
            id,
            time,
            tree,
            parents,
            cut,
        })
    }

    /// The commits every ref and HEAD point to (through annotated tags).
    fn all_tips(&self, notes: &mut Vec<String>) -> Result<Vec<ObjectId>, Error> {
        let repo = &self.repo;
        let mut tips = Vec::new();
        let platform = repo
            .references()
            .map_err(|e| git_error("cannot read the refs", e))?;
        let refs = platform
            .all()
            .map_err(|e| git_error("cannot read the refs", e))?;
        let mut not_commits = Vec::new();
        for reference in refs {
            let mut reference =
                reference.map_err(|e| Error::Git(format!("cannot read a ref: {e}")))?;
            let name = reference.name().as_bstr().to_string();
            let id = reference
                .peel_to_id()
                .map_err(|e| git_error(format!("cannot resolve ref {name}"), e))?
                .detach();
            match self.kind(id, &name)? {
                gix::objs::Kind::Commit => tips.push(id),
                _ => not_commits.push(name),
            }
        }
        if let Ok(head) = repo.head_id() {
            tips.push(head.detach());
        }
        if !not_commits.is_empty() {
            not_commits.sort();
            notes.push(format!(
                "refs that point to a tree or blob, not a commit, are outside every commit's history: {}",
                not_commits.join(", ")
            ));
        }
        tips.sort();
        tips.dedup();
        Ok(tips)
    }

    fn kind(&self, id: ObjectId, name: &str) -> Result<gix::objs::Kind, Error> {
        self.repo.find_header(id).map(|h| h.kind()).map_err(|e| {
            git_error(
                format!("ref {name} points to {id}, which cannot be read"),
                e,
            )
        })
    }

    /// Resolves one side of a range to a commit, explaining a shallow clone's missing history.
    fn resolve(&self, rev: &str, side: &str, shallow: bool) -> Result<ObjectId, Error> {
        let resolved = self
            .repo
            .rev_parse_single(rev)
            .ok()
            .map(|id| id.detach())
            .filter(|id| self.repo.has_object(id));
        match resolved {
            Some(id) => {
                let commit = self
                    .repo
                    .find_object(id)
                    .and_then(|o| o.peel_to_commit())
                    .map_err(|e| git_error(format!("{side} {rev:?} is not a commit"), e))?;
                Ok(commit.id)
            }
            None if shallow => Err(Error::Git(format!(
                "{side} {rev:?} is not in this repository: it is a shallow clone, and its history was cut before {rev}. Fetch the full history (actions/checkout: `fetch-depth: 0`; locally: `git fetch --unshallow`) and run again"
            ))),
            None => Err(Error::Git(format!(
                "{side} {rev:?} does not name a commit in this repository (fetch it, or check the spelling)"
            ))),
        }
    }

    /// Decodes and scans each introduced blob once, in parallel.
    fn scan_blobs(
        &self,
        scanner: &Scanner,
        work: &[Intro],
        paths: &Paths,
        threads: usize,
    ) -> Result<Scanned, Error> {
        let sync = self.repo.clone().into_sync();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| Error::Git(format!("cannot start worker threads: {e}")))?;
        let chunk = (work.len() / (threads.max(1) * 16)).clamp(1, 4096);
        let parts: Vec<Scanned> = pool.install(|| {
            work.par_chunks(chunk)
                .enumerate()
                .map(|(n, slice)| {
                    let mut repo = sync.to_thread_local();
                    tune_caches(&mut repo);
                    let mut state = BlobState::default();
                    for (i, intro) in slice.iter().enumerate() {
                        let path = display_path(&paths.list[intro.path as usize]);
                        state.scan(&repo, scanner, intro, n * chunk + i, &path);
                    }
                    state.out
                })
                .collect()
        });
        let mut all = Scanned::default();
        for part in parts {
            all.findings.extend(part.findings);
            all.missing.extend(part.missing);
            all.warnings.extend(part.warnings);
        }
        all.warnings.sort();
        Ok(all)
    }

    /// Gives each finding its commit, keeps the earliest of each fingerprint, and says whether
    /// the secret is still at HEAD.
    fn attribute(
        &self,
        findings: Vec<(usize, Finding)>,
        work: &[Intro],
    ) -> Result<Vec<Finding>, Error> {
        let mut earliest: HashMap<crate::finding::Fingerprint, (CommitKey, Finding)> =
            HashMap::new();
        for (i, finding) in findings {
            let key = work[i].commit;
            match earliest.get(&finding.fingerprint) {
                Some((k, f)) if (*k, f.start) <= (key, finding.start) => {}
                _ => {
                    earliest.insert(finding.fingerprint.clone(), (key, finding));
                }
            }
        }
        let head_tree = self.repo.head_tree().ok();
        let mut infos: HashMap<ObjectId, CommitInfo> = HashMap::new();
        let mut at_head: HashMap<String, Option<Vec<u8>>> = HashMap::new();
        let mut out = Vec::with_capacity(earliest.len());
        for (key, mut finding) in earliest.into_values() {
            let info = match infos.get(&key.id) {
                Some(info) => info.clone(),
                None => {
                    let info = self.commit_info(key.id)?;
                    infos.insert(key.id, info.clone());
                    info
                }
            };
            let head_blob = at_head.entry(finding.path.clone()).or_insert_with(|| {
                let tree = head_tree.as_ref()?;
                let entry = tree.lookup_entry_by_path(&finding.path).ok()??;
                if !entry.mode().is_blob() {
                    return None;
                }
                entry.object().ok().map(|o| o.detach().data)
            });
            let present = head_blob.as_deref().is_some_and(|data| {
                memchr::memmem::find(data, finding.secret.expose().as_bytes()).is_some()
            });
            finding.provenance = Provenance::Commit(Box::new(CommitInfo {
                present_at_head: present,
                ..info
            }));
            out.push(finding);
        }
        Ok(out)
    }

    fn commit_info(&self, id: ObjectId) -> Result<CommitInfo, Error> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_error(format!("cannot read commit {id}"), e))?;
        let author = commit
            .author()
            .map_err(|e| git_error(format!("cannot read the author of commit {id}"), e))?;
        let seconds = author.time().map(|t| t.seconds).unwrap_or(0);
        Ok(CommitInfo {
            commit: id.to_string(),
            author: author.name.to_str_lossy().trim().to_string(),
            email: author.email.to_str_lossy().trim().to_string(),
            date: rfc3339_utc(seconds),
            present_at_head: false,
        })
    }
}

/// What the scanning threads found, with the index of the `Intro` each finding came from.
#[derive(Default)]
struct Scanned {
    findings: Vec<(usize, Finding)>,
    missing: Vec<ObjectId>,
    warnings: Vec<String>,
}

/// One scanning thread's buffers and results.
#[derive(Default)]
struct BlobState {
    scratch: BlobScratch,
    blob: Vec<u8>,
    previous: Vec<u8>,
    out: Scanned,
}

impl BlobState {
    /// The object an object-database lookup found; a missing one is recorded as missing, a
    /// failed lookup as a warning.
    fn found<T, E: std::fmt::Display>(
        &mut self,
        lookup: Result<Option<T>, E>,
        intro: &Intro,
        path: &str,
    ) -> Option<T> {
        match lookup {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                self.out.missing.push(intro.blob);
                None
            }
            Err(e) => {
                self.out
                    .warnings
                    .push(format!("{path}: cannot read blob {}: {e}", intro.blob));
                None
            }
        }
    }

    fn scan(
        &mut self,
        repo: &gix::Repository,
        scanner: &Scanner,
        intro: &Intro,
        index: usize,
        path: &str,
    ) {
        if scanner.skip_path(path) {
            return;
        }
        // The header first, so an oversized blob is skipped before it is decoded.
        let header = repo.try_find_header(intro.blob);
        let Some(header) = self.found(header, intro, path) else {
            return;
        };
        if header.size() > scanner.max_file_size {
            scanner.admit(header.size(), b"");
            return;
        }
        let blob = repo
            .objects
            .try_find(&intro.blob, &mut self.blob)
            .map(|b| b.map(|_| ()));
        if self.found(blob, intro, path).is_none() {
            return;
        }
        if !scanner.admit(self.blob.len() as u64, &self.blob) {
            return;
        }
        let found = scanner.scan_blob(&self.blob, path, &Provenance::File, &mut self.scratch);
        if found.is_empty() {
            return;
        }
        let added = match intro.previous {
            None => AddedLines::everything(),
            Some(previous) => match repo.objects.try_find(&previous, &mut self.previous) {
                Ok(Some(_)) => AddedLines::between(&self.previous, &self.blob),
                // Without the old version every line counts as added: report rather than miss.
                _ => AddedLines::everything(),
            },
        };
        self.out.findings.extend(
            found
                .into_iter()
                .filter(|f| added.touches(f.start.line, f.end.line))
                .map(|f| (index, f)),
        );
    }
}

/// Tree diffs with reused buffers.
#[derive(Default)]
struct TreeDiffer {
    state: gix::diff::tree::State,
    lhs: Vec<u8>,
    rhs: Vec<u8>,
}

/// (path, blob, the first parent's blob at that path)
type Introduced = Vec<(BString, ObjectId, Option<ObjectId>)>;

impl TreeDiffer {
    /// The blobs `tree` has at paths where no parent tree has the same blob.
    fn introduced(
        &mut self,
        repo: &gix::Repository,
        tree: ObjectId,
        parents: &[ObjectId],
    ) -> Result<Introduced, Error> {
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
                .map(|(path, blob, _)| (path, blob))
                .collect();
            changes.retain(|(path, blob, _)| differs.contains(&(path.clone(), *blob)));
        }
        Ok(changes)
    }

    /// Blobs added or modified from `old` to `new` (regular files; not links or submodules).
    fn diff(
        &mut self,
        repo: &gix::Repository,
        old: ObjectId,
        new: ObjectId,
    ) -> Result<Introduced, Error> {
        let read = |id: &ObjectId, buf: &mut Vec<u8>| -> Result<(), Error> {
            if id.is_empty_tree() {
                buf.clear();
                return Ok(());
            }
            repo.objects
                .find_tree_iter(id, buf)
                .map(|_| ())
                .map_err(|e| Error::Git(format!("cannot read tree {id}: {e}")))
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
        .map_err(|e| Error::Git(format!("cannot compare trees {old} and {new}: {e}")))?;
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
                } if is_file(entry_mode) => Some((path, oid, None)),
                Change::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path,
                } if is_file(entry_mode) => Some((
                    path,
                    oid,
                    is_file(previous_entry_mode).then_some(previous_oid),
                )),
                _ => None,
            })
            .collect())
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch.
pub fn rfc3339_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn generations_count_from_the_roots() {
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let node = |n: u8, parents: &[u8]| Node {
            id: id(n),
            time: 0,
            tree: id(0),
            parents: parents.iter().map(|&p| id(p)).collect(),
            cut: false,
        };
        // 4 merges 2 and 3, which both descend from 1; 9 is outside the walk.
        let nodes = [
            node(4, &[2, 3]),
            node(3, &[1]),
            node(2, &[1, 9]),
            node(1, &[]),
        ];
        assert_eq!(generations(&nodes), [3, 2, 2, 1]);
    }

    #[test]
    fn parses_ranges() {
        assert_eq!(
            Selection::parse_range("main..feature").unwrap(),
            Selection::Range {
                base: "main".into(),
                head: "feature".into()
            }
        );
        assert_eq!(
            Selection::parse_range("abc..").unwrap(),
            Selection::Range {
                base: "abc".into(),
                head: "HEAD".into()
            }
        );
        assert!(Selection::parse_range("main").is_err());
        assert!(Selection::parse_range("a...b").is_err());
        assert!(Selection::parse_range("..b").is_err());
    }
}
