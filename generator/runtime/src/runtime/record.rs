//! Decoding of objects that keep their undeclared properties.
//!
//! `#[serde(flatten)]` on the `extra` map makes serde buffer every entry of
//! the object before reading any field, and instantiates a deserializer per
//! field type for that buffer. [`open_struct!`] writes the `Deserialize`
//! implementation instead: one pass over the entries, each declared key read
//! straight into its field, every other key into `extra`.

/// An object key, borrowed from the input when the input allows it.
#[allow(
    unused_imports,
    reason = "generated crates use it; the runtime crate itself only in tests"
)]
pub(crate) use super::serde_helpers::WireStr as Key;

/// Implements `Deserialize` for a struct whose undeclared properties go to a
/// map field: `open_struct! { Name, extra; field = "wire" => kind; ... }`.
///
/// Kinds: `req` (required), `opt` (`Option<T>`, absent or `null` is `None`),
/// `clear` (`Option<Option<T>>`: absent `None`, `null` `Some(None)`), and
/// `req_num`, `opt_num`, `clear_num` for fields holding integers, read
/// through [`crate::runtime::number`] (so `1699017614.0` is accepted).
/// A repeated key keeps its last value, as JSON parsers commonly do.
#[allow(
    unused_macros,
    reason = "generated crates use it; the runtime crate itself only in tests"
)]
macro_rules! open_struct {
    ($name:ident, $extra:ident; $($field:ident = $wire:literal => $kind:ident;)*) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("a `", ::std::stringify!($name), "` object"))
                    }

                    #[allow(unused_mut, reason = "a struct may declare no property")]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        let mut __extra = ::std::collections::BTreeMap::new();
                        while let ::std::option::Option::Some(__key) =
                            __map.next_key::<$crate::runtime::record::Key<'de>>()?
                        {
                            // Every arm is one call, and the loop has one `?`:
                            // the function stays small however many fields
                            // the struct has.
                            match &*__key.0 {
                                $($wire => $crate::runtime::record::open_struct!(
                                    @read $kind, __map, $field
                                ),)*
                                _ => $crate::runtime::record::read::extra(
                                    &mut __map, __key, &mut __extra,
                                ),
                            }?;
                        }
                        ::std::result::Result::Ok($name {
                            $($field: $crate::runtime::record::open_struct!(@finish $kind, $field, $wire),)*
                            $extra: __extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
    (@read req, $map:ident, $field:ident) => {
        $crate::runtime::record::read::present(&mut $map, &mut $field)
    };
    (@read clear, $map:ident, $field:ident) => {
        $crate::runtime::record::read::present(&mut $map, &mut $field)
    };
    (@read opt, $map:ident, $field:ident) => {
        $crate::runtime::record::read::optional(&mut $map, &mut $field)
    };
    (@read req_num, $map:ident, $field:ident) => {
        $crate::runtime::record::read::present_number(&mut $map, &mut $field)
    };
    (@read opt_num, $map:ident, $field:ident) => {
        $crate::runtime::record::read::optional_number(&mut $map, &mut $field)
    };
    (@read clear_num, $map:ident, $field:ident) => {
        $crate::runtime::record::read::present_number(&mut $map, &mut $field)
    };
    (@finish req, $field:ident, $wire:literal) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(
                    <A::Error as ::serde::de::Error>::missing_field($wire),
                )
            }
        }
    };
    (@finish req_num, $field:ident, $wire:literal) => {
        $crate::runtime::record::open_struct!(@finish req, $field, $wire)
    };
    (@finish $kind:ident, $field:ident, $wire:literal) => {
        $field
    };
}
pub(crate) use open_struct;

/// The readers [`open_struct!`] calls, one per kind of field. Each is generic
/// over the field's type only, so one instance serves every struct that has a
/// field of that type.
#[allow(
    dead_code,
    reason = "generated crates use them; the runtime crate itself only in tests"
)]
pub(crate) mod read {
    use std::collections::BTreeMap;

    use serde::de::MapAccess;
    use serde::Deserialize;

    use super::super::number::{Lenient, NumberField};
    use super::Key;

    /// Reads a present value into `slot` (for `clear` fields, `T` is the
    /// `Option` that tells `null` from a value).
    pub(crate) fn present<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Reads an optional value: `null` leaves `slot` empty.
    pub(crate) fn optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }

    /// [`present`] for integer fields, through [`Lenient`].
    pub(crate) fn present_number<'de, A: MapAccess<'de>, T: NumberField>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value::<Lenient<T>>()?.0);
        Ok(())
    }

    /// [`optional`] for integer fields, through [`Lenient`].
    pub(crate) fn optional_number<'de, A: MapAccess<'de>, T>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        Option<T>: NumberField,
    {
        *slot = map.next_value::<Lenient<Option<T>>>()?.0;
        Ok(())
    }

    /// Reads the value of an undeclared key into `extra` (whose values are
    /// `serde_json::Value`, or the type `additionalProperties` declares).
    pub(crate) fn extra<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
        map: &mut A,
        key: Key<'de>,
        extra: &mut BTreeMap<String, V>,
    ) -> Result<(), A::Error> {
        let value = map.next_value()?;
        extra.insert(key.0.into_owned(), value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{json, Value};

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        created: i64,
        note: Option<String>,
        count: Option<u32>,
        cleared: Option<Option<String>>,
        r#type: Option<String>,
        extra: BTreeMap<String, Value>,
    }

    open_struct! {
        Sample, extra;
        id = "id" => req;
        created = "created" => req_num;
        note = "note" => opt;
        count = "count" => opt_num;
        cleared = "cleared" => clear;
        r#type = "type" => opt;
    }

    #[test]
    fn declared_keys_fill_fields_and_the_rest_goes_to_extra() {
        let value: Sample = serde_json::from_str(
            r#"{"type":"x","id":"a","created":1699017614.0,"note":null,"cleared":null,"new":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(
            value,
            Sample {
                id: "a".into(),
                created: 1_699_017_614,
                note: None,
                count: None,
                cleared: Some(None),
                r#type: Some("x".into()),
                extra: [("new".to_owned(), json!([1, 2]))].into(),
            }
        );
    }

    #[test]
    fn a_missing_required_key_and_a_fraction_are_errors() {
        let missing = serde_json::from_str::<Sample>(r#"{"created":1}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        let fraction = serde_json::from_str::<Sample>(r#"{"id":"a","created":1.5}"#).unwrap_err();
        assert!(fraction.to_string().contains("1.5"), "{fraction}");
        let not_an_object = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(
            not_an_object.to_string().contains("`Sample` object"),
            "{not_an_object}"
        );
    }

    #[test]
    fn keys_with_escapes_are_read_too() {
        let value: Sample =
            serde_json::from_str(r#"{"\u0069d":"a","created":2,"caf\u00e9":true}"#).unwrap();
        assert_eq!(value.id, "a");
        assert_eq!(value.extra["café"], json!(true));
    }

    /// An object whose `additionalProperties` declares the values' type.
    #[derive(Debug, PartialEq)]
    struct Labels {
        id: String,
        extra: BTreeMap<String, String>,
    }

    open_struct! {
        Labels, extra;
        id = "id" => req;
    }

    #[test]
    fn undeclared_values_take_the_declared_type() {
        let value: Labels = serde_json::from_str(r#"{"id":"a","team":"core"}"#).unwrap();
        assert_eq!(value.extra["team"], "core");
        let wrong = serde_json::from_str::<Labels>(r#"{"id":"a","team":7}"#).unwrap_err();
        assert!(wrong.to_string().contains("invalid type"), "{wrong}");
    }
}
