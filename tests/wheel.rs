//! The wheel, installed the way a Python team installs a tool: into a fresh
//! virtualenv, offline, with no cargo or rustc on PATH. The `sqlfix` script and
//! `python -m sqlfix` both work, and a check of the sample app finds hazards.

mod python_env;

use python_env::*;

#[test]
fn the_wheel_installs_and_runs_without_a_rust_toolchain() {
    let wheel = wheel();
    assert!(
        which_without_rust("cargo").is_none() && which_without_rust("rustc").is_none(),
        "the PATH for this test still has cargo or rustc"
    );
    let venv = tempfile::tempdir().unwrap();
    let bin = fresh_venv(venv.path());

    // --no-index: everything the install needs is in the wheel.
    let (code, out) = run(without_rust(bin.join("python"), &[&bin])
        .args([
            "-m",
            "pip",
            "install",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel));
    assert_eq!(code, 0, "pip install {}: {out}", wheel.display());

    let version = format!("sqlfix {}", env!("CARGO_PKG_VERSION"));
    let (code, out) = run(without_rust("sqlfix", &[&bin]).arg("--version"));
    assert_eq!((code, out.trim()), (0, version.as_str()));
    let (code, out) =
        run(without_rust(bin.join("python"), &[&bin]).args(["-m", "sqlfix", "--version"]));
    assert_eq!((code, out.trim()), (0, version.as_str()));

    // Exit 1 means findings; `python -m sqlfix` passes the binary's code on.
    let work = tempfile::tempdir().unwrap();
    let app = repo_root().join("examples/docproc");
    for launcher in [vec!["sqlfix"], vec!["python", "-m", "sqlfix"]] {
        let (code, out) = run(without_rust(bin.join(launcher[0]), &[&bin])
            .args(&launcher[1..])
            .arg("--no-cache")
            .arg(&app)
            .current_dir(work.path()));
        assert_eq!(code, 1, "{launcher:?} on the sample app: {out}");
        assert!(out.contains("SQF101") && out.contains("Found "), "{out}");
    }
}

/// The wheel holds the binary as a script and the launcher package, nothing
/// that would need building.
#[test]
fn the_wheel_is_a_binary_wheel_with_the_launcher_package() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_str().unwrap();
    assert!(
        name.contains("-py3-none-"),
        "one wheel for every Python 3: {name}"
    );
    let (code, out) = run(std::process::Command::new(python3())
        .args(["-m", "zipfile", "-l"])
        .arg(&wheel));
    assert_eq!(code, 0, "{out}");
    let version = env!("CARGO_PKG_VERSION");
    for member in [
        format!("sqlfix-{version}.data/scripts/sqlfix"),
        "sqlfix/__main__.py".to_string(),
        "sqlfix/_find.py".to_string(),
    ] {
        assert!(
            out.contains(&member),
            "{member} missing from the wheel: {out}"
        );
    }
}
