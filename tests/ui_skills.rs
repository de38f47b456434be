//! The bilancio di competenze in the interface: history, competences, the comparison with a
//! target profile, and the suggested actions that become a new version of the pact.

mod common;

use common::TestApp;
use orienta::domain::records::{ActionStatus, InterviewStatus, Propensity};
use orienta::ui::app::Screen;
use orienta::ui::screens::skills::{SkillGapScreen, SkillPage};

fn skills(t: &TestApp) -> &SkillGapScreen {
    match &t.app.screen {
        Screen::SkillGap(s) => s,
        _ => panic!("not on the bilancio: {}", t.message()),
    }
}

fn check(name: &str, t: &TestApp) {
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = t.screen(width, height);
        insta::with_settings!({
            snapshot_suffix => format!("{width}x{height}"),
            filters => vec![
                (r"\d{2}/\d{2}/\d{4}", "GG/MM/AAAA"),
                (r"GG/MM/AAAA \d{2}:\d{2}", "GG/MM/AAAA HH:MM"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(name, screen);
        });
    }
}

fn commessa() -> Propensity {
    Propensity {
        cp2021_code: "5.1.2.2.0".into(),
        title: "Commessa".into(),
        from_work: true,
        from_education: false,
        from_training: false,
        from_aptitude: false,
        interview_date: common::today(),
        sep: None,
        skills: String::new(),
        years_experience: None,
        last_year: None,
        availability: String::new(),
        licences: String::new(),
        notes: String::new(),
    }
}

/// Rossi with a signed version 1 (A06 in the plan) and a second propensione, 5.1.2.2.0
/// Commessa; on his bilancio di competenze.
fn bilancio() -> TestApp {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let data = orienta::data::load_defaults().unwrap();
    let id = match &t.app.screen {
        Screen::Interview(i) => i.interview.id,
        _ => panic!("interview expected: {}", t.message()),
    };
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-f", "f"]);
    let citizen = t
        .app
        .store
        .citizen_by_cf("RSSMRA85T10A562S")
        .unwrap()
        .unwrap();
    t.app
        .store
        .add_propensity(citizen.id, None, &commessa())
        .unwrap();
    assert_eq!(t.app.store.pact_versions_of(citizen.id).unwrap().len(), 1);
    t.keys(&["esc"])
        .text("RSSMRA85T10A562S")
        .keys(&["enter", "b"]);
    assert_eq!(skills(&t).page, SkillPage::History);
    t
}

/// One work experience and two competences: cash desk at level 2, certified; English at
/// level 1, declared.
fn with_profile() -> TestApp {
    let mut t = bilancio();
    t.keys(&["a"])
        .keys(&["tab"])
        .text("Cassiera")
        .keys(&["tab"])
        .text("Supermercato Sole")
        .keys(&["tab"])
        .text("01/03/2019")
        .keys(&["tab"])
        .text("31/12/2023")
        .keys(&["tab"])
        .text("cassa, riordino scaffali")
        .keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Esperienza salvata.");
    t.keys(&["tab", "a"])
        .text("cassa")
        .keys(&["tab"])
        .text("2")
        .keys(&["tab"])
        .text("cert")
        .keys(&["tab"])
        .text("attestato 2020")
        .keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Competenza salvata.", "{}", t.screen(80, 24));
    t.keys(&["a"])
        .text("ingl")
        .keys(&["tab"])
        .text("1")
        .keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Competenza salvata.", "{}", t.screen(80, 24));
    t
}

/// The comparison with Commessa opened from the second propensione.
fn compared() -> TestApp {
    let mut t = with_profile();
    t.keys(&["tab", "n", "right", "ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    t
}

#[test]
fn history_and_competences_are_saved_and_listed() {
    let t = with_profile();
    let s = skills(&t);
    assert_eq!(s.history.len(), 1);
    assert_eq!(s.history[0].data.title, "Cassiera");
    assert_eq!(
        s.history[0].data.from,
        chrono::NaiveDate::from_ymd_opt(2019, 3, 1)
    );
    let names: Vec<(Option<&str>, &str, u8, &str)> = s
        .competences
        .iter()
        .map(|c| {
            (
                c.data.competence.id.as_deref(),
                c.data.competence.name.as_str(),
                c.data.level.number(),
                c.data.evidence.code(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (Some("cassa"), "Operazioni di cassa", 2, "certificata"),
            (Some("inglese"), "Lingua inglese", 1, "dichiarata"),
        ]
    );
    check("skills_competences", &t);
}

#[test]
fn history_page_at_both_sizes() {
    let mut t = with_profile();
    t.keys(&["shift-tab"]);
    assert_eq!(skills(&t).page, SkillPage::History);
    check("skills_history", &t);
}

#[test]
fn a_bad_date_and_an_ambiguous_competence_keep_the_form() {
    let mut t = bilancio();
    t.keys(&["a", "tab"])
        .text("Magazziniere")
        .keys(&["tab", "tab"])
        .text("31/02/2020")
        .keys(&["ctrl-s"]);
    assert!(t.error_shown());
    assert!(skills(&t).form.is_some());
    check("skills_history_form_error", &t);
    // Esc on a changed form asks; n keeps it.
    t.keys(&["esc"]);
    assert!(t.app.dialog.is_some());
    t.keys(&["n"]);
    assert!(skills(&t).form.is_some());
    t.keys(&["esc", "enter"]);
    assert!(skills(&t).form.is_none());
    assert!(skills(&t).history.is_empty());

    t.keys(&["tab", "a"])
        .text("lingua")
        .keys(&["tab"])
        .text("2")
        .keys(&["ctrl-s"]);
    assert!(t.error_shown());
    let screen = t.screen(80, 24);
    assert!(screen.contains("corrispondono"), "{screen}");
    check("skills_competence_form", &t);
    // A name the list does not know is kept as written.
    t.keys(&["shift-tab"]);
    for _ in 0.."lingua".len() {
        t.keys(&["backspace"]);
    }
    t.text("Potatura").keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Competenza salvata.");
    let c = &skills(&t).competences[0].data;
    assert_eq!(
        (c.competence.id.as_deref(), c.competence.name.as_str()),
        (None, "Potatura")
    );
}

#[test]
fn quitting_saves_a_valid_form() {
    let mut t = bilancio();
    t.keys(&["a", "tab"])
        .text("Diploma di ragioneria")
        .keys(&["ctrl-q"]);
    assert!(t.app.quit, "{}", t.message());
    let citizen = skills(&t).citizen.id;
    let history = t.app.store.history_of(citizen).unwrap();
    assert_eq!(history[0].data.title, "Diploma di ragioneria");
}

#[test]
fn the_comparison_starts_the_a03_action_and_shows_the_gap() {
    let t = compared();
    let s = skills(&t);
    let a = s.analysis().unwrap();
    assert_eq!(a.target.cp2021, "5.1.2.2.0");
    assert_eq!(a.target.title, "Commessa");
    assert_eq!(a.target.required.len(), 9);
    let plan = t.app.store.current_plan(s.citizen.id).unwrap();
    let a03 = plan.iter().find(|x| x.data.code == "A03").unwrap();
    assert_eq!(a.action_id, Some(a03.id));
    assert_eq!(a03.data.status, ActionStatus::InCorso);
    let screen = t.screen(80, 24);
    assert!(screen.contains("Operazioni di cassa"), "{screen}");
    assert!(screen.contains("da acquisire"), "{screen}");
    assert!(screen.contains("da certificare"), "{screen}");
    check("skills_comparison", &t);
}

#[test]
fn required_competences_are_edited_added_and_removed() {
    let mut t = compared();
    // The first row (Lingua italiana 2) to level 3.
    t.keys(&["enter", "tab"]).text("3").keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Confronto salvato.");
    let required = &skills(&t).analysis().unwrap().target.required;
    assert_eq!(required[0].level.number(), 3);
    // A new one, free text.
    t.keys(&["a"])
        .text("Uso del registratore di cassa fiscale")
        .keys(&["tab"])
        .text("2");
    t.keys(&["ctrl-s"]);
    assert_eq!(skills(&t).analysis().unwrap().target.required.len(), 10);
    // One already required is refused.
    t.keys(&["a"]).text("Operazioni di cassa").keys(&["ctrl-s"]);
    assert!(t.error_shown());
    t.keys(&["esc", "enter"]);
    // Removed, after the question.
    t.keys(&["delete", "enter"]);
    assert_eq!(skills(&t).analysis().unwrap().target.required.len(), 9);
    assert_eq!(
        skills(&t).analysis().unwrap().target.required[0]
            .competence
            .name,
        "Matematica di base"
    );
    // The training need in the operator's words.
    t.keys(&["f"])
        .text("corso di vendita e cassa, poi tirocinio")
        .keys(&["ctrl-s"]);
    assert_eq!(
        skills(&t).analysis().unwrap().training_need,
        "corso di vendita e cassa, poi tirocinio"
    );
    let citizen = skills(&t).citizen.id;
    let audit = t.app.store.audit_of(citizen).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "bilancio" && e.field == "training_need"),
        "{audit:#?}"
    );
}

/// Moves the cursor to the first suggested action.
fn to_suggestions(t: &mut TestApp) {
    let rows = skills(t).analysis().unwrap().target.required.len();
    for _ in 0..=rows {
        t.keys(&["down"]);
    }
}

#[test]
fn selected_suggestions_go_to_a_new_draft_once() {
    let mut t = compared();
    to_suggestions(&mut t);
    let citizen = skills(&t).citizen.id;
    t.keys(&["space"]);
    assert_eq!(skills(&t).selected.len(), 1);
    check("skills_suggestion_selected", &t);
    let code = skills(&t).selected[0].0.clone();
    t.keys(&["p"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert!(t.message().contains("r apre la bozza"), "{}", t.message());
    let draft = t.app.store.draft_of(citizen).unwrap().unwrap();
    assert!(draft.carried_from_pact.is_some());
    let actions = t.app.store.actions_of(draft.id).unwrap();
    let added: Vec<_> = actions
        .iter()
        .filter(|a| a.data.description.starts_with("dal bilancio di competenze"))
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].data.code, code);
    // The same suggestion again: not added twice.
    t.keys(&["space", "p"]);
    assert!(t.message().contains("già nella bozza"), "{}", t.message());
    let again = t.app.store.actions_of(draft.id).unwrap();
    assert_eq!(again.len(), actions.len());
    // r opens the draft.
    t.keys(&["r"]);
    match &t.app.screen {
        Screen::Interview(i) => {
            assert_eq!(i.interview.id, draft.id);
            assert_eq!(i.interview.status, InterviewStatus::Bozza);
        }
        _ => panic!("the draft should be open: {}", t.message()),
    }
}

#[test]
fn a_draft_of_another_operator_is_left_alone() {
    let mut t = compared();
    let citizen = skills(&t).citizen.id;
    let mut bruno = t.other_store();
    bruno
        .start_interview(citizen, orienta::domain::records::InterviewKind::Altro)
        .unwrap();
    to_suggestions(&mut t);
    t.keys(&["space", "p"]);
    assert!(t.error_shown());
    assert!(t.message().contains("Bruno"), "{}", t.message());
    let draft = t.app.store.draft_of(citizen).unwrap().unwrap();
    assert!(
        t.app
            .store
            .actions_of(draft.id)
            .unwrap()
            .iter()
            .all(|a| !a.data.description.starts_with("dal bilancio"))
    );
}

#[test]
fn closing_concludes_the_a03_action_with_its_outcome() {
    let mut t = compared();
    t.keys(&["c"]);
    check("skills_close_dialog", &t);
    t.keys(&["enter"]);
    let s = skills(&t);
    assert!(s.analysis().unwrap().closed);
    let plan = t.app.store.current_plan(s.citizen.id).unwrap();
    let a03 = plan.iter().find(|x| x.data.code == "A03").unwrap();
    assert_eq!(a03.data.status, ActionStatus::Conclusa);
    assert_eq!(
        a03.data.outcome,
        "bilancio concluso: 7 competenze da acquisire"
    );
    // Closed: it no longer changes; n opens a new one.
    t.keys(&["enter"]);
    assert!(skills(&t).form.is_none());
    t.keys(&["a"]);
    assert!(matches!(
        skills(&t).form,
        Some(orienta::ui::screens::skills::SkillForm::Target(_))
    ));
}

#[test]
fn without_a_comparison_the_page_says_how_to_start_one() {
    let mut t = bilancio();
    t.keys(&["pagedown", "pagedown"]);
    assert_eq!(skills(&t).page, SkillPage::Comparison);
    check("skills_no_comparison", &t);
    t.keys(&["n"]);
    check("skills_target_form", &t);
    // Back to the card.
    t.keys(&["esc", "esc"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));
}

#[test]
fn an_invalid_form_left_on_quit_is_offered_back_on_the_bilancio_only() {
    let mut t = bilancio();
    t.keys(&["a", "tab"])
        .text("Tirocinio")
        .keys(&["tab", "tab"])
        .text("32/13/2020")
        .keys(&["ctrl-q"]);
    assert!(!t.app.quit);
    assert!(t.app.dialog.is_some(), "{}", t.message());
    t.keys(&["enter"]);
    assert!(t.app.quit);
    t.restart();
    // The citizen form of the same person does not offer it.
    t.text("RSSMRA85T10A562S").keys(&["enter", "e"]);
    assert!(t.app.dialog.is_none(), "{}", t.screen(80, 24));
    t.keys(&["esc"]);
    assert!(matches!(t.app.screen, Screen::Card(_)), "{}", t.message());
    t.keys(&["b"]);
    let screen = t.screen(80, 24);
    assert!(
        screen.contains("Modulo del bilancio di competenze"),
        "{screen}"
    );
    t.keys(&["enter"]);
    let s = skills(&t);
    assert_eq!(s.page, SkillPage::History);
    let form = s.form.as_ref().expect("the form is back").form();
    assert_eq!(form.text("title"), "Tirocinio");
    assert_eq!(form.text("from"), "32/13/2020");
    // Corrected, it is saved and the copy goes.
    t.keys(&["ctrl-s"]);
    assert!(t.error_shown());
    t.keys(&["tab", "tab"]);
    for _ in 0.."32/13/2020".len() {
        t.keys(&["backspace"]);
    }
    t.text("01/02/2020").keys(&["ctrl-s"]);
    assert_eq!(t.message(), "Esperienza salvata.");
    let citizen = skills(&t).citizen.id;
    assert!(
        t.app
            .store
            .recoveries(Some(citizen), None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_change_saved_meanwhile_by_another_operator_is_a_conflict_and_the_form_stays() {
    let mut t = compared();
    let (id, version, target) = {
        let a = skills(&t).analysis().unwrap();
        (a.id, a.version, a.target.clone())
    };
    let mut bruno = t.other_store();
    bruno
        .update_analysis(id, version, &target, "scritto da Bruno")
        .unwrap();
    t.keys(&["f"]).text("scritto da Anna").keys(&["ctrl-s"]);
    assert!(t.error_shown());
    assert!(
        t.message().contains("un altro operatore"),
        "{}",
        t.message()
    );
    assert!(skills(&t).form.is_some(), "what was typed stays");
    assert_eq!(
        skills(&t).analysis().unwrap().training_need,
        "scritto da Bruno",
        "the lists are read again"
    );
}
