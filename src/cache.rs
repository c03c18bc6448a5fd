//! The history cache: what scanning each blob of a repository gave, by blob id, and what each
//! tree holds that attribution needs, by tree id, so that a full-history rescan reads only the
//! blobs and trees it has not seen. A blob record holds the blob's counts (scanned bytes, or
//! skipped as binary, LFS pointer or too large; suppressions; checksum rejections) and where its
//! findings were (rule id, start and end line:column), never a byte of a secret: a blob with
//! findings is read and scanned again, with its path, as without the cache. A tree record holds
//! its subtrees and the blobs in it that had findings or were missing; it is used only when every
//! blob the cache knew is still in the repository (else a remembered tree could hide a blob gone
//! missing since). A commit record holds its time, tree and parents (always valid: an id names
//! its content). The last walk (`KnownWalk`) holds the ref tips a full scan started from, the
//! commits it reached with their generation numbers, the blobs over the size limit it met and
//! those reached trees named that were missing, and
//! for each blob with findings the commit that introduced it first and the path there: a rescan
//! whose repository still holds every object the cache knows, once, and whose history still
//! holds every old tip walks only the commits that are new (`source::history::again`).
//!
//! The file is keyed by `Scanner::digest` (this build, the rules in effect, allowlists, limits,
//! decoders, the repository's hash kind): under another key it is ignored and rebuilt. It is
//! untrusted input: a damaged or truncated file (checksum, bounds, order) is ignored and rebuilt
//! with a note, never trusted in part. A file forged with a valid checksum can hide findings, as
//! anything else writable in the repository's git directory could: never restore a cache that
//! untrusted code could have written (a pull request from a fork).
//!
//! Format (little-endian, varints are LEB128): magic `LHCACHE` + format byte, hash length (u8),
//! key (32 bytes), blob record count (varint), blob records sorted by id, tree record count,
//! tree records sorted by id, commit record count, commit records sorted by id, then SHA-256 of
//! all before it. A blob record: id, admission (u8),
//! bytes, inline, allowlist, checksum counts, finding count (varints), then per finding the rule
//! id (varint length + UTF-8) and four varints. A tree record: id, subtree count, each subtree
//! as its index + 1 in the tree table (or 0 and its id), blob count, blob ids. A commit record:
//! id, time (zigzag varint), tree id, parent count, parent ids. The walk: a byte (0: none), then
//! tips (count, ids), reached commits (count, id + generation), large blobs (count, ids), missing
//! blobs (count, ids), unreached trees and blobs (count, ids),
//! introductions (count, each blob id, time, generation, commit id, path length and bytes), each
//! list sorted by id. Written to a
//! temporary file in the same directory, synced, then renamed over the old one: a crash leaves
//! the old file or the new one, never a mix.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Mutex;

use gix::hashtable::HashMap;
use gix::ObjectId;
use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::scan::{Admission, BlobCounts, ScanSink};
use crate::source::history::Shard;
use crate::source::{Blob, BlobSink, KnownCommit, KnownIntro, KnownTree, KnownWalk, Met};

/// The cache file's name in its directory.
pub const FILE_NAME: &str = "history.cache";
/// The cache file in `dir` for a whole scan, or for one shard (shards keep files of their own).
pub fn file_in(dir: &Path, shard: Option<Shard>) -> PathBuf {
    match shard {
        None => dir.join(FILE_NAME),
        Some(s) => dir.join(format!("history-shard-{}-of-{}.cache", s.index, s.count)),
    }
}

/// The directory, inside a repository's git directory, that holds the cache by default.
pub const DEFAULT_DIR: &str = "leakhound";

const MAGIC: &[u8; 8] = b"LHCACHE\x04";
/// Rule ids are short; a longer one means a damaged file.
const MAX_RULE_ID: u64 = 256;

/// Where a finding was in a blob: its rule and its start and end (line, column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    pub rule: Box<str>,
    pub start: (u32, u32),
    pub end: (u32, u32),
}

/// What scanning one blob gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub counts: BlobCounts,
    pub findings: Vec<Spot>,
}

impl Record {
    fn of(counts: BlobCounts, findings: &[Finding]) -> Record {
        Record {
            counts,
            findings: findings
                .iter()
                .map(|f| Spot {
                    rule: f.rule_id.as_str().into(),
                    start: (f.start.line, f.start.column),
                    end: (f.end.line, f.end.column),
                })
                .collect(),
        }
    }
}

