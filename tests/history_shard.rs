//! `leakhound git --shard K/N`: N shards of one history find together what one scan finds, each
//! finding attributed as one scan attributes it, and their counts add up to one scan's.

mod support;

use serde_json::{Map, Value};
use support::{run, stderr, token, Repo, Rng};

/// A history with many blobs, a dozen distinct secrets over several commits and a branch.
fn repo() -> Repo {
    let repo = Repo::init();
    let mut rng = Rng::new(1600);
    for c in 0..6 {
        for f in 0..8 {
            repo.write(&format!("d{f}/f.txt"), &format!("clean {c} {f}\n"));
        }
        repo.write(
            &format!("s{c}.env"),
            &format!("TOKEN={}\n", token(1600 + c)),
        );
        repo.write(
            &format!("aws{c}.txt"),
            &format!("aws_secret_access_key = {}\n", rng.aws_secret()),
        );
        repo.commit_all(&format!("c{c}"));
        if c == 3 {
            repo.git(&["checkout", "-q", "-b", "side"]);
            repo.write("side.txt", &format!("{}\n", token(1650)));
            repo.commit_all("side");
            repo.git(&["checkout", "-q", "main"]);
        }
    }
    repo
}

fn scan_json(repo: &Repo, extra: &[&str]) -> (Vec<u8>, Value) {
    let mut args = vec!["git", "--format", "json"];
    args.extend(extra);
    let out = run(repo.path(), &args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let doc = serde_json::from_slice(&out.stdout).unwrap();
    (out.stdout, doc)
}

/// Adds the numbers of `b` into `a` (recursively), except counts every shard reports whole.
fn add(a: &mut Map<String, Value>, b: &Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(k), v) {
            (Some(Value::Number(x)), Value::Number(y))
                if !matches!(k.as_str(), "rules_disabled" | "shallow_boundaries") =>
            {
                *a.get_mut(k).unwrap() = Value::from(x.as_u64().unwrap() + y.as_u64().unwrap());
            }
            (Some(Value::Object(x)), Value::Object(y)) => add(x, y),
            _ => {}
        }
    }
}

fn sorted_findings(list: Vec<Value>) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|f| f.to_string()).collect();
    out.sort();
    out
}

#[test]
fn shards_together_find_what_one_scan_finds() {
    let repo = repo();
    let (single_bytes, single) = scan_json(&repo, &["--no-cache"]);
    let want = sorted_findings(single["findings"].as_array().unwrap().clone());
    assert!(want.len() >= 12, "{single}");
    for n in [1u64, 2, 5] {
        let mut found = Vec::new();
        let mut summary: Option<Map<String, Value>> = None;
        for k in 1..=n {
            let shard = format!("{k}/{n}");
            let (bytes, doc) = scan_json(&repo, &["--no-cache", "--shard", &shard]);
            if n == 1 {
                assert!(bytes == single_bytes, "one shard is the whole scan");
            }
            found.extend(doc["findings"].as_array().unwrap().iter().cloned());
            let s = doc["summary"].as_object().unwrap().clone();
            match &mut summary {
                None => summary = Some(s),
                Some(total) => add(total, &s),
            }
            // A shard's cache is a file of its own, and a cached shard scan is the same.
            let (cached, _) = scan_json(&repo, &["--shard", &shard]);
            let (again, _) = scan_json(&repo, &["--shard", &shard]);
            assert!(
                cached == bytes && again == bytes,
                "shard {shard} with its cache"
            );
        }
        assert_eq!(sorted_findings(found), want, "{n} shards");
        // Every count adds up, the summary's finding count too.
        let summary = Value::Object(summary.unwrap());
        assert_eq!(summary, single["summary"], "{n} shards: counts add up");
    }
    assert!(repo
        .path()
        .join(".git/leakhound/history-shard-2-of-5.cache")
        .is_file());
}

#[test]
fn merged_shard_reports_find_what_one_scan_finds() {
    let repo = repo();
    let (_, single) = scan_json(&repo, &["--no-cache"]);
    let dir = repo.path().join(".git");
    let mut files = Vec::new();
    for k in 1..=2 {
        let (bytes, _) = scan_json(&repo, &["--no-cache", "--shard", &format!("{k}/2")]);
        let file = dir.join(format!("shard{k}.json"));
        std::fs::write(&file, bytes).unwrap();
        files.push(file.to_str().unwrap().to_string());
    }
    let mut args = vec!["merge", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = run(repo.path(), &args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        sorted_findings(merged["findings"].as_array().unwrap().clone()),
        sorted_findings(single["findings"].as_array().unwrap().clone()),
        "merged shards"
    );
    // The merged counts are one scan's too.
    assert_eq!(merged["summary"], single["summary"], "merged summary");
}

#[test]
fn shard_arguments_are_checked() {
    let repo = repo();
    for bad in ["0/2", "3/2", "1/0", "a/b", "2"] {
        let out = run(repo.path(), &["git", "--shard", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("is not a shard"), "{}", stderr(&out));
    }
    let out = run(repo.path(), &["git", "--shard", "1/2", "--since", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(2));
}
