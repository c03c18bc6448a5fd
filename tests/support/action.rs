//! The GitHub Action, interpreted for tests: a simulated runner that runs scripts/action.sh as
//! GitHub does (event payload file, GITHUB_* variables, output and summary files), and an
//! interpreter of action.yml's composite steps. Used by tests/action.rs.
#![allow(dead_code)]

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use serde_json::Value;

use crate::support::{bin, isolate_git, text};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("valid YAML")
}

pub fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A simulated GitHub runner: workspace, event payload, output and summary files.
pub struct Runner {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub outputs: String,
    pub summary: String,
}

impl Runner {
    pub fn new() -> Runner {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("temp")).unwrap();
        Runner { dir }
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    /// Runs the action's script in `workspace` for `event` with `payload`.
    pub fn run(&self, workspace: &Path, event: &str, payload: &Value, env: &[(&str, &str)]) -> Run {
        let event_path = self.path("event.json");
        fs::write(&event_path, payload.to_string()).unwrap();
        for f in ["output", "summary"] {
            let _ = fs::remove_file(self.path(f));
        }
        let mut cmd = Command::new("bash");
        isolate_git(&mut cmd)
            .arg(root().join("scripts/action.sh"))
            .current_dir(self.dir.path())
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_EVENT_PATH", &event_path)
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_OUTPUT", self.path("output"))
            .env("GITHUB_STEP_SUMMARY", self.path("summary"))
            .env("RUNNER_TEMP", self.path("temp"))
            .env("LEAKHOUND", bin())
            .env("INPUT_FORMAT", "text")
            .env("INPUT_FAIL_ON_FINDINGS", "true")
            .env("INPUT_SARIF_FILE", "leakhound.sarif")
            .env("INPUT_CONFIG", "")
            .env("INPUT_BASELINE", "");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let (stdout, stderr) = text(&out);
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout,
            stderr,
            outputs: fs::read_to_string(self.path("output")).unwrap_or_default(),
            summary: fs::read_to_string(self.path("summary")).unwrap_or_default(),
        }
    }
}

