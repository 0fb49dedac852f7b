//! Numbers decoded as servers send them and encoded without changing them.
//!
//! JSON (RFC 8259 §6) has one number type; Rust fields have several. Two
//! gaps are closed here:
//! - a `number` field is a [`Number`], which remembers whether the server
//!   wrote an integer or a fraction: `97` received is `97` sent again (an
//!   `f64` would write `97.0`), `1.0` stays `1.0` and `97.5` stays `97.5`,
//!   while [`Number::get`] reads it as an `f64`;
//! - an `integer` field accepts an integral number written as a float
//!   (`1699017614.0`, which some servers send for Unix times); a fraction or
//!   a value outside the Rust type's range is an error, never a lossy cast.
//!   Integer fields (directly or inside `Option`, `Vec` or `BTreeMap`) are
//!   read through [`deserialize`] (`#[serde(deserialize_with = ...)]`);
//!   serde writes integers exactly by itself.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A JSON number as the server wrote it: an integer (kept exactly, up to
/// `u64::MAX` and down to `i64::MIN`) or a fraction (an `f64`). Read it with
/// [`Number::get`] or `f64::from`; compare it with `f64`s. Two numbers are
/// equal when their values are, whatever their form.
#[derive(Clone, Copy)]
pub struct Number(Form);

#[derive(Clone, Copy)]
enum Form {
    Int(i64),
    UInt(u64),
    Float(f64),
}

impl Number {
    /// The value as an `f64` (integers beyond 2^53 rounded to the nearest
    /// `f64`).
    pub fn get(self) -> f64 {
        match self.0 {
            Form::Int(v) => v as f64,
            Form::UInt(v) => v as f64,
            Form::Float(v) => v,
        }
    }

    /// The value, when the server wrote an integer that fits `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self.0 {
            Form::Int(v) => Some(v),
            Form::UInt(v) => i64::try_from(v).ok(),
            Form::Float(_) => None,
        }
    }

    /// The server wrote an integer (`97`, not `97.0`).
    pub fn is_integer(self) -> bool {
        !matches!(self.0, Form::Float(_))
    }
}

impl From<f64> for Number {
    /// A number written with a fraction (`1.0` for `1.0`).
    fn from(value: f64) -> Self {
        Number(Form::Float(value))
    }
}

impl From<Number> for f64 {
    fn from(value: Number) -> f64 {
        value.get()
    }
}

macro_rules! from_integers {
    ($($int:ty => $form:ident as $wide:ty;)*) => {$(
        impl From<$int> for Number {
            /// A number written as an integer.
            fn from(value: $int) -> Self {
                Number(Form::$form(<$wide>::from(value)))
            }
        }
    )*};
}

from_integers! {
    i32 => Int as i64;
    i64 => Int as i64;
    u32 => UInt as u64;
    u64 => UInt as u64;
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (self.0, other.0) {
            (Form::Int(a), Form::Int(b)) => a == b,
            (Form::UInt(a), Form::UInt(b)) => a == b,
            (Form::Int(a), Form::UInt(b)) | (Form::UInt(b), Form::Int(a)) => {
                u64::try_from(a).is_ok_and(|a| a == b)
            }
            _ => self.get() == other.get(),
        }
    }
}

impl PartialEq<f64> for Number {
    fn eq(&self, other: &f64) -> bool {
        self.get() == *other
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<std::cmp::Ordering> {
        match (self.0, other.0) {
            (Form::Int(a), Form::Int(b)) => a.partial_cmp(&b),
            (Form::UInt(a), Form::UInt(b)) => a.partial_cmp(&b),
            _ => self.get().partial_cmp(&other.get()),
        }
    }
}

impl fmt::Display for Number {
    /// The number as JSON writes it (`97`, `97.5`, `1.0`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Form::Int(v) => write!(f, "{v}"),
            Form::UInt(v) => write!(f, "{v}"),
            Form::Float(v) => match serde_json::Number::from_f64(v) {
                Some(n) => write!(f, "{n}"),
                None => write!(f, "{v}"),
            },
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Number {
    type Err = std::num::ParseFloatError;

    /// An integer when the text is one (`97`), else a fraction (`97.5`).
    fn from_str(text: &str) -> Result<Number, Self::Err> {
        if let Ok(v) = text.parse::<i64>() {
            return Ok(Number::from(v));
        }
        if let Ok(v) = text.parse::<u64>() {
            return Ok(Number::from(v));
        }
        text.parse::<f64>().map(Number::from)
    }
}

impl serde::Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Form::Int(v) => s.serialize_i64(v),
            Form::UInt(v) => s.serialize_u64(v),
            Form::Float(v) => s.serialize_f64(v),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct Any;
        impl Visitor<'_> for Any {
            type Value = Number;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::from(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
        }
        d.deserialize_any(Any)
    }
}

