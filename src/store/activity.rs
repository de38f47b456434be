//! What the activities after the pact (counselling sessions, skill gap analyses, accompaniment
//! to work, group sessions) do to the plan: they move the action they carry out forward, or
//! record a new action in the signed plan. Called inside the activity's own write transaction,
//! so the record and its action change together or not at all.

use rusqlite::{OptionalExtension, Transaction, params};

use super::plan::{
    ACTION_COLUMNS, FollowUp, action_from_row, apply_follow_up, audit_action_added, finish_action,
};
use super::{Audit, Entity, StoreError};
use crate::domain::records::{ActionProgress, ActionStep, PlannedAction, after_step};

/// The interview behind the person's latest signed pact: its actions are the current plan.
pub(super) fn current_plan_interview(
    conn: &rusqlite::Connection,
    citizen_id: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT interview_id FROM pact_versions WHERE citizen_id = ?1
             ORDER BY version DESC, id DESC LIMIT 1",
            [citizen_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The action that carries `action_id` on in the plan in force: itself when it is there, else
/// the copy a newer signed version made of it (following the copies of the copies); itself when
/// no newer version continues it.
pub(crate) fn in_force(
    tx: &Transaction,
    citizen_id: i64,
    action_id: i64,
) -> Result<i64, StoreError> {
    let Some(current) = current_plan_interview(tx, citizen_id)? else {
        return Ok(action_id);
    };
    let mut id = action_id;
    // Each version copies an action at most once; the bound only guards against a loop.
    for _ in 0..10_000 {
        let interview: Option<i64> = tx
            .query_row(
                "SELECT interview_id FROM actions WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if interview == Some(current) {
            return Ok(id);
        }
        let next: Option<i64> = tx
            .query_row(
                "SELECT a.id FROM actions a JOIN interviews i ON i.id = a.interview_id
                 WHERE a.carried_from = ?1 AND i.status = 'chiusa'
                 ORDER BY a.id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match next {
            Some(n) => id = n,
            None => return Ok(action_id),
        }
    }
    Ok(action_id)
}

/// Moves the action `action_id` of `citizen_id`'s signed plan one step (see
/// [`after_step`]); audited like a follow-up from the card. An action of another person, or
/// of a plan not yet signed, is refused.
pub(crate) fn step_action(
    tx: &Transaction,
    audit: &Audit,
    citizen_id: i64,
    action_id: i64,
    step: &ActionStep,
) -> Result<(), StoreError> {
    // The record links the action of the plan it was made on; a newer version may carry it on.
    let action_id = in_force(tx, citizen_id, action_id)?;
    let sql = format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = ?1");
    let not_found = || StoreError::NotFound {
        entity: Entity::Action,
        id: action_id.to_string(),
    };
    let action = tx
        .query_row(&sql, [action_id], action_from_row)
        .optional()?
        .map(finish_action)
        .transpose()?
        .ok_or_else(not_found)?;
    let owner: i64 = tx.query_row(
        "SELECT citizen_id FROM interviews WHERE id = ?1",
        [action.interview_id],
        |r| r.get(0),
    )?;
    if owner != citizen_id {
        return Err(not_found());
    }
    let now = ActionProgress {
        status: action.data.status,
        outcome: action.data.outcome.clone(),
        started_on: action.started_on,
        ended_on: action.ended_on,
    };
    let next = after_step(&now, step);
    if next == now {
        return Ok(());
    }
    let update = FollowUp {
        status: next.status,
        outcome: next.outcome,
        due_date: action.data.due_date,
        started_on: next.started_on,
        ended_on: next.ended_on,
    };
    apply_follow_up(tx, audit, action_id, None, &update, false)
}

/// Adds `action` to the person's signed plan (the interview behind the latest pact version),
/// audited; the signed versions stay as signed. Refused when the person has no signed pact.
pub(crate) fn record_in_current_plan(
    tx: &Transaction,
    audit: &Audit,
    citizen_id: i64,
    action: &PlannedAction,
) -> Result<i64, StoreError> {
    let interview = current_plan_interview(tx, citizen_id)?.ok_or(StoreError::NoSignedPact)?;
    tx.execute(
        "INSERT INTO actions (interview_id, code, kind, description, due_date, status, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            interview,
            action.code,
            action.kind.code(),
            action.description.trim(),
            action.due_date.map(|d| d.to_string()),
            action.status.code(),
            action.outcome.trim()
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit_action_added(tx, audit, id, citizen_id, action)?;
    Ok(id)
}

impl super::Store {
    /// [`step_action`] in a transaction of its own.
    pub fn step_plan_action(
        &mut self,
        citizen_id: i64,
        action_id: i64,
        step: &ActionStep,
    ) -> Result<(), StoreError> {
        self.write(|tx, audit| step_action(tx, audit, citizen_id, action_id, step))
    }

    /// [`record_in_current_plan`] in a transaction of its own; returns the new action's id.
    pub fn record_plan_action(
        &mut self,
        citizen_id: i64,
        action: &PlannedAction,
    ) -> Result<i64, StoreError> {
        self.write(|tx, audit| record_in_current_plan(tx, audit, citizen_id, action))
    }
}
