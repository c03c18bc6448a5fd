//! Values that match a rule's shape but are not credentials: placeholders, templates, documented
//! example keys, environment look-ups. Provider rules get the checks that random tokens never
//! trip; generic rules (a secret-like name and any value) get the stricter ones too.

/// Keys that providers publish in their documentation; they match the real formats exactly.
const DOCUMENTED_EXAMPLES: &[&[u8]] = &[
    b"AKIAIOSFODNN7EXAMPLE",
    b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
];

/// Substrings (ASCII case-insensitive) that mark any value, in any rule, as a placeholder.
const ALWAYS_PLACEHOLDER: &[&[u8]] = &[
    b"example", b"xxxxx", b"*****", b"${", b"{{", b"}}", b"<your", b"your_", b"your-",
    b"placeholder", b"redacted", b"0000000000", b"1234567890", b"abcdefghij",
];

/// More markers that rule out a value only for generic rules, where the value is free-form.
const GENERIC_PLACEHOLDER: &[&[u8]] = &[
    b"changeme", b"change_me", b"change-me", b"changeit", b"password", b"passwd", b"secret",
    b"dummy", b"fake", b"sample", b"test", b"mock", b"todo", b"fixme", b"foobar", b"hunter2",
    b"letmein", b"qwerty", b"insert", b"replace", b"enter_", b"enter-", b"here", b"null",
    b"none", b"undefined", b"empty", b"default", b"process.env", b"os.environ", b"getenv",
    b"environ[", b"env[", b"env.", b"config.", b"settings.", b"secrets.", b"vault:", b"%(",
    b"$(", b"#{", b"@@", b"...", b"\xe2\x80\xa6",
];

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The longest run of one repeated byte.
fn longest_run(value: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in value {
        run = if Some(b) == prev { run + 1 } else { 1 };
        prev = Some(b);
        best = best.max(run);
    }
    best
}

/// Whether a provider-format match is a placeholder or a documented example.
pub fn is_placeholder(value: &[u8]) -> bool {
    DOCUMENTED_EXAMPLES.contains(&value)
        || ALWAYS_PLACEHOLDER.iter().any(|p| contains_ci(value, p))
        || repetitive(value)
}

/// A long run of one character: `AAAAAAAAAAAA` in a 40-character token is a placeholder, while
/// long base64 blobs (key material) legitimately contain runs of `A` from zero bytes.
fn repetitive(value: &[u8]) -> bool {
    let run = longest_run(value);
    run >= 8 && (value.len() <= 100 || run * 4 >= value.len())
}

/// Whether a generic match's value is something other than a literal credential.
pub fn is_generic_non_secret(value: &[u8]) -> bool {
    if is_placeholder(value) || GENERIC_PLACEHOLDER.iter().any(|p| contains_ci(value, p)) {
        return true;
    }
    // `<token>`, `[password]`, `$VAR`, `%VAR%`, `{name}`: templates, not values.
    let first = value.first().copied().unwrap_or(b' ');
    let last = value.last().copied().unwrap_or(b' ');
    if matches!((first, last), (b'<', b'>') | (b'[', b']') | (b'{', b'}') | (b'%', b'%'))
        || first == b'$'
    {
        return true;
    }
    // A value with a single character class is a word or a number, not a generated secret.
    let classes = [
        value.iter().any(u8::is_ascii_lowercase),
        value.iter().any(u8::is_ascii_uppercase),
        value.iter().any(u8::is_ascii_digit),
        value.iter().any(|b| b.is_ascii_punctuation()),
    ];
    if classes.iter().filter(|&&c| c).count() < 2 {
        return true;
    }
    // Dotted identifiers and calls: `self.db_password`, `get_secret()`.
    let identifier_like = value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'(' || b == b')');
    if identifier_like && (value.contains(&b'(') || value.windows(2).any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic())) {
        return true;
    }
    is_uuid(value) || is_hex_digest(value)
}

/// `8-4-4-4-12` hex: identifiers, not secrets.
fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A bare md5/sha1/sha256/sha512 digest, or one written `sha256:...`, `sha512-...`.
fn is_hex_digest(value: &[u8]) -> bool {
    let body = value
        .iter()
        .position(|&b| b == b':' || b == b'-')
        .filter(|&i| value[..i].eq_ignore_ascii_case(b"sha256") || value[..i].eq_ignore_ascii_case(b"sha512") || value[..i].eq_ignore_ascii_case(b"sha1") || value[..i].eq_ignore_ascii_case(b"md5"))
        .map(|i| &value[i + 1..]);
    if body.is_some() {
        return true;
    }
    matches!(value.len(), 32 | 40 | 64 | 128)
        && value.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_placeholders() {
        assert!(is_placeholder(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(is_placeholder(b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(is_placeholder(b"sk_live_00000000000000000000000"));
        assert!(!is_placeholder(b"ghp_Qm7ZpW2xR9tLk4VbN8cJ3hYf6DsA1e2k3L4m"));
    }

    #[test]
    fn generic_non_secrets() {
        for value in [
            &b"changeme"[..], b"${DB_PASSWORD}", b"<password>", b"{{ .Values.pw }}", b"%(pw)s",
            b"process.env.DB_PASS", b"self.password", b"get_password()", b"hunter",
            b"123e4567-e89b-12d3-a456-426614174000", b"d41d8cd98f00b204e9800998ecf8427e",
            b"sha512-Zm9vYmFy", b"$DB_PASS", b"your_password_here",
        ] {
            assert!(is_generic_non_secret(value), "{}", String::from_utf8_lossy(value));
        }
        for value in [&b"T9v#qL2m!xR7pZ4w"[..], b"Kd82jfLq0Pz7Wm3n", b"s3cUre-Pa55w0rd-19"] {
            assert!(!is_generic_non_secret(value), "{}", String::from_utf8_lossy(value));
        }
    }
}
