//! Spreadsheets through the whole pipeline. Input starting `PK` is a workbook as it is;
//! anything else is split at `\0\0` into a worksheet and its shared strings under a fixed
//! workbook part (and read as CSV too when it starts like text).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::sheet(data);
});
