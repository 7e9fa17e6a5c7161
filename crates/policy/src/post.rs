//! Posts: JSON objects with scanned text fields and metadata.

use serde_json::{Map, Value as Json};

use crate::decision::{ErrorKind, PostError};

/// A post to judge: any JSON object (SPEC section 1).
///
/// # Examples
///
/// ```
/// use redline_policy::Post;
///
/// let post = Post::from_json(r#"{"id": "p1", "text": "hello", "author": {"account_age_days": 3}}"#)?;
/// assert_eq!(post.id(), Some(&serde_json::json!("p1")));
/// assert!(Post::from_json("[1, 2]").is_err());
/// # Ok::<(), redline_policy::PostError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    pub(crate) fields: Map<String, Json>,
}

impl Post {
    /// A post with only a `text` field.
    pub fn text(text: &str) -> Post {
        let mut fields = Map::new();
        fields.insert("text".into(), Json::String(text.to_owned()));
        Post { fields }
    }

    /// Parses one JSON object.
    ///
    /// # Errors
    ///
    /// `invalid_json` or `not_object`.
    pub fn from_json(line: &str) -> Result<Post, PostError> {
        let value: Json = serde_json::from_str(line)
            .map_err(|e| PostError::new(ErrorKind::InvalidJson, e.to_string()))?;
        Post::from_value(value)
    }

    /// Wraps a JSON value.
    ///
    /// # Errors
    ///
    /// `not_object` when the value is not an object.
    pub fn from_value(value: Json) -> Result<Post, PostError> {
        match value {
            Json::Object(fields) => Ok(Post { fields }),
            other => Err(PostError::new(
                ErrorKind::NotObject,
                format!("a post must be a JSON object, found {}", json_type(&other)),
            )),
        }
    }

    /// The post's `id`, when present and not null. SPEC types it a string
    /// or a number, but any other value is echoed back as given too: the
    /// id is how a caller joins decisions to posts, and it is not scanned.
    pub fn id(&self) -> Option<&Json> {
        self.fields.get("id").filter(|v| !v.is_null())
    }

    /// The JSON object.
    pub fn as_map(&self) -> &Map<String, Json> {
        &self.fields
    }
}

pub(crate) fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
