//! The command line of the spec mode, `--spec <file> --out <dir>
//! [--name <crate>] [--check] [--workspace join|standalone]`, read the same
//! way by every front end.

use crate::{Choice, Job, Mode};
use std::path::{Path, PathBuf};

/// The lines of the usage text that describe the spec mode's options, so
/// every front end documents them in the same words.
pub const OPTIONS: &str = "  --spec <file>   the OpenAPI 3.0 or 3.1 document to read (YAML or JSON)
  --out <dir>     directory of the crate to write (created if missing)
  --name <crate>  package name of the crate (default: the --out directory's name)
  --overlay <file>
                  an OpenAPI Overlay (1.0.0) correcting the spec before it is read;
                  repeat to apply several, in the order given
  --check         write nothing; fail, naming each stale file, if the crate is out of date
  --deny-warnings fail (after writing) when the generator warned about the spec
  --deny-breaking fail (after writing) when the API changed in a way that breaks callers
  --workspace join|standalone
                  when --out is inside a Cargo workspace that does not list it:
                  `join` adds the crate to that workspace's members, `standalone`
                  makes it a workspace of its own; without either that is an error
  -h, --help      print this help";

/// The options as given on the command line, not yet checked against each other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// `--spec <file>`.
    pub spec: Option<String>,
    /// `--out <dir>`.
    pub out: Option<String>,
    /// `--name <crate>`.
    pub name: Option<String>,
    /// Each `--overlay <file>`, in order.
    pub overlays: Vec<String>,
    /// `--check`.
    pub check: bool,
    /// `--deny-warnings`.
    pub deny_warnings: bool,
    /// `--deny-breaking`.
    pub deny_breaking: bool,
    /// `--workspace join|standalone`.
    pub workspace: Option<Choice>,
    /// `-h` or `--help`.
    pub help: bool,
}

impl Args {
    /// Reads `args` (without the program name). `usage` is appended to
    /// every error, which names the argument at fault.
    pub fn parse(args: &[String], usage: &str) -> Result<Args, String> {
        let fail = |message: String| format!("{message}\n\n{usage}");
        let mut parsed = Args::default();
        let mut workspace = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            let slot = match flag {
                "--check" | "--deny-warnings" | "--deny-breaking" | "-h" | "--help"
                    if inline.is_some() =>
                {
                    return Err(fail(format!("`{flag}` takes no value")));
                }
                "--check" => {
                    parsed.check = true;
                    continue;
                }
                "--deny-warnings" => {
                    parsed.deny_warnings = true;
                    continue;
                }
                "--deny-breaking" => {
                    parsed.deny_breaking = true;
                    continue;
                }
                "-h" | "--help" => {
                    parsed.help = true;
                    continue;
                }
                "--spec" => &mut parsed.spec,
                "--out" => &mut parsed.out,
                "--name" => &mut parsed.name,
                "--workspace" => &mut workspace,
                "--overlay" => {
                    let value = value_of(flag, inline, &mut it).map_err(fail)?;
                    parsed.overlays.push(value);
                    continue;
                }
                other => return Err(fail(format!("unknown argument `{other}`"))),
            };
            let value = value_of(flag, inline, &mut it).map_err(fail)?;
            if slot.is_some() {
                return Err(fail(format!("`{flag}` is given twice")));
            }
            *slot = Some(value);
        }
        if let Some(value) = workspace {
            parsed.workspace = Some(Choice::parse(&value).map_err(fail)?);
        }
        Ok(parsed)
    }

    /// The gates `--deny-warnings` and `--deny-breaking` set.
    pub fn gates(&self) -> crate::Gates {
        crate::Gates {
            deny_warnings: self.deny_warnings,
            deny_breaking: self.deny_breaking,
        }
    }

    /// Write or check.
    pub fn mode(&self) -> Mode {
        if self.check {
            Mode::Check
        } else {
            Mode::Write
        }
    }

    /// The job `--spec`, `--out` and `--name` describe, or `None` when none
    /// of them is given. `program` is how the user runs this front end
    /// (`openapi-client-gen`); it is recorded in the generated files'
    /// header and named when the crate is stale.
    pub fn job(&self, program: &str, usage: &str) -> Result<Option<Job>, String> {
        let (spec, out) = match (&self.spec, &self.out) {
            (None, None)
                if self.name.is_none() && self.workspace.is_none() && self.overlays.is_empty() =>
            {
                return Ok(None)
            }
            (Some(spec), Some(out)) => (spec, PathBuf::from(out)),
            (_, None) => {
                return Err(format!(
                    "--out is missing: say where to write the crate (--spec and --out go together)\n\n{usage}"
                ))
            }
            (None, Some(_)) => {
                return Err(format!(
                    "--spec is missing: say which OpenAPI document to read (--spec and --out go together)\n\n{usage}"
                ))
            }
        };
        let name = match &self.name {
            Some(name) => name.clone(),
            None => name_from_dir(&out)?,
        };
        check_package_name(&name)?;
        let overlays: String = self
            .overlays
            .iter()
            .map(|o| format!(" --overlay {o}"))
            .collect();
        let command = format!(
            "{program} --spec {spec}{overlays} --out {} --name {name}",
            out.display()
        );
        Ok(Some(Job {
            spec: PathBuf::from(spec),
            overlays: self.overlays.iter().map(PathBuf::from).collect(),
            spec_label: spec.clone(),
            out,
            name,
            command,
            workspace: self.workspace,
        }))
    }
}

