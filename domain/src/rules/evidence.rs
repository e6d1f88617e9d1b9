//! Evidence files (证明材料): what may be uploaded. The kind is decided by the file's content,
//! never by its name or the type the client claims, and only three kinds are taken.

/// The kinds of evidence file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        match s {
            "pdf" => Some(FileKind::Pdf),
            "jpeg" => Some(FileKind::Jpeg),
            "png" => Some(FileKind::Png),
            _ => None,
        }
    }

    /// The media type a download is labelled with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

/// The largest evidence file accepted: 10 MiB.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// Why a file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    /// Not a PDF, JPEG or PNG, whatever its name says.
    UnsupportedKind,
}

impl Refusal {
    /// The message key the refusal is shown with.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "field.file.empty",
            Refusal::TooLarge => "field.file.too-large",
            Refusal::UnsupportedKind => "field.file.kind",
        }
    }
}

/// Decides a file's kind from its leading bytes (PDF `%PDF-`, PNG's eight-byte signature, JPEG's
/// SOI marker followed by another marker), and checks its size.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(Refusal::TooLarge);
    }
    if bytes.starts_with(b"%PDF-") {
        Ok(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(FileKind::Png)
    } else if bytes.len() > 3 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(FileKind::Jpeg)
    } else {
        Err(Refusal::UnsupportedKind)
    }
}

/// A file name fit for a `Content-Disposition` header and a listing: the path stripped, control
/// and quoting characters removed, at most 100 characters, and the extension of the real kind.
pub fn safe_name(original: &str, kind: FileKind) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let clean: String = stem
        .chars()
        // Bidi controls too: `a\u{202E}fdp.exe` would show as `aexe.pdf`.
        .filter(|c| {
            !c.is_control()
                && !crate::model::text::is_bidi_control(*c)
                && !"\"\\;:<>|*?/".contains(*c)
        })
        .take(100)
        .collect();
    let clean = clean.trim().trim_start_matches('.');
    let stem = if clean.is_empty() { "evidence" } else { clean };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Ok(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(FileKind::Png));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Ok(FileKind::Jpeg)
        );
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        for bytes in [
            &b"<html><script>alert(1)</script>"[..],
            b"MZ\x90\0",
            b"GIF89a",
            b"PK\x03\x04",
            b" %PDF-1.7",
            &[0xFF, 0xD8],
        ] {
            assert_eq!(sniff(bytes), Err(Refusal::UnsupportedKind), "{bytes:?}");
        }
        assert_eq!(sniff(b""), Err(Refusal::Empty));
    }

    #[test]
    fn size_limit_is_inclusive() {
        let mut at_limit = vec![0u8; MAX_EVIDENCE_BYTES];
        at_limit[..5].copy_from_slice(b"%PDF-");
        assert_eq!(sniff(&at_limit), Ok(FileKind::Pdf));
        at_limit.push(0);
        assert_eq!(sniff(&at_limit), Err(Refusal::TooLarge));
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(
            safe_name("C:\\x\\资质证书.PDF", FileKind::Pdf),
            "资质证书.pdf"
        );
        assert_eq!(safe_name("../../etc/passwd", FileKind::Png), "passwd.png");
        assert_eq!(safe_name("a\"b;c\r\n.exe", FileKind::Jpeg), "abc.jpg");
        assert_eq!(safe_name("", FileKind::Pdf), "evidence.pdf");
        assert_eq!(safe_name(".hidden", FileKind::Pdf), "evidence.pdf");
    }
}
