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
use crate::config::{Config, FILE_NAME};
use crate::engine::RuleSet;
use crate::filter::baseline::{Baseline, Entry};
use crate::finding::Finding;
use crate::paths::{PathBase, PathError, STDIN_PATH};
use crate::report::{fired_rules, AddedSuppression, Report, ScanInfo};
use crate::rules::{self, Rule};
use crate::scan::{Counters, ScanSink, Scanner};
use crate::source::history::{History, Selection, Shard};
use crate::source::{self, staged::Staged, SourceOutput};
use crate::Error;

/// `-j` is clamped to this many threads per core.
const MAX_THREADS_PER_CORE: usize = 4;

/// Files larger than this are skipped unless `--max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// The note of a staged scan that found nothing staged.
pub const NOTHING_STAGED: &str = "nothing is staged (the index matches HEAD), so no line was scanned; to scan committed files use `leakhound scan .` (the working tree) or `leakhound git` (history); under pre-commit, the `leakhound-files` hook scans the files `pre-commit run --all-files` passes";

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
    /// A full-history scan also reads the objects no ref reaches (`--include-unreachable`).
    pub include_unreachable: bool,
    /// History: read the config (`config`, else `.leakhound.yml`) from this revision's tree,
    /// never the work tree; what the work tree's config adds to suppression is listed.
    pub config_from: Option<String>,
    /// History: read the baseline (`baseline`, a path in the repository) from this revision's
    /// tree; findings that only the work tree's baseline would hide are listed.
    pub baseline_from: Option<String>,
    /// Whether inline allow comments hide findings (else they are reported and listed).
    pub allow_comments: bool,
    /// History: apply the work tree's config, baseline and allow comments, and list what they
    /// add to suppression compared with this revision's (an approved change).
    pub compare_with: Option<String>,
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
            include_unreachable: false,
            config_from: None,
            baseline_from: None,
            allow_comments: true,
            compare_with: None,
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
    /// `--baseline-from`: the work tree's baseline, whose extra entries are listed, not applied.
    change_baseline: Option<Baseline>,
    /// `--compare-with`: the revision's baseline; entries only the applied one has are
    /// listed.
    compare_baseline: Option<Baseline>,
    /// `--config-from`: what the work tree's config adds to suppression.
    config_changes: Vec<String>,
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
        let mut config_changes = Vec::new();
        let mut change_baseline = None;
        let mut compare_baseline = None;
        let mut base_baseline = None;
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
                let mut history = History::open(repo)?;
                history.include_unreachable(request.include_unreachable);
                let work_tree = history.work_tree();
                let config = match (&request.config_from, &request.compare_with) {
                    (None, Some(rev)) => {
                        let path = request.config.as_deref().unwrap_or(Path::new(FILE_NAME));
                        let at = in_repo(path, work_tree.as_deref(), "--config")?;
                        let base = history.file_at(rev, "--compare-with", &at)?;
                        let base = text_of(base, rev, &at)?;
                        let config = repo_config(request.config.as_deref(), work_tree.clone())?;
                        let change = match &config.path {
                            Some(p) => std::fs::read_to_string(p).unwrap_or_default(),
                            None => String::new(),
                        };
                        let default_max = request.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
                        config_changes =
                            crate::config::added_suppression(&base, &change, default_max);
                        if let Some(path) = &request.baseline {
                            let at = in_repo(path, work_tree.as_deref(), "--baseline")?;
                            let base = history.file_at(rev, "--compare-with", &at)?;
                            compare_baseline = Some(match base {
                                None => Baseline::default(),
                                Some(_) => Baseline::parse(
                                    &format!("{rev}:{at}"),
                                    &text_of(base, rev, &at)?,
                                )?,
                            });
                        }
                        config
                    }
                    (None, None) => repo_config(request.config.as_deref(), work_tree)?,
                    (Some(rev), _) => {
                        let path = request.config.as_deref().unwrap_or(Path::new(FILE_NAME));
                        let at = in_repo(path, work_tree.as_deref(), "--config")?;
                        let base = history.file_at(rev, "--config-from", &at)?;
                        let base = text_of(base, rev, &at)?;
                        // The work tree's own config (the change's), compared, never applied.
                        let change = match &work_tree {
                            Some(root) => {
                                std::fs::read_to_string(root.join(&at)).unwrap_or_default()
                            }
                            None => String::new(),
                        };
                        let default_max = request.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
                        config_changes =
                            crate::config::added_suppression(&base, &change, default_max);
                        let name = format!("{rev}:{at}");
                        let mut config = Config::parse(&name, &base)?;
                        config.path = Some(PathBuf::from(name));
                        config.root = work_tree;
                        config
                    }
                };
                if let (Some(rev), Some(path)) = (&request.baseline_from, &request.baseline) {
                    let root = history.work_tree();
                    let at = in_repo(path, root.as_deref(), "--baseline")?;
                    let base = history.file_at(rev, "--baseline-from", &at)?;
                    base_baseline = Some(match base {
                        None => Baseline::default(),
                        Some(_) => {
                            Baseline::parse(&format!("{rev}:{at}"), &text_of(base, rev, &at)?)?
                        }
                    });
                    // The work tree's baseline (the change's): unreadable means nothing to list.
                    change_baseline = root
                        .map(|r| r.join(&at))
                        .filter(|p| p.is_file())
                        .and_then(|p| Baseline::load(&p).ok());
                }
                (Opened::History(history, selection.clone()), config)
            }
        };
        let baseline = match (base_baseline, &request.baseline) {
            (Some(base), _) => base,
            (None, Some(path)) => Baseline::load(path)?,
            (None, None) => Baseline::default(),
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
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        // Listing allow comments means seeing their findings; `finish` drops those it honours.
        scanner.allow_comments = request.allow_comments && request.compare_with.is_none();
        // More threads than this only cost memory (each has its buffers and caches).
        let threads = if request.threads == 0 {
            cores
        } else {
            request.threads.min(MAX_THREADS_PER_CORE * cores)
        };
        Ok(Scan {
            source,
            scanner,
            baseline,
            change_baseline,
            compare_baseline,
            config_changes,
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
            Opened::Staged(staged) => {
                let output = staged.scan(&sink)?;
                let mut notes = Vec::new();
                if output.findings.is_empty() && staged.nothing_staged()? {
                    notes.push(NOTHING_STAGED.to_string());
                }
                (output, notes, None)
            }
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
        // A cache of a scan that read the unreachable objects too counts them: kept apart.
        let reads = if self.request.include_unreachable {
            " unreachable"
        } else {
            ""
        };
        let key = self.scanner.digest(&format!("{hash:?}{reads}"));
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

    /// Scans files, directories, stdin and streams (FIFOs, process substitutions, /dev/stdin).
    fn scan_paths(&self, sink: &ScanSink, paths: &[PathBuf]) -> Result<SourceOutput, Error> {
        let mut output = SourceOutput::default();
        let (stdin, named): (Vec<&PathBuf>, Vec<&PathBuf>) =
            paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
        for path in &named {
            if std::fs::symlink_metadata(path).is_err() {
                return Err(PathError::not_found(path).into());
            }
        }
        // A named path that leads to neither a file nor a directory is a stream: read to its
        // end (the walker would pass it by).
        let (streams, files): (Vec<&PathBuf>, Vec<&PathBuf>) = named
            .into_iter()
            .partition(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()));
        if !files.is_empty() {
            let walk = source::fs::WalkOptions {
                threads: self.threads,
                no_ignore: self.request.no_ignore,
                follow_symlinks: self.request.follow_symlinks,
            };
            let files: Vec<PathBuf> = files.into_iter().cloned().collect();
            output = source::fs::scan(sink, &files, &walk);
        }
        for path in streams {
            let shown = crate::paths::display_path(path);
            let more = match std::fs::File::open(path) {
                Ok(file) => source::stdin::scan_stream(sink, file, &shown),
                Err(err) => SourceOutput {
                    findings: Vec::new(),
                    warnings: vec![format!("{shown}: cannot read: {err}")],
                },
            };
            output.findings.extend(more.findings);
            output.warnings.extend(more.warnings);
        }
        if !stdin.is_empty() {
            let more = source::stdin::scan(sink, std::io::stdin().lock());
            output.findings.extend(more.findings);
            output.warnings.extend(more.warnings);
        }
        Ok(output)
    }

    /// What this scan covers, as reports record it.
    fn scan_info(&self) -> ScanInfo {
        let shown = |p: &PathBuf| p.display().to_string();
        let (target, paths, commits) = match &self.request.target {
            Target::Paths(paths) => ("files", paths.iter().map(shown).collect(), None),
            Target::Staged { repo } => ("staged", vec![shown(repo)], None),
            Target::History { repo, selection } => (
                "history",
                vec![shown(repo)],
                Some(match selection {
                    Selection::All => "all".to_string(),
                    Selection::Range { base, head } => format!("{base}..{head}"),
                }),
            ),
        };
        ScanInfo {
            target: target.to_string(),
            paths,
            commits,
            config_from: self.request.config_from.clone(),
            baseline_from: self.request.baseline_from.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// What the change adds to suppression itself: its config's additions (`--config-from`),
    /// then per finding an allow comment (`--no-allow-comments`) or a baseline entry only the
    /// work tree's baseline has (`--baseline-from`).
    /// With `--compare-with`, `hidden` are the findings the change's own baseline and
    /// allow comments hid (applied, listed).
    fn added_suppression(
        &self,
        findings: &[Finding],
        hidden: &[(Finding, &str)],
    ) -> Vec<AddedSuppression> {
        let applied = self.request.compare_with.is_some();
        let mut out: Vec<AddedSuppression> = self
            .config_changes
            .iter()
            .map(|what| AddedSuppression {
                kind: "config".to_string(),
                what: what.clone(),
                path: None,
                line: None,
                rule: None,
                applied,
            })
            .collect();
        let hides = |f: &Finding, kind: &str, what: &str| AddedSuppression {
            kind: kind.to_string(),
            what: what.to_string(),
            path: Some(f.path.clone()),
            line: Some(f.start.line),
            rule: Some(f.rule_id.clone()),
            applied,
        };
        let mut hidden: Vec<&(Finding, &str)> = hidden.iter().collect();
        hidden.sort_by(|a, b| (a.0.sort_key(), a.1).cmp(&(b.0.sort_key(), b.1)));
        for (f, kind) in hidden {
            let what = match *kind {
                "baseline" => "a baseline entry the change adds",
                _ => "an allow comment on the line",
            };
            out.push(hides(f, kind, what));
        }
        for f in findings {
            if f.allow_comment {
                out.push(hides(f, "allow-comment", "an allow comment on the line"));
            }
            if self
                .change_baseline
                .as_ref()
                .is_some_and(|b| b.contains(&f.fingerprint))
            {
                out.push(hides(f, "baseline", "a baseline entry the change adds"));
            }
        }
        out
    }

    /// Applies the baseline, sorts, and gathers what reports need.
    fn finish(&self, output: SourceOutput, mut notes: Vec<String>) -> Outcome {
        let mut stats = self.scanner.counters.stats();
        if stats.decode_budget_spent > 0 {
            notes.push(format!(
                "{} {} more encoded text (base64, escapes, percent-encoding) than the decoders' budget: scanned in full, but not all of the encoded text was decoded",
                stats.decode_budget_spent,
                if stats.decode_budget_spent == 1 { "blob had" } else { "blobs had" }
            ));
        }
        let mut errors = output.warnings;
        errors.extend(self.scanner.rules.errors());
        let mut seen = HashSet::new();
        // `--compare-with`: what the change's own allow comments and baseline hid.
        let comparing = self.request.compare_with.is_some();
        let honour_comments = comparing && self.request.allow_comments;
        let mut hidden_by_change: Vec<(Finding, &str)> = Vec::new();
        let mut findings: Vec<Finding> = Vec::with_capacity(output.findings.len());
        for f in output.findings {
            if honour_comments && f.allow_comment {
                stats.suppressed_inline += 1;
                hidden_by_change.push((f, "allow-comment"));
                continue;
            }
            seen.insert(f.fingerprint.clone());
            if self.baseline.contains(&f.fingerprint) {
                stats.suppressed_baseline += 1;
                if self
                    .compare_baseline
                    .as_ref()
                    .is_some_and(|b| !b.contains(&f.fingerprint))
                {
                    hidden_by_change.push((f, "baseline"));
                }
                continue;
            }
            findings.push(f);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let rules = fired_rules(&findings, self.scanner.rules.rules());
        let stale_baseline = self.baseline.stale(&seen).cloned().collect();
        let added_suppression = self.added_suppression(&findings, &hidden_by_change);
        Outcome {
            report: Report {
                findings,
                stats,
                errors,
                notes,
                rules,
                elapsed: self.started.elapsed(),
                scans: vec![self.scan_info()],
                added_suppression,
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

/// A path given on the command line (relative to the current directory) as a `/`-separated path
/// from the top of the repository whose work tree is `work_tree`, for reading it from a
/// revision's tree. `option` names the option, for the message when it is outside.
fn in_repo(path: &Path, work_tree: Option<&Path>, option: &'static str) -> Result<String, Error> {
    use std::path::Component;
    let outside = || Error::OutsideRepository {
        option,
        path: path.to_path_buf(),
    };
    let absolute = match work_tree {
        Some(_) if path.is_relative() => {
            let cwd = std::env::current_dir().map_err(|_| outside())?;
            std::fs::canonicalize(&cwd).unwrap_or(cwd).join(path)
        }
        _ => path.to_path_buf(),
    };
    let mut parts: Vec<String> = Vec::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop().ok_or_else(outside)?;
            }
            Component::Normal(p) => parts.push(p.to_str().ok_or_else(outside)?.to_string()),
            Component::RootDir | Component::Prefix(_) => parts.clear(),
        }
    }
    let Some(root) = work_tree else {
        return Ok(parts.join("/"));
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let root: Vec<String> = root
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.len() <= root.len() || parts[..root.len()] != root[..] {
        return Err(outside());
    }
    Ok(parts[root.len()..].join("/"))
}

/// A file read from a revision as text (empty when the revision has none).
fn text_of(bytes: Option<Vec<u8>>, rev: &str, path: &str) -> Result<String, Error> {
    String::from_utf8(bytes.unwrap_or_default()).map_err(|_| {
        Error::Config(crate::config::ConfigError::Invalid {
            path: format!("{rev}:{path}"),
            message: "not UTF-8 text".to_string(),
        })
    })
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
