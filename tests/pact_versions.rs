//! The life of a pact after signing: a new version starts from the last signed one, lists what
//! changed, the signed plan is followed up from the card, the interview is recorded as actions.

use chrono::NaiveDate;
use orienta::data;
use orienta::domain::records::{
    ActionKind, ActionStatus, CitizenData, InterviewKind, PlannedAction, Sex,
};
use orienta::domain::reference::ReferenceData;
use orienta::store::{CreateMode, Entity, FollowUp, Store, StoreError, TextField};

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
    c.birth_place = "Bagno a Ripoli".into();
    c.did_date = Some(date(2026, 10, 1));
    c.education = "diploma".into();
    c
}

use common::seen;

fn b03() -> PlannedAction {
    PlannedAction {
        code: "B03".into(),
        kind: ActionKind::Cpi,
        description: "Accompagnamento".into(),
        due_date: Some(date(2027, 1, 15)),
        status: ActionStatus::Programmata,
        outcome: String::new(),
    }
}

struct Setup {
    store: Store,
    data: ReferenceData,
    citizen: i64,
    _dir: tempfile::TempDir,
}

/// Rossi with a signed version 1: A06 and B03 in the plan (and a concluded C06, not carried).
fn signed_v1() -> (Setup, i64) {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    store.set_cpi("CPI di Firenze");
    let citizen = store.insert_citizen(&rossi()).unwrap().id;
    let i = store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    assert_eq!(i.carried_from_pact, None);
    common::complete_interview(&mut store, &data, i.id);
    let v = store.interview(i.id).unwrap().version;
    let (_, v) = store.add_action(i.id, v, &b03()).unwrap();
    let mut done = b03();
    done.code = "C06".into();
    done.status = ActionStatus::Conclusa;
    store.add_action(i.id, v, &done).unwrap();
    let pact = store.sign_pact(&data, &seen(&store, i.id)).unwrap();
    assert_eq!(pact.version, 1);
    (
        Setup {
            store,
            data,
            citizen,
            _dir: dir,
        },
        i.id,
    )
}

#[test]
fn signing_records_the_interview_as_concluded_actions_dated_the_interview_day() {
    let (s, first) = signed_v1();
    let actions = s.store.actions_of(first).unwrap();
    let automatic: Vec<&str> = actions
        .iter()
        .filter(|a| a.automatic)
        .map(|a| a.data.code.as_str())
        .collect();
    // A DID interview with the assessment done; no topic of the informative interview covered.
    assert_eq!(automatic, ["150", "A07"]);
    let interview = s.store.interview(first).unwrap();
    let day = NaiveDate::parse_from_str(&interview.started_at[..10], "%Y-%m-%d").unwrap();
    for a in actions.iter().filter(|a| a.automatic) {
        assert_eq!(a.data.status, ActionStatus::Conclusa);
        assert_eq!((a.data.due_date, a.ended_on), (Some(day), Some(day)));
    }
    let pact = s.store.pact_versions_of(s.citizen).unwrap().remove(0);
    let c = &pact.content;
    assert_eq!(c["formato"], 2);
    assert_eq!(c["cpi"], "CPI di Firenze");
    assert_eq!(c["data_colloquio"], day.to_string());
    assert_eq!(c["modifiche"], serde_json::json!([]));
    assert_eq!(c["cittadino"]["luogo_nascita"], "Bagno a Ripoli");
    assert_eq!(c["cittadino"]["data_did"], "2026-10-01");
    assert_eq!(c["cittadino"]["sesso"], "M");
    assert_eq!(c["propensioni"][0]["titolo"], "Magazziniere");
    assert_eq!(
        c["propensioni"][0]["provenienza"],
        serde_json::json!(["lavoro"])
    );
    let plan = c["atti_di_ricerca_attiva"].as_array().unwrap();
    let coded: Vec<(&str, bool)> = plan
        .iter()
        .map(|a| (a["codice"].as_str().unwrap(), a["automatica"] == true))
        .collect();
    assert_eq!(
        coded,
        [
            ("A06", false),
            ("B03", false),
            ("C06", false),
            ("150", true),
            ("A07", true)
        ]
    );
    assert_eq!(
        plan[0]["nome"],
        s.data.actions.name("A06").unwrap(),
        "each action with its catalogue name"
    );
    let text = c.to_string();
    for secret in ["fragil", "servizi_sociali_coinvolti", "\"D1\""] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn an_other_interview_with_an_informative_topic_records_a05_and_no_150() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let citizen = store.insert_citizen(&rossi()).unwrap().id;
    let i = store
        .start_interview(citizen, InterviewKind::Altro)
        .unwrap();
    common::complete_interview(&mut store, &data, i.id);
    // The required topics and one of the informative interview's (the youth programme, for
    // one, does not concern everyone): the informative interview took place.
    let mut covered: Vec<String> = data
        .info_topics
        .iter()
        .filter(|t| !t.a05)
        .map(|t| t.id.clone())
        .collect();
    covered.push("servizi".into());
    let v = store.interview(i.id).unwrap().version;
    store.set_info_items(i.id, v, &covered).unwrap();
    store.sign_pact(&data, &seen(&store, i.id)).unwrap();
    let automatic: Vec<String> = store
        .actions_of(i.id)
        .unwrap()
        .into_iter()
        .filter(|a| a.automatic)
        .map(|a| a.data.code)
        .collect();
    assert_eq!(automatic, ["A05"]);
}

