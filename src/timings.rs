//! Per-phase wall times on stderr (`--timings`, or `SQLFIX_TIMINGS=1`): where a
//! run's time goes, one line per phase as it ends.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static FLAG: AtomicBool = AtomicBool::new(false);
/// When the run started and when the last phase ended.
static CLOCK: Mutex<Option<(Instant, Instant)>> = Mutex::new(None);

/// Turns the timings on (the `--timings` flag).
pub fn enable() {
    FLAG.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    FLAG.load(Ordering::Relaxed) || std::env::var_os("SQLFIX_TIMINGS").is_some()
}

/// Starts the clock: the next phase is measured from now.
pub fn start() {
    let now = Instant::now();
    if let Ok(mut clock) = CLOCK.lock() {
        *clock = Some((now, now));
    }
}

/// Ends a phase: prints the time since the previous one ended.
pub fn lap(phase: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let (start, last) = match CLOCK.lock() {
        Ok(mut clock) => {
            let (start, last) = clock.unwrap_or((now, now));
            *clock = Some((start, now));
            (start, last)
        }
        Err(_) => return,
    };
    print(&format!(
        "{phase:<12} {:>8.1} ms (total {:>8.1} ms){}",
        ms(now - last),
        ms(now - start),
        resident().map_or(String::new(), |mib| format!(", {mib} MiB resident"))
    ));
}

/// The process's resident memory now, in MiB (Linux only): which phase holds the
/// memory is as much the question as which takes the time.
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Time spent by the worker threads in a phase that runs interleaved with
/// another on all cores (checking and fixing the files), summed over threads.
pub fn thread_time(phase: &str, total: Duration) {
    if enabled() {
        print(&format!(
            "{phase:<12} {:>8.1} ms (summed over threads)",
            ms(total)
        ));
    }
}

pub fn note(text: &str) {
    if enabled() {
        print(text);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print(text: &str) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("sqlfix: timing: {text}");
    }
}

/// Time each codemod spends checking, summed over files and threads: which rule
/// a project's size makes slow (`--timings`).
static CODEMODS: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Adds `spent` to codemod `id`'s total.
pub fn codemod_time(id: &'static str, spent: Duration) {
    if let Ok(mut totals) = CODEMODS.lock() {
        match totals.iter_mut().find(|(known, _)| *known == id) {
            Some((_, total)) => *total += spent,
            None => totals.push((id, spent)),
        }
    }
}

/// Prints the codemods' totals, the slowest first, those under 1% of the
/// check left out.
pub fn codemod_report() {
    if !enabled() {
        return;
    }
    let Ok(mut totals) = CODEMODS.lock() else {
        return;
    };
    let sum: Duration = totals.iter().map(|(_, t)| *t).sum();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (id, total) in totals.iter() {
        if total.as_secs_f64() * 100.0 >= sum.as_secs_f64() {
            print(&format!(
                "  check {id:<7} {:>8.1} ms (summed over threads)",
                ms(*total)
            ));
        }
    }
    totals.clear();
}
