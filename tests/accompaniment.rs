//! Accompagnamento al lavoro (B03): the contract data, the store (the hiring closes the
//! accompaniment and its actions, audited, versioned), the screen from the card and its forms,
//! the export.

mod common;

use chrono::NaiveDate;
use common::TestApp;
use orienta::data::{self, Problem};
use orienta::domain::accompaniment::{
    DurationRule, EventData, EventKind, HiringInput, check_hiring,
};
use orienta::domain::records::{ActionKind, ActionStatus, PlannedAction};
use orienta::store::{AccompanimentError, Entity, Link, StoreError};
use orienta::ui::app::Screen;
use orienta::ui::screens::accompaniment::AccompanimentScreen;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

// --- The contract data ------------------------------------------------------------------

fn contracts_error(text: &str) -> (data::DataError, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(data::CONTRACTS_FILE), text).unwrap();
    let error = data::load(Some(dir.path())).expect_err("refused");
    assert_eq!(
        error.file,
        dir.path().join(data::CONTRACTS_FILE).display().to_string()
    );
    let message = error.to_string();
    assert!(message.contains("contratti.toml"), "{message}");
    (error, message)
}

#[test]
fn the_shipped_contracts_load_with_their_durations() {
    let d = data::load_defaults().unwrap();
    let ids: Vec<&str> = d.contracts.iter().map(|c| c.id.as_str()).collect();
    assert!(ids.contains(&"tempo_indeterminato"), "{ids:?}");
    assert!(!ids.iter().any(|id| id.contains("tirocinio")), "{ids:?}");
    let rule = |id: &str| d.contracts.iter().find(|c| c.id == id).unwrap().duration;
    assert_eq!(rule("tempo_indeterminato"), DurationRule::Absent);
    assert_eq!(rule("tempo_determinato"), DurationRule::Required);
    assert_eq!(rule("intermittente"), DurationRule::Optional);
}

#[test]
fn a_contract_file_in_the_data_directory_replaces_the_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(data::CONTRACTS_FILE),
        "contratti = [{ id = \"stagionale\", nome = \"Lavoro stagionale\", durata = \"obbligatoria\" }]\n",
    )
    .unwrap();
    let d = data::load(Some(dir.path())).unwrap();
    assert_eq!(d.contracts.len(), 1);
    assert_eq!(d.contracts[0].name, "Lavoro stagionale");
    assert_eq!(d.contracts[0].duration, DurationRule::Required);
}

#[test]
fn broken_contract_files_name_the_entry_and_the_problem() {
    let one = |id: &str, nome: &str, durata: &str| {
        format!("{{ id = \"{id}\", nome = \"{nome}\", durata = \"{durata}\" }}")
    };
    let file = |entries: &[String]| format!("contratti = [{}]\n", entries.join(", "));
    let (e, m) = contracts_error(&file(&[one("td", "Tempo determinato", "a termine")]));
    assert_eq!(e.entry, "contratto td");
    assert_eq!(e.problem, Problem::UnknownDuration("a termine".into()));
    assert!(m.contains("obbligatoria") && m.contains("assente"), "{m}");
    let (e, _) = contracts_error(&file(&[
        one("td", "Tempo determinato", "obbligatoria"),
        one("td", "Altro", "assente"),
    ]));
    assert_eq!(e.problem, Problem::Duplicate("td".into()));
    let (e, _) = contracts_error(&file(&[
        one("td", "Tempo determinato", "obbligatoria"),
        one("td2", "tempo  determinato", "obbligatoria"),
    ]));
    assert_eq!(e.entry, "contratto td2");
    assert!(matches!(e.problem, Problem::DuplicateName(_)));
    let (e, _) = contracts_error(&file(&[one("Tempo Det", "x", "assente")]));
    assert_eq!(e.problem, Problem::BadId("Tempo Det".into()));
    let (e, _) = contracts_error(&file(&[one("td", " ", "assente")]));
    assert_eq!(e.problem, Problem::Blank("nome"));
    let (e, _) = contracts_error("contratti = []\n");
    assert_eq!(e.problem, Problem::EmptyList("contratti"));
    let (e, _) = contracts_error("contratti = [{ id = \"td\", nome = \"x\" }]\n");
    assert!(matches!(e.problem, Problem::Syntax { .. }), "{e:?}");
}

