//! The bodies of leakhound's fuzz targets, shared by the libFuzzer binaries (`fuzz_targets/`) and
//! by `cargo test` (`tests/fuzz_seeds.rs` replays every seed and every saved regression input),
//! so a fuzz target and its regression test cannot drift apart.
//!
//! Each target takes arbitrary bytes and panics only when leakhound misbehaves: a panic inside
//! leakhound, or a broken invariant checked here (a position that does not map back to the bytes,
//! a decoded byte without an origin, a report that is not valid JSON). Errors are fine: damaged
//! input must end in an error, not a crash.
//!
//! `seeds(target)` builds each target's starting corpus at run time from the rule pack's own
//! examples and from values generated here, so no secret-shaped string is stored in the
//! repository.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use leakhound::engine::decode::{self, Decoded};
use leakhound::engine::{Match, RuleSet, Scratch};
use leakhound::finding::{Finding, LineIndex, Provenance, Redaction};
use leakhound::report::{self, Format, Report, ReportOptions, Stats};
use leakhound::scan::Scanner;
use leakhound::source::{Blob, BlobSink};

/// The targets, by name (the names of the binaries in `fuzz_targets/`).
pub const TARGETS: &[&str] = &[
    "engine",
    "decoders",
    "config",
    "rules",
    "baseline",
    "cli_parsers",
    "git",
];

/// Runs the target called `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "engine" => engine(data),
        "decoders" => decoders(data),
        "config" => config(data),
        "rules" => rules(data),
        "baseline" => baseline(data),
        "cli_parsers" => cli_parsers(data),
        "git" => git(data),
        _ => panic!("no fuzz target {name:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// engine: the full rule pack over arbitrary bytes (plus a path), findings, every report format.

/// The scanner of the `engine` and `git` targets: the whole built-in pack, built once.
fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let rules = leakhound::rules::load_embedded().expect("the built-in pack loads");
        Scanner::new(RuleSet::new(rules), Vec::new(), u64::MAX)
    })
}

/// Splits an `engine` input into a path and a blob: `@PATH\n` on the first line names the file
/// (path-scoped rules apply), otherwise it is `fuzz.txt`.
fn split_path(data: &[u8]) -> (String, &[u8]) {
    if let Some(rest) = data.strip_prefix(b"@") {
        if let Some(nl) = rest.iter().position(|&b| b == b'\n') {
            let path = String::from_utf8_lossy(&rest[..nl]).into_owned();
            return (path, &rest[nl + 1..]);
        }
    }
    ("fuzz.txt".to_string(), data)
}

pub fn engine(data: &[u8]) {
    let (path, hay) = split_path(data);
    let scanner = scanner();

    // The engine alone: matches lie in the blob, secrets inside their match.
    let mut matches: Vec<Match> = Vec::new();
    scanner
        .rules
        .scan_path(hay, Some(&path), &mut Scratch::default(), &mut matches);
    for m in &matches {
        assert!(
            m.span.start <= m.secret.start && m.secret.end <= m.span.end,
            "{m:?}"
        );
        assert!(
            m.span.end <= hay.len(),
            "{m:?} past the end of {} bytes",
            hay.len()
        );
        assert!(!m.secret.is_empty(), "{m:?}: empty secret");
    }
    assert!(
        matches
            .windows(2)
            .all(|w| (w[0].secret.start, w[0].rule) <= (w[1].secret.start, w[1].rule)),
        "matches out of order"
    );

    // The whole per-blob pipeline (decoders, overlaps, snippets, positions), binary or not.
    let mut sink = scanner.sink();
    let provenance = Provenance::File;
    let findings = sink.rescan(Blob {
        bytes: hay,
        path: &path,
        provenance: &provenance,
        id: None,
    });
    check_findings(hay, &findings);
    render_all(scanner, findings);
}

