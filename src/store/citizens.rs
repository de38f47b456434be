//! Citizens: registry data, lookup by codice fiscale or surname prefix.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction};

use super::{
    Audit, Entity, Store, StoreError, check_version, opt_text, parse_date, parse_opt_date, words,
};
use crate::domain::records::{
    Citizen, CitizenData, CitizenSummary, Citizenship, InterviewStatus, Sex, search_key,
};

const CITIZEN_COLUMNS: &str = "id, version, codice_fiscale, surname, name, sex, birth_date, \
     birth_place, citizenship, phone, email, household, education, employment, did_date, \
     income_support, quantitative_class, special_categories, synthetic, created_at, updated_at";

fn citizen_from_row(row: &Row) -> rusqlite::Result<(Citizen, String, String, Option<String>)> {
    let sex: String = row.get(5)?;
    let citizenship: String = row.get(8)?;
    let birth_date: String = row.get(6)?;
    let did_date: Option<String> = row.get(14)?;
    let categories: String = row.get(17)?;
    let class: Option<i64> = row.get(16)?;
    Ok((
        Citizen {
            id: row.get(0)?,
            version: row.get(1)?,
            data: CitizenData {
                codice_fiscale: row.get(2)?,
                surname: row.get(3)?,
                name: row.get(4)?,
                sex: Sex::from_code(&sex).unwrap_or(Sex::Male),
                birth_date: chrono::NaiveDate::MIN,
                birth_place: row.get(7)?,
                citizenship: Citizenship::from_code(&citizenship),
                phone: row.get(9)?,
                email: row.get(10)?,
                household: row.get(11)?,
                education: row.get(12)?,
                employment: row.get(13)?,
                did_date: None,
                income_support: row.get(15)?,
                quantitative_class: class.and_then(|c| u8::try_from(c).ok()),
                special_categories: words(&categories),
            },
            synthetic: row.get::<_, i64>(18)? != 0,
            created_at: row.get(19)?,
            updated_at: row.get(20)?,
        },
        sex,
        birth_date,
        did_date,
    ))
}

fn finish(raw: (Citizen, String, String, Option<String>)) -> Result<Citizen, StoreError> {
    let (mut citizen, sex, birth_date, did_date) = raw;
    if Sex::from_code(&sex).is_none() {
        return Err(StoreError::Corrupt {
            column: "sex",
            value: sex,
        });
    }
    citizen.data.birth_date = parse_date(&birth_date)?;
    citizen.data.did_date = parse_opt_date(did_date)?;
    Ok(citizen)
}

/// The fields of a citizen as (column, text for the audit log).
fn audit_fields(d: &CitizenData) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("codice_fiscale", Some(d.codice_fiscale.clone())),
        ("surname", Some(d.surname.clone())),
        ("name", Some(d.name.clone())),
        ("sex", Some(d.sex.code().to_string())),
        ("birth_date", Some(d.birth_date.to_string())),
        ("birth_place", Some(d.birth_place.clone())),
        ("citizenship", d.citizenship.map(|c| c.code().to_string())),
        ("phone", Some(d.phone.clone())),
        ("email", Some(d.email.clone())),
        ("household", Some(d.household.clone())),
        ("education", Some(d.education.clone())),
        ("employment", Some(d.employment.clone())),
        ("did_date", opt_text(d.did_date)),
        ("income_support", Some(d.income_support.clone())),
        ("quantitative_class", opt_text(d.quantitative_class)),
        ("special_categories", Some(d.special_categories.join(" "))),
    ]
}

fn write_citizen(
    tx: &Transaction,
    audit: &Audit,
    existing: Option<&Citizen>,
    d: &CitizenData,
    synthetic: bool,
) -> Result<i64, StoreError> {
    use rusqlite::types::Value;
    let text = |t: &str| Value::Text(t.trim().to_string());
    let mut values: Vec<Value> = vec![
        text(&d.codice_fiscale),
        text(&d.surname),
        text(&d.name),
        Value::Text(search_key(&d.surname)),
        text(d.sex.code()),
        Value::Text(d.birth_date.to_string()),
        text(&d.birth_place),
        text(d.citizenship.map_or("", |c| c.code())),
        text(&d.phone),
        text(&d.email),
        text(&d.household),
        text(&d.education),
        text(&d.employment),
        d.did_date
            .map_or(Value::Null, |x| Value::Text(x.to_string())),
        text(&d.income_support),
        d.quantitative_class
            .map_or(Value::Null, |c| Value::Integer(i64::from(c))),
        Value::Text(d.special_categories.join(" ")),
        Value::Integer(i64::from(synthetic && existing.is_none_or(|c| c.synthetic))),
        Value::Text(audit.at.clone()),
    ];
    let id = match existing {
        None => {
            let inserted = tx.execute(
                "INSERT INTO citizens (codice_fiscale, surname, name, surname_key, sex, birth_date,
                    birth_place, citizenship, phone, email, household, education, employment,
                    did_date, income_support, quantitative_class, special_categories, synthetic,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?19)",
                rusqlite::params_from_iter(values),
            );
            match inserted {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                {
                    return Err(StoreError::DuplicateCodiceFiscale(d.codice_fiscale.clone()));
                }
                other => other?,
            };
            tx.last_insert_rowid()
        }
        Some(c) => {
            values.push(Value::Integer(c.id));
            let updated = tx.execute(
                "UPDATE citizens SET codice_fiscale = ?1, surname = ?2, name = ?3,
                    surname_key = ?4, sex = ?5, birth_date = ?6, birth_place = ?7,
                    citizenship = ?8, phone = ?9, email = ?10, household = ?11, education = ?12,
                    employment = ?13, did_date = ?14, income_support = ?15,
                    quantitative_class = ?16, special_categories = ?17, synthetic = ?18,
                    updated_at = ?19, version = version + 1
                 WHERE id = ?20",
                rusqlite::params_from_iter(values),
            );
            match updated {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                {
                    return Err(StoreError::DuplicateCodiceFiscale(d.codice_fiscale.clone()));
                }
                other => other?,
            };
            c.id
        }
    };
    let before = existing.map(|c| audit_fields(&c.data));
    for (i, (field, new)) in audit_fields(d).into_iter().enumerate() {
        let old = before.as_ref().and_then(|b| b[i].1.clone());
        audit.record(
            tx,
            "cittadino",
            Some(id),
            Some(id),
            field,
            old.as_deref(),
            new.as_deref(),
        )?;
    }
    Ok(id)
}

