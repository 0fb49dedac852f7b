//! Decoding of unions told apart by a tag property, without first building a
//! `serde_json::Value` of the whole object.
//!
//! Entries are read until the tag is found; only those (usually just the tag
//! itself, which servers send first) are buffered. The chosen member is then
//! decoded from the buffered entries followed by the rest of the object, read
//! straight from the input. An object without a string tag, or a value that is
//! not an object, goes to the member chosen for `None` (the union's `Unknown`).

use super::serde_helpers::WireStr;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A union told apart by the string value of one property.
pub trait Tagged: Sized {
    /// The name of the tag property.
    const TAG: &'static str;

    /// Decodes the member for `tag` (`None` when the object has no string
    /// tag, or the value is not an object) from the whole value.
    fn member<'de, D: Deserializer<'de>>(tag: Option<&str>, value: D) -> Result<Self, D::Error>;

    /// Whether the value is one of the members this crate knows (not the
    /// `Unknown` catch-all).
    fn is_known(&self) -> bool;
}

/// Decodes a tagged union that is one form of an untagged union: a value
/// with no tag this crate knows is refused, so the untagged union tries its
/// other forms (and keeps the value in its own `Unknown` if none fits).
pub fn known_member<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Tagged + Deserialize<'de>,
    D: Deserializer<'de>,
{
    let value = T::deserialize(deserializer)?;
    if value.is_known() {
        Ok(value)
    } else {
        Err(de::Error::custom(format_args!(
            "no `{}` this version of the crate knows",
            T::TAG
        )))
    }
}

/// The impls of a union told apart by the property `$tag`, from its members
/// and their tag values (several values may lead to one member, as several
/// discriminator `mapping` entries may name one schema): [`Tagged`],
/// `Serialize` (the member as it is, so its tag is the one it was decoded
/// with) and `Deserialize` (through [`decode_tagged`]). The union has an
/// `Unknown(serde_json::Value)` catch-all.
#[allow(
    unused_macros,
    reason = "unused when the spec, or the features turned on, have no such type"
)]
macro_rules! tagged_union {
    ($name:ident, $tag:literal; $($member:ident = $($wire:literal)|+;)*) => {
        impl $crate::runtime::Tagged for $name {
            const TAG: &'static str = $tag;

            fn member<'de, D: ::serde::Deserializer<'de>>(
                tag: ::std::option::Option<&str>,
                value: D,
            ) -> ::std::result::Result<Self, D::Error> {
                match tag {
                    $($(::std::option::Option::Some($wire))|+ => {
                        ::serde::Deserialize::deserialize(value).map(Self::$member)
                    })*
                    _ => ::serde::Deserialize::deserialize(value).map(Self::Unknown),
                }
            }

            fn is_known(&self) -> bool {
                !::std::matches!(self, Self::Unknown(_))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$member(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::decode_tagged(deserializer)
            }
        }
    };
}
pub(crate) use tagged_union;

/// The `Deserialize` implementation of a [`Tagged`] union.
pub fn decode_tagged<'de, T: Tagged, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(PhantomData))
}

