//! Helpers for the interface tests: an App on a temp database, keys typed as an operator would.

#![allow(dead_code)]

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

    /// Registers Mario Rossi (with the servizi sociali category) and opens his card.
    pub fn rossi(&mut self) -> &mut Self {
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
