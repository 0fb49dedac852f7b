//! Doc comments from spec text: one `#[doc]` per line, with the leading space
//! rustdoc output expects, and Markdown made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` attributes for `text`.
pub fn attrs(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Doc text from a spec description, or `fallback` when there is none.
pub fn or(description: Option<&str>, fallback: impl FnOnce() -> String) -> TokenStream {
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => attrs(d),
        None => attrs(&fallback()),
    }
}

/// The lines of a doc comment, each starting with a space (or empty).
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            // Fenced blocks in spec prose are never Rust: keep rustdoc from running them.
            let lang = lang.trim();
            let fence = if in_fence {
                "```".to_owned()
            } else if lang.is_empty() || lang == "rust" {
                "```text".to_owned()
            } else {
                format!("```{lang}")
            };
            in_fence = !in_fence;
            out.push(format!(" {fence}"));
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
        } else if trimmed.is_empty() {
            out.push(String::new());
        } else {
            // Leading indentation would turn the line into a code block that rustdoc compiles.
            out.push(format!(" {}", escape(trimmed)));
        }
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

/// Wraps bare URLs in `<...>` and escapes brackets that are not Markdown links.
fn escape(line: &str) -> String {
    if !line.contains(['[', ']']) && !line.contains("http") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let starts_with = |at: &[char], prefix: &str| {
        at.len() >= prefix.len() && prefix.chars().zip(at).all(|(a, b)| a == *b)
    };
    let mut i = 0;
    while i < chars.len() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if (starts_with(&chars[i..], "https://") || starts_with(&chars[i..], "http://"))
            && !matches!(prev, Some('<' | '(' | '`'))
        {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || matches!(c, '>' | ')' | '`' | '"'))
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars[i..end].iter().collect();
            let mut tail = String::new();
            while url.ends_with(['.', ',', ';', ':']) {
                tail.insert(0, url.pop().unwrap_or('.'));
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&tail);
            i = end;
            continue;
        }
        match chars[i] {
            // `[`Name`]` is an intra-doc link; keep it.
            '[' if chars.get(i + 1) == Some(&'`') => out.push('['),
            ']' if prev == Some('`') => out.push(']'),
            '[' if !is_link_start(&chars[i..]) => out.push_str("\\["),
            ']' if !(chars.get(i + 1) == Some(&'(') && is_link_end(&chars[..i])) => {
                out.push_str("\\]")
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// `[text](url)` starts here.
fn is_link_start(chars: &[char]) -> bool {
    match chars.iter().position(|c| *c == ']') {
        Some(close) => chars.get(close + 1) == Some(&'(') && !chars[1..close].contains(&'['),
        None => false,
    }
}

/// A `[` opens the text that ends here.
fn is_link_end(before: &[char]) -> bool {
    before
        .iter()
        .rposition(|c| *c == '[')
        .is_some_and(|open| !before[open + 1..].contains(&']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_get_a_leading_space_and_safe_markdown() {
        assert_eq!(lines("Hello\n\n  world"), vec![" Hello", "", " world"]);
        assert_eq!(lines("See https://x.io/a."), vec![" See <https://x.io/a>."]);
        assert_eq!(
            lines("[docs](https://x.io) and [1]"),
            vec![" [docs](https://x.io) and \\[1\\]"]
        );
        assert_eq!(
            lines("```\ncurl x\n```"),
            vec![" ```text", " curl x", " ```"]
        );
        assert_eq!(lines("```json\n{}\n"), vec![" ```json", " {}", " ```"]);
    }
}
