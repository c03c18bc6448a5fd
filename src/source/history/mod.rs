//! Git history: every commit reachable from every ref (`all`: the object database is decoded
//! once and only blobs with findings are attributed), or the commits of a range (`range`: each
//! commit diffed against its parents). Each blob is scanned once, and its findings are
//! attributed to the earliest commit that introduced it (`attribution`).
//!
//! "Introduced" means: the commit's tree holds the blob and no parent's tree does (in a range:
//! at that path). A root commit, or a commit at a shallow boundary, introduces its whole tree; a
//! merge introduces only what differs from every parent, i.e. conflict resolutions. "Earliest"
//! means the smallest committer time, then ancestors before descendants (generation number),
//! then the smallest commit id, then the smallest path: deterministic whatever the walk order. A
//! secret found in several blobs at the same path (the file changed later, the secret stayed) is
//! reported once, at its earliest commit.
//!
//! In a range (`BASE..HEAD`), every commit's own changes count, whatever the dates say (dates
//! are attacker input; only the graph is trusted), and only findings on the lines a change adds
//! relative to the first parent's version are kept, so a secret that was already in a file
//! before the range is not reported again, while one added and removed inside it is.
//!
//! Files: `tips` (where the walk starts), `graph` (commits and their order), `tree_diff` (what a
//! commit changes), `range` and `all` (the two walks, each scanning blobs through the sink),
//! `tree_sets` (which trees hold which blobs, for `all`), `attribution` (commit, author, date).

mod again;
mod all;
mod attribution;
mod graph;
mod range;
mod reach;
mod recent;
mod scoped;
mod tips;
mod tree_diff;
mod tree_sets;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::repo::{open_isolated, work_tree};
use super::{BlobSink, GitError, GitOp, SourceError, SourceOutput};

pub use crate::time::rfc3339_utc;

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
    pub fn parse_range(text: &str) -> Result<Self, GitError> {
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
            _ => Err(GitError::plain(GitOp::ParseRange {
                text: text.to_string(),
            })),
        }
    }
}

/// One share of a full-history scan (`--shard K/N`): the blobs whose id, read as a number,
/// is K - 1 modulo N. Every shard walks all commits and trees (attribution needs them) but
/// reads and scans only its blobs, and counts only its share of commits, blobs and missing
/// objects, so that the counts of all N shards add up to those of one scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` with 1 <= K <= N.
    pub fn parse(text: &str) -> Option<Shard> {
        let (k, n) = text.split_once('/')?;
        let (index, count) = (k.trim().parse().ok()?, n.trim().parse().ok()?);
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// Whether an object belongs to this shard.
    pub fn takes(&self, id: &gix::oid) -> bool {
        let bytes = id.as_bytes();
        let mut head = [0u8; 8];
        let n = bytes.len().min(8);
        head[..n].copy_from_slice(&bytes[..n]);
        u64::from_be_bytes(head) % self.count == self.index - 1
    }
}

/// Counts of a history scan, for summaries and JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryStats {
    pub commits: u64,
    pub unique_blobs: u64,
    pub missing_objects: u64,
    pub shallow_boundaries: u64,
    /// Blobs with findings that no ref's history reaches (full history only).
    pub unreachable_with_findings: u64,
}

/// What a history scan produced: findings and warnings, its own counts, and notes.
pub struct HistoryOutput {
    pub output: SourceOutput,
    pub stats: HistoryStats,
    pub notes: Vec<String>,
}

/// A repository opened (isolated) for a history scan.
pub struct History {
    repo: gix::Repository,
    /// A full-history scan reads the objects no ref reaches too (`--include-unreachable`).
    include_unreachable: bool,
}

/// Tree diffs decode the same trees again and again, mostly as deltas: cache decoded objects
/// and delta bases generously (memory stays bounded by these caps), shared out among the
/// `handles` that work at once (one per worker thread), so that more threads do not mean more
/// memory.
fn tune_caches(repo: &mut gix::Repository, handles: usize) {
    let share = |total: usize| (total / handles.max(1)).max(4 << 20);
    repo.object_cache_size(Some(share(64 << 20)));
    let pack_cache = share(128 << 20);
    repo.objects.set_pack_cache(move || {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            pack_cache,
        ))
    });
}

/// `1 blob is`, `2 blobs are`.
pub(crate) fn count_are(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun} is")
    } else {
        format!("{n} {noun}s are")
    }
}

/// The warning for blobs a tree names that the repository does not have.
fn missing_blobs_warning(missing: &[gix::ObjectId]) -> String {
    format!(
        "{} missing from the repository (a partial clone, or a damaged one) and not scanned, e.g. {}",
        count_are(missing.len(), "blob"),
        missing.iter().take(3).map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
    )
}

