//! What the user has accepted: inline allow comments, config allowlists and the baseline. Each
//! suppression is counted by kind, so hiding a finding is never silent.

pub mod allowlist;
pub mod baseline;
pub mod inline;