// --- A person with a signed pact ----------------------------------------------------------

fn screen(t: &TestApp) -> &AccompanimentScreen {
    match &t.app.screen {
        Screen::Accompaniment(s) => s,
        _ => panic!("not on the accompaniment screen: {}", t.message()),
    }
}

fn citizen_id(t: &TestApp) -> i64 {
    t.app
        .store
        .citizen_by_cf("RSSMRA85T10A562S")
        .unwrap()
        .unwrap()
        .id
}

/// Rossi with a signed pact (A06 typed; 150 and A07 recorded), on his card.
fn signed() -> TestApp {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let data = data::load_defaults().unwrap();
    let id = match &t.app.screen {
        Screen::Interview(i) => i.interview.id,
        _ => panic!("interview expected: {}", t.message()),
    };
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-f", "f"]);
    assert!(matches!(t.app.screen, Screen::Card(_)), "{}", t.message());
    t
}

fn b03(description: &str) -> PlannedAction {
    PlannedAction {
        code: "B03".into(),
        kind: ActionKind::Cpi,
        description: description.into(),
        due_date: Some(day(12, 31)),
        status: ActionStatus::Programmata,
        outcome: String::new(),
    }
}

fn action_status(t: &TestApp, id: i64) -> (ActionStatus, String) {
    let plan = t.app.store.current_plan(citizen_id(t)).unwrap();
    let a = plan.iter().find(|a| a.id == id).unwrap();
    (a.data.status, a.data.outcome.clone())
}

fn hiring(code: &str, hired: &str) -> orienta::domain::accompaniment::Hiring {
    let contracts = data::load_defaults().unwrap().contracts;
    check_hiring(
        &HiringInput {
            employer_name: "Logistica Toscana srl".into(),
            employer_code: code.into(),
            hired_on: hired.into(),
            contract: Some("tempo_determinato".into()),
            months: "12".into(),
        },
        day(11, 2),
        common::today(),
        &contracts,
    )
    .unwrap()
}

fn event(kind: EventKind, on: NaiveDate, company: &str) -> EventData {
    EventData {
        kind,
        on,
        company: company.into(),
        role: "magazziniere".into(),
        outcome: "colloquio fissato".into(),
        notes: String::new(),
    }
}

// --- Store ---------------------------------------------------------------------------------

