//! `leakhound completions SHELL` and `leakhound man` with the real binary: each completion script
//! is generated and, where the shell is installed, parsed by it (`bash -n`, `zsh -n`,
//! `fish --no-execute`); the man page is rendered by groff (or `man -l`) without warnings and
//! documents every command and the options users look for.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::{leakhound_cmd, output};

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn generate(args: &[&str]) -> String {
    let (code, stdout, stderr) = output(leakhound_cmd(Path::new(".")).args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    assert!(!stdout.is_empty(), "{args:?}");
    stdout
}

/// Runs `tool args... FILE` on `script` written to a temp file; fails on a non-zero exit.
fn parses(tool: &str, args: &[&str], script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("completion");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(tool).args(args).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completion_scripts_are_generated_and_parse() {
    let subcommands = [
        "scan", "git", "staged", "rules", "baseline", "hook", "import",
    ];
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = generate(&["completions", shell]);
        for sub in subcommands {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        assert!(script.contains("--redact"), "{shell}: options complete too");
        assert!(script.contains("gitlab"), "{shell}: format values complete");
    }
    parses("bash", &["-n"], &generate(&["completions", "bash"]));
    if have("zsh") {
        parses("zsh", &["-n"], &generate(&["completions", "zsh"]));
    }
    if have("fish") {
        parses(
            "fish",
            &["--no-execute"],
            &generate(&["completions", "fish"]),
        );
    }
    // bash: sourcing it registers the completion function for `leakhound`.
    let script = generate(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leakhound.bash");
    std::fs::write(&file, script).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p leakhound",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("leakhound"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, _, stderr) = output(leakhound_cmd(Path::new(".")).args(["completions", "tcsh"]));
    assert_eq!(code, 2, "{stderr}");
}

/// Renders a man page with groff (warnings on) and returns the text and the warnings.
fn render(page: &Path) -> Option<(String, String)> {
    if have("groff") {
        let out = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(page)
            .output()
            .unwrap();
        assert!(out.status.success());
        let warnings = String::from_utf8_lossy(&out.stderr).into_owned();
        let out = Command::new("groff")
            .args(["-man", "-Tascii", "-P-cbou"])
            .arg(page)
            .output()
            .unwrap();
        return Some((String::from_utf8_lossy(&out.stdout).into_owned(), warnings));
    }
    if have("man") {
        let out = Command::new("man")
            .arg("-l")
            .arg(page)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        assert!(out.status.success());
        return Some((
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    None
}

#[test]
fn man_pages_render_and_document_the_commands() {
    let page = generate(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH leakhound 1"),
        "{page}"
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "missing {section}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leakhound.1");
    std::fs::write(&file, &page).unwrap();
    if let Some((text, warnings)) = render(&file) {
        assert!(warnings.trim().is_empty(), "groff warns: {warnings}");
        assert!(text.contains("leakhound"), "{text}");
        assert!(text.contains("SYNOPSIS"), "{text}");
        assert!(text.contains("completions"), "{text}");
    }

    // --dir: one page per command.
    let (code, _, stderr) = output(
        leakhound_cmd(Path::new("."))
            .args(["man", "--dir"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    for name in [
        "leakhound.1",
        "leakhound-scan.1",
        "leakhound-import.1",
        "leakhound-git.1",
    ] {
        let path = dir.path().join(name);
        assert!(path.is_file(), "{name}");
        if let Some((text, warnings)) = render(&path) {
            assert!(
                warnings.trim().is_empty(),
                "{name}: groff warns: {warnings}"
            );
            assert!(text.contains("SYNOPSIS"), "{name}");
        }
    }
    let scan = std::fs::read_to_string(dir.path().join("leakhound-scan.1")).unwrap();
    for option in ["redact", "exit\\-code", "format", "gitlab", "junit", "csv"] {
        assert!(scan.contains(option), "leakhound-scan.1 lacks {option}");
    }
}
