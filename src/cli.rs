//! The command line: clap subcommands and their dispatch. Errors come back as text to print and
//! an exit status.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgAction, Parser, Subcommand};

use crate::assess::{self, Format};
use crate::data;
use crate::demo::Generator;
use crate::import::{self, FileError};
use crate::store::{self, CreateMode, FirstLineIndex, Opened, Store, Upsert};
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

    #[arg(long, global = true, env = "ORIENTA_DB", value_name = "FILE", help = strings::HELP_DB)]
    pub db: Option<PathBuf>,

    #[arg(long, global = true, env = "ORIENTA_OPERATOR", value_name = "NOME", help = strings::HELP_OPERATOR)]
    pub operator: Option<String>,

    #[arg(long, global = true, env = "ORIENTA_CPI", value_name = "NOME", help = strings::HELP_CPI)]
    pub cpi: Option<String>,

    #[arg(long, global = true, help = strings::HELP_GROUP_SHARED)]
    pub group_shared: bool,

    #[arg(long, global = true, value_name = "FILE", help = strings::HELP_KEYMAP)]
    pub keymap: Option<PathBuf>,

    #[arg(long = "keymap-funzione", global = true, help = strings::HELP_FUNCTION_KEYS)]
    pub function_keys: bool,

    #[arg(long, global = true, env = "ORIENTA_PRINT_DIR", value_name = "CARTELLA", help = strings::document::HELP_PRINT_DIR)]
    pub print_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
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
    #[command(about = strings::HELP_IMPORT, help_template = strings::HELP_TEMPLATE, subcommand_help_heading = strings::HEADING_COMMANDS)]
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    #[command(about = strings::HELP_EXPORT, help_template = strings::HELP_TEMPLATE, subcommand_help_heading = strings::HEADING_COMMANDS)]
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    #[command(about = strings::HELP_DEMO, help_template = strings::HELP_TEMPLATE, next_help_heading = strings::HEADING_OPTIONS)]
    Demo {
        #[arg(long, default_value_t = 1000, value_name = "N", help = strings::HELP_DEMO_CITIZENS)]
        citizens: usize,
        #[arg(long, help = strings::HELP_DEMO_FORCE)]
        allow_real_data: bool,
        #[arg(long, default_value_t = 1, help = strings::HELP_DEMO_SEED)]
        seed: u64,
    },
    #[command(
        about = strings::document::HELP_PACT,
        help_template = strings::HELP_TEMPLATE,
        override_usage = strings::document::USAGE_PACT,
        next_help_heading = strings::HEADING_OPTIONS
    )]
    Pact {
        #[arg(value_name = "CODICE_FISCALE", help = strings::HELP_CF, help_heading = strings::HEADING_ARGUMENTS)]
        codice_fiscale: String,
        #[arg(long = "version", id = "pact_version", value_name = "N", help = strings::document::HELP_PACT_VERSION)]
        version: Option<i64>,
        #[arg(long, value_name = "FORMATO", value_parser = ["txt", "md", "json", "pdf"], help = strings::document::HELP_PACT_FORMAT)]
        format: Option<String>,
        #[arg(short, long, value_name = "FILE", help = strings::document::HELP_PACT_OUTPUT)]
        output: Option<PathBuf>,
        #[arg(long, value_name = "MODO", value_parser = ["firma", "pdf"], conflicts_with_all = ["format", "output"], help = strings::document::HELP_PACT_ACCEPTED)]
        accepted: Option<String>,
    },
    #[command(about = strings::HELP_AGENDA, help_template = strings::HELP_TEMPLATE, next_help_heading = strings::HEADING_OPTIONS)]
    Agenda {
        #[arg(long, help = strings::HELP_AGENDA_JSON)]
        json: bool,
        #[arg(long, value_name = "AAAA-MM-GG", help = strings::HELP_AGENDA_DATE)]
        date: Option<chrono::NaiveDate>,
    },
    #[command(about = strings::HELP_BACKUP, help_template = strings::HELP_TEMPLATE)]
    Backup {
        #[arg(value_name = "FILE", help = strings::HELP_BACKUP_FILE, help_heading = strings::HEADING_ARGUMENTS)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    #[command(about = strings::HELP_IMPORT_CITIZENS, help_template = strings::HELP_TEMPLATE, next_help_heading = strings::HEADING_OPTIONS)]
    Citizens {
        #[arg(value_name = "FILE", help = strings::HELP_IMPORT_FILE, help_heading = strings::HEADING_ARGUMENTS)]
        file: PathBuf,
        #[arg(long, help = strings::HELP_SKIP_INVALID)]
        skip_invalid: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    #[command(about = strings::HELP_EXPORT_CITIZEN, help_template = strings::HELP_TEMPLATE, next_help_heading = strings::HEADING_OPTIONS)]
    Citizen {
        #[arg(value_name = "CODICE_FISCALE", help = strings::HELP_CF, help_heading = strings::HEADING_ARGUMENTS)]
        codice_fiscale: String,
        #[arg(short, long, value_name = "FILE", help = strings::HELP_EXPORT_OUTPUT)]
        output: Option<PathBuf>,
    },
    #[command(about = strings::HELP_EXPORT_CV, help_template = strings::HELP_TEMPLATE, next_help_heading = strings::HEADING_OPTIONS)]
    Cv {
        #[arg(value_name = "CODICE_FISCALE", help = strings::HELP_CF, help_heading = strings::HEADING_ARGUMENTS)]
        codice_fiscale: String,
        #[arg(short, long, value_name = "FILE", help = strings::HELP_EXPORT_CV_OUTPUT)]
        output: PathBuf,
        #[arg(long, value_name = "N", help = strings::HELP_EXPORT_CV_ID)]
        id: Option<i64>,
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

/// Status for a command that ran but could not do all it was asked (bad rows, unknown person,
/// database errors).
pub const FAILED: u8 = 1;

fn failed(message: impl ToString) -> Failure {
    Failure {
        message: message.to_string(),
        status: FAILED,
    }
}

/// The operator's name: `--operator`, `ORIENTA_OPERATOR`, else the Unix user.
pub fn operator_name(given: Option<&str>) -> String {
    given
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .or_else(|| {
            ["USER", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        })
        .or_else(unix_user)
        .unwrap_or_else(|| strings::UNKNOWN_OPERATOR.to_string())
}

/// The name of the process's real user, from /proc and /etc/passwd.
fn unix_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() > 2 && fields[2] == uid).then(|| fields[0].to_string())
    })
}

