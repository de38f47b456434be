//! The agenda: store rows on fixed dates, the same rows computed from the generator's demo
//! people, the command (table, JSON, --operator), the query plans, and the screen at 80x24.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{Days, NaiveDate};
use orienta::demo::{Generator, SyntheticInterview, SyntheticPerson};
use orienta::domain::codice_fiscale::CodiceFiscale;
use orienta::domain::records::{
    ActionKind, ActionStatus, CitizenData, CvRecord, InterviewKind, PactTerms, PlannedAction, Sex,
    cv_obsolete_from,
};
use orienta::domain::scoring::Answers;
use orienta::store::{AgendaDetail, AgendaKind, AgendaRow, CreateMode, Store};
use orienta::ui::app::Screen;

mod common;
use common::TestApp;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2026, 11, 26)
}

fn action(code: &str, due: NaiveDate, status: ActionStatus) -> PlannedAction {
    PlannedAction {
        code: code.into(),
        kind: ActionKind::Cpi,
        description: format!("azione {code}"),
        due_date: Some(due),
        status,
        outcome: String::new(),
    }
}

fn interview(
    started_on: NaiveDate,
    closed: bool,
    actions: Vec<PlannedAction>,
) -> SyntheticInterview {
    SyntheticInterview {
        kind: InterviewKind::Did150,
        started_on,
        closed,
        info_items: Vec::new(),
        expectations: String::new(),
        answers: Answers::new(),
        checklist: Vec::new(),
        plafond: None,
        proposed_path: None,
        final_path: None,
        terms: PactTerms::default(),
        actions,
    }
}

fn person(
    surname: &str,
    name: &str,
    born: NaiveDate,
    interviews: Vec<SyntheticInterview>,
    cv_filed: Option<NaiveDate>,
) -> SyntheticPerson {
    let cf = CodiceFiscale::encode(surname, name, Sex::Female, born, "D612", 0)
        .unwrap()
        .as_str()
        .to_string();
    SyntheticPerson {
        citizen: CitizenData::new(&cf, surname, name, Sex::Female, born),
        interviews,
        propensities: Vec::new(),
        cv: cv_filed.map(|filed_on| CvRecord {
            filed_on,
            consent: true,
            provinces: Vec::new(),
            pdf_path: String::new(),
        }),
    }
}

use ActionStatus::{Conclusa, InCorso, Programmata};

/// Four people with known dates (today 26/11/2026): see each row's comment.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("o.db");
    let mut anna = Store::open(&db, "anna", CreateMode::default()).unwrap();
    // Aldi: pact v1 with one overdue action, one due in 7 days, one in 8, one done; a CV
    // obsolete in 24 days.
    let aldi = person(
        "Aldi",
        "Anna",
        date(1980, 1, 1),
        vec![interview(
            date(2026, 6, 1),
            true,
            vec![
                action("A06", date(2026, 11, 20), Programmata),
                action("B03", date(2026, 12, 3), InCorso),
                action("C06", date(2026, 12, 4), Programmata),
                action("A03", date(2026, 11, 1), Conclusa),
            ],
        )],
        Some(date(2025, 12, 20)),
    );
    // Bruni: v1's overdue action is not in the plan any more (v2 is); v2's only action is
    // done: a pact with no future action. Her CV is obsolete.
    let bruni = person(
        "Bruni",
        "Bice",
        date(1981, 2, 2),
        vec![
            interview(
                date(2025, 10, 1),
                true,
                vec![action("A06", date(2025, 11, 1), Programmata)],
            ),
            interview(
                date(2026, 3, 1),
                true,
                vec![action("B03", date(2026, 5, 1), Conclusa)],
            ),
        ],
        Some(date(2025, 11, 1)),
    );
    anna.insert_synthetic(&[aldi, bruni]).unwrap();
    drop(anna);
    let mut bruno = Store::open(&db, "bruno", CreateMode::default()).unwrap();
    // Conti (Bruno's): v1 with an action in 4 days; a draft opened 6 days ago whose own
    // action, due tomorrow, is not in the plan. A CV filed 10 months and a half ago: not yet.
    let conti = person(
        "Conti",
        "Carla",
        date(1982, 3, 3),
        vec![
            interview(
                date(2026, 1, 10),
                true,
                vec![action("C05", date(2026, 11, 30), Programmata)],
            ),
            interview(
                date(2026, 11, 20),
                false,
                vec![action("A05", date(2026, 11, 27), Programmata)],
            ),
        ],
        Some(date(2026, 1, 10)),
    );
    // Dini: a draft opened today (not left open yet), an old CV replaced by a new one.
    let dini = person(
        "Dini",
        "Dora",
        date(1983, 4, 4),
        vec![interview(today(), false, Vec::new())],
        Some(date(2024, 1, 1)),
    );
    bruno.insert_synthetic(&[conti, dini]).unwrap();
    let dini = bruno
        .citizen_by_cf(&cf_of("Dini", "Dora", date(1983, 4, 4)))
        .unwrap()
        .unwrap();
    let newer = CvRecord {
        filed_on: date(2026, 11, 1),
        consent: true,
        provinces: Vec::new(),
        pdf_path: "cv.pdf".into(),
    };
    bruno
        .file_cv(
            dini.id,
            None,
            &newer,
            &orienta::demo::sample_pdf(Some("Dini")),
        )
        .unwrap();
    db
}

