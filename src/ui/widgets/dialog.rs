//! Overlays: dialogs (their question and keys always visible) and the help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};

pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub(crate) fn render_dialog(app: &App, d: &Dialog, frame: &mut Frame, area: Rect) {
    let width = 70u16;
    let inner = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    let rows_of = |l: &Line| l.width().div_ceil(inner).max(1);
    let mut tail = vec![
        Line::from(""),
        Line::from(Span::styled(d.question.clone(), app.theme.title)),
    ];
    // The keys that answer this dialog, and only those.
    let mut keys = Vec::new();
    for action in [
        Action::Sign,
        Action::KeepMine,
        Action::TakeTheirs,
        Action::Confirm,
        Action::Cancel,
    ] {
        if app.action_available(Context::Dialog, action) {
            if !keys.is_empty() {
                keys.push(Span::raw("   "));
            }
            keys.push(Span::styled(
                app.keymap.hint(Context::Dialog, action),
                app.theme.key,
            ));
            keys.push(Span::raw(format!(" {}", S::action_label(action.name()))));
        }
    }
    tail.push(Line::from(keys));
    // The question and its keys always show: a long list is cut, and says so.
    let room = usize::from(area.height.saturating_sub(2))
        .saturating_sub(tail.iter().map(rows_of).sum::<usize>());
    let mut lines: Vec<Line> = Vec::new();
    let mut used = 0;
    for (n, text) in d.lines.iter().enumerate() {
        let line = Line::from(text.clone());
        let needed = rows_of(&line);
        let last = n + 1 == d.lines.len();
        if used + needed > room || (!last && used + needed + 1 > room) {
            lines.push(Line::from(Span::styled("…", app.theme.dim)));
            break;
        }
        used += needed;
        lines.push(line);
    }
    lines.extend(tail);
    // Rows once wrapped inside the borders, so the keys at the bottom are never cut.
    let rows: usize = lines.iter().map(rows_of).sum();
    let height = (rows as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(d.title.clone(), app.theme.title)),
        ),
        popup,
    );
}

/// Help generated from the active keymap: the contexts that apply now, then the global keys.
pub(crate) fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    // In an interview, everything still missing, phase by phase (the stepper shows the first).
    if let Screen::Interview(i) = &app.screen
        && !i.closed()
    {
        let mut missing = app.missing(i);
        // The current phase first: that is where the operator is working.
        missing.sort_by_key(|m| m.phase() != i.phase);
        if !missing.is_empty() {
            lines.push(Line::from(Span::styled(S::HELP_MISSING, app.theme.title)));
            const SHOWN: usize = 4;
            lines.extend(
                missing
                    .iter()
                    .take(SHOWN)
                    .map(|m| Line::from(format!("  • {}", S::describe_missing(m)))),
            );
            if missing.len() > SHOWN {
                lines.push(Line::from(S::more_missing(missing.len() - SHOWN)));
            }
        }
    }
    for context in app.contexts() {
        lines.push(Line::from(Span::styled(
            S::context_title(context.name()),
            app.theme.title,
        )));
        for (action, keys) in app.keymap.of_context(context) {
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(" ")), app.theme.key),
                Span::raw(S::action_label(action.name())),
            ]));
        }
    }
    lines.push(Line::from(S::HELP_TYPING));
    lines.push(Line::from(S::HELP_DIGITS));
    lines.push(Line::from(Span::styled(S::HELP_CLOSE, app.theme.dim)));
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(90),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(S::HELP_TITLE, app.theme.title)),
        ),
        popup,
    );
}
