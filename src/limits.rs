//! Safety limits: how big, deep, long and slow a document may be before tenderlint stops
//! reading it with a `limit-exceeded` error for that file (the rest of the run goes on).
//!
//! Every limit has a default that no genuine tender document comes near, a key in the
//! `[limits]` table of `tenderlint.toml` and a `--limit KEY=VALUE` flag. The engine runs each
//! document on its own worker thread inside [`within`], which makes that document's limits and
//! deadline the thread's current ones; the readers deep inside the extractors ask for them with
//! [`current`] and [`check_time`] rather than having a budget threaded through every function.
//! Outside [`within`] (tests, the fuzz targets, `extract`) the defaults apply with no deadline.
//!
//! What each limit stops:
//! - `file-size-mb`: reading a file at all (checked from its metadata before it is read);
//! - `part-size-mb`, `unpacked-size-mb`, `compression-ratio`: ZIP bombs in DOCX/ODT and
//!   decompression bombs in PDF streams, per part or stream, per document, and by ratio;
//! - `xml-depth`, `pdf-depth`: element nesting in Word/OpenDocument XML; form XObjects drawn
//!   inside form XObjects in a PDF (lopdf itself refuses objects nested over 100 deep);
//! - `pages`, `pdf-objects`, `zip-entries`: how many of each one document may have;
//! - `seconds-per-document`: wall time for reading, analysing and checking one document;
//! - `regex-size-kb`: the compiled size of each pattern in a rule file (a user rule like
//!   `(\w+\s*){1000}` compiles to hundreds of megabytes);
//! - `sheet-cells`: a spreadsheet sheet's used range, from its first filled cell to its last
//!   (one cell in A1 and one in XFD1048576 make a range of 17 billion cells, which the reader
//!   would hold in memory).

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::wording::number;

/// The limits in force for a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub file_size: u64,
    /// Largest single ZIP part or PDF stream once inflated, in bytes.
    pub part_size: u64,
    /// Most inflated from one document in all (ZIP parts, PDF page content), in bytes.
    pub unpacked_size: u64,
    /// Highest inflated : compressed ratio for a part or stream larger than [`RATIO_FLOOR`].
    pub compression_ratio: u64,
    /// Deepest element nesting in an XML part.
    pub xml_depth: usize,
    /// Deepest nesting of PDF form XObjects.
    pub pdf_depth: usize,
    /// Most pages read from one PDF; later pages are skipped with a warning.
    pub pages: usize,
    /// Most objects in one PDF.
    pub pdf_objects: usize,
    /// Most entries in one ZIP archive.
    pub zip_entries: usize,
    /// Wall time for one document, from reading it to its last rule.
    pub time_per_document: Duration,
    /// Largest compiled size of one rule pattern, in bytes.
    pub regex_size: usize,
    /// Most cells in one spreadsheet sheet's used range (its first filled cell to its last).
    pub sheet_cells: u64,
}

/// Parts and streams smaller than this once inflated are never refused for their ratio: a
/// small run of repeated XML can compress a thousandfold and harms no one.
pub const RATIO_FLOOR: u64 = 1 << 20;

const MB: u64 = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 256 * MB,
            part_size: 64 * MB,
            unpacked_size: 256 * MB,
            compression_ratio: 500,
            xml_depth: 512,
            pdf_depth: 12,
            pages: 20_000,
            pdf_objects: 1_000_000,
            zip_entries: 20_000,
            time_per_document: Duration::from_secs(30),
            regex_size: 1 << 20,
            sheet_cells: 1_000_000,
        }
    }
}

/// One limit's key, what it means and its unit, for errors, `--show-config` and README.
pub struct Key {
    pub name: &'static str,
    pub unit: &'static str,
    pub about: &'static str,
}

/// Every key of `[limits]`, in the order `--show-config` prints them.
pub const KEYS: &[Key] = &[
    Key {
        name: "file-size-mb",
        unit: "MiB",
        about: "largest file read",
    },
    Key {
        name: "part-size-mb",
        unit: "MiB",
        about: "largest ZIP part or PDF stream once inflated",
    },
    Key {
        name: "unpacked-size-mb",
        unit: "MiB",
        about: "most inflated from one document in all",
    },
    Key {
        name: "compression-ratio",
        unit: ": 1",
        about: "highest inflated-to-compressed ratio of a part or stream over 1 MiB",
    },
    Key {
        name: "xml-depth",
        unit: "levels",
        about: "deepest element nesting in Word or OpenDocument XML",
    },
    Key {
        name: "pdf-depth",
        unit: "levels",
        about: "deepest nesting of PDF form XObjects",
    },
    Key {
        name: "pages",
        unit: "pages",
        about: "most pages read from one PDF",
    },
    Key {
        name: "pdf-objects",
        unit: "objects",
        about: "most objects in one PDF",
    },
    Key {
        name: "zip-entries",
        unit: "entries",
        about: "most entries in one DOCX or ODT archive",
    },
    Key {
        name: "seconds-per-document",
        unit: "s",
        about: "wall time to read, analyse and check one document",
    },
    Key {
        name: "regex-size-kb",
        unit: "KiB",
        about: "largest compiled size of one rule pattern",
    },
    Key {
        name: "sheet-cells",
        unit: "cells",
        about: "most cells in one spreadsheet sheet's used range",
    },
];

