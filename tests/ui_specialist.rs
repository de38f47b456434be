//! Counselling sessions from the card (c) and group sessions from home (Ctrl+T): state after
//! the keys an operator types, and both screens at 80x24 and 160x48.

mod common;

use common::TestApp;
use orienta::domain::records::ActionStatus;
use orienta::ui::app::Screen;
use orienta::ui::screens::counselling::Counselling;
use orienta::ui::screens::groups::Groups;

fn check(name: &str, t: &TestApp) {
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = t.screen(width, height);
        insta::with_settings!({
            snapshot_suffix => format!("{width}x{height}"),
            filters => vec![(r"PSP-\d{4}-", "PSP-AAAA-")],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(name, screen);
        });
    }
}

/// Rossi with a signed version 1 of his pact (A06 typed; 150 and A07 recorded), on his card.
fn signed() -> TestApp {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let data = orienta::data::load_defaults().unwrap();
    let id = match &t.app.screen {
        Screen::Interview(i) => i.interview.id,
        _ => panic!("interview expected: {}", t.message()),
    };
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-f", "f"]);
    assert!(matches!(t.app.screen, Screen::Card(_)), "{}", t.message());
    t
}

fn counselling(t: &TestApp) -> &Counselling {
    match &t.app.screen {
        Screen::Counselling(c) => c,
        _ => panic!("not on the counselling: {}", t.message()),
    }
}

fn groups(t: &TestApp) -> &Groups {
    match &t.app.screen {
        Screen::Groups(g) => g,
        _ => panic!("not on the group sessions: {}", t.message()),
    }
}

fn a06_status(t: &TestApp) -> ActionStatus {
    counselling(t).actions[0].data.status
}

/// From the date field of the session form: goals, obstacles, strategies, outcome, next step.
fn fill_session(t: &mut TestApp, goals: &str, outcome: &str) {
    t.keys(&["tab", "tab"])
        .text(goals)
        .keys(&["tab"])
        .text("orari rigidi")
        .keys(&["tab"])
        .text("ricerca mirata")
        .keys(&["tab"])
        .text(outcome)
        .keys(&["tab"])
        .text("due candidature");
}

#[test]
fn the_first_session_starts_the_a06_action_and_the_closing_one_concludes_it() {
    let mut t = signed();
    t.keys(&["c"]);
    assert!(counselling(&t).sessions.is_empty());
    assert_eq!(a06_status(&t), ActionStatus::Programmata);
    check("counselling_empty", &t);

    // The only open A06 action is chosen already; the date is today.
    t.keys(&["a"]);
    check("counselling_form", &t);
    fill_session(&mut t, "definire l'obiettivo", "");
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert_eq!(counselling(&t).sessions.len(), 1);
    assert_eq!(a06_status(&t), ActionStatus::InCorso);

    // Edit it: closing without an outcome is refused with the reason on the field.
    t.keys(&["enter"]);
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("s").keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let screen = t.screen(80, 24);
    assert!(screen.contains("scrivi l'esito"), "{screen}");
    assert_eq!(a06_status(&t), ActionStatus::InCorso);
    t.keys(&["shift-tab", "shift-tab", "shift-tab"])
        .text("obiettivo chiaro: magazzino")
        .keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let c = counselling(&t);
    assert!(c.sessions[0].data.closes);
    assert_eq!(c.actions[0].data.status, ActionStatus::Conclusa);
    assert_eq!(c.actions[0].data.outcome, "obiettivo chiaro: magazzino");
    check("counselling_sessions", &t);

    // Back to the card, whose plan shows the action concluded.
    t.keys(&["esc"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    let a06 = card.plan.iter().find(|a| a.data.code == "A06").unwrap();
    assert_eq!(a06.data.status, ActionStatus::Conclusa);
}

#[test]
fn a_session_in_the_future_or_without_content_is_refused_and_esc_asks() {
    let mut t = signed();
    t.keys(&["c", "a"]);
    for _ in 0.."26/11/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("27/11/2026").keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let screen = t.screen(80, 24);
    assert!(screen.contains("la data è dopo oggi"), "{screen}");
    assert!(screen.contains("scrivi almeno gli obiettivi"), "{screen}");
    assert!(counselling(&t).form.is_some());
    // Esc on a changed form asks; "n" keeps it, confirming discards it.
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["n"]);
    assert!(t.app.dialog.is_none());
    assert!(counselling(&t).form.is_some());
    t.keys(&["esc", "enter"]);
    assert!(counselling(&t).form.is_none());
    assert!(counselling(&t).sessions.is_empty());
}

#[test]
fn quitting_saves_a_valid_session() {
    let mut t = signed();
    t.keys(&["c", "a"]);
    fill_session(&mut t, "primo incontro", "");
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let citizen = counselling(&t).citizen.id;
    let sessions = t.app.store.counselling_sessions(citizen).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].data.goals, "primo incontro");
    assert_eq!(sessions[0].data.operator, "Anna");
}

