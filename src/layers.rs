//! The layers of the crate, and a test that keeps them: no module imports one above its own
//! layer, and no two files of one folder import each other (directly or round a loop).
//!
//! Data flows one way (`lib.rs` draws it); this table is that picture as data. A module may
//! use the modules of lower layers, never those of its own layer or above. To add a top-level
//! module, give it a layer here; the test fails for a module the table does not know.
//!
//! What counts as an import: every `crate::a::…` path and `use crate::{a, b::…}` group in
//! non-test code, doc comments excluded; within a folder, `super::`, `self::` and child-module
//! paths too. Test code (`#[cfg(test)]` modules, `tests.rs`) may use anything. A file using
//! what its own parent module defines (`super::ReadError`) is not a loop: that is where shared
//! types of a folder live.

/// Top-level modules, lowest layer first.
const LAYERS: &[&[&str]] = &[
    &["wording"],
    &["limits", "toml_error"],
    &["document"],
    &["diagnostic"],
    // Readers make the document, analyses read it: neither knows the other.
    &["extract", "analyse"],
    &["rules"],
    &["config", "suppress", "baseline"],
    &["lint"],
    &["engine", "report", "fuzzing"],
    // A reviewed copy is made of a document the engine has checked.
    &["review"],
    &["settings"],
    &["walk", "cli", "serve"],
    &["commands"],
];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use super::LAYERS;

    /// A source file: its module path (`["extract", "pdf", "font"]`) and its code, test
    /// modules and comments removed.
    struct Source {
        path: PathBuf,
        module: Vec<String>,
        code: String,
    }

    fn sources() -> Vec<Source> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let relative = path.strip_prefix(&root).ok()?.to_path_buf();
                let mut module: Vec<String> = relative
                    .with_extension("")
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                if module.last().is_some_and(|m| m == "tests") {
                    return None;
                }
                let text = std::fs::read_to_string(&path).ok()?;
                Some(Source {
                    path: relative,
                    module,
                    code: code_of(&text),
                })
            })
            .collect()
    }

    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The code of a file without its comments and without its test module (by convention the
    /// last thing in a file).
    fn code_of(text: &str) -> String {
        let mut code = String::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("#[cfg(test)]")
                && lines
                    .peek()
                    .is_some_and(|next| next.trim_start().starts_with("mod "))
            {
                break;
            }
            if trimmed.starts_with("//") {
                continue;
            }
            code.push_str(line);
            code.push('\n');
        }
        code
    }

    /// Every path a piece of code names from `anchor` (`crate::`, `super::`, `self::`):
    /// the segments after it, with `use anchor::{a::b, c}` groups spread out.
    fn paths_from(code: &str, anchor: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find(anchor) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + anchor.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    out.push(segments(item.trim()));
                }
            } else {
                out.push(segments(rest));
            }
        }
        out.retain(|p| !p.is_empty());
        out
    }

    /// `a::b::C` → `["a", "b", "C"]`, stopping at the first character that is not a path.
    fn segments(text: &str) -> Vec<String> {
        let end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(text.len());
        text[..end]
            .split("::")
            .take_while(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|layer| layer.contains(&module))
    }

    #[test]
    fn no_module_imports_a_layer_above_its_own() {
        let mut wrong = Vec::new();
        for source in sources() {
            // lib.rs and main.rs sit above every layer; this file is a test.
            let Some(own) = source.module.first().filter(|m| *m != "layers") else {
                continue;
            };
            let Some(own_layer) = layer_of(own) else {
                wrong.push(format!(
                    "{}: module {own} has no layer in layers.rs",
                    source.path.display()
                ));
                continue;
            };
            let used: BTreeSet<String> = paths_from(&source.code, "crate::")
                .into_iter()
                .map(|p| p[0].clone())
                .filter(|m| m != own)
                .collect();
            for module in used {
                match layer_of(&module) {
                    Some(layer) if layer < own_layer => {}
                    Some(_) => wrong.push(format!(
                        "{}: {own} imports {module}, which is not below it",
                        source.path.display()
                    )),
                    None => wrong.push(format!(
                        "{}: imports crate::{module}, which has no layer in layers.rs",
                        source.path.display()
                    )),
                }
            }
        }
        assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
    }

    #[test]
    fn no_files_of_one_folder_import_each_other() {
        let sources = sources();
        let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
        // The longest module that a path names.
        let resolve = |path: &[String]| -> Option<Vec<String>> {
            (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|m| modules.contains(m))
        };
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for source in &sources {
            let own = &source.module;
            let mut named: Vec<Vec<String>> = paths_from(&source.code, "crate::");
            let parent = &own[..own.len().saturating_sub(1)];
            for path in paths_from(&source.code, "super::") {
                named.push(parent.iter().cloned().chain(path).collect());
            }
            for path in paths_from(&source.code, "self::") {
                named.push(own.iter().cloned().chain(path).collect());
            }
            // `use child::…` in a folder's mod.rs names a child module.
            for path in paths_from(&source.code, "use ") {
                let child: Vec<String> = own.iter().cloned().chain(path).collect();
                if resolve(&child).is_some_and(|m| m.len() > own.len()) {
                    named.push(child);
                }
            }
            for target in named.iter().filter_map(|p| resolve(p)) {
                // Using one's own module or what a parent folder defines is not an edge.
                if target == *own || own.starts_with(&target) {
                    continue;
                }
                edges.entry(own.clone()).or_default().insert(target);
            }
        }
        let cycles = cycles(&edges);
        assert!(
            cycles.is_empty(),
            "files that import each other:\n{}",
            cycles
                .iter()
                .map(|c| c
                    .iter()
                    .map(|m| m.join("::"))
                    .collect::<Vec<_>>()
                    .join(" -> "))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// One loop through each group of modules that reach one another.
    fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
        let mut found: Vec<Vec<Vec<String>>> = Vec::new();
        for start in edges.keys() {
            if found.iter().any(|c| c.contains(start)) {
                continue;
            }
            // Depth-first search for a way back to `start`.
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((node, path)) = stack.pop() {
                for next in edges.get(&node).into_iter().flatten() {
                    if next == start {
                        found.push(path.clone());
                        stack.clear();
                        break;
                    }
                    if seen.insert(next.clone()) {
                        let mut longer = path.clone();
                        longer.push(next.clone());
                        stack.push((next.clone(), longer));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn the_guard_sees_imports_and_loops() {
        let code = code_of(
            "use crate::{analyse::Analysis, document};\n// crate::engine in a comment\nfn f() { crate::wording::number(1.0); }\n#[cfg(test)]\nmod tests {\n    use crate::commands;\n}\n",
        );
        let firsts: Vec<String> = paths_from(&code, "crate::")
            .into_iter()
            .map(|p| p[0].clone())
            .collect();
        assert_eq!(firsts, ["analyse", "document", "wording"]);
        let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
        let mut edges = BTreeMap::new();
        edges.insert(m("pdf::cmap"), BTreeSet::from([m("pdf::font")]));
        edges.insert(m("pdf::font"), BTreeSet::from([m("pdf::cmap")]));
        assert_eq!(cycles(&edges).len(), 1);
        edges.remove(&m("pdf::font"));
        assert!(cycles(&edges).is_empty());
    }
}
