#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(
    init: harness::init("decoders"),
    |data: &[u8]| harness::decoders(data)
);