#[test]
fn the_catalogue_decides_the_codes_the_signing_records() {
    use orienta::domain::reference::AtSigning;
    let data = data::load_defaults().unwrap();
    let code = |w| data.actions.at_signing(w).map(|a| a.code.as_str());
    assert_eq!(code(AtSigning::Interview), Some("150"));
    assert_eq!(code(AtSigning::Informative), Some("A05"));
    assert_eq!(code(AtSigning::Assessment), Some("A07"));
}

#[test]
fn a_new_interview_starts_from_the_last_signed_version() {
    let (mut s, first) = signed_v1();
    let old = s.store.interview(first).unwrap();
    let pact = s.store.pact_versions_of(s.citizen).unwrap().remove(0);
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    assert_eq!(second.carried_from_pact, Some(pact.id));
    assert_eq!(second.terms, old.terms);
    assert_eq!(second.expectations, old.expectations);
    assert_eq!(second.info_items, old.info_items);
    assert_eq!(second.answers, old.answers);
    assert_eq!(second.checklist, old.checklist);
    let plan = s.store.actions_of(second.id).unwrap();
    let carried: Vec<(&str, Option<i64>)> = plan
        .iter()
        .map(|a| (a.data.code.as_str(), a.carried_from))
        .collect();
    let old_plan = s.store.actions_of(first).unwrap();
    // Open actions only: not C06 (concluded), not 150 and A07 (recorded by the signing).
    assert_eq!(
        carried,
        [("A06", Some(old_plan[0].id)), ("B03", Some(old_plan[1].id))]
    );
    assert_eq!(plan[1].data, old_plan[1].data);
    assert!(plan.iter().all(|a| !a.automatic && a.version == 1));
    assert!(
        s.store
            .audit_of(s.citizen)
            .unwrap()
            .iter()
            .any(|e| e.field == "ripreso_dal_patto")
    );
}

#[test]
fn an_other_interview_does_not_take_the_assessment() {
    let (mut s, _) = signed_v1();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Altro)
        .unwrap();
    assert!(second.carried_from_pact.is_some());
    assert_eq!(second.terms.contact_frequency, "mensile");
    assert!(second.answers.is_empty());
}

