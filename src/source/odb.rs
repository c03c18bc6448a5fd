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
}

/// Visits every object in the packs and loose objects of `repo` whose kind `wanted` accepts
/// (loose objects are all visited). In packs, delta chains of unwanted kinds are not decoded at
/// all: git deltifies objects only against objects of the same kind, so each chain has one kind,
/// that of its base.
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
        let entries = entries_of_kinds(&bundle, wanted).map_err(damaged)?;
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

/// The index entries of `bundle` whose delta chains have a wanted kind, sorted by pack offset.
/// When a chain's kind cannot be told from headers alone (a delta against an object named by id
/// that comes later in the pack), every entry is kept.
fn entries_of_kinds(
    bundle: &pack::Bundle,
    wanted: fn(Kind) -> bool,
) -> Result<Vec<pack::index::Entry>, gix::Error> {
    let mut entries: Vec<pack::index::Entry> = bundle.index.iter().collect();
    entries.sort_by_key(|e| e.pack_offset);
    let mut kinds: std::collections::HashMap<u64, Kind> = Default::default();
    for entry in &entries {
        let header = bundle.pack.entry(entry.pack_offset)?.header;
        let kind = match header {
            pack::data::entry::Header::OfsDelta { base_distance } => entry
                .pack_offset
                .checked_sub(base_distance)
                .and_then(|base| kinds.get(&base).copied()),
            pack::data::entry::Header::RefDelta { base_id } => bundle
                .index
                .lookup(base_id)
                .map(|i| bundle.index.pack_offset_at_index(i))
                .and_then(|base| kinds.get(&base).copied()),
            other => other.as_kind(),
        };
        match kind {
            Some(kind) => {
                kinds.insert(entry.pack_offset, kind);
            }
            None => return Ok(entries),
        }
    }
    // gix-pack reads the first entry right after the pack header: keep the first entry (a base
    // object, as a delta cannot come first) so that the offsets line up.
    let first = entries.first().map(|e| e.pack_offset);
    entries.retain(|e| {
        Some(e.pack_offset) == first || kinds.get(&e.pack_offset).is_some_and(|k| wanted(*k))
    });
    Ok(entries)
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
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::new(GitOp::DamagedObject { id }, e))?;
        v.visit(object.kind, &id, &object.data);
    }
    Ok(())
}
