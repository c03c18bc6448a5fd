//! Issue 12, "trust under attack": each reproducer of the issue as a test. The scanned
//! repository and files are written by the attacker; each case must find the secret, fail with
//! an error, or refuse, never pass silently.

mod support;

use support::{findings, git_command, run_json, Repo, Rng};

/// A commit with a forged committer date.
fn commit_dated(repo: &Repo, message: &str, date: &str) {
    repo.git(&["add", "-A"]);
    let out = git_command(repo.path())
        .env("GIT_COMMITTER_DATE", date)
        .args(["commit", "-q", "-m", message])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn forged_committer_dates_do_not_hide_a_secret_from_a_range() {
    let key = Rng::new(1201).aws_key_id();
    let repo = Repo::init();
    repo.git(&["commit", "-q", "--allow-empty", "-m", "base"]);
    repo.write("X.env", &format!("K={key}\nv=1\n"));
    commit_dated(&repo, "a", "2000000000 +0000");
    repo.write("X.env", &format!("K={key}\nv=2\n"));
    commit_dated(&repo, "b", "2000000100 +0000");
    // The same blob as commit a, dated before it: a later commit that adds only `v=1`.
    repo.write("X.env", &format!("K={key}\nv=1\n"));
    commit_dated(&repo, "c", "1000000000 +0000");
    let first = repo.git(&["rev-parse", "HEAD~2"]);
    let (code, doc) = run_json(repo.path(), &["git", "--range", "HEAD~3..HEAD"]);
    assert_eq!(code, 1, "{doc}");
    let found = findings(&doc);
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(found[0]["path"], "X.env");
    assert_eq!(found[0]["commit"]["commit"], first.as_str());
}

#[test]
fn a_file_that_only_starts_like_an_lfs_pointer_is_scanned() {
    let key = Rng::new(1203).aws_key_id();
    let dir = tempfile::tempdir().unwrap();
    let text = format!("version https://git-lfs.github.com/spec/v1\nAWS_ACCESS_KEY_ID={key}\n");
    support::write(dir.path(), "x.env", &text);
    let (code, doc) = run_json(dir.path(), &["scan", "x.env"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(findings(&doc).len(), 1);
    assert_eq!(doc["summary"]["skipped_lfs"], 0, "{doc}");
    // A real pointer is still skipped, and counted.
    let oid = Rng::new(1204).hex(64);
    let pointer = format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 9\n");
    support::write(dir.path(), "big.bin", &pointer);
    let (code, doc) = run_json(dir.path(), &["scan", "big.bin"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["skipped_lfs"], 1, "{doc}");
}
