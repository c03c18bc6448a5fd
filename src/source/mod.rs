//! Sources read blobs and hand them to a `BlobSink`: files and directories (`fs`), stdin, the
//! staged changes of a commit (`staged`), and git history (`history`). A source decides what a
//! blob is, where it came from and which of its findings count (the lines a change adds, the
//! commit that introduced it); the sink decides what is found in it. Sources know the sink only
//! through the trait below: they never see rules, filters or reports.

mod added;
mod error;
pub mod fs;
pub mod history;
mod index_diff;
mod index_file;
mod odb;
mod repo;
pub mod staged;
pub mod stdin;

pub use error::{GitError, GitOp, SourceError};

use crate::finding::{Finding, Provenance};

/// One blob, as a source hands it over.
#[derive(Clone, Copy, Debug)]
pub struct Blob<'a> {
    pub bytes: &'a [u8],
    /// The path as reports show it (`-` for stdin, empty when not yet known).
    pub path: &'a str,
    pub provenance: &'a Provenance,
    /// The git object id, for blobs read from a repository.
    pub id: Option<gix::ObjectId>,
}

impl<'a> Blob<'a> {
    /// A blob read from a repository's object database before any path names it (a history
    /// pass: attribution gives its findings a path and a commit later).
    pub fn from_odb(bytes: &'a [u8], id: gix::ObjectId) -> Self {
        Blob {
            bytes,
            path: "",
            provenance: &Provenance::File,
            id: Some(id),
        }
    }
}

/// Receives blobs and answers with their findings. Cloned once per worker thread (each clone
/// keeps its own buffers); clones share their counts.
pub trait BlobSink: Clone + Send + Sync {
    /// Blobs larger than this are not read; the source reports them with `too_large`.
    fn max_size(&self) -> u64;

    /// Whether a path is excluded whole, so its blob need not be read (counted when it is).
    fn skips_path(&self, path: &str) -> bool;

    /// Counts a blob the source did not read because it is larger than `max_size`.
    fn too_large(&self);

