//! The bilancio di competenze in the store: history, competences and skill gap analyses are
//! versioned and audited, an analysis carries out the A03 action of the signed plan, the
//! suggested actions go to a draft once, and the export lists it all.

use chrono::NaiveDate;
use orienta::data;
use orienta::domain::competences::{
    CompetenceRef, Evidence, Level, PossessedCompetence, RequiredCompetence, TargetProfile,
};
use orienta::domain::records::{
    ActionKind, ActionStatus, CitizenData, InterviewKind, PlannedAction, Sex,
};
use orienta::store::{CreateMode, Entity, HistoryEntry, HistoryKind, Store, StoreError};

mod common;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rossi() -> CitizenData {
    let mut c = CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        Sex::Male,
        date(1985, 12, 10),
    );
    c.did_date = Some(date(2026, 10, 1));
    c
}

use common::seen;

struct Setup {
    store: Store,
    citizen: i64,
    dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let citizen = store.insert_citizen(&rossi()).unwrap().id;
    Setup {
        store,
        citizen,
        dir,
    }
}

/// Signs version 1 of the pact, with `extra` actions in the plan.
fn sign(s: &mut Setup, extra: &[PlannedAction]) -> i64 {
    let data = data::load_defaults().unwrap();
    let i = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    common::complete_interview(&mut s.store, &data, i.id);
    for a in extra {
        let v = s.store.interview(i.id).unwrap().version;
        s.store.add_action(i.id, v, a).unwrap();
    }
    s.store.sign_pact(&data, &seen(&s.store, i.id)).unwrap();
    i.id
}

fn work() -> HistoryEntry {
    HistoryEntry {
        kind: HistoryKind::Work,
        title: "Cassiera".into(),
        organisation: "Supermercato Sole".into(),
        from: Some(date(2019, 3, 1)),
        to: Some(date(2023, 12, 31)),
        tasks: "cassa".into(),
    }
}

fn listed(id: &str, name: &str) -> CompetenceRef {
    CompetenceRef {
        id: Some(id.into()),
        name: name.into(),
    }
}

fn cassa(level: Level) -> PossessedCompetence {
    PossessedCompetence {
        competence: listed("cassa", "Operazioni di cassa"),
        level,
        evidence: Evidence::Documented,
        source: "contratto".into(),
    }
}

fn target() -> TargetProfile {
    TargetProfile {
        cp2021: "5.1.2.2.0".into(),
        title: "Commessa".into(),
        required: vec![
            RequiredCompetence {
                competence: listed("cassa", "Operazioni di cassa"),
                level: Level::Intermediate,
            },
            RequiredCompetence {
                competence: listed("vendita", "Tecniche di vendita"),
                level: Level::Intermediate,
            },
        ],
    }
}

fn audit_fields(s: &Setup, entity: &str) -> Vec<String> {
    s.store
        .audit_of(s.citizen)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == entity)
        .map(|e| e.field)
        .collect()
}

#[test]
fn history_entries_are_versioned_and_audited() {
    let mut s = setup();
    let h = s.store.add_history(s.citizen, &work()).unwrap();
    assert_eq!(h.version, 1);
    let mut changed = work();
    changed.title = "Capo cassiera".into();
    let h2 = s.store.update_history(h.id, h.version, &changed).unwrap();
    assert_eq!((h2.version, h2.data.title.as_str()), (2, "Capo cassiera"));
    // A stale version is refused, nothing changes.
    let stale = s.store.update_history(h.id, 1, &work());
    assert!(matches!(
        stale,
        Err(StoreError::Conflict {
            entity: Entity::Experience,
            ..
        })
    ));
    let mut backwards = work();
    backwards.to = Some(date(2018, 1, 1));
    assert!(matches!(
        s.store.add_history(s.citizen, &backwards),
        Err(StoreError::Invalid(_))
    ));
    let fields = audit_fields(&s, "esperienza");
    assert!(fields.contains(&"title".to_string()), "{fields:?}");
    assert_eq!(fields.iter().filter(|f| *f == "title").count(), 2);
    assert!(matches!(
        s.store.remove_history(h.id, 1),
        Err(StoreError::Conflict { .. })
    ));
    s.store.remove_history(h.id, 2).unwrap();
    assert!(s.store.history_of(s.citizen).unwrap().is_empty());
    assert_eq!(
        audit_fields(&s, "esperienza")
            .iter()
            .filter(|f| *f == "title")
            .count(),
        3
    );
}

