//! Credentials whose name and value are further apart than the simplest form: a name/value
//! entry with other keys between them (`az webapp config appsettings list`), and a Markdown
//! table whose header cells are padded to the column width.

use leakhound::engine::RuleSet;
use leakhound::rules;

/// (rule id, secret) of each match.
fn matches(text: &str) -> Vec<(String, String)> {
    let set = RuleSet::new(rules::load_embedded().unwrap());
    let mut out = Vec::new();
    set.scan(text.as_bytes(), &mut Default::default(), &mut out);
    out.iter()
        .map(|m| {
            (
                set.rule(m.rule).id.clone(),
                text[m.secret.clone()].to_string(),
            )
        })
        .collect()
}

#[test]
fn az_appsettings_output_reports_the_secret_settings_values() {
    let json = r#"[
  {
    "name": "APPINSIGHTS_PROFILERFEATURE_VERSION",
    "slotSetting": false,
    "value": "1.0.0"
  },
  {
    "name": "SMTP_PASSWORD",
    "slotSetting": false,
    "value": "vN4qLx8WtZ2rKm6Pd"
  },
  {
    "name": "DB_PASSWORD",
    "slotSetting": true,
    "value": "@Microsoft.KeyVault(SecretUri=https://kv1.vault.azure.net/secrets/db/)"
  },
  {
    "name": "WEBSITE_RUN_FROM_PACKAGE",
    "slotSetting": false,
    "value": "1"
  }
]
"#;
    assert_eq!(
        matches(json),
        vec![(
            "env-list-secret-value".to_string(),
            "vN4qLx8WtZ2rKm6Pd".to_string()
        )]
    );
    let yaml = "- name: STRIPE_API_KEY\n  slotSetting: false\n  value: Zq5Tn2Wx8Lk4Rv7Mb\n- name: LOG_LEVEL\n  slotSetting: false\n  value: Information\n";
    assert_eq!(
        matches(yaml),
        vec![(
            "env-list-secret-value".to_string(),
            "Zq5Tn2Wx8Lk4Rv7Mb".to_string()
        )]
    );
}

#[test]
fn a_gap_never_reaches_the_next_entry() {
    // The secret's own value is a reference; the next entry's value is not its value.
    for text in [
        "- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n- name: BUILD_ID\n  value: Bq7Wz3Lk9Tn2Rx5M\n",
        r#"[{"name": "DB_PASSWORD", "value": "${DB_PASSWORD}"}, {"name": "BUILD_ID", "value": "Bq7Wz3Lk9Tn2Rx5M"}]"#,
    ] {
        assert_eq!(matches(text), vec![], "{text}");
    }
}

#[test]
fn padded_markdown_header_names_the_password_column() {
    let md = "## Service accounts\n\n| Host             |   User   |   DB Password    |\n| ---------------- | -------- | ---------------- |\n| pg01.corp.lan    | svc_bi   | Tf8!qLw2Zr6Hn    |\n| pg02.corp.lan    | svc_etl  | `Vw3#mKp9Qx4Ls`  |\n";
    let found: Vec<_> = matches(md).into_iter().map(|(_, s)| s).collect();
    assert_eq!(found, vec!["Tf8!qLw2Zr6Hn", "Vw3#mKp9Qx4Ls"]);
}
