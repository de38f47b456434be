//! The interface driven with keys, without a terminal: state and database after each flow.

mod common;

use common::TestApp;
use orienta::domain::records::{InterviewKind, InterviewStatus};
use orienta::store::TextField;
use orienta::ui::app::{Page, Screen};
use orienta::ui::widgets::field::Input;

fn interview(t: &TestApp) -> &orienta::ui::app::InterviewScreen {
    match &t.app.screen {
        Screen::Interview(i) => i,
        _ => panic!("not on an interview"),
    }
}

#[test]
fn search_finds_by_codice_fiscale_and_surname_while_typing() {
    let mut t = TestApp::new();
    t.rossi();
    t.keys(&["esc"]); // card -> home
    t.text("rss");
    let Screen::Home(home) = &t.app.screen else {
        panic!("home expected");
    };
    assert_eq!(home.results.len(), 1);
    t.keys(&["backspace", "backspace", "backspace"]).text("Ros");
    let Screen::Home(home) = &t.app.screen else {
        panic!("home expected");
    };
    assert_eq!(home.results[0].surname, "Rossi");
    t.text("x");
    let Screen::Home(home) = &t.app.screen else {
        panic!("home expected");
    };
    assert!(home.results.is_empty());
    t.keys(&["esc"]);
    let Screen::Home(home) = &t.app.screen else {
        panic!("home expected");
    };
    assert_eq!((home.query.text.as_str(), home.results.len()), ("", 1));
    t.keys(&["enter"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));
}

#[test]
fn new_citizen_checks_the_codice_fiscale_and_derives_sex_and_birth_date() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-n"]).text("RSSMRA85T10A562X").keys(&["tab"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    let error = c.form.field("cf").unwrap().error.clone().unwrap();
    assert!(error.contains("dovrebbe essere S"), "{error}");
    // Saving now is refused and keeps everything typed.
    t.text("Rossi").keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    assert_eq!(c.form.text("surname"), "Rossi");
    assert_eq!(c.form.focused().unwrap().id, "cf");

    t.keys(&["backspace"])
        .text("S")
        .keys(&["tab", "tab"])
        .text("Mario");
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    assert_eq!(c.form.text("birth_date"), "10/12/1985");
    assert_eq!(c.form.field("sex").unwrap().selected(), Some(0));
    // Sex, birth date and place come from the codice fiscale and are passed over: from the
    // name, three tabs to the e-mail (citizenship, phone, e-mail). A wrong e-mail is refused
    // in place.
    for _ in 0..3 {
        t.keys(&["tab"]);
    }
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    assert_eq!(c.form.focused().unwrap().id, "email");
    t.text("mario@").keys(&["ctrl-s"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    assert!(c.form.field("email").unwrap().error.is_some());
    t.text("example.it").keys(&["ctrl-s"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected, message: {}", t.message());
    };
    assert_eq!(card.citizen.data.email, "mario@example.it");
    assert_eq!(card.citizen.data.birth_date.to_string(), "1985-12-10");
    assert!(
        t.app
            .store
            .citizen_by_cf("RSSMRA85T10A562S")
            .unwrap()
            .is_some()
    );
}

#[test]
fn leaving_a_changed_citizen_form_asks_first() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-n"]).text("RSS").keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["n"]);
    assert!(t.app.dialog.is_none());
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("still on the form");
    };
    assert_eq!(c.form.text("cf"), "RSS");
    t.keys(&["esc", "enter"]);
    assert!(matches!(t.app.screen, Screen::Home(_)));
    assert_eq!(t.app.store.count_citizens().unwrap(), 0);
}

