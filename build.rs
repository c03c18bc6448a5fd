//! Embeds the rule pack. Every `rules/*.yml` is embedded as text (for `rules check` and the rule
//! tests, which need the examples), and also converted here, at build time, into Rust source: one
//! static array of the rules without examples (`rules::load_embedded`), so that a scan parses
//! nothing. YAML parsing of the whole pack costs tens of milliseconds, and even a compact JSON
//! document of it took ~15 million instructions to parse, which a pre-commit hook pays per commit.
//! The array holds no pointers: its strings are spans of one text and its lists spans of one
//! list of spans, so the loader relocates nothing and a scan touches only the text it reads.
use std::{cell::RefCell, collections::HashMap, env, fs, path::Path};

use regex_syntax::hir::{
    literal::{ExtractKind, Extractor},
    Class, Hir, HirKind, Look,
};
use serde_json::{Map, Value};

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
            compact.push(static_rule(&format!("rules/{name}"), line, object, &hints));
        }
    }
    table.push_str("]\n");
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("embedded_rules.rs"), table).expect("write embedded_rules.rs");
    fs::write(
        Path::new(&out).join("rules_static.rs"),
        format!("&[\n{}]\n", compact.concat()),
    )
    .expect("write rules_static.rs");
    PACK.with(|pack| {
        let pack = pack.borrow();
        fs::write(Path::new(&out).join("pack_text.txt"), &pack.text).expect("write pack_text.txt");
        fs::write(
            Path::new(&out).join("pack_lists.rs"),
            format!("&[{}]\n", pack.lists.join(", ")),
        )
        .expect("write pack_lists.rs");
    });
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

/// Lowercase literals of which every match of the path pattern contains one (its suffixes, or
/// literals required elsewhere in it when those are longer), so a scan compiles a pattern only for
/// paths that contain one of them (`engine::path_scope`); empty when there is no such finite set
/// (or the pattern does not parse: rule checks report that).
fn path_hints(pattern: &str) -> Vec<String> {
    let Some(hir) = parse_pattern(pattern) else {
        return Vec::new();
    };
    let mut suffixes = suffix_hints(&hir);
    if hir.properties().look_set_suffix().contains(Look::End) {
        // Every match ends at the path's end, and so does its suffix: such a hint is filed with
        // a NUL after it and found only in the path followed by a NUL (`engine::path_scope`), so
        // `hub` of `(?:^|/)(?:\.config/)?hub$` no longer selects every `github.com/...` path.
        for hint in &mut suffixes {
            hint.push('\0');
        }
    }
    // Literals that every match contains somewhere serve as well (the scan looks for hints
    // anywhere in the path), and exist where suffixes do not (`\.tfstate(?:\.\d+)?$`,
    // `(?:^|/)fstab$|auto\.[\w-]+$`) or are longer (`.idea/` against `.xml`).
    let Some(required) = required_literals(&hir) else {
        return suffixes;
    };
    if shortest(&required) <= shortest(&suffixes)
        || shortest(&required) < MIN_HINT_BYTES
        || required.len() > MAX_HINTS
    {
        return suffixes;
    }
    let mut hints = Vec::new();
    for literal in required {
        match String::from_utf8(literal) {
            Ok(text) => hints.push(text),
            Err(_) => return suffixes,
        }
    }
    hints.sort();
    hints.dedup();
    hints
}

/// The length of the shortest hint; 0 when there are none.
fn shortest<T: AsRef<[u8]>>(hints: &[T]) -> usize {
    hints.iter().map(|h| h.as_ref().len()).min().unwrap_or(0)
}

