//! `readOnly` and `writeOnly` (OpenAPI 3.0 Schema Object): a property only
//! responses carry, or only requests. A type that travels both ways and holds
//! a `readOnly` property or a required `writeOnly` one (itself or in a type
//! it holds) gets a twin for requests, `<Name>Request`, without the
//! `readOnly` properties and with the `writeOnly` ones required as the spec
//! says; requests name the twin, so the original is only received and keeps
//! its `readOnly` properties required as the spec says (its `writeOnly` ones
//! are optional: responses do not carry them). Nothing is invented: a caller
//! never supplies what the server sets, and a decoded value is read without
//! unwrapping. A type only ever sent leaves its `readOnly` properties out in
//! place.

use super::usage::{mark, references};
use crate::diagnostics::Diagnostics;
use crate::ir::{Access, Operation, Ty, TypeDef, TypeId, TypeKind, Usage};
use crate::naming::Scope;
use std::collections::BTreeMap;

/// Marks each type's usage, giving the types that need one a request twin
/// (see the module docs) and pointing every request at the twins.
pub(super) fn split(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    names: &mut Scope,
    diags: &mut Diagnostics,
) {
    mark(types, operations);
    let needs = needing_twins(types);
    let mut twins = BTreeMap::new();
    for (i, need) in needs.iter().enumerate() {
        if *need {
            let twin = add_twin(types, TypeId(i), names, diags);
            twins.insert(TypeId(i), twin);
        }
    }
    // The twins and the types only ever sent: what requests hold.
    let sent: Vec<TypeId> = (0..types.len())
        .map(TypeId)
        .filter(|id| {
            let def = &types[*id];
            (def.usage.input && !def.usage.output) || twins.values().any(|t| t == id)
        })
        .collect();
    for id in sent {
        let twin = twins.values().any(|t| *t == id);
        let def = &mut types[id];
        retarget(&mut def.kind, &twins);
        let form = request_form(&def.kind);
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let read_only = s.fields.iter().any(|f| f.access == Access::ReadOnly);
        s.fields.retain(|f| f.access != Access::ReadOnly);
        if read_only && !twin {
            let note = format!("Only requests send it: {form}.");
            def.doc = Some(match &def.doc {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
                _ => note,
            });
        }
    }
    for op in operations.iter_mut() {
        if let Some(body) = &mut op.body {
            retarget_ty(&mut body.ty, &twins);
        }
    }
    mark(types, operations);
}

/// The types sent and received that hold a `readOnly` property or a
/// required `writeOnly` one, or hold (through any container) a type that
/// needs a twin.
fn needing_twins(types: &[TypeDef]) -> Vec<bool> {
    let both = |def: &TypeDef| def.usage.input && def.usage.output;
    let one_way = |f: &crate::ir::Field| match f.access {
        Access::ReadWrite => false,
        Access::ReadOnly => true,
        Access::WriteOnly => f.required,
    };
    let mut needs: Vec<bool> = types
        .iter()
        .map(|def| {
            both(def) && matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(one_way))
        })
        .collect();
    loop {
        let mut changed = false;
        for (i, def) in types.iter().enumerate() {
            if !needs[i] && both(def) && references(def).iter().any(|r| needs[r.0]) {
                needs[i] = true;
                changed = true;
            }
        }
        if !changed {
            return needs;
        }
    }
}

/// Adds the request twin of `id`, named `<Name>Request`.
fn add_twin(
    types: &mut Vec<TypeDef>,
    id: TypeId,
    names: &mut Scope,
    diags: &mut Diagnostics,
) -> TypeId {
    let original = &types[id];
    let wanted = format!("{}Request", original.name);
    let name = names.claim(wanted.clone());
    if name != wanted {
        diags.renamed(
            &original.origin,
            format!("the request form of `{}` would be `{wanted}`, which another type already is; it is `{name}`", original.name),
            "rename the schema that takes the name, if the numbered one reads badly",
        );
    }
    let note = format!(
        "[`{}`] as requests send it: {}.",
        original.name,
        request_form(&original.kind)
    );
    let doc = match &original.doc {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
        _ => note,
    };
    let twin = TypeDef {
        name: name.clone(),
        doc: Some(doc),
        usage: Usage::default(),
        ..original.clone()
    };
    let back = format!(
        "Requests send [`{name}`] instead: {}.",
        request_form(&types[id].kind)
    );
    let def = &mut types[id];
    def.doc = Some(match &def.doc {
        Some(d) if !d.trim().is_empty() => format!("{}\n\n{back}", d.trim_end()),
        _ => back,
    });
    types.push(twin);
    TypeId(types.len() - 1)
}

/// How the request form of a type differs from it, for docs.
fn request_form(kind: &TypeKind) -> String {
    let TypeKind::Struct(s) = kind else {
        return "its members are their request forms".to_owned();
    };
    let listed = |access: Access| {
        let names: Vec<String> = s
            .fields
            .iter()
            .filter(|f| f.access == access && (access == Access::ReadOnly || f.required))
            .map(|f| format!("`{}`", f.wire))
            .collect();
        names.join(", ")
    };
    let mut parts = Vec::new();
    let read_only = listed(Access::ReadOnly);
    if !read_only.is_empty() {
        parts.push(format!(
            "without the readOnly properties ({read_only}), which the server sets"
        ));
    }
    let write_only = listed(Access::WriteOnly);
    if !write_only.is_empty() {
        parts.push(format!(
            "with the writeOnly properties ({write_only}) required, as responses never carry them"
        ));
    }
    if parts.is_empty() {
        parts.push("the types it holds are their request forms".to_owned());
    }
    parts.join("; ")
}

/// Points every type expression of `kind` at the twins.
fn retarget(kind: &mut TypeKind, twins: &BTreeMap<TypeId, TypeId>) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter_mut()
                .for_each(|f| retarget_ty(&mut f.ty, twins));
            retarget_ty(&mut s.extra.value, twins);
            if let Some(union) = &mut s.union {
                retarget_ty(&mut union.ty, twins);
            }
        }
        TypeKind::Params(p) => p
            .query
            .iter_mut()
            .chain(&mut p.headers)
            .chain(&mut p.cookies)
            .for_each(|f| retarget_ty(&mut f.ty, twins)),
        TypeKind::Tagged(t) => t
            .variants
            .iter_mut()
            .for_each(|v| retarget_ty(&mut v.ty, twins)),
        TypeKind::Untagged(vs) => vs.iter_mut().for_each(|v| retarget_ty(&mut v.ty, twins)),
        TypeKind::Newtype(ty) => retarget_ty(ty, twins),
        // Response bodies are received: they keep the received forms.
        TypeKind::Enum(_) | TypeKind::Outcomes(_) => {}
    }
}

/// Points a type expression at the twins.
fn retarget_ty(ty: &mut Ty, twins: &BTreeMap<TypeId, TypeId>) {
    match ty {
        Ty::Named(id) => {
            if let Some(twin) = twins.get(id) {
                *id = *twin;
            }
        }
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) | Ty::Boxed(inner) => {
            retarget_ty(inner, twins)
        }
        Ty::Tuple(elements) => elements.iter_mut().for_each(|e| retarget_ty(e, twins)),
        _ => {}
    }
}
