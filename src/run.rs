//! Running a scan: a `ScanRequest` in, an `Outcome` out. Opens the source the request names,
//! finds its config (`--config`, else `.leakhound.yml` at the scan or repository root), loads
//! rules and baseline, hands the source a sink, then applies the baseline, sorts, and builds the
//! `Report`. The binary calls `scan` (or `Scan::prepare` and `run`, to draw progress meanwhile).

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    time::Instant,
};

use crate::cache::{self, BlobCache, CacheCounts};
use crate::config::Config;
use crate::engine::RuleSet;
use crate::filter::baseline::{Baseline, Entry};
use crate::finding::Finding;
use crate::paths::{PathBase, PathError, STDIN_PATH};
use crate::report::Report;
use crate::rules::{self, Rule};
use crate::scan::{Counters, ScanSink, Scanner};
use crate::source::history::{History, Selection, Shard};
use crate::source::{self, staged::Staged, SourceOutput};
use crate::Error;

/// Files larger than this are skipped unless `--max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// What to scan.
#[derive(Clone, Debug)]
pub enum Target {
    /// Files and directories; `-` is stdin.
    Paths(Vec<PathBuf>),
    /// The staged changes of the repository at or above `repo` (pre-commit).
    Staged { repo: PathBuf },
    /// The history of the repository at or above `repo`: all refs, or a range.
    History { repo: PathBuf, selection: Selection },
}

impl Target {
    /// Whether the scan sees only part of what a baseline covers (staged changes, a range).
    pub fn is_partial(&self) -> bool {
        matches!(
            self,
            Target::Staged { .. }
                | Target::History {
                    selection: Selection::Range { .. },
                    ..
                }
        )
    }
}

/// A scan to run.
#[derive(Clone, Debug)]
pub struct ScanRequest {
    pub target: Target,
    /// `--config FILE`; otherwise `.leakhound.yml` is looked for at the scan root.
    pub config: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    /// Worker threads; 0 picks the number of cores.
    pub threads: usize,
    pub max_file_size: Option<u64>,
    pub no_ignore: bool,
    pub follow_symlinks: bool,
    /// The history cache (full-history scans only).
    pub cache: CacheChoice,
    /// One shard of a full-history scan (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// Where the history cache of a full-history scan lives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CacheChoice {
    /// `leakhound/` in the repository's git directory.
    #[default]
    Default,
    /// `--cache DIR`.
    Dir(PathBuf),
    /// `--no-cache`.
    Off,
}

impl ScanRequest {
    /// A request with default options.
    pub fn new(target: Target) -> Self {
        ScanRequest {
            target,
            config: None,
            baseline: None,
            threads: 0,
            max_file_size: None,
            no_ignore: false,
            follow_symlinks: false,
            cache: CacheChoice::Default,
            shard: None,
        }
    }
}

/// The result of a scan: the report, and what the baseline had that nothing matched.
pub struct Outcome {
    pub report: Report,
    /// Baseline entries that matched nothing (within what the scan covered).
    pub stale_baseline: Vec<Entry>,
    /// What the history cache did, or why it could not (for stderr, not the report: a report
    /// is the same with and without the cache).
    pub cache_notes: Vec<String>,
    /// What the history cache did, when there was one.
    pub cache_counts: Option<CacheCounts>,
}

/// The source a request names, opened.
enum Opened {
    Paths(Vec<PathBuf>),
    Staged(Staged),
    History(History, Selection),
}

/// A scan ready to run: its source opened, config, rules and baseline loaded.
pub struct Scan {
    source: Opened,
    scanner: Scanner,
    baseline: Baseline,
    request: ScanRequest,
    threads: usize,
    started: Instant,
}

/// Runs a scan.
pub fn scan(request: &ScanRequest) -> Result<Outcome, Error> {
    Scan::prepare(request)?.run()
}

