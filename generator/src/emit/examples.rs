//! `src/examples.rs` of a generated crate: the spec's examples as a test
//! that decodes each into its model and encodes it again.

use super::{docs, Emitter};
use crate::examples::Example;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

impl Emitter<'_> {
    /// The examples module, or `None` when the spec has no example to check.
    pub fn examples(&self, examples: &[Example]) -> Option<TokenStream> {
        if examples.is_empty() {
            return None;
        }
        let checks = examples.iter().map(|e| {
            let ty = self.ty_path(&e.ty);
            let pointer = Literal::string(&e.pointer);
            let json = Literal::string(&e.value.to_string());
            quote!(check_example::<#ty>(#pointer, #json),)
        });
        let doc = docs::attrs(
            "Every example of the spec that fits its schema, decoded into the type of its place and encoded again: nothing may be lost.",
        );
        Some(quote! {
            use crate::runtime::check_example;

            #doc
            #[test]
            fn the_specs_examples_round_trip() {
                let failures: Vec<String> = [
                    #(#checks)*
                ]
                .into_iter()
                .filter_map(Result::err)
                .collect();
                assert!(failures.is_empty(), "{}", failures.join("\n"));
            }
        })
    }
}
