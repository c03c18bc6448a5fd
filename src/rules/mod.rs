//! The rule model and its loading: the embedded pack under `rules/`, user rule files and the rules
//! a config file adds. Loading parses and validates; it never compiles the embedded pack's regexes
//! (the engine does that lazily), but it does compile a user's, so a typo fails before a scan.

pub mod check;
pub mod pattern;

use std::{fmt, path::Path};

use serde::Deserialize;
use serde_saphyr::Spanned;

/// How bad a leak of this credential is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An offline validity check built into a token format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub-style: the last 6 characters are the base62 CRC32 of the 30 before them
    /// (GitHub tokens, npm tokens).
    GithubCrc32,
    /// Base58Check (Bitcoin's alphabet): the last 4 bytes of the decoded value are the first 4
    /// of the double SHA-256 of the rest (WIF private keys, BIP32 extended keys).
    Base58check,
    /// A BIP39 seed phrase: every word is in the standard's English list, and the last bits of
    /// the words' 11-bit indexes are the first bits of the SHA-256 of the entropy before them
    /// (one in 16 random 12-word phrases passes, one in 256 of 24 words).
    Bip39,
}

/// A structural check of a candidate secret that a regex cannot express. Unlike a checksum it
/// does not confirm a match; it only rejects look-alikes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// A JSON Web Token: the header must decode (base64url) to a JSON object naming an `alg`
    /// other than `none`, and the signature must not be empty.
    Jwt,
    /// A value written without quotes (`KEY=value`, `key: value`): reject code such as
    /// identifiers, calls and expressions.
    BareValue,
    /// Credentials in a URL whose match ends with the host: reject documentation hosts
    /// (example.com, .example, .test, .invalid).
    UrlCredentials,
    /// HTTP Basic credentials: base64 of `user:password`, where the password passes the generic
    /// value checks.
    BasicAuth,
    /// A value whose name sets how short it may be: under a password name, 6 or 7 characters
    /// with letters, digits and a third class (`Rt5!kq9`); under another name (`secretKey`),
    /// 10 or 11 characters with all four classes (`N0rd1c%59x`). Longer values pass.
    ShortValue,
    /// `bare-value` and `short-value` together, for values written without quotes.
    BareShortValue,
}

/// What to do with a match whose checksum is wrong.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BadChecksum {
    /// Drop the match: the format guarantees a valid checksum.
    #[default]
    Drop,
    /// Report it, unconfirmed.
    Keep,
}

/// One example of a rule: its text, the secret it must yield when that is worth pinning down,
/// and the path of the file it stands in (required for a rule scoped by `path`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        secret: Option<String>,
        #[serde(default)]
        path: Option<String>,
    },
}

impl Example {
    /// The example's input text.
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) | Example::Full { text: t, .. } => t,
        }
    }
    /// The secret the rule must extract, if the example names one.
    pub fn secret(&self) -> Option<&str> {
        match self {
            Example::Text(_) => None,
            Example::Full { secret, .. } => secret.as_deref(),
        }
    }
    /// The file path the example is scanned as, if it names one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Example::Text(_) => None,
            Example::Full { path, .. } => path.as_deref(),
        }
    }
}

/// Where a rule was defined, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A detection rule, as written in YAML.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub severity: Severity,
    pub keywords: Vec<Text>,
    pub pattern: Text,
    pub min_entropy: Option<f64>,
    pub checksum: Option<Checksum>,
    pub bad_checksum: BadChecksum,
    /// An extra structural check of the secret.
    pub validator: Option<Validator>,
    /// Generic rules (secret-like names, not a provider format) get the stricter value checks and
    /// give way to a provider rule that matched the same secret.
    pub generic: bool,
    /// A broad format (JWTs) that gives way, like generic rules, to a provider rule whose secret
    /// overlaps its own; unlike generic rules it keeps the provider-format value checks.
    pub fallback: bool,
    /// The pattern may span lines (private key blocks): the engine widens its window.
    pub multiline: bool,
    /// A regex on the file's `/`-separated path (relative to the project or repository root):
    /// the rule applies only to files whose path it matches (`.pgpass`, `.htpasswd`). A scoped
    /// rule may have no keywords; its regex then runs over the whole file.
    pub path: Option<String>,
    /// Literals (lowercase) of which every match of `path` contains one, extracted at build
    /// time for the built-in pack; empty when unknown (user rules): see `engine::path_scope`.
    pub path_hints: Vec<String>,
    /// A run of bytes that every match of `pattern` contains, extracted at build time for the
    /// built-in pack; `None` when unknown (user rules): see `engine::RuleSet::scan_rule`.
    pub window_run: Option<ByteRun>,
    /// Literals (lowercase) of which every match of `pattern` contains one, ASCII case aside,
    /// where the keywords do not imply one; extracted at build time for the built-in pack,
    /// empty when unknown (user rules): see `engine::RuleSet::scan_rule`.
    pub window_literals: Vec<Text>,
    pub remediation: Text,
    pub references: Vec<Text>,
    pub examples: Vec<Example>,
    pub negative_examples: Vec<Example>,
    pub origin: Origin,
    /// The fields a user rule left out that got a default (`severity`, `remediation`):
    /// `rules check` warns about each, and the built-in pack allows none.
    pub defaulted: Vec<&'static str>,
}

