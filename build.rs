//! Embeds the rule pack. Every `rules/*.yml` is embedded as text (for `rules check` and the rule
//! tests, which need the examples), and also converted here, at build time, into one compact
//! JSON document without examples that a scan parses in well under a millisecond: YAML parsing
//! of the whole pack costs tens of milliseconds, which a pre-commit hook must not pay.
use std::{env, fs, path::Path};

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
            compact.push(json!({ "file": format!("rules/{name}"), "line": line, "rule": rule }));
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
