//! The `esep` command; everything it does lives in the library.

fn main() -> std::process::ExitCode {
    esep::run()
}
