//! The bilancio di competenze (A03): the person's history (education, training, work), the
//! competence profile, and the skill gap analyses with the competences their target profile
//! requires. Every row is versioned and every write audited ("esperienza", "competenza",
//! "bilancio"). An analysis carries out the A03 action of the signed plan: started when the
//! analysis is created, concluded when it is closed.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use super::activity::{current_plan_interview, record_in_current_plan, step_action};
use super::interviews::claim_draft;
use super::plan::{audit_action_added, audit_changes, load_actions};
use super::{Audit, Entity, Store, StoreError, check_version, opt_text, parse_date, today};
use crate::domain::competences::{
    CompetenceRef, Evidence, Level, PossessedCompetence, ProfileError, RequiredCompetence,
    TargetProfile,
};
use crate::domain::records::{ActionKind, ActionStatus, ActionStep, PlannedAction};

/// The code of the bilancio di competenze in the action catalogue.
pub const SKILL_GAP_ACTION: &str = "A03";

/// What a history entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HistoryKind {
    #[serde(rename = "istruzione")]
    Education,
    #[serde(rename = "formazione")]
    Training,
    #[serde(rename = "lavoro")]
    Work,
}

impl HistoryKind {
    pub const ALL: [HistoryKind; 3] = [
        HistoryKind::Education,
        HistoryKind::Training,
        HistoryKind::Work,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HistoryKind::Education => "istruzione",
            HistoryKind::Training => "formazione",
            HistoryKind::Work => "lavoro",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// An education, training or work experience: what, where, when, doing what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    #[serde(rename = "tipo")]
    pub kind: HistoryKind,
    #[serde(rename = "titolo")]
    pub title: String,
    #[serde(rename = "organizzazione")]
    pub organisation: String,
    #[serde(rename = "dal")]
    pub from: Option<NaiveDate>,
    #[serde(rename = "al")]
    pub to: Option<NaiveDate>,
    #[serde(rename = "attivita")]
    pub tasks: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredHistory {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(flatten)]
    pub data: HistoryEntry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCompetence {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(flatten)]
    pub data: PossessedCompetence,
}

/// A comparison with a target profile, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillGapAnalysis {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    /// The A03 action of the plan it carries out.
    #[serde(rename = "azione")]
    pub action_id: Option<i64>,
    #[serde(rename = "creato_il")]
    pub created_on: NaiveDate,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "propensione")]
    pub propensity_id: Option<i64>,
    #[serde(rename = "profilo_obiettivo")]
    pub target: TargetProfile,
    #[serde(rename = "fabbisogno_formativo")]
    pub training_need: String,
    #[serde(rename = "concluso")]
    pub closed: bool,
    /// The competences possessed when it was concluded: a concluded comparison reads these,
    /// not the profile as it is now.
    #[serde(rename = "competenze_alla_conclusione")]
    pub possessed_at_close: Option<Vec<PossessedCompetence>>,
}

impl SkillGapAnalysis {
    /// The profile it compares: as concluded, or `now` while it is open.
    pub fn possessed(&self, now: &[PossessedCompetence]) -> Vec<PossessedCompetence> {
        self.possessed_at_close
            .clone()
            .unwrap_or_else(|| now.to_vec())
    }
}

/// The competences as kept with a concluded analysis.
fn possessed_to_json(list: &[PossessedCompetence]) -> String {
    let rows: Vec<serde_json::Value> = list
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.competence.id,
                "nome": p.competence.name,
                "livello": p.level.number(),
                "evidenza": p.evidence.code(),
                "fonte": p.source,
            })
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

