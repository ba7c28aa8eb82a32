//! Writing a fixed file without ever leaving it half-written, and without costing
//! the user anything the file had: a temporary file in the same folder, flushed to
//! disk, given the original's owner, permissions and extended attributes, then
//! renamed over the original (atomic on POSIX within one filesystem) only if the
//! file still holds what was read.
//!
//! Some files are skipped with a reason instead of written: a rename cannot keep
//! them as they are, or the user said not to.
//! - a symlink: its target may be outside the project (pre-commit passes links by
//!   name), and a rename would replace the link with a file;
//! - a file with more than one hard link: the rename would split the links, the
//!   other names keeping the old text (package managers such as uv hard-link one
//!   cached copy into many virtualenvs);
//! - a read-only file (no write permission bit);
//! - a file owned by another user, when sqlfix is not root (the new file would be
//!   owned by the one who ran sqlfix);
//! - a file whose content changed after sqlfix read it (an editor saving it).

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// Deliberately left as it is; the reason says why and what to do.
    Skipped(String),
    /// Writing failed; the file is unchanged.
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Skipped(why) => write!(f, "{why}"),
            WriteError::Io(e) => write!(f, "cannot write: {e}"),
        }
    }
}

/// Replaces the file at `path`, which sqlfix read as `expected`, with `bytes`.
pub fn replace_file(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".to_string());
        return Err(WriteError::Skipped(format!(
            "a symlink (to {target}); not fixed through the link, name the target to fix it"
        )));
    }
    if !meta.is_file() {
        return Err(WriteError::Skipped(
            "not a regular file; not fixed".to_string(),
        ));
    }
    if meta.permissions().readonly() {
        return Err(WriteError::Skipped(
            "read-only; not fixed (make it writable to let sqlfix fix it)".to_string(),
        ));
    }
    let owner = owner::check(&meta)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".sqlfix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    owner.apply(tmp.as_file())?;
    // After the chown, which clears set-id bits.
    fs::set_permissions(tmp.path(), meta.permissions())?;
    xattrs::copy(path, tmp.as_file())?;
    tmp.as_file().sync_all()?;
    // The test seam for the check below (tests/files_write.rs): a user's edit lands
    // now. Only built with the `test-hooks` feature.
    #[cfg(feature = "test-hooks")]
    if std::env::var_os("SQLFIX_TEST_EDIT_BEFORE_RENAME").is_some() {
        let mut file = fs::OpenOptions::new().append(true).open(path)?;
        file.write_all(b"# edited while sqlfix ran\n")?;
    }
    // The last moment before the rename: an edit saved since sqlfix read the file
    // would be lost by it.
    if !still_holds(path, &meta, expected)? {
        return Err(WriteError::Skipped(
            "changed while sqlfix was fixing it; not fixed (run sqlfix again)".to_string(),
        ));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename is durable once the directory entry is.
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Whether `path` is still the file that was read (same inode) with the same bytes.
fn still_holds(path: &Path, before: &fs::Metadata, expected: &[u8]) -> std::io::Result<bool> {
    let mut file = fs::File::open(path)?;
    let now = file.metadata()?;
    if !same_file(before, &now) || now.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut bytes = Vec::with_capacity(expected.len());
    file.read_to_end(&mut bytes)?;
    Ok(bytes == expected)
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
mod owner {
    use super::WriteError;
    use std::os::unix::fs::MetadataExt;

    /// The owner and group the new file must have.
    pub struct Owner {
        uid: u32,
        gid: u32,
        root: bool,
    }

    pub fn check(meta: &std::fs::Metadata) -> Result<Owner, WriteError> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let euid = unsafe { libc::geteuid() };
        if meta.nlink() > 1 {
            return Err(WriteError::Skipped(format!(
                "has {} hard links; not fixed (replacing it would leave the other names with the old text)",
                meta.nlink()
            )));
        }
        if euid != 0 && meta.uid() != euid {
            return Err(WriteError::Skipped(format!(
                "owned by another user (uid {}); not fixed (the fixed file would be owned by you)",
                meta.uid()
            )));
        }
        Ok(Owner {
            uid: meta.uid(),
            gid: meta.gid(),
            root: euid == 0,
        })
    }

    impl Owner {
        pub fn apply(&self, file: &std::fs::File) -> Result<(), WriteError> {
            let now = file.metadata()?;
            if now.uid() == self.uid && now.gid() == self.gid {
                return Ok(());
            }
            let uid = self.root.then_some(self.uid);
            std::os::unix::fs::fchown(file, uid, Some(self.gid)).map_err(|e| {
                WriteError::Skipped(format!(
                    "its owner or group (uid {}, gid {}) cannot be kept ({e}); not fixed",
                    self.uid, self.gid
                ))
            })
        }
    }
}

#[cfg(not(unix))]
mod owner {
    use super::WriteError;

    pub struct Owner;

    pub fn check(_: &std::fs::Metadata) -> Result<Owner, WriteError> {
        Ok(Owner)
    }

    impl Owner {
        pub fn apply(&self, _: &std::fs::File) -> Result<(), WriteError> {
            Ok(())
        }
    }
}

#[cfg(target_os = "linux")]
mod xattrs {
    //! Extended attributes (user.*, ACLs, SELinux labels) copied to the new file;
    //! one that cannot be copied stops the write rather than being dropped.

    use super::WriteError;
    use std::ffi::CString;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    pub fn copy(from: &Path, to: &std::fs::File) -> Result<(), WriteError> {
        let path = CString::new(from.as_os_str().as_bytes()).map_err(io::Error::other)?;
        for name in names(&path)? {
            let value = get(&path, &name)?;
            // The new file may already carry it (an SELinux label the folder gives
            // every new file): nothing to set, nothing that needs a privilege.
            if fget(to, &name).is_ok_and(|v| v == value) {
                continue;
            }
            // SAFETY: the name is NUL-terminated, the value's pointer and length agree.
            let rc = unsafe {
                libc::fsetxattr(
                    to.as_raw_fd(),
                    name.as_ptr(),
                    value.as_ptr().cast(),
                    value.len(),
                    0,
                )
            };
            if rc != 0 {
                return Err(WriteError::Skipped(format!(
                    "its extended attribute {} cannot be kept ({}); not fixed",
                    name.to_string_lossy(),
                    io::Error::last_os_error()
                )));
            }
        }
        Ok(())
    }

    fn names(path: &CString) -> io::Result<Vec<CString>> {
        let buf = sized(|buf, len| {
            // SAFETY: `buf` has room for `len` bytes (or is null with len 0).
            unsafe { libc::llistxattr(path.as_ptr(), buf.cast(), len) }
        });
        match buf {
            Ok(buf) => Ok(buf
                .split(|&b| b == 0)
                .filter(|n| !n.is_empty())
                .filter_map(|n| CString::new(n).ok())
                .collect()),
            // A filesystem without extended attributes has none to keep.
            Err(e) if e.raw_os_error() == Some(libc::ENOTSUP) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    fn get(path: &CString, name: &CString) -> io::Result<Vec<u8>> {
        sized(|buf, len| {
            // SAFETY: as in `names`.
            unsafe { libc::lgetxattr(path.as_ptr(), name.as_ptr(), buf.cast(), len) }
        })
    }

    fn fget(file: &std::fs::File, name: &CString) -> io::Result<Vec<u8>> {
        sized(|buf, len| {
            // SAFETY: as in `names`; the descriptor is open for the call.
            unsafe { libc::fgetxattr(file.as_raw_fd(), name.as_ptr(), buf.cast(), len) }
        })
    }

    /// Calls `f` once for the size and once for the data, again if it grew meanwhile.
    fn sized(f: impl Fn(*mut u8, usize) -> isize) -> io::Result<Vec<u8>> {
        loop {
            let size = f(std::ptr::null_mut(), 0);
            if size < 0 {
                return Err(io::Error::last_os_error());
            }
            let mut buf = vec![0u8; size as usize];
            if buf.is_empty() {
                return Ok(buf);
            }
            let got = f(buf.as_mut_ptr(), buf.len());
            if got >= 0 {
                buf.truncate(got as usize);
                return Ok(buf);
            }
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::ERANGE) {
                return Err(e);
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod xattrs {
    use super::WriteError;

    pub fn copy(_: &std::path::Path, _: &std::fs::File) -> Result<(), WriteError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keeps_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.py");
        fs::write(&real, "x = 1\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o754)).unwrap();
        replace_file(&real, b"x = 1\n", b"x = 2\n").unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "x = 2\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o754
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_skipped_and_its_target_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.py");
        fs::write(&real, "x = 1\n").unwrap();
        let link = dir.path().join("link.py");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = replace_file(&link, b"x = 1\n", b"x = 2\n").unwrap_err();
        assert!(matches!(e, WriteError::Skipped(_)), "{e}");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "x = 1\n");
    }

    #[test]
    fn a_changed_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x = 1  # edited\n").unwrap();
        let e = replace_file(&path, b"x = 1\n", b"x = 2\n").unwrap_err();
        assert!(e.to_string().contains("changed while sqlfix"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "x = 1  # edited\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