#[test]
fn a_whole_interview_with_the_keyboard_signs_a_pact() {
    let mut t = TestApp::new();
    t.rossi();
    // Add the social services category, so the change of percorso is possible.
    t.keys(&["e"]);
    // Sex, birth date and place, derived from the codice fiscale, are passed over.
    for _ in 0..12 {
        t.keys(&["tab"]);
    }
    t.keys(&["right", "space", "ctrl-s"]);
    t.keys(&["n"]);
    assert_eq!(interview(&t).interview.kind, InterviewKind::Did150);

    // Fase informativa: the first two topics, then expectations.
    t.keys(&["space", "tab", "space", "tab"]);
    for _ in 0..5 {
        t.keys(&["tab"]);
    }
    t.text("Lavoro vicino a casa").keys(&["ctrl-right"]);
    let i = interview(&t);
    assert_eq!((i.phase, i.current_page()), (2, Page::Questionnaire));
    assert_eq!(i.interview.info_items, ["colloquio", "obblighi_diritti"]);
    assert_eq!(i.interview.expectations, "Lavoro vicino a casa");

    // Questionnaire: A = 6 (near), B = 4, C = 6 (D opens), D = 5: C+D = 11 (near).
    for d in "111111"
        .chars()
        .chain("11110".chars())
        .chain("21111".chars())
    {
        t.text(&d.to_string());
    }
    assert_eq!(t.app.visible_areas(interview(&t)).len(), 21);
    for d in "11111".chars() {
        t.text(&d.to_string());
    }
    let scores = t.app.scores(interview(&t));
    assert!(scores.complete());
    assert_eq!(scores.proposed, Some(1));
    let stored = t.app.store.interview(interview(&t).interview.id).unwrap();
    assert_eq!(stored.answers.len(), 21);

    // Plafond: +1 on B (4, far from 8) is allowed, and changes the outcome, not the percorso.
    t.keys(&["pagedown", "pagedown"]);
    assert_eq!(interview(&t).current_page(), Page::Plafond);
    t.keys(&[
        "right", "right", "tab", "right", "right", "right", "right", "tab",
    ])
    .text("competenze sopravvalutate")
    .keys(&["tab"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert!(t.message().contains("non il percorso"), "{}", t.message());
    let plafond = interview(&t).interview.plafond.clone().expect("applied");
    assert_eq!((plafond.target.as_str(), plafond.points), ("B", 1));
    assert_eq!(t.app.scores(interview(&t)).proposed, Some(1));
    // Now on C+D: 11 + 1 = 12 -> Percorso 4.
    t.keys(&[
        "shift-tab",
        "shift-tab",
        "shift-tab",
        "right",
        "right",
        "tab",
    ]);
    let i = interview(&t);
    let plafond = i.interview.plafond.as_ref().expect("plafond applied");
    assert_eq!((plafond.target.as_str(), plafond.points), ("CD", 1));
    assert_eq!(t.app.scores(interview(&t)).proposed, Some(4));

    // Propensioni: one, then the CV is refused (no education title in the registry).
    t.keys(&["pagedown", "a"])
        .text("5.1.2.2.0")
        .keys(&["tab"])
        .text("Commesso")
        .keys(&["tab", "space", "ctrl-s"]);
    assert_eq!(interview(&t).propensities.len(), 1, "{}", t.message());
    // The page asks for the missing title first; left empty, the CV is refused.
    t.keys(&["pagedown", "tab", "space", "tab", "right", "space", "tab"])
        .text("/srv/cv/rossi.pdf")
        .keys(&["ctrl-s"]);
    assert!(t.message().contains("titolo di studio"), "{}", t.message());
    assert!(interview(&t).cvs.is_empty());
    // What was typed stays, to be filed later; put back as it was, nothing is left to file.
    assert_eq!(interview(&t).cv.text("pdf"), "/srv/cv/rossi.pdf");
    t.keys(&["tab", "tab", "space", "space", "tab", "space", "tab"]);
    for _ in 0.."/srv/cv/rossi.pdf".len() {
        t.keys(&["backspace"]);
    }

    // Patto: change of percorso to 2, one action, the art. 20 fields.
    t.keys(&["ctrl-right"]);
    assert_eq!(interview(&t).current_page(), Page::Path);
    // Only Percorsi 1-4 are offered: collective relocation never comes from a change.
    let offered = match &interview(&t).path.field("path").expect("path field").input {
        Input::Choice { options, .. } => options.clone(),
        _ => panic!("a choice"),
    };
    assert_eq!(offered.len(), 4, "{offered:?}");
    assert!(offered.iter().all(|o| !o.starts_with('5')), "{offered:?}");
    t.keys(&["right", "right", "tab", "right", "tab"])
        .text("percorso concordato con i servizi")
        .keys(&["tab"]);
    let change = interview(&t)
        .interview
        .path_change
        .clone()
        .expect("change saved");
    assert_eq!(
        (change.path, change.category.as_str(), change.agreed),
        (2, "servizi_sociali", false)
    );
    assert!(t.message().contains("senza l'accordo"), "{}", t.message());
    // The person agrees: "s" on the last field.
    t.keys(&["s"]);
    let change = interview(&t).interview.path_change.clone().expect("saved");
    assert!(change.agreed, "{}", t.message());
    // Another percorso is another agreement: moving to 3 clears it, and so does coming back.
    // (a yes moves the focus on, back to the first field)
    t.keys(&["right", "ctrl-s"]);
    let change = interview(&t).interview.path_change.clone().expect("saved");
    assert_eq!((change.path, change.agreed), (3, false), "{}", t.message());
    t.keys(&["left", "ctrl-s"]);
    let change = interview(&t).interview.path_change.clone().expect("saved");
    assert_eq!((change.path, change.agreed), (2, false), "{}", t.message());
    t.keys(&["tab", "tab", "tab", "s"]);
    let change = interview(&t).interview.path_change.clone().expect("saved");
    assert!(change.agreed, "{}", t.message());
    t.keys(&["pagedown", "a", "right", "tab", "tab"])
        .text("Laboratorio")
        .keys(&["tab"])
        .text("15/01/2027")
        .keys(&["ctrl-s"]);
    assert_eq!(interview(&t).actions.len(), 1, "{}", t.message());
    t.keys(&["pagedown", "tab"])
        .text("mensile")
        .keys(&["tab"])
        .text("diario delle candidature")
        // A yes/no given with its letter moves on by itself.
        .keys(&["tab", "s", "n", "s"]);
    let terms = &interview(&t).interview.terms;
    assert_eq!(terms.responsible, "Anna");
    assert_eq!(terms.available_training, Some(false));

    // Close: the dialog lists nothing missing; Enter, s and y do not sign, f does.
    t.keys(&["ctrl-f"]);
    let dialog = t.app.dialog.as_ref().expect("confirmation");
    assert!(
        dialog.lines[0].starts_with("Tutto compilato."),
        "{:?}",
        dialog.lines
    );
    t.keys(&["enter", "s", "y"]);
    assert!(t.app.dialog.is_some(), "only the signing key signs");
    assert!(matches!(t.app.screen, Screen::Interview(_)));
    t.keys(&["f"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected: {}", t.message());
    };
    assert_eq!(card.pacts.len(), 1);
    assert_eq!(card.interviews[0].status, InterviewStatus::Chiusa);
    let pact = &card.pacts[0];
    assert_eq!(
        pact.content["profilo_di_occupabilita"]["percorso_proposto"],
        4
    );
    assert_eq!(pact.content["profilo_di_occupabilita"]["percorso"], 2);
    assert_eq!(
        pact.content["profilo_di_occupabilita"]["cambio_percorso"]["concordato"],
        true
    );
    assert_eq!(
        pact.content["strumento"]["impronta"],
        t.app.data.instrument.fingerprint.as_str()
    );
    assert_eq!(
        pact.content["atti_di_ricerca_attiva"][0]["descrizione"],
        "Laboratorio"
    );
    assert!(t.message().contains("Patto firmato"));
}

#[test]
fn closing_lists_what_is_missing() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-f"]);
    let dialog = t.app.dialog.as_ref().expect("confirmation");
    let text = dialog.lines.join("\n");
    assert!(text.contains("aspettative"), "{text}");
    assert!(text.contains("16 aree senza risposta"), "{text}");
    assert!(text.contains("nessuna azione"), "{text}");
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_none());
    assert_eq!(interview(&t).interview.status, InterviewStatus::Bozza);
}

#[test]
fn occupato_altro_interviews_have_no_questionnaire() {
    let mut t = TestApp::new();
    t.rossi().keys(&["o", "ctrl-right"]);
    assert_eq!(interview(&t).current_page(), Page::Questionnaire);
    t.text("3");
    let id = interview(&t).interview.id;
    assert!(t.app.store.interview(id).unwrap().answers.is_empty());
    let screen = t.screen(80, 24);
    assert!(
        screen.contains("solo a chi ha rilasciato la DID"),
        "{screen}"
    );
}

#[test]
fn one_draft_at_a_time_and_it_resumes_where_it_was() {
    let mut t = TestApp::new();
    t.rossi()
        .keys(&["n", "ctrl-right"])
        .text("2")
        .keys(&["esc"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));
    t.keys(&["n"]);
    assert!(t.message().contains("bozza"), "{}", t.message());
    t.keys(&["r"]);
    let i = interview(&t);
    assert_eq!(i.phase, 2);
    assert_eq!(i.area, 1, "resumes at the first area without an answer");
    assert_eq!(i.interview.answers.get("A1"), Some(2));
}

#[test]
fn quitting_saves_the_text_being_typed() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("Scritto e non confermato").keys(&["ctrl-q"]);
    assert!(t.app.quit);
    let id = interview(&t).interview.id;
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "Scritto e non confermato"
    );
}

