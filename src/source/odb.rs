//! Every object of a repository's object database, decoded once: each pack through gix-pack's
//! delta-tree traversal (every delta base inflated once, in parallel), then the loose objects.
//! Objects only reachable through alternates are not visited here; callers look those up one by
//! one.
//!
//! Blobs larger than a limit are never inflated: a pack entry's header gives a whole object's
//! size, and a delta's result size is bounded from its base's size and its own instruction
//! size, or read from the first bytes of the delta when that bound is too loose. Such blobs,
//! and the delta chains built on them, are left out of the traversal; the few small blobs in
//! those chains are then decoded one by one, when the chain fits in `CHAIN_CAP`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use gix::objs::Kind;
use gix::odb::pack;
use gix::ObjectId;

use super::{GitError, GitOp};
use crate::engine::regions::{Copy, Delta};

/// Receives decoded objects; cloned once per thread.
pub trait Visitor: Send + Clone {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]);

    /// Whether the visitor already knows the object with this id and kind, so that it need not
    /// be decoded (it still is when it is the delta base of one that must be).
    fn knows(&self, _kind: Kind, _id: &gix::oid) -> bool {
        false
    }

    /// An object the visitor knows, which was not decoded.
    fn visit_known(&mut self, _kind: Kind, _id: &gix::oid) {}

    /// Whether the visitor keeps a mark on the objects of packs for the deltas built on them
    /// (`visit_delta`).
    fn marks(&self) -> bool {
        false
    }

    /// `visit`, for an object of a pack's delta traversal when the visitor keeps marks: `base`
    /// holds the mark the visitor returned for the object's delta base (0 when it is not a
    /// delta) and reads the delta's instructions on demand; returns this object's mark. A
    /// base's visit has returned before any delta built on it is visited, on any thread.
    fn visit_delta(&mut self, kind: Kind, id: &gix::oid, data: &[u8], base: &mut Base<'_>) -> u64 {
        let _ = base;
        self.visit(kind, id, data);
        0
    }
}

/// What `Visitor::visit_delta` is told of an object's delta base.
pub struct Base<'a> {
    /// The visitor's mark on the base (0: none, or not a delta).
    pub mark: u64,
    /// Whether the object is a delta.
    pub is_delta: bool,
    /// The delta's compressed data in the pack, and its size inflated.
    delta: Option<(&'a [u8], usize)>,
    reader: &'a mut DeltaReader,
}

impl Base<'_> {
    /// The delta's copy instructions (inflated from the pack again); `None` when the object is
    /// not a delta or its delta cannot be read.
    pub fn delta(&mut self) -> Option<Delta<'_>> {
        let (compressed, size) = self.delta?;
        self.reader.read(compressed, size)
    }
}

/// Buffers for reading deltas, one per thread.
#[derive(Default)]
pub struct DeltaReader {
    inflate: gix::zlib::Inflate,
    bytes: Vec<u8>,
    copies: Vec<Copy>,
}

impl Clone for DeltaReader {
    /// Another thread's buffers.
    fn clone(&self) -> Self {
        DeltaReader::default()
    }
}

impl DeltaReader {
    fn read(&mut self, compressed: &[u8], size: usize) -> Option<Delta<'_>> {
        self.bytes.clear();
        self.bytes.resize(size, 0);
        self.inflate.reset();
        let (_, _, written) = self.inflate.once(compressed, &mut self.bytes).ok()?;
        if written != size {
            return None;
        }
        let base_len = parse_delta(&self.bytes, &mut self.copies)?;
        Some(Delta {
            base_len,
            copies: &self.copies,
        })
    }
}

