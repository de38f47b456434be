//! The Patto di Servizio Personalizzato: what is still missing before signing, and the content
//! as signed (art. 20 D.lgs. 150/2015).

use serde_json::{Value, json};

mod version;
pub use version::{
    ActionField, Additions, Change, FORMAT, PathChangePart, Presence, SignedAction,
    SignedPropensity, Term, add_to_content, changes,
};

use super::instrument::Instrument;
use super::records::{CitizenData, Interview, PlannedAction};
use super::reference::{Category, InfoTopic};
use super::scoring::{
    PathChangeError, PlafondError, Scores, check_path_change, check_plafond, plafond_affects_path,
    score,
};

/// Something the pact or the interview lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// An informative topic that was not marked as covered (its name).
    Topic(String),
    Expectations,
    /// Unanswered areas of the assessment.
    Assessment(Vec<String>),
    Propensity,
    Responsible,
    ContactFrequency,
    SearchProof,
    AvailabilityWorkshops,
    AvailabilityTraining,
    AvailabilityOffers,
    NoAction,
    /// The plafond was allowed when it was set, but the answers changed since (its adjusted
    /// score left 0..maximum). A plafond far from the threshold is not stale: it only stops
    /// counting for the percorso.
    PlafondNoLongerValid(PlafondError),
    /// The change of percorso no longer holds with the current scores.
    PathChangeNoLongerValid(PathChangeError),
    /// The change of percorso is there, but the person's agreement is not recorded.
    ChangeNotAgreed,
}

impl Missing {
    /// The phase of the interview where it is filled in: 1 informativa, 2 analisi, 3 patto.
    pub fn phase(&self) -> u8 {
        match self {
            Missing::Topic(_) | Missing::Expectations => 1,
            Missing::Assessment(_) | Missing::Propensity | Missing::PlafondNoLongerValid(_) => 2,
            Missing::Responsible
            | Missing::ContactFrequency
            | Missing::SearchProof
            | Missing::AvailabilityWorkshops
            | Missing::AvailabilityTraining
            | Missing::AvailabilityOffers
            | Missing::NoAction
            | Missing::PathChangeNoLongerValid(_)
            | Missing::ChangeNotAgreed => 3,
        }
    }

    /// How many things it stands for: each unanswered area counts.
    pub fn count(&self) -> usize {
        match self {
            Missing::Assessment(areas) => areas.len(),
            _ => 1,
        }
    }
}

/// Plafond and change of percorso checked again against the current answers.
pub fn stale_choices(
    instrument: &Instrument,
    interview: &Interview,
    citizen: &CitizenData,
) -> Vec<Missing> {
    let mut out = Vec::new();
    let base = score(instrument, &interview.answers, None);
    if let Some(p) = &interview.plafond
        && let Err(e) = check_plafond(instrument, &base, p)
    {
        out.push(Missing::PlafondNoLongerValid(e));
    }
    if let Some(c) = &interview.path_change {
        let scores = score(instrument, &interview.answers, interview.plafond.as_ref());
        let eligible: Vec<&str> = citizen
            .special_categories
            .iter()
            .map(String::as_str)
            .collect();
        match check_path_change(instrument, &scores, &eligible, c) {
            Ok(()) => {}
            Err(PathChangeError::NotAgreed) => out.push(Missing::ChangeNotAgreed),
            Err(e) => out.push(Missing::PathChangeNoLongerValid(e)),
        }
    }
    out
}

