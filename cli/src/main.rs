//! The `pacer` command line (see `pacer --help`).

fn main() -> std::process::ExitCode {
    pacer_sdk_cli::run()
}
