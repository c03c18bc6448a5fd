//! `leakhound scan` end to end: the real binary on real files in temp dirs — formats, exit codes,
//! redaction, allow comments, ignore files, stdin, and output stability.

mod support;

use std::path::Path;
use support::{leakhound_cmd, output, stable_summary, write, Rng};
use tempfile::TempDir;

/// A small tree with three secrets (one of each kind), an allowed one, and clean files.
struct Tree {
    dir: TempDir,
    token: String,
    aws: String,
    password: String,
    allowed: String,
}

fn tree() -> Tree {
    let mut fake = Rng::new(1);
    let token = fake.github_token();
    let aws = fake.aws_secret();
    let password = fake.password();
    let allowed = fake.github_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "src/app.py",
        format!("import os\n\nGITHUB = \"{token}\"\nx = os.environ['HOME']\n"),
    );
    write(
        d,
        "config/prod.env",
        format!("AWS_SECRET_ACCESS_KEY={aws}\nDB_PASSWORD=\"{password}\"\n"),
    );
    write(
        d,
        "src/ok.py",
        format!("TOKEN = '{allowed}'  # leakhound:allow\n"),
    );
    write(d, "README.md", "# nothing to see\n");
    Tree {
        dir,
        token,
        aws,
        password,
        allowed,
    }
}

fn scan(dir: &Path) -> assert_cmd::Command {
    let mut cmd = leakhound_cmd(Path::new("."));
    cmd.current_dir(dir).arg("scan");
    cmd
}

#[test]
fn text_report_lists_findings_redacted_and_exits_1() {
    let t = tree();
    let (code, stdout, stderr) = output(scan(t.dir.path()).args(["-j", "1"]));
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!("text_report", stdout);
    insta::assert_snapshot!("text_summary", stable_summary(&stderr));
    for secret in [&t.token, &t.aws, &t.password, &t.allowed] {
        assert!(!stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()));
    }
}

/// Every report format, whole, on the same tree: a change to any field, order or wording shows in
/// review. The SARIF driver's version is the crate's and is masked.
#[test]
fn every_report_format_matches_its_snapshot() {
    let t = tree();
    for format in ["text", "json", "jsonl", "sarif"] {
        let (code, stdout, stderr) =
            output(scan(t.dir.path()).args(["-j", "1", "--format", format]));
        assert_eq!(code, 1, "{format}: {stderr}");
        let version = regex::escape(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")));
        insta::with_settings!({filters => vec![(version.as_str(), "\"version\": \"[VERSION]\"")]}, {
            insta::assert_snapshot!(format!("report_{format}"), stdout);
        });
    }
}

#[test]
fn clean_tree_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "hello\n");
    let (code, stdout, stderr) = output(&mut scan(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("leakhound: no findings; scanned 1 file"),
        "{stderr}"
    );
}

