//! Propensioni, CV records and the action plan.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::interviews::claim_draft;
use super::{
    Audit, Entity, Store, StoreError, check_version, opt_text, parse_date, parse_opt_date, words,
};
use crate::domain::cv_file::sha256_hex;
use crate::domain::records::{
    ActionKind, ActionStatus, CvRecord, MAX_PROPENSITIES, PlannedAction, Propensity,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPropensity {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(rename = "colloquio")]
    pub interview_id: Option<i64>,
    #[serde(flatten)]
    pub data: Propensity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCv {
    pub id: i64,
    #[serde(rename = "colloquio")]
    pub interview_id: Option<i64>,
    /// SHA-256 of the stored PDF; `None` for CVs filed before the file was kept.
    #[serde(rename = "sha256_pdf")]
    pub pdf_sha256: Option<String>,
    #[serde(flatten)]
    pub data: CvRecord,
}

/// What filing a CV did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvFiling {
    /// A new record (a file not filed before for this person).
    Filed,
    /// The same file again: its record's consent, provinces or file name changed.
    Updated,
    /// The same file again, nothing changed.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAction {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(rename = "colloquio")]
    pub interview_id: i64,
    #[serde(flatten)]
    pub data: PlannedAction,
    /// When the action actually started and ended (follow-up).
    #[serde(rename = "iniziata_il")]
    pub started_on: Option<chrono::NaiveDate>,
    #[serde(rename = "conclusa_il")]
    pub ended_on: Option<chrono::NaiveDate>,
    /// The action of the previous version this one continues.
    #[serde(rename = "ripresa_da")]
    pub carried_from: Option<i64>,
    /// Recorded by the signing (150, A05, A07), not typed in the plan.
    #[serde(rename = "automatica")]
    pub automatic: bool,
}

/// What the follow-up of a signed plan changes in an action: its status and outcome, when it
/// started and ended, its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub status: ActionStatus,
    pub outcome: String,
    pub due_date: Option<chrono::NaiveDate>,
    pub started_on: Option<chrono::NaiveDate>,
    pub ended_on: Option<chrono::NaiveDate>,
}

impl FollowUp {
    /// The follow-up fields as the action has them now.
    pub fn of(action: &StoredAction) -> FollowUp {
        FollowUp {
            status: action.data.status,
            outcome: action.data.outcome.clone(),
            due_date: action.data.due_date,
            started_on: action.started_on,
            ended_on: action.ended_on,
        }
    }

    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("status", Some(self.status.code().to_string())),
            ("outcome", Some(self.outcome.trim().to_string())),
            ("due_date", opt_text(self.due_date)),
            ("started_on", opt_text(self.started_on)),
            ("ended_on", opt_text(self.ended_on)),
        ]
    }
}

/// Columns of a propensione, in the order of [`propensity_values`].
const PROPENSITY_VALUE_COLUMNS: [&str; 14] = [
    "cp2021_code",
    "title",
    "from_work",
    "from_education",
    "from_training",
    "from_aptitude",
    "interview_date",
    "sep_id",
    "skills",
    "years_experience",
    "last_year",
    "availability",
    "licences",
    "notes",
];

/// The propensione's columns as the audit log shows them.
fn propensity_fields(p: &Propensity) -> Vec<(&'static str, Option<String>)> {
    PROPENSITY_VALUE_COLUMNS
        .iter()
        .zip(propensity_values(p))
        .map(|(column, value)| {
            let shown = match value {
                Value::Null => None,
                Value::Integer(n) => Some(n.to_string()),
                Value::Text(t) => Some(t),
                Value::Real(r) => Some(r.to_string()),
                Value::Blob(_) => None,
            };
            (*column, shown)
        })
        .collect()
}

