//! Tests of the layout pass: rules on small inputs, and tokens kept on real
//! generated modules.

use super::layout;
use crate::format::unparse;
use quote::ToTokens;

/// prettyplease's text for `source`, then laid out.
fn laid_out(source: &str) -> String {
    let file = syn::parse_file(source).expect("test source is valid Rust");
    layout(&prettyplease::unparse(&file))
}

/// The token stream of `text`, as a string.
fn tokens(text: &str) -> String {
    syn::parse_file(text)
        .unwrap_or_else(|e| panic!("not valid Rust ({e}):\n{text}"))
        .to_token_stream()
        .to_string()
}

/// `layout` changed only whitespace, and laying out again changes nothing.
fn assert_sound(before: &str, after: &str) {
    assert_eq!(tokens(before), tokens(after), "the tokens changed");
    assert_eq!(layout(after), after, "laying out again changed the text");
}

/// No blank line follows another, or a `{`, or comes before a `}` (for
/// text without literals or comments spanning lines).
fn assert_blank_lines_fit(after: &str) {
    assert!(!after.contains("\n\n\n"), "two blank lines in a row");
    let lines: Vec<&str> = after.lines().collect();
    for pair in lines.windows(2) {
        if pair[1].is_empty() {
            assert!(!pair[0].ends_with('{'), "a blank line after `{}`", pair[0]);
        }
        if pair[0].is_empty() {
            assert!(
                !pair[1].trim_start().starts_with('}'),
                "a blank line before `{}`",
                pair[1]
            );
        }
    }
}

#[test]
fn generated_modules_keep_their_tokens() {
    let spec = include_str!("../../../../spec/portkey-assistants.yaml");
    let mut diags = crate::diagnostics::Diagnostics::default();
    let doc = crate::load::load(spec, &[], &mut diags)
        .expect("the spec loads")
        .doc;
    let api = crate::lower::lower(&doc, &mut diags);
    let emitter = crate::emit::Emitter::new(&api);
    for (tokens, what) in [(emitter.models(), "models"), (emitter.client(), "client")] {
        let before = unparse(tokens, what).expect("the module unparses");
        let after = layout(&before);
        assert_sound(&before, &after);
        assert_blank_lines_fit(&after);
        let blank = after.lines().filter(|l| l.is_empty()).count();
        assert!(blank > 50, "{what}: only {blank} blank lines");
        assert_tables_one_entry_per_line(&after);
    }
}

/// Every line of every `wire_enum!` and `tagged_union!` body holds one
/// entry, ending in `;`.
fn assert_tables_one_entry_per_line(text: &str) {
    let mut in_table = false;
    for line in text.lines() {
        if in_table && line.trim() == "}" {
            in_table = false;
        } else if in_table {
            assert!(
                line.starts_with("    ") && line.ends_with(';') && line.matches(';').count() == 1,
                "not one entry: {line}"
            );
        } else {
            in_table = line.ends_with("wire_enum! {") || line.ends_with("tagged_union! {");
        }
    }
}

#[test]
fn literals_and_comments_are_not_code() {
    let source = r####"
            //! Braces in docs: `{`, `}` and `;` // not a comment.
            #![allow(dead_code)]
            /// A doc with `}` and `{` and `;` and `/* unclosed`.
            const A: &str = "}; // {";
            #[doc = "first paragraph {\n\nsecond paragraph } after a blank line"]
            const B: char = '{';
            const C: &str = r#"raw "}" ; // {"#;
            const D: &[u8] = br"}{";
            const E: &str = "a string

            spanning lines with a blank one }";
            fn f<'a>(x: &'a str) -> (char, char, &'a str) {
                let _ = '}';
                let _ = '\'';
                let _ = b'{';
                ('"', '\\', x)
            }
            crate::runtime::wire_enum! { Name; A = "a; }"; B = "{"; C = r#"c"#; D = ('}', [";"]); }
            mod m {
                fn g() {}
                fn h() {}
            }
            "####;
    let before = prettyplease::unparse(&syn::parse_file(source).unwrap());
    let after = layout(&before);
    assert_sound(&before, &after);
    let expected = r####"//! Braces in docs: `{`, `}` and `;` // not a comment.
#![allow(dead_code)]

/// A doc with `}` and `{` and `;` and `/* unclosed`.
const A: &str = "}; // {";

/**first paragraph {

second paragraph } after a blank line*/
const B: char = '{';

const C: &str = r#"raw "}" ; // {"#;

const D: &[u8] = br"}{";

const E: &str = "a string

            spanning lines with a blank one }";