/// Reads a git delta (base size, result size, then copy and insert instructions; see git's
/// `gitformat-pack`) into its copies, sorted by where they go, with copies that continue each
/// other in both the base and the result joined (git splits long copies in 64 KiB pieces).
/// Returns the base's size; `None` when the delta is malformed.
pub fn parse_delta(delta: &[u8], copies: &mut Vec<Copy>) -> Option<usize> {
    copies.clear();
    let mut at = 0;
    let mut size = || -> Option<usize> {
        let mut value = 0usize;
        let mut shift = 0;
        loop {
            let byte = *delta.get(at)?;
            at += 1;
            value |= usize::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
    };
    let base_len = size()?;
    let result_len = size()?;
    let mut to = 0usize;
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut from = 0usize;
            let mut len = 0usize;
            for i in 0..4 {
                if op & (1 << i) != 0 {
                    from |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            for i in 0..3 {
                if op & (0x10 << i) != 0 {
                    len |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            if from.checked_add(len)? > base_len {
                return None;
            }
            match copies.last_mut() {
                Some(c) if c.to + c.len == to && c.from + c.len == from => c.len += len,
                _ => copies.push(Copy { to, from, len }),
            }
            to += len;
        } else if op != 0 {
            at += usize::from(op);
            if at > delta.len() {
                return None;
            }
            to += usize::from(op);
        } else {
            return None;
        }
    }
    (to == result_len).then_some(base_len)
}

/// The largest delta chain (its largest object) decoded on its own to reach a small blob built
/// on an oversized one.
pub const CHAIN_CAP: u64 = 256 << 20;

/// Blobs the traversal left out.
#[derive(Default, Debug)]
pub struct Skipped {
    /// Blobs larger than the limit: not inflated.
    pub too_large: Vec<ObjectId>,
    /// Blobs within the limit that are deltas of a chain larger than `CHAIN_CAP`: not read.
    pub unreadable: Vec<ObjectId>,
}

/// The packs of an object database with the headers of all their entries read once (kind,
/// size, delta base), so that several passes over it (one per kind of object) read them once,
/// and a later pass can be prepared while an earlier one runs.
pub struct Packs {
    objects: PathBuf,
    max_blob: u64,
    packs: Vec<Pack>,
}

/// One pack and what its entries' headers tell.
struct Pack {
    index: PathBuf,
    bundle: pack::Bundle,
    /// Sorted by pack offset.
    entries: Vec<pack::index::Entry>,
    /// `None` when a chain's kind cannot be told from headers alone (a delta whose base is not
    /// in the pack, a cycle): then every entry is decoded.
    chains: Option<Chains>,
}

/// Per entry (in the order of `Pack::entries`): its kind and size, and its delta base.
struct Chains {
    known: Vec<Known>,
    bases: Vec<Option<usize>>,
}

/// One pass's selection of one pack's entries, with the delta tree to traverse them by.
pub struct Prepared {
    tree: pack::cache::delta::Tree<pack::index::Entry>,
    selected: Selected,
}

impl Packs {
    /// Opens every pack of `repo`'s own object database and reads every entry's header; blobs
    /// larger than `max_blob` (and the chains built on them) are to be left out.
    pub fn open(repo: &gix::Repository, max_blob: u64) -> Result<Packs, GitError> {
        let objects = repo.common_dir().join("objects");
        let hash = repo.object_hash();
        let mut indexes: Vec<PathBuf> = std::fs::read_dir(objects.join("pack"))
            .map(|dir| {
                dir.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                    .collect()
            })
            .unwrap_or_default();
        indexes.sort();
        let mut packs = Vec::with_capacity(indexes.len());
        for index in indexes {
            let bundle = pack::Bundle::at(&index, hash).map_err(|e| {
                GitError::new(
                    GitOp::OpenPack {
                        path: index.clone(),
                    },
                    e,
                )
            })?;
            let mut entries: Vec<pack::index::Entry> = bundle.index.iter().collect();
            entries.sort_by_key(|e| e.pack_offset);
            let chains = chains(&bundle, &entries, max_blob).map_err(|e| damaged(&index, e))?;
            packs.push(Pack {
                index,
                bundle,
                entries,
                chains,
            });
        }
        Ok(Packs {
            objects,
            max_blob,
            packs,
        })
    }

    /// Lets go of the pages of the packs' mappings that this process has read so far: they stay
    /// in the page cache, and a later read maps them again. A pass reads only the entries of its
    /// kinds, so that what one pass read (every header, every blob) is not still counted in the
    /// process's resident memory while the next one runs (git/git: a 496 MB pack, of which the
    /// trees' entries touch 188 MB). The mappings are read-only and never written, so their
    /// contents are the file's before and after; only residency changes.
    pub fn release_pages(&self) {
        #[cfg(target_os = "linux")]
        for pack in &self.packs {
            let len = pack.bundle.pack.data_len();
            let Some(data) = pack.bundle.pack.entry_slice(0..len as u64) else {
                continue;
            };
            if data.is_empty() {
                continue;
            }
            // SAFETY: `data` is the whole of a live read-only mapping (`gix_pack::data::File`
            // maps the pack from its first byte, so the start is page-aligned); MADV_DONTNEED
            // on a mapping of a file that is never written drops the page table entries only,
            // and the next read faults the same bytes in from the page cache or the file.
            // Advice that fails changes nothing, so its result is not needed.
            unsafe {
                libc::madvise(
                    data.as_ptr() as *mut libc::c_void,
                    data.len(),
                    libc::MADV_DONTNEED,
                );
            }
        }
    }

    /// The ids of every object of the kinds `wanted` accepts, in these packs (as their headers
    /// tell) and among the loose objects of `repo` (by header); `None` when a pack's kinds
    /// cannot be told from headers alone.
    pub fn ids(
        &self,
        repo: &gix::Repository,
        wanted: fn(Kind) -> bool,
    ) -> Result<Option<Vec<ObjectId>>, GitError> {
        let mut ids = Vec::new();
        for pack in &self.packs {
            let Some(chains) = &pack.chains else {
                return Ok(None);
            };
            ids.extend(
                pack.entries
                    .iter()
                    .zip(&chains.known)
                    .filter(|(_, k)| wanted(k.kind))
                    .map(|(e, _)| e.oid),
            );
        }
        let loose = loose_ids(&self.objects).map_err(|e| {
            GitError::new(
                GitOp::ListLooseObjects {
                    path: self.objects.clone(),
                },
                e,
            )
        })?;
        for id in loose {
            let header = repo
                .find_header(id)
                .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
            if wanted(header.kind()) {
                ids.push(id);
            }
        }
        Ok(Some(ids))
    }

    /// Selects, in every pack, the entries a pass over the kinds `wanted` decodes, and builds
    /// their delta trees (see `select` for what `visitor` is asked and told).
    pub fn prepare<V: Visitor>(
        &self,
        wanted: fn(Kind) -> bool,
        visitor: &mut V,
    ) -> Result<Vec<Prepared>, GitError> {
        self.packs
            .iter()
            .map(|p| p.prepare(wanted, self.max_blob, visitor))
            .collect()
    }

    /// Visits every object in these packs and the loose objects of `repo` whose kind `wanted`
    /// accepts, except blobs larger than the limit, which are returned unread (loose objects of
    /// other kinds are told by their header and never inflated either). In packs, delta chains
    /// of unwanted kinds are not decoded at all: git deltifies objects only against objects of
    /// the same kind, so each chain has one kind, that of its base. Objects the visitor knows
    /// are not decoded either, unless one it does not know is a delta against them: they go to
    /// `visit_known` instead (or to `visit`, when they had to be decoded). Oversized blobs are
    /// left out before the visitor is asked, so that it never changes which blobs are inflated.
    /// `prepared` is what `prepare` gave for the same `wanted` with a visitor that knows what
    /// `visitor` knows (`None`: prepared here, pack by pack).
    pub fn for_each_object<V: Visitor>(
        &self,
        repo: &gix::Repository,
        threads: usize,
        wanted: fn(Kind) -> bool,
        visitor: &V,
        prepared: Option<Vec<Prepared>>,
    ) -> Result<Skipped, GitError> {
        let mut skipped = Skipped::default();
        let mut prepared = prepared.map(Vec::into_iter);
        for pack in &self.packs {
            let ready = match prepared.as_mut() {
                Some(ready) => ready.next().expect("one prepared pass per pack"),
                None => {
                    let mut known = visitor.clone();
                    pack.prepare(wanted, self.max_blob, &mut known)?
                }
            };
            pack.traverse(repo, ready, threads, wanted, visitor, &mut skipped)?;
        }
        loose(
            repo,
            &self.objects,
            wanted,
            self.max_blob,
            visitor,
            &mut skipped,
        )?;
        Ok(skipped)
    }
}

fn damaged(index: &Path, e: gix::Error) -> GitError {
    GitError::new(
        GitOp::DamagedPack {
            path: index.to_path_buf(),
        },
        e,
    )
}

impl Pack {
    fn prepare<V: Visitor>(
        &self,
        wanted: fn(Kind) -> bool,
        max_blob: u64,
        visitor: &mut V,
    ) -> Result<Prepared, GitError> {
        let bundle = &self.bundle;
        let selected = match &self.chains {
            Some(chains) => select(&self.entries, chains, wanted, max_blob, visitor),
            None => Selected {
                entries: self.entries.clone(),
                too_large: Vec::new(),
                dependents: Vec::new(),
            },
        };
        let interrupt = AtomicBool::new(false);
        let mut progress = gix::progress::Discard;
        let tree = pack::cache::delta::Tree::from_offsets_in_pack(
            bundle.pack.path(),
            selected.entries.iter().cloned(),
            &|e: &pack::index::Entry| e.pack_offset,
            &|id| {
                Ok(bundle
                    .index
                    .lookup(id)
                    .map(|i| bundle.index.pack_offset_at_index(i)))
            },
            &mut progress,
            &interrupt,
            bundle.index.object_hash(),
        )
        .map_err(|e| damaged(&self.index, e))?;
        Ok(Prepared { tree, selected })
    }

    fn traverse<V: Visitor>(
        &self,
        repo: &gix::Repository,
        prepared: Prepared,
        threads: usize,
        wanted: fn(Kind) -> bool,
        visitor: &V,
        skipped: &mut Skipped,
    ) -> Result<(), GitError> {
        let Prepared { tree, selected } = prepared;
        let bundle = &self.bundle;
        let hash = bundle.index.object_hash();
        let interrupt = AtomicBool::new(false);
        let mut v = visitor.clone();
        let mut size_progress = gix::progress::Discard;
        // Per entry (in the order of `entries`), the visitor's mark, for its deltas.
        let marks: Option<(Vec<AtomicU64>, &Chains)> = self
            .chains
            .as_ref()
            .filter(|_| visitor.marks())
            .map(|c| (self.entries.iter().map(|_| AtomicU64::new(0)).collect(), c));
        let marks = marks.as_ref();
        let entries = &self.entries;
        let file = &bundle.pack;
        let mut reader = DeltaReader::default();
        tree.traverse(
            |slice, pack: &pack::data::File| pack.entry_slice(slice),
            &bundle.pack,
            bundle.pack.pack_end() as u64,
            move |entry: &mut pack::index::Entry, _, context| {
                let Some(kind) = context.entry.header.as_kind().filter(|k| wanted(*k)) else {
                    return Ok(());
                };
                let Some((marks, chains)) = marks else {
                    v.visit(kind, &entry.oid, context.decompressed);
                    return Ok(());
                };
                let at = entries
                    .binary_search_by_key(&entry.pack_offset, |e| e.pack_offset)
                    .ok();
                // The base's visit returned before this delta was scheduled (gix-pack pushes
                // a node's children after inspecting it).
                let mark = at
                    .filter(|_| context.level > 0)
                    .and_then(|i| chains.bases[i])
                    .map_or(0, |b| marks[b].load(Ordering::Acquire));
                let delta = (mark != 0)
                    .then(|| file.entry_slice(context.entry.data_offset..context.entry_end))
                    .flatten()
                    .map(|d| (d, context.entry.decompressed_size as usize));
                let mut base = Base {
                    mark,
                    is_delta: context.level > 0,
                    delta,
                    reader: &mut reader,
                };
                let own = v.visit_delta(kind, &entry.oid, context.decompressed, &mut base);
                if let Some(i) = at {
                    marks[i].store(own, Ordering::Release);
                }
                Ok(())
            },
            pack::cache::delta::traverse::Options {
                object_progress: Box::new(gix::progress::Discard),
                size_progress: &mut size_progress,
                thread_limit: Some(threads.max(1)),
                should_interrupt: &interrupt,
                object_hash: hash,
                alloc_limit_bytes: None,
            },
        )
        .map_err(|e| damaged(&self.index, e))?;
        skipped.too_large.extend(selected.too_large);
        let mut v = visitor.clone();
        for (id, chain) in selected.dependents {
            if chain > CHAIN_CAP {
                skipped.unreadable.push(id);
                continue;
            }
            if v.knows(Kind::Blob, &id) {
                v.visit_known(Kind::Blob, &id);
                continue;
            }
            let object = repo
                .find_object(id)
                .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
            v.visit(object.kind, &id, &object.data);
        }
        Ok(())
    }
}

/// The pack entries to traverse, and the blobs left out.
struct Selected {
    /// Sorted by pack offset.
    entries: Vec<pack::index::Entry>,
    too_large: Vec<ObjectId>,
    /// Blobs within the limit in chains left out, with the size of the largest object of their
    /// chain (what decoding one alone costs).
    dependents: Vec<(ObjectId, u64)>,
}

/// The kind and size of a pack entry's object, as far as headers tell.
#[derive(Clone, Copy)]
struct Known {
    kind: Kind,
    /// The object's size, or an upper bound of it.
    size: u64,
    /// The largest object on the chain down to this one (exact sizes only).
    chain: u64,
    /// Left out: larger than the limit, or built on something that is.
    out: bool,
}

/// Where the base of a delta entry is, by index into the entries sorted by offset.
fn base_of(
    bundle: &pack::Bundle,
    offsets: &[u64],
    entry: &pack::index::Entry,
    header: pack::data::entry::Header,
) -> Option<Option<usize>> {
    let base = match header {
        pack::data::entry::Header::OfsDelta { base_distance } => {
            entry.pack_offset.checked_sub(base_distance)
        }
        pack::data::entry::Header::RefDelta { base_id } => bundle
            .index
            .lookup(base_id)
            .map(|i| bundle.index.pack_offset_at_index(i)),
        _ => return None,
    };
    Some(base.and_then(|offset| offsets.binary_search(&offset).ok()))
}

/// An upper bound of the size of the object a delta of `delta_size` bytes (inflated) builds
/// on a base of at most `base_size` bytes. An insert makes fewer bytes than it takes; a copy
/// (see `parse_delta`) copies from within the base, at most 64 KiB when it gives at most two
/// size bytes (no size, or 0, means 64 KiB) and at most 16 MiB with three, which with the
/// opcode take four bytes. Per byte of the delta, that is at most the larger of
/// `min(base, 64 KiB)` and `min(base, 16 MiB) / 4`; a base shorter than 64 KiB admits neither
/// 64 KiB copy, leaving `base / 3` (three bytes for two size bytes) or 255 / 2 (two for one).
fn delta_bound(delta_size: u64, base_size: u64) -> u64 {
    let per_byte = if base_size >= 0x10000 {
        (base_size.min(0xff_ffff) / 4 + 1).max(0x10000)
    } else {
        (base_size / 3 + 1).max(128)
    };
    delta_size.saturating_mul(per_byte)
}

/// The result size a delta entry declares: the second size in its header, read from the first
/// bytes of the inflated delta.
fn delta_result_size(
    bundle: &pack::Bundle,
    entry: &pack::data::Entry,
    inflate: &mut gix::zlib::Inflate,
) -> Option<u64> {
    let data = bundle
        .pack
        .entry_slice(entry.data_offset..bundle.pack.pack_end() as u64)?;
    let mut head = [0u8; 24];
    inflate.reset();
    let (_, _, written) = inflate.prefix(data, &mut head).ok()?;
    let mut sizes = [0u64; 2];
    let mut at = 0;
    for size in &mut sizes {
        let mut shift = 0;
        loop {
            let byte = *head[..written].get(at)?;
            at += 1;
            *size |= u64::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
    }
    Some(sizes[1])
}

/// The kind and size of every entry of `bundle` (`entries`: sorted by pack offset) and its
/// delta base, from the headers; blobs larger than `max_blob`, and the chains built on them,
/// marked as left out. `None` when a chain's kind cannot be told from headers alone (a delta
/// whose base is not in the pack, or a cycle of deltas).
fn chains(
    bundle: &pack::Bundle,
    entries: &[pack::index::Entry],
    max_blob: u64,
) -> Result<Option<Chains>, gix::Error> {
    let offsets: Vec<u64> = entries.iter().map(|e| e.pack_offset).collect();
    let mut known: Vec<Option<Known>> = vec![None; entries.len()];
    // Per entry: the index of its delta base, if it is a delta.
    let mut bases: Vec<Option<usize>> = vec![None; entries.len()];
    let mut inflate = gix::zlib::Inflate::default();
    // Bases first: a delta waits on the stack until its base is known (a ref-delta's base may
    // come later in the pack).
    let mut stack = Vec::new();
    for start in 0..entries.len() {
        stack.push(start);
        while let Some(&i) = stack.last() {
            if known[i].is_some() {
                stack.pop();
                continue;
            }
            let header = bundle.pack.entry(entries[i].pack_offset)?;
            let Some(base) = base_of(bundle, &offsets, &entries[i], header.header) else {
                let kind = header.header.as_kind().expect("not a delta");
                let size = header.decompressed_size;
                known[i] = Some(Known {
                    kind,
                    size,
                    chain: size,
                    out: kind == Kind::Blob && size > max_blob,
                });
                stack.pop();
                continue;
            };
            let Some(base) = base else {
                return Ok(None);
            };
            let Some(base_known) = known[base] else {
                if stack.len() > entries.len() {
                    // A cycle of deltas: leave it to the traversal to report.
                    return Ok(None);
                }
                stack.push(base);
                continue;
            };
            let mut size = delta_bound(header.decompressed_size, base_known.size);
            if base_known.kind == Kind::Blob && size > max_blob {
                // The bound is too loose to trust: read the size the delta declares.
                size = delta_result_size(bundle, &header, &mut inflate).unwrap_or(u64::MAX);
            }
            bases[i] = Some(base);
            known[i] = Some(Known {
                kind: base_known.kind,
                size,
                chain: base_known.chain.max(size),
                out: base_known.out || (base_known.kind == Kind::Blob && size > max_blob),
            });
            stack.pop();
        }
    }
    let known: Vec<Known> = known
        .into_iter()
        .map(|k| k.expect("every entry resolved"))
        .collect();
    Ok(Some(Chains { known, bases }))
}

/// The entries (sorted by pack offset) to decode: those whose delta chains have a wanted kind,
/// without the blobs larger than `max_blob` and the chains built on them, and minus the objects
/// `visitor` knows (passed to its `visit_known`) that no other entry to decode is a delta
/// against.
fn select<V: Visitor>(
    entries: &[pack::index::Entry],
    chains: &Chains,
    wanted: fn(Kind) -> bool,
    max_blob: u64,
    visitor: &mut V,
) -> Selected {
    let Chains { known, bases } = chains;
    let mut too_large = Vec::new();
    let mut dependents = Vec::new();
    for (entry, k) in entries.iter().zip(known) {
        if k.out && wanted(k.kind) {
            if k.size > max_blob {
                too_large.push(entry.oid);
            } else {
                dependents.push((entry.oid, k.chain));
            }
        }
    }
    // gix-pack reads the first entry right after the pack header: keep the first entry (a base
    // object, as a delta cannot come first) so that the offsets line up.
    // (Were it an oversized blob, the visitor would see it, and the scan skip it as too large.)
    if let Some(head) = entries.first() {
        too_large.retain(|id| *id != head.oid);
    }
    // Which entries must be decoded: wanted, within the limit and not known, or a base of one
    // that must (the first entry too, see above).
    let mut needed: Vec<bool> = entries
        .iter()
        .zip(known)
        .map(|(e, k)| wanted(k.kind) && !k.out && !visitor.knows(k.kind, &e.oid))
        .collect();
    if let Some(first) = needed.first_mut() {
        *first = true;
    }
    for i in 0..entries.len() {
        if !needed[i] {
            continue;
        }
        let mut at = bases[i];
        while let Some(b) = at {
            if needed[b] {
                break;
            }
            needed[b] = true;
            at = bases[b];
        }
    }
    let mut kept = Vec::with_capacity(entries.len());
    for ((entry, k), needed) in entries.iter().zip(known).zip(needed) {
        if needed {
            kept.push(entry.clone());
        } else if wanted(k.kind) && !k.out {
            visitor.visit_known(k.kind, &entry.oid);
        }
    }
    Selected {
        entries: kept,
        too_large,
        dependents,
    }
}

/// The ids of the loose objects (`objects/xx/yyyy…`), unsorted; none when there is no objects
/// directory. A fan-out directory that cannot be read is an error, not an empty one.
pub fn loose_ids(objects: &Path) -> std::io::Result<Vec<ObjectId>> {
    let mut ids = Vec::new();
    let Ok(dirs) = std::fs::read_dir(objects) else {
        return Ok(ids);
    };
    for dir in dirs {
        let dir = dir?;
        let name = dir.file_name();
        let Some(prefix) = name
            .to_str()
            .filter(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_hexdigit()))
        else {
            continue;
        };
        for file in std::fs::read_dir(dir.path())? {
            let rest = file?.file_name();
            let Some(rest) = rest.to_str() else { continue };
            if let Ok(id) = ObjectId::from_hex(format!("{prefix}{rest}").as_bytes()) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// Visits the loose objects (`objects/xx/yyyy…`) of the kinds `wanted` accepts one by one; blobs
/// larger than `max_blob` are only counted, objects of other kinds passed over (for both, the
/// header is read, not the content).
fn loose<V: Visitor>(
    repo: &gix::Repository,
    objects: &Path,
    wanted: fn(Kind) -> bool,
    max_blob: u64,
    visitor: &V,
    skipped: &mut Skipped,
) -> Result<(), GitError> {
    let mut ids = loose_ids(objects).map_err(|e| {
        GitError::new(
            GitOp::ListLooseObjects {
                path: objects.to_owned(),
            },
            e,
        )
    })?;
    ids.sort();
    let mut v = visitor.clone();
    for id in ids {
        let header = repo
            .find_header(id)
            .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
        if !wanted(header.kind()) {
            continue;
        }
        if header.kind() == Kind::Blob && header.size() > max_blob {
            skipped.too_large.push(id);
            continue;
        }
        if v.knows(header.kind(), &id) {
            v.visit_known(header.kind(), &id);
            continue;
        }
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
        v.visit(object.kind, &id, &object.data);
    }
    Ok(())
}
