//! The text pass after prettyplease: blank lines between items, one table
//! entry per line (see [`layout`]).

/// Runtime macros whose bodies are tables of `;`-terminated entries.
const TABLE_MACROS: &[&str] = &["wire_enum", "tagged_union", "open_struct"];

/// Lays out prettyplease output by two rules, changing only whitespace
/// between tokens (never inside a literal or comment):
///
/// 1. Blank lines. An item that follows another item in the same module,
///    `impl`, `trait`, `mod` or `extern` block gets one blank line before it,
///    above its doc comment and attributes; so does the first item after a
///    block's inner attributes and `//!` docs, which stay together.
///    Consecutive `use` declarations stay together too. There are no other
///    blank lines: none inside function bodies, field or variant lists,
///    match arms or macro bodies, none after `{` or before `}`, never two in
///    a row. (prettyplease writes no blank lines; any found outside a
///    literal or comment are dropped.)
/// 2. Tables. The body of a `wire_enum! { .. }`, `tagged_union! { .. }` or `open_struct! { .. }`
///    invocation is written one entry per line, each entry ending at its
///    `;`, indented four spaces inside the braces; adding a variant adds
///    exactly one line. A body holding a comment or a literal that spans
///    lines is left as it is.
///
/// The input is scanned line by line with its strings, characters and
/// comments recognized, so `{`, `}`, `;` or `//` inside them count for
/// nothing. Laying out laid-out text changes nothing.
pub fn layout(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let plan = Scanner::plan(&lines);
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut tables = plan.tables.into_iter().peekable();
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        if plan.lines[n] == Mark::Drop {
            n += 1;
            continue;
        }
        if plan.lines[n] == Mark::Gap && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(line);
        if let Some(table) = tables.next_if(|t| t.header == n) {
            let indent = &line[..line.len() - line.trim_start().len()];
            for entry in &table.entries {
                out.push_str(indent);
                out.push_str("    ");
                out.push_str(entry);
                out.push('\n');
            }
            n = table.close;
            continue;
        }
        n += 1;
    }
    out
}

/// What [`layout`] does with one line of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Kept as it is.
    Keep,
    /// Kept, after a blank line.
    Gap,
    /// A blank line outside any literal or comment: left out.
    Drop,
}

/// A table macro body to rewrite: the lines after `header` and before
/// `close` become `entries`.
struct Table {
    header: usize,
    close: usize,
    entries: Vec<String>,
}

/// What [`layout`] does: a mark per input line and the tables to rewrite.
struct Plan {
    lines: Vec<Mark>,
    tables: Vec<Table>,
}

/// What the scanner is inside of, carried from one line to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Code (a line comment ends with its line).
    Code,
    /// A block comment, nested this deep.
    Block(u32),
    /// A string literal with escapes.
    Str,
    /// A raw string literal, closed by `"` and this many `#`.
    Raw(usize),
}

/// Where an item-holding block is, between and within its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Just opened.
    Open,
    /// After inner attributes and `//!` docs only.
    Inner,
    /// After a complete item; whether it was a `use` declaration.
    Between { after_use: bool },
    /// Inside an item.
    Item,
}

/// What an item is, as far as its leading words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// Only docs, attributes and modifiers such as `pub` so far.
    Unknown,
    /// `extern` so far: an `extern` block if a `{` comes next.
    Extern,
    /// A `use` declaration.
    Use,
    /// `impl`, `trait`, `mod` or an `extern` block: its braces hold items.
    Holder,
    /// Any other item.
    Other,
}

/// An open `{`, `(` or `[`.
struct Frame {
    /// Whether it holds items: the module itself, or the braces of a
    /// [`Head::Holder`]. The other fields matter only then.
    items: bool,
    at: At,
    /// The current item.
    head: Head,
    /// The line the current item starts on.
    start: usize,
    /// `Some(after_use)` while it is undecided whether the current item gets
    /// a blank line: it does unless it is a `use` following a `use`.
    pending: Option<bool>,
}

impl Frame {
    fn new(items: bool) -> Self {
        Frame {
            items,
            at: At::Open,
            head: Head::Unknown,
            start: 0,
            pending: None,
        }
    }
}

/// A table macro body being read.
struct OpenTable {
    header: usize,
    /// The number of open frames, the body's own included, at the body's
    /// top level.
    depth: usize,
    entries: Vec<String>,
    /// The entry being read.
    entry: String,
    /// Cleared when the body holds a comment or a literal spanning lines,
    /// which cannot be moved between lines safely.
    movable: bool,
}

/// One pass over the lines of prettyplease output, producing a [`Plan`].
struct Scanner {
    lex: Lex,
    stack: Vec<Frame>,
    marks: Vec<Mark>,
    tables: Vec<Table>,
    table: Option<OpenTable>,
}

