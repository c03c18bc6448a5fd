//! The history cache of `leakhound git`: the report is byte-identical with and without it, after
//! new commits, repacks and rule or config changes; a damaged cache is ignored and rebuilt; the
//! cache never holds a byte of a secret.

mod support;

use std::path::{Path, PathBuf};

use support::{run, stderr, token, Repo, Rng};

const FORMATS: [&str; 3] = ["json", "sarif", "text"];

/// A repository with secrets in several commits, a branch, a deleted file, an allow comment,
/// an encoded secret, a binary file and clean files.
fn busy_repo() -> Repo {
    let repo = Repo::init();
    let mut rng = Rng::new(1500);
    for i in 0..12 {
        repo.write(&format!("src/f{i}.txt"), &format!("clean file {i}\n"));
    }
    repo.write("a.env", &format!("TOKEN={}\n", token(1501)));
    support::write(repo.path(), "bin.dat", b"\x00\x01binary\x00");
    repo.commit_all("first");
    repo.write(
        "b.yml",
        &format!(
            "key: {} # leakhound:allow\nother: {}\n",
            token(1502),
            token(1503)
        ),
    );
    repo.write(
        "aws.txt",
        &format!("aws_secret_access_key = {}\n", rng.aws_secret()),
    );
    repo.commit_all("second");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.txt", &format!("{}\n", token(1504)));
    repo.commit_all("side");
    repo.git(&["checkout", "-q", "main"]);
    std::fs::remove_file(repo.path().join("a.env")).unwrap();
    repo.write("src/f3.txt", "clean file 3, edited\n");
    repo.commit_all("third");
    repo
}

/// Stdout, stderr and exit code of `leakhound git` with `args` in `repo`.
fn git_scan(repo: &Path, args: &[&str]) -> (Vec<u8>, String, i32) {
    let mut all = vec!["git", "--color", "never"];
    all.extend(args);
    let out = run(repo, &all);
    (
        out.stdout.clone(),
        stderr(&out),
        out.status.code().unwrap_or(-1),
    )
}

fn cache_file(repo: &Repo) -> PathBuf {
    repo.path().join(".git/leakhound/history.cache")
}

