//! Interviews: one per sitting, saved field by field while the operator types.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Audit, Entity, Store, StoreError, flag_text, opt_text, words};
use crate::domain::instrument::Instrument;
use crate::domain::records::{
    ChecklistEntry, Interview, InterviewKind, InterviewStatus, PactTerms,
};
use crate::domain::scoring::{Answers, PathChange, Plafond};

/// Free-text fields of an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Expectations,
    FinalNote,
    FragilityNote,
    PactResponsible,
    ContactFrequency,
    SearchProof,
}

impl TextField {
    fn column(self) -> &'static str {
        match self {
            TextField::Expectations => "expectations",
            TextField::FinalNote => "final_note",
            TextField::FragilityNote => "fragility_note",
            TextField::PactResponsible => "psp_responsible",
            TextField::ContactFrequency => "contact_frequency",
            TextField::SearchProof => "search_proof",
        }
    }
}

/// Yes/no fields of an interview (unset until the operator answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagField {
    SocialServicesInvolved,
    AvailableWorkshops,
    AvailableTraining,
    AvailableOffers,
}

impl FlagField {
    fn column(self) -> &'static str {
        match self {
            FlagField::SocialServicesInvolved => "social_services_involved",
            FlagField::AvailableWorkshops => "available_workshops",
            FlagField::AvailableTraining => "available_training",
            FlagField::AvailableOffers => "available_offers",
        }
    }
}

const INTERVIEW_COLUMNS: &str = "id, citizen_id, version, kind, operator, started_at, ended_at, \
     status, phase, info_items, expectations, plafond_target, plafond_points, plafond_note, \
     final_note, social_services_involved, fragility_note, proposed_path, final_path, \
     override_path, override_category, override_note, psp_responsible, contact_frequency, \
     search_proof, available_workshops, available_training, available_offers, discarded_at, \
     override_agreed, carried_from_pact";

/// Checks that the interview is a draft at `expected` version, bumps the version, and returns
/// the citizen and the new version.
pub(super) fn claim_draft(
    tx: &Transaction,
    id: i64,
    expected: i64,
) -> Result<(i64, i64), StoreError> {
    let row: Option<(i64, i64, String, Option<String>)> = tx
        .query_row(
            "SELECT citizen_id, version, status, discarded_at FROM interviews WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (citizen, version, status, discarded) = row.ok_or(StoreError::NotFound {
        entity: Entity::Interview,
        id: id.to_string(),
    })?;
    if version != expected {
        return Err(StoreError::Conflict {
            entity: Entity::Interview,
            id,
        });
    }
    if status != InterviewStatus::Bozza.code() || discarded.is_some() {
        return Err(StoreError::InterviewClosed(id));
    }
    tx.execute(
        "UPDATE interviews SET version = version + 1 WHERE id = ?1",
        [id],
    )?;
    Ok((citizen, version + 1))
}

fn old_value(tx: &Transaction, column: &str, id: i64) -> Result<Option<String>, StoreError> {
    let sql = format!("SELECT CAST({column} AS TEXT) FROM interviews WHERE id = ?1");
    Ok(tx.query_row(&sql, [id], |r| r.get(0))?)
}

