//! Fields of a form: one line of text, notes, choices, ticks, yes/no; each remembers whether it
//! changed since it was last saved.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

pub use super::line::LineInput;

pub enum Input {
    Line(LineInput),
    /// Several lines of free text.
    Note(Box<TextArea<'static>>),
    /// One of the options; `None` allowed when `optional`.
    Choice {
        options: Vec<String>,
        selected: Option<usize>,
        optional: bool,
        /// What the operator typed to find an option by its label ("12", "+2", "c06").
        typed: String,
    },
    /// Any set of the options.
    Multi {
        options: Vec<String>,
        checked: Vec<bool>,
        cursor: usize,
    },
    /// Sì / No / not said.
    Flag(Option<bool>),
}

pub struct Field {
    pub id: String,
    pub label: String,
    pub input: Input,
    pub error: Option<String>,
    pub required: bool,
    /// Changed since it was last saved.
    pub dirty: bool,
}

/// The option a typed text points to: the first whose label starts with it (letters in any case,
/// accents ignored), else the first that contains it, else, for a number on labels that do not
/// start with one, the option in that position (from 1).
pub fn find_option(options: &[String], typed: &str) -> Option<usize> {
    if typed.is_empty() {
        return None;
    }
    // Signs count where labels carry them ("+2", "-1").
    if typed.starts_with(['+', '-']) {
        return options.iter().position(|o| o.starts_with(typed));
    }
    let key = crate::domain::records::search_key(typed);
    if key.is_empty() {
        return None;
    }
    let keys: Vec<String> = options
        .iter()
        .map(|o| crate::domain::records::search_key(o))
        .collect();
    if let Some(i) = keys.iter().position(|k| k.starts_with(&key)) {
        return Some(i);
    }
    // A word of the label that starts with it ("tur" finds "23 Turismo").
    let word_starts = |label: &String| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| crate::domain::records::search_key(w).starts_with(&key))
    };
    if let Some(i) = options.iter().position(word_starts) {
        return Some(i);
    }
    if let Some(i) = keys.iter().position(|k| k.contains(&key)) {
        return Some(i);
    }
    let labelled_by_number = options
        .iter()
        .any(|o| o.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-'));
    match typed.parse::<usize>() {
        Ok(n) if !labelled_by_number && (1..=options.len()).contains(&n) => Some(n - 1),
        _ => None,
    }
}

fn note_area(text: &str) -> Box<TextArea<'static>> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.lines().map(str::to_string).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    // Words wrap; a word longer than the line is split rather than hidden.
    area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    // Typing continues after what is there, not before it.
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    Box::new(area)
}

impl Field {
    pub fn line(id: &str, label: &str, value: &str) -> Self {
        Self::with(id, label, Input::Line(LineInput::new(value)))
    }

    pub fn note(id: &str, label: &str, value: &str) -> Self {
        Self::with(id, label, Input::Note(note_area(value)))
    }

    pub fn choice(
        id: &str,
        label: &str,
        options: Vec<String>,
        selected: Option<usize>,
        optional: bool,
    ) -> Self {
        Self::with(
            id,
            label,
            Input::Choice {
                options,
                selected,
                optional,
                typed: String::new(),
            },
        )
    }

    pub fn multi(id: &str, label: &str, options: Vec<String>, checked: Vec<bool>) -> Self {
        Self::with(
            id,
            label,
            Input::Multi {
                options,
                checked,
                cursor: 0,
            },
        )
    }

    pub fn flag(id: &str, label: &str, value: Option<bool>) -> Self {
        Self::with(id, label, Input::Flag(value))
    }