#[test]
fn exit_code_option_and_errors() {
    let t = tree();
    let (code, _, _) = output(scan(t.dir.path()).args(["--exit-code", "7"]));
    assert_eq!(code, 7);
    let (code, _, stderr) = output(scan(t.dir.path()).arg("no/such/path"));
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/path"), "{stderr}");
    let (code, _, stderr) = output(scan(t.dir.path()).arg("--redact=150"));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn every_format_is_redacted_unless_show_secrets() {
    let t = tree();
    for format in ["text", "json", "jsonl", "sarif"] {
        let (code, stdout, stderr) = output(scan(t.dir.path()).args(["-f", format]));
        assert_eq!(code, 1, "{format}: {stderr}");
        for secret in [&t.token, &t.aws, &t.password, &t.allowed] {
            assert!(!stdout.contains(secret.as_str()), "{format} leaks a secret");
            assert!(
                !stderr.contains(secret.as_str()),
                "{format} leaks a secret on stderr"
            );
        }
        let (_, shown, _) = output(scan(t.dir.path()).args(["-f", format, "--show-secrets"]));
        assert!(shown.contains(&t.token), "{format} --show-secrets");
        assert!(
            !shown.contains(&t.allowed),
            "{format}: allowed line reported"
        );
    }
    let (_, half, _) = output(scan(t.dir.path()).args(["-f", "jsonl", "--redact=50"]));
    let expected = format!("\"secret\":\"{}…\"", &t.token[..20]);
    assert!(half.contains(&expected), "{half}");
}

#[test]
fn json_document_shape() {
    let t = tree();
    let (_, stdout, _) = output(scan(t.dir.path()).args(["-f", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    let first = &findings[0];
    for key in [
        "rule_id",
        "rule_name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "secret",
        "snippet",
        "fingerprint",
        "source",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["summary"]["findings"], 3);
    assert_eq!(doc["summary"]["suppressed_inline"], 1);
    let paths: Vec<&str> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["config/prod.env", "config/prod.env", "src/app.py"]);
    let gh = findings
        .iter()
        .find(|f| f["rule_id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(
        (gh["line"].as_u64(), gh["column"].as_u64()),
        (Some(3), Some(11))
    );
    assert_eq!(gh["confirmed"], true);

    let (_, lines, _) = output(scan(t.dir.path()).args(["-f", "jsonl"]));
    assert_eq!(lines.lines().count(), 3);
    for line in lines.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}

#[test]
fn output_file_is_truncated_and_dev_null_stays_a_device() {
    let t = tree();
    let out = t.dir.path().join("report.json");
    std::fs::write(&out, "x".repeat(100_000)).unwrap();
    let (code, stdout, _) = output(scan(t.dir.path()).args(["-f", "json", "-o"]).arg(&out));
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    serde_json::from_str::<serde_json::Value>(&written).unwrap();
    let (code, _, _) = output(scan(t.dir.path()).args(["-o", "/dev/null"]));
    assert_eq!(code, 1);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn ignore_files_hidden_files_and_git_dir() {
    let mut fake = Rng::new(2);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".env", format!("GH={}\n", fake.github_token()));
    write(
        d,
        "ignored/by-gitignore.txt",
        format!("{}\n", fake.github_token()),
    );
    write(
        d,
        "ignored2/by-leakhoundignore.txt",
        format!("{}\n", fake.github_token()),
    );
    write(d, ".git/config", format!("{}\n", fake.github_token()));
    write(d, ".gitignore", "ignored/\n");
    write(d, ".leakhoundignore", "ignored2/\n");
    let (_, stdout, _) = output(scan(d).args(["-f", "jsonl"]));
    let paths: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths, [".env"]);
    let (_, stdout, _) = output(scan(d).args(["-f", "jsonl", "--no-ignore"]));
    let mut paths: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ".env",
            "ignored/by-gitignore.txt",
            "ignored2/by-leakhoundignore.txt"
        ]
    );
}

#[test]
fn stdin_is_scanned_as_dash() {
    let token = Rng::new(3).github_token();
    let (code, stdout, _) = output(
        leakhound_cmd(Path::new("."))
            .args(["scan", "-", "-f", "jsonl"])
            .write_stdin(format!("export T={token}\n")),
    );
    assert_eq!(code, 1);
    let finding: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(finding["path"], "-");
    assert_eq!(finding["line"], 1);
    let (code, _, _) = output(
        leakhound_cmd(Path::new("."))
            .args(["scan", "-"])
            .write_stdin("nothing\n"),
    );
    assert_eq!(code, 0);
}

#[test]
fn json_and_sarif_are_identical_across_runs_and_thread_counts() {
    let mut fake = Rng::new(4);
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        let body = if i % 7 == 0 {
            format!(
                "a = 1\nt = '{}'\nb = '{}'\n",
                fake.github_token(),
                fake.github_token()
            )
        } else {
            format!("fn f{i}() {{ return {i}; }}\n")
        };
        write(dir.path(), &format!("d{}/f{i}.rs", i % 5), body);
    }
    for format in ["json", "sarif", "jsonl", "text"] {
        let run =
            |j: &str| output(scan(dir.path()).args(["-f", format, "-j", j, "--color", "never"])).1;
        let one = run("1");
        assert!(one.len() > 100);
        assert_eq!(one, run("8"), "{format}: -j 1 vs -j 8");
        assert_eq!(one, run("8"), "{format}: run to run");
    }
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let t = tree();
    let (_, plain, _) = output(&mut scan(t.dir.path()));
    assert!(!plain.contains('\x1b'));
    let (_, colored, _) = output(scan(t.dir.path()).args(["--color", "always"]));
    assert!(colored.contains("\x1b["));
}

#[test]
fn quiet_has_no_summary() {
    let t = tree();
    let (_, _, stderr) = output(scan(t.dir.path()).arg("-q"));
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn multiple_paths_and_single_files() {
    let t = tree();
    let (code, stdout, _) =
        output(scan(t.dir.path()).args(["-f", "jsonl", "src/app.py", "README.md"]));
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.contains("\"path\":\"src/app.py\""));
}

#[test]
fn tokens_whose_checksum_fails_are_counted_and_said() {
    let mut fake = Rng::new(7);
    let good = fake.github_token();
    // The same token with its checksum's last character changed: a made-up token.
    let last = good.chars().last().unwrap();
    let bad = format!(
        "{}{}",
        &good[..good.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "made-up.env", format!("GITHUB_TOKEN={bad}\n"));
    let out = scan(dir.path())
        .args([".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["rejected_by_checksum"], 1, "{doc}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 token dropped: checksum failed"),
        "{stderr}"
    );
    assert!(!stderr.contains(&bad[4..]), "{stderr}");
    let sarif = scan(dir.path())
        .args([".", "--format", "sarif"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(doc["runs"][0]["properties"]["rejectedByChecksum"], 1);
}

#[test]
fn utf16_text_with_a_byte_order_mark_is_scanned_not_skipped_as_binary() {
    let mut fake = Rng::new(11);
    let aws = fake.aws_secret();
    let text = format!("# deploy.ps1\r\n$env:AWS_SECRET_ACCESS_KEY = \"{aws}\"\r\n");
    let dir = tempfile::tempdir().unwrap();
    for (name, bom, big) in [
        ("le.ps1", [0xFF, 0xFE], false),
        ("be.ps1", [0xFE, 0xFF], true),
    ] {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        write(dir.path(), name, bytes);
    }
    write(dir.path(), "blob.bin", b"\x00\x01\x02binary");
    let out = scan(dir.path())
        .args([".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(found.contains(&("le.ps1".to_string(), 2)), "{doc}");
    assert!(found.contains(&("be.ps1".to_string(), 2)), "{doc}");
    assert_eq!(doc["summary"]["skipped_binary"], 1, "{doc}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&aws),
        "redacted"
    );
}
