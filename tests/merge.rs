//! `leakhound merge`: JSON reports in, one report out in any format, through the same writers a
//! scan uses. A report merged alone gives, byte for byte, what the scan would have written in the
//! other format; several are de-duplicated, sorted as one scan sorts, and their counts add up.

mod support;

use std::{fs, path::Path};

use serde_json::Value;
use support::*;

/// Every format the CLI writes, read from `leakhound scan --help` (whose lines may wrap), so
/// formats added later are checked too.
fn formats() -> Vec<String> {
    let out = run(Path::new("."), &["scan", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let after = help.split("--format").nth(1).unwrap_or("");
    let list = after
        .split("[possible values:")
        .nth(1)
        .and_then(|l| l.split(']').next())
        .unwrap_or("");
    list.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A repository with secrets in two commits, one removed since, and a tab-indented line long
/// enough that its escaped snippet is longer than the snippet limit.
fn repo() -> (Repo, Vec<String>) {
    let repo = Repo::init();
    let mut gen = Rng::new(41);
    let (a, b, c) = (gen.aws_key_id(), gen.aws_secret(), gen.password());
    repo.write(
        "deploy/prod.env",
        &format!("AWS_ACCESS_KEY_ID={a}\nAWS_SECRET_ACCESS_KEY={b}\n"),
    );
    repo.commit_all("one");
    let long = "\t".repeat(30);
    repo.write(
        "src/db.py",
        &format!("{long}password = \"{c}\"  {}\n", "x".repeat(200)),
    );
    repo.write("deploy/prod.env", &format!("AWS_ACCESS_KEY_ID={a}\n"));
    repo.commit_all("two");
    (repo, vec![a, b, c])
}

fn leakhound_out(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = run(dir, args);
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// scan → JSON → merge → FORMAT is what scan → FORMAT writes, for files and for history.
#[test]
fn one_report_converts_to_every_format_byte_for_byte() {
    let (repo, secrets) = repo();
    let out = tempfile::tempdir().unwrap();
    let formats = formats();
    assert!(formats.len() >= 4, "{formats:?}");
    // gitlab and junit carry the time of writing; they are compared without it.
    let time = regex::Regex::new(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\x22<]*|time=\x22[^\x22]*\x22|timestamp=\x22[^\x22]*\x22",
    )
    .unwrap();
    let strip = |b: &[u8]| {
        time.replace_all(&String::from_utf8_lossy(b), "[TIME]")
            .into_owned()
    };
    for scan in [vec!["scan", "."], vec!["git", "."]] {
        let json = out.path().join("scan.json");
        let mut args = scan.clone();
        args.extend(["-j", "1", "-q", "--format", "json", "-o"]);
        args.push(json.to_str().unwrap());
        let (code, _, stderr) = leakhound_out(repo.path(), &args);
        assert_eq!(code, 1, "{stderr}");
        for format in &formats {
            let mut direct = scan.clone();
            direct.extend(["-j", "1", "-q", "--color", "never", "--format", format]);
            let (_, expected, _) = leakhound_out(repo.path(), &direct);
            let (code, merged, stderr) = leakhound_out(
                repo.path(),
                &["merge", json.to_str().unwrap(), "--format", format, "-q"],
            );
            assert_eq!(code, 1, "{format}: {stderr}");
            if format == "gitlab" || format == "junit" {
                assert_eq!(strip(&merged), strip(&expected), "{scan:?} {format}");
            } else {
                assert_eq!(
                    String::from_utf8_lossy(&merged),
                    String::from_utf8_lossy(&expected),
                    "{scan:?} {format}"
                );
            }
            for s in &secrets {
                assert!(!String::from_utf8_lossy(&merged).contains(s.as_str()));
            }
        }
    }
}

/// Several reports: one finding per fingerprint and place, sorted as a scan sorts, counts added.
#[test]
fn several_reports_are_deduplicated_sorted_and_added_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut gen = Rng::new(42);
    let (a, b) = (gen.aws_key_id(), gen.aws_key_id());
    write(dir.path(), "one/z.env", format!("AWS_ACCESS_KEY_ID={a}\n"));
    write(dir.path(), "two/a.env", format!("AWS_ACCESS_KEY_ID={b}\n"));
    write(dir.path(), "both/m.env", format!("AWS_ACCESS_KEY_ID={a}\n"));
    let out = tempfile::tempdir().unwrap();
    let report = |name: &str, paths: &[&str]| {
        let file = out.path().join(name);
        let mut args = vec![
            "scan",
            "-q",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ];
        args.extend(paths);
        let (code, _, stderr) = leakhound_out(dir.path(), &args);
        assert_eq!(code, 1, "{stderr}");
        file
    };
    let first = report("1.json", &["one", "both"]);
    let second = report("2.json", &["two", "both"]);
    let (code, merged, stderr) = leakhound_out(
        dir.path(),
        &[
            "merge",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("merged 2 reports: 3 findings in 3 files"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&merged).unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["both/m.env", "one/z.env", "two/a.env"]);
    assert_eq!(doc["summary"]["findings"], 3);
    assert_eq!(doc["summary"]["scanned"], 4, "2 + 2 files scanned");
    assert_eq!(doc["rules"].as_array().unwrap().len(), 1);
    let scans = doc["scans"].as_array().unwrap();
    assert_eq!(scans.len(), 2, "{scans:?}");
    assert_eq!(scans[0]["paths"], serde_json::json!(["one", "both"]));
    assert_eq!(scans[1]["paths"], serde_json::json!(["two", "both"]));

    // The same as one scan of everything, finding for finding.
    let whole = report("all.json", &["one", "two", "both"]);
    let whole: Value = serde_json::from_slice(&fs::read(whole).unwrap()).unwrap();
    assert_eq!(doc["findings"], whole["findings"]);

    // A merged report merges again to itself.
    let merged_file = out.path().join("merged.json");
    fs::write(&merged_file, &merged).unwrap();
    let (_, again, _) = leakhound_out(
        dir.path(),
        &["merge", merged_file.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(again, merged);
}

#[test]
fn clean_reports_exit_0_and_unreadable_ones_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "nothing here\n");
    let json = dir.path().join("clean.json");
    let (code, _, _) = leakhound_out(
        dir.path(),
        &[
            "scan",
            "a.txt",
            "-q",
            "--format",
            "json",
            "-o",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let (code, out, stderr) = leakhound_out(dir.path(), &["merge", json.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.is_empty());
    assert!(stderr.contains("no findings"), "{stderr}");

    let sarif = dir.path().join("x.sarif");
    let (_, sarif_text, _) = leakhound_out(dir.path(), &["scan", "a.txt", "--format", "sarif"]);
    fs::write(&sarif, sarif_text).unwrap();
    let (code, _, stderr) = leakhound_out(dir.path(), &["merge", sarif.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("x.sarif") && stderr.contains("not a leakhound JSON report"),
        "{stderr}"
    );
    let (code, _, stderr) = leakhound_out(dir.path(), &["merge", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
}
