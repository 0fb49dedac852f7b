//! Command line of the workspace's tasks: `cargo xtask codegen [--check] [--spec F --out D [--name N] [--workspace W]]`,
//! `cargo xtask build-cost [SPEC[:FEATURE]]...` and `cargo xtask --help`.

use openapi_client_gen::{args::OPTIONS, execute, Args};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{default_jobs, workspace_root, PROGRAM};

fn usage() -> String {
    format!(
        "usage: {PROGRAM} [--check] [--deny-warnings] [--deny-breaking] [--spec <file> [--overlay <file>]... --out <dir> [--name <crate>] [--workspace join|standalone]]
       cargo xtask build-cost [SPEC[:FEATURE]]...
       cargo xtask --help

codegen:
  (no options)    regenerate generated/ from spec/portkey-assistants.yaml (with the
                  overlays spec/overlays/*.yaml, in file-name order), and each
                  tests/clients/<kind>/ from tests/clients/<kind>.yaml
                  (with --check: fail if any of them is out of date)
{OPTIONS}

build-cost:
  clean build time, peak memory and one-line-edit rebuild time of the crate generated
  from each SPEC (default: spec/ and ../shared/specs/openai-openapi.yaml), then the
  crate alone with default (all) features, with none and with FEATURE"
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let usage = usage();
    let Some((task, rest)) = args.split_first() else {
        return Err(usage);
    };
    if matches!(task.as_str(), "-h" | "--help" | "help") {
        println!("{usage}");
        return Ok(());
    }
    if task == "build-cost" {
        if rest.iter().any(|a| a == "-h" || a == "--help") {
            println!("{usage}");
            return Ok(());
        }
        return build_cost(rest);
    }
    if task != "codegen" {
        return Err(format!("unknown task `{task}`\n\n{usage}"));
    }
    let args = Args::parse(rest, &usage)?;
    if args.help {
        println!("{usage}");
        return Ok(());
    }
    let jobs = match args.job(PROGRAM, &usage)? {
        Some(job) => vec![job],
        None => default_jobs(&workspace_root())?,
    };
    // Every job runs, so one stale crate does not hide another.
    let failures: Vec<String> = jobs
        .iter()
        .filter_map(|job| execute(job, args.mode(), args.gates()).err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn build_cost(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    // SPEC or SPEC:FEATURE; the feature is also measured alone.
    let specs: Vec<(PathBuf, Option<String>)> = if args.is_empty() {
        vec![
            (root.join(xtask::DEFAULT_SPEC), Some("messages".to_owned())),
            (
                root.join("../shared/specs/openai-openapi.yaml"),
                Some("chat".to_owned()),
            ),
        ]
    } else {
        args.iter()
            .map(|arg| match arg.rsplit_once(':') {
                Some((spec, feature)) => (PathBuf::from(spec), Some(feature.to_owned())),
                None => (PathBuf::from(arg), None),
            })
            .collect()
    };
    println!(
        "| crate | features | build (s) | peak memory (MiB) | rebuild after a one-line edit (s) |"
    );
    println!("|---|---|---|---|---|");
    for (spec, feature) in specs {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().replace('.', "-"))
            .unwrap_or_default();
        let name = format!("cost-{stem}");
        // Default features (all of them) first: the crate alone is what a
        // user waits for after changing the spec.
        let mut variants = vec![Vec::new(), vec!["--no-default-features".to_owned()]];
        if let Some(feature) = feature {
            variants.push(vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                feature,
            ]);
        }
        let cost = xtask::build_cost::for_spec(&spec, &name, &variants)?;
        let mib = |kib: Option<u64>| {
            kib.map_or("n/a".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0))
        };
        println!(
            "| {} | default, clean (dependencies included) | {:.1} | {} | {:.1} |",
            cost.name,
            cost.clean_secs,
            mib(cost.peak_kib),
            cost.rebuild_secs
        );
        for (args, secs, peak) in &cost.variants {
            let features = if args.is_empty() {
                "default".to_owned()
            } else {
                format!("`{args}`")
            };
            println!(
                "| {} | {features}, the crate alone | {secs:.1} | {} | |",
                cost.name,
                mib(*peak)
            );
        }
    }
    Ok(())
}
