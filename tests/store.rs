//! The store on real database files in a temp dir.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::NaiveDate;
use orienta::data;
use orienta::domain::pact::Missing;
use orienta::domain::records::{
    ActionKind, ActionStatus, ChecklistEntry, CitizenData, Citizenship, CvRecord, InterviewKind,
    InterviewStatus, PlannedAction, Propensity, Sex,
};
use orienta::domain::scoring::{PathChange, Plafond};
use orienta::store::{
    CreateMode, Entity, FlagField, Opened, SeenVersions, Store, StoreError, TextField,
};

mod common;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn open(path: &Path, operator: &str) -> Store {
    Store::open(path, operator, CreateMode::default()).expect("open")
}

fn rossi() -> CitizenData {
    let mut c = CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        Sex::Male,
        date(1985, 12, 10),
    );
    c.birth_place = "Bagno a Ripoli".into();
    c.citizenship = Some(Citizenship::Italiana);
    c.phone = "055 123456".into();
    c.email = "mario.rossi@example.it".into();
    c.household = "vive con la madre".into();
    c.education = "diploma".into();
    c.employment = "disoccupato".into();
    c.did_date = Some(date(2026, 10, 1));
    c.income_support = "NASpI".into();
    c.quantitative_class = Some(2);
    c.special_categories = vec!["servizi_sociali".into()];
    c
}

fn verdi() -> CitizenData {
    CitizenData::new(
        "VRDGPP80A41H501Y",
        "Verdi",
        "Giuseppina",
        Sex::Female,
        date(1980, 1, 1),
    )
}

fn propensity(title: &str) -> Propensity {
    Propensity {
        cp2021_code: "5.1.2.2.0".into(),
        title: title.into(),
        from_work: true,
        from_education: false,
        from_training: true,
        from_aptitude: false,
        interview_date: date(2026, 11, 26),
        sep: Some(12),
        skills: "cassa, magazzino".into(),
        years_experience: Some(10),
        last_year: Some(2025),
        availability: "full-time".into(),
        licences: "patente B".into(),
        notes: "preferisce la grande distribuzione".into(),
    }
}

fn action(code: &str) -> PlannedAction {
    PlannedAction {
        code: code.into(),
        kind: ActionKind::Cpi,
        description: "laboratorio di ricerca attiva".into(),
        due_date: Some(date(2027, 1, 15)),
        status: ActionStatus::Programmata,
        outcome: String::new(),
    }
}

#[test]
fn new_database_is_private_in_wal_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/orienta.db");
    let store = open(&path, "anna");
    assert_eq!(store.opened(), &Opened::Created);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let c = store.connection();
    let journal: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!((journal.as_str(), sync, fk), ("wal", 1, 1));
    assert_eq!(version, orienta::store::schema_version() as i64);
    drop(store);
    assert_eq!(open(&path, "anna").opened(), &Opened::Current);
}

#[test]
fn group_shared_database_is_0660() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    Store::open(&path, "anna", CreateMode { group_shared: true }).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    open(&path, "anna")
        .connection()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    match Store::open(&path, "anna", CreateMode::default()) {
        Err(StoreError::NewerSchema { found: 99, .. }) => {}
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
}

/// Length and hash of the bytes, modification time and mode of a file, to show it was not
/// touched.
fn file_state(path: &Path) -> (usize, u64, std::time::SystemTime, u32) {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).unwrap();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let meta = std::fs::metadata(path).unwrap();
    (
        bytes.len(),
        hasher.finish(),
        meta.modified().unwrap(),
        meta.permissions().mode(),
    )
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn open_error(path: &Path) -> String {
    match Store::open(path, "anna", CreateMode::default()) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e.to_string(),
    }
}

/// A foreign SQLite file in rollback-journal mode, readable by all, with `user_version`.
fn foreign_sqlite(path: &Path, user_version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = DELETE; CREATE TABLE t (x); INSERT INTO t VALUES (1);
         PRAGMA user_version = {user_version};"
    ))
    .unwrap();
    drop(conn);
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_untouched() {
    for user_version in [0, 1] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        foreign_sqlite(&path, user_version);
        let before = (file_state(&path), names_in(dir.path()));
        let message = open_error(&path);
        assert!(
            message.contains("non è un database di orienta"),
            "user_version {user_version}: {message}"
        );
        assert_eq!((file_state(&path), names_in(dir.path())), before);
    }
}

#[test]
fn a_closed_foreign_wal_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = (file_state(&path), names_in(dir.path()));
    assert_eq!(before.1, ["other.db"]);
    let message = open_error(&path);
    assert!(
        message.contains("non è un database di orienta"),
        "{message}"
    );
    assert_eq!((file_state(&path), names_in(dir.path())), before);
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("appunti.db");
    std::fs::write(&path, "cognome;nome\nRossi;Mario\n".repeat(200)).unwrap();
    let before = (file_state(&path), names_in(dir.path()));
    let message = open_error(&path);
    assert!(message.contains("non è un database SQLite"), "{message}");
    assert!(!message.contains("file is not a database"), "{message}");
    assert_eq!((file_state(&path), names_in(dir.path())), before);
}

#[test]
fn a_negative_schema_version_is_refused_without_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    open(&path, "anna")
        .connection()
        .execute_batch("PRAGMA user_version = -3")
        .unwrap();
    let before = names_in(dir.path());
    for _ in 0..2 {
        let message = open_error(&path);
        assert!(
            message.contains("versione dello schema non valida (-3)"),
            "{message}"
        );
    }
    assert_eq!(names_in(dir.path()), before);
    assert!(!before.iter().any(|n| n.ends_with(".bak")), "{before:?}");
}