impl Scanner {
    fn plan(lines: &[&str]) -> Plan {
        let mut scanner = Scanner {
            lex: Lex::Code,
            stack: vec![Frame::new(true)],
            marks: vec![Mark::Keep; lines.len()],
            tables: Vec::new(),
            table: None,
        };
        for (n, line) in lines.iter().enumerate() {
            scanner.line(n, line);
        }
        Plan {
            lines: scanner.marks,
            tables: scanner.tables,
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the module's frame is never closed")
    }

    fn line(&mut self, n: usize, line: &str) {
        let trimmed = line.trim();
        let in_code = self.lex == Lex::Code;
        if in_code && trimmed.is_empty() {
            self.marks[n] = Mark::Drop;
            return;
        }
        if let Some(table) = &mut self.table {
            table.movable &= in_code;
        }
        if in_code && !trimmed.starts_with('}') {
            self.item_line(n, trimmed);
        }
        let last = self.scan(n, line);
        if self.lex == Lex::Code && matches!(last, Some(b';' | b'}')) {
            self.end_item();
        }
    }

    /// A line starting in code, not with `}`: it may start an item.
    fn item_line(&mut self, n: usize, trimmed: &str) {
        let top = self.top();
        if !top.items {
            return;
        }
        let inner = ["#!", "//!", "/*!"].iter().any(|p| trimmed.starts_with(p));
        let pending = match top.at {
            At::Open | At::Inner if inner => {
                top.at = At::Inner;
                return;
            }
            At::Open => None,
            At::Inner => Some(false),
            At::Between { after_use } => Some(after_use),
            At::Item => return,
        };
        *top = Frame {
            items: true,
            at: At::Item,
            head: Head::Unknown,
            start: n,
            pending,
        };
    }

    /// A word at the top frame's level; it may tell what the current item is.
    fn word(&mut self, word: &str) {
        let top = self.top();
        if !top.items || top.at != At::Item || !matches!(top.head, Head::Unknown | Head::Extern) {
            return;
        }
        match word {
            "pub" | "unsafe" | "default" | "auto" | "async" | "const" | "safe" => {}
            "extern" => top.head = Head::Extern,
            "use" => self.decide(Head::Use),
            "impl" | "trait" | "mod" => self.decide(Head::Holder),
            _ => self.decide(Head::Other),
        }
    }

    /// The current item of the top frame is a `head`: settles its blank line.
    fn decide(&mut self, head: Head) {
        let top = self
            .stack
            .last_mut()
            .expect("the module's frame is never closed");
        top.head = head;
        if let Some(after_use) = top.pending.take() {
            if !(after_use && head == Head::Use) {
                self.marks[top.start] = Mark::Gap;
            }
        }
    }

    /// A line ended in `;` or `}`: if it is back at an item-holding frame's
    /// level, the item there is complete.
    fn end_item(&mut self) {
        let top = self.top();
        if !top.items || top.at != At::Item {
            return;
        }
        if matches!(top.head, Head::Unknown | Head::Extern) {
            self.decide(Head::Other);
        }
        let top = self.top();
        top.at = At::Between {
            after_use: top.head == Head::Use,
        };
    }

    /// Scans one line, tracking literals, comments, frames and table entries.
    /// Returns the line's last byte of code (outside comments; a literal
    /// counts as its quote).
    fn scan(&mut self, n: usize, line: &str) -> Option<u8> {
        let b = line.as_bytes();
        let mut last = None;
        // Where the table entry text not yet taken starts in this line.
        let mut piece = 0;
        let mut i = 0;
        while i < b.len() {
            if let Some(next) = self.inside_literal(b, i) {
                i = next;
                continue;
            }
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if c == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*')) {
                if let Some(table) = &mut self.table {
                    table.movable = false;
                }
                if b[i + 1] == b'/' {
                    break;
                }
                self.lex = Lex::Block(1);
                i += 2;
                continue;
            }
            last = Some(c);
            match c {
                b'"' => {
                    self.lex = Lex::Str;
                    i += 1;
                }
                b'\'' => i = after_quote(b, i),
                b'{' | b'(' | b'[' => {
                    let top = self.top();
                    let holder = c == b'{'
                        && top.items
                        && top.at == At::Item
                        && matches!(top.head, Head::Holder | Head::Extern);
                    if holder {
                        self.decide(Head::Holder);
                    }
                    self.stack.push(Frame::new(holder));
                    i += 1;
                    if c == b'{'
                        && self.table.is_none()
                        && line[i..].trim().is_empty()
                        && is_table_header(line)
                    {
                        self.table = Some(OpenTable {
                            header: n,
                            depth: self.stack.len(),
                            entries: Vec::new(),
                            entry: String::new(),
                            movable: true,
                        });
                        piece = i;
                    }
                }
                b'}' | b')' | b']' => {
                    if let Some(table) = self.table.take_if(|t| t.depth == self.stack.len()) {
                        self.close_table(table, n, line, piece, i);
                    }
                    if self.stack.len() > 1 {
                        self.stack.pop();
                    }
                    i += 1;
                }
                b';' => {
                    i += 1;
                    if let Some(table) = &mut self.table {
                        if table.depth == self.stack.len() {
                            add_piece(&mut table.entry, &line[piece..i]);
                            table.entries.push(std::mem::take(&mut table.entry));
                            piece = i;
                        }
                    }
                }
                c if is_word_byte(c) => {
                    let start = i;
                    while i < b.len() && is_word_byte(b[i]) {
                        i += 1;
                    }
                    let word = &line[start..i];
                    if let Some(lex) = literal_after_prefix(word, &b[i..]) {
                        // `r"`, `br#"`, `b"`, `c"`: the prefix and quotes.
                        i += match lex {
                            Lex::Raw(hashes) => hashes + 1,
                            _ => 1,
                        };
                        self.lex = lex;
                        last = Some(b'"');
                    } else if !c.is_ascii_digit() {
                        self.word(word);
                    }
                }
                _ => i += 1,
            }
        }
        if let Some(table) = &mut self.table {
            add_piece(&mut table.entry, &line[piece..]);
        }
        last
    }

