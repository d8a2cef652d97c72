//! Files tenderlint wrote itself (reviewed copies, Word reports): the mark they carry at their
//! end, so that a folder walk can tell them from the documents it is asked to check.
//!
//! A ZIP package (DOCX, ODT) carries the mark as the archive comment; a reviewed PDF as a
//! comment line before its last `startxref`. Both sit in the last [`TAIL`] bytes.

/// Every mark starts with this.
pub const WRITTEN_BY: &str = "written by tenderlint";

/// How many bytes from the end [`is_marked`] needs to see.
pub const TAIL: usize = 4096;

/// Whether the last bytes of a file hold tenderlint's mark.
pub fn is_marked(tail: &[u8]) -> bool {
    tail.windows(WRITTEN_BY.len())
        .any(|w| w == WRITTEN_BY.as_bytes())
}

/// Mark a ZIP archive written with no archive comment: the end-of-central-directory record's
/// comment becomes `mark`. Archives that already have a comment, or ZIP64 ones, are left as
/// they are.
pub fn mark_zip(bytes: &mut Vec<u8>, mark: &str) {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let Some(at) = bytes.len().checked_sub(22) else {
        return;
    };
    if bytes[at..at + 4] != EOCD || bytes[at + 20..at + 22] != [0, 0] {
        return;
    }
    let Ok(len) = u16::try_from(mark.len()) else {
        return;
    };
    bytes[at + 20..at + 22].copy_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(mark.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::{is_marked, mark_zip};

    #[test]
    fn a_marked_archive_still_opens_and_is_recognised() {
        let mut bytes = crate::extract::package::zip_of(&[("a.txt", b"hello")]);
        assert!(!is_marked(&bytes));
        mark_zip(&mut bytes, "written by tenderlint: review report");
        assert!(is_marked(&bytes));
        let archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("opens");
        assert_eq!(archive.comment(), b"written by tenderlint: review report");
    }
}
