//! The SQLite store: one file shared by the operators of a CPI. Every write is one short
//! IMMEDIATE transaction that checks the record's version (optimistic concurrency) and appends
//! to the audit log. Returns domain types; the SQL stays here.

mod acceptances;
mod accompaniment;
pub(crate) mod activity;
mod agenda;
mod citizens;
pub(crate) mod competences;
mod counselling;
mod demo;
mod export;
mod groups;
mod interviews;
mod pacts;
mod plan;
mod recovery;
mod scratch;

use std::fs;
use std::io::{ErrorKind, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, ffi,
};

pub use accompaniment::{AccompanimentError, Link, StoredAccompaniment, StoredEvent, StoredHiring};
pub use agenda::{
    ACTION_HORIZON_DAYS, AgendaDetail, AgendaKind, AgendaRow, CV_HORIZON_DAYS, name_actions,
};
pub use citizens::Upsert;
pub use competences::{
    HistoryEntry, HistoryKind, SKILL_GAP_ACTION, SkillGapAnalysis, StoredCompetence, StoredHistory,
};
pub use counselling::{COUNSELLING_CODE, SessionAction, StoredSession};
pub use groups::{GroupRefusal, Participant, StoredGroupSession};
pub use interviews::{FlagField, TextField};
pub use pacts::SeenVersions;
pub use plan::{CvFiling, FollowUp, StoredAction, StoredCv, StoredPropensity};
pub use recovery::Recovery;
pub use scratch::FirstLineIndex;

/// Schema migrations, in order; the schema version is their count.
pub const MIGRATIONS: [&str; 7] = [
    include_str!("migrations/0001_schema.sql"),
    include_str!("migrations/0002_guards.sql"),
    include_str!("migrations/0003_drafts_recovery.sql"),
    include_str!("migrations/0004_search.sql"),
    include_str!("migrations/0005_pact_life.sql"),
    include_str!("migrations/0006_specialist.sql"),
    include_str!("migrations/0007_skill_gap_snapshot.sql"),
];

/// How long a read waits for a writer that holds the whole file (switching to WAL, recovery).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a write keeps trying to take the write lock from another writer, unless
/// [`Store::set_busy_budget`] says otherwise.
pub const BUSY_BUDGET: Duration = Duration::from_secs(30);

/// One try at a busy lock; between tries a pause that doubles up to `LONGEST_PAUSE`.
const BUSY_TRY: Duration = Duration::from_millis(250);
const FIRST_PAUSE: Duration = Duration::from_millis(20);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

/// Tables every orienta schema has: what tells an orienta database from another one.
const ORIENTA_TABLES: [&str; 2] = ["citizens", "audit_log"];

/// The schema version this binary writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// The kinds of record, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Citizen,
    Interview,
    Propensity,
    Cv,
    Action,
    Pact,
    /// An entry of the person's history (bilancio di competenze).
    Experience,
    Competence,
    SkillGap,
    Accompaniment,
    AccompanimentEvent,
    Counselling,
    GroupSession,
    Participant,
}

impl Entity {
    fn table(self) -> &'static str {
        match self {
            Entity::Citizen => "citizens",
            Entity::Interview => "interviews",
            Entity::Propensity => "propensities",
            Entity::Cv => "cv_records",
            Entity::Action => "actions",
            Entity::Pact => "pact_versions",
            Entity::Experience => "history_entries",
            Entity::Competence => "competences",
            Entity::SkillGap => "skill_gap_analyses",
            Entity::Accompaniment => "accompaniments",
            Entity::AccompanimentEvent => "accompaniment_events",
            Entity::Counselling => "counselling_sessions",
            Entity::GroupSession => "group_sessions",
            Entity::Participant => "group_participants",
        }
    }
}

/// Which rule of the schema refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    Check,
    NotNull,
    ForeignKey,
    Other,
}

