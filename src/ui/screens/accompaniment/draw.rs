//! Drawing the accompaniments: the list, the events "a processo" of the selected one, its
//! result "a risultato"; an open form takes the whole body.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{AccompanimentScreen, FormKind};
use crate::domain::accompaniment::ACTION_CODE;
use crate::strings::accompaniment as T;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};

/// The screen: the list of accompaniments, then the events and the result of the selected one;
/// an open form takes the whole body.
pub(crate) fn render_accompaniment(
    app: &App,
    s: &AccompanimentScreen,
    frame: &mut Frame,
    area: Rect,
) {
    if let Some(open) = &s.form {
        let (title, note) = match open.kind {
            FormKind::Start { .. } => (T::START_TITLE, T::START_NOTE),
            FormKind::Event { existing: None, .. } => (T::EVENT_NEW_TITLE, T::EVENT_NOTE),
            FormKind::Event { .. } => (T::EVENT_EDIT_TITLE, T::EVENT_NOTE),
            FormKind::Result { .. } => (T::RESULT_FORM_TITLE, T::RESULT_NOTE),
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(app.theme.border)
            .title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, rest] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Span::styled(note, app.theme.dim)).wrap(Wrap { trim: true }),
            top,
        );
        open.form
            .render(frame, rest, &app.theme, app.dialog.is_none() && !app.help);
        return;
    }
    let width = area.width as usize;
    let cut = |text: String| -> String {
        if text.chars().count() <= width {
            text
        } else {
            let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
            t.push('…');
            t
        }
    };
    let mut lines = vec![Line::from(Span::styled(T::LIST_TITLE, app.theme.title))];
    if s.list.is_empty() {
        lines.push(Line::from(Span::styled(
            T::none(
                &app.keymap
                    .hint(Context::Accompaniment, Action::NewAccompaniment),
            ),
            app.theme.dim,
        )));
    }
    // At most four accompaniments in view, the selected one among them.
    let first = (s.selected + 1).saturating_sub(4);
    for (i, a) in s.list.iter().enumerate().skip(first).take(4) {
        let action = a
            .action_id
            .and_then(|id| s.action(id))
            .map_or(ACTION_CODE.to_string(), |x| {
                format!("{} {}", x.data.code, x.data.description.trim())
                    .trim_end()
                    .to_string()
            });
        let text = T::list_line(&a.started_on, &action, a.events.len(), a.closed_on.as_ref());
        let (mark, style) = if i == s.selected {
            ("› ", app.theme.selected)
        } else {
            ("  ", Style::default())
        };
        lines.push(Line::from(Span::styled(
            cut(format!("{mark}{text}")),
            style,
        )));
    }
    let Some(a) = s.current() else {
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let list_rows = lines.len() as u16;
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(T::PROCESS_TITLE, app.theme.title)));
    // Result: three rows at the bottom; the events get what is left.
    let result_rows = 3u16;
    let room = area
        .height
        .saturating_sub(list_rows + 3 + result_rows)
        .max(1) as usize;
    let (kind_w, company_w, role_w) = (26, 18.min(width / 5), 16.min(width / 6));
    let fit = |t: &str, w: usize| {
        let t: String = t.chars().take(w.saturating_sub(1)).collect();
        format!("{t:<w$}")
    };
    if a.events.is_empty() {
        lines.push(Line::from(Span::styled(T::NO_EVENTS, app.theme.dim)));
    } else {
        let [date, kind, company, role, outcome] = T::EVENT_COLUMNS;
        lines.push(Line::from(Span::styled(
            cut(format!(
                "  {} {}{}{}{outcome}",
                fit(date, 10),
                fit(kind, kind_w),
                fit(company, company_w),
                fit(role, role_w)
            )),
            app.theme.label,
        )));
    }
    let first_event = (s.cursor + 1).saturating_sub(room);
    for (i, e) in a.events.iter().enumerate().skip(first_event).take(room) {
        let text = format!(
            "  {} {}{}{}{}",
            e.data.on.format("%d/%m/%Y"),
            fit(T::kind_label(e.data.kind), kind_w),
            fit(&e.data.company, company_w),
            fit(&e.data.role, role_w),
            e.data.outcome
        );
        let style = if i == s.cursor && a.closed_on.is_none() {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(cut(text), style)));
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(result_rows)]).areas(area);
    frame.render_widget(Paragraph::new(lines), top);
    let mut result = vec![Line::from(Span::styled(T::RESULT_TITLE, app.theme.title))];
    match &a.hiring {
        Some(h) => {
            let contract = app
                .data
                .contracts
                .iter()
                .find(|c| c.id == h.contract_type)
                .map_or(h.contract_type.as_str(), |c| c.name.as_str());
            result.push(Line::from(cut(T::employer_line(
                &h.employer_name,
                &h.employer_code,
            ))));
            result.push(Line::from(cut(T::contract_line(
                &h.hired_on,
                contract,
                h.contract_months,
            ))));
        }
        None => result.push(Line::from(Span::styled(
            T::no_result(
                &app.keymap
                    .hint(Context::Accompaniment, Action::RecordHiring),
            ),
            app.theme.dim,
        ))),
    }
    frame.render_widget(Paragraph::new(result), bottom);
}