pub(super) fn load(tx: &rusqlite::Connection, id: i64) -> Result<Option<Citizen>, StoreError> {
    let sql = format!("SELECT {CITIZEN_COLUMNS} FROM citizens WHERE id = ?1");
    tx.query_row(&sql, [id], citizen_from_row)
        .optional()?
        .map(finish)
        .transpose()
}

/// Upper bound for a prefix range: every string starting with `prefix` sorts below it.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// What an import did to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted,
    Updated,
    Unchanged,
}

impl Store {
    pub fn insert_citizen(&mut self, data: &CitizenData) -> Result<Citizen, StoreError> {
        let id = self.write(|tx, audit| write_citizen(tx, audit, None, data, false))?;
        self.citizen(id)
    }

    /// Saves the registry data if nobody changed them since `expected_version` was read.
    pub fn update_citizen(
        &mut self,
        id: i64,
        expected_version: i64,
        data: &CitizenData,
    ) -> Result<Citizen, StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Citizen, id, expected_version)?;
            let current = load(tx, id)?.ok_or(StoreError::NotFound {
                entity: Entity::Citizen,
                id: id.to_string(),
            })?;
            write_citizen(tx, audit, Some(&current), data, false)
        })?;
        self.citizen(id)
    }

    /// Inserts the rows, or updates the citizens whose codice fiscale exists, all in one
    /// transaction.
    pub fn upsert_citizens(&mut self, rows: &[CitizenData]) -> Result<Vec<Upsert>, StoreError> {
        self.write(|tx, audit| {
            let mut outcome = Vec::with_capacity(rows.len());
            for data in rows {
                let existing: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM citizens WHERE codice_fiscale = ?1",
                        [&data.codice_fiscale],
                        |r| r.get(0),
                    )
                    .optional()?;
                match existing {
                    None => {
                        write_citizen(tx, audit, None, data, false)?;
                        outcome.push(Upsert::Inserted);
                    }
                    Some(id) => {
                        let current = load(tx, id)?.ok_or(StoreError::NotFound {
                            entity: Entity::Citizen,
                            id: id.to_string(),
                        })?;
                        let merged = merge_import(&current.data, data);
                        if merged == current.data {
                            outcome.push(Upsert::Unchanged);
                        } else {
                            write_citizen(tx, audit, Some(&current), &merged, false)?;
                            outcome.push(Upsert::Updated);
                        }
                    }
                }
            }
            Ok(outcome)
        })
    }

    pub fn citizen(&self, id: i64) -> Result<Citizen, StoreError> {
        load(&self.conn, id)?.ok_or(StoreError::NotFound {
            entity: Entity::Citizen,
            id: id.to_string(),
        })
    }

    pub fn citizen_by_cf(&self, codice_fiscale: &str) -> Result<Option<Citizen>, StoreError> {
        let sql = format!("SELECT {CITIZEN_COLUMNS} FROM citizens WHERE codice_fiscale = ?1");
        self.conn
            .query_row(&sql, [codice_fiscale], citizen_from_row)
            .optional()?
            .map(finish)
            .transpose()
    }

    /// Citizens whose codice fiscale or surname starts with `query` (case, accents and
    /// punctuation ignored), then those whose surname, name or e-mail contain it or, for several
    /// words, each word (name and surname in either order); at most `limit`, in that order.
    pub fn search_citizens(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<CitizenSummary>, StoreError> {
        let mut found: Vec<CitizenSummary> = Vec::new();
        for stage in search_stages(query) {
            if found.len() >= limit {
                break;
            }
            let sql = format!(
                "{SUMMARY} FROM {from} {LAST_INTERVIEW} WHERE {filter} {order} LIMIT ?",
                from = stage.from,
                filter = stage.filter,
                order = stage.order
            );
            let mut values = stage.values.clone();
            values.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(values), summary_from_row)?;
            for row in rows {
                let row = row?;
                if found.len() < limit && !found.iter().any(|f| f.id == row.id) {
                    found.push(row);
                }
            }
        }
        Ok(found)
    }

    /// How many citizens [`Store::search_citizens`] would find, counting up to `cap`.
    pub fn count_matches(&self, query: &str, cap: usize) -> Result<usize, StoreError> {
        let mut ids = std::collections::HashSet::new();
        for stage in search_stages(query) {
            if ids.len() >= cap {
                break;
            }
            let sql = format!(
                "SELECT c.id FROM {} WHERE {} LIMIT ?",
                stage.from, stage.filter
            );
            let mut values = stage.values.clone();
            values.push(Value::Integer(i64::try_from(cap).unwrap_or(i64::MAX)));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows =
                stmt.query_map(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))?;
            for id in rows {
                ids.insert(id?);
            }
        }
        Ok(ids.len().min(cap))
    }

    pub fn count_citizens(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))?)
    }

    /// True when the database holds people that were not made by `orienta demo`.
    pub fn has_real_citizens(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM citizens WHERE synthetic = 0)",
            [],
            |r| r.get(0),
        )?)
    }
}