/// What every finding of a blob must satisfy.
fn check_findings(hay: &[u8], findings: &[Finding]) {
    let lines = hay.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for f in findings {
        assert!(f.start <= f.end, "{}: start after end", f.rule_id);
        assert!(
            f.start.line >= 1 && f.start.column >= 1,
            "{}: {:?}",
            f.rule_id,
            f.start
        );
        assert!(
            f.end.line <= lines,
            "{}: line {} of {lines}",
            f.rule_id,
            f.end.line
        );
        assert!(!f.secret.expose().is_empty(), "{}: empty secret", f.rule_id);
        assert_eq!(f.fingerprint.0.len(), 32);
        for redaction in [Redaction::Default, Redaction::Hide(50), Redaction::None] {
            // 200 characters, each at most `\u{10ffff}` once escaped, and the ellipsis.
            let snippet = f.render_snippet(redaction);
            let chars = snippet.chars().count();
            assert!(chars <= 200 * 10 + 1, "snippet of {chars} chars");
        }
    }
}

/// Renders findings in every format and every redaction; machine formats must parse back.
fn render_all(scanner: &Scanner, findings: Vec<Finding>) {
    let mut rules = BTreeMap::new();
    for f in &findings {
        if let Some(rule) = scanner.rules.rules().find(|r| r.id == f.rule_id) {
            rules.insert(f.rule_id.clone(), rule.clone());
        }
    }
    let report = Report {
        findings,
        stats: Stats::default(),
        errors: Vec::new(),
        notes: Vec::new(),
        rules,
        elapsed: Duration::ZERO,
        scans: Vec::new(),
        added_suppression: Vec::new(),
    };
    for format in [
        Format::Text,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Gitlab,
        Format::Junit,
        Format::Csv,
    ] {
        for redaction in [Redaction::Default, Redaction::Hide(70), Redaction::None] {
            let mut out = Vec::new();
            let options = ReportOptions {
                format,
                redaction,
                color: format == Format::Text,
            };
            report::write(&report, &options, &mut out).expect("writing to memory");
            let text = std::str::from_utf8(&out).expect("reports are UTF-8");
            match format {
                Format::Json | Format::Sarif | Format::Gitlab => {
                    serde_json::from_str::<serde_json::Value>(text).expect("valid JSON");
                }
                Format::Jsonl => {
                    for line in text.lines() {
                        serde_json::from_str::<serde_json::Value>(line).expect("valid JSON line");
                    }
                }
                Format::Text | Format::Junit | Format::Csv => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// decoders: the decode pass and the codecs, placeholder checks, validators and checksums.

pub fn decoders(data: &[u8]) {
    let limits = [
        decode::Limits::default(),
        decode::Limits {
            depth: 3,
            max_span: 512,
            max_total: 4096,
            per_byte: 1,
            min_base64: 4,
            min_base64_unpadded: 4,
        },
    ];
    for limits in &limits {
        let mut pieces: Vec<Decoded> = Vec::new();
        decode::decode_blob(data, limits, &mut pieces);
        let mut total = 0;
        for piece in &pieces {
            assert_eq!(
                piece.text.len(),
                piece.origin.len(),
                "a byte without an origin"
            );
            assert!(piece.decoded.start <= piece.decoded.end);
            assert!(piece.decoded.end <= piece.text.len());
            for origin in &piece.origin {
                assert!(origin.start < origin.end, "empty origin {origin:?}");
                assert!(
                    origin.end <= data.len(),
                    "origin {origin:?} past {}",
                    data.len()
                );
            }
            let whole = piece.source_range(piece.decoded.clone());
            assert!(whole.end <= data.len());
            total += piece.text.len();
        }
        // Line context counts against the budget too.
        let budget = limits.max_total + limits.per_byte * data.len();
        assert!(
            total <= budget,
            "{total} decoded bytes over a budget of {budget}"
        );
    }

    use leakhound::engine::{checksum, codec, entropy, placeholder, validator};
    use leakhound::rules::{Checksum, Validator};
    let _ = codec::base64_padded(data);
    let _ = codec::base64url(data);
    let _ = codec::Base64::Standard.decode_unpadded(data);
    let _ = codec::Base64::UrlSafe.decode_unpadded(data);
    let mut buf = vec![0u8; data.len()];
    let _ = codec::Base64::UrlSafe.decode_unpadded_into(data, &mut buf);
    let mut last = 0;
    codec::percent_decode_each(data, |_, range| {
        assert_eq!(range.start, last, "percent-decoding skipped bytes");
        last = range.end;
    });
    assert_eq!(last, data.len());
    let e = entropy::shannon(data);
    assert!((0.0..=8.0).contains(&e), "entropy {e}");
    let _ = placeholder::is_placeholder(data);
    let _ = placeholder::is_generic_non_secret(data);
    let _ = placeholder::is_demo_value(data);
    let _ = placeholder::is_bare_code(data);
    // The secret is a suffix of the match, as rules extract it.
    let split = data.iter().position(|&b| b == b'=').map_or(0, |p| p + 1);
    for v in [
        Validator::Jwt,
        Validator::BareValue,
        Validator::UrlCredentials,
        Validator::BasicAuth,
    ] {
        let _ = validator::check(v, &data[split..], data);
    }
    let _ = checksum::verify(Checksum::GithubCrc32, data);
}

/// A temporary directory, in memory when the machine has /dev/shm: targets that write files per
/// input spend most of their time creating and deleting inodes otherwise.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::Builder::new()
            .prefix("leakhound-fuzz")
            .tempdir_in(shm)
        {
            return dir;
        }
    }
    tempfile::tempdir().expect("temp dir")
}

// ---------------------------------------------------------------------------------------------
// config, rules, baseline: the files a repository under scan (or a user) hands leakhound.

pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(config) = leakhound::config::Config::parse("fuzz.yml", &text) else {
        return;
    };
    // A config's own rules and allowlists, in use.
    let set = RuleSet::new(config.rules.clone());
    let mut out = Vec::new();
    set.scan_path(data, Some("fuzz.txt"), &mut Scratch::default(), &mut out);
    for allowlist in &config.allowlists {
        let _ = allowlist.skips_path("a/b.txt");
        let _ = allowlist.allows("generic-password", "a/b.txt", data, data);
    }
}

pub fn rules(data: &[u8]) {
    // `leakhound rules check FILE`: load, validate, compile, run examples and negative examples.
    let dir = scratch_dir();
    let path = dir.path().join("rules.yml");
    again(|| std::fs::write(&path, data));
    let _ = leakhound::engine::examples::check_files(&[&path]);
    let text = String::from_utf8_lossy(data);
    if let Ok(rules) = leakhound::rules::parse("fuzz.yml", &text) {
        let set = RuleSet::new(rules);
        let _ = set.find_secrets_in(data, Some("fuzz.txt"));
        let _ = set.errors();
    }
}

pub fn baseline(data: &[u8]) {
    let dir = scratch_dir();
    let path = dir.path().join("baseline.json");
    again(|| std::fs::write(&path, data));
    if let Ok(baseline) = leakhound::filter::baseline::Baseline::load(&path) {
        // What is written back loads again, to the same entries.
        let json = baseline.to_json();
        again(|| std::fs::write(&path, &json));
        let again = leakhound::filter::baseline::Baseline::load(&path).expect("round trip");
        assert_eq!(again.len(), baseline.len());
        assert_eq!(again.to_json(), json);
    }
}

// ---------------------------------------------------------------------------------------------
// cli_parsers: what the command line and the reports parse and format.

pub fn cli_parsers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(size) = leakhound::config::parse_size(&text) {
        // A plain number of bytes reads back as itself.
        assert_eq!(leakhound::config::parse_size(&size.to_string()), Some(size));
    }
    if let Ok(leakhound::source::history::Selection::Range { base, head }) =
        leakhound::source::history::Selection::parse_range(&text)
    {
        assert!(!base.is_empty() && !head.is_empty());
    }
    let _ = leakhound::paths::display_git_path(data);
    let uri = leakhound::report::sarif::uri_path(&text);
    assert!(uri.is_ascii());
    let shown = leakhound::finding::visible(&text, 200);
    assert!(shown.chars().count() <= 200 * 10 + 1);
    assert!(!shown.chars().any(|c| c.is_control()));
    for p in [0u8, 1, 33, 50, 99, 100, 255] {
        let _ = Redaction::Hide(p).apply(&text);
    }
    let _ = Redaction::Default.apply(&text);
    let _ = leakhound::filter::inline::is_allowed(data);
    if data.len() >= 8 {
        let seconds = i64::from_le_bytes(data[..8].try_into().unwrap());
        let date = leakhound::source::history::rfc3339_utc(seconds);
        assert!(date.ends_with('Z'));
    }
    // Positions: walking forward and back gives the same answers.
    let mut index = LineIndex::new(data);
    let step = (data.len() / 7).max(1);
    let forward: Vec<_> = (0..=data.len())
        .step_by(step)
        .map(|o| index.position(o))
        .collect();
    let mut index = LineIndex::new(data);
    for (i, o) in (0..=data.len())
        .step_by(step)
        .enumerate()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        assert_eq!(index.position(o), forward[i]);
    }
}