impl ConstraintKind {
    fn of(extended_code: i32) -> Self {
        match extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Self::Unique,
            ffi::SQLITE_CONSTRAINT_CHECK => Self::Check,
            ffi::SQLITE_CONSTRAINT_NOTNULL => Self::NotNull,
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Self::ForeignKey,
            _ => Self::Other,
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// An SQLite file without orienta's tables.
    NotOrienta(PathBuf),
    /// Not an SQLite file at all.
    NotSqlite(PathBuf),
    /// A schema version below zero: set by hand or by another program.
    InvalidSchema {
        found: i64,
    },
    NewerSchema {
        found: i64,
        supported: usize,
    },
    /// WAL could not be turned on; the mode SQLite kept.
    JournalMode(String),
    /// Migration to `version` failed and was rolled back.
    Migration {
        version: usize,
        reason: Box<StoreError>,
    },
    /// The copy before migrating failed; the database was not changed.
    MigrationBackup {
        path: PathBuf,
        reason: Box<StoreError>,
    },
    /// A copy asked into a file that exists.
    BackupExists(PathBuf),
    /// A copy failed; what it had written was removed.
    Backup {
        path: PathBuf,
        reason: Box<StoreError>,
    },
    /// Files of the database open to other users, whose mode this user cannot change.
    OpenToOthers {
        files: Vec<PathBuf>,
        /// The mode bits to remove.
        bits: u32,
    },
    Busy,
    Constraint {
        kind: ConstraintKind,
        /// What SQLite names after the kind: `table.column`, or the CHECK expression.
        target: String,
    },
    DiskFull,
    ReadOnly,
    /// SQLite found the file damaged.
    Damaged,
    DiskIo,
    CannotOpen,
    Sqlite(rusqlite::Error),
    NotFound {
        entity: Entity,
        id: String,
    },
    /// Someone else saved the record after it was read.
    Conflict {
        entity: Entity,
        id: i64,
    },
    InterviewClosed(i64),
    /// The follow-up is for the actions of a signed plan; this interview is not signed.
    NotSigned(i64),
    /// The person already has an open draft, held by `operator` since `since`.
    DraftExists {
        operator: String,
        since: String,
    },
    /// Signing found that someone else changed the record since the signer read it.
    Stale(Entity),
    /// Signing found the pact incomplete or no longer valid.
    Incomplete(Vec<crate::domain::pact::Missing>),
    Answer(crate::domain::scoring::AnswerError),
    DuplicateCodiceFiscale(String),
    PropensityLimit,
    /// A "150" interview asked for a person without the DID date.
    MissingDidDate,
    /// An activity after the pact needs the person's signed plan, and there is none.
    NoSignedPact,
    /// The action belongs to a plan that a newer signed version of the pact replaced.
    PlanReplaced,
    /// A change to a group session's participants refused, and why.
    Group(groups::GroupRefusal),
    AppendOnly,
    /// The signed version `pact` was already accepted by the person, at `at`.
    AlreadyAccepted {
        pact: String,
        at: String,
    },
    /// A required field is missing or wrong (its name, as the form shows it).
    Invalid(String),
    /// A target profile that cannot be compared.
    Profile(crate::domain::competences::ProfileError),
    /// The skill gap analysis is closed: it no longer changes.
    AnalysisClosed(i64),
    /// A stored value this binary cannot read.
    Corrupt {
        column: &'static str,
        value: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        let rusqlite::Error::SqliteFailure(e, message) = &error else {
            return StoreError::Sqlite(error);
        };
        let message = message.as_deref().unwrap_or("");
        if message.contains("propensities_limit") {
            return StoreError::PropensityLimit;
        }
        if message.contains("append_only") || message.contains("immutable") {
            return StoreError::AppendOnly;
        }
        match e.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
            ErrorCode::ConstraintViolation => StoreError::Constraint {
                kind: ConstraintKind::of(e.extended_code),
                target: message
                    .split_once(": ")
                    .map(|(_, target)| target.to_string())
                    .unwrap_or_default(),
            },
            ErrorCode::DiskFull => StoreError::DiskFull,
            ErrorCode::ReadOnly => StoreError::ReadOnly,
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StoreError::Damaged,
            ErrorCode::SystemIoFailure => StoreError::DiskIo,
            ErrorCode::CannotOpen => StoreError::CannotOpen,
            _ => StoreError::Sqlite(error),
        }
    }
}

/// The `chmod` that removes `bits` from `files`, for the operator to run.
pub(crate) fn chmod_command(bits: u32, files: &[PathBuf]) -> String {
    let classes: Vec<String> = [('g', 3), ('o', 0)]
        .iter()
        .filter_map(|&(class, shift)| {
            let letters: String = [('r', 4), ('w', 2), ('x', 1)]
                .iter()
                .filter(|&&(_, bit)| (bits >> shift) & bit != 0)
                .map(|&(letter, _)| letter)
                .collect();
            (!letters.is_empty()).then(|| format!("{class}-{letters}"))
        })
        .collect();
    let mut command = format!("chmod {}", classes.join(","));
    for file in files {
        command.push(' ');
        command.push_str(&shell_quoted(&file.display().to_string()));
    }
    command
}

