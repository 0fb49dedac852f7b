//! The README's `[dependencies]` block names every crate its Rust snippets
//! use (the snippets themselves compile as doc tests of this crate's
//! `ReadmeSnippets`), so a reader who copies both gets a program that builds.

use integration_tests::crates::workspace_root;
use std::collections::BTreeSet;

/// The text of every fenced block of `lang` (the info string's first word).
fn blocks<'a>(readme: &'a str, lang: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find("```") {
        let after = &rest[start + 3..];
        let Some(newline) = after.find('\n') else {
            break;
        };
        let info = &after[..newline];
        let body = &after[newline + 1..];
        let Some(end) = body.find("```") else { break };
        if info.split([',', ' ']).next() == Some(lang) {
            out.push(&body[..end]);
        }
        rest = &body[end + 3..];
    }
    out
}

#[test]
fn every_crate_the_snippets_use_is_in_the_dependencies_block() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let listed: BTreeSet<String> = blocks(&readme, "toml")
        .iter()
        .filter(|b| b.contains("[dependencies]"))
        .flat_map(|b| b.lines())
        .filter_map(|line| {
            line.split_once(" = ")
                .map(|(name, _)| name.trim().replace('-', "_"))
        })
        .collect();
    assert!(listed.contains("portkey_assistants"), "{listed:?}");
    // Crates this package depends on are the ones a snippet could name.
    let manifest =
        std::fs::read_to_string(workspace_root().join("tests/Cargo.toml")).expect("manifest");
    let known: BTreeSet<String> = manifest
        .lines()
        .filter_map(|line| {
            line.split_once(" = ")
                .map(|(name, _)| name.trim().replace('-', "_"))
        })
        .filter(|name| {
            !name.contains(['[', '.'])
                && ![
                    "name", "version", "edition", "license", "publish", "harness",
                ]
                .contains(&name.as_str())
        })
        .collect();
    let rust = blocks(&readme, "rust");
    assert!(rust.len() >= 3, "the README's Rust snippets were not found");
    for block in rust {
        for name in &known {
            let used =
                block.contains(&format!("{name}::")) || block.contains(&format!("use {name}"));
            assert!(
                !used || listed.contains(name),
                "a README snippet uses `{name}` but the README's [dependencies] block does not list it"
            );
        }
    }
}
