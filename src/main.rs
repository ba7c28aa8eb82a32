//! The `sqlfix` binary: the command line over the library, and its exit code.

fn main() {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = sqlfix::cli::main(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}
