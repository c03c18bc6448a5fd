//! The range walk (`BASE..HEAD`): the selected commits, each diffed against its parents; every
//! blob a commit introduces at a path is scanned once, in parallel, and only findings on the
//! lines it adds to the first parent's version count.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use gix::bstr::ByteSlice;
use gix::prelude::Find;
use gix::ObjectId;
use rayon::prelude::*;

use super::attribution::{attribute, Intro, Paths};
use super::graph::{generations, Node};
use super::tree_diff::TreeDiffer;
use super::{missing_blobs_warning, tune_caches, HistoryStats};
use crate::finding::{Finding, Provenance};
use crate::paths::display_git_path;
use crate::source::added::AddedLines;
use crate::source::{Blob, BlobSink, GitError, GitOp};

/// The commits to walk: reachable from `tips`, not from `hidden`.
pub(super) struct Walk {
    pub tips: Vec<ObjectId>,
    pub hidden: Vec<ObjectId>,
    pub threads: usize,
}

/// Scans the commits of a range; returns the findings and the number of commits whose parents
/// are missing.
pub(super) fn scan(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    walk: Walk,
    stats: &mut HistoryStats,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Finding>, usize), GitError> {
    let mut paths = Paths::default();
    let commits = repo
        .rev_walk(walk.tips)
        .with_hidden(walk.hidden)
        .all()
        .map_err(|e| GitError::new(GitOp::Walk, e))?;
    let mut nodes = Vec::new();
    for info in commits {
        let info = info.map_err(|e| GitError::new(GitOp::Walk, e))?;
        nodes.push(Node::read(repo, info.id)?);
    }
    stats.commits = nodes.len() as u64;
    let cut = nodes.iter().filter(|n| n.cut).count();
    let generations = generations(&nodes);
    let trees: HashMap<ObjectId, ObjectId> = nodes.iter().map(|n| (n.id, n.tree)).collect();
    let mut differ = TreeDiffer::default();
    // Every commit's own changes, whatever the dates say: a blob that several commits
    // introduce at a path is scanned once, and each of those commits' added lines count.
    let mut work: Vec<Intro> = Vec::new();
    for (node, generation) in nodes.iter().zip(generations) {
        let key = node.key(generation);
        let mut parent_trees = Vec::with_capacity(node.parents.len());
        for parent in &node.parents {
            parent_trees.push(match trees.get(parent) {
                Some(tree) => *tree,
                None => Node::read(repo, *parent)?.tree,
            });
        }
        for change in differ.introduced(repo, node.tree, &parent_trees)? {
            work.push(Intro {
                blob: change.blob,
                commit: key,
                path: paths.intern(change.path.as_bstr()),
                previous: change.previous,
            });
        }
    }
    work.sort_by(|a, b| {
        (a.blob, paths.get(a.path), a.commit).cmp(&(b.blob, paths.get(b.path), b.commit))
    });
    stats.unique_blobs = work.iter().map(|i| i.blob).collect::<HashSet<_>>().len() as u64;
    let groups = groups(&work);
    let scanned = scan_blobs(repo, sink, &work, &groups, &paths, walk.threads)?;
    stats.missing_objects = scanned.missing.len() as u64;
    warnings.extend(scanned.warnings);
    if !scanned.missing.is_empty() {
        let mut missing = scanned.missing;
        missing.sort();
        warnings.push(missing_blobs_warning(&missing));
    }
    Ok((
        attribute(repo, scanned.findings, &work, sink.max_size())?,
        cut,
    ))
}

/// The runs of `work` (sorted by blob, then path) that share a blob and a path: the blob is
/// read and scanned once for all the commits that introduce it there.
fn groups(work: &[Intro]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=work.len() {
        if i == work.len() || (work[i].blob, work[i].path) != (work[start].blob, work[start].path) {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// What the scanning threads found, with the index of the `Intro` each finding came from.
#[derive(Default)]
struct Scanned {
    findings: Vec<(usize, Finding)>,
    missing: Vec<ObjectId>,
    warnings: Vec<String>,
}

/// Decodes and scans each introduced blob once, in parallel.
fn scan_blobs(
    repo: &gix::Repository,
    sink: &impl BlobSink,
    work: &[Intro],
    groups: &[Range<usize>],
    paths: &Paths,
    threads: usize,
) -> Result<Scanned, GitError> {
    let sync = repo.clone().into_sync();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| GitError::new(GitOp::StartThreads, e))?;
    let chunk = (groups.len() / (threads.max(1) * 16)).clamp(1, 4096);
    let parts: Vec<Scanned> = pool.install(|| {
        groups
            .par_chunks(chunk)
            .map(|slice| {
                let mut repo = sync.to_thread_local();
                tune_caches(&mut repo, threads);
                let mut worker = Worker {
                    sink: sink.clone(),
                    blob: Vec::new(),
                    previous: Vec::new(),
                    out: Scanned::default(),
                };
                for group in slice {
                    let path = display_git_path(paths.get(work[group.start].path));
                    worker.scan(&repo, work, group.clone(), &path);
                }
                worker.out
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

/// One scanning thread's sink, buffers and results.
struct Worker<S> {
    sink: S,
    blob: Vec<u8>,
    previous: Vec<u8>,
    out: Scanned,
}

impl<S: BlobSink> Worker<S> {
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

    /// Scans the blob the intros of `group` share, and keeps each finding that some intro
    /// adds, tagged with the earliest such intro (the group is sorted by commit).
    fn scan(&mut self, repo: &gix::Repository, work: &[Intro], group: Range<usize>, path: &str) {
        let intro = &work[group.start];
        if self.sink.skips_path(path) {
            return;
        }
        // The header first, so an oversized blob is skipped before it is decoded.
        let header = repo.try_find_header(intro.blob);
        let Some(header) = self.found(header, intro, path) else {
            return;
        };
        if header.size() > self.sink.max_size() {
            self.sink.too_large();
            return;
        }
        let blob = repo
            .objects
            .try_find(&intro.blob, &mut self.blob)
            .map(|b| b.map(|_| ()));
        if self.found(blob, intro, path).is_none() {
            return;
        }
        // Provenance: the commit is known only after attribution, which replaces it.
        let mut found = self.sink.scan(Blob {
            bytes: &self.blob,
            path,
            provenance: &Provenance::File,
            id: Some(intro.blob),
        });
        for index in group {
            if found.is_empty() {
                break;
            }
            let added = self.added_lines(repo, work[index].previous);
            let (kept, rest): (Vec<Finding>, Vec<Finding>) = found
                .into_iter()
                .partition(|f| added.touches(f.start.line, f.end.line));
            self.out
                .findings
                .extend(kept.into_iter().map(|f| (index, f)));
            found = rest;
        }
    }

    /// The lines the blob in `self.blob` adds to `previous` (every line when there is none, or
    /// when it cannot be read within the size limit: report rather than miss).
    fn added_lines(&mut self, repo: &gix::Repository, previous: Option<ObjectId>) -> AddedLines {
        let Some(previous) = previous else {
            return AddedLines::everything();
        };
        let fits = repo
            .try_find_header(previous)
            .ok()
            .flatten()
            .is_some_and(|h| h.size() <= self.sink.max_size());
        if !fits {
            return AddedLines::everything();
        }
        match repo.objects.try_find(&previous, &mut self.previous) {
            Ok(Some(_)) => AddedLines::between(&self.previous, &self.blob),
            _ => AddedLines::everything(),
        }
    }
}
