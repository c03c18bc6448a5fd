//! Where a history walk starts: the commits every ref and HEAD point to, or the two sides of a
//! range resolved to commits.

use gix::ObjectId;

use crate::source::{GitError, GitOp};

/// The commits every ref and HEAD point to (through annotated tags), sorted. Refs that point
/// to a tree or a blob are named in a note.
pub(super) fn all(
    repo: &gix::Repository,
    notes: &mut Vec<String>,
) -> Result<Vec<ObjectId>, GitError> {
    let mut tips = Vec::new();
    let platform = repo
        .references()
        .map_err(|e| GitError::new(GitOp::ReadRefs, e))?;
    let refs = platform
        .all()
        .map_err(|e| GitError::new(GitOp::ReadRefs, e))?;
    let mut not_commits = Vec::new();
    for reference in refs {
        let mut reference = reference.map_err(|e| GitError::new(GitOp::ReadRef, e))?;
        let name = reference.name().as_bstr().to_string();
        let id = reference
            .peel_to_id()
            .map_err(|e| {
                let name = name.clone();
                GitError::new(GitOp::ResolveRef { name }, e)
            })?
            .detach();
        match kind(repo, id, &name)? {
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

fn kind(repo: &gix::Repository, id: ObjectId, name: &str) -> Result<gix::objs::Kind, GitError> {
    repo.find_header(id).map(|h| h.kind()).map_err(|e| {
        let name = name.to_string();
        GitError::new(GitOp::ReadRefTarget { name, id }, e)
    })
}

/// Resolves one side of a range to a commit, explaining a shallow clone's missing history.
pub(super) fn resolve(
    repo: &gix::Repository,
    rev: &str,
    side: &'static str,
    shallow: bool,
) -> Result<ObjectId, GitError> {
    let resolved = repo
        .rev_parse_single(rev)
        .ok()
        .map(|id| id.detach())
        .filter(|id| repo.has_object(id));
    let rev = rev.to_string();
    match resolved {
        Some(id) => {
            let commit = repo
                .find_object(id)
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| GitError::new(GitOp::NotACommit { side, rev }, e))?;
            Ok(commit.id)
        }
        None if shallow => Err(GitError::plain(GitOp::CutByShallowClone { side, rev })),
        None => Err(GitError::plain(GitOp::UnknownRevision { side, rev })),
    }
}