/// Visitor methods for every kind of value but maps and strings, handing the
/// value as JSON to `self.json`.
macro_rules! other_values_as_json {
    () => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            self.json(Value::Bool(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.json(Value::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.json(Value::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            self.json(Value::from(v))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.json(Value::Null)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.json(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            self.json(Value::deserialize(d)?)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            self.json(Value::deserialize(de::value::SeqAccessDeserializer::new(
                seq,
            ))?)
        }
    };
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<T: Tagged> TaggedVisitor<T> {
    fn json<E: de::Error>(self, value: Value) -> Result<T, E> {
        T::member(None, value).map_err(E::custom)
    }
}

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` property", T::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Servers send the tag first, so this usually buffers just the tag,
        // borrowed from the input.
        let mut seen: Vec<(Cow<'de, str>, Seen<'de>)> = Vec::new();
        let mut tag = None;
        while let Some(key) = map.next_key::<WireStr<'de>>()? {
            if key.0 == T::TAG {
                let value: Seen<'de> = map.next_value()?;
                if let Seen::Text(text) = &value {
                    tag = Some(text.clone());
                }
                seen.push((key.0, value));
                let body = Replay {
                    seen: seen.into_iter(),
                    pending: None,
                    rest: Some(map),
                };
                return T::member(tag.as_deref(), MapAccessDeserializer::new(body));
            }
            seen.push((key.0, Seen::Json(map.next_value()?)));
        }
        let body = Replay::<A> {
            seen: seen.into_iter(),
            pending: None,
            rest: None,
        };
        T::member(None, MapAccessDeserializer::new(body))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        self.json(Value::String(v.to_owned()))
    }

    other_values_as_json!();
}

/// A value read before the union's member was known.
enum Seen<'de> {
    Text(Cow<'de, str>),
    Json(Value),
}

impl<'de> Deserialize<'de> for Seen<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn json<E>(self, value: Value) -> Result<Seen<'static>, E> {
                Ok(Seen::Json(value))
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = Seen<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Seen<'de>, E> {
                Ok(Seen::Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seen<'de>, E> {
                Ok(Seen::Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Seen<'de>, E> {
                Ok(Seen::Text(Cow::Owned(v)))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Seen<'de>, A::Error> {
                self.json(Value::deserialize(de::value::MapAccessDeserializer::new(
                    map,
                ))?)
            }

            other_values_as_json!();
        }
        d.deserialize_any(V)
    }
}

/// An object read back as the entries already buffered, then the rest of the
/// input.
struct Replay<'de, A> {
    seen: std::vec::IntoIter<(Cow<'de, str>, Seen<'de>)>,
    pending: Option<Seen<'de>>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.seen.next() {
            self.pending = Some(value);
            return seed.deserialize(text(key)).map(Some);
        }
        let Some(rest) = self.rest.as_mut() else {
            return Ok(None);
        };
        let key = rest.next_key_seed(seed)?;
        if key.is_none() {
            self.rest = None;
        }
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(Seen::Text(value)) => seed.deserialize(TagText(text(value))),
            Some(Seen::Json(value)) => seed.deserialize(value).map_err(de::Error::custom),
            None => match self.rest.as_mut() {
                Some(rest) => rest.next_value_seed(seed),
                None => Err(de::Error::custom("a value was asked for before its key")),
            },
        }
    }
}

fn text<'de, E: de::Error>(text: Cow<'de, str>) -> de::value::CowStrDeserializer<'de, E> {
    text.into_deserializer()
}

/// A buffered string value, which a member may read as a `String` or, when
/// its tag property is optional, as an `Option<String>`.
struct TagText<'de, E>(de::value::CowStrDeserializer<'de, E>);

impl<'de, E: de::Error> Deserializer<'de> for TagText<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self.0)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Text {
        r#type: String,
        text: String,
        #[serde(flatten)]
        extra: serde_json::Map<String, Value>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Count {
        n: u8,
        #[serde(default)]
        r#type: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Part {
        Text(Text),
        Count(Count),
        Unknown(Value),
    }

    impl Tagged for Part {
        const TAG: &'static str = "type";

        fn member<'de, D: Deserializer<'de>>(
            tag: Option<&str>,
            value: D,
        ) -> Result<Self, D::Error> {
            match tag {
                Some("text") => Text::deserialize(value).map(Self::Text),
                Some("count" | "total") => Count::deserialize(value).map(Self::Count),
                _ => Value::deserialize(value).map(Self::Unknown),
            }
        }

        fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }

    impl<'de> Deserialize<'de> for Part {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decode_tagged(d)
        }
    }

    fn text(extra: Value) -> Part {
        Part::Text(Text {
            r#type: "text".into(),
            text: "hi".into(),
            extra: serde_json::from_value(extra).unwrap(),
        })
    }

    #[test]
    fn the_tag_may_come_first_last_or_between() {
        for json in [
            r#"{"type":"text","text":"hi","x":[1]}"#,
            r#"{"text":"hi","x":[1],"type":"text"}"#,
            r#"{"text":"hi","type":"text","x":[1]}"#,
        ] {
            let part: Part = serde_json::from_str(json).unwrap();
            assert_eq!(part, text(serde_json::json!({"x": [1]})), "{json}");
            let part: Part = serde_json::from_value(serde_json::from_str(json).unwrap()).unwrap();
            assert_eq!(
                part,
                text(serde_json::json!({"x": [1]})),
                "{json} via Value"
            );
        }
    }

    #[test]
    fn unknown_tags_missing_tags_and_non_objects_are_kept_whole() {
        for json in [
            r#"{"type":"video","url":"u"}"#,
            r#"{"url":"u","type":"video"}"#,
            r#"{"url":"u"}"#,
            r#"{"type":7,"url":"u"}"#,
            r#"{}"#,
            r#""text""#,
            r#"[1,{"type":"text"}]"#,
            r#"null"#,
            r#"-1.5"#,
        ] {
            let part: Part = serde_json::from_str(json).unwrap();
            let whole: Value = serde_json::from_str(json).unwrap();
            assert_eq!(part, Part::Unknown(whole), "{json}");
        }
    }

    #[test]
    fn member_errors_keep_their_path_and_message() {
        let err = serde_path_to_error::deserialize::<_, Vec<Part>>(
            &mut serde_json::Deserializer::from_str(r#"[{"type":"count","n":"many"}]"#),
        )
        .unwrap_err();
        assert_eq!(err.path().to_string(), "[0].n");
        assert!(err.inner().to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn an_optional_tag_property_reads_the_tag_and_each_mapped_value_keeps_its_own() {
        for tag in ["count", "total"] {
            let json = format!(r#"{{"type":"{tag}","n":3}}"#);
            let part: Part = serde_json::from_str(&json).unwrap();
            let expected = Part::Count(Count {
                n: 3,
                r#type: Some(tag.to_owned()),
            });
            assert_eq!(part, expected, "{json}");
        }
    }

    #[test]
    fn inside_an_untagged_union_only_known_members_are_taken() {
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum Either {
            #[serde(deserialize_with = "known_member")]
            Part(Part),
            Other(Value),
        }
        let known: Either = serde_json::from_str(r#"{"type":"count","n":1}"#).unwrap();
        assert!(matches!(known, Either::Part(Part::Count(_))));
        for json in [r#"{"type":"video"}"#, r#""text""#, r#"{"n":1}"#] {
            let other: Either = serde_json::from_str(json).unwrap();
            assert_eq!(other, Either::Other(serde_json::from_str(json).unwrap()));
        }
    }

    #[test]
    fn syntax_errors_in_the_rest_are_reported() {
        assert!(serde_json::from_str::<Part>(r#"{"type":"text","text":"hi",}"#).is_err());
        assert!(serde_json::from_str::<Part>(r#"{"type":"count","n":1"#).is_err());
    }
}
