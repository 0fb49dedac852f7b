//! The spec's own examples, checked against the models they belong to.
//!
//! Specs carry `example`/`examples` on schemas, properties, parameters,
//! request bodies and responses. Each is matched to the Rust type the
//! generated crate decodes that place with, and checked the way that type
//! decodes: an example that would not decode is a warning pointing at it
//! (the spec contradicts itself), and every other example becomes a test of
//! the generated crate that decodes it and encodes it again.

use crate::diagnostics::{join, Diagnostics};
use crate::ir::{Api, FieldRepr, IntKind, Response, Ty, TypeDef, TypeKind};
use openapiv3::{MediaType, OpenAPI, Parameter, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::HashMap;

/// An example of the spec and the type that decodes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example is (JSON pointer).
    pub pointer: String,
    /// The type it is decoded as.
    pub ty: Ty,
    /// The example.
    pub value: Value,
    /// A parameter's example: sent, never decoded, and possibly written as
    /// the text it travels as (`"true"` for a boolean).
    pub parameter: bool,
}

/// The examples of `doc` that `api`'s types decode; each that contradicts its
/// schema is a warning instead.
pub fn collect(doc: &OpenAPI, api: &Api, diags: &mut Diagnostics) -> Vec<Example> {
    let mut found = Vec::new();
    let by_origin: HashMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.origin.as_str(), i))
        .collect();
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            let at = join("#/components/schemas", name);
            if let (ReferenceOr::Item(schema), Some(&id)) = (schema, by_origin.get(at.as_str())) {
                let def = &api.types[id];
                schema_examples(schema, &at, &Ty::Named(crate::ir::TypeId(id)), &mut found);
                properties(schema, &at, def, &mut found);
            }
        }
    }
    for (path, item) in doc.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        let at = join("#/paths", path);
        for (method, op) in item.iter() {
            let Some(ours) = api
                .operations
                .iter()
                .find(|o| o.path.text == *path && o.method.as_str().eq_ignore_ascii_case(method))
            else {
                continue;
            };
            let op_at = join(&at, method);
            operation_examples(api, ours, op, &op_at, &mut found);
        }
    }
    found.retain(|e| match example_fits(api, e) {
        // A parameter's example is checked, but there is nothing to decode.
        Ok(()) => !e.parameter,
        Err(why) => {
            diags.inconsistent(
                &e.pointer,
                format!("the spec's example does not fit its own schema: {why}"),
                "correct the example or the schema (an overlay can do either without editing the spec)",
            );
            false
        }
    });
    found
}

fn schema_examples(schema: &Schema, at: &str, ty: &Ty, found: &mut Vec<Example>) {
    if let Some(value) = &schema.schema_data.example {
        found.push(Example {
            pointer: join(at, "example"),
            ty: ty.clone(),
            value: value.clone(),
            parameter: false,
        });
    }
}

/// The examples of a struct component's properties, each as its field's type.
fn properties(schema: &Schema, at: &str, def: &TypeDef, found: &mut Vec<Example>) {
    let TypeKind::Struct(s) = &def.kind else {
        return;
    };
    let props = match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => &o.properties,
        openapiv3::SchemaKind::Any(a) => &a.properties,
        _ => return,
    };
    for (name, prop) in props {
        let (ReferenceOr::Item(prop), Some(field)) =
            (prop, s.fields.iter().find(|f| f.wire == *name))
        else {
            continue;
        };
        let ty = match field.repr {
            FieldRepr::Plain => field.ty.clone(),
            _ => Ty::Nullable(Box::new(field.ty.clone())),
        };
        schema_examples(prop, &join(&join(at, "properties"), name), &ty, found);
    }
}

