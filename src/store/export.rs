//! Everything stored about one person, for a data-subject access request.

use serde_json::{Value, json};

use super::{Store, StoreError};
use crate::domain::competences::{gap, training_need};
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
            "percorso": c.path, "categoria": c.category, "nota": c.note,
            "concordato": c.agreed
        })),
        "patto": i.terms,
        "azioni": actions,
    })
}

/// An accompaniment to work (B03) with its events "a processo" and its result.
fn accompaniment_json(a: &super::StoredAccompaniment) -> Value {
    json!({
        "id": a.id,
        "versione": a.version,
        "azione": a.action_id,
        "avviato_il": a.started_on,
        "operatore": a.operator,
        "eventi": a.events.iter().map(|e| json!({
            "id": e.id,
            "versione": e.version,
            "tipo": e.data.kind.code(),
            "data": e.data.on,
            "azienda": e.data.company,
            "ruolo": e.data.role,
            "esito": e.data.outcome,
            "note": e.data.notes,
        })).collect::<Vec<_>>(),
        "risultato": a.hiring,
        "chiuso_il": a.closed_on,
    })
}

/// A field of the audit log under the name the rest of the export gives it (the log stores
/// column names): `expectations` is `fase_informativa.aspettative_e_motivazioni`, `risposta A1`
/// is `risposte.A1`.
fn export_field(entity: &str, field: &str) -> String {
    if let Some((kind, id)) = field.split_once(' ') {
        return match kind {
            "risposta" => format!("risposte.{id}"),
            "giudizio" => format!("checklist.{id}.giudizio"),
            "nota" if id.starts_with('V') => format!("checklist.{id}.nota"),
            "nota" => format!("note_risposte.{id}"),
            _ => field.to_string(),
        };
    }
    let name = match (entity, field) {
        ("cittadino", "codice_fiscale") => "codice_fiscale",
        ("cittadino", "surname") => "cognome",
        ("cittadino", "name") => "nome",
        ("cittadino", "sex") => "sesso",
        ("cittadino", "birth_date") => "data_nascita",
        ("cittadino", "birth_place") => "comune_nascita",
        ("cittadino", "citizenship") => "cittadinanza",
        ("cittadino", "phone") => "telefono",
        ("cittadino", "email") => "email",
        ("cittadino", "household") => "nucleo_familiare",
        ("cittadino", "education") => "titolo_studio",
        ("cittadino", "employment") => "condizione_occupazionale",
        ("cittadino", "did_date") => "data_did",
        ("cittadino", "income_support") => "sostegno_reddito",
        ("cittadino", "quantitative_class") => "classe_profilazione_quantitativa",
        ("cittadino", "special_categories") => "categorie_speciali",
        ("colloquio", "kind") => "tipo",
        ("colloquio", "status") => "stato",
        ("colloquio", "phase") => "fase",
        ("colloquio", "info_items") => "fase_informativa.argomenti_trattati",
        ("colloquio", "expectations") => "fase_informativa.aspettative_e_motivazioni",
        ("colloquio", "plafond_target") => "plafond.sezione",
        ("colloquio", "plafond_points") => "plafond.punti",
        ("colloquio", "plafond_note") => "plafond.nota",
        ("colloquio", "final_note") => "nota_finale",
        ("colloquio", "social_services_involved") => "servizi_sociali_coinvolti",
        ("colloquio", "fragility_note") => "nota_fragilita",
        ("colloquio", "proposed_path") => "percorso_proposto",
        ("colloquio", "final_path") => "percorso_finale",
        ("colloquio", "override_path") => "cambio_percorso.percorso",
        ("colloquio", "override_category") => "cambio_percorso.categoria",
        ("colloquio", "override_note") => "cambio_percorso.nota",
        ("colloquio", "override_agreed") => "cambio_percorso.concordato",
        ("colloquio", "psp_responsible") => "patto.responsabile",
        ("colloquio", "contact_frequency") => "patto.frequenza_contatti",
        ("colloquio", "search_proof") => "patto.prova_ricerca",
        ("colloquio", "available_workshops") => "patto.disponibile_laboratori",
        ("colloquio", "available_training") => "patto.disponibile_formazione",
        ("colloquio", "available_offers") => "patto.disponibile_offerte",
        ("propensione", "cp2021_code") => "codice_cp2021",
        ("propensione", "title") => "titolo",
        ("propensione", "from_work") => "da_lavoro",
        ("propensione", "from_education") => "da_istruzione",
        ("propensione", "from_training") => "da_formazione",
        ("propensione", "from_aptitude") => "da_attitudini",
        ("propensione", "interview_date") => "data_intervista",
        ("propensione", "sep_id") => "sep",
        ("propensione", "skills") => "competenze",
        ("propensione", "years_experience") => "anni_esperienza",
        ("propensione", "last_year") => "anno_ultimo_lavoro",
        ("propensione", "availability") => "disponibilita",
        ("propensione", "licences") => "patenti_abilitazioni",
        ("propensione", "notes") => "note",
        ("cv", "filed_on") => "depositato_il",
        ("cv", "consent") => "consenso",
        ("cv", "provinces") => "province",
        ("cv", "pdf_path") => "file_pdf",
        ("cv", "pdf_sha256") => "sha256_pdf",
        ("azione", "code") => "codice",
        ("azione", "kind") => "tipo",
        ("azione", "description") => "descrizione",
        ("azione", "due_date") => "scadenza",
        ("azione", "status") => "stato",
        ("azione", "outcome") => "esito",
        ("esperienza", "kind") => "tipo",
        ("esperienza", "title") => "titolo",
        ("esperienza", "organisation") => "organizzazione",
        ("esperienza", "from_date") => "dal",
        ("esperienza", "to_date") => "al",
        ("esperienza", "tasks") => "attivita",
        ("competenza", "competence_id") => "id",
        ("competenza", "name") => "nome",
        ("competenza", "level") => "livello",
        ("competenza", "evidence") => "evidenza",
        ("competenza", "source") => "fonte",
        ("bilancio", "target_cp2021") => "profilo_obiettivo.codice_cp2021",
        ("bilancio", "target_title") => "profilo_obiettivo.titolo",
        ("bilancio", "required") => "profilo_obiettivo.competenze_richieste",
        ("bilancio", "training_need") => "fabbisogno_formativo",
        ("bilancio", "closed") => "concluso",
        ("accompagnamento", "action_id") => "azione",
        ("accompagnamento", "started_on") => "avviato_il",
        ("accompagnamento", "operator") => "operatore",
        ("accompagnamento", "employer_name") => "risultato.datore_di_lavoro",
        ("accompagnamento", "employer_code") => "risultato.codice_fiscale_o_partita_iva",
        ("accompagnamento", "hired_on") => "risultato.assunzione_dal",
        ("accompagnamento", "contract_type") => "risultato.contratto",
        ("accompagnamento", "contract_months") => "risultato.durata_mesi",
        ("accompagnamento", "closed_on") => "chiuso_il",
        ("evento", "kind") => "tipo",
        ("evento", "on_date") => "data",
        ("evento", "company") => "azienda",
        ("evento", "role") => "ruolo",
        ("evento", "outcome") => "esito",
        ("evento", "notes") => "note",
        ("consulenza", "held_on") | ("incontro", "held_on") => "data",
        ("consulenza", "operator") | ("incontro", "operator") => "operatore",
        ("consulenza", "goals") => "obiettivi",
        ("consulenza", "obstacles") => "ostacoli",
        ("consulenza", "strategies") => "strategie",
        ("consulenza", "outcome") => "esito",
        ("consulenza", "next_step") => "prossimo_passo",
        ("consulenza", "closes") => "chiude_la_consulenza",
        ("consulenza", "action_id") | ("partecipante", "action_id") => "azione",
        ("incontro", "code") => "codice",
        ("incontro", "topic") => "argomento",
        ("incontro", "place") => "luogo",
        ("partecipante", "attended") => "presenza",
        _ => field,
    };
    name.to_string()
}