/// What stands between this interview and a complete pact, in the order of the phases.
pub fn missing(
    instrument: &Instrument,
    citizen: &CitizenData,
    interview: &Interview,
    topics: &[InfoTopic],
    scores: &Scores,
    propensities: usize,
    actions: &[PlannedAction],
) -> Vec<Missing> {
    let mut out = Vec::new();
    let receives_support = !citizen.income_support.trim().is_empty();
    for topic in topics {
        let applies = !topic.a05 && (!topic.income_support_only || receives_support);
        if applies && !interview.info_items.contains(&topic.id) {
            out.push(Missing::Topic(topic.name.clone()));
        }
    }
    if interview.expectations.trim().is_empty() {
        out.push(Missing::Expectations);
    }
    if interview.kind.allows_assessment() && !scores.complete() {
        out.push(Missing::Assessment(scores.missing.clone()));
    }
    if propensities == 0 {
        out.push(Missing::Propensity);
    }
    let terms = &interview.terms;
    if terms.responsible.trim().is_empty() {
        out.push(Missing::Responsible);
    }
    if terms.contact_frequency.trim().is_empty() {
        out.push(Missing::ContactFrequency);
    }
    if terms.search_proof.trim().is_empty() {
        out.push(Missing::SearchProof);
    }
    if terms.available_workshops.is_none() {
        out.push(Missing::AvailabilityWorkshops);
    }
    if terms.available_training.is_none() {
        out.push(Missing::AvailabilityTraining);
    }
    if terms.available_offers.is_none() {
        out.push(Missing::AvailabilityOffers);
    }
    if actions.is_empty() {
        out.push(Missing::NoAction);
    }
    if interview.kind.allows_assessment() {
        out.extend(stale_choices(instrument, interview, citizen));
    }
    out
}