/// A rule's text: borrowed from the binary for the built-in pack (copying the pack's prose at
/// every start-up was most of its page faults), owned for user rules.
pub type Text = std::borrow::Cow<'static, str>;

/// `min` or more consecutive bytes of `class` (a 256-bit set: byte `b` is bit `b % 64` of word
/// `b / 64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRun {
    pub class: [u64; 4],
    pub min: u32,
}

impl ByteRun {
    /// Whether `bytes` holds `min` consecutive bytes of the class. Tests every `min`-th byte:
    /// a run of `min` covers one of them, and a byte outside the class rules out every run
    /// through it.
    pub fn occurs_in(&self, bytes: &[u8]) -> bool {
        let min = self.min.max(1) as usize;
        let has = |b: u8| self.class[usize::from(b >> 6)] >> (b & 63) & 1 != 0;
        // No run of `min` starts before `probe + 1 - min`, and the byte before that is not in
        // the class (or there is none).
        let mut probe = min - 1;
        while probe < bytes.len() {
            if !has(bytes[probe]) {
                probe += min;
                continue;
            }
            let mut start = probe;
            while start > 0 && has(bytes[start - 1]) {
                start -= 1;
            }
            let mut end = probe + 1;
            while end < bytes.len() && end - start < min && has(bytes[end]) {
                end += 1;
            }
            if end - start >= min {
                return true;
            }
            probe = end + min;
        }
        false
    }
}

/// FNV-1a: a hasher for the maps a scan builds at start-up over the pack's ids and keywords,
/// where std's SipHash (or sorting) cost millions of instructions per run.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv_extend(if self.0 == 0 { FNV_OFFSET } else { self.0 }, bytes);
    }
}

/// FNV-1a's 64-bit offset basis: the hash of nothing.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes` continued from `hash` (`FNV_OFFSET` to start).
pub(crate) fn fnv_extend(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A hash map with `Fnv` (keys from the rule pack, not from scanned input).
pub(crate) type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The severity of a user rule that names none.
pub const DEFAULT_SEVERITY: Severity = Severity::Medium;

/// The remediation of a user rule that has none of its own.
pub const DEFAULT_REMEDIATION: &str = "Revoke the credential where it was issued (the provider's console, API or admin page), issue a new one, update what uses it, and check the provider's logs for use in the meantime. Deleting the line is not enough: the value stays in git history and in every clone, so treat it as compromised.";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<RawRule>,
}

/// The YAML shape of a rule; shared with the config file, which may carry `rules:` too.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule<Id = Spanned<String>> {
    id: Id,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    keywords: Vec<String>,
    pattern: String,
    #[serde(default)]
    min_entropy: Option<f64>,
    #[serde(default)]
    checksum: Option<Checksum>,
    #[serde(default)]
    bad_checksum: BadChecksum,
    #[serde(default)]
    validator: Option<Validator>,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    multiline: bool,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    remediation: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    negative_examples: Vec<Example>,
}

impl RawRule {
    pub(crate) fn into_rule(self, file: &str) -> Rule {
        let line = self.id.referenced.line();
        let id = self.id.value.clone();
        self.with_id(id, file, line)
    }
}

impl<Id> RawRule<Id> {
    fn with_id(self, id: String, file: &str, line: u64) -> Rule {
        let mut defaulted = Vec::new();
        if self.severity.is_none() {
            defaulted.push("severity");
        }
        if self.remediation.is_none() {
            defaulted.push("remediation");
        }
        Rule {
            origin: Origin {
                file: file.to_string(),
                line,
            },
            id,
            name: self.name.into(),
            description: self.description.map(Text::from),
            severity: self.severity.unwrap_or(DEFAULT_SEVERITY),
            keywords: self.keywords.into_iter().map(Text::from).collect(),
            pattern: self.pattern.into(),
            min_entropy: self.min_entropy,
            checksum: self.checksum,
            bad_checksum: self.bad_checksum,
            validator: self.validator,
            generic: self.generic,
            fallback: self.fallback,
            multiline: self.multiline,
            path: self.path,
            path_hints: Vec::new(),
            window_run: None,
            window_literals: Vec::new(),
            remediation: self
                .remediation
                .map_or(Text::Borrowed(DEFAULT_REMEDIATION), Text::from),
            references: self.references.into_iter().map(Text::from).collect(),
            examples: self.examples,
            negative_examples: self.negative_examples,
            defaulted,
        }
    }
}

