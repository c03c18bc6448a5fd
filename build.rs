//! Embeds the rule pack. Every `rules/*.yml` is embedded as text (for `rules check` and the rule
//! tests, which need the examples), and also converted here, at build time, into one compact
//! JSON document without examples that a scan parses in well under a millisecond: YAML parsing
//! of the whole pack costs tens of milliseconds, which a pre-commit hook must not pay.
use std::{env, fs, path::Path};

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use serde_json::{json, Value};

fn main() {
    let dir = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("rules/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yml"))
        .collect();
    names.sort();
    let mut table = String::from("&[\n");
    let mut compact = Vec::new();
    for name in &names {
        println!("cargo:rerun-if-changed=rules/{name}");
        let path = dir.join(name);
        let abs = fs::canonicalize(&path).expect("rule file path");
        table.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
        let text = fs::read_to_string(&path).expect("read rule file");
        let doc: Value = serde_saphyr::from_str(&text)
            .unwrap_or_else(|e| panic!("rules/{name} is not valid YAML: {e}"));
        let rules = doc
            .get("rules")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("rules/{name}: expected a top-level `rules:` list"));
        let mut search_from = 0;
        for rule in rules {
            let mut rule = rule.clone();
            let object = rule
                .as_object_mut()
                .unwrap_or_else(|| panic!("rules/{name}: every rule must be a mapping"));
            object.remove("examples");
            object.remove("negative_examples");
            let id = object
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let line = id_line(&text, &id, &mut search_from);
            let hints = object
                .get("path")
                .and_then(Value::as_str)
                .map(path_hints)
                .unwrap_or_default();
            compact.push(json!({
                "file": format!("rules/{name}"),
                "line": line,
                "rule": rule,
                "path_hints": hints,
            }));
        }
    }
    table.push_str("]\n");
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("embedded_rules.rs"), table).expect("write embedded_rules.rs");
    fs::write(
        Path::new(&out).join("rules.json"),
        serde_json::to_string(&compact).expect("serialize the pack"),
    )
    .expect("write rules.json");
    build_id();
}

/// A digest of the sources and the lock file (`LEAKHOUND_BUILD_ID`): the history cache is keyed
/// by it, so a build whose code could find something else never trusts an older build's cache.
fn build_id() {
    let mut files = vec![
        Path::new("Cargo.lock").to_path_buf(),
        Path::new("build.rs").to_path_buf(),
    ];
    let mut dirs = vec![Path::new("src").to_path_buf(), dir_rules()];
    while let Some(dir) = dirs.pop() {
        println!("cargo:rerun-if-changed={}", dir.display());
        for entry in fs::read_dir(&dir).expect("source directory").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    // FNV-1a, 64 bits, twice with different offsets: stable across toolchains, unlike std's
    // hasher, and plenty to tell builds apart.
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.to_string_lossy();
        let bytes = fs::read(path).unwrap_or_default();
        for byte in name.bytes().chain([0]).chain(bytes).chain([0]) {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=LEAKHOUND_BUILD_ID={a:016x}{b:016x}");
}

fn dir_rules() -> std::path::PathBuf {
    Path::new("rules").to_path_buf()
}

/// The 1-based line of the `id:` key that defines `id`, searching forward from the previous one.
fn id_line(text: &str, id: &str, from: &mut usize) -> usize {
    for (i, line) in text.lines().enumerate().skip(*from) {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(value) = trimmed.strip_prefix("id:") {
            if value.trim().trim_matches(|c| c == '\'' || c == '"') == id {
                *from = i + 1;
                return i + 1;
            }
        }
    }
    0
}

/// Lowercase literals of which every match of the path pattern ends with one, so a scan compiles
/// a pattern only for paths that contain one of them (`engine::path_scope`); empty when there is
/// no such finite set (or the pattern does not parse: rule checks report that).
fn path_hints(pattern: &str) -> Vec<String> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let seq = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
    // The last bytes of a suffix are a suffix too: the fewer bytes kept, the fewer distinct
    // hints, down to a length that most paths would not contain.
    for keep in [8, 6, 5, 4, MIN_HINT_BYTES] {
        let mut trimmed = seq.clone();
        trimmed.keep_last_bytes(keep);
        let Some(literals) = trimmed.literals() else {
            return Vec::new();
        };
        let mut hints = Vec::new();
        for literal in literals {
            match std::str::from_utf8(literal.as_bytes()) {
                // A hint as short as `0` (from `\.tfstate\.\d+`) is in nearly every path.
                Ok(text) if text.len() >= MIN_HINT_BYTES => hints.push(text.to_ascii_lowercase()),
                _ => return Vec::new(),
            }
        }
        hints.sort();
        hints.dedup();
        if hints.len() <= MAX_HINTS {
            return hints;
        }
    }
    Vec::new()
}

/// Shorter hints would match most paths.
const MIN_HINT_BYTES: usize = 3;
/// More hints than this for one pattern cost more to search for than they save.
const MAX_HINTS: usize = 32;
