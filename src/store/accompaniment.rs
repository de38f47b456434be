//! Accompagnamento al lavoro (B03): the accompaniments of a person, their events "a processo"
//! and the hiring "a risultato". Every write is one transaction, versioned and audited; the
//! plan actions it moves (started with the accompaniment, ended with the hiring) change in the
//! same transaction.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::activity::{current_plan_interview, record_in_current_plan, step_action};
use super::plan::load_actions;
use super::{Audit, Entity, Store, StoreError, check_version, parse_date, parse_opt_date};
use crate::domain::accompaniment::{
    ACTION_CODE, EventData, EventError, EventKind, Hiring, HiringError, PlanAction, check_event,
    closing_steps, linkable,
};
use crate::domain::records::{ActionStep, PlannedAction};

/// An event "a processo", as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub version: i64,
    pub data: EventData,
}

/// The hiring "a risultato", as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredHiring {
    #[serde(rename = "datore_di_lavoro")]
    pub employer_name: String,
    /// Codice fiscale or partita IVA, as checked when it was recorded.
    #[serde(rename = "codice_fiscale_o_partita_iva")]
    pub employer_code: String,
    #[serde(rename = "assunzione_dal")]
    pub hired_on: NaiveDate,
    /// Id of the contract type in `contratti.toml`.
    #[serde(rename = "contratto")]
    pub contract_type: String,
    #[serde(rename = "durata_mesi")]
    pub contract_months: Option<u32>,
}

/// An accompaniment with its events (oldest first) and its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccompaniment {
    pub id: i64,
    pub version: i64,
    pub citizen_id: i64,
    /// The plan action it carries out.
    pub action_id: Option<i64>,
    pub started_on: NaiveDate,
    pub operator: String,
    pub hiring: Option<StoredHiring>,
    pub closed_on: Option<NaiveDate>,
    pub events: Vec<StoredEvent>,
}

/// The plan action an accompaniment carries out, when it starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// An open B03 action of the signed plan.
    Existing(i64),
    /// A B03 action to record in the signed plan now.
    Record(PlannedAction),
}

/// Why an accompaniment write was refused.
#[derive(Debug)]
pub enum AccompanimentError {
    Store(StoreError),
    Event(EventError),
    Hiring(Vec<HiringError>),
    /// The action to link is not an open B03 action of the person's signed plan.
    NotLinkable(i64),
    /// An action chosen to close with the hiring is no longer open in the plan.
    NotClosable(i64),
}

impl From<StoreError> for AccompanimentError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

type Outcome<T> = Result<T, AccompanimentError>;

/// The audited fields of an accompaniment.
fn accompaniment_fields(
    action_id: Option<i64>,
    started_on: NaiveDate,
    operator: &str,
    hiring: Option<&StoredHiring>,
    closed_on: Option<NaiveDate>,
) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("action_id", action_id.map(|a| a.to_string())),
        ("started_on", Some(started_on.to_string())),
        ("operator", Some(operator.to_string())),
        ("employer_name", hiring.map(|h| h.employer_name.clone())),
        ("employer_code", hiring.map(|h| h.employer_code.clone())),
        ("hired_on", hiring.map(|h| h.hired_on.to_string())),
        ("contract_type", hiring.map(|h| h.contract_type.clone())),
        (
            "contract_months",
            hiring
                .and_then(|h| h.contract_months)
                .map(|m| m.to_string()),
        ),
        ("closed_on", closed_on.map(|d| d.to_string())),
    ]
}

fn event_fields(e: &EventData) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("kind", Some(e.kind.code().to_string())),
        ("on_date", Some(e.on.to_string())),
        ("company", Some(e.company.trim().to_string())),
        ("role", Some(e.role.trim().to_string())),
        ("outcome", Some(e.outcome.trim().to_string())),
        ("notes", Some(e.notes.trim().to_string())),
    ]
}

