//! Request bodies read strictly: a JSON number or boolean where the spec says string is refused.
//!
//! poem-openapi reads a `String` field from any JSON scalar (`false` becomes `"false"`, `123`
//! becomes `"123"`), so a client's type error would be stored as text and the published schema
//! would not be the truth. [`StrictJson`] is `Json` for request bodies: the same media type and
//! schema in the spec, but before parsing it walks the body along the body type's own schema
//! (as poem-openapi registers it) and refuses a non-string scalar wherever a string is expected,
//! with the same 400 problem as any other malformed body, naming the field.

use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::error::ParseRequestPayloadError;
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use serde_json::Value;
use std::ops::{Deref, DerefMut};

/// A JSON request body whose strings are strings.
#[derive(Debug, Clone, Eq, PartialEq, Default)]
pub struct StrictJson<T>(pub T);

impl<T> Deref for StrictJson<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for StrictJson<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Type> Payload for StrictJson<T> {
    const CONTENT_TYPE: &'static str = poem_openapi::payload::Json::<T>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        poem_openapi::payload::Json::<T>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ParseFromJSON> ParsePayload for StrictJson<T> {
    const IS_REQUIRED: bool = T::IS_REQUIRED;

    async fn from_request(request: &Request, body: &mut RequestBody) -> Result<Self> {
        let data = Vec::<u8>::from_request(request, body).await?;
        let value = if data.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&data).map_err(|err| ParseRequestPayloadError {
                reason: err.to_string(),
            })?
        };
        let mut registry = Registry::new();
        T::register(&mut registry);
        if let Some(path) = first_non_string(&registry, &T::schema_ref(), &value, "", 0) {
            return Err(ParseRequestPayloadError {
                reason: format!(
                    "`{path}`: expected a string, found {value}",
                    value = at(&value, &path)
                ),
            }
            .into());
        }
        let value = T::parse_from_json(Some(value)).map_err(|err| ParseRequestPayloadError {
            reason: err.into_message(),
        })?;
        Ok(Self(value))
    }
}

poem_openapi::impl_apirequest_for_payload!(StrictJson<T>, T: ParseFromJSON);

/// The value at a JSON pointer (for the message).
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

/// Where a schema is deeper than this the walk stops (no body type nests this far; a recursive
/// schema must not recurse forever).
const MAX_DEPTH: usize = 32;

fn resolve<'a>(registry: &'a Registry, schema: &'a MetaSchemaRef) -> Option<&'a MetaSchema> {
    match schema {
        MetaSchemaRef::Inline(s) => Some(s),
        MetaSchemaRef::Reference(name) => registry.schemas.get(name),
    }
}

/// The JSON pointer of the first number or boolean where `schema` expects a string, if any.
/// Anything else that does not fit is left to poem-openapi's own parser.
fn first_non_string(
    registry: &Registry,
    schema: &MetaSchemaRef,
    value: &Value,
    path: &str,
    depth: usize,
) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let s = resolve(registry, schema)?;
    // `allOf` of one reference is how a documented field points at its type.
    if let [only] = s.all_of.as_slice() {
        return first_non_string(registry, only, value, path, depth + 1);
    }
    match value {
        Value::Bool(_) | Value::Number(_) if s.ty == "string" => Some(if path.is_empty() {
            "/".into()
        } else {
            path.into()
        }),
        Value::Object(fields) => s.properties.iter().find_map(|(name, field_schema)| {
            let v = fields.get(*name)?;
            let p = format!("{path}/{}", name.replace('~', "~0").replace('/', "~1"));
            first_non_string(registry, field_schema, v, &p, depth + 1)
        }),
        Value::Array(items) => {
            let item_schema = s.items.as_deref()?;
            items.iter().enumerate().find_map(|(i, v)| {
                first_non_string(registry, item_schema, v, &format!("{path}/{i}"), depth + 1)
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem_openapi::Object;
    use serde_json::json;

    #[derive(Debug, Object)]
    struct Inner {
        note: String,
        count: u32,
    }

    #[derive(Debug, Object)]
    struct Body {
        name: String,
        reason: Option<String>,
        tags: Vec<String>,
        inner: Option<Inner>,
        flag: bool,
    }

    fn check(v: Value) -> Option<String> {
        let mut registry = Registry::new();
        Body::register(&mut registry);
        first_non_string(&registry, &Body::schema_ref(), &v, "", 0)
    }

    #[test]
    fn scalars_where_strings_belong_are_found() {
        let ok = json!({"name": "a", "reason": "b", "tags": ["x"], "inner": {"note": "n", "count": 3}, "flag": true});
        assert_eq!(check(ok), None);
        assert_eq!(check(json!({"name": false})), Some("/name".into()));
        assert_eq!(
            check(json!({"name": "a", "reason": 123})),
            Some("/reason".into())
        );
        assert_eq!(
            check(json!({"name": "a", "tags": ["x", true]})),
            Some("/tags/1".into())
        );
        assert_eq!(
            check(json!({"name": "a", "inner": {"note": 1.5, "count": 3}})),
            Some("/inner/note".into())
        );
        // Nulls and other mismatches are poem-openapi's to judge.
        assert_eq!(
            check(json!({"name": "a", "reason": null, "flag": "yes"})),
            None
        );
    }
}
