//! Serde helpers the generated models call.

use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Decodes JSON text. Only when that fails is it decoded again, tracking the
/// path to the failing field: tracking costs an allocation per key, so the
/// common case does without it. Errors are `(path, error)`.
pub(crate) fn from_json_located<T: DeserializeOwned>(
    text: &[u8],
) -> Result<T, (String, serde_json::Error)> {
    serde_json::from_slice(text).map_err(|first| {
        let mut de = serde_json::Deserializer::from_slice(text);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => (e.path().to_string(), e.into_inner()),
            // The value decoded; what failed was the text after it.
            Ok(_) => (String::from("."), first),
        }
    })
}

/// [`from_json_located`] for any deserializer `make` can build again.
pub(crate) fn decode_located<'de, T, D>(
    make: impl Fn() -> D,
) -> Result<T, (String, serde_json::Error)>
where
    T: Deserialize<'de>,
    D: Deserializer<'de, Error = serde_json::Error>,
{
    T::deserialize(make()).map_err(
        |first| match serde_path_to_error::deserialize::<_, T>(make()) {
            Err(e) => (e.path().to_string(), e.into_inner()),
            Ok(_) => (String::from("."), first),
        },
    )
}

/// A string, borrowed from the input when the input allows.
pub(crate) struct WireStr<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for WireStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WireStr<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<WireStr<'de>, E> {
                Ok(WireStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a string without copying it when the input allows; the
/// `Deserialize` of open string enums.
pub fn decode_str<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    WireStr::deserialize(d).map(|s| s.0)
}

/// The impls of an open string enum, from its variants and their wire
/// strings: `as_str`, `From<&str>` (a string it does not know becomes
/// `Unknown`), `Display`, and `Serialize`/`Deserialize` as that string.
#[allow(
    unused_macros,
    reason = "unused when the spec, or the features turned on, have no such type"
)]
macro_rules! wire_enum {
    ($name:ident; $($variant:ident = $wire:literal;)*) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::decode_str(deserializer).map(|value| Self::from(&*value))
            }
        }
    };
}
pub(crate) use wire_enum;

/// `with` module for `Option<Option<T>>` fields: absent is `None`, `null` is
/// `Some(None)`, a value is `Some(Some(v))`. Lets a request clear a field.
pub mod double_option {
    use super::*;

    /// Deserializes a present field (absent fields take the `default`).
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    /// Serializes `Some(None)` as `null` (`None` is skipped by the field's attributes).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().and_then(Option::as_ref).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        metadata: Option<Option<u8>>,
    }

    #[test]
    fn absent_null_and_value_are_distinct() {
        for (json, value) in [
            ("{}", None),
            (r#"{"metadata":null}"#, Some(None)),
            (r#"{"metadata":1}"#, Some(Some(1))),
        ] {
            let decoded: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(decoded.metadata, value);
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
    }
}
