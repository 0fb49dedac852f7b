//! Whole-API passes over the lowered types: which direction each type travels
//! in, and which fields need a `Box` to break a cycle.

use crate::ir::{Access, Field, FieldRepr, Operation, Ty, TypeDef, TypeId, TypeKind};
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
            if let Some(union) = &s.union {
                named(&union.ty, &mut out);
            }
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
        let (input, output) = (def.usage.input, def.usage.output);
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                f.repr = f.repr_in(input, output);
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
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(s.union.as_mut().map(|u| &mut u.ty))
            .collect(),
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
/// field is a string (required, or optional and not clearable), so that its constructor can fill it in
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
                        f.wire == tagged.tag
                            && f.ty == Ty::String
                            && matches!(f.repr, FieldRepr::Plain | FieldRepr::Optional)
                    })
                    .map(|f| (f.name.clone(), variant.wires[0].clone())),
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

/// Gives each struct that is a member of a tagged union but does not declare
/// the union's tag property an optional string field for it, so that the tag
/// a value was decoded with is typed (not left among the undeclared
/// properties) and is sent again. A member whose field names leave no room
/// for it keeps the tag among its undeclared properties; one that is also a
/// union of its own leaves it to that union's members.
pub(super) fn tag_fields(types: &mut [TypeDef]) {
    let mut wanted: BTreeMap<TypeId, (String, String)> = BTreeMap::new();
    for def in types.iter() {
        let TypeKind::Tagged(tagged) = &def.kind else {
            continue;
        };
        for variant in &tagged.variants {
            if let Ty::Named(member) = &variant.ty {
                wanted
                    .entry(*member)
                    .or_insert_with(|| (tagged.tag.clone(), def.name.clone()));
            }
        }
    }
    for (member, (tag, union)) in wanted {
        let TypeKind::Struct(s) = &mut types[member].kind else {
            continue;
        };
        // With a union of its own, the tag is left to that union's members.
        if s.union.is_some() || s.fields.iter().any(|f| f.wire == tag) {
            continue;
        }
        let name = crate::naming::value_name(&tag);
        let taken = s.extra.name == name || s.fields.iter().any(|f| f.name == name);
        if taken {
            continue;
        }
        s.fields.push(Field {
            wire: tag.clone(),
            name,
            doc: Some(format!(
                "The `{tag}` discriminator of [`{union}`]: which of its members this is."
            )),
            ty: Ty::String,
            required: false,
            nullable: false,
            deprecated: false,
            access: Access::ReadWrite,
            repr: FieldRepr::Optional,
            style: None,
        });
    }
}
