//! Base64 text (`format: byte`): kept exactly as received, decoded on demand.

use base64::Engine as _;

/// A string of base64-encoded bytes (`type: string, format: byte`; RFC 4648
/// §4, the standard alphabet with padding). Decoding and re-encoding give back
/// the text as received; [`Base64::decode`] gives the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Base64(pub String);

/// Why a [`Base64`] value could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base64Error {
    /// The text is not base64 (RFC 4648 §4).
    #[error("not base64 text: {0}")]
    Text(String),
    /// The decoded bytes are not a whole number of items of `size` bytes.
    #[error("{len} decoded bytes are not a whole number of {size}-byte values")]
    Length {
        /// How many bytes the text decodes to.
        len: usize,
        /// The size of one value, in bytes.
        size: usize,
    },
}

impl Base64 {
    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded bytes.
    pub fn decode(&self) -> Result<Vec<u8>, Base64Error> {
        base64::engine::general_purpose::STANDARD
            .decode(self.0.as_bytes())
            .map_err(|e| Base64Error::Text(e.to_string()))
    }

    /// The decoded bytes read as packed little-endian IEEE 754 32-bit floats,
    /// the form in which embedding APIs send vectors with
    /// `encoding_format: base64`.
    pub fn decode_f32_le(&self) -> Result<Vec<f32>, Base64Error> {
        let bytes = self.decode()?;
        if bytes.len() % 4 != 0 {
            return Err(Base64Error::Length {
                len: bytes.len(),
                size: 4,
            });
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// Encodes `bytes` as base64 text.
    pub fn encode(bytes: &[u8]) -> Self {
        Base64(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

impl std::fmt::Display for Base64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Base64 {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Base64(text.to_owned()))
    }
}

impl From<String> for Base64 {
    fn from(text: String) -> Self {
        Base64(text)
    }
}

#[cfg(test)]
mod tests {
    use super::{Base64, Base64Error};

    #[test]
    fn little_endian_floats_decode_in_order() {
        let mut bytes = Vec::new();
        for v in [1.0f32, -0.5, 0.25] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let text = Base64::encode(&bytes);
        assert_eq!(text.as_str(), "AACAPwAAAL8AAIA+");
        assert_eq!(text.decode_f32_le().unwrap(), vec![1.0, -0.5, 0.25]);
    }

    #[test]
    fn text_is_kept_as_received() {
        let value: Base64 = serde_json::from_str("\"AACAPw==\"").unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"AACAPw==\"");
        assert_eq!(value.decode().unwrap(), vec![0, 0, 0x80, 0x3f]);
    }

    #[test]
    fn bad_text_and_odd_lengths_are_errors() {
        assert!(matches!(
            Base64("not base64!".into()).decode(),
            Err(Base64Error::Text(_))
        ));
        assert_eq!(
            Base64::encode(&[1, 2, 3]).decode_f32_le(),
            Err(Base64Error::Length { len: 3, size: 4 })
        );
    }
}