/// The byte `class` stands for when it is one ASCII letter in both cases (what `(?i)` makes of a
/// letter), or one byte: lowercase.
fn class_byte(class: &Class) -> Option<u8> {
    let ranges: Vec<(u8, u8)> = match class {
        Class::Bytes(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .filter(|&(a, b)| b < 128 && a <= b)
            .map(|(a, b)| (a as u8, b as u8))
            .collect(),
    };
    match ranges.as_slice() {
        [(a, b)] if a == b => Some(a.to_ascii_lowercase()),
        [(a, b), (c, d)] if a == b && c == d && a.eq_ignore_ascii_case(c) => {
            Some(a.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The one string (lowercased) that `hir` matches, ASCII case aside; `None` if it can match more.
fn exact(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Empty => Some(Vec::new()),
        HirKind::Literal(lit) => Some(lit.0.to_ascii_lowercase()),
        HirKind::Class(class) => class_byte(class).map(|b| vec![b]),
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Concat(parts) => {
            let mut out = Vec::new();
            for part in parts {
                out.extend(exact(part)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Lowercase literals of which every match of `hir` contains at least one (the fewest and
/// longest the structure offers), or `None`.
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    best_set(literal_sets(hir, 1))
}

/// The most telling of `sets`: the longest shortest literal, then the fewest literals; the first
/// of equals.
fn best_set(sets: impl IntoIterator<Item = Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let score = |s: &Vec<Vec<u8>>| (shortest(s), std::cmp::Reverse(s.len()));
    sets.into_iter().fold(None, |best, set| match best {
        Some(b) if score(&set) <= score(&b) => Some(b),
        _ => Some(set),
    })
}

/// Literals of which every match of the path pattern ends with one (see `path_hints`).
fn suffix_hints(hir: &Hir) -> Vec<String> {
    let seq = Extractor::new().kind(ExtractKind::Suffix).extract(hir);
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

/// The text and lists of the static pack (see the header).
#[derive(Default)]
struct Pack {
    text: String,
    /// Each distinct string once: (start, length) in `text`.
    strings: HashMap<String, (usize, usize)>,
    /// `rules::Span` expressions of the list items, list after list.
    lists: Vec<String>,
}

thread_local! {
    static PACK: RefCell<Pack> = RefCell::new(Pack::default());
}

/// `s` as a `rules::Span` expression: where it is in the pack's text.
fn span(s: &str) -> String {
    PACK.with(|pack| {
        let mut pack = pack.borrow_mut();
        let (start, len) = match pack.strings.get(s) {
            Some(&at) => at,
            None => {
                let at = (pack.text.len(), s.len());
                pack.text.push_str(s);
                pack.strings.insert(s.to_string(), at);
                at
            }
        };
        format!("Span({start}, {len})")
    })
}

/// `items` as a `rules::Spans` expression: where their spans are in the pack's lists.
fn spans<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.map(span).collect();
    PACK.with(|pack| {
        let mut pack = pack.borrow_mut();
        let start = pack.lists.len();
        let len = items.len();
        pack.lists.extend(items);
        format!("Spans({start}, {len})")
    })
}

/// One rule as a `rules::EmbeddedRule` expression. Fails the build on a field the rule model
/// does not have or a value of the wrong type (`RawRule` would refuse them when parsing the YAML).
fn static_rule(file: &str, line: usize, rule: &Map<String, Value>, hints: &[String]) -> String {
    const FIELDS: [&str; 16] = [
        "id",
        "name",
        "description",
        "severity",
        "keywords",
        "pattern",
        "min_entropy",
        "checksum",
        "bad_checksum",
        "validator",
        "generic",
        "fallback",
        "multiline",
        "path",
        "remediation",
        "references",
    ];
    let id = rule.get("id").and_then(Value::as_str).unwrap_or_default();
    let fail = |what: &str| -> ! { panic!("{file}:{line}: rule `{id}`: {what}") };
    if let Some(unknown) = rule.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        fail(&format!("unknown field `{unknown}`"));
    }
    let text = |key: &str| -> Option<String> {
        rule.get(key).map(|v| match v.as_str() {
            Some(s) => span(s),
            None => fail(&format!("`{key}` must be a string")),
        })
    };
    let required = |key: &str| text(key).unwrap_or_else(|| fail(&format!("no `{key}`")));
    let optional = |key: &str| text(key).map_or("None".to_string(), |s| format!("Some({s})"));
    let flag = |key: &str| match rule.get(key) {
        None => false,
        Some(v) => v
            .as_bool()
            .unwrap_or_else(|| fail(&format!("`{key}` must be true or false"))),
    };
    let list = |key: &str| -> String {
        let items: Vec<&str> = match rule.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v.as_str() {
                    Some(s) => s,
                    None => fail(&format!("`{key}` must be a list of strings")),
                })
                .collect(),
            Some(_) => fail(&format!("`{key}` must be a list")),
        };
        spans(items.into_iter())
    };
    let min_entropy = match rule.get("min_entropy") {
        None => "None".to_string(),
        Some(v) => match v.as_f64() {
            // `{:?}` of an f64 is a float literal that parses back to the same value.
            Some(x) => format!("Some({x:?})"),
            None => fail("`min_entropy` must be a number"),
        },
    };
    let hints = spans(hints.iter().map(String::as_str));
    let keywords: Vec<String> = match rule.get("keywords") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    let literals = rule
        .get("pattern")
        .and_then(Value::as_str)
        .map(|p| window_literals(p, &keywords))
        .unwrap_or_default();
    let literals = spans(literals.iter().map(String::as_str));
    let run = rule
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(window_run)
        .map_or("None".to_string(), |(class, min)| {
            format!("Some(ByteRun {{ class: {class:?}, min: {min} }})")
        });
    let file = span(file);
    format!(
        "    EmbeddedRule {{ file: {file}, line: {line}, id: {}, name: {}, description: {}, \
         severity: {}, keywords: {}, pattern: {}, min_entropy: {min_entropy}, checksum: {}, \
         bad_checksum: {}, validator: {}, generic: {}, fallback: {}, multiline: {}, path: {}, \
         remediation: {}, references: {}, path_hints: {hints}, window_run: {run}, window_literals: {literals} }},\n",
        required("id"),
        required("name"),
        optional("description"),
        optional("severity"),
        list("keywords"),
        required("pattern"),
        optional("checksum"),
        optional("bad_checksum"),
        optional("validator"),
        flag("generic"),
        flag("fallback"),
        flag("multiline"),
        optional("path"),
        optional("remediation"),
        list("references"),
    )
}

/// Classes wider than this say little about a window (`[^\s"']`, `.`).
const MAX_RUN_CLASS: u32 = 96;
/// Shorter runs of a class are in most lines of code.
const MIN_RUN: u32 = 10;

fn width(class: &[u64; 4]) -> u32 {
    class.iter().map(|w| w.count_ones()).sum()
}

/// Whether a run is worth testing: `MIN_RUN` bytes of a class of at most `MAX_RUN_CLASS`, or a
/// single byte (a literal `@`).
fn worth_testing(class: &[u64; 4], min: u32) -> bool {
    (min >= MIN_RUN && width(class) <= MAX_RUN_CLASS) || width(class) == 1
}

/// How much a run says about a window: its length times log2 of 256 over its class's width.
fn run_bits(class: &[u64; 4], min: u32) -> f64 {
    f64::from(min) * (256.0 / f64::from(width(class).max(1))).log2()
}

/// A run every match of a rule pattern contains: `min` or more consecutive bytes of a class
/// (as four 64-bit words of a 256-bit set), the most telling the pattern's structure guarantees;
/// `None` when there is none worth testing. The engine skips a keyword's window without one,
/// and compiles the rule's regex only for a window that has one.
fn window_run(pattern: &str) -> Option<([u64; 4], u32)> {
    required_run(&parse_pattern(pattern)?)
}

/// A rule pattern parsed as the engine reads it (bytes, Unicode classes off); `None` when it
/// does not parse (rule checks report that).
fn parse_pattern(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
}

/// Literal sets longer than this cost more to look for than a window's regex run saves.
const MAX_WINDOW_LITERALS: usize = 16;
/// Shorter literals are in most lines of code.
const MIN_WINDOW_LITERAL: usize = 3;

/// Lowercase literals of which every match of a rule pattern contains one, ASCII case aside:
/// the engine skips a keyword's window without any of them before the rule's regex is compiled
/// or run (see `rules::Rule::window_literals`). Empty when the pattern offers no such set that
/// says more than the keywords: a set each of whose keywords contains one of its literals
/// (`secret` in `secret=`) is in every window already.
fn window_literals(pattern: &str, keywords: &[String]) -> Vec<String> {
    let Some(hir) = parse_pattern(pattern) else {
        return Vec::new();
    };
    let implied = |set: &[Vec<u8>]| {
        !keywords.is_empty()
            && keywords.iter().all(|k| {
                set.iter()
                    .any(|l| k.as_bytes().windows(l.len()).any(|w| w == l.as_slice()))
            })
    };
    let best = best_set(
        literal_sets(&hir, MIN_WINDOW_LITERAL)
            .into_iter()
            .filter(|set| {
                shortest(set) >= MIN_WINDOW_LITERAL
                    && set.len() <= MAX_WINDOW_LITERALS
                    && set.iter().all(|l| l.is_ascii())
                    && !implied(set)
            }),
    );
    let mut out: Vec<String> = best
        .unwrap_or_default()
        .into_iter()
        .map(|l| String::from_utf8(l).expect("ASCII"))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Sets of lowercase literals such that every match of `hir` contains one literal of each set:
/// the candidates `window_literals` chooses from (a concatenation offers each part's sets and its
/// runs of exact parts; an alternation the union of its branches' best sets of literals no
/// shorter than `min`).
fn literal_sets(hir: &Hir, min: usize) -> Vec<Vec<Vec<u8>>> {
    if let Some(one) = exact(hir) {
        return if one.is_empty() {
            Vec::new()
        } else {
            vec![vec![one]]
        };
    }
    match hir.kind() {
        HirKind::Capture(c) => literal_sets(&c.sub, min),
        HirKind::Repetition(r) if r.min >= 1 => literal_sets(&r.sub, min),
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                // The last of equals (a branch's later literal run).
                let sets = literal_sets(branch, min).into_iter().rev();
                let best = best_set(sets.filter(|s| shortest(s) >= min));
                match best {
                    Some(set) => union.extend(set),
                    None => return Vec::new(),
                }
            }
            union.sort();
            union.dedup();
            // A literal that contains another is redundant: the shorter one is in every window
            // the longer one is.
            let all = union.clone();
            union.retain(|l| {
                !all.iter()
                    .any(|o| o != l && l.windows(o.len()).any(|w| w == o.as_slice()))
            });
            vec![union]
        }
        HirKind::Concat(parts) => {
            let mut sets = Vec::new();
            let mut run = Vec::new();
            for part in parts {
                match exact(part) {
                    Some(bytes) => run.extend(bytes),
                    None => {
                        if !run.is_empty() {
                            sets.push(vec![std::mem::take(&mut run)]);
                        }
                        sets.extend(literal_sets(part, min));
                    }
                }
            }
            if !run.is_empty() {
                sets.push(vec![run]);
            }
            sets
        }
        _ => Vec::new(),
    }
}

/// The bytes a class matches, as a 256-bit set.
fn class_set(class: &Class) -> [u64; 4] {
    let mut set = [0u64; 4];
    let mut add = |a: u32, b: u32| {
        for byte in a..=b.min(255) {
            set[(byte / 64) as usize] |= 1 << (byte % 64);
        }
    };
    match class {
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .for_each(|r| add(r.start().into(), r.end().into())),
        // Without Unicode mode, classes are of bytes; a Unicode class could match multi-byte
        // sequences, so it counts as every byte.
        Class::Unicode(_) => add(0, 255),
    }
    set
}

/// The run of one class that every match of `hir` contains and that is worth testing (see
/// `window_run`), the most telling of those the pattern's structure guarantees.
fn required_run(hir: &Hir) -> Option<([u64; 4], u32)> {
    let better =
        |a: &([u64; 4], u32), b: &([u64; 4], u32)| run_bits(&a.0, a.1) > run_bits(&b.0, b.1);
    match hir.kind() {
        // An `@` (of credentials in a URL, of an e-mail address) is rare in code, so the byte
        // alone tells most windows apart; other literals are left to the keyword gate.
        HirKind::Literal(lit) if lit.0.contains(&b'@') => {
            const AT: u8 = b'@';
            let mut set = [0u64; 4];
            set[usize::from(AT >> 6)] |= 1 << (AT & 63);
            Some((set, 1))
        }
        HirKind::Capture(c) => required_run(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => {
            let mut sub = &*r.sub;
            while let HirKind::Capture(c) = sub.kind() {
                sub = &c.sub;
            }
            match sub.kind() {
                HirKind::Class(class) => {
                    Some((class_set(class), r.min)).filter(|(c, n)| worth_testing(c, *n))
                }
                _ => required_run(sub),
            }
        }
        HirKind::Alternation(branches) => {
            let mut union = [0u64; 4];
            let mut min = u32::MAX;
            for branch in branches {
                let (set, n) = required_run(branch)?;
                for (u, s) in union.iter_mut().zip(set) {
                    *u |= s;
                }
                min = min.min(n);
            }
            Some((union, min)).filter(|(c, n)| worth_testing(c, *n))
        }
        HirKind::Concat(parts) => {
            let mut best: Option<([u64; 4], u32)> = None;
            for part in parts {
                if let Some(run) = required_run(part) {
                    if best.as_ref().is_none_or(|b| better(&run, b)) {
                        best = Some(run);
                    }
                }
            }
            best
        }
        _ => None,
    }
}
