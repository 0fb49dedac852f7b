//! Unions (`oneOf`, `anyOf`): told apart by a tag property when the members
//! share one with a distinct value each (or a `discriminator` says so),
//! otherwise tried in turn.

use super::schema::{component_name, kind_label, shape, SchemaRef, Shape};
use super::{claim_reported, Lowerer};
use crate::diagnostics::{join, WarningKind};
use crate::ir::{Tagged, TaggedVariant, TypeKind, UntaggedVariant};
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, Schema};

impl<'a> Lowerer<'a> {
    /// A union of `members` (the `oneOf` or `anyOf` at `pointer` of `schema`,
    /// whose own pointer is `schema_pointer`).
    pub(super) fn lower_union(
        &mut self,
        type_name: &str,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        schema_pointer: &str,
        pointer: &str,
    ) -> TypeKind {
        // A member that is a `$ref` to nothing, or `false`, can hold no value
        // this client knows; such values land in `Unknown`.
        let mut live = Vec::new();
        for (i, member) in members.iter().enumerate() {
            match (self.deref(SchemaRef::of(member)), member) {
                (Some(s), _) if matches!(shape(s), Shape::Never) => {}
                (Some(_), _) => live.push((i, member)),
                (None, ReferenceOr::Reference { reference }) => self.dangling(
                    WarningKind::Loosened,
                    reference,
                    &join(pointer, &i.to_string()),
                    "the union has no variant for it; such values are kept in its `Unknown` variant",
                ),
                (None, ReferenceOr::Item(_)) => {}
            }
        }
        self.check_mapping(schema, schema_pointer);
        if let Some(tag) = self.find_tag(schema, &live, 0) {
            let mut scope = Scope::with_reserved(&["Unknown"]);
            let mut variants = Vec::new();
            let inferred = tag.inferred;
            for ((i, member), wires) in live.iter().copied().zip(tag.values) {
                let name = self.tagged_variant_name(
                    &mut scope,
                    member,
                    &wires,
                    inferred,
                    &join(pointer, &i.to_string()),
                );
                let ty = self
                    .lower_ty(
                        SchemaRef::of(member),
                        &format!("{type_name}{name}"),
                        &join(pointer, &i.to_string()),
                    )
                    .ty;
                variants.push(TaggedVariant { wires, name, ty });
            }
            self.check_unmapped(schema, schema_pointer, &variants);
            return TypeKind::Tagged(Tagged {
                tag: tag.property,
                variants,
            });
        }
        if let Some(disc) = &schema.schema_data.discriminator {
            self.diags.loosened(
                join(schema_pointer, "discriminator"),
                format!("the discriminator `{}` cannot tell the members apart (a member has no value of its own for it, or two members share one); the members are tried in turn instead", disc.property_name),
                format!("map each member to values of its own in `discriminator.mapping`, or give each member's `{}` a single-value enum", disc.property_name),
            );
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (i, member) in live {
            let r = SchemaRef::of(member);
            if self
                .deref(r)
                .is_some_and(|s| matches!(shape(s), Shape::Null))
            {
                continue;
            }
            // A name the spec gives (a schema's, a title); else one made up
            // from the member's kind, whose numbering renames nothing of the spec's.
            let given = match r {
                SchemaRef::Ref(reference) => self
                    .resolve(reference)
                    .map(|(id, _)| self.types[id].name.clone())
                    .or_else(|| {
                        let schema = self.deref(r)?;
                        schema.schema_data.title.clone().or_else(|| {
                            Some(naming::type_name(&super::pointer::type_hint(
                                self.doc, reference,
                            )))
                        })
                    }),
                SchemaRef::Inline(s) => s.schema_data.title.clone(),
            };
            let name = match given {
                Some(label) => claim_reported(
                    &mut scope,
                    naming::variant_name(&label),
                    self.diags,
                    &join(pointer, &i.to_string()),
                    &format!("the variant named after `{label}`"),
                ),
                None => {
                    let label = match r {
                        SchemaRef::Inline(s) => kind_label(s).to_owned(),
                        SchemaRef::Ref(_) => format!("Variant{i}"),
                    };
                    scope.claim(naming::variant_name(&label))
                }
            };
            let ty = self
                .lower_ty(
                    r,
                    &format!("{type_name}{name}"),
                    &join(pointer, &i.to_string()),
                )
                .ty;
            variants.push(UntaggedVariant { name, ty });
        }
        TypeKind::Untagged(variants)
    }
}

/// The property that tells the members of a union apart, with each member's
/// values.
struct Tag {
    property: String,
    values: Vec<Vec<String>>,
    /// Found from the members' properties, not named by a `discriminator`.
    inferred: bool,
}

impl<'a> Lowerer<'a> {
    /// Warns about each discriminator `mapping` entry that names a schema
    /// the document does not have: values with that tag go to `Unknown`.
    fn check_mapping(&mut self, schema: &'a Schema, schema_pointer: &str) {
        let Some(disc) = &schema.schema_data.discriminator else {
            return;
        };
        for (value, target) in &disc.mapping {
            let reference = mapping_reference(target);
            if self.deref(SchemaRef::Ref(&reference)).is_none() {
                self.diags.loosened(
                    join(&join(&join(schema_pointer, "discriminator"), "mapping"), value),
                    format!("mapping `{value}` names `{target}`, which points at nothing; values whose `{}` is `{value}` are kept in the union's `Unknown` variant", disc.property_name),
                    "define the schema, or correct or remove the mapping entry",
                );
            }
        }
    }

