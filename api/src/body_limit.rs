//! A request-body size limit that, unlike poem's `SizeLimit`, does not demand a Content-Length
//! (which would refuse every GET and every chunked upload with 411): a declared length over the
//! limit is refused at once, and a body of unknown length is read up to the limit and refused
//! as soon as it goes past.

use poem::http::StatusCode;
use poem::{Body, Endpoint, Error, Request, Result};

/// Middleware function for `EndpointExt::around`: `ep.around(move |ep, req| limit_body(ep, req, MAX))`.
pub async fn limit_body<E: Endpoint>(next: E, mut req: Request, max: usize) -> Result<E::Output> {
    let declared = req
        .headers()
        .get(poem::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > max as u64 => return Err(too_large()),
        Some(_) => {}
        None if req
            .headers()
            .contains_key(poem::http::header::TRANSFER_ENCODING) =>
        {
            let bytes = req
                .take_body()
                .into_bytes_limit(max)
                .await
                .map_err(|_| too_large())?;
            req.set_body(Body::from(bytes));
        }
        None => {}
    }
    next.call(req).await
}

fn too_large() -> Error {
    Error::from_string("request body too large", StatusCode::PAYLOAD_TOO_LARGE)
}
