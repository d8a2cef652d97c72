//! List numbers: how a counter is written ([`NumberFormat`]) and how the counters of a list's
//! levels move ([`LevelCounters`]).
//!
//! Word and LibreOffice both store a list number as a rule, not as text: each level of a list has
//! a format (decimal, letters, roman …) and a start value, and the number a reader sees is the
//! level's counter written in that format. The formats are named differently (`lowerLetter` in
//! `numbering.xml`, `a` in ODF's `style:num-format`) and [`NumberFormat::word`] and
//! [`NumberFormat::odf`] read each vocabulary into one set of formats.
//!
//! To add a number format: add a variant, write it in [`NumberFormat::format`], and map each
//! format's name for it in `word` and `odf`.

/// How a list level writes its counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    /// No number: the label is only the text around it (Word `none`, ODF "").
    None,
    /// 1, 2, 3; also every format not known here.
    Decimal,
    /// 01, 02, … 10 (Word `decimalZero`).
    DecimalZero,
    /// 1st, 2nd, 3rd (Word `ordinal`).
    Ordinal,
    /// a, b, … z, then as `after_z` says.
    Letters { upper: bool, after_z: AfterZ },
    /// i, ii, iii, …; decimal from 4,000, which roman numerals do not reach.
    Roman { upper: bool },
}

/// What comes after "z".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterZ {
    /// The letter repeated: aa, bb, … zz, aaa (Word; LibreOffice with `style:num-letter-sync`),
    /// never more than `at_most` letters.
    Repeat { at_most: usize },
    /// Counting on as spreadsheet columns do: aa, ab, … az, ba (LibreOffice's default).
    Carry,
}

impl NumberFormat {
    /// A Word `w:numFmt` value. Word writes no more than 50 repeated letters.
    pub fn word(format: &str) -> Self {
        let letters = |upper| NumberFormat::Letters {
            upper,
            after_z: AfterZ::Repeat { at_most: 50 },
        };
        match format {
            "none" => NumberFormat::None,
            "decimalZero" => NumberFormat::DecimalZero,
            "ordinal" => NumberFormat::Ordinal,
            "lowerLetter" => letters(false),
            "upperLetter" => letters(true),
            "lowerRoman" => NumberFormat::Roman { upper: false },
            "upperRoman" => NumberFormat::Roman { upper: true },
            _ => NumberFormat::Decimal,
        }
    }

    /// An ODF `style:num-format` value, with `style:num-letter-sync` (letters repeated rather
    /// than carried, at most 20 of them).
    pub fn odf(format: &str, letter_sync: bool) -> Self {
        let after_z = if letter_sync {
            AfterZ::Repeat { at_most: 20 }
        } else {
            AfterZ::Carry
        };
        match format {
            "" => NumberFormat::None,
            "a" => NumberFormat::Letters {
                upper: false,
                after_z,
            },
            "A" => NumberFormat::Letters {
                upper: true,
                after_z,
            },
            "i" => NumberFormat::Roman { upper: false },
            "I" => NumberFormat::Roman { upper: true },
            _ => NumberFormat::Decimal,
        }
    }

    /// `value` as this format writes it. Letters and roman numerals have no 0, which is
    /// written "0".
    pub fn format(self, value: u64) -> String {
        match self {
            NumberFormat::None => String::new(),
            NumberFormat::Decimal => value.to_string(),
            NumberFormat::DecimalZero => format!("{value:02}"),
            NumberFormat::Ordinal => {
                let suffix = match (value % 10, value % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{value}{suffix}")
            }
            NumberFormat::Letters { upper, after_z } => letters(value, upper, after_z),
            NumberFormat::Roman { upper } => roman(value, upper),
        }
    }
}

fn letters(value: u64, upper: bool, after_z: AfterZ) -> String {
    if value == 0 {
        return "0".into();
    }
    let letter = |index: u64| {
        let c = char::from(b'a' + (index % 26) as u8);
        if upper { c.to_ascii_uppercase() } else { c }
    };
    match after_z {
        AfterZ::Repeat { at_most } => {
            let times = usize::try_from((value - 1) / 26 + 1).map_or(at_most, |t| t.min(at_most));
            std::iter::repeat_n(letter(value - 1), times).collect()
        }
        AfterZ::Carry => {
            // Bijective base 26: z is followed by aa, ab, …
            let mut n = value;
            let mut letters = Vec::new();
            while n > 0 {
                n -= 1;
                letters.push(letter(n));
                n /= 26;
            }
            letters.iter().rev().collect()
        }
    }
}

fn roman(value: u64, upper: bool) -> String {
    if !(1..4000).contains(&value) {
        return value.to_string();
    }
    const TABLE: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = value;
    let mut out = String::new();
    for (n, digits) in TABLE {
        while rest >= n {
            out.push_str(digits);
            rest -= n;
        }
    }
    if upper { out.to_ascii_uppercase() } else { out }
}

/// The counters of one list, one per level (0-based): the number the level showed last, or
/// nothing when it has shown none since it started or restarted.
#[derive(Clone, Copy, Debug)]
pub struct LevelCounters<const N: usize> {
    shown: [Option<u64>; N],
}

impl<const N: usize> Default for LevelCounters<N> {
    fn default() -> Self {
        LevelCounters { shown: [None; N] }
    }
}

impl<const N: usize> LevelCounters<N> {
    /// The number `level` shows now: its last, or `start` when it has shown none yet (a label
    /// such as "%1.%2" shows the levels above the one counted).
    pub fn shown_or(&self, level: usize, start: u64) -> u64 {
        self.shown[level].unwrap_or(start)
    }