#[test]
fn competences_are_versioned_and_audited() {
    let mut s = setup();
    let c = s
        .store
        .add_competence(s.citizen, &cassa(Level::Basic))
        .unwrap();
    let c2 = s
        .store
        .update_competence(c.id, c.version, &cassa(Level::Advanced))
        .unwrap();
    assert_eq!(c2.version, 2);
    assert_eq!(c2.data.level, Level::Advanced);
    assert!(matches!(
        s.store.update_competence(c.id, 1, &cassa(Level::Expert)),
        Err(StoreError::Conflict {
            entity: Entity::Competence,
            ..
        })
    ));
    let audit = s.store.audit_of(s.citizen).unwrap();
    assert!(audit.iter().any(|e| e.entity == "competenza"
        && e.field == "level"
        && e.old_value.as_deref() == Some("1")
        && e.new_value.as_deref() == Some("3")));
    s.store.remove_competence(c.id, 2).unwrap();
    assert!(s.store.competences_of(s.citizen).unwrap().is_empty());
}

#[test]
fn an_analysis_records_and_starts_a03_then_concludes_it() {
    let mut s = setup();
    sign(&mut s, &[]);
    let a = s.store.start_analysis(s.citizen, None, &target()).unwrap();
    let plan = s.store.current_plan(s.citizen).unwrap();
    let a03 = plan.iter().find(|x| x.data.code == "A03").unwrap();
    assert_eq!(a.action_id, Some(a03.id));
    assert_eq!(a03.data.status, ActionStatus::InCorso);
    assert!(a03.started_on.is_some());
    assert_eq!(a.target.required.len(), 2);
    // Changing the requirements and the need.
    let mut t = a.target.clone();
    t.required.remove(1);
    let a2 = s
        .store
        .update_analysis(a.id, a.version, &t, "corso di cassa")
        .unwrap();
    assert_eq!(a2.version, 2);
    assert_eq!(a2.target.required.len(), 1);
    assert_eq!(a2.training_need, "corso di cassa");
    assert!(matches!(
        s.store.update_analysis(a.id, 1, &t, ""),
        Err(StoreError::Conflict {
            entity: Entity::SkillGap,
            ..
        })
    ));
    // A requirement twice is refused.
    let mut twice = t.clone();
    twice.required.push(twice.required[0].clone());
    assert!(matches!(
        s.store.update_analysis(a.id, 2, &twice, ""),
        Err(StoreError::Profile(_))
    ));
    let closed = s
        .store
        .close_analysis(a.id, 2, "bilancio concluso: 1 competenze da acquisire")
        .unwrap();
    assert!(closed.closed);
    let plan = s.store.current_plan(s.citizen).unwrap();
    let a03 = plan.iter().find(|x| x.data.code == "A03").unwrap();
    assert_eq!(a03.data.status, ActionStatus::Conclusa);
    assert_eq!(
        a03.data.outcome,
        "bilancio concluso: 1 competenze da acquisire"
    );
    assert!(matches!(
        s.store.update_analysis(a.id, 3, &t, ""),
        Err(StoreError::AnalysisClosed(_))
    ));
    let fields = audit_fields(&s, "bilancio");
    for f in ["target_cp2021", "required", "training_need", "closed"] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
}

#[test]
fn an_analysis_carries_out_the_a03_already_planned() {
    let mut s = setup();
    let planned = PlannedAction {
        code: "A03".into(),
        kind: ActionKind::Cpi,
        description: "Bilancio".into(),
        due_date: None,
        status: ActionStatus::Programmata,
        outcome: String::new(),
    };
    sign(&mut s, &[planned]);
    let a = s.store.start_analysis(s.citizen, None, &target()).unwrap();
    let plan = s.store.current_plan(s.citizen).unwrap();
    let a03: Vec<_> = plan.iter().filter(|x| x.data.code == "A03").collect();
    assert_eq!(a03.len(), 1);
    assert_eq!(a.action_id, Some(a03[0].id));
    assert_eq!(a03[0].data.status, ActionStatus::InCorso);
}

#[test]
fn without_a_pact_the_analysis_stands_alone() {
    let mut s = setup();
    let a = s.store.start_analysis(s.citizen, None, &target()).unwrap();
    assert_eq!(a.action_id, None);
    let bad = TargetProfile {
        cp2021: "5.1.x".into(),
        ..target()
    };
    assert!(matches!(
        s.store.start_analysis(s.citizen, None, &bad),
        Err(StoreError::Profile(_))
    ));
}