    /// Warns about each discriminator `mapping` entry naming a schema that
    /// is no member of the union (nor of a union among its members): values
    /// with that tag land in `Unknown`.
    fn check_unmapped(
        &mut self,
        schema: &'a Schema,
        schema_pointer: &str,
        variants: &[TaggedVariant],
    ) {
        let Some(disc) = &schema.schema_data.discriminator else {
            return;
        };
        for (value, target) in &disc.mapping {
            let known = variants.iter().any(|v| v.wires.contains(value));
            if known
                || self
                    .deref(SchemaRef::Ref(&mapping_reference(target)))
                    .is_none()
            {
                continue;
            }
            self.diags.loosened(
                join(&join(&join(schema_pointer, "discriminator"), "mapping"), value),
                format!("mapping `{value}` names `{target}`, which is no member of this union; values whose `{}` is `{value}` are kept in the union's `Unknown` variant", disc.property_name),
                "add the schema to the union's members, or remove the mapping entry",
            );
        }
    }

    /// The property telling `members` apart and the values each member
    /// takes: from the `discriminator` (its `mapping`, else the member's one
    /// allowed value, else its component name), or else a required property
    /// every member gives one distinct value. A member that is itself a union
    /// told apart by the same property takes all of its values.
    fn find_tag(
        &self,
        schema: &'a Schema,
        members: &[(usize, &'a ReferenceOr<Schema>)],
        depth: usize,
    ) -> Option<Tag> {
        if depth > 8 {
            return None;
        }
        let member_schemas: Vec<&Schema> = members
            .iter()
            .map(|(_, m)| self.deref(SchemaRef::of(m)))
            .collect::<Option<_>>()?;
        if let Some(disc) = &schema.schema_data.discriminator {
            let property = &disc.property_name;
            let mut values = Vec::new();
            for ((_, member), member_schema) in members.iter().zip(&member_schemas) {
                let nested = self.nested_values(member_schema, property, depth);
                let mut mine: Vec<String> = disc
                    .mapping
                    .iter()
                    .filter(|(_, target)| {
                        let target = mapping_reference(target);
                        matches!(member, ReferenceOr::Reference { reference } if *reference == target)
                            || nested.as_ref().is_some_and(|(refs, _)| refs.contains(&target))
                    })
                    .map(|(value, _)| value.clone())
                    .collect();
                if let Some((_, nested_values)) = &nested {
                    mine.extend(
                        nested_values
                            .iter()
                            .filter(|v| !mine.contains(v))
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                }
                if mine.is_empty() {
                    // Unmapped: the values its tag property allows (servers send
                    // those), else its component name (OpenAPI's implicit mapping).
                    match self.enum_values(member_schema, property) {
                        Some(allowed) => mine = allowed,
                        None => mine.push(match member {
                            ReferenceOr::Reference { reference } => component_name(reference)?,
                            ReferenceOr::Item(_) => return None,
                        }),
                    }
                }
                values.push(mine);
            }
            return distinct(property.clone(), values, false);
        }
        let first = member_schemas.first()?;
        let candidates = self.candidate_properties(first, depth);
        for property in candidates {
            let values: Option<Vec<Vec<String>>> = member_schemas
                .iter()
                .map(|s| {
                    self.single_value(s, &property, true)
                        .map(|v| vec![v])
                        .or_else(|| self.nested_values(s, &property, depth).map(|(_, v)| v))
                })
                .collect();
            if let Some(tag) = values.and_then(|values| distinct(property.clone(), values, true)) {
                return Some(tag);
            }
        }
        None
    }

    /// For a member that is itself a union told apart by `property`: the
    /// references of its members (as mapping targets name them) and all the
    /// tag values it tells apart.
    fn nested_values(
        &self,
        schema: &'a Schema,
        property: &str,
        depth: usize,
    ) -> Option<(Vec<String>, Vec<String>)> {
        let (Shape::OneOf(inner) | Shape::AnyOf(inner)) = shape(schema) else {
            return None;
        };
        let live: Vec<(usize, &'a ReferenceOr<Schema>)> = inner
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                self.deref(SchemaRef::of(m))
                    .is_some_and(|s| !matches!(shape(s), Shape::Never | Shape::Null))
            })
            .collect();
        let refs = live
            .iter()
            .filter_map(|(_, m)| match m {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        let tag = self.find_tag(schema, &live, depth + 1)?;
        if tag.property == property {
            return Some((refs, tag.values.into_iter().flatten().collect()));
        }
        // Told apart by another property (messages by `role`): it still takes
        // every value its members allow for `property`.
        let mut values: Vec<String> = Vec::new();
        for (_, member) in &live {
            let member_schema = self.deref(SchemaRef::of(member))?;
            for value in self.enum_values(member_schema, property)? {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        Some((refs, values))
    }

    /// The values `property` allows in `schema` when it is a string enum.
    fn enum_values(&self, schema: &'a Schema, property: &str) -> Option<Vec<String>> {
        let mut parts = Vec::new();
        let mut additional = None;
        self.collect_object_parts(schema, "#", &mut parts, &mut additional, 0);
        let prop = parts.iter().find_map(|(props, _, _)| props.get(property))?;
        let prop_schema = self.deref(SchemaRef::of_boxed(prop))?;
        match shape(prop_schema) {
            Shape::StringEnum(values) if !values.is_empty() => Some(values),
            _ => None,
        }
    }

    /// The Rust name of a tagged union's variant: its schema's name when it is
    /// a component (and several tag values lead to it, or it is a union and
    /// no discriminator names the tag), else its first tag value.
    fn tagged_variant_name(
        &mut self,
        scope: &mut Scope,
        member: &'a ReferenceOr<Schema>,
        wires: &[String],
        inferred: bool,
        pointer: &str,
    ) -> String {
        // Without a discriminator, a member that is a union itself (a group
        // of events that may grow) keeps its name even with one tag value.
        let group = wires.len() > 1
            || (inferred
                && self
                    .deref(SchemaRef::of(member))
                    .is_some_and(|s| matches!(shape(s), Shape::OneOf(_) | Shape::AnyOf(_))));
        let component = match member {
            ReferenceOr::Reference { reference } if group => component_name(reference),
            _ => None,
        };
        let label = component.unwrap_or_else(|| wires[0].clone());
        claim_reported(
            scope,
            naming::variant_name(&label),
            self.diags,
            pointer,
            &format!("the variant for tag `{}`", wires[0]),
        )
    }

    /// The properties that could tell `schema`'s union apart: an object's
    /// own, or for a member that is itself a union (a stream's events grouped
    /// by resource, each group told apart by the same `event`), those of its
    /// first member.
    fn candidate_properties(&self, schema: &'a Schema, depth: usize) -> Vec<String> {
        match shape(schema) {
            Shape::OneOf(inner) | Shape::AnyOf(inner) if depth <= 8 => inner
                .iter()
                .filter_map(|m| self.deref(SchemaRef::of(m)))
                .find(|s| !matches!(shape(s), Shape::Never | Shape::Null))
                .map(|s| self.candidate_properties(s, depth + 1))
                .unwrap_or_default(),
            _ => self.object_properties(schema),
        }
    }

    fn object_properties(&self, schema: &'a Schema) -> Vec<String> {
        let mut parts = Vec::new();
        let mut additional = None;
        self.collect_object_parts(schema, "#", &mut parts, &mut additional, 0);
        parts
            .iter()
            .flat_map(|(props, _, _)| props.keys().cloned())
            .collect()
    }

    /// The one value `property` can take in `schema`, if it is a single-value string enum
    /// (and, when `must_be_required`, listed as required).
    fn single_value(
        &self,
        schema: &'a Schema,
        property: &str,
        must_be_required: bool,
    ) -> Option<String> {
        let mut parts = Vec::new();
        let mut additional = None;
        self.collect_object_parts(schema, "#", &mut parts, &mut additional, 0);
        let required = parts
            .iter()
            .any(|(_, req, _)| req.iter().any(|r| r == property));
        if must_be_required && !required {
            return None;
        }
        let prop = parts.iter().find_map(|(props, _, _)| props.get(property))?;
        let prop_schema = self.deref(SchemaRef::of_boxed(prop))?;
        match shape(prop_schema) {
            Shape::StringEnum(values) if values.len() == 1 => values.into_iter().next(),
            _ => None,
        }
    }
}

/// A mapping target as a reference: a bare name is a component schema's.
fn mapping_reference(target: &str) -> String {
    if target.contains('#') || target.contains('/') {
        target.to_owned()
    } else {
        format!("#/components/schemas/{target}")
    }
}

/// The tag, when no value selects two members.
fn distinct(property: String, values: Vec<Vec<String>>, inferred: bool) -> Option<Tag> {
    let all: Vec<&String> = values.iter().flatten().collect();
    let unique: std::collections::BTreeSet<&String> = all.iter().copied().collect();
    (unique.len() == all.len()).then_some(Tag {
        property,
        values,
        inferred,
    })
}
