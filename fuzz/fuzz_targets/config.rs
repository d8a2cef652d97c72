//! The configuration loader: any text as `tenderlint.toml`, judged against the built-in rules;
//! a configuration that loads is applied to them and shown, as `--show-config` does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::config(data);
});