#[test]
fn citizen_round_trip_update_and_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let saved = store.insert_citizen(&rossi()).unwrap();
    assert_eq!(saved.data, rossi());
    assert_eq!(saved.version, 1);
    assert!(!saved.synthetic);
    assert!(store.has_real_citizens().unwrap());
    assert!(matches!(
        store.insert_citizen(&rossi()),
        Err(StoreError::DuplicateCodiceFiscale(_))
    ));

    let mut changed = rossi();
    changed.phone = "333 1234567".into();
    changed.special_categories.clear();
    let updated = store.update_citizen(saved.id, 1, &changed).unwrap();
    assert_eq!(
        (updated.version, updated.data.clone()),
        (2, changed.clone())
    );
    assert_eq!(
        store
            .citizen_by_cf("RSSMRA85T10A562S")
            .unwrap()
            .unwrap()
            .data,
        changed
    );
    assert!(store.citizen_by_cf("VRDGPP80A41H501Y").unwrap().is_none());

    store.insert_citizen(&verdi()).unwrap();
    let by_cf: Vec<String> = store
        .search_citizens("rss", 10)
        .unwrap()
        .into_iter()
        .map(|s| s.surname)
        .collect();
    assert_eq!(by_cf, ["Rossi"]);
    let by_surname: Vec<String> = store
        .search_citizens("ver", 10)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(by_surname, ["Giuseppina"]);
    assert_eq!(store.search_citizens("", 10).unwrap().len(), 2);
    assert_eq!(store.search_citizens("", 1).unwrap().len(), 1);
    assert!(store.search_citizens("zzz", 10).unwrap().is_empty());
}

#[test]
fn interview_draft_is_resumed_exactly_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let data = data::load_defaults().unwrap();
    let instrument = &data.instrument;
    let (interview_id, version) = {
        let mut store = open(&path, "anna");
        let citizen = store.insert_citizen(&rossi()).unwrap();
        let i = store
            .start_interview(citizen.id, InterviewKind::Did150)
            .unwrap();
        assert_eq!(
            (i.status, i.phase, i.version),
            (InterviewStatus::Bozza, 1, 1)
        );
        let mut v = i.version;
        v = store
            .set_info_items(i.id, v, &["colloquio".into(), "obblighi_diritti".into()])
            .unwrap();
        v = store
            .set_text(
                i.id,
                v,
                TextField::Expectations,
                "lavoro stabile vicino a casa",
            )
            .unwrap();
        v = store.set_phase(i.id, v, 2).unwrap();
        v = store
            .set_answer(instrument, i.id, v, "A1", Some(2))
            .unwrap();
        v = store
            .set_answer(instrument, i.id, v, "C3", Some(3))
            .unwrap();
        v = store
            .set_answer(instrument, i.id, v, "B2", Some(1))
            .unwrap();
        v = store.set_answer(instrument, i.id, v, "B2", None).unwrap();
        v = store
            .set_answer_note(i.id, v, "A1", "diploma non spendibile")
            .unwrap();
        assert!(matches!(
            store.set_answer(instrument, i.id, v, "A1", Some(9)),
            Err(StoreError::Answer(_))
        ));
        v = store
            .set_checklist(
                i.id,
                v,
                &ChecklistEntry {
                    dimension: "V5".into(),
                    rating: Some("critico".into()),
                    note: "ricerca solo passaparola".into(),
                },
            )
            .unwrap();
        let plafond = Plafond {
            target: "A".into(),
            points: 2,
            note: "fragilità".into(),
        };
        v = store.set_plafond(i.id, v, Some(&plafond)).unwrap();
        v = store
            .set_path_change(
                i.id,
                v,
                Some(&PathChange {
                    path: 4,
                    category: "servizi_sociali".into(),
                    note: "presa in carico".into(),
                    agreed: true,
                }),
            )
            .unwrap();
        v = store
            .set_flag(i.id, v, FlagField::SocialServicesInvolved, Some(true))
            .unwrap();
        v = store
            .set_flag(i.id, v, FlagField::AvailableTraining, Some(false))
            .unwrap();
        v = store
            .set_text(i.id, v, TextField::ContactFrequency, "ogni 30 giorni")
            .unwrap();
        (i.id, v)
    };

    // A new process: everything is there.
    let store = open(&path, "anna");
    let i = store.interview(interview_id).unwrap();
    assert_eq!(i.version, version);
    assert_eq!(i.phase, 2);
    assert_eq!(i.info_items, ["colloquio", "obblighi_diritti"]);
    assert_eq!(i.expectations, "lavoro stabile vicino a casa");
    let answers: Vec<(&str, usize)> = i.answers.iter().collect();
    assert_eq!(answers, [("A1", 2), ("C3", 3)]);
    assert_eq!(
        i.answer_notes,
        [("A1".to_string(), "diploma non spendibile".to_string())]
    );
    assert_eq!(i.checklist.len(), 1);
    assert_eq!(i.checklist[0].rating.as_deref(), Some("critico"));
    assert_eq!(i.plafond.as_ref().map(|p| p.points), Some(2));
    assert_eq!(i.path_change.as_ref().map(|c| c.path), Some(4));
    assert_eq!(i.path_change.as_ref().map(|c| c.agreed), Some(true));
    assert_eq!(i.social_services_involved, Some(true));
    assert_eq!(i.terms.available_training, Some(false));
    assert_eq!(i.terms.available_offers, None);
    assert_eq!(i.terms.contact_frequency, "ogni 30 giorni");
    assert_eq!(
        store.draft_of(i.citizen_id).unwrap().map(|d| d.id),
        Some(i.id)
    );
}

