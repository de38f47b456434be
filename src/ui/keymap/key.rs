//! One key as the keymap files write it and as the terminal sends it.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as bound: code and the modifiers that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` with an order, for maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl Key {
    pub fn plain(code: KeyCodeOrd) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// The key of a terminal event (release and repeat events of enhanced protocols are not
    /// keys). Shift is part of the character (`?`, `N`) or of the code (BackTab).
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Insert => KeyCodeOrd::Insert,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            _ => return None,
        };
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let mut code = code;
        // Some terminals send Ctrl+letter upper-cased.
        if let KeyCodeOrd::Char(c) = code
            && ctrl
        {
            code = KeyCodeOrd::Char(c.to_ascii_lowercase());
        }
        Some(Key {
            code,
            ctrl,
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Enter, space, or a key that moves the cursor or the focus.
    pub fn moves_or_confirms(&self) -> bool {
        use KeyCodeOrd as K;
        matches!(
            self.code,
            K::Enter
                | K::Tab
                | K::BackTab
                | K::Up
                | K::Down
                | K::Left
                | K::Right
                | K::Home
                | K::End
                | K::PageUp
                | K::PageDown
                | K::Char(' ')
        )
    }

    /// A plain printable character: typed into text fields.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && !self.ctrl && !self.alt
    }

    pub fn parse(text: &str) -> Option<Key> {
        let text = text.trim();
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "invio" => KeyCodeOrd::Enter,
            "esc" => KeyCodeOrd::Esc,
            "tab" => KeyCodeOrd::Tab,
            "backtab" | "shift-tab" => KeyCodeOrd::BackTab,
            "backspace" => KeyCodeOrd::Backspace,
            "delete" | "del" | "canc" => KeyCodeOrd::Delete,
            "insert" | "ins" => KeyCodeOrd::Insert,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "pageup" | "pgup" => KeyCodeOrd::PageUp,
            "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
            "space" => KeyCodeOrd::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCodeOrd::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() || c.is_control() {
                    return None;
                }
                KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "Ctrl+")?;
        }
        if self.alt {
            write!(f, "Alt+")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => write!(f, "Spazio"),
            KeyCodeOrd::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Enter => write!(f, "Invio"),
            KeyCodeOrd::Esc => write!(f, "Esc"),
            KeyCodeOrd::Tab => write!(f, "Tab"),
            KeyCodeOrd::BackTab => write!(f, "Maiusc+Tab"),
            KeyCodeOrd::Backspace => write!(f, "Backspace"),
            KeyCodeOrd::Delete => write!(f, "Canc"),
            KeyCodeOrd::Insert => write!(f, "Ins"),
            KeyCodeOrd::Up => write!(f, "↑"),
            KeyCodeOrd::Down => write!(f, "↓"),
            KeyCodeOrd::Left => write!(f, "←"),
            KeyCodeOrd::Right => write!(f, "→"),
            KeyCodeOrd::Home => write!(f, "Home"),
            KeyCodeOrd::End => write!(f, "Fine"),
            KeyCodeOrd::PageUp => write!(f, "PagSu"),
            KeyCodeOrd::PageDown => write!(f, "PagGiù"),
        }
    }
}