fn shell_quoted(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// How the database file is created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreateMode {
    /// 0660 instead of 0600: for operators sharing one database through a Unix group.
    pub group_shared: bool,
}

impl CreateMode {
    fn permissions(self) -> u32 {
        if self.group_shared { 0o660 } else { 0o600 }
    }
}

/// What opening did to the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Created,
    Current,
    Migrated { from: i64, backup: PathBuf },
}

/// Something opening did that the operator should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Database files that other users could read or write, narrowed.
    PermissionsTightened(Vec<ModeChange>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeChange {
    pub path: PathBuf,
    pub from: u32,
    pub to: u32,
}

/// What a checkpoint found in the WAL and moved into the database file, in pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub wal_frames: i64,
    pub checkpointed: i64,
}

pub struct Store {
    conn: Connection,
    operator: String,
    /// The employment centre written in signed pacts ("" when not set).
    cpi: String,
    path: PathBuf,
    opened: Opened,
    notices: Vec<Notice>,
    busy_budget: Duration,
    /// When set, writes wait for a busy database only until then.
    busy_deadline: Option<Instant>,
}

/// The default database: `$XDG_DATA_HOME/orienta/orienta.db`, else
/// `~/.local/share/orienta/orienta.db` (the XDG rules, from the `directories` crate).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "orienta").map(|d| d.data_dir().join("orienta.db"))
}

/// Now, local time, to the second, with offset.
pub(crate) fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// `path` with `suffix` appended to its file name, as SQLite names `-wal` and `-journal`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
}

/// Runs `attempt` until the database is not busy, for at most `budget`: each try waits at most
/// `BUSY_TRY` for the lock, then a pause that grows, so a long transaction of another operator
/// is waited for without hammering the file.
fn retry_busy<'c, T>(
    conn: &'c Connection,
    budget: Duration,
    mut attempt: impl FnMut(&'c Connection) -> rusqlite::Result<T>,
) -> Result<T, StoreError> {
    let started = Instant::now();
    let mut pause = FIRST_PAUSE;
    conn.busy_handler(Some(wait_one_try))?;
    let result = loop {
        match attempt(conn) {
            Err(e) if is_busy(&e) && started.elapsed() + pause < budget => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(LONGEST_PAUSE);
            }
            other => break other,
        }
    };
    conn.busy_handler(Some(retry_while_busy))?;
    Ok(result?)
}

fn begin_immediate(conn: &Connection, budget: Duration) -> Result<Transaction<'_>, StoreError> {
    retry_busy(conn, budget, |c| {
        Transaction::new_unchecked(c, TransactionBehavior::Immediate)
    })
}

/// Retries a locked database every millisecond, up to [`BUSY_TIMEOUT`]. SQLite's own back-off
/// (up to 100 ms between tries) can keep missing the short gaps between the transactions of a
/// long import; a short step lets a waiting writer in at the first gap.
fn retry_while_busy(attempts: i32) -> bool {
    poll_lock(attempts, BUSY_TIMEOUT)
}

/// The same, for one try of [`retry_busy`], which pauses between tries.
fn wait_one_try(attempts: i32) -> bool {
    poll_lock(attempts, BUSY_TRY)
}

fn poll_lock(attempts: i32, limit: Duration) -> bool {
    let waited = Duration::from_millis(u64::try_from(attempts).unwrap_or(0));
    if waited >= limit {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_handler(Some(retry_while_busy))?;
    let mode: String = retry_busy(conn, BUSY_BUDGET, |c| {
        c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
    })?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::JournalMode(mode));
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

#[cfg(test)]
fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// What is at the database path before anything is written.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Missing,
    Empty,
    Database,
}

/// [`inspect`], looked at again for a while when the file seems foreign but another process
/// is writing it right now: a database being created or checkpointed by another orienta can
/// be caught half-written (its tables there, its version not yet). A file nobody has written
/// in the last seconds is judged at once.
fn inspect_settled(path: &Path, supported: usize) -> Result<Found, StoreError> {
    let mut tries = 0;
    loop {
        match inspect(path, supported) {
            Err(StoreError::NotOrienta(_) | StoreError::NotSqlite(_))
                if tries < SETTLE_TRIES && recently_written(path) =>
            {
                tries += 1;
                std::thread::sleep(SETTLE_PAUSE);
            }
            other => return other,
        }
    }
}

