#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("rules"),
    |data: &[u8]| harness::rules(data)
);
