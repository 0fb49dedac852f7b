//! Lowering of whole small documents: references that lead anywhere, or nowhere.

use crate::diagnostics::{Diagnostics, Severity};
use crate::ir::{Api, Body, BodyKind, Response, Status, Ty, TypeKind};

/// Lowers `yaml`; also returns the warnings' texts.
fn lowered(yaml: &str) -> (Api, Vec<String>) {
    let mut diags = Diagnostics::default();
    let doc = crate::load::load(yaml, &[], &mut diags)
        .expect("the document loads")
        .doc;
    let api = super::lower(&doc, &mut diags);
    let all = diags.finish().expect("no errors");
    assert!(all.iter().all(|d| d.severity == Severity::Warning));
    (api, all.iter().map(ToString::to_string).collect())
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}

fn field_ty<'a>(api: &'a Api, type_name: &str, wire: &str) -> &'a Ty {
    let TypeKind::Struct(s) = type_named(api, type_name) else {
        panic!("{type_name} is not a struct");
    };
    &s.fields
        .iter()
        .find(|f| f.wire == wire)
        .expect("the field")
        .ty
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn dangling_body_parameter_and_response_refs_keep_the_operation() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths:
  /pets:
    post:
      operationId: createPet
      parameters:
        - $ref: '#/components/parameters/Limit'
        - {{name: dry_run, in: query, schema: {{type: boolean}}}}
      requestBody: {{$ref: '#/components/requestBodies/NewPet'}}
      responses:
        '200': {{$ref: '#/components/responses/Created'}}
"
    ));
    assert_eq!(api.operations.len(), 1, "{warnings:?}");
    let op = &api.operations[0];
    assert_eq!(
        op.body,
        Some(Body {
            ty: Ty::Json,
            required: false,
            kind: BodyKind::Json,
            media: "application/json".to_owned(),
            other_media: Vec::new(),
            encoding: Vec::new(),
        })
    );
    assert_eq!(op.response, Response::Bytes("*/*".to_owned()));
    let TypeKind::Params(params) = &api.types[op.params.expect("query")].kind else {
        panic!("not params");
    };
    let names: Vec<&str> = params.query.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(names, ["dry_run"]);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings
        .iter()
        .any(|w| w.contains("parameter `Limit` is left out")));
}

#[test]
fn a_pointer_names_one_type_wherever_it_is_met() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{next: {{type: string}}}}
components:
  schemas:
    A:
      type: object
      properties:
        inner: {{type: object, properties: {{x: {{type: integer}}}}}}
        page: {{$ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema'}}
        again: {{$ref: '#/paths/~1pets/get/responses/200/content/application%7E1json/schema'}}
        count: {{$ref: '#/components/schemas/A/properties/inner/properties/x'}}
    B:
      type: object
      properties:
        inner: {{$ref: '#/components/schemas/A/properties/inner'}}
        nowhere: {{$ref: '#/components/schemas/B/properties/inner/properties/y'}}
"
    ));
    let page = field_ty(&api, "A", "page").clone();
    assert_eq!(
        page,
        Ty::Named(
            api.types
                .iter()
                .position(|t| t.name == "ListPetsResponse")
                .map(crate::ir::TypeId)
                .expect("named after the operation")
        )
    );
    assert_eq!(field_ty(&api, "A", "again"), &page);
    assert_eq!(api.operations[0].response, Response::Json(page));
    assert_eq!(
        field_ty(&api, "A", "count"),
        &Ty::Int(crate::ir::IntKind::I64)
    );
    assert_eq!(field_ty(&api, "B", "inner"), field_ty(&api, "A", "inner"));
    assert_eq!(field_ty(&api, "B", "nowhere"), &Ty::Json);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn a_mapping_to_a_missing_schema_leaves_the_rest_of_the_union_tagged() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping: {{cat: Cat, dog: '#/components/schemas/Dog', bird: '#/components/schemas/Bird'}}
    Cat: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
    Dog: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
