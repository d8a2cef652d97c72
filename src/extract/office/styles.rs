//! Paragraph styles: following a style to the styles it inherits from ([`chain`]), and telling a
//! heading from its style's name ([`HeadingNames`]).
//!
//! In both formats a paragraph style inherits from a parent (Word's `w:basedOn`, ODF's
//! `style:parent-style-name`), and a style makes a paragraph a heading by its name ("Heading 2",
//! "Title") or by an outline level it or an ancestor sets. The walk up the parents is bounded, so
//! that a cycle in a damaged file ends. What each format reads from a style stays in its reader;
//! how the two name their heading styles is a [`HeadingNames`] each ([`WORD_HEADINGS`],
//! [`ODF_HEADINGS`]).
//!
//! To give a reader's styles a parent: implement [`Inherits`] for its style type. To recognise
//! another heading name: extend [`HeadingNames::heading`], with a field if the formats differ.

use std::collections::HashMap;

/// A style that may inherit from a parent style, named by its id.
pub trait Inherits {
    fn parent(&self) -> Option<&str>;
}

/// A style and its ancestors, nearest first: each name with its definition, or `None` for a name
/// that is referred to but not defined (the chain ends there). At most `limit` styles.
pub fn chain<'s, S: Inherits>(
    styles: &'s HashMap<String, S>,
    start: Option<&'s str>,
    limit: usize,
) -> impl Iterator<Item = (&'s str, Option<&'s S>)> + 's {
    let mut next = start;
    std::iter::from_fn(move || {
        let name = next?;
        let style = styles.get(name);
        next = style.and_then(Inherits::parent);
        Some((name, style))
    })
    .take(limit)
}

/// How a format names its heading styles. "Title" is a heading of level 1 in both.
#[derive(Clone, Copy, Debug)]
pub struct HeadingNames {
    /// The level of a "Subtitle" style, if it is a heading at all.
    pub subtitle: Option<u8>,
    /// "Heading2" counts as "Heading 2" (Word's style ids are written so).
    pub joined: bool,
    /// The highest level a "Heading N" name gives.
    pub max_level: u8,
}

/// Word: "heading 1" to "heading 9" (or the id "Heading1") and "Title".
pub const WORD_HEADINGS: HeadingNames = HeadingNames {
    subtitle: None,
    joined: true,
    max_level: 9,
};

/// LibreOffice: "Heading 1" and up (it has ten), "Title" and "Subtitle".
pub const ODF_HEADINGS: HeadingNames = HeadingNames {
    subtitle: Some(2),
    joined: false,
    max_level: u8::MAX,
};

/// A heading a style name gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamedHeading {
    pub level: u8,
    /// A "Heading N" style, which outline numbering numbers (Title and Subtitle are not).
    pub outline: bool,
}

impl HeadingNames {
    /// The heading a style named `name` gives, in any letter case.
    pub fn heading(&self, name: &str) -> Option<NamedHeading> {
        let lower = name.to_ascii_lowercase();
        let plain = |level| {
            Some(NamedHeading {
                level,
                outline: false,
            })
        };
        match lower.as_str() {
            "title" => return plain(1),
            "subtitle" => return self.subtitle.and_then(plain),
            _ => {}
        }
        let rest = lower.strip_prefix("heading")?;
        if !self.joined && !rest.starts_with(' ') {
            return None;
        }
        let level: u8 = rest.trim_start().parse().ok()?;
        (1..=self.max_level)
            .contains(&level)
            .then_some(NamedHeading {
                level,
                outline: true,
            })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Inherits, NamedHeading, ODF_HEADINGS, WORD_HEADINGS, chain};

    struct Style(Option<&'static str>);

    impl Inherits for Style {
        fn parent(&self) -> Option<&str> {
            self.0
        }
    }

    #[test]
    fn chains_end_at_a_missing_style_and_at_the_limit() {
        let styles: HashMap<String, Style> = [
            ("Clause".to_string(), Style(Some("Heading"))),
            ("Heading".to_string(), Style(Some("Missing"))),
            ("Loop".to_string(), Style(Some("Loop"))),
        ]
        .into_iter()
        .collect();
        let names: Vec<_> = chain(&styles, Some("Clause"), 10)
            .map(|(name, style)| (name, style.is_some()))
            .collect();
        assert_eq!(
            names,
            [("Clause", true), ("Heading", true), ("Missing", false)]
        );
        assert_eq!(chain(&styles, Some("Loop"), 16).count(), 16, "a cycle ends");
        assert_eq!(chain(&styles, None, 16).count(), 0);
    }

    #[test]
    fn heading_names_in_each_format() {
        let outline = |level| {
            Some(NamedHeading {
                level,
                outline: true,
            })
        };
        assert_eq!(WORD_HEADINGS.heading("heading 2"), outline(2));
        assert_eq!(WORD_HEADINGS.heading("Heading2"), outline(2));
        assert_eq!(WORD_HEADINGS.heading("heading 10"), None);
        assert_eq!(WORD_HEADINGS.heading("Subtitle"), None);
        assert_eq!(
            WORD_HEADINGS.heading("Title").map(|h| (h.level, h.outline)),
            Some((1, false))
        );
        assert_eq!(ODF_HEADINGS.heading("Heading 10"), outline(10));
        assert_eq!(ODF_HEADINGS.heading("heading2"), None);
        assert_eq!(
            ODF_HEADINGS
                .heading("subtitle")
                .map(|h| (h.level, h.outline)),
            Some((2, false))
        );
        assert_eq!(ODF_HEADINGS.heading("Heading 0"), None);
        assert_eq!(ODF_HEADINGS.heading("Heading"), None);
    }
}