#[test]
fn removing_plafond_and_change_clears_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let p = Plafond {
        target: "B".into(),
        points: -1,
        note: "x".into(),
    };
    let v = store.set_plafond(i.id, i.version, Some(&p)).unwrap();
    let v = store.set_plafond(i.id, v, None).unwrap();
    store.set_path_change(i.id, v, None).unwrap();
    let i = store.interview(i.id).unwrap();
    assert_eq!((i.plafond, i.path_change), (None, None));
}

#[test]
fn propensioni_are_at_most_three_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let first = store
        .add_propensity(citizen.id, None, &propensity("Commesso"))
        .unwrap();
    assert_eq!(first.data, propensity("Commesso"));
    store
        .add_propensity(citizen.id, None, &propensity("Cassiere"))
        .unwrap();
    store
        .add_propensity(citizen.id, None, &propensity("Magazziniere"))
        .unwrap();
    assert!(matches!(
        store.add_propensity(citizen.id, None, &propensity("Quarta")),
        Err(StoreError::PropensityLimit)
    ));
    // The database refuses a fourth even when written around the API.
    let direct = store.connection().execute(
        "INSERT INTO propensities (citizen_id, title, from_work, interview_date)
         VALUES (?1, 'Quarta', 1, '2026-11-26')",
        [citizen.id],
    );
    assert!(direct.is_err());

    let renamed = store
        .update_propensity(first.id, first.version, &propensity("Commesso di negozio"))
        .unwrap();
    assert_eq!(renamed.version, 2);
    assert!(matches!(
        store.update_propensity(first.id, first.version, &propensity("Vecchio")),
        Err(StoreError::Conflict {
            entity: Entity::Propensity,
            ..
        })
    ));
    store.remove_propensity(first.id, renamed.version).unwrap();
    store
        .add_propensity(citizen.id, None, &propensity("Quarta"))
        .unwrap();
    let titles: Vec<String> = store
        .propensities_of(citizen.id)
        .unwrap()
        .into_iter()
        .map(|p| p.data.title)
        .collect();
    assert_eq!(titles, ["Cassiere", "Magazziniere", "Quarta"]);
}

#[test]
fn cv_and_actions_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let cv = CvRecord {
        filed_on: date(2026, 11, 26),
        consent: true,
        provinces: vec!["FI".into(), "PO".into()],
        pdf_path: "/srv/cv/rossi.pdf".into(),
    };
    let pdf = orienta::demo::sample_pdf(Some("Mario Rossi"));
    let (stored, filing) = store.file_cv(citizen.id, Some(i.id), &cv, &pdf).unwrap();
    assert_eq!(filing, orienta::store::CvFiling::Filed);
    assert_eq!(stored.data, cv);
    assert_eq!(store.cvs_of(citizen.id).unwrap(), [stored]);

    let (a, v) = store.add_action(i.id, i.version, &action("A06")).unwrap();
    let (b, v) = store.add_action(i.id, v, &action("B03")).unwrap();
    assert_eq!(a.data, action("A06"));
    let mut done = action("A06");
    done.status = ActionStatus::Conclusa;
    done.outcome = "partecipato".into();
    done.kind = ActionKind::Rete;
    let a2 = store.update_action(a.id, a.version, &done).unwrap();
    assert_eq!((a2.version, a2.data.clone()), (2, done));
    let v = store.remove_action(b.id, b.version, v).unwrap();
    let codes: Vec<String> = store
        .actions_of(i.id)
        .unwrap()
        .into_iter()
        .map(|a| a.data.code)
        .collect();
    assert_eq!(codes, ["A06"]);
    assert_eq!(store.interview(i.id).unwrap().version, v);
}

#[test]
fn closing_signs_immutable_pact_versions() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let first = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, first.id);
    let pact = store.sign_pact(&data, &seen).unwrap();
    assert_eq!(pact.version, 1);
    assert_eq!(pact.content["atti_di_ricerca_attiva"][0]["codice"], "A06");
    assert!(pact.number.starts_with("PSP-"));
    let closed = store.interview(first.id).unwrap();
    assert_eq!(closed.status, InterviewStatus::Chiusa);
    assert!(closed.ended_at.is_some());
    assert_eq!(closed.final_path, Some(1));
    assert!(matches!(
        store.set_text(first.id, closed.version, TextField::FinalNote, "dopo"),
        Err(StoreError::InterviewClosed(_))
    ));
    assert!(store.draft_of(citizen.id).unwrap().is_none());

    let second = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, second.id);
    let pact2 = store.sign_pact(&data, &seen).unwrap();
    assert_eq!(
        (pact2.number.as_str(), pact2.version),
        (pact.number.as_str(), 2)
    );
    let versions = store.pact_versions_of(citizen.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].content, pact.content);

    let conn = store.connection();
    assert!(
        conn.execute("UPDATE pact_versions SET content = '{}'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM pact_versions", []).is_err());
    assert_eq!(store.pact_versions_of(citizen.id).unwrap().len(), 2);

    // Another person gets another number.
    let other = store.insert_citizen(&verdi()).unwrap();
    let i = store
        .start_interview(other.id, InterviewKind::Altro)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, i.id);
    let pact3 = store.sign_pact(&data, &seen).unwrap();
    assert_ne!(pact3.number, pact.number);
}

