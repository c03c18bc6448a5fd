//! The Dockerfile, without Docker (this machine has no engine): its invariants (multi-stage, an
//! empty final base, a non-root user, `ENTRYPOINT ["leakhound"]`, `WORKDIR /repo`), a build
//! context (.dockerignore) that holds every file the build needs, and — ignored by default, it
//! compiles the whole dependency tree for the musl target — the build stage's commands run
//! natively, then the binary run as the final image would run it: alone in an empty root, as
//! the image's user, on a repository that user does not own.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// One Dockerfile instruction: keyword (upper case) and its arguments.
#[derive(Debug, Clone)]
struct Instruction {
    keyword: String,
    args: String,
}

/// The Dockerfile's instructions, with comments dropped and continued lines joined.
fn instructions() -> Vec<Instruction> {
    let text = fs::read_to_string(root().join("Dockerfile")).unwrap();
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        let (keyword, args) = current.split_once(char::is_whitespace).unwrap();
        out.push(Instruction {
            keyword: keyword.to_ascii_uppercase(),
            args: args.trim().to_string(),
        });
        current.clear();
    }
    assert!(current.is_empty(), "a continued line at the end");
    out
}

/// The instructions grouped by stage (each starts with its FROM).
fn stages() -> Vec<Vec<Instruction>> {
    let mut stages: Vec<Vec<Instruction>> = Vec::new();
    for i in instructions() {
        if i.keyword == "FROM" {
            stages.push(Vec::new());
        }
        stages.last_mut().expect("FROM first").push(i);
    }
    stages
}

fn args_of<'a>(stage: &'a [Instruction], keyword: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|i| i.keyword == keyword)
        .map(|i| i.args.as_str())
        .collect()
}

#[test]
fn dockerfile_is_multi_stage_minimal_and_unprivileged() {
    let stages = stages();
    assert!(stages.len() >= 2, "multi-stage");
    let build = &stages[0];
    let from = build[0].args.as_str();
    let (image, name) = from.split_once(" AS ").expect("the build stage is named");
    let tag = image
        .strip_prefix("rust:")
        .expect("the official rust image");
    // A pinned toolchain, at least the crate's rust-version.
    let pinned: Vec<u32> = tag
        .split('-')
        .next()
        .unwrap()
        .split('.')
        .map(|p| p.parse().expect("a version tag, not `latest`"))
        .collect();
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let msrv: Vec<u32> = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"')
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert!(pinned >= msrv, "rust:{tag} is older than rust-version");
    let runs = args_of(build, "RUN").join("\n");
    assert!(runs.contains("cargo build --release --locked"), "{runs}");
    assert!(
        runs.contains("-unknown-linux-musl"),
        "a static build: {runs}"
    );

    let last = stages.last().unwrap();
    let base = last[0].args.as_str();
    assert!(
        base == "scratch" || base.starts_with("gcr.io/distroless/static"),
        "the final base is minimal: {base}"
    );
    let copies = args_of(last, "COPY");
    assert_eq!(
        copies.len(),
        1,
        "only the binary goes into the image: {copies:?}"
    );
    assert!(
        copies[0].starts_with(&format!("--from={name} ")),
        "{copies:?}"
    );
    assert!(copies[0].ends_with("/leakhound"), "{copies:?}");
    assert!(
        args_of(last, "RUN").is_empty(),
        "nothing runs in the final stage"
    );
    let user = args_of(last, "USER");
    assert_eq!(user.len(), 1, "a USER");
    let uid = user[0].split(':').next().unwrap();
    assert!(
        uid != "0" && uid != "root" && !uid.is_empty(),
        "a non-root user: {}",
        user[0]
    );
    assert_eq!(args_of(last, "WORKDIR"), ["/repo"]);
    let entrypoint: Value =
        serde_json::from_str(args_of(last, "ENTRYPOINT")[0]).expect("exec form");
    assert_eq!(entrypoint, serde_json::json!(["leakhound"]));
    let cmd: Value = serde_json::from_str(args_of(last, "CMD")[0]).expect("exec form");
    assert_eq!(cmd, serde_json::json!(["scan", "/repo"]));
    // `leakhound` resolves: the binary is in the image's PATH.
    let path = args_of(last, "ENV")
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .expect("PATH set")
        .to_string();
    let dest = copies[0].rsplit_once(' ').unwrap().1;
    assert!(
        path.split(':').any(|d| format!("{d}/leakhound") == dest),
        "{path} {dest}"
    );
}

