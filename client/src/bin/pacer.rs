//! The `pacer` command line (see `pacer --help`).

fn main() -> std::process::ExitCode {
    pacer::cli::run()
}