fn possessed_from_json(text: &str) -> Result<Vec<PossessedCompetence>, StoreError> {
    let corrupt = || StoreError::Corrupt {
        column: "possessed_at_close",
        value: text.chars().take(80).collect(),
    };
    let rows: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|_| corrupt())?;
    let one = |r: &serde_json::Value| -> Option<PossessedCompetence> {
        Some(PossessedCompetence {
            competence: CompetenceRef {
                id: r["id"].as_str().map(str::to_string),
                name: r["nome"].as_str()?.to_string(),
            },
            level: Level::from_number(u8::try_from(r["livello"].as_u64()?).ok()?)?,
            evidence: Evidence::from_code(r["evidenza"].as_str()?)?,
            source: r["fonte"].as_str().unwrap_or_default().to_string(),
        })
    };
    rows.iter().map(|r| one(r).ok_or_else(corrupt)).collect()
}

/// Why a history entry is refused.
fn check_history(entry: &HistoryEntry) -> Result<(), StoreError> {
    if entry.title.trim().is_empty() {
        return Err(StoreError::Invalid("titolo".into()));
    }
    if let (Some(from), Some(to)) = (entry.from, entry.to)
        && to < from
    {
        return Err(StoreError::Invalid("al".into()));
    }
    Ok(())
}

fn history_fields(e: &HistoryEntry) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("kind", Some(e.kind.code().to_string())),
        ("title", Some(e.title.trim().to_string())),
        ("organisation", Some(e.organisation.trim().to_string())),
        ("from_date", opt_text(e.from)),
        ("to_date", opt_text(e.to)),
        ("tasks", Some(e.tasks.trim().to_string())),
    ]
}

fn competence_fields(c: &PossessedCompetence) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("competence_id", c.competence.id.clone()),
        ("name", Some(c.competence.name.trim().to_string())),
        ("level", Some(c.level.number().to_string())),
        ("evidence", Some(c.evidence.code().to_string())),
        ("source", Some(c.source.trim().to_string())),
    ]
}

fn required_text(required: &[RequiredCompetence]) -> String {
    required
        .iter()
        .map(|r| format!("{} {}", r.competence.name.trim(), r.level.number()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn analysis_fields(a: &TargetProfile, need: &str) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("target_cp2021", Some(a.cp2021.trim().to_string())),
        ("target_title", Some(a.title.trim().to_string())),
        ("required", Some(required_text(&a.required))),
        ("training_need", Some(need.trim().to_string())),
    ]
}

/// A target profile may be stored without requirements yet (the operator adds them next), but
/// not with a malformed code, a blank or a repeated competence.
fn check_target(target: &TargetProfile) -> Result<(), StoreError> {
    match target.check() {
        Ok(()) | Err(ProfileError::NoRequirements) => Ok(()),
        Err(e) => Err(StoreError::Profile(e)),
    }
}

fn level_of(n: i64) -> Result<Level, StoreError> {
    u8::try_from(n)
        .ok()
        .and_then(Level::from_number)
        .ok_or(StoreError::Corrupt {
            column: "level",
            value: n.to_string(),
        })
}

fn citizen_of(tx: &Transaction, table: &str, id: i64) -> Result<i64, StoreError> {
    let sql = format!("SELECT citizen_id FROM {table} WHERE id = ?1");
    Ok(tx.query_row(&sql, [id], |r| r.get(0))?)
}

fn write_required(
    tx: &Transaction,
    analysis: i64,
    required: &[RequiredCompetence],
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM skill_gap_required WHERE analysis_id = ?1",
        [analysis],
    )?;
    for (n, r) in required.iter().enumerate() {
        tx.execute(
            "INSERT INTO skill_gap_required (analysis_id, position, competence_id, name, level)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                analysis,
                n as i64,
                r.competence.id,
                r.competence.name.trim(),
                i64::from(r.level.number())
            ],
        )?;
    }
    Ok(())
}