#[test]
fn without_a_signed_pact_no_session_is_recorded() {
    let mut t = TestApp::new();
    t.rossi().keys(&["c"]);
    assert!(counselling(&t).form.is_none());
    t.keys(&["a"]);
    assert!(t.error_shown());
    assert!(t.message().contains("patto firmato"), "{}", t.message());
    assert!(counselling(&t).form.is_none());
}

#[test]
fn without_an_open_a06_the_session_records_one_in_the_plan() {
    let mut t = signed();
    t.keys(&["c", "a"]);
    fill_session(&mut t, "uno", "chiuso");
    t.keys(&["tab", "s", "ctrl-s"]);
    assert_eq!(a06_status(&t), ActionStatus::Conclusa, "{}", t.message());
    // No A06 open now: the form says a new one goes in the plan.
    t.keys(&["a"]);
    assert!(t.message().contains("nessuna") || t.message().contains("non ha azioni A06"));
    fill_session(&mut t, "nuovo ciclo", "");
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let c = counselling(&t);
    assert_eq!(c.actions.len(), 2);
    assert_eq!(c.actions[1].data.status, ActionStatus::InCorso);
}

/// A workshop typed from the list (Ctrl+T, then a).
fn new_workshop(t: &mut TestApp) {
    t.keys(&["ctrl-t", "a"]);
    // Type: B03 by its initial.
    t.text("B")
        .keys(&["tab", "tab"])
        .text("Prepararsi al colloquio")
        .keys(&["tab", "tab"])
        .text("Sala 2");
}

#[test]
fn a_group_session_with_participants_and_attendance() {
    let mut t = signed();
    t.keys(&["esc"]);
    // Verdi, without a pact.
    t.keys(&["ctrl-n"])
        .text("VRDGPP80A41H501Y")
        .keys(&["tab"])
        .text("Verdi")
        .keys(&["tab"])
        .text("Giuseppina")
        .keys(&["ctrl-s", "esc"]);
    new_workshop(&mut t);
    check("group_form", &t);
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let open = groups(&t).open.as_ref().expect("the new session opens");
    assert_eq!(open.session.data.code, "B03");
    assert_eq!(open.session.data.operator, "Anna");

    // Add Rossi by search.
    t.keys(&["a"]).text("rossi");
    check("group_search", &t);
    t.keys(&["enter"]);
    assert!(!t.error_shown(), "{}", t.message());
    let open = groups(&t).open.as_ref().unwrap();
    assert_eq!(open.participants.len(), 1);
    assert!(open.search.is_none());
    let rossi = open.participants[0].citizen_id;
    let action = open.participants[0].action_id;

    // Twice: refused, with the reason.
    t.keys(&["a"]).text("rossi").keys(&["enter"]);
    assert!(
        t.message().contains("già fra i partecipanti"),
        "{}",
        t.message()
    );
    // Verdi has no pact: refused.
    for _ in 0.."rossi".len() {
        t.keys(&["backspace"]);
    }
    t.text("verdi").keys(&["enter"]);
    assert!(t.message().contains("patto firmato"), "{}", t.message());
    t.keys(&["esc"]);
    assert_eq!(groups(&t).open.as_ref().unwrap().participants.len(), 1);
    check("group_session", &t);

    // Present: the action is concluded with "presente".
    t.keys(&["p"]);
    assert!(!t.error_shown(), "{}", t.message());
    let plan = t.app.store.current_plan(rossi).unwrap();
    let a = plan.iter().find(|a| Some(a.id) == action).unwrap();
    assert_eq!(a.data.code, "B03");
    assert_eq!(a.data.status, ActionStatus::Conclusa);
    assert_eq!(a.data.outcome, "presente");
    assert_eq!(
        groups(&t).open.as_ref().unwrap().participants[0].attended,
        Some(true)
    );

    // Back to the list: newest first, with the count.
    t.keys(&["esc"]);
    assert!(groups(&t).open.is_none());
    let screen = t.screen(80, 24);
    assert!(screen.contains("1 (1 presenti)"), "{screen}");
    check("groups_list", &t);
    t.keys(&["esc"]);
    assert!(matches!(t.app.screen, Screen::Home(_)));
}