fn open_store(cli: &Cli, stderr: &mut dyn Write) -> Result<Store, Failure> {
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => store::default_path().ok_or_else(|| failed(strings::no_default_db()))?,
    };
    let mode = CreateMode {
        group_shared: cli.group_shared,
    };
    let mut store =
        Store::open(&path, &operator_name(cli.operator.as_deref()), mode).map_err(failed)?;
    store.set_cpi(cli.cpi.as_deref().unwrap_or(""));
    for notice in store.notices() {
        let _ = writeln!(stderr, "{notice}");
    }
    if let Opened::Migrated { from, backup } = store.opened() {
        let _ = writeln!(
            stderr,
            "{}",
            strings::printable(&strings::migrated(
                *from,
                store::schema_version(),
                &backup.display().to_string()
            ))
        );
    }
    Ok(store)
}

fn run_tui(cli: &Cli, stderr: &mut dyn Write) -> Result<(), Failure> {
    let data = data::load(cli.data.as_deref()).map_err(invalid)?;
    let keymap =
        crate::ui::load_keymap(cli.function_keys, cli.keymap.as_deref()).map_err(invalid)?;
    // Checked before the database is opened, which may create it.
    crate::ui::ensure_terminal().map_err(failed)?;
    let mut store = open_store(cli, stderr)?;
    // The interface moves the write-ahead log into the file when idle, never inside a key.
    store.set_interactive().map_err(failed)?;
    // A key waits at most this long for another writer; then the text stays on screen, kept.
    store.set_busy_budget(crate::ui::BUSY_BUDGET);
    let mut notices: Vec<String> = store.notices().iter().map(ToString::to_string).collect();
    // Recovery files left when the database could not be written go into it now.
    match store.import_recovery_files() {
        Ok(0) => {}
        Ok(n) => notices.push(strings::recovery_files_moved(n)),
        Err(e) => notices.push(e.to_string()),
    }
    let mut app = crate::ui::app::App::new(
        store,
        data,
        keymap,
        crate::ui::theme::Theme::from_env(),
        store::today(),
    );
    app.print_dir = cli.print_dir.clone();
    if !notices.is_empty() {
        app.message = Some(crate::ui::app::Message {
            error: false,
            warning: false,
            text: notices.join(" "),
        });
    }
    crate::ui::run(&mut app).map_err(failed)
}

pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<(), Failure> {
    let Some(command) = &cli.command else {
        return run_tui(&cli, stderr);
    };
    match command {
        Command::Assess { file } => run_assess(cli.data.as_deref(), file, stdout),
        Command::Import {
            what: ImportCommand::Citizens { file, skip_invalid },
        } => {
            let mut store = open_store(&cli, stderr)?;
            run_import(&mut store, file, *skip_invalid, stdout, stderr)
        }
        Command::Export {
            what:
                ExportCommand::Citizen {
                    codice_fiscale,
                    output,
                },
        } => {
            let store = open_store(&cli, stderr)?;
            let cf = crate::domain::codice_fiscale::normalise(codice_fiscale);
            let document = store
                .export_citizen(&cf)
                .map_err(failed)?
                .ok_or_else(|| failed(strings::unknown_citizen(&cf)))?;
            match output {
                None => print_json(stdout, &document),
                Some(path) => {
                    write_private(path, &render_json(&document)?)?;
                    writeln!(
                        stdout,
                        "{}",
                        strings::printable(&strings::export_done(&cf, &path.display().to_string()))
                    )
                    .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
                }
            }
        }
        Command::Export {
            what:
                ExportCommand::Cv {
                    codice_fiscale,
                    output,
                    id,
                },
        } => {
            let store = open_store(&cli, stderr)?;
            run_export_cv(&store, codice_fiscale, output, *id, stdout)
        }
        Command::Agenda { json, date } => {
            let data = data::load(cli.data.as_deref()).map_err(invalid)?;
            let store = open_store(&cli, stderr)?;
            // The global --operator (or ORIENTA_OPERATOR) picks that operator's people; unset
            // or empty, everyone's.
            let operator = cli
                .operator
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty());
            let today = date.unwrap_or_else(store::today);
            run_agenda(&store, &data, operator, *json, today, stdout)
        }
        Command::Demo {
            citizens,
            allow_real_data,
            seed,
        } => {
            let data = data::load(cli.data.as_deref()).map_err(invalid)?;
            let mut store = open_store(&cli, stderr)?;
            run_demo(
                &mut store,
                &data,
                *citizens,
                *allow_real_data,
                *seed,
                stderr,
            )
        }
        Command::Pact {
            codice_fiscale,
            version,
            format,
            output,
            accepted,
        } => {
            let data = data::load(cli.data.as_deref()).map_err(invalid)?;
            let mut store = open_store(&cli, stderr)?;
            let request = PactRequest {
                codice_fiscale,
                version: *version,
                format: format.as_deref(),
                output: output.as_deref(),
                accepted: accepted.as_deref(),
            };
            run_pact(&mut store, &data.actions, &request, stdout)
        }
        Command::Backup { file } => {
            let store = open_store(&cli, stderr)?;
            store.backup_to(file).map_err(failed)?;
            writeln!(
                stdout,
                "{}",
                strings::printable(&strings::backup_done(&file.display().to_string()))
            )
            .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
        }
    }
}

/// Pretty JSON with DEL and the C1 controls escaped too (serde_json escapes only C0), so the
/// document can be shown on a terminal.
fn render_json(document: &serde_json::Value) -> Result<String, Failure> {
    let rendered = serde_json::to_string_pretty(document)
        .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))?;
    // In JSON text these characters can only stand inside strings, where an escape means the
    // same character.
    Ok(strings::printable(&rendered))
}

fn print_json(stdout: &mut dyn Write, document: &serde_json::Value) -> Result<(), Failure> {
    let rendered = render_json(document)?;
    writeln!(stdout, "{rendered}").map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
}

/// Writes `text` and a newline to a new file readable by its owner only (0600); an existing
/// file is never overwritten, and a file left half-written is removed.
fn write_private(path: &Path, text: &str) -> Result<(), Failure> {
    write_private_bytes(path, &[text.as_bytes(), b"\n"])
}

