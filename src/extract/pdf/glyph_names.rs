//! Glyph names to text: what a glyph called "sterling", "uni20AC" or "f_f_i" stands for.
//!
//! [`glyph_text`] reads the Adobe Glyph List (in the generated tables), `uniXXXX` and
//! `uXXXX[XX]` names, and ligatures whose components are joined by `_`. Used by [`super::font`]
//! for simple-font encodings and by [`super::cmap`] for `bfchar` entries that map a code to a
//! glyph name. A new naming convention belongs in [`glyph_text`], with a case in its test.

use super::tables_codegen as tables;

/// The text a glyph name stands for: the Adobe Glyph List, `uniXXXX` and `uXXXX[XX]` names,
/// and ligature names made of components joined by `_` ("f_f_i").
pub fn glyph_text(name: &str) -> Option<String> {
    let name = name.split('.').next().unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return Some(tables::GLYPH_NAMES[i].1.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
    {
        let units: Option<Vec<u16>> = (0..hex.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(hex.get(i..i + 4)?, 16).ok())
            .collect();
        return units.map(|u| String::from_utf16_lossy(&u));
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    {
        return Some(c.to_string());
    }
    if name.contains('_') {
        let parts: Option<String> = name.split('_').map(glyph_text).collect();
        return parts;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::glyph_text;

    #[test]
    fn glyph_names_become_text() {
        assert_eq!(glyph_text("sterling").as_deref(), Some("£"));
        assert_eq!(glyph_text("Euro").as_deref(), Some("€"));
        assert_eq!(glyph_text("quotedblleft").as_deref(), Some("\u{201C}"));
        assert_eq!(glyph_text("uni20AC").as_deref(), Some("€"));
        assert_eq!(glyph_text("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_text("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_text("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text("g123"), None);
    }
}
