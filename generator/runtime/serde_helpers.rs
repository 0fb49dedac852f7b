//! Serde helpers the generated models call.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
}
