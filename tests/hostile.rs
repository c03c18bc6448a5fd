//! Hostile input: odd encodings, huge files and lines, unreadable files, symlink loops, broken
//! config and rules. Each gets a clear message and the right exit code, never a panic.

mod support;

use std::io::Write;
use std::path::Path;
use support::{leakhound_cmd, output, write, Rng};

fn scan_dir(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = leakhound_cmd(Path::new("."));
    cmd.current_dir(dir).args(["scan", "-f", "jsonl"]);
    cmd
}

fn findings(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn latin1_and_crlf_files_are_scanned_with_exact_positions() {
    let mut fake = Rng::new(20);
    let (a, b) = (fake.github_token(), fake.github_token());
    let dir = tempfile::tempdir().unwrap();
    let mut latin1 = b"caf\xe9 = 1\r\nna\xefve = \"".to_vec();
    latin1.extend_from_slice(a.as_bytes());
    latin1.extend_from_slice(b"\"\r\n");
    write(dir.path(), "latin1.txt", latin1);
    write(
        dir.path(),
        "crlf.txt",
        format!("one\r\ntwo = {b}\r\nthree\r\n"),
    );
    let (code, stdout, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 1, "{stderr}");
    let f = findings(&stdout);
    assert_eq!(f.len(), 2);
    assert_eq!(
        (
            f[0]["path"].as_str(),
            f[0]["line"].as_u64(),
            f[0]["column"].as_u64()
        ),
        (Some("crlf.txt"), Some(2), Some(7))
    );
    assert_eq!(
        (
            f[1]["path"].as_str(),
            f[1]["line"].as_u64(),
            f[1]["column"].as_u64()
        ),
        (Some("latin1.txt"), Some(2), Some(10))
    );
    assert!(!stdout.contains('\r') && !stdout.contains("\\r"));
}

#[test]
fn empty_and_binary_files() {
    let token = Rng::new(21).github_token();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "blob.bin", format!("\0\0\0{token}"));
    let (code, stdout, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("skipped 1 binary"), "{stderr}");
}

#[test]
fn huge_file_is_skipped_and_counted_then_scanned_when_allowed() {
    let token = Rng::new(22).github_token();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.log");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let line =
            "2026-11-25T10:00:00Z INFO request served in 12ms status=200 path=/api/v1/items\n";
        let mut written = 0;
        while written < 200 << 20 {
            f.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
        writeln!(f, "token={token}").unwrap();
    }
    let (code, stdout, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("skipped 1 over the size limit"), "{stderr}");
    let (code, stdout, stderr) = output(scan_dir(dir.path()).args(["--max-file-size", "300MiB"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(findings(&stdout).len(), 1);
}

#[test]
fn one_megabyte_line() {
    let token = Rng::new(23).github_token();
    let dir = tempfile::tempdir().unwrap();
    let filler = "x=1;".repeat(1 << 17);
    write(
        dir.path(),
        "min.js",
        format!("{filler}var t=\"{token}\";{filler}"),
    );
    let (code, stdout, _) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 1);
    let f = findings(&stdout);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["line"], 1);
    assert_eq!(f[0]["column"].as_u64(), Some(filler.len() as u64 + 8));
    assert!(f[0]["snippet"].as_str().unwrap().len() < 300);
}

#[test]
fn symlink_loop_is_not_followed_by_default_and_reported_when_following() {
    let token = Rng::new(24).github_token();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sub/a.txt", format!("t={token}\n"));
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("a.txt", dir.path().join("sub/link.txt")).unwrap();
    let (code, stdout, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(findings(&stdout).len(), 1);
    let (code, stdout, stderr) = output(scan_dir(dir.path()).arg("--follow"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(
        !findings(&stdout).is_empty(),
        "the scan goes on past the loop"
    );
}

/// Root reads every file, so the unreadable file is read by an unprivileged user when the tests
/// run as root.
#[test]
fn unreadable_file_is_a_warning_the_scan_goes_on_and_exit_is_2() {
    use std::os::unix::fs::PermissionsExt;
    let token = Rng::new(25).github_token();
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    write(dir.path(), "ok.txt", format!("t={token}\n"));
    write(dir.path(), "secret.txt", "nothing\n");
    std::fs::set_permissions(
        dir.path().join("secret.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("ok.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let uid = String::from_utf8(
        std::process::Command::new("id")
            .arg("-u")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("leakhound");
    let mut cmd = if uid.trim() == "0" {
        let mut c = assert_cmd::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        assert_cmd::Command::new(&bin)
    };
    cmd.current_dir(dir.path())
        .args(["scan", "-f", "jsonl", "."]);
    let (code, stdout, stderr) = output(&mut cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("secret.txt") && stderr.contains("ermission denied"),
        "{stderr}"
    );
    assert_eq!(
        findings(&stdout).len(),
        1,
        "the readable file is still scanned"
    );
}

#[test]
fn invalid_config_yaml_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".leakhound.yml", "disable: [a\nallowlists: {\n");
    let (code, _, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains(".leakhound.yml"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn rule_with_a_broken_regex_is_an_error_naming_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".leakhound.yml",
        "rules:\n  - id: my-broken\n    name: Broken\n    severity: high\n    keywords: [abc]\n    pattern: '(abc[0-9'\n    remediation: Fix it.\n",
    );
    let (code, _, stderr) = output(&mut scan_dir(dir.path()));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".leakhound.yml:2")
            && stderr.contains("my-broken")
            && stderr.contains("does not compile"),
        "{stderr}"
    );
}

#[test]
fn missing_config_and_baseline_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = output(scan_dir(dir.path()).args(["--config", "nope.yml"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("nope.yml"), "{stderr}");
    let (code, _, stderr) = output(scan_dir(dir.path()).args(["--baseline", "nope.json"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("nope.json"), "{stderr}");
}
