//! The `sqlfix` binary: the command line over the library, and its exit code.

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
    let stdout = std::io::stdout();
    // stderr is not held locked for the run: a worker thread's message (a panic
    // report, a timing note) would otherwise wait for it forever and hang the run.
    let code = std::panic::catch_unwind(|| {
        sqlfix::cli::main(
            std::env::args_os(),
            &mut stdout.lock(),
            &mut std::io::stderr(),
        )
    })
    .unwrap_or(sqlfix::cli::EXIT_ERROR);
    std::process::exit(code);
}

fn payload(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}
