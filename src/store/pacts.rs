//! Closing an interview signs a new, immutable version of the Patto di Servizio; the audit log
//! is read here too.

use chrono::Datelike;
use rusqlite::{OptionalExtension, params};

use super::interviews::{claim_draft, load_interview};
use super::plan::{load_actions, load_propensities};
use super::{Entity, Store, StoreError};
use crate::domain::pact;
use crate::domain::records::{AuditEntry, PactVersion, PlannedAction};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::score;

/// The number of a person's pact: year of the first signature and a progressive.
pub(crate) fn pact_number(year: i32, progressive: i64) -> String {
    format!("PSP-{year}-{progressive:07}")
}

/// The versions of what the signer has on screen: (id, version) of the interview, of the person,
/// of each action of the plan and of each propensione, in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenVersions {
    pub interview: (i64, i64),
    pub citizen: (i64, i64),
    pub actions: Vec<(i64, i64)>,
    pub propensities: Vec<(i64, i64)>,
}

/// Records the interview itself as concluded actions of its plan, dated the interview's day:
/// the DID "150" interview, the informative interview when any of its topics was covered, the
/// assessment when it was done. The codes come from the catalogue's `alla_firma`.
fn record_automatic(
    tx: &rusqlite::Transaction,
    audit: &super::Audit,
    data: &ReferenceData,
    interview: &crate::domain::records::Interview,
    scores: &crate::domain::scoring::Scores,
    date: chrono::NaiveDate,
) -> Result<(), StoreError> {
    use crate::domain::records::{ActionKind, ActionStatus, InterviewKind};
    use crate::domain::reference::AtSigning;
    // The informative interview took place when at least one of its topics was covered: which
    // ones depends on the person (the youth programme, EURES...).
    let informative = data
        .info_topics
        .iter()
        .any(|t| t.a05 && interview.info_items.contains(&t.id));
    let done = [
        (
            AtSigning::Interview,
            interview.kind == InterviewKind::Did150,
        ),
        (AtSigning::Informative, informative),
        (
            AtSigning::Assessment,
            interview.kind.allows_assessment() && scores.complete(),
        ),
    ];
    for (what, _) in done.iter().filter(|(_, done)| *done) {
        let Some(entry) = data.actions.at_signing(*what) else {
            continue;
        };
        let action = PlannedAction {
            code: entry.code.clone(),
            kind: ActionKind::Cpi,
            description: entry.name.clone(),
            due_date: Some(date),
            status: ActionStatus::Conclusa,
            outcome: String::new(),
        };
        tx.execute(
            "INSERT INTO actions (interview_id, code, kind, description, due_date, status,
                outcome, started_on, ended_on, automatic)
             VALUES (?1, ?2, ?3, ?6, ?4, ?5, '', ?4, ?4, 1)",
            params![
                interview.id,
                action.code,
                action.kind.code(),
                date.to_string(),
                action.status.code(),
                action.description
            ],
        )?;
        let action_id = tx.last_insert_rowid();
        for (field, value) in [
            ("code", action.code.as_str()),
            ("status", action.status.code()),
            ("due_date", &date.to_string()),
            ("automatic", "1"),
        ] {
            audit.record(
                tx,
                "azione",
                Some(action_id),
                Some(interview.citizen_id),
                field,
                None,
                Some(value),
            )?;
        }
    }
    Ok(())
}

