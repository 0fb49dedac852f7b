//! `openapi-client-gen`: generates a typed async Rust client crate from an
//! OpenAPI document, anywhere (`cargo install --path generator/cli`).

use openapi_client_gen::{args::OPTIONS, execute, Args};
use std::process::ExitCode;

/// How users run this binary, recorded in the generated files' header.
const PROGRAM: &str = "openapi-client-gen";

fn usage() -> String {
    format!(
        "usage: {PROGRAM} --spec <file> [--overlay <file>]... --out <dir> [--name <crate>] [--check] [--deny-warnings] [--deny-breaking] [--workspace join|standalone]

Generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1 document:
Cargo.toml, src/lib.rs, src/models.rs, src/client.rs and the runtime it needs.
Only files whose contents change are written; generated files the spec no
longer produces are removed.

{OPTIONS}"
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
    let args = Args::parse(args, &usage)?;
    if args.help {
        println!("{usage}");
        return Ok(());
    }
    let job = args.job(PROGRAM, &usage)?.ok_or_else(|| {
        format!("--spec and --out are required: say which document to read and where to write the crate\n\n{usage}")
    })?;
    execute(&job, args.mode(), args.gates())
}
