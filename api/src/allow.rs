//! Which methods each API path supports, read from our own OpenAPI document, so that a 405 can
//! carry the `Allow` header RFC 9110 requires.

use std::collections::BTreeSet;
use std::sync::Arc;

/// Path templates of the spec (`/accounts/{id}`) with their methods.
#[derive(Debug, Clone, Default)]
pub struct AllowedMethods {
    routes: Arc<Vec<(Vec<String>, BTreeSet<String>)>>,
}

impl AllowedMethods {
    /// Reads the `paths` of an OpenAPI JSON document.
    pub fn from_spec(spec_json: &str) -> AllowedMethods {
        let mut routes = Vec::new();
        if let Ok(spec) = serde_json::from_str::<serde_json::Value>(spec_json)
            && let Some(paths) = spec["paths"].as_object()
        {
            for (path, item) in paths {
                let methods = item
                    .as_object()
                    .map(|ops| ops.keys().map(|m| m.to_ascii_uppercase()).collect())
                    .unwrap_or_default();
                routes.push((segments(path), methods));
            }
        }
        AllowedMethods {
            routes: Arc::new(routes),
        }
    }

    /// The value of an `Allow` header for a request path (relative to the API's base), if the
    /// path exists. As in the router, the most specific template wins: a literal segment beats a
    /// parameter (`/catalogue/import` is not `/catalogue/{id}`).
    pub fn allow_header(&self, path: &str) -> Option<String> {
        let want = segments(path);
        let best = self
            .routes
            .iter()
            .filter(|(template, _)| {
                template.len() == want.len()
                    && template
                        .iter()
                        .zip(&want)
                        .all(|(t, w)| t.starts_with('{') || t == w)
            })
            .max_by_key(|(template, _)| {
                template
                    .iter()
                    .map(|t| !t.starts_with('{'))
                    .collect::<Vec<bool>>()
            })?;
        let methods = &best.1;
        (!methods.is_empty()).then(|| methods.iter().cloned().collect::<Vec<_>>().join(", "))
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_the_methods_of_the_matching_template() {
        let spec = r#"{"paths":{"/accounts":{"get":{},"post":{}},"/accounts/{id}":{"get":{}},"/accounts/me":{"put":{}}}}"#;
        let a = AllowedMethods::from_spec(spec);
        assert_eq!(a.allow_header("/accounts").as_deref(), Some("GET, POST"));
        assert_eq!(a.allow_header("/accounts/").as_deref(), Some("GET, POST"));
        assert_eq!(a.allow_header("/accounts/me").as_deref(), Some("PUT"));
        assert_eq!(a.allow_header("/accounts/42").as_deref(), Some("GET"));
        assert_eq!(a.allow_header("/nothing"), None);
    }
}
