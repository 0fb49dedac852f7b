//! Serde helpers the generated models call.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The string value of a union's tag property, if there is one.
pub fn tag_of<'v>(value: &'v serde_json::Value, tag: &str) -> Option<&'v str> {
    value.get(tag)?.as_str()
}

/// Decodes one member of a tagged union from the whole JSON object.
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// A structured query parameter, sent as its JSON text.
pub fn query_json<T: Serialize>(name: &str, value: &T) -> Result<String, super::Error> {
    serde_json::to_string(value).map_err(|e| {
        super::Error::InvalidRequest(format!("query parameter `{name}` cannot be encoded: {e}"))
    })
}

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

    #[test]
    fn tagged_member_errors_are_serde_errors() {
        let value = serde_json::json!({"type": "x", "n": "not a number"});
        assert_eq!(tag_of(&value, "type"), Some("x"));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct M {
            n: u8,
        }
        let err = decode_variant::<M, serde_json::Error>(value).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}
