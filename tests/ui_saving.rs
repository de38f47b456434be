//! The single save path, driven with keys: busy and conflicting databases, sub-forms at the end
//! of a session, recovery records, pastes, drafts and signing.

mod common;

use std::time::Duration;

use common::TestApp;
use orienta::domain::records::InterviewStatus;
use orienta::ui::app::{Page, Pending, Screen};

fn interview(t: &TestApp) -> &orienta::ui::app::InterviewScreen {
    match &t.app.screen {
        Screen::Interview(i) => i,
        _ => panic!("not on an interview: {}", t.message()),
    }
}

/// Another connection holding the write lock until it is dropped or committed.
fn hold_write_lock(t: &TestApp) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(t.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

/// Rossi with an interview open on the informative page, the cursor on the expectations.
fn on_expectations() -> TestApp {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t
}

fn stored_expectations(t: &TestApp) -> String {
    let id = interview(t).interview.id;
    t.app.store.interview(id).unwrap().expectations
}

#[test]
fn a_save_refused_by_a_busy_database_stays_to_save_and_quitting_asks() {
    let mut t = on_expectations();
    t.app.store.set_busy_budget(Duration::from_millis(300));
    let lock = hold_write_lock(&t);
    t.text("scritto mentre il database era occupato")
        .keys(&["tab"]);
    assert!(t.error_shown(), "{}", t.message());
    assert!(t.message().contains("occupato"), "{}", t.message());
    assert_eq!(interview(&t).info.dirty_ids(), ["expectations"]);

    // Quitting while it is still busy asks; going back keeps everything on screen.
    t.keys(&["ctrl-q"]);
    assert!(!t.app.quit);
    let dialog = t.app.dialog.as_ref().expect("question about unsaved text");
    assert!(
        dialog.lines.join(" ").contains("Aspettative"),
        "{:?}",
        dialog.lines
    );
    t.keys(&["esc"]);
    assert_eq!(
        interview(&t).info.text("expectations"),
        "scritto mentre il database era occupato"
    );

    // Once the other writer is done, the same quit saves and ends.
    lock.execute_batch("COMMIT").unwrap();
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    assert_eq!(
        stored_expectations(&t),
        "scritto mentre il database era occupato"
    );
}

#[test]
fn a_signal_while_the_database_is_busy_leaves_a_recovery_file_offered_back() {
    let mut t = on_expectations();
    t.app.store.set_busy_budget(Duration::from_millis(300));
    let lock = hold_write_lock(&t);
    t.text("testo da non perdere");
    t.app.save_before_exit();
    assert!(t.app.quit);
    drop(lock);
    let files: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".recupero-"))
        .collect();
    assert_eq!(files.len(), 1, "one recovery file beside the database");

    t.restart();
    assert_eq!(t.app.store.import_recovery_files().unwrap(), 1);
    t.keys(&["enter", "r"]);
    assert!(
        matches!(
            t.app.dialog.as_ref().map(|d| &d.pending),
            Some(Pending::Restore(_))
        ),
        "{}",
        t.message()
    );
    t.keys(&["enter"]);
    assert_eq!(stored_expectations(&t), "testo da non perdere");
    assert_eq!(interview(&t).current_page(), Page::Info);
    // Restored and saved: nothing is offered again.
    t.keys(&["esc", "r"]);
    assert!(t.app.dialog.is_none(), "{}", t.message());
}

#[test]
fn sub_forms_are_saved_or_kept_when_the_session_ends() {
    // A valid propensione is saved; an invalid action form is kept and offered back.
    let mut t = TestApp::new();
    t.rossi()
        .keys(&[
            "n",
            "ctrl-right",
            "pagedown",
            "pagedown",
            "pagedown",
            "a",
            "tab",
        ])
        .text("Magazziniere")
        .keys(&["tab", "space"]);
    t.app.save_before_exit();
    let citizen = interview(&t).citizen.id;
    let saved = t.app.store.propensities_of(citizen).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].data.title, "Magazziniere");

    t.restart()
        .keys(&["enter", "r", "ctrl-right", "pagedown", "a", "tab", "tab"]);
    t.text("Laboratorio").keys(&["tab"]).text("31/02/2027");
    t.app.save_before_exit();
    assert!(
        t.app
            .store
            .actions_of(interview(&t).interview.id)
            .unwrap()
            .is_empty()
    );

    t.restart().keys(&["enter", "r"]);
    let Some(Pending::Restore(records)) = t.app.dialog.as_ref().map(|d| &d.pending) else {
        panic!("recovery offered: {}", t.message());
    };
    assert_eq!(records.len(), 1);
    t.keys(&["enter"]);
    let i = interview(&t);
    assert_eq!(i.current_page(), Page::Plan);
    let (_, form) = i.action_form.as_ref().expect("action form back on screen");
    assert_eq!(form.text("description"), "Laboratorio");
    assert_eq!(form.text("due"), "31/02/2027");
    // Still invalid, so still not saved, and the message says why.
    assert!(t.error_shown(), "{}", t.message());
}

