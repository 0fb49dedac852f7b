//! Lowers JSON schemas into named Rust types and type expressions.

use super::pointer::{self, Node};
use super::{claim_reported, Lowerer};
use crate::diagnostics::{join, Diagnostic, Diagnostics, WarningKind};
use crate::ir::{
    Access, EnumVariant, Extra, Field, FieldRepr, IntKind, Struct, Ty, TypeDef, TypeId, TypeKind,
    UnionField, Usage,
};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    pub(crate) fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }

    pub(crate) fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

type Props = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema means, whichever way openapiv3 parsed it.
pub(super) enum Shape<'a> {
    Object {
        props: &'a Props,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    StringEnum(Vec<String>),
    String,
    Binary,
    /// `format: byte`: base64 text.
    Base64,
    Integer(IntKind),
    Number,
    Boolean,
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    /// `prefixItems` with no other items: a fixed-length array of these.
    Tuple(&'a [ReferenceOr<Schema>]),
    OneOf(&'a [ReferenceOr<Schema>]),
    AnyOf(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
    Null,
    Any,
    /// `not: {}` (the boolean schema `false`): no value is valid.
    Never,
}

/// The Rust integer type of `format`. Without a format, an integer that
/// cannot be negative (`minimum` 0 or more) is `u64`, so values beyond
/// `i64::MAX` decode; an explicit `int64` stays `i64`.
fn int_kind(format: Option<&str>, minimum: Option<f64>) -> IntKind {
    match format {
        Some("int32") => IntKind::I32,
        Some("uint32") => IntKind::U32,
        Some("uint64") => IntKind::U64,
        None if minimum.is_some_and(|m| m >= 0.0) => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// `{}` (the boolean schema `true`): any value is valid.
fn is_empty(r: &ReferenceOr<Schema>) -> bool {
    matches!(r, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if *a == AnySchema::default()))
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Any(any)
            if schema
                .schema_data
                .extensions
                .contains_key(pointer::PREFIX_ITEMS) =>
        {
            Shape::Tuple(&any.all_of)
        }
        SchemaKind::Not { not } if is_empty(not) => Shape::Never,
        SchemaKind::Type(Type::String(s)) => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            if matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
            ) {
                Shape::Binary
            } else if s.enumeration.is_empty()
                && matches!(
                    s.format,
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte)
                )
            {
                Shape::Base64
            } else if s.enumeration.is_empty() {
                Shape::String
            } else {
                Shape::StringEnum(values)
            }
        }
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer(int_kind(
            match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            i.minimum.map(|m| m as f64),
        )),
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            props: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(any_of),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => {
            if !any.one_of.is_empty() {
                return Shape::OneOf(&any.one_of);
            }
            if !any.all_of.is_empty() {
                return Shape::AllOf(&any.all_of);
            }
            if !any.any_of.is_empty() {
                return Shape::AnyOf(&any.any_of);
            }
            let strings: Vec<String> = any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            match any.typ.as_deref() {
                Some("null") => Shape::Null,
                Some("string") if !strings.is_empty() => Shape::StringEnum(strings),
                Some("string") if any.format.as_deref() == Some("binary") => Shape::Binary,
                Some("string") if strings.is_empty() && any.format.as_deref() == Some("byte") => {
                    Shape::Base64
                }
                Some("string") => Shape::String,
                Some("integer") => Shape::Integer(int_kind(any.format.as_deref(), any.minimum)),
                Some("number") => Shape::Number,
                Some("boolean") => Shape::Boolean,
                Some("array") => Shape::Array(any.items.as_ref()),
                Some("object") => Shape::Object {
                    props: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                },
                _ if !any.properties.is_empty() || any.additional_properties.is_some() => {
                    Shape::Object {
                        props: &any.properties,
                        required: &any.required,
                        additional: any.additional_properties.as_ref(),
                    }
                }
                _ if !strings.is_empty() && strings.len() == any.enumeration.len() => {
                    Shape::StringEnum(strings)
                }
                _ if any.items.is_some() => Shape::Array(any.items.as_ref()),
                _ => Shape::Any,
            }
        }
    }
}

