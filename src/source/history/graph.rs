//! The commit graph as attribution needs it: each commit's time, tree and parents, generation
//! numbers, and the order "earliest" is defined by.

use std::collections::HashMap;

use gix::ObjectId;

use crate::source::{GitError, GitOp};

/// A commit that introduced something, ordered oldest first: by committer time, then
/// ancestors before descendants (generation number), then by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct CommitKey {
    pub time: i64,
    pub generation: u32,
    pub id: ObjectId,
}

/// A walked commit: its tree and the parents present in the repository.
#[derive(Clone, Debug)]
pub(super) struct Node {
    pub id: ObjectId,
    pub time: i64,
    pub tree: ObjectId,
    pub parents: Vec<ObjectId>,
    /// Some parent is missing (a shallow boundary, or a damaged repository).
    pub cut: bool,
}

impl Node {
    /// Reads a commit's time, tree and present parents from the repository.
    pub fn read(repo: &gix::Repository, id: ObjectId) -> Result<Node, GitError> {
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?;
        let time = commit
            .time()
            .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?
            .seconds;
        let tree = commit
            .tree_id()
            .map_err(|e| GitError::new(GitOp::ReadCommit { id }, e))?
            .detach();
        let mut parents = Vec::new();
        let mut cut = false;
        for parent in commit.parent_ids() {
            match repo.try_find_header(parent.detach()) {
                Ok(Some(_)) => parents.push(parent.detach()),
                _ => cut = true,
            }
        }
        Ok(Node {
            id,
            time,
            tree,
            parents,
            cut,
        })
    }

    /// The key of this commit at `generation`.
    pub fn key(&self, generation: u32) -> CommitKey {
        CommitKey {
            time: self.time,
            generation,
            id: self.id,
        }
    }
}

/// Generation numbers (1 + the largest of the parents'; parents outside `nodes` count 0), in
/// the order of `nodes`.
pub(super) fn generations(nodes: &[Node]) -> Vec<u32> {
    generations_above(nodes, |_| 0)
}

/// Generation numbers of `nodes`, whose parents outside `nodes` have the generation `outside`
/// gives (a walk that continues an earlier one).
pub(super) fn generations_above(nodes: &[Node], outside: impl Fn(&ObjectId) -> u32) -> Vec<u32> {
    let index: HashMap<ObjectId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut generation = vec![0u32; nodes.len()];
    let mut stack = Vec::new();
    for start in 0..nodes.len() {
        if generation[start] != 0 {
            continue;
        }
        stack.push(start);
        while let Some(&i) = stack.last() {
            let mut ready = true;
            let mut highest = 0;
            for parent in &nodes[i].parents {
                match index.get(parent) {
                    Some(&p) => match generation[p] {
                        0 => {
                            ready = false;
                            stack.push(p);
                        }
                        g => highest = highest.max(g),
                    },
                    None => highest = highest.max(outside(parent)),
                }
            }
            if ready {
                generation[i] = highest + 1;
                stack.pop();
            }
        }
    }
    generation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_count_from_the_roots() {
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let node = |n: u8, parents: &[u8]| Node {
            id: id(n),
            time: 0,
            tree: id(0),
            parents: parents.iter().map(|&p| id(p)).collect(),
            cut: false,
        };
        // 4 merges 2 and 3, which both descend from 1; 9 is outside the walk.
        let nodes = [
            node(4, &[2, 3]),
            node(3, &[1]),
            node(2, &[1, 9]),
            node(1, &[]),
        ];
        assert_eq!(generations(&nodes), [3, 2, 2, 1]);
    }
}
