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

/// A blob the history already holds (added and removed before the range, and on another
/// branch) is scanned again when a commit of the range adds it, at its path and at a copy.
#[test]
fn a_secret_seen_before_the_range_is_found_when_the_range_adds_it_again() {
    let key = Rng::new(1215).aws_key_id();
    let repo = Repo::init();
    let text = format!("K={key}\n");
    repo.write("X.env", &text);
    repo.commit_all("add");
    repo.git(&["rm", "-q", "X.env"]);
    repo.git(&["commit", "-q", "-m", "remove"]);
    repo.git(&["checkout", "-q", "-b", "old"]);
    repo.write("X.env", &text);
    repo.commit_all("elsewhere");
    repo.git(&["checkout", "-q", "main"]);
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.write("X.env", &text);
    let readd = repo.commit_all("add again");
    repo.write("Y.env", &text);
    let copy = repo.commit_all("copy");
    let (code, doc) = run_json(repo.path(), &["git", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1, "{doc}");
    let mut found: Vec<(String, String)> = findings(&doc)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["commit"]["commit"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, [("X.env".into(), readd), ("Y.env".into(), copy)]);
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

#[cfg(unix)]
#[test]
fn reports_are_never_written_through_a_committed_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "untouched").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("leakhound.sarif")).unwrap();
    support::write(dir.path(), "a.txt", "nothing here\n");
    let out = support::run(
        dir.path(),
        &["scan", "a.txt", "-f", "sarif", "-o", "leakhound.sarif"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        support::stderr(&out).contains("symbolic link"),
        "{}",
        support::stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    // The same for a baseline file.
    let out = support::run(
        dir.path(),
        &["baseline", "create", "leakhound.sarif", "a.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    // Devices the user names still work, and /dev/null stays a device.
    let out = support::run(dir.path(), &["scan", "a.txt", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr(&out));
    let out = support::run(dir.path(), &["scan", "a.txt", "-o", "/dev/stdout"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr(&out));
}

#[cfg(unix)]
#[test]
fn hook_install_force_never_writes_its_backup_through_a_committed_symlink() {
    let repo = Repo::init();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "untouched").unwrap();
    // The tree carries its own hooks directory, with a foreign hook and a planted backup link.
    repo.write(".githooks/pre-commit", "#!/bin/sh\nexit 0\n");
    std::os::unix::fs::symlink(
        &victim,
        repo.path().join(".githooks/pre-commit.leakhound-backup"),
    )
    .unwrap();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let out = support::run(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", support::stderr(&out));
    assert!(support::stderr(&out).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    // A hook that is itself a link to another file is backed up as a link, never read.
    std::fs::remove_file(repo.path().join(".githooks/pre-commit.leakhound-backup")).unwrap();
    std::fs::remove_file(repo.path().join(".githooks/pre-commit")).unwrap();
    std::os::unix::fs::symlink(&victim, repo.path().join(".githooks/pre-commit")).unwrap();
    let out = support::run(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr(&out));
    let backup = repo.path().join(".githooks/pre-commit.leakhound-backup");
    assert_eq!(std::fs::read_link(&backup).unwrap(), victim);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
}

#[cfg(unix)]
#[test]
fn config_and_baseline_are_read_only_as_small_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    support::write(dir.path(), "a.txt", "nothing here\n");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join(".leakhound.yml")).unwrap();
    let out = support::run(dir.path(), &["scan", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        support::stderr(&out).contains("not a regular file"),
        "{}",
        support::stderr(&out)
    );
    std::fs::remove_file(dir.path().join(".leakhound.yml")).unwrap();
    let out = support::run(dir.path(), &["scan", "a.txt", "--baseline", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(support::stderr(&out).contains("not a regular file"));
    std::os::unix::fs::symlink("/proc/self/pagemap", dir.path().join(".leakhound.yml")).unwrap();
    let out = support::run(dir.path(), &["scan", "a.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", support::stderr(&out));
}

/// Scans `text` as one file with a size limit above it; returns exit code, the JSON document and
/// the seconds it took.
fn scan_text(text: &[u8]) -> (i32, serde_json::Value, f64) {
    let dir = tempfile::tempdir().unwrap();
    support::write(dir.path(), "input.txt", text);
    let started = std::time::Instant::now();
    let (code, doc) = run_json(
        dir.path(),
        &["scan", "input.txt", "--max-file-size", "64MiB"],
    );
    (code, doc, started.elapsed().as_secs_f64())
}

#[test]
fn a_long_line_of_backslashes_takes_linear_time() {
    // Quadratic before: every backslash walked back to the start of its line (4 MiB: minutes).
    let (code, doc, seconds) = scan_text("\\x".repeat(2 << 20).as_bytes());
    assert_eq!(code, 0, "{doc}");
    assert!(seconds < 30.0, "{seconds} s");
}

#[test]
fn many_findings_on_one_line_take_linear_time() {
    // Quadratic before: each finding's snippet, line and column looked at every other match.
    let mut fake = Rng::new(1205);
    let mut line = String::new();
    for _ in 0..20_000 {
        line.push_str(&format!("password=\"{}\"; ", fake.alnum(16)));
    }
    line.push('\n');
    let (code, doc, seconds) = scan_text(line.as_bytes());
    assert_eq!(code, 1);
    assert!(findings(&doc).len() > 19_000, "{}", doc["summary"]);
    assert!(seconds < 60.0, "{seconds} s");
}

#[test]
fn harmless_base64_does_not_spend_the_budget_for_an_encoded_key_after_it() {
    use base64::Engine as _;
    let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let mut text = String::new();
    let filler = "The quick brown fox jumps over the lazy dog, again and again. ".repeat(8);
    while text.len() < 1_600_000 {
        let encoded = b64(&filler);
        for chunk in encoded.as_bytes().chunks(76) {
            text.push_str(std::str::from_utf8(chunk).unwrap());
            text.push('\n');
        }
    }
    let key = Rng::new(1206).aws_key_id();
    text.push_str(&format!(
        "data: {}\n",
        b64(&format!("AWS_ACCESS_KEY_ID={key}"))
    ));
    let (code, doc, _) = scan_text(text.as_bytes());
    assert_eq!(code, 1, "{}", doc["summary"]);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    assert!(found[0]["snippet"]
        .as_str()
        .unwrap()
        .starts_with("[base64]"));
    assert!(doc["summary"].get("decode_budget_spent").is_none());
}

#[test]
fn a_spent_decode_budget_is_counted_and_said() {
    use base64::Engine as _;
    // Short base64 words, each decoded with its line context: far more than the budget.
    let mut fake = Rng::new(1207);
    let mut text = String::new();
    while text.len() < 400_000 {
        let word = base64::engine::general_purpose::STANDARD.encode(fake.alnum(15));
        text.push_str(&word);
        text.push(' ');
    }
    let (code, doc, _) = scan_text(text.as_bytes());
    assert_eq!(code, 0, "{}", doc["summary"]);
    assert_eq!(
        doc["summary"]["decode_budget_spent"], 1,
        "{}",
        doc["summary"]
    );
    assert!(doc["summary"]["notes"][0]
        .as_str()
        .unwrap()
        .contains("decoders' budget"));
}

#[test]
fn refs_replace_does_not_hide_a_blob() {
    let key = Rng::new(1208).aws_key_id();
    let repo = Repo::init();
    repo.git(&["commit", "-q", "--allow-empty", "-m", "base"]);
    repo.write("X.env", &format!("K={key}\n"));
    repo.commit_all("add");
    let secret_blob = repo.git(&["rev-parse", "HEAD:X.env"]);
    let harmless = git_command(repo.path())
        .args(["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"nothing here\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let harmless = String::from_utf8(harmless.stdout).unwrap();
    repo.git(&["replace", &secret_blob, harmless.trim()]);
    for args in [&["git"][..], &["git", "--range", "HEAD~1..HEAD"][..]] {
        let (code, doc) = run_json(repo.path(), args);
        assert_eq!(code, 1, "{args:?}: {doc}");
        assert_eq!(findings(&doc).len(), 1, "{args:?}");
    }
}

#[test]
fn a_huge_thread_count_is_clamped() {
    let dir = tempfile::tempdir().unwrap();
    support::write(dir.path(), "a.txt", "nothing here\n");
    let (code, doc) = run_json(dir.path(), &["scan", "a.txt", "-j", "100000"]);
    assert_eq!(code, 0, "{doc}");
}

/// `leakhound scan ARGS` through `sh -c` (pipes, FIFOs, process substitution), in `dir`.
fn scan_through_shell(dir: &std::path::Path, script: &str) -> (i32, serde_json::Value) {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("LEAKHOUND", support::bin())
        .current_dir(dir)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), doc)
}

#[test]
fn stdin_over_the_size_limit_is_scanned_in_windows() {
    let mut fake = Rng::new(1209);
    let (first, last) = (fake.aws_key_id(), fake.aws_key_id());
    let dir = tempfile::tempdir().unwrap();
    // 24 MiB: one key on the first line, one on the last.
    let script = format!(
        "(echo K={first}; yes | head -c 25165824; echo K={last}) | \"$LEAKHOUND\" scan - -f json"
    );
    let (code, doc) = scan_through_shell(dir.path(), &script);
    assert_eq!(code, 1, "{}", doc["summary"]);
    let found = findings(&doc);
    assert_eq!(found.len(), 2, "{}", doc["summary"]);
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(found[1]["line"].as_u64(), Some(2 + 25165824 / 2));
    assert_eq!(doc["summary"]["scanned"], 1);
    assert_eq!(doc["summary"]["skipped_too_large"], 0);
}

#[cfg(unix)]
#[test]
fn fifos_process_substitutions_and_dev_stdin_are_read_as_streams() {
    let key = Rng::new(1210).aws_key_id();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        format!("\"$LEAKHOUND\" scan <(echo K={key}) -f json"),
        format!("mkfifo pipe; (echo K={key} > pipe &); \"$LEAKHOUND\" scan pipe -f json"),
        format!("echo K={key} | \"$LEAKHOUND\" scan /dev/stdin -f json"),
    ];
    for script in &cases {
        let (code, doc) = scan_through_shell(dir.path(), script);
        assert_eq!(code, 1, "{script}: {}", doc["summary"]);
        assert_eq!(findings(&doc).len(), 1, "{script}");
        assert_eq!(doc["summary"]["scanned"], 1, "{script}");
    }
}

#[test]
fn committed_files_that_match_gitignore_are_scanned() {
    let mut fake = Rng::new(1211);
    let (hidden, excluded) = (fake.aws_key_id(), fake.aws_key_id());
    let repo = Repo::init();
    repo.write(".gitignore", "*.env\nbuild/\n");
    repo.write("X.env", &format!("K={hidden}\n"));
    repo.write("build/deep/Y.env", &format!("K={hidden}\n"));
    repo.write("Z.env", &format!("K={excluded}\n"));
    repo.write(".ignore", "Z.env\n");
    repo.write(".leakhoundignore", "fixtures/\n");
    repo.write("fixtures/W.txt", &format!("K={excluded}\n"));
    repo.git(&["add", "-f", "."]);
    repo.git(&["commit", "-q", "-m", "add"]);
    // Untracked and ignored: not scanned, as before.
    repo.write("untracked.env", &format!("K={excluded}\n"));
    let (code, doc) = run_json(repo.path(), &["scan", "."]);
    assert_eq!(code, 1, "{doc}");
    let mut paths: Vec<String> = findings(&doc)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    // .leakhoundignore is leakhound's own configuration and still applies.
    assert_eq!(paths, ["X.env", "Z.env", "build/deep/Y.env"], "{doc}");
    // From a subdirectory, and naming the subdirectory.
    let (_, doc) = run_json(&repo.path().join("build"), &["scan", "."]);
    assert_eq!(findings(&doc).len(), 1, "{doc}");
    assert_eq!(findings(&doc)[0]["path"], "deep/Y.env");
    let (_, doc) = run_json(repo.path(), &["scan", "build"]);
    assert_eq!(findings(&doc)[0]["path"], "build/deep/Y.env");
}

#[cfg(unix)]
#[test]
fn control_characters_in_names_and_authors_never_reach_the_log_raw() {
    let key = Rng::new(1212).aws_key_id();
    let repo = Repo::init();
    let name = "a\n::notice title=X::y\n::stop-commands::z\nb.env";
    repo.write(name, &format!("K={key}\n"));
    repo.write("::error::c.env", &format!("# other\nK={key}\n"));
    repo.git(&["add", "-A"]);
    let out = git_command(repo.path())
        .env("GIT_AUTHOR_NAME", "Mallory \u{1b}[2J\u{202e}")
        .args(["commit", "-q", "-m", "add"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(repo.path().join("unreadable.env"), "x").unwrap();
    for args in [&["scan", "."][..], &["git"][..]] {
        let out = support::run(repo.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let (stdout, stderr) = support::text(&out);
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!line.trim_start().starts_with("::"), "{args:?}: {line}");
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{202e}'),
                "{args:?}: {line}"
            );
        }
        assert!(
            stdout.contains(r"a\n::notice title=X::y\n::stop-commands::z\nb.env:1:3"),
            "{stdout}"
        );
    }
    // JSON stays exact.
    let (_, doc) = run_json(repo.path(), &["git"]);
    let found = findings(&doc);
    let paths: Vec<&str> = found.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&name), "{paths:?}");
    assert!(doc["findings"][0]["commit"]["author"]
        .as_str()
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn history_never_inflates_a_blob_over_the_size_limit() {
    let key = Rng::new(1213).aws_key_id();
    let repo = Repo::init();
    let lines: String = (0..40_000)
        .map(|i| format!("generated line {i}\n"))
        .collect();
    repo.write("big.txt", &lines);
    repo.commit_all("v1");
    repo.write("big.txt", &format!("{lines}one more\n"));
    repo.write("k.env", &format!("K={key}\n"));
    repo.commit_all("v2");
    // One pack: the second version is a delta of the first (or the other way round).
    repo.git(&["-c", "pack.threads=1", "gc", "-q", "--aggressive"]);
    let (code, doc) = run_json(repo.path(), &["git", "--max-file-size", "100KiB"]);
    assert_eq!(code, 1, "{}", doc["summary"]);
    assert_eq!(findings(&doc).len(), 1);
    assert_eq!(doc["summary"]["skipped_too_large"], 2, "{}", doc["summary"]);
    assert_eq!(doc["summary"]["errors"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["history"]["missing_objects"], 0);
    // Loose objects too.
    let repo = Repo::init();
    repo.write("big.txt", &lines);
    repo.write("k.env", &format!("K={key}\n"));
    repo.commit_all("loose");
    let (code, doc) = run_json(repo.path(), &["git", "--max-file-size", "100KiB"]);
    assert_eq!(code, 1, "{}", doc["summary"]);
    assert_eq!(doc["summary"]["skipped_too_large"], 1, "{}", doc["summary"]);
}

/// A loose blob over the size limit is told by its header in every pass over the object
/// database: never inflated (peak memory stays far below the blob's size).
#[test]
fn history_never_inflates_a_loose_blob_over_the_size_limit() {
    use std::io::Write;
    if !std::path::Path::new("/usr/bin/time").exists() {
        return;
    }
    const BLOB: usize = 256 << 20;
    let key = Rng::new(1214).aws_key_id();
    let repo = Repo::init();
    let mut child = git_command(repo.path())
        .args(["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let zeros = vec![0u8; 1 << 20];
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..BLOB >> 20 {
        stdin.write_all(&zeros).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{id},zeros.bin"),
    ]);
    repo.write("k.env", &format!("K={key}\n"));
    // Committed from the index, not with `add -A`: the large blob has no file in the work tree,
    // so `add -A` would drop it and leave it dangling, which a full-history scan does not read.
    repo.git(&["add", "k.env"]);
    repo.git(&["commit", "-q", "-m", "loose and large"]);
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "maxrss=%M"])
        .arg(support::bin())
        .args(["git", "--max-file-size", "1MiB", "--format", "json"])
        .current_dir(repo.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", doc["summary"]);
    assert_eq!(findings(&doc).len(), 1);
    assert_eq!(doc["summary"]["skipped_too_large"], 1, "{}", doc["summary"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: usize = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no maxrss in {stderr}"));
    assert!(
        kib < (BLOB >> 10) / 2,
        "peak RSS {kib} KiB for a {} MiB blob",
        BLOB >> 20
    );
}