impl Limits {
    /// Set one limit by its key. Values must be positive whole numbers (seconds may have a
    /// fraction).
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), String> {
        if !(value.is_finite() && value > 0.0) {
            return Err(format!("{key} must be a number above 0"));
        }
        let whole = || -> Result<u64, String> {
            if value.fract() != 0.0 || value > 1e12 {
                Err(format!("{key} must be a whole number"))
            } else {
                Ok(value as u64)
            }
        };
        let mb = || whole().map(|v| v.saturating_mul(MB));
        match key {
            "file-size-mb" => self.file_size = mb()?,
            "part-size-mb" => self.part_size = mb()?,
            "unpacked-size-mb" => self.unpacked_size = mb()?,
            "compression-ratio" => self.compression_ratio = whole()?,
            "xml-depth" => self.xml_depth = whole()? as usize,
            "pdf-depth" => self.pdf_depth = whole()? as usize,
            "pages" => self.pages = whole()? as usize,
            "pdf-objects" => self.pdf_objects = whole()? as usize,
            "zip-entries" => self.zip_entries = whole()? as usize,
            "seconds-per-document" => {
                self.time_per_document = Duration::from_secs_f64(value.min(1e9));
            }
            "regex-size-kb" => self.regex_size = whole()?.saturating_mul(1024) as usize,
            "sheet-cells" => self.sheet_cells = whole()?,
            _ => {
                let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                return Err(format!(
                    "no limit {key:?}; limits are: {}",
                    names.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// A limit's value in the unit of its key.
    pub fn get(&self, key: &str) -> Option<f64> {
        let mb = |bytes: u64| (bytes / MB) as f64;
        Some(match key {
            "file-size-mb" => mb(self.file_size),
            "part-size-mb" => mb(self.part_size),
            "unpacked-size-mb" => mb(self.unpacked_size),
            "compression-ratio" => self.compression_ratio as f64,
            "xml-depth" => self.xml_depth as f64,
            "pdf-depth" => self.pdf_depth as f64,
            "pages" => self.pages as f64,
            "pdf-objects" => self.pdf_objects as f64,
            "zip-entries" => self.zip_entries as f64,
            "seconds-per-document" => self.time_per_document.as_secs_f64(),
            "regex-size-kb" => (self.regex_size / 1024) as f64,
            "sheet-cells" => self.sheet_cells as f64,
            _ => return None,
        })
    }

    /// Parse `KEY=VALUE` (the `--limit` flag).
    pub fn set_pair(&mut self, pair: &str) -> Result<(), String> {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?}: expected KEY=VALUE, like seconds-per-document=60"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("{pair:?}: {value:?} is not a number"))?;
        self.set(key.trim(), value)
    }
}

/// A document went over one of the limits: which (its `[limits]` key) and what happened.
/// Extraction's error wraps it (`ReadError::LimitExceeded`), so a reader can stop with `?`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a safety limit was exceeded ({limit}): {detail}")]
pub struct LimitError {
    /// The key of the limit, as in `[limits]`: `seconds-per-document`, `xml-depth`, …
    pub limit: &'static str,
    pub detail: String,
}

impl LimitError {
    /// What the user can do about it: raise the limit, once they know the file is genuine.
    pub fn help(&self) -> String {
        let raise = |value: &str| {
            format!(
                "raise the limit: `{limit} = {value}` under `[limits]` in tenderlint.toml, or `--limit {limit}={value}` for one run",
                limit = self.limit
            )
        };
        if self.limit == "seconds-per-document" {
            format!(
                "the file is very large or slow to read (possibly built to be); the other files were still checked. If it is a genuine document, {}",
                raise("120")
            )
        } else {
            format!(
                "the file is far larger or deeper inside than a tender document should be (possibly a decompression bomb or a crafted file). If it is genuine, {}, with N above the figure in the message",
                raise("N")
            )
        }
    }
}

/// The error for a document that went over `key`, saying what happened.
pub fn exceeded(key: &'static str, detail: impl Into<String>) -> LimitError {
    LimitError {
        limit: key,
        detail: detail.into(),
    }
}

#[derive(Clone, Copy)]
struct Active {
    limits: Limits,
    deadline: Option<Instant>,
}

thread_local! {
    static ACTIVE: Cell<Option<Active>> = const { Cell::new(None) };
}

/// Run `work` with `limits` in force on this thread and a deadline of
/// `limits.time_per_document` from now.
pub fn within<T>(limits: &Limits, work: impl FnOnce() -> T) -> T {
    let active = Active {
        limits: *limits,
        deadline: Instant::now().checked_add(limits.time_per_document),
    };
    let previous = ACTIVE.with(|a| a.replace(Some(active)));
    // Restore on the way out, also when `work` panics.
    struct Restore(Option<Active>);
    impl Drop for Restore {
        fn drop(&mut self) {
            ACTIVE.with(|a| a.set(self.0));
        }
    }
    let _restore = Restore(previous);
    work()
}

/// The limits in force on this thread.
pub fn current() -> Limits {
    ACTIVE.with(Cell::get).map(|a| a.limits).unwrap_or_default()
}

/// `Err` once this thread's document has used up its time.
pub fn check_time() -> Result<(), LimitError> {
    match ACTIVE.with(Cell::get) {
        Some(Active {
            limits,
            deadline: Some(deadline),
        }) if Instant::now() >= deadline => Err(time_exceeded(limits.time_per_document)),
        _ => Ok(()),
    }
}

/// Whether this thread's document has used up its time (for loops that cannot return an
/// error; they stop early and the engine reports the limit).
pub fn out_of_time() -> bool {
    check_time().is_err()
}

/// The error for a document that took longer than `allowed`.
pub fn time_exceeded(allowed: Duration) -> LimitError {
    let allowed = if allowed >= Duration::from_secs(1) {
        format!("{} s", number(allowed.as_secs_f64()))
    } else {
        format!("{} ms", allowed.as_millis().max(1))
    };
    exceeded(
        "seconds-per-document",
        format!("reading and checking it took longer than {allowed}, so it was stopped"),
    )
}

/// Whether an inflated size is too large for its compressed size.
pub fn ratio_exceeded(inflated: u64, compressed: u64, limits: &Limits) -> bool {
    inflated > RATIO_FLOOR && inflated / compressed.max(1) > limits.compression_ratio
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_sets_and_reads_back() {
        for key in KEYS {
            let mut limits = Limits::default();
            limits.set(key.name, 7.0).unwrap();
            assert_eq!(limits.get(key.name), Some(7.0), "{}", key.name);
            assert_ne!(limits, Limits::default(), "{}", key.name);
        }
    }

    #[test]
    fn bad_values_and_keys_are_refused_with_the_reason() {
        let mut limits = Limits::default();
        assert!(limits.set("pages", 0.0).unwrap_err().contains("above 0"));
        assert!(limits.set("pages", 2.5).unwrap_err().contains("whole"));
        assert!(limits.set("page", 2.0).unwrap_err().contains("limits are"));
        assert!(limits.set_pair("pages").unwrap_err().contains("KEY=VALUE"));
        assert!(
            limits
                .set_pair("pages=many")
                .unwrap_err()
                .contains("not a number")
        );
        limits.set_pair("seconds-per-document=0.5").unwrap();
        assert_eq!(limits.time_per_document, Duration::from_millis(500));
    }

    #[test]
    fn the_deadline_applies_inside_within_only() {
        let limits = Limits {
            time_per_document: Duration::from_millis(1),
            ..Limits::default()
        };
        assert!(check_time().is_ok());
        within(&limits, || {
            std::thread::sleep(Duration::from_millis(5));
            let error = check_time().unwrap_err();
            assert_eq!(error.limit, "seconds-per-document");
            assert!(error.to_string().contains("longer than 1 ms"), "{error}");
            assert_eq!(current().time_per_document, Duration::from_millis(1));
        });
        assert!(check_time().is_ok(), "restored after the document");
        assert_eq!(current(), Limits::default());
    }

    #[test]
    fn the_ratio_only_counts_above_the_floor() {
        let limits = Limits::default();
        assert!(!ratio_exceeded(RATIO_FLOOR, 1, &limits));
        assert!(ratio_exceeded(RATIO_FLOOR * 2, 1000, &limits));
        assert!(!ratio_exceeded(RATIO_FLOOR * 2, RATIO_FLOOR, &limits));
    }
}