// ---------------------------------------------------------------------------------------------
// git: the history and staged sources over a small repository with one part damaged.

/// Repositories made once per process with the git CLI, copied and damaged per input.
struct Templates {
    _dir: tempfile::TempDir,
    /// Loose objects, a staged change.
    loose: PathBuf,
    /// The same history in one pack, refs packed.
    packed: PathBuf,
    /// Every object of the history: id and kind, sorted by id.
    objects: Vec<(gix::ObjectId, gix::objs::Kind)>,
}

fn git_cmd(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Fuzz",
            "-c",
            "user.email=fuzz@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2020-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2020-01-02T03:04:05Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A password-shaped value from a fixed seed (not a real credential).
fn fake_value(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let dir = scratch_dir();
        let loose = dir.path().join("loose");
        std::fs::create_dir(&loose).unwrap();
        // No template: no sample hooks, fewer files to copy per input.
        git_cmd(&loose, &["init", "-q", "--template="]);
        let write = |name: &str, text: &str| {
            let path = loose.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("README.md", "# demo\n");
        write(".env", &format!("DB_PASSWORD={}\n", fake_value(1, 20)));
        git_cmd(&loose, &["add", "-A"]);
        git_cmd(&loose, &["commit", "-q", "-m", "first"]);
        write(
            "src/app.py",
            &format!("db_password = \"{}\"\n", fake_value(2, 18)),
        );
        write(
            ".env",
            &format!("DB_PASSWORD={}\nMODE=dev\n", fake_value(1, 20)),
        );
        git_cmd(&loose, &["add", "-A"]);
        git_cmd(&loose, &["commit", "-q", "-m", "second"]);
        git_cmd(&loose, &["checkout", "-q", "-b", "feature"]);
        write(
            "deploy/values.yaml",
            &format!("password: {}\n", fake_value(3, 24)),
        );
        git_cmd(&loose, &["add", "-A"]);
        git_cmd(&loose, &["commit", "-q", "-m", "third"]);
        git_cmd(&loose, &["checkout", "-q", "main"]);
        git_cmd(&loose, &["tag", "v1"]);
        write(
            "src/app.py",
            &format!("db_password = \"{}\"\nx = 1\n", fake_value(4, 18)),
        );
        git_cmd(&loose, &["add", "-A"]);
        let packed = dir.path().join("packed");
        copy_dir(&loose, &packed);
        git_cmd(&packed, &["repack", "-a", "-d", "-q"]);
        git_cmd(&packed, &["prune-packed"]);
        git_cmd(&packed, &["pack-refs", "--all"]);
        let listing = git_cmd(&loose, &["rev-list", "--objects", "--all"]);
        let repo = gix::open(&loose).expect("template opens");
        let mut objects: Vec<_> = String::from_utf8_lossy(&listing)
            .lines()
            .filter_map(|l| l.split(' ').next())
            .filter_map(|hex| gix::ObjectId::from_hex(hex.as_bytes()).ok())
            .map(|id| (id, repo.find_object(id).expect("object").kind))
            .collect();
        objects.sort();
        Templates {
            _dir: dir,
            loose,
            packed,
            objects,
        }
    })
}