fn operation_examples(
    api: &Api,
    ours: &crate::ir::Operation,
    op: &openapiv3::Operation,
    at: &str,
    found: &mut Vec<Example>,
) {
    if let (Some(ReferenceOr::Item(body)), Some(ours_body)) = (&op.request_body, &ours.body) {
        // Only JSON examples are JSON values; a form's are its fields as text.
        let media = body
            .content
            .get(&ours_body.media)
            .filter(|_| is_json(&ours_body.media));
        if let Some(media) = media {
            let content = join(&join(&join(at, "requestBody"), "content"), &ours_body.media);
            media_examples(media, &content, &ours_body.ty, found);
        }
    }
    let json = match &ours.response {
        Response::Json(ty) => Some(ty),
        Response::Optional { body, .. } => match &**body {
            Response::Json(ty) => Some(ty),
            _ => None,
        },
        _ => None,
    };
    if let Some(ty) = json {
        // The response the method returns: the first 2xx with JSON content.
        let chosen = op.responses.responses.iter().find_map(|(status, r)| {
            let ok = status.to_string().starts_with('2');
            match r {
                ReferenceOr::Item(r) if ok => r
                    .content
                    .iter()
                    .find(|(media, _)| is_json(media))
                    .map(|(media, m)| (status.to_string(), media.clone(), m)),
                _ => None,
            }
        });
        if let Some((status, media, m)) = chosen {
            let content = join(
                &join(&join(&join(at, "responses"), &status), "content"),
                &media,
            );
            media_examples(m, &content, ty, found);
        }
    }
    for (i, p) in op.parameters.iter().enumerate() {
        let ReferenceOr::Item(p) = p else { continue };
        let data = p.parameter_data_ref();
        let Some(ty) = parameter_ty(api, ours, p) else {
            continue;
        };

        let p_at = join(&join(at, "parameters"), &i.to_string());
        if let Some(value) = &data.example {
            found.push(Example {
                pointer: join(&p_at, "example"),
                ty: ty.clone(),
                value: value.clone(),
                parameter: true,
            });
        }
        for (name, example) in &data.examples {
            if let ReferenceOr::Item(example) = example {
                if let Some(value) = &example.value {
                    found.push(Example {
                        pointer: join(&join(&join(&p_at, "examples"), name), "value"),
                        ty: ty.clone(),
                        value: value.clone(),
                        parameter: true,
                    });
                }
            }
        }
    }
}