#[test]
fn signing_refuses_an_incomplete_pact_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = SeenVersions {
        interview: (i.id, i.version),
        citizen: (citizen.id, citizen.version),
        actions: vec![],
        propensities: vec![],
    };
    match store.sign_pact(&data, &seen) {
        Err(StoreError::Incomplete(missing)) => {
            assert!(missing.contains(&Missing::NoAction));
            assert!(missing.contains(&Missing::Propensity));
            assert!(missing.iter().any(|m| matches!(m, Missing::Assessment(_))));
        }
        other => panic!("expected Incomplete, got {other:?}"),
    }
    assert!(store.pact_versions_of(citizen.id).unwrap().is_empty());
    assert_eq!(
        store.interview(i.id).unwrap().status,
        InterviewStatus::Bozza
    );
}

#[test]
fn signing_refuses_what_someone_else_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let path = dir.path().join("o.db");
    let mut store = open(&path, "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, i.id);
    let mut other = open(&path, "bruno");

    // Another operator changes the action of the plan.
    let action = other.actions_of(i.id).unwrap().remove(0);
    let mut changed = action.data.clone();
    changed.description = "Un'altra descrizione".into();
    other
        .update_action(action.id, action.version, &changed)
        .unwrap();
    assert!(matches!(
        store.sign_pact(&data, &seen),
        Err(StoreError::Stale(Entity::Action))
    ));

    // ... or the person's surname.
    let seen = SeenVersions {
        actions: store
            .actions_of(i.id)
            .unwrap()
            .iter()
            .map(|a| (a.id, a.version))
            .collect(),
        ..seen
    };
    let mut renamed = rossi();
    renamed.surname = "Rossini".into();
    other
        .update_citizen(citizen.id, citizen.version, &renamed)
        .unwrap();
    assert!(matches!(
        store.sign_pact(&data, &seen),
        Err(StoreError::Stale(Entity::Citizen))
    ));
    assert!(store.pact_versions_of(citizen.id).unwrap().is_empty());

    // Read again, it signs, and the pact has the new surname.
    let seen = SeenVersions {
        citizen: (citizen.id, store.citizen(citizen.id).unwrap().version),
        ..seen
    };
    let pact = store.sign_pact(&data, &seen).unwrap();
    assert_eq!(pact.content["cittadino"]["cognome"], "Rossini");
}

#[test]
fn one_draft_per_person_and_a_draft_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut anna = open(&path, "anna");
    let mut bruno = open(&path, "bruno");
    let citizen = anna.insert_citizen(&rossi()).unwrap();
    let draft = anna
        .start_interview(citizen.id, InterviewKind::Altro)
        .unwrap();
    match bruno.start_interview(citizen.id, InterviewKind::Did150) {
        Err(StoreError::DraftExists { operator, .. }) => assert_eq!(operator, "anna"),
        other => panic!("expected DraftExists, got {other:?}"),
    }
    bruno.discard_draft(draft.id, draft.version).unwrap();
    let discarded = bruno.interview(draft.id).unwrap();
    assert_eq!(discarded.status, InterviewStatus::Scartata);
    assert!(matches!(
        anna.set_text(draft.id, discarded.version, TextField::FinalNote, "x"),
        Err(StoreError::InterviewClosed(_))
    ));
    assert!(anna.draft_of(citizen.id).unwrap().is_none());
    let new = bruno
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    assert_eq!(
        anna.draft_of(citizen.id).unwrap().map(|d| d.id),
        Some(new.id)
    );
    let log = anna.audit_of(citizen.id).unwrap();
    let entry = log
        .iter()
        .find(|e| e.new_value.as_deref() == Some("scartata"))
        .expect("audit entry");
    assert_eq!(entry.operator, "bruno");
    assert_eq!(entry.old_value.as_deref(), Some("bozza"));
}

#[test]
fn recovery_records_round_trip_and_files_move_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = open(&path, "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let payload = serde_json::json!({"tipo": "colloquio", "pagine": {"patto": {"proof": "x"}}});
    let id = store
        .save_recovery(Some(citizen.id), Some(i.id), &payload)
        .unwrap();
    let found = store.recoveries(Some(citizen.id), Some(i.id)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].payload, payload);
    // Personal data: the access export lists it.
    let export = store.export_citizen("RSSMRA85T10A562S").unwrap().unwrap();
    assert_eq!(export["dati_da_recuperare"][0]["contenuto"], payload);
    assert!(store.recoveries(None, None).unwrap().is_empty());

    let file = store
        .write_recovery_file(None, None, &serde_json::json!({"tipo": "anagrafica"}))
        .unwrap();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(store.import_recovery_files().unwrap(), 1);
    assert!(!file.exists());
    assert_eq!(store.recoveries(None, None).unwrap().len(), 1);
    store.remove_recoveries(&[id]).unwrap();
    assert!(
        store
            .recoveries(Some(citizen.id), Some(i.id))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn recovery_records_of_a_discarded_draft_are_found_for_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let draft = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let payload = serde_json::json!({"tipo": "colloquio", "pagine": {"patto": {"proof": "x"}}});
    let id = store
        .save_recovery(Some(citizen.id), Some(draft.id), &payload)
        .unwrap();
    // While the draft is open its records belong to it alone.
    assert!(store.recoveries_of_closed(citizen.id).unwrap().is_empty());
    store.discard_draft(draft.id, draft.version).unwrap();
    let found = store.recoveries_of_closed(citizen.id).unwrap();
    assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    let other = store.insert_citizen(&verdi()).unwrap();
    assert!(store.recoveries_of_closed(other.id).unwrap().is_empty());
}

