//! The rule loader: any text as a rule file. A rule that loads is also run over its own
//! examples, so fuzzed patterns, phrases and thresholds reach the matcher and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tenderlint::fuzzing::rules_file(data);
});
