//! Sources produce blobs with their provenance and hand them to the `Scanner`: files and
//! directories, stdin, the staged changes of a commit, and git history.

mod added;
pub mod fs;
pub mod history;
mod index_diff;
mod odb;
mod repo;
pub mod staged;
pub mod stdin;

/// Findings a source produced, and the problems it met on the way (a file it could not read):
/// reported as warnings while the scan goes on, and the scan then ends with exit code 2.
#[derive(Default)]
pub struct SourceOutput {
    pub findings: Vec<crate::finding::Finding>,
    pub warnings: Vec<String>,
}
