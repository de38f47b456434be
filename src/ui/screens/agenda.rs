//! The agenda: what needs following up today, grouped by kind; Enter opens the person's card,
//! and going back from the card comes back here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::{AgendaKind, AgendaRow};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::Action;

pub struct Agenda {
    /// Grouped by kind, in [`AgendaKind::ALL`] order.
    pub rows: Vec<AgendaRow>,
    pub selected: usize,
}

/// A line of the agenda on screen: a group's title or one of its rows (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaLine {
    Group(AgendaKind, usize),
    Row(usize),
}

impl Agenda {
    /// Titles and rows, in the order they are drawn.
    pub fn lines(&self) -> Vec<AgendaLine> {
        let mut out = Vec::with_capacity(self.rows.len() + AgendaKind::ALL.len());
        for kind in AgendaKind::ALL {
            let count = self.rows.iter().filter(|r| r.kind == kind).count();
            if count == 0 {
                continue;
            }
            out.push(AgendaLine::Group(kind, count));
            out.extend(
                self.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.kind == kind)
                    .map(|(i, _)| AgendaLine::Row(i)),
            );
        }
        out
    }

    /// The row the cursor is on.
    pub fn current(&self) -> Option<&AgendaRow> {
        self.rows.get(self.selected)
    }
}

/// `text` cut to `width` characters, the last one an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return format!("{text:<width$}");
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

impl App {
    /// Shows the agenda for today, the cursor on row `selected` (kept within the rows).
    pub(crate) fn open_agenda(&mut self, selected: usize) {
        match self.store.agenda(self.today, None) {
            Ok(mut rows) => {
                crate::store::name_actions(&mut rows, &self.data.actions);
                let selected = selected.min(rows.len().saturating_sub(1));
                self.screen = Screen::Agenda(Agenda { rows, selected });
                self.message = None;
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_agenda(&mut self, action: Action) {
        let Screen::Agenda(agenda) = &mut self.screen else {
            return;
        };
        let last = agenda.rows.len().saturating_sub(1);
        match action {
            Action::Up => agenda.selected = agenda.selected.saturating_sub(1),
            Action::Down => agenda.selected = (agenda.selected + 1).min(last),
            Action::PageUp => agenda.selected = agenda.selected.saturating_sub(10),
            Action::PageDown => agenda.selected = (agenda.selected + 10).min(last),
            Action::Open => {
                if let Some(id) = agenda.current().map(|r| r.citizen_id) {
                    self.agenda_return = Some(agenda.selected);
                    self.open_card(id);
                }
            }
            Action::Back => self.go_home(),
            _ => {}
        }
    }

    /// Back from the card: to the agenda when the card was opened from it, else home.
    pub(crate) fn leave_card(&mut self) {
        match self.agenda_return.take() {
            Some(selected) => self.open_agenda(selected),
            None => self.go_home(),
        }
    }
}

pub(crate) fn render_agenda(app: &App, agenda: &Agenda, frame: &mut Frame, area: Rect) {
    if agenda.rows.is_empty() {
        frame.render_widget(Paragraph::new(S::AGENDA_EMPTY).style(app.theme.dim), area);
        return;
    }
    let width = area.width as usize;
    // Date, person, operator, then the detail in what is left.
    let (date_w, name_w, operator_w) = (11, 24.min(width / 3), 11);
    let detail_w = width
        .saturating_sub(date_w + name_w + 1 + operator_w)
        .max(8);
    let lines = agenda.lines();
    let at = lines
        .iter()
        .position(|l| *l == AgendaLine::Row(agenda.selected))
        .unwrap_or(0);
    let visible = area.height as usize;
    // The group's title stays in view above the first row of a group.
    let first = (at + 1).saturating_sub(visible);
    let mut out = Vec::with_capacity(visible);
    for line in lines.iter().skip(first).take(visible) {
        match *line {
            AgendaLine::Group(kind, count) => out.push(Line::from(Span::styled(
                fit(&format!("{} ({count})", S::agenda_kind(kind)), width),
                app.theme.title,
            ))),
            AgendaLine::Row(i) => {
                let row = &agenda.rows[i];
                let text = format!(
                    "{:<date_w$}{} {}{}",
                    row.date.format("%d/%m/%Y"),
                    fit(&format!("{} {}", row.surname, row.name), name_w),
                    fit(&row.operator, operator_w - 1),
                    fit(&format!(" {}", S::agenda_detail_short(row)), detail_w),
                );
                let style = if i == agenda.selected {
                    app.theme.selected
                } else {
                    Style::default()
                };
                out.push(Line::from(Span::styled(
                    text.chars().take(width).collect::<String>(),
                    style,
                )));
            }
        }
    }
    frame.render_widget(Paragraph::new(out), area);
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(fit("Rossi Mario", 8), "Rossi M…");
        assert_eq!(fit("Rossi", 8), "Rossi   ");
    }
}