impl Store {
    /// Closes a draft interview and signs a new pact version. Everything signed is read inside
    /// the signing transaction: the interview, its plan, the propensioni and the person must be
    /// at the versions the signer saw (`seen`), and the pact must be complete and valid;
    /// otherwise nothing is written. The first pact of a person gets a new number; later ones
    /// keep it with the next version.
    pub fn sign_pact(
        &mut self,
        data: &ReferenceData,
        seen: &SeenVersions,
    ) -> Result<PactVersion, StoreError> {
        let id = seen.interview.0;
        let cpi = self.cpi.clone();
        let pact_id = self.write(|tx, audit| {
            let interview = load_interview(tx, id)?;
            if interview.version != seen.interview.1 {
                return Err(StoreError::Stale(Entity::Interview));
            }
            let person =
                super::citizens::load(tx, interview.citizen_id)?.ok_or(StoreError::NotFound {
                    entity: Entity::Citizen,
                    id: interview.citizen_id.to_string(),
                })?;
            if person.version != seen.citizen.1 || person.id != seen.citizen.0 {
                return Err(StoreError::Stale(Entity::Citizen));
            }
            let actions = load_actions(tx, id)?;
            let action_versions: Vec<(i64, i64)> =
                actions.iter().map(|a| (a.id, a.version)).collect();
            if action_versions != seen.actions {
                return Err(StoreError::Stale(Entity::Action));
            }
            let propensities = load_propensities(tx, person.id)?;
            let propensity_versions: Vec<(i64, i64)> =
                propensities.iter().map(|p| (p.id, p.version)).collect();
            if propensity_versions != seen.propensities {
                return Err(StoreError::Stale(Entity::Propensity));
            }
            let scores = score(
                &data.instrument,
                &interview.answers,
                interview.plafond.as_ref(),
            );
            let planned: Vec<PlannedAction> = actions.into_iter().map(|a| a.data).collect();
            let missing = pact::missing(
                &data.instrument,
                &person.data,
                &interview,
                &data.info_topics,
                &scores,
                propensities.len(),
                &planned,
            );
            if !missing.is_empty() {
                return Err(StoreError::Incomplete(missing));
            }
            let interview_date = super::parse_date(interview.started_at.get(..10).unwrap_or(""))?;
            record_automatic(tx, audit, data, &interview, &scores, interview_date)?;
            let actions = load_actions(tx, id)?;
            let planned: Vec<PlannedAction> = actions.iter().map(|a| a.data.clone()).collect();
            let mut content = pact::content(
                &data.instrument,
                &data.categories,
                &person.data,
                &interview,
                &scores,
                &planned,
            );
            let previous: Option<String> = tx
                .query_row(
                    "SELECT content FROM pact_versions WHERE citizen_id = ?1
                     ORDER BY version DESC, id DESC LIMIT 1",
                    [person.id],
                    |r| r.get(0),
                )
                .optional()?;
            let mut previous: Option<serde_json::Value> =
                previous.and_then(|p| serde_json::from_str(&p).ok());
            // The previous plan as followed up since it was signed: an action concluded from
            // the card is concluded, not removed.
            if let Some(list) = previous
                .as_mut()
                .and_then(|p| p.get_mut("atti_di_ricerca_attiva"))
                .and_then(serde_json::Value::as_array_mut)
            {
                for a in list {
                    let Some(id) = a.get("id").and_then(serde_json::Value::as_i64) else {
                        continue;
                    };
                    let live: Option<String> = tx
                        .query_row("SELECT status FROM actions WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    if let (Some(status), Some(o)) = (live, a.as_object_mut()) {
                        o.insert("stato".into(), serde_json::Value::String(status));
                    }
                }
            }
            let signed: Vec<pact::SignedAction> = actions
                .iter()
                .map(|a| pact::SignedAction {
                    id: a.id,
                    carried_from: a.carried_from,
                    automatic: a.automatic,
                    name: data.actions.name(&a.data.code).unwrap_or(""),
                    action: &a.data,
                })
                .collect();
            let sep_name = |p: &crate::domain::records::Propensity| {
                p.sep
                    .and_then(|id| data.seps.iter().find(|s| s.id == id))
                    .map_or("", |s| s.name.as_str())
            };
            let signed_propensities: Vec<pact::SignedPropensity> = propensities
                .iter()
                .map(|p| pact::SignedPropensity {
                    propensity: &p.data,
                    sep: sep_name(&p.data),
                })
                .collect();
            let education = data
                .education
                .iter()
                .find(|e| e.id == person.data.education)
                .map_or("", |e| e.name.as_str());
            pact::add_to_content(
                &mut content,
                &pact::Additions {
                    cpi: &cpi,
                    interview_date,
                    citizen: &person.data,
                    education,
                    propensities: &signed_propensities,
                    actions: &signed,
                    previous: previous.as_ref(),
                },
            );
            let text = content.to_string();
            let proposed = scores.proposed;
            let final_path = interview
                .path_change
                .as_ref()
                .map(|c| c.path)
                .or(scores.proposed);
            let (citizen, _) = claim_draft(tx, id, seen.interview.1)?;
            tx.execute(
                "UPDATE interviews SET status = 'chiusa', ended_at = ?1, proposed_path = ?2,
                    final_path = ?3, instrument = ?5 WHERE id = ?4",
                params![
                    audit.at,
                    proposed,
                    final_path,
                    id,
                    data.instrument.identity()
                ],
            )?;
            let previous: Option<(String, i64)> = tx
                .query_row(
                    "SELECT number, version FROM pact_versions WHERE citizen_id = ?1
                     ORDER BY version DESC LIMIT 1",
                    [citizen],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (number, version) = match previous {
                Some((number, version)) => (number, version + 1),
                None => {
                    // The next progressive of the year, without gaps: numbers are zero-padded,
                    // so the greatest is the last; rows are never deleted. The range reads the
                    // (number, version) index.
                    let year = super::today().year();
                    let prefix = format!("PSP-{year}-");
                    let last: Option<String> = tx.query_row(
                        "SELECT max(number) FROM pact_versions WHERE number >= ?1 AND number < ?2",
                        params![prefix, format!("PSP-{year}.")],
                        |r| r.get(0),
                    )?;
                    let next = last
                        .and_then(|n| n.get(prefix.len()..)?.parse::<i64>().ok())
                        .unwrap_or(0)
                        + 1;
                    (pact_number(year, next), 1)
                }
            };
            tx.execute(
                "INSERT INTO pact_versions (citizen_id, interview_id, number, version, signed_at,
                    operator, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![citizen, id, number, version, audit.at, audit.operator, text],
            )?;
            let pact_id = tx.last_insert_rowid();
            let field = |name: &str, old: Option<&str>, new: Option<String>| {
                audit.record(
                    tx,
                    "colloquio",
                    Some(id),
                    Some(citizen),
                    name,
                    old,
                    new.as_deref(),
                )
            };
            field("status", Some("bozza"), Some("chiusa".into()))?;
            field("final_path", None, final_path.map(|p| p.to_string()))?;
            audit.record(
                tx,
                "patto",
                Some(pact_id),
                Some(citizen),
                "firma",
                None,
                Some(&format!("{number} v{version}")),
            )?;
            Ok(pact_id)
        })?;
        self.pact_versions_where("id = ?1", pact_id)?
            .pop()
            .ok_or(StoreError::NotFound {
                entity: Entity::Pact,
                id: pact_id.to_string(),
            })
    }

    /// One signed version by its row id.
    pub fn pact_version(&self, id: i64) -> Result<Option<PactVersion>, StoreError> {
        Ok(self.pact_versions_where("id = ?1", id)?.pop())
    }

    /// Every signed version of the citizen's pact, oldest first.
    pub fn pact_versions_of(&self, citizen_id: i64) -> Result<Vec<PactVersion>, StoreError> {
        self.pact_versions_where("citizen_id = ?1", citizen_id)
    }

    fn pact_versions_where(
        &self,
        filter: &str,
        value: i64,
    ) -> Result<Vec<PactVersion>, StoreError> {
        let sql = format!(
            "SELECT id, citizen_id, interview_id, number, version, signed_at, operator, content
             FROM pact_versions WHERE {filter} ORDER BY version, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([value], |r| {
            Ok((
                PactVersion {
                    id: r.get(0)?,
                    citizen_id: r.get(1)?,
                    interview_id: r.get(2)?,
                    number: r.get(3)?,
                    version: r.get(4)?,
                    signed_at: r.get(5)?,
                    operator: r.get(6)?,
                    content: serde_json::Value::Null,
                },
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut pact, content) = row?;
            pact.content = serde_json::from_str(&content).map_err(|_| StoreError::Corrupt {
                column: "content",
                value: pact.number.clone(),
            })?;
            out.push(pact);
        }
        Ok(out)
    }

    /// The audit entries about a citizen, oldest first.
    pub fn audit_of(&self, citizen_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, operator, entity, entity_id, citizen_id, field, old_value, new_value
             FROM audit_log WHERE citizen_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([citizen_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                operator: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                citizen_id: r.get(5)?,
                field: r.get(6)?,
                old_value: r.get(7)?,
                new_value: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