    /// Inside a literal or block comment: where scanning goes on after the
    /// byte at `i` (leaving the literal when it ends there). `None` in code.
    fn inside_literal(&mut self, b: &[u8], i: usize) -> Option<usize> {
        match self.lex {
            Lex::Code => None,
            Lex::Block(depth) if b[i..].starts_with(b"*/") => {
                self.lex = if depth == 1 {
                    Lex::Code
                } else {
                    Lex::Block(depth - 1)
                };
                Some(i + 2)
            }
            Lex::Block(depth) if b[i..].starts_with(b"/*") => {
                self.lex = Lex::Block(depth + 1);
                Some(i + 2)
            }
            Lex::Block(_) => Some(i + 1),
            Lex::Str => {
                match b[i] {
                    b'\\' => return Some(i + 2),
                    b'"' => self.lex = Lex::Code,
                    _ => {}
                }
                Some(i + 1)
            }
            Lex::Raw(hashes) => {
                let end = i + 1 + hashes;
                if b[i] == b'"' && b.len() >= end && b[i + 1..end].iter().all(|&c| c == b'#') {
                    self.lex = Lex::Code;
                    Some(end)
                } else {
                    Some(i + 1)
                }
            }
        }
    }

    /// The `}` at `at` in line `n` closes a table body; `piece` is where its
    /// last entry's text on this line starts.
    fn close_table(&mut self, mut table: OpenTable, n: usize, line: &str, piece: usize, at: usize) {
        add_piece(&mut table.entry, &line[piece..at]);
        if !table.entry.is_empty() {
            table.entries.push(std::mem::take(&mut table.entry));
        }
        let alone = line[..at].trim().is_empty() && line[at + 1..].trim().is_empty();
        if table.movable && alone && n > table.header + 1 {
            self.tables.push(Table {
                header: table.header,
                close: n,
                entries: table.entries,
            });
        }
    }
}

/// Whether `line` is `path::to::name! {` for one of the [`TABLE_MACROS`].
fn is_table_header(line: &str) -> bool {
    let Some(path) = line.trim().strip_suffix("! {") else {
        return false;
    };
    let name = path.rsplit("::").next().unwrap_or(path);
    TABLE_MACROS.contains(&name)
        && path.split("::").all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_')
        })
}

/// A byte of an identifier, keyword or number (any byte of a non-ASCII
/// character counts).
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Appends `piece` (trimmed) to a table entry, one space after what is there.
fn add_piece(entry: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if !entry.is_empty() {
        entry.push(' ');
    }
    entry.push_str(piece);
}

/// After a word: the literal it prefixes, if it is `r`, `br` or `cr` before
/// `#`s and a `"`, or `b` or `c` before a `"`.
fn literal_after_prefix(word: &str, rest: &[u8]) -> Option<Lex> {
    match word {
        "r" | "br" | "cr" => {
            let hashes = rest.iter().take_while(|&&c| c == b'#').count();
            (rest.get(hashes) == Some(&b'"')).then_some(Lex::Raw(hashes))
        }
        "b" | "c" => (rest.first() == Some(&b'"')).then_some(Lex::Str),
        _ => None,
    }
}

/// The index after a character literal starting with the `'` at `i`, or
/// after the `'` alone if it starts a lifetime or label.
fn after_quote(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        Some(b'\\') => {
            // An escape: the closing quote is the first one after the
            // escaped character.
            let from = (i + 3).min(b.len());
            b[from..]
                .iter()
                .position(|&c| c == b'\'')
                .map_or(b.len(), |p| from + p + 1)
        }
        Some(&c) => {
            let width = match c {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            if b.get(i + 1 + width) == Some(&b'\'') {
                i + 2 + width
            } else {
                i + 1
            }
        }
        None => i + 1,
    }
}

#[cfg(test)]
mod tests;