"
    ));
    let TypeKind::Tagged(tagged) = type_named(&api, "Pet") else {
        panic!("Pet is not tagged");
    };
    let values: Vec<&str> = tagged
        .variants
        .iter()
        .map(|v| v.wires[0].as_str())
        .collect();
    assert_eq!(values, ["cat", "dog"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("#/components/schemas/Pet/discriminator/mapping/bird"));
}

/// The responses of one operation, `createPet`, as YAML under `responses:`,
/// with `Pet` and `Job` schemas to refer to.
fn with_responses(responses: &str) -> (Api, Vec<String>) {
    lowered(&format!(
        "{HEAD}paths:
  /pets:
    post:
      operationId: createPet
      responses:
{responses}components:
  schemas:
    Pet: {{type: object, properties: {{name: {{type: string}}}}}}
    Job: {{type: object, properties: {{id: {{type: string}}}}}}
"
    ))
}

fn id_of(api: &Api, name: &str) -> crate::ir::TypeId {
    crate::ir::TypeId(
        api.types
            .iter()
            .position(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}")),
    )
}

#[test]
fn one_body_under_several_successes_is_the_result() {
    let (api, _) = with_responses(
        "        '200': {description: a, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '201': {description: b, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        2XX: {description: c, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
",
    );
    let pet = id_of(&api, "Pet");
    assert_eq!(api.operations[0].response, Response::Json(Ty::Named(pet)));
    assert_eq!(api.operations[0].errors, None);
}

#[test]
fn successes_without_content_make_the_body_optional() {
    let (api, warnings) = with_responses(
        "        '200': {description: a, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '204': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
        '202': {description: later}
",
    );
    let pet = id_of(&api, "Pet");
    assert_eq!(
        api.operations[0].response,
        Response::Optional {
            body: Box::new(Response::Json(Ty::Named(pet))),
            present: vec![Status::Code(200)],
            empty: vec![Status::Code(202), Status::Code(204)],
        }
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("/responses/204/content") && w.contains("has no body")),
        "{warnings:?}"
    );
}

#[test]
fn several_bodies_are_an_enum_told_apart_by_status() {
    let (api, _) = with_responses(
        "        '200': {description: the pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '201': {description: a job, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
        '202': {description: queued, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
        '203': {description: names, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        '204': {description: nothing}
",
    );
    let Response::Choice(id) = api.operations[0].response else {
        panic!("{:?}", api.operations[0].response);
    };
    assert_eq!(api.types[id].name, "CreatePetResponse");
    let TypeKind::Outcomes(outcomes) = &api.types[id].kind else {
        panic!("not an enum of responses");
    };
    assert!(!outcomes.errors);
    let variants: Vec<(&str, &[Status])> = outcomes
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.statuses.as_slice()))
        .collect();
    assert_eq!(
        variants,
        [
            ("Pet", &[Status::Code(200)][..]),
            ("Job", &[Status::Code(201), Status::Code(202)][..]),
            ("NonAuthoritativeInformation", &[Status::Code(203)][..]),
            ("NoContent", &[Status::Code(204)][..]),
        ]
    );
    assert!(api.types[id].usage.output);
}

#[test]
fn a_lone_default_is_the_result_and_no_error() {
    let (api, _) = with_responses(
        "        default: {description: a, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
",
    );
    let pet = id_of(&api, "Pet");
    assert_eq!(api.operations[0].response, Response::Json(Ty::Named(pet)));
    assert_eq!(api.operations[0].errors, None);
}

