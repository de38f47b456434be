//! Helpers for the interface tests: an App on a temp database, keys typed as an operator would.

#![allow(dead_code)]

pub mod pty;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienta::data;
use orienta::store::{CreateMode, Store};
use orienta::ui::app::App;
use orienta::ui::keymap::Keymap;
use orienta::ui::theme::Theme;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The DID date `TestApp::rossi` gives Mario Rossi.
pub const DID_DATE: &str = "01/10/2026";

pub struct TestApp {
    pub app: App,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("o.db"), "Anna", CreateMode::default()).unwrap();
        let app = App::new(
            store,
            data::load_defaults().unwrap(),
            Keymap::default_keymap().unwrap(),
            Theme::monochrome(),
            today(),
        );
        TestApp { app, dir }
    }

    /// A new session of the interface on the same database (the earlier one has ended).
    pub fn restart(&mut self) -> &mut Self {
        let store = Store::open(&self.db(), "Anna", CreateMode::default()).unwrap();
        self.app = App::new(
            store,
            data::load_defaults().unwrap(),
            Keymap::default_keymap().unwrap(),
            Theme::monochrome(),
            today(),
        );
        self
    }

    pub fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("o.db")
    }

    /// Another connection to the same database, as a second operator.
    pub fn other_store(&self) -> Store {
        Store::open(&self.db(), "Bruno", CreateMode::default()).unwrap()
    }

    /// Keys by name, as in the keymap files: "ctrl-n", "tab", "enter", "3", ...
    pub fn keys(&mut self, names: &[&str]) -> &mut Self {
        for name in names {
            let event = event(name);
            self.app.handle_key(event);
        }
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.app
                .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self
    }

    pub fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }

    pub fn error_shown(&self) -> bool {
        self.app.message.as_ref().is_some_and(|m| m.error)
    }

    /// Registers Mario Rossi, with his DID date (1 October 2026), and opens his card.
    pub fn rossi(&mut self) -> &mut Self {
        self.keys(&["ctrl-n"])
            .text("RSSMRA85T10A562S")
            .keys(&["tab"])
            .text("Rossi")
            .keys(&["tab"])
            .text("Mario")
            // Past the fields the codice fiscale fills, and the others, to the DID date.
            .keys(&["tab", "tab", "tab", "tab", "tab", "tab", "tab"])
            .text(DID_DATE)
            .keys(&["ctrl-s"])
    }

    /// Registers Mario Rossi without a DID date and opens his card.
    pub fn rossi_without_did(&mut self) -> &mut Self {
        self.keys(&["ctrl-n"])
            .text("RSSMRA85T10A562S")
            .keys(&["tab"])
            .text("Rossi")
            .keys(&["tab"])
            .text("Mario")
            .keys(&["ctrl-s"])
    }

    /// The screen as text, `width` x `height`.
    pub fn screen(&self, width: u16, height: u16) -> String {
        let backend = ratatui::backend::TestBackend::new(width, height);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| orienta::ui::render::render(&self.app, frame))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut line = String::new();
            for x in 0..width {
                line.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

pub fn event(name: &str) -> KeyEvent {
    let key = orienta::ui::keymap::Key::parse(name).unwrap_or_else(|| panic!("key {name}"));
    use orienta::ui::keymap::KeyCodeOrd as K;
    let code = match key.code {
        K::Char(c) => KeyCode::Char(c),
        K::F(n) => KeyCode::F(n),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Insert => KeyCode::Insert,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
    };
    let mut modifiers = KeyModifiers::NONE;
    if key.ctrl {
        modifiers |= KeyModifiers::CONTROL;
    }
    if key.alt {
        modifiers |= KeyModifiers::ALT;
    }
    if key.code == K::BackTab {
        modifiers |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(code, modifiers)
}

/// Fills a draft interview through the store until nothing is missing for the pact (answers
/// that keep section D closed, one propensione, terms, one action), and returns the versions a
/// signer would have on screen.
pub fn complete_interview(
    store: &mut Store,
    data: &orienta::domain::reference::ReferenceData,
    interview_id: i64,
) -> orienta::store::SeenVersions {
    use orienta::domain::records::{
        ActionKind, ActionStatus, InterviewKind, PlannedAction, Propensity,
    };
    use orienta::store::{FlagField, TextField};
    let interview = store.interview(interview_id).unwrap();
    let citizen = store.citizen(interview.citizen_id).unwrap();
    let mut v = interview.version;
    let topics: Vec<String> = data
        .info_topics
        .iter()
        .filter(|t| !t.a05)
        .map(|t| t.id.clone())
        .collect();
    v = store.set_info_items(interview_id, v, &topics).unwrap();
    v = store
        .set_text(
            interview_id,
            v,
            TextField::Expectations,
            "lavoro vicino a casa",
        )
        .unwrap();
    if interview.kind == InterviewKind::Did150 {
        for section in &data.instrument.sections {
            if section.enabled_by.is_some() {
                continue;
            }
            for area in &section.areas {
                v = store
                    .set_answer(&data.instrument, interview_id, v, &area.id, Some(0))
                    .unwrap();
            }
        }
    }
    for (field, text) in [
        (TextField::PactResponsible, "Anna"),
        (TextField::ContactFrequency, "mensile"),
        (TextField::SearchProof, "candidature"),
    ] {
        v = store.set_text(interview_id, v, field, text).unwrap();
    }
    for field in [
        FlagField::AvailableWorkshops,
        FlagField::AvailableTraining,
        FlagField::AvailableOffers,
    ] {
        v = store.set_flag(interview_id, v, field, Some(true)).unwrap();
    }
    if store.propensities_of(citizen.id).unwrap().is_empty() {
        let p = Propensity {
            cp2021_code: String::new(),
            title: "Magazziniere".into(),
            from_work: true,
            from_education: false,
            from_training: false,
            from_aptitude: false,
            interview_date: today(),
            sep: None,
            skills: String::new(),
            years_experience: None,
            last_year: None,
            availability: String::new(),
            licences: String::new(),
            notes: String::new(),
        };
        store
            .add_propensity(citizen.id, Some(interview_id), &p)
            .unwrap();
    }
    let action = PlannedAction {
        code: "A06".into(),
        kind: ActionKind::Cpi,
        description: "Colloquio di orientamento".into(),
        due_date: None,
        status: ActionStatus::Programmata,
        outcome: String::new(),
    };
    store.add_action(interview_id, v, &action).unwrap();
    seen(store, interview_id)
}

/// The versions a signer of the interview has on screen now: interview, person, plan,
/// propensioni.
pub fn seen(store: &Store, interview_id: i64) -> orienta::store::SeenVersions {
    let interview = store.interview(interview_id).unwrap();
    let citizen = store.citizen(interview.citizen_id).unwrap();
    orienta::store::SeenVersions {
        interview: (interview.id, interview.version),
        citizen: (citizen.id, citizen.version),
        actions: store
            .actions_of(interview_id)
            .unwrap()
            .iter()
            .map(|a| (a.id, a.version))
            .collect(),
        propensities: store
            .propensities_of(citizen.id)
            .unwrap()
            .iter()
            .map(|p| (p.id, p.version))
            .collect(),
    }
}
