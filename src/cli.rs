//! The command line: clap subcommands and their dispatch. Errors come back as text to print and
//! an exit status.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgAction, Parser, Subcommand};

use crate::assess::{self, Format};
use crate::data;
use crate::strings;

#[derive(Debug, Parser)]
#[command(
    name = "orienta",
    version,
    about = strings::ABOUT,
    override_usage = strings::USAGE,
    help_template = strings::HELP_TEMPLATE,
    subcommand_help_heading = strings::HEADING_COMMANDS,
    next_help_heading = strings::HEADING_OPTIONS,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[arg(short, long, global = true, action = ArgAction::Help, help = strings::HELP_HELP)]
    help: Option<bool>,

    #[arg(short = 'V', long, action = ArgAction::Version, help = strings::HELP_VERSION)]
    version: Option<bool>,

    #[arg(long, global = true, env = "ORIENTA_DATA", value_name = "CARTELLA", help = strings::HELP_DATA)]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(
        about = strings::HELP_ASSESS,
        help_template = strings::HELP_TEMPLATE,
        override_usage = strings::USAGE_ASSESS
    )]
    Assess {
        #[arg(value_name = "FILE", help = strings::HELP_ASSESS_FILE, help_heading = strings::HEADING_ARGUMENTS)]
        file: PathBuf,
    },
}

/// A failed command: the message for stderr and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: u8,
}

/// Status for input the operator can correct (answers file, data files).
pub const INVALID_INPUT: u8 = 2;

fn invalid(message: impl ToString) -> Failure {
    Failure {
        message: message.to_string(),
        status: INVALID_INPUT,
    }
}

pub fn run(cli: Cli, stdout: &mut dyn Write) -> Result<(), Failure> {
    match cli.command {
        Command::Assess { file } => run_assess(cli.data.as_deref(), &file, stdout),
    }
}

fn run_assess(data_dir: Option<&Path>, file: &Path, stdout: &mut dyn Write) -> Result<(), Failure> {
    let data = data::load(data_dir).map_err(invalid)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| invalid(strings::cannot_read(&file.display().to_string(), &e)))?;
    let input = assess::parse_input(&data.instrument, &text, Format::of(file)).map_err(invalid)?;
    let outcome = assess::score_input(&data, &input).map_err(invalid)?;
    let document = assess::to_json(&data.instrument, &input, &outcome);
    let rendered = serde_json::to_string_pretty(&document).map_err(|e| Failure {
        message: strings::cannot_write_output(&e.to_string()),
        status: 1,
    })?;
    writeln!(stdout, "{rendered}").map_err(|e| Failure {
        message: strings::cannot_write_output(&e.to_string()),
        status: 1,
    })
}