#[test]
fn another_operators_save_on_another_field_is_no_conflict() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    let mut bruno = t.other_store();
    bruno
        .set_text(id, version, TextField::FinalNote, "nota di Bruno")
        .unwrap();
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("testo di Anna").keys(&["tab"]);
    assert!(!t.error_shown(), "{}", t.message());
    let stored = t.app.store.interview(id).unwrap();
    assert_eq!(stored.expectations, "testo di Anna");
    assert_eq!(stored.final_note, "nota di Bruno");
    // And the next save works too: the version on screen is the new one.
    t.keys(&["shift-tab", "space", "tab"]);
    assert!(!t.error_shown(), "{}", t.message());
}

#[test]
fn a_conflict_shows_both_values_and_the_operator_chooses() {
    for (key, expected) in [("m", "testo di Anna"), ("a", "testo di Bruno")] {
        let mut t = TestApp::new();
        t.rossi().keys(&["n"]);
        let (id, version) = {
            let i = interview(&t);
            (i.interview.id, i.interview.version)
        };
        let mut bruno = t.other_store();
        bruno
            .set_text(id, version, TextField::Expectations, "testo di Bruno")
            .unwrap();
        for _ in 0..7 {
            t.keys(&["tab"]);
        }
        t.text("testo di Anna").keys(&["tab"]);
        let dialog = t.app.dialog.as_ref().expect("conflict dialog");
        let text = dialog.lines.join("\n");
        assert!(text.contains("testo di Bruno"), "{text}");
        assert!(text.contains("testo di Anna"), "{text}");
        // Nothing on screen disappeared, and Enter does not choose.
        assert_eq!(interview(&t).info.text("expectations"), "testo di Anna");
        t.keys(&["enter"]);
        assert!(t.app.dialog.is_some());
        t.keys(&[key]);
        assert!(t.app.dialog.is_none());
        assert_eq!(t.app.store.interview(id).unwrap().expectations, expected);
        assert_eq!(interview(&t).info.text("expectations"), expected);
        assert!(interview(&t).info.dirty_ids().is_empty());
        t.keys(&["ctrl-q"]);
        assert!(t.app.quit, "nothing left to save: {}", t.message());
    }
}