/// The pact's content as signed: who, the employability profile, the plan and the terms.
/// `categories`: those that allow a change of percorso, for their names.
pub fn content(
    instrument: &Instrument,
    categories: &[Category],
    citizen: &CitizenData,
    interview: &Interview,
    scores: &Scores,
    actions: &[PlannedAction],
) -> Value {
    let final_path = interview
        .path_change
        .as_ref()
        .map(|c| c.path)
        .or(scores.proposed);
    let path_name = |id: Option<u8>| id.and_then(|p| instrument.path(p)).map(|p| p.name.clone());
    let targets: serde_json::Map<String, Value> = instrument
        .targets()
        .filter_map(|t| {
            scores.target(t.id).map(|(raw, adjusted, threshold)| {
                (
                    t.id.to_string(),
                    json!({"punteggio": raw, "punteggio_rettificato": adjusted,
                           "soglia": threshold, "soglia_raggiunta": adjusted >= threshold as i32,
                           "nome": t.name, "massimo": t.max,
                           "percorso_se_raggiunta": instrument.path_of_target(t.id)}),
                )
            })
        })
        .collect();
    let base = score(instrument, &interview.answers, None);
    let category_name = |id: &str| {
        categories
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    json!({
        "cittadino": {
            "codice_fiscale": citizen.codice_fiscale,
            "cognome": citizen.surname,
            "nome": citizen.name,
        },
        "strumento": {
            "nome": instrument.name,
            "versione": instrument.version,
            "impronta": instrument.fingerprint,
        },
        "tipo_colloquio": interview.kind,
        "responsabile": interview.terms.responsible,
        "profilo_di_occupabilita": {
            "assessment": interview.kind.allows_assessment(),
            "punteggi": targets,
            "plafond": interview.plafond.as_ref().map(|p| json!({
                "sezione": p.target, "punti": p.points, "nota": p.note,
                "incide_sul_percorso": plafond_affects_path(instrument, &base, p),
            })),
            "percorso_proposto": scores.proposed,
            "nome_percorso_proposto": path_name(scores.proposed),
            "percorso": final_path,
            "nome_percorso": path_name(final_path),
            "cambio_percorso": interview.path_change.as_ref().map(|c| json!({
                "categoria": c.category, "nota": c.note,
                "nome_categoria": category_name(&c.category),
                "concordato": c.agreed,
            })),
        },
        "atti_di_ricerca_attiva": actions,
        "frequenza_contatti": interview.terms.contact_frequency,
        "prova_della_ricerca": interview.terms.search_proof,
        "disponibilita": {
            "laboratori_ricerca_lavoro": interview.terms.available_workshops,
            "formazione_riqualificazione": interview.terms.available_training,
            "offerte_congrue": interview.terms.available_offers,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::domain::records::{
        ActionKind, ActionStatus, InterviewKind, InterviewStatus, PactTerms, Sex,
    };
    use crate::domain::scoring::{Answers, PathChange, Plafond, score};

    fn interview(kind: InterviewKind) -> Interview {
        Interview {
            id: 1,
            citizen_id: 1,
            version: 1,
            kind,
            operator: "anna".into(),
            started_at: String::new(),
            ended_at: None,
            status: InterviewStatus::Bozza,
            phase: 1,
            info_items: vec![],
            expectations: String::new(),
            answers: Answers::new(),
            answer_notes: vec![],
            checklist: vec![],
            plafond: None,
            final_note: String::new(),
            social_services_involved: None,
            fragility_note: String::new(),
            proposed_path: None,
            final_path: None,
            path_change: None,
            terms: PactTerms::default(),
            carried_from_pact: None,
        }
    }

    fn citizen(support: &str) -> CitizenData {
        let mut c = CitizenData::new(
            "RSSMRA85T10A562S",
            "Rossi",
            "Mario",
            Sex::Male,
            chrono::NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
        );
        c.income_support = support.into();
        c
    }

    #[test]
    fn an_empty_interview_misses_everything_and_conditionality_only_with_support() {
        let d = data::load_defaults().unwrap();
        let i = interview(InterviewKind::Did150);
        let s = score(&d.instrument, &i.answers, None);
        let without = missing(&d.instrument, &citizen(""), &i, &d.info_topics, &s, 0, &[]);
        let with = missing(
            &d.instrument,
            &citizen("NASpI"),
            &i,
            &d.info_topics,
            &s,
            0,
            &[],
        );
        assert_eq!(with.len(), without.len() + 1);
        assert!(without.contains(&Missing::Expectations));
        assert!(without.contains(&Missing::NoAction));
        assert!(
            without
                .iter()
                .any(|m| matches!(m, Missing::Assessment(a) if a.len() == 16))
        );
        let other = interview(InterviewKind::Altro);
        let m = missing(
            &d.instrument,
            &citizen(""),
            &other,
            &d.info_topics,
            &s,
            0,
            &[],
        );
        assert!(!m.iter().any(|m| matches!(m, Missing::Assessment(_))));
    }

    #[test]
    fn a_complete_interview_misses_nothing() {
        let d = data::load_defaults().unwrap();
        let mut i = interview(InterviewKind::Did150);
        i.info_items = vec!["colloquio".into(), "obblighi_diritti".into()];
        i.expectations = "lavoro vicino".into();
        for area in d.instrument.areas().take(16) {
            i.answers.set(&d.instrument, &area.id, 0).unwrap();
        }
        i.terms = PactTerms {
            responsible: "Anna".into(),
            contact_frequency: "mensile".into(),
            search_proof: "candidature".into(),
            available_workshops: Some(true),
            available_training: Some(false),
            available_offers: Some(true),
        };
        i.path_change = Some(PathChange {
            path: 4,
            category: "servizi_sociali".into(),
            note: "x".into(),
            agreed: true,
        });
        let action = PlannedAction {
            code: "A06".into(),
            kind: ActionKind::Cpi,
            description: String::new(),
            due_date: None,
            status: ActionStatus::Programmata,
            outcome: String::new(),
        };
        let s = score(&d.instrument, &i.answers, None);
        let mut eligible = citizen("");
        eligible.special_categories = vec!["servizi_sociali".into()];
        let found = missing(
            &d.instrument,
            &eligible,
            &i,
            &d.info_topics,
            &s,
            1,
            std::slice::from_ref(&action),
        );
        assert!(found.is_empty(), "{found:?}");
        let c = content(&d.instrument, &d.categories, &eligible, &i, &s, &[action]);
        assert_eq!(c["strumento"]["nome"], d.instrument.name.as_str());
        assert_eq!(c["strumento"]["versione"], "2026.1");
        assert_eq!(c["strumento"]["impronta"].as_str().map(str::len), Some(64));
        let profile = &c["profilo_di_occupabilita"];
        assert_eq!(
            profile["nome_percorso_proposto"],
            "Reinserimento lavorativo"
        );
        assert_eq!(profile["cambio_percorso"]["concordato"], true);
        assert_eq!(
            profile["cambio_percorso"]["nome_categoria"],
            d.categories
                .iter()
                .find(|k| k.id == "servizi_sociali")
                .map(|k| k.name.clone())
                .unwrap()
        );
        assert_eq!(profile["punteggi"]["B"]["percorso_se_raggiunta"], 3);
        assert_eq!(profile["punteggi"]["CD"]["percorso_se_raggiunta"], 4);
        assert_eq!(
            profile["punteggi"]["C"]["percorso_se_raggiunta"],
            Value::Null
        );
        assert_eq!(profile["punteggi"]["A"]["massimo"], 18);
        assert!(profile["punteggi"].get("D").is_none());
        assert_eq!(c["profilo_di_occupabilita"]["percorso_proposto"], 1);
        assert_eq!(c["profilo_di_occupabilita"]["percorso"], 4);
        assert_eq!(
            c["profilo_di_occupabilita"]["nome_percorso"],
            "Lavoro e inclusione"
        );
        assert_eq!(c["disponibilita"]["formazione_riqualificazione"], false);
        assert_eq!(c["atti_di_ricerca_attiva"][0]["codice"], "A06");
        assert_eq!(
            c["profilo_di_occupabilita"]["punteggi"]["A"]["punteggio"],
            0
        );
    }

    #[test]
    fn plafond_and_change_are_checked_again_when_answers_change() {
        let d = data::load_defaults().unwrap();
        let mut c = citizen("");
        c.special_categories = vec!["servizi_sociali".into()];
        let mut i = interview(InterviewKind::Did150);
        for area in d.instrument.areas().take(16) {
            i.answers.set(&d.instrument, &area.id, 0).unwrap();
        }
        // A = 0 is 7 points from its threshold: a far plafond is allowed (outcome only).
        i.plafond = Some(Plafond {
            target: "A".into(),
            points: 1,
            note: "x".into(),
        });
        i.path_change = Some(PathChange {
            path: 1,
            category: "servizi_sociali".into(),
            note: "x".into(),
            agreed: true,
        });
        // Percorso 1 is the one proposed.
        let stale = stale_choices(&d.instrument, &i, &c);
        assert_eq!(
            stale,
            [Missing::PathChangeNoLongerValid(
                PathChangeError::SameAsProposed(1)
            )]
        );
        // A negative plafond on a score of 0 leaves 0..maximum: no longer valid.
        i.plafond = Some(Plafond {
            target: "A".into(),
            points: -1,
            note: "x".into(),
        });
        i.path_change = None;
        assert!(matches!(
            stale_choices(&d.instrument, &i, &c)[..],
            [Missing::PlafondNoLongerValid(
                PlafondError::OutOfBounds { .. }
            )]
        ));
        for area in ["A1", "A2"] {
            i.answers.set(&d.instrument, area, 3).unwrap();
        }
        assert!(stale_choices(&d.instrument, &i, &c).is_empty());
    }

    #[test]
    fn a_change_without_the_persons_agreement_cannot_be_signed() {
        let d = data::load_defaults().unwrap();
        let mut c = citizen("");
        c.special_categories = vec!["servizi_sociali".into()];
        let mut i = interview(InterviewKind::Did150);
        for area in d.instrument.areas().take(16) {
            i.answers.set(&d.instrument, &area.id, 0).unwrap();
        }
        i.path_change = Some(PathChange {
            path: 4,
            category: "servizi_sociali".into(),
            note: "x".into(),
            agreed: false,
        });
        assert_eq!(
            stale_choices(&d.instrument, &i, &c),
            [Missing::ChangeNotAgreed]
        );
    }

    #[test]
    fn each_missing_item_belongs_to_a_phase() {
        assert_eq!(Missing::Expectations.phase(), 1);
        assert_eq!(
            Missing::Assessment(vec!["A1".into(), "B2".into()]).count(),
            2
        );
        assert_eq!(Missing::Propensity.phase(), 2);
        assert_eq!(Missing::NoAction.phase(), 3);
        assert_eq!(Missing::NoAction.count(), 1);
    }
}