#[allow(clippy::too_many_arguments)]
fn audit_fields(
    tx: &Transaction,
    audit: &Audit,
    entity: &str,
    id: i64,
    citizen: i64,
    old: Option<&[(&'static str, Option<String>)]>,
    new: &[(&'static str, Option<String>)],
) -> Result<(), StoreError> {
    for (i, (name, after)) in new.iter().enumerate() {
        let before = old.and_then(|o| o.get(i)).and_then(|(_, v)| v.clone());
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

const COLUMNS: &str = "id, version, citizen_id, action_id, started_on, operator, employer_name, \
     employer_code, hired_on, contract_type, contract_months, closed_on";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        version: r.get(1)?,
        citizen_id: r.get(2)?,
        action_id: r.get(3)?,
        started_on: r.get(4)?,
        operator: r.get(5)?,
        employer_name: r.get(6)?,
        employer_code: r.get(7)?,
        hired_on: r.get(8)?,
        contract_type: r.get(9)?,
        contract_months: r.get(10)?,
        closed_on: r.get(11)?,
    })
}

struct RawRow {
    id: i64,
    version: i64,
    citizen_id: i64,
    action_id: Option<i64>,
    started_on: String,
    operator: String,
    employer_name: String,
    employer_code: String,
    hired_on: Option<String>,
    contract_type: String,
    contract_months: Option<u32>,
    closed_on: Option<String>,
}

impl RawRow {
    fn finish(self) -> Result<StoredAccompaniment, StoreError> {
        let hiring = match parse_opt_date(self.hired_on)? {
            Some(hired_on) => Some(StoredHiring {
                employer_name: self.employer_name,
                employer_code: self.employer_code,
                hired_on,
                contract_type: self.contract_type,
                contract_months: self.contract_months,
            }),
            None => None,
        };
        Ok(StoredAccompaniment {
            id: self.id,
            version: self.version,
            citizen_id: self.citizen_id,
            action_id: self.action_id,
            started_on: parse_date(&self.started_on)?,
            operator: self.operator,
            hiring,
            closed_on: parse_opt_date(self.closed_on)?,
            events: Vec::new(),
        })
    }
}

fn events_of(conn: &rusqlite::Connection, id: i64) -> Result<Vec<StoredEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, kind, on_date, company, role, outcome, notes
         FROM accompaniment_events WHERE accompaniment_id = ?1 ORDER BY on_date, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, kind, on, company, role, outcome, notes) = row?;
        let kind = EventKind::from_code(&kind).ok_or(StoreError::Corrupt {
            column: "kind",
            value: kind.clone(),
        })?;
        out.push(StoredEvent {
            id,
            version,
            data: EventData {
                kind,
                on: parse_date(&on)?,
                company,
                role,
                outcome,
                notes,
            },
        });
    }
    Ok(out)
}

fn read(conn: &rusqlite::Connection, id: i64) -> Result<StoredAccompaniment, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accompaniments WHERE id = ?1");
    let raw = conn
        .query_row(&sql, [id], read_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: Entity::Accompaniment,
            id: id.to_string(),
        })?;
    let mut a = raw.finish()?;
    a.events = events_of(conn, id)?;
    Ok(a)
}

/// The person's signed plan as the closing rules see it.
fn plan_of(tx: &Transaction, citizen: i64) -> Result<Vec<PlanAction>, StoreError> {
    let Some(interview) = current_plan_interview(tx, citizen)? else {
        return Ok(Vec::new());
    };
    Ok(load_actions(tx, interview)?
        .into_iter()
        .map(|a| PlanAction {
            id: a.id,
            code: a.data.code,
            status: a.data.status,
            automatic: a.automatic,
        })
        .collect())
}