/// Whether .dockerignore keeps `path` (relative, `/`-separated) in the build context: the last
/// pattern matching the path or one of its parent directories decides, `!` keeps.
fn in_context(patterns: &[String], path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let mut keep = true;
    for pattern in patterns {
        let (exception, glob) = match pattern.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pattern.as_str()),
        };
        let glob: Vec<&str> = glob.trim_end_matches('/').split('/').collect();
        let matches = (1..=parts.len()).any(|n| {
            n == glob.len()
                && glob
                    .iter()
                    .zip(&parts[..n])
                    .all(|(g, p)| *g == "*" || g == p)
        });
        if matches {
            keep = exception;
        }
    }
    keep
}

fn dockerignore() -> Vec<String> {
    let text = fs::read_to_string(root().join(".dockerignore")).unwrap();
    let patterns: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    for p in &patterns {
        let glob = p.trim_start_matches('!');
        assert!(
            !glob.contains(['?', '[', '\\']) && (glob == "*" || !glob.contains('*')),
            "this test only understands `*` and literal paths: {p}"
        );
    }
    patterns
}

/// The build stage's context: what cargo needs is in it (every explicit target, build.rs, the rule
/// pack), what it does not need is not.
#[test]
fn docker_context_holds_what_the_build_needs() {
    let patterns = dockerignore();
    let mut needed = vec![
        "Cargo.toml".to_string(),
        "Cargo.lock".to_string(),
        "build.rs".to_string(),
        "src/main.rs".to_string(),
        "src/lib.rs".to_string(),
    ];
    for entry in fs::read_dir(root().join("rules")).unwrap() {
        needed.push(format!(
            "rules/{}",
            entry.unwrap().file_name().to_string_lossy()
        ));
    }
    // Targets Cargo.toml declares by name must exist in the context, or cargo refuses the manifest.
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.to_string();
        } else if section == "[[bench]]" {
            if let Some(name) = line.strip_prefix("name = ") {
                needed.push(format!("benches/{}.rs", name.trim_matches('"')));
            }
        } else if let Some(path) = line.strip_prefix("path = ") {
            needed.push(path.trim_matches('"').to_string());
        }
    }
    for path in &needed {
        assert!(root().join(path).exists(), "{path}");
        assert!(
            in_context(&patterns, path),
            "{path} is not in the Docker build context"
        );
    }
    for path in [
        "target/release/leakhound",
        ".git/config",
        "tests/action.rs",
        "benches/devset/devset.py",
        "README.md",
        "Dockerfile",
    ] {
        assert!(
            !in_context(&patterns, path),
            "{path} should stay out of the build context"
        );
    }
}

fn sh(script: &str, dir: &Path) -> Output {
    let mut cmd = Command::new("sh");
    cmd.args(["-ec", script]).current_dir(dir);
    // The nested cargo is the Docker build's: its own target directory, no network.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("CARGO_") && key != "CARGO_HOME" || key == "RUSTFLAGS" {
            cmd.env_remove(&key);
        }
    }
    cmd.env("CARGO_NET_OFFLINE", "true");
    cmd.output().unwrap()
}

fn copy_context(from: &Path, to: &Path, rel: &str, patterns: &[String]) {
    for entry in fs::read_dir(from.join(rel)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            if path == "target" || path == ".git" {
                continue;
            }
            copy_context(from, to, &path, patterns);
        } else if kind.is_file() && in_context(patterns, &path) {
            fs::create_dir_all(to.join(&path).parent().unwrap()).unwrap();
            fs::copy(entry.path(), to.join(&path)).unwrap();
        }
    }
}

