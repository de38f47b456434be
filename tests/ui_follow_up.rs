//! The pact's life in the interface: the plan followed up from the card, a new interview that
//! starts from the signed version, version 2 with its changes.

mod common;

use common::TestApp;
use orienta::domain::records::ActionStatus;
use orienta::ui::app::{Page, Screen};
use orienta::ui::screens::card::Card;

fn card(t: &TestApp) -> &Card {
    match &t.app.screen {
        Screen::Card(c) => c,
        _ => panic!("not on the card: {}", t.message()),
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
    assert_eq!(card(&t).pacts.len(), 1, "{}", t.message());
    t
}

#[test]
fn the_card_shows_the_signed_plan_and_updates_an_action_with_an_audit() {
    let mut t = signed();
    let codes: Vec<&str> = card(&t).plan.iter().map(|a| a.data.code.as_str()).collect();
    assert_eq!(codes, ["A06", "150", "A07"]);
    let screen = t.screen(100, 40);
    assert!(screen.contains("Piano del patto in corso"), "{screen}");
    assert!(screen.contains("A06  Consulenza orientativa"), "{screen}");
    assert!(screen.contains("registrata alla firma"), "{screen}");
    assert!(
        screen.contains("g piano"),
        "the footer names the key: {screen}"
    );
    let signed = card(&t).pacts[0].clone();

    // g selects the plan, Enter opens the first action.
    t.keys(&["g", "enter"]);
    let screen = t.screen(100, 40);
    assert!(screen.contains("Aggiornamento dell'azione A06"), "{screen}");
    assert!(screen.contains("Ctrl+S salva"), "{screen}");
    // A date that does not exist is refused, the form stays.
    t.keys(&["right", "tab"])
        .text("primo incontro fatto")
        .keys(&["tab", "tab"])
        .text("31/02/2026")
        .keys(&["ctrl-s"]);
    assert!(t.error_shown(), "{}", t.message());
    assert!(card(&t).follow_up.as_ref().unwrap().form.is_some());
    for _ in 0.."31/02/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("20/11/2026").keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Azione aggiornata.");
    let a06 = &card(&t).plan[0];
    assert_eq!(a06.data.status, ActionStatus::InCorso);
    assert_eq!(a06.data.outcome, "primo incontro fatto");
    assert_eq!(
        a06.started_on,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    let id = a06.id;
    let citizen = card(&t).citizen.id;
    let audit = t.app.store.audit_of(citizen).unwrap();
    assert!(
        audit.iter().any(|e| e.entity == "azione"
            && e.entity_id == Some(id)
            && e.field == "status"
            && e.new_value.as_deref() == Some("in_corso")),
        "{audit:#?}"
    );
    // The signed version stays as signed.
    assert_eq!(t.app.store.pact_versions_of(citizen).unwrap()[0], signed);
    // Esc leaves the plan, then the card.
    t.keys(&["esc"]);
    assert!(card(&t).follow_up.is_none());
}

#[test]
fn a_new_version_starts_from_the_signed_one_and_lists_its_changes() {
    let mut t = signed();
    let citizen = card(&t).citizen.id;
    let v1 = t.app.store.pact_versions_of(citizen).unwrap().remove(0);
    t.keys(&["n"]);
    let screen = t.screen(100, 40);
    assert!(
        screen.contains(&format!("Ripreso dal patto {} versione 1 del", v1.number)),
        "{screen}"
    );
    // The plan is there: the open action, not the ones the signing recorded.
    t.keys(&["ctrl-right", "ctrl-right", "pagedown"]);
    let Screen::Interview(i) = &t.app.screen else {
        panic!("interview expected");
    };
    assert_eq!(i.current_page(), Page::Plan);
    let codes: Vec<&str> = i.actions.iter().map(|a| a.data.code.as_str()).collect();
    assert_eq!(codes, ["A06"]);
    let screen = t.screen(100, 40);
    assert!(screen.contains("Percorso della versione 1: 1"), "{screen}");
    // Change its due date, sign version 2.
    t.keys(&["enter", "tab", "tab", "tab"])
        .text("15/03/2027")
        .keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    t.keys(&["ctrl-f", "f"]);
    let pacts = &card(&t).pacts;
    assert_eq!(pacts.len(), 2, "{}", t.message());
    assert_eq!(pacts[0], v1, "version 1 as signed");
    let changes = pacts[1].content["modifiche"].to_string();
    assert!(
        changes.contains("A06") && changes.contains("15/03/2027"),
        "{changes}"
    );
}

#[test]
fn a_changed_follow_up_asks_before_esc_drops_it_and_quitting_saves_it() {
    let mut t = signed();
    t.keys(&["g", "enter", "right", "esc"]);
    assert!(t.app.dialog.is_some(), "Esc on a changed form asks first");
    t.keys(&["esc"]);
    assert!(card(&t).follow_up.as_ref().unwrap().form.is_some());
    t.keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let citizen = card(&t).citizen.id;
    let plan = t.app.store.current_plan(citizen).unwrap();
    assert_eq!(plan[0].data.status, ActionStatus::InCorso);
}

#[test]
fn the_plan_is_not_selectable_without_a_signed_pact() {
    let mut t = TestApp::new();
    t.rossi().keys(&["g"]);
    assert!(card(&t).follow_up.is_none());
    assert!(!t.screen(100, 30).contains("g piano"));
}

/// Types an end date before the start date on the first action: a change that cannot be saved.
fn unsavable_follow_up(t: &mut TestApp) {
    t.keys(&["g", "enter", "tab"])
        .text("fatto a metà")
        .keys(&["tab", "tab"])
        .text("20/11/2026")
        .keys(&["tab"])
        .text("10/11/2026");
}

fn restore_offered(t: &TestApp) -> bool {
    matches!(
        t.app.dialog.as_ref().map(|d| &d.pending),
        Some(orienta::ui::app::Pending::Restore(_))
    )
}

#[test]
fn a_follow_up_that_cannot_be_saved_is_kept_on_quit_and_offered_back_on_the_card() {
    let mut t = signed();
    unsavable_follow_up(&mut t);
    t.keys(&["ctrl-q"]);
    assert!(t.app.dialog.is_some(), "the quit dialog lists it");
    t.keys(&["enter"]);
    assert!(t.app.quit);
    t.restart().keys(&["enter"]);
    assert!(restore_offered(&t), "offered on the card: {}", t.message());
    t.keys(&["enter"]);
    let follow = card(&t).follow_up.as_ref().expect("the plan is selected");
    let (_, _, form) = follow.form.as_ref().expect("the form is back");
    assert_eq!(form.text("outcome"), "fatto a metà");
    assert_eq!(form.text("ended"), "10/11/2026");
    // Fixed, it saves and the copy goes.
    t.keys(&["tab", "tab", "tab", "tab"]);
    for _ in 0.."10/11/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("25/11/2026").keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Azione aggiornata.");
    let citizen = card(&t).citizen.id;
    assert_eq!(card(&t).plan[0].data.outcome, "fatto a metà");
    assert!(
        t.app
            .store
            .recoveries_of_citizen(citizen)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_follow_up_is_kept_on_a_signal_and_a_change_by_another_operator_is_shown_as_a_conflict() {
    let mut t = signed();
    unsavable_follow_up(&mut t);
    t.app.save_before_exit();
    let citizen = card(&t).citizen.id;
    assert_eq!(t.app.store.recoveries_of_citizen(citizen).unwrap().len(), 1);
    // Bruno updates the same action meanwhile.
    let mut other = t.other_store();
    let a06 = other.current_plan(citizen).unwrap()[0].clone();
    let update = orienta::store::FollowUp {
        status: ActionStatus::InCorso,
        outcome: "di Bruno".into(),
        due_date: a06.data.due_date,
        started_on: a06.started_on,
        ended_on: a06.ended_on,
    };
    other
        .follow_up_action(a06.id, a06.version, &update)
        .unwrap();
    t.restart().keys(&["enter"]);
    assert!(restore_offered(&t), "{}", t.message());
    t.keys(&["enter"]);
    let dialog = t.app.dialog.as_ref().expect("both values shown");
    assert!(
        dialog.lines.iter().any(|l| l.contains("di Bruno")),
        "{:?}",
        dialog.lines
    );
    // Taking theirs closes the form and drops the copy.
    t.keys(&["a"]);
    assert!(card(&t).follow_up.as_ref().is_none_or(|f| f.form.is_none()));
    assert_eq!(card(&t).plan[0].data.outcome, "di Bruno");
    assert!(
        t.app
            .store
            .recoveries_of_citizen(citizen)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_card_footer_names_follow_up_and_print_at_80_columns_only_with_a_signed_pact() {
    let t = signed();
    let screen = t.screen(80, 24);
    let footer = screen.lines().last().unwrap().to_string();
    assert!(footer.contains("g piano"), "{footer}");
    assert!(footer.contains("p stampa"), "{footer}");
    assert!(footer.contains("Ctrl+Q esci"), "{footer}");
    assert!(footer.chars().count() <= 80, "{footer}");
    let mut t = TestApp::new();
    t.rossi();
    let footer = t.screen(80, 24).lines().last().unwrap().to_string();
    assert!(
        !footer.contains("g piano") && !footer.contains("p stampa"),
        "{footer}"
    );
}

#[test]
fn at_80x24_the_selected_action_is_always_on_screen_and_the_pact_view_scrolls() {
    let mut t = signed();
    // A draft adds rows to the card: the plan no longer fits below it.
    t.keys(&["n", "esc"]);
    let screen = t.screen(80, 24);
    assert!(
        screen.contains("↓ altre"),
        "says that rows are not shown: {screen}"
    );
    t.keys(&["g"]);
    let last = card(&t).plan.len() - 1;
    for n in 0..=last {
        let code = card(&t).plan[n].data.code.clone();
        let screen = t.screen(80, 24);
        assert!(
            screen
                .lines()
                .any(|l| l.starts_with(&format!("  {code:<4} "))),
            "{code} selected and shown: {screen}"
        );
        t.keys(&["down"]);
    }
    // Version 2, with its changes: taller than the screen.
    t.keys(&["esc", "r", "ctrl-right", "ctrl-right", "pagedown"]);
    t.keys(&["enter", "tab", "tab", "tab"])
        .text("15/03/2027")
        .keys(&["ctrl-s", "a"])
        .text("c05")
        .keys(&["ctrl-s", "ctrl-f", "f", "enter"]);
    assert_eq!(card(&t).viewing, Some(1), "{}", t.message());
    let screen = t.screen(80, 24);
    assert!(screen.contains("PagGiù"), "{screen}");
    assert!(
        !screen.contains("g piano"),
        "only the keys that work: {screen}"
    );
    for _ in 0..10 {
        t.keys(&["pagedown"]);
    }
    let screen = t.screen(80, 24);
    assert!(screen.contains("Modifiche rispetto"), "{screen}");
    assert!(screen.contains("righe sopra"), "{screen}");
    assert!(!screen.contains("sotto"), "at the end: {screen}");
    t.keys(&["up"]);
    assert!(t.screen(80, 24).contains("sotto"));
}

#[test]
fn a_follow_up_saved_after_another_operator_shows_both_values_and_keeps_mine_on_request() {
    let mut t = signed();
    t.keys(&["g", "enter", "tab"]).text("mio esito");
    let citizen = card(&t).citizen.id;
    let mut other = t.other_store();
    let a06 = other.current_plan(citizen).unwrap()[0].clone();
    let update = orienta::store::FollowUp {
        status: ActionStatus::InCorso,
        outcome: "di Bruno".into(),
        due_date: a06.data.due_date,
        started_on: a06.started_on,
        ended_on: a06.ended_on,
    };
    other
        .follow_up_action(a06.id, a06.version, &update)
        .unwrap();
    t.keys(&["ctrl-s"]);
    let dialog = t.app.dialog.as_ref().expect("both values shown");
    assert!(
        dialog.lines.iter().any(|l| l.contains("di Bruno"))
            && dialog.lines.iter().any(|l| l.contains("mio esito")),
        "{:?}",
        dialog.lines
    );
    t.keys(&["m"]);
    assert_eq!(
        card(&t).plan[0].data.outcome,
        "mio esito",
        "{}",
        t.message()
    );
    assert!(card(&t).follow_up.as_ref().unwrap().form.is_none());
}