/// How many times, and how far apart, a file being written is looked at again.
const SETTLE_TRIES: u32 = 50;
const SETTLE_PAUSE: Duration = Duration::from_millis(100);

/// True when the file or its `-wal` changed in the last two seconds.
fn recently_written(path: &Path) -> bool {
    let fresh = |p: &Path| {
        fs::metadata(p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age < Duration::from_secs(2))
    };
    fresh(path) || fresh(&sibling(path, "-wal"))
}

/// Looks at the file without changing it: read-only, and SQLite is opened only on a file
/// with SQLite's header. Refuses what is not an orienta database this binary can use.
fn inspect(path: &Path, supported: usize) -> Result<Found, StoreError> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io(path)(e)),
    };
    if file.metadata().map_err(io(path))?.is_dir() {
        return Err(io(path)(ErrorKind::IsADirectory.into()));
    }
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(io(path))?;
    if header.is_empty() {
        return Ok(Found::Empty);
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    // A WAL database without its -wal file is closed, all of it in the file: read it as it
    // is, or SQLite would leave a -wal and a -shm next to a file that may not be ours.
    let closed_wal = header[18] == 2 && !sibling(path, "-wal").exists();
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(read_only_uri(path, closed_wal), flags)?;
    check_schema(&conn, path, supported)?;
    Ok(Found::Database)
}

fn read_only_uri(path: &Path, immutable: bool) -> String {
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

/// The schema version of the orienta database on `conn`, refusing a foreign database, a
/// version below zero and one newer than `supported`.
fn check_schema(conn: &Connection, path: &Path, supported: usize) -> Result<i64, StoreError> {
    let (found, tables) = retry_busy(conn, BUSY_BUDGET, |c| {
        let found: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut stmt = c.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
        )?;
        let tables = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((found, tables))
    })?;
    let ours = ORIENTA_TABLES
        .iter()
        .all(|table| tables.iter().any(|t| t == table));
    if (found == 0 && !tables.is_empty()) || (found != 0 && !ours) {
        return Err(StoreError::NotOrienta(path.to_path_buf()));
    }
    if found < 0 {
        return Err(StoreError::InvalidSchema { found });
    }
    if found > supported as i64 {
        return Err(StoreError::NewerSchema { found, supported });
    }
    Ok(found)
}

fn create(path: &Path, mode: CreateMode) -> Result<(), StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let created = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode.permissions())
        .open(path);
    match created {
        // The umask may have removed group bits: set them as asked.
        Ok(_) => fs::set_permissions(path, fs::Permissions::from_mode(mode.permissions()))
            .map_err(io(path)),
        // Created by another process a moment ago: the write lock orders what follows.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(path)(e)),
    }
}

/// Narrows the database files that the group (unless shared) or others could read or write.
/// Refused, with the command to run, when this user may not change their mode.
fn tighten_permissions(path: &Path, mode: CreateMode) -> Result<Option<Notice>, StoreError> {
    let allowed = mode.permissions();
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    let mut refused_bits = 0;
    for file in [
        path.to_path_buf(),
        sibling(path, "-wal"),
        sibling(path, "-shm"),
    ] {
        let current = match fs::metadata(&file) {
            Ok(meta) => meta.permissions().mode() & 0o777,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&file)(e)),
        };
        let excess = current & 0o077 & !allowed;
        if excess == 0 {
            continue;
        }
        let narrowed = current & !excess;
        match fs::set_permissions(&file, fs::Permissions::from_mode(narrowed)) {
            Ok(()) => changes.push(ModeChange {
                path: file,
                from: current,
                to: narrowed,
            }),
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                refused_bits |= excess;
                refused.push(file);
            }
            Err(e) => return Err(io(&file)(e)),
        }
    }
    if !refused.is_empty() {
        return Err(StoreError::OpenToOthers {
            files: refused,
            bits: refused_bits,
        });
    }
    Ok((!changes.is_empty()).then_some(Notice::PermissionsTightened(changes)))
}

