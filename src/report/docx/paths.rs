//! The paths the Word report shows: relative, never the machine's absolute paths. The report
//! is forwarded to people on other machines, for whom `/home/sam/bids/…` or `C:\Users\…` means
//! nothing and says more about the sender's computer than they meant to.
//!
//! A relative path is shown as the user named it (less a leading `./`). An absolute path under
//! the current directory is shown relative to it. Any other absolute path is shown relative to
//! the deepest folder all such paths share, so a run over `/tmp/bids/` lists `a.md` and `b.md`.

use std::path::{Component, Path, PathBuf};

/// The path to show for each of `paths`, in order, given the current directory `cwd`.
pub(super) fn relative_paths(paths: &[&Path], cwd: Option<&Path>) -> Vec<String> {
    let outside: Vec<&Path> = paths
        .iter()
        .copied()
        .filter(|path| path.is_absolute() && !cwd.is_some_and(|cwd| path.starts_with(cwd)))
        .collect();
    let base = common_folder(&outside);
    paths
        .iter()
        .map(|path| {
            let shown = if !path.is_absolute() {
                path.to_path_buf()
            } else if let Some(inside) = cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
                inside.to_path_buf()
            } else {
                let rest = base
                    .as_deref()
                    .and_then(|base| path.strip_prefix(base).ok())
                    .unwrap_or(path);
                without_root(rest)
            };
            display(&shown)
        })
        .collect()
}

/// The deepest folder that holds every one of `paths` (each path's own folder when there is
/// one).
fn common_folder(paths: &[&Path]) -> Option<PathBuf> {
    let mut folders = paths.iter().map(|path| path.parent().unwrap_or(path));
    let mut common = folders.next()?.to_path_buf();
    for folder in folders {
        while !folder.starts_with(&common) {
            if !common.pop() {
                return None;
            }
        }
    }
    Some(common)
}

/// A path with its root (`/`, `C:\`) taken off, for a path no folder could be taken from.
fn without_root(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| matches!(c, Component::Normal(_) | Component::ParentDir))
        .collect()
}

/// The path with `/` between folders and no leading `./`.
fn display(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.display().to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::relative_paths;

    #[test]
    fn paths_are_shown_relative() {
        let cwd = Path::new("/work/bids");
        let paths = [
            Path::new("./fixtures/a.md"),
            Path::new("/work/bids/round 2/b.docx"),
            Path::new("/tmp/sent/c.pdf"),
            Path::new("/tmp/sent/old/d.pdf"),
        ];
        assert_eq!(
            relative_paths(&paths, Some(cwd)),
            ["fixtures/a.md", "round 2/b.docx", "c.pdf", "old/d.pdf"]
        );
        // With no current directory, absolute paths are relative to their common folder.
        assert_eq!(relative_paths(&[Path::new("/srv/x/e.md")], None), ["e.md"]);
    }
}