/// An import updates the columns it carries and keeps everything else.
fn merge_import(current: &CitizenData, imported: &CitizenData) -> CitizenData {
    let keep = |new: &str, old: &str| {
        if new.trim().is_empty() {
            old.to_string()
        } else {
            new.trim().to_string()
        }
    };
    CitizenData {
        codice_fiscale: current.codice_fiscale.clone(),
        surname: imported.surname.trim().to_string(),
        name: imported.name.trim().to_string(),
        sex: imported.sex,
        birth_date: imported.birth_date,
        birth_place: keep(&imported.birth_place, &current.birth_place),
        citizenship: imported.citizenship.or(current.citizenship),
        phone: keep(&imported.phone, &current.phone),
        email: keep(&imported.email, &current.email),
        ..current.clone()
    }
}

/// The columns of a search result: the person, the last interview not discarded, the last CV.
const SUMMARY: &str = "SELECT c.id, c.codice_fiscale, c.surname, c.name,
        i.started_at, i.status, i.final_path,
        (SELECT max(filed_on) FROM cv_records v WHERE v.citizen_id = c.id)";
const LAST_INTERVIEW: &str = "LEFT JOIN interviews i ON i.id = (
        SELECT id FROM interviews WHERE citizen_id = c.id AND discarded_at IS NULL
        ORDER BY started_at DESC, id DESC LIMIT 1)";

fn summary_from_row(r: &Row) -> rusqlite::Result<CitizenSummary> {
    let status: Option<String> = r.get(5)?;
    let cv: Option<String> = r.get(7)?;
    Ok(CitizenSummary {
        id: r.get(0)?,
        codice_fiscale: r.get(1)?,
        surname: r.get(2)?,
        name: r.get(3)?,
        last_interview_at: r.get(4)?,
        last_status: status.as_deref().and_then(InterviewStatus::from_code),
        last_path: r.get(6)?,
        cv_filed_on: cv.as_deref().and_then(|d| parse_date(d).ok()),
    })
}

/// One way of finding people: a condition on the citizen `c`, the order of the results (one an
/// index gives at once), its values.
struct Stage {
    /// Where the rows come from, the citizen always as `c`.
    from: &'static str,
    filter: &'static str,
    order: &'static str,
    values: Vec<Value>,
}

/// The ways a query finds people, most precise first: codice fiscale prefix, surname prefix,
/// then (three characters or more) any part of surname, name or e-mail, every word matching.
fn search_stages(query: &str) -> Vec<Stage> {
    let key = search_key(query);
    let mut stages = vec![
        Stage {
            from: "citizens c",
            filter: "c.codice_fiscale >= ? AND c.codice_fiscale < ?",
            order: "ORDER BY c.codice_fiscale",
            values: vec![Value::Text(key.clone()), Value::Text(prefix_end(&key))],
        },
        Stage {
            from: "citizens c",
            filter: "c.surname_key >= ? AND c.surname_key < ?",
            order: "ORDER BY c.surname_key, c.name",
            values: vec![Value::Text(key.clone()), Value::Text(prefix_end(&key))],
        },
    ];
    // The full-text index holds trigrams: each word needs three characters.
    let words: Vec<String> = query
        .split_whitespace()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if !words.is_empty() {
        // Read from the index as it finds them, stopping at the limit: gathering (or sorting)
        // every match of a short, common word would cost too much.
        stages.push(Stage {
            from: "citizens_search s JOIN citizens c ON c.id = s.rowid",
            filter: "citizens_search MATCH ?",
            order: "",
            values: vec![Value::Text(words.join(" AND "))],
        });
    }
    stages
}
