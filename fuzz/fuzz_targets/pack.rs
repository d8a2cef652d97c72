//! Packs through the whole pipeline: the input cut at `\0\0\0` into up to four members (each
//! read by its content: Markdown, Word, a workbook, CSV), joined, analysed and checked as one,
//! and each finding placed back in its member.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::pack(data);
});
