use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use orienta::cli::{self, Cli};
use orienta::strings;

fn main() -> ExitCode {
    // A write past the file size limit (ulimit -f) must fail like a full disk, with a message
    // and the text kept, not kill the program in the middle of a save.
    // SAFETY: setting a standard signal to be ignored, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        // The message quotes the arguments: shown without their control characters.
        Err(e) => {
            eprint!("{}", strings::printable(&strings::cli_error(&e)));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(cli::INVALID_INPUT));
        }
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    match cli::run(cli, &mut stdout, &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!(
                    "{}: {}",
                    strings::ERROR_PREFIX,
                    strings::printable(&failure.message)
                );
            }
            ExitCode::from(failure.status)
        }
    }
}
