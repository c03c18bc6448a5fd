//! The leakhound binary: parse the command line, run one mode, write its output, and map the
//! outcome to an exit code (0 clean, 1 findings, 2 error — even if there were findings).

mod cli;

use std::{
    fmt,
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::CommandFactory;
use clap::Parser;
use cli::{
    progress, BaselineCommand, Cli, ColorArg, Command, Common, HookCommand, ImportCommand,
    MergeOutput, RulesCommand,
};
use leakhound::{
    engine::examples,
    error::{Destination, OutputError},
    finding::{escape_text, Redaction},
    report::{self, Report, ReportOptions},
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
        } => run_paths(paths, no_ignore, follow, &common),
        Command::Stdin { common } => run_paths(vec![PathBuf::from("-")], false, false, &common),
        Command::Staged { repo, common } => {
            run_scan(&common.request(Target::Staged { repo }), &common)
        }
        Command::Detect {
            source,
            no_git,
            log_opts,
            follow,
            common,
        } => {
            if no_git {
                translated("detect --no-git", "scan", &source, &common);
                run_paths(vec![source], false, follow, &common)
            } else {
                translated("detect", "git", &source, &common);
                log_opts_range(log_opts.as_deref())
                    .and_then(|range| history_selection(range, None))
                    .and_then(|selection| {
                        let target = Target::History {
                            repo: source,
                            selection,
                        };
                        run_scan(&common.request(target), &common)
                    })
            }
        }
        Command::Protect {
            source,
            staged,
            common,
        } => {
            if staged {
                translated("protect --staged", "staged", &source, &common);
                run_scan(&common.request(Target::Staged { repo: source }), &common)
            } else {
                Err(Failure::Usage(
                    "`protect` without --staged scans uncommitted changes in gitleaks; leakhound \
                     scans what is staged for the commit (`leakhound staged`) or the whole work \
                     tree (`leakhound scan`)"
                        .into(),
                ))
            }
        }
        Command::Git {
            repo,
            range,
            since,
            cache,
            no_cache,
            shard,
            include_unreachable,
            config_from,
            baseline_from,
            compare_with,
            log_opts,
            common,
        } => log_opts_range(log_opts.as_deref())
            .and_then(|opts_range| history_selection(range.or(opts_range), since))
            .and_then(|selection| {
                let mut request = common.request(Target::History { repo, selection });
                request.shard = shard;
                request.include_unreachable = include_unreachable;
                request.cache = match (cache, no_cache) {
                    (_, true) => CacheChoice::Off,
                    (Some(dir), false) => CacheChoice::Dir(dir),
                    (None, false) => CacheChoice::Default,
                };
                request.config_from = config_from;
                request.baseline_from = baseline_from;
                request.compare_with = compare_with;
                run_scan(&request, &common)
            }),
        Command::Merge { reports, output } => run_merge(&reports, &output),
        Command::Rules { command } => run_rules(command),
        Command::Baseline { command } => run_baseline(command),
        Command::Hook { command } => run_hook(command),
        Command::Import { command } => run_import(command),
        Command::Completions { shell } => write_output(None, |out| {
            clap_complete::generate(shell, &mut Cli::command(), "leakhound", out);
            Ok(())
        })
        .map(|()| 0)
        .map_err(Failure::from),
        Command::Man { dir } => run_man(dir),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("leakhound: error: {}", escape_text(&failure.to_string()));
            ExitCode::from(ERROR)
        }
    }
}

/// `1 rule`, `2 rules`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Scans files and directories (`-`: stdin); none given means `.`.
fn run_paths(
    paths: Vec<PathBuf>,
    no_ignore: bool,
    follow: bool,
    common: &Common,
) -> Result<u8, Failure> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let mut request = common.request(Target::Paths(paths));
    request.no_ignore = no_ignore;
    request.follow_symlinks = follow;
    run_scan(&request, common)
}

/// Says on stderr which leakhound command a gitleaks command line ran as (unless `-q`).
fn translated(gitleaks: &str, ours: &str, path: &Path, common: &Common) {
    if !common.quiet {
        eprintln!(
            "leakhound: gitleaks' `{gitleaks}` runs as `leakhound {ours} {}`",
            escape_text(&path.display().to_string())
        );
    }
}