#[test]
fn every_change_is_audited_and_the_log_cannot_be_altered() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let mut changed = rossi();
    changed.email = "nuova@example.it".into();
    store.update_citizen(citizen.id, 1, &changed).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let v = store
        .set_answer(&data.instrument, i.id, i.version, "A1", Some(1))
        .unwrap();
    let v = store
        .set_answer(&data.instrument, i.id, v, "A1", Some(3))
        .unwrap();
    store
        .set_text(i.id, v, TextField::FinalNote, "nota")
        .unwrap();
    store
        .add_propensity(citizen.id, Some(i.id), &propensity("Commesso"))
        .unwrap();

    let log = store.audit_of(citizen.id).unwrap();
    assert!(log.iter().all(|e| e.operator == "anna" && !e.at.is_empty()));
    let find = |field: &str| log.iter().filter(|e| e.field == field).collect::<Vec<_>>();
    let email = find("email");
    assert_eq!(email.len(), 2);
    assert_eq!(
        email[1].old_value.as_deref(),
        Some("mario.rossi@example.it")
    );
    assert_eq!(email[1].new_value.as_deref(), Some("nuova@example.it"));
    let answers = find("risposta A1");
    assert_eq!(answers.len(), 2);
    assert_eq!(
        (
            answers[1].old_value.as_deref(),
            answers[1].new_value.as_deref()
        ),
        (Some("1"), Some("3"))
    );
    assert_eq!(find("final_note")[0].new_value.as_deref(), Some("nota"));
    assert_eq!(find("title")[0].entity, "propensione");

    let conn = store.connection();
    assert!(
        conn.execute("UPDATE audit_log SET operator = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    assert_eq!(store.audit_of(citizen.id).unwrap().len(), log.len());
}

#[test]
fn two_connections_never_overwrite_each_other_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut anna = open(&path, "anna");
    let mut bruno = open(&path, "bruno");
    let citizen = anna.insert_citizen(&rossi()).unwrap();
    let i = anna
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();

    let seen_by_bruno = bruno.interview(i.id).unwrap();
    anna.set_text(i.id, i.version, TextField::FinalNote, "nota di Anna")
        .unwrap();
    let conflict = bruno.set_text(
        i.id,
        seen_by_bruno.version,
        TextField::FinalNote,
        "nota di Bruno",
    );
    assert!(matches!(
        conflict,
        Err(StoreError::Conflict {
            entity: Entity::Interview,
            ..
        })
    ));
    assert_eq!(bruno.interview(i.id).unwrap().final_note, "nota di Anna");

    let mut edit = rossi();
    edit.phone = "1111111".into();
    bruno.update_citizen(citizen.id, 1, &edit).unwrap();
    edit.phone = "2222222".into();
    assert!(matches!(
        anna.update_citizen(citizen.id, 1, &edit),
        Err(StoreError::Conflict {
            entity: Entity::Citizen,
            ..
        })
    ));
    assert_eq!(anna.citizen(citizen.id).unwrap().data.phone, "1111111");
}

#[test]
fn writers_on_different_records_do_not_block_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut setup = open(&path, "setup");
    let a = setup.insert_citizen(&rossi()).unwrap();
    let mut with_did = verdi();
    with_did.did_date = Some(date(2026, 9, 1));
    let b = setup.insert_citizen(&with_did).unwrap();
    let ia = setup.start_interview(a.id, InterviewKind::Did150).unwrap();
    let ib = setup.start_interview(b.id, InterviewKind::Did150).unwrap();
    drop(setup);

    let writer = |id: i64, start: i64, name: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut store = open(&path, name);
            let mut v = start;
            for n in 0..200 {
                v = store
                    .set_text(id, v, TextField::FinalNote, &format!("{name} {n}"))
                    .expect("no write may fail");
            }
            v
        })
    };
    let ta = writer(ia.id, ia.version, "anna");
    let tb = writer(ib.id, ib.version, "bruno");
    assert_eq!(ta.join().unwrap(), ia.version + 200);
    assert_eq!(tb.join().unwrap(), ib.version + 200);
    let store = open(&path, "check");
    assert_eq!(store.interview(ia.id).unwrap().final_note, "anna 199");
    assert_eq!(store.interview(ib.id).unwrap().final_note, "bruno 199");
}

#[test]
fn synthetic_people_whose_codice_fiscale_exists_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "demo");
    let data = data::load_defaults().unwrap();
    let mut generator = orienta::demo::Generator::new(&data, 3, date(2026, 11, 26), []);
    let people: Vec<_> = (0..20).map(|_| generator.person()).collect();
    // Someone else registers one of them after the generator was set up.
    let mut real = people[7].citizen.clone();
    real.surname = "Reale".into();
    store.insert_citizen(&real).unwrap();

    assert_eq!(store.insert_synthetic(&people).unwrap(), 19);
    assert_eq!(store.count_citizens().unwrap(), 20);
    let kept = store.citizen_by_cf(&real.codice_fiscale).unwrap().unwrap();
    assert_eq!(kept.data.surname, "Reale");
    assert!(!kept.synthetic);
    assert!(store.interviews_of(kept.id).unwrap().is_empty());
}