    fn with(id: &str, label: &str, input: Input) -> Self {
        Field {
            id: id.to_string(),
            label: label.to_string(),
            input,
            error: None,
            required: false,
            dirty: false,
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn text(&self) -> String {
        match &self.input {
            Input::Line(l) => l.text.trim().to_string(),
            Input::Note(n) => n.lines().join("\n").trim().to_string(),
            _ => String::new(),
        }
    }

    pub fn selected(&self) -> Option<usize> {
        match &self.input {
            Input::Choice { selected, .. } => *selected,
            _ => None,
        }
    }

    pub fn checked(&self) -> Vec<bool> {
        match &self.input {
            Input::Multi { checked, .. } => checked.clone(),
            _ => Vec::new(),
        }
    }

    pub fn flag_value(&self) -> Option<bool> {
        match &self.input {
            Input::Flag(v) => *v,
            _ => None,
        }
    }

    pub fn set_text(&mut self, text: &str) {
        match &mut self.input {
            Input::Line(l) => *l = LineInput::new(text),
            Input::Note(n) => *n = note_area(text),
            _ => {}
        }
    }

    pub fn set_selected(&mut self, value: Option<usize>) {
        if let Input::Choice { selected, .. } = &mut self.input {
            *selected = value;
        }
    }

    /// The value as JSON: text, option index, ticks or yes/no.
    pub fn value(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.input {
            Input::Line(_) | Input::Note(_) => Value::String(self.text()),
            Input::Choice { selected, .. } => selected.map_or(Value::Null, Value::from),
            Input::Multi { checked, .. } => Value::from(checked.clone()),
            Input::Flag(v) => v.map_or(Value::Null, Value::Bool),
        }
    }

    /// Sets the value from [`Field::value`]'s JSON; false when it does not fit this input.
    pub fn set_value(&mut self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (&mut self.input, value) {
            (Input::Line(_) | Input::Note(_), Value::String(text)) => {
                self.set_text(text);
                true
            }
            (
                Input::Choice {
                    options, selected, ..
                },
                Value::Null,
            ) => {
                let _ = options;
                *selected = None;
                true
            }
            (
                Input::Choice {
                    options, selected, ..
                },
                Value::Number(n),
            ) => {
                match n
                    .as_u64()
                    .map(|n| n as usize)
                    .filter(|n| *n < options.len())
                {
                    Some(n) => {
                        *selected = Some(n);
                        true
                    }
                    None => false,
                }
            }
            (Input::Multi { checked, .. }, Value::Array(items)) if items.len() == checked.len() => {
                for (c, v) in checked.iter_mut().zip(items) {
                    *c = v.as_bool().unwrap_or(false);
                }
                true
            }
            (Input::Flag(v), Value::Null) => {
                *v = None;
                true
            }
            (Input::Flag(v), Value::Bool(b)) => {
                *v = Some(*b);
                true
            }
            _ => false,
        }
    }

    /// The value as the operator reads it, for messages (`—` when empty).
    pub fn shown(&self) -> String {
        let text = match &self.input {
            Input::Line(_) | Input::Note(_) => self.text(),
            Input::Choice {
                options, selected, ..
            } => selected
                .and_then(|s| options.get(s))
                .cloned()
                .unwrap_or_default(),
            Input::Multi {
                options, checked, ..
            } => options
                .iter()
                .zip(checked)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Input::Flag(v) => match v {
                Some(true) => crate::strings::YES.to_string(),
                Some(false) => crate::strings::NO.to_string(),
                None => String::new(),
            },
        };
        if text.is_empty() {
            "—".to_string()
        } else {
            text
        }
    }

    /// Inserts pasted text at the cursor; a one line field takes line breaks as spaces. False
    /// for inputs that do not take text.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        match &mut self.input {
            Input::Line(l) => {
                let one_line: String = clean
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .collect();
                let at = l.byte(l.cursor);
                l.text.insert_str(at, &one_line);
                l.cursor += one_line.chars().count();
            }
            Input::Note(n) => {
                n.insert_str(clean);
            }
            _ => return false,
        }
        self.dirty = true;
        self.error = None;
        true
    }

    /// Forgets what was typed to find an option (the focus moved on).
    pub fn clear_typed(&mut self) {
        if let Input::Choice { typed, .. } = &mut self.input {
            typed.clear();
        }
    }

    /// True for inputs that take typed characters.
    pub fn takes_text(&self) -> bool {
        matches!(self.input, Input::Line(_) | Input::Note(_))
    }

    pub fn is_note(&self) -> bool {
        matches!(self.input, Input::Note(_))
    }

