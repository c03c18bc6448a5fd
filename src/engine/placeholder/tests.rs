//! Tests of the placeholder checks.

use super::*;

#[test]
fn provider_placeholders() {
    assert!(is_placeholder(b"AKIAIOSFODNN7EXAMPLE"));
    assert!(is_placeholder(b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    assert!(is_placeholder(b"sk_live_00000000000000000000000"));
    assert!(!is_placeholder(b"ghp_Qm7ZpW2xR9tLk4VbN8cJ3hYf6DsA1e2k3L4m"));
    // base64 zero bits, as in Twitter bearer tokens
    assert!(!is_placeholder(
        b"AAAAAAAAAAAAAAAAAAAAAK7qLm2Zx9Vb3Nc8Tr5Wp1Yq4Ds6Fh0Gj"
    ));
    assert!(is_placeholder(b"tok_qqqqqqqqqqqqqqqqqqqqqqqqqqqq"));
}

#[test]
fn generic_non_secrets() {
    for value in [
        &b"changeme"[..],
        b"${DB_PASSWORD}",
        b"<password>",
        b"{{ .Values.pw }}",
        b"%(pw)s",
        b"process.env.DB_PASS",
        b"self.password",
        b"get_password()",
        b"hunter",
        b"123e4567-e89b-12d3-a456-426614174000",
        b"d41d8cd98f00b204e9800998ecf8427e",
        b"sha512-Zm9vYmFy",
        b"pass%20word",
        b"bm90IG15IHJlYWwgcGFzc3dvcmQ=",
        b"admin123",
        b"Root!2024",
        b"/run/secrets/db",
        b"docs/api-keys/rotation.md",
        b"AuthHeaderName",
        b"AAAAC3NzaC1lZDI1NTE5AAAAIJ8z9C6jRj8lt7D0iRa9y",
        b"$2b$12$R9h/cIPz0gi.URNNX3kh2O",
        b"%s",
        b"*default_pw",
        b"!vault",
        b"$DB_PASS",
        b"your_password_here",
    ] {
        assert!(
            is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for value in [
        &b"T9v#qL2m!xR7pZ4w"[..],
        b"Kd82jfLq0Pz7Wm3n",
        b"s3cUre-Pa55w0rd-19",
        b"EInneQuRMXHr",
        b"Summer2024!",
    ] {
        assert!(
            !is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn bare_code_and_demo_values() {
    for code in [
        &b"authToken"[..],
        b"cfg.password",
        b"x[0]",
        b"value,",
        b"AUTH_TOKEN_V2",
        b"45ghiukl3djah&token_type_hint=refresh",
    ] {
        assert!(is_bare_code(code), "{}", String::from_utf8_lossy(code));
    }
    for literal in [&b"Summer2024"[..], b"Kd82jfLq0Pz7Wm3n", b"EInneQuRMXHr1"] {
        assert!(
            !is_bare_code(literal),
            "{}",
            String::from_utf8_lossy(literal)
        );
    }
    assert!(is_demo_value(b"postgres"));
    assert!(is_demo_value(b"!admin123"));
    assert!(!is_demo_value(b"administrator7x"));
}
