//! Every screen at 80x24 and 160x48, as text. Dates that come from the clock are masked.

mod common;

use common::TestApp;

fn check(name: &str, t: &TestApp) {
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = t.screen(width, height);
        insta::with_settings!({
            snapshot_suffix => format!("{width}x{height}"),
            filters => vec![
                (r"\d{2}/\d{2}/\d{4}", "GG/MM/AAAA"),
                (r"GG/MM/AAAA \d{2}:\d{2}", "GG/MM/AAAA HH:MM"),
                (r"PSP-\d{4}-", "PSP-AAAA-"),
                // The instrument's fingerprint changes with any edit of its file.
                (r"\b[0-9a-f]{12}\b", "IMPRONTA"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(name, screen);
        });
    }
}

/// Rossi with an interview open on the questionnaire, answered as `digits` (A, B, C, D order).
fn questionnaire(digits: &str) -> TestApp {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "ctrl-right"]);
    for d in digits.chars() {
        t.text(&d.to_string());
    }
    t
}

#[test]
fn home_empty() {
    check("home_empty", &TestApp::new());
}

#[test]
fn home_with_results() {
    let mut t = TestApp::new();
    t.rossi().keys(&["esc"]);
    t.keys(&["ctrl-n"])
        .text("VRDGPP80A41H501Y")
        .keys(&["tab"])
        .text("Verdi")
        .keys(&["tab"])
        .text("Giuseppina")
        .keys(&["ctrl-s", "esc"]);
    check("home_with_results", &t);
}

#[test]
fn citizen_form_with_an_error() {
    let mut t = TestApp::new();
    t.keys(&["ctrl-n"])
        .text("RSSMRA85T10A562X")
        .keys(&["tab"])
        .text("Rossi");
    check("citizen_form_error", &t);
}

#[test]
fn citizen_card() {
    let mut t = TestApp::new();
    t.rossi();
    check("citizen_card", &t);
}

/// The card of a person with income support and no DID date: the DID line says it is not
/// recorded, the support has its own line (it once read "Data DID  NASpI").
#[test]
fn citizen_card_without_did_and_the_did_question() {
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
    check("citizen_card_without_did", &t);
    t.keys(&["n"]).text("01/10/2026");
    check("did_question", &t);
    for _ in 0.."01/10/2026".len() {
        t.keys(&["backspace"]);
    }
    t.text("31/02/2024").keys(&["enter"]);
    check("did_question_invalid", &t);
}

#[test]
fn informative_phase() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n", "space", "tab"]);
    check("interview_informativa", &t);
}

#[test]
fn scores_below_and_d_locked() {
    check("scores_below_d_locked", &questionnaire("0000001111"));
}

#[test]
fn scores_near() {
    // A = 6: one point from 7.
    check("scores_near", &questionnaire("111111"));
}

#[test]
fn scores_reached_and_d_open() {
    // A = 8, B = 8, C = 6: D opens.
    check("scores_reached_d_open", &questionnaire("22211122211211111"));
}

#[test]
fn plafond_applied() {
    let mut t = questionnaire("1111110000011111111110");
    t.keys(&["pagedown", "pagedown"])
        .keys(&["right", "tab", "right", "right", "right", "right", "tab"])
        .text("esperienza frammentata")
        .keys(&["tab"]);
    check("plafond_applied", &t);
}

#[test]
fn help_overlay() {
    let mut t = questionnaire("");
    t.keys(&["f1"]);
    check("help_questionnaire", &t);
}

#[test]
fn legend_toggled_at_80_columns() {
    let mut t = questionnaire("111");
    t.keys(&["ctrl-l"]);
    check("legend_toggled", &t);
}

#[test]
fn close_dialog() {
    let mut t = questionnaire("11");
    t.keys(&["ctrl-f"]);
    check("close_dialog", &t);
}

#[test]
fn pact_page() {
    let mut t = questionnaire("");
    t.keys(&["ctrl-right", "pagedown", "pagedown"]);
    check("pact_terms", &t);
}

#[test]
fn too_small() {
    let t = TestApp::new();
    insta::assert_snapshot!("too_small_79x24", t.screen(79, 24));
}

#[test]
fn checklist_page() {
    let mut t = questionnaire("");
    t.keys(&["pagedown", "right", "tab"])
        .text("cerca solo con il passaparola");
    check("checklist", &t);
}