/// A column of `interviews`, its new value, and the value as the audit log shows it.
type Change = (&'static str, rusqlite::types::Value, Option<String>);

/// Sets columns of a draft interview, with an audit row for each that changes.
fn set_columns(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    expected: i64,
    changes: &[Change],
) -> Result<i64, StoreError> {
    let (citizen, version) = claim_draft(tx, id, expected)?;
    for (column, value, shown) in changes {
        let old = old_value(tx, column, id)?;
        let sql = format!("UPDATE interviews SET {column} = ?1 WHERE id = ?2");
        tx.execute(&sql, params![value, id])?;
        audit.record(
            tx,
            "colloquio",
            Some(id),
            Some(citizen),
            column,
            old.as_deref().filter(|o| !o.is_empty()),
            shown.as_deref().filter(|n| !n.is_empty()),
        )?;
    }
    Ok(version)
}

/// Sets one column of a draft interview, with its audit row.
fn set_column(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    expected: i64,
    column: &'static str,
    value: rusqlite::types::Value,
    shown: Option<String>,
) -> Result<i64, StoreError> {
    set_columns(tx, audit, id, expected, &[(column, value, shown)])
}

fn text_value(text: &str) -> rusqlite::types::Value {
    rusqlite::types::Value::Text(text.to_string())
}

fn opt_value(value: Option<i64>) -> rusqlite::types::Value {
    value.map_or(
        rusqlite::types::Value::Null,
        rusqlite::types::Value::Integer,
    )
}

impl Store {
    /// Opens a new draft interview for a citizen. A "150" interview needs the person's DID
    /// date, read inside the same transaction.
    pub fn start_interview(
        &mut self,
        citizen_id: i64,
        kind: InterviewKind,
    ) -> Result<Interview, StoreError> {
        self.start_interview_with(citizen_id, kind, "")
    }

    /// As [`Store::start_interview`], recording which instrument (name, version and SHA-256,
    /// see `Instrument::identity`) the interview is scored with.
    pub fn start_interview_with(
        &mut self,
        citizen_id: i64,
        kind: InterviewKind,
        instrument: &str,
    ) -> Result<Interview, StoreError> {
        let id = self.write(|tx, audit| {
            if kind == InterviewKind::Did150 {
                let did: Option<Option<String>> = tx
                    .query_row(
                        "SELECT did_date FROM citizens WHERE id = ?1",
                        [citizen_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(None) = did {
                    return Err(StoreError::MissingDidDate);
                }
            }
            tx.execute(
                "INSERT INTO interviews (citizen_id, kind, operator, started_at, instrument)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    citizen_id,
                    kind.code(),
                    audit.operator,
                    audit.at,
                    instrument
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                {
                    StoreError::NotFound {
                        entity: Entity::Citizen,
                        id: citizen_id.to_string(),
                    }
                }
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                {
                    match open_draft(tx, citizen_id) {
                        Ok(Some((operator, since))) => StoreError::DraftExists { operator, since },
                        Ok(None) => rusqlite::Error::SqliteFailure(f, None).into(),
                        Err(e) => e,
                    }
                }
                other => other.into(),
            })?;
            let id = tx.last_insert_rowid();
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen_id),
                "kind",
                None,
                Some(kind.code()),
            )?;
            carry_over(tx, audit, citizen_id, id, kind)?;
            Ok(id)
        })?;
        self.interview(id)
    }

    /// The interview exactly as saved.
    pub fn interview(&self, id: i64) -> Result<Interview, StoreError> {
        load_interview(&self.conn, id)
    }

    /// The citizen's interviews, newest first.
    pub fn interviews_of(&self, citizen_id: i64) -> Result<Vec<Interview>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM interviews WHERE citizen_id = ?1
                 ORDER BY started_at DESC, id DESC",
            )?
            .query_map([citizen_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| self.interview(id)).collect()
    }

    /// Sets a draft aside: it stays in the database, marked discarded, and the person can start
    /// a new interview. The audit entry says only that it was discarded.
    pub fn discard_draft(&mut self, id: i64, expected: i64) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            let (citizen, _) = claim_draft(tx, id, expected)?;
            tx.execute(
                "UPDATE interviews SET discarded_at = ?1, discarded_by = ?2 WHERE id = ?3",
                params![audit.at, audit.operator, id],
            )?;
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen),
                "status",
                Some("bozza"),
                Some("scartata"),
            )
        })
    }

    /// The citizen's open draft, if any (the newest one).
    pub fn draft_of(&self, citizen_id: i64) -> Result<Option<Interview>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM interviews WHERE citizen_id = ?1 AND status = 'bozza'
                   AND discarded_at IS NULL
                 ORDER BY started_at DESC, id DESC LIMIT 1",
                [citizen_id],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.interview(id)).transpose()
    }

    /// Saves one text field; returns the interview's new version.
    pub fn set_text(
        &mut self,
        id: i64,
        expected: i64,
        field: TextField,
        value: &str,
    ) -> Result<i64, StoreError> {
        self.write(|tx, audit| {
            set_column(
                tx,
                audit,
                id,
                expected,
                field.column(),
                text_value(value),
                Some(value.to_string()),
            )
        })
    }

    pub fn set_flag(
        &mut self,
        id: i64,
        expected: i64,
        field: FlagField,
        value: Option<bool>,
    ) -> Result<i64, StoreError> {
        self.write(|tx, audit| {
            set_column(
                tx,
                audit,
                id,
                expected,
                field.column(),
                opt_value(value.map(i64::from)),
                flag_text(value),
            )
        })
    }

    /// The phase the interview is in (1 informativa, 2 analisi, 3 patto).
    pub fn set_phase(&mut self, id: i64, expected: i64, phase: u8) -> Result<i64, StoreError> {
        self.write(|tx, audit| {
            set_column(
                tx,
                audit,
                id,
                expected,
                "phase",
                opt_value(Some(i64::from(phase))),
                Some(phase.to_string()),
            )
        })
    }

    /// The informative topics covered (ids, saved in the order given).
    pub fn set_info_items(
        &mut self,
        id: i64,
        expected: i64,
        items: &[String],
    ) -> Result<i64, StoreError> {
        let joined = items.join(" ");
        self.write(|tx, audit| {
            set_column(
                tx,
                audit,
                id,
                expected,
                "info_items",
                text_value(&joined),
                Some(joined.clone()),
            )
        })
    }

    /// Answers an area (or clears the answer with `None`). The option is checked against the
    /// instrument.
    pub fn set_answer(
        &mut self,
        instrument: &Instrument,
        id: i64,
        expected: i64,
        area: &str,
        option: Option<usize>,
    ) -> Result<i64, StoreError> {
        if let Some(option) = option {
            Answers::new()
                .set(instrument, area, option)
                .map_err(StoreError::Answer)?;
        }
        self.write(|tx, audit| {
            let (citizen, version) = claim_draft(tx, id, expected)?;
            let old: Option<i64> = tx
                .query_row(
                    "SELECT option_index FROM interview_answers
                     WHERE interview_id = ?1 AND area_id = ?2",
                    params![id, area],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let option = option.map(|o| o as i64);
            tx.execute(
                "INSERT INTO interview_answers (interview_id, area_id, option_index)
                 VALUES (?1, ?2, ?3)
                 ON CONFLICT (interview_id, area_id) DO UPDATE SET option_index = ?3",
                params![id, area, option],
            )?;
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen),
                &format!("risposta {area}"),
                opt_text(old).as_deref(),
                opt_text(option).as_deref(),
            )?;
            Ok(version)
        })
    }

    pub fn set_answer_note(
        &mut self,
        id: i64,
        expected: i64,
        area: &str,
        note: &str,
    ) -> Result<i64, StoreError> {
        self.write(|tx, audit| {
            let (citizen, version) = claim_draft(tx, id, expected)?;
            let old: Option<String> = tx
                .query_row(
                    "SELECT note FROM interview_answers WHERE interview_id = ?1 AND area_id = ?2",
                    params![id, area],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO interview_answers (interview_id, area_id, note) VALUES (?1, ?2, ?3)
                 ON CONFLICT (interview_id, area_id) DO UPDATE SET note = ?3",
                params![id, area, note],
            )?;
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen),
                &format!("nota {area}"),
                old.as_deref().filter(|o| !o.is_empty()),
                Some(note).filter(|n| !n.is_empty()),
            )?;
            Ok(version)
        })
    }

    /// Rating and note of one dimension of the professional check-list.
    pub fn set_checklist(
        &mut self,
        id: i64,
        expected: i64,
        entry: &ChecklistEntry,
    ) -> Result<i64, StoreError> {
        self.write(|tx, audit| {
            let (citizen, version) = claim_draft(tx, id, expected)?;
            let old: Option<(Option<String>, String)> = tx
                .query_row(
                    "SELECT rating, note FROM interview_checklist
                     WHERE interview_id = ?1 AND dimension_id = ?2",
                    params![id, entry.dimension],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO interview_checklist (interview_id, dimension_id, rating, note)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (interview_id, dimension_id) DO UPDATE SET rating = ?3, note = ?4",
                params![id, entry.dimension, entry.rating, entry.note],
            )?;
            let (old_rating, old_note) = old.unwrap_or((None, String::new()));
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen),
                &format!("giudizio {}", entry.dimension),
                old_rating.as_deref(),
                entry.rating.as_deref(),
            )?;
            audit.record(
                tx,
                "colloquio",
                Some(id),
                Some(citizen),
                &format!("nota {}", entry.dimension),
                Some(old_note.as_str()).filter(|n| !n.is_empty()),
                Some(entry.note.as_str()).filter(|n| !n.is_empty()),
            )?;
            Ok(version)
        })
    }

    /// Sets or removes the plafond (checked by the caller with the scoring engine).
    pub fn set_plafond(
        &mut self,
        id: i64,
        expected: i64,
        plafond: Option<&Plafond>,
    ) -> Result<i64, StoreError> {
        let changes: [Change; 3] = [
            (
                "plafond_target",
                plafond.map_or(Value::Null, |p| Value::Text(p.target.clone())),
                plafond.map(|p| p.target.clone()),
            ),
            (
                "plafond_points",
                opt_value(plafond.map(|p| i64::from(p.points))),
                opt_text(plafond.map(|p| p.points)),
            ),
            (
                "plafond_note",
                text_value(plafond.map_or("", |p| p.note.as_str())),
                plafond.map(|p| p.note.clone()),
            ),
        ];
        self.write(|tx, audit| set_columns(tx, audit, id, expected, &changes))
    }

    /// Sets or removes the change of percorso (checked by the caller).
    pub fn set_path_change(
        &mut self,
        id: i64,
        expected: i64,
        change: Option<&PathChange>,
    ) -> Result<i64, StoreError> {
        let changes: [Change; 4] = [
            (
                "override_path",
                opt_value(change.map(|c| i64::from(c.path))),
                opt_text(change.map(|c| c.path)),
            ),
            (
                "override_category",
                change.map_or(Value::Null, |c| Value::Text(c.category.clone())),
                change.map(|c| c.category.clone()),
            ),
            (
                "override_note",
                text_value(change.map_or("", |c| c.note.as_str())),
                change.map(|c| c.note.clone()),
            ),
            (
                "override_agreed",
                opt_value(change.map(|c| i64::from(c.agreed))),
                flag_text(change.map(|c| c.agreed)),
            ),
        ];
        self.write(|tx, audit| set_columns(tx, audit, id, expected, &changes))
    }
}

