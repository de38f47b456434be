//! Group sessions (seminars A06, workshops B03): one session recorded once, many participants.
//! Adding a person records an action of the session's code in their signed plan; marking
//! attendance concludes it ("presente") or cancels it; removing a person before attendance is
//! marked cancels it. Each change is one transaction with its action, audited as "incontro"
//! and "partecipante".

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::activity::{record_in_current_plan, step_action};
use super::plan::{ACTION_COLUMNS, FollowUp, action_from_row, apply_follow_up, finish_action};
use super::{Audit, Entity, Store, StoreError, check_version, parse_date};
use crate::domain::records::{ActionKind, ActionStatus, ActionStep, PlannedAction};
use crate::domain::sessions::{GroupSession, attendance_allowed, attendance_step};

/// A stored group session, with how many take part and how many came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredGroupSession {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(flatten)]
    pub data: GroupSession,
    #[serde(rename = "partecipanti")]
    pub participants: i64,
    #[serde(rename = "presenti")]
    pub present: i64,
}

/// One person taking part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    #[serde(skip)]
    pub citizen_id: i64,
    pub codice_fiscale: String,
    #[serde(rename = "cognome")]
    pub surname: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "azione")]
    pub action_id: Option<i64>,
    /// `None` until attendance is marked.
    #[serde(rename = "presente")]
    pub attended: Option<bool>,
    #[serde(rename = "versione")]
    pub version: i64,
}

/// Why a change to the participants was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRefusal {
    /// The person is already among the participants.
    AlreadyIn,
    /// Attendance is marked: the person stays (their action has followed it).
    AttendanceMarked,
    /// Attendance is marked from the day of the session.
    BeforeTheSession,
    /// The code cannot change once people take part: their actions carry it.
    CodeFixed,
    /// The date cannot change once attendance is marked: the session took place that day.
    DateFixed,
    /// A session of the same code, day and topic is already recorded: one session, once.
    Duplicate,
}

/// Refuses a second session of the same code, day and topic (other than `except`).
fn check_unique(
    tx: &Transaction,
    session: &GroupSession,
    except: Option<i64>,
) -> Result<(), StoreError> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM group_sessions
             WHERE code = ?1 AND held_on = ?2 AND lower(trim(topic)) = lower(?3)
               AND id IS NOT ?4
             LIMIT 1",
            params![
                session.code,
                session.held_on.to_string(),
                session.topic.trim(),
                except
            ],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(_) => Err(StoreError::Group(GroupRefusal::Duplicate)),
        None => Ok(()),
    }
}

const COLUMNS: &str = "g.id, g.version, g.code, g.held_on, g.topic, g.operator, g.place,
     (SELECT COUNT(*) FROM group_participants p WHERE p.session_id = g.id),
     (SELECT COUNT(*) FROM group_participants p WHERE p.session_id = g.id AND p.attended = 1)";

fn from_row(r: &Row) -> rusqlite::Result<(StoredGroupSession, String)> {
    Ok((
        StoredGroupSession {
            id: r.get(0)?,
            version: r.get(1)?,
            data: GroupSession {
                code: r.get(2)?,
                held_on: NaiveDate::MIN,
                topic: r.get(4)?,
                operator: r.get(5)?,
                place: r.get(6)?,
            },
            participants: r.get(7)?,
            present: r.get(8)?,
        },
        r.get(3)?,
    ))
}

fn finish(
    (mut s, held_on): (StoredGroupSession, String),
) -> Result<StoredGroupSession, StoreError> {
    s.data.held_on = parse_date(&held_on)?;
    Ok(s)
}

fn session_in(tx: &Transaction, id: i64) -> Result<StoredGroupSession, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM group_sessions g WHERE g.id = ?1");
    let row = tx.query_row(&sql, [id], from_row).optional()?;
    finish(row.ok_or(StoreError::NotFound {
        entity: Entity::GroupSession,
        id: id.to_string(),
    })?)
}

fn fields(s: &GroupSession) -> [(&'static str, String); 5] {
    [
        ("code", s.code.clone()),
        ("held_on", s.held_on.to_string()),
        ("topic", s.topic.trim().to_string()),
        ("operator", s.operator.trim().to_string()),
        ("place", s.place.trim().to_string()),
    ]
}

fn audit_session(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    old: Option<&GroupSession>,
    new: &GroupSession,
) -> Result<(), StoreError> {
    let before = old.map(fields);
    for (n, (field, value)) in fields(new).iter().enumerate() {
        let old_value = before.as_ref().map(|b| b[n].1.as_str());
        audit.record(
            tx,
            "incontro",
            Some(id),
            None,
            field,
            old_value.filter(|v| !v.is_empty()),
            Some(value.as_str()).filter(|v| !v.is_empty()),
        )?;
    }
    Ok(())
}

fn attended_text(a: Option<bool>) -> Option<&'static str> {
    a.map(|a| if a { "presente" } else { "assente" })
}

