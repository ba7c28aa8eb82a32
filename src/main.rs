//! The `sqlfix` binary: the command line over the library, and its exit code.

/// A run allocates and frees millions of small strings, vectors and maps from
/// several threads; glibc's malloc spent about a fifth of the CPU time on them.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A panic is a bug in sqlfix: one line naming where it happened, not a
    // backtrace. The run turns a panic while checking a file into a reported,
    // skipped file (run::Problem::Internal); any other ends the run with exit 2.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "sqlfix: error: internal error{place}: {}",
            payload(info.payload())
        );
    }));
    // Parsing and checking recurse once per level of expression nesting. A generated
    // file can nest thousands deep (a chain of 20,000 `+`), which overflows a default
    // 2 MiB thread stack and aborts the whole run; the checker refuses files deeper
    // than Python itself compiles, and these stacks hold everything up to there.
    // The memory is reserved, not used: pages are touched only as deep as a file goes.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_BYTES)
        .build_global();
    let code = match std::thread::Builder::new()
        .name("sqlfix".to_string())
        .stack_size(STACK_BYTES)
        .spawn(run)
    {
        Ok(handle) => handle.join().unwrap_or(sqlfix::cli::EXIT_ERROR),
        // Where memory is not overcommitted, the big stack may be refused: the run
        // goes on with the main thread's, and only a very deep module is at risk.
        Err(_) => run(),
    };
    std::process::exit(code);
}

fn run() -> i32 {
    let stdout = std::io::stdout();
    // stderr is not held locked for the run: a worker thread's message (a panic
    // report, a timing note) would otherwise wait for it forever and hang the run.
    std::panic::catch_unwind(|| {
        sqlfix::cli::main(
            std::env::args_os(),
            &mut stdout.lock(),
            &mut std::io::stderr(),
        )
    })
    .unwrap_or(sqlfix::cli::EXIT_ERROR)
}

/// Each working thread's stack: twice what a debug build needs for modules nested
/// just under the checker's limit (tests/files_deep.rs), reserved, not used.
const STACK_BYTES: usize = 64 << 20;

fn payload(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}
