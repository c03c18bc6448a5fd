//! Every object of a repository's object database, decoded once: each pack through gix-pack's
//! delta-tree traversal (every delta base inflated once, in parallel), then the loose objects.
//! Objects only reachable through alternates are not visited here; callers look those up one by
//! one.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use gix::objs::Kind;
use gix::odb::pack;
use gix::ObjectId;

use super::repo::git_error;
use crate::Error;

/// Receives decoded objects; cloned once per thread.
pub trait Visitor: Send + Clone {
    fn visit(&mut self, kind: Kind, id: &gix::oid, data: &[u8]);
}

/// Visits every object in the packs and loose objects of `repo`.
pub fn for_each_object<V: Visitor>(
    repo: &gix::Repository,
    threads: usize,
    visitor: &V,
) -> Result<(), Error> {
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
        let bundle = pack::Bundle::at(index, hash)
            .map_err(|e| git_error(format!("cannot open pack {}", index.display()), e))?;
        let interrupt = AtomicBool::new(false);
        let mut progress = gix::progress::Discard;
        let mut v = visitor.clone();
        bundle
            .index
            .traverse_with_index(
                &bundle.pack,
                move |kind, data, entry, _| {
                    v.visit(kind, &entry.oid, data);
                    Ok(())
                },
                &mut progress,
                &interrupt,
                pack::index::traverse::with_index::Options {
                    check:
                        pack::index::traverse::SafetyCheck::SkipFileAndObjectChecksumVerification,
                    thread_limit: Some(threads.max(1)),
                    alloc_limit_bytes: None,
                },
            )
            .map_err(|e| git_error(format!("pack {} is damaged", index.display()), e))?;
    }
    loose(repo, &objects, visitor)
}

/// Visits the loose objects (`objects/xx/yyyy…`) one by one.
fn loose<V: Visitor>(repo: &gix::Repository, objects: &Path, visitor: &V) -> Result<(), Error> {
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
            .map_err(|e| git_error(format!("object {id} is damaged"), e))?;
        v.visit(object.kind, &id, &object.data);
    }
    Ok(())
}
