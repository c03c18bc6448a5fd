//! `leakhound import gitleaks` end to end with the real binary: a gitleaks config in the shapes
//! real repositories use becomes a `.leakhound.yml` that loads, finds what the custom rule finds
//! and allows what the allowlists allowed; what does not carry over is listed on stderr, and a
//! `.gitleaksignore` is explained with advice to create a baseline.

mod support;

use support::{leakhound_cmd, output, write, Rng};

/// A gitleaks config of the kind teams keep: the default rules extended by an in-house token
/// rule (a second capture group as the secret, tags, a per-rule allowlist), a path-only rule,
/// a rule whose keyword is too short for leakhound, and a global allowlist with paths,
/// regexes, stopwords and commits.
const CONFIG: &str = r#"
title = "payments-service secret scanning"

[extend]
useDefault = true
disabledRules = ["generic-api-key", "sidekiq-secret"]

[[rules]]
id = "Internal_Service_Token"
description = "Internal service token"
regex = '''(?i)(svc[_-]?token)\s*[:=]\s*["']?(isvc_[a-z0-9]{32})'''
secretGroup = 2
keywords = ["isvc_"]
entropy = 3.2
tags = ["internal", "token"]

    [[rules.allowlists]]
    description = "the token used by the integration tests"
    regexTarget = "line"
    regexes = ['''INTEGRATION_FIXTURE''']
    stopwords = ["isvc_testtest"]

[[rules]]
id = "legacy-hook-secret"
description = "Legacy webhook secret"
regex = '''\Qhook.secret\E\s*=\s*"(lhs_[A-Za-z0-9]{24})"'''
keywords = ["lhs_"]

[[rules]]
id = "deploy-key-file"
description = "Deploy key file"
path = '''(^|/)deploy_key\.pem$'''

[[rules]]
id = "widget-secret"
description = "Widget secret"
regex = '''wd-[0-9a-f]{24}'''
keywords = ["wd"]

[allowlist]
description = "vendored code and docs"
paths = ['''^third_party/''', '''(.*?)(png|jpg)$''', '''\bgen\b''']
regexes = ['''DOCS_EXAMPLE_[A-Z0-9]+''']
stopwords = ["notreal"]
commits = ["9c3e1f0a6b2d4c8e7f5a3b1d9e0c2f4a6b8d0e1f"]
"#;

const IGNORE: &str = "\
# findings accepted in March
9c3e1f0a6b2d4c8e7f5a3b1d9e0c2f4a6b8d0e1f:config/settings.py:generic-api-key:14
src/app/client.go:internal-service-token:88
";

fn token(rng: &mut Rng) -> String {
    format!(
        "isvc_{}",
        rng.from(b"abcdefghijklmnopqrstuvwxyz0123456789", 32)
    )
}

