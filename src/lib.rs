//! leakhound: a secret scanner. The public API is `scan(request) -> Outcome` (`run.rs`); the
//! binary parses arguments into a `ScanRequest`, calls it, and writes the `Report`.
//!
//! Data flows one way (ARCHITECTURE.md has the module map and the path of one scan):
//!
//! ```text
//! run ─opens─▶ source ─Blob─▶ BlobSink (scan::ScanSink) ─bytes─▶ engine ─Match─▶ scan
//!               ▲                                                               │
//!               └──────── findings (kept if on added lines; attributed) ◀───────┘
//! run ─▶ filter::baseline ─▶ report::Report ─▶ report::{text, json, sarif, gitlab, junit, csv}
//! ```
//!
//! Sources read blobs and hand them to a sink; the sink (the scanner) runs the engine and turns
//! matches into findings, applying allow comments and allowlists; the source keeps the findings
//! that count (lines a change adds) and says where they came from (commits); `run` applies the
//! baseline and builds the report. Lower layers never import higher ones: `rules`, `paths` and
//! `finding` are the vocabulary; `engine` knows only rules and bytes; `source` knows only the
//! `BlobSink` trait; reports render plain data.

pub mod cache;
pub mod config;
pub mod engine;
pub mod error;
pub mod filter;
pub mod finding;
pub mod fsio;
pub mod hook;
pub mod import;
pub mod paths;
pub mod report;
pub mod rules;
mod run;
pub mod scan;
pub mod source;
pub mod time;
pub mod utf16;

pub use error::Error;
pub use run::{
    find_rule, load_rules, rules_in_effect, scan, CacheChoice, Outcome, Scan, ScanRequest, Target,
    DEFAULT_MAX_FILE_SIZE,
};
