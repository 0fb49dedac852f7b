//! Lowering: openapiv3's document in, the generator's IR out. Problems are
//! recorded in [`Diagnostics`]; lowering itself never fails or panics.

mod directions;
mod features;
mod operation;
mod payload;
pub(crate) mod pointer;
mod response_headers;
mod responses;
mod schema;
mod security;
mod servers;
#[cfg(test)]
mod tests;
mod union;
mod usage;

use crate::diagnostics::{join, Diagnostics};
use crate::ir::{Api, TypeDef, TypeId};
use crate::naming::Scope;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, HashMap, HashSet};

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    diags: &'a mut Diagnostics,
    types: Vec<TypeDef>,
    type_names: Scope,
    components: BTreeMap<String, TypeId>,
    /// The type made for each schema that has one, by the schema's address in
    /// the document: a JSON pointer `$ref` to a schema finds its type here.
    schema_types: HashMap<*const Schema, TypeId>,
    /// Schemas reached through a JSON pointer `$ref` being lowered now (to
    /// stop a schema that refers to itself without a named type between).
    pointer_stack: Vec<*const Schema>,
    /// Schemas some JSON pointer `$ref` names: each gets one type wherever it is met.
    pointer_targets: HashSet<*const Schema>,
    /// Inline JSON schemas of error responses, by their JSON text: how many
    /// operations declare each, and its type once lowered.
    error_schemas: HashMap<String, (usize, Option<TypeId>)>,
}

/// The chain of component names when `name` is a reference that leads back to itself.
fn ref_cycle(doc: &OpenAPI, name: &str) -> Option<Vec<String>> {
    let schemas = &doc.components.as_ref()?.schemas;
    let mut chain = vec![name.to_owned()];
    let mut current = name.to_owned();
    loop {
        let ReferenceOr::Reference { reference } = schemas.get(&current)? else {
            return None;
        };
        let next = schema::component_name(reference)?;
        let seen = chain.contains(&next);
        chain.push(next.clone());
        if seen {
            return (chain.first() == chain.last()).then_some(chain);
        }
        current = next;
    }
}

/// Lowers a whole document.
pub fn lower(doc: &OpenAPI, diags: &mut Diagnostics) -> Api {
    // Generated code names the prelude's types and variants without a path,
    // so schemas cannot take those names.
    let type_names = Scope::with_reserved(crate::naming::PRELUDE);
    let mut lowerer = Lowerer {
        doc,
        diags,
        types: Vec::new(),
        type_names,
        components: BTreeMap::new(),
        schema_types: HashMap::new(),
        pointer_stack: Vec::new(),
        pointer_targets: HashSet::new(),
        error_schemas: HashMap::new(),
    };

    lowerer.components();

    let credentials = security::credentials(doc, lowerer.diags);
    let taken: Vec<&str> = credentials.iter().map(|c| c.method.as_str()).collect();
    let mut builder_names = security::setter_scope(&taken);
    let servers = servers::document(doc, &mut builder_names, lowerer.diags);
    let (mut operations, headers, declared_operations) = lowerer.operations(&credentials, &servers);
    let response_headers = lowerer.response_headers();
    let variables: Vec<&str> = servers
        .variables
        .iter()
        .map(|v| v.method.as_str())
        .collect();
    let common_headers = security::name_options(&credentials, &variables, headers);
    let mut types = lowerer.types;
    usage::tag_fields(&mut types);
    directions::split(
        &mut types,
        &mut operations,
        &mut lowerer.type_names,
        lowerer.diags,
    );
    usage::member_tags(&mut types);
    usage::box_cycles(&mut types);
    let features = features::assign(&mut types, &mut operations, &common_headers);

    Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        servers,
        credentials,
        common_headers,
        response_headers,
        types,
        operations,
        declared_operations,
        features,
    }
}

impl Lowerer<'_> {
    /// Names every schema of `components/schemas` first (so references
    /// between them resolve in any order), then defines each.
    fn components(&mut self) {
        let doc = self.doc;
        let schemas = doc.components.as_ref().map(|c| &c.schemas);
        for name in schemas.into_iter().flat_map(|s| s.keys()) {
            let pointer = join("#/components/schemas", name);
            let id = self.new_type(name, pointer.clone(), None);
            let rust = &self.types[id].name;
            let wanted = crate::naming::type_name(name);
            if *rust != wanted && crate::naming::PRELUDE.contains(&wanted.as_str()) {
                self.diags.renamed(
                    &pointer,
                    format!("schema `{name}` would take the name of Rust's `{wanted}`, which generated code uses; its Rust type is `{rust}`"),
                    "rename the schema if another name suits it better",
                );
            } else if *rust != wanted {
                self.diags.renamed(
                    &pointer,
                    format!(
                        "schema `{name}` would be named like another schema; its Rust type is `{rust}`"
                    ),
                    "rename one of the schemas so their names differ in more than case and punctuation",
                );
            }
            self.components.insert(name.clone(), id);
            if let Some(ReferenceOr::Item(schema)) = schemas.and_then(|s| s.get(name)) {
                self.schema_types.insert(std::ptr::from_ref(schema), id);
            }
        }
        for (name, schema) in schemas.into_iter().flatten() {
            let id = self.components[name];
            let pointer = join("#/components/schemas", name);
            match schema {
                ReferenceOr::Item(schema) => {
                    self.types[id].doc = schema
                        .schema_data
                        .description
                        .clone()
                        .or_else(|| schema.schema_data.title.clone());
                    self.types[id].deprecated = schema.schema_data.deprecated;
                    self.define(id, schema, &pointer);
                }
                ReferenceOr::Reference { reference } => {
                    if let Some(cycle) = ref_cycle(doc, name) {
                        self.diags.error(
                            &pointer,
                            format!("`$ref` cycle with no schema in it: {}", cycle.join(" → ")),
                            "each of these schemas is only a reference to the next; give one of them a real schema",
                        );
                        continue;
                    }
                    let target = self
                        .lower_ty(schema::SchemaRef::Ref(reference), name, &pointer)
                        .ty;
                    self.types[id].kind = crate::ir::TypeKind::Newtype(target);
                }
            }
        }
    }
}

/// Claims `wanted` in `scope`. When another name of the spec already took
/// it, the numbered name the scope gives is used, and a `renamed` warning at
/// `pointer` says which `what` got it.
pub(crate) fn claim_reported(
    scope: &mut Scope,
    wanted: String,
    diags: &mut Diagnostics,
    pointer: &str,
    what: &str,
) -> String {
    let name = scope.claim(wanted.clone());
    if name != wanted {
        diags.renamed(
            pointer,
            format!(
                "{what} would be `{}` in Rust, a name already taken here; it is `{}`",
                crate::naming::unraw(&wanted),
                crate::naming::unraw(&name)
            ),
            "give one of the two another name in the spec if the numbered one reads badly",
        );
    }
    name
}