/// Brings the schema to `list`, under the write lock: `user_version` is read inside the same
/// IMMEDIATE transaction that applies the migrations, so processes opening a database at the
/// same moment migrate it once. An older database is copied first.
fn migrate(
    conn: &Connection,
    path: &Path,
    mode: CreateMode,
    list: &[&str],
) -> Result<Opened, StoreError> {
    let tx = begin_immediate(conn, BUSY_BUDGET)?;
    let found = check_schema(&tx, path, list.len())?;
    if found == list.len() as i64 {
        return Ok(Opened::Current);
    }
    let backup = if found > 0 {
        Some(migration_backup(path, found, mode)?)
    } else {
        None
    };
    for (index, sql) in list.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            version: index + 1,
            reason: Box::new(e.into()),
        })?;
    }
    tx.pragma_update(None, "user_version", list.len() as i64)?;
    tx.commit()?;
    Ok(match backup {
        None => Opened::Created,
        Some(backup) => Opened::Migrated {
            from: found,
            backup,
        },
    })
}

/// The copy of the database before migrating from `version`, made once per version: a copy
/// left by an earlier attempt is kept. Written under a temporary name, so a file with the
/// final name is always a complete copy. Called under the write lock.
fn migration_backup(path: &Path, version: i64, mode: CreateMode) -> Result<PathBuf, StoreError> {
    let backup = sibling(path, &format!(".schema{version}.bak"));
    let failed = |reason: StoreError| StoreError::MigrationBackup {
        path: backup.clone(),
        reason: Box::new(reason),
    };
    if backup.try_exists().map_err(|e| failed(io(&backup)(e)))? {
        return Ok(backup);
    }
    let partial = sibling(&backup, ".partial");
    // Left by a process killed while copying.
    remove_if_present(&partial).map_err(failed)?;
    remove_if_present(&sibling(&partial, "-journal")).map_err(failed)?;
    // Another connection reads the committed state, which this one's lock keeps still.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let source = Connection::open_with_flags(path, flags).map_err(|e| failed(e.into()))?;
    copy_database(&source, &partial, mode).map_err(failed)?;
    if let Err(e) = fs::rename(&partial, &backup) {
        let _ = fs::remove_file(&partial);
        return Err(failed(io(&backup)(e)));
    }
    Ok(backup)
}

/// Copies what `source` reads into the new file `target`, with the backup API, in small steps
/// so that writers are not held up. A copy that fails removes what it wrote.
fn copy_database(source: &Connection, target: &Path, mode: CreateMode) -> Result<(), StoreError> {
    let created = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode.permissions())
        .open(target);
    match created {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(StoreError::BackupExists(target.to_path_buf()));
        }
        Err(e) => return Err(io(target)(e)),
    }
    let journal = sibling(target, "-journal");
    let journal_was_there = journal.try_exists().unwrap_or(true);
    let copied = (|| -> rusqlite::Result<()> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut copy = Connection::open_with_flags(target, flags)?;
        let backup = rusqlite::backup::Backup::new(source, &mut copy)?;
        // One step: the copy is one read transaction, which in WAL mode never holds up the
        // writers; copied in small steps, it would start over at every commit of another
        // process and might never end while operators and imports keep writing.
        backup.run_to_completion(i32::MAX, Duration::ZERO, None)
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(target);
        if !journal_was_there {
            let _ = fs::remove_file(&journal);
        }
        return Err(e.into());
    }
    Ok(())
}

impl Store {
    /// Opens (or creates) the database at `path` for `operator`. An existing file is first
    /// inspected read-only: one that is not an orienta database this binary can use is refused
    /// untouched. Files open to other users are narrowed (see [`Store::notices`]). A database
    /// of a newer schema is refused; an older one is copied next to itself, then migrated.
    pub fn open(path: &Path, operator: &str, mode: CreateMode) -> Result<Store, StoreError> {
        Self::open_with(path, operator, mode, &MIGRATIONS)
    }

