//! The leakhound binary: parse the command line, run one mode, write its output, and map the
//! outcome to an exit code (0 clean, 1 findings, 2 error — even if there were findings).

mod cli;

use std::{
    fmt,
    fs::OpenOptions,
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Parser;
use cli::{progress, BaselineCommand, Cli, ColorArg, Command, Common, HookCommand, RulesCommand};
use leakhound::{
    engine::examples,
    error::{Destination, OutputError},
    report::{self, ReportOptions},
    source::history::Selection,
    CacheChoice, Error, Outcome, Scan, ScanRequest, Target,
};

const ERROR: u8 = 2;

/// Why the binary exits with 2: the library's error, or arguments it cannot use.
enum Failure {
    Library(Error),
    Usage(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Library(e)
    }
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Self {
        Failure::Library(e.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Library(e) => write!(f, "{e}"),
            Failure::Usage(message) => f.write_str(message),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan {
            paths,
            no_ignore,
            follow,
            common,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let mut request = common.request(Target::Paths(paths));
            request.no_ignore = no_ignore;
            request.follow_symlinks = follow;
            run_scan(&request, &common)
        }
        Command::Staged { repo, common } => {
            run_scan(&common.request(Target::Staged { repo }), &common)
        }
        Command::Git {
            repo,
            range,
            since,
            cache,
            no_cache,
            shard,
            common,
        } => history_selection(range, since).and_then(|selection| {
            let mut request = common.request(Target::History { repo, selection });
            request.shard = shard;
            request.cache = match (cache, no_cache) {
                (_, true) => CacheChoice::Off,
                (Some(dir), false) => CacheChoice::Dir(dir),
                (None, false) => CacheChoice::Default,
            };
            run_scan(&request, &common)
        }),
        Command::Rules { command } => run_rules(command),
        Command::Baseline { command } => run_baseline(command),
        Command::Hook { command } => run_hook(command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("leakhound: error: {failure}");
            ExitCode::from(ERROR)
        }
    }
}

/// What `git --range` / `--since` select.
fn history_selection(range: Option<String>, since: Option<String>) -> Result<Selection, Failure> {
    match (range, since) {
        (Some(range), _) => Ok(Selection::parse_range(&range).map_err(Error::from)?),
        (None, Some(rev)) => Ok(Selection::Range {
            base: rev,
            head: "HEAD".into(),
        }),
        (None, None) => Ok(Selection::All),
    }
}

/// Runs a scan, writes its report, and returns the exit code.
fn run_scan(request: &ScanRequest, common: &Common) -> Result<u8, Failure> {
    let redaction = common.redaction().map_err(Failure::Usage)?;
    let scan = Scan::prepare(request)?;
    let unit = scan.unit().filter(|_| common.show_progress());
    let counters = scan.counters();
    let outcome = progress::while_running(unit, || counters.scanned(), || scan.run())?;
    let to_terminal = common.output.is_none() && io::stdout().is_terminal();
    let color = match common.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let options = ReportOptions {
        format: common.format(),
        redaction,
        color,
    };
    write_output(common.output.as_deref(), |out| {
        report::write(&outcome.report, &options, out)
    })?;
    print_diagnostics(
        &outcome,
        common,
        matches!(request.target, Target::Paths(_)),
        request.target.is_partial(),
    );
    let report = &outcome.report;
    Ok(if !report.errors.is_empty() {
        ERROR
    } else if report.findings.is_empty() {
        0
    } else {
        common.exit_code
    })
}

/// Writes to `-o FILE` (opened for writing and truncated, never replaced, so devices such as
/// /dev/null stay what they are) or stdout. A closed pipe ends the output quietly.
fn write_output(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let result = match output {
        Some(path) => {
            let mut out = io::BufWriter::new(open_for_writing(path)?);
            write(&mut out).and_then(|_| out.flush())
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            write(&mut out).and_then(|_| out.flush())
        }
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(OutputError::WriteReport {
            to: output.map_or(Destination::Stdout, |p| Destination::File(p.to_path_buf())),
            source,
        }),
        Ok(()) => Ok(()),
    }
}

/// Opens `path` for writing, truncated.
fn open_for_writing(path: &Path) -> Result<std::fs::File, OutputError> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|source| OutputError::Open {
            path: path.to_path_buf(),
            source,
        })
}