#[test]
fn declared_error_bodies_are_an_enum_and_shared_inline_ones_one_type() {
    let (api, _) = lowered(&format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {{description: ok}}
        '404': {{description: none, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Missing'}}}}}}}}
        4XX: {{description: refused}}
        default: {{description: other, content: {{application/json: {{schema: {{type: object, properties: {{detail: {{type: string}}}}}}}}}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {{description: ok}}
        default: {{description: other, content: {{application/json: {{schema: {{type: object, properties: {{detail: {{type: string}}}}}}}}}}}}
components:
  schemas:
    Missing: {{type: object, properties: {{id: {{type: string}}}}}}
"
    ));
    let errors_a = api.operations[0]
        .errors
        .expect("getA declares error bodies");
    assert_eq!(api.types[errors_a].name, "GetAError");
    let TypeKind::Outcomes(outcomes) = &api.types[errors_a].kind else {
        panic!("not an enum of responses");
    };
    assert!(outcomes.errors);
    let names: Vec<&str> = outcomes.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Missing", "ClientError", "DefaultError"]);
    let shared = id_of(&api, "DefaultError");
    let errors_b = api.operations[1]
        .errors
        .expect("getB declares an error body");
    let TypeKind::Outcomes(b) = &api.types[errors_b].kind else {
        panic!("not an enum of responses");
    };
    assert_eq!(b.variants[0].body, Response::Json(Ty::Named(shared)));
    // A schema only errors use is received, not left over.
    let missing = id_of(&api, "Missing");
    assert!(api.types[missing].usage.output && !api.types[missing].usage.input);
}

fn field<'a>(api: &'a Api, type_name: &str, wire: &str) -> Option<&'a crate::ir::Field> {
    let TypeKind::Struct(s) = type_named(api, type_name) else {
        panic!("{type_name} is not a struct");
    };
    s.fields.iter().find(|f| f.wire == wire)
}

const BOOKS: &str = "paths:
  /books:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Book'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Book'}
  /drafts:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Draft'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Book:
      type: object
      required: [id, title, secret]
      properties:
        id: {type: string, readOnly: true}
        title: {type: string}
        secret: {type: string, writeOnly: true}
    Draft:
      type: object
      required: [id, title]
      properties:
        id: {type: string, readOnly: true}
        title: {type: string}
";

#[test]
fn read_only_and_write_only_properties_are_required_where_they_travel() {
    use crate::ir::FieldRepr;
    let (api, warnings) = lowered(&format!("{HEAD}{BOOKS}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let repr = |ty: &str, wire: &str| field(&api, ty, wire).map(|f| f.repr);
    // Received: `id` required, `secret` never carried.
    assert_eq!(repr("Book", "id"), Some(FieldRepr::Plain));
    assert_eq!(repr("Book", "secret"), Some(FieldRepr::Optional));
    // Sent: no `id`, `secret` required.
    assert_eq!(repr("BookRequest", "id"), None);
    assert_eq!(repr("BookRequest", "secret"), Some(FieldRepr::Plain));
    let body = api.operations[0].body.as_ref().expect("a body");
    let Ty::Named(sent) = &body.ty else {
        panic!("a named body");
    };
    assert_eq!(api.types[*sent].name, "BookRequest");
    // Only ever sent: no twin, and no `id`.
    assert_eq!(repr("Draft", "id"), None);
    assert!(api.types.iter().all(|t| t.name != "DraftRequest"));
}

#[test]
fn properties_beside_a_union_are_fields_beside_the_flattened_union() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {{type: string}}
        name: {{$ref: '#/components/schemas/Pet/properties/id'}}
      oneOf:
        - $ref: '#/components/schemas/Dog'
        - $ref: '#/components/schemas/Cat'
    Dog: {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [dog]}}}}}}
    Cat: {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [cat]}}}}}}
    Checked:
      type: object
      properties:
        a: {{type: string}}
        b: {{type: string}}
      oneOf: [{{required: [a]}}, {{required: [b]}}]
"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let TypeKind::Struct(pet) = type_named(&api, "Pet") else {
        panic!("Pet is not a struct");
    };
    let wires: Vec<&str> = pet.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(wires, ["id", "name"]);
    // A JSON pointer into the moved properties still finds them.
    assert_eq!(field_ty(&api, "Pet", "name"), &Ty::String);
    let union = pet.union.as_ref().expect("the union");
    let Ty::Named(id) = union.ty else {
        panic!("a named union");
    };
    assert!(matches!(&api.types[id].kind, TypeKind::Tagged(t) if t.tag == "kind"));
    // Members that only constrain add no union.
    let TypeKind::Struct(checked) = type_named(&api, "Checked") else {
        panic!("Checked is not a struct");
    };
    assert!(checked.union.is_none());
    assert_eq!(checked.fields.len(), 2);
}

