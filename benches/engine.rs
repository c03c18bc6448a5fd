//! Engine throughput on generated source-like text with no secrets: the keyword gate plus
//! whatever regexes its hits trigger, with the whole built-in pack. Run `cargo bench --bench
//! engine`; divan prints bytes/s per case (single thread).

use divan::{black_box, counter::BytesCount, Bencher};
use leakhound::{engine::RuleSet, engine::Scratch, rules};

fn main() {
    divan::main();
}

/// About `size` bytes of code, config and prose of the kinds a repository holds, with the words
/// rules key on (password, token, key, secret, AWS) used the way ordinary code uses them.
fn corpus(size: usize) -> Vec<u8> {
    const LINES: &[&str] = &[
        "fn handle_request(req: &Request, cache: &mut Cache) -> Result<Response, Error> {",
        "    let token_count = tokens.iter().filter(|t| t.kind == Kind::Ident).count();",
        "    if password.len() < MIN_PASSWORD_LEN { return Err(Error::TooShort); }",
        "    log::debug!(\"refreshing session for user {} at {}\", user.id, now);",
        "def load_config(path: str) -> dict:",
        "    secret_name = os.environ.get(\"SECRET_NAME\", \"app-secret\")",
        "    return {k: v for k, v in items if not k.startswith('_')}",
        "const apiKey = process.env.API_KEY; // read at startup",
        "export function parseHeader(value) { return value.split(';').map(s => s.trim()); }",
        "  aws_region: us-east-1",
        "  image: registry.example.com/team/service:1.42.0",
        "  replicas: 3",
        "<dependency><groupId>org.example</groupId><artifactId>core</artifactId></dependency>",
        "SELECT id, name, created_at FROM accounts WHERE deleted_at IS NULL ORDER BY id;",
        "The key point of this design is that each stage has one job and a small surface.",
        "    assert_eq!(parse(\"a=1\"), Ok(Pair { key: \"a\", value: \"1\" }));",
        "    private_key_path = config.get(\"tls\", {}).get(\"key_file\")",
        "    // Tokens are refreshed five minutes before they expire.",
        "}",
        "",
    ];
    let mut out = Vec::with_capacity(size + 128);
    let mut i = 0usize;
    while out.len() < size {
        out.extend_from_slice(LINES[(i * 7 + i / 3) % LINES.len()].as_bytes());
        out.push(b'\n');
        i += 1;
    }
    out
}

fn pack() -> RuleSet {
    RuleSet::new(rules::load_embedded().expect("built-in pack"))
}

/// Times `RuleSet::scan` of `text` with the whole pack, in bytes/s.
fn bench_scan(bencher: Bencher, text: Vec<u8>) {
    let rules = pack();
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    rules.scan(&text, &mut scratch, &mut out); // compile what the text triggers
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            out.clear();
            rules.scan(black_box(&text), &mut scratch, &mut out);
            black_box(out.len())
        });
}

#[divan::bench(args = [64 << 10, 4 << 20])]
fn scan_clean_source(bencher: Bencher, size: usize) {
    bench_scan(bencher, corpus(size));
}

/// About `size` bytes of Go-like code made of random identifiers: few keyword hits, so this
/// measures the per-byte floor (keyword gate, decoder candidate search) rather than regexes.
fn plain_code(size: usize) -> Vec<u8> {
    const PARTS: &[&str] = &[
        "con", "tain", "er", "get", "set", "val", "ue", "run", "time", "net", "list", "map", "str",
        "ing", "buf", "fer", "log", "ctx", "req", "res", "io", "path", "node", "id", "len", "item",
        "De", "Up", "Re", "Load", "Spec", "Opt",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = Vec::with_capacity(size + 128);
    while out.len() < size {
        let word = |out: &mut Vec<u8>, next: &mut dyn FnMut(usize) -> usize| {
            for _ in 0..1 + next(3) {
                out.extend_from_slice(PARTS[next(PARTS.len())].as_bytes());
            }
        };
        out.extend_from_slice(b"\t");
        word(&mut out, &mut next);
        out.extend_from_slice(b" := ");
        word(&mut out, &mut next);
        out.push(b'(');
        word(&mut out, &mut next);
        out.extend_from_slice(format!(", {})\n", next(1000)).as_bytes());
    }
    out
}

#[divan::bench(args = [4 << 20])]
fn scan_plain_code(bencher: Bencher, size: usize) {
    bench_scan(bencher, plain_code(size));
}

#[divan::bench]
fn load_builtin_pack() -> usize {
    rules::load_embedded().expect("built-in pack").len()
}
