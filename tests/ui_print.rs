//! Printing a signed pact from the card: the PDF in the print directory, its path on screen,
//! the question whether the person signed, and the acceptance shown on the card.

mod common;

use common::TestApp;
use orienta::domain::records::{AcceptanceKind, InterviewKind};
use orienta::ui::app::Screen;

/// Rossi with one signed pact, his card open, PDFs written to a directory of the test.
fn rossi_with_pact(t: &mut TestApp) -> (i64, std::path::PathBuf) {
    t.rossi();
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    let citizen = card.citizen.id;
    let data = orienta::data::load_defaults().unwrap();
    let interview = t
        .app
        .store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut t.app.store, &data, interview.id);
    let pact = t.app.store.sign_pact(&data, &seen).unwrap();
    let dir = t.dir.path().join("stampe");
    std::fs::create_dir(&dir).unwrap();
    t.app.print_dir = Some(dir.clone());
    t.keys(&["esc"]).text("Rossi").keys(&["enter"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));
    (pact.id, dir)
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn p_writes_the_pdf_shows_its_path_and_records_the_signature() {
    let mut t = TestApp::new();
    let (pact_id, dir) = rossi_with_pact(&mut t);
    let screen = t.screen(100, 30);
    assert!(
        screen.contains("firma della persona non ancora registrata"),
        "{screen}"
    );

    t.keys(&["p"]);
    let files = files_in(&dir);
    assert_eq!(files.len(), 1);
    let name = &files[0];
    assert!(
        name.starts_with("PSP-") && name.ends_with("-v1-RSSMRA85T10A562S.pdf"),
        "{name}"
    );
    let bytes = std::fs::read(dir.join(name)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let dialog = t.app.dialog.as_ref().expect("the question after printing");
    assert!(
        dialog.lines[1].ends_with(name.as_str()),
        "{:?}",
        dialog.lines
    );
    assert!(dialog.lines[2].ends_with("stampe"), "{:?}", dialog.lines);
    assert!(dialog.question.contains("firmato"));
    let shown = t.screen(100, 30);
    assert!(shown.contains("La persona ha firmato il patto?"), "{shown}");

    // Esc: nothing recorded.
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_none());
    assert_eq!(t.app.store.acceptance_of(pact_id).unwrap(), None);

    // Printed again: a new file beside the first, never over it; Enter records the signature.
    t.keys(&["p"]);
    assert_eq!(files_in(&dir).len(), 2);
    assert!(
        files_in(&dir)
            .iter()
            .any(|f| f.ends_with("-v1-RSSMRA85T10A562S-2.pdf"))
    );
    t.keys(&["enter"]);
    let accepted = t
        .app
        .store
        .acceptance_of(pact_id)
        .unwrap()
        .expect("recorded");
    assert_eq!(accepted.how, AcceptanceKind::Firma);
    assert_eq!(accepted.operator, "Anna");
    assert!(t.message().contains("firmato il patto"), "{}", t.message());
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    assert!(card.accepted.is_some());
    let screen = t.screen(100, 30);
    assert!(
        screen.contains("versione 1: firmata dalla persona il"),
        "{screen}"
    );

    // A third print only says where the file is: the acceptance is already there.
    t.keys(&["p"]);
    assert!(t.app.dialog.is_none());
    assert!(t.message().contains("già registrata"), "{}", t.message());
    assert_eq!(files_in(&dir).len(), 3);
}

#[test]
fn printing_from_the_open_pact_and_without_a_pact() {
    let mut t = TestApp::new();
    t.rossi();
    t.keys(&["p"]);
    assert!(t.error_shown());
    assert!(
        t.message().contains("Nessun patto firmato"),
        "{}",
        t.message()
    );

    let mut t = TestApp::new();
    let (_, dir) = rossi_with_pact(&mut t);
    t.keys(&["enter"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    assert_eq!(card.viewing, Some(0));
    t.keys(&["p"]);
    assert_eq!(files_in(&dir).len(), 1);
    assert!(t.app.dialog.is_some());
}

#[test]
fn a_print_directory_that_does_not_exist_is_an_error_on_screen() {
    let mut t = TestApp::new();
    let (_, dir) = rossi_with_pact(&mut t);
    t.app.print_dir = Some(dir.join("manca"));
    t.keys(&["p"]);
    assert!(t.error_shown());
    assert!(
        t.message().contains("la cartella non esiste"),
        "{}",
        t.message()
    );
    assert!(t.app.dialog.is_none());
}

#[test]
fn the_card_after_printing_snapshot() {
    let mut t = TestApp::new();
    rossi_with_pact(&mut t);
    t.keys(&["p"]);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"PSP-\d{4}-\d*", "PSP-AAAA-NNNNNNN");
    settings.add_filter(r"\d{2}/\d{2}/\d{4}", "GG/MM/AAAA");
    settings.add_filter(r"Cartella: /[^ │]*/stampe", "Cartella: /tmp/stampe");
    settings.bind(|| {
        insta::assert_snapshot!("card_print_question", t.screen(100, 30));
        t.keys(&["enter"]);
        insta::assert_snapshot!("card_pact_accepted", t.screen(100, 30));
    });
}

#[test]
fn the_latest_version_is_printed_unless_another_is_chosen() {
    let mut t = TestApp::new();
    let (_, dir) = rossi_with_pact(&mut t);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    let citizen = card.citizen.id;
    let data = orienta::data::load_defaults().unwrap();
    let interview = t
        .app
        .store
        .start_interview(citizen, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut t.app.store, &data, interview.id);
    t.app.store.sign_pact(&data, &seen).unwrap();
    // Back home the search is still there: Enter opens the card again.
    t.keys(&["esc", "enter", "p", "esc"]);
    assert!(files_in(&dir)[0].contains("-v2-"), "{:?}", files_in(&dir));
    t.keys(&["up", "p", "esc"]);
    assert!(
        files_in(&dir).iter().any(|f| f.contains("-v1-")),
        "{:?}",
        files_in(&dir)
    );
    // The card tells about the latest version only.
    let screen = t.screen(100, 30);
    assert!(
        screen.contains("versione 2: firma della persona non ancora registrata"),
        "{screen}"
    );
}