#[test]
fn a_writer_gets_in_between_the_transactions_of_a_bulk_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    drop(open(&path, "setup"));
    // A bulk writer: transactions of 150 ms with gaps of a few milliseconds between them.
    let (started, first_begun) = std::sync::mpsc::channel();
    let bulk = {
        let path = path.clone();
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for _ in 0..6 {
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                let _ = started.send(());
                std::thread::sleep(std::time::Duration::from_millis(150));
                conn.execute_batch("COMMIT").unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    first_begun.recv().unwrap();
    let mut store = open(&path, "anna");
    let asked = std::time::Instant::now();
    store.insert_citizen(&rossi()).unwrap();
    let waited = asked.elapsed();
    bulk.join().unwrap();
    // SQLite's own back-off (tries 100 ms apart) misses gaps this short and waits for the end.
    assert!(
        waited < std::time::Duration::from_millis(500),
        "waited {waited:?}"
    );
}

#[test]
fn backup_is_consistent_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let data = data::load_defaults().unwrap();
    let mut store = open(&path, "anna");
    let mut generator = orienta::demo::Generator::new(&data, 3, date(2026, 11, 26), []);
    let people: Vec<_> = (0..3000).map(|_| generator.person()).collect();
    store.insert_synthetic(&people).unwrap();

    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut w = open(&writer_path, "bruno");
        let c = w.insert_citizen(&rossi()).unwrap();
        let i = w.start_interview(c.id, InterviewKind::Did150).unwrap();
        let mut v = i.version;
        for n in 0..300 {
            v = w
                .set_text(i.id, v, TextField::Expectations, &format!("testo {n}"))
                .unwrap();
        }
    });
    let target = dir.path().join("copia.db");
    store.backup_to(&target).unwrap();
    writer.join().unwrap();

    let copy = rusqlite::Connection::open(&target).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let count: i64 = copy
        .query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
        .unwrap();
    assert!((3000..=3001).contains(&count), "{count}");
    assert!(
        store.backup_to(&target).is_err(),
        "an existing file is not overwritten"
    );
}

/// A database as an older binary left it: the first `version` migrations.
fn database_at_version(path: &Path, version: usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &orienta::store::MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
}

#[test]
fn migration_from_every_earlier_version() {
    let all = orienta::store::MIGRATIONS;
    for version in 0..=all.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        if version > 0 {
            database_at_version(&path, version);
        }
        let store = open(&path, "anna");
        let found: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(found, all.len() as i64, "from version {version}");
        match (version, store.opened()) {
            (0, Opened::Created) => {}
            (v, Opened::Current) if v == all.len() => {}
            (v, Opened::Migrated { from, backup }) => {
                assert_eq!(*from, v as i64);
                assert_eq!(
                    backup.file_name().unwrap().to_string_lossy(),
                    format!("o.db.schema{v}.bak")
                );
                assert!(backup.exists());
            }
            (v, other) => panic!("from version {v}: {other:?}"),
        }
    }
}

#[test]
fn replace_cannot_rewrite_the_audit_log_or_a_signed_pact() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, i.id);
    let pact = store.sign_pact(&data, &seen).unwrap();

    type Row = (i64, String, String, Option<String>);
    let audit = |store: &Store| -> Vec<Row> {
        let conn = store.connection();
        let mut stmt = conn
            .prepare("SELECT id, operator, field, new_value FROM audit_log ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let audit_before = audit(&store);
    let pacts_before = store.pact_versions_of(citizen.id).unwrap();
    let first = audit_before[0].0;
    let conn = store.connection();
    for verb in ["REPLACE", "INSERT OR REPLACE"] {
        let error = conn
            .execute(
                &format!(
                    "{verb} INTO audit_log (id, at, operator, entity, field, new_value)
                     VALUES (?1, 'x', 'intruso', 'cittadino', 'email', 'falsa')"
                ),
                [first],
            )
            .expect_err("the audit log is append-only");
        assert!(error.to_string().contains("append_only"), "{error}");
    }
    let replace_pact = |id: Option<i64>| {
        conn.execute(
            "INSERT OR REPLACE INTO pact_versions (id, citizen_id, interview_id, number, version,
                signed_at, operator, content)
             VALUES (?1, ?2, ?3, ?4, 1, 'x', 'intruso', '{}')",
            rusqlite::params![id, citizen.id, i.id, pact.number],
        )
    };
    for id in [Some(pact.id), None] {
        let error = replace_pact(id).expect_err("a signed pact is immutable");
        assert!(error.to_string().contains("immutable"), "{id:?}: {error}");
    }
    assert_eq!(audit(&store), audit_before);
    assert_eq!(store.pact_versions_of(citizen.id).unwrap(), pacts_before);

    // Ordinary appends still work.
    store
        .connection()
        .execute(
            "INSERT INTO audit_log (at, operator, entity, field) VALUES ('x', 'anna', 'nota', 'n')",
            [],
        )
        .unwrap();
    let second = store
        .start_interview(citizen.id, InterviewKind::Altro)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, second.id);
    let before_signing = audit(&store).len();
    let pact2 = store.sign_pact(&data, &seen).unwrap();
    assert_eq!((pact2.number, pact2.version), (pact.number, 2));
    // Signing appends: status, final percorso and the signature.
    assert!(audit(&store).len() > before_signing);
}

