//! Everything stored about one person, for a data-subject access request.

use serde_json::{Value, json};

use super::{Store, StoreError};
use crate::domain::records::Interview;

fn interview_json(i: &Interview, actions: Value) -> Value {
    let answers: serde_json::Map<String, Value> = i
        .answers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let notes: serde_json::Map<String, Value> = i
        .answer_notes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "id": i.id,
        "tipo": i.kind,
        "operatore": i.operator,
        "iniziato_il": i.started_at,
        "concluso_il": i.ended_at,
        "stato": i.status,
        "fase": i.phase,
        "fase_informativa": {
            "argomenti_trattati": i.info_items,
            "aspettative_e_motivazioni": i.expectations,
        },
        "risposte": answers,
        "note_risposte": notes,
        "checklist": i.checklist,
        "plafond": i.plafond.as_ref().map(|p| json!({
            "sezione": p.target, "punti": p.points, "nota": p.note
        })),
        "nota_finale": i.final_note,
        "servizi_sociali_coinvolti": i.social_services_involved,
        "nota_fragilita": i.fragility_note,
        "percorso_proposto": i.proposed_path,
        "percorso_finale": i.final_path,
        "cambio_percorso": i.path_change.as_ref().map(|c| json!({
            "percorso": c.path, "categoria": c.category, "nota": c.note
        })),
        "patto": i.terms,
        "azioni": actions,
    })
}

impl Store {
    /// Registry data, interviews, propensioni, CV, pacts and audit entries of one person;
    /// `None` when the codice fiscale is unknown.
    pub fn export_citizen(&self, codice_fiscale: &str) -> Result<Option<Value>, StoreError> {
        let Some(citizen) = self.citizen_by_cf(codice_fiscale)? else {
            return Ok(None);
        };
        let mut interviews = Vec::new();
        for interview in self.interviews_of(citizen.id)? {
            let actions = serde_json::to_value(self.actions_of(interview.id)?).map_err(|e| {
                StoreError::Corrupt {
                    column: "json",
                    value: e.to_string(),
                }
            })?;
            interviews.push(interview_json(&interview, actions));
        }
        let to_value = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| StoreError::Corrupt {
                column: "json",
                value: e.to_string(),
            })
        };
        Ok(Some(json!({
            "cittadino": to_value(serde_json::to_value(&citizen))?,
            "colloqui": interviews,
            "propensioni": to_value(serde_json::to_value(self.propensities_of(citizen.id)?))?,
            "cv": to_value(serde_json::to_value(self.cvs_of(citizen.id)?))?,
            "patti": to_value(serde_json::to_value(self.pact_versions_of(citizen.id)?))?,
            "registro_modifiche": to_value(serde_json::to_value(self.audit_of(citizen.id)?))?,
            "dati_da_recuperare": self
                .recoveries_of_citizen(citizen.id)?
                .into_iter()
                .map(|r| json!({
                    "scritti_il": r.saved_at,
                    "operatore": r.operator,
                    "colloquio": r.interview_id,
                    "contenuto": r.payload,
                }))
                .collect::<Vec<_>>(),
        })))
    }
}
