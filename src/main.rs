//! The leakhound binary: parse the command line, run one mode, write the report, and map the
//! outcome to an exit code (0 clean, 1 findings, 2 error — even if there were findings).

mod cli;

use std::{
    fs::OpenOptions,
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Parser;
use cli::{BaselineCommand, Cli, ColorArg, Command, Common, HookCommand, RulesCommand};
use leakhound::{
    config::Config,
    filter::baseline::Baseline,
    report::{self, ReportOptions},
    rules,
    source::history::Selection,
    Outcome, ScanRequest, Target,
};

const ERROR: u8 = 2;

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
            common,
        } => history_selection(range, since).and_then(|selection| {
            run_scan(
                &common.request(Target::History { repo, selection }),
                &common,
            )
        }),
        Command::Rules { command } => run_rules(command),
        Command::Baseline { command } => run_baseline(command),
        Command::Hook { command } => run_hook(command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("leakhound: error: {message}");
            ExitCode::from(ERROR)
        }
    }
}

/// What `git --range` / `--since` select.
fn history_selection(range: Option<String>, since: Option<String>) -> Result<Selection, String> {
    match (range, since) {
        (Some(range), _) => Selection::parse_range(&range).map_err(|e| e.to_string()),
        (None, Some(rev)) => Ok(Selection::Range {
            base: rev,
            head: "HEAD".into(),
        }),
        (None, None) => Ok(Selection::All),
    }
}

/// Runs a scan, writes its report, and returns the exit code.
fn run_scan(request: &ScanRequest, common: &Common) -> Result<u8, String> {
    let redaction = common.redaction()?;
    let outcome = leakhound::scan(request).map_err(|e| e.to_string())?;
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
    write_report(&outcome, &options, common.output.as_deref())?;
    // A staged scan or a range sees only part of what a baseline covers.
    let partial = matches!(
        request.target,
        Target::Staged { .. }
            | Target::History {
                selection: Selection::Range { .. },
                ..
            }
    );
    print_diagnostics(
        &outcome,
        common,
        matches!(request.target, Target::Paths(_)),
        partial,
    );
    Ok(if !outcome.warnings.is_empty() {
        ERROR
    } else if outcome.findings.is_empty() {
        0
    } else {
        common.exit_code
    })
}

/// Writes the report to `-o FILE` (opened for writing and truncated, never replaced, so devices
/// such as /dev/null stay what they are) or stdout. A closed pipe ends the report quietly.
fn write_report(
    outcome: &Outcome,
    options: &ReportOptions,
    output: Option<&Path>,
) -> Result<(), String> {
    let result = match output {
        Some(path) => {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(path)
                .map_err(|e| format!("cannot open {} for writing: {e}", path.display()))?;
            let mut out = io::BufWriter::new(file);
            report::write(outcome, options, &mut out).and_then(|_| out.flush())
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            report::write(outcome, options, &mut out).and_then(|_| out.flush())
        }
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!(
            "cannot write the report to {}: {e}",
            output.map_or("stdout".into(), |p| p.display().to_string())
        )),
        Ok(()) => Ok(()),
    }
}