/// Anna types expectations while Bruno saves his; her Tab shows the conflict dialog.
fn conflict_on_expectations(t: &mut TestApp) -> i64 {
    t.rossi().keys(&["n"]);
    let (id, version) = {
        let i = interview(t);
        (i.interview.id, i.interview.version)
    };
    t.other_store()
        .set_text(id, version, TextField::Expectations, "testo di Bruno")
        .unwrap();
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("testo di Anna").keys(&["tab"]);
    assert!(t.app.dialog.is_some(), "{}", t.message());
    id
}

#[test]
fn quitting_from_a_conflict_asks_and_writes_neither_value_over_the_other() {
    let mut t = TestApp::new();
    let id = conflict_on_expectations(&mut t);
    t.keys(&["ctrl-q"]);
    let dialog = t.app.dialog.as_ref().expect("question about unsaved data");
    assert_eq!(dialog.title, "Dati non ancora salvati");
    assert!(!t.app.quit);
    let stored = |t: &TestApp| t.app.store.interview(id).unwrap().expectations;
    assert_eq!(stored(&t), "testo di Bruno");
    t.keys(&["enter"]);
    assert!(t.app.quit);
    assert_eq!(stored(&t), "testo di Bruno");
    let citizen = interview(&t).citizen.id;
    let kept = t.app.store.recoveries(Some(citizen), Some(id)).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].payload["pagine"]["informativa"]["expectations"],
        "testo di Anna"
    );
}

#[test]
fn a_session_ended_during_a_conflict_keeps_the_typed_value_for_recovery() {
    let mut t = TestApp::new();
    let id = conflict_on_expectations(&mut t);
    t.app.save_before_exit();
    assert!(t.app.quit);
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Bruno"
    );
    // The next session offers it back; put back, the conflict is shown again with both values,
    // and keeping her own is the operator's choice, which saves it.
    t.restart();
    t.text("RSSMRA85T10A562S").keys(&["enter", "r"]);
    let dialog = t.app.dialog.as_ref().expect("recovery offered");
    assert_eq!(dialog.title, "Dati da recuperare");
    t.keys(&["enter"]);
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Bruno"
    );
    t.keys(&["m"]);
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Anna"
    );
}