/// [`write_private`] for bytes as they are, the parts one after the other.
fn write_private_bytes(path: &Path, parts: &[&[u8]]) -> Result<(), Failure> {
    let shown = path.display().to_string();
    crate::print::write_new(path, &parts.concat()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            failed(strings::export_exists(&shown))
        } else {
            failed(strings::cannot_create(&shown, &e))
        }
    })
}

/// What `orienta pact` was asked.
struct PactRequest<'a> {
    codice_fiscale: &'a str,
    version: Option<i64>,
    format: Option<&'a str>,
    output: Option<&'a Path>,
    accepted: Option<&'a str>,
}

/// Writes a signed version of the pact, or records the person's acceptance of it.
fn run_pact(
    store: &mut Store,
    catalog: &crate::domain::reference::ActionCatalog,
    request: &PactRequest,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    use crate::document::{self, AcceptanceKind, Format};
    use strings::document as s;
    let cf = crate::domain::codice_fiscale::normalise(request.codice_fiscale);
    let citizen = store
        .citizen_by_cf(&cf)
        .map_err(failed)?
        .ok_or_else(|| failed(strings::unknown_citizen(&cf)))?;
    let mut versions = store.pact_versions_of(citizen.id).map_err(failed)?;
    let last = versions
        .last()
        .map(|p| p.version)
        .ok_or_else(|| failed(s::no_pact(&cf)))?;
    let wanted = request.version.unwrap_or(last);
    let position = versions
        .iter()
        .position(|p| p.version == wanted)
        .ok_or_else(|| failed(s::unknown_version(&cf, wanted, last)))?;
    let pact = versions.swap_remove(position);
    let say = |stdout: &mut dyn Write, text: String| {
        writeln!(stdout, "{}", strings::printable(&text))
            .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
    };
    if let Some(how) = request.accepted {
        let how = AcceptanceKind::from_code(how).unwrap_or(AcceptanceKind::Firma);
        store.record_acceptance(pact.id, how).map_err(failed)?;
        return say(
            stdout,
            s::acceptance_recorded(&pact.number, pact.version, how.code()),
        );
    }
    // "-o -" is the screen, as for the other commands that write text.
    let output = request.output.filter(|p| p.as_os_str() != "-");
    let from_name = output
        .and_then(|p| p.extension())
        .and_then(|e| Format::from_code(&e.to_string_lossy().to_lowercase()));
    let asked = request.format.and_then(Format::from_code);
    if let (Some(asked), Some(named)) = (asked, from_name)
        && asked != named
    {
        return Err(invalid(s::format_mismatch(
            request.format.unwrap_or_default(),
            &output.map(|p| p.display().to_string()).unwrap_or_default(),
        )));
    }
    let format = asked.or(from_name).unwrap_or(Format::Txt);
    let acceptance = store.acceptance_of(pact.id).map_err(failed)?;
    // The latest version also says what was done after it, as of today.
    let after = if wanted == last {
        let plan = store.current_plan(citizen.id).map_err(failed)?;
        document::AfterPact::from_plan(&plan, catalog, store::today())
    } else {
        None
    };
    let bytes = document::render_with(format, &pact, acceptance.as_ref(), after.as_ref())
        .map_err(|e| failed(s::cannot_render(&e.0)))?;
    match output {
        None if format == Format::Pdf => Err(invalid(s::PDF_NEEDS_FILE)),
        None => {
            // The text is ours and the person's data: shown with any control escaped, the
            // page breaks of the A4 text kept.
            let text = String::from_utf8_lossy(&bytes);
            let shown = strings::printable(&text).replace("\\u000c", "\u{c}");
            write!(stdout, "{shown}")
                .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
        }
        Some(path) => {
            write_private_bytes(path, &[&bytes])?;
            say(
                stdout,
                s::written(&pact.number, pact.version, &path.display().to_string()),
            )
        }
    }
}

