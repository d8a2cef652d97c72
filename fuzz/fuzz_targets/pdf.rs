//! PDF through the whole pipeline (lopdf's parser, our text layer, structure, rules).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::pdf(data);
});
