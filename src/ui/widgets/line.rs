//! One line of text being typed, with its cursor.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

    /// Byte offset of the character at `char_index`, or the end of the text.
    pub(crate) fn byte(&self, char_index: usize) -> usize {
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

    /// The text as shown when not being typed in: its beginning, ending with `…` when it does not
    /// fit in `width` columns.
    pub fn view_start(&self, width: usize) -> String {
        if self.text.chars().count() <= width {
            return self.text.clone();
        }
        let kept: String = self.text.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_not_being_typed_shows_its_beginning() {
        let mut line = LineInput::new("Via Roma 12, Firenze");
        assert_eq!(line.view_start(30), "Via Roma 12, Firenze");
        assert_eq!(line.view_start(10), "Via Roma …");
        // Being typed, the cursor (at the end) stays visible instead.
        assert_eq!(line.view(10).0, ", Firenze");
        line.cursor = 0;
        assert_eq!(line.view(10).0, "Via Roma 1");
    }
}