/// Asserts that every format gives the same bytes and exit code with the cache (run twice:
/// cold or updated, then warm) as without it; returns the verbose stderr of the last cached run.
fn assert_same_with_and_without_cache(repo: &Repo, extra: &[&str]) -> String {
    let mut last = String::new();
    for format in FORMATS {
        let mut args = vec!["--format", format];
        args.extend(extra);
        let mut uncached = args.clone();
        uncached.push("--no-cache");
        let (want, _, want_code) = git_scan(repo.path(), &uncached);
        assert!(format == "text" || !want.is_empty());
        for round in 0..2 {
            let mut cached = args.clone();
            cached.push("-v");
            let (got, err, code) = git_scan(repo.path(), &cached);
            assert_eq!(code, want_code, "{format} round {round}: {err}");
            assert!(
                got == want,
                "{format} round {round} differs:\n{}\n---\n{}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
            last = err;
        }
    }
    last
}

/// "… T trees known, U parsed and added" from verbose stderr.
fn tree_counts(stderr: &str) -> (u64, u64) {
    let re = regex::Regex::new(r"(\d+) trees known, (\d+) parsed and added").unwrap();
    let c = re
        .captures(stderr)
        .unwrap_or_else(|| panic!("no cache line: {stderr}"));
    (c[1].parse().unwrap(), c[2].parse().unwrap())
}

/// "N blobs known …, M scanned and added" from verbose stderr.
fn cache_counts(stderr: &str) -> (u64, u64) {
    let re =
        regex::Regex::new(r"history cache: (\d+) blobs known from earlier scans, (\d+) scanned")
            .unwrap();
    let c = re
        .captures(stderr)
        .unwrap_or_else(|| panic!("no cache line: {stderr}"));
    (c[1].parse().unwrap(), c[2].parse().unwrap())
}

#[test]
fn cached_rescans_are_byte_identical_and_read_no_known_blob() {
    let repo = busy_repo();
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(cache_file(&repo).is_file());
    let (known, added) = cache_counts(&err);
    assert!(known > 10 && added == 0, "{err}");
    let (trees, parsed) = tree_counts(&err);
    assert!(trees > 4 && parsed == 0, "no tree is parsed again: {err}");
    // One new commit: only its blob is read.
    repo.write("new.txt", &format!("{}\n", token(1505)));
    repo.commit_all("fourth");
    let (_, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert_eq!(cache_counts(&err), (known, 1), "{err}");
    assert_eq!(
        tree_counts(&err),
        (trees, 1),
        "only the new root tree: {err}"
    );
    assert_same_with_and_without_cache(&repo, &[]);
}

#[test]
fn packed_history_rescans_are_byte_identical() {
    let repo = busy_repo();
    repo.git(&["gc", "-q", "--aggressive"]);
    assert_same_with_and_without_cache(&repo, &[]);
    // New objects, loose, then packed with deltas against known blobs.
    repo.write(
        "src/f1.txt",
        &format!("clean file 1\nnow with {}\n", token(1506)),
    );
    repo.write("src/f2.txt", "clean file 2\nand more clean text\n");
    repo.commit_all("fifth");
    assert_same_with_and_without_cache(&repo, &[]);
    repo.git(&["gc", "-q", "--aggressive"]);
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert_eq!(cache_counts(&err).1, 0, "{err}");
    // A blob dropped from the repository is dropped from the cache.
    repo.git(&["branch", "-q", "-D", "side"]);
    repo.git(&["reflog", "expire", "--expire=now", "--all"]);
    repo.git(&["gc", "-q", "--prune=now"]);
    assert_same_with_and_without_cache(&repo, &[]);
}

#[test]
fn rule_and_config_changes_give_the_report_of_a_scan_without_cache() {
    let repo = busy_repo();
    let mut rng = Rng::new(1510);
    let custom = format!("zq_{}", rng.alnum(24));
    repo.write("custom.txt", &format!("value {custom}\n"));
    repo.commit_all("custom");
    let config = repo.path().join("cfg.yml");
    let configs = [
        String::new(),
        // A new rule that fires on a blob the cache knows as clean.
        r#"rules:
  - id: zq-demo
    name: ZQ demo
    severity: high
    keywords: ['zq_']
    pattern: '\b(zq_[A-Za-z0-9]{24})\b'
    remediation: Revoke it.
"#
        .to_string(),
        // A rule turned off.
        "disable: [github-pat-classic]\n".to_string(),
        // An allowlist on secrets.
        "allowlists:\n  - stopwords: ['a', 'e', 'i', 'o', 'u']\n".to_string(),
        // Back to nothing: the report is the first one again.
        String::new(),
    ];
    for text in &configs {
        std::fs::write(&config, text).unwrap();
        let cfg = config.to_str().unwrap();
        assert_same_with_and_without_cache(&repo, &["--config", cfg]);
    }
    for size in ["20", "10MiB"] {
        assert_same_with_and_without_cache(&repo, &["--max-file-size", size]);
    }
}

#[test]
fn suppression_from_a_revision_gives_the_report_of_a_scan_without_cache() {
    let repo = busy_repo();
    // The committed config allows nothing; the work tree's adds an allowlist (a change).
    repo.write(".leakhound.yml", "disable: []\n");
    repo.commit_all("config");
    repo.write(
        ".leakhound.yml",
        "allowlists:\n  - stopwords: ['a', 'e', 'i', 'o', 'u']\n",
    );
    for extra in [
        &["--config-from", "HEAD"][..],
        &["--compare-with", "HEAD"][..],
        &["--no-allow-comments"][..],
        &[][..],
        &["--config-from", "HEAD", "--no-allow-comments"][..],
    ] {
        assert_same_with_and_without_cache(&repo, extra);
    }
}

#[test]
fn a_damaged_cache_is_ignored_with_a_note_and_rebuilt() {
    let repo = busy_repo();
    let (want, _, want_code) = git_scan(repo.path(), &["--format", "json", "--no-cache"]);
    git_scan(repo.path(), &["--format", "json"]);
    let good = std::fs::read(cache_file(&repo)).unwrap();
    let mut damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a cache at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
    ];
    for i in [0, 9, 50, good.len() / 2, good.len() - 3] {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        damaged.push(bad);
    }
    for bad in damaged {
        std::fs::write(cache_file(&repo), &bad).unwrap();
        let (got, err, code) = git_scan(repo.path(), &["--format", "json"]);
        assert_eq!(code, want_code, "{err}");
        assert!(got == want, "{}", String::from_utf8_lossy(&got));
        assert!(err.contains("leakhound: note: the history cache"), "{err}");
        assert!(err.contains("rebuilt"), "{err}");
        // Rebuilt: the next run uses it without a note.
        let (got, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
        assert!(got == want);
        assert!(!err.contains("note: the history cache"), "{err}");
        assert_eq!(cache_counts(&err).1, 0, "{err}");
    }
    // A directory where the file should be: the scan still succeeds and says so.
    std::fs::remove_file(cache_file(&repo)).unwrap();
    std::fs::create_dir(cache_file(&repo)).unwrap();
    let (got, err, code) = git_scan(repo.path(), &["--format", "json"]);
    assert_eq!(code, want_code, "{err}");
    assert!(got == want);
    assert!(err.contains("note: the history cache"), "{err}");
}

#[test]
fn the_cache_holds_no_secret_byte() {
    let repo = busy_repo();
    git_scan(repo.path(), &["--format", "json"]);
    let cache = std::fs::read(cache_file(&repo)).unwrap();
    let (json, _, _) = git_scan(repo.path(), &["--format", "json", "--show-secrets"]);
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let secrets: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["secret"].as_str().unwrap().to_string())
        .collect();
    assert!(secrets.len() >= 3, "{doc}");
    for secret in secrets {
        // No 8-byte piece of any secret.
        for piece in secret.as_bytes().windows(8) {
            assert!(
                !cache.windows(8).any(|w| w == piece),
                "a piece of a secret is in the cache"
            );
        }
    }
}

#[test]
fn cache_dir_and_no_cache() {
    let repo = busy_repo();
    let dir = tempfile::TempDir::new().unwrap();
    let elsewhere = dir.path().join("c");
    let (want, _, _) = git_scan(repo.path(), &["--format", "json", "--no-cache"]);
    assert!(!cache_file(&repo).exists(), "--no-cache writes nothing");
    let cache_arg = elsewhere.to_str().unwrap();
    let (got, _, _) = git_scan(repo.path(), &["--format", "json", "--cache", cache_arg]);
    assert!(got == want);
    assert!(elsewhere.join("history.cache").is_file());
    assert!(!cache_file(&repo).exists());
    let (got, err, _) = git_scan(
        repo.path(),
        &["--format", "json", "--cache", cache_arg, "-v"],
    );
    assert!(got == want);
    assert_eq!(cache_counts(&err).1, 0, "{err}");
    // A range has no use for the cache.
    let (_, err, _) = git_scan(repo.path(), &["--since", "HEAD~1", "-v"]);
    assert!(!err.contains("history cache"), "{err}");
    assert!(!cache_file(&repo).exists());
    let out = run(repo.path(), &["git", "--cache", cache_arg, "--no-cache"]);
    assert_eq!(out.status.code(), Some(2), "the two options conflict");
}

#[test]
fn bare_repositories_keep_the_cache_in_their_git_directory() {
    let repo = busy_repo();
    let dir = tempfile::TempDir::new().unwrap();
    let bare = dir.path().join("bare.git");
    support::git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--bare",
            "--no-local",
            repo.path().to_str().unwrap(),
            "bare.git",
        ],
    );
    let (want, _, _) = git_scan(&bare, &["--format", "json", "--no-cache"]);
    for _ in 0..2 {
        let (got, _, _) = git_scan(&bare, &["--format", "json"]);
        assert!(got == want);
    }
    assert!(bare.join("leakhound/history.cache").is_file());
}

