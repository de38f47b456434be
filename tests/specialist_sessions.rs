//! Counselling sessions and group sessions in the store: each write moves its plan action in
//! the same transaction, versioned and audited; the export and the printed pact show them.

mod common;

use chrono::NaiveDate;
use orienta::data;
use orienta::document::{self, AfterPact};
use orienta::domain::records::{ActionStatus, CitizenData, InterviewKind, Sex};
use orienta::domain::sessions::{CounsellingSession, GroupSession};
use orienta::store::{CreateMode, GroupRefusal, SessionAction, Store, StoreError};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn person(cf: &str, surname: &str) -> CitizenData {
    let mut c = CitizenData::new(
        cf,
        surname,
        "Mario",
        Sex::Male,
        NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
    );
    c.did_date = Some(day(10, 1));
    c
}

/// A store with Rossi (signed pact: A06 typed, 150 and A07 recorded) and Verdi (no pact).
fn setup() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let rossi = store
        .insert_citizen(&person("RSSMRA85T10A562S", "Rossi"))
        .unwrap();
    let verdi = store
        .insert_citizen(&person("VRDMRA85T10A562X", "Verdi"))
        .unwrap();
    let interview = store
        .start_interview(rossi.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, interview.id);
    store.sign_pact(&data, &seen).unwrap();
    (dir, store, rossi.id, verdi.id)
}

fn session(d: u32, closes: bool) -> CounsellingSession {
    CounsellingSession {
        held_on: day(11, d),
        operator: "anna".into(),
        goals: "chiarire l'obiettivo".into(),
        obstacles: "poca fiducia".into(),
        strategies: "bilancio delle esperienze".into(),
        outcome: if closes {
            "progetto professionale definito".into()
        } else {
            String::new()
        },
        next_step: "candidature".into(),
        closes,
    }
}

fn a06(store: &Store, citizen: i64) -> orienta::store::StoredAction {
    store
        .current_plan(citizen)
        .unwrap()
        .into_iter()
        .find(|a| a.data.code == "A06" && !a.automatic)
        .unwrap()
}

#[test]
fn sessions_start_then_conclude_their_a06_action_with_audit_and_versions() {
    let (_dir, mut store, rossi, verdi) = setup();
    let action = a06(&store, rossi);
    assert_eq!(action.data.status, ActionStatus::Programmata);

    let first = store
        .add_counselling_session(
            rossi,
            &session(3, false),
            SessionAction::Existing(action.id),
            "x",
        )
        .unwrap();
    assert_eq!(first.action_id, Some(action.id));
    let started = a06(&store, rossi);
    assert_eq!(started.data.status, ActionStatus::InCorso);
    assert_eq!(started.started_on, Some(day(11, 3)));

    // A second session leaves the start as it was; the closing one concludes it.
    store
        .add_counselling_session(
            rossi,
            &session(10, false),
            SessionAction::Existing(action.id),
            "x",
        )
        .unwrap();
    assert_eq!(a06(&store, rossi).started_on, Some(day(11, 3)));
    let mut closing = session(17, false);
    let last = store
        .add_counselling_session(rossi, &closing, SessionAction::Existing(action.id), "x")
        .unwrap();
    closing.closes = true;
    closing.outcome = "progetto professionale definito".into();
    let changed = store
        .update_counselling_session(last.id, last.version, &closing)
        .unwrap();
    assert_eq!(changed.version, last.version + 1);
    assert!(changed.data.closes);
    let done = a06(&store, rossi);
    assert_eq!(done.data.status, ActionStatus::Conclusa);
    assert_eq!(done.ended_on, Some(day(11, 17)));
    assert_eq!(done.data.outcome, "progetto professionale definito");
    // Corrected, the closing session corrects its action: outcome and end day.
    closing.outcome = "progetto professionale definito e condiviso".into();
    let corrected = store
        .update_counselling_session(last.id, changed.version, &closing)
        .unwrap();
    let done = a06(&store, rossi);
    assert_eq!(
        done.data.outcome,
        "progetto professionale definito e condiviso"
    );
    assert_eq!(done.ended_on, Some(day(11, 17)));
    assert_eq!(done.started_on, Some(day(11, 3)));
    assert_eq!(corrected.version, changed.version + 1);

    // Saving again at the old version is a conflict; nothing changes.
    let stale = store.update_counselling_session(last.id, last.version, &session(18, false));
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );

    // Latest first.
    let listed = store.counselling_sessions(rossi).unwrap();
    let days: Vec<NaiveDate> = listed.iter().map(|s| s.data.held_on).collect();
    assert_eq!(days, [day(11, 17), day(11, 10), day(11, 3)]);
    assert_eq!(listed[1].data.obstacles, "poca fiducia");

    let audit = store.audit_of(rossi).unwrap();
    assert!(audit.iter().any(|e| e.entity == "consulenza"
        && e.entity_id == Some(last.id)
        && e.field == "closes"
        && e.old_value.as_deref() == Some("no")
        && e.new_value.as_deref() == Some("si")));
    assert!(audit.iter().any(|e| e.entity == "azione"
        && e.field == "status"
        && e.new_value.as_deref() == Some("conclusa")));

    // An action that is not the person's A06 is refused; a person without a pact too.
    let other = store.add_counselling_session(
        verdi,
        &session(3, false),
        SessionAction::Existing(action.id),
        "x",
    );
    assert!(
        matches!(other, Err(StoreError::NotFound { .. })),
        "{other:?}"
    );
    let none =
        store.add_counselling_session(verdi, &session(3, false), SessionAction::NewInPlan, "x");
    assert!(matches!(none, Err(StoreError::NoSignedPact)), "{none:?}");
    assert!(store.counselling_sessions(verdi).unwrap().is_empty());
}