#[test]
fn version_two_lists_what_changed_and_version_one_stays_as_signed() {
    let (mut s, first) = signed_v1();
    let v1 = s.store.pact_versions_of(s.citizen).unwrap().remove(0);
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    // The plan is there; one action changes.
    let b = s.store.actions_of(second.id).unwrap().remove(1);
    assert_eq!(b.data.code, "B03");
    let mut changed = b.data.clone();
    changed.due_date = Some(date(2027, 2, 28));
    s.store.update_action(b.id, b.version, &changed).unwrap();
    let v = s.store.interview(second.id).unwrap().version;
    s.store
        .set_text(second.id, v, TextField::ContactFrequency, "quindicinale")
        .unwrap();
    let v2 = s
        .store
        .sign_pact(&s.data, &seen(&s.store, second.id))
        .unwrap();
    assert_eq!((v2.number.as_str(), v2.version), (v1.number.as_str(), 2));
    let changes: Vec<String> = v2.content["modifiche"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.contains("B03") && c.contains("28/02/2027")),
        "{changes:#?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("quindicinale")),
        "{changes:#?}"
    );
    assert!(changes.iter().any(|c| c.contains("C06")), "{changes:#?}");
    assert_eq!(changes.len(), 3, "{changes:#?}");
    let again = s.store.pact_versions_of(s.citizen).unwrap();
    assert_eq!(again[0], v1, "version 1 as signed");
    // Version 2's own interview is recorded, version 1's automatic actions stay with it.
    let codes: Vec<String> = s
        .store
        .actions_of(second.id)
        .unwrap()
        .into_iter()
        .map(|a| a.data.code)
        .collect();
    assert_eq!(codes, ["A06", "B03", "150", "A07"]);
    assert_eq!(s.store.actions_of(first).unwrap().len(), 5);
}

#[test]
fn the_signed_plan_is_followed_up_with_an_audit_and_the_pact_unchanged() {
    let (mut s, first) = signed_v1();
    let v1 = s.store.pact_versions_of(s.citizen).unwrap().remove(0);
    let plan = s.store.current_plan(s.citizen).unwrap();
    assert_eq!(plan, s.store.actions_of(first).unwrap());
    let b = plan[1].clone();
    let update = FollowUp {
        status: ActionStatus::InCorso,
        outcome: "primo incontro fatto".into(),
        due_date: Some(date(2027, 1, 31)),
        started_on: Some(date(2026, 12, 1)),
        ended_on: None,
    };
    let after = s.store.follow_up_action(b.id, b.version, &update).unwrap();
    assert_eq!(after.version, b.version + 1);
    assert_eq!(FollowUp::of(&after), update);
    let audit = s.store.audit_of(s.citizen).unwrap();
    let fields: Vec<(&str, Option<&str>)> = audit
        .iter()
        .filter(|e| e.entity == "azione" && e.entity_id == Some(b.id))
        .map(|e| (e.field.as_str(), e.new_value.as_deref()))
        .collect();
    for expected in [
        ("status", Some("in_corso")),
        ("outcome", Some("primo incontro fatto")),
        ("due_date", Some("2027-01-31")),
        ("started_on", Some("2026-12-01")),
    ] {
        assert!(fields.contains(&expected), "{expected:?} in {fields:?}");
    }
    assert!(audit.iter().all(|e| e.operator == "anna"));
    assert_eq!(s.store.pact_versions_of(s.citizen).unwrap()[0], v1);

    // The version seen is checked.
    assert!(matches!(
        s.store.follow_up_action(b.id, b.version, &update),
        Err(StoreError::Conflict {
            entity: Entity::Action,
            ..
        })
    ));
}

#[test]
fn the_follow_up_is_only_for_signed_plans() {
    let (mut s, _) = signed_v1();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    let copy = s.store.actions_of(second.id).unwrap().remove(0);
    let update = FollowUp::of(&copy);
    assert!(matches!(
        s.store.follow_up_action(copy.id, copy.version, &update),
        Err(StoreError::NotSigned(id)) if id == second.id
    ));
    // And a signed plan is not edited as a draft's.
    let original = s.store.action(copy.carried_from.unwrap()).unwrap();
    assert!(matches!(
        s.store
            .update_action(original.id, original.version, &original.data),
        Err(StoreError::InterviewClosed(_))
    ));
}