#[test]
fn base64_strings_are_base64_and_binary_ones_file_parts() {
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Blob:\n      type: object\n      properties:\n        packed: {{type: string, format: byte}}\n        plain: {{type: string}}\n        file: {{type: string, format: binary}}\n        packed_or_null: {{type: string, format: byte, nullable: true}}\n"
    );
    let (api, warnings) = lowered(&yaml);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(field_ty(&api, "Blob", "packed"), &Ty::Base64);
    assert_eq!(field_ty(&api, "Blob", "plain"), &Ty::String);
    assert_eq!(field_ty(&api, "Blob", "file"), &Ty::Bytes);
    assert_eq!(field_ty(&api, "Blob", "packed_or_null"), &Ty::Base64);
}

/// The tag values of each variant of the tagged union `name`.
fn tag_values(api: &Api, name: &str) -> Vec<Vec<String>> {
    let TypeKind::Tagged(tagged) = type_named(api, name) else {
        panic!("{name} is not tagged");
    };
    tagged.variants.iter().map(|v| v.wires.clone()).collect()
}

#[test]
fn an_unmapped_member_takes_every_value_its_tag_allows() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Tool:
      oneOf:
        - $ref: '#/components/schemas/Search'
        - $ref: '#/components/schemas/Shell'
      discriminator: {{propertyName: type}}
    Search: {{type: object, required: [type], properties: {{type: {{type: string, enum: [web_search, web_search_2025]}}}}}}
    Shell: {{type: object, required: [type], properties: {{type: {{type: string, enum: [shell]}}}}}}
"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        tag_values(&api, "Tool"),
        [vec!["web_search", "web_search_2025"], vec!["shell"]]
    );
}

#[test]
fn a_member_union_told_apart_by_another_property_takes_its_members_values() {
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Item:
      oneOf:
        - $ref: '#/components/schemas/Message'
        - $ref: '#/components/schemas/Call'
      discriminator: {{propertyName: type}}
    Message:
      oneOf:
        - $ref: '#/components/schemas/Said'
        - $ref: '#/components/schemas/Answered'
      discriminator: {{propertyName: role}}
    Said: {{type: object, required: [type, role], properties: {{type: {{type: string, enum: [message]}}, role: {{type: string, enum: [user]}}}}}}
    Answered: {{type: object, required: [type, role], properties: {{type: {{type: string, enum: [message]}}, role: {{type: string, enum: [assistant]}}}}}}
    Call: {{type: object, required: [type], properties: {{type: {{type: string, enum: [call]}}}}}}
"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(tag_values(&api, "Item"), [vec!["message"], vec!["call"]]);
    assert_eq!(
        tag_values(&api, "Message"),
        [vec!["user"], vec!["assistant"]]
    );
}

#[test]
fn a_union_of_event_groups_is_told_apart_by_their_shared_tag() {
    // Stream events grouped by resource, without a discriminator: each group
    // is a union told apart by `event`, so the union of groups is too, and
    // each group keeps its name even when it has one event so far.
    let (api, warnings) = lowered(&format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    StreamEvent:
      oneOf:
        - $ref: '#/components/schemas/ThreadEvent'
        - $ref: '#/components/schemas/RunEvent'
        - $ref: '#/components/schemas/DoneEvent'
    ThreadEvent:
      oneOf:
        - {{type: object, required: [event, data], properties: {{event: {{type: string, enum: [thread.created]}}, data: {{type: object}}}}}}
    RunEvent:
      oneOf:
        - {{type: object, required: [event, data], properties: {{event: {{type: string, enum: [run.created]}}, data: {{type: object}}}}}}
        - {{type: object, required: [event, data], properties: {{event: {{type: string, enum: [run.failed]}}, data: {{type: object}}}}}}
    DoneEvent: {{type: object, required: [event, data], properties: {{event: {{type: string, enum: [done]}}, data: {{type: string}}}}}}
"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        tag_values(&api, "StreamEvent"),
        [
            vec!["thread.created"],
            vec!["run.created", "run.failed"],
            vec!["done"]
        ]
    );
    let TypeKind::Tagged(tagged) = type_named(&api, "StreamEvent") else {
        unreachable!("checked above");
    };
    let names: Vec<&str> = tagged.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["ThreadEvent", "RunEvent", "Done"]);
}
