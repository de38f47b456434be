use std::process::ExitCode;

use clap::Parser;

use orienta::cli::{self, Cli};
use orienta::strings;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match cli::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}: {}", strings::ERROR_PREFIX, failure.message);
            ExitCode::from(failure.status)
        }
    }
}