#[test]
fn a_draft_copy_follows_the_update_until_the_draft_changes_it() {
    let (mut s, _) = signed_v1();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    let copies = s.store.actions_of(second.id).unwrap();
    let (a06, b03) = (copies[0].clone(), copies[1].clone());
    let update = |status| FollowUp {
        status,
        outcome: String::new(),
        due_date: Some(date(2027, 1, 15)),
        started_on: Some(date(2026, 12, 2)),
        ended_on: None,
    };
    // Untouched copy: follows.
    let original = s.store.action(b03.carried_from.unwrap()).unwrap();
    s.store
        .follow_up_action(
            original.id,
            original.version,
            &update(ActionStatus::InCorso),
        )
        .unwrap();
    let copy = s.store.action(b03.id).unwrap();
    assert_eq!(copy.data.status, ActionStatus::InCorso);
    assert_eq!(copy.started_on, Some(date(2026, 12, 2)));
    // Changed in the draft: left as the operator made it.
    let mut mine = a06.data.clone();
    mine.outcome = "da rivedere".into();
    s.store.update_action(a06.id, a06.version, &mine).unwrap();
    let original = s.store.action(a06.carried_from.unwrap()).unwrap();
    s.store
        .follow_up_action(
            original.id,
            original.version,
            &update(ActionStatus::Annullata),
        )
        .unwrap();
    let copy = s.store.action(a06.id).unwrap();
    assert_eq!(copy.data.status, ActionStatus::Programmata);
    assert_eq!(copy.data.outcome, "da rivedere");
}

#[test]
fn the_cpi_is_a_global_option() {
    use clap::Parser;
    let cli =
        orienta::cli::Cli::try_parse_from(["orienta", "--cpi", "CPI di Prato", "backup", "x"])
            .unwrap();
    assert_eq!(cli.cpi.as_deref(), Some("CPI di Prato"));
    let cli =
        orienta::cli::Cli::try_parse_from(["orienta", "backup", "x", "--cpi", "CPI di Siena"])
            .unwrap();
    assert_eq!(cli.cpi.as_deref(), Some("CPI di Siena"));
}

#[test]
fn without_a_cpi_the_content_says_so_with_an_empty_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let citizen = store.insert_citizen(&rossi()).unwrap().id;
    let i = store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    common::complete_interview(&mut store, &data, i.id);
    let pact = store.sign_pact(&data, &seen(&store, i.id)).unwrap();
    assert_eq!(pact.content["cpi"], "");
}

