//! Rules that can match the same text report it once: a generic rule gives way to a provider
//! rule, of overlapping generic rules the one that delimits the secret best stays, and of two
//! provider rules that find the very same secret the one that knows it anywhere stays before
//! the one that knows it by its file.

use leakhound::engine::RuleSet;
use leakhound::rules;

fn ids(text: &str) -> Vec<String> {
    let set = RuleSet::new(rules::load_embedded().unwrap());
    let mut out = Vec::new();
    set.scan(text.as_bytes(), &mut Default::default(), &mut out);
    out.iter().map(|m| set.rule(m.rule).id.clone()).collect()
}

fn ids_at(path: &str, text: &str) -> Vec<String> {
    let set = RuleSet::new(rules::load_embedded().unwrap());
    let mut out = Vec::new();
    set.scan_path(
        text.as_bytes(),
        Some(path),
        &mut Default::default(),
        &mut out,
    );
    out.iter().map(|m| set.rule(m.rule).id.clone()).collect()
}

#[test]
fn a_key_in_a_shell_profile_is_reported_once_by_its_providers_rule() {
    let aws = "export AWS_SECRET_ACCESS_KEY=zeMF15EAOTOozL8pjl9BWLam/eGzN7cSOXjXjvYt\n";
    assert_eq!(
        ids_at("home/dev/.zshrc", aws),
        vec!["aws-secret-access-key"]
    );
    // A name no provider rule knows: the profile's own rule reports it.
    assert_eq!(
        ids_at(
            "home/dev/.zshrc",
            "export ACME_DEPLOY_SECRET=W74hAN6QjvItsutHVCEEPFqW5Cl7Y2I5dM9RFRnC\n"
        ),
        vec!["shell-profile-secret"]
    );
}

#[test]
fn a_credential_files_own_rule_reports_its_password_once() {
    assert_eq!(
        ids_at(
            "home/dev/.pypirc",
            "[pypi]\nusername = deployer\npassword = Xq8vTz2wLmRb4NcJ\n"
        ),
        vec!["pypirc-password"]
    );
    assert_eq!(
        ids_at(
            "home/dev/.git-credentials",
            "https://deployer:Xq8vTz2wLmRb4NcJ@git.acme-corp.io\n"
        ),
        vec!["git-credentials-password"]
    );
}

#[test]
fn a_google_storage_hmac_secret_in_a_boto_file_is_not_an_aws_key() {
    assert_eq!(
        ids_at(
            "home/dev/.boto",
            "[Credentials]\ngs_secret_access_key = W74hAN6QjvItsutHVCEEPFqW5Cl7Y2I5dM9RFRnC\n"
        ),
        vec!["gcp-storage-hmac-secret"]
    );
}

#[test]
fn git_remote_with_a_github_token_is_reported_by_the_github_rule_only() {
    assert_eq!(
        ids("url = https://x-access-token:ghs_tHF4vUCsMehGAkWvj7FAc9QeWJKY401ngxw6@github.com/acme/app.git"),
        vec!["github-app-token"]
    );
}

#[test]
fn jdbc_password_parameter_is_reported_once() {
    assert_eq!(
        ids(r#"url: "jdbc:sqlserver://sql:1433;user=hr;password=Ty6Pn3Qw9Zk2Lm7X;encrypt=true""#),
        vec!["jdbc-connection-password"]
    );
}

#[test]
fn database_url_in_an_env_file_is_reported_once() {
    assert_eq!(
        ids("DATABASE_URL=postgres://app_user:38AibNyyurlGFb0E@db.internal:5432/orders"),
        vec!["postgres-connection-uri"]
    );
    assert_eq!(
        ids("DB_PASSWORD_URL=mysql://shop:vRwMzzuVtYkwMJFrCf@mysql.prod.internal/shop"),
        vec!["mysql-connection-uri"]
    );
}

#[test]
fn encrypted_and_plain_private_keys_do_not_overlap() {
    let rules = rules::load_embedded().unwrap();
    let key = rules
        .iter()
        .find(|r| r.id == "private-key-encrypted")
        .unwrap();
    for example in &key.examples {
        let found = ids(example.text());
        assert_eq!(found, vec!["private-key-encrypted"], "{}", example.text());
    }
}