#[test]
fn import_writes_a_config_that_loads_finds_and_allows_as_gitleaks_did() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".gitleaks.toml", CONFIG);
    write(d, ".gitleaksignore", IGNORE);

    // To stdout, with the notes on stderr.
    let (code, stdout, stderr) =
        output(leakhound_cmd(d).current_dir(d).args(["import", "gitleaks"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("id: 'internal-service-token'"), "{stdout}");
    assert!(stdout.contains("(?P<secret>isvc_[a-z0-9]{32})"), "{stdout}");
    assert!(stdout.contains("min_entropy: 3.2"), "{stdout}");
    assert!(stdout.contains("disable: ['generic-api-key']"), "{stdout}");
    assert!(stdout.contains("third_party/*"), "{stdout}");
    assert!(stdout.contains("*{png,jpg}"), "{stdout}");
    // What could not be carried over is named, each with what to do instead.
    for expected in [
        "converted .gitleaks.toml: 2 rules, 2 allowlist entries",
        r#"rule `legacy-hook-secret`: regex '\Qhook.secret\E\s*=\s*"(lhs_[A-Za-z0-9]{24})"' rewritten as 'hook\.secret\s*=\s*"(lhs_[A-Za-z0-9]{24})"' (\Q...\E in Go's RE2 syntax)"#,
        "useDefault",
        "`sidekiq-secret` is a gitleaks rule id that leakhound does not have",
        "rule `Internal_Service_Token` is `internal-service-token`",
        "tags dropped on 1 rule",
        "rule `deploy-key-file` is commented out: it matches files by path alone",
        "rule `widget-secret` is commented out: it has no keyword",
        "keyword 'wd' dropped",
        "1 commit id not carried over",
        r"path regex '\bgen\b' has no exact glob",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?}:\n{stderr}");
    }
    // The .gitleaksignore next to the config, explained.
    assert!(
        stderr.contains(".gitleaksignore: 2 entries (1 from git history, 1 from files)"),
        "{stderr}"
    );
    assert!(stderr.contains("line-bound") || stderr.contains("bound to a file"));
    assert!(stderr.contains("leakhound baseline create"), "{stderr}");

    // With -o: the file, and a config every command accepts.
    let (code, _, stderr) = output(leakhound_cmd(d).current_dir(d).args([
        "import",
        "gitleaks",
        ".gitleaks.toml",
        "-o",
        ".leakhound.yml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::read_to_string(d.join(".leakhound.yml")).unwrap();
    assert_eq!(written, stdout);
    let (code, list, stderr) = output(leakhound_cmd(d).current_dir(d).args(["rules", "list"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(list.contains("internal-service-token"), "{list}");

    // The converted rule finds what gitleaks' found; the allowlists allow what gitleaks' allowed.
    let mut rng = Rng::new(77);
    let (live, fixture, vendored) = (token(&mut rng), token(&mut rng), token(&mut rng));
    std::fs::remove_file(d.join(".gitleaksignore")).unwrap();
    write(
        d,
        "src/settings.py",
        format!("SVC_TOKEN = \"{live}\"\nsvc_token: {fixture}  # INTEGRATION_FIXTURE\n"),
    );
    let hook_secret = format!("lhs_{}", rng.alnum(24));
    write(
        d,
        "config/hooks.ini",
        format!("[hooks]\nhook.secret = \"{hook_secret}\"\n"),
    );
    write(
        d,
        "third_party/lib/conf.env",
        format!("svc-token={vendored}\n"),
    );
    // Stopwords: the rule's own, and the global one.
    let alnum = b"abcdefghijklmnopqrstuvwxyz0123456789";
    write(
        d,
        "docs/readme.env",
        format!(
            "SVC_TOKEN=isvc_testtest{}\nsvc_token = isvc_{}notreal{}\n",
            rng.from(alnum, 19),
            rng.from(alnum, 10),
            rng.from(alnum, 15)
        ),
    );
    let (code, json, stderr) =
        output(
            leakhound_cmd(d)
                .current_dir(d)
                .args(["scan", "-f", "json", "--show-secrets"]),
        );
    assert_eq!(code, 1, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let found: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "internal-service-token")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("src/settings.py".to_string(), live.clone())],
        "{json}"
    );
    // The rule whose RE2 regex was rewritten finds its secret.
    assert!(
        doc["findings"].as_array().unwrap().iter().any(|f| {
            f["rule_id"] == "legacy-hook-secret" && f["secret"] == hook_secret.as_str()
        }),
        "{json}"
    );
}

#[test]
fn a_config_that_is_not_toml_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.toml", "[[rules]\nid = 'x'\n");
    let (code, stdout, stderr) = output(leakhound_cmd(dir.path()).current_dir(dir.path()).args([
        "import",
        "gitleaks",
        "broken.toml",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("broken.toml"), "{stderr}");
    let (code, _, stderr) = output(
        leakhound_cmd(dir.path())
            .current_dir(dir.path())
            .args(["import", "gitleaks"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains(".gitleaks.toml"), "{stderr}");
}

#[test]
fn a_config_of_allowlists_alone_carries_over_completely() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gitleaks.toml",
        "[allowlist]\ndescription = \"generated\"\npaths = ['''\\.lock$''']\n",
    );
    let (code, stdout, stderr) = output(leakhound_cmd(dir.path()).current_dir(dir.path()).args([
        "import",
        "gitleaks",
        "gitleaks.toml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("'*.lock'"), "{stdout}");
    assert!(stderr.contains("everything was carried over"), "{stderr}");
}