#[test]
fn the_hiring_closes_the_accompaniment_and_its_b03_action_audited() {
    let mut t = signed();
    let citizen = citizen_id(&t);
    let store = &mut t.app.store;
    let b03_id = store
        .record_plan_action(citizen, &b03("ricerca attiva"))
        .unwrap();
    let a06 = store.current_plan(citizen).unwrap()[0].id;
    let id = store
        .start_accompaniment(citizen, day(11, 2), &Link::Existing(b03_id))
        .unwrap();
    assert_eq!(action_status(&t, b03_id).0, ActionStatus::InCorso);
    let store = &mut t.app.store;
    let e = store
        .save_accompaniment_event(
            id,
            None,
            &event(EventKind::Vacancy, day(11, 5), "Acme"),
            common::today(),
        )
        .unwrap();
    // Changing an event at an old version is a conflict.
    let mut changed = event(EventKind::Offerta, day(11, 6), "Acme");
    store
        .save_accompaniment_event(id, Some((e, 1)), &changed, common::today())
        .unwrap();
    changed.outcome = "rifiutata".into();
    assert!(matches!(
        store.save_accompaniment_event(id, Some((e, 1)), &changed, common::today()),
        Err(AccompanimentError::Store(StoreError::Conflict {
            entity: Entity::AccompanimentEvent,
            ..
        }))
    ));
    let before = store.accompaniment(id).unwrap();
    assert_eq!(before.events.len(), 1);
    assert_eq!(before.events[0].data.kind, EventKind::Offerta);
    store
        .record_hiring(
            id,
            before.version,
            &hiring("01234560488", "20/11/2026"),
            &[],
            ("assunta", "altro"),
        )
        .unwrap();
    let after = store.accompaniment(id).unwrap();
    assert_eq!(after.closed_on, Some(day(11, 20)));
    let h = after.hiring.as_ref().unwrap();
    assert_eq!(h.employer_code, "01234560488");
    assert_eq!(h.contract_type, "tempo_determinato");
    assert_eq!(h.contract_months, Some(12));
    assert_eq!(
        action_status(&t, b03_id),
        (ActionStatus::Conclusa, "assunta".into())
    );
    // The other open action stays as it was: the operator did not choose it.
    assert_eq!(action_status(&t, a06).0, ActionStatus::Programmata);
    let audit = t.app.store.audit_of(citizen).unwrap();
    let has = |entity: &str, field: &str, value: &str| {
        audit.iter().any(|e| {
            e.entity == entity && e.field == field && e.new_value.as_deref() == Some(value)
        })
    };
    assert!(
        has("accompagnamento", "employer_code", "01234560488"),
        "{audit:#?}"
    );
    assert!(has("accompagnamento", "closed_on", "2026-11-20"));
    assert!(has("evento", "kind", "offerta"));
    assert!(has("azione", "status", "conclusa"));
    // Closed: no more events, no second result (a conflict, as if someone else closed it).
    let store = &mut t.app.store;
    assert!(matches!(
        store.save_accompaniment_event(
            id,
            None,
            &event(EventKind::Azienda, day(11, 21), "B"),
            common::today()
        ),
        Err(AccompanimentError::Store(StoreError::Conflict { .. }))
    ));
    assert!(matches!(
        store.record_hiring(
            id,
            after.version,
            &hiring("01234560488", "20/11/2026"),
            &[],
            ("a", "b")
        ),
        Err(AccompanimentError::Store(StoreError::Conflict { .. }))
    ));
}

#[test]
fn a_second_operator_recording_the_hiring_meanwhile_is_a_conflict() {
    let mut t = signed();
    let citizen = citizen_id(&t);
    let id = t
        .app
        .store
        .start_accompaniment(citizen, day(11, 2), &Link::Record(b03("")))
        .unwrap();
    let read = t.app.store.accompaniment(id).unwrap();
    let mut other = t.other_store();
    other
        .record_hiring(
            id,
            read.version,
            &hiring("01234560488", "20/11/2026"),
            &[],
            ("a", "b"),
        )
        .unwrap();
    assert!(matches!(
        t.app.store.record_hiring(
            id,
            read.version,
            &hiring("01234560488", "21/11/2026"),
            &[],
            ("a", "b")
        ),
        Err(AccompanimentError::Store(StoreError::Conflict {
            entity: Entity::Accompaniment,
            ..
        }))
    ));
    let audit = t.app.store.audit_of(citizen).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "accompagnamento" && e.operator == "Bruno")
    );
}

#[test]
fn the_chosen_actions_close_too_and_unknown_ones_are_refused() {
    let mut t = signed();
    let citizen = citizen_id(&t);
    let store = &mut t.app.store;
    let b03_id = store.record_plan_action(citizen, &b03("")).unwrap();
    let plan = store.current_plan(citizen).unwrap();
    let a06 = plan.iter().find(|a| a.data.code == "A06").unwrap().id;
    let a07 = plan.iter().find(|a| a.data.code == "A07").unwrap().id;
    let id = store
        .start_accompaniment(citizen, day(11, 2), &Link::Existing(b03_id))
        .unwrap();
    // A07, recorded at the signing, is not an open action: refused, nothing written.
    // The B03 is carried out by this running accompaniment: a second one cannot take it.
    assert!(matches!(
        store.start_accompaniment(citizen, day(11, 3), &Link::Existing(b03_id)),
        Err(AccompanimentError::NotLinkable(x)) if x == b03_id
    ));
    let v = store.accompaniment(id).unwrap().version;
    assert!(matches!(
        store.record_hiring(id, v, &hiring("01234560488", "20/11/2026"), &[a07], ("a", "b")),
        Err(AccompanimentError::NotClosable(x)) if x == a07
    ));
    assert!(store.accompaniment(id).unwrap().closed_on.is_none());
    store
        .record_hiring(
            id,
            v,
            &hiring("01234560488", "20/11/2026"),
            &[a06],
            ("assunta", "chiusa"),
        )
        .map(|ended| assert_eq!(ended, 2))
        .unwrap();
    assert_eq!(
        action_status(&t, a06),
        (ActionStatus::Conclusa, "chiusa".into())
    );
    assert_eq!(action_status(&t, b03_id).0, ActionStatus::Conclusa);
}

