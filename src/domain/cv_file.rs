//! The CV's file, judged by its content: a PDF (its header and structure, parsed by `lopdf`)
//! with a text layer, so that the regional matching system can read it; a scan (pages that only
//! paint images) is refused. Pure: the caller reads the bytes.

use lopdf::content::Content;
use lopdf::{Document, Object};
use sha2::{Digest, Sha256};

/// The largest CV file kept in the database: 5 MiB (a text CV is usually well under 1 MiB).
pub const MAX_CV_BYTES: u64 = 5 * 1024 * 1024;

/// How much decompressed page content is read at most while looking for text (a compressed
/// stream cannot inflate without limit).
const MAX_CONTENT_BYTES: usize = 64 * 1024 * 1024;

/// Why a file cannot be filed as the CV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvFileError {
    /// Over [`MAX_CV_BYTES`]; the size in bytes.
    TooLarge(u64),
    /// Does not start with the `%PDF-` header.
    NotPdf,
    /// Starts like a PDF but its structure cannot be read.
    Damaged,
    /// A PDF whose pages show no text: a scan or a picture.
    NoText,
}

/// The SHA-256 of `bytes`, in lower-case hex: what identifies a CV file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks that `bytes` are a PDF, within the size limit, with some text on its pages.
pub fn check_cv_pdf(bytes: &[u8]) -> Result<(), CvFileError> {
    if bytes.len() as u64 > MAX_CV_BYTES {
        return Err(CvFileError::TooLarge(bytes.len() as u64));
    }
    // The header may follow a little garbage (the standard allows 1024 bytes before it).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(CvFileError::NotPdf);
    }
    let document = Document::load_mem(bytes).map_err(|_| CvFileError::Damaged)?;
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(CvFileError::Damaged);
    }
    let mut budget = MAX_CONTENT_BYTES;
    for page in pages.values() {
        let Ok(content) = document.get_page_content_with_limit(*page, budget) else {
            continue;
        };
        budget = budget.saturating_sub(content.len());
        if shows_text(&content) {
            return Ok(());
        }
    }
    // Text may sit in form XObjects drawn by the pages.
    for object in document.objects.values() {
        if let Object::Stream(stream) = object
            && stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
            && let Ok(content) = stream.decompressed_content_with_limit(budget)
        {
            budget = budget.saturating_sub(content.len());
            if shows_text(&content) {
                return Ok(());
            }
        }
    }
    Err(CvFileError::NoText)
}

/// True when a content stream has a text-showing operator (`Tj`, `TJ`, `'`, `"`) with a
/// non-empty string.
fn shows_text(content: &[u8]) -> bool {
    let Ok(content) = Content::decode(content) else {
        return false;
    };
    content.operations.iter().any(|op| {
        matches!(op.operator.as_str(), "Tj" | "TJ" | "'" | "\"")
            && op.operands.iter().any(non_empty_text)
    })
}

fn non_empty_text(object: &Object) -> bool {
    match object {
        Object::String(text, _) => !text.is_empty(),
        Object::Array(items) => items.iter().any(non_empty_text),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::sample_pdf;

    #[test]
    fn a_pdf_with_text_is_accepted() {
        assert_eq!(
            check_cv_pdf(&sample_pdf(Some("Mario Rossi, magazziniere"))),
            Ok(())
        );
    }

    #[test]
    fn a_scan_is_refused() {
        assert_eq!(check_cv_pdf(&sample_pdf(None)), Err(CvFileError::NoText));
    }

    #[test]
    fn text_named_pdf_is_refused() {
        assert_eq!(
            check_cv_pdf(b"Curriculum vitae di Mario Rossi\n"),
            Err(CvFileError::NotPdf)
        );
        assert_eq!(check_cv_pdf(b""), Err(CvFileError::NotPdf));
    }

    #[test]
    fn a_header_alone_is_not_a_pdf() {
        assert_eq!(check_cv_pdf(b"%PDF-1.4\n"), Err(CvFileError::Damaged));
    }

    #[test]
    fn too_large_is_refused_before_parsing() {
        let mut big = sample_pdf(Some("x"));
        big.resize(MAX_CV_BYTES as usize + 1, b' ');
        assert_eq!(
            check_cv_pdf(&big),
            Err(CvFileError::TooLarge(MAX_CV_BYTES + 1))
        );
    }

    #[test]
    fn empty_strings_are_no_text() {
        assert!(!shows_text(b"BT /F1 12 Tf () Tj [()] TJ ET"));
        assert!(shows_text(b"BT /F1 12 Tf [(C) 120 (V)] TJ ET"));
        assert!(shows_text(b"BT /F1 12 Tf (CV) ' ET"));
    }

    #[test]
    fn sha256_is_hex_of_the_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