/// The type an operation's parameter is given: a path parameter is a
/// string; a query, header or cookie parameter its field's type.
fn parameter_ty(api: &Api, ours: &crate::ir::Operation, p: &Parameter) -> Option<Ty> {
    let name = &p.parameter_data_ref().name;
    if let Parameter::Path { .. } = p {
        return ours
            .path_params
            .iter()
            .any(|f| f.wire == *name)
            .then_some(Ty::String);
    }
    let TypeKind::Params(params) = &api.types[ours.params?.0].kind else {
        return None;
    };
    let field = params
        .query
        .iter()
        .chain(&params.headers)
        .chain(&params.cookies)
        .find(|f| f.wire == *name)?;
    Some(field.ty.clone())
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn media_examples(media: &MediaType, at: &str, ty: &Ty, found: &mut Vec<Example>) {
    if let Some(value) = &media.example {
        found.push(Example {
            pointer: join(at, "example"),
            ty: ty.clone(),
            value: value.clone(),
            parameter: false,
        });
    }
    for (name, example) in &media.examples {
        if let ReferenceOr::Item(example) = example {
            if let Some(value) = &example.value {
                found.push(Example {
                    pointer: join(&join(&join(at, "examples"), name), "value"),
                    ty: ty.clone(),
                    value: value.clone(),
                    parameter: false,
                });
            }
        }
    }
    if let Some(ReferenceOr::Item(schema)) = &media.schema {
        schema_examples(schema, &join(at, "schema"), ty, found);
    }
}

/// Whether an example fits its place: [`fits`], where a parameter's example
/// may also be the text of a scalar (`"true"`, `"20"`) or of a whole array
/// (`"a,b"`).
fn example_fits(api: &Api, e: &Example) -> Result<(), String> {
    let (true, Value::String(text)) = (e.parameter, &e.value) else {
        return fits(api, &e.ty, &e.value);
    };
    let scalar = match &e.ty {
        Ty::Nullable(inner) => inner,
        ty => ty,
    };
    match scalar {
        Ty::Bool if text == "true" || text == "false" => Ok(()),
        Ty::Int(kind) => match text.parse::<serde_json::Number>() {
            Ok(n) => integer_fits(*kind, &Value::Number(n)),
            Err(_) => Err(format!("expected an integer, found the string {text:?}")),
        },
        Ty::Float if text.parse::<f64>().is_ok() => Ok(()),
        Ty::Array(_) => Ok(()),
        _ => fits(api, &e.ty, &e.value),
    }
}

/// Whether `value` decodes as `ty` the way the generated model decodes it:
/// `Err` says where (`.data[0].id`) and what did not fit. Open enums and
/// unions with an `Unknown` variant take any value of their shape.
pub fn fits(api: &Api, ty: &Ty, value: &Value) -> Result<(), String> {
    let wrong = |want: &str| Err(format!("expected {want}, found {}", kind_of(value)));
    match ty {
        Ty::Json => Ok(()),
        Ty::JsonObject => match value {
            Value::Object(_) => Ok(()),
            _ => wrong("an object"),
        },
        Ty::String | Ty::Base64 => match value {
            Value::String(_) => Ok(()),
            _ => wrong("a string"),
        },
        Ty::Bool => match value {
            Value::Bool(_) => Ok(()),
            _ => wrong("a boolean"),
        },
        Ty::Float => match value {
            Value::Number(_) => Ok(()),
            _ => wrong("a number"),
        },
        Ty::Int(kind) => integer_fits(*kind, value),
        // A file part is not JSON; nothing to check.
        Ty::Bytes => Ok(()),
        Ty::Nullable(inner) => match value {
            Value::Null => Ok(()),
            _ => fits(api, inner, value),
        },
        Ty::Boxed(inner) => fits(api, inner, value),
        Ty::Array(item) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| fits(api, item, v).map_err(|e| format!("[{i}]{}", at(&e)))),
            _ => wrong("an array"),
        },
        Ty::Tuple(items) => match value {
            Value::Array(values) if values.len() == items.len() => items
                .iter()
                .zip(values)
                .enumerate()
                .try_for_each(|(i, (t, v))| {
                    fits(api, t, v).map_err(|e| format!("[{i}]{}", at(&e)))
                }),
            Value::Array(values) => Err(format!(
                "expected an array of {} items, found {}",
                items.len(),
                values.len()
            )),
            _ => wrong("an array"),
        },
        Ty::Map(inner) => match value {
            Value::Object(map) => map
                .iter()
                .try_for_each(|(k, v)| fits(api, inner, v).map_err(|e| format!(".{k}{}", at(&e)))),
            _ => wrong("an object"),
        },
        Ty::Named(id) => named_fits(api, &api.types[id.0], value),
    }
}

/// A nested error's text after its place: `.a: expected …` stays as is, a
/// plain message gets `: ` before it.
fn at(e: &str) -> String {
    if e.starts_with('.') || e.starts_with('[') {
        e.to_owned()
    } else {
        format!(": {e}")
    }
}

fn named_fits(api: &Api, def: &TypeDef, value: &Value) -> Result<(), String> {
    let wrong = |want: &str| Err(format!("expected {want}, found {}", kind_of(value)));
    match &def.kind {
        TypeKind::Struct(s) => {
            let Value::Object(map) = value else {
                return wrong("an object");
            };
            for f in &s.fields {
                match map.get(&f.wire) {
                    None | Some(Value::Null) if f.repr == FieldRepr::Plain && f.ty != Ty::Json => {
                        return Err(format!(".{}: required, and missing or null", f.wire));
                    }
                    None | Some(Value::Null) => {}
                    Some(v) => fits(api, &f.ty, v).map_err(|e| format!(".{}{}", f.wire, at(&e)))?,
                }
            }
            // The union the object also is reads the same object.
            match &s.union {
                Some(union) => fits(api, &union.ty, value),
                None => Ok(()),
            }
        }
        TypeKind::Enum(_) => match value {
            Value::String(_) => Ok(()),
            _ => wrong("a string"),
        },
        TypeKind::Tagged(t) => {
            let Value::Object(map) = value else {
                return wrong("an object");
            };
            let tag = map.get(&t.tag).and_then(Value::as_str);
            match t
                .variants
                .iter()
                .find(|v| v.wires.iter().any(|w| Some(w.as_str()) == tag))
            {
                Some(variant) => fits(api, &variant.ty, value),
                // A tag this crate does not know decodes as `Unknown`.
                None => Ok(()),
            }
        }
        // Untagged unions end in a catch-all variant (`Unknown`, or one of any JSON value).
        TypeKind::Untagged(_) => Ok(()),
        TypeKind::Newtype(inner) => fits(api, inner, value),
        TypeKind::Params(_) | TypeKind::Outcomes(_) => Ok(()),
    }
}