#[test]
fn a_session_without_an_open_a06_records_one_in_the_signed_plan() {
    let (_dir, mut store, rossi, _) = setup();
    let before = store.current_plan(rossi).unwrap().len();
    let s = store
        .add_counselling_session(
            rossi,
            &session(5, true),
            SessionAction::NewInPlan,
            "Consulenza orientativa",
        )
        .unwrap();
    let plan = store.current_plan(rossi).unwrap();
    assert_eq!(plan.len(), before + 1);
    let new = plan.iter().find(|a| Some(a.id) == s.action_id).unwrap();
    assert_eq!(new.data.code, "A06");
    assert_eq!(new.data.status, ActionStatus::Conclusa);
    assert_eq!(new.started_on, Some(day(11, 5)));
    assert_eq!(new.data.outcome, "progetto professionale definito");
}

fn workshop(d: u32) -> GroupSession {
    GroupSession {
        code: "B03".into(),
        held_on: day(11, d),
        topic: "Prepararsi al colloquio di lavoro".into(),
        operator: "anna".into(),
        place: "Sala 2".into(),
    }
}

#[test]
fn a_group_session_records_an_action_per_participant_and_follows_attendance() {
    let (dir, mut store, rossi, verdi) = setup();
    let older = store.add_group_session(&workshop(2)).unwrap();
    let g = store.add_group_session(&workshop(20)).unwrap();
    // One session, once: the same code, day and topic again is refused.
    let again = store.add_group_session(&workshop(20));
    assert!(
        matches!(again, Err(StoreError::Group(GroupRefusal::Duplicate))),
        "{again:?}"
    );
    let to_older = store.update_group_session(g.id, g.version, &workshop(2));
    assert!(matches!(
        to_older,
        Err(StoreError::Group(GroupRefusal::Duplicate))
    ));
    let listed: Vec<i64> = store
        .group_sessions()
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [g.id, older.id], "newest first");

    // Verdi has no signed pact: refused, nothing recorded.
    let refused = store.add_participant(g.id, verdi);
    assert!(
        matches!(refused, Err(StoreError::NoSignedPact)),
        "{refused:?}"
    );
    assert!(refused.unwrap_err().to_string().contains("patto firmato"));
    assert!(store.participants(g.id).unwrap().is_empty());

    let p = store.add_participant(g.id, rossi).unwrap();
    let action = store
        .current_plan(rossi)
        .unwrap()
        .into_iter()
        .find(|a| Some(a.id) == p.action_id)
        .unwrap();
    assert_eq!(action.data.code, "B03");
    assert_eq!(action.data.status, ActionStatus::Programmata);
    assert_eq!(action.data.due_date, Some(day(11, 20)));
    assert_eq!(action.data.description, "Prepararsi al colloquio di lavoro");
    let twice = store.add_participant(g.id, rossi);
    assert!(
        matches!(twice, Err(StoreError::Group(GroupRefusal::AlreadyIn))),
        "{twice:?}"
    );

    // A new date moves the due date of the action still programmed; the code stays.
    let moved = store
        .update_group_session(g.id, g.version, &workshop(21))
        .unwrap();
    let due = |store: &Store| {
        store
            .current_plan(rossi)
            .unwrap()
            .into_iter()
            .find(|a| Some(a.id) == p.action_id)
            .unwrap()
    };
    assert_eq!(due(&store).data.due_date, Some(day(11, 21)));
    let mut seminar = workshop(21);
    seminar.code = "A06".into();
    let fixed = store.update_group_session(g.id, moved.version, &seminar);
    assert!(matches!(
        fixed,
        Err(StoreError::Group(GroupRefusal::CodeFixed))
    ));

    // Not before the day; then present concludes the action, once.
    let early = store.mark_attendance(g.id, rossi, p.version, true, day(11, 20));
    assert!(matches!(
        early,
        Err(StoreError::Group(GroupRefusal::BeforeTheSession))
    ));
    store
        .mark_attendance(g.id, rossi, p.version, true, day(11, 26))
        .unwrap();
    let done = due(&store);
    assert_eq!(done.data.status, ActionStatus::Conclusa);
    assert_eq!(done.data.outcome, "presente");
    assert_eq!(done.ended_on, Some(day(11, 21)));
    let now = store.participants(g.id).unwrap().remove(0);
    assert_eq!(now.attended, Some(true));
    let again = store.mark_attendance(g.id, rossi, now.version, false, day(11, 26));
    assert!(matches!(
        again,
        Err(StoreError::Group(GroupRefusal::AttendanceMarked))
    ));
    let stale = store.mark_attendance(g.id, rossi, p.version, false, day(11, 26));
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let removed = store.remove_participant(g.id, rossi, now.version, day(11, 26));
    assert!(matches!(
        removed,
        Err(StoreError::Group(GroupRefusal::AttendanceMarked))
    ));
    assert_eq!(store.group_session(g.id).unwrap().present, 1);
    // With attendance marked the session took place that day: its date stays.
    let current = store.group_session(g.id).unwrap();
    let mut later = current.data.clone();
    later.held_on = day(12, 10);
    assert!(matches!(
        store.update_group_session(g.id, current.version, &later),
        Err(StoreError::Group(GroupRefusal::DateFixed))
    ));

    // Absent cancels; removed before marking cancels too, and the person leaves the list.
    let p2 = store.add_participant(older.id, rossi).unwrap();
    store
        .remove_participant(older.id, rossi, p2.version, day(11, 26))
        .unwrap();
    assert!(store.participants(older.id).unwrap().is_empty());
    let cancelled = store
        .current_plan(rossi)
        .unwrap()
        .into_iter()
        .find(|a| Some(a.id) == p2.action_id)
        .unwrap();
    assert_eq!(cancelled.data.status, ActionStatus::Annullata);

    let audit = store.audit_of(rossi).unwrap();
    assert!(audit.iter().any(|e| e.entity == "partecipante"
        && e.entity_id == Some(g.id)
        && e.field == "attended"
        && e.new_value.as_deref() == Some("presente")));

    // The export names both activities.
    let export = store.export_citizen("RSSMRA85T10A562S").unwrap().unwrap();
    assert_eq!(export["incontri_di_gruppo"][0]["codice"], "B03");
    assert_eq!(export["incontri_di_gruppo"][0]["presente"], true);
    assert!(export["consulenze"].as_array().unwrap().is_empty());
    drop(store);
    // The audit of the session itself (no person) is in the log too.
    let store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let entries: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'incontro' AND entity_id = ?1",
            [g.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(entries >= 5, "{entries}");
}

