//! `GET /files/:id`: an evidence file (证明材料) as a download. Public once attached to a declared
//! qualification or practitioner; otherwise only for its firm, regulators and administrators —
//! the services decide, from the visitor's session. Anything else is the 404 page, so that the
//! existence of a file is not revealed either.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::pages::catalogue::path_id;
use crate::views::rfc5987;
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Response, handler};

/// The file's bytes, labelled with the stored media type and always offered as an attachment:
/// never rendered in our origin, never sniffed, never cached by shared caches.
#[handler]
pub async fn download(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let actor = ctx.visitor.as_ref().map(|v| &v.auth.actor);
    let (meta, bytes) = ctx.services().evidence_file(actor, path_id(&id)?).await?;
    Ok(attachment(meta.media_type.as_str(), &meta.name, bytes))
}

/// A stored file as a download: labelled with its media type and always offered as an
/// attachment, never rendered in our origin, never sniffed, never cached by shared caches.
pub(crate) fn attachment(media_type: &str, name: &str, bytes: Vec<u8>) -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .content_type(media_type)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename*=UTF-8''{}", rfc5987(name)),
        )
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, "sandbox")
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(bytes)
}