/// The path of the loose object of `rev` in a repository with a work tree.
fn loose(repo: &Repo, rev: &str) -> PathBuf {
    let id = repo.git(&["rev-parse", rev]);
    repo.loose_object(&repo.path().join(".git"), &id)
}

#[test]
fn blobs_gone_missing_or_back_are_reported_as_without_cache() {
    let repo = busy_repo();
    repo.write("src/extra.txt", "a clean file that goes missing\n");
    repo.write("leak/extra.env", &format!("TOKEN={}\n", token(1520)));
    repo.commit_all("extra");
    assert_same_with_and_without_cache(&repo, &[]);
    // Damage after a cached scan: a clean blob and a blob with findings disappear.
    let clean = loose(&repo, "HEAD:src/extra.txt");
    let leak = loose(&repo, "HEAD:leak/extra.env");
    let kept_clean = std::fs::read(&clean).unwrap();
    let kept_leak = std::fs::read(&leak).unwrap();
    std::fs::remove_file(&clean).unwrap();
    std::fs::remove_file(&leak).unwrap();
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(err.contains("missing"), "{err}");
    // And back again.
    std::fs::write(&clean, kept_clean).unwrap();
    std::fs::write(&leak, kept_leak).unwrap();
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(!err.contains("missing"), "{err}");
}