/// What a scan took from the cache (blobs not read, trees not parsed) and added to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheCounts {
    pub blobs_known: u64,
    pub blobs_added: u64,
    pub trees_known: u64,
    pub trees_added: u64,
    pub commits_known: u64,
    pub commits_added: u64,
    /// The last full walk was continued: only commits new since were walked.
    pub walk_continued: bool,
}

/// One kind of record (blobs, trees, commits): those read from the file, by id, which of them
/// this scan met again (the others are dropped when saving), and those it adds.
struct Table<T> {
    old: Vec<(ObjectId, T)>,
    index: HashMap<ObjectId, u32>,
    kept: Vec<AtomicBool>,
    new: Mutex<Vec<(ObjectId, T)>>,
}

impl<T: Clone> Table<T> {
    fn new(old: Vec<(ObjectId, T)>) -> Self {
        Table {
            index: old
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (*id, i as u32))
                .collect(),
            kept: old.iter().map(|_| AtomicBool::new(false)).collect(),
            old,
            new: Mutex::new(Vec::new()),
        }
    }

    fn knows(&self, id: &gix::oid) -> bool {
        self.index.contains_key(id)
    }

    /// Marks `id` as met; whether it was met before (`None`: not known).
    fn meet(&self, id: &gix::oid) -> Option<bool> {
        let i = *self.index.get(id)? as usize;
        Some(self.kept[i].swap(true, Relaxed))
    }

    /// The record of `id`, marked as met.
    fn recall(&self, id: &gix::oid) -> Option<&T> {
        let i = *self.index.get(id)? as usize;
        self.kept[i].store(true, Relaxed);
        Some(&self.old[i].1)
    }

    fn record(&self, id: ObjectId, value: T) {
        if let Ok(mut new) = self.new.lock() {
            new.push((id, value));
        }
    }

    fn forget_met(&self) {
        for k in &self.kept {
            k.store(false, Relaxed);
        }
    }

    fn all_kept(&self) -> bool {
        self.kept.iter().all(|k| k.load(Relaxed))
    }

    fn kept_count(&self) -> u64 {
        self.kept.iter().filter(|k| k.load(Relaxed)).count() as u64
    }

    fn new_count(&self) -> u64 {
        self.new.lock().map_or(0, |n| n.len()) as u64
    }

    fn changed(&self) -> bool {
        self.new_count() > 0 || !self.all_kept()
    }

    /// The records met or added, sorted by id, without duplicates (`new`: the records added,
    /// taken out of the table).
    fn merged<'a>(&'a self, new: &'a mut Vec<(ObjectId, T)>) -> Vec<&'a (ObjectId, T)> {
        *new = std::mem::take(&mut *self.new.lock().unwrap_or_else(|e| e.into_inner()));
        // New records first: where this scan recorded an object again, its record wins.
        let mut all: Vec<&(ObjectId, T)> = new
            .iter()
            .chain(
                self.old
                    .iter()
                    .zip(&self.kept)
                    .filter(|(_, k)| k.load(Relaxed))
                    .map(|(r, _)| r),
            )
            .collect();
        // Old records are sorted already, and the new ones few: a stable sort is near linear.
        all.sort_by_key(|r| r.0);
        all.dedup_by(|a, b| a.0 == b.0);
        all
    }
}

/// The cache of one scan: the records read from the file, and those the scan adds.
pub struct BlobCache {
    path: PathBuf,
    key: [u8; 32],
    hash_len: usize,
    blobs: Table<Record>,
    trees: Table<KnownTree>,
    commits: Table<KnownCommit>,
    /// The last full walk, as read from the file, and this scan's.
    walk: Option<KnownWalk>,
    new_walk: Mutex<Option<KnownWalk>>,
    /// Every known blob was recalled at once (`recall_all`: the last walk was continued).
    continued: AtomicBool,
    /// The file must be written even if the scan adds nothing (absent, damaged, other key).
    rewrite: bool,
    /// Why the file was not used, when that is worth telling.
    note: Option<String>,
}

/// What a file holds.
#[derive(Default)]
struct Contents {
    blobs: Vec<(ObjectId, Record)>,
    trees: Vec<(ObjectId, KnownTree)>,
    commits: Vec<(ObjectId, KnownCommit)>,
    walk: Option<KnownWalk>,
}

