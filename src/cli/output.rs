//! `-o FILE` must never overwrite what sqlfix reads: a Python source, a path named
//! on the command line, or a configuration file. A report written over one of them
//! would cost the user that file.

use std::path::{Path, PathBuf};

/// Refuses `output` when it is a Python file or the same file as one of `inputs`.
pub fn refuse_over_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<(), String> {
    let shown = output.display();
    if output.extension().is_some_and(|e| e == "py" || e == "pyi") {
        return Err(format!(
            "-o {shown}: a Python source file; sqlfix does not write its report over source (name another file)"
        ));
    }
    let Ok(meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::metadata(input).is_ok_and(|m| same_file(&meta, &m)) {
            return Err(format!(
                "-o {shown}: that is {}, which sqlfix reads; name another file",
                input.display()
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.is_file() && a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}