/// Warnings, notes and the summary line, on stderr.
fn print_diagnostics(outcome: &Outcome, common: &Common, paths: bool, partial: bool) {
    let mut err = io::stderr().lock();
    for warning in &outcome.warnings {
        let _ = writeln!(err, "leakhound: error: {warning}");
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
    for note in &outcome.notes {
        let _ = writeln!(err, "leakhound: note: {note}");
    }
    if common.verbose {
        let s = &outcome.stats;
        let _ = writeln!(
            err,
            "leakhound: skipped {} binary, {} too large, {} LFS pointers, {} allowlisted paths; suppressed {} by allow comments, {} by allowlists, {} by the baseline; {} rules disabled by the config",
            s.skipped_binary, s.skipped_too_large, s.skipped_lfs, s.skipped_by_path,
            s.suppressed_inline, s.suppressed_allowlist, s.suppressed_baseline, s.rules_disabled
        );
    }
    let _ = writeln!(err, "leakhound: {}", report::text::summary(outcome));
    if paths && outcome.stats.scanned == 0 && outcome.warnings.is_empty() {
        let _ = writeln!(
            err,
            "leakhound: note: no files were scanned; ignore files, --max-file-size or allowlists may have excluded them (try --no-ignore)"
        );
    }
}

fn run_rules(command: RulesCommand) -> Result<u8, String> {
    match command {
        RulesCommand::List { config, json } => {
            let config =
                Config::discover(config.as_deref(), Path::new(".")).map_err(|e| e.to_string())?;
            let rules = leakhound::load_rules(&config).map_err(|e| e.to_string())?;
            let mut out = io::stdout().lock();
            if json {
                let list: Vec<_> = rules
                    .iter()
                    .map(|r| serde_json::json!({"id": r.id, "name": r.name, "severity": r.severity.as_str(), "keywords": r.keywords}))
                    .collect();
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                );
            } else {
                for r in &rules {
                    let _ = writeln!(out, "{:<40} {:<9} {}", r.id, r.severity.as_str(), r.name);
                }
                let _ = writeln!(out, "{} rules", rules.len());
            }
            Ok(0)
        }
        RulesCommand::Explain { id } => {
            let config = Config::discover(None, Path::new(".")).map_err(|e| e.to_string())?;
            let rules = leakhound::load_rules(&config).map_err(|e| e.to_string())?;
            let rule = rules.iter().find(|r| r.id == id).ok_or_else(|| {
                format!("no rule with id `{id}`; `leakhound rules list` shows them all")
            })?;
            let mut out = io::stdout().lock();
            let _ = writeln!(out, "{}  ({})", rule.name, rule.id);
            let _ = writeln!(out, "severity:    {}", rule.severity);
            if let Some(d) = &rule.description {
                let _ = writeln!(out, "description: {d}");
            }
            // A keyword may start with a line break (a token prefix at the start of a line).
            let keywords: Vec<String> = rule
                .keywords
                .iter()
                .map(|k| k.replace('\n', "\\n"))
                .collect();
            let _ = writeln!(out, "keywords:    {}", keywords.join(", "));
            let _ = writeln!(out, "pattern:     {}", rule.pattern);
            if let Some(path) = &rule.path {
                let _ = writeln!(
                    out,
                    "path:        {path} (applies only to files whose path matches)"
                );
            }
            if let Some(e) = rule.min_entropy {
                let _ = writeln!(out, "min entropy: {e} bits/char");
            }
            if let Some(c) = rule.checksum {
                let _ = writeln!(
                    out,
                    "checksum:    {c:?} (a valid checksum confirms the finding)"
                );
            }
            let _ = writeln!(out, "remediation: {}", rule.remediation);
            for r in &rule.references {
                let _ = writeln!(out, "reference:   {r}");
            }
            let _ = writeln!(out, "defined at:  {}", rule.origin);
            Ok(0)
        }
        RulesCommand::Check { files } => {
            let mut failures = Vec::new();
            let mut count = 0;
            for file in &files {
                match rules::load_file(file) {
                    Ok(rules) => {
                        count += rules.len();
                        failures.extend(rules::check::run_examples(&rules));
                    }
                    Err(e) => failures.push(e.to_string()),
                }
            }
            for f in &failures {
                eprintln!("leakhound: error: {f}");
            }
            if failures.is_empty() {
                println!("{count} rules in {} files: all examples pass", files.len());
                Ok(0)
            } else {
                Err(format!(
                    "{} problems in {} files",
                    failures.len(),
                    files.len()
                ))
            }
        }
    }
}

fn run_baseline(command: BaselineCommand) -> Result<u8, String> {
    match command {
        BaselineCommand::Create {
            file,
            paths,
            no_ignore,
            config,
            threads,
            git,
            range,
            since,
        } => {
            let target = if git {
                if paths.len() > 1 {
                    return Err(
                        "baseline create --git takes one repository, not several paths".into(),
                    );
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
            let outcome = leakhound::scan(&request).map_err(|e| e.to_string())?;
            if !outcome.warnings.is_empty() {
                for w in &outcome.warnings {
                    eprintln!("leakhound: error: {w}");
                }
                return Err("the scan was incomplete; no baseline written".into());
            }
            // Files on disk are shown relative to the working directory; record them relative
            // to the repository, as their fingerprints are.
            let base = match &request.target {
                Target::Paths(paths) => Config::discover(request.config.as_deref(), &paths[0])
                    .ok()
                    .and_then(|c| c.root)
                    .and_then(leakhound::source::fs::PathBase::new),
                _ => None,
            };
            let baseline = Baseline::from_findings_with_paths(&outcome.findings, |p| {
                base.as_ref()
                    .map_or_else(|| p.to_string(), |b| b.relative(p).into_owned())
            });
            let mut out = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&file)
                .map_err(|e| format!("cannot open {} for writing: {e}", file.display()))?;
            out.write_all(baseline.to_json().as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            eprintln!(
                "leakhound: wrote {} accepted findings to {}",
                baseline.len(),
                file.display()
            );
            Ok(0)
        }
    }
}

fn run_hook(command: HookCommand) -> Result<u8, String> {
    use leakhound::hook::{self, Installed, Uninstalled};
    match command {
        HookCommand::Install { force, repo } => {
            let exe = std::env::current_exe().ok();
            match hook::install(&repo, exe.as_deref(), force).map_err(|e| e.to_string())? {
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
        HookCommand::Uninstall { repo } => {
            match hook::uninstall(&repo).map_err(|e| e.to_string())? {
                Uninstalled::Removed(path) => {
                    eprintln!("leakhound: removed the pre-commit hook {}", path.display())
                }
                Uninstalled::NothingThere(path) => eprintln!(
                    "leakhound: no pre-commit hook at {}; nothing to remove",
                    path.display()
                ),
            }
        }
    }
    Ok(0)
}