/// Warnings, notes and the summary line, on stderr.
fn print_diagnostics(outcome: &Outcome, common: &Common, paths: bool, partial: bool) {
    let report = &outcome.report;
    let mut err = io::stderr().lock();
    for error in &report.errors {
        let _ = writeln!(err, "leakhound: error: {error}");
    }
    // Asked for explicitly, so printed even with -q. A staged scan or a range sees only part
    // of the repository: every other entry would look stale, so it reports none.
    if common.report_stale_baseline && partial {
        let _ = writeln!(
            err,
            "leakhound: note: --report-stale-baseline needs a full scan (`leakhound scan .` or `leakhound git` without --range/--since); this scan saw only part of the repository"
        );
    } else if common.report_stale_baseline {
        for entry in &outcome.stale_baseline {
            let _ = writeln!(
                err,
                "leakhound: stale baseline entry {} ({} in {}) matches nothing",
                entry.fingerprint, entry.rule, entry.path
            );
        }
        let _ = writeln!(
            err,
            "leakhound: {} stale baseline entries (compared with what this run scanned; recreate the baseline to drop them)",
            outcome.stale_baseline.len()
        );
    }
    if common.quiet {
        return;
    }
    for note in outcome.cache_notes.iter().chain(&report.notes) {
        let _ = writeln!(err, "leakhound: note: {note}");
    }
    if let (true, Some(c)) = (common.verbose, &outcome.cache_counts) {
        let _ = writeln!(
            err,
            "leakhound: history cache: {} blobs known from earlier scans, {} scanned and added; {} trees known, {} parsed and added; {} commits known, {} parsed and added",
            c.blobs_known, c.blobs_added, c.trees_known, c.trees_added, c.commits_known, c.commits_added
        );
    }
    if common.verbose {
        let s = &report.stats;
        let _ = writeln!(
            err,
            "leakhound: skipped {} binary, {} too large, {} LFS pointers, {} allowlisted paths; suppressed {} by allow comments, {} by allowlists, {} by the baseline; {} rules disabled by the config; {} tokens dropped because their checksum failed",
            s.skipped_binary, s.skipped_too_large, s.skipped_lfs, s.skipped_by_path,
            s.suppressed_inline, s.suppressed_allowlist, s.suppressed_baseline, s.rules_disabled,
            s.rejected_by_checksum
        );
    }
    let _ = writeln!(err, "leakhound: {}", report::text::summary(report));
    if paths && report.stats.scanned == 0 && report.errors.is_empty() {
        let _ = writeln!(
            err,
            "leakhound: note: no files were scanned; ignore files, --max-file-size or allowlists may have excluded them (try --no-ignore)"
        );
    }
}

fn run_rules(command: RulesCommand) -> Result<u8, Failure> {
    match command {
        RulesCommand::List { config, json } => {
            let rules = leakhound::rules_in_effect(config.as_deref())?;
            write_output(None, |out| {
                if json {
                    report::rules::write_json(&rules, out)
                } else {
                    report::rules::write_table(&rules, out)
                }
            })?;
        }
        RulesCommand::Explain { id } => {
            let rule = leakhound::find_rule(&id)?;
            write_output(None, |out| report::rules::write_explanation(&rule, out))?;
        }
        RulesCommand::Check { files } => {
            let checked = examples::check_files(&files);
            for f in &checked.failures {
                eprintln!("leakhound: error: {f}");
            }
            if !checked.failures.is_empty() {
                return Err(Error::RuleCheck {
                    problems: checked.failures.len(),
                    files: files.len(),
                }
                .into());
            }
            println!(
                "{} rules in {} files: all examples pass",
                checked.rules,
                files.len()
            );
        }
    }
    Ok(0)
}

fn run_baseline(command: BaselineCommand) -> Result<u8, Failure> {
    let BaselineCommand::Create {
        file,
        paths,
        no_ignore,
        config,
        threads,
        git,
        range,
        since,
    } = command;
    let target = if git {
        if paths.len() > 1 {
            return Err(Failure::Usage(
                "baseline create --git takes one repository, not several paths".into(),
            ));
        }
        let repo = paths
            .into_iter()
            .next()
            .unwrap_or_else(|| PathBuf::from("."));
        let selection = history_selection(range, since)?;
        Target::History { repo, selection }
    } else if paths.is_empty() {
        Target::Paths(vec![PathBuf::from(".")])
    } else {
        Target::Paths(paths)
    };
    let mut request = ScanRequest::new(target);
    request.no_ignore = no_ignore;
    request.config = config;
    request.threads = threads;
    let scan = Scan::prepare(&request)?;
    let outcome = scan.run()?;
    if !outcome.report.errors.is_empty() {
        for error in &outcome.report.errors {
            eprintln!("leakhound: error: {error}");
        }
        return Err(Error::IncompleteBaseline.into());
    }
    let baseline = scan.baseline_of(&outcome.report.findings);
    let mut out = open_for_writing(&file)?;
    out.write_all(baseline.to_json().as_bytes())
        .map_err(|source| {
            Error::from(OutputError::Write {
                path: file.clone(),
                source,
            })
        })?;
    eprintln!(
        "leakhound: wrote {} accepted findings to {}",
        baseline.len(),
        file.display()
    );
    Ok(0)
}

fn run_hook(command: HookCommand) -> Result<u8, Failure> {
    use leakhound::hook::{self, Installed, Uninstalled};
    match command {
        HookCommand::Install { force, repo } => {
            let exe = std::env::current_exe().ok();
            match hook::install(&repo, exe.as_deref(), force)
                .map_err(Error::from)?
            {
                Installed::New(path) | Installed::Updated(path) => eprintln!(
                    "leakhound: installed the pre-commit hook {} (it runs `leakhound staged` before each commit)",
                    path.display()
                ),
                Installed::Replaced(path, backup) => eprintln!(
                    "leakhound: replaced the pre-commit hook {} (the old one is saved as {})",
                    path.display(),
                    backup.display()
                ),
            }
        }
        HookCommand::Uninstall { repo } => match hook::uninstall(&repo).map_err(Error::from)? {
            Uninstalled::Removed(path) => {
                eprintln!("leakhound: removed the pre-commit hook {}", path.display())
            }
            Uninstalled::NothingThere(path) => eprintln!(
                "leakhound: no pre-commit hook at {}; nothing to remove",
                path.display()
            ),
        },
    }
    Ok(0)
}
