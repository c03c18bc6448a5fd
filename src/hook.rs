//! The plain git pre-commit hook: `leakhound hook install` writes a small shell script that runs
//! `leakhound staged`, `leakhound hook uninstall` removes it. The hooks directory comes from the
//! repository's `core.hooksPath` (read through gix) or else the common git dir's `hooks/`, so
//! linked worktrees (where `.git` is a file) share the main repository's hook, as git does.
//!
//! A hook is ours when it carries `MARKER` on a line of its own; any other hook is foreign and is
//! only replaced with `force` (after a backup copy) and never removed.

use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
};

/// The line that identifies a hook written by leakhound.
pub const MARKER: &str = "# leakhound-managed-hook: written by `leakhound hook install`; `leakhound hook uninstall` removes it";

/// The file name of the hook.
pub const HOOK_NAME: &str = "pre-commit";

/// Where a foreign hook is copied before `--force` replaces it.
pub const BACKUP_SUFFIX: &str = ".leakhound-backup";

/// A hook could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error("{path}: not inside a git repository ({message})")]
    NotARepository { path: String, message: String },
    #[error(
        "{path}: a bare repository has no work tree to commit from, so no pre-commit hook runs"
    )]
    Bare { path: String },
    #[error("{path}: cannot read core.hooksPath: {message}")]
    Config { path: String, message: String },
    #[error("{path} is a pre-commit hook that leakhound did not write; left unchanged. Run `leakhound hook install --force` to replace it (a copy is kept as {backup}), or call `leakhound staged` from it yourself")]
    Foreign { path: String, backup: String },
    #[error("{path} is a pre-commit hook that leakhound did not write; left in place")]
    ForeignUninstall { path: String },
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> HookError + '_ {
    move |source| HookError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What `install` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Installed {
    /// A new hook was written.
    New(PathBuf),
    /// Our own hook was rewritten (e.g. to point at a new binary).
    Updated(PathBuf),
    /// A foreign hook was replaced; the old one was copied to the second path.
    Replaced(PathBuf, PathBuf),
}

/// What `uninstall` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Uninstalled {
    Removed(PathBuf),
    NothingThere(PathBuf),
}

/// The pre-commit hook path for the repository that contains `repo`, honouring `core.hooksPath`.
/// Only reads the repository: no git command runs, and nothing its config names is executed.
pub fn hook_path(repo: &Path) -> Result<PathBuf, HookError> {
    let name = repo.display().to_string();
    // Absolute paths make the messages unambiguous.
    let repo = fs::canonicalize(repo).unwrap_or_else(|_| repo.to_path_buf());
    let repository = gix::discover(&repo).map_err(|e| HookError::NotARepository {
        path: name.clone(),
        message: e.to_string(),
    })?;
    let Some(workdir) = repository.workdir().map(Path::to_path_buf) else {
        return Err(HookError::Bare { path: name });
    };
    let config = repository.config_snapshot();
    let configured = match config.trusted_path("core.hooksPath") {
        Ok(Some(path)) => Some(path),
        Ok(None) => config
            .string("core.hooksPath")
            .map(|value| expand_home(&String::from_utf8_lossy(&value))),
        Err(e) => {
            return Err(HookError::Config {
                path: name,
                message: e.to_string(),
            })
        }
    };
    let dir = match configured {
        Some(path) if path.as_os_str().is_empty() => repository.common_dir().join("hooks"),
        // git runs hooks from the top of the work tree, so a relative hooksPath is relative to it.
        Some(path) if path.is_relative() => workdir.join(path),
        Some(path) => path,
        None => repository.common_dir().join("hooks"),
    };
    Ok(dir.join(HOOK_NAME))
}

fn expand_home(value: &str) -> PathBuf {
    match (value.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(value),
    }
}

/// Quotes a string for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The hook script. `exe` is the leakhound binary to run (usually the one installing the hook);
/// when it is gone or not valid UTF-8 the script looks `leakhound` up on PATH.
pub fn script(exe: Option<&Path>) -> String {
    let exe = exe
        .and_then(|p| p.to_str())
        .map(shell_quote)
        .unwrap_or_else(|| "''".to_string());
    format!(
        r#"#!/bin/sh
{MARKER}
# Scans the lines this commit adds for secrets. Skip once with `git commit --no-verify`.
installed={exe}
leakhound=$installed
if [ -z "$leakhound" ] || [ ! -x "$leakhound" ]; then
    leakhound=$(command -v leakhound) || {{
        echo "leakhound pre-commit hook: the leakhound binary was not found (tried ${{installed:-no fixed path}} and PATH)." >&2
        echo "Install leakhound on PATH, skip the check once with 'git commit --no-verify', or remove this hook: rm \"$0\"" >&2
        exit 1
    }}
fi
"$leakhound" staged
status=$?
if [ "$status" -eq 1 ]; then
    echo >&2
    echo "leakhound: commit refused: the staged changes add the secrets listed above." >&2
    echo "  'What to do' above says how to revoke and replace each kind. Remove them from the commit," >&2
    echo "  mark a false positive with a 'leakhound:allow' comment or an allowlist in .leakhound.yml," >&2
    echo "  or skip the check once with 'git commit --no-verify'." >&2
elif [ "$status" -ne 0 ]; then
    echo >&2
    echo "leakhound: commit stopped: the secret scan failed (exit code $status, see the error above)." >&2
fi
exit "$status"
"#
    )
}

