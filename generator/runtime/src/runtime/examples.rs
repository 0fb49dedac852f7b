//! The spec's examples as tests of the models: each is decoded into the type
//! it belongs to and encoded again, and nothing may be lost. Compiled for
//! tests only.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json`, the example at `pointer` in the spec, as `T`, encodes it
/// again and compares: `Err` says what did not decode or what changed
/// (a `null` may come back absent; nothing else may change).
pub(crate) fn check_example<T: DeserializeOwned + Serialize>(
    pointer: &str,
    json: &str,
) -> Result<(), String> {
    let before: Value =
        serde_json::from_str(json).map_err(|e| format!("{pointer}: not JSON: {e}"))?;
    let decoded: T = serde_json::from_value(before.clone()).map_err(|e| {
        format!(
            "{pointer}: does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    let after =
        serde_json::to_value(&decoded).map_err(|e| format!("{pointer}: does not encode: {e}"))?;
    same_meaning(&before, &after, "$")
        .map_err(|at| format!("{pointer}: decode → encode changed {at}"))
}

/// `Ok` when `after` says what `before` said (allowing `null` → absent).
fn same_meaning(before: &Value, after: &Value, at: &str) -> Result<(), String> {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, bv) in b {
                match a.get(k) {
                    Some(av) => same_meaning(bv, av, &format!("{at}.{k}"))?,
                    None if bv.is_null() => {}
                    None => return Err(format!("{at}.{k} (lost)")),
                }
            }
            match a.keys().find(|k| !b.contains_key(*k)) {
                Some(k) => Err(format!("{at}.{k} (invented)")),
                None => Ok(()),
            }
        }
        (Value::Array(b), Value::Array(a)) if a.len() == b.len() => b
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (bv, av))| same_meaning(bv, av, &format!("{at}[{i}]"))),
        _ if before == after => Ok(()),
        _ => Err(format!("{at} ({before} became {after})")),
    }
}

#[cfg(test)]
mod tests {
    use super::check_example;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Book {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pages: Option<u32>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn a_faithful_example_passes_and_a_lossy_or_wrong_one_fails() {
        assert_eq!(
            check_example::<Book>("#/a", r#"{"id":"b","pages":3,"x":[1]}"#),
            Ok(())
        );
        assert_eq!(
            check_example::<Book>("#/a", r#"{"id":"b","pages":null}"#),
            Ok(())
        );
        let wrong = check_example::<Book>("#/b", r#"{"pages":3}"#).unwrap_err();
        assert!(wrong.starts_with("#/b: does not decode as"), "{wrong}");
        let lossy = check_example::<Vec<f64>>("#/c", "[1]").unwrap_err();
        assert_eq!(lossy, "#/c: decode → encode changed $[0] (1 became 1.0)");
    }
}