/// Runs a file-system call again while a signal interrupts it (libFuzzer's timeout timer fires
/// SIGALRM during a run; `stat` and `copy_file_range` then fail with EINTR).
fn again<T>(mut call: impl FnMut() -> std::io::Result<T>) -> T {
    loop {
        match call() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            result => return result.expect("file system"),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    again(|| std::fs::create_dir_all(to));
    let entries: Vec<_> = again(|| std::fs::read_dir(from)?.collect::<Result<Vec<_>, _>>());
    for entry in entries {
        let target = to.join(entry.file_name());
        if again(|| entry.file_type()).is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            again(|| std::fs::copy(entry.path(), &target));
        }
    }
}

fn loose_path(repo: &Path, id: &gix::oid) -> PathBuf {
    let hex = id.to_string();
    repo.join(".git/objects").join(&hex[..2]).join(&hex[2..])
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut w =
        gix::zlib::stream::deflate::Write::new(Vec::new(), gix::zlib::Compression::BEST_SPEED);
    w.write_all(data).unwrap();
    w.flush().unwrap();
    w.into_inner()
}

fn the_file(dir: &Path, ext: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == ext))
}

/// Flips bytes of a file: `patches` is a list of (offset: u16 LE, xor: u8) triples.
fn patch_file(path: &Path, patches: &[u8]) {
    let mut bytes = again(|| std::fs::read(path));
    if bytes.is_empty() {
        return;
    }
    for p in patches.chunks_exact(3) {
        let at = u16::from_le_bytes([p[0], p[1]]) as usize % bytes.len();
        bytes[at] ^= p[2];
    }
    again(|| std::fs::write(path, &bytes));
}