#[test]
fn a_conflict_not_settled_is_not_saved_by_a_page_change_but_by_its_own_tab() {
    let mut t = TestApp::new();
    let id = conflict_on_expectations(&mut t);
    t.keys(&["esc", "pagedown"]);
    assert!(t.error_shown(), "{}", t.message());
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Bruno"
    );
    // Back on the field, Tab confirms it: the operator's own save.
    t.keys(&["pageup"]);
    while interview(&t).info.fields[interview(&t).info.focus].id != "expectations" {
        t.keys(&["tab"]);
    }
    t.keys(&["tab"]);
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Anna"
    );
    assert!(interview(&t).info.dirty_ids().is_empty());
}

/// Anna types expectations on a draft that Bruno discards meanwhile.
fn typing_on_a_discarded_draft(t: &mut TestApp) -> i64 {
    t.rossi().keys(&["n"]);
    let (id, version) = {
        let i = interview(t);
        (i.interview.id, i.interview.version)
    };
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("testo di Anna");
    t.other_store().discard_draft(id, version).unwrap();
    id
}

/// The next session's new draft for Rossi offers Anna's text back, and Enter saves it there.
fn next_draft_gets_it_back(t: &mut TestApp) {
    t.restart();
    t.text("RSSMRA85T10A562S").keys(&["enter", "n"]);
    let dialog = t.app.dialog.as_ref().expect("recovery offered");
    assert_eq!(dialog.title, "Dati da recuperare");
    t.keys(&["enter"]);
    let i = interview(t);
    assert_eq!(
        t.app.store.interview(i.interview.id).unwrap().expectations,
        "testo di Anna"
    );
    assert!(
        t.app
            .store
            .recoveries_of_closed(i.citizen.id)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn text_typed_on_a_draft_discarded_meanwhile_is_kept_when_quitting() {
    let mut t = TestApp::new();
    let id = typing_on_a_discarded_draft(&mut t);
    t.keys(&["tab"]);
    assert!(t.error_shown(), "{}", t.message());
    t.keys(&["ctrl-q"]);
    let dialog = t.app.dialog.as_ref().expect("question about unsaved data");
    assert_eq!(dialog.title, "Dati non ancora salvati");
    t.keys(&["enter"]);
    assert!(t.app.quit);
    assert_eq!(t.app.store.interview(id).unwrap().expectations, "");
    next_draft_gets_it_back(&mut t);
}

#[test]
fn text_typed_on_a_draft_discarded_meanwhile_is_kept_when_the_session_ends() {
    let mut t = TestApp::new();
    typing_on_a_discarded_draft(&mut t);
    t.app.save_before_exit();
    next_draft_gets_it_back(&mut t);
}

#[test]
fn a_session_ended_while_the_database_is_held_keeps_the_text_in_a_file_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("testo di Anna");
    t.app
        .store
        .set_busy_budget(std::time::Duration::from_millis(200));
    let holder = rusqlite::Connection::open(t.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.app.save_before_exit();
    holder.execute_batch("COMMIT").unwrap();
    let files: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".recupero-"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&files[0])
            .unwrap()
            .contains("testo di Anna")
    );
    // The next start moves it into the database; opening the draft offers it back.
    t.restart();
    assert_eq!(t.app.store.import_recovery_files().unwrap(), 1);
    t.text("RSSMRA85T10A562S").keys(&["enter", "r"]);
    let dialog = t.app.dialog.as_ref().expect("recovery offered");
    assert_eq!(dialog.title, "Dati da recuperare");
    t.keys(&["enter"]);
    let id = interview(&t).interview.id;
    assert_eq!(
        t.app.store.interview(id).unwrap().expectations,
        "testo di Anna"
    );
}

#[test]
fn help_works_in_a_dialog_and_leaves_it_open() {
    let mut t = TestApp::new();
    conflict_on_expectations(&mut t);
    t.keys(&["f1"]);
    assert!(t.app.help);
    t.keys(&["m"]);
    assert!(!t.app.help);
    assert!(
        t.app.dialog.is_some(),
        "the key that closed the help did not answer"
    );
}

