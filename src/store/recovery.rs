//! Recovery records: what was typed but could not be saved when a session ended without the
//! operator (hang-up, signal) or with the database busy or in conflict. The next opening of the
//! same interview or form offers it back. When the database itself cannot be written, the record
//! goes to a file beside it (mode 0600) that the next start moves into the database.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rusqlite::params;
use serde_json::{Value, json};

use super::{Store, StoreError, now};

/// One recovery record.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub id: i64,
    pub citizen_id: Option<i64>,
    pub interview_id: Option<i64>,
    pub operator: String,
    pub saved_at: String,
    pub payload: Value,
}

/// The marker in the names of recovery files: `orienta.db.recupero-<stamp>-<pid>.json`.
const FILE_MARK: &str = ".recupero-";

impl Store {
    /// Keeps `payload` for the interview or form it belongs to.
    pub fn save_recovery(
        &mut self,
        citizen_id: Option<i64>,
        interview_id: Option<i64>,
        payload: &Value,
    ) -> Result<i64, StoreError> {
        let text = payload.to_string();
        self.write(|tx, audit| {
            tx.execute(
                "INSERT INTO recovery (citizen_id, interview_id, operator, saved_at, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![citizen_id, interview_id, audit.operator, audit.at, text],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// The records kept for an interview (`interview_id`), or for the citizen form of a person
    /// (`citizen_id` with no interview), or for a new person's form (both `None`); oldest first.
    pub fn recoveries(
        &self,
        citizen_id: Option<i64>,
        interview_id: Option<i64>,
    ) -> Result<Vec<Recovery>, StoreError> {
        let (filter, value) = match (interview_id, citizen_id) {
            (Some(i), _) => ("interview_id = ?1", Some(i)),
            (None, Some(c)) => ("interview_id IS NULL AND citizen_id = ?1", Some(c)),
            (None, None) => (
                "interview_id IS NULL AND citizen_id IS NULL AND ?1 IS NULL",
                None,
            ),
        };
        self.query_recoveries(filter, value)
    }

    /// The records kept for interviews of a person that are no longer drafts (signed or
    /// discarded by another operator while they were typed): what they hold can go to the
    /// person's next draft. Oldest first.
    pub fn recoveries_of_closed(&self, citizen_id: i64) -> Result<Vec<Recovery>, StoreError> {
        self.query_recoveries(
            "interview_id IN (SELECT id FROM interviews WHERE citizen_id = ?1
                              AND (status <> 'bozza' OR discarded_at IS NOT NULL))",
            Some(citizen_id),
        )
    }

    fn query_recoveries(
        &self,
        filter: &str,
        value: Option<i64>,
    ) -> Result<Vec<Recovery>, StoreError> {
        let sql = format!(
            "SELECT id, citizen_id, interview_id, operator, saved_at, payload FROM recovery
             WHERE {filter} ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([value], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, citizen_id, interview_id, operator, saved_at, payload) = row?;
            let payload = serde_json::from_str(&payload).map_err(|_| StoreError::Corrupt {
                column: "payload",
                value: format!("recupero {id}"),
            })?;
            out.push(Recovery {
                id,
                citizen_id,
                interview_id,
                operator,
                saved_at,
                payload,
            });
        }
        Ok(out)
    }

    /// Every recovery record about a person (forms and interviews), oldest first: they hold
    /// personal data, so the data access export lists them too.
    pub fn recoveries_of_citizen(&self, citizen_id: i64) -> Result<Vec<Recovery>, StoreError> {
        self.query_recoveries(
            "citizen_id = ?1 OR interview_id IN (SELECT id FROM interviews WHERE citizen_id = ?1)",
            Some(citizen_id),
        )
    }

    /// Removes recovery records once what they hold is back on screen or saved.
    pub fn remove_recoveries(&mut self, ids: &[i64]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.write(|tx, _| {
            for id in ids {
                tx.execute("DELETE FROM recovery WHERE id = ?1", [id])?;
            }
            Ok(())
        })
    }

    /// For when the database cannot be written: the record goes to a file beside it, readable
    /// only by its owner. Returns the file's path.
    pub fn write_recovery_file(
        &self,
        citizen_id: Option<i64>,
        interview_id: Option<i64>,
        payload: &Value,
    ) -> std::io::Result<PathBuf> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!("{FILE_MARK}{stamp}-{}.json", std::process::id()));
        let path = self.path.with_file_name(name);
        let record = json!({
            "citizen_id": citizen_id,
            "interview_id": interview_id,
            "operator": self.operator,
            "saved_at": now(),
            "payload": payload,
        });
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        file.write_all(record.to_string().as_bytes())?;
        file.sync_all()?;
        Ok(path)
    }

    /// Moves the recovery files left beside the database into it; returns how many. A file that
    /// cannot be read stays where it is.
    pub fn import_recovery_files(&mut self) -> Result<usize, StoreError> {
        let mut moved = 0;
        for path in recovery_files(&self.path) {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let Ok(record) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let citizen_id = record.get("citizen_id").and_then(Value::as_i64);
            let interview_id = record.get("interview_id").and_then(Value::as_i64);
            let operator = record
                .get("operator")
                .and_then(Value::as_str)
                .unwrap_or(&self.operator)
                .to_string();
            let saved_at = record
                .get("saved_at")
                .and_then(Value::as_str)
                .map_or_else(now, str::to_string);
            let payload = record.get("payload").cloned().unwrap_or(Value::Null);
            let text = payload.to_string();
            self.write(|tx, _| {
                tx.execute(
                    "INSERT INTO recovery (citizen_id, interview_id, operator, saved_at, payload)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![citizen_id, interview_id, operator, saved_at, text],
                )?;
                Ok(())
            })?;
            // Saved in the database: the file is no longer needed.
            let _ = fs::remove_file(&path);
            moved += 1;
        }
        Ok(moved)
    }
}

/// Recovery files beside the database at `db`.
fn recovery_files(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let prefix = format!("{name}{FILE_MARK}");
    let dir = match db.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".json"))
        })
        .collect();
    out.sort();
    out
}