#[test]
fn the_printed_pact_lists_the_activities_after_it_without_section_d() {
    let (_dir, mut store, rossi, _) = setup();
    let data = data::load_defaults().unwrap();
    let action = a06(&store, rossi);
    store
        .add_counselling_session(
            rossi,
            &session(5, true),
            SessionAction::Existing(action.id),
            "x",
        )
        .unwrap();
    let g = store.add_group_session(&workshop(6)).unwrap();
    let p = store.add_participant(g.id, rossi).unwrap();
    store
        .mark_attendance(g.id, rossi, p.version, false, day(11, 26))
        .unwrap();
    let plan = store.current_plan(rossi).unwrap();
    let after = AfterPact::from_plan(&plan, &data.actions, day(11, 26)).unwrap();
    // Not the actions the signing recorded (150, A07).
    let codes: Vec<&str> = after.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["A06", "B03"]);
    let pact = store.pact_versions_of(rossi).unwrap().remove(0);
    let text = document::text_with(&pact, None, Some(&after));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Attività dopo il patto"), "{text}");
    assert!(flat.contains("Situazione al 26/11/2026"), "{text}");
    assert!(
        flat.contains(
            "(Colloquio di orientamento): iniziata il 05/11/2026, conclusa il 05/11/2026; \
             esito: progetto professionale definito"
        ),
        "{text}"
    );
    assert!(
        flat.contains("(Prepararsi al colloquio di lavoro): annullata il 06/11/2026"),
        "{text}"
    );
    // The section comes after the signatures: not part of what was signed.
    let signatures = text.find("Firme").unwrap();
    assert!(text.find("Attività dopo il patto").unwrap() > signatures);
    // Without it, the document is as before.
    assert!(!document::text(&pact, None).contains("Attività dopo il patto"));
    // A plan with nothing done after the pact: no section.
    let untouched = store.current_plan(rossi).unwrap();
    let none: Vec<_> = untouched
        .into_iter()
        .filter(|a| a.data.status == ActionStatus::Programmata || a.automatic)
        .collect();
    assert!(AfterPact::from_plan(&none, &data.actions, day(11, 26)).is_none());

    // The PDF carries it too, as text a reader can copy; section D never appears.
    let bytes = document::pdf_with(&pact, None, Some(&after)).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let pdf = doc.extract_text(&pages).unwrap();
    let pdf_flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pdf_flat.contains("Attività dopo il patto"), "{pdf}");
    assert!(
        pdf_flat.contains("progetto professionale definito"),
        "{pdf}"
    );
    let json = document::json_with(&pact, None, Some(&after));
    assert_eq!(json["attivita_dopo_il_patto"]["azioni"][0]["codice"], "A06");
    assert!(json["contenuto"].get("attivita_dopo_il_patto").is_none());
    let d_names: Vec<String> = data
        .instrument
        .sections
        .iter()
        .filter(|s| s.id == "D")
        .flat_map(|s| s.areas.iter().map(|a| a.name.clone()))
        .collect();
    for shown in [&flat, &pdf_flat, &json.to_string()] {
        for name in &d_names {
            assert!(!shown.contains(name.as_str()), "{name}");
        }
        for word in shown.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '.')) {
            let word = word.trim_end_matches('.');
            assert!(!["D1", "D2", "D3", "D4", "D5"].contains(&word), "{word}");
        }
    }
}
