//! Every object of a repository's object database, decoded once: each pack through gix-pack's
//! delta-tree traversal (every delta base inflated once, in parallel), then the loose objects.
//! Objects only reachable through alternates are not visited here; callers look those up one by
//! one.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use gix::objs::Kind;
use gix::odb::pack;
use gix::ObjectId;

use super::{GitError, GitOp};

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
}

/// Visits every object in the packs and loose objects of `repo` whose kind `wanted` accepts
/// (loose objects are all visited). In packs, delta chains of unwanted kinds are not decoded at
/// all: git deltifies objects only against objects of the same kind, so each chain has one kind,
/// that of its base. Objects the visitor knows are not decoded either, unless one it does not
/// know is a delta against them: they go to `visit_known` instead (or to `visit`, when they had
/// to be decoded).
pub fn for_each_object<V: Visitor>(
    repo: &gix::Repository,
    threads: usize,
    wanted: fn(Kind) -> bool,
    visitor: &V,
) -> Result<(), GitError> {
    let objects = repo.common_dir().join("objects");
    let hash = repo.object_hash();
    let mut indexes: Vec<_> = std::fs::read_dir(objects.join("pack"))
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                .collect()
        })
        .unwrap_or_default();
    indexes.sort();
    for index in &indexes {
        let bundle = pack::Bundle::at(index, hash).map_err(|e| {
            GitError::new(
                GitOp::OpenPack {
                    path: index.clone(),
                },
                e,
            )
        })?;
        let damaged = |e: gix::Error| {
            GitError::new(
                GitOp::DamagedPack {
                    path: index.clone(),
                },
                e,
            )
        };
        let mut known = visitor.clone();
        let entries = entries_of_kinds(&bundle, wanted, &mut known).map_err(damaged)?;
        drop(known);
        let interrupt = AtomicBool::new(false);
        let mut progress = gix::progress::Discard;
        let tree = pack::cache::delta::Tree::from_offsets_in_pack(
            bundle.pack.path(),
            entries.into_iter(),
            &|e: &pack::index::Entry| e.pack_offset,
            &|id| {
                Ok(bundle
                    .index
                    .lookup(id)
                    .map(|i| bundle.index.pack_offset_at_index(i)))
            },
            &mut progress,
            &interrupt,
            hash,
        )
        .map_err(damaged)?;
        let mut v = visitor.clone();
        let mut size_progress = gix::progress::Discard;
        tree.traverse(
            |slice, pack: &pack::data::File| pack.entry_slice(slice),
            &bundle.pack,
            bundle.pack.pack_end() as u64,
            move |entry: &mut pack::index::Entry, _, context| {
                if let Some(kind) = context.entry.header.as_kind().filter(|k| wanted(*k)) {
                    v.visit(kind, &entry.oid, context.decompressed);
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
        .map_err(damaged)?;
    }
    loose(repo, &objects, visitor)
}

/// The index entries of `bundle` to decode, sorted by pack offset: those whose delta chains have
/// a wanted kind, minus the objects `visitor` knows (passed to its `visit_known`) that no other
/// entry to decode is a delta against. When a chain's kind cannot be told from headers
/// alone (a delta against an object named by id that comes later in the pack), every entry is
/// kept.
fn entries_of_kinds<V: Visitor>(
    bundle: &pack::Bundle,
    wanted: fn(Kind) -> bool,
    visitor: &mut V,
) -> Result<Vec<pack::index::Entry>, gix::Error> {
    let mut entries: Vec<pack::index::Entry> = bundle.index.iter().collect();
    entries.sort_by_key(|e| e.pack_offset);
    // Per entry: its kind, and the index of its delta base (always an earlier entry here).
    let mut kinds: Vec<Kind> = Vec::with_capacity(entries.len());
    let mut bases: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let at = |offset: u64| {
        entries
            .binary_search_by_key(&offset, |e| e.pack_offset)
            .ok()
    };
    for (i, entry) in entries.iter().enumerate() {
        let header = bundle.pack.entry(entry.pack_offset)?.header;
        let base = match header {
            pack::data::entry::Header::OfsDelta { base_distance } => {
                match entry.pack_offset.checked_sub(base_distance).and_then(at) {
                    Some(b) if b < i => Some(Some(b)),
                    _ => None,
                }
            }
            pack::data::entry::Header::RefDelta { base_id } => {
                match bundle
                    .index
                    .lookup(base_id)
                    .map(|n| bundle.index.pack_offset_at_index(n))
                    .and_then(at)
                {
                    Some(b) if b < i => Some(Some(b)),
                    _ => None,
                }
            }
            _ => Some(None),
        };
        let kind = match base {
            Some(Some(b)) => Some(kinds[b]),
            Some(None) => header.as_kind(),
            None => None,
        };
        match (kind, base) {
            (Some(kind), Some(base)) => {
                kinds.push(kind);
                bases.push(base);
            }
            _ => return Ok(entries),
        }
    }
    // Which entries must be decoded: wanted and not known, or the base of one that must.
    let mut needed: Vec<bool> = entries
        .iter()
        .zip(&kinds)
        .map(|(e, &k)| wanted(k) && !visitor.knows(k, &e.oid))
        .collect();
    for i in (0..entries.len()).rev() {
        if needed[i] {
            if let Some(b) = bases[i] {
                needed[b] = true;
            }
        }
    }
    // gix-pack reads the first entry right after the pack header: keep the first entry (a base
    // object, as a delta cannot come first) so that the offsets line up.
    if let Some(first) = needed.first_mut() {
        *first = true;
    }
    let mut kept = Vec::with_capacity(entries.len());
    for ((entry, kind), needed) in entries.into_iter().zip(kinds).zip(needed) {
        if needed {
            kept.push(entry);
        } else if wanted(kind) {
            visitor.visit_known(kind, &entry.oid);
        }
    }
    Ok(kept)
}

/// Visits the loose objects (`objects/xx/yyyy…`) one by one.
fn loose<V: Visitor>(repo: &gix::Repository, objects: &Path, visitor: &V) -> Result<(), GitError> {
    let mut ids = Vec::new();
    for dir in std::fs::read_dir(objects).into_iter().flatten().flatten() {
        let name = dir.file_name();
        let Some(prefix) = name
            .to_str()
            .filter(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_hexdigit()))
        else {
            continue;
        };
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let rest = file.file_name();
            if let Some(rest) = rest.to_str() {
                if let Ok(id) = ObjectId::from_hex(format!("{prefix}{rest}").as_bytes()) {
                    ids.push(id);
                }
            }
        }
    }
    ids.sort();
    let mut v = visitor.clone();
    for id in ids {
        // A known object is skipped once its header says what it is (a damaged file then
        // fails below as before).
        if let Ok(header) = repo.find_header(id) {
            if v.knows(header.kind(), &id) {
                v.visit_known(header.kind(), &id);
                continue;
            }
        }
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
        v.visit(object.kind, &id, &object.data);
    }
    Ok(())
}