fn cf_of(surname: &str, name: &str, born: NaiveDate) -> String {
    CodiceFiscale::encode(surname, name, Sex::Female, born, "D612", 0)
        .unwrap()
        .as_str()
        .to_string()
}

/// (kind, surname, date, days) of each row, in the agenda's order.
fn summary(rows: &[AgendaRow]) -> Vec<(AgendaKind, String, NaiveDate, i64)> {
    rows.iter()
        .map(|r| (r.kind, r.surname.clone(), r.date, r.days))
        .collect()
}

#[test]
fn the_agenda_on_a_fixed_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let store = Store::open(&db, "anna", CreateMode::default()).unwrap();
    let rows = store.agenda(today(), None).unwrap();
    use AgendaKind::*;
    assert_eq!(
        summary(&rows),
        [
            (Action, "Aldi".into(), date(2026, 11, 20), -6),
            (Action, "Conti".into(), date(2026, 11, 30), 4),
            (Action, "Aldi".into(), date(2026, 12, 3), 7),
            (Cv, "Bruni".into(), date(2026, 11, 1), -25),
            (Cv, "Aldi".into(), date(2026, 12, 20), 24),
            (Draft, "Conti".into(), date(2026, 11, 20), -6),
            (PactWithoutAction, "Bruni".into(), date(2026, 3, 1), -270),
        ]
    );
    let codes: Vec<&str> = rows
        .iter()
        .filter_map(|r| match &r.detail {
            AgendaDetail::Action { code, .. } => Some(code.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(codes, ["A06", "C05", "B03"]);
    assert!(matches!(
        rows[5].detail,
        AgendaDetail::Draft { age_days: 6, .. }
    ));
    assert_eq!(rows[5].operator, "bruno");
    assert_eq!(
        orienta::strings::agenda_detail(&rows[0]),
        "A06 azione A06 (programmata): scaduta da 6 giorni"
    );

    // Only Bruno's people: Conti's action and draft (Dini has nothing due).
    let mine = store.agenda(today(), Some("bruno")).unwrap();
    assert_eq!(
        summary(&mine),
        [
            (Action, "Conti".into(), date(2026, 11, 30), 4),
            (Draft, "Conti".into(), date(2026, 11, 20), -6),
        ]
    );

    // A week later Aldi's B03 is overdue, her C06 is due, Conti's CV not yet obsolete.
    let later = store.agenda(date(2026, 12, 3), Some("anna")).unwrap();
    assert_eq!(
        later
            .iter()
            .filter(|r| r.kind == Action)
            .map(|r| r.date)
            .collect::<Vec<_>>(),
        [date(2026, 11, 20), date(2026, 12, 3), date(2026, 12, 4)]
    );
}

#[test]
fn a_discarded_draft_leaves_the_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let mut store = Store::open(&db, "bruno", CreateMode::default()).unwrap();
    let conti = store
        .citizen_by_cf(&cf_of("Conti", "Carla", date(1982, 3, 3)))
        .unwrap()
        .unwrap();
    let draft = store
        .interviews_of(conti.id)
        .unwrap()
        .into_iter()
        .find(|i| i.status == orienta::domain::records::InterviewStatus::Bozza)
        .unwrap();
    store.discard_draft(draft.id, draft.version).unwrap();
    let rows = store.agenda(today(), None).unwrap();
    assert!(rows.iter().all(|r| r.kind != AgendaKind::Draft), "{rows:?}");
}

#[test]
fn the_agenda_queries_read_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let store = Store::open(&db, "anna", CreateMode::default()).unwrap();
    let plans = store.agenda_query_plans().unwrap();
    let joined: Vec<String> = plans.iter().map(|p| p.join(" | ")).collect();
    assert!(
        joined[0].contains("INDEX actions_interview"),
        "{}",
        joined[0]
    );
    assert!(joined[0].contains("pact_versions_citizen"), "{}", joined[0]);
    assert!(joined[1].contains("cv_records_citizen"), "{}", joined[1]);
    assert!(joined[2].contains("interviews_one_draft"), "{}", joined[2]);
    assert!(joined[3].contains("actions_interview"), "{}", joined[3]);
    // No query reads a whole table of actions, interviews or citizens.
    for plan in &joined {
        for table in [
            "SCAN a",
            "SCAN i",
            "SCAN c",
            "SCAN actions",
            "SCAN citizens",
        ] {
            assert!(
                !plan.split(" | ").any(|step| step.trim() == table
                    || (step.trim().starts_with(&format!("{table} ")) && !step.contains("INDEX"))),
                "{plan}"
            );
        }
    }
}

