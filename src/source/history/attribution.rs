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
/// earliest of each fingerprint, and says whether the secret is still at HEAD.
pub(super) fn attribute(
    repo: &gix::Repository,
    findings: Vec<(usize, Finding)>,
    work: &[Intro],
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
    let mut at_head: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    let mut out = Vec::with_capacity(earliest.len());
    for (key, mut finding) in earliest.into_values() {
        let info = match infos.get(&key.id) {
            Some(info) => info.clone(),
            None => {
                let info = commit_info(repo, key.id)?;
                infos.insert(key.id, info.clone());
                info
            }
        };
        let head_blob = at_head.entry(finding.path.clone()).or_insert_with(|| {
            let tree = head_tree.as_ref()?;
            let entry = tree.lookup_entry_by_path(&finding.path).ok()??;
            if !entry.mode().is_blob() {
                return None;
            }
            entry.object().ok().map(|o| o.detach().data)
        });
        let present = head_blob.as_deref().is_some_and(|data| {
            memchr::memmem::find(data, finding.secret.expose().as_bytes()).is_some()
        });
        finding.provenance = Provenance::Commit(Box::new(CommitInfo {
            present_at_head: present,
            ..info
        }));
        out.push(finding);
    }
    Ok(out)
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
        date: rfc3339_utc(seconds),
        present_at_head: false,
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch.
pub fn rfc3339_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
    }
}