#[test]
fn propensity_form_and_list() {
    let mut t = questionnaire("");
    t.keys(&["pagedown", "pagedown", "pagedown"]);
    check("propensities_empty", &t);
    t.keys(&["a"])
        .text("5.1.2.2.0")
        .keys(&["tab"])
        .text("Commesso")
        .keys(&["tab", "space"]);
    check("propensity_form", &t);
    t.keys(&["ctrl-s"]);
    check("propensities_list", &t);
}

#[test]
fn cv_page() {
    let mut t = questionnaire("");
    t.keys(&[
        "pagedown", "pagedown", "pagedown", "pagedown", "space", "tab", "right", "space",
    ]);
    check("cv", &t);
}

#[test]
fn path_page_not_eligible() {
    let mut t = questionnaire("1111110000011111");
    t.keys(&["ctrl-right"]);
    check("path_not_eligible", &t);
}

/// A person of an eligible category: the change of percorso with the person's agreement.
#[test]
fn path_change_with_agreement() {
    let mut t = TestApp::new();
    t.rossi().keys(&["e"]);
    for _ in 0..12 {
        t.keys(&["tab"]);
    }
    t.keys(&["right", "space", "ctrl-s", "n", "ctrl-right"]);
    t.text("1111110000011111");
    t.keys(&[
        "ctrl-right",
        "right",
        "right",
        "right",
        "right",
        "tab",
        "right",
        "tab",
    ])
    .text("percorso concordato con i servizi")
    .keys(&["tab", "s"]);
    check("path_change", &t);
}

#[test]
fn plan_with_an_action() {
    let mut t = questionnaire("");
    t.keys(&["ctrl-right", "pagedown", "a", "right", "tab", "tab"])
        .text("Laboratorio")
        .keys(&["tab"])
        .text("15/01/2027")
        .keys(&["ctrl-s"]);
    check("plan", &t);
}

#[test]
fn signed_pact_view() {
    let mut t = questionnaire("");
    let data = orienta::data::load_defaults().unwrap();
    let id = match &t.app.screen {
        orienta::ui::app::Screen::Interview(i) => i.interview.id,
        _ => panic!("interview expected"),
    };
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-f", "f", "enter"]);
    check("pact_view", &t);
    // Scrolled to its end: the changes are the last rows.
    t.keys(&["pagedown", "pagedown", "pagedown", "pagedown"]);
    check("pact_view_end", &t);
    // Back to the card, with a new draft: the plan selected shows, down to its last action.
    t.keys(&["esc", "n", "esc"]);
    check("card_with_draft_and_plan", &t);
    t.keys(&["g", "down", "down"]);
    check("card_plan_selected", &t);
}

#[test]
fn sign_dialog() {
    let mut t = questionnaire("");
    let data = orienta::data::load_defaults().unwrap();
    let id = match &t.app.screen {
        orienta::ui::app::Screen::Interview(i) => i.interview.id,
        _ => panic!("interview expected"),
    };
    common::complete_interview(&mut t.app.store, &data, id);
    t.keys(&["esc", "r", "ctrl-f"]);
    check("sign_dialog", &t);
}

#[test]
fn card_with_a_draft() {
    let mut t = questionnaire("1");
    t.keys(&["esc"]);
    check("card_with_draft", &t);
    t.keys(&["x"]);
    check("discard_draft_dialog", &t);
}

#[test]
fn conflict_dialog() {
    let mut t = TestApp::new();
    t.rossi().keys(&["n"]);
    let (id, version) = match &t.app.screen {
        orienta::ui::app::Screen::Interview(i) => (i.interview.id, i.interview.version),
        _ => panic!("interview expected"),
    };
    t.other_store()
        .set_text(
            id,
            version,
            orienta::store::TextField::Expectations,
            "lavoro part-time",
        )
        .unwrap();
    for _ in 0..7 {
        t.keys(&["tab"]);
    }
    t.text("lavoro vicino a casa").keys(&["tab"]);
    check("conflict_dialog", &t);
}

#[test]
fn unsaved_dialog_and_recovery_offer() {
    let mut t = questionnaire("");
    // A plafond motivation typed before choosing the section cannot be saved yet.
    t.keys(&["pagedown", "pagedown", "tab", "tab"])
        .text("motivazione del plafond")
        .keys(&["ctrl-q"]);
    check("unsaved_dialog", &t);
    t.keys(&["enter"]);
    assert!(t.app.quit);
    // The next opening of the interview offers it back.
    t.restart().keys(&["enter", "r"]);
    check("recovery_offer", &t);
    t.keys(&["enter"]);
    let screen = t.screen(80, 24);
    assert!(screen.contains("motivazione del plafond"), "{screen}");
}