/// A problem with a rule or rule file, naming where it is.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{message}")]
    Parse { message: String },
    #[error("{origin}: rule `{id}`: {problem}")]
    Invalid {
        origin: Origin,
        id: String,
        problem: String,
    },
    #[error("cannot read rule file {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

impl RuleError {
    /// A problem with one rule, naming where it is defined.
    pub fn invalid(rule: &Rule, problem: impl Into<String>) -> Self {
        RuleError::Invalid {
            origin: rule.origin.clone(),
            id: rule.id.clone(),
            problem: problem.into(),
        }
    }
}

/// The rule files built into the binary: (file name, YAML text), sorted by name.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"))
}

/// One rule of the pack as `build.rs` stores it: parsed from YAML at build time, without
/// examples, as static data compiled into the binary.
/// It holds no pointers (a pointer in static data is relocated at every start: ~16,000 of them
/// for the pack, and a page fault per page they are on): strings are spans of `PACK_TEXT`,
/// lists spans of `PACK_LISTS`.
struct EmbeddedRule {
    file: Span,
    line: u64,
    id: Span,
    name: Span,
    description: Option<Span>,
    severity: Option<Span>,
    keywords: Spans,
    pattern: Span,
    min_entropy: Option<f64>,
    checksum: Option<Span>,
    bad_checksum: Option<Span>,
    validator: Option<Span>,
    generic: bool,
    fallback: bool,
    multiline: bool,
    path: Option<Span>,
    remediation: Option<Span>,
    references: Spans,
    path_hints: Spans,
    window_run: Option<ByteRun>,
    window_literals: Spans,
}

/// A string of the static pack: (start, length) in `PACK_TEXT`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

/// A list of strings of the static pack: (start, length) in `PACK_LISTS`.
#[derive(Clone, Copy)]
struct Spans(u32, u32);

impl Span {
    fn get(self) -> &'static str {
        &PACK_TEXT[self.0 as usize..(self.0 + self.1) as usize]
    }
}

impl Spans {
    fn get(self) -> impl Iterator<Item = &'static str> {
        PACK_LISTS[self.0 as usize..(self.0 + self.1) as usize]
            .iter()
            .map(|s| s.get())
    }
}

static EMBEDDED: &[EmbeddedRule] = include!(concat!(env!("OUT_DIR"), "/rules_static.rs"));
static PACK_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/pack_text.txt"));
static PACK_LISTS: &[Span] = include!(concat!(env!("OUT_DIR"), "/pack_lists.rs"));

/// A kebab-case or lowercase name as the enum `T` it names (`high`, `github-crc32`).
fn named<T: serde::de::DeserializeOwned>(
    rule: &EmbeddedRule,
    value: Option<Span>,
) -> Result<Option<T>, RuleError> {
    use serde::de::IntoDeserializer;
    value
        .map(|name| {
            let name = name.get();
            T::deserialize(name.into_deserializer()).map_err(|e: serde::de::value::Error| {
                RuleError::Parse {
                    message: format!(
                        "{}:{}: rule `{}`: the built-in rule pack is corrupt: {e}",
                        rule.file.get(),
                        rule.line,
                        rule.id.get()
                    ),
                }
            })
        })
        .transpose()
}

fn strings(list: Spans) -> Vec<String> {
    list.get().map(str::to_string).collect()
}

/// The built-in pack for scanning: converted at build time into static data, so loading it parses
/// nothing, and without examples (`load_embedded_with_examples` has them). Its regexes are
/// checked by `cargo test`, not here, so that a scan that touches one file does not compile
/// hundreds of them.
pub fn load_embedded() -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::with_capacity(EMBEDDED.len());
    for e in EMBEDDED {
        // As `RawRule::with_id` builds it, with the text borrowed from the binary.
        let mut defaulted = Vec::new();
        let severity: Option<Severity> = named(e, e.severity)?;
        if severity.is_none() {
            defaulted.push("severity");
        }
        if e.remediation.is_none() {
            defaulted.push("remediation");
        }
        rules.push(Rule {
            origin: Origin {
                file: e.file.get().to_string(),
                line: e.line,
            },
            id: e.id.get().to_string(),
            name: Text::Borrowed(e.name.get()),
            description: e.description.map(|d| Text::Borrowed(d.get())),
            severity: severity.unwrap_or(DEFAULT_SEVERITY),
            keywords: e.keywords.get().map(Text::Borrowed).collect(),
            pattern: Text::Borrowed(e.pattern.get()),
            min_entropy: e.min_entropy,
            checksum: named(e, e.checksum)?,
            bad_checksum: named(e, e.bad_checksum)?.unwrap_or_default(),
            validator: named(e, e.validator)?,
            generic: e.generic,
            fallback: e.fallback,
            multiline: e.multiline,
            path: e.path.map(|p| p.get().to_string()),
            path_hints: strings(e.path_hints),
            window_run: e.window_run,
            window_literals: e.window_literals.get().map(Text::Borrowed).collect(),
            remediation: Text::Borrowed(e.remediation.map_or(DEFAULT_REMEDIATION, Span::get)),
            references: e.references.get().map(Text::Borrowed).collect(),
            examples: Vec::new(),
            negative_examples: Vec::new(),
            defaulted,
        });
    }
    check::unique_ids(&rules)?;
    check::no_defaults(&rules)?;
    Ok(rules)
}

