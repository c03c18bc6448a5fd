//! Structural checks that a regex cannot express, named by a rule's `validator` field. They only
//! reject look-alikes; unlike checksums they never mark a match as confirmed.

use super::{codec, placeholder};
use crate::rules::Validator;

/// Whether `secret` passes the validator; `matched` is the rule's whole match around it.
pub fn check(validator: Validator, secret: &[u8], matched: &[u8]) -> bool {
    match validator {
        Validator::UrlCredentials => !documentation_host(matched),
        Validator::Jwt => jwt(secret),
        Validator::BareValue => {
            let before = before_secret(matched, secret);
            !placeholder::is_bare_code(secret)
                || placeholder::is_dashed_passphrase(secret, before)
                || placeholder::is_numbered_words(secret, before)
        }
        Validator::BasicAuth => basic_auth(secret),
        Validator::ShortValue => {
            placeholder::short_value_fits_name(secret, before_secret(matched, secret))
        }
        Validator::BareShortValue => {
            check(Validator::BareValue, secret, matched)
                && check(Validator::ShortValue, secret, matched)
        }
    }
}

/// The part of a match before its secret: the name and the assignment.
fn before_secret<'a>(matched: &'a [u8], secret: &[u8]) -> &'a [u8] {
    let at = memchr::memmem::rfind(matched, secret).unwrap_or(0);
    &matched[..at]
}

/// Whether the host after the last `@` of a URL match is reserved for documentation and
/// examples (RFC 2606, RFC 6761): `example.com`, `example.org`, `example.net`, and names under
/// `.example`, `.test`, `.invalid`.
fn documentation_host(matched: &[u8]) -> bool {
    let Some(at) = matched.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let host: Vec<u8> = matched[at + 1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .map(u8::to_ascii_lowercase)
        .collect();
    let host = host.strip_suffix(b".").unwrap_or(&host);
    let under = |domain: &[u8]| {
        host == domain
            || (host.len() > domain.len()
                && host.ends_with(domain)
                && host[host.len() - domain.len() - 1] == b'.')
    };
    [
        &b"example.com"[..],
        b"example.org",
        b"example.net",
        b"example",
        b"test",
        b"invalid",
    ]
    .iter()
    .any(|d| under(d))
}

/// `Basic` credentials: standard base64 of printable `user:password` with a non-empty user and
/// a password that is not a placeholder, template or demo value. The padding may be left out:
/// registry clients and hand-written `.dockercfg` / `.npmrc` files store `auth` values without it.
fn basic_auth(encoded: &[u8]) -> bool {
    let Some(text) =
        codec::base64_padded(encoded).or_else(|| codec::Base64::Standard.decode_unpadded(encoded))
    else {
        return false;
    };
    if !text.iter().all(|b| (0x20..0x7f).contains(b)) {
        return false;
    }
    let Some(colon) = text.iter().position(|&b| b == b':') else {
        return false;
    };
    let (user, password) = (&text[..colon], &text[colon + 1..]);
    // A user name is a name: base64 of JSON (`{"alg":"HS256",...}`, a JWT header or a config
    // blob) has a colon too, after a quoted key, but it is not `user:password`.
    let name_like = !user.is_empty()
        && !user[0].is_ascii_whitespace()
        && !user
            .iter()
            .any(|b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']'));
    name_like && password.len() >= 6 && !placeholder::is_generic_non_secret(password)
}

/// A JWT (JWS compact form): `header.payload.signature`, each base64url. The header must be a
/// JSON object of JOSE header parameters (RFC 7515/7516: at least one registered name such as
/// `alg`, `typ`, `kid` or `zip`), `alg`, when present, a string other than `none`, and the
/// signature must be present: an unsigned token grants nothing that a forged one would not.
/// Headers without `alg` break the RFC but are minted by hand-rolled signers and test suites,
/// and what such a token carries is as sensitive; a JSON object with no JOSE name at all is
/// some other base64 data. Tokens that are public by design
/// (Supabase-style `"role":"anon"` keys) and the token that JWT documentation shows everywhere
/// (`"sub":"1234567890"`, `"name":"John Doe"`) are rejected too.
/// Registered JOSE header parameter names (IANA "JSON Web Signature and Encryption Header
/// Parameters"), other than `alg`.
const JOSE_HEADER_NAMES: &[&str] = &[
    "typ", "cty", "kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit", "enc", "zip",
    "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64", "ppt", "url", "nonce", "svt",
];

/// The fewest bytes a JWS signature has under any algorithm of RFC 7518: an HS256 MAC is 32
/// bytes, ES256 and EdDSA signatures 64, RSA ones (2048-bit keys at least) 256. Shorter
/// "signatures" are made up by hand (`sig`, `c2lnbmF0dXJl`): nothing signed them.
const MIN_SIGNATURE_BYTES: usize = 32;