#[test]
fn a_plafond_motivation_typed_first_is_kept_not_dropped() {
    let mut t = TestApp::new();
    // A at 6, one point from its threshold: a plafond of +1 is allowed.
    t.rossi().keys(&["n", "ctrl-right"]).text("111111");
    t.keys(&["pagedown", "pagedown", "tab", "tab"])
        .text("motivazione scritta prima")
        .keys(&["tab"]);
    assert_eq!(
        interview(&t).plafond.text("plafond_note"),
        "motivazione scritta prima"
    );
    assert!(
        interview(&t)
            .plafond
            .dirty_ids()
            .contains(&"plafond_note".to_string())
    );
    // Changing page keeps it, with a message.
    t.keys(&["pagedown"]);
    assert!(t.message().contains("Non salvato"), "{}", t.message());
    t.keys(&["pageup"]);
    assert_eq!(
        interview(&t).plafond.text("plafond_note"),
        "motivazione scritta prima"
    );
    // Completing the plafond (section A, +1) saves all three together.
    t.keys(&["shift-tab", "shift-tab", "shift-tab", "right", "tab"])
        .keys(&["right", "right", "right", "right", "tab", "tab"]);
    assert!(!t.error_shown(), "{}", t.message());
    let id = interview(&t).interview.id;
    let plafond = t.app.store.interview(id).unwrap().plafond.expect("applied");
    assert_eq!(
        (
            plafond.target.as_str(),
            plafond.points,
            plafond.note.as_str()
        ),
        ("A", 1, "motivazione scritta prima")
    );
}

#[test]
fn a_long_paste_is_one_edit_saved_whole() {
    let mut t = on_expectations();
    let long: String = "lavoro ".repeat(600);
    t.app.paste(&long);
    t.keys(&["tab"]);
    assert_eq!(stored_expectations(&t), long.trim());

    // In a one-line field the line breaks become spaces.
    t.keys(&["ctrl-right", "ctrl-right", "pagedown", "pagedown", "tab"]);
    t.app.paste("ogni\r\nsettimana");
    assert_eq!(interview(&t).terms.text("frequency"), "ogni settimana");
}

#[test]
fn a_second_operator_cannot_open_a_second_draft_and_sees_who_holds_it() {
    let mut anna = TestApp::new();
    anna.rossi();
    let mut bruno = TestApp::new();
    let store =
        orienta::store::Store::open(&anna.db(), "Bruno", orienta::store::CreateMode::default())
            .unwrap();
    bruno.app = orienta::ui::app::App::new(
        store,
        orienta::data::load_defaults().unwrap(),
        orienta::ui::keymap::Keymap::default_keymap().unwrap(),
        orienta::ui::theme::Theme::monochrome(),
        common::today(),
    );
    bruno.keys(&["enter"]);
    assert!(matches!(bruno.app.screen, Screen::Card(_)));
    anna.keys(&["n"]);
    assert!(matches!(anna.app.screen, Screen::Interview(_)));
    bruno.keys(&["n"]);
    assert!(matches!(bruno.app.screen, Screen::Card(_)));
    assert!(
        bruno.message().contains("aperto da Anna"),
        "{}",
        bruno.message()
    );
    assert!(bruno.screen(80, 24).contains("Bozza aperta da Anna"));

    // Opened by mistake: Bruno discards it, after a question, and starts the right one.
    bruno.keys(&["x"]);
    assert!(bruno.app.dialog.is_some());
    bruno.keys(&["enter"]);
    let Screen::Card(card) = &bruno.app.screen else {
        panic!("card expected");
    };
    assert_eq!(card.interviews[0].status, InterviewStatus::Scartata);
    bruno.keys(&["n"]);
    assert!(
        matches!(bruno.app.screen, Screen::Interview(_)),
        "{}",
        bruno.message()
    );
    // Anna's screen still shows the discarded draft: her next save says it is no longer one.
    anna.keys(&["space", "tab"]);
    assert!(anna.message().contains("scartato"), "{}", anna.message());
}

