//! The fuzz targets (`fuzz/`) as ordinary tests: every target's seeds, and every input a fuzz run
//! once crashed or hung on (`fuzz/regressions/TARGET/`), run through the same harness the libFuzzer
//! binaries use. Cheap and deterministic; `fuzz/README.md` says how to fuzz for longer.

#[path = "../fuzz/harness/mod.rs"]
mod harness;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// An input a fuzz run saved that still takes this long is a hang (the fuzz runs allow 1 s on an
/// optimized build; this is a debug build).
const SLOW: Duration = Duration::from_secs(10);

fn replay(target: &str) {
    let mut inputs = harness::seeds(target);
    let saved = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    if let Ok(dir) = std::fs::read_dir(&saved) {
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            inputs.push(std::fs::read(&file).unwrap());
        }
    }
    assert!(!inputs.is_empty(), "{target}: no seeds");
    // The engine has thousands of seeds (every rule example): replay on every core.
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else {
                    break;
                };
                let started = Instant::now();
                harness::run(target, input);
                let took = started.elapsed();
                assert!(took < SLOW, "{target}: input {i} took {took:?}");
            });
        }
    });
}

#[test]
fn engine() {
    replay("engine");
}

#[test]
fn decoders() {
    replay("decoders");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn rules() {
    replay("rules");
}

#[test]
fn baseline() {
    replay("baseline");
}

#[test]
fn cli_parsers() {
    replay("cli_parsers");
}

#[test]
fn git() {
    replay("git");
}

#[test]
fn every_target_is_replayed() {
    let binaries =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets"))
            .unwrap()
            .flatten()
            .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
            .collect::<std::collections::BTreeSet<_>>();
    let harnessed = harness::TARGETS.iter().map(|t| t.to_string()).collect();
    assert_eq!(binaries, harnessed);
}
