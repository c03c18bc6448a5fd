#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("config"),
    |data: &[u8]| harness::config(data)
);