#[test]
fn suggested_actions_are_added_to_a_draft_once() {
    let mut s = setup();
    sign(&mut s, &[]);
    let draft = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    let c07 = PlannedAction {
        code: "C07".into(),
        kind: ActionKind::Rete,
        description: "dal bilancio di competenze: Tecniche di vendita".into(),
        due_date: None,
        status: ActionStatus::Programmata,
        outcome: String::new(),
    };
    let (added, v) = s
        .store
        .add_actions_once(draft.id, draft.version, &[c07.clone(), c07.clone()])
        .unwrap();
    assert_eq!(added, 1);
    let (again, _) = s.store.add_actions_once(draft.id, v, &[c07]).unwrap();
    assert_eq!(again, 0);
    let codes: Vec<String> = s
        .store
        .actions_of(draft.id)
        .unwrap()
        .into_iter()
        .map(|a| a.data.code)
        .collect();
    assert_eq!(codes.iter().filter(|c| *c == "C07").count(), 1);
    // A stale version of the draft is a conflict.
    assert!(matches!(
        s.store.add_actions_once(draft.id, draft.version, &[]),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn the_export_has_the_bilancio_with_its_gap() {
    let mut s = setup();
    sign(&mut s, &[]);
    s.store.add_history(s.citizen, &work()).unwrap();
    s.store
        .add_competence(s.citizen, &cassa(Level::Basic))
        .unwrap();
    s.store.start_analysis(s.citizen, None, &target()).unwrap();
    drop(s.store);
    let store = Store::open(&s.dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let v = store.export_citizen("RSSMRA85T10A562S").unwrap().unwrap();
    let b = &v["bilancio"];
    assert_eq!(b["percorso"][0]["titolo"], "Cassiera");
    assert_eq!(b["percorso"][0]["tipo"], "lavoro");
    assert_eq!(b["competenze"][0]["nome"], "Operazioni di cassa");
    assert_eq!(b["competenze"][0]["livello"], 1);
    let a = &b["confronti"][0];
    assert_eq!(a["profilo_obiettivo"]["codice_cp2021"], "5.1.2.2.0");
    assert_eq!(
        a["profilo_obiettivo"]["competenze_richieste"][1]["id"],
        "vendita"
    );
    assert_eq!(a["confronto"][0]["esito"], "sotto_livello");
    assert_eq!(a["confronto"][1]["esito"], "mancante");
    assert_eq!(
        a["fabbisogno"]["da_acquisire"][0]["nome"],
        "Tecniche di vendita"
    );
    let fields: Vec<&str> = v["registro_modifiche"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "bilancio" || e["entita"] == "bilancio")
        .filter_map(|e| e["field"].as_str().or(e["campo"].as_str()))
        .collect();
    assert!(
        fields.contains(&"profilo_obiettivo.codice_cp2021"),
        "{fields:?}"
    );
}

#[test]
fn removing_the_propensione_an_analysis_compared_with_keeps_the_analysis() {
    let mut s = setup();
    sign(&mut s, &[]);
    let p = s.store.propensities_of(s.citizen).unwrap().remove(0);
    let a = s
        .store
        .start_analysis(s.citizen, Some(p.id), &target())
        .unwrap();
    assert_eq!(a.propensity_id, Some(p.id));
    s.store.remove_propensity(p.id, p.version).unwrap();
    let kept = s.store.analyses_of(s.citizen).unwrap().remove(0);
    assert_eq!(kept.id, a.id);
    assert_eq!(kept.propensity_id, None);
    assert_eq!(kept.target, a.target);
}

#[test]
fn a_concluded_comparison_keeps_the_profile_it_was_concluded_with() {
    let mut s = setup();
    let c = s
        .store
        .add_competence(s.citizen, &cassa(Level::Basic))
        .unwrap();
    let a = s.store.start_analysis(s.citizen, None, &target()).unwrap();
    let closed = s.store.close_analysis(a.id, a.version, "concluso").unwrap();
    let kept = closed.possessed_at_close.clone().expect("kept at closing");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0], c.data);
    // The profile changes afterwards: the concluded comparison does not.
    s.store.remove_competence(c.id, c.version).unwrap();
    let again = s.store.analyses_of(s.citizen).unwrap().remove(0);
    assert_eq!(again.possessed(&[]), kept);
    // And the export compares with what was kept.
    let export = s.store.export_citizen("RSSMRA85T10A562S").unwrap().unwrap();
    let rows = &export["bilancio"]["confronti"][0]["confronto"];
    assert_eq!(rows[0]["id"], "cassa", "{rows}");
    assert_eq!(rows[0]["livello_posseduto"], 1, "{rows}");
    assert_eq!(rows[0]["esito"], "sotto_livello", "{rows}");
}
