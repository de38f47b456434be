//! Consulenza orientativa (A06): the person's counselling sessions, each carrying out an A06
//! action of the signed plan. Saving a session moves that action in the same transaction
//! (started at the first session, concluded by the closing one), audited as "consulenza".

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::activity::{record_in_current_plan, step_action};
use super::plan::{ACTION_COLUMNS, FollowUp, action_from_row, apply_follow_up, finish_action};
use super::{Audit, Entity, Store, StoreError, check_version, parse_date};
use crate::domain::records::{ActionKind, ActionStatus, PlannedAction};
use crate::domain::sessions::{CounsellingSession, session_steps};

/// The action code a counselling session carries out.
pub const COUNSELLING_CODE: &str = "A06";

/// A stored counselling session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSession {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(rename = "azione")]
    pub action_id: Option<i64>,
    #[serde(flatten)]
    pub data: CounsellingSession,
}

/// The plan action a new session carries out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionAction {
    /// An A06 action already in the signed plan.
    Existing(i64),
    /// A new A06 action, recorded in the signed plan with the session.
    NewInPlan,
}

const COLUMNS: &str = "id, version, action_id, held_on, operator, goals, obstacles, strategies, \
                       outcome, next_step, closes";

fn from_row(r: &Row) -> rusqlite::Result<(StoredSession, String)> {
    Ok((
        StoredSession {
            id: r.get(0)?,
            version: r.get(1)?,
            action_id: r.get(2)?,
            data: CounsellingSession {
                held_on: chrono::NaiveDate::MIN,
                operator: r.get(4)?,
                goals: r.get(5)?,
                obstacles: r.get(6)?,
                strategies: r.get(7)?,
                outcome: r.get(8)?,
                next_step: r.get(9)?,
                closes: r.get::<_, i64>(10)? != 0,
            },
        },
        r.get(3)?,
    ))
}

fn finish((mut s, held_on): (StoredSession, String)) -> Result<StoredSession, StoreError> {
    s.data.held_on = parse_date(&held_on)?;
    Ok(s)
}