impl Scan {
    /// Opens the source and loads config, rules and baseline.
    pub fn prepare(request: &ScanRequest) -> Result<Scan, Error> {
        let started = Instant::now();
        let (source, config) = match &request.target {
            Target::Paths(paths) => {
                let config = Config::discover(request.config.as_deref(), &config_root(paths))?;
                (Opened::Paths(paths.clone()), config)
            }
            Target::Staged { repo } => {
                let staged = Staged::open(repo)?;
                let config = repo_config(request.config.as_deref(), staged.work_tree())?;
                (Opened::Staged(staged), config)
            }
            Target::History { repo, selection } => {
                let history = History::open(repo)?;
                let config = repo_config(request.config.as_deref(), history.work_tree())?;
                (Opened::History(history, selection.clone()), config)
            }
        };
        let baseline = match &request.baseline {
            Some(path) => Baseline::load(path)?,
            None => Baseline::default(),
        };
        let rules = load_rules(&config)?;
        let max_file_size = request
            .max_file_size
            .or(config.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        let mut scanner = Scanner::new(RuleSet::new(rules), config.allowlists, max_file_size);
        Counters::add(
            &scanner.counters.rules_disabled,
            config.disable.len() as u64,
        );
        if let Opened::Paths(_) = source {
            scanner.path_base = config.root.and_then(PathBase::new);
        }
        let threads = if request.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            request.threads
        };
        Ok(Scan {
            source,
            scanner,
            baseline,
            request: request.clone(),
            threads,
            started,
        })
    }

    /// What the scan counts as it goes ("files", "blobs"); `None` when it is too quick to
    /// show progress for (staged changes).
    pub fn unit(&self) -> Option<&'static str> {
        match self.source {
            Opened::Paths(_) => Some("files"),
            Opened::Staged(_) => None,
            Opened::History(..) => Some("blobs"),
        }
    }

    /// The counts as the scan goes (`Counters::scanned`), for another thread to poll while
    /// `run` runs.
    pub fn counters(&self) -> &Counters {
        &self.scanner.counters
    }

    /// Runs the scan.
    pub fn run(&self) -> Result<Outcome, Error> {
        let sink = self.scanner.sink();
        let mut cache_notes = Vec::new();
        let mut cache_counts = None;
        let (output, notes, history) = match &self.source {
            Opened::Paths(paths) => (self.scan_paths(&sink, paths)?, Vec::new(), None),
            Opened::Staged(staged) => (staged.scan(&sink)?, Vec::new(), None),
            Opened::History(history, selection) => {
                let shard = self.request.shard;
                let scan = |sink| scan_history(history, sink, selection, shard, self.threads);
                let scanned = match self.open_cache(history, selection) {
                    Some(cache) => {
                        let scanned = scan_history(
                            history,
                            &cache.sink(self.scanner.sink()),
                            selection,
                            shard,
                            self.threads,
                        )?;
                        cache_notes.extend(cache.note().map(str::to_string));
                        cache_counts = Some(cache.counts());
                        if let Err(e) = cache.save() {
                            cache_notes.push(format!(
                                "the history cache could not be written to {} ({e}); the next scan reads every blob again",
                                cache.path().display()
                            ));
                        }
                        scanned
                    }
                    None => scan(&sink)?,
                };
                (scanned.output, scanned.notes, Some(scanned.stats))
            }
        };
        let mut outcome = self.finish(output, notes);
        outcome.cache_notes = cache_notes;
        outcome.cache_counts = cache_counts;
        outcome.report.stats.history = history;
        if let (Opened::Paths(paths), Some(base)) = (&self.source, &self.scanner.path_base) {
            let files: Vec<PathBuf> = paths
                .iter()
                .filter(|p| p.as_os_str() != STDIN_PATH)
                .cloned()
                .collect();
            outcome
                .stale_baseline
                .retain(|entry| base.covers(&files, &entry.path));
        }
        Ok(outcome)
    }

    /// The history cache for a full-history scan, unless `--no-cache` (a range reads only its
    /// own commits' changes: it has no use for one).
    fn open_cache(&self, history: &History, selection: &Selection) -> Option<BlobCache> {
        if *selection != Selection::All {
            return None;
        }
        let dir = match &self.request.cache {
            CacheChoice::Off => return None,
            CacheChoice::Dir(dir) => dir.clone(),
            CacheChoice::Default => history.git_dir().join(cache::DEFAULT_DIR),
        };
        let hash = history.object_hash();
        let key = self.scanner.digest(&format!("{hash:?}"));
        Some(BlobCache::open(
            cache::file_in(&dir, self.request.shard),
            key,
            hash.len_in_bytes(),
        ))
    }

    /// A baseline accepting `findings`, with paths relative to the project root (as their
    /// fingerprints are), so the file is the same whatever directory it was created from.
    pub fn baseline_of(&self, findings: &[Finding]) -> Baseline {
        let base = self.scanner.path_base.as_ref();
        Baseline::from_findings_with_paths(findings, |p| {
            base.map_or_else(|| p.to_string(), |b| b.relative(p).into_owned())
        })
    }

    /// Scans files, directories and stdin.
    fn scan_paths(&self, sink: &ScanSink, paths: &[PathBuf]) -> Result<SourceOutput, Error> {
        let mut output = SourceOutput::default();
        let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
            paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
        for path in &files {
            if std::fs::symlink_metadata(path).is_err() {
                return Err(PathError::not_found(path).into());
            }
        }
        if !files.is_empty() {
            let walk = source::fs::WalkOptions {
                threads: self.threads,
                no_ignore: self.request.no_ignore,
                follow_symlinks: self.request.follow_symlinks,
            };
            let files: Vec<PathBuf> = files.into_iter().cloned().collect();
            output = source::fs::scan(sink, &files, &walk);
        }
        if !stdin.is_empty() {
            let more = source::stdin::scan(sink, std::io::stdin().lock());
            output.findings.extend(more.findings);
            output.warnings.extend(more.warnings);
        }
        Ok(output)
    }

    /// Applies the baseline, sorts, and gathers what reports need.
    fn finish(&self, output: SourceOutput, notes: Vec<String>) -> Outcome {
        let mut stats = self.scanner.counters.stats();
        let mut errors = output.warnings;
        errors.extend(self.scanner.rules.errors());
        let mut seen = HashSet::new();
        let mut findings: Vec<Finding> = output
            .findings
            .into_iter()
            .filter(|f| {
                seen.insert(f.fingerprint.clone());
                let hidden = self.baseline.contains(&f.fingerprint);
                if hidden {
                    stats.suppressed_baseline += 1;
                }
                !hidden
            })
            .collect();
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let rules = findings
            .iter()
            .map(|f| f.rule_id.as_str())
            .collect::<HashSet<_>>()
            .into_iter()
            .filter_map(|id| {
                self.scanner
                    .rules
                    .rules()
                    .find(|r| r.id == id)
                    .map(|r| (id.to_string(), r.clone()))
            })
            .collect();
        let stale_baseline = self.baseline.stale(&seen).cloned().collect();
        Outcome {
            report: Report {
                findings,
                stats,
                errors,
                notes,
                rules,
                elapsed: self.started.elapsed(),
            },
            stale_baseline,
            cache_notes: Vec::new(),
            cache_counts: None,
        }
    }
}

