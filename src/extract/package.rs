//! ZIP packages (DOCX, ODT): open the archive, find parts, and read them within limits.
//!
//! Word and OpenDocument files are ZIP archives of XML parts. A hostile or broken archive must
//! give a clear error in bounded time and memory, so every read here is capped:
//! - a part is read through a counting reader that stops at the `part-size-mb` limit, whatever
//!   its header claims (a zip bomb declares a small size and inflates to gigabytes);
//! - the parts read from one archive may not exceed `unpacked-size-mb` together;
//! - a part over 1 MiB that inflates more than `compression-ratio` times its compressed size
//!   is refused (a flat bomb of repeated bytes, whatever the size limits);
//! - an archive with more than `zip-entries` entries is refused before anything is read.
//!
//! The limits are those in force on the thread ([`crate::limits::current`]).
//!
//! Damaged archives (truncated, bad deflate data, wrong checksums) become
//! [`ReadError::Damaged`]; entries protected by a ZIP password become [`ReadError::Encrypted`].
//! Part names are matched exactly first and then ignoring ASCII case, as OPC requires.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::ReadError;

/// An opened package.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased entry name to its index, for case-insensitive lookups.
    names: HashMap<String, usize>,
    /// Bytes inflated so far.
    read_total: u64,
    /// The biggest `document.xml` in the test corpus is under 2 MB; a 300-page tender is about
    /// 5 MB of XML, and a large Word file with many images has a few hundred entries.
    limits: crate::limits::Limits,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ReadError> {
        let limits = crate::limits::current();
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| zip_error(&error))?;
        if archive.len() > limits.zip_entries {
            return Err(crate::limits::exceeded(
                "zip-entries",
                format!(
                    "the archive has {} entries (the limit is {})",
                    archive.len(),
                    limits.zip_entries
                ),
            )
            .into());
        }
        let mut names = HashMap::new();
        for (index, name) in archive.file_names_raw().enumerate() {
            let name = String::from_utf8_lossy(name).to_ascii_lowercase();
            names.entry(name).or_insert(index);
        }
        Ok(Package {
            archive,
            names,
            read_total: 0,
            limits,
        })
    }

    /// The names of the package's entries, as stored.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names_raw()
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .collect()
    }

    /// True when the package has a part of this name (ignoring ASCII case).
    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        self.names.get(&name.to_ascii_lowercase()).copied()
    }

    /// The bytes of a part, or `None` when there is no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        let limits = self.limits;
        let part_limit = limits.part_size;
        let budget = part_limit.min(limits.unpacked_size.saturating_sub(self.read_total));
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|error| zip_error(&error))?;
        let declared = file.size();
        let compressed = file.compressed_size();
        let mut bytes = Vec::with_capacity(declared.min(budget).min(16 * 1024 * 1024) as usize);
        // Read one byte past the budget to tell "exactly at the limit" from "over it".
        let read = (&mut file)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| damaged_part(name, &error))?;
        if read as u64 > budget {
            return Err(if budget == part_limit {
                crate::limits::exceeded(
                    "part-size-mb",
                    format!(
                        "the part {name} inflates to more than {} MiB",
                        part_limit >> 20
                    ),
                )
                .into()
            } else {
                crate::limits::exceeded(
                    "unpacked-size-mb",
                    format!(
                        "the archive's parts inflate to more than {} MiB in all",
                        limits.unpacked_size >> 20
                    ),
                )
                .into()
            });
        }
        if crate::limits::ratio_exceeded(read as u64, compressed, &limits) {
            return Err(crate::limits::exceeded(
                "compression-ratio",
                format!(
                    "the part {name} inflates {}-fold ({} KiB to {} MiB), more than the limit of {}",
                    read as u64 / compressed.max(1),
                    compressed >> 10,
                    read >> 20,
                    limits.compression_ratio
                ),
            ).into());
        }
        self.read_total += read as u64;
        Ok(Some(bytes))
    }

    /// A part as text: XML parts are UTF-8 (a byte-order mark is dropped) or, rarely, UTF-16.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        Ok(Some(xml_text(name, bytes)?))
    }
}

/// Decode an XML part. UTF-8 is the rule; UTF-16 with a byte-order mark is allowed by XML.
fn xml_text(name: &str, bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(super::decode_text(&bytes).0);
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes)
        .map_err(|_| ReadError::Damaged(format!("the part {name} is not valid UTF-8 XML")))
}

fn damaged_part(name: &str, error: &std::io::Error) -> ReadError {
    if error.to_string().contains(ZipError::PASSWORD_REQUIRED) {
        return ReadError::Encrypted { format: "document" };
    }
    ReadError::Damaged(format!("the part {name} cannot be unpacked ({error})"))
}