/// The number of bytes a base64url segment (padding optional) decodes to, if it has the
/// alphabet and a length base64 can have; trailing bits are not checked, so hand-trimmed
/// examples of real tokens still count.
fn base64url_length(segment: &[u8]) -> Option<usize> {
    let body = segment
        .strip_suffix(b"==")
        .or_else(|| segment.strip_suffix(b"="))
        .unwrap_or(segment);
    let alphabet = body
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (alphabet && body.len() % 4 != 1).then_some(body.len() * 3 / 4)
}

pub(super) fn jwt(token: &[u8]) -> bool {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    // Both segments must be base64url text (`.short.token`, `.signature` are words), and the
    // signature as long as the shortest one an RFC 7518 algorithm makes.
    if base64url_length(payload).is_none_or(|n| n == 0)
        || base64url_length(signature).is_none_or(|n| n < MIN_SIGNATURE_BYTES)
    {
        return false;
    }
    let Some(header) = codec::base64url(header) else {
        return false;
    };
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(&header) else {
        return false;
    };
    match fields.get("alg") {
        Some(serde_json::Value::String(alg)) if !alg.eq_ignore_ascii_case("none") => {}
        None if fields
            .keys()
            .any(|k| JOSE_HEADER_NAMES.contains(&k.as_str())) => {}
        _ => return false,
    }
    match codec::base64url(payload).and_then(|p| serde_json::from_slice(&p).ok()) {
        Some(serde_json::Value::Object(claims)) => {
            let claim = |name: &str| claims.get(name).and_then(|v| v.as_str());
            let public_key = claim("role") == Some("anon");
            let documented =
                claim("sub") == Some("1234567890") && claim("name") == Some("John Doe");
            !(public_key || documented)
        }
        // Encrypted or non-JSON payloads (JWS over arbitrary bytes) are still tokens.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    /// The validators that look at the secret only.
    fn check(validator: Validator, secret: &[u8]) -> bool {
        super::check(validator, secret, b"")
    }

    #[test]
    fn documentation_hosts() {
        for url in [
            &b"https://user:Kd82jfLq0Pz7@example.com"[..],
            b"http://u:Kd82jfLq0Pz7@api.example.org:8080",
            b"ftp://u:Kd82jfLq0Pz7@files.corp.example",
            b"smtp://u:Kd82jfLq0Pz7@mail.test",
        ] {
            assert!(documentation_host(url), "{}", String::from_utf8_lossy(url));
            assert!(!super::check(
                Validator::UrlCredentials,
                b"Kd82jfLq0Pz7",
                url
            ));
        }
        for url in [
            &b"https://user:Kd82jfLq0Pz7@git.corp.acme.io"[..],
            b"https://u:Kd82jfLq0Pz7@notexample.com",
            b"https://u:Kd82jfLq0Pz7@example.com.evil.io",
        ] {
            assert!(!documentation_host(url), "{}", String::from_utf8_lossy(url));
        }
    }

    /// Made-up signatures of the lengths HS256 (32 bytes) and ES256 (64 bytes) produce.
    const HS256_SIGNATURE: &str = "EOd3_lsKYF68OUAIFg97_ub7paJvwPduQMDeiUvcdls";
    const ES256_SIGNATURE: &str =
        "3WphR-YztokH-veyDWc4cVZB5L9hIsugA9aBxFJ5qQXO0M29OKZ0gjI3zZgP-my8El8LIJ1Qz6YM3rk-xKuwNA";

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    fn token(header: &str, signature: &str) -> String {
        format!(
            "{}.{}.{}",
            b64(header),
            b64(r#"{"sub":"u-81","exp":1893456000}"#),
            signature
        )
    }

    #[test]
    fn accepts_signed_tokens_with_jose_headers_without_alg() {
        assert!(check(
            Validator::Jwt,
            token(r#"{"typ":"JWT"}"#, HS256_SIGNATURE).as_bytes()
        ));
        assert!(check(
            Validator::Jwt,
            token(r#"{"zip":"DEF","kid":"k-1"}"#, ES256_SIGNATURE).as_bytes()
        ));
    }

    #[test]
    fn accepts_signed_tokens() {
        assert!(check(
            Validator::Jwt,
            token(r#"{"alg":"HS256","typ":"JWT"}"#, HS256_SIGNATURE).as_bytes()
        ));
        assert!(check(
            Validator::Jwt,
            token(r#"{"typ":"JWT","alg":"RS256"}"#, ES256_SIGNATURE).as_bytes()
        ));
    }

    #[test]
    fn rejects_unsigned_malformed_and_non_json_headers() {
        assert!(!check(
            Validator::Jwt,
            token(r#"{"alg":"none"}"#, "").as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"{"alg":"none"}"#, "abc").as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"{"alg":"HS256"}"#, "").as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"{"kty":"RSA","n":"x"}"#, HS256_SIGNATURE).as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"{}"#, HS256_SIGNATURE).as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"["alg"]"#, HS256_SIGNATURE).as_bytes()
        ));
        assert!(!check(
            Validator::Jwt,
            token(r#"{"alg":5}"#, HS256_SIGNATURE).as_bytes()
        ));
        // Segments that are not base64url, and signatures shorter than any algorithm's.
        let header = b64(r#"{"alg":"HS256"}"#);
        let claims = b64(r#"{"sub":"u-81"}"#);
        for bad in [
            format!("{header}.{claims}.signature"),
            format!("{header}.short.{HS256_SIGNATURE}"),
            format!("{header}.{claims}.{}", &HS256_SIGNATURE[..40]),
            format!("{header}.{claims}.c2lnbmF0dXJlLXNpZ25hdHVyZQ"),
            format!("{header}.{claims}.{}*", &HS256_SIGNATURE[..42]),
        ] {
            assert!(!check(Validator::Jwt, bad.as_bytes()), "{bad}");
        }
        assert!(check(
            Validator::Jwt,
            format!("{header}.{claims}.{HS256_SIGNATURE}").as_bytes()
        ));
        assert!(!check(Validator::Jwt, b"eyJhbGciOiJIUzI1NiJ9"));
        assert!(!check(Validator::Jwt, b"eyJ!!!.abc.def"));
        assert!(!check(Validator::Jwt, b"a.b.c.d"));
    }

    #[test]
    fn rejects_public_and_documented_tokens() {
        let header = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
        let anon = format!(
            "{header}.{}.{HS256_SIGNATURE}",
            b64(r#"{"iss":"supabase","role":"anon"}"#)
        );
        assert!(!check(Validator::Jwt, anon.as_bytes()));
        let docs = format!(
            "{header}.{}.{HS256_SIGNATURE}",
            b64(r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#)
        );
        assert!(!check(Validator::Jwt, docs.as_bytes()));
        let service = format!(
            "{header}.{}.{HS256_SIGNATURE}",
            b64(r#"{"role":"service_role"}"#)
        );
        assert!(check(Validator::Jwt, service.as_bytes()));
    }

    #[test]
    fn basic_auth_needs_a_real_looking_password() {
        let enc = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
        assert!(check(
            Validator::BasicAuth,
            enc("deploy:mrkiJT6gjqAmJTWs").as_bytes()
        ));
        assert!(!check(
            Validator::BasicAuth,
            enc("user:password").as_bytes()
        ));
        assert!(!check(Validator::BasicAuth, enc("admin:admin").as_bytes()));
        assert!(!check(
            Validator::BasicAuth,
            enc(":mrkiJT6gjqAmJTWs").as_bytes()
        ));
        assert!(!check(
            Validator::BasicAuth,
            enc("no colon here at all").as_bytes()
        ));
        assert!(!check(Validator::BasicAuth, b"%%%"));
        let unpadded = enc("deploy:mrkiJT6gjqAmJTWs");
        assert!(unpadded.ends_with('='));
        assert!(check(
            Validator::BasicAuth,
            unpadded.trim_end_matches('=').as_bytes()
        ));
        // Base64 of JSON has a colon after a quoted key: a JWT header, not `user:password`.
        for json in [
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"user":"svc-ci","pass":"mrkiJT6gjqAmJTWs"}"#,
            r#"["a:mrkiJT6gjqAmJTWs"]"#,
        ] {
            assert!(!check(Validator::BasicAuth, enc(json).as_bytes()), "{json}");
        }
        assert!(check(
            Validator::BasicAuth,
            enc("svc.ci-bot@corp:Wq3vT8nZ2kLpR6").as_bytes()
        ));
    }

    #[test]
    fn bare_values() {
        for code in [
            &b"authToken"[..],
            b"db_password_2",
            b"AUTH_TOKEN_V2",
            b"request.form[x",
            b"get(x)",
            b"value,",
        ] {
            assert!(
                !check(Validator::BareValue, code),
                "{}",
                String::from_utf8_lossy(code)
            );
        }
        for literal in [
            &b"Kd82jfLq0Pz7Wm3n"[..],
            b"u8jzPde0IgxLd6Gn",
            b"T9v#qL2m!xR7pZ4w",
        ] {
            assert!(
                check(Validator::BareValue, literal),
                "{}",
                String::from_utf8_lossy(literal)
            );
        }
    }
}
