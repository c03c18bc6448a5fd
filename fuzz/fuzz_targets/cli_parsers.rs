#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("cli_parsers"),
    |data: &[u8]| harness::cli_parsers(data)
);