/// The agenda computed from the generated people themselves, without the database: what the
/// store must find on demo data.
fn expected_from(
    people: &[SyntheticPerson],
    today: NaiveDate,
) -> Vec<(AgendaKind, String, NaiveDate)> {
    let week = today.checked_add_days(Days::new(7)).unwrap();
    let month = today.checked_add_days(Days::new(30)).unwrap();
    let open = |a: &PlannedAction| matches!(a.status, Programmata | InCorso);
    let mut out = Vec::new();
    for p in people {
        let cf = p.citizen.codice_fiscale.clone();
        if let Some(pact) = p.interviews.iter().rev().find(|i| i.closed) {
            for a in &pact.actions {
                if open(a) && a.due_date.is_some_and(|d| d <= week) {
                    out.push((AgendaKind::Action, cf.clone(), a.due_date.unwrap()));
                }
            }
            if !pact
                .actions
                .iter()
                .any(|a| open(a) && a.due_date.is_some_and(|d| d >= today))
            {
                out.push((AgendaKind::PactWithoutAction, cf.clone(), pact.started_on));
            }
        }
        for i in &p.interviews {
            if !i.closed && i.started_on < today {
                out.push((AgendaKind::Draft, cf.clone(), i.started_on));
            }
        }
        if let Some(cv) = &p.cv {
            let from = cv_obsolete_from(cv.filed_on);
            if from <= month {
                out.push((AgendaKind::Cv, cf.clone(), from));
            }
        }
    }
    out.sort();
    out
}

fn found(rows: &[AgendaRow]) -> Vec<(AgendaKind, String, NaiveDate)> {
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| (r.kind, r.codice_fiscale.clone(), r.date))
        .collect();
    out.sort();
    out
}

#[test]
fn demo_data_give_the_rows_the_generator_implies() {
    let data = orienta::data::load_defaults().unwrap();
    let mut generator = Generator::new(&data, 11, today(), []);
    let people: Vec<SyntheticPerson> = (0..500).map(|_| generator.person()).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    store.insert_synthetic(&people).unwrap();
    let rows = store.agenda(today(), None).unwrap();
    let expected = expected_from(&people, today());
    assert_eq!(found(&rows), expected);
    // Every kind is there, so the comparison means something.
    for kind in AgendaKind::ALL {
        assert!(rows.iter().any(|r| r.kind == kind), "{kind:?}");
    }
}