#[test]
fn without_a_signed_pact_nothing_starts() {
    let mut t = TestApp::new();
    t.rossi();
    let citizen = citizen_id(&t);
    assert!(matches!(
        t.app
            .store
            .start_accompaniment(citizen, day(11, 2), &Link::Record(b03(""))),
        Err(AccompanimentError::Store(StoreError::NoSignedPact))
    ));
    // From the card: the screen opens, starting one says why not.
    t.keys(&["l", "n"]);
    assert!(t.error_shown());
    assert!(t.message().contains("patto firmato"), "{}", t.message());
    assert!(screen(&t).form.is_none());
}

// --- The screen ------------------------------------------------------------------------------

/// Rossi signed, with one open B03 action, on his accompaniment screen.
fn on_screen() -> TestApp {
    let mut t = signed();
    let citizen = citizen_id(&t);
    t.app
        .store
        .record_plan_action(citizen, &b03("ricerca attiva"))
        .unwrap();
    t.keys(&["l"]);
    let _ = screen(&t);
    t
}

fn erase(t: &mut TestApp, n: usize) {
    for _ in 0..n {
        t.keys(&["backspace"]);
    }
}

#[test]
fn start_with_the_only_b03_preselected_then_events() {
    let mut t = on_screen();
    assert!(
        t.screen(80, 24)
            .contains("Nessun accompagnamento al lavoro: n ne avvia uno.")
    );
    t.keys(&["n"]);
    assert!(screen(&t).form.is_some());
    let shown = t.screen(80, 24);
    assert!(shown.contains("B03 ricerca attiva"), "{shown}");
    // Today is prefilled; the start goes back to 2 November.
    erase(&mut t, 10);
    t.text("02/11/2026").keys(&["ctrl-s"]);
    assert_eq!(
        t.message(),
        "Accompagnamento avviato: l'azione B03 del patto è in corso."
    );
    let s = screen(&t);
    assert_eq!(s.list.len(), 1);
    let action = s.list[0].action_id.unwrap();
    assert_eq!(action_status(&t, action).0, ActionStatus::InCorso);

    // An event about a company without the company: refused, kept on screen.
    t.keys(&["a", "right", "tab"]);
    erase(&mut t, 10);
    t.text("05/11/2026")
        .keys(&["tab", "tab"])
        .text("magazziniere");
    t.keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let form = &screen(&t).form.as_ref().unwrap().form;
    assert!(form.field("company").unwrap().error.is_some());
    assert_eq!(form.text("role"), "magazziniere");
    t.keys(&["shift-tab"])
        .text("Logistica Toscana")
        .keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Evento salvato.");
    let events = &screen(&t).list[0].events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data.kind, EventKind::Azienda);
    assert_eq!(events[0].data.company, "Logistica Toscana");
    // Enter changes it.
    t.keys(&["enter", "tab", "tab", "tab", "tab"])
        .text("colloquio il 10/11")
        .keys(&["ctrl-s"]);
    assert_eq!(
        screen(&t).list[0].events[0].data.outcome,
        "colloquio il 10/11"
    );
}

#[test]
fn no_b03_in_the_plan_records_one_when_starting() {
    let mut t = signed();
    t.keys(&["l", "n"]);
    assert!(
        t.message().contains("salvando se ne registra una"),
        "{}",
        t.message()
    );
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let citizen = citizen_id(&t);
    let plan = t.app.store.current_plan(citizen).unwrap();
    let b03 = plan
        .iter()
        .find(|a| a.data.code == "B03")
        .expect("recorded");
    assert_eq!(b03.data.status, ActionStatus::InCorso);
    assert_eq!(screen(&t).list[0].action_id, Some(b03.id));
}

