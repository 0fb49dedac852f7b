//! An operation's declared responses (OpenAPI Responses Object): what its
//! method returns on success, and the enum its declared error bodies are
//! read into.
//!
//! Success is every `2xx` code and the `2XX` range; `default` is success
//! only when nothing else is. One body (however many statuses share it) is
//! the result itself; one body beside statuses without content (204, 205,
//! or any success declared without `content`) is `Option<T>`, `None` for
//! those; several bodies make an enum told apart by status. Error responses
//! (4xx and 5xx codes, `4XX`, `5XX`, `default`) that declare a body make an
//! enum of their own, read from the `Error` a call returns.

use super::schema::SchemaRef;
use super::Lowerer;
use crate::diagnostics::join;
use crate::ir::{Outcome, Outcomes, Response, Status, Ty, TypeDef, TypeId, TypeKind, Usage};
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, StatusCode};

/// One declared response, its `$ref` followed.
#[derive(Clone)]
struct Declared<'a> {
    status: Status,
    pointer: String,
    response: &'a openapiv3::Response,
}

/// What an operation's responses lower to.
pub(super) struct Lowered {
    /// The method's result.
    pub(super) response: Response,
    /// The event type, when the first success can be a `text/event-stream`.
    pub(super) events: Option<Ty>,
    /// The enum of the declared error bodies.
    pub(super) errors: Option<TypeId>,
}

/// The status of a Responses Object key that is a code or a range.
fn status_of(code: &StatusCode) -> Status {
    match code {
        StatusCode::Code(c) => Status::Code(*c),
        StatusCode::Range(r) => Status::Range(*r),
    }
}

fn is_success(status: Status) -> bool {
    match status {
        Status::Code(c) => (200..300).contains(&c),
        Status::Range(r) => r == 2,
        Status::Default => false,
    }
}

fn is_error(status: Status) -> bool {
    match status {
        Status::Code(c) => (400..600).contains(&c),
        Status::Range(r) => r == 4 || r == 5,
        Status::Default => true,
    }
}

/// 204 No Content and 205 Reset Content never carry a body (RFC 9110
/// §15.3.5, §15.3.6).
fn never_has_body(status: Status) -> bool {
    matches!(status, Status::Code(204 | 205))
}

/// A key for an inline schema: its JSON text, equal for equal schemas.
fn schema_key(schema: &openapiv3::Schema) -> Option<String> {
    serde_json::to_string(schema).ok()
}

