//! Rules that can match the same text report it once: a generic rule gives way to a provider
//! rule, and of overlapping generic rules the one that delimits the secret best stays.

use leakhound::engine::RuleSet;
use leakhound::rules;

fn ids(text: &str) -> Vec<String> {
    let set = RuleSet::new(rules::load_embedded().unwrap());
    let mut out = Vec::new();
    set.scan(text.as_bytes(), &mut Default::default(), &mut out);
    out.iter().map(|m| set.rule(m.rule).id.clone()).collect()
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
