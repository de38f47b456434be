//! A form: fields in order, one focused, each remembering whether it changed since it was last
//! saved. Used by every screen where the operator fills in data.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Theme;

/// One line of text with a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Edits the text; false when the key is not an editing key.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char(c) if plain => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Backspace => {}
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete => {}
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => return false,
        }
        true
    }

    /// The text as shown in `width` columns, scrolled so the cursor is visible, and the
    /// cursor's column.
    pub fn view(&self, width: usize) -> (String, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let width = width.max(1);
        let start = self.cursor.saturating_sub(width - 1);
        let shown: String = chars.iter().skip(start).take(width).collect();
        (shown, self.cursor - start)
    }
}

pub enum Input {
    Line(LineInput),
    /// Several lines of free text.
    Note(Box<TextArea<'static>>),
    /// One of the options; `None` allowed when `optional`.
    Choice {
        options: Vec<String>,
        selected: Option<usize>,
        optional: bool,
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

fn note_area(text: &str) -> Box<TextArea<'static>> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.lines().map(str::to_string).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    area.set_wrap_mode(ratatui_textarea::WrapMode::Word);
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
                    KeyCode::Right | KeyCode::Char(' ') => *selected = step(*selected, true),
                    KeyCode::Left => *selected = step(*selected, false),
                    KeyCode::Char(c) if c.is_ascii_digit() => {
                        let n = c.to_digit(10).unwrap_or(0) as usize;
                        if (1..=count).contains(&n) {
                            *selected = Some(n - 1);
                        } else {
                            return false;
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
    fn height(&self, width: u16) -> u16 {
        let base = if self.is_note() { 4 } else { 1 };
        let error = self.error.as_ref().map_or(0, |e| {
            if e.chars().count() + 3 > width as usize {
                2
            } else {
                1
            }
        });
        base + error
    }
}

pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Columns given to the labels (at most a third of the width for wide labels).
    pub label_width: u16,
    /// Fields that another operator saved with another value while they were typed here, and
    /// that the operator has not settled yet (by keeping either value, or saving the field).
    pub conflicted: Vec<String>,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        Form {
            fields,
            focus: 0,
            label_width: 24,
            conflicted: Vec::new(),
        }
    }

    /// A form whose labels are sentences: they get most of the width.
    pub fn with_wide_labels(mut self) -> Self {
        let longest = self
            .fields
            .iter()
            .map(|f| f.label.chars().count() + 2)
            .max()
            .unwrap_or(24);
        self.label_width = longest as u16;
        self
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn text(&self, id: &str) -> String {
        self.field(id).map(Field::text).unwrap_or_default()
    }

    /// Moves the focus; returns the id of the field left if it changed since its last save.
    /// The field stays changed until [`Form::mark_saved`] says its write committed.
    pub fn move_focus(&mut self, forward: bool) -> Option<String> {
        let left = self.dirty_focused();
        let count = self.fields.len();
        if count > 0 {
            self.focus = if forward {
                (self.focus + 1) % count
            } else {
                (self.focus + count - 1) % count
            };
        }
        left
    }

    /// The focused field's id if it changed since its last save.
    pub fn dirty_focused(&self) -> Option<String> {
        self.fields
            .get(self.focus)
            .filter(|f| f.dirty)
            .map(|f| f.id.clone())
    }

    /// Ids of every field changed since its last save.
    pub fn dirty_ids(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|f| f.dirty)
            .map(|f| f.id.clone())
            .collect()
    }

    /// The field's value is in the database.
    pub fn mark_saved(&mut self, id: &str) {
        if let Some(f) = self.field_mut(id) {
            f.dirty = false;
        }
        self.conflicted.retain(|c| c != id);
    }

    /// Every field's value is in the database.
    pub fn mark_all_saved(&mut self) {
        for f in &mut self.fields {
            f.dirty = false;
        }
        self.conflicted.clear();
    }

    /// The values of the fields (only the changed ones when `changed_only`), by id, for a
    /// recovery record or to carry typed values over a reload.
    pub fn snapshot(&self, changed_only: bool) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .filter(|f| f.dirty || !changed_only)
            .map(|f| (f.id.clone(), f.value()))
            .collect()
    }

    /// Puts back values taken with [`Form::snapshot`]; they count as changed, not yet saved.
    /// Unknown ids and values of the wrong shape are ignored.
    pub fn restore(&mut self, values: &serde_json::Map<String, serde_json::Value>) {
        for (id, value) in values {
            if let Some(f) = self.field_mut(id)
                && f.set_value(value)
            {
                f.dirty = true;
            }
        }
    }

    /// Text pasted into the focused field (one line fields take it on one line).
    pub fn paste(&mut self, text: &str) -> bool {
        self.fields
            .get_mut(self.focus)
            .is_some_and(|f| f.paste(text))
    }

    pub fn any_dirty(&self) -> bool {
        self.fields.iter().any(|f| f.dirty)
    }

    pub fn set_error(&mut self, id: &str, error: Option<String>) {
        if let Some(f) = self.field_mut(id) {
            f.error = error;
        }
    }

    /// Focuses a field by id.
    pub fn focus_on(&mut self, id: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.focus = i;
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, active: bool) {
        let label_width = if self.label_width > 24 {
            self.label_width.min(area.width.saturating_sub(12))
        } else {
            self.label_width.min(area.width * 2 / 5)
        };
        // Scroll so that the focused field is visible.
        let heights: Vec<u16> = self.fields.iter().map(|f| f.height(area.width)).collect();
        let mut first = 0;
        loop {
            let used: u16 = heights[first..=self.focus.min(heights.len().saturating_sub(1))]
                .iter()
                .sum();
            if used <= area.height || first >= self.focus {
                break;
            }
            first += 1;
        }
        let mut y = area.y;
        for (i, field) in self.fields.iter().enumerate().skip(first) {
            let h = field.height(area.width);
            if y + h > area.y + area.height {
                break;
            }
            let focused = active && i == self.focus;
            let marker = if focused { "›" } else { " " };
            let required = if field.required { "*" } else { "" };
            let label = format!("{marker}{}{required}", field.label);
            let label_style = if focused { theme.focus } else { theme.label };
            let label_area_width = if field.is_note() {
                area.width
            } else {
                label_width
            };
            frame.render_widget(
                Paragraph::new(Span::styled(label, label_style)),
                Rect::new(area.x, y, label_area_width, 1),
            );
            // Notes take the whole width, on the rows under their label.
            let value_area = if field.is_note() {
                Rect::new(area.x + 2, y + 1, area.width.saturating_sub(2), 3)
            } else {
                Rect::new(
                    area.x + label_width + 1,
                    y,
                    area.width.saturating_sub(label_width + 1),
                    1,
                )
            };
            self.render_input(frame, field, value_area, theme, focused);
            if let Some(error) = &field.error {
                let rows = h - if field.is_note() { 4 } else { 1 };
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("⚠ {error}"), theme.error))
                        .wrap(Wrap { trim: true }),
                    Rect::new(area.x + 1, y + h - rows, area.width.saturating_sub(1), rows),
                );
            }
            y += h;
        }
    }

    fn render_input(
        &self,
        frame: &mut Frame,
        field: &Field,
        area: Rect,
        theme: &Theme,
        focused: bool,
    ) {
        let style = if focused {
            theme.input_focus
        } else {
            theme.input
        };
        match &field.input {
            Input::Line(l) => {
                let (shown, cursor) = l.view(area.width as usize);
                frame.render_widget(Paragraph::new(shown).style(style), area);
                if focused {
                    frame.set_cursor_position((area.x + cursor as u16, area.y));
                }
            }
            Input::Note(n) => {
                let mut shown = (**n).clone();
                shown.set_block(Block::default().borders(Borders::LEFT).border_style(style));
                if !focused {
                    shown.set_cursor_style(Style::default());
                }
                frame.render_widget(&shown, area);
            }
            Input::Choice {
                options, selected, ..
            } => {
                let text = match selected {
                    Some(i) => options.get(*i).cloned().unwrap_or_default(),
                    None => crate::strings::NOT_CHOSEN.to_string(),
                };
                let arrows = if focused { "◂ " } else { "  " };
                let end = if focused { " ▸" } else { "" };
                frame.render_widget(
                    Paragraph::new(format!("{arrows}{text}{end}")).style(style),
                    area,
                );
            }
            Input::Multi {
                options,
                checked,
                cursor,
            } => {
                // Options from the one before the cursor, so the cursor is always visible.
                let widths: Vec<usize> = options.iter().map(|o| o.chars().count() + 4).collect();
                let mut first = cursor.saturating_sub(1);
                while first < *cursor
                    && widths[first..=*cursor].iter().sum::<usize>() > area.width as usize
                {
                    first += 1;
                }
                let spans: Vec<Span> = options
                    .iter()
                    .zip(checked)
                    .enumerate()
                    .skip(if focused { first } else { 0 })
                    .map(|(i, (o, c))| {
                        let mark = if *c { "[x]" } else { "[ ]" };
                        let s = if focused && i == *cursor {
                            theme.focus.add_modifier(Modifier::REVERSED)
                        } else {
                            style
                        };
                        Span::styled(format!("{mark}{o} "), s)
                    })
                    .collect();
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Input::Flag(v) => {
                let text = match v {
                    Some(true) => crate::strings::YES,
                    Some(false) => crate::strings::NO,
                    None => crate::strings::NOT_SAID,
                };
                frame.render_widget(Paragraph::new(format!("[{text}]")).style(style), area);
            }
        }
    }
}
