//! Drawing the group sessions: the list, an open session with its participants, the search
//! that adds one, the form of a session.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::strings::groups as G;
use crate::ui::app::*;
use crate::ui::screens::groups::{Groups, OpenSession, ParticipantSearch};

/// `text` cut (or padded) to `width` characters, with an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return format!("{text:<width$}");
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn row_style(app: &App, selected: bool) -> Style {
    if selected {
        app.theme.selected
    } else {
        Style::default()
    }
}

/// The first row shown so that `cursor` stays within `rows` rows.
fn first_row(cursor: usize, rows: usize) -> usize {
    cursor.saturating_sub(rows.saturating_sub(1))
}

pub(crate) fn groups_title(g: &Groups) -> String {
    match &g.open {
        Some(o) => G::session_heading(
            &o.session.data.code,
            &date_text(Some(o.session.data.held_on)),
            &o.session.data.topic,
        ),
        None => G::heading(g.sessions.len()),
    }
}

pub(crate) fn render_groups(app: &App, g: &Groups, frame: &mut Frame, area: Rect) {
    if let Some(f) = &g.form {
        let title = if f.existing.is_some() {
            G::EDIT_TITLE
        } else {
            G::NEW_TITLE
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(app.theme.border)
            .title(Span::styled(title, app.theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        f.form
            .render(frame, inner, &app.theme, app.dialog.is_none() && !app.help);
        return;
    }
    match &g.open {
        Some(open) => match &open.search {
            Some(search) => render_search(app, search, frame, area),
            None => render_session(app, open, frame, area),
        },
        None => render_list(app, g, frame, area),
    }
}

fn render_list(app: &App, g: &Groups, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled(G::TITLE, app.theme.title))];
    if g.sessions.is_empty() {
        lines.push(Line::from(Span::styled(G::EMPTY, app.theme.dim)));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let width = area.width as usize;
    let (date_w, code_w, op_w, count_w) = (11, 5, 14, 16);
    // The place where there is room for it.
    let place_w = if width >= 120 { 24 } else { 0 };
    let topic_w = width
        .saturating_sub(date_w + code_w + op_w + count_w + place_w)
        .max(10);
    let place = |text: &str| {
        if place_w == 0 {
            String::new()
        } else {
            fit(text, place_w - 1) + " "
        }
    };
    lines.push(Line::from(Span::styled(
        format!(
            "{}{}{}{}{}{}",
            fit(G::HEADER[0], date_w),
            fit(G::HEADER[1], code_w),
            fit(G::HEADER[2], topic_w),
            place(G::F_PLACE),
            fit(G::HEADER[3], op_w),
            G::HEADER[4]
        ),
        app.theme.label,
    )));
    let rows = (area.height as usize).saturating_sub(2);
    for (n, s) in g
        .sessions
        .iter()
        .enumerate()
        .skip(first_row(g.cursor, rows))
        .take(rows)
    {
        let text = format!(
            "{}{}{}{}{}{}",
            fit(&date_text(Some(s.data.held_on)), date_w),
            fit(&s.data.code, code_w),
            fit(&s.data.topic, topic_w.saturating_sub(1)) + " ",
            place(&s.data.place),
            fit(&s.data.operator, op_w.saturating_sub(1)) + " ",
            G::counts(s.participants, s.present)
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width).trim_end().to_string(),
            row_style(app, n == g.cursor),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_session(app: &App, open: &OpenSession, frame: &mut Frame, area: Rect) {
    let s = &open.session;
    let width = area.width as usize;
    // Code, date and topic are in the title bar.
    let mut lines = vec![
        Line::from(
            fit(&G::details(&s.data.operator, &s.data.place), width)
                .trim_end()
                .to_string(),
        ),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "{} · {}",
                G::PARTICIPANTS,
                G::counts(s.participants, s.present)
            ),
            app.theme.title,
        )),
    ];
    if open.participants.is_empty() {
        lines.push(Line::from(Span::styled(G::NO_PARTICIPANTS, app.theme.dim)));
    }
    let (cf_w, mark_w) = (18, 20);
    let name_w = width.saturating_sub(cf_w + mark_w + 2).clamp(12, 40);
    let rows = (area.height as usize).saturating_sub(lines.len());
    for (n, p) in open
        .participants
        .iter()
        .enumerate()
        .skip(first_row(open.cursor, rows))
        .take(rows)
    {
        let mark = match p.attended {
            None => G::NOT_MARKED,
            Some(true) => G::PRESENT,
            Some(false) => G::ABSENT,
        };
        let text = format!(
            "  {}{}{}",
            fit(
                &format!("{} {}", p.surname, p.name),
                name_w.saturating_sub(1)
            ) + " ",
            fit(&p.codice_fiscale, cf_w),
            mark
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width).trim_end().to_string(),
            row_style(app, n == open.cursor),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_search(app: &App, search: &ParticipantSearch, frame: &mut Frame, area: Rect) {
    let [title, input, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(G::SEARCH_TITLE, app.theme.title)),
        title,
    );
    let label_w = G::SEARCH_LABEL.chars().count();
    let (shown, cursor) = search
        .query
        .view((input.width as usize).saturating_sub(label_w + 1));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(G::SEARCH_LABEL, app.theme.label),
                Span::styled(shown, app.theme.input_focus),
            ]),
            Line::from(Span::styled(G::SEARCH_HINT, app.theme.dim)),
        ]),
        input,
    );
    if app.dialog.is_none() && !app.help {
        frame.set_cursor_position((input.x + label_w as u16 + cursor as u16, input.y));
    }
    if search.results.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(G::SEARCH_EMPTY, app.theme.dim)),
            list,
        );
        return;
    }
    let width = list.width as usize;
    let rows = list.height as usize;
    let mut lines = Vec::with_capacity(rows);
    for (n, r) in search
        .results
        .iter()
        .enumerate()
        .skip(first_row(search.selected, rows))
        .take(rows)
    {
        let text = format!("{:<18}{} {}", r.codice_fiscale, r.surname, r.name);
        lines.push(Line::from(Span::styled(
            fit(&text, width).trim_end().to_string(),
            row_style(app, n == search.selected),
        )));
    }
    frame.render_widget(Paragraph::new(lines), list);
}