/// On the screen with an accompaniment started on 2 November and one event.
fn started() -> TestApp {
    let mut t = on_screen();
    t.keys(&["n"]);
    erase(&mut t, 10);
    t.text("02/11/2026").keys(&["ctrl-s"]);
    t.keys(&["a"]);
    erase(&mut t, 0);
    t.keys(&["tab"]);
    erase(&mut t, 10);
    t.text("05/11/2026")
        .keys(&["tab"])
        .text("Logistica Toscana srl")
        .keys(&["tab"])
        .text("magazziniere")
        .keys(&["tab"])
        .text("colloquio fissato")
        .keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Evento salvato.");
    t
}

#[test]
fn a_wrong_partita_iva_is_explained_and_nothing_typed_is_lost() {
    let mut t = started();
    t.keys(&["r"]);
    t.text("Logistica Toscana srl")
        .keys(&["tab"])
        .text("01234560487")
        .keys(&["tab"])
        .text("20/11/2026")
        .keys(&["tab", "right", "right", "tab"])
        .text("12");
    t.keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let form = &screen(&t).form.as_ref().unwrap().form;
    let error = form.field("code").unwrap().error.clone().unwrap();
    assert!(error.contains("cifra di controllo errata"), "{error}");
    assert!(error.contains("dovrebbe essere 8"), "{error}");
    assert_eq!(form.text("employer"), "Logistica Toscana srl");
    assert_eq!(form.text("months"), "12");
    let shown = t.screen(80, 24);
    assert!(shown.contains("cifra di controllo"), "{shown}");
    // Esc on the changed form asks; cancelling keeps it all.
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["esc"]);
    assert!(screen(&t).form.is_some());
    // Fix the code: back to it, erase, type the right one.
    t.keys(&["shift-tab", "shift-tab", "shift-tab"]);
    erase(&mut t, 11);
    t.text("01234560488").keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert!(
        t.message().starts_with("Assunzione registrata"),
        "{}",
        t.message()
    );
    let a = &screen(&t).list[0];
    assert_eq!(a.closed_on, Some(day(11, 20)));
    let (status, outcome) = action_status(&t, a.action_id.unwrap());
    assert_eq!(status, ActionStatus::Conclusa);
    assert_eq!(
        outcome,
        "assunzione presso Logistica Toscana srl dal 20/11/2026, tempo determinato di 12 mesi"
    );
    let shown = t.screen(80, 24);
    assert!(
        shown.contains("Assunzione dal 20/11/2026 · Tempo determinato, 12 mesi"),
        "{shown}"
    );
    // Closed: no more events.
    t.keys(&["a"]);
    assert!(t.error_shown());
    assert!(screen(&t).form.is_none());
}

#[test]
fn the_hiring_form_offers_the_other_open_actions_to_close() {
    let mut t = started();
    t.keys(&["r"]);
    let shown = t.screen(80, 24);
    assert!(shown.contains("Chiudi anche"), "{shown}");
    assert!(shown.contains("[ ]A06"), "{shown}");
    t.text("Rossi Mario")
        .keys(&["tab"])
        .text("RSSMRA85T10A562S")
        .keys(&["tab"])
        .text("21/11/2026")
        .keys(&["tab", "right", "tab", "tab", "space"])
        .keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert!(
        t.message().contains("2 azioni del patto concluse"),
        "{}",
        t.message()
    );
    let citizen = citizen_id(&t);
    let plan = t.app.store.current_plan(citizen).unwrap();
    let a06 = plan.iter().find(|a| a.data.code == "A06").unwrap();
    assert_eq!(a06.data.status, ActionStatus::Conclusa);
    assert!(
        a06.data.outcome.contains("chiusa per l'assunzione"),
        "{}",
        a06.data.outcome
    );
}

