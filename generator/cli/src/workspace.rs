//! Where a generated crate sits among Cargo workspaces: finding the
//! workspace that encloses `--out`, deciding whether the crate is one of its
//! members, a workspace of its own or alone, and adding it to `members` when
//! asked to join.

use std::path::{Component, Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, TableLike, Value};

/// What to do when `--out` is inside a Cargo workspace that does not list it
/// (`--workspace join|standalone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Add the crate to the enclosing workspace's `members`.
    Join,
    /// Give the crate an empty `[workspace]` table, so it is a workspace of its own.
    Standalone,
}

impl Choice {
    /// Reads `join` or `standalone`.
    pub fn parse(value: &str) -> Result<Choice, String> {
        match value {
            "join" => Ok(Choice::Join),
            "standalone" => Ok(Choice::Standalone),
            other => Err(format!(
                "`--workspace {other}`: say `--workspace join` or `--workspace standalone`"
            )),
        }
    }
}

/// Where the crate ends up, as far as cargo is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Placement {
    /// No Cargo workspace encloses it: it builds on its own.
    #[default]
    Alone,
    /// The workspace of this manifest already has it as a member.
    Member {
        /// The workspace's `Cargo.toml`.
        manifest: PathBuf,
    },
    /// `entry` was added to `members` in this manifest (in check mode: it is
    /// missing there).
    Joined {
        /// The workspace's `Cargo.toml`.
        manifest: PathBuf,
        /// The path added to `members`, relative to the workspace root.
        entry: String,
    },
    /// A workspace of its own, through an empty `[workspace]` table in its
    /// `Cargo.toml`.
    Standalone {
        /// The `Cargo.toml` of the workspace around it, if there is one.
        enclosing: Option<PathBuf>,
    },
    /// Left out by the `exclude` list of this manifest, so it builds on its own.
    Excluded {
        /// The workspace's `Cargo.toml`.
        manifest: PathBuf,
    },
}

impl Placement {
    /// One line saying where the crate is.
    pub fn describe(&self) -> String {
        match self {
            Placement::Alone => "standalone crate: no Cargo workspace encloses it".to_owned(),
            Placement::Member { manifest } => {
                format!("member of the Cargo workspace {}", manifest.display())
            }
            Placement::Joined { manifest, entry } => format!(
                "joined the Cargo workspace {}: added \"{entry}\" to its members",
                manifest.display()
            ),
            Placement::Standalone { enclosing: None } => {
                "standalone crate: a workspace of its own ([workspace] in its Cargo.toml)"
                    .to_owned()
            }
            Placement::Standalone {
                enclosing: Some(manifest),
            } => format!(
                "standalone crate: a workspace of its own ([workspace] in its Cargo.toml), apart from the Cargo workspace {}",
                manifest.display()
            ),
            Placement::Excluded { manifest } => format!(
                "standalone crate: the Cargo workspace {} excludes it",
                manifest.display()
            ),
        }
    }
}

/// What [`plan`] decided.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Where the crate ends up.
    pub placement: Placement,
    /// Whether the crate's `Cargo.toml` gets an empty `[workspace]` table.
    pub own_workspace: bool,
    /// The enclosing workspace's manifest and its new text, when the crate
    /// must be added to its members.
    pub edit: Option<(PathBuf, String)>,
}