    /// Scans a blob (unless it is binary, an LFS pointer or too large: then it is counted as
    /// skipped) and returns its findings, unsorted.
    fn scan(&mut self, blob: Blob<'_>) -> Vec<Finding>;

    /// Scans again, under its real path, a blob that `scan` already saw and counted.
    fn rescan(&mut self, blob: Blob<'_>) -> Vec<Finding>;

    /// The path patterns of the rules scoped by path (`.pgpass`, `*.tfvars`…), as rules give
    /// them; none by default.
    fn path_patterns(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether a blob that `scan` found nothing in (it had no path then) has findings at
    /// `blob.path`, a path some rule scoped by path matches. Counts nothing.
    fn finds_at_path(&mut self, _blob: Blob<'_>) -> bool {
        false
    }

    /// `scan`, also saying what the blob showed of itself for blobs stored as its deltas: a
    /// mark for `scan_delta` (0: nothing).
    fn scan_marked(&mut self, blob: Blob<'_>) -> (Vec<Finding>, u64) {
        (self.scan(blob), 0)
    }

    /// For a blob (with no path yet) stored as `delta` of a blob `scan_marked` or `scan_delta`
    /// gave the mark `base`: when the lines the delta changed prove that `scan` would find
    /// nothing, counts the blob as `scan` would have and returns its own mark; `None` when they
    /// do not (the source then calls `scan_marked`). See `engine::regions`.
    fn scan_delta(
        &mut self,
        _blob: Blob<'_>,
        _base: u64,
        _delta: &crate::engine::regions::Delta<'_>,
    ) -> Option<u64> {
        None
    }

    /// `scan_delta` for a blob that is not to be scanned (not history, or another shard's), only
    /// the delta base of some that are: its mark when the lines the delta changed prove it
    /// clean, for those deltas. Counts nothing.
    fn mark_delta(
        &mut self,
        _blob: Blob<'_>,
        _base: u64,
        _delta: &crate::engine::regions::Delta<'_>,
    ) -> Option<u64> {
        None
    }

    /// Whether the sink already knows what `scan` would say of the blob with this id (a cache of
    /// an earlier scan), so that the source need not read it. No side effect.
    fn knows(&self, _id: &gix::oid) -> bool {
        false
    }

    /// For a blob the sink knows: counts it as `scan` would have, and says whether it has
    /// findings (which the source then gets with `rescan`, reading it). `None` when the sink
    /// does not know it: the source reads it and calls `scan`.
    fn recall(&mut self, _id: &gix::oid) -> Option<bool> {
        None
    }

    /// Whether the sink can tell, for trees an earlier full-history scan parsed, their subtrees
    /// and the blobs in them that mattered (`recall_tree`). Asked once every blob has gone
    /// through `scan` or `recall`: a cache answers no when a blob it knew has gone from the
    /// repository since (a tree it remembers could now name a missing blob).
    fn remembers_trees(&self) -> bool {
        false
    }

    /// Whether `recall_tree` would answer for this tree (no side effect).
    fn knows_tree(&self, _id: &gix::oid) -> bool {
        false
    }

    /// A tree an earlier scan parsed: its subtrees, and the blobs in it that had findings or
    /// were missing from the repository then.
    fn recall_tree(&self, _id: &gix::oid) -> Option<KnownTree> {
        None
    }

    /// Remembers a tree this scan parsed, as `recall_tree` gives it back.
    fn record_tree(&self, _id: &gix::oid, _tree: KnownTree) {}

    /// Whether `recall_commit` would answer for this commit (no side effect).
    fn knows_commit(&self, _id: &gix::oid) -> bool {
        false
    }

    /// A commit an earlier scan parsed (a commit's id names its content: always valid).
    fn recall_commit(&self, _id: &gix::oid) -> Option<KnownCommit> {
        None
    }

    /// Remembers a commit this scan parsed.
    fn record_commit(&self, _id: &gix::oid, _commit: KnownCommit) {}

    /// What the last full-history scan concluded (`KnownWalk`), if the sink remembers it.
    fn known_walk(&self) -> Option<&KnownWalk> {
        None
    }

    /// Remembers what this full-history scan concluded.
    fn record_walk(&self, _walk: KnownWalk) {}

    /// Marks an object as still in the repository and says what the sink knows it as; `Again`
    /// for a blob met before in this scan (the repository holds it twice).
    fn meet(&self, _id: &gix::oid) -> Met {
        Met::Unknown
    }

    /// Whether every blob, tree and commit the sink knows was met (none has gone since).
    fn met_all(&self) -> bool {
        false
    }

    /// Forgets which objects were met or recalled (a continued walk that gave up: the full walk
    /// then meets what it meets).
    fn forget_met(&self) {}

    /// Counts every blob the sink knows as `recall` would; returns how many there are and those
    /// with findings, sorted.
    fn recall_all(&mut self) -> (u64, Vec<gix::ObjectId>) {
        (0, Vec::new())
    }

    /// Scans one window of a stream longer than `max_size` (its neighbours overlap it); `None`
    /// when the stream is skipped (the first window says it is binary), counted once.
    fn scan_window(&mut self, blob: Blob<'_>, window: StreamWindow) -> Option<Vec<Finding>> {
        Some(if window.first {
            self.scan(blob)
        } else {
            self.rescan(blob)
        })
    }
}

/// What a full-history scan needs of a commit: its committer time, tree and parents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownCommit {
    pub time: i64,
    pub tree: gix::ObjectId,
    pub parents: Vec<gix::ObjectId>,
}

/// What a full-history scan needs of a tree: its subtrees, and the blobs in it that had findings
/// or were missing (every other blob in it was scanned and found clean).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownTree {
    pub subtrees: Vec<gix::ObjectId>,
    pub blobs: Vec<gix::ObjectId>,
}

/// What a sink knows an object as (`BlobSink::meet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Met {
    Blob,
    Tree,
    Commit,
    Unknown,
    Again,
}

/// What a full-history scan concluded, so that the next one walks only the commits that are
/// new since (`history::again`): the ref tips it started from, every commit it reached with its
/// generation number, and each blob with findings it reached with the commit that introduced
/// it first and the path there. Recorded only when the scan met nothing it could not account
/// for (borrowed objects, a cut history, undecodable delta chains).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownWalk {
    /// Sorted.
    pub tips: Vec<gix::ObjectId>,
    /// Sorted by id.
    pub reached: Vec<(gix::ObjectId, u32)>,
    /// The blobs over the size limit (never read, so in no record), sorted.
    pub large: Vec<gix::ObjectId>,
    /// The blobs that reached trees named and the repository lacked, sorted.
    pub missing: Vec<gix::ObjectId>,
    /// The trees and blobs of the repository that the walk did not reach and so did not read
    /// (none when it read every object: `--include-unreachable`), sorted.
    pub unreached: Vec<gix::ObjectId>,
    /// Sorted by blob.
    pub intros: Vec<KnownIntro>,
}

/// A blob with findings and where it was introduced first (`KnownWalk`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownIntro {
    pub blob: gix::ObjectId,
    pub time: i64,
    pub generation: u32,
    pub commit: gix::ObjectId,
    /// `/`-separated, from the top of the commit's tree.
    pub path: Vec<u8>,
}

/// Which window of a stream a `scan_window` call is.
#[derive(Clone, Copy, Debug)]
pub struct StreamWindow {
    /// The first window: it decides whether the stream is text, and counts it as one blob.
    pub first: bool,
    /// Bytes no earlier window held.
    pub new_bytes: u64,
}

/// Findings a source produced, and the problems it met on the way (a file it could not read):
/// reported as warnings while the scan goes on, and the scan then ends with exit code 2.
#[derive(Default)]
pub struct SourceOutput {
    pub findings: Vec<Finding>,
    pub warnings: Vec<String>,
}
