//! Writing a document to a new file readable by its owner only: an existing file is never
//! overwritten, and a file left half-written is removed.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`, which must not exist, with mode 0600.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// Writes `bytes` to `name` in `dir`, or, when a file of that name exists, to the first free
/// `stem-2.ext`, `stem-3.ext`...; returns the path written.
pub fn write_unique(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}{ext}"))
        };
        match write_new(&candidate, bytes) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_is_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_unique(dir.path(), "PSP-1-v1-X.pdf", b"uno").unwrap();
        let second = write_unique(dir.path(), "PSP-1-v1-X.pdf", b"due").unwrap();
        assert_eq!(first, dir.path().join("PSP-1-v1-X.pdf"));
        assert_eq!(second, dir.path().join("PSP-1-v1-X-2.pdf"));
        assert_eq!(std::fs::read(&first).unwrap(), b"uno");
        let mode = std::fs::metadata(&second).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = write_new(&first, b"tre").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        assert!(write_unique(&dir.path().join("manca"), "a.txt", b"x").is_err());
    }
}