/// What a file is written from.
struct ContentRefs<'a> {
    blobs: Vec<&'a (ObjectId, Record)>,
    trees: Vec<&'a (ObjectId, KnownTree)>,
    commits: Vec<&'a (ObjectId, KnownCommit)>,
    walk: Option<&'a KnownWalk>,
}

impl Contents {
    #[cfg(test)]
    fn refs(&self) -> ContentRefs<'_> {
        ContentRefs {
            blobs: self.blobs.iter().collect(),
            trees: self.trees.iter().collect(),
            commits: self.commits.iter().collect(),
            walk: self.walk.as_ref(),
        }
    }
}

/// What `BlobCache::open` made of the file.
enum Read {
    Missing,
    OtherKey,
    Damaged(String),
    Records(Contents),
}

impl BlobCache {
    /// Opens the cache file `path` under `key` for ids of `hash_len` bytes; a missing, damaged
    /// or differently keyed file gives an empty cache (a note says why, when damaged).
    pub fn open(path: PathBuf, key: [u8; 32], hash_len: usize) -> BlobCache {
        let read = match std::fs::read(&path) {
            Ok(bytes) => parse(&bytes, &key, hash_len),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Read::Missing,
            Err(e) => Read::Damaged(format!("cannot be read ({e})")),
        };
        let (contents, rewrite, note) = match read {
            Read::Records(contents) => (contents, false, None),
            Read::Missing | Read::OtherKey => (Contents::default(), true, None),
            Read::Damaged(why) => (
                Contents::default(),
                true,
                Some(format!(
                    "the history cache {} {why}: it was ignored, every blob was scanned, and it is rebuilt",
                    path.display()
                )),
            ),
        };
        BlobCache {
            path,
            key,
            hash_len,
            blobs: Table::new(contents.blobs),
            trees: Table::new(contents.trees),
            commits: Table::new(contents.commits),
            walk: contents.walk,
            new_walk: Mutex::new(None),
            continued: AtomicBool::new(false),
            rewrite,
            note,
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file was not used, if that is worth a note (it was damaged).
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Blob records read from the file.
    pub fn known(&self) -> usize {
        self.blobs.old.len()
    }

    /// What this scan took from the cache and added to it (call before `save`).
    pub fn counts(&self) -> CacheCounts {
        CacheCounts {
            blobs_known: self.blobs.kept_count(),
            blobs_added: self.blobs.new_count(),
            trees_known: self.trees.kept_count(),
            trees_added: self.trees.new_count(),
            commits_known: self.commits.kept_count(),
            commits_added: self.commits.new_count(),
            walk_continued: self.continued.load(Relaxed),
        }
    }

    /// A sink that answers from the cache what it can and records what `inner` scans.
    pub fn sink<'a>(&'a self, inner: ScanSink<'a>) -> CacheSink<'a> {
        CacheSink { inner, cache: self }
    }

    /// Writes the records this scan met (old and new) if they differ from the file's; returns
    /// whether it wrote.
    pub fn save(&self) -> std::io::Result<bool> {
        let walk = self.new_walk.lock().unwrap_or_else(|e| e.into_inner());
        if !(self.rewrite
            || self.blobs.changed()
            || self.trees.changed()
            || self.commits.changed()
            || *walk != self.walk)
        {
            return Ok(false);
        }
        let (mut blobs, mut trees, mut commits) = (Vec::new(), Vec::new(), Vec::new());
        let contents = ContentRefs {
            blobs: self.blobs.merged(&mut blobs),
            trees: self.trees.merged(&mut trees),
            commits: self.commits.merged(&mut commits),
            walk: walk.as_ref(),
        };
        let bytes = encode(&self.key, self.hash_len, &contents);
        write_atomically(&self.path, &bytes)?;
        Ok(true)
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| FILE_NAME.into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced (not possible everywhere).
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn admission_byte(a: Admission) -> u8 {
    match a {
        Admission::Scanned => 0,
        Admission::Binary => 1,
        Admission::LfsPointer => 2,
        Admission::TooLarge => 3,
    }
}

fn encode(key: &[u8; 32], hash_len: usize, contents: &ContentRefs) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + contents.blobs.len() * 32);
    out.extend_from_slice(MAGIC);
    out.push(hash_len as u8);
    out.extend_from_slice(key);
    put_varint(&mut out, contents.blobs.len() as u64);
    for (id, r) in contents.blobs.iter().map(|r| (&r.0, &r.1)) {
        out.extend_from_slice(id.as_bytes());
        let c = &r.counts;
        out.push(admission_byte(c.admission));
        for n in [
            c.bytes,
            c.suppressed_inline,
            c.suppressed_allowlist,
            c.rejected_by_checksum,
            r.findings.len() as u64,
        ] {
            put_varint(&mut out, n);
        }
        for spot in &r.findings {
            put_varint(&mut out, spot.rule.len() as u64);
            out.extend_from_slice(spot.rule.as_bytes());
            for n in [spot.start.0, spot.start.1, spot.end.0, spot.end.1] {
                put_varint(&mut out, u64::from(n));
            }
        }
    }
    // Trees: subtrees by index + 1 into this table, or 0 and the id when not in it.
    let trees = &contents.trees;
    let index: HashMap<ObjectId, u32> = trees
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0, i as u32))
        .collect();
    put_varint(&mut out, trees.len() as u64);
    for (id, tree) in trees.iter().map(|r| (&r.0, &r.1)) {
        out.extend_from_slice(id.as_bytes());
        put_varint(&mut out, tree.subtrees.len() as u64);
        for sub in &tree.subtrees {
            match index.get(sub) {
                Some(&i) => put_varint(&mut out, u64::from(i) + 1),
                None => {
                    put_varint(&mut out, 0);
                    out.extend_from_slice(sub.as_bytes());
                }
            }
        }
        put_varint(&mut out, tree.blobs.len() as u64);
        for blob in &tree.blobs {
            out.extend_from_slice(blob.as_bytes());
        }
    }
    // Commits: time (zigzag), tree, parents.
    put_varint(&mut out, contents.commits.len() as u64);
    for (id, commit) in contents.commits.iter().map(|r| (&r.0, &r.1)) {
        out.extend_from_slice(id.as_bytes());
        put_varint(&mut out, ((commit.time << 1) ^ (commit.time >> 63)) as u64);
        out.extend_from_slice(commit.tree.as_bytes());
        put_varint(&mut out, commit.parents.len() as u64);
        for parent in &commit.parents {
            out.extend_from_slice(parent.as_bytes());
        }
    }
    encode_walk(&mut out, contents.walk);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    out
}