fn f<'a>(x: &'a str) -> (char, char, &'a str) {
    let _ = '}';
    let _ = '\'';
    let _ = b'{';
    ('"', '\\', x)
}

crate::runtime::wire_enum! {
    Name;
    A = "a; }";
    B = "{";
    C = r#"c"#;
    D = ('}', [";"]);
}

mod m {
    fn g() {}

    fn h() {}
}
"####;
    assert_eq!(after, expected);
}

#[test]
fn methods_are_separated_and_statements_are_not() {
    let after = laid_out(
        "impl A { fn f(&self) -> u8 { let x = 1; let y = 2; x + y } \
             /// Doc.\n fn g(&self) {} const N: u8 = 1; } \
             pub trait T { type X; fn a(&self); fn b(&self) { let _ = 1; } } \
             extern \"C\" { fn c(); fn d(); }",
    );
    let expected = "\
impl A {
    fn f(&self) -> u8 {
        let x = 1;
        let y = 2;
        x + y
    }

    /// Doc.
    fn g(&self) {}

    const N: u8 = 1;
}

pub trait T {
    type X;

    fn a(&self);

    fn b(&self) {
        let _ = 1;
    }
}

extern \"C\" {
    fn c();

    fn d();
}
";
    assert_eq!(after, expected);
}

#[test]
fn fields_variants_and_arms_stay_together() {
    let after = laid_out(
        "struct S { /// A.\n a: u8, #[serde(default)] b: u8 } \
             enum E { /// One.\n One, Two(u8) } \
             fn f(e: E) -> u8 { match e { E::One => 1, E::Two(n) => { n } } }",
    );
    let expected = "\
struct S {
    /// A.
    a: u8,
    #[serde(default)]
    b: u8,
}

enum E {
    /// One.
    One,
    Two(u8),
}

fn f(e: E) -> u8 {
    match e {
        E::One => 1,
        E::Two(n) => n,
    }
}
";
    assert_eq!(after, expected);
}

#[test]
fn docs_and_attributes_stay_on_their_item() {
    let after = laid_out(
            "use a::b; use c::{d, e}; pub(crate) use f::g; \
             /// The type.\n #[cfg(feature = \"x\")] #[derive(Debug)] pub struct T; \
             #[cfg(feature = \"x\")] impl T { #[cfg(test)] /// M.\n pub fn m() {} #[inline] fn n() {} }",
        );
    let expected = "\
use a::b;
use c::{d, e};
pub(crate) use f::g;

/// The type.
#[cfg(feature = \"x\")]
#[derive(Debug)]
pub struct T;

#[cfg(feature = \"x\")]
impl T {
    #[cfg(test)]
    /// M.
    pub fn m() {}

    #[inline]
    fn n() {}
}
";
    assert_eq!(after, expected);
}

#[test]
fn tables_have_one_entry_per_line() {
    let entries: String = (0..12)
        .map(|i| format!("Variant{i} = \"value.{i}\"; "))
        .collect();
    let after = laid_out(&format!(
        "enum Inner {{ A }} \
             #[cfg(feature = \"x\")] crate::runtime::tagged_union! {{ Name, \"type\"; {entries} }} \
             crate::runtime::wire_enum! {{ Short; A = \"a\"; }} \
             other_macro! {{ A = \"a\"; B = \"b\"; }}"
    ));
    let mut expected = String::from(
            "enum Inner {\n    A,\n}\n\n#[cfg(feature = \"x\")]\ncrate::runtime::tagged_union! {\n    Name, \"type\";\n",
        );
    for i in 0..12 {
        expected.push_str(&format!("    Variant{i} = \"value.{i}\";\n"));
    }
    expected.push_str(
            "}\n\ncrate::runtime::wire_enum! {\n    Short;\n    A = \"a\";\n}\n\nother_macro! {\n    A = \"a\"; B = \"b\";\n}\n",
        );
    assert_eq!(after, expected);
}

#[test]
fn runs_of_items_join_into_the_whole_module() {
    let parts = [
        "//! Docs.\n#![allow(dead_code)]\nuse a::b;\nstruct A;",
        "struct B { x: u8 }\nimpl B { fn f() {} fn g() {} }",
        "use c::d;\nenum C { X }",
    ];
    let whole = laid_out(&parts.concat());
    let joined: String = parts
        .iter()
        .map(|p| prettyplease::unparse(&syn::parse_file(p).unwrap()))
        .collect();
    assert_eq!(layout(&joined), whole);
}
