//! Drawing the state. Never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::records::{InterviewKind, InterviewStatus, cv_obsolete_from};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::screens::card::*;
use crate::ui::screens::citizen::*;
use crate::ui::screens::home::*;
use crate::ui::screens::interview::draw::*;
use crate::ui::widgets::dialog::*;

/// The last day a CV is valid, as shown.
pub(crate) fn valid_until(filed_on: chrono::NaiveDate) -> String {
    let obsolete = cv_obsolete_from(filed_on);
    obsolete
        .pred_opt()
        .unwrap_or(obsolete)
        .format("%d/%m/%Y")
        .to_string()
}

pub const MIN_WIDTH: u16 = 80;

pub const MIN_HEIGHT: u16 = 24;

/// From this width the legend has a column of its own.
pub const WIDE: u16 = 120;

pub(crate) const SCORE_WIDTH: u16 = 30;

pub(crate) const LEGEND_WIDTH: u16 = 40;

pub(crate) fn date_of(timestamp: &str) -> String {
    // Stored as AAAA-MM-GGT...; shown GG/MM/AAAA.
    let d = timestamp.get(..10).unwrap_or(timestamp);
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m, dd] => format!("{dd}/{m}/{y}"),
        _ => d.to_string(),
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(Span::styled(S::TOO_SMALL, app.theme.error)),
            Line::from(S::too_small(area.width, area.height)),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    // A long message takes a second row rather than being cut.
    let status_rows = match &app.message {
        Some(m) if m.text.chars().count() + 2 > area.width as usize => 2,
        _ => 1,
    };
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);

    let title = match &app.screen {
        Screen::Home(_) => S::HOME_TITLE.to_string(),
        Screen::CitizenForm(c) => match &c.citizen {
            None => S::CITIZEN_NEW_TITLE.to_string(),
            Some(c) => format!(
                "{} · {} {}",
                S::CITIZEN_EDIT_TITLE,
                c.data.surname,
                c.data.name
            ),
        },
        Screen::Card(c) => format!(
            "{} · {} {} · {}",
            S::CARD_TITLE,
            c.citizen.data.surname,
            c.citizen.data.name,
            c.citizen.data.codice_fiscale
        ),
        Screen::Agenda(a) => S::agenda_heading(&app.today, a.rows.len()),
        Screen::SkillGap(s) => format!(
            "{} · {} {} · {}",
            S::skills::TITLE,
            s.citizen.data.surname,
            s.citizen.data.name,
            s.citizen.data.codice_fiscale
        ),
        Screen::Accompaniment(a) => format!(
            "{} · {} {} · {}",
            S::accompaniment::SCREEN_TITLE,
            a.citizen.data.surname,
            a.citizen.data.name,
            a.citizen.data.codice_fiscale
        ),
        Screen::Counselling(c) => format!(
            "{} · {} {} · {}",
            S::counselling::TITLE,
            c.citizen.data.surname,
            c.citizen.data.name,
            c.citizen.data.codice_fiscale
        ),
        Screen::Groups(g) => crate::ui::screens::groups_view::groups_title(g),
        Screen::Interview(i) => format!(
            "{} {} · {} · {} · {}",
            i.citizen.data.surname,
            i.citizen.data.name,
            i.citizen.data.codice_fiscale,
            kind_label(i.interview.kind),
            status_label(i.interview.status)
        ),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", S::APP_TITLE), app.theme.selected),
            Span::styled(format!(" {title}"), app.theme.title),
        ])),
        header,
    );

    match &app.screen {
        Screen::Home(h) => render_home(app, h, frame, body),
        Screen::CitizenForm(c) => render_citizen_form(app, c, frame, body),
        Screen::Card(c) => render_card(app, c, frame, body),
        Screen::Interview(i) => render_interview(app, i, frame, body),
        Screen::Agenda(a) => crate::ui::screens::agenda::render_agenda(app, a, frame, body),
        Screen::SkillGap(s) => {
            crate::ui::screens::skills::draw::render_skill_gap(app, s, frame, body)
        }
        Screen::Accompaniment(a) => {
            crate::ui::screens::accompaniment::render_accompaniment(app, a, frame, body)
        }
        Screen::Counselling(c) => {
            crate::ui::screens::counselling::render_counselling(app, c, frame, body)
        }
        Screen::Groups(g) => crate::ui::screens::groups_view::render_groups(app, g, frame, body),
    }

    if let Some(m) = &app.message {
        let (mark, style) = if m.error {
            ("⚠ ", app.theme.error)
        } else if m.warning {
            ("⚠ ", app.theme.warning)
        } else {
            ("✔ ", app.theme.info)
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{mark}{}", m.text), style))
                .wrap(Wrap { trim: true }),
            status,
        );
    }
    render_footer(app, frame, footer);

    if let Some(d) = &app.dialog {
        render_dialog(app, d, frame, area);
    }
    if app.help {
        render_help(app, frame, area);
    }
}

pub(crate) fn kind_label(kind: InterviewKind) -> &'static str {
    match kind {
        InterviewKind::Did150 => S::KIND_DID150,
        InterviewKind::Altro => S::KIND_OTHER,
    }
}

pub(crate) fn status_label(status: InterviewStatus) -> &'static str {
    match status {
        InterviewStatus::Bozza => S::STATUS_DRAFT,
        InterviewStatus::Chiusa => S::STATUS_CLOSED,
        InterviewStatus::Scartata => S::STATUS_DISCARDED,
    }
}

/// The keys that work now: the main actions of the innermost context, then help and quit.
pub(crate) fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let mut items: Vec<(String, &str)> = Vec::new();
    for &context in &contexts {
        if context == Context::Global {
            continue;
        }
        let mut actions = app.keymap.of_context(context);
        // On the card, with a signed pact, following up and printing it matter more than the
        // rest: they come first, so that they stay at 80 columns.
        if context == Context::Card {
            actions.sort_by_key(|(action, _)| match action {
                Action::Open => 0,
                Action::FollowUp | Action::PrintPact => 1,
                _ => 2,
            });
        }
        for (action, keys) in actions {
            if matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::PreviousField
                    | Action::PreviousArea
                    | Action::PreviousPage
                    | Action::PreviousPhase
                    | Action::NextArea
            ) {
                continue;
            }
            if !app.action_available(context, action) {
                continue;
            }
            if let Some(key) = keys.first() {
                items.push((key.to_string(), S::action_short(action.name())));
            }
        }
    }
    for action in [Action::Save, Action::Back, Action::Help, Action::Quit] {
        let relevant = match action {
            Action::Save => contexts.contains(&Context::Form),
            Action::Back => !contexts.contains(&Context::Dialog),
            _ => true,
        };
        if relevant && let Some(key) = app.keymap.keys(Context::Global, action).first() {
            items.push((key.to_string(), S::action_short(action.name())));
        }
    }
    // Help and quit always fit: the others fill the space before them.
    let width_of = |(key, label): &(String, &str)| key.chars().count() + label.chars().count() + 2;
    let tail: Vec<(String, &str)> = items.split_off(items.len().saturating_sub(2));
    let reserved: usize = tail.iter().map(width_of).sum();
    let mut spans = Vec::new();
    let mut used = 0usize;
    for item in items {
        let width = width_of(&item);
        if used + width + reserved > area.width as usize {
            continue;
        }
        used += width;
        spans.push(Span::styled(item.0, app.theme.key));
        spans.push(Span::raw(format!(" {} ", item.1)));
    }
    for (key, label) in tail {
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
