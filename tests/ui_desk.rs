//! At the desk: keys act only on what is visible, fewer keys for the same work.

mod common;

use common::TestApp;
use orienta::ui::app::Screen;

fn interview(t: &TestApp) -> &orienta::ui::app::InterviewScreen {
    match &t.app.screen {
        Screen::Interview(i) => i,
        _ => panic!("not on an interview: {}", t.message()),
    }
}

#[test]
fn the_legend_over_the_page_takes_no_answers_and_esc_closes_it() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right", "ctrl-l"]);
    assert!(t.app.legend_covers_page());
    t.text("2");
    assert_eq!(interview(&t).interview.answers.get("A1"), None);
    t.keys(&["esc"]);
    assert!(!t.app.legend);
    assert!(
        matches!(t.app.screen, Screen::Interview(_)),
        "Esc closed only the legend"
    );
    t.text("2");
    assert_eq!(interview(&t).interview.answers.get("A1"), Some(2));
    // Wide screens show the legend in a column of its own: nothing is covered.
    t.app.viewport = (160, 48);
    t.keys(&["ctrl-l"]);
    assert!(!t.app.legend_covers_page());
}

#[test]
fn behind_the_too_small_notice_keys_do_nothing_but_quit() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]);
    t.app.viewport = (70, 20);
    t.text("3").keys(&["esc", "ctrl-f"]);
    assert_eq!(interview(&t).interview.answers.get("A1"), None);
    assert!(t.app.dialog.is_none());
    assert!(matches!(t.app.screen, Screen::Interview(_)));
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit);
}

#[test]
fn a_plafond_that_no_longer_holds_is_struck_out_and_not_counted() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]).text("111111");
    // A = 6: -3 on A.
    t.keys(&["pagedown", "pagedown"])
        .keys(&["right", "tab", "right", "tab"])
        .text("esperienza frammentata")
        .keys(&["tab", "pageup", "pageup"]);
    let screen = t.screen(80, 24);
    assert!(
        screen.contains("6-3=3/18"),
        "counted while it holds:\n{screen}"
    );
    assert!(screen.contains("incide sul percorso"), "{screen}");
    for _ in 0..6 {
        t.keys(&["up"]);
    }
    // A goes from 6 to 3: four points from the threshold 7, the plafond still counts, for the
    // outcome only.
    t.text("000");
    let screen = t.screen(80, 24);
    assert!(screen.contains("3-3=0/18"), "{screen}");
    assert!(screen.contains("lontano dalla soglia"), "{screen}");
    // A goes to 1: 1 - 3 is below 0, the plafond no longer holds.
    t.text("00");
    let screen = t.screen(80, 24);
    assert!(screen.contains("Plafond A -3"), "{screen}");
    assert!(screen.contains("non conta più"), "{screen}");
    assert!(screen.contains("1/18"), "not counted any more:\n{screen}");
    assert_eq!(
        t.app
            .scores(match &t.app.screen {
                Screen::Interview(i) => i,
                _ => unreachable!(),
            })
            .target("A")
            .map(|a| a.1),
        Some(1)
    );
}

#[test]
fn when_d_opens_the_cursor_goes_to_the_first_unanswered_area() {
    let mut t = TestApp::new();
    // A, B and C answered with no difficulty: C is 0, D stays closed.
    t.rossi()
        .keys(&["n", "ctrl-right"])
        .text("0000000000000000");
    assert_eq!(t.app.visible_areas(interview(&t)).len(), 16);
    // Back to C1: two answers of 3 points bring C to 6, and D opens.
    for _ in 0..4 {
        t.keys(&["up"]);
    }
    let i = interview(&t);
    assert_eq!(t.app.visible_areas(i)[i.area], "C1");
    t.text("3");
    let i = interview(&t);
    assert_eq!(t.app.visible_areas(i)[i.area], "C2", "moves on as usual");
    t.text("3");
    let i = interview(&t);
    let shown = t.app.visible_areas(i);
    assert_eq!(shown.len(), 21, "D is open");
    assert_eq!(shown[i.area], "D1", "not C3: D is what is left to answer");
}

#[test]
fn choosing_no_section_takes_an_applied_plafond_away() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]).text("111111");
    t.keys(&["pagedown", "pagedown"])
        .keys(&["right", "tab", "right", "right", "right", "right", "tab"])
        .text("esperienza frammentata")
        .keys(&["tab"]);
    assert!(interview(&t).interview.plafond.is_some(), "{}", t.message());
    // Back on "Plafond su": one step left is "— non indicato —".
    t.keys(&["shift-tab", "shift-tab", "shift-tab", "left", "tab"]);
    let id = interview(&t).interview.id;
    assert_eq!(
        t.app.store.interview(id).unwrap().plafond,
        None,
        "{}",
        t.message()
    );
    assert_eq!(interview(&t).plafond.text("plafond_note"), "");
    assert!(interview(&t).plafond.dirty_ids().is_empty());
}