/// The audited fields of a session, as stored.
fn fields(s: &CounsellingSession) -> [(&'static str, String); 8] {
    [
        ("held_on", s.held_on.to_string()),
        ("operator", s.operator.trim().to_string()),
        ("goals", s.goals.trim().to_string()),
        ("obstacles", s.obstacles.trim().to_string()),
        ("strategies", s.strategies.trim().to_string()),
        ("outcome", s.outcome.trim().to_string()),
        ("next_step", s.next_step.trim().to_string()),
        ("closes", if s.closes { "si" } else { "no" }.to_string()),
    ]
}

fn audit_session(
    tx: &Transaction,
    audit: &Audit,
    id: i64,
    citizen: i64,
    old: Option<&CounsellingSession>,
    new: &CounsellingSession,
) -> Result<(), StoreError> {
    let before = old.map(fields);
    for (n, (field, value)) in fields(new).iter().enumerate() {
        let old_value = before.as_ref().map(|b| b[n].1.as_str());
        audit.record(
            tx,
            "consulenza",
            Some(id),
            Some(citizen),
            field,
            old_value.filter(|v| !v.is_empty()),
            Some(value.as_str()).filter(|v| !v.is_empty()),
        )?;
    }
    Ok(())
}

fn session_in(tx: &Transaction, id: i64) -> Result<(i64, StoredSession), StoreError> {
    let sql = format!("SELECT {COLUMNS}, citizen_id FROM counselling_sessions WHERE id = ?1");
    let found = tx
        .query_row(&sql, [id], |r| Ok((r.get::<_, i64>(11)?, from_row(r)?)))
        .optional()?;
    let (citizen, row) = found.ok_or(StoreError::NotFound {
        entity: Entity::Counselling,
        id: id.to_string(),
    })?;
    Ok((citizen, finish(row)?))
}

/// Refuses an action that is not an A06 of the person's plan.
fn check_counselling_action(
    tx: &Transaction,
    citizen: i64,
    action_id: i64,
) -> Result<(), StoreError> {
    let found: Option<(String, i64)> = tx
        .query_row(
            "SELECT a.code, i.citizen_id FROM actions a JOIN interviews i ON i.id = a.interview_id
             WHERE a.id = ?1",
            [action_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((code, owner)) if code == COUNSELLING_CODE && owner == citizen => Ok(()),
        _ => Err(StoreError::NotFound {
            entity: Entity::Action,
            id: action_id.to_string(),
        }),
    }
}

fn apply_steps(
    tx: &Transaction,
    audit: &Audit,
    citizen: i64,
    action: Option<i64>,
    session: &CounsellingSession,
) -> Result<(), StoreError> {
    if let Some(action) = action {
        for step in session_steps(session) {
            step_action(tx, audit, citizen, action, &step)?;
        }
        sync_action(tx, audit, citizen, action)?;
    }
    Ok(())
}

/// After a session changed: the action says what its sessions say. It started on the first
/// session's day; the closing session (the last one marked so) gives its end and its outcome.
/// An action no session closes keeps its state (it may have been concluded from the card).
fn sync_action(
    tx: &Transaction,
    audit: &Audit,
    citizen: i64,
    action: i64,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT held_on, closes, outcome FROM counselling_sessions
         WHERE citizen_id = ?1 AND action_id = ?2 ORDER BY held_on, id",
    )?;
    let sessions: Vec<(String, bool, String)> = stmt
        .query_map([citizen, action], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let Some((first, _, _)) = sessions.first() else {
        return Ok(());
    };
    let target = super::activity::in_force(tx, citizen, action)?;
    let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1");
    let now = finish_action(tx.query_row(&sql, [target], action_from_row)?)?;
    if now.data.status == ActionStatus::Annullata {
        return Ok(());
    }
    let mut update = FollowUp::of(&now);
    update.started_on = Some(parse_date(first)?);
    if let Some((on, _, outcome)) = sessions.iter().rfind(|s| s.1) {
        update.status = ActionStatus::Conclusa;
        update.ended_on = Some(parse_date(on)?);
        if !outcome.trim().is_empty() {
            update.outcome = outcome.trim().to_string();
        }
    }
    if update != FollowUp::of(&now) {
        apply_follow_up(tx, audit, target, None, &update, false)?;
    }
    Ok(())
}

impl Store {
    /// The person's sessions, latest first.
    pub fn counselling_sessions(&self, citizen_id: i64) -> Result<Vec<StoredSession>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM counselling_sessions WHERE citizen_id = ?1
             ORDER BY held_on DESC, id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([citizen_id], from_row)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// Records a session and moves the action it carries out, in one transaction; with
    /// [`SessionAction::NewInPlan`] the A06 action is first recorded in the signed plan
    /// ([`StoreError::NoSignedPact`] without one).
    pub fn add_counselling_session(
        &mut self,
        citizen_id: i64,
        session: &CounsellingSession,
        action: SessionAction,
        description: &str,
    ) -> Result<StoredSession, StoreError> {
        self.write(|tx, audit| {
            let action_id = match action {
                SessionAction::Existing(id) => {
                    check_counselling_action(tx, citizen_id, id)?;
                    id
                }
                SessionAction::NewInPlan => record_in_current_plan(
                    tx,
                    audit,
                    citizen_id,
                    &PlannedAction {
                        code: COUNSELLING_CODE.into(),
                        kind: ActionKind::Cpi,
                        description: description.to_string(),
                        due_date: Some(session.held_on),
                        status: ActionStatus::Programmata,
                        outcome: String::new(),
                    },
                )?,
            };
            tx.execute(
                "INSERT INTO counselling_sessions (citizen_id, action_id, held_on, operator,
                     goals, obstacles, strategies, outcome, next_step, closes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    citizen_id,
                    action_id,
                    session.held_on.to_string(),
                    session.operator.trim(),
                    session.goals.trim(),
                    session.obstacles.trim(),
                    session.strategies.trim(),
                    session.outcome.trim(),
                    session.next_step.trim(),
                    i64::from(session.closes)
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit.record(
                tx,
                "consulenza",
                Some(id),
                Some(citizen_id),
                "action_id",
                None,
                Some(&action_id.to_string()),
            )?;
            audit_session(tx, audit, id, citizen_id, None, session)?;
            apply_steps(tx, audit, citizen_id, Some(action_id), session)?;
            Ok(session_in(tx, id)?.1)
        })
    }

    /// Changes a session read at version `expected`; its action follows (a session now
    /// closing concludes it). Someone else's save in between is a conflict.
    pub fn update_counselling_session(
        &mut self,
        id: i64,
        expected: i64,
        session: &CounsellingSession,
    ) -> Result<StoredSession, StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Counselling, id, expected)?;
            let (citizen, old) = session_in(tx, id)?;
            tx.execute(
                "UPDATE counselling_sessions SET held_on = ?2, operator = ?3, goals = ?4,
                     obstacles = ?5, strategies = ?6, outcome = ?7, next_step = ?8, closes = ?9,
                     version = version + 1
                 WHERE id = ?1",
                params![
                    id,
                    session.held_on.to_string(),
                    session.operator.trim(),
                    session.goals.trim(),
                    session.obstacles.trim(),
                    session.strategies.trim(),
                    session.outcome.trim(),
                    session.next_step.trim(),
                    i64::from(session.closes)
                ],
            )?;
            audit_session(tx, audit, id, citizen, Some(&old.data), session)?;
            apply_steps(tx, audit, citizen, old.action_id, session)?;
            Ok(session_in(tx, id)?.1)
        })
    }
}