/// The open A03 action of the signed plan, else a new one recorded in it (in corso); `None`
/// without a signed pact.
fn a03_action(tx: &Transaction, audit: &Audit, citizen: i64) -> Result<Option<i64>, StoreError> {
    let Some(interview) = current_plan_interview(tx, citizen)? else {
        return Ok(None);
    };
    let open = load_actions(tx, interview)?.into_iter().find(|a| {
        a.data.code == SKILL_GAP_ACTION
            && matches!(
                a.data.status,
                ActionStatus::Programmata | ActionStatus::InCorso
            )
    });
    if let Some(a) = open {
        return Ok(Some(a.id));
    }
    let action = PlannedAction {
        code: SKILL_GAP_ACTION.into(),
        kind: ActionKind::Cpi,
        // The catalogue's name says what it is ("Bilancio delle competenze / skill gap
        // analysis"); the plan shows it beside the code.
        description: String::new(),
        due_date: None,
        status: ActionStatus::Programmata,
        outcome: String::new(),
    };
    record_in_current_plan(tx, audit, citizen, &action).map(Some)
}

/// The person's history, by start date (entries without one last).
pub(super) fn load_history(
    conn: &Connection,
    citizen_id: i64,
) -> Result<Vec<StoredHistory>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, kind, title, organisation, from_date, to_date, tasks
             FROM history_entries WHERE citizen_id = ?1
             ORDER BY COALESCE(from_date, '9999'), id",
    )?;
    let rows = stmt.query_map([citizen_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, kind, title, organisation, from, to, tasks) = row?;
        let kind = HistoryKind::from_code(&kind).ok_or(StoreError::Corrupt {
            column: "kind",
            value: kind.clone(),
        })?;
        out.push(StoredHistory {
            id,
            version,
            data: HistoryEntry {
                kind,
                title,
                organisation,
                from: from.as_deref().map(parse_date).transpose()?,
                to: to.as_deref().map(parse_date).transpose()?,
                tasks,
            },
        });
    }
    Ok(out)
}

/// The person's competence profile, in the order entered.
pub(super) fn load_competences(
    conn: &Connection,
    citizen_id: i64,
) -> Result<Vec<StoredCompetence>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, competence_id, name, level, evidence, source
             FROM competences WHERE citizen_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([citizen_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, competence_id, name, level, evidence, source) = row?;
        out.push(StoredCompetence {
            id,
            version,
            data: PossessedCompetence {
                competence: CompetenceRef {
                    id: competence_id,
                    name,
                },
                level: level_of(level)?,
                evidence: Evidence::from_code(&evidence).ok_or(StoreError::Corrupt {
                    column: "evidence",
                    value: evidence.clone(),
                })?,
                source,
            },
        });
    }
    Ok(out)
}

/// The person's skill gap analyses, oldest first, each with its required competences.
pub(super) fn load_analyses(
    conn: &Connection,
    citizen_id: i64,
) -> Result<Vec<SkillGapAnalysis>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, action_id, created_on, operator, propensity_id, target_cp2021,
                target_title, training_need, closed, possessed_at_close
             FROM skill_gap_analyses WHERE citizen_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([citizen_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, i64>(9)?,
            r.get::<_, Option<String>>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            version,
            action_id,
            created,
            operator,
            propensity_id,
            cp2021,
            title,
            need,
            closed,
            snapshot,
        ) = row?;
        out.push(SkillGapAnalysis {
            id,
            version,
            action_id,
            created_on: parse_date(&created)?,
            operator,
            propensity_id,
            target: TargetProfile {
                cp2021,
                title,
                required: load_required(conn, id)?,
            },
            training_need: need,
            closed: closed != 0,
            possessed_at_close: snapshot.as_deref().map(possessed_from_json).transpose()?,
        });
    }
    Ok(out)
}

fn load_required(conn: &Connection, analysis: i64) -> Result<Vec<RequiredCompetence>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT competence_id, name, level FROM skill_gap_required WHERE analysis_id = ?1
             ORDER BY position",
    )?;
    let rows = stmt.query_map([analysis], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, level) = row?;
        out.push(RequiredCompetence {
            competence: CompetenceRef { id, name },
            level: level_of(level)?,
        });
    }
    Ok(out)
}

impl Store {
    pub fn history_of(&self, citizen_id: i64) -> Result<Vec<StoredHistory>, StoreError> {
        load_history(&self.conn, citizen_id)
    }