/// Decides where the crate at `out` goes. `own_manifest` is the text of the
/// `Cargo.toml` the generator wrote there before, if any: an empty
/// `[workspace]` table in it means the crate was made standalone, and stays so.
pub(crate) fn plan(
    out: &Path,
    choice: Option<Choice>,
    own_manifest: Option<&str>,
) -> Result<Plan, String> {
    let out = resolve(out)?;
    let was_standalone = own_manifest
        .and_then(|text| text.parse::<DocumentMut>().ok())
        .is_some_and(|doc| doc.contains_key("workspace"));
    let Some(ws) = enclosing_workspace(&out)? else {
        return match choice {
            Some(Choice::Join) => Err(format!(
                "--workspace join: no Cargo workspace encloses {} (no Cargo.toml with a [workspace] table above it); \
                 drop --workspace join, the crate builds on its own",
                out.display()
            )),
            Some(Choice::Standalone) => Ok(standalone(None)),
            None if was_standalone => Ok(standalone(None)),
            None => Ok(Plan {
                placement: Placement::Alone,
                own_workspace: false,
                edit: None,
            }),
        };
    };
    let manifest = ws.manifest.clone();
    let entry = relative_entry(&ws.root, &out);
    match (ws.status(&out), choice) {
        (Status::Listed, Some(Choice::Standalone)) => Err(format!(
            "--workspace standalone: the Cargo workspace {} lists {} as a member, and a member cannot be a workspace of its own; \
             remove \"{entry}\" from its `members` (or add it to `exclude`), or drop --workspace standalone",
            manifest.display(),
            out.display()
        )),
        (Status::Listed, _) => Ok(Plan {
            placement: Placement::Member { manifest },
            own_workspace: false,
            edit: None,
        }),
        (Status::Excluded, Some(Choice::Join)) => Err(format!(
            "--workspace join: the Cargo workspace {} excludes {}; remove it from `exclude` there to join, or drop --workspace join",
            manifest.display(),
            out.display()
        )),
        (_, Some(Choice::Standalone)) => Ok(standalone(Some(manifest))),
        (Status::Excluded, None) if was_standalone => Ok(standalone(Some(manifest))),
        (Status::Excluded, None) => Ok(Plan {
            placement: Placement::Excluded { manifest },
            own_workspace: false,
            edit: None,
        }),
        (Status::NotListed, Some(Choice::Join)) => {
            let text = ws.with_member(&entry)?;
            Ok(Plan {
                placement: Placement::Joined {
                    manifest: manifest.clone(),
                    entry,
                },
                own_workspace: false,
                edit: Some((manifest, text)),
            })
        }
        (Status::NotListed, None) if was_standalone => Ok(standalone(Some(manifest))),
        (Status::NotListed, None) => Err(format!(
            "{out} is inside the Cargo workspace {manifest}, which does not list it as a member, \
             so cargo would refuse to build it; nothing was written.\nRun again with one of:\n  \
             --workspace join        add \"{entry}\" to `members` in {manifest}\n  \
             --workspace standalone  make the crate a workspace of its own (an empty [workspace] table in its Cargo.toml)",
            out = out.display(),
            manifest = manifest.display(),
        )),
    }
}

fn standalone(enclosing: Option<PathBuf>) -> Plan {
    Plan {
        placement: Placement::Standalone { enclosing },
        own_workspace: true,
        edit: None,
    }
}

/// The generated manifest `text` as a workspace of its own.
pub(crate) fn with_own_workspace(text: &str) -> String {
    let already = text
        .parse::<DocumentMut>()
        .is_ok_and(|doc| doc.contains_key("workspace"));
    if already {
        return text.to_owned();
    }
    let mut text = text.trim_end_matches('\n').to_owned();
    text.push_str(
        "\n\n# A workspace of its own, so that an enclosing Cargo workspace does not claim it.\n[workspace]\n",
    );
    text
}

/// How an enclosing workspace treats the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// A member: named in `members` (or matched by a glob there), or a path
    /// dependency of the root package.
    Listed,
    /// Under a path in `exclude`.
    Excluded,
    /// Neither: cargo refuses to build it.
    NotListed,
}

/// A `Cargo.toml` with a `[workspace]` table.
struct Workspace {
    /// Its folder.
    root: PathBuf,
    /// The file.
    manifest: PathBuf,
    /// Its text, as read.
    doc: DocumentMut,
}

/// The nearest folder above `out` whose `Cargo.toml` has a `[workspace]`
/// table, as cargo looks for it. A package without one does not count.
fn enclosing_workspace(out: &Path) -> Result<Option<Workspace>, String> {
    for dir in out.ancestors().skip(1) {
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        let doc = text.parse::<DocumentMut>().map_err(|e| {
            format!(
                "{} is not valid TOML, and cargo reads it when building anything below it; fix it first:\n{e}",
                manifest.display()
            )
        })?;
        if doc.contains_key("workspace") {
            return Ok(Some(Workspace {
                root: dir.to_path_buf(),
                manifest,
                doc,
            }));
        }
    }
    Ok(None)
}

impl Workspace {
    fn table(&self) -> Option<&dyn TableLike> {
        self.doc.get("workspace").and_then(Item::as_table_like)
    }

