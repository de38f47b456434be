//! A whole interview, scripted as an operator at the desk would do it, counting the keys that
//! are not typed text: informativa, the 21 answers (D open), the check-list, 3 propensioni, a
//! CV, 5 actions with due dates, the pact's terms, the signature. At most 100 such keys, and the
//! questionnaire still one key per area.

mod common;

use common::TestApp;
use orienta::domain::records::{CitizenData, InterviewStatus, Sex};
use orienta::ui::app::{Page, Screen};

/// Keys typed by the script: commands and choices, and characters of text.
struct Script {
    t: TestApp,
    commands: usize,
    characters: usize,
}

impl Script {
    /// Keys that are not text: every one counts.
    fn keys(&mut self, names: &[&str]) -> &mut Self {
        self.commands += names.len();
        self.t.keys(names);
        self
    }

    /// Characters typed into a text field or to find an option.
    fn text(&mut self, text: &str) -> &mut Self {
        self.characters += text.chars().count();
        self.t.text(text);
        self
    }

    fn page(&self) -> Page {
        match &self.t.app.screen {
            Screen::Interview(i) => i.current_page(),
            _ => panic!("not on an interview: {}", self.t.message()),
        }
    }
}

#[test]
fn a_whole_interview_takes_at_most_100_keys_besides_text() {
    let mut t = TestApp::new();
    // Registered beforehand (not counted): Mario Rossi, with his education title and DID date.
    let mut rossi = CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        Sex::Male,
        chrono::NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
    );
    rossi.education = "licenza_media".into();
    rossi.did_date = chrono::NaiveDate::from_ymd_opt(2026, 10, 1);
    t.app.store.insert_citizen(&rossi).unwrap();
    t.text("RSSMRA").keys(&["enter"]);
    assert!(matches!(t.app.screen, Screen::Card(_)));

    let mut s = Script {
        t,
        commands: 0,
        characters: 0,
    };
    s.keys(&["n"]);

    // Informativa: each topic ticked with its letter, then expectations.
    let topics = match &s.t.app.screen {
        Screen::Interview(i) => i.info.fields.len() - 1,
        _ => panic!("interview expected"),
    };
    for _ in 0..topics {
        s.keys(&["s"]);
    }
    s.text("Lavoro come magazziniere, vicino a casa")
        .keys(&["ctrl-right"]);

    // Questionnaire: 21 answers, one key each (C reaches 6, D opens).
    let before = s.commands;
    for d in "111111"
        .chars()
        .chain("11110".chars())
        .chain("21111".chars())
    {
        s.keys(&[&d.to_string()]);
    }
    for d in "11111".chars() {
        s.keys(&[&d.to_string()]);
    }
    assert_eq!(s.commands - before, 21, "one key per area");

    // Check-list: a rating per dimension, each moving to the next.
    s.keys(&["pagedown"]);
    assert_eq!(s.page(), Page::Checklist);
    for _ in 0..8 {
        s.keys(&["1"]);
    }

    // Propensioni: three, each with code, title and where it comes from.
    s.keys(&["pagedown", "pagedown"]);
    assert_eq!(s.page(), Page::Propensities);
    for (code, title) in [
        ("4.3.1.2.0", "Magazziniere"),
        ("8.1.3.1.0", "Addetto alle pulizie"),
        ("5.1.2.2.0", "Commesso"),
    ] {
        s.keys(&["a"])
            .text(code)
            .keys(&["tab"])
            .text(title)
            .keys(&["tab", "s", "ctrl-s"]);
    }

    // CV: consent, a province, the file.
    s.keys(&["pagedown"]);
    assert_eq!(s.page(), Page::Cv);
    let pdf = s.t.dir.path().join("cv.pdf");
    std::fs::write(&pdf, orienta::demo::sample_pdf(Some("Curriculum"))).unwrap();
    s.keys(&["s", "space", "tab"])
        .text(pdf.to_str().unwrap())
        .keys(&["ctrl-s"]);

    // Action plan: five actions, found by their code, each with a due date.
    s.keys(&["ctrl-right", "pagedown"]);
    assert_eq!(s.page(), Page::Plan);
    for (code, due) in [
        ("a06", "15/01/2027"),
        ("a03", "31/01/2027"),
        ("b03", "28/02/2027"),
        ("c06", "31/03/2027"),
        ("c05", "30/04/2027"),
    ] {
        s.keys(&["a"])
            .text(code)
            .keys(&["tab", "tab", "tab"])
            .text(due)
            .keys(&["ctrl-s"]);
    }

    // The pact's terms: the responsible operator is proposed; frequency, proof, availabilities.
    s.keys(&["pagedown"]);
    assert_eq!(s.page(), Page::Terms);
    s.keys(&["tab"])
        .text("mensile")
        .keys(&["tab"])
        .text("diario delle candidature")
        .keys(&["tab", "s", "s", "s"]);

    // Sign.
    s.keys(&["ctrl-f", "f"]);
    let Screen::Card(card) = &s.t.app.screen else {
        panic!("signed and back on the card: {}", s.t.message());
    };
    assert_eq!(card.interviews[0].status, InterviewStatus::Chiusa);
    let pact = &card.pacts[0];
    // The five typed, then what the signing recorded: the interview, the informative topics
    // (all covered), the assessment.
    let codes: Vec<(&str, bool)> = pact.content["atti_di_ricerca_attiva"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["codice"].as_str()?, a["automatica"] == true)))
        .collect();
    assert_eq!(
        codes,
        [
            ("A06", false),
            ("A03", false),
            ("B03", false),
            ("C06", false),
            ("C05", false),
            ("150", true),
            ("A05", true),
            ("A07", true)
        ]
    );
    assert_eq!(
        pact.content["atti_di_ricerca_attiva"][0]["scadenza"],
        "2027-01-15"
    );
    let citizen = card.citizen.id;
    assert_eq!(s.t.app.store.propensities_of(citizen).unwrap().len(), 3);
    assert_eq!(s.t.app.store.cvs_of(citizen).unwrap().len(), 1);

    println!(
        "interview: {} keys besides text, {} characters typed",
        s.commands, s.characters
    );
    assert!(
        s.commands <= 100,
        "{} keys besides text: at most 100",
        s.commands
    );
}