/// Runs action.yml's own steps the way GitHub runs a composite action: `${{ inputs.* }}` from the
/// given inputs or their defaults, `${{ steps.<id>.outputs.* }}`, `runner.*` and `github.*`
/// from the run, each step's `if:` (`==`/`!=` comparisons joined by `&&`, `!cancelled()`), each
/// `run:` in bash with the step's `env:`, `GITHUB_PATH` additions on PATH for later steps, and
/// the action's outputs read from the steps' `GITHUB_OUTPUT`. After a failing step only steps
/// whose `if:` asks for it (`!cancelled()`, `always()`) run. `actions/cache/restore` and
/// `actions/cache/save` work on a store in the runner's directory (`cache_store`: an exact key,
/// else the newest entry whose key starts with a restore key); other `uses:` steps (the build
/// cache) are skipped. `cargo` is a stand-in that "installs" this build, so nothing is
/// downloaded. Each call is a new run (`github.run_id`). Returns (exit code of the failing or
/// last step, outputs, log).
pub fn run_composite(
    runner: &Runner,
    workspace: &Path,
    event: &str,
    payload: &Value,
    inputs: &[(&str, &str)],
) -> (i32, std::collections::BTreeMap<String, String>, String) {
    let action = yaml(&fs::read_to_string(root().join("action.yml")).unwrap());
    let input = |name: &str| -> String {
        inputs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| {
                action["inputs"][name]["default"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
    };
    let run_id = next_run_id(runner);
    let mut outputs_by_step: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    let value_of = |expr: &str, steps: &std::collections::BTreeMap<String, String>| -> String {
        if let Some(name) = expr.strip_prefix("inputs.") {
            return input(name);
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, key) = rest
                .split_once(".outputs.")
                .expect("steps.<id>.outputs.<name>");
            return steps
                .get(id)
                .and_then(|text| {
                    text.lines()
                        .rev()
                        .filter_map(|l| l.split_once('='))
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| v.to_string())
                })
                .unwrap_or_default();
        }
        match expr {
            "runner.temp" => runner.path("temp").display().to_string(),
            "runner.os" => "Linux".into(),
            "github.repository" => "octo/repo".into(),
            "github.run_id" => run_id.to_string(),
            "github.event_name" => event.to_string(),
            _ => panic!("expression the simulation does not know: {expr}"),
        }
    };
    let substitute = |text: &str, steps: &std::collections::BTreeMap<String, String>| -> String {
        let mut out = text.to_string();
        while let Some(start) = out.find("${{") {
            let end = out[start..]
                .find("}}")
                .map(|e| start + e + 2)
                .expect("closed expression");
            let expr = out[start + 3..end - 2].trim().to_string();
            let value = value_of(&expr, steps);
            out.replace_range(start..end, &value);
        }
        out
    };
    // An `if:`: terms joined by `&&`, each a status function or a comparison with a quoted
    // string. Returns (whether it holds, whether it runs after a failure).
    let condition =
        |text: &str, steps: &std::collections::BTreeMap<String, String>| -> (bool, bool) {
            let text = text
                .trim()
                .trim_start_matches("${{")
                .trim_end_matches("}}")
                .trim();
            let mut holds = true;
            let mut after_failure = false;
            for term in text.split("&&").map(str::trim) {
                if term == "!cancelled()" || term == "always()" {
                    after_failure = true;
                    continue;
                }
                let (left, right, equal) = match (term.split_once("=="), term.split_once("!=")) {
                    (Some((l, r)), _) => (l, r, true),
                    (None, Some((l, r))) => (l, r, false),
                    _ => panic!("condition the simulation does not know: {term}"),
                };
                let right = right.trim();
                let literal = right
                    .strip_prefix('\'')
                    .and_then(|r| r.strip_suffix('\''))
                    .unwrap_or_else(|| panic!("not a quoted string: {right}"));
                holds &= (value_of(left.trim(), steps) == literal) == equal;
            }
            (holds, after_failure)
        };
    let home = runner.path("home");
    let tools = runner.path("tools");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&tools).unwrap();
    let cargo = tools.join("cargo");
    fs::write(
        &cargo,
        format!(
            r#"#!/bin/sh
echo "cargo $*" >> "$HOME/cargo.log"
root=""; prev=""
for a in "$@"; do [ "$prev" = "--root" ] && root=$a; prev=$a; done
mkdir -p "$root/bin" && ln -sf '{}' "$root/bin/leakhound"
"#,
            bin().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let event_path = runner.path("event.json");
    fs::write(&event_path, payload.to_string()).unwrap();
    let github_path = runner.path("github_path");
    let summary = runner.path("summary");
    fs::write(&github_path, "").unwrap();
    let mut log = String::new();
    let mut code = 0;
    for (i, step) in action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let (holds, after_failure) = match step["if"].as_str() {
            Some(text) => condition(text, &outputs_by_step),
            None => (true, false),
        };
        if !holds || (code != 0 && !after_failure) {
            continue;
        }
        let Some(script) = step["run"].as_str() else {
            let uses = step["uses"].as_str().unwrap_or("");
            let with =
                |key: &str| substitute(step["with"][key].as_str().unwrap_or(""), &outputs_by_step);
            if uses.starts_with("actions/cache/restore@") {
                let restored =
                    cache_restore(runner, &with("path"), &with("key"), &with("restore-keys"));
                log.push_str(&format!("--- {}\n{restored}\n", step["name"]));
            } else if uses.starts_with("actions/cache/save@") {
                let saved = cache_save(runner, &with("path"), &with("key"));
                log.push_str(&format!("--- {}\n{saved}\n", step["name"]));
            }
            continue;
        };
        assert_eq!(step["shell"], "bash");
        let output_file = runner.path(&format!("output-{i}"));
        fs::write(&output_file, "").unwrap();
        let added: Vec<String> = fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .rev()
            .map(String::from)
            .collect();
        let mut path = added;
        path.push(tools.display().to_string());
        path.push(std::env::var("PATH").unwrap_or_default());
        let mut cmd = Command::new("bash");
        isolate_git(&mut cmd)
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(substitute(script, &outputs_by_step))
            .current_dir(workspace)
            .env("HOME", &home)
            .env("PATH", path.join(":"))
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_EVENT_PATH", &event_path)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", runner.path("temp"))
            .env("RUNNER_OS", "Linux")
            .env("GITHUB_REPOSITORY", "octo/repo")
            .env("GITHUB_RUN_ID", run_id.to_string())
            .env("GITHUB_RUN_ATTEMPT", "1")
            .env_remove("LEAKHOUND");
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            cmd.env(
                key,
                substitute(value.as_str().unwrap_or(""), &outputs_by_step),
            );
        }
        let out = cmd.output().unwrap();
        let (stdout, stderr) = text(&out);
        log.push_str(&format!("--- {}\n{stdout}{stderr}", step["name"]));
        if let Some(id) = step["id"].as_str() {
            outputs_by_step.insert(id.to_string(), fs::read_to_string(&output_file).unwrap());
        }
        let step_code = out.status.code().unwrap_or(-1);
        if code == 0 {
            code = step_code;
        }
    }
    let mut outputs = std::collections::BTreeMap::new();
    for (name, output) in action["outputs"].as_object().unwrap() {
        let value = output["value"].as_str().unwrap();
        let inner = value
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim();
        let mut parts = inner.split('.');
        assert_eq!(parts.next(), Some("steps"), "{value}");
        let (id, _, key) = (parts.next().unwrap(), parts.next(), parts.next().unwrap());
        let found = outputs_by_step.get(id).and_then(|text| {
            text.lines()
                .rev()
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        });
        if let Some(found) = found {
            outputs.insert(name.clone(), found);
        }
    }
    log.push_str(&fs::read_to_string(&summary).unwrap_or_default());
    let cargo_log = fs::read_to_string(home.join("cargo.log")).unwrap_or_default();
    log.push_str(&cargo_log);
    (code, outputs, log)
}