/// Whether a verbose cached run continued the last full walk.
fn continued(stderr: &str) -> bool {
    stderr.contains("the last full walk was continued")
}

/// Commits what is staged with committer and author date `date`.
fn commit_dated(repo: &Repo, message: &str, date: &str) {
    repo.git(&["add", "-A"]);
    let out = support::git_command(repo.path())
        .env("GIT_AUTHOR_DATE", date)
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
fn continued_walks_give_the_report_of_a_full_walk() {
    let repo = busy_repo();
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(continued(&err), "nothing new: the walk is continued: {err}");
    let check = |what: &str, continues: bool| {
        let (_, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
        assert_eq!(continued(&err), continues, "{what}: {err}");
        let err = assert_same_with_and_without_cache(&repo, &[]);
        assert!(continued(&err), "{what}, then nothing new: {err}");
    };
    // A new commit with a new secret.
    repo.write("new.txt", &format!("{}\n", token(1530)));
    repo.commit_all("new");
    check("a new commit", true);
    // A branch whose commit is dated before all others and brings back a known secret (the
    // blob of a.env, deleted on main) at another path: it becomes that blob's earliest commit.
    repo.git(&["checkout", "-q", "-b", "old-dated"]);
    repo.write("z/again.env", &format!("TOKEN={}\n", token(1501)));
    commit_dated(&repo, "old", "2001-02-03T04:05:06Z");
    check("a back-dated commit", true);
    let (json, _, _) = git_scan(repo.path(), &["--format", "json"]);
    let json = String::from_utf8(json).unwrap();
    assert!(
        json.contains("z/again.env") && json.contains("2001-02-03"),
        "{json}"
    );
    assert!(!json.contains("\"a.env\""), "{json}");
    // A merge of it.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "--no-ff", "old-dated"]);
    check("a merge", true);
    // A commit no ref reached (its secret is dangling), then tagged.
    repo.write("dangling.txt", &format!("{}\n", token(1531)));
    repo.git(&["add", "dangling.txt"]);
    let tree = repo.git(&["write-tree"]);
    repo.git(&["reset", "-q"]);
    std::fs::remove_file(repo.path().join("dangling.txt")).unwrap();
    let head = repo.git(&["rev-parse", "HEAD"]);
    let dangling = repo.git(&["commit-tree", &tree, "-p", &head, "-m", "dangling"]);
    check("a dangling commit", true);
    repo.git(&["tag", "found", &dangling]);
    check("a tag on it", true);
    // A branch deleted, a ref moved back: the full walk again.
    repo.git(&["branch", "-q", "-D", "side"]);
    check("a branch deleted", false);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    check("a ref moved back", false);
    // Everything packed, nothing dropped: the same objects, read from a pack now.
    repo.git(&["repack", "-q", "-a", "-d", "-k"]);
    check("a repack", true);
    // A blob over the size limit in a new commit.
    let extra = ["--max-file-size", "100"];
    assert_same_with_and_without_cache(&repo, &extra);
    repo.write(
        "big.txt",
        &format!("{}\n{}\n", "x".repeat(200), token(1532)),
    );
    repo.commit_all("big");
    let (_, err, _) = git_scan(
        repo.path(),
        &["--format", "json", "-v", "--max-file-size", "100"],
    );
    assert!(continued(&err), "{err}");
    let err = assert_same_with_and_without_cache(&repo, &extra);
    assert!(continued(&err), "{err}");
}

/// Runs git with `input` on stdin; returns stdout, trimmed.
fn git_with_input(repo: &Repo, args: &[&str], input: &str) -> String {
    use std::io::Write as _;
    let mut child = support::git_command(repo.path())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn blobs_missing_from_new_commits_are_reported_and_their_return_ends_the_continued_walk() {
    let repo = busy_repo();
    assert_same_with_and_without_cache(&repo, &[]);
    // A tree that names a blob the repository does not have (yet), committed on a branch.
    let content = format!("{}\n", token(1540));
    let absent = git_with_input(&repo, &["hash-object", "--stdin"], &content);
    let tree = git_with_input(
        &repo,
        &["mktree", "--missing"],
        &format!("100644 blob {absent}\tgone.txt\n"),
    );
    let head = repo.git(&["rev-parse", "HEAD"]);
    let commit = repo.git(&["commit-tree", &tree, "-p", &head, "-m", "missing"]);
    repo.git(&["branch", "broken", &commit]);
    let (_, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert!(continued(&err), "{err}");
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(err.contains("1 blob is missing"), "{err}");
    assert!(continued(&err), "the missing blob is remembered: {err}");
    // The blob arrives (a fetch): the old trees' sets change, so the full walk.
    git_with_input(&repo, &["hash-object", "-w", "--stdin"], &content);
    let (json, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert!(!continued(&err), "{err}");
    assert!(String::from_utf8(json).unwrap().contains("gone.txt"));
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(!err.contains("missing"), "{err}");
    assert!(continued(&err), "{err}");
}

/// Credential files that only their path makes a finding (rules scoped by path, which the
/// history's first pass cannot apply) are reported alike with and without the cache, and when
/// a continued walk meets a new one.
#[test]
fn credential_files_known_by_their_path_are_reported_alike_with_and_without_cache() {
    let repo = busy_repo();
    repo.write(
        ".pgpass",
        "db.acme-corp.io:5432:billing:billing_app:Rq7vanMoor2Kx9\n",
    );
    repo.commit_all("pgpass");
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(continued(&err), "{err}");
    repo.write(
        "home/u/.subversion/auth/svn.simple/78a05f98b22f95a8fe59fedcc815559e",
        "K 8\npassword\nV 14\nTq4NwmvIs8pLv+\nK 8\nusername\nV 4\nops1\nEND\n",
    );
    repo.commit_all("svn");
    let (got, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert!(continued(&err), "{err}");
    let (want, _, _) = git_scan(repo.path(), &["--format", "json", "--no-cache"]);
    assert!(got == want, "{}", String::from_utf8_lossy(&got));
    let json = String::from_utf8(want).unwrap();
    assert!(json.contains("pgpass-password"), "{json}");
    assert!(json.contains("svn-simple-auth-password"), "{json}");
    assert_same_with_and_without_cache(&repo, &[]);
}

/// `summary` of a JSON report.
fn summary_of(json: &[u8]) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_slice(json).unwrap();
    doc["summary"].clone()
}

#[test]
fn blobs_no_ref_reaches_are_read_only_when_asked_and_found_once_reached() {
    let repo = busy_repo();
    let base = summary_of(&git_scan(repo.path(), &["--format", "json", "--no-cache"]).0);
    // A secret in a blob written and never committed, and one in a commit a reset dropped.
    let loose = git_with_input(
        &repo,
        &["hash-object", "-w", "--stdin"],
        &format!("{}\n", token(1540)),
    );
    repo.write("dropped.env", &format!("TOKEN={}\n", token(1541)));
    let dropped = repo.commit_all("dropped");
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.git(&["reflog", "expire", "--expire=now", "--all"]);
    assert_eq!(repo.git(&["cat-file", "-t", &loose]), "blob");
    assert_eq!(repo.git(&["cat-file", "-t", &dropped]), "commit");
    for packed in [false, true] {
        if packed {
            // Kept in the pack although no ref reaches them.
            repo.git(&["repack", "-q", "-a", "-d", "-k"]);
        }
        // By default neither is read: the counts are those of the history alone.
        let (json, err, code) = git_scan(repo.path(), &["--format", "json", "--no-cache"]);
        assert_eq!(code, 1, "{err}");
        let s = summary_of(&json);
        assert_eq!(s, base, "packed {packed}: {err}");
        assert!(!err.contains("dangling"), "{err}");
        // Asked to, both are scanned, counted, noted and not reported.
        let (all, err, code) = git_scan(
            repo.path(),
            &["--format", "json", "--no-cache", "--include-unreachable"],
        );
        assert_eq!(code, 1, "{err}");
        let s = summary_of(&all);
        assert_eq!(s["scanned"], base["scanned"].as_u64().unwrap() + 2, "{s}");
        assert_eq!(s["history"]["unreachable_with_findings"], 2, "{s}");
        assert_eq!(
            s["history"]["unique_blobs"],
            base["history"]["unique_blobs"].as_u64().unwrap() + 2
        );
        let findings = |json: &[u8]| {
            let doc: serde_json::Value = serde_json::from_slice(json).unwrap();
            doc["findings"].clone()
        };
        assert_eq!(findings(&all), findings(&json), "packed {packed}");
        // With the cache, each way gives the report of a scan without it.
        assert_same_with_and_without_cache(&repo, &["--include-unreachable"]);
        // (The two kinds of scan keep caches under different keys: each rebuilds the other's.)
        let err = assert_same_with_and_without_cache(&repo, &[]);
        assert!(continued(&err), "{err}");
    }
    // The dropped commit reached again by a new branch: a cached rescan continues the walk,
    // scans the blob it never read, and reports the secret, as a scan without cache does.
    repo.git(&["branch", "back", &dropped]);
    let (_, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert!(continued(&err), "{err}");
    let (known, added) = cache_counts(&err);
    assert!(
        known > 10 && added == 1,
        "only the dropped blob is read: {err}"
    );
    let (json, _, _) = git_scan(repo.path(), &["--format", "json"]);
    let text = String::from_utf8(json).unwrap();
    assert!(text.contains("dropped.env"), "{text}");
    let err = assert_same_with_and_without_cache(&repo, &[]);
    assert!(continued(&err), "{err}");
    // The loose blob named by a new commit's tree: the same.
    let tree = git_with_input(
        &repo,
        &["mktree"],
        &format!("100644 blob {loose}\tloose.txt\n"),
    );
    let head = repo.git(&["rev-parse", "HEAD"]);
    let commit = repo.git(&["commit-tree", &tree, "-p", &head, "-m", "loose"]);
    repo.git(&["branch", "loose", &commit]);
    let (_, err, _) = git_scan(repo.path(), &["--format", "json", "-v"]);
    assert!(continued(&err), "{err}");
    assert_eq!(cache_counts(&err).1, 1, "{err}");
    let (json, _, _) = git_scan(repo.path(), &["--format", "json"]);
    assert!(String::from_utf8(json).unwrap().contains("loose.txt"));
    assert_same_with_and_without_cache(&repo, &[]);
}