impl Store {
    /// The person's accompaniments, the latest started first, each with its events.
    pub fn accompaniments_of(
        &self,
        citizen_id: i64,
    ) -> Result<Vec<StoredAccompaniment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM accompaniments WHERE citizen_id = ?1
             ORDER BY started_on DESC, id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raw: Vec<RawRow> = stmt
            .query_map([citizen_id], read_row)?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(raw.len());
        for r in raw {
            let mut a = r.finish()?;
            a.events = events_of(&self.conn, a.id)?;
            out.push(a);
        }
        Ok(out)
    }

    pub fn accompaniment(&self, id: i64) -> Result<StoredAccompaniment, StoreError> {
        read(&self.conn, id)
    }

    /// Starts an accompaniment of the person on `started_on`, carrying out `link` (an open B03
    /// action of the signed plan, or one recorded in it now), which starts. Refused without a
    /// signed pact.
    pub fn start_accompaniment(
        &mut self,
        citizen_id: i64,
        started_on: NaiveDate,
        link: &Link,
    ) -> Outcome<i64> {
        let operator = self.operator.clone();
        self.write(|tx, audit| {
            if current_plan_interview(tx, citizen_id)?.is_none() {
                return Err(StoreError::NoSignedPact);
            }
            let action_id = match link {
                Link::Existing(id) => {
                    let plan = plan_of(tx, citizen_id)?;
                    let taken: Vec<i64> = tx
                        .prepare_cached(
                            "SELECT action_id FROM accompaniments
                             WHERE citizen_id = ?1 AND closed_on IS NULL
                               AND action_id IS NOT NULL",
                        )?
                        .query_map([citizen_id], |r| r.get(0))?
                        .collect::<Result<_, _>>()?;
                    if !linkable(&plan, &taken).contains(id) {
                        return Ok(Err(AccompanimentError::NotLinkable(*id)));
                    }
                    *id
                }
                Link::Record(action) => {
                    if action.code != ACTION_CODE {
                        return Ok(Err(AccompanimentError::NotLinkable(0)));
                    }
                    record_in_current_plan(tx, audit, citizen_id, action)?
                }
            };
            tx.execute(
                "INSERT INTO accompaniments (citizen_id, action_id, started_on, operator)
                 VALUES (?1, ?2, ?3, ?4)",
                params![citizen_id, action_id, started_on.to_string(), operator],
            )?;
            let id = tx.last_insert_rowid();
            let fields = accompaniment_fields(Some(action_id), started_on, &operator, None, None);
            audit_fields(tx, audit, "accompagnamento", id, citizen_id, None, &fields)?;
            step_action(
                tx,
                audit,
                citizen_id,
                action_id,
                &ActionStep::Started(started_on),
            )?;
            Ok(Ok(id))
        })?
    }

    /// Adds an event (`existing: None`) or changes one at the version read. Refused on an
    /// accompaniment closed meanwhile (a conflict: someone recorded the hiring).
    pub fn save_accompaniment_event(
        &mut self,
        accompaniment_id: i64,
        existing: Option<(i64, i64)>,
        event: &EventData,
        today: NaiveDate,
    ) -> Outcome<i64> {
        self.write(|tx, audit| {
            let a = read(tx, accompaniment_id)?;
            if a.closed_on.is_some() {
                return Err(StoreError::Conflict {
                    entity: Entity::Accompaniment,
                    id: accompaniment_id,
                });
            }
            if let Err(e) = check_event(event, a.started_on, a.closed_on, today) {
                return Ok(Err(AccompanimentError::Event(e)));
            }
            let new = event_fields(event);
            let value = |i: usize| new[i].1.clone().unwrap_or_default();
            let (id, old) = match existing {
                None => {
                    tx.execute(
                        "INSERT INTO accompaniment_events
                            (accompaniment_id, kind, on_date, company, role, outcome, notes)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            accompaniment_id,
                            value(0),
                            value(1),
                            value(2),
                            value(3),
                            value(4),
                            value(5)
                        ],
                    )?;
                    (tx.last_insert_rowid(), None)
                }
                Some((id, expected)) => {
                    check_version(tx, Entity::AccompanimentEvent, id, expected)?;
                    let Some(old) = a.events.iter().find(|e| e.id == id) else {
                        return Err(StoreError::NotFound {
                            entity: Entity::AccompanimentEvent,
                            id: id.to_string(),
                        });
                    };
                    tx.execute(
                        "UPDATE accompaniment_events SET kind = ?1, on_date = ?2, company = ?3,
                            role = ?4, outcome = ?5, notes = ?6, version = version + 1
                         WHERE id = ?7",
                        params![
                            value(0),
                            value(1),
                            value(2),
                            value(3),
                            value(4),
                            value(5),
                            id
                        ],
                    )?;
                    (id, Some(event_fields(&old.data)))
                }
            };
            audit_fields(tx, audit, "evento", id, a.citizen_id, old.as_deref(), &new)?;
            Ok(Ok(id))
        })?
    }

    /// Records the hiring "a risultato" on the accompaniment read at `expected`: it closes on
    /// the hiring date; the B03 action it carries out ends with `outcome`, and each action of
    /// `also_close` (open actions of the signed plan the operator chose) with `other_outcome`,
    /// each audited, all in one transaction. Returns how many plan actions it ended.
    pub fn record_hiring(
        &mut self,
        accompaniment_id: i64,
        expected: i64,
        hiring: &Hiring,
        also_close: &[i64],
        (outcome, other_outcome): (&str, &str),
    ) -> Outcome<usize> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Accompaniment, accompaniment_id, expected)?;
            let a = read(tx, accompaniment_id)?;
            if a.closed_on.is_some() {
                return Err(StoreError::Conflict {
                    entity: Entity::Accompaniment,
                    id: accompaniment_id,
                });
            }
            if hiring.hired_on < a.started_on {
                return Ok(Err(AccompanimentError::Hiring(vec![
                    HiringError::HiredBeforeStart {
                        started_on: a.started_on,
                    },
                ])));
            }
            let plan = plan_of(tx, a.citizen_id)?;
            let steps = match closing_steps(
                &plan,
                a.action_id,
                also_close,
                hiring.hired_on,
                outcome,
                other_outcome,
            ) {
                Ok(steps) => steps,
                Err(id) => return Ok(Err(AccompanimentError::NotClosable(id))),
            };
            let stored = StoredHiring {
                employer_name: hiring.employer_name.clone(),
                employer_code: hiring.employer_code.as_str().to_string(),
                hired_on: hiring.hired_on,
                contract_type: hiring.contract.id.clone(),
                contract_months: hiring.months,
            };
            tx.execute(
                "UPDATE accompaniments SET employer_name = ?1, employer_code = ?2, hired_on = ?3,
                    contract_type = ?4, contract_months = ?5, closed_on = ?3,
                    version = version + 1
                 WHERE id = ?6",
                params![
                    stored.employer_name,
                    stored.employer_code,
                    stored.hired_on.to_string(),
                    stored.contract_type,
                    stored.contract_months,
                    accompaniment_id
                ],
            )?;
            let old = accompaniment_fields(a.action_id, a.started_on, &a.operator, None, None);
            let new = accompaniment_fields(
                a.action_id,
                a.started_on,
                &a.operator,
                Some(&stored),
                Some(stored.hired_on),
            );
            audit_fields(
                tx,
                audit,
                "accompagnamento",
                accompaniment_id,
                a.citizen_id,
                Some(&old),
                &new,
            )?;
            for (id, step) in &steps {
                step_action(tx, audit, a.citizen_id, *id, step)?;
            }
            Ok(Ok(steps.len()))
        })?
    }
}