/// The last walk: a flag byte (0: none), tips, reached commits with their generations, blobs
/// over the size limit, introductions (blob, time, generation, commit, path).
fn encode_walk(out: &mut Vec<u8>, walk: Option<&KnownWalk>) {
    let Some(walk) = walk else {
        out.push(0);
        return;
    };
    out.push(1);
    put_varint(out, walk.tips.len() as u64);
    for id in &walk.tips {
        out.extend_from_slice(id.as_bytes());
    }
    put_varint(out, walk.reached.len() as u64);
    for (id, generation) in &walk.reached {
        out.extend_from_slice(id.as_bytes());
        put_varint(out, u64::from(*generation));
    }
    for list in [&walk.large, &walk.missing, &walk.unreached] {
        put_varint(out, list.len() as u64);
        for id in list {
            out.extend_from_slice(id.as_bytes());
        }
    }
    put_varint(out, walk.intros.len() as u64);
    for intro in &walk.intros {
        out.extend_from_slice(intro.blob.as_bytes());
        put_varint(out, ((intro.time << 1) ^ (intro.time >> 63)) as u64);
        put_varint(out, u64::from(intro.generation));
        out.extend_from_slice(intro.commit.as_bytes());
        put_varint(out, intro.path.len() as u64);
        out.extend_from_slice(&intro.path);
    }
}

/// Reads a file's bytes, checking everything: no input makes it panic or trust a damaged file.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return None;
            }
            n |= part << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        self.varint().and_then(|n| u32::try_from(n).ok())
    }
}

fn parse(bytes: &[u8], key: &[u8; 32], hash_len: usize) -> Read {
    let damaged = |why: &str| Read::Damaged(why.to_string());
    if bytes.len() < MAGIC.len() + 1 + 32 + 1 + 32 {
        return damaged("is truncated");
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        // Another format version is not damage: rebuild quietly.
        return if bytes.starts_with(&MAGIC[..7]) {
            Read::OtherKey
        } else {
            damaged("is not a leakhound history cache")
        };
    }
    let (body, sum) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != sum {
        return damaged("is damaged or truncated (its checksum does not match)");
    }
    let mut c = Cursor {
        bytes: &body[MAGIC.len()..],
    };
    let (Some(len), Some(file_key)) = (c.byte(), c.take(32)) else {
        return damaged("is truncated");
    };
    if file_key != key || usize::from(len) != hash_len {
        return Read::OtherKey;
    }
    let parsed = (|| {
        Some(Contents {
            blobs: records(&mut c, hash_len)?,
            trees: trees(&mut c, hash_len)?,
            commits: commits(&mut c, hash_len)?,
            walk: walk(&mut c, hash_len)?,
        })
    })()
    .filter(|_| c.bytes.is_empty());
    match parsed {
        Some(contents) => Read::Records(contents),
        None => damaged("is damaged (a record is out of bounds or out of order)"),
    }
}