#[test]
fn a_citizen_form_in_conflict_shows_both_and_keeps_the_choice() {
    let mut t = TestApp::new();
    t.rossi().keys(&["e"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    let person = c.citizen.clone().unwrap();
    let mut theirs = person.data.clone();
    theirs.phone = "055 000000".into();
    t.other_store()
        .update_citizen(person.id, person.version, &theirs)
        .unwrap();
    // Sex, birth date and place, derived from the codice fiscale, are passed over.
    for _ in 0..4 {
        t.keys(&["tab"]);
    }
    t.text("333 1234567").keys(&["ctrl-s"]);
    let dialog = t.app.dialog.as_ref().expect("conflict");
    let text = dialog.lines.join("\n");
    assert!(
        text.contains("055 000000") && text.contains("333 1234567"),
        "{text}"
    );
    t.keys(&["m"]);
    assert!(matches!(t.app.screen, Screen::Card(_)), "{}", t.message());
    assert_eq!(
        t.app.store.citizen(person.id).unwrap().data.phone,
        "333 1234567"
    );
}

#[test]
fn signing_refuses_a_plan_changed_by_someone_else_then_signs_what_is_stored() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let id = interview(&t).interview.id;
    let data = orienta::data::load_defaults().unwrap();
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r"]);
    let mut bruno = t.other_store();
    let action = bruno.actions_of(id).unwrap().remove(0);
    let mut changed = action.data.clone();
    changed.description = "Descrizione di Bruno".into();
    bruno
        .update_action(action.id, action.version, &changed)
        .unwrap();
    t.keys(&["ctrl-f", "f"]);
    assert!(t.message().contains("nel frattempo"), "{}", t.message());
    let citizen = interview(&t).citizen.id;
    assert!(t.app.store.pact_versions_of(citizen).unwrap().is_empty());
    // The screen now shows the stored plan; signing again signs it.
    assert_eq!(
        interview(&t).actions[0].data.description,
        "Descrizione di Bruno"
    );
    t.keys(&["ctrl-f", "f"]);
    let pacts = t.app.store.pact_versions_of(citizen).unwrap();
    assert_eq!(pacts.len(), 1, "{}", t.message());
    assert_eq!(
        pacts[0].content["atti_di_ricerca_attiva"][0]["descrizione"],
        "Descrizione di Bruno"
    );
}

#[test]
fn signing_needs_its_own_key_and_never_signs_an_incomplete_pact() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-f"]);
    assert!(matches!(
        t.app.dialog.as_ref().map(|d| &d.pending),
        Some(Pending::CannotSign)
    ));
    t.keys(&["enter", "s", "y", "f"]);
    let citizen = interview(&t).citizen.id;
    assert!(t.app.store.pact_versions_of(citizen).unwrap().is_empty());
    assert_eq!(interview(&t).interview.status, InterviewStatus::Bozza);
}

#[test]
fn a_conflict_on_long_texts_shows_where_they_differ_and_its_keys_fit() {
    let mut t = on_expectations();
    let common_part = "lavoro come magazziniere ".repeat(20);
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    t.other_store()
        .set_text(
            id,
            version,
            orienta::store::TextField::Expectations,
            &format!("{common_part}a Prato"),
        )
        .unwrap();
    t.app.paste(&format!("{common_part}a Firenze"));
    t.keys(&["tab"]);
    let dialog = t.app.dialog.as_ref().expect("conflict");
    let text = dialog.lines.join("\n");
    assert!(
        text.contains("a Prato") && text.contains("a Firenze"),
        "{text}"
    );
    let screen = t.screen(80, 24);
    assert!(screen.contains("m tieni il tuo"), "{screen}");
    assert!(screen.contains("a tieni il suo"), "{screen}");
}

#[test]
fn a_conflict_found_while_quitting_is_shown_when_the_operator_stays() {
    let mut t = on_expectations();
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    t.other_store()
        .set_text(
            id,
            version,
            orienta::store::TextField::Expectations,
            "testo di Bruno",
        )
        .unwrap();
    t.text("testo di Anna").keys(&["ctrl-q"]);
    assert!(matches!(
        t.app.dialog.as_ref().map(|d| &d.pending),
        Some(Pending::LeaveUnsaved { .. })
    ));
    // Staying: the two values are shown before anything is settled.
    t.keys(&["esc"]);
    let dialog = t.app.dialog.as_ref().expect("conflict shown");
    assert!(matches!(dialog.pending, Pending::Conflict(_)));
    assert!(dialog.lines.join(" ").contains("testo di Bruno"));
    assert_eq!(stored_expectations(&t), "testo di Bruno");
    t.keys(&["m"]);
    assert_eq!(stored_expectations(&t), "testo di Anna");
}

