//! OpenDocument text through the whole pipeline. Input starting `PK` is an archive as it is;
//! anything else is split at `\0\0` into content.xml and styles.xml and packed in a stored
//! ZIP with the ODT mimetype.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: tenderlint::fuzzing::init(), |data: &[u8]| {
    tenderlint::fuzzing::odt(data);
});