/// A field type holding JSON integers: an integer type, or an `Option`,
/// `Vec` or string-keyed `BTreeMap` of one.
pub trait NumberField: Sized {
    /// Decodes the value from `d`.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    /// Encodes the value to `s`.
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// Decodes a field whose type holds integers (`#[serde(with = ...)]`).
pub fn deserialize<'de, T: NumberField, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    T::decode(d)
}

/// Encodes a field whose type holds integers (`#[serde(with = ...)]`).
pub fn serialize<T: NumberField, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    value.encode(s)
}

/// `with` module for `Option<Option<T>>` integer fields of request types:
/// absent is `None`, `null` is `Some(None)`, a value is `Some(Some(v))`
/// (as `double_option`, with integers handled as in this module).
pub mod clearable {
    use super::NumberField;
    use serde::{Deserializer, Serializer};

    /// Decodes a present field (absent fields take the `default`).
    pub fn deserialize<'de, T: NumberField, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::decode(d).map(Some)
    }

    /// Encodes `Some(None)` as `null` (`None` is skipped by the field's attributes).
    pub fn serialize<T: NumberField, S: Serializer>(
        value: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(v)) => v.encode(s),
            _ => s.serialize_none(),
        }
    }
}

/// An integer from any JSON number that holds one exactly.
struct IntegerVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for IntegerVisitor<T>
where
    T: TryFrom<i64> + TryFrom<u64>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer that fits {}", std::any::type_name::<T>())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        let wrong = || E::invalid_value(de::Unexpected::Float(v), &self);
        // 2^63 and 2^64 are exact in f64; every integral f64 below them in
        // magnitude converts without loss.
        if v.fract() != 0.0 || !v.is_finite() {
            Err(wrong())
        } else if (-9_223_372_036_854_775_808.0..0.0).contains(&v) {
            self.visit_i64(v as i64)
        } else if (0.0..18_446_744_073_709_551_616.0).contains(&v) {
            self.visit_u64(v as u64)
        } else {
            Err(wrong())
        }
    }
}

macro_rules! integer_fields {
    ($($int:ty => $serialize:ident;)*) => {$(
        impl NumberField for $int {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntegerVisitor::<$int>(PhantomData))
            }

            fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.$serialize(*self)
            }
        }
    )*};
}

integer_fields! {
    i32 => serialize_i32;
    i64 => serialize_i64;
    u32 => serialize_u32;
    u64 => serialize_u64;
}

/// A field holding integers, read as [`deserialize`] reads it (an integral
/// float such as `1699017614.0` is accepted): what a generated
/// `Deserialize` implementation asks the input for.
pub struct Lenient<T>(pub T);

impl<'de, T: NumberField> serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode(d).map(Lenient)
    }
}

/// `T` decoded and encoded through [`NumberField`], inside a container.
struct Item<T>(T);

impl<'de, T: NumberField> serde::Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode(d).map(Item)
    }
}

struct ItemRef<'a, T>(&'a T);

impl<T: NumberField> serde::Serialize for ItemRef<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.encode(s)
    }
}

impl<T: NumberField> NumberField for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let item: Option<Item<T>> = serde::Deserialize::deserialize(d)?;
        Ok(item.map(|i| i.0))
    }

    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => s.serialize_some(&ItemRef(v)),
            None => s.serialize_none(),
        }
    }
}

impl<T: NumberField> NumberField for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);
        impl<'de, T: NumberField> Visitor<'de> for Items<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of numbers")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(Item(v)) = seq.next_element::<Item<T>>()? {
                    out.push(v);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Items(PhantomData))
    }

    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for v in self {
            seq.serialize_element(&ItemRef(v))?;
        }
        seq.end()
    }
}