pub(super) fn audit_changes(
    tx: &Transaction,
    audit: &Audit,
    entity: &str,
    id: i64,
    citizen: i64,
    old: Option<Vec<(&'static str, Option<String>)>>,
    new: Option<Vec<(&'static str, Option<String>)>>,
) -> Result<(), StoreError> {
    let fields = old.as_ref().or(new.as_ref()).map_or(0, Vec::len);
    for i in 0..fields {
        let name = old.as_ref().or(new.as_ref()).map_or("", |f| f[i].0);
        let before = old.as_ref().and_then(|f| f[i].1.clone());
        let after = new.as_ref().and_then(|f| f[i].1.clone());
        audit.record(
            tx,
            entity,
            Some(id),
            Some(citizen),
            name,
            before.as_deref().filter(|v| !v.is_empty()),
            after.as_deref().filter(|v| !v.is_empty()),
        )?;
    }
    Ok(())
}

/// The columns of a propensione, in the order of the INSERT and UPDATE statements.
fn propensity_values(p: &Propensity) -> Vec<Value> {
    let text = |t: &str| Value::Text(t.trim().to_string());
    let flag = |b: bool| Value::Integer(i64::from(b));
    let number = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    vec![
        text(&p.cp2021_code),
        text(&p.title),
        flag(p.from_work),
        flag(p.from_education),
        flag(p.from_training),
        flag(p.from_aptitude),
        Value::Text(p.interview_date.to_string()),
        number(p.sep.map(i64::from)),
        text(&p.skills),
        number(p.years_experience.map(i64::from)),
        number(p.last_year.map(i64::from)),
        text(&p.availability),
        text(&p.licences),
        text(&p.notes),
    ]
}

const PROPENSITY_COLUMNS: &str = "id, version, interview_id, cp2021_code, title, from_work, \
     from_education, from_training, from_aptitude, interview_date, sep_id, skills, \
     years_experience, last_year, availability, licences, notes, citizen_id";

fn propensity_from_row(r: &Row) -> rusqlite::Result<(StoredPropensity, String, i64)> {
    Ok((
        StoredPropensity {
            id: r.get(0)?,
            version: r.get(1)?,
            interview_id: r.get(2)?,
            data: Propensity {
                cp2021_code: r.get(3)?,
                title: r.get(4)?,
                from_work: r.get(5)?,
                from_education: r.get(6)?,
                from_training: r.get(7)?,
                from_aptitude: r.get(8)?,
                interview_date: chrono::NaiveDate::MIN,
                sep: r.get(10)?,
                skills: r.get(11)?,
                years_experience: r.get(12)?,
                last_year: r.get(13)?,
                availability: r.get(14)?,
                licences: r.get(15)?,
                notes: r.get(16)?,
            },
        },
        r.get(9)?,
        r.get(17)?,
    ))
}

fn load_propensity(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<Option<(StoredPropensity, i64)>, StoreError> {
    let sql = format!("SELECT {PROPENSITY_COLUMNS} FROM propensities WHERE id = ?1");
    conn.query_row(&sql, [id], propensity_from_row)
        .optional()?
        .map(|(mut p, date, citizen)| {
            p.data.interview_date = parse_date(&date)?;
            Ok((p, citizen))
        })
        .transpose()
}

pub(super) const ACTION_COLUMNS: &str = "id, version, interview_id, code, kind, description, due_date, \
     status, outcome, started_on, ended_on, carried_from, automatic";

/// An action as read, with the columns still to parse: kind, status, due, started, ended.
pub(super) type RawAction = (
    StoredAction,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(super) fn action_from_row(r: &Row) -> rusqlite::Result<RawAction> {
    Ok((
        StoredAction {
            id: r.get(0)?,
            version: r.get(1)?,
            interview_id: r.get(2)?,
            data: PlannedAction {
                code: r.get(3)?,
                kind: ActionKind::Cpi,
                description: r.get(5)?,
                due_date: None,
                status: ActionStatus::Programmata,
                outcome: r.get(8)?,
            },
            started_on: None,
            ended_on: None,
            carried_from: r.get(11)?,
            automatic: r.get(12)?,
        },
        r.get(4)?,
        r.get(7)?,
        r.get(6)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

pub(super) fn finish_action(raw: RawAction) -> Result<StoredAction, StoreError> {
    let (mut action, kind, status, due, started, ended) = raw;
    action.started_on = parse_opt_date(started)?;
    action.ended_on = parse_opt_date(ended)?;
    action.data.kind = ActionKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt {
        column: "kind",
        value: kind.clone(),
    })?;
    action.data.status = ActionStatus::from_code(&status).ok_or_else(|| StoreError::Corrupt {
        column: "status",
        value: status.clone(),
    })?;
    action.data.due_date = parse_opt_date(due)?;
    Ok(action)
}

fn action_fields(a: &PlannedAction) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("code", Some(a.code.clone())),
        ("kind", Some(a.kind.code().to_string())),
        ("description", Some(a.description.clone())),
        ("due_date", opt_text(a.due_date)),
        ("status", Some(a.status.code().to_string())),
        ("outcome", Some(a.outcome.clone())),
    ]
}

impl Store {
    /// Adds a propensione; a person has at most three.
    pub fn add_propensity(
        &mut self,
        citizen_id: i64,
        interview_id: Option<i64>,
        p: &Propensity,
    ) -> Result<StoredPropensity, StoreError> {
        let id = self.write(|tx, audit| {
            let count: i64 = tx.query_row(
                "SELECT count(*) FROM propensities WHERE citizen_id = ?1",
                [citizen_id],
                |r| r.get(0),
            )?;
            if count >= MAX_PROPENSITIES as i64 {
                return Err(StoreError::PropensityLimit);
            }
            tx.execute(
                "INSERT INTO propensities (cp2021_code, title, from_work, from_education,
                    from_training, from_aptitude, interview_date, sep_id, skills,
                    years_experience, last_year, availability, licences, notes, citizen_id,
                    interview_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                rusqlite::params_from_iter(propensity_values(p).into_iter().chain([
                    Value::Integer(citizen_id),
                    interview_id.map_or(Value::Null, Value::Integer),
                ])),
            )?;
            let id = tx.last_insert_rowid();
            audit_changes(
                tx,
                audit,
                "propensione",
                id,
                citizen_id,
                None,
                Some(propensity_fields(p)),
            )?;
            Ok(id)
        })?;
        self.propensity(id)
    }

    pub fn propensity(&self, id: i64) -> Result<StoredPropensity, StoreError> {
        load_propensity(&self.conn, id)?
            .map(|(p, _)| p)
            .ok_or(StoreError::NotFound {
                entity: Entity::Propensity,
                id: id.to_string(),
            })
    }

    pub fn update_propensity(
        &mut self,
        id: i64,
        expected: i64,
        p: &Propensity,
    ) -> Result<StoredPropensity, StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Propensity, id, expected)?;
            let (old, citizen) = load_propensity(tx, id)?.ok_or(StoreError::NotFound {
                entity: Entity::Propensity,
                id: id.to_string(),
            })?;
            tx.execute(
                "UPDATE propensities SET cp2021_code = ?1, title = ?2, from_work = ?3,
                    from_education = ?4, from_training = ?5, from_aptitude = ?6,
                    interview_date = ?7, sep_id = ?8, skills = ?9, years_experience = ?10,
                    last_year = ?11, availability = ?12, licences = ?13, notes = ?14,
                    version = version + 1
                 WHERE id = ?15",
                rusqlite::params_from_iter(
                    propensity_values(p).into_iter().chain([Value::Integer(id)]),
                ),
            )?;
            audit_changes(
                tx,
                audit,
                "propensione",
                id,
                citizen,
                Some(propensity_fields(&old.data)),
                Some(propensity_fields(p)),
            )
        })?;
        self.propensity(id)
    }

    pub fn remove_propensity(&mut self, id: i64, expected: i64) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Propensity, id, expected)?;
            let (old, citizen) = load_propensity(tx, id)?.ok_or(StoreError::NotFound {
                entity: Entity::Propensity,
                id: id.to_string(),
            })?;
            // A skill gap analysis that compared with this profile keeps its code and title;
            // only the link to the propensione goes.
            tx.execute(
                "UPDATE skill_gap_analyses SET propensity_id = NULL, version = version + 1
                 WHERE propensity_id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM propensities WHERE id = ?1", [id])?;
            audit_changes(
                tx,
                audit,
                "propensione",
                id,
                citizen,
                Some(propensity_fields(&old.data)),
                None,
            )
        })
    }

    pub fn propensities_of(&self, citizen_id: i64) -> Result<Vec<StoredPropensity>, StoreError> {
        load_propensities(&self.conn, citizen_id)
    }

    /// Files a CV (checked by the caller with `check_cv` and `check_cv_file`) with the bytes of
    /// its PDF, kept once by SHA-256. The same person filing the same file again updates that
    /// record (consent, provinces, the name of the file) or changes nothing; another file is a
    /// new record. The filing date of a record stays the first one: the 12 months run from it.
    pub fn file_cv(
        &mut self,
        citizen_id: i64,
        interview_id: Option<i64>,
        cv: &CvRecord,
        pdf: &[u8],
    ) -> Result<(StoredCv, CvFiling), StoreError> {
        let sha256 = sha256_hex(pdf);
        let (id, filing) = self.write(|tx, audit| {
            tx.execute(
                "INSERT INTO cv_files (sha256, size, bytes) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sha256) DO NOTHING",
                params![sha256, pdf.len() as i64, pdf],
            )?;
            let provinces = cv.provinces.join(" ");
            let path = cv.pdf_path.trim();
            let existing = tx
                .query_row(
                    "SELECT id, consent, provinces, pdf_path FROM cv_records
                     WHERE citizen_id = ?1 AND pdf_sha256 = ?2",
                    params![citizen_id, sha256],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, bool>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            if let Some((id, consent, old_provinces, old_path)) = existing {
                let changes: Vec<(&str, String, String)> = [
                    ("consent", consent.to_string(), cv.consent.to_string()),
                    ("provinces", old_provinces, provinces.clone()),
                    ("pdf_path", old_path, path.to_string()),
                ]
                .into_iter()
                .filter(|(_, old, new)| old != new)
                .collect();
                if changes.is_empty() {
                    return Ok((id, CvFiling::Unchanged));
                }
                tx.execute(
                    "UPDATE cv_records SET consent = ?2, provinces = ?3, pdf_path = ?4,
                        version = version + 1 WHERE id = ?1",
                    params![id, cv.consent, provinces, path],
                )?;
                for (field, old, new) in &changes {
                    audit.record(
                        tx,
                        "cv",
                        Some(id),
                        Some(citizen_id),
                        field,
                        Some(old.as_str()).filter(|v| !v.is_empty()),
                        Some(new.as_str()).filter(|v| !v.is_empty()),
                    )?;
                }
                return Ok((id, CvFiling::Updated));
            }
            tx.execute(
                "INSERT INTO cv_records (citizen_id, interview_id, filed_on, consent, provinces,
                    pdf_path, pdf_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    citizen_id,
                    interview_id,
                    cv.filed_on.to_string(),
                    cv.consent,
                    provinces,
                    path,
                    sha256
                ],
            )?;
            let id = tx.last_insert_rowid();
            let fields = vec![
                ("filed_on", Some(cv.filed_on.to_string())),
                ("consent", Some(cv.consent.to_string())),
                ("provinces", Some(provinces.clone())),
                ("pdf_path", Some(path.to_string())),
                ("pdf_sha256", Some(sha256.clone())),
            ];
            audit_changes(tx, audit, "cv", id, citizen_id, None, Some(fields))?;
            Ok((id, CvFiling::Filed))
        })?;
        let stored = self
            .cvs_of(citizen_id)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound {
                entity: Entity::Cv,
                id: id.to_string(),
            })?;
        Ok((stored, filing))
    }

    /// The citizen's CV records, newest first.
    pub fn cvs_of(&self, citizen_id: i64) -> Result<Vec<StoredCv>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, interview_id, filed_on, consent, provinces, pdf_path, pdf_sha256
             FROM cv_records WHERE citizen_id = ?1 ORDER BY filed_on DESC, id DESC",
        )?;
        let rows = stmt.query_map([citizen_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, interview_id, filed_on, consent, provinces, pdf_path, pdf_sha256) = row?;
            out.push(StoredCv {
                id,
                interview_id,
                pdf_sha256,
                data: CvRecord {
                    filed_on: parse_date(&filed_on)?,
                    consent,
                    provinces: words(&provinces),
                    pdf_path,
                },
            });
        }
        Ok(out)
    }

    /// The stored bytes of a CV's PDF: of record `id` when given, else of the newest CV with a
    /// stored file. `None` when the person has no such CV.
    pub fn cv_pdf(
        &self,
        citizen_id: i64,
        id: Option<i64>,
    ) -> Result<Option<(StoredCv, Vec<u8>)>, StoreError> {
        for cv in self.cvs_of(citizen_id)? {
            if id.is_some_and(|id| id != cv.id) {
                continue;
            }
            let Some(sha256) = &cv.pdf_sha256 else {
                if id.is_some() {
                    return Ok(None);
                }
                continue;
            };
            let bytes: Option<Vec<u8>> = self
                .conn
                .query_row(
                    "SELECT bytes FROM cv_files WHERE sha256 = ?1",
                    [sha256],
                    |r| r.get(0),
                )
                .optional()?;
            return Ok(bytes.map(|b| (cv, b)));
        }
        Ok(None)
    }

    /// Adds an action to the plan of a draft interview.
    pub fn add_action(
        &mut self,
        interview_id: i64,
        expected: i64,
        action: &PlannedAction,
    ) -> Result<(StoredAction, i64), StoreError> {
        let (id, version) = self.write(|tx, audit| {
            let (citizen, version) = claim_draft(tx, interview_id, expected)?;
            tx.execute(
                "INSERT INTO actions (interview_id, code, kind, description, due_date, status,
                    outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    interview_id,
                    action.code,
                    action.kind.code(),
                    action.description.trim(),
                    action.due_date.map(|d| d.to_string()),
                    action.status.code(),
                    action.outcome.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit_action_added(tx, audit, id, citizen, action)?;
            Ok((id, version))
        })?;
        Ok((self.action(id)?, version))
    }

    pub fn action(&self, id: i64) -> Result<StoredAction, StoreError> {
        let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1");
        self.conn
            .query_row(&sql, [id], action_from_row)
            .optional()?
            .map(finish_action)
            .transpose()?
            .ok_or(StoreError::NotFound {
                entity: Entity::Action,
                id: id.to_string(),
            })
    }

    /// Updates an action of the plan of a draft interview. A signed plan moves on with
    /// [`Store::follow_up_action`].
    pub fn update_action(
        &mut self,
        id: i64,
        expected: i64,
        action: &PlannedAction,
    ) -> Result<StoredAction, StoreError> {
        let old = self.action(id)?;
        self.write(|tx, audit| {
            check_version(tx, Entity::Action, id, expected)?;
            let (citizen, status): (i64, String) = tx.query_row(
                "SELECT citizen_id, CASE WHEN discarded_at IS NULL THEN status ELSE 'scartata' END
                 FROM interviews WHERE id = ?1",
                [old.interview_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if status != "bozza" {
                return Err(StoreError::InterviewClosed(old.interview_id));
            }
            tx.execute(
                "UPDATE actions SET code = ?1, kind = ?2, description = ?3, due_date = ?4,
                    status = ?5, outcome = ?6, version = version + 1 WHERE id = ?7",
                params![
                    action.code,
                    action.kind.code(),
                    action.description.trim(),
                    action.due_date.map(|d| d.to_string()),
                    action.status.code(),
                    action.outcome.trim(),
                    id
                ],
            )?;
            audit_changes(
                tx,
                audit,
                "azione",
                id,
                citizen,
                Some(action_fields(&old.data)),
                Some(action_fields(action)),
            )
        })?;
        self.action(id)
    }

    /// Removes an action from the plan of a draft interview; returns the interview's version.
    pub fn remove_action(
        &mut self,
        id: i64,
        expected_action: i64,
        expected_interview: i64,
    ) -> Result<i64, StoreError> {
        let old = self.action(id)?;
        self.write(|tx, audit| {
            check_version(tx, Entity::Action, id, expected_action)?;
            let (citizen, version) = claim_draft(tx, old.interview_id, expected_interview)?;
            tx.execute("DELETE FROM actions WHERE id = ?1", [id])?;
            audit_changes(
                tx,
                audit,
                "azione",
                id,
                citizen,
                Some(action_fields(&old.data)),
                None,
            )?;
            Ok(version)
        })
    }

    pub fn actions_of(&self, interview_id: i64) -> Result<Vec<StoredAction>, StoreError> {
        load_actions(&self.conn, interview_id)
    }

    /// The plan being followed up: the actions of the interview behind the person's latest
    /// signed pact version (empty without a pact).
    pub fn current_plan(&self, citizen_id: i64) -> Result<Vec<StoredAction>, StoreError> {
        match super::activity::current_plan_interview(&self.conn, citizen_id)? {
            Some(id) => load_actions(&self.conn, id),
            None => Ok(Vec::new()),
        }
    }

    /// Follows up an action of a signed plan, without a new interview: status, outcome, due
    /// date, start and end. Only for actions of a signed interview, at the version the
    /// operator saw; each field that changes is audited. The signed pact versions stay as
    /// signed. A draft's copy of the action that nobody has changed since it was carried over
    /// gets the same update, so the next version does not start from an old state.
    pub fn follow_up_action(
        &mut self,
        id: i64,
        expected: i64,
        update: &FollowUp,
    ) -> Result<StoredAction, StoreError> {
        self.write(|tx, audit| follow_up_in(tx, audit, id, Some(expected), update))?;
        self.action(id)
    }
}

/// The audit entries of a new action.
pub(super) fn audit_action_added(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    citizen: i64,
    action: &PlannedAction,
) -> Result<(), StoreError> {
    audit_changes(
        tx,
        audit,
        "azione",
        id,
        citizen,
        None,
        Some(action_fields(action)),
    )
}

/// [`Store::follow_up_action`] inside a write transaction; `expected: None` when the caller
/// read the action in the same transaction. Only for the plan in force.
pub(super) fn follow_up_in(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    expected: Option<i64>,
    update: &FollowUp,
) -> Result<(), StoreError> {
    apply_follow_up(tx, audit, id, expected, update, true)
}

/// The follow-up itself; `only_in_force`: refuse an action of a replaced plan. An activity
/// that carries out an action no newer version continues may still record it there.
pub(super) fn apply_follow_up(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    expected: Option<i64>,
    update: &FollowUp,
    only_in_force: bool,
) -> Result<(), StoreError> {
    let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1");
    let old = tx
        .query_row(&sql, [id], action_from_row)
        .optional()?
        .map(finish_action)
        .transpose()?
        .ok_or(StoreError::NotFound {
            entity: Entity::Action,
            id: id.to_string(),
        })?;
    let (citizen, status): (i64, String) = tx.query_row(
        "SELECT citizen_id, status FROM interviews WHERE id = ?1",
        [old.interview_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if status != "chiusa" {
        return Err(StoreError::NotSigned(old.interview_id));
    }
    // Only the plan in force: a newer signed version replaced the older plans' actions.
    if only_in_force
        && super::activity::current_plan_interview(tx, citizen)? != Some(old.interview_id)
    {
        return Err(StoreError::PlanReplaced);
    }
    if expected.is_some_and(|e| e != old.version) {
        return Err(StoreError::Conflict {
            entity: Entity::Action,
            id,
        });
    }
    let set = |tx: &Transaction, target: i64| {
        tx.execute(
            "UPDATE actions SET status = ?1, outcome = ?2, due_date = ?3,
                started_on = ?4, ended_on = ?5, version = version + 1 WHERE id = ?6",
            params![
                update.status.code(),
                update.outcome.trim(),
                update.due_date.map(|d| d.to_string()),
                update.started_on.map(|d| d.to_string()),
                update.ended_on.map(|d| d.to_string()),
                target
            ],
        )
    };
    set(tx, id)?;
    let before = FollowUp::of(&old).fields();
    let after = update.fields();
    audit_changes(
        tx,
        audit,
        "azione",
        id,
        citizen,
        Some(before.clone()),
        Some(after.clone()),
    )?;
    let copies: Vec<i64> = tx
        .prepare_cached(
            "SELECT a.id FROM actions a JOIN interviews i ON i.id = a.interview_id
             WHERE a.carried_from = ?1 AND a.version = 1 AND i.status = 'bozza'
               AND i.discarded_at IS NULL",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for copy in copies {
        set(tx, copy)?;
        audit_changes(
            tx,
            audit,
            "azione",
            copy,
            citizen,
            Some(before.clone()),
            Some(after.clone()),
        )?;
    }
    Ok(())
}

/// The citizen's propensioni, oldest first, read on `conn` (also inside a transaction).
pub(super) fn load_propensities(
    conn: &rusqlite::Connection,
    citizen_id: i64,
) -> Result<Vec<StoredPropensity>, StoreError> {
    let sql =
        format!("SELECT {PROPENSITY_COLUMNS} FROM propensities WHERE citizen_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([citizen_id], propensity_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let (mut p, date, _) = row?;
        p.data.interview_date = parse_date(&date)?;
        out.push(p);
    }
    Ok(out)
}

/// The actions of an interview's plan, read on `conn` (also inside a transaction).
pub(super) fn load_actions(
    conn: &rusqlite::Connection,
    interview_id: i64,
) -> Result<Vec<StoredAction>, StoreError> {
    let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE interview_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([interview_id], action_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(finish_action(row?)?);
    }
    Ok(out)
}
