//! The runtime crate's sources (`generator/runtime`), read at compile time:
//! the files every generated crate holds a copy of, its dependencies, and the
//! names its public types already use, which generated methods must avoid.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// `(path in the crate, contents)` of runtime files, read at compile time
/// from the runtime crate (`generator/runtime`), whose `src/runtime/` folder
/// each generated crate holds a copy of.
macro_rules! runtime_files {
    ($($file:literal),* $(,)?) => {
        &[$((
            concat!("src/runtime/", $file),
            include_str!(concat!("../runtime/src/runtime/", $file)),
        )),*]
    };
}

/// The runtime modules, copied into every generated crate.
pub(crate) const FILES: &[(&str, &str)] = runtime_files![
    "mod.rs",
    "cookie.rs",
    "encoded.rs",
    "error.rs",
    "examples.rs",
    "form.rs",
    "number.rs",
    "options.rs",
    "pagination.rs",
    "record.rs",
    "path.rs",
    "response.rs",
    "retry.rs",
    "serde_helpers.rs",
    "server.rs",
    "sse.rs",
    "style.rs",
    "tagged.rs",
    "transport.rs",
];

/// The runtime crate's manifest; its `[dependencies]` table is every generated
/// crate's.
const MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The `[dependencies]` table of the runtime crate's manifest, header included,
/// without the line break that ends it.
pub(crate) fn dependencies() -> &'static str {
    let start = MANIFEST.find("\n[dependencies]\n").map_or(0, |i| i + 1);
    let rest = &MANIFEST[start..];
    let end = rest.find("\n[").map_or(rest.len(), |i| i + 1);
    rest[..end].trim_end()
}

/// A runtime source as copied: without its unit tests, which run in the
/// runtime crate (by convention the `#[cfg(test)] mod tests` module ends the file).
pub(crate) fn without_unit_tests(source: &str) -> String {
    match source.find("\n#[cfg(test)]\nmod tests {") {
        Some(at) => format!("{}\n", source[..at].trim_end()),
        None => source.to_owned(),
    }
}

/// The methods of the runtime type `type_name`: those its `impl` blocks
/// define and those of the standard traits it derives. Generated code adds
/// methods to some runtime types (`RequestOptions`, `ResponseMeta`,
/// `ApiError`); their names must not clash with these.
pub(crate) fn methods_of(type_name: &str) -> Vec<&'static str> {
    static METHODS: OnceLock<BTreeMap<String, BTreeSet<String>>> = OnceLock::new();
    let methods = METHODS.get_or_init(|| {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (_, text) in FILES {
            let Ok(file) = syn::parse_file(text) else {
                continue;
            };
            for item in &file.items {
                collect_methods(item, &mut out);
            }
        }
        out
    });
    methods
        .get(type_name)
        .map(|set| set.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

fn collect_methods(item: &syn::Item, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match item {
        syn::Item::Impl(block) => {
            let syn::Type::Path(path) = &*block.self_ty else {
                return;
            };
            let Some(last) = path.path.segments.last() else {
                return;
            };
            let names = out.entry(last.ident.to_string()).or_default();
            for item in &block.items {
                if let syn::ImplItem::Fn(f) = item {
                    names.insert(f.sig.ident.to_string());
                }
            }
        }
        syn::Item::Struct(s) => {
            let names = out.entry(s.ident.to_string()).or_default();
            for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                let _ = attr.parse_nested_meta(|meta| {
                    let derived: &[&str] = match meta.path.segments.last() {
                        Some(last) if last.ident == "Clone" => &["clone"],
                        Some(last) if last.ident == "Default" => &["default"],
                        Some(last) if last.ident == "Debug" => &["fmt"],
                        Some(last) if last.ident == "PartialEq" => &["eq", "ne"],
                        Some(last) if last.ident == "Hash" => &["hash"],
                        _ => &[],
                    };
                    names.extend(derived.iter().map(|n| (*n).to_owned()));
                    Ok(())
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the runtime folder is readable")
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .into_string()
                    .expect("UTF-8 names")
            })
            .filter(|name| name.ends_with(".rs"))
            .map(|name| format!("src/runtime/{name}"))
            .collect();
        on_disk.sort();
        let mut copied: Vec<String> = FILES.iter().map(|(path, _)| (*path).to_owned()).collect();
        copied.sort();
        assert_eq!(
            copied,
            on_disk,
            "FILES must list every file of {}",
            dir.display()
        );
    }

    #[test]
    fn copies_leave_unit_tests_behind() {
        for (path, text) in FILES {
            let copy = without_unit_tests(text);
            assert!(!copy.ends_with("\n\n"), "{path} ends with a blank line");
            // `#[cfg(test)]` items of `mod.rs` (the examples check) are the
            // generated crates' own; unit test modules are not.
            assert!(
                !copy.contains("#[cfg(test)]\nmod tests"),
                "{path} keeps a test module, or tests are not its last item"
            );
            assert!(copy.ends_with('\n'), "{path}");
        }
    }

    #[test]
    fn the_runtime_names_no_vendor() {
        // A vendor's headers and shapes reach a client through its spec.
        for (path, text) in FILES {
            let text = text.to_ascii_lowercase();
            for vendor in ["portkey", "openai", "x-portkey", "assistants=v2"] {
                assert!(!text.contains(vendor), "{path} names `{vendor}`");
            }
        }
    }

    #[test]
    fn runtime_methods_are_found_with_derived_ones() {
        let options = methods_of("RequestOptions");
        for name in [
            "header",
            "json_header",
            "timeout",
            "max_retries",
            "new",
            "clone",
            "default",
            "fmt",
        ] {
            assert!(options.contains(&name), "{name} missing from {options:?}");
        }
        assert!(methods_of("ResponseMeta").contains(&"request_id"));
        assert!(methods_of("NoSuchType").is_empty());
    }

    #[test]
    fn generated_manifests_take_the_dependencies() {
        let deps = dependencies();
        assert!(deps.starts_with("[dependencies]\n"), "{deps}");
        assert!(!deps.ends_with(char::is_whitespace), "{deps}");
        assert!(
            !deps.contains("[lints]") && !deps.contains("[package]"),
            "{deps}"
        );
        for name in ["reqwest", "serde", "tokio", "tracing"] {
            assert!(
                deps.contains(&format!("\n{name} = ")),
                "{name} missing from {deps}"
            );
        }
    }
}
