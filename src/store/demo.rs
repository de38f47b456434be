//! Bulk insertion of synthetic people: one transaction per batch, prepared statements, one
//! audit entry per batch instead of one per field.

use rusqlite::params;

use super::pacts::pact_number;
use super::{Store, StoreError};
use crate::demo::SyntheticPerson;
use crate::domain::records::search_key;

impl Store {
    /// Every codice fiscale in the database (so that generated ones never collide).
    pub fn all_codici_fiscali(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT codice_fiscale FROM citizens")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes a batch of synthetic people in one transaction and says how many were written:
    /// a person whose codice fiscale is already there (registered since the generator listed
    /// the taken ones) is skipped, and the one who has it is left as it is.
    pub fn insert_synthetic(&mut self, people: &[SyntheticPerson]) -> Result<usize, StoreError> {
        self.write(|tx, audit| {
            let mut citizen_stmt = tx.prepare_cached(
                "INSERT INTO citizens (codice_fiscale, surname, name, surname_key, sex,
                    birth_date, birth_place, citizenship, phone, email, education, employment,
                    did_date, income_support, quantitative_class, special_categories, synthetic,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1,
                    ?17, ?17)
                 ON CONFLICT (codice_fiscale) DO NOTHING",
            )?;
            let mut interview_stmt = tx.prepare_cached(
                "INSERT INTO interviews (citizen_id, kind, operator, started_at, ended_at, status,
                    phase, info_items, expectations, plafond_target, plafond_points,
                    plafond_note, proposed_path, final_path, psp_responsible, contact_frequency,
                    search_proof, available_workshops, available_training, available_offers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20)",
            )?;
            let mut answer_stmt = tx.prepare_cached(
                "INSERT INTO interview_answers (interview_id, area_id, option_index)
                 VALUES (?1, ?2, ?3)",
            )?;
            let mut checklist_stmt = tx.prepare_cached(
                "INSERT INTO interview_checklist (interview_id, dimension_id, rating)
                 VALUES (?1, ?2, ?3)",
            )?;
            let mut action_stmt = tx.prepare_cached(
                "INSERT INTO actions (interview_id, code, kind, description, due_date, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut propensity_stmt = tx.prepare_cached(
                "INSERT INTO propensities (citizen_id, interview_id, cp2021_code, title,
                    from_work, from_education, from_training, from_aptitude, interview_date,
                    sep_id, years_experience, last_year, availability, licences)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut cv_stmt = tx.prepare_cached(
                "INSERT INTO cv_records (citizen_id, filed_on, consent, provinces, pdf_path)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut pact_stmt = tx.prepare_cached(
                "INSERT INTO pact_versions (citizen_id, interview_id, number, version, signed_at,
                    operator, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut next_pact: i64 = tx.query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM pact_versions",
                [],
                |r| r.get(0),
            )?;

            let mut written = 0;
            for person in people {
                let c = &person.citizen;
                let inserted = citizen_stmt.execute(params![
                    c.codice_fiscale,
                    c.surname,
                    c.name,
                    search_key(&c.surname),
                    c.sex.code(),
                    c.birth_date.to_string(),
                    c.birth_place,
                    c.citizenship.map_or("", |x| x.code()),
                    c.phone,
                    c.email,
                    c.education,
                    c.employment,
                    c.did_date.map(|d| d.to_string()),
                    c.income_support,
                    c.quantitative_class,
                    c.special_categories.join(" "),
                    audit.at,
                ])?;
                if inserted == 0 {
                    continue;
                }
                written += 1;
                let citizen_id = tx.last_insert_rowid();
                let mut pact: Option<(String, i64)> = None;
                let mut first_interview = None;
                for i in &person.interviews {
                    let started = format!("{}T09:30:00", i.started_on);
                    let ended = i.closed.then(|| format!("{}T10:20:00", i.started_on));
                    interview_stmt.execute(params![
                        citizen_id,
                        i.kind.code(),
                        audit.operator,
                        started,
                        ended,
                        if i.closed { "chiusa" } else { "bozza" },
                        if i.closed { 3 } else { 2 },
                        i.info_items.join(" "),
                        i.expectations,
                        i.plafond.as_ref().map(|p| p.target.as_str()),
                        i.plafond.as_ref().map(|p| p.points),
                        i.plafond.as_ref().map_or("", |p| p.note.as_str()),
                        i.proposed_path,
                        i.final_path,
                        i.terms.responsible,
                        i.terms.contact_frequency,
                        i.terms.search_proof,
                        i.terms.available_workshops,
                        i.terms.available_training,
                        i.terms.available_offers,
                    ])?;
                    let interview_id = tx.last_insert_rowid();
                    first_interview.get_or_insert(interview_id);
                    for (area, option) in i.answers.iter() {
                        answer_stmt.execute(params![interview_id, area, option as i64])?;
                    }
                    for entry in &i.checklist {
                        checklist_stmt.execute(params![
                            interview_id,
                            entry.dimension,
                            entry.rating
                        ])?;
                    }
                    for a in &i.actions {
                        action_stmt.execute(params![
                            interview_id,
                            a.code,
                            a.kind.code(),
                            a.description,
                            a.due_date.map(|d| d.to_string()),
                            a.status.code(),
                        ])?;
                    }
                    if i.closed {
                        let (number, version) = match &pact {
                            Some((number, version)) => (number.clone(), version + 1),
                            None => {
                                use chrono::Datelike;
                                (pact_number(i.started_on.year(), next_pact), 1)
                            }
                        };
                        next_pact += 1;
                        let content = serde_json::json!({
                            "sintetico": true,
                            "percorso": i.final_path,
                            "azioni": i.actions.iter().map(|a| &a.code).collect::<Vec<_>>(),
                        });
                        pact_stmt.execute(params![
                            citizen_id,
                            interview_id,
                            number,
                            version,
                            ended,
                            audit.operator,
                            content.to_string(),
                        ])?;
                        pact = Some((number, version));
                    }
                }
                for p in &person.propensities {
                    propensity_stmt.execute(params![
                        citizen_id,
                        first_interview,
                        p.cp2021_code,
                        p.title,
                        p.from_work,
                        p.from_education,
                        p.from_training,
                        p.from_aptitude,
                        p.interview_date.to_string(),
                        p.sep,
                        p.years_experience,
                        p.last_year,
                        p.availability,
                        p.licences,
                    ])?;
                }
                if let Some(cv) = &person.cv {
                    cv_stmt.execute(params![
                        citizen_id,
                        cv.filed_on.to_string(),
                        cv.consent,
                        cv.provinces.join(" "),
                        cv.pdf_path,
                    ])?;
                }
            }
            audit.record(
                tx,
                "demo",
                None,
                None,
                "cittadini_sintetici",
                None,
                Some(&written.to_string()),
            )?;
            Ok(written)
        })
    }
}