const KINDS: [gix::objs::Kind; 4] = [
    gix::objs::Kind::Blob,
    gix::objs::Kind::Tree,
    gix::objs::Kind::Commit,
    gix::objs::Kind::Tag,
];

/// The input's first byte picks what to damage; the rest says how:
/// 0: an object (second byte picks it) gets this body, same kind;
/// 1: an object (second byte) gets this loose file content, header and all, before compression;
/// 2, 3: byte flips in the pack or its index (packed repository);
/// 4: the index file is these bytes (staged scan);
/// 5: packed-refs is this text (packed repository);
/// 6: the `shallow` file is this text;
/// 7: a ref (`refs/heads/main`) and HEAD hold this text.
pub fn git(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let t = templates();
    let work = scratch_dir();
    let repo = work.path().join("r");
    let mode = mode % 8;
    copy_dir(
        if matches!(mode, 2 | 3 | 5) {
            &t.packed
        } else {
            &t.loose
        },
        &repo,
    );
    let git_dir = repo.join(".git");
    match mode {
        0 | 1 => {
            let Some((&slot, body)) = rest.split_first() else {
                return;
            };
            let (id, kind) = t.objects[slot as usize % t.objects.len()];
            let raw = if mode == 0 {
                let mut raw = gix::objs::encode::loose_header(kind, body.len() as u64).to_vec();
                raw.extend_from_slice(body);
                raw
            } else {
                body.to_vec()
            };
            let deflated = deflate(&raw);
            again(|| std::fs::write(loose_path(&repo, &id), &deflated));
        }
        2 => {
            if let Some(pack) = the_file(&git_dir.join("objects/pack"), "pack") {
                patch_file(&pack, rest);
            }
        }
        3 => {
            if let Some(idx) = the_file(&git_dir.join("objects/pack"), "idx") {
                patch_file(&idx, rest);
            }
        }
        4 => again(|| std::fs::write(git_dir.join("index"), rest)),
        5 => again(|| std::fs::write(git_dir.join("packed-refs"), rest)),
        6 => again(|| std::fs::write(git_dir.join("shallow"), rest)),
        _ => {
            again(|| std::fs::write(git_dir.join("refs/heads/main"), rest));
            again(|| std::fs::write(git_dir.join("HEAD"), rest));
        }
    }
    scan_repo(&repo);
}