#[test]
fn an_existing_database_open_to_others_is_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut first = open(&path, "anna");
    first.insert_citizen(&rossi()).unwrap();
    // Kept open, so the -wal and -shm files stay.
    let wal = dir.path().join("o.db-wal");
    let shm = dir.path().join("o.db-shm");
    let all = [path.clone(), wal, shm];
    for file in &all {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let second = open(&path, "bruno");
    for file in &all {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    assert_eq!(second.notices().len(), 1, "{:?}", second.notices());
    let notice = second.notices()[0].to_string();
    assert!(
        notice.contains(&path.display().to_string()) && notice.contains("0600"),
        "{notice}"
    );
    drop(second);
    assert!(open(&path, "carla").notices().is_empty());

    // Shared with the group: group bits stay, others go.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    drop(first);
    let shared = Store::open(&path, "anna", CreateMode { group_shared: true }).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660);
    assert_eq!(shared.notices().len(), 1);
}

#[test]
fn an_existing_empty_file_readable_by_others_is_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = open(&path, "anna");
    assert_eq!(store.opened(), &Opened::Created);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(store.notices().len(), 1);
}

#[test]
fn many_first_opens_of_one_new_file_all_succeed() {
    const OPENERS: usize = 8;
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        // Odd rounds: the file exists, empty, as left by an opener that was a moment earlier.
        if round % 2 == 1 {
            std::fs::File::create(&path).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let start = std::sync::Arc::new(std::sync::Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|n| {
                let path = path.clone();
                let start = start.clone();
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path, &format!("operatore {n}"), CreateMode::default())
                        .map(|store| store.opened().clone())
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let results: Vec<_> = openers.into_iter().map(|t| t.join().unwrap()).collect();
        let failures: Vec<_> = results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| {
                e.chars()
                    .rev()
                    .take(60)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
            })
            .collect();
        assert!(
            failures.is_empty(),
            "round {round}: {} failed: {failures:?}",
            failures.len()
        );
        let created = results
            .iter()
            .filter(|r| matches!(r, Ok(Opened::Created)))
            .count();
        assert_eq!(created, 1, "round {round}: {results:?}");
        let store = open(&path, "check");
        let c = store.connection();
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, orienta::store::schema_version() as i64);
        let check: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        assert!(
            std::fs::read_dir(dir.path())
                .unwrap()
                .all(|e| { !e.unwrap().file_name().to_string_lossy().ends_with(".bak") })
        );
    }
}

/// Another connection holds the write lock for `hold`; returns once it has it.
fn hold_write_lock(path: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    let (taken, is_taken) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        taken.send(()).unwrap();
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    is_taken.recv().unwrap();
    holder
}

#[test]
fn a_write_waits_for_a_long_transaction_of_another_operator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = open(&path, "anna");
    let started = std::time::Instant::now();
    let holder = hold_write_lock(&path, std::time::Duration::from_secs(7));
    let citizen = store
        .insert_citizen(&rossi())
        .expect("saved once the lock is free");
    assert!(started.elapsed() >= std::time::Duration::from_secs(7));
    holder.join().unwrap();
    assert_eq!(store.citizen(citizen.id).unwrap().data, rossi());
}

#[test]
fn a_write_gives_up_after_its_busy_budget_with_an_italian_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = open(&path, "anna");
    store.set_busy_budget(std::time::Duration::from_secs(1));
    let holder = hold_write_lock(&path, std::time::Duration::from_secs(4));
    let started = std::time::Instant::now();
    let result = store.insert_citizen(&rossi());
    let waited = started.elapsed();
    let Err(error) = result else {
        panic!("saved while another connection held the lock");
    };
    assert!(matches!(error, StoreError::Busy), "{error:?}");
    assert!(error.to_string().contains("occupato"), "{error}");
    assert!(
        (std::time::Duration::from_millis(900)..std::time::Duration::from_secs(3))
            .contains(&waited),
        "{waited:?}"
    );
    holder.join().unwrap();
    store.insert_citizen(&rossi()).expect("free again");
}

#[test]
fn writes_under_a_deadline_share_one_busy_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = open(&path, "anna");
    let holder = hold_write_lock(&path, std::time::Duration::from_secs(2));
    // The deadline has passed: the write tries once and gives up, though the lock will be free
    // well within the busy budget.
    store.set_busy_deadline(Some(std::time::Instant::now()));
    let result = store.insert_citizen(&rossi());
    assert!(matches!(result, Err(StoreError::Busy)), "{result:?}");
    store.set_busy_deadline(None);
    let citizen = store
        .insert_citizen(&rossi())
        .expect("saved once the lock is free");
    holder.join().unwrap();
    assert_eq!(store.citizen(citizen.id).unwrap().data, rossi());
}

fn write_many_fields(store: &mut Store, n: usize) {
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let mut v = i.version;
    for n in 0..n {
        v = store
            .set_text(i.id, v, TextField::FinalNote, &format!("nota {n}"))
            .unwrap();
    }
}

#[test]
fn an_interactive_store_checkpoints_only_when_asked() {
    // SQLite checkpoints by itself at 1000 WAL pages; 600 commits write more than that.
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    store.set_interactive().unwrap();
    write_many_fields(&mut store, 600);
    let wal = std::fs::metadata(dir.path().join("o.db-wal"))
        .unwrap()
        .len();
    let first = store.checkpoint_idle().unwrap();
    assert!(first.wal_frames > 1000, "{first:?}");
    assert_eq!(first.checkpointed, first.wal_frames);
    assert!(wal > 1000 * 4096, "{wal}");

    // Without it, SQLite checkpoints after the commit that passes 1000 pages.
    let other = tempfile::tempdir().unwrap();
    let mut plain = open(&other.path().join("o.db"), "anna");
    write_many_fields(&mut plain, 600);
    let checkpoint = plain.checkpoint_idle().unwrap();
    assert!(checkpoint.wal_frames < 1000, "{checkpoint:?}");
}