#[test]
fn a_note_in_conflict_stays_open_with_its_text() {
    let mut t = TestApp::new();
    t.rossi()
        .keys(&["n", "ctrl-right", "n"])
        .text("nota di Anna");
    let (id, version) = {
        let i = interview(&t);
        (i.interview.id, i.interview.version)
    };
    let mut bruno = t.other_store();
    bruno
        .set_answer_note(id, version, "A1", "nota di Bruno")
        .unwrap();
    t.keys(&["tab"]);
    assert!(t.app.dialog.is_some(), "{}", t.message());
    let i = interview(&t);
    let (area, form) = i.note.as_ref().expect("note box still open");
    assert_eq!(
        (area.as_str(), form.text("note").as_str()),
        ("A1", "nota di Anna")
    );
    t.keys(&["m"]);
    let stored = t.app.store.interview(id).unwrap();
    assert_eq!(
        stored.answer_notes,
        [("A1".to_string(), "nota di Anna".to_string())]
    );
    assert!(interview(&t).note.is_none());
}

#[test]
fn propensioni_stop_at_three() {
    let mut t = TestApp::new();
    t.rossi()
        .keys(&["n", "ctrl-right", "pagedown", "pagedown", "pagedown"]);
    assert_eq!(interview(&t).current_page(), Page::Propensities);
    for title in ["Uno", "Due", "Tre"] {
        t.keys(&["a", "tab"])
            .text(title)
            .keys(&["tab", "space", "ctrl-s"]);
    }
    assert_eq!(interview(&t).propensities.len(), 3);
    t.keys(&["a"]);
    assert!(interview(&t).propensity_form.is_none());
    assert!(t.message().contains("3"), "{}", t.message());
    // Without a provenance the propensione is refused, and the form stays.
    t.keys(&["delete", "enter"]);
    assert_eq!(interview(&t).propensities.len(), 2);
    t.keys(&["a", "tab"]).text("Quattro").keys(&["ctrl-s"]);
    assert!(t.message().contains("da dove viene"), "{}", t.message());
    assert!(interview(&t).propensity_form.is_some());
}

#[test]
fn help_opens_with_f1_and_question_mark_but_not_while_typing() {
    let mut t = TestApp::new();
    t.keys(&["f1"]);
    assert!(t.app.help);
    t.keys(&["x"]);
    assert!(!t.app.help);
    t.text("?");
    assert!(!t.app.help, "on the search field ? is typed");
    t.rossi();
    t.text("?");
    assert!(t.app.help);
}

#[test]
fn leaving_a_changed_propensione_asks_first() {
    let mut t = TestApp::new();
    t.rossi()
        .keys(&["n", "ctrl-right", "pagedown", "pagedown", "pagedown", "a"]);
    t.keys(&["esc"]);
    assert!(
        interview(&t).propensity_form.is_none(),
        "nothing typed: closes at once"
    );
    t.keys(&["a", "tab"]).text("Commesso").keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["esc"]);
    let form = &interview(&t)
        .propensity_form
        .as_ref()
        .expect("still open")
        .1;
    assert_eq!(form.text("title"), "Commesso");
    t.keys(&["esc", "enter"]);
    assert!(interview(&t).propensity_form.is_none());
    assert!(interview(&t).propensities.is_empty());
}

#[test]
fn changing_answers_tells_when_the_plafond_stops_reaching_the_percorso_or_no_longer_holds() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]).text("111111");
    // A = 6, one point from 7: -3 makes 3, and can change the percorso.
    t.keys(&["pagedown", "pagedown"])
        .keys(&["right", "tab", "right", "tab"])
        .text("esperienza frammentata")
        .keys(&["tab"]);
    let plafond = interview(&t).interview.plafond.clone();
    assert_eq!(plafond.map(|p| p.points), Some(-3), "{}", t.message());
    assert!(
        t.message().contains("incide sul percorso"),
        "{}",
        t.message()
    );
    t.keys(&["pageup", "pageup"]);
    for _ in 0..6 {
        t.keys(&["up"]);
    }
    // A goes from 6 to 3: four points from 7. The plafond still holds (3 - 3 = 0), for the
    // outcome only.
    t.text("000");
    assert!(!t.error_shown(), "{}", t.message());
    let screen = t.screen(160, 48);
    assert!(screen.contains("lontano dalla soglia"), "{screen}");
    // A goes to 1: 1 - 3 leaves 0..18, the plafond no longer holds.
    t.text("00");
    assert!(t.error_shown());
    assert!(
        t.message().contains("le risposte sono cambiate"),
        "{}",
        t.message()
    );
    t.keys(&["ctrl-f"]);
    let text = t
        .app
        .dialog
        .as_ref()
        .expect("confirmation")
        .lines
        .join("\n");
    assert!(text.contains("fuori dall'intervallo da 0 a 18"), "{text}");
}