    fn open_with(
        path: &Path,
        operator: &str,
        mode: CreateMode,
        list: &[&str],
    ) -> Result<Store, StoreError> {
        if inspect_settled(path, list.len())? == Found::Missing {
            create(path, mode)?;
        }
        let notices = tighten_permissions(path, mode)?.into_iter().collect();
        // No CREATE: the file is there, with its permissions, or opening fails.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        let opened = migrate(&conn, path, mode, list)?;
        Ok(Store {
            conn,
            operator: operator.to_string(),
            cpi: String::new(),
            path: path.to_path_buf(),
            opened,
            notices,
            busy_budget: BUSY_BUDGET,
            busy_deadline: None,
        })
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The employment centre (CPI) that signs the pacts written through this store.
    pub fn set_cpi(&mut self, cpi: &str) {
        self.cpi = cpi.trim().to_string();
    }

    pub fn cpi(&self) -> &str {
        &self.cpi
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// What opening changed that the operator should be told.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// How long a write keeps trying while another operator holds the database.
    pub fn set_busy_budget(&mut self, budget: Duration) {
        self.busy_budget = budget;
    }

    pub fn busy_budget(&self) -> Duration {
        self.busy_budget
    }

    /// Until `deadline`, writes wait for a busy database only as long as is left before it:
    /// several writes made as one save share one budget instead of waiting it out each.
    pub fn set_busy_deadline(&mut self, deadline: Option<Instant>) {
        self.busy_deadline = deadline;
    }

    pub fn busy_deadline(&self) -> Option<Instant> {
        self.busy_deadline
    }

    /// For the interactive interface: this connection never checkpoints the WAL after a
    /// commit, so no key press waits for one; [`Store::checkpoint_idle`] does it instead.
    pub fn set_interactive(&mut self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Copies the WAL into the database file as far as readers allow, without waiting for
    /// anyone: for when the interface is idle.
    pub fn checkpoint_idle(&self) -> Result<Checkpoint, StoreError> {
        let (wal_frames, checkpointed) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                    Ok((r.get(1)?, r.get(2)?))
                })?;
        Ok(Checkpoint {
            wal_frames,
            checkpointed,
        })
    }

    /// The connection, for checks that go below the API (tests, diagnostics).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// An online, consistent copy of the database while others keep working, into a file that
    /// must not exist. A copy that fails leaves no file.
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        copy_database(&self.conn, target, CreateMode::default()).map_err(|e| match e {
            // Nothing was created.
            StoreError::BackupExists(_) | StoreError::Io { .. } => e,
            reason => StoreError::Backup {
                path: target.to_path_buf(),
                reason: Box::new(reason),
            },
        })
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken at once, so the version
    /// checks inside see the latest committed state). While another writer holds the lock, it
    /// keeps trying for the busy budget.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction, &Audit) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let budget = match self.busy_deadline {
            Some(deadline) => self
                .busy_budget
                .min(deadline.saturating_duration_since(Instant::now())),
            None => self.busy_budget,
        };
        let tx = begin_immediate(&self.conn, budget)?;
        let audit = Audit {
            operator: self.operator.clone(),
            at: now(),
        };
        let value = f(&tx, &audit)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Who writes and when, for the audit log.
pub(crate) struct Audit {
    operator: String,
    at: String,
}

impl Audit {
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        tx: &Transaction,
        entity: &str,
        entity_id: Option<i64>,
        citizen_id: Option<i64>,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<(), StoreError> {
        if old == new {
            return Ok(());
        }
        tx.prepare_cached(
            "INSERT INTO audit_log (at, operator, entity, entity_id, citizen_id, field, old_value,
                                    new_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            self.at,
            self.operator,
            entity,
            entity_id,
            citizen_id,
            field,
            old,
            new
        ])?;
        Ok(())
    }
}

/// Reads `version` of a row and compares it with what the caller saw.
fn check_version(
    tx: &Transaction,
    entity: Entity,
    id: i64,
    expected: i64,
) -> Result<(), StoreError> {
    let sql = format!("SELECT version FROM {} WHERE id = ?1", entity.table());
    let found: Option<i64> = tx.query_row(&sql, [id], |r| r.get(0)).optional()?;
    match found {
        None => Err(StoreError::NotFound {
            entity,
            id: id.to_string(),
        }),
        Some(v) if v != expected => Err(StoreError::Conflict { entity, id }),
        Some(_) => Ok(()),
    }
}

fn opt_text(value: Option<impl ToString>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn flag_text(value: Option<bool>) -> Option<String> {
    value.map(|v| if v { "si" } else { "no" }.to_string())
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, StoreError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        column: "data",
        value: text.to_string(),
    })
}

