//! The SQLite store: one file shared by the operators of a CPI. Every write is one short
//! IMMEDIATE transaction that checks the record's version (optimistic concurrency) and appends
//! to the audit log. Returns domain types; the SQL stays here.

mod citizens;
mod demo;
mod export;
mod interviews;
mod pacts;
mod plan;
mod scratch;

use std::fs;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

pub use citizens::Upsert;
pub use interviews::{FlagField, TextField};
pub use plan::{StoredAction, StoredCv, StoredPropensity};
pub use scratch::FirstLineIndex;

/// Schema migrations, in order; the schema version is their count.
pub const MIGRATIONS: [&str; 1] = [include_str!("migrations/0001_schema.sql")];

/// How long a writer waits for another one before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema version this binary writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

fn migrations(list: &[&'static str]) -> Migrations<'static> {
    Migrations::new(list.iter().map(|sql| M::up(sql)).collect())
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
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    NotOrienta(PathBuf),
    NewerSchema {
        found: i64,
        supported: usize,
    },
    Migration(String),
    Busy,
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
    Answer(crate::domain::scoring::AnswerError),
    DuplicateCodiceFiscale(String),
    PropensityLimit,
    AppendOnly,
    /// A stored value this binary cannot read.
    Corrupt {
        column: &'static str,
        value: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(e, message) = &error {
            let message = message.as_deref().unwrap_or("");
            if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) {
                return StoreError::Busy;
            }
            if message.contains("propensities_limit") {
                return StoreError::PropensityLimit;
            }
            if message.contains("append_only") || message.contains("immutable") {
                return StoreError::AppendOnly;
            }
        }
        StoreError::Sqlite(error)
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

pub struct Store {
    conn: Connection,
    operator: String,
    path: PathBuf,
    opened: Opened,
}

/// The default database: `$XDG_DATA_HOME/orienta/orienta.db`, else
/// `~/.local/share/orienta/orienta.db`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("orienta").join("orienta.db"))
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

/// Retries a locked database every millisecond, up to [`BUSY_TIMEOUT`]. SQLite's own back-off
/// (up to 100 ms between tries) can keep missing the short gaps between the transactions of a
/// long import; a short step lets a waiting writer in at the first gap.
fn retry_while_busy(attempts: i32) -> bool {
    let waited = Duration::from_millis(u64::try_from(attempts).unwrap_or(0));
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_handler(Some(retry_while_busy))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Migration(format!("journal_mode {mode}")));
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

impl Store {
    /// Opens (or creates) the database at `path` for `operator`. A database of a newer schema
    /// is refused; an older one is copied next to itself, then migrated.
    pub fn open(path: &Path, operator: &str, mode: CreateMode) -> Result<Store, StoreError> {
        Self::open_with(path, operator, mode, &MIGRATIONS)
    }

    fn open_with(
        path: &Path,
        operator: &str,
        mode: CreateMode,
        list: &[&'static str],
    ) -> Result<Store, StoreError> {
        let created = !path.exists();
        if created {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(io(parent))?;
            }
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode.permissions())
                .open(path)
                .map_err(io(path))?;
            // The umask may have removed group bits: set them as asked.
            fs::set_permissions(path, fs::Permissions::from_mode(mode.permissions()))
                .map_err(io(path))?;
        }
        let mut conn = Connection::open(path)?;
        configure(&conn)?;

        let found = user_version(&conn)?;
        let supported = list.len();
        if found > supported as i64 {
            return Err(StoreError::NewerSchema { found, supported });
        }
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if found == 0 && tables > 0 {
            return Err(StoreError::NotOrienta(path.to_path_buf()));
        }
        let opened = if found == supported as i64 {
            Opened::Current
        } else if found == 0 {
            Opened::Created
        } else {
            let backup = backup_name(path, found);
            backup_connection(&conn, &backup, mode)?;
            Opened::Migrated {
                from: found,
                backup,
            }
        };
        if opened != Opened::Current {
            migrations(list).to_latest(&mut conn).map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
                other => StoreError::Migration(other.to_string()),
            })?;
        }
        Ok(Store {
            conn,
            operator: operator.to_string(),
            path: path.to_path_buf(),
            opened,
        })
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// The connection, for checks that go below the API (tests, diagnostics).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// An online, consistent copy of the database while others keep working.
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        backup_connection(&self.conn, target, CreateMode::default())
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken at once, so the version
    /// checks inside see the latest committed state).
    fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction, &Audit) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let audit = Audit {
            operator: self.operator.clone(),
            at: now(),
        };
        let value = f(&tx, &audit)?;
        tx.commit()?;
        Ok(value)
    }
}

fn backup_name(path: &Path, version: i64) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".schema{version}-{stamp}.bak"));
    path.with_file_name(name)
}

fn backup_connection(conn: &Connection, target: &Path, mode: CreateMode) -> Result<(), StoreError> {
    if target.exists() {
        return Err(StoreError::Io {
            path: target.to_path_buf(),
            error: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        });
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode.permissions())
        .open(target)
        .map_err(io(target))?;
    let mut copy = Connection::open(target)?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
        // Small steps with a pause: writers on the source are not held up.
        backup.run_to_completion(256, Duration::from_millis(1), None)?;
    }
    Ok(())
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
    use super::*;

    const LATER: &str = "ALTER TABLE citizens ADD COLUMN nickname TEXT NOT NULL DEFAULT '';";

    #[test]
    fn sqlite_errors_are_told_in_italian() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT UNIQUE); INSERT INTO t VALUES ('a');")
            .unwrap();
        let error = StoreError::from(conn.execute("INSERT INTO t VALUES ('a')", []).unwrap_err());
        let message = error.to_string();
        assert!(message.contains("vincolo"), "{message}");
        assert!(
            message.contains("2067"),
            "the extended code stays: {message}"
        );
        assert!(!message.contains("UNIQUE"), "{message}");
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
        first
            .connection()
            .execute_batch(
                "INSERT INTO citizens (codice_fiscale, surname, name, surname_key, sex, birth_date,
                    created_at, updated_at)
                 VALUES ('RSSMRA85T10A562S', 'Rossi', 'Mario', 'ROSSI', 'M', '1985-12-10', '', '')",
            )
            .unwrap();
        drop(first);

        let list = [MIGRATIONS[0], LATER];
        let second = Store::open_with(&path, "anna", CreateMode::default(), &list).unwrap();
        let Opened::Migrated { from, backup } = second.opened().clone() else {
            panic!("expected a migration, got {:?}", second.opened());
        };
        assert_eq!(from, 1);
        assert_eq!(user_version(second.connection()).unwrap(), 2);
        let nickname: String = second
            .connection()
            .query_row("SELECT nickname FROM citizens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(nickname, "");

        let copy = Connection::open(&backup).unwrap();
        assert_eq!(user_version(&copy).unwrap(), 1);
        let count: i64 = copy
            .query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
        let mode = fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        // Opened again by the older binary: refused, not damaged.
        drop(second);
        match Store::open_with(&path, "anna", CreateMode::default(), &MIGRATIONS) {
            Err(StoreError::NewerSchema {
                found: 2,
                supported: 1,
            }) => {}
            other => panic!("expected NewerSchema, got {:?}", other.err()),
        }
    }
}
