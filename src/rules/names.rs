//! The names rule files give the closed vocabularies: rule kinds, facts, comparisons, each-entity
//! scopes, relations, target classes, expectations. Each name is written once, on its enum
//! (`#[derive(Deserialize)]` with `#[serde(rename_all = "kebab-case")]`, or a `rename`), and
//! read from there both ways: [`parse`] a name, and [`all`] the names in declaration order (for
//! the "use one of: …" of an error, and for an enum's `name()`).
//!
//! Rule files hold these values as spanned strings, parsed here rather than deserialized as the
//! enum: serde's own error ("unknown variant") would replace the rule file's error, which says
//! what the value is and lists the names it may be.
//!
//! To add a vocabulary: derive `Deserialize` on a fieldless enum with `rename_all`; its names
//! are then `names::all::<T>()`, and `names::all::<T>()[value as usize]` names a value.

use std::fmt;

use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::de::{self, DeserializeOwned};

/// The value named `name` (exactly as the enum's serde derive spells it).
pub fn parse<T: DeserializeOwned>(name: &str) -> Option<T> {
    T::deserialize(StrDeserializer::<ValueError>::new(name)).ok()
}

/// Every name of a fieldless enum, in declaration order: the list its serde derive gives with
/// an unknown-variant error, asked for by parsing a name no variant has.
pub fn all<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(StrDeserializer::<Variants>::new("")) {
        Err(Variants(names)) => names,
        Ok(_) => &[],
    }
}

/// "a", "a or b", "a, b or c".
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The error [`all`] parses with: it keeps the list of names an unknown-variant error carries.
#[derive(Debug)]
struct Variants(&'static [&'static str]);

impl fmt::Display for Variants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {:?}", self.0)
    }
}

impl std::error::Error for Variants {}

impl de::Error for Variants {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Variants(&[])
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        Variants(expected)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{all, one_of, parse};

    #[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Shape {
        Circle,
        SquareBox,
        #[serde(rename = ">")]
        Above,
    }

    #[test]
    fn names_come_from_the_derive_in_declaration_order() {
        assert_eq!(all::<Shape>(), ["circle", "square-box", ">"]);
        assert_eq!(parse::<Shape>("square-box"), Some(Shape::SquareBox));
        assert_eq!(parse::<Shape>(">"), Some(Shape::Above));
        assert_eq!(parse::<Shape>("SquareBox"), None);
        assert_eq!(parse::<Shape>(""), None);
        assert_eq!(all::<Shape>()[Shape::Above as usize], ">");
        assert_eq!(one_of(all::<Shape>()), "circle, square-box or >");
        assert_eq!(one_of(&["a"]), "a");
    }
}