#[test]
fn a_150_interview_asks_for_the_did_date_in_place_then_opens() {
    let mut t = TestApp::new();
    t.rossi_without_did().keys(&["n"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("still on the card");
    };
    assert!(card.did_prompt.is_some(), "the DID date is asked");
    assert!(
        t.message().contains("Manca la data della DID"),
        "{}",
        t.message()
    );
    let screen = t.screen(80, 24);
    assert!(screen.contains("Data della DID"), "{screen}");
    // Not a date: refused in Italian, the typed text stays.
    t.text("31/02/2026").keys(&["enter"]);
    assert!(t.error_shown());
    let Screen::Card(card) = &t.app.screen else {
        panic!("still on the card");
    };
    let form = card.did_prompt.as_ref().expect("still asked");
    assert_eq!(form.text("did"), "31/02/2026");
    let why = form
        .field("did")
        .and_then(|f| f.error.clone())
        .unwrap_or_default();
    assert!(why.contains("GG/MM/AAAA"), "{why}");
    // At 80x24 the input row stays, with the reason under it, and the status line is one line.
    let screen = t.screen(80, 24);
    assert!(screen.contains("›Data DID*"), "{screen}");
    assert!(screen.contains("data non valida"), "{screen}");
    let status = screen.lines().nth(22).unwrap();
    assert!(status.starts_with("⚠ Correggi"), "{screen}");
    // In the future (today is 26/11/2026): refused.
    for _ in 0.."31/02/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("27/11/2026").keys(&["enter"]);
    assert!(t.screen(80, 24).contains("futuro"), "{}", t.screen(80, 24));
    assert!(matches!(&t.app.screen, Screen::Card(c) if c.did_prompt.is_some()));
    let stored = t
        .app
        .store
        .citizen_by_cf("RSSMRA85T10A562S")
        .unwrap()
        .unwrap();
    assert_eq!(stored.data.did_date, None);
    // A valid date: saved on the person (one versioned, audited write), the interview opens.
    for _ in 0.."27/11/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("26/11/2026").keys(&["enter"]);
    assert_eq!(interview(&t).interview.kind, InterviewKind::Did150);
    let stored = t
        .app
        .store
        .citizen_by_cf("RSSMRA85T10A562S")
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.data.did_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-26")
    );
    assert_eq!(stored.version, 2);
    let audit = t.app.store.audit_of(stored.id).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.field == "did_date" && e.new_value.as_deref() == Some("2026-11-26")),
        "{audit:?}"
    );
}

#[test]
fn leaving_the_did_question_opens_nothing_and_the_other_interview_needs_no_did() {
    let mut t = TestApp::new();
    t.rossi_without_did()
        .keys(&["n"])
        .text("01/10")
        .keys(&["esc"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("still on the card");
    };
    assert!(card.did_prompt.is_none());
    assert!(card.interviews.is_empty());
    assert!(
        t.message().contains("non è stato aperto"),
        "{}",
        t.message()
    );
    // The "occupato/altro" interview opens without a DID date.
    t.keys(&["o"]);
    assert_eq!(interview(&t).interview.kind, InterviewKind::Altro);
}

#[test]
fn the_card_never_shows_income_support_as_a_did_date() {
    let mut t = TestApp::new();
    let mut rossi = orienta::domain::records::CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        orienta::domain::records::Sex::Male,
        chrono::NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
    );
    rossi.income_support = "NASpI".into();
    t.app.store.insert_citizen(&rossi).unwrap();
    t.text("RSSMRA").keys(&["enter"]);
    let screen = t.screen(80, 24);
    let line = |label: &str| {
        screen
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line:\n{screen}"))
            .to_string()
    };
    let did = line("Data DID");
    assert!(!did.contains("NASpI"), "{did}");
    assert!(did.contains("non registrata"), "{did}");
    assert!(line("Sostegno al reddito").contains("NASpI"), "{screen}");
    // With the DID date recorded, the date is on its line, the support on its own.
    t.keys(&["n"]).text("01/10/2026").keys(&["enter", "esc"]);
    let screen = t.screen(80, 24);
    let did = screen
        .lines()
        .find(|l| l.starts_with("Data DID"))
        .unwrap_or("");
    assert!(did.ends_with("01/10/2026"), "{screen}");
}