fn parse_opt_date(text: Option<String>) -> Result<Option<chrono::NaiveDate>, StoreError> {
    text.as_deref().map(parse_date).transpose()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    const LATER: &str = "ALTER TABLE citizens ADD COLUMN nickname TEXT NOT NULL DEFAULT '';";
    const BROKEN: &str = "CREATE TABLE citizens (x);";

    fn later() -> Vec<&'static str> {
        let mut list = MIGRATIONS.to_vec();
        list.push(LATER);
        list
    }

    fn insert_rossi(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO citizens (codice_fiscale, surname, name, surname_key, sex, birth_date,
                created_at, updated_at)
             VALUES ('RSSMRA85T10A562S', 'Rossi', 'Mario', 'ROSSI', 'M', '1985-12-10', '', '')",
        )
        .unwrap();
    }

    fn count_citizens(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
            .unwrap()
    }

    fn backups_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bak"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn sqlite_errors_are_told_in_italian() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT UNIQUE); INSERT INTO t VALUES ('a');")
            .unwrap();
        let error = StoreError::from(conn.execute("INSERT INTO t VALUES ('a')", []).unwrap_err());
        let message = error.to_string();
        assert!(message.contains("valore già presente"), "{message}");
        assert!(!message.contains("UNIQUE"), "{message}");
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_WRITE),
            Some("disk I/O error".into()),
        );
        let message = StoreError::from(busy).to_string();
        assert!(!message.contains("disk I/O"), "{message}");
        let message = StoreError::from(rusqlite::Error::InvalidQuery).to_string();
        assert!(
            message.starts_with("errore del database: errore interno"),
            "{message}"
        );
    }

    #[test]
    fn an_older_database_is_copied_then_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let first = Store::open_with(&path, "anna", CreateMode::default(), &MIGRATIONS).unwrap();
        assert_eq!(first.opened(), &Opened::Created);
        insert_rossi(first.connection());
        drop(first);

        let list = later();
        let second = Store::open_with(&path, "anna", CreateMode::default(), &list).unwrap();
        let Opened::Migrated { from, backup } = second.opened().clone() else {
            panic!("expected a migration, got {:?}", second.opened());
        };
        assert_eq!(from, MIGRATIONS.len() as i64);
        assert_eq!(backup, dir.path().join(format!("o.db.schema{from}.bak")));
        assert_eq!(user_version(second.connection()).unwrap(), from + 1);
        let nickname: String = second
            .connection()
            .query_row("SELECT nickname FROM citizens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(nickname, "");

        let copy = Connection::open(&backup).unwrap();
        assert_eq!(user_version(&copy).unwrap(), from);
        assert_eq!(count_citizens(&copy), 1);
        drop(copy);
        let mode = fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        // Opened again by the older binary: refused, not damaged.
        drop(second);
        match Store::open_with(&path, "anna", CreateMode::default(), &MIGRATIONS) {
            Err(StoreError::NewerSchema { found, supported }) => {
                assert_eq!((found, supported), (from + 1, MIGRATIONS.len()));
            }
            other => panic!("expected NewerSchema, got {:?}", other.err()),
        }
        assert_eq!(backups_in(dir.path()), [format!("o.db.schema{from}.bak")]);
    }

    #[test]
    fn a_failed_migration_changes_nothing_and_its_backup_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let from = MIGRATIONS.len() as i64;
        insert_rossi(
            Store::open(&path, "anna", CreateMode::default())
                .unwrap()
                .connection(),
        );
        let mut broken = later();
        broken.push(BROKEN);
        let backup = dir.path().join(format!("o.db.schema{from}.bak"));
        let mut first_copy = None;
        for attempt in 0..2 {
            match Store::open_with(&path, "anna", CreateMode::default(), &broken) {
                Err(StoreError::Migration { version, .. }) => {
                    assert_eq!(version, broken.len(), "attempt {attempt}");
                }
                other => panic!("expected a failed migration, got {:?}", other.err()),
            }
            let conn = Connection::open(&path).unwrap();
            assert_eq!(user_version(&conn).unwrap(), from);
            let columns: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info('citizens') WHERE name = 'nickname'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                columns, 0,
                "the migrations before the broken one were undone"
            );
            assert_eq!(backups_in(dir.path()), [format!("o.db.schema{from}.bak")]);
            let meta = fs::metadata(&backup).unwrap();
            let identity = (meta.ino(), meta.modified().unwrap(), meta.len());
            assert_eq!(*first_copy.get_or_insert(identity), identity);
            // Work goes on with the current binary between the attempts.
            if attempt == 0 {
                conn.execute("UPDATE citizens SET name = 'Marco'", [])
                    .unwrap();
            }
        }

        let store = Store::open_with(&path, "anna", CreateMode::default(), &later()).unwrap();
        assert_eq!(
            store.opened(),
            &Opened::Migrated {
                from,
                backup: backup.clone()
            }
        );
        assert_eq!(backups_in(dir.path()), [format!("o.db.schema{from}.bak")]);
        let kept: String = Connection::open(&backup)
            .unwrap()
            .query_row("SELECT name FROM citizens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "Mario", "the first copy is kept as it was");
    }

    #[test]
    fn a_database_of_the_first_schema_gets_the_replace_guards() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO audit_log (id, at, operator, entity, field) VALUES (1, 'x', 'a', 'e', 'f')",
            [],
        )
        .unwrap();
        drop(conn);

        let store = Store::open(&path, "anna", CreateMode::default()).unwrap();
        assert!(matches!(store.opened(), Opened::Migrated { from: 1, .. }));
        let replaced = store.connection().execute(
            "REPLACE INTO audit_log (id, at, operator, entity, field) VALUES (1, 'y', 'b', 'e', 'f')",
            [],
        );
        assert!(matches!(
            replaced.map_err(StoreError::from),
            Err(StoreError::AppendOnly)
        ));
        let operator: String = store
            .connection()
            .query_row("SELECT operator FROM audit_log WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(operator, "a");
    }

    fn failure(code: i32, message: &str) -> StoreError {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message.to_string())).into()
    }

    #[test]
    fn sqlite_errors_reach_the_operator_in_italian() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        insert_rossi(&conn);
        let insert = |sex: &str, cf: &str| -> StoreError {
            conn.execute(
                "INSERT INTO citizens (codice_fiscale, surname, name, surname_key, sex,
                    birth_date, created_at, updated_at)
                 VALUES (?1, 'Verdi', 'Anna', 'VERDI', ?2, '1980-01-01', '', '')",
                [cf, sex],
            )
            .expect_err("refused")
            .into()
        };
        let no_parent: StoreError = conn
            .execute(
                "INSERT INTO interviews (citizen_id, kind, operator, started_at)
                 VALUES (999, 'did150', 'anna', '')",
                [],
            )
            .expect_err("refused")
            .into();
        let cases = [
            (
                insert("M", "RSSMRA85T10A562S"),
                "già presente",
                "codice_fiscale",
            ),
            (insert("X", "VRDNNA80A41H501X"), "non ammesso", "sex"),
            (no_parent, "non esiste", ""),
            (
                failure(ffi::SQLITE_FULL, "database or disk is full"),
                "pieno",
                "",
            ),
            (
                failure(ffi::SQLITE_READONLY, "attempt to write a readonly database"),
                "sola lettura",
                "",
            ),
            (
                failure(ffi::SQLITE_CORRUPT, "database disk image is malformed"),
                "danneggiato",
                "",
            ),
            (
                failure(ffi::SQLITE_NOTADB, "file is not a database"),
                "danneggiato",
                "",
            ),
            (
                failure(ffi::SQLITE_IOERR_WRITE, "disk I/O error"),
                "disco",
                "",
            ),
            (
                failure(ffi::SQLITE_BUSY, "database is locked"),
                "occupato",
                "",
            ),
            (
                failure(ffi::SQLITE_CANTOPEN, "unable to open database file"),
                "aprire",
                "",
            ),
        ];
        for (error, italian, detail) in cases {
            let message = error.to_string();
            assert!(message.contains(italian), "{error:?}: {message}");
            assert!(message.contains(detail), "{error:?}: {message}");
            for english in [
                "constraint failed",
                "database is locked",
                "file is not a database",
                "disk I/O",
                "malformed",
                "readonly",
                "disk is full",
                "unable to open",
            ] {
                assert!(!message.contains(english), "{message}");
            }
        }
    }

    #[test]
    fn the_chmod_command_removes_exactly_the_extra_bits() {
        let files = [
            PathBuf::from("/srv/cpi/o.db"),
            PathBuf::from("/srv/cpi/o.db-wal"),
        ];
        assert_eq!(
            chmod_command(0o066, &files),
            "chmod g-rw,o-rw /srv/cpi/o.db /srv/cpi/o.db-wal"
        );
        assert_eq!(
            chmod_command(0o007, &[PathBuf::from("/srv/Centro per l'Impiego/o.db")]),
            r"chmod o-rwx '/srv/Centro per l'\''Impiego/o.db'"
        );
    }
}
