//! Inline allow comments: a line that carries one is not reported. leakhound's own marker, and
//! those of gitleaks and detect-secrets for teams that migrate.

/// Markers honoured on the line of a finding.
pub const MARKERS: &[&[u8]] = &[
    b"leakhound:allow",
    b"gitleaks:allow",
    b"pragma: allowlist secret",
];

/// Whether `line` carries an allow marker.
pub fn is_allowed(line: &[u8]) -> bool {
    MARKERS
        .iter()
        .any(|m| memchr::memmem::find(line, m).is_some())
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers() {
        assert!(super::is_allowed(b"key = 'x' # leakhound:allow"));
        assert!(super::is_allowed(b"key = 'x' // gitleaks:allow"));
        assert!(super::is_allowed(b"key = 'x'  # pragma: allowlist secret"));
        assert!(!super::is_allowed(b"key = 'x' # leakhound"));
    }
}
