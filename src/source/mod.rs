//! Reading a Python file the way sqlfix must write it back: the text without its BOM,
//! plus what it takes to reproduce the file's bytes and style (BOM, newline, indentation).

pub mod line_length;
mod stylist;

pub use stylist::{Newline, Stylist};

use std::path::{Path, PathBuf};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Files above this size are reported and skipped: generated or vendored blobs,
/// never a hand-written connection factory, and parsing them would dominate a run.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A Python source file, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as it was reached (relative to where the walk started, if it was).
    pub path: PathBuf,
    /// The text after the BOM, if any.
    pub text: String,
    pub has_bom: bool,
}

/// Why a file was not checked. None of these stop a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Io(String),
    NotUtf8 { offset: usize },
    TooLarge { bytes: u64, limit: u64 },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot read: {e}"),
            LoadError::NotUtf8 { offset } => {
                write!(
                    f,
                    "not valid UTF-8 (first bad byte at offset {offset}); skipped"
                )
            }
            LoadError::TooLarge { bytes, limit } => {
                write!(f, "{bytes} bytes is over the {limit}-byte limit; skipped")
            }
        }
    }
}

impl LoadError {
    /// An I/O failure means the check is incomplete; the other kinds are expected
    /// in big trees (test data, generated files) and only reported.
    pub fn is_io(&self) -> bool {
        matches!(self, LoadError::Io(_))
    }
}

impl SourceFile {
    pub fn read(path: &Path, max_bytes: u64) -> Result<SourceFile, LoadError> {
        let meta = std::fs::metadata(path).map_err(|e| LoadError::Io(e.to_string()))?;
        if meta.len() > max_bytes {
            return Err(LoadError::TooLarge {
                bytes: meta.len(),
                limit: max_bytes,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| LoadError::Io(e.to_string()))?;
        Self::from_bytes(path.to_path_buf(), bytes)
    }

    pub fn from_bytes(path: PathBuf, mut bytes: Vec<u8>) -> Result<SourceFile, LoadError> {
        let has_bom = bytes.starts_with(UTF8_BOM);
        if has_bom {
            bytes.drain(..UTF8_BOM.len());
        }
        let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
            offset: e.utf8_error().valid_up_to() + if has_bom { UTF8_BOM.len() } else { 0 },
        })?;
        Ok(SourceFile {
            path,
            text,
            has_bom,
        })
    }

    /// The bytes to write for `text`, restoring the BOM the file had.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.has_bom {
            out.extend_from_slice(UTF8_BOM);
        }
        out.extend_from_slice(text.as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_restored() {
        let src = SourceFile::from_bytes("a.py".into(), b"\xEF\xBB\xBFx = 1\n".to_vec()).unwrap();
        assert!(src.has_bom);
        assert_eq!(src.text, "x = 1\n");
        assert_eq!(src.encode("y = 2\n"), b"\xEF\xBB\xBFy = 2\n");
    }

    #[test]
    fn latin1_is_reported_not_decoded() {
        let err = SourceFile::from_bytes("a.py".into(), b"s = '\xE9'\n".to_vec()).unwrap_err();
        assert_eq!(err, LoadError::NotUtf8 { offset: 5 });
    }
}
