//! `leakhound hook install | uninstall` against real repositories, and the written hook run by a
//! real `git commit`.

mod support;

use std::{fs, path::Path};

use support::*;

const MARKER: &str = leakhound::hook::MARKER;

fn hook(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = leakhound(dir);
    isolate_git(&mut cmd).arg("hook").args(args);
    cmd.output().unwrap()
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o111 == 0o111
}

#[test]
fn install_writes_an_executable_hook_that_names_this_binary() {
    let dir = tempfile::tempdir().unwrap();
    init_repo(dir.path());
    let out = hook(dir.path(), &["install"]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    let path = dir.path().join(".git/hooks/pre-commit");
    assert!(err.contains("installed the pre-commit hook"), "{err}");
    let script = fs::read_to_string(&path).unwrap();
    assert!(script.lines().any(|l| l == MARKER), "{script}");
    assert!(script.contains(&bin().display().to_string()), "{script}");
    assert!(script.contains("\"$leakhound\" staged"), "{script}");
    #[cfg(unix)]
    assert!(is_executable(&path));
    // Installing again updates our own hook without --force.
    let again = hook(dir.path(), &["install"]);
    assert!(again.status.success(), "{:?}", text(&again));
}

#[test]
fn foreign_hook_is_kept_unless_forced_and_never_uninstalled() {
    let dir = tempfile::tempdir().unwrap();
    init_repo(dir.path());
    let path = dir
        .path()
        .canonicalize()
        .unwrap()
        .join(".git/hooks/pre-commit");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, "#!/bin/sh\necho mine\n").unwrap();

    let out = hook(dir.path(), &["install"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("did not write") && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "#!/bin/sh\necho mine\n");

    let out = hook(dir.path(), &["uninstall"]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(path.exists());

    let out = hook(dir.path(), &["install", "--force"]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("replaced"), "{err}");
    let backup = dir.path().join(".git/hooks/pre-commit.leakhound-backup");
    assert_eq!(
        fs::read_to_string(backup).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert!(fs::read_to_string(&path).unwrap().contains(MARKER));

    let out = hook(dir.path(), &["uninstall"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(!path.exists());
    // Nothing left to remove is not an error.
    let out = hook(dir.path(), &["uninstall"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).1.contains("nothing to remove"));
}

#[test]
fn honours_relative_and_absolute_core_hooks_path() {
    let dir = tempfile::tempdir().unwrap();
    init_repo(dir.path());
    git(dir.path(), &["config", "core.hooksPath", ".githooks"]);
    fs::create_dir_all(dir.path().join("src/deep")).unwrap();
    // Run from a subdirectory: the relative hooksPath is relative to the work tree's top.
    let out = hook(&dir.path().join("src/deep"), &["install"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(dir.path().join(".githooks/pre-commit").is_file());
    assert!(!dir.path().join(".git/hooks/pre-commit").exists());

    let elsewhere = tempfile::tempdir().unwrap();
    let abs = elsewhere.path().join("hooks");
    git(
        dir.path(),
        &["config", "core.hooksPath", abs.to_str().unwrap()],
    );
    let out = hook(dir.path(), &["install"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(abs.join("pre-commit").is_file());
}

#[test]
fn linked_worktree_uses_the_shared_hooks_directory() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main");
    fs::create_dir(&main).unwrap();
    init_repo(&main);
    write(&main, "a.txt", "hello\n");
    git(&main, &["add", "."]);
    git(&main, &["commit", "-qm", "init"]);
    git(
        &main,
        &["worktree", "add", "-q", "../linked", "-b", "other"],
    );
    let linked = dir.path().join("linked");
    assert!(
        linked.join(".git").is_file(),
        "a linked worktree has a .git file"
    );
    let out = hook(&linked, &["install"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(main.join(".git/hooks/pre-commit").is_file());
    let out = hook(&linked, &["uninstall"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(!main.join(".git/hooks/pre-commit").exists());
}

#[test]
fn outside_a_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // GIT_CEILING_DIRECTORIES keeps discovery from finding a repository above the temp dir.
    let out = leakhound(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["hook", "install"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(
        text(&out).1.contains("not inside a git repository"),
        "{:?}",
        text(&out)
    );
}

/// The written script, run by a real `git commit`, with a stand-in `leakhound` on PATH: proves
/// the fallback to PATH when the recorded binary is gone, and the messages for exit codes 1 and 2.
#[cfg(unix)]
#[test]
fn hook_falls_back_to_path_and_explains_a_refusal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).unwrap();
    init_repo(&repo);
    // Install with a copy of the binary, then delete the copy.
    let copy = dir.path().join("leakhound-copy");
    fs::copy(bin(), &copy).unwrap();
    let mut cmd = std::process::Command::new(&copy);
    isolate_git(&mut cmd)
        .current_dir(&repo)
        .args(["hook", "install"]);
    assert!(cmd.output().unwrap().status.success());
    fs::remove_file(&copy).unwrap();

    let fake_bin = dir.path().join("bin");
    fs::create_dir(&fake_bin).unwrap();
    let fake = fake_bin.join("leakhound");
    let path_var = format!(
        "{}:{}",
        fake_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let counter = std::cell::Cell::new(0);
    let commit = |code: Option<u8>| {
        counter.set(counter.get() + 1);
        if let Some(code) = code {
            fs::write(
                &fake,
                format!("#!/bin/sh\necho \"fake leakhound $1\" >&2\nexit {code}\n"),
            )
            .unwrap();
            fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
        } else if fake.exists() {
            fs::remove_file(&fake).unwrap();
        }
        write(&repo, "f.txt", format!("change {}\n", counter.get()));
        git(&repo, &["add", "f.txt"]);
        let mut cmd = std::process::Command::new("git");
        isolate_git(&mut cmd)
            .current_dir(&repo)
            .env("PATH", &path_var)
            .args(["commit", "-qm", "x"]);
        cmd.output().unwrap()
    };
    let ok = commit(Some(0));
    assert!(ok.status.success(), "{:?}", text(&ok));
    assert!(
        text(&ok).1.contains("fake leakhound staged"),
        "{:?}",
        text(&ok)
    );
    let refused = commit(Some(1));
    assert!(!refused.status.success());
    assert!(
        text(&refused).1.contains("commit refused"),
        "{:?}",
        text(&refused)
    );
    assert!(
        text(&refused).1.contains("'What to do' above"),
        "the refusal points to the remediation: {:?}",
        text(&refused)
    );
    let failed = commit(Some(2));
    assert!(!failed.status.success());
    assert!(
        text(&failed).1.contains("the secret scan failed"),
        "{:?}",
        text(&failed)
    );

    // No leakhound anywhere: a clear message, and the commit does not happen.
    let missing = commit(None);
    assert!(!missing.status.success(), "{:?}", text(&missing));
    assert!(
        text(&missing).1.contains("binary was not found"),
        "{:?}",
        text(&missing)
    );
    // What it suggests runs: skipping once, or removing the hook file it names.
    let message = text(&missing).1;
    assert!(message.contains("git commit --no-verify"), "{message}");
    let hook_file = message
        .split("rm \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no rm command: {message}"));
    assert!(
        repo.join(hook_file).is_file() || Path::new(hook_file).is_file(),
        "{hook_file}"
    );
    assert!(!message.contains("leakhound hook uninstall"), "{message}");
}

/// The real thing: the installed hook runs this binary's `leakhound staged`.
#[test]
fn real_commit_with_a_secret_is_refused_and_a_clean_one_passes() {
    let dir = tempfile::tempdir().unwrap();
    init_repo(dir.path());
    assert!(hook(dir.path(), &["install"]).status.success());
    write(dir.path(), "README", "clean\n");
    git(dir.path(), &["add", "README"]);
    let out = git_output(dir.path(), &["commit", "-qm", "clean"]);
    assert!(out.status.success(), "{:?}", text(&out));

    let key = Rng::new(7).aws_key_id();
    write(
        dir.path(),
        "config.env",
        format!("AWS_ACCESS_KEY_ID={key}\n"),
    );
    git(dir.path(), &["add", "config.env"]);
    let out = git_output(dir.path(), &["commit", "-qm", "leak"]);
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("commit refused"), "{stderr}");
    assert!(
        (stdout.clone() + &stderr).contains("config.env"),
        "{stdout}{stderr}"
    );
    assert!(
        !stdout.contains(&key) && !stderr.contains(&key),
        "the secret was printed"
    );
    assert_eq!(git(dir.path(), &["rev-list", "--count", "HEAD"]), "1");
}

#[test]
fn bare_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "--bare", "r.git"]);
    let out = hook(&dir.path().join("r.git"), &["install"]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(text(&out).1.contains("bare repository"), "{:?}", text(&out));
}