/// Every git scan leakhound has, over one repository: full history, a range, staged changes.
fn scan_repo(repo: &Path) {
    use leakhound::source::history::{History, Selection};
    let sink = scanner().sink();
    if let Ok(history) = History::open(repo) {
        for selection in [
            Selection::All,
            Selection::Range {
                base: "HEAD~1".into(),
                head: "HEAD".into(),
            },
            Selection::Range {
                base: "v1".into(),
                head: "feature".into(),
            },
        ] {
            if let Ok(out) = history.scan(&sink, &selection, 2) {
                for f in &out.output.findings {
                    assert!(!f.secret.expose().is_empty());
                }
            }
        }
    }
    if let Ok(staged) = leakhound::source::staged::Staged::open(repo) {
        let _ = staged.scan(&sink);
    }
}

/// The git target's starting inputs: every object of the template as it is (both modes), the
/// index, packed-refs, a shallow file, refs, and a few byte flips of the pack.
fn git_seeds() -> Vec<Vec<u8>> {
    let t = templates();
    let repo = gix::open(&t.loose).expect("template opens");
    let mut seeds = Vec::new();
    for (slot, (id, _)) in t.objects.iter().enumerate() {
        let object = repo.find_object(*id).expect("object");
        let mut seed = vec![0, slot as u8];
        seed.extend_from_slice(&object.data);
        seeds.push(seed);
        let mut seed = vec![1, slot as u8];
        seed.extend_from_slice(&gix::objs::encode::loose_header(
            object.kind,
            object.data.len() as u64,
        ));
        seed.extend_from_slice(&object.data);
        seeds.push(seed);
    }
    let head = repo.head_id().expect("HEAD").to_string();
    for (mode, file) in [(4u8, "loose/.git/index"), (5, "packed/.git/packed-refs")] {
        let mut seed = vec![mode];
        seed.extend(std::fs::read(t._dir.path().join(file)).expect("template file"));
        seeds.push(seed);
    }
    seeds.push([&[6u8][..], head.as_bytes(), b"\n"].concat());
    seeds.push([&[7u8][..], head.as_bytes(), b"\n"].concat());
    seeds.push(b"\x07ref: refs/heads/feature\n".to_vec());
    seeds.push(vec![2, 12, 0, 0x40, 40, 0, 1]);
    seeds.push(vec![3, 8, 0, 1, 200, 3, 0x80]);
    seeds
}

// ---------------------------------------------------------------------------------------------
// Seeds.