impl History {
    /// Opens the repository at or above `path`, isolated from user configuration.
    pub fn open(path: &std::path::Path) -> Result<Self, SourceError> {
        let mut repo = open_isolated(path)?;
        tune_caches(&mut repo, 1);
        Ok(History {
            repo,
            include_unreachable: false,
        })
    }

    /// Whether a full-history scan also reads the blobs no ref's history holds (dangling
    /// objects, objects a mirror keeps for pull requests): scanned, never reported, and those
    /// with findings counted (`HistoryStats::unreachable_with_findings`). By default they are
    /// neither read nor counted.
    pub fn include_unreachable(&mut self, include: bool) {
        self.include_unreachable = include;
    }

    /// The repository's (common) git directory.
    pub fn git_dir(&self) -> &std::path::Path {
        self.repo.common_dir()
    }

    /// The kind of object ids the repository uses.
    pub fn object_hash(&self) -> gix::hash::Kind {
        self.repo.object_hash()
    }

    /// The work tree's root; `None` for a bare repository.
    pub fn work_tree(&self) -> Option<PathBuf> {
        work_tree(&self.repo)
    }

    /// The bytes of the file at `path` (`/`-separated, from the repository's top) in the tree
    /// of revision `rev`; `None` when that tree has no file there. `option` names the option
    /// that asked, for messages (`--config-from`).
    pub fn file_at(
        &self,
        rev: &str,
        option: &'static str,
        path: &str,
    ) -> Result<Option<Vec<u8>>, GitError> {
        let repo = &self.repo;
        let read = || -> Result<Option<Vec<u8>>, GitError> {
            let shallow = repo
                .shallow_commits()
                .map_err(|e| GitError::new(GitOp::ReadShallow, e))?
                .is_some();
            let id = tips::resolve(repo, rev, option, shallow)?;
            let tree = repo
                .find_commit(id)
                .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?
                .tree()
                .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?;
            let tree_id = tree.id;
            let Some(entry) = tree
                .lookup_entry_by_path(path)
                .map_err(|e| GitError::new(GitOp::ReadTree { id: tree_id }, e))?
            else {
                return Ok(None);
            };
            if !entry.mode().is_blob() {
                return Ok(None);
            }
            let id = entry.object_id();
            let object = entry.object().map_err(|e| {
                let path = path.to_string();
                GitError::new(GitOp::ReadBlob { path, id }, e)
            })?;
            Ok(Some(object.detach().data))
        };
        read().map_err(|e| e.in_repo(repo))
    }

    /// Scans the selected history.
    pub fn scan(
        &self,
        sink: &impl BlobSink,
        selection: &Selection,
        threads: usize,
    ) -> Result<HistoryOutput, GitError> {
        self.scan_in_repo(sink, selection, threads, None)
            .map_err(|e| e.in_repo(&self.repo))
    }

    /// Scans one shard of the full history.
    pub fn scan_shard(
        &self,
        sink: &impl BlobSink,
        shard: Shard,
        threads: usize,
    ) -> Result<HistoryOutput, GitError> {
        self.scan_in_repo(sink, &Selection::All, threads, Some(shard))
            .map_err(|e| e.in_repo(&self.repo))
    }

    fn scan_in_repo(
        &self,
        sink: &impl BlobSink,
        selection: &Selection,
        threads: usize,
        shard: Option<Shard>,
    ) -> Result<HistoryOutput, GitError> {
        let repo = &self.repo;
        let mut notes = Vec::new();
        let mut stats = HistoryStats::default();
        let shallow = repo
            .shallow_commits()
            .map_err(|e| GitError::new(GitOp::ReadShallow, e))?;
        let mut output = SourceOutput::default();
        let cut = match selection {
            Selection::All => {
                let tips = tips::all(repo, &mut notes)?;
                output.findings = all::scan(
                    repo,
                    sink,
                    all::Walk {
                        tips,
                        threads,
                        shard,
                        unreachable: self.include_unreachable,
                    },
                    &mut stats,
                    &mut output.warnings,
                )?;
                stats.shallow_boundaries as usize
            }
            Selection::Range { base, head } => {
                let head_id = tips::resolve(repo, head, "HEAD", shallow.is_some())?;
                let base_id = tips::resolve(repo, base, "BASE", shallow.is_some())?;
                let (findings, cut) = range::scan(
                    repo,
                    sink,
                    range::Walk {
                        tips: vec![head_id],
                        hidden: vec![base_id],
                        threads,
                    },
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
                "{} parents missing from the repository, which is not a shallow clone: history older than {} was not scanned (is the repository damaged?)",
                if cut == 1 { "1 commit has".to_string() } else { format!("{cut} commits have") },
                if cut == 1 { "it" } else { "them" }
            ));
        }
        if stats.unreachable_with_findings > 0 {
            notes.push(format!(
                "{} with findings in the object database but not in the history of any ref (dangling objects); not reported",
                count_are(stats.unreachable_with_findings as usize, "blob")
            ));
        }
        Ok(HistoryOutput {
            output,
            stats,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
