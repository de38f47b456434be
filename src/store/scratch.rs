//! Scratch space for an import's check pass: the codici fiscali met in the file, in a private
//! temporary database on disk, so memory stays flat however long the file is.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::import::FirstLines;

pub struct FirstLineIndex {
    conn: Connection,
}

impl FirstLineIndex {
    pub fn new() -> Result<Self, StoreError> {
        // An empty name is SQLite's private temporary database: on disk, deleted when closed.
        let conn = Connection::open("")?;
        // Nothing here needs to survive a crash; one transaction, never committed, keeps the
        // pages in the cache until they spill to the file.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE first_lines (
                 codice_fiscale TEXT PRIMARY KEY,
                 line INTEGER NOT NULL
             ) WITHOUT ROWID;
             BEGIN;",
        )?;
        Ok(FirstLineIndex { conn })
    }
}

impl FirstLines for FirstLineIndex {
    type Error = StoreError;

    fn note(&mut self, codice_fiscale: &str, line: usize) -> Result<usize, StoreError> {
        let line = i64::try_from(line).unwrap_or(i64::MAX);
        self.conn
            .prepare_cached(
                "INSERT INTO first_lines (codice_fiscale, line) VALUES (?1, ?2)
                 ON CONFLICT (codice_fiscale) DO NOTHING",
            )?
            .execute(params![codice_fiscale, line])?;
        let first: i64 = self
            .conn
            .prepare_cached("SELECT line FROM first_lines WHERE codice_fiscale = ?1")?
            .query_row([codice_fiscale], |r| r.get(0))?;
        Ok(usize::try_from(first).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_of_each_code_is_kept() {
        let mut index = FirstLineIndex::new().unwrap();
        assert_eq!(index.note("RSSMRA85T10A562S", 2).unwrap(), 2);
        assert_eq!(index.note("VRDGPP80A41H501Y", 3).unwrap(), 3);
        assert_eq!(index.note("RSSMRA85T10A562S", 9).unwrap(), 2);
        assert_eq!(index.note("RSSMRA85T10A562S", 2).unwrap(), 2);
    }
}