fn records(c: &mut Cursor, hash_len: usize) -> Option<Vec<(ObjectId, Record)>> {
    let count = c.varint()?;
    // Each record takes at least hash_len + 6 bytes: never allocate more than the file backs.
    let bound = c.bytes.len() / (hash_len + 6);
    let mut records: Vec<(ObjectId, Record)> = Vec::with_capacity((count as usize).min(bound));
    for _ in 0..count {
        let id = ObjectId::try_from(c.take(hash_len)?).ok()?;
        if records.last().is_some_and(|(prev, _)| *prev >= id) {
            return None;
        }
        let admission = match c.byte()? {
            0 => Admission::Scanned,
            1 => Admission::Binary,
            2 => Admission::LfsPointer,
            3 => Admission::TooLarge,
            _ => return None,
        };
        let counts = BlobCounts {
            admission,
            bytes: c.varint()?,
            suppressed_inline: c.varint()?,
            suppressed_allowlist: c.varint()?,
            rejected_by_checksum: c.varint()?,
        };
        let n = c.varint()?;
        if n > c.bytes.len() as u64 {
            return None;
        }
        let mut findings = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let len = c.varint()?;
            if len == 0 || len > MAX_RULE_ID {
                return None;
            }
            let rule = std::str::from_utf8(c.take(len as usize)?).ok()?;
            findings.push(Spot {
                rule: rule.into(),
                start: (c.u32()?, c.u32()?),
                end: (c.u32()?, c.u32()?),
            });
        }
        if admission != Admission::Scanned && (counts.bytes != 0 || !findings.is_empty()) {
            return None;
        }
        records.push((id, Record { counts, findings }));
    }
    Some(records)
}

fn object_id(c: &mut Cursor, hash_len: usize) -> Option<ObjectId> {
    Some(gix::oid::try_from_bytes(c.take(hash_len)?).ok()?.to_owned())
}

fn commits(c: &mut Cursor, hash_len: usize) -> Option<Vec<(ObjectId, KnownCommit)>> {
    let count = c.varint()?;
    if count as usize > c.bytes.len() / (2 * hash_len + 2) {
        return None;
    }
    let mut commits: Vec<(ObjectId, KnownCommit)> = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let id = object_id(c, hash_len)?;
        if commits.last().is_some_and(|(prev, _)| *prev >= id) {
            return None;
        }
        let z = c.varint()?;
        let time = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let tree = object_id(c, hash_len)?;
        let n = c.varint()?;
        if n > (c.bytes.len() / hash_len) as u64 {
            return None;
        }
        let parents = (0..n)
            .map(|_| object_id(c, hash_len))
            .collect::<Option<Vec<_>>>()?;
        commits.push((
            id,
            KnownCommit {
                time,
                tree,
                parents,
            },
        ));
    }
    Some(commits)
}

/// Ids in strictly increasing order, `count` of them, each followed by what `then` reads.
fn sorted_ids<T>(
    c: &mut Cursor,
    hash_len: usize,
    mut then: impl FnMut(&mut Cursor, ObjectId) -> Option<T>,
) -> Option<Vec<T>> {
    let count = c.varint()?;
    if count > (c.bytes.len() / hash_len) as u64 {
        return None;
    }
    let mut out = Vec::with_capacity(count as usize);
    let mut last: Option<ObjectId> = None;
    for _ in 0..count {
        let id = object_id(c, hash_len)?;
        if last.is_some_and(|prev| prev >= id) {
            return None;
        }
        last = Some(id);
        out.push(then(c, id)?);
    }
    Some(out)
}

