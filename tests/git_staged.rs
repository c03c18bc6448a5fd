//! `leakhound staged`: the pre-commit scan of what is staged, on real repositories.

mod support;

use std::io::Write;
use std::process::Stdio;

use support::{findings, git_command, run, run_json, stderr, token, Repo};

#[test]
fn unborn_head_new_file_with_secret_is_found() {
    let repo = Repo::init();
    repo.write("config.env", &format!("TOKEN={}\n", token(1)));
    repo.git(&["add", "config.env"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["path"], "config.env");
    assert_eq!(found[0]["source"], "staged");
    assert_eq!(found[0]["line"], 1);
}

#[test]
fn nothing_staged_is_clean() {
    let repo = Repo::init();
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty());
}

/// `pre-commit run --all-files` runs `leakhound staged` with nothing staged: it passes, and says
/// on stderr that it scanned nothing and what scans committed files.
#[test]
fn nothing_staged_says_so_and_names_what_scans_committed_files() {
    let repo = Repo::init();
    repo.write("deploy.env", &format!("TOKEN={}\n", token(4)));
    repo.commit_all("an old leak");
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("nothing is staged"), "{err}");
    assert!(
        err.contains("leakhound scan .") && err.contains("leakhound-files"),
        "{err}"
    );
    // Something staged, and clean: no such note.
    repo.write("readme.txt", "hello\n");
    repo.git(&["add", "readme.txt"]);
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !stderr(&out).contains("nothing is staged"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn committed_secret_on_untouched_line_does_not_block() {
    let repo = Repo::init();
    repo.write("app.cfg", &format!("a = 1\ntoken = {}\nb = 2\n", token(2)));
    repo.commit_all("first");
    repo.write(
        "app.cfg",
        &format!("a = 1\ntoken = {}\nb = 3\nc = 4\n", token(2)),
    );
    repo.git(&["add", "app.cfg"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 0, "{doc}");
    // A new secret on an added line of the same file is reported, and only that one.
    repo.write(
        "app.cfg",
        &format!("a = 1\ntoken = {}\nb = 3\nnew = {}\n", token(2), token(3)),
    );
    repo.git(&["add", "app.cfg"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["line"], 4);
}

#[test]
fn reads_the_index_not_the_work_tree() {
    let repo = Repo::init();
    repo.write("a.txt", "clean\n");
    repo.git(&["add", "a.txt"]);
    repo.write("a.txt", &format!("clean\n{}\n", token(4)));
    assert_eq!(run(repo.path(), &["staged"]).status.code(), Some(0));
    repo.git(&["add", "a.txt"]);
    repo.write("a.txt", "clean\n");
    assert_eq!(run(repo.path(), &["staged"]).status.code(), Some(1));
}

#[test]
fn renames_report_only_what_is_added() {
    let repo = Repo::init();
    let body: String = (0..20).map(|i| format!("line {i}\n")).collect();
    repo.write("old.txt", &format!("{body}key = {}\n", token(5)));
    repo.commit_all("first");
    repo.git(&["mv", "old.txt", "new.txt"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 0, "a pure rename adds nothing: {doc}");
    // Rename with an edit that adds a secret: only the new secret is reported.
    repo.write(
        "new.txt",
        &format!("{body}key = {}\nmore = {}\n", token(5), token(6)),
    );
    repo.git(&["add", "new.txt"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(found[0]["path"], "new.txt");
    assert_eq!(found[0]["line"], 22);
}

#[test]
fn deletions_and_intent_to_add_are_not_findings() {
    let repo = Repo::init();
    repo.write("secret.txt", &format!("{}\n", token(7)));
    repo.commit_all("first");
    repo.git(&["rm", "-q", "secret.txt"]);
    repo.write("later.txt", &format!("{}\n", token(8)));
    repo.git(&["add", "-N", "later.txt"]);
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn conflict_stages_do_not_crash() {
    let repo = Repo::init();
    repo.write("f.txt", "base\n");
    repo.commit_all("base");
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write("f.txt", "other\n");
    repo.commit_all("other");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("f.txt", &format!("main {}\n", token(9)));
    repo.commit_all("main");
    let merge = git_command(repo.path())
        .args(["merge", "-q", "other"])
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge conflicts");
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn submodules_are_skipped() {
    let sub = Repo::init();
    sub.write("inner.txt", &format!("{}\n", token(10)));
    sub.commit_all("inner");
    let repo = Repo::init();
    repo.write("top.txt", "top\n");
    repo.commit_all("top");
    let url = format!("file://{}", sub.path().display());
    support::git(
        repo.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "sub",
        ],
    );
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    repo.commit_all("add submodule");
    let out = run(repo.path(), &["git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn partial_staging_with_add_p() {
    let repo = Repo::init();
    let body: String = (0..30).map(|i| format!("line {i}\n")).collect();
    repo.write("f.txt", &body);
    repo.commit_all("first");
    let mut lines: Vec<String> = body.lines().map(String::from).collect();
    lines.insert(1, "clean addition".into());
    lines.push(format!("secret = {}", token(11)));
    repo.write("f.txt", &(lines.join("\n") + "\n"));
    let mut child = git_command(repo.path())
        .args(["add", "-p", "f.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"y\nn\n").unwrap();
    assert!(child.wait().unwrap().success());
    let staged = repo.git(&["diff", "--cached"]);
    assert!(staged.contains("clean addition") && !staged.contains("ghp_"));
    assert_eq!(run(repo.path(), &["staged"]).status.code(), Some(0));
    repo.git(&["add", "f.txt"]);
    assert_eq!(run(repo.path(), &["staged"]).status.code(), Some(1));
}

#[test]
fn crlf_files_report_the_right_line() {
    let repo = Repo::init();
    repo.write("win.txt", "one\r\ntwo\r\n");
    repo.commit_all("first");
    repo.write("win.txt", &format!("one\r\ntwo\r\nkey = {}\r\n", token(12)));
    repo.git(&["add", "win.txt"]);
    let (code, doc) = run_json(repo.path(), &["staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc)[0]["line"], 3);
}

/// Installs `leakhound staged` as a plain pre-commit hook.
fn install_hook(repo: &Repo) {
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec \"{}\" staged -q\n",
            env!("CARGO_BIN_EXE_leakhound")
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn pre_commit_hook_blocks_commit_a_with_a_secret() {
    let repo = Repo::init();
    repo.write("app.cfg", "name = demo\n");
    repo.write("other.cfg", "x = 1\n");
    repo.commit_all("first");
    install_hook(&repo);
    let head = repo.git(&["rev-parse", "HEAD"]);

    // `git commit -a` hands the hook a temporary index through GIT_INDEX_FILE.
    repo.write("app.cfg", &format!("name = demo\ntoken = {}\n", token(13)));
    let out = git_command(repo.path())
        .args(["commit", "-q", "-a", "-m", "leak"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the hook must refuse the commit");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);

    // `git commit <path>` of another, clean file goes through, though the real index holds the
    // secret: the hook sees git's temporary index.
    repo.git(&["add", "app.cfg"]);
    repo.write("other.cfg", "x = 2\n");
    let out = git_command(repo.path())
        .args(["commit", "-q", "-m", "clean", "other.cfg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(repo.git(&["rev-parse", "HEAD"]), head);
    repo.git(&["reset", "-q", "app.cfg"]);

    // A clean `commit -a` goes through.
    repo.write("app.cfg", "name = demo2\n");
    let out = git_command(repo.path())
        .args(["commit", "-q", "-a", "-m", "ok"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The staged scan reads git's index in place where it can (versions 2, 3 and 4, with a
/// cache-tree that proves most directories unchanged) and through gix otherwise (a split index):
/// every format gives the same findings, and a damaged index is an error, not a clean pass.
#[test]
fn every_index_format_gives_the_same_findings() {
    let formats: [&[&str]; 4] = [
        &["update-index", "--index-version", "2"],
        &["update-index", "--index-version", "3"],
        &["update-index", "--index-version", "4"],
        &["update-index", "--split-index"],
    ];
    for format in formats {
        let repo = Repo::init();
        for d in 0..30 {
            repo.write(&format!("d{d:02}/f.txt"), &format!("file {d}\n"));
        }
        repo.commit_all("a tree of thirty directories");
        repo.git(format);
        // A clean edit, a secret added to a file, a new file deeper down, an intent-to-add
        // entry (an extended flag) and a deletion.
        repo.write("d03/f.txt", "file 3 changed\n");
        repo.write("d17/f.txt", &format!("file 17\nkey = {}\n", token(11)));
        repo.write("d29/new/deep.env", &format!("TOKEN={}\n", token(12)));
        repo.git(&["add", "-A"]);
        repo.git(&["rm", "-q", "d08/f.txt"]);
        repo.write("d05/later.txt", &format!("{}\n", token(13)));
        repo.git(&["add", "-N", "d05/later.txt"]);
        let (code, doc) = run_json(repo.path(), &["staged"]);
        assert_eq!(code, 1, "{format:?}: {doc}");
        let mut found: Vec<(String, i64)> = findings(&doc)
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap_or_default().to_owned(),
                    f["line"].as_i64().unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("d17/f.txt".to_owned(), 2),
                ("d29/new/deep.env".to_owned(), 1)
            ],
            "{format:?}"
        );
    }
    // A truncated index.
    let repo = Repo::init();
    repo.write("a.env", &format!("TOKEN={}\n", token(14)));
    repo.git(&["add", "a.env"]);
    let index = repo.path().join(".git/index");
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() / 2]).unwrap();
    let out = run(repo.path(), &["staged"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("index"), "{}", stderr(&out));
}