#[test]
fn quitting_saves_a_valid_event_and_asks_for_an_invalid_hiring() {
    let mut t = started();
    t.keys(&["a", "tab"]);
    erase(&mut t, 10);
    t.text("06/11/2026").keys(&["tab"]).text("Acme");
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let citizen = citizen_id(&t);
    let list = t.app.store.accompaniments_of(citizen).unwrap();
    assert_eq!(list[0].events.len(), 2);

    let mut t = started();
    t.keys(&["r"]).text("Logistica").keys(&["tab"]).text("123");
    t.keys(&["ctrl-q"]);
    assert!(!t.app.quit);
    let dialog = t.app.dialog.as_ref().expect("asks");
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("Accompagnamento al lavoro")),
        "{:?}",
        dialog.lines
    );
    // Back to the form: what was typed is there.
    t.keys(&["esc"]);
    assert_eq!(
        screen(&t).form.as_ref().unwrap().form.text("employer"),
        "Logistica"
    );
    // Quitting again leaves it in a recovery record, offered back on this screen only.
    t.keys(&["ctrl-q", "ctrl-q"]);
    assert!(t.app.quit);
    t.restart();
    t.text("Rossi").keys(&["enter"]);
    assert!(matches!(t.app.screen, Screen::Card(_)), "{}", t.message());
    assert!(t.app.dialog.is_none(), "the card offers nothing");
    t.keys(&["e"]);
    assert!(t.app.dialog.is_none(), "the registry form offers nothing");
    t.keys(&["esc", "l"]);
    let dialog = t.app.dialog.as_ref().expect("offered back");
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("Accompagnamento al lavoro")),
        "{:?}",
        dialog.lines
    );
    t.keys(&["enter"]);
    let form = &screen(&t).form.as_ref().expect("put back").form;
    assert_eq!(form.text("employer"), "Logistica");
    assert_eq!(form.text("code"), "123");
    // Still invalid: it stays on screen, marked.
    assert!(t.error_shown(), "{}", t.message());
}

#[test]
fn the_export_includes_the_accompaniments() {
    let mut t = started();
    t.keys(&["r"])
        .text("Logistica Toscana srl")
        .keys(&["tab"])
        .text("IT01234560488")
        .keys(&["tab"])
        .text("20/11/2026")
        .keys(&["tab", "right", "ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let export = t
        .app
        .store
        .export_citizen("RSSMRA85T10A562S")
        .unwrap()
        .unwrap();
    let a = &export["accompagnamenti"][0];
    assert_eq!(a["avviato_il"], "2026-11-02");
    assert_eq!(a["eventi"][0]["tipo"], "vacancy");
    assert_eq!(a["eventi"][0]["azienda"], "Logistica Toscana srl");
    assert_eq!(
        a["risultato"]["codice_fiscale_o_partita_iva"],
        "01234560488"
    );
    assert_eq!(a["risultato"]["contratto"], "tempo_indeterminato");
    assert_eq!(a["risultato"]["durata_mesi"], serde_json::Value::Null);
    assert_eq!(a["chiuso_il"], "2026-11-20");
    let log = export["registro_modifiche"].as_array().unwrap();
    assert!(
        log.iter()
            .any(|e| e["field"] == "risultato.codice_fiscale_o_partita_iva"
                || e["campo"] == "risultato.codice_fiscale_o_partita_iva"),
        "{log:#?}"
    );
}

// --- Snapshots ---------------------------------------------------------------------------------

fn check(name: &str, t: &TestApp) {
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = t.screen(width, height);
        insta::with_settings!({
            snapshot_suffix => format!("{width}x{height}"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(name, screen);
        });
    }
}

#[test]
fn snapshot_accompaniment_with_an_event() {
    let t = started();
    check("accompaniment_with_an_event", &t);
}

#[test]
fn snapshot_accompaniment_result_form() {
    let mut t = started();
    t.keys(&["r"])
        .text("Logistica Toscana srl")
        .keys(&["tab"])
        .text("01234560487")
        .keys(&["ctrl-s"]);
    check("accompaniment_result_form", &t);
}

#[test]
fn snapshot_accompaniment_closed_by_a_hiring() {
    let mut t = started();
    t.keys(&["r"])
        .text("Logistica Toscana srl")
        .keys(&["tab"])
        .text("01234560488")
        .keys(&["tab"])
        .text("20/11/2026")
        .keys(&["tab", "right", "right", "tab"])
        .text("12")
        .keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    check("accompaniment_closed_by_a_hiring", &t);
}