fn zip_error(error: &ZipError) -> ReadError {
    match error {
        ZipError::UnsupportedArchive(message) if *message == ZipError::PASSWORD_REQUIRED => {
            ReadError::Encrypted { format: "document" }
        }
        ZipError::InvalidPassword => ReadError::Encrypted { format: "document" },
        ZipError::Io(error) => ReadError::Damaged(format!("the archive cannot be read ({error})")),
        ZipError::InvalidArchive(why) => ReadError::Damaged(format!(
            "not a complete ZIP archive ({why}); it may be truncated"
        )),
        other => ReadError::Damaged(format!("the archive cannot be read ({other})")),
    }
}

/// A deflated ZIP archive of these parts, for the package readers' tests.
#[cfg(test)]
pub fn zip_of<B: AsRef<[u8]>>(parts: &[(&str, B)]) -> Vec<u8> {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("start");
        writer.write_all(bytes.as_ref()).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

#[cfg(test)]
mod tests {
    use super::{Package, zip_of as archive};
    use crate::extract::ReadError;
    use crate::limits::{self, Limits};

    fn limit_of(error: &ReadError) -> &'static str {
        match error {
            ReadError::LimitExceeded(error) => error.limit,
            other => panic!("expected a limit error, got {other:?}"),
        }
    }

    #[test]
    fn parts_are_found_ignoring_case_and_read() {
        let bytes = archive(&[("word/document.xml", b"<w:document/>".as_slice())]);
        let mut package = Package::open(&bytes).expect("open");
        assert!(package.has("/word/Document.xml"));
        assert_eq!(
            package.read_text("word/document.xml").expect("read"),
            Some("<w:document/>".to_string())
        );
        assert_eq!(package.read("word/styles.xml").expect("read"), None);
    }

    #[test]
    fn a_zip_bomb_part_is_stopped_at_the_limit() {
        let huge = vec![b' '; (Limits::default().part_size + 1024) as usize];
        let bytes = archive(&[("word/document.xml", huge.as_slice())]);
        assert!(bytes.len() < 1024 * 1024, "compresses well");
        let mut package = Package::open(&bytes).expect("open");
        let error = package.read("word/document.xml").expect_err("too big");
        assert_eq!(limit_of(&error), "part-size-mb");
        // A smaller configured limit stops a smaller part.
        let two_mb = archive(&[("word/document.xml", vec![b'x'; 2 << 20])]);
        let small = Limits {
            part_size: 1 << 20,
            compression_ratio: u64::MAX,
            ..Limits::default()
        };
        let error = limits::within(&small, || {
            Package::open(&two_mb).and_then(|mut p| p.read("word/document.xml"))
        })
        .expect_err("over 1 MiB");
        assert_eq!(limit_of(&error), "part-size-mb");
    }

    #[test]
    fn a_flat_bomb_is_stopped_by_its_ratio() {
        // 4 MiB of one byte deflates about a thousandfold: under every size limit, over the ratio.
        let bytes = archive(&[("word/document.xml", vec![b'x'; 4 << 20])]);
        let error = Package::open(&bytes)
            .and_then(|mut p| p.read("word/document.xml"))
            .expect_err("ratio");
        assert_eq!(limit_of(&error), "compression-ratio");
        assert!(error.to_string().contains("-fold"), "{error}");
        let lenient = Limits {
            compression_ratio: 100_000,
            ..Limits::default()
        };
        let read = limits::within(&lenient, || {
            Package::open(&bytes).and_then(|mut p| p.read("word/document.xml"))
        });
        assert_eq!(read.expect("allowed").map(|b| b.len()), Some(4 << 20));
    }

    #[test]
    fn the_total_inflated_and_the_entry_count_are_limited() {
        let parts: Vec<(String, Vec<u8>)> = (0..4)
            .map(|i| (format!("part{i}.xml"), vec![b'a' + i as u8; 600 << 10]))
            .collect();
        let named: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let bytes = archive(&named);
        let two_mb = Limits {
            unpacked_size: 2 << 20,
            ..Limits::default()
        };
        let error = limits::within(&two_mb, || -> Result<(), ReadError> {
            let mut package = Package::open(&bytes)?;
            for (name, _) in &named {
                package.read(name)?;
            }
            Ok(())
        })
        .expect_err("2.4 MB in all");
        assert_eq!(limit_of(&error), "unpacked-size-mb");
        let three = Limits {
            zip_entries: 3,
            ..Limits::default()
        };
        let error = limits::within(&three, || Package::open(&bytes).err()).expect("4 entries");
        assert_eq!(limit_of(&error), "zip-entries");
    }

    #[test]
    fn truncated_and_corrupt_archives_are_damaged() {
        let bytes = archive(&[("word/document.xml", [b'x'; 10_000].as_slice())]);
        let truncated = &bytes[..bytes.len() / 2];
        assert!(matches!(
            Package::open(truncated).err(),
            Some(ReadError::Damaged(_))
        ));
        // Flip bytes inside the deflate stream: the central directory is intact.
        let mut corrupt = bytes.clone();
        for byte in &mut corrupt[40..60] {
            *byte ^= 0x5A;
        }
        let result = Package::open(&corrupt).and_then(|mut p| p.read("word/document.xml"));
        assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    }
}
