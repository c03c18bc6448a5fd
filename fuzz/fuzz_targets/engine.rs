#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("engine"),
    |data: &[u8]| harness::engine(data)
);
