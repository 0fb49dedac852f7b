//! Whole-API passes over the lowered types: which direction each type travels
//! in, and which fields need a `Box` to break a cycle.

use crate::ir::{FieldRepr, Operation, Ty, TypeDef, TypeId, TypeKind};
use std::collections::BTreeMap;

/// Named types a type expression mentions.
pub(super) fn named(ty: &Ty, out: &mut Vec<TypeId>) {
    ty.named(out);
}

/// The named types an operation receives: its result, and the enum of its
/// declared errors.
pub(super) fn received(op: &Operation) -> Vec<TypeId> {
    let mut out = op.response.types();
    out.extend(op.errors);
    out
}

/// Every named type a type refers to, through any container.
pub(super) fn references(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named(&f.ty, &mut out);
            }
            named(&s.extra.value, &mut out);
        }
        TypeKind::Params(p) => p
            .query
            .iter()
            .chain(&p.headers)
            .chain(&p.cookies)
            .for_each(|f| named(&f.ty, &mut out)),
        TypeKind::Tagged(t) => t.variants.iter().for_each(|v| named(&v.ty, &mut out)),
        TypeKind::Untagged(vs) => vs.iter().for_each(|v| named(&v.ty, &mut out)),
        TypeKind::Newtype(ty) => named(ty, &mut out),
        TypeKind::Outcomes(o) => o.variants.iter().for_each(|v| out.extend(v.body.types())),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Marks each type as input (sent), output (received), or both. Types that
/// nothing reaches are treated as output: tolerant decoding is the safe default.
pub(super) fn mark(types: &mut [TypeDef], operations: &[Operation]) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            named(&body.ty, &mut inputs);
        }
        inputs.extend(op.params);
        outputs.extend(received(op));
    }
    let (inputs, outputs) = (reach(types, inputs), reach(types, outputs));
    for ((def, input), output) in types.iter_mut().zip(inputs).zip(outputs) {
        def.usage.input = input;
        // Types that nothing reaches are treated as output.
        def.usage.output = output || !input;
        if let (true, TypeKind::Struct(s)) = (input, &mut def.kind) {
            for f in &mut s.fields {
                f.repr = FieldRepr::of(f.required, f.nullable, true);
            }
        }
    }
}

/// Every type reachable from `roots`, as a flag per type.
pub(super) fn reach(types: &[TypeDef], roots: Vec<TypeId>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if id.0 >= types.len() || std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        stack.extend(references(&types[id]));
    }
    seen
}

/// The inline slots of a type: places holding another named type by value
/// (not behind a `Vec`, map or `Box`, which already allocate).
fn inline_slots(kind: &mut TypeKind) -> Vec<&mut Ty> {
    let slots: Vec<&mut Ty> = match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Tagged(t) => t.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Untagged(vs) => vs.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Params(_) | TypeKind::Enum(_) | TypeKind::Outcomes(_) => Vec::new(),
    };
    let mut named = Vec::new();
    for slot in slots {
        held_inline(slot, &mut named);
    }
    named
}

/// The named types `ty` holds by value: itself, or those in a tuple's
/// elements or an `Option`.
fn held_inline<'t>(ty: &'t mut Ty, out: &mut Vec<&'t mut Ty>) {
    match ty {
        Ty::Named(_) => out.push(ty),
        Ty::Nullable(inner) => held_inline(inner, out),
        Ty::Tuple(elements) => elements.iter_mut().for_each(|e| held_inline(e, out)),
        _ => {}
    }
}

/// Boxes every inline slot whose type can reach the holding type again by
/// inline containment; without it the types would have infinite size.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter_mut()
        .map(|def| {
            inline_slots(&mut def.kind)
                .into_iter()
                .filter_map(|ty| match ty {
                    Ty::Named(id) => Some(*id),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let reaches = |from: TypeId, target: TypeId| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == target {
                return true;
            }
            if id.0 >= seen.len() || std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            stack.extend(&edges[id.0]);
        }
        false
    };
    let mut on_cycle = Vec::new();
    for (id, targets) in edges.iter().enumerate() {
        for (slot, target) in targets.iter().enumerate() {
            if reaches(*target, TypeId(id)) {
                on_cycle.push((id, slot));
            }
        }
    }
    // Highest slot first, so boxing one slot does not shift the others.
    for (id, slot) in on_cycle.into_iter().rev() {
        if let Some(ty) = inline_slots(&mut types[id].kind).into_iter().nth(slot) {
            *ty = Ty::Boxed(Box::new(ty.clone()));
        }
    }
}

/// Records, on each struct that is a member of tagged unions, the value its
/// tag field takes there, when every such union agrees on one value and the
/// field is a plain required string, so that its constructor can fill it in
/// and `Union::Member(Member::new(..))` needs no tag typed by hand.
pub(super) fn member_tags(types: &mut [TypeDef]) {
    let mut seen: BTreeMap<TypeId, Option<(String, String)>> = BTreeMap::new();
    for def in types.iter() {
        let TypeKind::Tagged(tagged) = &def.kind else {
            continue;
        };
        for variant in &tagged.variants {
            let Ty::Named(member) = &variant.ty else {
                continue;
            };
            let found = match &types[*member].kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .find(|f| {
                        f.wire == tagged.tag && f.ty == Ty::String && f.repr == FieldRepr::Plain
                    })
                    .map(|f| (f.name.clone(), variant.wire.clone())),
                _ => None,
            };
            seen.entry(*member)
                .and_modify(|known| {
                    if *known != found {
                        *known = None;
                    }
                })
                .or_insert(found);
        }
    }
    for (member, tag) in seen {
        if let TypeKind::Struct(s) = &mut types[member].kind {
            s.tag = tag;
        }
    }
}
