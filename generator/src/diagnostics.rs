//! The generator's one error type: located problems collected over a whole run.

use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be turned into a crate until this is fixed.
    Error,
    /// A piece of the spec was skipped or approximated; the rest was generated.
    Warning,
}

/// What a warning says happened to the piece of the spec it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Left out of the client: an operation, parameter, credential or body
    /// the generator cannot send.
    Skipped,
    /// Typed more loosely than the spec says (as any JSON value, or an
    /// object of entries), so nothing the server sends is lost.
    Loosened,
    /// A defect in the spec filled in with a stated assumption (a missing
    /// `info`, a path placeholder without its parameter).
    Repaired,
    /// Given another Rust name than its own, because two names of the spec
    /// would otherwise become the same identifier.
    Renamed,
    /// The spec contradicts itself: an example does not fit its own schema.
    Inconsistent,
}

impl WarningKind {
    /// Every kind, in the order summaries list them.
    pub const ALL: [WarningKind; 5] = [
        WarningKind::Skipped,
        WarningKind::Loosened,
        WarningKind::Repaired,
        WarningKind::Renamed,
        WarningKind::Inconsistent,
    ];

    /// The word that names the kind in messages (`warning[skipped]`).
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::Skipped => "skipped",
            WarningKind::Loosened => "loosened",
            WarningKind::Repaired => "repaired",
            WarningKind::Renamed => "renamed",
            WarningKind::Inconsistent => "inconsistent",
        }
    }
}

/// One problem found in the spec, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// For a warning, what happened to the piece it points at.
    pub kind: Option<WarningKind>,
    /// JSON pointer into the spec, e.g. `#/components/schemas/MessageObject`.
    pub pointer: String,
    /// Line and column (1-based) when the problem is in the YAML text itself.
    pub line_col: Option<(usize, usize)>,
    /// The text of that line, shown with a caret under the column.
    pub excerpt: Option<Box<str>>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind: None,
            pointer: pointer.into(),
            line_col: None,
            excerpt: None,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A warning of `kind` at `pointer`.
    pub fn warning(
        kind: WarningKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind: Some(kind),
            ..Diagnostic::error(pointer, message, help)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match (self.severity, self.kind) {
            (Severity::Error, _) => "error".to_owned(),
            (Severity::Warning, Some(kind)) => format!("warning[{}]", kind.label()),
            (Severity::Warning, None) => "warning".to_owned(),
        };
        match (self.pointer.as_str(), self.line_col) {
            // A problem in the text itself: the line says where, not a pointer.
            ("#", Some((line, col))) => write!(f, "{level} at line {line}, column {col}")?,
            (pointer, Some((line, col))) => {
                write!(f, "{level} at {pointer} (line {line}, column {col})")?
            }
            (pointer, None) => write!(f, "{level} at {pointer}")?,
        }
        write!(f, ": {}", self.message)?;
        if let (Some(excerpt), Some((line, col))) = (&self.excerpt, self.line_col) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            // The caret sits under the column's character, tabs kept as tabs.
            let lead: String = excerpt
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n  {number} | {excerpt}\n  {pad} | {lead}^")?;
        }
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Why generation failed: every error found in the run (and the warnings seen with them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// All problems, errors first, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        writeln!(f, "the spec cannot be generated: {errors} error(s)")?;
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics during a run (the way serde_derive's `Ctxt` does) and
/// turns them into a result at the end.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error.
    pub fn error(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::error(pointer, message, help));
    }

    /// Records that the piece at `pointer` is left out of the client.
    pub fn skipped(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::warning(
            WarningKind::Skipped,
            pointer,
            message,
            help,
        ));
    }

    /// Records that the piece at `pointer` is typed more loosely than the spec says.
    pub fn loosened(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::warning(
            WarningKind::Loosened,
            pointer,
            message,
            help,
        ));
    }

    /// Records that a defect at `pointer` was filled in with an assumption.
    pub fn repaired(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::warning(
            WarningKind::Repaired,
            pointer,
            message,
            help,
        ));
    }

    /// Records that the name of the piece at `pointer` was changed to avoid a collision.
    pub fn renamed(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::warning(
            WarningKind::Renamed,
            pointer,
            message,
            help,
        ));
    }

    /// Records that the spec contradicts itself at `pointer` (an example
    /// that does not fit its schema).
    pub fn inconsistent(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic::warning(
            WarningKind::Inconsistent,
            pointer,
            message,
            help,
        ));
    }

    /// Records a prepared diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends the run: `Err` with everything when there was an error, else the warnings.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Error> {
        // A shared component (a `$ref`ed parameter, say) reports once, not once per use.
        let mut seen = std::collections::BTreeSet::new();
        self.items
            .retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        self.items.sort_by_key(|d| d.severity);
        if self.has_errors() {
            Err(Error {
                diagnostics: self.items,
            })
        } else {
            Ok(self.items)
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            join("#/paths", "/threads/{thread_id}"),
            "#/paths/~1threads~1{thread_id}"
        );
        assert_eq!(join("#", "a~b"), "#/a~0b");
    }

    #[test]
    fn display_names_the_place_and_the_fix() {
        let d = Diagnostic::error(
            "#/components/schemas/X",
            "empty enum",
            "add at least one value",
        );
        assert_eq!(
            d.to_string(),
            "error at #/components/schemas/X: empty enum\n  help: add at least one value"
        );
    }
}