fn walk(c: &mut Cursor, hash_len: usize) -> Option<Option<KnownWalk>> {
    match c.byte()? {
        0 => return Some(None),
        1 => {}
        _ => return None,
    }
    let tips = sorted_ids(c, hash_len, |_, id| Some(id))?;
    let reached = sorted_ids(c, hash_len, |c, id| Some((id, c.u32()?)))?;
    let large = sorted_ids(c, hash_len, |_, id| Some(id))?;
    let missing = sorted_ids(c, hash_len, |_, id| Some(id))?;
    let unreached = sorted_ids(c, hash_len, |_, id| Some(id))?;
    let intros = sorted_ids(c, hash_len, |c, blob| {
        let z = c.varint()?;
        let time = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let generation = c.u32()?;
        let commit = object_id(c, hash_len)?;
        let len = c.varint()?;
        let path = c.take(usize::try_from(len).ok()?)?.to_vec();
        Some(KnownIntro {
            blob,
            time,
            generation,
            commit,
            path,
        })
    })?;
    Some(Some(KnownWalk {
        tips,
        reached,
        large,
        missing,
        unreached,
        intros,
    }))
}

/// A tree record as read: id, subtrees (an index into the table, or an id), blobs.
type RawTree = (ObjectId, Vec<Result<u64, ObjectId>>, Vec<ObjectId>);

fn trees(c: &mut Cursor, hash_len: usize) -> Option<Vec<(ObjectId, KnownTree)>> {
    let count = c.varint()?;
    let bound = c.bytes.len() / (hash_len + 2);
    if count as usize > bound {
        return None;
    }
    // Subtrees refer to the table by index: read ids first, resolve indices after.
    let mut raw: Vec<RawTree> = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let id = object_id(c, hash_len)?;
        if raw.last().is_some_and(|(prev, _, _)| *prev >= id) {
            return None;
        }
        let n = c.varint()?;
        if n > c.bytes.len() as u64 {
            return None;
        }
        let mut subtrees = Vec::with_capacity(n as usize);
        for _ in 0..n {
            subtrees.push(match c.varint()? {
                0 => Err(object_id(c, hash_len)?),
                i if i <= count => Ok(i - 1),
                _ => return None,
            });
        }
        let n = c.varint()?;
        if n > (c.bytes.len() / hash_len) as u64 {
            return None;
        }
        let blobs = (0..n)
            .map(|_| object_id(c, hash_len))
            .collect::<Option<Vec<_>>>()?;
        raw.push((id, subtrees, blobs));
    }
    let ids: Vec<ObjectId> = raw.iter().map(|(id, _, _)| *id).collect();
    Some(
        raw.into_iter()
            .map(|(id, subtrees, blobs)| {
                let subtrees = subtrees
                    .into_iter()
                    .map(|s| match s {
                        Ok(i) => ids[i as usize],
                        Err(id) => id,
                    })
                    .collect();
                (id, KnownTree { subtrees, blobs })
            })
            .collect(),
    )
}

/// A scan sink in front of the cache: blobs the cache knows are counted from their records,
/// the others are scanned by the inner sink and recorded.
#[derive(Clone)]
pub struct CacheSink<'a> {
    inner: ScanSink<'a>,
    cache: &'a BlobCache,
}