#[test]
fn removing_a_participant_before_attendance_cancels_the_action() {
    let mut t = signed();
    t.keys(&["esc"]);
    new_workshop(&mut t);
    t.keys(&["ctrl-s", "a"]).text("rossi").keys(&["enter"]);
    let open = groups(&t).open.as_ref().unwrap();
    let (rossi, action) = (
        open.participants[0].citizen_id,
        open.participants[0].action_id,
    );
    t.keys(&["delete"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["enter"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert!(groups(&t).open.as_ref().unwrap().participants.is_empty());
    let plan = t.app.store.current_plan(rossi).unwrap();
    let a = plan.iter().find(|a| Some(a.id) == action).unwrap();
    assert_eq!(a.data.status, ActionStatus::Annullata);
}

#[test]
fn a_changed_group_form_asks_on_esc_and_is_saved_on_quit() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-t"]);
    check("groups_empty", &t);
    t.keys(&["a", "tab", "tab"]).text("Seminario sul CV");
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["esc"]);
    assert!(groups(&t).form.is_some());
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let saved = t.app.store.group_sessions().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].data.code, "A06");
    assert_eq!(saved[0].data.topic, "Seminario sul CV");
}

#[test]
fn a_session_that_cannot_be_saved_on_quit_is_kept_and_offered_back_only_there() {
    let mut t = signed();
    t.keys(&["c", "a"]);
    for _ in 0.."26/11/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("31/02/2026");
    fill_session(&mut t, "copia di recupero", "");
    t.keys(&["ctrl-q"]);
    // Not valid: the question, then leaving keeps it.
    assert!(!t.app.quit);
    let dialog = t.app.dialog.as_ref().expect("asks before leaving");
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("sessione di consulenza")),
        "{:?}",
        dialog.lines
    );
    t.keys(&["enter"]);
    assert!(t.app.quit);

    // Next session: the person's registry form does not take it...
    t.restart();
    t.keys(&["enter", "e"]);
    assert!(t.app.dialog.is_none(), "{}", t.message());
    t.keys(&["esc"]);
    // ...the counselling screen offers it back, with what was typed.
    t.keys(&["c"]);
    assert!(t.app.dialog.is_some(), "{}", t.message());
    t.keys(&["enter"]);
    let form = counselling(&t).form.as_ref().expect("the form is back");
    assert_eq!(form.form.text("goals"), "copia di recupero");
    assert!(t.error_shown(), "the date is still wrong: {}", t.message());
    // Fixed and saved: the copy goes.
    t.keys(&["shift-tab"; 8]);
    for _ in 0.."31/02/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("25/11/2026").keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert_eq!(counselling(&t).sessions.len(), 1);
    assert!(
        t.app
            .store
            .recoveries(Some(counselling(&t).citizen.id), None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_codice_fiscale_pasted_into_the_participant_search_finds_the_person() {
    let mut t = signed();
    t.keys(&["esc"]);
    new_workshop(&mut t);
    t.keys(&["ctrl-s", "a"]);
    t.app.paste("RSSMRA85T10A562S\n");
    let open = groups(&t).open.as_ref().unwrap();
    let search = open.search.as_ref().unwrap();
    assert_eq!(search.query.text, "RSSMRA85T10A562S");
    assert_eq!(search.results.len(), 1);
    t.keys(&["enter"]);
    assert_eq!(groups(&t).open.as_ref().unwrap().participants.len(), 1);
}

#[test]
fn the_pdf_printed_from_the_card_lists_the_counselling_done() {
    let mut t = signed();
    let dir = t.dir.path().join("stampe");
    std::fs::create_dir(&dir).unwrap();
    t.app.print_dir = Some(dir.clone());
    t.keys(&["c", "a"]);
    fill_session(&mut t, "uno", "obiettivo raggiunto");
    t.keys(&["tab", "s", "ctrl-s", "esc", "p"]);
    assert!(!t.error_shown(), "{}", t.message());
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .expect("a PDF is written")
        .unwrap()
        .path();
    let doc = lopdf::Document::load(&file).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Attività dopo il patto"), "{text}");
    assert!(flat.contains("Situazione al 26/11/2026"), "{text}");
    assert!(flat.contains("esito: obiettivo raggiunto"), "{text}");
}