/// The participant row: its action, attendance and version; checked against `expected`.
fn participant_in(
    tx: &Transaction,
    session: i64,
    citizen: i64,
    expected: i64,
) -> Result<(Option<i64>, Option<bool>), StoreError> {
    let found: Option<(Option<i64>, Option<bool>, i64)> = tx
        .query_row(
            "SELECT action_id, attended, version FROM group_participants
             WHERE session_id = ?1 AND citizen_id = ?2",
            [session, citizen],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<i64>>(1)?.map(|a| a != 0),
                    r.get(2)?,
                ))
            },
        )
        .optional()?;
    match found {
        None => Err(StoreError::NotFound {
            entity: Entity::Participant,
            id: citizen.to_string(),
        }),
        Some((_, _, v)) if v != expected => Err(StoreError::Conflict {
            entity: Entity::Participant,
            id: citizen,
        }),
        Some((action, attended, _)) => Ok((action, attended)),
    }
}

impl Store {
    /// Every group session, newest first.
    pub fn group_sessions(&self) -> Result<Vec<StoredGroupSession>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM group_sessions g ORDER BY g.held_on DESC, g.id DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], from_row)?;
        rows.map(|r| finish(r?)).collect()
    }

    pub fn group_session(&self, id: i64) -> Result<StoredGroupSession, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM group_sessions g WHERE g.id = ?1");
        let row = self.conn.query_row(&sql, [id], from_row).optional()?;
        finish(row.ok_or(StoreError::NotFound {
            entity: Entity::GroupSession,
            id: id.to_string(),
        })?)
    }

    /// The participants of a session, by surname and name.
    pub fn participants(&self, session_id: i64) -> Result<Vec<Participant>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.citizen_id, c.codice_fiscale, c.surname, c.name, p.action_id, p.attended,
                    p.version
             FROM group_participants p JOIN citizens c ON c.id = p.citizen_id
             WHERE p.session_id = ?1 ORDER BY c.surname, c.name, c.id",
        )?;
        let rows = stmt.query_map([session_id], |r| {
            Ok(Participant {
                citizen_id: r.get(0)?,
                codice_fiscale: r.get(1)?,
                surname: r.get(2)?,
                name: r.get(3)?,
                action_id: r.get(4)?,
                attended: r.get::<_, Option<i64>>(5)?.map(|a| a != 0),
                version: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The group sessions a person took part in, newest first, with their attendance.
    pub fn group_sessions_of(
        &self,
        citizen_id: i64,
    ) -> Result<Vec<(StoredGroupSession, Option<bool>)>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, p.attended FROM group_sessions g
             JOIN group_participants p ON p.session_id = g.id AND p.citizen_id = ?1
             ORDER BY g.held_on DESC, g.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([citizen_id], |r| {
            Ok((from_row(r)?, r.get::<_, Option<i64>>(9)?.map(|a| a != 0)))
        })?;
        rows.map(|r| {
            let (row, attended) = r?;
            Ok((finish(row)?, attended))
        })
        .collect()
    }

    pub fn add_group_session(
        &mut self,
        session: &GroupSession,
    ) -> Result<StoredGroupSession, StoreError> {
        self.write(|tx, audit| {
            check_unique(tx, session, None)?;
            tx.execute(
                "INSERT INTO group_sessions (code, held_on, topic, operator, place)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    session.code,
                    session.held_on.to_string(),
                    session.topic.trim(),
                    session.operator.trim(),
                    session.place.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit_session(tx, audit, id, None, session)?;
            session_in(tx, id)
        })
    }

    /// Changes a session read at version `expected`. A new date moves the due date of the
    /// participants' actions still programmed; the code stays once people take part.
    pub fn update_group_session(
        &mut self,
        id: i64,
        expected: i64,
        session: &GroupSession,
    ) -> Result<StoredGroupSession, StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::GroupSession, id, expected)?;
            let old = session_in(tx, id)?;
            if old.participants > 0 && old.data.code != session.code {
                return Err(StoreError::Group(GroupRefusal::CodeFixed));
            }
            // Once attendance is marked the session took place on its day.
            let marked: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM group_participants
                                WHERE session_id = ?1 AND attended IS NOT NULL)",
                [id],
                |r| r.get(0),
            )?;
            if marked && old.data.held_on != session.held_on {
                return Err(StoreError::Group(GroupRefusal::DateFixed));
            }
            check_unique(tx, session, Some(id))?;
            tx.execute(
                "UPDATE group_sessions SET code = ?2, held_on = ?3, topic = ?4, operator = ?5,
                     place = ?6, version = version + 1
                 WHERE id = ?1",
                params![
                    id,
                    session.code,
                    session.held_on.to_string(),
                    session.topic.trim(),
                    session.operator.trim(),
                    session.place.trim()
                ],
            )?;
            audit_session(tx, audit, id, Some(&old.data), session)?;
            if old.data.held_on != session.held_on {
                let mut stmt = tx.prepare_cached(
                    "SELECT citizen_id, action_id FROM group_participants
                     WHERE session_id = ?1 AND attended IS NULL AND action_id IS NOT NULL",
                )?;
                let actions: Vec<(i64, i64)> = stmt
                    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()?;
                let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1");
                for (citizen, action) in actions {
                    // A newer version of the person's pact may carry the action on.
                    let action = super::activity::in_force(tx, citizen, action)?;
                    let a = finish_action(tx.query_row(&sql, [action], action_from_row)?)?;
                    if a.data.status != ActionStatus::Programmata {
                        continue;
                    }
                    let update = FollowUp {
                        status: a.data.status,
                        outcome: a.data.outcome.clone(),
                        due_date: Some(session.held_on),
                        started_on: a.started_on,
                        ended_on: a.ended_on,
                    };
                    apply_follow_up(tx, audit, action, None, &update, false)?;
                }
            }
            session_in(tx, id)
        })
    }

    /// Adds a person: an action of the session's code is recorded in their signed plan
    /// (programmed, due on the session's day, described by its topic). Refused without a
    /// signed pact, and for a person already taking part.
    pub fn add_participant(
        &mut self,
        session_id: i64,
        citizen_id: i64,
    ) -> Result<Participant, StoreError> {
        self.write(|tx, audit| {
            let session = session_in(tx, session_id)?;
            let there: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM group_participants WHERE session_id = ?1 AND citizen_id = ?2",
                    [session_id, citizen_id],
                    |r| r.get(0),
                )
                .optional()?;
            if there.is_some() {
                return Err(StoreError::Group(GroupRefusal::AlreadyIn));
            }
            let action = record_in_current_plan(
                tx,
                audit,
                citizen_id,
                &PlannedAction {
                    code: session.data.code.clone(),
                    kind: ActionKind::Cpi,
                    description: session.data.topic.clone(),
                    due_date: Some(session.data.held_on),
                    status: ActionStatus::Programmata,
                    outcome: String::new(),
                },
            )?;
            tx.execute(
                "INSERT INTO group_participants (session_id, citizen_id, action_id)
                 VALUES (?1, ?2, ?3)",
                params![session_id, citizen_id, action],
            )?;
            audit.record(
                tx,
                "partecipante",
                Some(session_id),
                Some(citizen_id),
                "action_id",
                None,
                Some(&action.to_string()),
            )?;
            let found = tx.query_row(
                "SELECT p.citizen_id, c.codice_fiscale, c.surname, c.name, p.version
                 FROM group_participants p JOIN citizens c ON c.id = p.citizen_id
                 WHERE p.session_id = ?1 AND p.citizen_id = ?2",
                [session_id, citizen_id],
                |r| {
                    Ok(Participant {
                        citizen_id: r.get(0)?,
                        codice_fiscale: r.get(1)?,
                        surname: r.get(2)?,
                        name: r.get(3)?,
                        action_id: Some(action),
                        attended: None,
                        version: r.get(4)?,
                    })
                },
            )?;
            Ok(found)
        })
    }

    /// Removes a person whose attendance is not marked yet; their action is cancelled on `on`.
    pub fn remove_participant(
        &mut self,
        session_id: i64,
        citizen_id: i64,
        expected: i64,
        on: NaiveDate,
    ) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            let (action, attended) = participant_in(tx, session_id, citizen_id, expected)?;
            if attended.is_some() {
                return Err(StoreError::Group(GroupRefusal::AttendanceMarked));
            }
            if let Some(action) = action {
                step_action(tx, audit, citizen_id, action, &ActionStep::Cancelled(on))?;
            }
            tx.execute(
                "DELETE FROM group_participants WHERE session_id = ?1 AND citizen_id = ?2",
                [session_id, citizen_id],
            )?;
            audit.record(
                tx,
                "partecipante",
                Some(session_id),
                Some(citizen_id),
                "action_id",
                action.map(|a| a.to_string()).as_deref(),
                None,
            )?;
            Ok(())
        })
    }

    /// Marks a person present (their action concluded, "presente") or absent (cancelled), on
    /// the day of the session; once only, and not before that day.
    pub fn mark_attendance(
        &mut self,
        session_id: i64,
        citizen_id: i64,
        expected: i64,
        present: bool,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            let session = session_in(tx, session_id)?;
            let (action, attended) = participant_in(tx, session_id, citizen_id, expected)?;
            if !attendance_allowed(session.data.held_on, today) {
                return Err(StoreError::Group(GroupRefusal::BeforeTheSession));
            }
            if attended.is_some() {
                return Err(StoreError::Group(GroupRefusal::AttendanceMarked));
            }
            tx.execute(
                "UPDATE group_participants SET attended = ?3, version = version + 1
                 WHERE session_id = ?1 AND citizen_id = ?2",
                params![session_id, citizen_id, i64::from(present)],
            )?;
            audit.record(
                tx,
                "partecipante",
                Some(session_id),
                Some(citizen_id),
                "attended",
                None,
                attended_text(Some(present)),
            )?;
            if let Some(action) = action {
                let step = attendance_step(session.data.held_on, present);
                step_action(tx, audit, citizen_id, action, &step)?;
            }
            Ok(())
        })
    }
}
