//! Where a finding is, said the same way by the machine formats (SARIF, GitHub, JUnit): a text
//! region in a Markdown file (`Located::region`, worked out by the engine), or for PDF and Word
//! files, which have no text positions of their own, the place and the quoted words
//! ([`place_and_quote`]); and paths as those tools want them ([`uri_path`]).

use std::path::{Component, Path};

use crate::diagnostic::Located;
pub use crate::document::TextRegion;

/// Quoted words in a message are cut to this many characters.
pub const QUOTE_LIMIT: usize = 200;

/// For a finding that has no text region: where it is and the words it points at, as
/// `(page 4, line 12): "115% of enrolled participants"`; empty parts are left out, and so are
/// the words when the message already quotes them in full.
pub fn place_and_quote(found: &Located) -> String {
    let place = found.location.describe();
    // Metric messages already quote their words ("115% of enrolled participants": …).
    let words = one_line(&found.snippet);
    let quoted = quote(&words);
    let quoted = if found.finding.message.contains(&quoted) {
        String::new()
    } else {
        quoted
    };
    match (place.is_empty(), quoted.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(": {quoted}"),
        (false, true) => format!(" ({place})"),
        (false, false) => format!(" ({place}): {quoted}"),
    }
}

/// The words a finding points at, on one line, in double quotes, cut at [`QUOTE_LIMIT`]
/// characters. Empty when there are none.
fn quote(snippet: &str) -> String {
    let words = one_line(snippet);
    if words.is_empty() {
        return String::new();
    }
    let mut cut: String = words.chars().take(QUOTE_LIMIT).collect();
    if cut.len() < words.len() {
        cut.push('…');
    }
    format!("\"{cut}\"")
}

/// Whitespace runs (line breaks included) as single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A path as SARIF, GitHub and JUnit consumers want it: forward slashes, no leading `./`.
/// Relative paths stay relative (to the directory tenderlint ran in, normally the repository
/// root).
pub fn uri_path(path: &Path) -> String {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().replace('\\', "/"))
            }
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
        }
    }
    if parts == [""] {
        return "/".into();
    }
    parts.join("/")
}
