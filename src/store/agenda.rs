//! The agenda: what needs the operator's attention on a given day. Actions of the current plan
//! due within [`ACTION_HORIZON_DAYS`] or overdue, latest CVs obsolete or becoming obsolete
//! within [`CV_HORIZON_DAYS`], drafts left open, signed pacts with no action ahead.
//!
//! The current plan of a person is the plan of the interview behind their latest signed pact
//! version: actions of older versions, of drafts and of discarded drafts are not in it.

use chrono::{Days, Months, NaiveDate};
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError, parse_date};
use crate::domain::records::{ActionStatus, cv_obsolete_from};

/// Actions due within this many days from today (and every overdue one).
pub const ACTION_HORIZON_DAYS: u64 = 7;
/// CVs becoming obsolete within this many days from today (and every obsolete one).
pub const CV_HORIZON_DAYS: u64 = 30;

/// The groups of the agenda, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AgendaKind {
    #[serde(rename = "azione")]
    Action,
    #[serde(rename = "cv")]
    Cv,
    #[serde(rename = "bozza")]
    Draft,
    #[serde(rename = "patto_senza_azioni")]
    PactWithoutAction,
}

impl AgendaKind {
    pub const ALL: [AgendaKind; 4] = [
        AgendaKind::Action,
        AgendaKind::Cv,
        AgendaKind::Draft,
        AgendaKind::PactWithoutAction,
    ];
}

/// What the row is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AgendaDetail {
    Action {
        #[serde(rename = "azione")]
        action_id: i64,
        #[serde(rename = "codice")]
        code: String,
        /// The catalogue name of the code (see [`name_actions`]); empty until then.
        #[serde(rename = "nome")]
        name: String,
        #[serde(rename = "descrizione")]
        description: String,
        #[serde(rename = "stato")]
        status: ActionStatus,
    },
    Cv {
        #[serde(rename = "cv")]
        cv_id: i64,
        #[serde(rename = "depositato_il")]
        filed_on: NaiveDate,
    },
    Draft {
        #[serde(rename = "colloquio")]
        interview_id: i64,
        #[serde(rename = "giorni_aperta")]
        age_days: i64,
    },
    Pact {
        #[serde(rename = "numero")]
        number: String,
        #[serde(rename = "versione")]
        version: i64,
    },
}

/// One line of the agenda. `date`: the action's due date, the day the CV is obsolete from, the
/// day the draft was opened, the day the pact was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaRow {
    #[serde(rename = "tipo")]
    pub kind: AgendaKind,
    #[serde(rename = "cittadino")]
    pub citizen_id: i64,
    pub codice_fiscale: String,
    #[serde(rename = "cognome")]
    pub surname: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "data")]
    pub date: NaiveDate,
    /// `date` minus today: negative when past.
    #[serde(rename = "giorni")]
    pub days: i64,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(flatten)]
    pub detail: AgendaDetail,
}

/// The open actions of current plans due on or before `?1`. Read from each person's latest
/// pact version (`pact_versions_citizen`) to its actions (`actions_interview`): measured on
/// 100,000 demo people, four times faster than a range of the `actions_due` index, which holds
/// every open overdue action of every version ever signed and needs a lookup per entry.
const ACTIONS_SQL: &str = "
    WITH current AS (SELECT p.interview_id, p.citizen_id FROM pact_versions p
                     WHERE p.id IN (SELECT max(q.id) FROM pact_versions q GROUP BY q.citizen_id))
    SELECT a.id, a.code, a.description, a.status, a.due_date, c.id, c.codice_fiscale,
           c.surname, c.name, i.operator
    FROM current
    JOIN actions a ON a.interview_id = current.interview_id
    JOIN interviews i ON i.id = a.interview_id
    JOIN citizens c ON c.id = current.citizen_id
    WHERE a.status IN ('programmata', 'in_corso') AND a.due_date <= ?1
      AND (?2 IS NULL OR i.operator = ?2)";

/// Each person's latest CV filed on or before `?1`. Its operator: the one of the interview it
/// was filed in, else of the person's latest interview.
const CVS_SQL: &str = "
    SELECT r.id, r.filed_on, c.id, c.codice_fiscale, c.surname, c.name,
           coalesce((SELECT operator FROM interviews WHERE id = r.interview_id),
                    (SELECT operator FROM interviews WHERE citizen_id = r.citizen_id
                     ORDER BY started_at DESC, id DESC LIMIT 1), '') AS operator
    FROM cv_records r
    JOIN citizens c ON c.id = r.citizen_id
    WHERE r.filed_on <= ?1
      AND r.id = (SELECT r2.id FROM cv_records r2 WHERE r2.citizen_id = r.citizen_id
                  ORDER BY r2.filed_on DESC, r2.id DESC LIMIT 1)
      AND (?2 IS NULL OR operator = ?2)";

/// Drafts still open (not discarded) started before `?1`; the condition is the one of the
/// `interviews_one_draft` index.
const DRAFTS_SQL: &str = "
    SELECT i.id, substr(i.started_at, 1, 10), i.operator, c.id, c.codice_fiscale, c.surname,
           c.name
    FROM interviews i
    JOIN citizens c ON c.id = i.citizen_id
    WHERE i.status = 'bozza' AND i.discarded_at IS NULL
      AND substr(i.started_at, 1, 10) < ?1
      AND (?2 IS NULL OR i.operator = ?2)";