    /// The strings of `workspace.<key>`.
    fn paths(&self, key: &str) -> Vec<String> {
        self.table()
            .and_then(|t| t.get(key))
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How cargo treats a package at `out`: an exact `members` entry wins
    /// over `exclude`, which wins over globs and the root package's path
    /// dependencies.
    fn status(&self, out: &Path) -> Status {
        let members: Vec<PathBuf> = self
            .paths("members")
            .iter()
            .map(|m| lexical(&self.root.join(m)))
            .collect();
        if members.iter().any(|m| m == out) {
            return Status::Listed;
        }
        let excluded = self
            .paths("exclude")
            .iter()
            .any(|e| out.starts_with(lexical(&self.root.join(e))));
        if excluded {
            return Status::Excluded;
        }
        if members.iter().any(|m| glob_matches(m, out))
            || self.path_dependencies().any(|p| p == out)
        {
            return Status::Listed;
        }
        Status::NotListed
    }

    /// The `path`s of the root package's dependencies, which cargo makes
    /// members too.
    fn path_dependencies(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
        let mut tables: Vec<&dyn TableLike> = Vec::new();
        if self.doc.contains_key("package") {
            let top: &dyn TableLike = self.doc.as_table();
            let targets = self
                .doc
                .get("target")
                .and_then(Item::as_table_like)
                .into_iter()
                .flat_map(|t| t.iter().filter_map(|(_, v)| v.as_table_like()));
            for holder in std::iter::once(top).chain(targets) {
                tables.extend(
                    kinds
                        .iter()
                        .filter_map(|k| holder.get(k).and_then(Item::as_table_like)),
                );
            }
        }
        tables
            .into_iter()
            .flat_map(|deps| deps.iter().map(|(_, dep)| dep))
            .filter_map(|dep| dep.as_table_like()?.get("path")?.as_str())
            .map(|path| lexical(&self.root.join(path)))
    }

    /// The manifest's text with `entry` appended to `workspace.members`,
    /// everything else (comments, order, layout) kept.
    fn with_member(&self, entry: &str) -> Result<String, String> {
        let mut doc = self.doc.clone();
        let table = doc
            .get_mut("workspace")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| {
                format!(
                    "`workspace` in {} is not a table; add \"{entry}\" to its members by hand, or pass --workspace standalone",
                    self.manifest.display()
                )
            })?;
        match table.get_mut("members") {
            None => {
                let mut members = Array::new();
                members.push(entry);
                table.insert("members", Item::Value(Value::Array(members)));
            }
            Some(item) => {
                let members = item.as_array_mut().ok_or_else(|| {
                    format!(
                        "`workspace.members` in {} is not a list; add \"{entry}\" to it by hand, or pass --workspace standalone",
                        self.manifest.display()
                    )
                })?;
                push_keeping_layout(members, entry);
            }
        }
        Ok(doc.to_string())
    }
}

/// Appends `entry` to `array` in the array's own layout: on a line of its
/// own, indented like the last entry, in a multi-line array; after `, ` in
/// a one-line array. A comment after the last entry stays with it.
fn push_keeping_layout(array: &mut Array, entry: &str) {
    let last_prefix = array
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_owned);
    let Some(last_prefix) = last_prefix.filter(|p| p.contains('\n')) else {
        array.push(entry);
        return;
    };
    // Whatever followed the last entry (its comment, commented-out
    // entries) stays before the new one; only the line break before `]`
    // stays at the end.
    let mut after_last = String::new();
    if let Some(last) = array.iter_mut().last() {
        after_last.push_str(last.decor().suffix().and_then(|s| s.as_str()).unwrap_or(""));
        last.decor_mut().set_suffix("");
    }
    after_last.push_str(array.trailing().as_str().unwrap_or(""));
    let (before_close, close) = match after_last.rfind('\n') {
        Some(i) => after_last.split_at(i),
        None => (after_last.as_str(), ""),
    };
    let indent = &last_prefix[last_prefix.rfind('\n').unwrap_or(0)..];
    let mut value = Value::from(entry);
    value
        .decor_mut()
        .set_prefix(format!("{before_close}{indent}"));
    let close = if close.is_empty() { "\n" } else { close }.to_owned();
    array.push_formatted(value);
    array.set_trailing(close);
}

/// `out` relative to the workspace `root`, with `/` separators, as it goes
/// into `members`.
fn relative_entry(root: &Path, out: &Path) -> String {
    out.strip_prefix(root)
        .unwrap_or(out)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `out` made absolute, with symbolic links resolved as far as it exists,
/// so it compares with the folders cargo sees.
fn resolve(out: &Path) -> Result<PathBuf, String> {
    let absolute = std::path::absolute(out)
        .map_err(|e| format!("cannot tell where {} is: {e}", out.display()))?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    let mut existing = resolved.clone();
    let mut missing = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name().map(ToOwned::to_owned) else {
            break;
        };
        missing.push(name);
        existing.pop();
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(missing.iter().rev());
    Ok(out)
}

/// `path` without `.` and `..` components, resolved by text alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `path` matches the `members` glob `pattern` (both absolute):
/// `*` and `?` within one component, `**` for any number of components.
fn glob_matches(pattern: &Path, path: &Path) -> bool {
    let pattern: Vec<String> = pattern
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let path: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    components_match(&pattern, &path)
}

fn components_match(pattern: &[String], path: &[String]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=path.len()).any(|skip| components_match(rest, &path[skip..]))
        }
        Some((first, rest)) => path.split_first().is_some_and(|(name, path_rest)| {
            wildcard_matches(first.as_bytes(), name.as_bytes()) && components_match(rest, path_rest)
        }),
    }
}

