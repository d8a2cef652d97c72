//! Word documents through the whole pipeline. Input starting `PK` is an archive as it is;
//! anything else is split at `\0\0` into document.xml, styles.xml, numbering.xml,
//! footnotes.xml and header1.xml and packed in a stored ZIP with fixed relationships, so that
//! mutations exercise the XML readers rather than the inflater.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::docx(data);
});
