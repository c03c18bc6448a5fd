//! Command-line definitions (clap) and the mapping from arguments to a `ScanRequest` and report
//! options; and the progress line the binary draws during long scans.

pub mod progress;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use leakhound::{finding::Redaction, report::Format, source::history::Shard, ScanRequest, Target};

/// Finds secrets (API keys, tokens, passwords, private keys) in files, staged changes and git
/// history, before they leak or after.
#[derive(Parser, Debug)]
#[command(name = "leakhound", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 no findings, 1 findings (or --exit-code N), 2 an error (even if there were findings).";

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files and directories (default `.`); `-` reads standard input.
    #[command(after_help = EXIT_CODES, visible_alias = "dir")]
    Scan {
        /// Files or directories to scan; `-` for stdin.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Do not honour .gitignore, .ignore and .leakhoundignore.
        #[arg(long)]
        no_ignore: bool,
        /// Follow symbolic links.
        #[arg(long, short = 'L', alias = "follow-symlinks")]
        follow: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Scan standard input (the same as `scan -`).
    #[command(after_help = EXIT_CODES)]
    Stdin {
        #[command(flatten)]
        common: Common,
    },
    /// Scan what is staged for the next commit (pre-commit): only lines the commit adds.
    #[command(after_help = EXIT_CODES)]
    Staged {
        /// The repository (default: the one containing the current directory).
        #[arg(value_name = "REPO", default_value = ".")]
        repo: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Scan git history: every commit of every ref, or a range of commits.
    #[command(after_help = EXIT_CODES)]
    Git {
        /// The repository (default: the one containing the current directory); may be bare.
        #[arg(value_name = "REPO", default_value = ".")]
        repo: PathBuf,
        /// Only the commits in BASE..HEAD (each commit's own changes), e.g. origin/main..HEAD.
        #[arg(long, value_name = "BASE..HEAD", conflicts_with = "since")]
        range: Option<String>,
        /// Only the commits after REV up to HEAD (the same as --range REV..HEAD).
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        /// Keep the history cache (what each blob gave, never a secret) in DIR instead of
        /// leakhound/ in the repository's git directory. Full-history scans only.
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache: Option<PathBuf>,
        /// Neither read nor write the history cache: scan every blob.
        #[arg(long)]
        no_cache: bool,
        /// Scan one share of the full history: the blobs whose id is K-1 modulo N (1 <= K <= N).
        /// N processes with K = 1..N together find what one scan finds; `--format json` reports
        /// of all shards merge into one.
        #[arg(long, value_name = "K/N", conflicts_with_all = ["range", "since"], value_parser = parse_shard)]
        shard: Option<Shard>,
        /// Also scan the objects no ref reaches (dangling commits and blobs, objects a mirror
        /// keeps for pull requests): never reported, only counted in the summary
        /// (`unreachable_with_findings`). Full-history scans only; by default they are not read.
        #[arg(long, conflicts_with_all = ["range", "since"])]
        include_unreachable: bool,
        /// Read the config from REV's tree (e.g. a pull request's base), not the work tree; what
        /// the work tree's config adds to suppression is listed, not applied.
        #[arg(long, value_name = "REV")]
        config_from: Option<String>,
        /// Read the --baseline file from REV's tree; findings only the work tree's baseline
        /// would hide are reported and listed.
        #[arg(long, value_name = "REV", requires = "baseline")]
        baseline_from: Option<String>,
        /// Apply the work tree's config, baseline and allow comments (an approved change), and
        /// list what they add to suppression compared with REV's.
        #[arg(long, value_name = "REV", conflicts_with_all = ["config_from", "baseline_from"])]
        compare_with: Option<String>,
        /// gitleaks' `--log-opts`: `BASE..HEAD` is taken as --range, `--all` as the default.
        #[arg(long, value_name = "OPTS", hide = true, allow_hyphen_values = true, conflicts_with_all = ["range", "since", "shard"])]
        log_opts: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// gitleaks' `detect`: `git` of --source, or `scan` of it with --no-git.
    #[command(hide = true, after_help = EXIT_CODES)]
    Detect {
        /// The repository or, with --no-git, the directory.
        #[arg(long, short = 's', value_name = "PATH", default_value = ".")]
        source: PathBuf,
        /// Scan the files, not the history.
        #[arg(long)]
        no_git: bool,
        /// `BASE..HEAD` is taken as a range, `--all` as the default.
        #[arg(
            long,
            value_name = "OPTS",
            allow_hyphen_values = true,
            conflicts_with = "no_git"
        )]
        log_opts: Option<String>,
        /// Follow symbolic links (with --no-git).
        #[arg(long, alias = "follow-symlinks")]
        follow: bool,
        #[command(flatten)]
        common: Common,
    },
    /// gitleaks' `protect --staged`: `staged` of --source.
    #[command(hide = true, after_help = EXIT_CODES)]
    Protect {
        /// The repository.
        #[arg(long, short = 's', value_name = "PATH", default_value = ".")]
        source: PathBuf,
        /// Scan the staged changes (the only kind leakhound's pre-commit scan reads).
        #[arg(long)]
        staged: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Combine JSON reports into one report in any format, or convert one report
    #[command(after_help = EXIT_CODES)]
    Merge {
        /// JSON reports of leakhound (`-` reads one from stdin).
        #[arg(value_name = "REPORT", required = true)]
        reports: Vec<PathBuf>,
        #[command(flatten)]
        output: MergeOutput,
    },
    /// Inspect and test rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Manage baselines of accepted findings.
    Baseline {
        #[command(subcommand)]
        command: BaselineCommand,
    },
    /// Install or remove a plain git pre-commit hook that runs `leakhound staged`.
    Hook {
        #[command(subcommand)]
        command: HookCommand,
    },
    /// Convert another scanner's configuration into a .leakhound.yml.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Print a shell completion script for bash, zsh, fish, powershell or elvish.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (leakhound.1), or write one page per command into a directory.
    Man {
        /// Write leakhound.1 and leakhound-COMMAND.1 pages into DIR instead of printing leakhound.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Convert a gitleaks config (.gitleaks.toml) into leakhound YAML: custom rules, allowlists,
    /// stopwords. What cannot be carried over is listed on stderr; `.gitleaksignore` entries are
    /// explained (they are line-bound fingerprints: create a baseline instead).
    Gitleaks {
        /// The gitleaks config (default: .gitleaks.toml in the current directory).
        #[arg(value_name = "CONFIG")]
        config: Option<PathBuf>,
        /// A .gitleaksignore file to explain (default: the one next to CONFIG, if any).
        #[arg(value_name = "GITLEAKSIGNORE")]
        ignore: Option<PathBuf>,
        /// Write the YAML to FILE (truncated) instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum HookCommand {
    /// Write the repository's pre-commit hook (honours core.hooksPath; shared by linked
    /// worktrees). It runs `leakhound staged` with this binary's absolute path, or `leakhound`
    /// from PATH if that is gone, and refuses the commit when secrets are added.
    Install {
        /// Replace a pre-commit hook that leakhound did not write (a copy is kept beside it).
        #[arg(long)]
        force: bool,
        /// A directory inside the repository (default `.`).
        #[arg(value_name = "REPO", default_value = ".")]
        repo: PathBuf,
    },
    /// Remove the pre-commit hook, only if leakhound wrote it.
    Uninstall {
        /// A directory inside the repository (default `.`).
        #[arg(value_name = "REPO", default_value = ".")]
        repo: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the rules in effect (built-in pack plus config), one per line.
    List {
        /// A config file whose rules and `disable` list apply.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a rule's description, severity, remediation and references.
    Explain {
        /// The rule id, e.g. github-pat-classic.
        id: String,
    },
    /// Validate rule files and run their examples and negative examples.
    Check {
        /// Rule files (YAML, the shape of the built-in rules/*.yml).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BaselineCommand {
    /// Scan PATHs (default `.`) and record every finding as accepted in FILE (fingerprints only,
    /// never the secret).
    Create {
        /// The baseline file to write (opened and truncated).
        file: PathBuf,
        /// Files or directories to scan (default `.`); with --git, the repository.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Record the findings of git history (every commit of every ref) instead of files:
        /// accepts secrets that were committed in the past, e.g. when adopting leakhound.
        #[arg(long)]
        git: bool,
        /// With --git: only the commits in BASE..HEAD.
        #[arg(
            long,
            value_name = "BASE..HEAD",
            requires = "git",
            conflicts_with = "since"
        )]
        range: Option<String>,
        /// With --git: only the commits after REV up to HEAD.
        #[arg(long, value_name = "REV", requires = "git")]
        since: Option<String>,
        /// Do not honour .gitignore, .ignore and .leakhoundignore.
        #[arg(long)]
        no_ignore: bool,
        /// A config file (default: .leakhound.yml at the scan root).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
        threads: usize,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
    Gitlab,
    Junit,
    Csv,
}

impl FormatArg {
    /// The report format this names.
    pub fn format(self) -> Format {
        match self {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Gitlab => Format::Gitlab,
            FormatArg::Junit => Format::Junit,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// How `merge` writes its report.
#[derive(Args, Debug)]
pub struct MergeOutput {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the report to FILE (truncated, never replaced) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit code when there are findings.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=125))]
    pub exit_code: u8,
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Color the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Options every scan takes.
#[derive(Args, Debug)]
pub struct Common {
    /// Output format: sarif for GitHub code scanning, gitlab for GitLab's secret detection
    /// report, junit for CI test reports, csv for spreadsheets.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text, visible_alias = "report-format")]
    pub format: FormatArg,
    /// Write the report to FILE (truncated, never replaced) instead of stdout.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        visible_alias = "report-path",
        short_alias = 'r'
    )]
    pub output: Option<PathBuf>,
    /// Config file (default: .leakhound.yml at the scan or repository root).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Hide findings recorded in this baseline file.
    #[arg(long, value_name = "FILE", alias = "baseline-path", short_alias = 'b')]
    pub baseline: Option<PathBuf>,
    /// List baseline entries that matched nothing (on stderr).
    #[arg(long, requires = "baseline")]
    pub report_stale_baseline: bool,
    /// Hide N percent of each secret (as gitleaks' --redact=N); --redact alone hides all of it.
    /// Without it the first 4 characters are shown (fewer for short secrets).
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "100", conflicts_with = "show_secrets")]
    pub redact: Option<String>,
    /// Show secrets in full. Reports then contain live credentials: handle them as such.
    #[arg(long)]
    pub show_secrets: bool,
    /// Exit code when there are findings (0: report them without failing).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=125))]
    pub exit_code: u8,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Skip files larger than SIZE (e.g. 10MiB, 500k; default 10MiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// gitleaks' `--max-target-megabytes N`: --max-file-size N MiB.
    #[arg(long, value_name = "N", hide = true, conflicts_with = "max_file_size")]
    pub max_target_megabytes: Option<u64>,
    /// gitleaks' `--no-banner`: leakhound prints no banner.
    #[arg(long, hide = true)]
    pub no_banner: bool,
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also print what was skipped or suppressed, and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Color the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Do not let inline allow comments hide findings: report them, marked and listed (for
    /// changes nobody has reviewed yet).
    #[arg(long)]
    pub no_allow_comments: bool,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text)
        .ok_or_else(|| format!("{text:?} is not a shard K/N with 1 <= K <= N, such as 1/4"))
}

fn parse_size(text: &str) -> Result<u64, String> {
    leakhound::config::parse_size(text)
        .ok_or_else(|| format!("{text:?} is not a size such as 10MiB, 500k or 1048576"))
}

impl Common {
    /// The redaction chosen by --redact / --show-secrets.
    pub fn redaction(&self) -> Result<Redaction, String> {
        if self.show_secrets {
            return Ok(Redaction::None);
        }
        match self.redact.as_deref() {
            None => Ok(Redaction::Default),
            Some(n) => match n.trim_end_matches('%').parse::<u8>() {
                Ok(0) => Err(
                    "--redact=0 would hide nothing; use --show-secrets to print secrets in full"
                        .into(),
                ),
                Ok(p) if p <= 100 => Ok(Redaction::Hide(p)),
                _ => Err(format!(
                    "--redact={n}: expected the percentage of each secret to hide, from 1 to 100"
                )),
            },
        }
    }

    pub fn format(&self) -> Format {
        self.format.format()
    }

    /// A request for `target` with these options.
    pub fn request(&self, target: Target) -> ScanRequest {
        let mut request = ScanRequest::new(target);
        request.config = self.config.clone();
        request.baseline = self.baseline.clone();
        request.threads = self.threads;
        request.max_file_size = self.max_file_size.or_else(|| {
            // gitleaks' 0 means no limit: leakhound's default limit then.
            self.max_target_megabytes
                .filter(|&mib| mib > 0)
                .map(|mib| mib.saturating_mul(1024 * 1024))
        });
        request.allow_comments = !self.no_allow_comments;
        request
    }

    /// Whether to draw a progress line: stderr is a terminal and `-q` was not given.
    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())
    }
}
