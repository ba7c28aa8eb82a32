//! The cost of checking one module must grow linearly with its size. A module of
//! database functions four times as long may cost at most five times the CPU time
//! (linear within a quarter, with room for a loaded machine): per-connection
//! lookups that scan the whole module instead of the functions that can see the
//! connection make it 12x and more, and one scan of every call per function
//! (where is this callback registered) made it 5.6x.
//!
//! CPU time (user + system, of the child process) is compared, not wall time: the
//! machine may be shared, and other processes stretch wall time, not CPU time.
//! Each size is measured three times, the sizes taking turns, and the fastest run
//! kept; the tests of this file measure one at a time.
//!
//! The same holds across files: a tree of such modules four times as large may
//! cost at most six times more. A project-wide question asked per site (every
//! module scanned for each connection of each file) makes it 11x.

use std::path::Path;
use std::process::{Command, Stdio};

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

/// The tests of this file measure one at a time: run side by side (the test
/// harness's default) they would share the machine's two cores.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs sqlfix on the folder; its stdout, stderr, exit code and the CPU time
/// (user + system) of that one process. The time comes from `wait4` on the
/// child itself: `RUSAGE_CHILDREN` would also count the children that other
/// tests of this process reaped meanwhile.
// wait4 reaps the child; clippy only knows `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run_timed(dir: &Path) -> (Vec<u8>, Vec<u8>, i32, f64) {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqlfix"))
        .arg("--no-cache")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sqlfix");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).unwrap();
        buf
    });
    let mut out = Vec::new();
    stdout.read_to_end(&mut out).unwrap();
    let err = err_reader.join().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our unreaped child; `status` and `usage` are valid,
    // writable places for wait4 to fill. `child` is not waited on afterwards.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        out,
        err,
        code,
        seconds(usage.ru_utime) + seconds(usage.ru_stime),
    )
}

/// The fastest of three checks of each folder, in CPU seconds, the two folders
/// taking turns so that a busy spell of the machine falls on both.
fn cpu_of_checks(small: &Path, large: &Path) -> (f64, f64) {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    let mut best = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        for (dir, slot) in [(small, &mut best.0), (large, &mut best.1)] {
            let (out, err, code, spent) = run_timed(dir);
            assert!(
                matches!(code, 0 | 1),
                "sqlfix failed on {}: {}",
                dir.display(),
                String::from_utf8_lossy(&err)
            );
            assert!(
                !out.is_empty(),
                "no findings on the generated code: the test measures nothing"
            );
            *slot = slot.min(spent);
        }
    }
    best
}

#[test]
fn one_module_four_times_longer_costs_at_most_five_times_more() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    std::fs::write(small.path().join("big.py"), module(4_000)).unwrap();
    std::fs::write(large.path().join("big.py"), module(16_000)).unwrap();
    let (small_cpu, large_cpu) = cpu_of_checks(small.path(), large.path());
    let ratio = large_cpu / small_cpu.max(1e-3);
    eprintln!(
        "one module: 4,000 lines {small_cpu:.3} s CPU, 16,000 lines {large_cpu:.3} s ({ratio:.2}x)"
    );
    assert!(
        ratio <= 5.0,
        "4,000 lines took {small_cpu:.3} s CPU, 16,000 lines {large_cpu:.3} s: {ratio:.1}x for 4x the lines (at most 5x); something scans the whole module per site"
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
    let (small_cpu, large_cpu) = cpu_of_checks(small.path(), large.path());
    let ratio = large_cpu / small_cpu.max(1e-3);
    eprintln!("tree: 250 files {small_cpu:.3} s CPU, 1,000 files {large_cpu:.3} s ({ratio:.2}x)");
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
