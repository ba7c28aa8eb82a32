//! The `sqlfix` binary: the command line over the library, and its exit code.

fn main() {
    let stdout = std::io::stdout();
    // stderr is not held locked for the run: a worker thread's message (a panic
    // report, a timing note) would otherwise wait for it forever and hang the run.
    let code = sqlfix::cli::main(
        std::env::args_os(),
        &mut stdout.lock(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