    pub fn competences_of(&self, citizen_id: i64) -> Result<Vec<StoredCompetence>, StoreError> {
        load_competences(&self.conn, citizen_id)
    }

    pub fn analyses_of(&self, citizen_id: i64) -> Result<Vec<SkillGapAnalysis>, StoreError> {
        load_analyses(&self.conn, citizen_id)
    }

    pub fn add_history(
        &mut self,
        citizen_id: i64,
        entry: &HistoryEntry,
    ) -> Result<StoredHistory, StoreError> {
        check_history(entry)?;
        let id = self.write(|tx, audit| {
            tx.execute(
                "INSERT INTO history_entries (citizen_id, kind, title, organisation, from_date,
                    to_date, tasks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    citizen_id,
                    entry.kind.code(),
                    entry.title.trim(),
                    entry.organisation.trim(),
                    entry.from.map(|d| d.to_string()),
                    entry.to.map(|d| d.to_string()),
                    entry.tasks.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit_changes(
                tx,
                audit,
                "esperienza",
                id,
                citizen_id,
                None,
                Some(history_fields(entry)),
            )?;
            Ok(id)
        })?;
        self.history_entry(citizen_id, id)
    }

    fn history_entry(&self, citizen_id: i64, id: i64) -> Result<StoredHistory, StoreError> {
        self.history_of(citizen_id)?
            .into_iter()
            .find(|h| h.id == id)
            .ok_or(StoreError::NotFound {
                entity: Entity::Experience,
                id: id.to_string(),
            })
    }

    pub fn update_history(
        &mut self,
        id: i64,
        expected: i64,
        entry: &HistoryEntry,
    ) -> Result<StoredHistory, StoreError> {
        check_history(entry)?;
        let citizen = self.write(|tx, audit| {
            check_version(tx, Entity::Experience, id, expected)?;
            let citizen = citizen_of(tx, "history_entries", id)?;
            let old = load_history(tx, citizen)?.into_iter().find(|h| h.id == id);
            tx.execute(
                "UPDATE history_entries SET kind = ?1, title = ?2, organisation = ?3,
                    from_date = ?4, to_date = ?5, tasks = ?6, version = version + 1
                 WHERE id = ?7",
                params![
                    entry.kind.code(),
                    entry.title.trim(),
                    entry.organisation.trim(),
                    entry.from.map(|d| d.to_string()),
                    entry.to.map(|d| d.to_string()),
                    entry.tasks.trim(),
                    id
                ],
            )?;
            audit_changes(
                tx,
                audit,
                "esperienza",
                id,
                citizen,
                old.map(|o| history_fields(&o.data)),
                Some(history_fields(entry)),
            )?;
            Ok(citizen)
        })?;
        self.history_entry(citizen, id)
    }

    pub fn remove_history(&mut self, id: i64, expected: i64) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Experience, id, expected)?;
            let citizen = citizen_of(tx, "history_entries", id)?;
            let old = load_history(tx, citizen)?.into_iter().find(|h| h.id == id);
            tx.execute("DELETE FROM history_entries WHERE id = ?1", [id])?;
            audit_changes(
                tx,
                audit,
                "esperienza",
                id,
                citizen,
                old.map(|o| history_fields(&o.data)),
                None,
            )
        })
    }

    fn competence_row(&self, citizen: i64, id: i64) -> Result<StoredCompetence, StoreError> {
        self.competences_of(citizen)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound {
                entity: Entity::Competence,
                id: id.to_string(),
            })
    }

    pub fn add_competence(
        &mut self,
        citizen_id: i64,
        c: &PossessedCompetence,
    ) -> Result<StoredCompetence, StoreError> {
        if c.competence.name.trim().is_empty() {
            return Err(StoreError::Invalid("competenza".into()));
        }
        let id = self.write(|tx, audit| {
            tx.execute(
                "INSERT INTO competences (citizen_id, competence_id, name, level, evidence,
                    source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    citizen_id,
                    c.competence.id,
                    c.competence.name.trim(),
                    i64::from(c.level.number()),
                    c.evidence.code(),
                    c.source.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit_changes(
                tx,
                audit,
                "competenza",
                id,
                citizen_id,
                None,
                Some(competence_fields(c)),
            )?;
            Ok(id)
        })?;
        self.competence_row(citizen_id, id)
    }

    pub fn update_competence(
        &mut self,
        id: i64,
        expected: i64,
        c: &PossessedCompetence,
    ) -> Result<StoredCompetence, StoreError> {
        if c.competence.name.trim().is_empty() {
            return Err(StoreError::Invalid("competenza".into()));
        }
        let citizen = self.write(|tx, audit| {
            check_version(tx, Entity::Competence, id, expected)?;
            let citizen = citizen_of(tx, "competences", id)?;
            let old = load_competences(tx, citizen)?
                .into_iter()
                .find(|o| o.id == id);
            tx.execute(
                "UPDATE competences SET competence_id = ?1, name = ?2, level = ?3,
                    evidence = ?4, source = ?5, version = version + 1 WHERE id = ?6",
                params![
                    c.competence.id,
                    c.competence.name.trim(),
                    i64::from(c.level.number()),
                    c.evidence.code(),
                    c.source.trim(),
                    id
                ],
            )?;
            audit_changes(
                tx,
                audit,
                "competenza",
                id,
                citizen,
                old.map(|o| competence_fields(&o.data)),
                Some(competence_fields(c)),
            )?;
            Ok(citizen)
        })?;
        self.competence_row(citizen, id)
    }

    pub fn remove_competence(&mut self, id: i64, expected: i64) -> Result<(), StoreError> {
        self.write(|tx, audit| {
            check_version(tx, Entity::Competence, id, expected)?;
            let citizen = citizen_of(tx, "competences", id)?;
            let old = load_competences(tx, citizen)?
                .into_iter()
                .find(|o| o.id == id);
            tx.execute("DELETE FROM competences WHERE id = ?1", [id])?;
            audit_changes(
                tx,
                audit,
                "competenza",
                id,
                citizen,
                old.map(|o| competence_fields(&o.data)),
                None,
            )
        })
    }

    fn analysis(&self, citizen: i64, id: i64) -> Result<SkillGapAnalysis, StoreError> {
        self.analyses_of(citizen)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(StoreError::NotFound {
                entity: Entity::SkillGap,
                id: id.to_string(),
            })
    }

    /// Starts a skill gap analysis against `target`: it carries out the open A03 action of the
    /// signed plan (a new one is recorded in the plan when there is none), which is started
    /// today. Without a signed pact the analysis stands alone.
    pub fn start_analysis(
        &mut self,
        citizen_id: i64,
        propensity_id: Option<i64>,
        target: &TargetProfile,
    ) -> Result<SkillGapAnalysis, StoreError> {
        check_target(target)?;
        let on = today();
        let id = self.write(|tx, audit| {
            let action = a03_action(tx, audit, citizen_id)?;
            tx.execute(
                "INSERT INTO skill_gap_analyses (citizen_id, action_id, created_on, operator,
                    propensity_id, target_cp2021, target_title)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    citizen_id,
                    action,
                    on.to_string(),
                    audit.operator,
                    propensity_id,
                    target.cp2021.trim(),
                    target.title.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            write_required(tx, id, &target.required)?;
            audit_changes(
                tx,
                audit,
                "bilancio",
                id,
                citizen_id,
                None,
                Some(analysis_fields(target, "")),
            )?;
            if let Some(action) = action {
                step_action(tx, audit, citizen_id, action, &ActionStep::Started(on))?;
            }
            Ok(id)
        })?;
        self.analysis(citizen_id, id)
    }

    /// Saves the target profile (its required competences) and the training need of an open
    /// analysis, at the version the operator saw.
    pub fn update_analysis(
        &mut self,
        id: i64,
        expected: i64,
        target: &TargetProfile,
        training_need: &str,
    ) -> Result<SkillGapAnalysis, StoreError> {
        check_target(target)?;
        let citizen = self.write(|tx, audit| {
            check_version(tx, Entity::SkillGap, id, expected)?;
            let citizen = citizen_of(tx, "skill_gap_analyses", id)?;
            let old = load_analyses(tx, citizen)?
                .into_iter()
                .find(|a| a.id == id)
                .ok_or(StoreError::NotFound {
                    entity: Entity::SkillGap,
                    id: id.to_string(),
                })?;
            if old.closed {
                return Err(StoreError::AnalysisClosed(id));
            }
            tx.execute(
                "UPDATE skill_gap_analyses SET target_cp2021 = ?1, target_title = ?2,
                    training_need = ?3, version = version + 1 WHERE id = ?4",
                params![
                    target.cp2021.trim(),
                    target.title.trim(),
                    training_need.trim(),
                    id
                ],
            )?;
            write_required(tx, id, &target.required)?;
            audit_changes(
                tx,
                audit,
                "bilancio",
                id,
                citizen,
                Some(analysis_fields(&old.target, &old.training_need)),
                Some(analysis_fields(target, training_need)),
            )?;
            Ok(citizen)
        })?;
        self.analysis(citizen, id)
    }

    /// Closes an analysis; its A03 action is concluded today with `outcome`.
    pub fn close_analysis(
        &mut self,
        id: i64,
        expected: i64,
        outcome: &str,
    ) -> Result<SkillGapAnalysis, StoreError> {
        let on = today();
        let citizen = self.write(|tx, audit| {
            check_version(tx, Entity::SkillGap, id, expected)?;
            let citizen = citizen_of(tx, "skill_gap_analyses", id)?;
            let action: Option<i64> = tx.query_row(
                "SELECT action_id FROM skill_gap_analyses WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            // The comparison as concluded: the profile of today stays with it.
            let possessed: Vec<PossessedCompetence> = load_competences(tx, citizen)?
                .into_iter()
                .map(|c| c.data)
                .collect();
            tx.execute(
                "UPDATE skill_gap_analyses SET closed = 1, possessed_at_close = ?2,
                    version = version + 1 WHERE id = ?1",
                params![id, possessed_to_json(&possessed)],
            )?;
            audit.record(
                tx,
                "bilancio",
                Some(id),
                Some(citizen),
                "closed",
                Some("no"),
                Some("si"),
            )?;
            if let Some(action) = action {
                let step = ActionStep::Ended {
                    on,
                    outcome: outcome.trim().to_string(),
                };
                step_action(tx, audit, citizen, action, &step)?;
            }
            Ok(citizen)
        })?;
        self.analysis(citizen, id)
    }

    /// Adds actions to the plan of a draft interview in one write, skipping any the plan
    /// already has (same code and description): the same suggestion added twice is added
    /// once. Returns how many were added and the interview's version.
    pub fn add_actions_once(
        &mut self,
        interview_id: i64,
        expected: i64,
        actions: &[PlannedAction],
    ) -> Result<(usize, i64), StoreError> {
        self.write(|tx, audit| {
            let existing = load_actions(tx, interview_id)?;
            let (citizen, version) = claim_draft(tx, interview_id, expected)?;
            let mut added = 0;
            for (n, action) in actions.iter().enumerate() {
                let same = |code: &str, description: &str| {
                    code == action.code && description.trim() == action.description.trim()
                };
                if existing
                    .iter()
                    .any(|a| same(&a.data.code, &a.data.description))
                    || actions[..n].iter().any(|a| same(&a.code, &a.description))
                {
                    continue;
                }
                tx.execute(
                    "INSERT INTO actions (interview_id, code, kind, description, due_date,
                        status, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
                audit_action_added(tx, audit, tx.last_insert_rowid(), citizen, action)?;
                added += 1;
            }
            Ok((added, version))
        })
    }
}
