#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("baseline"),
    |data: &[u8]| harness::baseline(data)
);
