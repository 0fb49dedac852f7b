//! The published documents (Portkey's, OpenAI's, Stripe's and Twilio's,
//! unmodified) generate every operation they declare, skip nothing, and give
//! crates that compile with warnings denied. The documents live outside the
//! repository, in `shared/specs` beside the checkout (or `$PUBLISHED_SPECS`;
//! see [`specs_dir`]). Without them the test prints a notice and checks
//! nothing, so a fresh clone elsewhere passes; with
//! `REQUIRE_PUBLISHED_SPECS=1` (set by `.ci/run`) their absence fails.

use integration_tests::codegen;
use integration_tests::crates::{cargo_check_with, target_dir, workspace_root, write_crate};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// A published document and what to build of its crate.
struct Published {
    file: &'static str,
    crate_name: &'static str,
    /// The resource features to compile; empty for all of them. Documents
    /// over 2 MB compile two resources, to keep the test's time in bounds.
    features: &'static [&'static str],
}

const SPECS: &[Published] = &[
    Published {
        file: "portkey-openapi.yaml",
        crate_name: "published-portkey",
        features: &[],
    },
    Published {
        file: "openai-openapi-3.0.0.yaml",
        crate_name: "published-openai-3-0",
        features: &[],
    },
    Published {
        file: "openai-openapi.yaml",
        crate_name: "published-openai-3-1",
        features: &["chat", "responses"],
    },
    Published {
        file: "stripe-spec3.yaml",
        crate_name: "published-stripe",
        features: &["charges", "customers"],
    },
    Published {
        file: "twilio-api-v2010.yaml",
        crate_name: "published-twilio",
        features: &[],
    },
];

/// The operations a document declares, counted from its text: every HTTP
/// method key of every path item.
fn declared_operations(text: &str) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    /// Only the path items' keys; everything else is skipped unread.
    #[derive(serde::Deserialize)]
    struct Paths {
        paths: std::collections::BTreeMap<
            String,
            std::collections::BTreeMap<String, serde::de::IgnoredAny>,
        >,
    }
    let doc: Paths = serde_yaml::from_str(text).expect("a published spec has paths");
    doc.paths
        .values()
        .map(|item| {
            item.keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .count()
        })
        .sum()
}

/// `3 renamed, 1 repaired`, or `none`.
fn by_kind(warnings: &[generator::Diagnostic]) -> String {
    let counts: Vec<String> = generator::WarningKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let n = warnings.iter().filter(|w| w.kind == Some(kind)).count();
            (n > 0).then(|| format!("{n} {}", kind.label()))
        })
        .collect();
    if counts.is_empty() {
        "none".to_owned()
    } else {
        counts.join(", ")
    }
}

/// `$PUBLISHED_SPECS`, else the first `shared/specs` beside the checkout or
/// one of its parents that holds them.
fn specs_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PUBLISHED_SPECS") {
        return Some(PathBuf::from(dir));
    }
    workspace_root()
        .ancestors()
        .map(|a| a.join("shared/specs"))
        .find(|dir| dir.join(SPECS[0].file).exists())
}

/// Whether missing documents fail the test (CI) rather than skip it.
fn required() -> bool {
    std::env::var("REQUIRE_PUBLISHED_SPECS").is_ok_and(|v| v == "1")
}

#[test]
fn published_specs_generate_crates_that_compile() {
    let dir = match specs_dir() {
        Some(dir) if SPECS.iter().all(|s| dir.join(s.file).exists()) => dir,
        found => {
            let looked = found.map_or_else(
                || "`shared/specs` beside the checkout or its parents".to_owned(),
                |dir| dir.display().to_string(),
            );
            let message = format!(
                "the published specs ({}) are not in {looked}; set PUBLISHED_SPECS to their folder. \
                 They were NOT generated or compiled.",
                SPECS.iter().map(|s| s.file).collect::<Vec<_>>().join(", ")
            );
            assert!(
                !required(),
                "{message} (REQUIRE_PUBLISHED_SPECS=1 makes this a failure)"
            );
            // Straight to the process's stderr: the test harness captures
            // `eprintln!`, and this notice must be seen in a passing run.
            let _ = writeln!(
                std::io::stderr(),
                "notice: published_specs skipped: {message}"
            );
            return;
        }
    };
    let out = target_dir().join("published-crates");
    std::fs::create_dir_all(&out).expect("the output folder is created");
    let mut members = Vec::new();
    let mut features = Vec::new();
    let mut figures = Vec::new();
    let mut problems = Vec::new();
    for spec in SPECS {
        let file = spec.file;
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let options = codegen::options(
            spec.crate_name,
            format!("../shared/specs/{file}"),
            "cargo test -p integration-tests --test published_specs",
        );
        let started = Instant::now();
        let output = generator::generate(&text, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
        let elapsed = started.elapsed();
        let declared = declared_operations(&text);
        if output.operations != declared || output.declared_operations != declared {
            problems.push(format!(
                "{file}: {} of {} operations generated, but the document declares {declared}",
                output.operations, output.declared_operations
            ));
        }
        for w in &output.warnings {
            println!("{file}: {}", w.to_string().replace('\n', " "));
            if w.kind == Some(generator::WarningKind::Skipped) {
                problems.push(format!("{file}: {w}"));
            }
        }
        let lines: usize = output
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        figures.push(format!(
            "{file}: {} of {declared} operations, {} types, {lines} generated lines, {} warnings ({}), generated in {elapsed:.2?} (debug build)",
            output.operations,
            output.types,
            output.warnings.len(),
            by_kind(&output.warnings),
        ));
        write_crate(&out.join(spec.crate_name), &output.files);
        members.push(spec.crate_name.to_owned());
        let has_features = output.files.iter().any(|f| {
            f.path == "Cargo.toml" && f.contents.lines().any(|l| l.starts_with("full = "))
        });
        if spec.features.is_empty() && has_features {
            features.push(format!("{}/full", spec.crate_name));
        }
        features.extend(
            spec.features
                .iter()
                .map(|f| format!("{}/{f}", spec.crate_name)),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let selected = features.join(",");
    let checked = cargo_check_with(
        &out,
        &members,
        &["--no-default-features", "--features", &selected],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for f in &figures {
        println!("{f}");
    }
    println!("cargo check of the five crates ({selected}): {checked:.1?}");
}