/// The value of `flag`: written after `=` (`inline`), else the next
/// argument; never empty, never another flag.
fn value_of<'a>(
    flag: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<String, String> {
    let value = match inline {
        Some(value) => value,
        None => match rest.next() {
            Some(value) if !value.starts_with("--") => value.clone(),
            _ => return Err(format!("`{flag}` needs a value")),
        },
    };
    if value.is_empty() {
        return Err(format!("`{flag}` needs a value"));
    }
    Ok(value)
}

/// The last component of `out`, as the default package name.
fn name_from_dir(out: &Path) -> Result<String, String> {
    let absolute;
    let dir = if out.file_name().is_some() {
        out
    } else {
        // `.` or `..`: the name of the directory it stands for.
        absolute = std::path::absolute(out)
            .and_then(|p| p.canonicalize().or(Ok(p)))
            .unwrap_or_else(|_| out.to_path_buf());
        &absolute
    };
    dir.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "cannot take a package name from `{}`; pass --name <crate>",
                out.display()
            )
        })
}

/// Cargo's rule for package names, kept to ASCII: letters, digits, `-`
/// and `_`, starting with a letter.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` cannot be a package name: use letters, digits, `-` and `_`, starting with a letter (pass --name <crate>)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        Args::parse(&args, "USAGE")
    }

    #[test]
    fn reads_flags_in_both_forms() {
        let args = parse(&["--spec", "a.yaml", "--out=dir", "--check"]).unwrap();
        assert_eq!(args.spec.as_deref(), Some("a.yaml"));
        assert_eq!(args.out.as_deref(), Some("dir"));
        assert_eq!(args.mode(), Mode::Check);
        let job = args.job("gen", "USAGE").unwrap().unwrap();
        assert_eq!(job.name, "dir");
        assert_eq!(job.command, "gen --spec a.yaml --out dir --name dir");
    }

    #[test]
    fn names_the_argument_at_fault() {
        for (args, message) in [
            (&["--bogus"][..], "unknown argument `--bogus`"),
            (&["--spec"], "`--spec` needs a value"),
            (&["--spec", "--out", "d"], "`--spec` needs a value"),
            (&["--out="], "`--out` needs a value"),
            (&["--check=yes"], "`--check` takes no value"),
            (&["--name", "a", "--name", "b"], "`--name` is given twice"),
            (
                &["--workspace", "yes"],
                "`--workspace yes`: say `--workspace join`",
            ),
        ] {
            let err = parse(args).unwrap_err();
            assert!(err.starts_with(message), "{args:?}: {err}");
            assert!(err.ends_with("\n\nUSAGE"), "{err}");
        }
    }

    #[test]
    fn spec_and_out_go_together() {
        assert_eq!(parse(&[]).unwrap().job("gen", "U").unwrap(), None);
        let err = parse(&["--spec", "a"])
            .unwrap()
            .job("gen", "U")
            .unwrap_err();
        assert!(err.starts_with("--out is missing"), "{err}");
        let err = parse(&["--name", "a"])
            .unwrap()
            .job("gen", "U")
            .unwrap_err();
        assert!(err.starts_with("--out is missing"), "{err}");
        let err = parse(&["--workspace", "join"])
            .unwrap()
            .job("gen", "U")
            .unwrap_err();
        assert!(err.starts_with("--out is missing"), "{err}");
        let err = parse(&["--out", "a"]).unwrap().job("gen", "U").unwrap_err();
        assert!(err.starts_with("--spec is missing"), "{err}");
    }

    #[test]
    fn package_names_follow_cargo() {
        assert!(check_package_name("my-client_2").is_ok());
        for bad in ["", "2fast", "-x", "with space", "é"] {
            assert!(check_package_name(bad).is_err(), "{bad}");
        }
        let err = parse(&["--spec", "a", "--out", "out/9lives"])
            .unwrap()
            .job("gen", "U")
            .unwrap_err();
        assert!(err.contains("`9lives` cannot be a package name"), "{err}");
    }
}