/// A lowered schema position: its type and whether `null` is allowed there.
pub(crate) struct Lowered {
    pub ty: Ty,
    pub nullable: bool,
}

impl<'a> Lowerer<'a> {
    /// The type made for a `#/components/schemas/...` reference.
    pub(crate) fn resolve_id(&self, reference: &str) -> Option<TypeId> {
        self.components.get(&component_name(reference)?).copied()
    }

    /// Resolves a `#/components/schemas/...` reference.
    pub(crate) fn resolve(&self, reference: &str) -> Option<(TypeId, &'a Schema)> {
        let name = component_name(reference)?;
        let id = *self.components.get(&name)?;
        let doc = self.doc;
        let entry = doc.components.as_ref()?.schemas.get(&name)?;
        Some((id, self.deref(SchemaRef::of(entry))?))
    }

    /// The schema at a position, following `$ref`s to wherever in the
    /// document they point; `None` for a reference to nothing.
    pub(super) fn deref(&self, r: SchemaRef<'a>) -> Option<&'a Schema> {
        match r {
            SchemaRef::Inline(s) => Some(s),
            SchemaRef::Ref(reference) => match pointer::target(self.doc, reference)?.node {
                Node::Schema(s) => Some(s),
                _ => None,
            },
        }
    }

    /// True when a schema position admits `null`.
    fn is_nullable(&self, r: SchemaRef<'a>) -> bool {
        self.is_nullable_within(r, 0)
    }

    fn is_nullable_within(&self, r: SchemaRef<'a>, depth: usize) -> bool {
        let Some(schema) = self.deref(r).filter(|_| depth < 32) else {
            return false;
        };
        if schema.schema_data.nullable {
            return true;
        }
        match shape(schema) {
            Shape::OneOf(members) | Shape::AnyOf(members) => members.iter().any(|m| {
                self.deref(SchemaRef::of(m))
                    .is_some_and(|s| matches!(shape(s), Shape::Null))
            }),
            Shape::AllOf([only]) => self.is_nullable_within(SchemaRef::of(only), depth + 1),
            Shape::Null => true,
            _ => false,
        }
    }

    /// Adds a new named type and returns its id; its kind is filled in by [`Self::define`].
    pub(crate) fn new_type(
        &mut self,
        hint: &str,
        origin: String,
        schema: Option<&Schema>,
    ) -> TypeId {
        let wanted = naming::type_name(hint);
        let name = self.type_names.claim(wanted.clone());
        // Component schemas are reported by `components`, which knows why.
        if name != wanted && origin != join("#/components/schemas", hint) {
            self.diags.renamed(
                &origin,
                format!("the type of this schema would be `{wanted}`, which another type already is; it is `{name}`"),
                "give the schema a `title`, or move it to `components/schemas` under a name of its own",
            );
        }
        let (doc, deprecated) = match schema {
            Some(s) => (
                s.schema_data
                    .description
                    .clone()
                    .or_else(|| s.schema_data.title.clone()),
                s.schema_data.deprecated,
            ),
            None => (None, false),
        };
        self.types.push(TypeDef {
            name,
            origin,
            doc,
            kind: TypeKind::Newtype(Ty::Json),
            usage: Usage::default(),
            deprecated,
            features: None,
        });
        TypeId(self.types.len() - 1)
    }

    /// Lowers a schema position to a type expression, creating named types for
    /// inline objects, enums and unions (named after `hint`).
    pub(crate) fn lower_ty(&mut self, r: SchemaRef<'a>, hint: &str, pointer: &str) -> Lowered {
        let nullable = self.is_nullable(r);
        let schema = match r {
            SchemaRef::Ref(reference) => {
                return match self.resolve_id(reference) {
                    Some(id) => Lowered {
                        ty: Ty::Named(id),
                        nullable,
                    },
                    None => self.lower_pointer(reference, pointer, nullable),
                }
            }
            SchemaRef::Inline(s) => s,
        };
        let ty = match shape(schema) {
            Shape::String => Ty::String,
            Shape::Binary => Ty::Bytes,
            Shape::Base64 => Ty::Base64,
            Shape::Integer(kind) => Ty::Int(kind),
            Shape::Number => Ty::Float,
            Shape::Boolean => Ty::Bool,
            Shape::Null | Shape::Any | Shape::Never => Ty::Json,
            Shape::Tuple(members) => self.tuple_ty(members, hint, pointer),
            Shape::Array(items) => Ty::Array(Box::new(self.lower_item(
                items,
                &format!("{hint}Item"),
                &join(pointer, "items"),
            ))),
            Shape::Object {
                props, additional, ..
            } if props.is_empty() => self.map_ty(additional, hint, pointer),
            Shape::OneOf(members) | Shape::AnyOf(members) => match self.single_non_null(members) {
                Some(member) => {
                    return Lowered {
                        nullable: true,
                        ..self.lower_ty(SchemaRef::of(member), hint, pointer)
                    }
                }
                None => self.define_inline(schema, hint, pointer),
            },
            Shape::AllOf([only]) => {
                let inner = self.lower_ty(
                    SchemaRef::of(only),
                    hint,
                    &join(&join(pointer, "allOf"), "0"),
                );
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                };
            }
            Shape::Object { .. } | Shape::StringEnum(_) | Shape::AllOf(_) => {
                self.define_inline(schema, hint, pointer)
            }
        };
        Lowered { ty, nullable }
    }