#[test]
fn two_did_interviews_share_the_change_of_percorso_with_the_agreement_and_the_checklist() {
    use orienta::domain::records::ChecklistEntry;
    use orienta::domain::scoring::PathChange;
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let mut person = rossi();
    person.special_categories = vec!["servizi_sociali".into()];
    let citizen = store.insert_citizen(&person).unwrap().id;
    let first = store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    common::complete_interview(&mut store, &data, first.id);
    let change = PathChange {
        path: 4,
        category: "servizi_sociali".into(),
        note: "seguito dai servizi del comune".into(),
        agreed: true,
    };
    let v = store.interview(first.id).unwrap().version;
    let v = store.set_path_change(first.id, v, Some(&change)).unwrap();
    let v = store
        .set_text(first.id, v, TextField::FinalNote, "nota finale")
        .unwrap();
    let entry = ChecklistEntry {
        dimension: data.checklist.dimensions[0].id.clone(),
        rating: Some(data.checklist.ratings[0].id.clone()),
        note: "ok".into(),
    };
    store.set_checklist(first.id, v, &entry).unwrap();
    store
        .connection()
        .execute(
            "UPDATE interviews SET override_agreed = 1, fragility_note = 'riservata',
                social_services_involved = 1 WHERE id = ?1",
            [first.id],
        )
        .unwrap();
    store.sign_pact(&data, &seen(&store, first.id)).unwrap();

    let second = store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    // The change of percorso is carried; the person's agreement is asked again.
    assert_eq!(
        second.path_change,
        Some(PathChange {
            agreed: false,
            ..change
        })
    );
    assert_eq!(second.final_note, "nota finale");
    assert_eq!(second.checklist, [entry]);
    // What only the operator of that sitting knows is not carried.
    assert_eq!(second.fragility_note, "");
    assert_eq!(second.social_services_involved, None);
    let agreed: Option<i64> = store
        .connection()
        .query_row(
            "SELECT override_agreed FROM interviews WHERE id = ?1",
            [second.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(agreed, None);
}

#[test]
fn an_activity_moves_its_plan_action_forward_audited_and_never_reopens_it() {
    use orienta::domain::records::ActionStep;
    let (mut s, _) = signed_v1();
    let plan = s.store.current_plan(s.citizen).unwrap();
    let b03 = plan.iter().find(|a| a.data.code == "B03").unwrap().id;
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    s.store
        .step_plan_action(s.citizen, b03, &ActionStep::Started(day(2)))
        .unwrap();
    let started = s.store.action(b03).unwrap();
    assert_eq!(started.data.status, ActionStatus::InCorso);
    assert_eq!(started.started_on, Some(day(2)));
    let ended = ActionStep::Ended {
        on: day(20),
        outcome: "assunto".into(),
    };
    s.store.step_plan_action(s.citizen, b03, &ended).unwrap();
    let done = s.store.action(b03).unwrap();
    assert_eq!(done.data.status, ActionStatus::Conclusa);
    assert_eq!(done.data.outcome, "assunto");
    assert_eq!(done.ended_on, Some(day(20)));
    // A later session does not reopen it.
    s.store
        .step_plan_action(s.citizen, b03, &ActionStep::Started(day(21)))
        .unwrap();
    assert_eq!(s.store.action(b03).unwrap().version, done.version);
    let audit = s.store.audit_of(s.citizen).unwrap();
    assert!(audit.iter().any(|e| e.entity == "azione"
        && e.entity_id == Some(b03)
        && e.field == "status"
        && e.new_value.as_deref() == Some("conclusa")));
    // Another person's action is not found.
    let mut other = rossi();
    other.codice_fiscale = "VRDLGU80A01D612R".into();
    other.surname = "Verdi".into();
    let other = s.store.insert_citizen(&other).unwrap().id;
    assert!(matches!(
        s.store
            .step_plan_action(other, b03, &ActionStep::Started(day(2))),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn an_activity_records_a_new_action_in_the_signed_plan_only() {
    let (mut s, first) = signed_v1();
    let before = s.store.pact_versions_of(s.citizen).unwrap();
    let mut seminar = b03();
    seminar.code = "A06".into();
    seminar.description = "Seminario sul colloquio di lavoro".into();
    let id = s.store.record_plan_action(s.citizen, &seminar).unwrap();
    let plan = s.store.current_plan(s.citizen).unwrap();
    assert!(plan.iter().any(|a| a.id == id && a.interview_id == first));
    assert_eq!(s.store.pact_versions_of(s.citizen).unwrap(), before);
    let mut unsigned = rossi();
    unsigned.codice_fiscale = "VRDLGU80A01D612R".into();
    let unsigned = s.store.insert_citizen(&unsigned).unwrap().id;
    assert!(matches!(
        s.store.record_plan_action(unsigned, &seminar),
        Err(StoreError::NoSignedPact)
    ));
}

#[test]
fn a_follow_up_of_a_plan_replaced_by_a_newer_version_is_refused() {
    let (mut s, _) = signed_v1();
    let old = s.store.current_plan(s.citizen).unwrap();
    let b03 = old.iter().find(|a| a.data.code == "B03").unwrap().clone();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    let v2 = s.store.sign_pact(&s.data, &seen(&s.store, second.id));
    assert!(v2.is_ok(), "{v2:?}");
    let mut update = FollowUp::of(&b03);
    update.status = ActionStatus::InCorso;
    assert!(matches!(
        s.store.follow_up_action(b03.id, b03.version, &update),
        Err(StoreError::PlanReplaced)
    ));
    // The plan in force takes it.
    let current = s.store.current_plan(s.citizen).unwrap();
    let copy = current.iter().find(|a| a.data.code == "B03").unwrap();
    assert_eq!(copy.interview_id, second.id);
    s.store
        .follow_up_action(copy.id, copy.version, &update)
        .unwrap();
}

#[test]
fn an_action_concluded_from_the_card_is_not_listed_as_removed_in_the_next_version() {
    let (mut s, _) = signed_v1();
    let plan = s.store.current_plan(s.citizen).unwrap();
    let b03 = plan.iter().find(|a| a.data.code == "B03").unwrap().clone();
    let mut update = FollowUp::of(&b03);
    update.status = ActionStatus::Conclusa;
    update.started_on = NaiveDate::from_ymd_opt(2026, 11, 2);
    update.ended_on = NaiveDate::from_ymd_opt(2026, 11, 20);
    s.store
        .follow_up_action(b03.id, b03.version, &update)
        .unwrap();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    let v2 = s
        .store
        .sign_pact(&s.data, &seen(&s.store, second.id))
        .unwrap();
    let changes: Vec<String> = v2.content["modifiche"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("Azione conclusa") && c.contains("B03")),
        "{changes:?}"
    );
    assert!(!changes.iter().any(|c| c.contains("tolta")), "{changes:?}");
}

#[test]
fn pact_numbers_follow_each_other_within_the_year_whatever_the_versions() {
    let (mut s, _) = signed_v1();
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    s.store
        .sign_pact(&s.data, &seen(&s.store, second.id))
        .unwrap();
    let mut other = rossi();
    other.codice_fiscale = "VRDLGU80A01D612R".into();
    other.surname = "Verdi".into();
    let other = s.store.insert_citizen(&other).unwrap().id;
    let i = s
        .store
        .start_interview(other, InterviewKind::Did150)
        .unwrap();
    common::complete_interview(&mut s.store, &s.data, i.id);
    let v = s.store.interview(i.id).unwrap().version;
    s.store.add_action(i.id, v, &b03()).unwrap();
    let pact = s.store.sign_pact(&s.data, &seen(&s.store, i.id)).unwrap();
    let first = s.store.pact_versions_of(s.citizen).unwrap().remove(0);
    let progressive = |n: &str| n.rsplit('-').next().unwrap().parse::<i64>().unwrap();
    assert_eq!(progressive(&pact.number), progressive(&first.number) + 1);
    assert_eq!(pact.version, 1);
}

#[test]
fn an_activity_on_an_action_of_a_replaced_plan_moves_the_copy_in_force() {
    use orienta::domain::records::ActionStep;
    let (mut s, _) = signed_v1();
    let old = s.store.current_plan(s.citizen).unwrap();
    let b03 = old.iter().find(|a| a.data.code == "B03").unwrap().id;
    let second = s
        .store
        .start_interview(s.citizen, InterviewKind::Did150)
        .unwrap();
    s.store
        .sign_pact(&s.data, &seen(&s.store, second.id))
        .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    // The activity still links the v1 action: the v2 copy is the one that moves.
    s.store
        .step_plan_action(
            s.citizen,
            b03,
            &ActionStep::Ended {
                on: day,
                outcome: "assunzione".into(),
            },
        )
        .unwrap();
    let plan = s.store.current_plan(s.citizen).unwrap();
    let copy = plan.iter().find(|a| a.data.code == "B03").unwrap();
    assert_eq!(copy.carried_from, Some(b03));
    assert_eq!(copy.data.status, ActionStatus::Conclusa);
    assert_eq!(copy.data.outcome, "assunzione");
    assert_eq!(
        s.store.action(b03).unwrap().data.status,
        ActionStatus::Programmata
    );
}
