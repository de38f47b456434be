//! A form: fields in order, one focused. Used by every screen where the operator fills in data.

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::field::{Field, Input};

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
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.clear_typed();
        }
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
        let heights: Vec<u16> = self
            .fields
            .iter()
            .map(|f| f.height(area.width, label_width))
            .collect();
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
            let h = field.height(area.width, label_width);
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
                let width = area.width.saturating_sub(label_width + 1);
                Rect::new(area.x + label_width + 1, y, width, field.value_rows(width))
            };
            self.render_input(frame, field, value_area, theme, focused);
            if let Some(error) = &field.error {
                let rows = h - field.value_rows(area.width.saturating_sub(label_width + 1));
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
            Input::Line(l) if focused => {
                let (shown, cursor) = l.view(area.width as usize);
                frame.render_widget(Paragraph::new(shown).style(style), area);
                frame.set_cursor_position((area.x + cursor as u16, area.y));
            }
            Input::Line(l) => {
                let shown = l.view_start(area.width as usize);
                frame.render_widget(Paragraph::new(shown).style(style), area);
            }
            Input::Note(n) => {
                let block = Block::default().borders(Borders::LEFT).border_style(style);
                let inner = block.inner(area);
                // Not being typed in, a note shows its beginning (a fresh view, scrolled to the
                // top); being typed in, where the cursor is.
                let mut shown = if focused {
                    (**n).clone()
                } else {
                    let mut top = ratatui_textarea::TextArea::new(n.lines().to_vec());
                    top.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
                    top.set_cursor_line_style(Style::default());
                    top
                };
                shown.set_block(block);
                // The terminal's cursor shows where typing goes, as in the one-line fields: a
                // drawn cursor would cost a rewrite of two cells for every key.
                shown.set_cursor_style(Style::default());
                frame.render_widget(&shown, area);
                if focused && !inner.is_empty() {
                    let cursor = shown.screen_cursor();
                    let (top_row, top_col) = shown.scroll_offset();
                    let row = cursor.row.saturating_sub(usize::from(top_row));
                    let col = cursor.col.saturating_sub(usize::from(top_col));
                    let row = u16::try_from(row).unwrap_or(u16::MAX);
                    let col = u16::try_from(col).unwrap_or(u16::MAX);
                    frame.set_cursor_position((
                        inner.x + col.min(inner.width - 1),
                        inner.y + row.min(inner.height - 1),
                    ));
                }
            }
            Input::Choice {
                options,
                selected,
                typed,
                ..
            } => {
                let text = match selected {
                    Some(i) => options.get(*i).cloned().unwrap_or_default(),
                    None => crate::strings::NOT_CHOSEN.to_string(),
                };
                let arrows = if focused { "◂ " } else { "  " };
                let end = match (focused, typed.is_empty()) {
                    (false, _) => String::new(),
                    (true, true) => " ▸".to_string(),
                    // What was typed to find it, so the operator sees the search.
                    (true, false) => format!(" ▸  «{typed}»"),
                };
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
                // Every option with its tick, on as many rows as they need (see `value_rows`).
                let width = usize::from(area.width.max(1));
                let mut lines: Vec<Line> = vec![Line::default()];
                let mut used = 0usize;
                for (i, (o, c)) in options.iter().zip(checked).enumerate() {
                    let text = format!("{}{o} ", if *c { "[x]" } else { "[ ]" });
                    let w = text.chars().count();
                    if used > 0 && used + w > width {
                        lines.push(Line::default());
                        used = 0;
                    }
                    used += w;
                    let s = if focused && i == *cursor {
                        theme.focus.add_modifier(Modifier::REVERSED)
                    } else {
                        style
                    };
                    if let Some(line) = lines.last_mut() {
                        line.spans.push(Span::styled(text, s));
                    }
                }
                frame.render_widget(Paragraph::new(lines), area);
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
