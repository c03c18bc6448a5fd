//! Attribution: which commit introduced each finding. The walks produce `Intro`s (a blob a
//! commit introduced at a path); findings come back tagged with the index of their `Intro`; the
//! earliest commit per fingerprint wins, and the finding gets that commit's author and date and
//! whether the secret is still in the file at HEAD.

use std::collections::HashMap;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::ObjectId;

use super::graph::CommitKey;
use crate::finding::{CommitInfo, Finding, Fingerprint, Provenance};
use crate::source::{GitError, GitOp};

/// A blob a commit introduced at a path; `previous` is the first parent's version (range only).
#[derive(Clone)]
pub(super) struct Intro {
    pub blob: ObjectId,
    pub commit: CommitKey,
    pub path: PathId,
    pub previous: Option<ObjectId>,
}

/// A path stored once in `Paths`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct PathId(u32);

/// Paths stored once: many commits introduce blobs at the same paths.
#[derive(Default)]
pub(super) struct Paths {
    ids: HashMap<BString, PathId>,
    list: Vec<BString>,
}

impl Paths {
    /// The id of `path`, stored on first sight.
    pub fn intern(&mut self, path: &BStr) -> PathId {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = PathId(self.list.len() as u32);
        self.list.push(path.to_owned());
        self.ids.insert(path.to_owned(), id);
        id
    }

    /// The path of an id.
    pub fn get(&self, id: PathId) -> &BStr {
        self.list[id.0 as usize].as_bstr()
    }
}

/// Gives each finding (tagged with the index of its `Intro` in `work`) its commit, keeps the
/// earliest of each fingerprint, and says whether the secret is still at HEAD. HEAD's version
/// of a file is read only up to `max_size` (a larger one counts as still holding the secret),
/// and one file at a time.
pub(super) fn attribute(
    repo: &gix::Repository,
    findings: Vec<(usize, Finding)>,
    work: &[Intro],
    max_size: u64,
) -> Result<Vec<Finding>, GitError> {
    let mut earliest: HashMap<Fingerprint, (CommitKey, Finding)> = HashMap::new();
    for (i, finding) in findings {
        let key = work[i].commit;
        match earliest.get(&finding.fingerprint) {
            Some((k, f)) if (*k, f.start) <= (key, finding.start) => {}
            _ => {
                earliest.insert(finding.fingerprint.clone(), (key, finding));
            }
        }
    }
    let head_tree = repo.head_tree().ok();
    let mut infos: HashMap<ObjectId, CommitInfo> = HashMap::new();
    let mut chosen: Vec<(CommitKey, Finding)> = earliest.into_values().collect();
    chosen.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    let mut at_head: Option<(String, HeadBlob)> = None;
    let mut out = Vec::with_capacity(chosen.len());
    for (key, mut finding) in chosen {
        let info = match infos.get(&key.id) {
            Some(info) => info.clone(),
            None => {
                let info = commit_info(repo, key.id)?;
                infos.insert(key.id, info.clone());
                info
            }
        };
        if at_head
            .as_ref()
            .is_none_or(|(path, _)| *path != finding.path)
        {
            let blob = head_blob(repo, head_tree.as_ref(), &finding.path, max_size);
            at_head = Some((finding.path.clone(), blob));
        }
        let present = match at_head.as_ref().map(|(_, blob)| blob) {
            Some(HeadBlob::Data(data)) => {
                memchr::memmem::find(data, finding.secret.expose().as_bytes()).is_some()
            }
            Some(HeadBlob::TooLarge) => true,
            Some(HeadBlob::Absent) | None => false,
        };
        finding.provenance = Provenance::Commit(Box::new(CommitInfo {
            present_at_head: present,
            ..info
        }));
        out.push(finding);
    }
    Ok(out)
}

/// A file's version at HEAD, as far as attribution reads it.
enum HeadBlob {
    Data(Vec<u8>),
    /// Larger than the size limit: not read.
    TooLarge,
    /// No such file at HEAD (or not a regular file, or unreadable).
    Absent,
}

fn head_blob(
    repo: &gix::Repository,
    tree: Option<&gix::Tree<'_>>,
    path: &str,
    max_size: u64,
) -> HeadBlob {
    let Some(entry) = tree.and_then(|t| t.lookup_entry_by_path(path).ok().flatten()) else {
        return HeadBlob::Absent;
    };
    if !entry.mode().is_blob() {
        return HeadBlob::Absent;
    }
    match repo.try_find_header(entry.object_id()) {
        Ok(Some(header)) if header.size() > max_size => return HeadBlob::TooLarge,
        Ok(Some(_)) => {}
        _ => return HeadBlob::Absent,
    }
    entry
        .object()
        .map_or(HeadBlob::Absent, |o| HeadBlob::Data(o.detach().data))
}

fn commit_info(repo: &gix::Repository, id: ObjectId) -> Result<CommitInfo, GitError> {
    let commit = repo
        .find_commit(id)
        .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?;
    let author = commit
        .author()
        .map_err(|e| GitError::new(GitOp::ReadAuthor { id }, e))?;
    let seconds = author.time().map(|t| t.seconds).unwrap_or(0);
    Ok(CommitInfo {
        commit: id.to_string(),
        author: author.name.to_str_lossy().trim().to_string(),
        email: author.email.to_str_lossy().trim().to_string(),
        date: crate::time::rfc3339_utc(seconds),
        present_at_head: false,
    })
}