    /// The number the next item at `level` gets: one more than the last, or `first` when the
    /// level has shown none since it started or restarted.
    pub fn following(&self, level: usize, first: u64) -> u64 {
        self.shown[level].map_or(first, |n| n.saturating_add(1))
    }

    /// `level` shows `value` now.
    pub fn set(&mut self, level: usize, value: u64) {
        self.shown[level] = Some(value);
    }

    /// `level` counts from its start again.
    pub fn restart(&mut self, level: usize) {
        self.shown[level] = None;
    }

    /// Every level below `level` counts from its start again, as happens when `level` counts.
    pub fn restart_below(&mut self, level: usize) {
        for deeper in self.shown.iter_mut().skip(level + 1) {
            *deeper = None;
        }
    }
}

/// Characters in the Private Use Area: symbol-font bullets (Wingdings, Symbol), which mean
/// nothing as text.
pub fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::{AfterZ, LevelCounters, NumberFormat};

    #[test]
    fn word_formats() {
        let word = |value, format| NumberFormat::word(format).format(value);
        assert_eq!(word(4, "upperRoman"), "IV");
        assert_eq!(word(1994, "lowerRoman"), "mcmxciv");
        assert_eq!(word(4000, "upperRoman"), "4000");
        assert_eq!(word(28, "lowerLetter"), "bb");
        assert_eq!(word(0, "lowerLetter"), "0");
        assert_eq!(word(3, "decimalZero"), "03");
        assert_eq!(word(22, "ordinal"), "22nd");
        assert_eq!(word(12, "ordinal"), "12th");
        assert_eq!(word(7, "chineseCounting"), "7");
        assert_eq!(word(7, "none"), "");
        assert_eq!(word(26 * 60, "upperLetter").len(), 50, "at most 50 letters");
    }

    #[test]
    fn odf_formats() {
        let odf = |value, format, sync| NumberFormat::odf(format, sync).format(value);
        assert_eq!(odf(28, "a", false), "ab", "letters carry");
        assert_eq!(odf(28, "A", true), "BB", "or repeat");
        assert_eq!(odf(702, "a", false), "zz");
        assert_eq!(odf(703, "a", false), "aaa");
        assert_eq!(odf(26 * 60, "a", true).len(), 20, "at most 20 letters");
        assert_eq!(odf(9, "i", false), "ix");
        assert_eq!(odf(9, "I", false), "IX");
        assert_eq!(odf(9, "1", false), "9");
        assert_eq!(odf(9, "", false), "");
        assert_eq!(
            NumberFormat::odf("a", true),
            NumberFormat::Letters {
                upper: false,
                after_z: AfterZ::Repeat { at_most: 20 }
            }
        );
    }

    #[test]
    fn counters_count_and_restart_deeper_levels() {
        let mut counters = LevelCounters::<3>::default();
        let count = |counters: &mut LevelCounters<3>, level, first| {
            let value = counters.following(level, first);
            counters.set(level, value);
            counters.restart_below(level);
            value
        };
        assert_eq!(count(&mut counters, 0, 1), 1);
        assert_eq!(count(&mut counters, 1, 1), 1);
        assert_eq!(count(&mut counters, 1, 1), 2);
        assert_eq!(count(&mut counters, 0, 1), 2);
        assert_eq!(counters.following(1, 7), 7, "restarted");
        assert_eq!(counters.shown_or(1, 5), 5);
        assert_eq!(count(&mut counters, 1, 5), 5);
    }
}
