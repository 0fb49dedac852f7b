//! Command line of the workspace's tasks: `cargo xtask codegen [--check] [--spec F --out D [--name N]]`,
//! `cargo xtask build-cost [SPEC[:FEATURE]]...` and `cargo xtask --help`.

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{codegen, stale_message, workspace_root, Job, Mode};

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec <file> --out <dir> [--name <crate>]]
       cargo xtask build-cost [SPEC[:FEATURE]]...
       cargo xtask --help

codegen:
  (no options)   regenerate generated/ from spec/portkey-assistants.yaml
  --check        write nothing; fail if the generated files are out of date
  --spec <file>  generate from another OpenAPI document (needs --out)
  --out <dir>    directory of the crate to write
  --name <crate> package name of that crate (default: the --out directory's name)
  -h, --help     print this help

build-cost:
  clean build time, peak memory and one-line-edit rebuild time of the crate generated
  from each SPEC (default: spec/ and ../shared/specs/openai-openapi.yaml), then the
  crate alone with no features and with FEATURE";

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
    let Some((task, rest)) = args.split_first() else {
        return Err(USAGE.to_owned());
    };
    if matches!(task.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return Ok(());
    }
    if task == "build-cost" {
        if rest.iter().any(|a| a == "-h" || a == "--help") {
            println!("{USAGE}");
            return Ok(());
        }
        return build_cost(rest);
    }
    if task != "codegen" {
        return Err(format!("unknown task `{task}`\n\n{USAGE}"));
    }
    let mut mode = Mode::Write;
    let (mut spec, mut out, mut name) = (None, None, None);
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => mode = Mode::Check,
            "--spec" => spec = Some(value("--spec")?),
            "--out" => out = Some(value("--out")?),
            "--name" => name = Some(value("--name")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let job = match (spec, out) {
        (None, None) if name.is_none() => Job::default_for(&root),
        (Some(spec), Some(out)) => {
            let out = PathBuf::from(out);
            let name = match name {
                Some(n) => n,
                None => out
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| {
                        format!(
                            "cannot take a crate name from `{}`; pass --name",
                            out.display()
                        )
                    })?,
            };
            if !valid_crate_name(&name) {
                return Err(format!(
                    "`{name}` cannot be a package name: use letters, digits, `-` and `_`, starting with a letter (pass --name)"
                ));
            }
            let mut command = format!("cargo xtask codegen --spec {spec} --out {}", out.display());
            command.push_str(&format!(" --name {name}"));
            Job {
                spec_label: spec.clone(),
                spec: PathBuf::from(spec),
                out,
                name,
                command,
            }
        }
        _ => {
            return Err(format!(
                "--spec and --out go together (and --name needs them)\n\n{USAGE}"
            ))
        }
    };
    let report = codegen(&job, mode)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    match mode {
        Mode::Check if report.changed.is_empty() && report.removed.is_empty() => {
            println!(
                "{} is up to date ({} files)",
                job.out.display(),
                report.unchanged
            );
            Ok(())
        }
        Mode::Check => Err(stale_message(&job, &report)),
        Mode::Write => {
            for f in &report.changed {
                println!("wrote {}", job.out.join(f).display());
            }
            for f in &report.removed {
                println!("removed {}", job.out.join(f).display());
            }
            println!("{} operations, {} types", report.operations, report.types);
            println!(
                "{} files written, {} unchanged, {} removed",
                report.changed.len(),
                report.unchanged,
                report.removed.len()
            );
            Ok(())
        }
    }
}

/// Cargo's rule for package names, simplified to ASCII.
fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
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
        let mut variants = vec![vec!["--no-default-features".to_owned()]];
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
            println!(
                "| {} | `{args}`, the crate alone | {secs:.1} | {} | |",
                cost.name,
                mib(*peak)
            );
        }
    }
    Ok(())
}
