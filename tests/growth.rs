//! The cost of checking one module must grow linearly with its size. A module of
//! database functions four times as long may cost at most six times the CPU time
//! (linear, with room for a loaded machine): per-connection lookups that scan the
//! whole module instead of the functions that can see the connection make it 12x
//! and more.
//!
//! CPU time (user + system, of the child process) is compared, not wall time: the
//! machine may be shared, and other processes stretch wall time, not CPU time.
//! Each size is measured three times and the fastest run kept.
//!
//! The same holds across files: a tree of such modules four times as large may
//! cost at most six times more. A project-wide question asked per site (every
//! module scanned for each connection of each file) makes it 11x.

use std::path::Path;
use std::process::Command;

/// One block of database functions (the shape of `bench/speed/gen.py module`):
/// connections opened, read then written, committed per row, passed to threads
/// and used inside `async def`, and a call into the previous block.
fn block(i: usize) -> String {
    let call_previous = if i > 0 {
        format!("    bump_{}(path)\n", i - 1)
    } else {
        String::new()
    };
    format!(
        r#"
def open_{i}(path):
    conn = sqlite3.connect(path)
    return conn


def save_{i}(path, rows):
    conn = open_{i}(path)
    for row in rows:
        conn.execute("INSERT INTO t_{i} (a, b) VALUES (?, ?)", row)
        conn.commit()
    conn.close()


def bump_{i}(path, key="k"):
    conn = sqlite3.connect(path, timeout=0)
    value = conn.execute("SELECT n FROM counters WHERE k = ?", (key,)).fetchone()
    conn.execute("UPDATE counters SET n = ? WHERE k = ?", (value[0] + 1, key))
    conn.commit()
{call_previous}

def checkpoint_{i}(path, state):
    with open(path + ".json", "w") as f:
        json.dump(state, f)


async def handler_{i}(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM t_{i}").fetchall()
    conn.close()
    return rows


def start_{i}(path):
    worker = threading.Thread(target=bump_{i}, args=(path, "k"))
    worker.start()
    with ThreadPoolExecutor() as pool:
        pool.submit(save_{i}, path, [])
"#
    )
}

/// A module of about `lines` lines.
fn module(lines: usize) -> String {
    let mut text = String::from(
        "import json\nimport sqlite3\nimport threading\n\nfrom concurrent.futures import ThreadPoolExecutor\n",
    );
    let per_block = block(1).lines().count();
    for i in 0..lines.div_ceil(per_block) {
        text.push_str(&block(i));
    }
    text
}

/// CPU time (user + system) of the children waited for so far, in seconds.
fn children_cpu() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the call to fill.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The fastest of three checks of the folder, in CPU seconds.
fn cpu_of_check(dir: &Path) -> f64 {
    (0..3)
        .map(|_| {
            let before = children_cpu();
            let out = Command::new(env!("CARGO_BIN_EXE_sqlfix"))
                .arg("--no-cache")
                .arg(dir)
                .output()
                .expect("run sqlfix");
            let spent = children_cpu() - before;
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "sqlfix failed on {}: {}",
                dir.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !out.stdout.is_empty(),
                "no findings on the generated module: the test measures nothing"
            );
            spent
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn one_module_four_times_longer_costs_at_most_six_times_more() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    std::fs::write(small.path().join("big.py"), module(4_000)).unwrap();
    std::fs::write(large.path().join("big.py"), module(16_000)).unwrap();
    let small_cpu = cpu_of_check(small.path());
    let large_cpu = cpu_of_check(large.path());
    let ratio = large_cpu / small_cpu.max(1e-3);
    assert!(
        ratio <= 6.0,
        "4,000 lines took {small_cpu:.3} s CPU, 16,000 lines {large_cpu:.3} s: {ratio:.1}x for 4x the lines (at most 6x); something scans the whole module per site"
    );
}

/// A package tree of `files` modules, 100 per folder, each one block whose
/// `bump_` calls the previous module's (imported): a chain across every file.
fn tree(root: &Path, files: usize) {
    for n in 0..files {
        let package = root.join(format!("pkg{}", n / 100));
        std::fs::create_dir_all(&package).unwrap();
        std::fs::write(package.join("__init__.py"), "").unwrap();
        let mut text = String::from(
            "import json\nimport sqlite3\nimport threading\n\nfrom concurrent.futures import ThreadPoolExecutor\n",
        );
        if n > 0 {
            let prev = n - 1;
            text.push_str(&format!(
                "from pkg{}.mod{prev} import bump_{prev}\n",
                prev / 100
            ));
        }
        text.push_str(&block(n));
        std::fs::write(package.join(format!("mod{n}.py")), text).unwrap();
    }
}

#[test]
fn a_tree_four_times_larger_costs_at_most_six_times_more() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    tree(small.path(), 250);
    tree(large.path(), 1_000);
    let small_cpu = cpu_of_check(small.path());
    let large_cpu = cpu_of_check(large.path());
    let ratio = large_cpu / small_cpu.max(1e-3);
    assert!(
        ratio <= 6.0,
        "250 files took {small_cpu:.3} s CPU, 1,000 files {large_cpu:.3} s: {ratio:.1}x for 4x the files (at most 6x); something scans every module of the project per file or per site"
    );
}

/// A fixing run checks the project again over the fixed texts (one file's fix can
/// make a finding in another). That round must not parse and summarize again
/// the files the fixes left as they were: on a project where one file of eleven
/// is fixed, it reuses the other ten (`--timings` says how many). The old run
/// parsed all eleven again, and a dry run cost two whole checks.
#[test]
fn a_later_fix_round_reuses_the_files_no_fix_changed() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10 {
        std::fs::write(
            dir.path().join(format!("quiet_{i}.py")),
            format!("import sqlite3\n\nPATH_{i} = \"app.db\"\n\n\ndef version_{i}():\n    return sqlite3.sqlite_version\n"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("loud.py"),
        "import sqlite3\n\n\ndef save(path, rows):\n    conn = sqlite3.connect(path)\n    for row in rows:\n        conn.execute(\"INSERT INTO t (a, b) VALUES (?, ?)\", row)\n        conn.commit()\n    conn.close()\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sqlfix"))
        .args(["--no-cache", "--dry-run", "--timings"])
        .arg(dir.path())
        .output()
        .expect("run sqlfix");
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("reused: 10 of 11 files parsed the round before"),
        "the second round parsed unchanged files again:\n{stderr}"
    );
}