/// `export cv`: the stored bytes of the person's CV back into a new file.
fn run_export_cv(
    store: &Store,
    codice_fiscale: &str,
    output: &Path,
    id: Option<i64>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let cf = crate::domain::codice_fiscale::normalise(codice_fiscale);
    let citizen = store
        .citizen_by_cf(&cf)
        .map_err(failed)?
        .ok_or_else(|| failed(strings::unknown_citizen(&cf)))?;
    let (cv, bytes) = store
        .cv_pdf(citizen.id, id)
        .map_err(failed)?
        .ok_or_else(|| failed(strings::no_cv_file(&cf, id)))?;
    write_private_bytes(output, &[&bytes])?;
    writeln!(
        stdout,
        "{}",
        strings::printable(&strings::cv_export_done(
            &cf,
            cv.id,
            &cv.data.filed_on,
            &output.display().to_string()
        ))
    )
    .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
}

/// `agenda`: the rows grouped by kind, as a table or JSON.
fn run_agenda(
    store: &Store,
    data: &crate::domain::reference::ReferenceData,
    operator: Option<&str>,
    json: bool,
    today: chrono::NaiveDate,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let mut rows = store.agenda(today, operator).map_err(failed)?;
    store::name_actions(&mut rows, &data.actions);
    if json {
        // One row at a time, each on its line: the memory stays that of the rows.
        let mut out = std::io::BufWriter::new(stdout);
        let mut written = out.write_all(b"[");
        for (n, row) in rows.iter().enumerate() {
            let mut value = serde_json::to_value(row)
                .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))?;
            if let Some(object) = value.as_object_mut() {
                object.insert(
                    "dettaglio".into(),
                    serde_json::Value::String(strings::agenda_detail(row)),
                );
            }
            let separator = if n == 0 { "\n  " } else { ",\n  " };
            written = written.and_then(|()| {
                write!(
                    out,
                    "{separator}{}",
                    strings::printable_line(&value.to_string())
                )
            });
        }
        written = written
            .and_then(|()| out.write_all(b"\n]\n"))
            .and_then(|()| out.flush());
        return written.map_err(|e| failed(strings::cannot_write_output(&e.to_string())));
    }
    let mut text = strings::agenda_heading(&today, rows.len());
    text.push('\n');
    if rows.is_empty() {
        text.push_str(strings::AGENDA_EMPTY);
        text.push('\n');
    }
    for kind in store::AgendaKind::ALL {
        let group: Vec<_> = rows.iter().filter(|r| r.kind == kind).collect();
        if group.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "\n{} ({})\n",
            strings::agenda_kind(kind),
            group.len()
        ));
        for row in group {
            // One line per row whatever the data hold.
            text.push_str(&strings::printable_line(&format!(
                "  {}  {:<16}  {:<30}  {:<12}  {}",
                row.date.format("%d/%m/%Y"),
                row.codice_fiscale,
                format!("{} {}", row.surname, row.name),
                row.operator,
                strings::agenda_detail(row)
            )));
            text.push('\n');
        }
    }
    write!(stdout, "{text}").map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
}

fn file_failure(file: &Path, error: FileError) -> Failure {
    let message = format!("{}: {error}", file.display());
    match error {
        // As when the file cannot be opened: the operator points at a readable file.
        FileError::Read(_) => invalid(message),
        _ => failed(message),
    }
}

fn open_rows(file: &Path) -> Result<import::Rows<std::fs::File>, Failure> {
    let opened = std::fs::File::open(file)
        .map_err(|e| invalid(strings::cannot_read(&file.display().to_string(), &e)))?;
    import::Rows::new(opened, store::today()).map_err(|e| file_failure(file, e))
}

#[derive(Default)]
struct Tally {
    inserted: usize,
    updated: usize,
    unchanged: usize,
}

impl Tally {
    fn add(&mut self, outcome: &[Upsert]) {
        for o in outcome {
            match o {
                Upsert::Inserted => self.inserted += 1,
                Upsert::Updated => self.updated += 1,
                Upsert::Unchanged => self.unchanged += 1,
            }
        }
    }

    fn written(&self) -> usize {
        self.inserted + self.updated + self.unchanged
    }
}

/// One transaction for the rows in `batch`, which is left empty.
fn write_batch(
    store: &mut Store,
    batch: &mut Vec<crate::domain::records::CitizenData>,
    tally: &mut Tally,
) -> Result<(), Failure> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcome = store
        .upsert_citizens(batch)
        .map_err(|e| failed(strings::import_interrupted(tally.written(), &e.to_string())))?;
    tally.add(&outcome);
    batch.clear();
    Ok(())
}