/// The range in gitleaks' `--log-opts`: leakhound reads history itself, so it takes `--all`
/// (what it scans anyway) and one `BASE..HEAD`, and refuses other `git log` options rather than
/// scanning something else than asked.
fn log_opts_range(opts: Option<&str>) -> Result<Option<String>, Failure> {
    let mut range = None;
    for word in opts.unwrap_or("").split_whitespace() {
        match word {
            "--all" | "-p" | "--full-history" => {}
            w if w.contains("..") && !w.starts_with('-') && range.is_none() => {
                range = Some(w.to_string());
            }
            w => {
                return Err(Failure::Usage(format!(
                    "--log-opts: {:?} is a `git log` option leakhound does not take: it reads \
                     history itself (every commit of every ref by default); use --range \
                     BASE..HEAD or --since REV",
                    escape_text(w)
                )))
            }
        }
    }
    Ok(range)
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
    let options = ReportOptions {
        format: common.format(),
        redaction,
        color: use_color(common.color, common.output.as_deref()),
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
    let code = exit_code(&outcome.report, common.exit_code);
    // The process ends now: freeing the compiled rules, regexes and findings one by one cost a
    // tenth of a one-file scan's instructions, for memory the exit returns anyway.
    std::mem::forget(scan);
    std::mem::forget(outcome);
    Ok(code)
}

/// Whether to color a text report going to `output` (stdout when `None`).
fn use_color(color: ColorArg, output: Option<&Path>) -> bool {
    let to_terminal = output.is_none() && io::stdout().is_terminal();
    match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// `leakhound merge`: reads JSON reports, merges them, and writes the result through the same
/// report writers a scan uses; the exit code is the one a scan with that report would give.
fn run_merge(paths: &[PathBuf], args: &MergeOutput) -> Result<u8, Failure> {
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        let unreadable = |message: String| {
            Failure::from(Error::ReadReport {
                path: name.clone(),
                message,
            })
        };
        let text = if path.as_os_str() == "-" {
            io::read_to_string(io::stdin().lock())
        } else {
            std::fs::read_to_string(path)
        }
        .map_err(|e| unreadable(e.to_string()))?;
        reports.push(report::json::read(&text, &name).map_err(unreadable)?);
    }
    let merged = report::merge::merge(reports);
    // The findings hold their secrets and snippets as the input reports rendered them.
    let options = ReportOptions {
        format: args.format.format(),
        redaction: Redaction::None,
        color: use_color(args.color, args.output.as_deref()),
    };
    write_output(args.output.as_deref(), |out| {
        report::write(&merged, &options, out)
    })?;
    let mut err = io::stderr().lock();
    for error in &merged.errors {
        let _ = writeln!(err, "leakhound: error: {}", escape_text(error));
    }
    if !args.quiet {
        print_notes(&mut err, merged.notes.iter(), &merged);
        // One report converted reads like the scan's own summary.
        let merged_from = if paths.len() > 1 {
            format!("merged {} reports: ", paths.len())
        } else {
            String::new()
        };
        let _ = writeln!(
            err,
            "leakhound: {merged_from}{}",
            report::text::summary(&merged)
        );
    }
    Ok(exit_code(&merged, args.exit_code))
}

/// 2 when the report has errors, else `findings` when it has findings, else 0.
fn exit_code(report: &Report, findings: u8) -> u8 {
    if !report.errors.is_empty() {
        ERROR
    } else if report.findings.is_empty() {
        0
    } else {
        findings
    }
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

/// Opens `path` for writing, truncated, never through a symbolic link to a file (a link the
/// user named to a device, such as /dev/stdout, is followed).
fn open_for_writing(path: &Path) -> Result<std::fs::File, OutputError> {
    leakhound::fsio::open_output(path).map_err(|source| OutputError::Open {
        path: path.to_path_buf(),
        source,
    })
}

/// Notes, then what the change adds to suppression, each escaped: both come from what was
/// scanned (or from a report file given to `merge`).
fn print_notes<'a>(err: &mut dyn Write, notes: impl Iterator<Item = &'a String>, report: &Report) {
    for note in notes {
        let _ = writeln!(err, "leakhound: note: {}", escape_text(note));
    }
    for added in &report.added_suppression {
        let state = if added.applied {
            "applied"
        } else {
            "not applied"
        };
        let _ = writeln!(
            err,
            "leakhound: note: the change adds suppression, {state}: {}",
            escape_text(&added.describe())
        );
    }
}

/// Warnings, notes and the summary line, on stderr.
fn print_diagnostics(outcome: &Outcome, common: &Common, paths: bool, partial: bool) {
    let report = &outcome.report;
    let mut err = io::stderr().lock();
    for error in &report.errors {
        let _ = writeln!(err, "leakhound: error: {}", escape_text(error));
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
                escape_text(&entry.fingerprint.0),
                escape_text(&entry.rule),
                escape_text(&entry.path)
            );
        }
        let _ = writeln!(
            err,
            "leakhound: {} (compared with what this run scanned; recreate the baseline to drop them)",
            plural(outcome.stale_baseline.len(), "stale baseline entry", "stale baseline entries")
        );
    }
    if common.quiet {
        return;
    }
    print_notes(
        &mut err,
        outcome.cache_notes.iter().chain(&report.notes),
        report,
    );
    if let (true, Some(c)) = (common.verbose, &outcome.cache_counts) {
        let _ = writeln!(
            err,
            "leakhound: history cache: {} blobs known from earlier scans, {} scanned and added; {} trees known, {} parsed and added; {} commits known, {} parsed and added",
            c.blobs_known, c.blobs_added, c.trees_known, c.trees_added, c.commits_known, c.commits_added
        );
        if c.walk_continued {
            let _ = writeln!(
                err,
                "leakhound: history cache: the last full walk was continued (only commits new since were walked)"
            );
        }
    }
    if common.verbose {
        let s = &report.stats;
        let _ = writeln!(
            err,
            "leakhound: skipped {} binary, {} too large, {} LFS pointers, {} allowlisted paths; suppressed {} by allow comments, {} by allowlists, {} by the baseline; {} disabled by the config; {} dropped because their checksum failed",
            s.skipped_binary, s.skipped_too_large, s.skipped_lfs, s.skipped_by_path,
            s.suppressed_inline, s.suppressed_allowlist, s.suppressed_baseline,
            plural(s.rules_disabled as usize, "rule", "rules"),
            plural(s.rejected_by_checksum as usize, "token", "tokens")
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
            // On stderr, so that `rules list | wc -l` counts rules.
            if !json {
                eprintln!("{}", plural(rules.len(), "rule", "rules"));
            }
        }
        RulesCommand::Explain { id } => {
            let rule = leakhound::find_rule(&id)?;
            write_output(None, |out| report::rules::write_explanation(&rule, out))?;
        }
        RulesCommand::Check { files } => {
            let checked = examples::check_files(&files);
            for w in &checked.warnings {
                eprintln!("leakhound: warning: {w}");
            }
            for f in &checked.failures {
                eprintln!("leakhound: error: {}", escape_text(f));
            }
            if !checked.failures.is_empty() {
                return Err(Error::RuleCheck {
                    problems: checked.failures.len(),
                    files: files.len(),
                }
                .into());
            }
            println!(
                "{} in {}: all examples pass",
                plural(checked.rules, "rule", "rules"),
                plural(files.len(), "file", "files")
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
            eprintln!("leakhound: error: {}", escape_text(error));
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
        "leakhound: wrote {} to {}",
        plural(baseline.len(), "accepted finding", "accepted findings"),
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

fn run_import(command: ImportCommand) -> Result<u8, Failure> {
    use leakhound::import::{self, ImportError};
    let ImportCommand::Gitleaks {
        config,
        ignore,
        output,
    } = command;
    let config = config.unwrap_or_else(|| PathBuf::from(".gitleaks.toml"));
    let name = config.display().to_string();
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| {
            Error::from(ImportError::Read {
                path: path.display().to_string(),
                source,
            })
        })
    };
    let imported = import::import_gitleaks(&read(&config)?, &name).map_err(Error::from)?;
    write_output(output.as_deref(), |out| {
        out.write_all(imported.yaml.as_bytes())
    })?;
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "leakhound: converted {name}: {}, {}",
        plural(imported.rules, "rule", "rules"),
        plural(imported.allowlists, "allowlist entry", "allowlist entries")
    );
    if imported.notes.is_empty() {
        let _ = writeln!(err, "leakhound: everything was carried over");
    } else {
        let _ = writeln!(
            err,
            "leakhound: not carried over, or carried over differently:"
        );
        for note in &imported.notes {
            let _ = writeln!(err, "  - {note}");
        }
    }
    // A .gitleaksignore named, or found next to the config.
    let ignore = ignore.or_else(|| {
        let beside = config
            .parent()
            .unwrap_or(Path::new("."))
            .join(".gitleaksignore");
        beside.is_file().then_some(beside)
    });
    if let Some(ignore) = ignore {
        let text = read(&ignore)?;
        for line in import::explain_gitleaksignore(&text, &ignore.display().to_string()) {
            let _ = writeln!(err, "leakhound: {line}");
        }
    }
    if output.is_some() {
        let _ = writeln!(
            err,
            "leakhound: check it with `leakhound rules list --config FILE` and a scan with --config FILE"
        );
    }
    Ok(0)
}

fn run_man(dir: Option<PathBuf>) -> Result<u8, Failure> {
    let mut command = Cli::command();
    command.build();
    let Some(dir) = dir else {
        write_output(None, |out| {
            clap_mangen::Man::new(command.clone()).render(out)
        })?;
        return Ok(0);
    };
    let mut pages = vec![("leakhound.1".to_string(), command.clone())];
    for sub in command.get_subcommands() {
        let name = format!("leakhound-{}", sub.get_name());
        pages.push((format!("{name}.1"), sub.clone().name(name)));
    }
    for (file, page) in pages {
        let path = dir.join(&file);
        write_output(Some(&path), |out| clap_mangen::Man::new(page).render(out))?;
    }
    eprintln!("leakhound: wrote the man pages to {}", dir.display());
    Ok(0)
}