#[test]
fn a_valid_did_date_typed_in_the_question_is_saved_on_quit_and_on_a_signal() {
    let mut t = TestApp::new();
    t.rossi_without_did()
        .keys(&["n"])
        .text("01/10/2026")
        .keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let Screen::Card(card) = &t.app.screen else {
        panic!("still on the card");
    };
    let id = card.citizen.id;
    assert!(card.interviews.is_empty(), "no interview opened");
    let did = t.app.store.citizen(id).unwrap().data.did_date;
    assert_eq!(did, chrono::NaiveDate::from_ymd_opt(2026, 10, 1));

    let mut t = TestApp::new();
    t.rossi_without_did().keys(&["n"]).text("02/10/2026");
    t.app.save_before_exit();
    let Screen::Card(card) = &t.app.screen else {
        panic!("still on the card");
    };
    let did = t.app.store.citizen(card.citizen.id).unwrap().data.did_date;
    assert_eq!(did, chrono::NaiveDate::from_ymd_opt(2026, 10, 2));
}

#[test]
fn an_invalid_did_date_is_listed_on_quit_and_offered_back_on_the_card() {
    let mut t = TestApp::new();
    t.rossi_without_did()
        .keys(&["n"])
        .text("31/02/2026")
        .keys(&["ctrl-q"]);
    let dialog = t.app.dialog.as_ref().expect("the quit dialog lists it");
    assert!(
        dialog.lines.iter().any(|l| l.contains("data della DID")),
        "{:?}",
        dialog.lines
    );
    t.keys(&["enter"]);
    assert!(t.app.quit);
    t.restart().keys(&["enter", "enter"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("on the card: {}", t.message());
    };
    let form = card.did_prompt.as_ref().expect("the question is back");
    assert_eq!(form.text("did"), "31/02/2026");
}

#[test]
fn warnings_show_the_warning_symbol_not_the_success_one() {
    let mut t = TestApp::new();
    t.rossi_without_did().keys(&["n"]);
    let m = t.app.message.clone().unwrap();
    assert!(m.warning && !m.error, "{m:?}");
    let screen = t.screen(80, 24);
    assert!(screen.contains("⚠ Manca la data della DID"), "{screen}");
    assert!(!screen.contains("✔ Manca"), "{screen}");
    t.keys(&["esc"]);
    assert!(t.app.message.as_ref().unwrap().warning);
}

#[test]
fn the_pact_phase_is_not_complete_while_signing_lists_something_missing() {
    let mut t = TestApp::new();
    // An eligible category, then a complete interview.
    t.rossi().keys(&["e"]);
    for _ in 0..12 {
        t.keys(&["tab"]);
    }
    t.keys(&["right", "space", "ctrl-s", "n"]);
    let data = orienta::data::load_defaults().unwrap();
    let id = interview(&t).interview.id;
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-right", "ctrl-right"]);
    // A change of percorso without the person's agreement.
    t.keys(&["right", "right", "tab", "right", "tab"])
        .text("percorso concordato con i servizi")
        .keys(&["tab", "n"]);
    let screen = t.screen(100, 30);
    let header = screen.lines().nth(1).unwrap().to_string();
    t.keys(&["ctrl-f"]);
    let listed = t
        .app
        .dialog
        .as_ref()
        .map(|d| d.lines.join("\n"))
        .unwrap_or_default();
    assert!(listed.contains("accordo"), "{listed}");
    assert!(!header.contains("completa"), "{header}\n{listed}");
    assert!(header.contains("accordo"), "{header}");
    // The score box shows the change beside the proposed percorso.
    assert!(screen.contains("Cambio verso il percorso 2"), "{screen}");
    t.keys(&["esc", "shift-tab", "s", "tab"]);
    let screen = t.screen(100, 30);
    assert!(screen.contains("Percorso proposto 1"), "{screen}");
    assert!(screen.contains("Percorso concordato 2"), "{screen}");
}

#[test]
fn the_pact_phase_is_not_complete_while_a_change_of_percorso_is_typed_and_not_recorded() {
    let mut t = TestApp::new();
    t.rossi().keys(&["e"]);
    for _ in 0..12 {
        t.keys(&["tab"]);
    }
    t.keys(&["right", "space", "ctrl-s", "n"]);
    let data = orienta::data::load_defaults().unwrap();
    let id = interview(&t).interview.id;
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-right", "ctrl-right"]);
    // A percorso chosen, without category nor reasons: not recorded yet.
    t.keys(&["right", "right", "tab"]);
    let screen = t.screen(100, 30);
    let header = screen.lines().nth(1).unwrap().to_string();
    t.keys(&["ctrl-f"]);
    let listed = t
        .app
        .dialog
        .as_ref()
        .map(|d| d.lines.join("\n"))
        .unwrap_or_default();
    assert!(!header.contains("completa"), "{header}\n{listed}\n{screen}");
}