impl Store {
    /// The bilancio di competenze: history, competences, and each analysis with its required
    /// competences and the gap row by row.
    fn skills_json(&self, citizen_id: i64) -> Result<Value, StoreError> {
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| StoreError::Corrupt {
                column: "json",
                value: e.to_string(),
            })
        };
        let competences = self.competences_of(citizen_id)?;
        let possessed: Vec<_> = competences.iter().map(|c| c.data.clone()).collect();
        let mut analyses = Vec::new();
        for a in self.analyses_of(citizen_id)? {
            let rows = gap(&a.target.required, &a.possessed(&possessed));
            let mut value = json(serde_json::to_value(&a))?;
            value["confronto"] = json(serde_json::to_value(&rows))?;
            value["fabbisogno"] = json(serde_json::to_value(training_need(&rows)))?;
            analyses.push(value);
        }
        Ok(json!({
            "percorso": json(serde_json::to_value(self.history_of(citizen_id)?))?,
            "competenze": json(serde_json::to_value(&competences))?,
            "confronti": analyses,
        }))
    }

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
            "bilancio": self.skills_json(citizen.id)?,
            "accompagnamenti": self
                .accompaniments_of(citizen.id)?
                .iter()
                .map(accompaniment_json)
                .collect::<Vec<_>>(),
            "consulenze": to_value(serde_json::to_value(
                self.counselling_sessions(citizen.id)?
            ))?,
            "incontri_di_gruppo": self
                .group_sessions_of(citizen.id)?
                .into_iter()
                .map(|(g, attended)| json!({
                    "id": g.id,
                    "codice": g.data.code,
                    "data": g.data.held_on,
                    "argomento": g.data.topic,
                    "operatore": g.data.operator,
                    "luogo": g.data.place,
                    "presente": attended,
                }))
                .collect::<Vec<_>>(),
            "registro_modifiche": to_value(serde_json::to_value(
                self.audit_of(citizen.id)?
                    .into_iter()
                    .map(|mut e| {
                        e.field = export_field(&e.entity, &e.field);
                        e
                    })
                    .collect::<Vec<_>>()
            ))?,
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