/// The build stage run natively: the context .dockerignore leaves, the stage's RUN commands
/// (BuildKit's `--mount` options dropped) in it; then the binary alone in an empty root, run as
/// the image's USER on a repository owned by someone else, as `docker run -v "$PWD:/repo"` would.
/// Needs the musl target (`rustup target add x86_64-unknown-linux-musl`) and, for the second
/// part, root (chroot). Minutes of compiling: `cargo test --test docker -- --ignored`.
#[test]
#[cfg(unix)]
#[ignore = "compiles every dependency for the musl target"]
fn docker_build_stage_runs_natively_and_the_image_scans() {
    let stages = stages();
    let build = &stages[0];
    let context = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docker-context");
    let _ = fs::remove_dir_all(context.join("src"));
    let _ = fs::remove_dir_all(context.join("rules"));
    fs::create_dir_all(&context).unwrap();
    copy_context(&root(), &context, "", &dockerignore());
    for run in args_of(build, "RUN") {
        let command: Vec<&str> = run
            .split_whitespace()
            .filter(|w| !w.starts_with("--mount="))
            .collect();
        let out = sh(&command.join(" "), &context);
        assert!(out.status.success(), "RUN {run}\n{}", text(&out));
    }
    let copy = args_of(stages.last().unwrap(), "COPY")[0];
    let mut parts = copy.split_whitespace().skip(1);
    let (from, dest) = (parts.next().unwrap(), parts.next().unwrap());
    let workdir = args_of(build, "WORKDIR")[0];
    let built = context.join(from.strip_prefix(workdir).unwrap().trim_start_matches('/'));
    let file = Command::new("file").arg(&built).output();
    if let Ok(file) = file {
        let described = String::from_utf8_lossy(&file.stdout).into_owned();
        assert!(
            described.contains("statically linked") || described.contains("static-pie"),
            "{described}"
        );
    }

    // The final stage: an empty root with only the binary.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        eprintln!("SKIPPED: running the image's user in an empty root needs root (chroot)");
        return;
    }
    let image = tempfile::tempdir().unwrap();
    let rootfs = image.path();
    let target = rootfs.join(dest.trim_start_matches('/'));
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::copy(&built, &target).unwrap();
    let repo = rootfs.join("repo");
    fs::create_dir_all(&repo).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    };
    git(&["init", "-q"]);
    // A freshly generated AWS key id, committed and then removed: history still has it.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut state = seed | 1;
    let key: String = (0..16)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % 32) as usize] as char
        })
        .collect();
    fs::write(
        repo.join("app.env"),
        format!("AWS_ACCESS_KEY_ID=AKIA{key}\n"),
    )
    .unwrap();
    git(&["add", "app.env"]);
    git(&["commit", "-q", "-m", "add"]);
    use std::os::unix::fs::PermissionsExt;
    for dir in [rootfs, target.parent().unwrap()] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let last = stages.last().unwrap();
    let user = args_of(last, "USER")[0];
    let entrypoint: Vec<String> = serde_json::from_str(args_of(last, "ENTRYPOINT")[0]).unwrap();
    let cmd: Vec<String> = serde_json::from_str(args_of(last, "CMD")[0]).unwrap();
    let path = args_of(last, "ENV")
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap()
        .to_string();
    let chroot = std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| Path::new(d).join("chroot"))
        .find(|p| p.is_file())
        .expect("chroot");
    let run = |args: &[String]| {
        // Inside the empty root only the image's PATH is set, as in the image.
        let program = path
            .split(':')
            .map(|d| format!("{d}/{}", entrypoint[0]))
            .find(|p| rootfs.join(p.trim_start_matches('/')).is_file())
            .expect("the entrypoint is on the image's PATH");
        Command::new(&chroot)
            .env_clear()
            .env("PATH", &path)
            .arg(format!("--userspec={user}"))
            .arg(rootfs)
            .arg(&program)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&cmd);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the default command finds it: {}",
        text(&out)
    );
    assert!(text(&out).contains("aws-access-key-id"), "{}", text(&out));
    assert!(!text(&out).contains(&key), "redacted");
    fs::remove_file(repo.join("app.env")).unwrap();
    git(&["commit", "-q", "-am", "remove"]);
    let out = run(&["git".to_string(), "/repo".to_string()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "history still holds it: {}",
        text(&out)
    );
    assert!(text(&out).contains("aws-access-key-id"), "{}", text(&out));
}