fn integer_fits(kind: IntKind, value: &Value) -> Result<(), String> {
    let Value::Number(n) = value else {
        return Err(format!("expected an integer, found {}", kind_of(value)));
    };
    // An example is the spec's own text: an integer written as `1.0` is
    // taken as not an integer, though servers' `1.0` decodes.
    let whole = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from));
    let Some(whole) = whole else {
        return Err(format!("expected an integer, found {n}"));
    };
    let (lo, hi) = match kind {
        IntKind::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        IntKind::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
        IntKind::U32 => (0, i128::from(u32::MAX)),
        IntKind::U64 => (0, i128::from(u64::MAX)),
    };
    if (lo..=hi).contains(&whole) {
        Ok(())
    } else {
        Err(format!("{n} is out of range for {kind:?}").to_lowercase())
    }
}

fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    fn warnings(spec: &str) -> (usize, Vec<String>) {
        let mut diags = Diagnostics::default();
        let loaded = crate::load::load(spec, &[], &mut diags).expect("loads");
        let api = crate::lower::lower(&loaded.doc, &mut diags);
        let examples = super::collect(&loaded.doc, &api, &mut diags);
        let warnings = diags.finish().expect("no errors");
        (
            examples.len(),
            warnings.iter().map(ToString::to_string).collect(),
        )
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /books/{id}:
    get:
      operationId: getBook
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: b1}
        - {name: limit, in: query, schema: {type: integer, format: int32}, example: 5000000000}
        - {name: fresh, in: query, schema: {type: boolean}, example: 'true'}
        - {name: size, in: query, schema: {type: integer}, example: '20'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Book'}
              examples:
                good: {value: {id: b1, pages: 3, tags: [a]}}
                missing: {value: {pages: 3}}
components:
  schemas:
    Book:
      type: object
      required: [id]
      example: {id: b2, pages: many}
      properties:
        id: {type: string}
        pages: {type: integer, example: 1.5}
        tags: {type: array, items: {type: string}, example: [x, 2]}
"#;

    #[test]
    fn examples_that_contradict_their_schema_are_located_warnings() {
        let (kept, warnings) = warnings(SPEC);
        // The good response example; parameters' examples are checked, not decoded.
        assert_eq!(kept, 1, "{warnings:#?}");
        let expected = [
            "warning[inconsistent] at #/components/schemas/Book/example: the spec's example does not fit its own schema: .pages: expected an integer, found the string \"many\"",
            "warning[inconsistent] at #/components/schemas/Book/properties/pages/example: the spec's example does not fit its own schema: expected an integer, found 1.5",
            "warning[inconsistent] at #/components/schemas/Book/properties/tags/example: the spec's example does not fit its own schema: [1]: expected a string, found the number 2",
            "warning[inconsistent] at #/paths/~1books~1{id}/get/responses/200/content/application~1json/examples/missing/value: the spec's example does not fit its own schema: .id: required, and missing or null",
            "warning[inconsistent] at #/paths/~1books~1{id}/get/parameters/1/example: the spec's example does not fit its own schema: 5000000000 is out of range for i32",
        ];
        for (warning, expected) in warnings.iter().zip(expected) {
            assert!(
                warning.starts_with(expected),
                "{warning}\n  wanted: {expected}"
            );
        }
        assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    }
}