#[test]
fn the_cv_consent_and_provinces_are_kept_with_the_path() {
    let mut t = TestApp::new();
    t.rossi().keys(&[
        "n",
        "ctrl-right",
        "pagedown",
        "pagedown",
        "pagedown",
        "pagedown",
    ]);
    assert_eq!(interview(&t).current_page(), Page::Cv);
    // Past the education title the page asks for (Rossi has none), then consent and a province.
    t.keys(&["tab", "s", "space", "tab"]).text("/tmp/cv.pdf");
    t.app.save_before_exit();
    let id = interview(&t).interview.id;
    let records = t.app.store.recoveries(None, Some(id)).unwrap();
    assert_eq!(records.len(), 1, "{}", t.message());
    let cv = &records[0].payload["pagine"]["cv"];
    assert_eq!(cv["consent"], true, "{cv}");
    assert_eq!(cv["provinces"][0], true, "{cv}");
    assert_eq!(cv["pdf"], "/tmp/cv.pdf", "{cv}");
}

#[test]
fn two_operators_answering_the_same_area_see_both_answers() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]);
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    let data = orienta::data::load_defaults().unwrap();
    t.other_store()
        .set_answer(&data.instrument, id, version, "A1", Some(1))
        .unwrap();
    t.text("2");
    let dialog = t.app.dialog.as_ref().expect("conflict on the answer");
    let text = dialog.lines.join("\n");
    assert!(
        text.contains("A1") && text.contains("1 ") && text.contains("2 "),
        "{text}"
    );
    assert_eq!(
        t.app.store.interview(id).unwrap().answers.get("A1"),
        Some(1),
        "nothing written before the choice"
    );
    t.keys(&["m"]);
    assert_eq!(
        t.app.store.interview(id).unwrap().answers.get("A1"),
        Some(2)
    );
    // Another area answered by someone else is no conflict: the answer goes on top.
    let version = t.app.store.interview(id).unwrap().version;
    t.other_store()
        .set_answer(&data.instrument, id, version, "B1", Some(3))
        .unwrap();
    t.text("1");
    assert!(t.app.dialog.is_none(), "{}", t.message());
    let stored = t.app.store.interview(id).unwrap();
    assert_eq!(stored.answers.get("B1"), Some(3));
}

#[test]
fn a_recovered_value_older_than_the_stored_one_is_shown_beside_it_not_written() {
    let mut t = on_expectations();
    t.app.store.set_busy_budget(Duration::from_millis(300));
    let lock = hold_write_lock(&t);
    t.text("scritto prima");
    t.app.save_before_exit();
    drop(lock);

    // Next session: the copy is postponed, and the field is typed and saved again.
    t.restart();
    t.app.store.import_recovery_files().unwrap();
    t.keys(&["enter", "r", "esc"]);
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("scritto dopo").keys(&["tab", "ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    assert_eq!(stored_expectations(&t), "scritto dopo");

    // Putting the old copy back does not overwrite: both are shown.
    t.restart().keys(&["enter", "r", "enter"]);
    let dialog = t.app.dialog.as_ref().expect("both values shown");
    assert!(
        matches!(dialog.pending, Pending::Conflict(_)),
        "{:?}",
        dialog.lines
    );
    let text = dialog.lines.join("\n");
    assert!(
        text.contains("scritto dopo") && text.contains("scritto prima"),
        "{text}"
    );
    assert_eq!(stored_expectations(&t), "scritto dopo");
    t.keys(&["a"]);
    assert_eq!(stored_expectations(&t), "scritto dopo");
    assert_eq!(interview(&t).info.text("expectations"), "scritto dopo");
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit);
    // Settled: nothing is offered again.
    t.restart().keys(&["enter", "r"]);
    assert!(t.app.dialog.is_none(), "{}", t.message());
}

#[test]
fn a_copy_kept_in_an_unsettled_conflict_shows_both_values_when_put_back() {
    let mut t = on_expectations();
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    t.other_store()
        .set_text(
            id,
            version,
            orienta::store::TextField::Expectations,
            "di Anna",
        )
        .unwrap();
    t.text("di Bruno").keys(&["tab"]);
    assert!(t.app.dialog.is_some());
    // The conflict is left open, and the line drops.
    t.keys(&["esc"]);
    t.app.save_before_exit();
    assert_eq!(stored_expectations(&t), "di Anna");

    t.restart().keys(&["enter", "r", "enter"]);
    let dialog = t.app.dialog.as_ref().expect("both values shown again");
    assert!(
        matches!(dialog.pending, Pending::Conflict(_)),
        "{:?}",
        dialog.lines
    );
    assert_eq!(
        stored_expectations(&t),
        "di Anna",
        "nothing written before the choice"
    );
    t.keys(&["m"]);
    assert_eq!(stored_expectations(&t), "di Bruno");
}
