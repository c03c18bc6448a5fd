//! What can stop a source: a path that is not there, or a git operation that failed. Each error
//! names the operation and what it was on (path, repository, object id, ref, revision), and
//! keeps gix's error as its source.

use std::fmt;
use std::path::PathBuf;

use gix::ObjectId;

use crate::paths::PathError;

/// A source could not run.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Git(#[from] GitError),
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A git operation that failed: in which repository, what was done on what, and gix's reason.
#[derive(Debug)]
pub struct GitError {
    /// The repository (its work tree, or its git directory when bare), once one is open.
    pub repo: Option<PathBuf>,
    pub op: GitOp,
    pub source: Option<BoxError>,
}

impl GitError {
    /// `op` failed because of `source`.
    pub fn new(op: GitOp, source: impl Into<BoxError>) -> Self {
        GitError {
            repo: None,
            op,
            source: Some(source.into()),
        }
    }

    /// `op` failed; the operation says all there is to say.
    pub fn plain(op: GitOp) -> Self {
        GitError {
            repo: None,
            op,
            source: None,
        }
    }

    /// The same error, naming the repository it happened in.
    pub fn in_repo(mut self, repo: &gix::Repository) -> Self {
        let path = repo.workdir().unwrap_or_else(|| repo.git_dir());
        self.repo = Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
        self
    }
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(repo) = &self.repo {
            write!(f, "{}: ", repo.display())?;
        }
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.op),
            None => write!(f, "{}", self.op),
        }
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The git operations a source performs, with their subject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitOp {
    #[error("{}: not a git repository (or cannot open it)", path.display())]
    Open { path: PathBuf },
    #[error("--range {text:?}: expected BASE..HEAD, e.g. origin/main..HEAD")]
    ParseRange { text: String },
    #[error("cannot read the shallow file")]
    ReadShallow,
    #[error("cannot read HEAD's tree")]
    ReadHeadTree,
    #[error("cannot read HEAD's tree {id}")]
    ReadHeadTreeObject { id: ObjectId },
    #[error("HEAD's tree {id} is damaged")]
    DamagedHeadTree { id: ObjectId },
    #[error("cannot read the index {}", path.display())]
    ReadIndex { path: PathBuf },
    #[error("cannot walk the history")]
    Walk,
    #[error("cannot read commit {id}")]
    ReadCommit { id: ObjectId },
    #[error("cannot read the author of commit {id}")]
    ReadAuthor { id: ObjectId },
    #[error("cannot read the refs")]
    ReadRefs,
    #[error("cannot read a ref")]
    ReadRef,
    #[error("cannot resolve ref {name}")]
    ResolveRef { name: String },
    #[error("ref {name} points to {id}, which cannot be read")]
    ReadRefTarget { name: String, id: ObjectId },
    #[error("{side} {rev:?} is not a commit")]
    NotACommit { side: &'static str, rev: String },
    #[error("{side} {rev:?} is not in this repository: it is a shallow clone, and its history was cut before {rev}. Fetch the full history (actions/checkout: `fetch-depth: 0`; locally: `git fetch --unshallow`) and run again")]
    CutByShallowClone { side: &'static str, rev: String },
    #[error("{side} {rev:?} does not name a commit in this repository (fetch it, or check the spelling)")]
    UnknownRevision { side: &'static str, rev: String },
    #[error("{path}: cannot read blob {id}")]
    ReadBlob { path: String, id: ObjectId },
    #[error("{path}: cannot read staged blob {id}")]
    ReadStagedBlob { path: String, id: ObjectId },
    #[error("cannot read blob {id}")]
    ReadBlobById { id: ObjectId },
    #[error("cannot read tree {id}")]
    ReadTree { id: ObjectId },
    #[error("cannot compare trees {old} and {new}")]
    CompareTrees { old: ObjectId, new: ObjectId },
    #[error("cannot open pack {}", path.display())]
    OpenPack { path: PathBuf },
    #[error("pack {} is damaged", path.display())]
    DamagedPack { path: PathBuf },
    #[error("object {id} is damaged")]
    DamagedObject { id: ObjectId },
    #[error("cannot list the loose objects in {}", path.display())]
    ListLooseObjects { path: PathBuf },
    #[error("cannot start worker threads")]
    StartThreads,
}
