//! `leakhound git`: full history and ranges, on real repositories.

mod support;

use support::{findings, git, git_command, run, run_json, stderr, token, Repo};

#[test]
fn first_commit_is_attributed_with_author_and_date() {
    let repo = Repo::init();
    repo.write("a.env", &format!("TOKEN={}\n", token(21)));
    let commit = repo.commit_all("first");
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    let c = &found[0]["commit"];
    assert_eq!(found[0]["source"], "commit");
    assert_eq!(c["commit"], commit.as_str());
    assert_eq!(c["author"], "Test Author");
    assert_eq!(c["email"], "author@example.com");
    assert_eq!(c["date"], "2024-01-02T03:04:05Z");
    assert_eq!(c["present_at_head"], true);
    assert_eq!(doc["summary"]["history"]["commits"], 1);
}

/// History reports, whole: the commit line of the text report, and the commit in JSON and SARIF.
#[test]
fn history_reports_match_their_snapshots() {
    let repo = Repo::init();
    repo.write("a.env", &format!("TOKEN={}\n", token(31)));
    repo.commit_all("first");
    repo.write("a.env", "TOKEN=gone\n");
    repo.write("b.txt", &format!("key = {}\n", token(32)));
    repo.commit_all("second");
    for format in ["text", "json", "sarif"] {
        let out = run(repo.path(), &["git", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let version = regex::escape(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")));
        insta::with_settings!({filters => vec![(version.as_str(), "\"version\": \"[VERSION]\"")]}, {
            insta::assert_snapshot!(format!("history_report_{format}"), stdout);
        });
    }
}

#[test]
fn unborn_repository_is_clean() {
    let repo = Repo::init();
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["history"]["commits"], 0);
}

#[test]
fn deleted_secret_is_found_and_not_at_head() {
    let repo = Repo::init();
    repo.write("keep.txt", "hello\n");
    repo.commit_all("first");
    repo.write("leak.txt", &format!("{}\n", token(22)));
    let added = repo.commit_all("leak");
    repo.git(&["rm", "-q", "leak.txt"]);
    repo.commit_all("remove");
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["commit"]["commit"], added.as_str());
    assert_eq!(found[0]["commit"]["present_at_head"], false);
}

#[test]
fn secret_kept_through_edits_is_reported_once_at_its_first_commit() {
    let repo = Repo::init();
    repo.write("cfg.txt", &format!("key = {}\nv = 1\n", token(23)));
    let first = repo.commit_all("first");
    repo.write("cfg.txt", &format!("key = {}\nv = 2\n", token(23)));
    repo.commit_all("second");
    repo.git(&["mv", "cfg.txt", "renamed.txt"]);
    repo.commit_all("rename");
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    // The unchanged blob moved, so the rename is the same blob: reported under its first path.
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(found[0]["path"], "cfg.txt");
    assert_eq!(found[0]["commit"]["commit"], first.as_str());
    assert_eq!(found[0]["commit"]["present_at_head"], false);
}

#[test]
fn unmerged_branch_and_tag_only_secrets_are_found() {
    let repo = Repo::init();
    repo.write("a.txt", "a\n");
    repo.commit_all("first");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("branch.txt", &format!("{}\n", token(24)));
    repo.commit_all("on branch");
    repo.git(&["checkout", "-q", "-b", "tagged", "main"]);
    repo.write("tag.txt", &format!("{}\n", token(25)));
    repo.commit_all("tagged");
    repo.git(&["tag", "-a", "-m", "release", "v1"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["branch", "-q", "-D", "tagged"]);
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let paths: Vec<_> = findings(&doc)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["branch.txt", "tag.txt"]);
}

/// A merge whose conflict resolution adds a secret that neither parent had.
fn conflicted_merge(repo: &Repo) -> (String, String) {
    repo.write("f.txt", "base\n");
    let base = repo.commit_all("base");
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write("f.txt", "other\n");
    repo.commit_all("other");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("f.txt", "mine\n");
    repo.commit_all("main");
    let merge = git_command(repo.path())
        .args(["merge", "-q", "other"])
        .output()
        .unwrap();
    assert!(!merge.status.success());
    repo.write("f.txt", &format!("resolved {}\n", token(26)));
    repo.git(&["add", "f.txt"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    (base, repo.git(&["rev-parse", "HEAD"]))
}

#[test]
fn merge_conflict_resolution_is_scanned() {
    let repo = Repo::init();
    let (base, merge) = conflicted_merge(&repo);
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["commit"]["commit"], merge.as_str());
    let (code, doc) = run_json(repo.path(), &["git", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc)[0]["commit"]["commit"], merge.as_str());
}

#[test]
fn range_finds_secret_added_and_removed_inside_it_but_not_older_ones() {
    let repo = Repo::init();
    repo.write("old.txt", &format!("old = {}\n", token(27)));
    let base = repo.commit_all("base");
    repo.write("old.txt", &format!("old = {}\nnew line\n", token(27)));
    repo.write("pr.txt", &format!("{}\n", token(28)));
    let added = repo.commit_all("add");
    repo.git(&["rm", "-q", "pr.txt"]);
    repo.commit_all("remove");
    for args in [
        vec!["git", "--range", &format!("{base}..HEAD")],
        vec!["git", "--range", &format!("{base}..")],
        vec!["git", "--since", &base],
    ] {
        let (code, doc) = run_json(repo.path(), &args);
        assert_eq!(code, 1, "{args:?}");
        let found = findings(&doc);
        assert_eq!(found.len(), 1, "{args:?}: {doc}");
        assert_eq!(found[0]["path"], "pr.txt");
        assert_eq!(found[0]["commit"]["commit"], added.as_str());
        assert_eq!(doc["summary"]["history"]["commits"], 2);
    }
    let out = run(repo.path(), &["git", "--range", "nosuchref..HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nosuchref"));
}

/// A repository with `n` commits, each adding one secret file.
fn history_of(n: u64) -> Repo {
    let repo = Repo::init();
    for i in 0..n {
        repo.write(&format!("f{i}.txt"), &format!("key = {}\n", token(100 + i)));
        repo.commit_all(&format!("c{i}"));
    }
    repo
}

#[test]
fn shallow_clones_scan_what_they_have_and_say_so() {
    let origin = history_of(5);
    for depth in [1, 3] {
        let clone = tempfile::TempDir::new().unwrap();
        let url = format!("file://{}", origin.path().display());
        git(
            clone.path(),
            &["clone", "-q", "--depth", &depth.to_string(), &url, "c"],
        );
        let dir = clone.path().join("c");
        let (code, doc) = run_json(&dir, &["git"]);
        assert_eq!(code, 1);
        // The boundary commit's whole tree counts as introduced there.
        assert_eq!(findings(&doc).len(), 5);
        assert_eq!(doc["summary"]["history"]["commits"], depth);
        assert_eq!(doc["summary"]["history"]["shallow_boundaries"], 1);
        let notes = doc["summary"]["notes"].to_string();
        assert!(notes.contains("shallow"), "{notes}");
        // BASE cut off by the shallow clone: an error that says how to fix it.
        let base = origin.git(&["rev-parse", "HEAD~4"]);
        let out = run(&dir, &["git", "--range", &format!("{base}..HEAD")]);
        assert_eq!(out.status.code(), Some(2));
        let message = stderr(&out);
        assert!(
            message.contains("shallow") && message.contains("fetch-depth: 0"),
            "{message}"
        );
    }
}

#[test]
fn bare_repository_is_scanned() {
    let origin = history_of(2);
    let dir = tempfile::TempDir::new().unwrap();
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--bare",
            origin.path().to_str().unwrap(),
            "b.git",
        ],
    );
    let (code, doc) = run_json(&dir.path().join("b.git"), &["git"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc).len(), 2);
    assert_eq!(findings(&doc)[0]["commit"]["present_at_head"], true);
}