#[test]
fn search_by_any_part_of_the_names_in_either_order_and_by_e_mail() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let mut r = rossi();
    r.email = "mario.rossi@example.it".into();
    store.insert_citizen(&r).unwrap();
    store.insert_citizen(&verdi()).unwrap();
    let found = |store: &Store, q: &str| -> Vec<String> {
        store
            .search_citizens(q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.surname)
            .collect()
    };
    assert_eq!(found(&store, "ross"), ["Rossi"], "surname prefix");
    assert_eq!(found(&store, "ssi"), ["Rossi"], "any part of the surname");
    assert_eq!(found(&store, "mario rossi"), ["Rossi"]);
    assert_eq!(found(&store, "Rossi Mario"), ["Rossi"], "either order");
    assert_eq!(found(&store, "rossi giuseppina"), Vec::<String>::new());
    assert_eq!(found(&store, "example.it"), ["Rossi"], "e-mail");
    assert_eq!(found(&store, "rosx"), Vec::<String>::new());
    assert_eq!(found(&store, "RSSMRA"), ["Rossi"], "codice fiscale prefix");
    assert_eq!(store.count_matches("ross", 1000).unwrap(), 1);
    assert_eq!(store.count_matches("", 1000).unwrap(), 2);
    // Changed names are found by the new ones only.
    let c = store.citizen_by_cf("RSSMRA85T10A562S").unwrap().unwrap();
    let mut renamed = c.data.clone();
    renamed.surname = "Bianchi".into();
    renamed.email = "m.bianchi@example.it".into();
    store.update_citizen(c.id, c.version, &renamed).unwrap();
    assert_eq!(found(&store, "anch"), ["Bianchi"]);
    assert!(found(&store, "ssi").is_empty());
}

#[test]
fn a_150_interview_needs_the_did_date_and_the_other_kind_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&verdi()).unwrap();
    let refused = store.start_interview(citizen.id, InterviewKind::Did150);
    let Err(e) = refused else {
        panic!("a 150 interview without DID date was opened");
    };
    assert!(matches!(e, StoreError::MissingDidDate));
    assert!(e.to_string().contains("manca la data della DID"), "{e}");
    assert!(store.draft_of(citizen.id).unwrap().is_none());
    // An "occupato/altro" interview needs no DID.
    let other = store
        .start_interview(citizen.id, InterviewKind::Altro)
        .unwrap();
    store.discard_draft(other.id, other.version).unwrap();
    // With the DID date saved, the 150 interview opens.
    let mut with_did = citizen.data.clone();
    with_did.did_date = Some(date(2026, 11, 2));
    let citizen = store
        .update_citizen(citizen.id, citizen.version, &with_did)
        .unwrap();
    assert!(
        store
            .start_interview(citizen.id, InterviewKind::Did150)
            .is_ok()
    );
}

#[test]
fn the_instrument_is_stored_when_the_interview_starts_and_when_it_is_signed() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let identity = data.instrument.identity();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview_with(citizen.id, InterviewKind::Did150, &identity)
        .unwrap();
    let stored = |store: &Store| -> String {
        store
            .connection()
            .query_row(
                "SELECT instrument FROM interviews WHERE id = ?1",
                [i.id],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(stored(&store), identity);
    // Cleared by hand, signing records it again.
    store
        .connection()
        .execute("UPDATE interviews SET instrument = ''", [])
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, i.id);
    let pact = store.sign_pact(&data, &seen).unwrap();
    assert_eq!(stored(&store), identity);
    let s = &pact.content["strumento"];
    assert_eq!(s["nome"], data.instrument.name.as_str());
    assert_eq!(s["versione"], data.instrument.version.as_str());
    assert_eq!(s["impronta"], data.instrument.fingerprint.as_str());
}

#[test]
fn the_persons_agreement_to_a_change_is_saved_and_signing_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = open(&dir.path().join("o.db"), "anna");
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, i.id);
    let change = PathChange {
        path: 4,
        category: "servizi_sociali".into(),
        note: "presa in carico dai servizi".into(),
        agreed: false,
    };
    let v = store
        .set_path_change(i.id, seen.interview.1, Some(&change))
        .unwrap();
    assert_eq!(
        store.interview(i.id).unwrap().path_change.map(|c| c.agreed),
        Some(false)
    );
    let seen = SeenVersions {
        interview: (i.id, v),
        ..seen
    };
    match store.sign_pact(&data, &seen) {
        Err(StoreError::Incomplete(missing)) => {
            assert_eq!(missing, [Missing::ChangeNotAgreed]);
        }
        other => panic!("expected Incomplete, got {other:?}"),
    }
    let agreed = PathChange {
        agreed: true,
        ..change
    };
    let v = store.set_path_change(i.id, v, Some(&agreed)).unwrap();
    let pact = store
        .sign_pact(
            &data,
            &SeenVersions {
                interview: (i.id, v),
                ..seen
            },
        )
        .unwrap();
    let profile = &pact.content["profilo_di_occupabilita"];
    assert_eq!(profile["percorso"], 4);
    assert_eq!(profile["cambio_percorso"]["concordato"], true);
    assert_eq!(
        profile["cambio_percorso"]["nome_categoria"],
        data.categories
            .iter()
            .find(|k| k.id == "servizi_sociali")
            .map(|k| k.name.as_str())
            .unwrap()
    );
}