    /// Edits the value with a key; false when the key is not for this input.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let handled = match &mut self.input {
            Input::Line(l) => l.handle(key),
            Input::Note(n) => match key.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc | KeyCode::F(_) => false,
                KeyCode::Char(_) if key.modifiers.contains(KeyModifiers::CONTROL) => false,
                _ => {
                    n.input(*key);
                    true
                }
            },
            Input::Choice {
                options,
                selected,
                optional,
                typed,
            } => {
                let count = options.len();
                let step = |s: Option<usize>, forward: bool| -> Option<usize> {
                    match (s, forward) {
                        (None, true) => Some(0),
                        (None, false) => count.checked_sub(1),
                        (Some(i), true) if i + 1 < count => Some(i + 1),
                        (Some(_), true) => {
                            if *optional {
                                None
                            } else {
                                Some(0)
                            }
                        }
                        (Some(0), false) => {
                            if *optional {
                                None
                            } else {
                                count.checked_sub(1)
                            }
                        }
                        (Some(i), false) => Some(i - 1),
                    }
                };
                match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => {
                        typed.clear();
                        *selected = step(*selected, true);
                    }
                    KeyCode::Left => {
                        typed.clear();
                        *selected = step(*selected, false);
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        // Typing finds the option by its label; a key that finds nothing
                        // starts a new search.
                        // What matches nothing changes nothing: the search stays as it was,
                        // shown beside the value, until Backspace or another field.
                        let search = format!("{typed}{c}");
                        match find_option(options, &search) {
                            Some(i) => {
                                *typed = search;
                                *selected = Some(i);
                            }
                            None if typed.is_empty() => return false,
                            None => {}
                        }
                    }
                    KeyCode::Backspace if !typed.is_empty() => {
                        typed.pop();
                        if let Some(i) = find_option(options, typed) {
                            *selected = Some(i);
                        }
                    }
                    KeyCode::Delete | KeyCode::Backspace if *optional => *selected = None,
                    _ => return false,
                }
                true
            }
            Input::Multi {
                checked, cursor, ..
            } => match key.code {
                KeyCode::Right => {
                    *cursor = (*cursor + 1).min(checked.len().saturating_sub(1));
                    true
                }
                KeyCode::Left => {
                    *cursor = cursor.saturating_sub(1);
                    true
                }
                KeyCode::Char(' ') => {
                    if let Some(c) = checked.get_mut(*cursor) {
                        *c = !*c;
                    }
                    true
                }
                _ => false,
            },
            Input::Flag(value) => match key.code {
                KeyCode::Char(' ') | KeyCode::Right | KeyCode::Left => {
                    *value = match (*value, key.code == KeyCode::Left) {
                        (None, false) => Some(true),
                        (Some(true), false) => Some(false),
                        (Some(false), false) => None,
                        (None, true) => Some(false),
                        (Some(false), true) => Some(true),
                        (Some(true), true) => None,
                    };
                    true
                }
                KeyCode::Char('s') | KeyCode::Char('S') => {
                    *value = Some(true);
                    true
                }
                KeyCode::Char('n') | KeyCode::Char('N') => {
                    *value = Some(false);
                    true
                }
                _ => false,
            },
        };
        let moves_only = matches!(
            key.code,
            KeyCode::Left
                | KeyCode::Right
                | KeyCode::Home
                | KeyCode::End
                | KeyCode::Up
                | KeyCode::Down
        ) && matches!(
            self.input,
            Input::Line(_) | Input::Note(_) | Input::Multi { .. }
        );
        if handled && !moves_only {
            self.dirty = true;
            self.error = None;
        }
        handled
    }

    /// Rows the field takes on screen, `width` columns wide (errors may take two rows).
    /// Rows of the value itself: a note takes 4 with its label, ticks as many as they need to all
    /// show in `value_width` columns.
    pub(crate) fn value_rows(&self, value_width: u16) -> u16 {
        match &self.input {
            Input::Note(_) => 4,
            Input::Multi { options, .. } => {
                let mut rows = 1u16;
                let mut used = 0usize;
                for o in options {
                    let w = o.chars().count() + 4;
                    if used > 0 && used + w > usize::from(value_width.max(1)) {
                        rows += 1;
                        used = 0;
                    }
                    used += w;
                }
                rows
            }
            _ => 1,
        }
    }

    pub(crate) fn height(&self, width: u16, label_width: u16) -> u16 {
        let base = self.value_rows(width.saturating_sub(label_width + 1));
        // The error below the field, wrapped at words as drawn: every row of it shown.
        let error = self.error.as_ref().map_or(0, |e| {
            wrapped_rows(&format!("⚠ {e}"), width.saturating_sub(1))
        });
        base + error
    }
}

/// Rows `text` takes wrapped at words in `width` columns (at least 1, at most 6).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let (mut rows, mut used) = (1u16, 0usize);
    for w in text.split_whitespace().map(|w| w.chars().count()) {
        used = match used {
            0 => w,
            u if u + 1 + w <= width => u + 1 + w,
            _ => {
                rows += 1;
                w
            }
        };
        // A word longer than the row continues on the next ones.
        rows += ((used.max(1) - 1) / width) as u16;
        used = (used - 1) % width + 1;
    }
    rows.min(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_finds_an_option_by_its_label() {
        let seps: Vec<String> = ["1 Agricoltura", "2 Industria", "12 Servizi", "23 Turismo"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(find_option(&seps, "1"), Some(0));
        assert_eq!(find_option(&seps, "12"), Some(2));
        assert_eq!(find_option(&seps, "tur"), Some(3));
        let points: Vec<String> = ["-3", "-2", "-1", "+1", "+2", "+3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(find_option(&points, "+2"), Some(4));
        assert_eq!(find_option(&points, "-1"), Some(2));
        let actions: Vec<String> = [
            "150 Colloquio",
            "A06 Orientamento",
            "C06 Tirocinio",
            "C05 Corso",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(find_option(&actions, "c05"), Some(3));
        assert_eq!(find_option(&actions, "tiroc"), Some(2));
        // Labels without numbers: a digit is the position.
        let ratings: Vec<String> = ["Adeguata", "Da rafforzare", "Critica"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(find_option(&ratings, "2"), Some(1));
        assert_eq!(find_option(&ratings, "9"), None);
        assert_eq!(find_option(&ratings, "q"), None);
        assert_eq!(find_option(&ratings, "crìt"), Some(2));
    }

    #[test]
    fn typed_letters_accumulate_and_a_miss_starts_again() {
        let mut field = Field::choice(
            "code",
            "Codice",
            ["A06 Orientamento", "C05 Corso", "C06 Tirocinio"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            None,
            true,
        );
        for c in "c06".chars() {
            assert!(field.handle(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
        assert_eq!(field.selected(), Some(2));
        // "a" after "c06" finds nothing as "c06a": nothing changes until Backspace.
        field.handle(&KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
        assert_eq!(field.selected(), Some(2));
        field.handle(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        field.handle(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        field.handle(&KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE));
        assert_eq!(field.selected(), Some(1));
    }
}