/// The id of the blob at `path` in HEAD.
fn blob_id(repo: &Repo, path: &str) -> String {
    repo.git(&["rev-parse", &format!("HEAD:{path}")])
}

#[test]
fn corrupt_object_is_an_error() {
    let repo = history_of(1);
    let id = blob_id(&repo, "f0.txt");
    let object = repo.loose_object(&repo.path().join(".git"), &id);
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, b"this is not a zlib stream").unwrap();
    let out = run(repo.path(), &["git"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn missing_object_is_an_error_not_a_pass() {
    let repo = history_of(1);
    repo.write("clean.txt", "nothing here\n");
    repo.commit_all("clean");
    let id = blob_id(&repo, "clean.txt");
    std::fs::remove_file(repo.loose_object(&repo.path().join(".git"), &id)).unwrap();
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 2);
    assert_eq!(doc["summary"]["history"]["missing_objects"], 1);
    assert_eq!(
        findings(&doc).len(),
        1,
        "what could be scanned is still reported"
    );
}

#[test]
fn not_a_repository_is_an_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = run(dir.path(), &["git"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
    let out = run(dir.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn lfs_pointers_symlinks_and_crlf() {
    let repo = Repo::init();
    repo.write(
        "big.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    repo.write("win.txt", &format!("a\r\nb\r\nkey = {}\r\n", token(30)));
    #[cfg(unix)]
    std::os::unix::fs::symlink("win.txt", repo.path().join("link.txt")).unwrap();
    repo.commit_all("mixed");
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1, "the symlink is not followed: {doc}");
    assert_eq!(found[0]["path"], "win.txt");
    assert_eq!(found[0]["line"], 3);
    assert_eq!(doc["summary"]["skipped_lfs"], 1);
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let repo = history_of(6);
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~3"]);
    repo.write("side.txt", &format!("{}\n{}\n", token(40), token(41)));
    repo.commit_all("side");
    repo.git(&["checkout", "-q", "main"]);
    for format in ["json", "sarif", "text"] {
        let outputs: Vec<Vec<u8>> = ["1", "8", "1", "8"]
            .iter()
            .map(|j| run(repo.path(), &["git", "-j", j, "--format", format]).stdout)
            .collect();
        assert!(!outputs[0].is_empty());
        assert!(outputs.iter().all(|o| o == &outputs[0]), "{format} differs");
    }
}

#[test]
fn missing_parent_commit_outside_a_shallow_clone_is_an_error() {
    let repo = history_of(2);
    let first = repo.git(&["rev-parse", "HEAD~1"]);
    std::fs::remove_file(repo.loose_object(&repo.path().join(".git"), &first)).unwrap();
    let (code, doc) = run_json(repo.path(), &["git"]);
    assert_eq!(code, 2, "{doc}");
    assert_eq!(
        findings(&doc).len(),
        2,
        "what could be scanned is still reported"
    );
}

#[test]
fn objects_in_alternates_are_not_silently_skipped() {
    let origin = history_of(1);
    let dir = tempfile::TempDir::new().unwrap();
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--shared",
            origin.path().to_str().unwrap(),
            "c",
        ],
    );
    let out = run(&dir.path().join("c"), &["git"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("alternate"), "{}", stderr(&out));
}

/// Counts of one read in the singular: "1 finding in 1 file; scanned 1 blob …; history:
/// 1 commit, 1 unique blob", and two in the plural.
#[test]
fn summary_counts_are_singular_for_one() {
    let repo = Repo::init();
    repo.write("a.env", &format!("TOKEN={}\n", token(31)));
    repo.commit_all("first");
    let out = run(repo.path(), &["git"]);
    let err = stderr(&out);
    assert!(
        err.contains("leakhound: 1 finding in 1 file; scanned 1 blob (")
            && err.contains("; history: 1 commit, 1 unique blob\n"),
        "{err}"
    );
    repo.write("b.env", &format!("TOKEN={}\n", token(32)));
    repo.commit_all("second");
    let err = stderr(&run(repo.path(), &["git"]));
    assert!(
        err.contains("leakhound: 2 findings in 2 files; scanned 2 blobs (")
            && err.contains("; history: 2 commits, 2 unique blobs\n"),
        "{err}"
    );
}

/// Pass one scans a blob stored as a delta of a clean blob by the lines the delta changed
/// (`engine::regions`): the report must be the one of scanning every blob whole, and in
/// `verify` mode every blob found clean so is scanned whole too and must find nothing.
#[test]
fn blobs_scanned_by_their_deltas_report_what_whole_scans_do() {
    use support::Rng;
    let repo = Repo::init();
    let mut rng = Rng::new(77);
    let mut lines: Vec<String> = (0..300)
        .map(|i| format!("    let value_{i} = compute({i}, \"{}\");", rng.alnum(12)))
        .collect();
    let key_body: Vec<String> = (0..12).map(|_| rng.base64(64)).collect();
    let bad_checksum = format!("ghp_{}", rng.alnum(36));
    let encoded = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("token = {}", token(61)))
    };
    let write = |lines: &[String], n: usize| {
        repo.write("src/big.rs", &(lines.join("\n") + "\n"));
        repo.commit_all(&format!("v{n}"));
    };
    for n in 0..40 {
        let at = rng.below(lines.len());
        lines[at] = format!("    let edited_{n} = {};", rng.alnum(20));
        match n {
            8 => lines.insert(150, format!("    let t = \"{}\";", token(60))),
            12 => {
                lines.remove(150);
            }
            16 => lines.insert(40, format!("    let b = \"{encoded}\";")),
            20 => lines.insert(200, format!("    let c = \"{bad_checksum}\";")),
            24 => {
                let mut block = vec!["-----BEGIN RSA PRIVATE KEY-----".to_string()];
                block.extend(key_body.iter().cloned());
                block.push("-----END RSA PRIVATE KEY-----".to_string());
                for (k, l) in block.into_iter().enumerate() {
                    lines.insert(260 + k, l);
                }
            }
            28 => lines.insert(
                100,
                format!("    let d = \"{}\"; // leakhound:allow", token(62)),
            ),
            _ => {}
        }
        write(&lines, n);
    }
    repo.git(&[
        "repack",
        "-q",
        "-a",
        "-d",
        "-f",
        "--depth=50",
        "--window=50",
    ]);
    let scan = |mode: &str, extra: &[&str]| {
        let mut args = vec!["git", "--format", "json"];
        args.extend(extra);
        let out = support::leakhound(repo.path())
            .args(&args)
            .env("LEAKHOUND_HISTORY_DELTAS", mode)
            .output()
            .expect("leakhound runs");
        (
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (whole, _) = scan("off", &["--no-cache"]);
    let doc: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    assert!(findings(&doc).len() >= 3, "{doc}");
    assert!(
        doc["summary"]["rejected_by_checksum"].as_u64() > Some(0),
        "{doc}"
    );
    assert!(
        doc["summary"]["suppressed_inline"].as_u64() > Some(0),
        "{doc}"
    );
    let (checked, stderr) = scan("verify", &["--no-cache"]);
    assert_eq!(
        String::from_utf8_lossy(&checked),
        String::from_utf8_lossy(&whole)
    );
    let verified: u64 = stderr
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(verified >= 10, "{stderr}");
    let (default, _) = scan("on", &["--no-cache", "-j", "1"]);
    assert_eq!(default, whole);
    // With the cache: what it records of a blob found clean by its delta is what a whole scan
    // records, so the scan after it reports the same too.
    let (first, _) = scan("on", &[]);
    let (again, _) = scan("on", &[]);
    assert_eq!(first, whole);
    assert_eq!(again, whole);
}

const PGPASS_LINE: &str = "db.acme-corp.io:5432:billing:billing_app:Rq7vanMoor2Kx9\n";
const SVN_PATH: &str = "home/u/.subversion/auth/svn.simple/78a05f98b22f95a8fe59fedcc815559e";
const SVN_FILE: &str =
    "K 8\npasstype\nV 6\nsimple\nK 8\npassword\nV 14\nTq4NwmvIs8pLv+\nK 8\nusername\nV 4\nops1\nEND\n";

/// (path, rule) of every finding, sorted.
fn paths_and_rules(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = findings(doc)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// Full-history walks without the cache (two threads and one), writing it, and reading it back
/// all report exactly `want` (path, rule), each finding in `commit`.
fn assert_every_walk_finds(repo: &Repo, want: &[(String, String)], commit: &str) {
    for args in [
        &["git", "--no-cache"][..],
        &["git", "--no-cache", "-j", "1"],
        &["git"],
        &["git"],
    ] {
        let (code, doc) = run_json(repo.path(), args);
        assert_eq!(code, 1, "{args:?}: {doc}");
        assert_eq!(paths_and_rules(&doc), want, "{args:?}: {doc}");
        for f in findings(&doc) {
            assert_eq!(f["commit"]["commit"], commit, "{args:?}");
        }
    }
}

/// Credential files that only their path makes a finding (`.pgpass`, a Subversion password
/// cache below `auth/svn.simple/`) are found by a full-history scan as by a scan of the files,
/// though the history's first pass scans blobs without their paths.
#[test]
fn credential_files_known_by_their_path_are_found_in_full_history() {
    let repo = Repo::init();
    repo.write("keep.txt", "hello\n");
    let first = repo.commit_all("first");
    repo.write(".pgpass", PGPASS_LINE);
    repo.write(SVN_PATH, SVN_FILE);
    // The same shapes at paths no scoped rule matches are not findings.
    repo.write(
        "docs/pgpass-example.txt",
        "db.acme-corp.io:5432:billing:billing_app:Lw8cenKoor5Pz3\n",
    );
    repo.write(
        "notes/78a05f98b22f95a8fe59fedcc815559e",
        &SVN_FILE.replace("Tq4NwmvIs8pLv+", "Mz7RbwqJs2nKv+"),
    );
    let added = repo.commit_all("credentials");
    let (_, files) = run_json(repo.path(), &["scan", "."]);
    let want = vec![
        (".pgpass".to_string(), "pgpass-password".to_string()),
        (SVN_PATH.to_string(), "svn-simple-auth-password".to_string()),
    ];
    assert_eq!(paths_and_rules(&files), want, "{files}");
    assert_every_walk_finds(&repo, &want, &added);
    let range = format!("{first}..HEAD");
    let (_, doc) = run_json(repo.path(), &["git", "--range", &range]);
    assert_eq!(paths_and_rules(&doc), want, "{doc}");
    // Deleted later: still found, not at the head.
    repo.git(&["rm", "-q", ".pgpass"]);
    repo.commit_all("remove");
    let (_, doc) = run_json(repo.path(), &["git", "--no-cache"]);
    let pgpass: Vec<_> = findings(&doc)
        .iter()
        .filter(|f| f["rule_id"] == "pgpass-password")
        .cloned()
        .collect();
    assert_eq!(pgpass.len(), 1, "{doc}");
    assert_eq!(pgpass[0]["commit"]["present_at_head"], false);
}

/// A credential file committed first at a path no scoped rule matches and copied later to one
/// that does (the first copy kept, at a path sorting before it) is found at the credential
/// path, in the commit that copied it there.
#[test]
fn a_credential_file_copied_to_its_path_later_is_found_there() {
    let repo = Repo::init();
    repo.write("backup.txt", PGPASS_LINE);
    repo.commit_all("first");
    repo.write("home/u/.pgpass", PGPASS_LINE);
    let copied = repo.commit_all("copy");
    let want = vec![("home/u/.pgpass".to_string(), "pgpass-password".to_string())];
    assert_every_walk_finds(&repo, &want, &copied);
}

/// Trees nested deeper than the levels read by a pass over the packs each are looked up one by
/// one: a file 40 directories down is reached, scanned and attributed, loose and packed.
#[test]
fn files_nested_deeper_than_the_pack_passes_are_reached() {
    let repo = Repo::init();
    let deep = vec!["d"; 40].join("/");
    repo.write("top.env", &format!("TOKEN={}\n", token(41)));
    repo.write(
        &format!("{deep}/leak.env"),
        &format!("TOKEN={}\n", token(42)),
    );
    repo.commit_all("deep");
    for packed in [false, true] {
        if packed {
            repo.git(&["gc", "-q"]);
        }
        let (code, doc) = run_json(repo.path(), &["git", "--no-cache"]);
        assert_eq!(code, 1, "{doc}");
        let mut paths: Vec<String> = findings(&doc)
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        assert_eq!(
            paths,
            vec![format!("{deep}/leak.env"), "top.env".to_string()]
        );
        assert_eq!(doc["summary"]["history"]["unique_blobs"], 2, "{doc}");
    }
}