    /// A `$ref` to a schema anywhere in the document other than a component
    /// (`#/components/schemas/A/properties/b`): the type made for that schema
    /// when it has one, else the schema lowered where it is, named after its place.
    fn lower_pointer(&mut self, reference: &'a str, pointer: &str, nullable: bool) -> Lowered {
        let found = pointer::target(self.doc, reference).and_then(|f| match f.node {
            Node::Schema(s) => Some((s, f.pointer)),
            _ => None,
        });
        let Some((schema, at)) = found else {
            self.dangling(
                WarningKind::Loosened,
                reference,
                pointer,
                "the value is taken as any JSON value (`serde_json::Value`)",
            );
            return Lowered {
                ty: Ty::Json,
                nullable,
            };
        };
        let key = std::ptr::from_ref(schema);
        self.pointer_targets.insert(key);
        if let Some(id) = self.schema_types.get(&key) {
            return Lowered {
                ty: Ty::Named(*id),
                nullable,
            };
        }
        if self.pointer_stack.contains(&key) {
            self.diags.loosened(
                pointer,
                format!("`$ref: {reference}` leads back into the schema it is part of, with no named type between; this inner value is taken as any JSON value"),
                "move the schema under `components/schemas` and refer to it there",
            );
            return Lowered {
                ty: Ty::Json,
                nullable,
            };
        }
        self.pointer_stack.push(key);
        let hint = pointer::type_hint(self.doc, &at);
        let lowered = self.lower_ty(SchemaRef::Inline(schema), &hint, &at);
        self.pointer_stack.pop();
        Lowered {
            nullable: nullable || lowered.nullable,
            ..lowered
        }
    }

