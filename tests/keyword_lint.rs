//! Keyword lint: how often each rule's keywords fire on ordinary source code, per MB. Every hit
//! runs the rule's regex on a window around it, so one weak keyword slows every scan. The corpus
//! is generated from templates (always) plus the Rust sources under ~/.cargo/registry/src when
//! they exist (read-only; skipped if absent). `cargo test --test keyword_lint -- --nocapture`
//! prints the table.
//!
//! The generated corpus is deliberately auth-heavy: a fifth of its templates use the words
//! secret rules key on (password fields, tokenizers, secret names, env look-ups, Authorization
//! headers), about 800 lines per MB each, as the busiest real code does.
//!
//! Thresholds, per keyword: a single-line rule's window is clipped to the line (about 40-80
//! bytes of code), so 2,000 hits per MB make one regex look at no more than ~15% of the input
//! again, which its literal prefilter does at several GB/s: a few percent of the scan. A
//! multi-line rule's window is 64 KiB, so its keywords must be rare in code: 5 hits per MB.

mod support;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use leakhound::rules::{self, Rule};
use support::Rng;

const MAX_HITS_PER_MB: f64 = 2000.0;
const MAX_MULTILINE_HITS_PER_MB: f64 = 5.0;
const REGISTRY_BUDGET: usize = 48 << 20;

/// A deterministic corpus of ordinary code: Python, JavaScript, Go, Java, Rust, YAML, shell,
/// Markdown, JSON, with the words that secret rules key on used the way code uses them
/// (tokenizers, password fields, secret names, URLs) but no secrets.
fn generated_corpus() -> Vec<u8> {
    let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
    let mut next = move |n: usize| rng.below(n);
    let words = [
        "user", "account", "order", "item", "price", "request", "response", "handler", "config",
        "value", "result", "error", "client", "server", "cache", "index", "query", "session",
        "manager", "service", "data", "model", "view", "login", "http", "url", "path", "file",
        "name", "id", "count", "offset", "limit", "parse", "buffer", "event", "state", "node",
    ];
    let templates: [&str; 24] = [
        "def {a}_{b}(self, {c}: str, {d}=None) -> dict:\n    \"\"\"Return the {a} {b} for {c}.\"\"\"\n",
        "    {a}_{b} = self.{c}.get(\"{d}\", {n})\n",
        "    if not {a}:\n        raise ValueError(f\"missing {b}: {{{c}}}\")\n",
        "const {a}{B} = await fetch(`https://api.{c}.com/v1/{d}?page=${n}`);\n",
        "export function {a}{B}({c}, {d}) {{ return {c}.{a}({d}) || null; }}\n",
        "func ({a} *{B}) {C}(ctx context.Context, {d} string) (*{B}, error) {{\n",
        "\tif err := {a}.{c}.{D}(ctx, {d}); err != nil {{ return nil, fmt.Errorf(\"{b}: %w\", err) }}\n",
        "    public {B} get{C}() {{ return this.{c}; }}\n",
        "    private final Map<String, {B}> {c}By{D} = new HashMap<>();\n",
        "    let {a}_{b} = {c}.{d}().map_err(|e| Error::{B}(e.to_string()))?;\n",
        "impl {B} for {C} {{ fn {a}(&self) -> Option<&str> {{ self.{c}.as_deref() }} }}\n",
        "  {a}_{b}:\n    {c}: {n}\n    {d}: \"{a}-{c}\"\n",
        "    - name: {a}-{b}\n      image: registry.example.com/{c}:{n}\n",
        "if [ -z \"${A}_{B}\" ]; then echo \"{c} not set\" >&2; exit 1; fi\n",
        "curl -sSf https://{a}.example.org/{b}/{c} -o /tmp/{d}\n",
        "## {B} {c}\n\nThe `{a}_{b}` option sets the {c} used for {d}. See https://docs.{a}.io/{b}.\n",
        "  \"{a}_{b}\": {{\"{c}\": {n}, \"{d}\": \"{a}\"}},\n",
        "    password_field = forms.CharField(widget=forms.PasswordInput, label=\"{B}\")\n",
        "    token = self.tokenizer.next_token()\n    while token.kind != TokenKind::{B} {{\n",
        "    secret_name = f\"{a}/{b}/{c}\"  # name of the secret in the vault\n",
        "    api_key = os.environ[\"{A}_API_KEY\"]\n",
        "    <input type=\"password\" name=\"{a}_{b}\" placeholder=\"{B}\" />\n",
        "    headers = {{\"Authorization\": f\"Bearer {{{a}_{b}}}\", \"Accept\": \"application/json\"}}\n",
        "// Parses the {a} {b}: see RFC {n} section {n}.\n",
    ];
    let mut out = String::new();
    while out.len() < 8 << 20 {
        let t = templates[next(templates.len())];
        let pick: Vec<&str> = (0..4).map(|_| words[next(words.len())]).collect();
        let cap = |w: &str| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        };
        let line = t
            .replace("{a}", pick[0])
            .replace("{b}", pick[1])
            .replace("{c}", pick[2])
            .replace("{d}", pick[3])
            .replace("{A}", &pick[0].to_uppercase())
            .replace("{B}", &cap(pick[1]))
            .replace("{C}", &cap(pick[2]))
            .replace("{D}", &cap(pick[3]))
            .replace("{n}", &next(10_000).to_string());
        out.push_str(&line);
    }
    out.into_bytes()
}

