//! Markdown (and plain text in any encoding) through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::markdown(data);
});