/// A new run id for each composite run of a runner.
fn next_run_id(runner: &Runner) -> u64 {
    let file = runner.path("run-id");
    let id = fs::read_to_string(&file)
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok())
        .unwrap_or(1000)
        + 1;
    fs::write(&file, id.to_string()).unwrap();
    id
}

/// The simulated actions/cache store: one directory per saved key, and the keys in save order.
pub fn cache_store(runner: &Runner) -> PathBuf {
    runner.path("actions-cache")
}

/// The keys saved in the store, oldest first.
pub fn cache_keys(runner: &Runner) -> Vec<String> {
    fs::read_to_string(cache_store(runner).join("keys"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// actions/cache/restore: the exact key, else the newest entry whose key starts with one of the
/// restore keys (one per line), copied to `path`.
fn cache_restore(runner: &Runner, path: &str, key: &str, restore_keys: &str) -> String {
    let keys = cache_keys(runner);
    let found = keys.iter().find(|k| *k == key).or_else(|| {
        restore_keys
            .lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .find_map(|prefix| keys.iter().rev().find(|k| k.starts_with(prefix)))
    });
    match found {
        Some(found) => {
            copy_dir(&cache_store(runner).join(found), Path::new(path));
            format!("cache restored from key: {found}")
        }
        None => format!("cache not found for key: {key}"),
    }
}

/// actions/cache/save: entries are immutable (a key saved once is not saved again).
fn cache_save(runner: &Runner, path: &str, key: &str) -> String {
    let keys = cache_keys(runner);
    if keys.iter().any(|k| k == key) {
        return format!("cache entry {key} exists; not saved");
    }
    assert!(
        !key.contains('/') && Path::new(path).is_dir(),
        "saving {path} under {key}"
    );
    copy_dir(Path::new(path), &cache_store(runner).join(key));
    let mut list = keys;
    list.push(key.to_string());
    fs::write(cache_store(runner).join("keys"), list.join("\n") + "\n").unwrap();
    format!("cache saved with key: {key}")
}