/// Whether a hook file's text carries our marker line.
pub fn is_ours(text: &[u8]) -> bool {
    text.split(|&b| b == b'\n')
        .any(|line| line.strip_suffix(b"\r").unwrap_or(line) == MARKER.as_bytes())
}

/// A hook larger than this is not ours, and is not read.
const MAX_HOOK_BYTES: u64 = 1 << 20;

/// What is at the hook's path.
enum Existing {
    /// A regular file (its text, or empty when unreadable or too large: then it is foreign).
    File(Vec<u8>),
    /// A symbolic link: never read through (a committed link could name any file), so foreign;
    /// its backup is a link to the same target.
    Link(PathBuf),
}

impl Existing {
    fn is_ours(&self) -> bool {
        matches!(self, Existing::File(text) if is_ours(text))
    }
}

/// The current hook, if any.
fn existing(path: &Path) -> Result<Option<Existing>, HookError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path)(e)),
        Ok(m) if m.file_type().is_symlink() => Ok(Some(Existing::Link(
            fs::read_link(path).map_err(io_error(path))?,
        ))),
        Ok(m) if !m.is_file() || m.len() > MAX_HOOK_BYTES => Ok(Some(Existing::File(Vec::new()))),
        Ok(_) => Ok(Some(Existing::File(fs::read(path).unwrap_or_default()))),
    }
}

/// Keeps a copy of a foreign hook at `backup`, never writing through a link there.
fn back_up(hook: Existing, backup: &Path) -> Result<(), HookError> {
    if fs::symlink_metadata(backup).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io_error(backup)(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the backup path is a symbolic link; leakhound does not write through one (remove it first)",
        )));
    }
    match hook {
        Existing::File(text) => crate::fsio::create_no_follow(backup)
            .and_then(|mut file| file.write_all(&text))
            .map_err(io_error(backup)),
        Existing::Link(target) => {
            if fs::symlink_metadata(backup).is_ok() {
                fs::remove_file(backup).map_err(io_error(backup))?;
            }
            link(&target, backup).map_err(io_error(backup))
        }
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    fs::copy(target, at).map(|_| ())
}

/// Writes the pre-commit hook into the repository containing `repo`.
pub fn install(repo: &Path, exe: Option<&Path>, force: bool) -> Result<Installed, HookError> {
    let path = hook_path(repo)?;
    let backup = PathBuf::from(format!("{}{BACKUP_SUFFIX}", path.display()));
    let outcome = match existing(&path)? {
        None => Installed::New(path.clone()),
        Some(hook) if hook.is_ours() => Installed::Updated(path.clone()),
        Some(_) if !force => {
            return Err(HookError::Foreign {
                path: path.display().to_string(),
                backup: backup.display().to_string(),
            })
        }
        Some(hook) => {
            back_up(hook, &backup)?;
            Installed::Replaced(path.clone(), backup)
        }
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    // Replace a symbolic link itself rather than write through it into a file elsewhere.
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        fs::remove_file(&path).map_err(io_error(&path))?;
    }
    let mut file = crate::fsio::create_no_follow(&path).map_err(io_error(&path))?;
    file.write_all(script(exe).as_bytes())
        .map_err(io_error(&path))?;
    make_executable(&path)?;
    Ok(outcome)
}

/// Removes the pre-commit hook if leakhound wrote it.
pub fn uninstall(repo: &Path) -> Result<Uninstalled, HookError> {
    let path = hook_path(repo)?;
    match existing(&path)? {
        None => Ok(Uninstalled::NothingThere(path)),
        Some(hook) if hook.is_ours() => {
            fs::remove_file(&path).map_err(io_error(&path))?;
            Ok(Uninstalled::Removed(path))
        }
        Some(_) => Err(HookError::ForeignUninstall {
            path: path.display().to_string(),
        }),
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), HookError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).map_err(io_error(path))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), HookError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_carries_marker_and_quotes_the_path() {
        let text = script(Some(Path::new("/opt/it's here/leakhound")));
        assert!(is_ours(text.as_bytes()));
        assert!(text.starts_with("#!/bin/sh\n"));
        assert!(
            text.contains(r"installed='/opt/it'\''s here/leakhound'"),
            "{text}"
        );
        assert!(text.contains("\"$leakhound\" staged"));
        let fallback = script(None);
        assert!(fallback.contains("installed=''\n"), "{fallback}");
    }

    #[test]
    fn marker_must_be_a_whole_line() {
        assert!(!is_ours(b"#!/bin/sh\necho leakhound\n"));
        assert!(!is_ours(format!("#!/bin/sh\n# see: {MARKER}\n").as_bytes()));
        assert!(is_ours(format!("#!/bin/sh\r\n{MARKER}\r\n").as_bytes()));
    }
}
