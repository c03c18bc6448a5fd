//! leakhound: a secret scanner. The public API is `scan(request) -> Outcome`; the binary parses
//! arguments into a `ScanRequest`, calls it, and writes a report.
//!
//! Data flows one way: sources produce blobs, the engine finds matches, `scan` turns them into
//! findings, filters drop what the user accepted, reports write the rest.

pub mod config;
pub mod engine;
pub mod error;
pub mod filter;
pub mod finding;
pub mod hook;
pub mod progress;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;

use std::{
    collections::{BTreeMap, HashSet},
    path::PathBuf,
    time::{Duration, Instant},
};

pub use error::Error;

use config::Config;
use engine::RuleSet;
use filter::baseline::{Baseline, Entry};
use finding::Finding;
use rules::Rule;
use scan::{Counters, Scanner, Stats};

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
    History {
        repo: PathBuf,
        selection: source::history::Selection,
    },
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
    /// Draw a progress line on stderr during long scans (the caller checks it is a terminal).
    pub progress: bool,
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
            progress: false,
        }
    }
}

/// The result of a scan.
pub struct Outcome {
    /// Sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    pub stats: Stats,
    /// Problems that did not stop the scan but left something unscanned; they make the exit
    /// code 2.
    pub warnings: Vec<String>,
    /// Notes that change nothing about the result (e.g. history cut by a shallow clone).
    pub notes: Vec<String>,
    /// The rules that produced a finding, by id.
    pub fired: BTreeMap<String, Rule>,
    /// Baseline entries that matched nothing.
    pub stale_baseline: Vec<Entry>,
    pub elapsed: Duration,
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

/// The directory whose `.leakhound.yml` applies to a path scan.
fn config_root(paths: &[PathBuf]) -> PathBuf {
    paths
        .iter()
        .find(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The config for a repository scan: `--config`, else `.leakhound.yml` at the work tree's root
/// (none for a bare repository).
fn repo_config(
    explicit: Option<&std::path::Path>,
    work_tree: Option<PathBuf>,
) -> Result<Config, Error> {
    match (explicit, work_tree) {
        (Some(path), _) => Ok(Config::load(path)?),
        (None, Some(root)) => Ok(Config::discover(None, &root)?),
        (None, None) => Ok(Config::default()),
    }
}

/// Runs a scan.
pub fn scan(request: &ScanRequest) -> Result<Outcome, Error> {
    let started = Instant::now();
    match &request.target {
        Target::Paths(paths) => {
            let config = Config::discover(request.config.as_deref(), &config_root(paths))?;
            scan_paths(request, paths, config, started)
        }
        Target::Staged { repo } => {
            let staged = source::staged::Staged::open(repo)?;
            let config = repo_config(request.config.as_deref(), staged.work_tree())?;
            let (scanner, baseline, _) = prepare(request, config)?;
            let output = staged.scan(&scanner)?;
            finish(scanner, output, &baseline, Vec::new(), started)
        }
        Target::History { repo, selection } => {
            let history = source::history::History::open(repo)?;
            let config = repo_config(request.config.as_deref(), history.work_tree())?;
            let (scanner, baseline, threads) = prepare(request, config)?;
            let scanned =
                progress::while_running(request.progress, "blobs", &scanner.counters, || {
                    history.scan(&scanner, selection, threads)
                })?;
            let mut outcome = finish(scanner, scanned.output, &baseline, scanned.notes, started)?;
            outcome.stats.history = Some(scanned.stats);
            Ok(outcome)
        }
    }
}

/// The scanner, baseline and thread count a request asks for.
fn prepare(request: &ScanRequest, config: Config) -> Result<(Scanner, Baseline, usize), Error> {
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
    if matches!(request.target, Target::Paths(_)) {
        scanner.path_base = config.root.and_then(source::fs::PathBase::new);
    }
    let threads = if request.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        request.threads
    };
    Ok((scanner, baseline, threads))
}

/// Scans files, directories and stdin.
fn scan_paths(
    request: &ScanRequest,
    paths: &[PathBuf],
    config: Config,
    started: Instant,
) -> Result<Outcome, Error> {
    let (scanner, baseline, threads) = prepare(request, config)?;
    let mut output = source::SourceOutput::default();
    let (stdin, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    for path in &files {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Error::Path {
                path: path.display().to_string(),
                message: "no such file or directory".into(),
            });
        }
    }
    if !files.is_empty() {
        let walk = source::fs::WalkOptions {
            threads,
            no_ignore: request.no_ignore,
            follow_symlinks: request.follow_symlinks,
        };
        output = progress::while_running(request.progress, "files", &scanner.counters, || {
            source::fs::scan(&scanner, &files, &walk)
        });
    }
    if !stdin.is_empty() {
        let more = source::stdin::scan(&scanner, std::io::stdin().lock());
        output.findings.extend(more.findings);
        output.warnings.extend(more.warnings);
    }
    let path_base = scanner.path_base.clone();
    let mut outcome = finish(scanner, output, &baseline, Vec::new(), started)?;
    if let Some(base) = path_base {
        outcome
            .stale_baseline
            .retain(|entry| base.covers(&files, &entry.path));
    }
    Ok(outcome)
}

/// Applies the baseline, sorts, and gathers what reports need.
fn finish(
    scanner: Scanner,
    output: source::SourceOutput,
    baseline: &Baseline,
    notes: Vec<String>,
    started: Instant,
) -> Result<Outcome, Error> {
    let mut stats = scanner.counters.stats();
    let mut warnings = output.warnings;
    warnings.extend(scanner.rules.errors());
    let mut seen = HashSet::new();
    let mut findings: Vec<Finding> = output
        .findings
        .into_iter()
        .filter(|f| {
            seen.insert(f.fingerprint.clone());
            let hidden = baseline.contains(&f.fingerprint);
            if hidden {
                stats.suppressed_baseline += 1;
            }
            !hidden
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let fired = findings
        .iter()
        .map(|f| f.rule_id.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .filter_map(|id| {
            scanner
                .rules
                .rules()
                .find(|r| r.id == id)
                .map(|r| (id.to_string(), r.clone()))
        })
        .collect();
    let stale_baseline = baseline.stale(&seen).cloned().collect();
    Ok(Outcome {
        findings,
        stats,
        warnings,
        notes,
        fired,
        stale_baseline,
        elapsed: started.elapsed(),
    })
}
