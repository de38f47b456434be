use std::process::ExitCode;

use clap::Parser;

use orienta::cli::{self, Cli};
use orienta::strings;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    match cli::run(cli, &mut stdout, &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("{}: {}", strings::ERROR_PREFIX, failure.message);
            }
            ExitCode::from(failure.status)
        }
    }
}