/// The built-in pack parsed from its YAML, examples included: for rule tests and `rules check`.
pub fn load_embedded_with_examples() -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::new();
    for (name, text) in embedded_files() {
        rules.extend(parse_pack_file(&format!("rules/{name}"), text)?);
    }
    check::unique_ids(&rules)?;
    Ok(rules)
}

/// Parses a file of the built-in pack: like `parse`, but every rule must name its severity and
/// remediation (a user's rule may leave them to the defaults).
pub fn parse_pack_file(file: &str, text: &str) -> Result<Vec<Rule>, RuleError> {
    let rules = parse(file, text)?;
    check::no_defaults(&rules)?;
    Ok(rules)
}

/// Reads, parses and fully validates a user rule file (regexes compiled).
pub fn load_file(path: &Path) -> Result<Vec<Rule>, RuleError> {
    let file = path.display().to_string();
    let text =
        crate::fsio::read_limited(path, crate::fsio::MAX_CONFIG_BYTES).map_err(|source| {
            RuleError::Read {
                file: file.clone(),
                source,
            }
        })?;
    let rules = parse(&file, &text)?;
    for rule in &rules {
        check::validate(rule, true)?;
    }
    check::unique_ids(&rules)?;
    Ok(rules)
}

/// Parses a rule file's text and checks each rule's shape (not its regex).
pub fn parse(file: &str, text: &str) -> Result<Vec<Rule>, RuleError> {
    let parsed: RuleFile = serde_saphyr::from_str(text).map_err(|e| RuleError::Parse {
        message: yaml_error(file, &e.to_string()),
    })?;
    let rules: Vec<Rule> = parsed
        .rules
        .into_iter()
        .map(|r| r.into_rule(file))
        .collect();
    for rule in &rules {
        check::validate(rule, false)?;
    }
    Ok(rules)
}

/// serde-saphyr renders errors with a source excerpt over several lines; keep the first.
pub(crate) fn one_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// A YAML error as `file:line:column: problem` (serde-saphyr says `error: line L column C: ...`).
pub(crate) fn yaml_error(file: &str, message: &str) -> String {
    let first = one_line(message);
    let rest = first.strip_prefix("error: ").unwrap_or(&first);
    if let Some(located) = rest.strip_prefix("line ") {
        let mut parts = located.splitn(2, ": ");
        if let (Some(position), Some(problem)) = (parts.next(), parts.next()) {
            if let Some((line, column)) = position.split_once(" column ") {
                return format!("{file}:{line}:{column}: {problem}");
            }
        }
    }
    format!("{file}: {rest}")
}

#[cfg(test)]
mod tests {
    const RULE: &str = "rules:\n  - id: acme-key\n    name: ACME key\n    keywords: [acme_]\n    pattern: '(acme_[a-z0-9]{12})'\n";

    #[test]
    fn user_rules_get_defaults_the_built_in_pack_may_not_use() {
        let rules = super::parse("user.yml", RULE).unwrap();
        assert_eq!(rules[0].severity, super::DEFAULT_SEVERITY);
        assert_eq!(rules[0].remediation, super::DEFAULT_REMEDIATION);
        assert_eq!(rules[0].defaulted, ["severity", "remediation"]);
        let warnings = super::check::default_warnings(&rules[0]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("user.yml:2: rule `acme-key`: no severity"));

        let e = super::parse_pack_file("rules/acme.yml", RULE)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("acme-key") && e.contains("no severity and no remediation"),
            "{e}"
        );
        let with_severity = RULE.replace("    keywords", "    severity: high\n    keywords");
        let e = super::parse_pack_file("rules/acme.yml", &with_severity)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no remediation") && !e.contains("severity"),
            "{e}"
        );
    }

    #[test]
    fn every_built_in_rule_names_its_severity_and_remediation() {
        let rules = super::load_embedded_with_examples().unwrap();
        assert!(rules.iter().all(|r| r.defaulted.is_empty()));
    }
}