fn orienta(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ORIENTA_OPERATOR")
        .env_remove("ORIENTA_DATA")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_command_prints_a_table_or_json_filtered_by_operator() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let o = orienta(&db, &["--operator", "", "agenda", "--date", "2026-11-26"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("Agenda del 26/11/2026: 7 righe"), "{text}");
    assert!(
        text.contains("Azioni in scadenza nei prossimi 7 giorni o scadute (3)"),
        "{text}"
    );
    assert!(
        text.contains("Patti firmati senza azioni future (1)"),
        "{text}"
    );
    assert!(text.contains("bozza aperta da 6 giorni"), "{text}");
    assert!(
        text.contains("CV depositato il 20/12/2025: diventa obsoleto tra 24 giorni"),
        "{text}"
    );

    let o = orienta(
        &db,
        &[
            "--operator",
            "bruno",
            "agenda",
            "--json",
            "--date",
            "2026-11-26",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["tipo"], "azione");
    assert_eq!(rows[0]["codice"], "C05");
    // The catalogue name, whatever the description says.
    let data = orienta::data::load_defaults().unwrap();
    assert_eq!(rows[0]["nome"], data.actions.name("C05").unwrap());
    assert_eq!(rows[0]["cognome"], "Conti");
    assert_eq!(rows[0]["data"], "2026-11-30");
    assert_eq!(rows[1]["tipo"], "bozza");
    assert_eq!(rows[1]["giorni_aperta"], 6);
    assert_eq!(rows[1]["dettaglio"], "bozza aperta da 6 giorni");

    let o = orienta(&db, &["agenda", "--date", "2026-13-01"]);
    assert_eq!(o.status.code(), Some(2), "a bad date is refused");
}

#[test]
fn the_command_on_demo_data_finds_the_expected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let o = orienta(&db, &["demo", "--citizens", "300", "--seed", "5"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // `demo` dates its people from the day it runs.
    let today = chrono::Local::now().date_naive();
    let data = orienta::data::load_defaults().unwrap();
    let mut generator = Generator::new(&data, 5, today, []);
    let people: Vec<SyntheticPerson> = (0..300).map(|_| generator.person()).collect();
    let o = orienta(
        &db,
        &[
            "--operator",
            "",
            "agenda",
            "--json",
            "--date",
            &today.to_string(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kind = |t: &str| match t {
        "azione" => AgendaKind::Action,
        "cv" => AgendaKind::Cv,
        "bozza" => AgendaKind::Draft,
        _ => AgendaKind::PactWithoutAction,
    };
    let mut got: Vec<(AgendaKind, String, NaiveDate)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                kind(r["tipo"].as_str().unwrap()),
                r["codice_fiscale"].as_str().unwrap().to_string(),
                r["data"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, expected_from(&people, today));
}

#[test]
fn the_screen_lists_groups_and_opens_the_person() {
    let mut t = TestApp::new();
    fixture(t.dir.path());
    t.restart().keys(&["ctrl-g"]);
    let screen = t.screen(80, 24);
    insta::assert_snapshot!("agenda_80x24", screen);
    let Screen::Agenda(agenda) = &t.app.screen else {
        panic!("agenda expected");
    };
    assert_eq!(agenda.rows.len(), 7);
    // Down to Aldi's CV (the fifth row), Enter: her card; back: the agenda on the same row.
    t.keys(&["down", "down", "down", "down", "enter"]);
    let Screen::Card(card) = &t.app.screen else {
        panic!("card expected");
    };
    assert_eq!(card.citizen.data.surname, "Aldi");
    t.keys(&["esc"]);
    let Screen::Agenda(agenda) = &t.app.screen else {
        panic!("back to the agenda");
    };
    assert_eq!(agenda.selected, 4);
    t.keys(&["esc"]);
    assert!(matches!(t.app.screen, Screen::Home(_)));
}

#[test]
fn long_names_are_cut_to_fit_80_columns() {
    let mut t = TestApp::new();
    let mut store = Store::open(&t.db(), "anna", CreateMode::default()).unwrap();
    let long = person(
        "Della Gherardesca Bonaccorsi Strozzi",
        "Maria Beatrice Ludovica",
        date(1990, 5, 5),
        vec![interview(date(2026, 11, 1), false, Vec::new())],
        None,
    );
    store.insert_synthetic(&[long]).unwrap();
    drop(store);
    t.restart().keys(&["ctrl-g"]);
    let screen = t.screen(80, 24);
    assert!(screen.contains("Della Gherardesca Bonac…"), "{screen}");
    for line in screen.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
}