/// Scans a history, or one shard of it.
fn scan_history(
    history: &History,
    sink: &impl source::BlobSink,
    selection: &Selection,
    shard: Option<Shard>,
    threads: usize,
) -> Result<source::history::HistoryOutput, source::GitError> {
    match shard {
        Some(shard) => history.scan_shard(sink, shard, threads),
        None => history.scan(sink, selection, threads),
    }
}

/// Loads the embedded pack and the config's rules, minus the disabled ones.
pub fn load_rules(config: &Config) -> Result<Vec<Rule>, Error> {
    let mut rules = rules::load_embedded()?;
    rules.extend(config.rules.iter().cloned());
    rules::check::unique_ids(&rules)?;
    config.check_rule_ids(&rules)?;
    rules.retain(|r| !config.disable.contains(&r.id));
    Ok(rules)
}

/// The rules in effect in the current directory: the pack plus the config's (`config`, else a
/// discovered `.leakhound.yml`), minus the disabled ones.
pub fn rules_in_effect(config: Option<&Path>) -> Result<Vec<Rule>, Error> {
    load_rules(&Config::discover(config, Path::new("."))?)
}

/// The rule with this id among the rules in effect in the current directory.
pub fn find_rule(id: &str) -> Result<Rule, Error> {
    rules_in_effect(None)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::UnknownRule { id: id.to_string() })
}

/// The directory whose `.leakhound.yml` applies to a path scan.
fn config_root(paths: &[PathBuf]) -> PathBuf {
    paths
        .iter()
        .find(|p| p.as_os_str() != STDIN_PATH)
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The config for a repository scan: `--config`, else `.leakhound.yml` at the work tree's root
/// (none for a bare repository).
fn repo_config(explicit: Option<&Path>, work_tree: Option<PathBuf>) -> Result<Config, Error> {
    match (explicit, work_tree) {
        (Some(path), _) => Ok(Config::load(path)?),
        (None, Some(root)) => Ok(Config::discover(None, &root)?),
        (None, None) => Ok(Config::default()),
    }
}