/// Latest signed versions with no open action due on or after `?1` in their plan.
const PACTS_SQL: &str = "
    SELECT p.number, p.version, substr(p.signed_at, 1, 10), p.operator, c.id,
           c.codice_fiscale, c.surname, c.name
    FROM pact_versions p
    JOIN citizens c ON c.id = p.citizen_id
    WHERE p.id = (SELECT max(q.id) FROM pact_versions q WHERE q.citizen_id = p.citizen_id)
      AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.interview_id = p.interview_id
                      AND a.status IN ('programmata', 'in_corso') AND a.due_date >= ?1)
      AND (?2 IS NULL OR p.operator = ?2)";

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

impl Store {
    /// The agenda on `today`, grouped by kind (in [`AgendaKind::ALL`] order), each group by
    /// date then surname. `operator`: only rows of that operator (the interview's for actions
    /// and drafts, the pact's for pacts; for a CV, the operator of the interview it was filed
    /// in, else of the person's latest interview).
    pub fn agenda(
        &self,
        today: NaiveDate,
        operator: Option<&str>,
    ) -> Result<Vec<AgendaRow>, StoreError> {
        let mut rows = Vec::new();
        let horizon = today
            .checked_add_days(Days::new(ACTION_HORIZON_DAYS))
            .unwrap_or(today);
        let mut stmt = self.conn.prepare_cached(ACTIONS_SQL)?;
        let found = stmt.query_map(params![horizon.to_string(), operator], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        for row in found {
            let (id, code, description, status, due, citizen_id, cf, surname, name, operator) =
                row?;
            let date = parse_date(&due)?;
            rows.push(AgendaRow {
                kind: AgendaKind::Action,
                citizen_id,
                codice_fiscale: cf,
                surname,
                name,
                date,
                days: days_between(today, date),
                operator,
                detail: AgendaDetail::Action {
                    action_id: id,
                    code,
                    name: String::new(),
                    description,
                    status: ActionStatus::from_code(&status).unwrap_or(ActionStatus::Programmata),
                },
            });
        }

        // Filed on or before this day, a CV may be obsolete by the horizon; checked exactly
        // below (the 12 months end earlier at the end of a short month).
        let cv_horizon = today
            .checked_add_days(Days::new(CV_HORIZON_DAYS))
            .unwrap_or(today);
        let filed_bound = cv_horizon
            .checked_sub_months(Months::new(crate::domain::records::CV_VALID_MONTHS))
            .and_then(|d| d.checked_add_days(Days::new(3)))
            .unwrap_or(cv_horizon);
        let mut stmt = self.conn.prepare_cached(CVS_SQL)?;
        let found = stmt.query_map(params![filed_bound.to_string(), operator], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in found {
            let (cv_id, filed, citizen_id, cf, surname, name, operator) = row?;
            let filed_on = parse_date(&filed)?;
            let obsolete_from = cv_obsolete_from(filed_on);
            if obsolete_from > cv_horizon {
                continue;
            }
            rows.push(AgendaRow {
                kind: AgendaKind::Cv,
                citizen_id,
                codice_fiscale: cf,
                surname,
                name,
                date: obsolete_from,
                days: days_between(today, obsolete_from),
                operator,
                detail: AgendaDetail::Cv { cv_id, filed_on },
            });
        }

        let mut stmt = self.conn.prepare_cached(DRAFTS_SQL)?;
        let found = stmt.query_map(params![today.to_string(), operator], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in found {
            let (interview_id, started, operator, citizen_id, cf, surname, name) = row?;
            let date = parse_date(&started)?;
            let days = days_between(today, date);
            rows.push(AgendaRow {
                kind: AgendaKind::Draft,
                citizen_id,
                codice_fiscale: cf,
                surname,
                name,
                date,
                days,
                operator,
                detail: AgendaDetail::Draft {
                    interview_id,
                    age_days: -days,
                },
            });
        }

        let mut stmt = self.conn.prepare_cached(PACTS_SQL)?;
        let found = stmt.query_map(params![today.to_string(), operator], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        for row in found {
            let (number, version, signed, operator, citizen_id, cf, surname, name) = row?;
            let date = parse_date(&signed)?;
            rows.push(AgendaRow {
                kind: AgendaKind::PactWithoutAction,
                citizen_id,
                codice_fiscale: cf,
                surname,
                name,
                date,
                days: days_between(today, date),
                operator,
                detail: AgendaDetail::Pact { number, version },
            });
        }

        rows.sort_by(|a, b| {
            (a.kind, a.date, &a.surname, &a.name, a.citizen_id).cmp(&(
                b.kind,
                b.date,
                &b.surname,
                &b.name,
                b.citizen_id,
            ))
        });
        Ok(rows)
    }

    /// The query plans of the agenda's four queries (`EXPLAIN QUERY PLAN`, one line per step),
    /// for checking that they read the indexes.
    pub fn agenda_query_plans(&self) -> Result<Vec<Vec<String>>, StoreError> {
        let mut plans = Vec::new();
        for sql in [ACTIONS_SQL, CVS_SQL, DRAFTS_SQL, PACTS_SQL] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let lines = stmt.query_map(params!["2026-01-01", Option::<String>::None], |r| {
                r.get::<_, String>(3)
            })?;
            plans.push(lines.collect::<Result<_, _>>()?);
        }
        Ok(plans)
    }
}

/// Gives each action row the catalogue name of its code, so a row reads the same as the plan.
pub fn name_actions(rows: &mut [AgendaRow], catalogue: &crate::domain::reference::ActionCatalog) {
    for row in rows {
        if let AgendaDetail::Action { code, name, .. } = &mut row.detail {
            *name = catalogue.name(code).unwrap_or_default().to_string();
        }
    }
}