/// Two passes over the file, one record in memory at a time: the first checks every row and
/// writes nothing; the second writes the valid rows in short transactions of
/// [`import::BATCH_ROWS`], so other operators are never held up for long. A run cut short can
/// be repeated: rows already written are found by codice fiscale and updated.
fn run_import(
    store: &mut Store,
    file: &Path,
    skip_invalid: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), Failure> {
    let mut seen = FirstLineIndex::new().map_err(failed)?;
    let mut rows = open_rows(file)?;
    let mut valid = 0;
    let mut rejected = 0;
    while let Some(row) = rows.next_row().map_err(|e| file_failure(file, e))? {
        match import::unrepeated(row, &mut seen).map_err(failed)? {
            Ok(_) => valid += 1,
            Err(r) => {
                rejected += 1;
                let message = strings::import_rejected(r.line, &r.problem);
                let _ = writeln!(stderr, "{}", strings::printable_line(&message));
            }
        }
    }
    if rejected > 0 && !skip_invalid {
        let _ = writeln!(stdout, "{}", strings::import_summary(0, 0, 0, rejected));
        return Err(failed(strings::import_nothing_written(rejected)));
    }

    let mut rows = open_rows(file)?;
    let mut tally = Tally::default();
    let mut batch = Vec::with_capacity(import::BATCH_ROWS);
    while let Some(row) = rows.next_row().map_err(|e| file_failure(file, e))? {
        match import::unrepeated(row, &mut seen).map_err(failed)? {
            Ok(data) => batch.push(data),
            Err(_) if skip_invalid => {}
            Err(_) => return Err(failed(strings::import_file_changed(tally.written()))),
        }
        if batch.len() == import::BATCH_ROWS {
            write_batch(store, &mut batch, &mut tally)?;
        }
    }
    write_batch(store, &mut batch, &mut tally)?;
    if tally.written() != valid {
        return Err(failed(strings::import_file_changed(tally.written())));
    }
    writeln!(
        stdout,
        "{}",
        strings::import_summary(tally.inserted, tally.updated, tally.unchanged, rejected)
    )
    .map_err(|e| failed(strings::cannot_write_output(&e.to_string())))
}

/// People written per transaction by `demo`.
const DEMO_BATCH: usize = 5_000;

fn run_demo(
    store: &mut Store,
    data: &crate::domain::reference::ReferenceData,
    total: usize,
    allow_real_data: bool,
    seed: u64,
    stderr: &mut dyn Write,
) -> Result<(), Failure> {
    if !allow_real_data && store.has_real_citizens().map_err(failed)? {
        return Err(invalid(strings::demo_refused()));
    }
    let started = std::time::Instant::now();
    let taken = store.all_codici_fiscali().map_err(failed)?;
    let mut generator = Generator::new(data, seed, store::today(), taken);
    let mut done = 0;
    let mut skipped = 0;
    while done < total {
        let batch: Vec<_> = (0..DEMO_BATCH.min(total - done))
            .map(|_| generator.person())
            .collect();
        // Codes registered since `taken` was read are skipped; others are made in their place.
        let written = store.insert_synthetic(&batch).map_err(failed)?;
        done += written;
        skipped += batch.len() - written;
        let _ = write!(stderr, "\r{}", strings::demo_progress(done, total));
        let _ = stderr.flush();
    }
    let _ = writeln!(
        stderr,
        "\r{}",
        strings::demo_done(total, started.elapsed().as_secs_f64())
    );
    if skipped > 0 {
        let _ = writeln!(stderr, "{}", strings::demo_skipped(skipped));
    }
    Ok(())
}

fn run_assess(data_dir: Option<&Path>, file: &Path, stdout: &mut dyn Write) -> Result<(), Failure> {
    let data = data::load(data_dir).map_err(invalid)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| invalid(strings::cannot_read(&file.display().to_string(), &e)))?;
    let input = assess::parse_input(&data.instrument, &text, Format::of(file)).map_err(invalid)?;
    let outcome = assess::score_input(&data, &input).map_err(invalid)?;
    let document = assess::to_json(&data.instrument, &input, &outcome);
    print_json(stdout, &document)
}