fn wildcard_matches(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|skip| wildcard_matches(rest, &name[skip..])),
        Some((b'?', rest)) => !name.is_empty() && wildcard_matches(rest, &name[1..]),
        Some((c, rest)) => name.first() == Some(c) && wildcard_matches(rest, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(text: &str) -> Workspace {
        Workspace {
            root: PathBuf::from("/w"),
            manifest: PathBuf::from("/w/Cargo.toml"),
            doc: text.parse().unwrap(),
        }
    }

    #[test]
    fn members_globs_excludes_and_path_dependencies() {
        let w = ws(r#"
[package]
name = "app"
[dependencies]
dep = { path = "./libs/dep" }
[target.'cfg(unix)'.dev-dependencies]
unix-only = { path = "unix" }
[workspace]
members = ["crates/*", "tools/x", "./a/../b"]
exclude = ["crates/old", "tools"]
"#);
        let status = |p: &str| w.status(Path::new(p));
        assert_eq!(status("/w/crates/new"), Status::Listed);
        assert_eq!(status("/w/crates/old"), Status::Excluded);
        assert_eq!(status("/w/crates/new/inner"), Status::NotListed);
        assert_eq!(status("/w/tools/x"), Status::Listed);
        assert_eq!(status("/w/tools/y"), Status::Excluded);
        assert_eq!(status("/w/b"), Status::Listed);
        assert_eq!(status("/w/libs/dep"), Status::Listed);
        assert_eq!(status("/w/unix"), Status::Listed);
        assert_eq!(status("/w/client"), Status::NotListed);
        assert!(glob_matches(Path::new("/w/**/c?"), Path::new("/w/a/b/cd")));
        assert!(!glob_matches(Path::new("/w/*"), Path::new("/w/a/b")));
    }

    #[test]
    fn joining_keeps_the_layout_and_comments() {
        for (before, after) in [
            (
                "[workspace]\nmembers = [\"a\", \"b\"] # keep\n",
                "[workspace]\nmembers = [\"a\", \"b\", \"new\"] # keep\n",
            ),
            (
                "[workspace]\nmembers = []\n",
                "[workspace]\nmembers = [\"new\"]\n",
            ),
            (
                "# top\n[workspace]\nresolver = \"2\"\n\n[workspace.package]\nedition = \"2021\"\n",
                "# top\n[workspace]\nresolver = \"2\"\nmembers = [\"new\"]\n\n[workspace.package]\nedition = \"2021\"\n",
            ),
            (
                "[workspace]\nmembers = [\n    \"a\",\n    \"b\", # the b crate\n]\n",
                "[workspace]\nmembers = [\n    \"a\",\n    \"b\", # the b crate\n    \"new\",\n]\n",
            ),
            (
                "[workspace]\nmembers = [\n  \"a\",\n  # \"old\",\n]\nexclude = []\n",
                "[workspace]\nmembers = [\n  \"a\",\n  # \"old\",\n  \"new\",\n]\nexclude = []\n",
            ),
            (
                "[workspace]\nmembers = [\n    \"a\"\n]\n",
                "[workspace]\nmembers = [\n    \"a\",\n    \"new\"\n]\n",
            ),
            (
                "workspace = { members = [\"a\"] }\n",
                "workspace = { members = [\"a\", \"new\"] }\n",
            ),
        ] {
            let w = ws(before);
            let text = w.with_member("new").unwrap();
            assert_eq!(text, after, "from:\n{before}");
            let joined = Workspace {
                doc: text.parse().unwrap(),
                ..w
            };
            assert_eq!(joined.status(Path::new("/w/new")), Status::Listed);
        }
        let err = ws("[workspace]\nmembers = \"a\"\n")
            .with_member("new")
            .unwrap_err();
        assert!(
            err.contains("is not a list; add \"new\" to it by hand"),
            "{err}"
        );
    }

    #[test]
    fn own_workspace_is_added_once() {
        let text = "# @generated\n[package]\nname = \"x\"\n";
        let once = with_own_workspace(text);
        assert!(once.ends_with("\n\n# A workspace of its own, so that an enclosing Cargo workspace does not claim it.\n[workspace]\n"), "{once}");
        assert_eq!(with_own_workspace(&once), once);
    }

    #[test]
    fn choices_are_named() {
        assert_eq!(Choice::parse("join"), Ok(Choice::Join));
        assert_eq!(Choice::parse("standalone"), Ok(Choice::Standalone));
        assert!(Choice::parse("yes")
            .unwrap_err()
            .contains("--workspace join"));
    }
}
