//! Shared by the tests that install sqlfix the way a Python team does: the wheel
//! `scripts/build-wheel` built, a fresh virtualenv, and a PATH with no Rust
//! toolchain on it, so an install that tried to compile would fail.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The wheel of this version in target/dist (or $CARGO_TARGET_DIR/dist).
/// Missing is a failure that says how to build it: the test cannot build it
/// itself, since cargo holds the target folder's lock while tests run.
pub fn wheel() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        repo_root().join(target)
    };
    let folder = target.join("dist");
    let prefix = format!("sqlfix-{}-", env!("CARGO_PKG_VERSION"));
    let found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
        .collect();
    match found.as_slice() {
        [one] => one.clone(),
        [] => panic!(
            "no {prefix}*.whl in {}: build it with scripts/build-wheel (scripts/test does this before the tests)",
            folder.display()
        ),
        many => panic!(
            "several wheels of this version in {}: {many:?}; run scripts/build-wheel, it keeps one",
            folder.display()
        ),
    }
}

/// The current PATH without its folders that hold cargo or rustc.
pub fn path_without_rust() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists() && !dir.join("rustc").exists())
        .collect();
    let joined = std::env::join_paths(kept).unwrap();
    joined.into_string().unwrap()
}

/// A command with PATH = `first` folders + the PATH without Rust, and none of
/// the variables that would point a build at a toolchain anyway.
pub fn without_rust(program: impl AsRef<std::ffi::OsStr>, first: &[&Path]) -> Command {
    let mut path: Vec<PathBuf> = first.iter().map(|p| p.to_path_buf()).collect();
    path.extend(std::env::split_paths(&path_without_rust()));
    let mut cmd = Command::new(program);
    cmd.env("PATH", std::env::join_paths(path).unwrap());
    for var in [
        "CARGO",
        "RUSTC",
        "RUSTUP_TOOLCHAIN",
        "CARGO_HOME",
        "RUSTUP_HOME",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Which `program` a command made by `without_rust` would run, if any.
pub fn which_without_rust(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&path_without_rust())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The python3 that makes the fresh virtualenvs.
pub fn python3() -> PathBuf {
    which_without_rust("python3").unwrap_or_else(|| {
        panic!("python3 is not on PATH: install python3 with its venv module (Debian: apt-get install python3 python3-venv)")
    })
}

/// A fresh virtualenv in `dir`; returns its bin folder.
pub fn fresh_venv(dir: &Path) -> PathBuf {
    let output = without_rust(python3(), &[])
        .args(["-m", "venv"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python3 -m venv failed (Debian: apt-get install python3-venv): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("bin")
}

/// Runs `cmd`; returns (exit code, stdout + stderr).
pub fn run(cmd: &mut Command) -> (i32, String) {
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} could not start: {e}"));
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}