impl<T: NumberField> NumberField for BTreeMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<T>(PhantomData<T>);
        impl<'de, T: NumberField> Visitor<'de> for Entries<T> {
            type Value = BTreeMap<String, T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object whose values are numbers")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, Item(v))) = map.next_entry::<String, Item<T>>()? {
                    out.insert(k, v);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }

    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, &ItemRef(v))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Number;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Reading {
        value: Number,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super")]
        created_at: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super")]
        count: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        samples: Option<Vec<Number>>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super")]
        tallies: Option<BTreeMap<String, u32>>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super")]
        sizes: Option<Vec<i64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::clearable"
        )]
        offset: Option<Option<i32>>,
    }

    fn round_trip(json: &str) -> String {
        let value: Reading = serde_json::from_str(json).unwrap();
        serde_json::to_string(&value).unwrap()
    }

    #[test]
    fn numbers_re_encode_as_received() {
        for json in [
            r#"{"value":97}"#,
            r#"{"value":97.5}"#,
            r#"{"value":1.0}"#,
            r#"{"value":-3}"#,
            r#"{"value":0}"#,
            r#"{"value":-0.0}"#,
            r#"{"value":18446744073709551615}"#,
            r#"{"value":-9223372036854775808}"#,
            // serde_json writes exponents with a sign.
            r#"{"value":1e+300}"#,
            r#"{"value":0.1,"samples":[1,2.5,-7,3.0],"tallies":{"a":3,"b":0}}"#,
            r#"{"value":1,"sizes":[1,-2]}"#,
            r#"{"value":1,"offset":null}"#,
            r#"{"value":1,"offset":-4}"#,
            r#"{"value":1,"count":18446744073709551615}"#,
        ] {
            assert_eq!(round_trip(json), json);
        }
    }

    #[test]
    fn a_number_reads_as_f64_and_compares_by_value() {
        let r: Reading = serde_json::from_str(r#"{"value":97,"samples":[97.0,1e2]}"#).unwrap();
        assert_eq!(r.value.get(), 97.0);
        assert_eq!(f64::from(r.value), 97.0);
        assert_eq!(r.value, 97.0);
        assert_eq!(r.value.as_i64(), Some(97));
        assert!(r.value.is_integer());
        let samples = r.samples.unwrap();
        assert_eq!(samples[0], r.value);
        assert!(!samples[0].is_integer());
        assert!(samples[1] > r.value);
        assert_eq!(Number::from(u64::MAX), Number::from(u64::MAX));
        assert_ne!(Number::from(-1_i64), Number::from(u64::MAX));
        assert_eq!("97".parse::<Number>().unwrap().to_string(), "97");
        assert_eq!("97.50".parse::<Number>().unwrap().to_string(), "97.5");
        assert_eq!(format!("{:?}", Number::from(2.0)), "2.0");
    }

    #[test]
    fn integral_floats_decode_as_integers() {
        let r: Reading = serde_json::from_str(r#"{"value":1,"created_at":1699017614.0}"#).unwrap();
        assert_eq!(r.created_at, Some(1_699_017_614));
        let r: Reading = serde_json::from_str(r#"{"value":1,"count":4.0e3}"#).unwrap();
        assert_eq!(r.count, Some(4000));
        let r: Reading = serde_json::from_str(r#"{"value":1,"sizes":[2.0,-3.0]}"#).unwrap();
        assert_eq!(r.sizes, Some(vec![2, -3]));
    }

    #[test]
    fn nothing_is_cast_with_loss() {
        for (json, expected) in [
            (r#"{"value":1,"created_at":1.5}"#, "floating point `1.5`"),
            (r#"{"value":1,"count":-1}"#, "integer `-1`"),
            (
                r#"{"value":1,"created_at":18446744073709551615}"#,
                "integer `18446744073709551615`",
            ),
            (r#"{"value":1,"offset":3000000000}"#, "integer `3000000000`"),
            (
                r#"{"value":1,"created_at":1e19}"#,
                "integer `10000000000000000000`",
            ),
            (r#"{"value":1,"created_at":"12"}"#, "string \"12\""),
            (r#"{"value":"12"}"#, "string \"12\""),
        ] {
            let error = serde_json::from_str::<Reading>(json)
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }
}