impl BlobSink for CacheSink<'_> {
    fn max_size(&self) -> u64 {
        self.inner.max_size()
    }

    fn skips_path(&self, path: &str) -> bool {
        self.inner.skips_path(path)
    }

    fn too_large(&self) {
        self.inner.too_large()
    }

    fn scan(&mut self, blob: Blob<'_>) -> Vec<Finding> {
        match blob.id {
            Some(id) => {
                let (found, counts) = self.inner.scan_counting(blob);
                self.cache.blobs.record(id, Record::of(counts, &found));
                found
            }
            None => self.inner.scan(blob),
        }
    }

    fn rescan(&mut self, blob: Blob<'_>) -> Vec<Finding> {
        self.inner.rescan(blob)
    }

    fn path_patterns(&self) -> Vec<String> {
        self.inner.path_patterns()
    }

    fn finds_at_path(&mut self, blob: Blob<'_>) -> bool {
        self.inner.finds_at_path(blob)
    }

    fn scan_marked(&mut self, blob: Blob<'_>) -> (Vec<Finding>, u64) {
        self.inner.marking(true);
        let found = self.scan(blob);
        self.inner.marking(false);
        (found, self.inner.mark())
    }

    fn mark_delta(
        &mut self,
        blob: Blob<'_>,
        base: u64,
        delta: &crate::engine::regions::Delta<'_>,
    ) -> Option<u64> {
        self.inner.mark_delta(blob, base, delta)
    }

    fn scan_delta(
        &mut self,
        blob: Blob<'_>,
        base: u64,
        delta: &crate::engine::regions::Delta<'_>,
    ) -> Option<u64> {
        let mark = self.inner.scan_delta(blob, base, delta)?;
        if let Some(id) = blob.id {
            // What `scan` records of a blob it finds nothing in.
            let counts = crate::scan::BlobCounts {
                admission: crate::scan::Admission::Scanned,
                bytes: blob.bytes.len() as u64,
                ..Default::default()
            };
            self.cache.blobs.record(id, Record::of(counts, &[]));
        }
        Some(mark)
    }

    fn knows(&self, id: &gix::oid) -> bool {
        self.cache.blobs.knows(id)
    }

    fn recall(&mut self, id: &gix::oid) -> Option<bool> {
        let record = self.cache.blobs.recall(id)?;
        self.inner.scanner().count(&record.counts);
        Some(!record.findings.is_empty())
    }

    fn remembers_trees(&self) -> bool {
        self.cache.blobs.all_kept()
    }

    fn knows_tree(&self, id: &gix::oid) -> bool {
        self.cache.trees.knows(id)
    }

    fn recall_tree(&self, id: &gix::oid) -> Option<KnownTree> {
        self.cache.trees.recall(id).cloned()
    }

    fn record_tree(&self, id: &gix::oid, tree: KnownTree) {
        self.cache.trees.record(id.to_owned(), tree);
    }

    fn knows_commit(&self, id: &gix::oid) -> bool {
        self.cache.commits.knows(id)
    }

    fn recall_commit(&self, id: &gix::oid) -> Option<KnownCommit> {
        self.cache.commits.recall(id).cloned()
    }

    fn record_commit(&self, id: &gix::oid, commit: KnownCommit) {
        self.cache.commits.record(id.to_owned(), commit);
    }

    fn known_walk(&self) -> Option<&KnownWalk> {
        self.cache.walk.as_ref()
    }

    fn record_walk(&self, walk: KnownWalk) {
        *self
            .cache
            .new_walk
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(walk);
    }

    fn meet(&self, id: &gix::oid) -> Met {
        let c = self.cache;
        let (met, again) = if let Some(again) = c.blobs.meet(id) {
            (Met::Blob, again)
        } else if let Some(again) = c.trees.meet(id) {
            (Met::Tree, again)
        } else if let Some(again) = c.commits.meet(id) {
            (Met::Commit, again)
        } else {
            return Met::Unknown;
        };
        // A tree or commit stored twice changes nothing a scan reports; a blob is counted
        // each time the full walk meets it.
        if again && met == Met::Blob {
            Met::Again
        } else {
            met
        }
    }

    fn met_all(&self) -> bool {
        let c = self.cache;
        c.blobs.all_kept() && c.trees.all_kept() && c.commits.all_kept()
    }

    fn forget_met(&self) {
        let c = self.cache;
        c.blobs.forget_met();
        c.trees.forget_met();
        c.commits.forget_met();
    }

    fn recall_all(&mut self) -> (u64, Vec<gix::ObjectId>) {
        self.cache.continued.store(true, Relaxed);
        let table = &self.cache.blobs;
        let scanner = self.inner.scanner();
        let mut hits = Vec::new();
        for ((id, record), kept) in table.old.iter().zip(&table.kept) {
            kept.store(true, Relaxed);
            scanner.count(&record.counts);
            if !record.findings.is_empty() {
                hits.push(*id);
            }
        }
        (table.old.len() as u64, hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn sample() -> Vec<(ObjectId, Record)> {
        vec![
            (
                id(1),
                Record {
                    counts: BlobCounts {
                        bytes: 300,
                        suppressed_inline: 1,
                        ..BlobCounts::default()
                    },
                    findings: vec![Spot {
                        rule: "demo-rule".into(),
                        start: (3, 7),
                        end: (3, 40),
                    }],
                },
            ),
            (
                id(2),
                Record {
                    counts: BlobCounts {
                        admission: Admission::Binary,
                        ..BlobCounts::default()
                    },
                    findings: Vec::new(),
                },
            ),
        ]
    }

    fn contents() -> Contents {
        Contents {
            blobs: sample(),
            trees: sample_trees(),
            commits: vec![(
                id(20),
                KnownCommit {
                    time: -5,
                    tree: id(10),
                    parents: vec![id(21), id(22)],
                },
            )],
            walk: Some(KnownWalk {
                tips: vec![id(20)],
                reached: vec![(id(20), 1), (id(21), 7)],
                large: vec![id(30)],
                missing: vec![id(31), id(32)],
                unreached: vec![id(33)],
                intros: vec![KnownIntro {
                    blob: id(1),
                    time: -3,
                    generation: 1,
                    commit: id(20),
                    path: b"dir/a.env".to_vec(),
                }],
            }),
        }
    }

    fn encoded(key: &[u8; 32]) -> Vec<u8> {
        encode(key, 20, &contents().refs())
    }

    fn sample_trees() -> Vec<(ObjectId, KnownTree)> {
        vec![
            (
                id(10),
                KnownTree {
                    subtrees: vec![id(11), id(12)],
                    blobs: vec![id(1)],
                },
            ),
            (
                id(11),
                KnownTree {
                    subtrees: Vec::new(),
                    blobs: vec![id(3), id(4)],
                },
            ),
        ]
    }

    #[test]
    fn records_round_trip() {
        let key = [7; 32];
        match parse(&encoded(&key), &key, 20) {
            Read::Records(c) => {
                let want = contents();
                assert_eq!(c.blobs, want.blobs);
                assert_eq!(c.trees, want.trees);
                assert_eq!(c.commits, want.commits);
                assert_eq!(c.walk, want.walk);
            }
            _ => panic!("not read back"),
        }
    }

    #[test]
    fn another_key_or_hash_is_not_used() {
        let bytes = encoded(&[7; 32]);
        assert!(matches!(parse(&bytes, &[8; 32], 20), Read::OtherKey));
        assert!(matches!(parse(&bytes, &[7; 32], 32), Read::OtherKey));
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_damage_never_a_panic() {
        let key = [7; 32];
        let bytes = encoded(&key);
        for n in 0..bytes.len() {
            assert!(
                matches!(parse(&bytes[..n], &key, 20), Read::Damaged(_)),
                "prefix {n}"
            );
        }
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x41;
            let read = parse(&bad, &key, 20);
            // Flipping the format byte reads as another version (rebuilt quietly).
            assert!(
                matches!(read, Read::Damaged(_)) || (i == 7 && matches!(read, Read::OtherKey)),
                "byte {i}"
            );
        }
    }

    #[test]
    fn records_with_a_valid_checksum_are_still_checked() {
        // A record body that lies (out-of-order ids) behind a recomputed checksum.
        let key = [7; 32];
        let mut lying = contents();
        lying.blobs.reverse();
        let bytes = encode(&key, 20, &lying.refs());
        assert!(matches!(parse(&bytes, &key, 20), Read::Damaged(_)));
        // A huge record count with no records behind it.
        let mut body = Vec::new();
        body.extend_from_slice(MAGIC);
        body.push(20);
        body.extend_from_slice(&key);
        put_varint(&mut body, u64::MAX);
        let sum = Sha256::digest(&body);
        body.extend_from_slice(&sum);
        assert!(matches!(parse(&body, &key, 20), Read::Damaged(_)));
    }

    #[test]
    fn save_writes_atomically_and_only_when_something_changed() {
        let dir = tempfile::TempDir::new().unwrap();
        let key = [9; 32];
        let cache = BlobCache::open(dir.path().join(FILE_NAME), key, 20);
        assert_eq!(cache.known(), 0);
        for (id, r) in sample() {
            cache.blobs.record(id, r);
        }
        assert!(cache.save().unwrap());
        let again = BlobCache::open(dir.path().join(FILE_NAME), key, 20);
        assert_eq!(again.known(), 2);
        assert!(again.note().is_none());
        // Nothing met again: both records are dropped.
        assert!(again.save().unwrap());
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(files.len(), 1, "no temporary file is left behind");
        let third = BlobCache::open(dir.path().join(FILE_NAME), key, 20);
        assert_eq!(third.known(), 0);
        assert!(!third.save().unwrap());
    }

    #[test]
    fn a_damaged_file_is_ignored_with_a_note() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"LHCACHE\x01garbage").unwrap();
        let cache = BlobCache::open(dir.path().join(FILE_NAME), [1; 32], 20);
        assert_eq!(cache.known(), 0);
        assert!(cache.note().unwrap().contains("ignored"));
    }
}