impl<'a> Lowerer<'a> {
    /// The declared responses of `op` that `keep` selects, in status order
    /// (codes, ranges, `default`), `$ref`s followed: `None` for a dangling
    /// one (reported; its body is unknown).
    fn declared(
        &mut self,
        op: &'a openapiv3::Operation,
        pointer: &str,
        keep: impl Fn(Status) -> bool,
    ) -> Vec<(Status, String, Option<&'a openapiv3::Response>)> {
        let responses = join(pointer, "responses");
        let codes = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (status_of(code), r));
        let default = op.responses.default.iter().map(|r| (Status::Default, r));
        let mut kept: Vec<_> = codes.chain(default).filter(|(s, _)| keep(*s)).collect();
        kept.sort_by_key(|(status, _)| *status);
        kept.into_iter()
            .map(|(status, r)| {
                let at = join(&responses, &status.key());
                let found = self.response_ref(r, &at);
                (status, at, found)
            })
            .collect()
    }

    /// Lowers the responses of `op`, whose `operationId` (or derived id) is `id`.
    pub(super) fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        id: &str,
        pointer: &str,
        type_hint: &str,
    ) -> Lowered {
        let mut success = self.declared(op, pointer, is_success);
        let default_succeeds = success.is_empty();
        if default_succeeds {
            // `default` alone describes every answer, successes included;
            // it is the result, and not an error type besides.
            success = self.declared(op, pointer, |s| s == Status::Default);
        }
        let events = match success.first() {
            Some((_, at, Some(response))) => self.events(response, at, type_hint),
            _ => None,
        };
        let known: Option<Vec<Declared<'a>>> = success
            .into_iter()
            .map(|(status, pointer, response)| {
                Some(Declared {
                    status,
                    pointer,
                    response: response?,
                })
            })
            .collect();
        let response = match known {
            Some(declared) => self.success(&declared, id, pointer, type_hint),
            // A success whose body nothing describes: bodies are kept as they come.
            None => Response::Bytes("*/*".to_owned()),
        };
        let errors = self.errors(op, id, pointer, type_hint, default_succeeds);
        Lowered {
            response,
            events,
            errors,
        }
    }

    /// The result of the success responses.
    fn success(
        &mut self,
        declared: &[Declared<'a>],
        id: &str,
        pointer: &str,
        type_hint: &str,
    ) -> Response {
        let with_content = declared
            .iter()
            .filter(|d| !d.response.content.is_empty() && !never_has_body(d.status))
            .count();
        let mut bodies: Vec<(Declared<'a>, Response)> = Vec::new();
        for (i, d) in declared.iter().enumerate() {
            // The one body keeps the name it always had; several are named by status.
            let hint = if with_content > 1 {
                format!("{type_hint}{}", naming::status_variant(&d.status.key()))
            } else {
                format!("{type_hint}Response")
            };
            let body = self.body(d, &hint, i == 0);
            bodies.push((d.clone(), body));
        }
        let mut distinct: Vec<&Response> = Vec::new();
        for (_, body) in &bodies {
            if *body != Response::Empty && !distinct.contains(&body) {
                distinct.push(body);
            }
        }
        let empty: Vec<Status> = bodies
            .iter()
            .filter(|(_, body)| *body == Response::Empty)
            .map(|(d, _)| d.status)
            .collect();
        match (distinct.as_slice(), empty.is_empty()) {
            ([], _) => Response::Empty,
            ([one], true) => (*one).clone(),
            ([one], false) => Response::Optional {
                body: Box::new((*one).clone()),
                present: bodies
                    .iter()
                    .filter(|(_, body)| body == *one)
                    .map(|(d, _)| d.status)
                    .collect(),
                empty,
            },
            _ => {
                let origin = join(pointer, "responses");
                let name = format!("{type_hint}Response");
                Response::Choice(self.outcomes(&name, origin, id, false, bodies))
            }
        }
    }

    /// The enum of the declared error responses, when one of them has a
    /// body (`default` left out when it is the success).
    fn errors(
        &mut self,
        op: &'a openapiv3::Operation,
        id: &str,
        pointer: &str,
        type_hint: &str,
        default_succeeds: bool,
    ) -> Option<TypeId> {
        let keep = |s: Status| is_error(s) && !(default_succeeds && s == Status::Default);
        let declared = self.declared(op, pointer, keep);
        let mut bodies = Vec::new();
        for (status, at, response) in declared {
            let Some(response) = response else {
                continue;
            };
            let d = Declared {
                status,
                pointer: at,
                response,
            };
            let body = self.error_body(&d, type_hint);
            bodies.push((d, body));
        }
        if bodies.iter().all(|(_, body)| *body == Response::Empty) {
            return None;
        }
        let origin = join(pointer, "responses");
        let name = format!("{type_hint}Error");
        Some(self.outcomes(&name, origin, id, true, bodies))
    }

    /// The body of an error response. An inline schema that several
    /// operations declare alike is lowered once, named by its status alone
    /// (`NotFoundError`); otherwise by operation and status.
    fn error_body(&mut self, d: &Declared<'a>, type_hint: &str) -> Response {
        let word = naming::status_variant(&d.status.key());
        let schema = d
            .response
            .content
            .iter()
            .find(|(media, _)| super::payload::is_json(media))
            .and_then(|(_, c)| match &c.schema {
                Some(ReferenceOr::Item(s)) => Some(s),
                _ => None,
            });
        let key = schema.and_then(schema_key);
        if let Some(id) = key.as_ref().and_then(|k| self.error_schemas.get(k)?.1) {
            return Response::Json(Ty::Named(id));
        }
        let shared = key
            .as_ref()
            .and_then(|k| self.error_schemas.get(k))
            .is_some_and(|(count, _)| *count > 1);
        let hint = if shared {
            format!("{word}Error")
        } else {
            format!("{type_hint}{word}Error")
        };
        let body = self.body(d, &hint, false);
        if let (Some(key), Response::Json(Ty::Named(id))) = (key, &body) {
            if let Some(entry) = self.error_schemas.get_mut(&key) {
                entry.1 = Some(*id);
            }
            if shared && self.types[*id].doc.is_none() {
                self.types[*id].doc = Some(format!(
                    "The body of the `{}` error responses that several operations declare alike.",
                    d.status.key()
                ));
            }
        }
        body
    }

    /// Counts, for each inline JSON schema of an error response, how many
    /// operations declare it (see [`Self::error_body`]).
    pub(super) fn count_error_schemas(&mut self, ops: &[&'a openapiv3::Operation]) {
        for op in ops {
            let codes = &op.responses.responses;
            let codes = codes
                .iter()
                .filter(|(code, _)| is_error(status_of(code)))
                .map(|(_, r)| r);
            // `default` is an error only beside a success.
            let has_success = op
                .responses
                .responses
                .keys()
                .any(|c| is_success(status_of(c)));
            let default = op.responses.default.iter().filter(|_| has_success);
            let mut seen = Vec::new();
            for r in codes.chain(default) {
                let ReferenceOr::Item(r) = r else {
                    continue;
                };
                let schema = r
                    .content
                    .iter()
                    .find(|(media, _)| super::payload::is_json(media))
                    .and_then(|(_, c)| match &c.schema {
                        Some(ReferenceOr::Item(s)) => schema_key(s),
                        _ => None,
                    });
                if let Some(key) = schema.filter(|k| !seen.contains(k)) {
                    seen.push(key.clone());
                    self.error_schemas.entry(key).or_insert((0, None)).0 += 1;
                }
            }
        }
    }

    /// Builds the enum of some responses: one variant per distinct body
    /// (named by its type when that is a named type, else by its first
    /// status), one unit variant per status without a body.
    fn outcomes(
        &mut self,
        name: &str,
        origin: String,
        operation: &str,
        errors: bool,
        bodies: Vec<(Declared<'a>, Response)>,
    ) -> TypeId {
        let mut variants: Vec<Outcome> = Vec::new();
        let mut names = Scope::default();
        for (d, body) in bodies {
            let description = d.response.description.trim();
            let doc = (!description.is_empty()).then(|| description.to_owned());
            if body != Response::Empty {
                if let Some(v) = variants.iter_mut().find(|v| v.body == body) {
                    v.statuses.push(d.status);
                    continue;
                }
            }
            let wanted = match &body {
                Response::Json(Ty::Named(id)) => self.types[*id].name.clone(),
                _ => naming::status_variant(&d.status.key()),
            };
            variants.push(Outcome {
                name: names.claim(wanted),
                statuses: vec![d.status],
                body,
                doc,
            });
        }
        let id = self.new_named(name, origin.clone(), operation, errors);
        self.types[id].kind = TypeKind::Outcomes(Outcomes {
            operation: operation.to_owned(),
            errors,
            variants,
        });
        id
    }

    /// A type for an operation's enum, named `name` unless a schema took
    /// that name first (then numbered, with a warning).
    fn new_named(&mut self, name: &str, origin: String, operation: &str, errors: bool) -> TypeId {
        let wanted = naming::type_name(name);
        let what = if errors { "error" } else { "success" };
        let got = self.type_names.claim(wanted.clone());
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: got.clone(),
            origin: origin.clone(),
            doc: None,
            kind: TypeKind::Newtype(Ty::Json),
            usage: Usage::default(),
            deprecated: false,
            features: None,
        });
        if got != wanted {
            self.diags.renamed(
                &origin,
                format!("the enum of `{operation}`'s {what} responses would be `{wanted}`, a name another type already has; it is `{got}`"),
                format!("rename the schema `{wanted}` if the numbered name reads badly"),
            );
        }
        self.types[id].doc = Some(if errors {
            format!("The error responses `{operation}` declares with a body, told apart by status; [`Self::from_error`] reads one from an [`Error`](crate::Error).")
        } else {
            format!("What `{operation}` answers with on success, told apart by status.")
        });
        id
    }

    /// What one response holds: a JSON body (its schema lowered with
    /// `hint`), text, bytes, or nothing. `events`: an event stream is read
    /// by the streaming method, not as the body.
    fn body(&mut self, d: &Declared<'a>, hint: &str, events: bool) -> Response {
        let response = d.response;
        let content: Vec<_> = response
            .content
            .iter()
            .filter(|(media, _)| !(events && media.starts_with("text/event-stream")))
            .collect();
        if never_has_body(d.status) {
            if !response.content.is_empty() {
                self.diags.repaired(
                    join(&d.pointer, "content"),
                    format!(
                        "a {} response has no body (RFC 9110), so its `content` is ignored",
                        d.status.key()
                    ),
                    "remove the `content` of this response, or declare it under another status",
                );
            }
            return Response::Empty;
        }
        if let Some((media, c)) = content
            .iter()
            .find(|(media, _)| super::payload::is_json(media))
        {
            let schema_pointer = join(&join(&join(&d.pointer, "content"), media), "schema");
            return match &c.schema {
                Some(s) => {
                    Response::Json(self.lower_ty(SchemaRef::of(s), hint, &schema_pointer).ty)
                }
                None => Response::Json(Ty::Json),
            };
        }
        match content.first() {
            None => Response::Empty,
            Some((media, _)) if media.starts_with("text/") => Response::Text((*media).clone()),
            Some((media, _)) => Response::Bytes((*media).clone()),
        }
    }

    /// The event type, when `response` can be a `text/event-stream`.
    fn events(
        &mut self,
        response: &'a openapiv3::Response,
        at: &str,
        type_hint: &str,
    ) -> Option<Ty> {
        let (media, content) = response
            .content
            .iter()
            .find(|(media, _)| media.starts_with("text/event-stream"))?;
        let schema_pointer = join(&join(&join(at, "content"), media), "schema");
        let schema = content.schema.as_ref()?;
        Some(
            self.lower_ty(
                SchemaRef::of(schema),
                &format!("{type_hint}Event"),
                &schema_pointer,
            )
            .ty,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_sort_codes_then_ranges_then_default() {
        let mut all = vec![
            Status::Default,
            Status::Range(2),
            Status::Code(204),
            Status::Code(200),
        ];
        all.sort();
        assert_eq!(
            all,
            [
                Status::Code(200),
                Status::Code(204),
                Status::Range(2),
                Status::Default
            ]
        );
        assert!(is_success(Status::Range(2)) && !is_success(Status::Default));
        assert!(is_error(Status::Range(4)) && is_error(Status::Default));
    }
}