    /// `prefixItems` with `items: false`: a Rust tuple, one element per item.
    fn tuple_ty(&mut self, members: &'a [ReferenceOr<Schema>], hint: &str, pointer: &str) -> Ty {
        let base = join(pointer, "prefixItems");
        let elements = members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                let lowered = self.lower_ty(
                    SchemaRef::of(member),
                    &format!("{hint}{i}"),
                    &join(&base, &i.to_string()),
                );
                if lowered.nullable && lowered.ty != Ty::Json {
                    Ty::Nullable(Box::new(lowered.ty))
                } else {
                    lowered.ty
                }
            })
            .collect();
        Ty::Tuple(elements)
    }

    /// An array item or map value: nullable members become `Option<T>`.
    fn lower_item(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> Ty {
        match items {
            None => Ty::Json,
            Some(items) => {
                let lowered = self.lower_ty(SchemaRef::of_boxed(items), hint, pointer);
                if lowered.nullable && lowered.ty != Ty::Json {
                    Ty::Nullable(Box::new(lowered.ty))
                } else {
                    lowered.ty
                }
            }
        }
    }

    fn map_ty(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Ty {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value = match s.as_ref() {
                    ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
                    ReferenceOr::Item(s) => SchemaRef::Inline(s),
                };
                let lowered = self.lower_ty(
                    value,
                    &format!("{hint}Value"),
                    &join(pointer, "additionalProperties"),
                );
                let value = if lowered.nullable && lowered.ty != Ty::Json {
                    Ty::Nullable(Box::new(lowered.ty))
                } else {
                    lowered.ty
                };
                Ty::Map(Box::new(value))
            }
            _ => Ty::JsonObject,
        }
    }

    /// `oneOf`/`anyOf` of one schema and `null`: the 3.1 way to say "nullable".
    fn single_non_null(
        &self,
        members: &'a [ReferenceOr<Schema>],
    ) -> Option<&'a ReferenceOr<Schema>> {
        let non_null: Vec<_> = members
            .iter()
            .filter(|m| {
                !self
                    .deref(SchemaRef::of(m))
                    .is_some_and(|s| matches!(shape(s), Shape::Null))
            })
            .collect();
        match non_null.as_slice() {
            [only] if members.len() > 1 => Some(only),
            _ => None,
        }
    }

    fn define_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Ty {
        let key = std::ptr::from_ref(schema);
        // A schema a JSON pointer `$ref` names has one type, wherever it is met.
        if self.pointer_targets.contains(&key) {
            if let Some(id) = self.schema_types.get(&key) {
                return Ty::Named(*id);
            }
        }
        let id = self.new_type(hint, pointer.to_owned(), Some(schema));
        self.schema_types.entry(key).or_insert(id);
        self.define(id, schema, pointer);
        Ty::Named(id)
    }

    /// Fills in the kind of type `id` from `schema`.
    pub(crate) fn define(&mut self, id: TypeId, schema: &'a Schema, pointer: &str) {
        let name = self.types[id].name.clone();
        let kind = match shape(schema) {
            Shape::Object {
                props,
                required,
                additional,
            } if !props.is_empty() => TypeKind::Struct(self.lower_struct(
                &name,
                &[(props, required, pointer.to_owned())],
                additional,
                &BTreeSet::new(),
            )),
            Shape::StringEnum(values) => {
                if values.is_empty() {
                    self.diags.error(
                        join(pointer, "enum"),
                        "this enum lists no string values, so no value can ever be valid",
                        "list at least one value, or remove `enum` to accept any string",
                    );
                }
                TypeKind::Enum(enum_variants(&values, self.diags, pointer))
            }
            Shape::OneOf(members) | Shape::AnyOf(members)
                if self.single_non_null(members).is_none() =>
            {
                let keyword = if matches!(shape(schema), Shape::OneOf(_)) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.lower_union(&name, schema, members, pointer, &join(pointer, keyword))
            }
            Shape::AllOf(members) if members.len() > 1 => {
                let written = pointer::written_all_of(schema).unwrap_or(members.len());
                self.lower_all_of(&name, members, written, pointer)
            }
            _ => {
                let lowered = self.lower_ty(SchemaRef::Inline(schema), &name, pointer);
                let ty = if lowered.ty == Ty::Named(id) {
                    Ty::Json
                } else {
                    lowered.ty
                };
                TypeKind::Newtype(ty)
            }
        };
        self.types[id].kind = kind;
    }

    /// Lowers the properties of one or more object schemas (several for
    /// `allOf`) into one struct; the properties in `left` are left to the
    /// members of the union the object also is.
    fn lower_struct(
        &mut self,
        type_name: &str,
        parts: &[(&'a Props, &'a [String], String)],
        additional: Option<&'a AdditionalProperties>,
        left: &BTreeSet<String>,
    ) -> Struct {
        let mut scope = Scope::default();
        let mut fields: Vec<Field> = Vec::new();
        for (props, required, pointer) in parts {
            for (wire, prop) in props.iter() {
                let prop_pointer = join(&join(pointer, "properties"), wire);
                let r = SchemaRef::of_boxed(prop);
                if left.contains(wire)
                    || self
                        .deref(r)
                        .is_some_and(|s| matches!(shape(s), Shape::Never))
                {
                    // `false`: the property may not appear, so it is no field.
                    continue;
                }
                let hint = format!("{type_name}{}", naming::type_name(wire));
                let lowered = self.lower_ty(r, &hint, &prop_pointer);
                let (doc, deprecated) = match r {
                    SchemaRef::Inline(s) => (with_default(s), s.schema_data.deprecated),
                    SchemaRef::Ref(_) => (None, false),
                };
                // A property only one direction carries (`readOnly`: responses,
                // `writeOnly`: requests); `usage` decides what that makes it.
                let access = match self.deref(r).map(|s| &s.schema_data) {
                    Some(data) if data.read_only && !data.write_only => Access::ReadOnly,
                    Some(data) if data.write_only && !data.read_only => Access::WriteOnly,
                    _ => Access::ReadWrite,
                };
                // `required` may come from any member of an `allOf`.
                let required = required.iter().any(|r| r == wire)
                    || parts
                        .iter()
                        .any(|(_, other, _)| other.iter().any(|r| r == wire));
                if let Some(existing) = fields.iter_mut().find(|f| &f.wire == wire) {
                    // allOf members may repeat a property; the later one refines it.
                    existing.required |= required;
                    if existing.ty == Ty::Json {
                        existing.ty = lowered.ty;
                    }
                    continue;
                }
                let name = claim_reported(
                    &mut scope,
                    naming::value_name(wire),
                    self.diags,
                    &prop_pointer,
                    &format!("property `{wire}`"),
                );
                fields.push(Field {
                    wire: wire.clone(),
                    name,
                    doc,
                    ty: lowered.ty,
                    required,
                    nullable: lowered.nullable,
                    deprecated,
                    access,
                    // As received; `usage::mark` decides again for types that are sent.
                    repr: FieldRepr::of(
                        required && access != Access::WriteOnly,
                        lowered.nullable,
                        false,
                    ),
                    style: None,
                });
            }
        }
        let (value, closed) = match additional {
            Some(AdditionalProperties::Any(false)) => (Ty::Json, true),
            Some(AdditionalProperties::Schema(_)) => {
                match self.map_ty(additional, type_name, &parts[0].2) {
                    Ty::Map(value) => (*value, false),
                    _ => (Ty::Json, false),
                }
            }
            _ => (Ty::Json, false),
        };
        let extra = Extra {
            name: claim_reported(
                &mut scope,
                "extra".to_owned(),
                self.diags,
                parts.first().map_or("#", |p| p.2.as_str()),
                "the field that keeps undeclared properties",
            ),
            value,
            closed,
        };
        Struct {
            fields,
            extra,
            union: None,
            tag: None,
        }
    }

    /// `allOf`: the members' properties merged into one struct. A member that
    /// is a union (`oneOf`/`anyOf`, also one a `properties` beside a union
    /// became) is the struct's flattened union field: its members read every
    /// property the struct's own fields do not.
    /// The members after the first `written` are the schema's own properties
    /// and union, which `normalize` moved there (their pointers are the schema's).
    fn lower_all_of(
        &mut self,
        type_name: &str,
        members: &'a [ReferenceOr<Schema>],
        written: usize,
        pointer: &str,
    ) -> TypeKind {
        let mut parts = Vec::new();
        let mut unions = Vec::new();
        let mut closed = None;
        let mut kinds = std::collections::BTreeSet::new();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = if i < written {
                join(&join(pointer, "allOf"), &i.to_string())
            } else {
                pointer.to_owned()
            };
            let Some(schema) = self.deref(SchemaRef::of(member)) else {
                if let ReferenceOr::Reference { reference } = member {
                    self.dangling(
                        WarningKind::Loosened,
                        reference,
                        &member_pointer,
                        "this member adds no properties",
                    );
                }
                continue;
            };
            match shape(schema) {
                Shape::Object { .. } | Shape::AllOf(_) => {}
                Shape::Any | Shape::OneOf(_) | Shape::AnyOf(_) => {}
                _ => {
                    kinds.insert(kind_label(schema));
                }
            }
            self.collect_unions(member, &member_pointer, &mut unions, 0);
            self.collect_object_parts(schema, &member_pointer, &mut parts, &mut closed, 0);
        }
        if kinds.len() > 1 || (!kinds.is_empty() && !parts.is_empty()) {
            let mut all: Vec<&str> = kinds.into_iter().collect();
            if !parts.is_empty() {
                all.push("Object");
            }
            self.diags.loosened(
                join(pointer, "allOf"),
                format!("the members of this allOf contradict each other ({}), so no value can match them all; it is kept as plain JSON", all.join(", ")),
                "make every member describe the same kind of value",
            );
            return TypeKind::Newtype(Ty::Json);
        }
        let Some((union, union_pointer)) = unions.first().cloned() else {
            return TypeKind::Struct(self.lower_struct(
                type_name,
                &parts,
                closed,
                &BTreeSet::new(),
            ));
        };
        for (_, other) in unions.iter().skip(1) {
            self.diags.loosened(
                other,
                "a second union in one allOf: only the first is typed; the properties of this one are read by the first union's members, into their `extra`",
                "make this union part of the first one's members, or move it to a property of its own",
            );
        }
        let left = self.left_to_union(union, &parts);
        let mut lowered = self.lower_struct(type_name, &parts, closed, &left);
        if lowered.fields.is_empty() {
            // Every common property is one the members read themselves, so
            // the object is its union.
            return self.union_itself(type_name, union, &union_pointer);
        }
        let union_ty = self
            .lower_ty(
                SchemaRef::of(union),
                &format!("{type_name}Kind"),
                &union_pointer,
            )
            .ty;
        if let (Ty::Named(id), ReferenceOr::Item(_)) = (&union_ty, union) {
            let doc = &mut self.types[*id].doc;
            if doc.is_none() {
                *doc = Some(format!(
                    "Which of its union's members a value of [`{type_name}`] is, with that member's properties."
                ));
            }
        }
        // Not the name of any property, even one the union's members read.
        let taken: BTreeSet<String> = parts
            .iter()
            .flat_map(|(props, _, _)| props.keys().map(|k| naming::value_name(k)))
            .chain(lowered.fields.iter().map(|f| f.name.clone()))
            .collect();
        let name = ["kind", "variant", "one_of"]
            .into_iter()
            .find(|n| !taken.contains(*n))
            .unwrap_or("union_value")
            .to_owned();
        lowered.union = Some(UnionField { name, ty: union_ty });
        TypeKind::Struct(lowered)
    }

    /// The kind of an object that is nothing but its union: the union
    /// itself when written in place, else a newtype of the one referred to.
    fn union_itself(
        &mut self,
        type_name: &str,
        union: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> TypeKind {
        if let ReferenceOr::Item(schema) = union {
            match shape(schema) {
                Shape::OneOf(members) => {
                    let at = join(pointer, "oneOf");
                    return self.lower_union(type_name, schema, members, pointer, &at);
                }
                Shape::AnyOf(members) => {
                    let at = join(pointer, "anyOf");
                    return self.lower_union(type_name, schema, members, pointer, &at);
                }
                _ => {}
            }
        }
        let hint = format!("{type_name}Kind");
        TypeKind::Newtype(self.lower_ty(SchemaRef::of(union), &hint, pointer).ty)
    }

    /// The unions among an `allOf` member and, through nested `allOf`s, its
    /// members: `(member, pointer)`.
    fn collect_unions(
        &self,
        member: &'a ReferenceOr<Schema>,
        pointer: &str,
        out: &mut Vec<(&'a ReferenceOr<Schema>, String)>,
        depth: usize,
    ) {
        let Some(schema) = self.deref(SchemaRef::of(member)).filter(|_| depth <= 16) else {
            return;
        };
        match shape(schema) {
            Shape::OneOf(members) | Shape::AnyOf(members) => match self.single_non_null(members) {
                Some(only) => self.collect_unions(only, pointer, out, depth + 1),
                // Members that only constrain (`required: [a]`) add no shape.
                None if schema.schema_data.discriminator.is_none()
                    && members.iter().all(|m| {
                        self.deref(SchemaRef::of(m))
                            .is_some_and(|s| matches!(shape(s), Shape::Any | Shape::Null))
                    }) => {}
                None => out.push((member, pointer.to_owned())),
            },
            Shape::AllOf(members) => {
                for (i, inner) in members.iter().enumerate() {
                    let at = join(&join(pointer, "allOf"), &i.to_string());
                    self.collect_unions(inner, &at, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The common properties (of `parts`) that the members of `union` read
    /// themselves: its discriminator's property, and any a member declares.
    /// A common property some members declare and others do not is read by
    /// those others into their `extra`, with a warning.
    fn left_to_union(
        &mut self,
        union: &'a ReferenceOr<Schema>,
        parts: &[(&'a Props, &'a [String], String)],
    ) -> BTreeSet<String> {
        let mut left = BTreeSet::new();
        let Some(schema) = self.deref(SchemaRef::of(union)) else {
            return left;
        };
        if let Some(disc) = &schema.schema_data.discriminator {
            left.insert(disc.property_name.clone());
        }
        let (Shape::OneOf(members) | Shape::AnyOf(members)) = shape(schema) else {
            return left;
        };
        let declared: Vec<BTreeSet<String>> = members
            .iter()
            .filter_map(|m| self.deref(SchemaRef::of(m)))
            .filter(|s| !matches!(shape(s), Shape::Null | Shape::Never))
            .map(|s| {
                let mut member_parts = Vec::new();
                let mut additional = None;
                self.collect_object_parts(s, "#", &mut member_parts, &mut additional, 0);
                member_parts
                    .iter()
                    .flat_map(|(props, _, _)| props.keys().cloned())
                    .collect()
            })
            .collect();
        for (props, _, pointer) in parts {
            for wire in props.keys() {
                let by = declared.iter().filter(|d| d.contains(wire)).count();
                if by == 0 || left.contains(wire) {
                    continue;
                }
                left.insert(wire.clone());
                if by < declared.len() {
                    self.diags.loosened(
                        join(&join(pointer, "properties"), wire),
                        format!("property `{wire}` is declared here and by some members of the union beside it, so those members read it; the members that do not declare it keep it in their `extra`"),
                        "declare the property either beside the union or in every member of it",
                    );
                }
            }
        }
        left
    }

    pub(super) fn collect_object_parts(
        &self,
        schema: &'a Schema,
        pointer: &str,
        parts: &mut Vec<(&'a Props, &'a [String], String)>,
        additional: &mut Option<&'a AdditionalProperties>,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        match shape(schema) {
            Shape::Object {
                props,
                required,
                additional: a,
            } => {
                parts.push((props, required, pointer.to_owned()));
                if additional.is_none() {
                    *additional = a;
                }
            }
            Shape::AllOf(members) => {
                for (i, member) in members.iter().enumerate() {
                    if let Some(s) = self.deref(SchemaRef::of(member)) {
                        self.collect_object_parts(
                            s,
                            &join(&join(pointer, "allOf"), &i.to_string()),
                            parts,
                            additional,
                            depth + 1,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Warns about a `$ref` that points at nothing; `consequence` says what
    /// stands in for the missing part, and `kind` what that does to it.
    pub(crate) fn dangling(
        &mut self,
        kind: WarningKind,
        reference: &'a str,
        pointer: &str,
        consequence: &str,
    ) {
        if let Some(found) = pointer::target(self.doc, reference) {
            let found = found.node.kind();
            self.diags.push(Diagnostic::warning(
                kind,
                pointer,
                format!(
                    "`$ref: {reference}` points at {found}, which cannot stand here; {consequence}"
                ),
                "point the reference at the kind of object this place takes",
            ));
            return;
        }
        let help = match reference
            .strip_prefix("#/components/")
            .and_then(|r| r.split_once('/'))
        {
            Some((section, name)) => match self.closest_component(section, name) {
                Some(near) => format!(
                    "did you mean `#/components/{section}/{near}`? Otherwise define `{name}` under `components/{section}`"
                ),
                None => format!(
                    "define `{name}` under `components/{section}`, or correct the reference"
                ),
            },
            None if reference.starts_with('#') => {
                "no part of this document is at that JSON pointer; correct the reference".to_owned()
            }
            None => {
                "references to other files are not followed; bundle the spec into one file first"
                    .to_owned()
            }
        };
        self.diags.push(Diagnostic::warning(
            kind,
            pointer,
            format!("`$ref: {reference}` points at nothing this generator can find; {consequence}"),
            help,
        ));
    }
}

impl Lowerer<'_> {
    /// The name in `components/<section>` closest to `name` (by edit distance,
    /// ignoring case), when one is close enough to be a likely typo.
    fn closest_component(&self, section: &str, name: &str) -> Option<String> {
        let components = self.doc.components.as_ref()?;
        let names: Vec<&String> = match section {
            "schemas" => components.schemas.keys().collect(),
            "parameters" => components.parameters.keys().collect(),
            "responses" => components.responses.keys().collect(),
            "requestBodies" => components.request_bodies.keys().collect(),
            "headers" => components.headers.keys().collect(),
            "securitySchemes" => components.security_schemes.keys().collect(),
            "examples" => components.examples.keys().collect(),
            _ => return None,
        };
        let wanted = name.to_ascii_lowercase();
        names
            .into_iter()
            .map(|candidate| {
                let distance = strsim::levenshtein(&wanted, &candidate.to_ascii_lowercase());
                (distance, candidate)
            })
            .filter(|(distance, candidate)| {
                *distance <= (candidate.len().max(name.len()) / 3).max(1)
            })
            .min()
            .map(|(_, candidate)| candidate.clone())
    }
}

/// A schema's description, with its default value noted when it has one.
fn with_default(schema: &Schema) -> Option<String> {
    let description = schema.schema_data.description.clone();
    let Some(default) = &schema.schema_data.default else {
        return description;
    };
    let note = format!("Default: `{}`.", default.to_string().replace('`', "'"));
    Some(match description {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
        _ => note,
    })
}

/// The schema name in a `#/components/schemas/<name>` reference.
pub(crate) fn component_name(reference: &str) -> Option<String> {
    match <[String; 3]>::try_from(pointer::tokens(reference)?) {
        Ok([components, schemas, name]) if components == "components" && schemas == "schemas" => {
            Some(name)
        }
        _ => None,
    }
}

fn enum_variants(values: &[String], diags: &mut Diagnostics, pointer: &str) -> Vec<EnumVariant> {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = std::collections::BTreeSet::new();
    let at = join(pointer, "enum");
    values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| EnumVariant {
            wire: v.clone(),
            name: claim_reported(
                &mut scope,
                naming::variant_name(v),
                diags,
                &at,
                &format!("enum value `{v}`"),
            ),
        })
        .collect()
}

pub(super) fn kind_label(schema: &Schema) -> &'static str {
    match shape(schema) {
        Shape::String | Shape::StringEnum(_) | Shape::Base64 => "String",
        Shape::Binary => "Bytes",
        Shape::Integer(_) => "Integer",
        Shape::Number => "Number",
        Shape::Boolean => "Boolean",
        Shape::Array(_) | Shape::Tuple(_) => "Array",
        Shape::Object { .. } => "Object",
        _ => "Value",
    }
}