/// Up to `budget` bytes of `.rs` files under ~/.cargo/registry/src, in sorted path order.
fn registry_corpus(budget: usize) -> Option<Vec<u8>> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))?;
    let root = home.join("registry").join("src");
    if !root.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "rs") => {
                    files.push(path)
                }
                _ => {}
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        if out.len() >= budget {
            break;
        }
        if let Ok(bytes) = std::fs::read(&file) {
            out.extend_from_slice(&bytes);
            out.push(b'\n');
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Hits per MB of each keyword (lowercased), counted the way the engine does: overlapping,
/// ASCII case-insensitive.
fn keyword_rates(keywords: &[String], corpus: &[u8]) -> HashMap<String, f64> {
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(keywords)
        .unwrap();
    let mut counts = vec![0u64; keywords.len()];
    for m in ac.find_overlapping_iter(corpus) {
        counts[m.pattern().as_usize()] += 1;
    }
    let mb = corpus.len() as f64 / (1 << 20) as f64;
    keywords
        .iter()
        .zip(counts)
        .map(|(k, c)| (k.clone(), c as f64 / mb))
        .collect()
}

/// A rule's hits per MB (its keywords' hits summed: how often its regex runs) and its busiest
/// keyword.
fn rule_rate(rule: &Rule, rates: &HashMap<String, f64>) -> (f64, String, f64) {
    let mut total = 0.0;
    let mut worst = (String::new(), -1.0);
    for k in &rule.keywords {
        let r = rates[&k.to_ascii_lowercase()];
        total += r;
        if r > worst.1 {
            worst = (k.to_string(), r);
        }
    }
    (total, worst.0, worst.1)
}

#[test]
fn keywords_are_selective_on_ordinary_code() {
    let rules = rules::load_embedded().expect("the built-in pack loads");
    let mut keywords: Vec<String> = rules
        .iter()
        .flat_map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()))
        .collect();
    keywords.sort();
    keywords.dedup();
    let mut corpora = vec![("generated", generated_corpus())];
    match registry_corpus(REGISTRY_BUDGET) {
        Some(c) => corpora.push(("cargo-registry", c)),
        None => eprintln!("~/.cargo/registry/src not found: only the generated corpus is used"),
    }
    let rates: Vec<(&str, usize, HashMap<String, f64>)> = corpora
        .iter()
        .map(|(name, c)| (*name, c.len(), keyword_rates(&keywords, c)))
        .collect();
    let mut rows: Vec<(f64, String)> = Vec::new();
    let mut failures = Vec::new();
    for rule in &rules {
        let limit = if rule.multiline {
            MAX_MULTILINE_HITS_PER_MB
        } else {
            MAX_HITS_PER_MB
        };
        let mut cells = String::new();
        let mut top = 0.0f64;
        for (name, _, r) in &rates {
            let (total, worst, worst_rate) = rule_rate(rule, r);
            top = top.max(total);
            cells.push_str(&format!("  {total:>9.1} ({worst} {worst_rate:.1})"));
            if worst_rate > limit {
                failures.push(format!(
                    "{}: keyword {worst:?} fires {worst_rate:.1} times per MB on the {name} corpus (limit {limit})",
                    rule.id
                ));
            }
        }
        rows.push((top, format!("{:<34}{cells}", rule.id)));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let header: String = rates
        .iter()
        .map(|(name, len, _)| {
            format!(
                "  {name} ({:.1} MB) hits/MB (busiest keyword)",
                *len as f64 / (1 << 20) as f64
            )
        })
        .collect();
    println!("{:<34}{header}", "rule");
    for (_, row) in &rows {
        println!("{row}");
    }
    assert!(
        failures.is_empty(),
        "weak keywords:\n{}",
        failures.join("\n")
    );
}