/// Each rule example of the pack, as `@PATH\nTEXT` when it names a path.
fn rule_examples() -> Vec<Vec<u8>> {
    let rules = leakhound::rules::load_embedded_with_examples().expect("the pack loads");
    let mut out = Vec::new();
    for rule in &rules {
        for example in &rule.examples {
            let mut seed = Vec::new();
            if let Some(path) = example.path() {
                seed.extend_from_slice(format!("@{path}\n").as_bytes());
            }
            seed.extend_from_slice(example.text().as_bytes());
            out.push(seed);
        }
        for text in &rule.negative_examples {
            out.push(text.text().as_bytes().to_vec());
        }
    }
    out
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Blobs in the shapes the decoders and positions care about, around generated values.
fn shaped_blobs() -> Vec<Vec<u8>> {
    let pw = fake_value(10, 22);
    let line = format!("password: {pw}");
    let mut out = vec![
        format!(
            "kind: Secret\ndata:\n  password: {}\n",
            base64(line.as_bytes())
        )
        .into_bytes(),
        format!("{{\"source\": [\"db_password = \\\"{pw}\\\"\\n\"]}}\n").into_bytes(),
        format!(
            "GET /login?user=bob&password={}%21%40 HTTP/1.1\n",
            fake_value(11, 16)
        )
        .into_bytes(),
        format!("a=1\r\nDB_PASSWORD={pw}\r\n").into_bytes(),
        format!("# caf\u{e9} \u{1F600}\npassword = \"{pw}\"\n").into_bytes(),
        format!("blob: {}\n", base64(base64(line.as_bytes()).as_bytes())).into_bytes(),
    ];
    let mut latin1 = b"caf\xe9 \xa3 \xb0 ".to_vec();
    latin1.extend_from_slice(format!("password={pw}\n").as_bytes());
    out.push(latin1);
    out
}

/// A starting corpus for `target`, built at run time (no secret is stored in the repository).
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    match target {
        "engine" => {
            let mut seeds = rule_examples();
            seeds.extend(shaped_blobs());
            seeds.push(format!("@k8s/secret.yaml\n{}", String::from_utf8_lossy(&shaped_blobs()[0])).into_bytes());
            seeds
        }
        "decoders" => {
            let mut seeds = shaped_blobs();
            seeds.push(b"%41%4g%%4".to_vec());
            seeds.push(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln".to_vec());
            seeds.push(format!("Authorization: Basic {}", base64(b"user:Sm9wQ2hlZXNl")).into_bytes());
            seeds.push(b"https://user:pw@example.com/".to_vec());
            seeds
        }
        "config" => vec![
            b"max_file_size: 10MiB\ndisable: [generic-password]\n".to_vec(),
            b"allowlists:\n  - description: tests\n    paths: ['tests/**', 'a/[bc]']\n    secrets: ['^EXAMPLE']\n    lines: ['nosec']\n    stopwords: [dummy]\n    rules: [generic-password]\n".to_vec(),
            b"allowlist:\n  paths: [vendor/]\n".to_vec(),
            embedded_rule_file().into_bytes(),
        ],
        "rules" => {
            let mut seeds = vec![embedded_rule_file().into_bytes()];
            seeds.push(b"rules:\n  - id: demo\n    name: Demo\n    severity: low\n    keywords: [demo_]\n    pattern: 'demo_(?P<secret>[a-z0-9]{8})'\n    path: '\\.env$'\n    multiline: true\n    remediation: Rotate.\n    examples:\n      - {text: 'demo_abcd1234', secret: 'abcd1234', path: 'x.env'}\n    negative_examples: ['demo_x']\n".to_vec());
            seeds
        }
        "baseline" => vec![
            b"{\"format\": \"leakhound-baseline/1\", \"findings\": [{\"fingerprint\": \"00112233445566778899aabbccddeeff\", \"rule\": \"generic-password\", \"path\": \"a/b.env\"}]}".to_vec(),
            b"{\"format\": \"leakhound-baseline/1\", \"findings\": []}".to_vec(),
        ],
        "cli_parsers" => ["10MiB", "500k", "1048576", " 7 GB ", "main..feature", "abc..", "a...b", "caf\u{e9}\r\nx\ny"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect(),
        "git" => git_seeds(),
        _ => Vec::new(),
    }
}

/// The first embedded rule file, as YAML (examples and all).
fn embedded_rule_file() -> String {
    leakhound::rules::embedded_files()
        .first()
        .map(|(_, text)| text.to_string())
        .unwrap_or_default()
}

/// Writes `target`'s seeds into `dir` (named by index), for a libFuzzer run to start from.
pub fn write_seeds(target: &str, dir: &Path) {
    std::fs::create_dir_all(dir).expect("seed dir");
    for (i, seed) in seeds(target).iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:05}")), seed).expect("write seed");
    }
}

/// Called once before a fuzz run: with `LEAKHOUND_FUZZ_SEEDS=DIR`, writes `target`'s seeds into
/// `DIR` (libFuzzer reads its corpus directories after this).
pub fn init(target: &str) {
    if let Some(dir) = std::env::var_os("LEAKHOUND_FUZZ_SEEDS") {
        write_seeds(target, Path::new(&dir));
    }
}