/// The interview columns a new version takes from the last signed one: the terms, the
/// expectations and the informative topics.
const CARRIED_COLUMNS: [&str; 8] = [
    "psp_responsible",
    "contact_frequency",
    "search_proof",
    "available_workshops",
    "available_training",
    "available_offers",
    "expectations",
    "info_items",
];

/// The columns also taken when both interviews are DID "150" interviews: the instrument that
/// scored the answers, the plafond, the change of percorso and the final note. The person's
/// agreement to the change is not carried: each version asks for it again.
const CARRIED_ASSESSMENT_COLUMNS: [&str; 8] = [
    "instrument",
    "plafond_target",
    "plafond_points",
    "plafond_note",
    "override_path",
    "override_category",
    "override_note",
    "final_note",
];

/// A new interview of a person with a signed pact starts from its last version: the terms, the
/// expectations, the informative topics, for two DID interviews the assessment too, and the
/// open actions of its plan (each a new row that remembers the one it continues). Automatic
/// actions, recorded by the signing, stay with the interview they describe.
fn carry_over(
    tx: &Transaction,
    audit: &Audit,
    citizen_id: i64,
    id: i64,
    kind: InterviewKind,
) -> Result<(), StoreError> {
    let last: Option<(i64, i64, String)> = tx
        .query_row(
            "SELECT p.id, p.interview_id, i.kind FROM pact_versions p
             JOIN interviews i ON i.id = p.interview_id
             WHERE p.citizen_id = ?1 ORDER BY p.version DESC, p.id DESC LIMIT 1",
            [citizen_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((pact_id, from, from_kind)) = last else {
        return Ok(());
    };
    let mut columns: Vec<&str> = CARRIED_COLUMNS.to_vec();
    let assessment = kind == InterviewKind::Did150 && from_kind == InterviewKind::Did150.code();
    if assessment {
        columns.extend(CARRIED_ASSESSMENT_COLUMNS);
    }
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = (SELECT {c} FROM interviews WHERE id = ?2)"))
        .collect();
    tx.execute(
        &format!(
            "UPDATE interviews SET {}, carried_from_pact = ?3 WHERE id = ?1",
            sets.join(", ")
        ),
        params![id, from, pact_id],
    )?;
    if assessment {
        tx.execute(
            "INSERT INTO interview_answers (interview_id, area_id, option_index, note)
             SELECT ?1, area_id, option_index, note FROM interview_answers WHERE interview_id = ?2",
            params![id, from],
        )?;
        tx.execute(
            "INSERT INTO interview_checklist (interview_id, dimension_id, rating, note)
             SELECT ?1, dimension_id, rating, note FROM interview_checklist
             WHERE interview_id = ?2",
            params![id, from],
        )?;
    }
    let copied = tx.execute(
        "INSERT INTO actions (interview_id, code, kind, description, due_date, status, outcome,
            started_on, ended_on, carried_from)
         SELECT ?1, code, kind, description, due_date, status, outcome, started_on, ended_on, id
         FROM actions WHERE interview_id = ?2 AND automatic = 0
           AND status IN ('programmata', 'in_corso')
         ORDER BY id",
        params![id, from],
    )?;
    let number: String = tx.query_row(
        "SELECT number || ' v' || version FROM pact_versions WHERE id = ?1",
        [pact_id],
        |r| r.get(0),
    )?;
    audit.record(
        tx,
        "colloquio",
        Some(id),
        Some(citizen_id),
        "ripreso_dal_patto",
        None,
        Some(&format!("{number} ({copied} azioni)")),
    )
}

/// Who holds the citizen's open draft, and since when.
fn open_draft(
    conn: &rusqlite::Connection,
    citizen_id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT operator, started_at FROM interviews
             WHERE citizen_id = ?1 AND status = 'bozza' AND discarded_at IS NULL",
            [citizen_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// An interview with its answers and check-list, read on `conn` (also inside a transaction).
pub(super) fn load_interview(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<Interview, StoreError> {
    let sql = format!("SELECT {INTERVIEW_COLUMNS} FROM interviews WHERE id = ?1");
    let mut interview = conn
        .query_row(&sql, [id], |r| {
            let kind: String = r.get(3)?;
            let status: String = r.get(7)?;
            let info: String = r.get(9)?;
            let plafond_target: Option<String> = r.get(11)?;
            let plafond_points: Option<i32> = r.get(12)?;
            let override_path: Option<u8> = r.get(19)?;
            let override_category: Option<String> = r.get(20)?;
            let discarded: Option<String> = r.get(28)?;
            Ok((
                Interview {
                    id: r.get(0)?,
                    citizen_id: r.get(1)?,
                    version: r.get(2)?,
                    kind: InterviewKind::from_code(&kind).unwrap_or(InterviewKind::Altro),
                    operator: r.get(4)?,
                    started_at: r.get(5)?,
                    ended_at: r.get(6)?,
                    status: match discarded {
                        Some(_) => InterviewStatus::Scartata,
                        None => {
                            InterviewStatus::from_code(&status).unwrap_or(InterviewStatus::Bozza)
                        }
                    },
                    phase: r.get(8)?,
                    info_items: words(&info),
                    expectations: r.get(10)?,
                    answers: Answers::new(),
                    answer_notes: Vec::new(),
                    checklist: Vec::new(),
                    plafond: match (plafond_target, plafond_points) {
                        (Some(target), Some(points)) => Some(Plafond {
                            target,
                            points,
                            note: r.get(13)?,
                        }),
                        _ => None,
                    },
                    final_note: r.get(14)?,
                    social_services_involved: r.get(15)?,
                    fragility_note: r.get(16)?,
                    proposed_path: r.get(17)?,
                    final_path: r.get(18)?,
                    path_change: match (override_path, override_category) {
                        (Some(path), Some(category)) => Some(PathChange {
                            path,
                            category,
                            note: r.get(21)?,
                            agreed: r.get::<_, Option<bool>>(29)?.unwrap_or(false),
                        }),
                        _ => None,
                    },
                    terms: PactTerms {
                        responsible: r.get(22)?,
                        contact_frequency: r.get(23)?,
                        search_proof: r.get(24)?,
                        available_workshops: r.get(25)?,
                        available_training: r.get(26)?,
                        available_offers: r.get(27)?,
                    },
                    carried_from_pact: r.get(30)?,
                },
                kind,
                status,
            ))
        })
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: Entity::Interview,
            id: id.to_string(),
        })
        .and_then(|(interview, kind, status)| {
            if InterviewKind::from_code(&kind).is_none() {
                return Err(StoreError::Corrupt {
                    column: "kind",
                    value: kind,
                });
            }
            if InterviewStatus::from_code(&status).is_none() {
                return Err(StoreError::Corrupt {
                    column: "status",
                    value: status,
                });
            }
            Ok(interview)
        })?;

    let mut stmt = conn.prepare_cached(
        "SELECT area_id, option_index, note FROM interview_answers WHERE interview_id = ?1
             ORDER BY area_id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut raw_answers = Vec::new();
    for row in rows {
        let (area, option, note) = row?;
        if let Some(option) = option {
            raw_answers.push((area.clone(), option));
        }
        if !note.is_empty() {
            interview.answer_notes.push((area, note));
        }
    }
    interview.answers = Answers::from_stored(raw_answers);

    let mut stmt = conn.prepare_cached(
        "SELECT dimension_id, rating, note FROM interview_checklist WHERE interview_id = ?1
             ORDER BY dimension_id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(ChecklistEntry {
            dimension: r.get(0)?,
            rating: r.get(1)?,
            note: r.get(2)?,
        })
    })?;
    for row in rows {
        interview.checklist.push(row?);
    }
    Ok(interview)
}