#[test]
fn back_from_the_card_finds_the_same_search_and_row_with_the_count() {
    let mut t = TestApp::new();
    t.rossi().keys(&["esc"]);
    let store = &mut t.app.store;
    let data = orienta::data::load_defaults().unwrap();
    let mut generator = orienta::demo::Generator::new(&data, 3, common::today(), Vec::new());
    for _ in 0..2 {
        let mut person = generator.person().citizen;
        person.surname = "Rossini".into();
        store.insert_citizen(&person).unwrap();
    }
    t.text("Ross");
    let Screen::Home(home) = &t.app.screen else {
        panic!("home");
    };
    assert_eq!(home.results.len(), 3);
    assert!(t.screen(80, 24).contains("3 risultati"));
    t.keys(&["down", "down", "enter"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));
    t.keys(&["esc"]);
    let Screen::Home(home) = &t.app.screen else {
        panic!("home");
    };
    assert_eq!((home.query.text.as_str(), home.selected), ("Ross", 2));
}

#[test]
fn a_missing_education_title_is_chosen_on_the_cv_page() {
    let mut t = TestApp::new();
    // Rossi has no title; one propensione so the CV can be filed.
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
        .keys(&["tab", "s", "ctrl-s", "pagedown"]);
    let i = interview(&t);
    assert_eq!(i.cv.fields[0].id, "education", "asked for on the page");
    // The title found by typing, then consent, a province and the file.
    let pdf = t.dir.path().join("cv.pdf");
    std::fs::write(&pdf, orienta::demo::sample_pdf(Some("Mario Rossi"))).unwrap();
    t.text("licenza media")
        .keys(&["tab", "s", "space", "tab"])
        .text(pdf.to_str().unwrap());
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    let i = interview(&t);
    assert_eq!(i.cvs.len(), 1);
    assert_eq!(i.citizen.data.education, "licenza_media");
    let stored = t.app.store.citizen(i.citizen.id).unwrap();
    assert_eq!(stored.data.education, "licenza_media");
    assert!(i.cv.field("education").is_none(), "no longer asked");
}

#[test]
fn the_place_of_birth_comes_from_the_codice_fiscale_as_named_then() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-n"]).text("RSSMRA85T10A562S").keys(&["tab"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    // A562 is San Giuliano Terme since 1935 (Bagni San Giuliano before).
    assert_eq!(c.form.text("birth_place"), "San Giuliano Terme (PI)");
    let data = orienta::data::load_defaults().unwrap();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        data.place_at("A562", date(1930, 1, 1))
            .map(|p| p.name.as_str()),
        Some("Bagni San Giuliano")
    );
    // A foreign state: the name alone.
    assert_eq!(
        data.place_at("Z110", date(1990, 1, 1))
            .map(|p| p.province.as_str()),
        Some("EE")
    );
    assert_eq!(data.place_at("Q999", date(1990, 1, 1)), None);
}

#[test]
fn a_sex_or_birth_date_changed_against_the_codice_fiscale_is_refused_not_replaced() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-n"])
        .text("RSSMRA85T10A562S")
        .keys(&["tab"])
        .text("Rossi")
        .keys(&["tab"])
        .text("Mario");
    // Forward, sex, birth date and place are passed over; back, the birth date is reached.
    t.keys(&["tab", "shift-tab", "shift-tab"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("form expected");
    };
    assert_eq!(c.form.focused().unwrap().id, "birth_date");
    t.keys(&["backspace"]).text("4").keys(&["ctrl-s"]);
    let Screen::CitizenForm(c) = &t.app.screen else {
        panic!("refused, the form stays: {}", t.message());
    };
    assert_eq!(c.form.text("birth_date"), "10/12/1984", "kept as typed");
    assert!(c.form.field("birth_date").unwrap().error.is_some());
}

#[test]
fn a_check_list_rating_by_letters_does_not_spill_into_the_next_item() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right", "pagedown"]).text("cr");
    let i = interview(&t);
    assert_eq!(
        i.checklist.fields[i.checklist.focus].id, "V1",
        "letters stay"
    );
    assert_eq!(i.checklist.fields[0].shown(), "Critico");
    assert_eq!(i.checklist.fields[2].selected(), None, "V2 untouched");
    // Backspace clears the search; a digit rates by position and moves on to the next rating.
    t.keys(&["backspace", "backspace"]).text("1");
    let i = interview(&t);
    assert_eq!(i.checklist.fields[0].shown(), "Adeguato");
    assert_eq!(i.checklist.fields[i.checklist.focus].id, "V2");
}
