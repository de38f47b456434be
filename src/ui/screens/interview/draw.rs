//! Drawing the interview: phase bar, page, scores beside the questionnaire and the pact.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::records::cv_obsolete;
use crate::domain::scoring::Scores;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::render::*;
use crate::ui::screens::interview::paging::{page_start, steady_head_rows};
use crate::ui::screens::interview::*;
use crate::ui::widgets::scores::*;

/// Pages whose save was refused and whose text is still on screen: signing lists them, so
/// their phase is not complete either.
fn unsaved_pages(i: &InterviewScreen) -> Vec<Page> {
    if i.closed() {
        return Vec::new();
    }
    i.refused
        .iter()
        .copied()
        .filter(|p| i.page_form(*p).is_some_and(|f| f.any_dirty()))
        .collect()
}

pub(crate) fn render_interview(app: &App, i: &InterviewScreen, frame: &mut Frame, area: Rect) {
    let [stepper, tabs, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let scores = app.scores(i);

    // Stepper: the three phases, where we are, and what is missing: how much in each, and in
    // the current one the first thing in words (the whole list is in the help).
    let missing = app.missing_with(i, &scores);
    let unsaved = unsaved_pages(i);
    let count = |phase: u8| -> usize {
        missing
            .iter()
            .filter(|m| m.phase() == phase)
            .map(|m| m.count())
            .sum::<usize>()
            + unsaved.iter().filter(|p| p.position().0 == phase).count()
    };
    let others: usize = S::PHASES
        .iter()
        .enumerate()
        .filter(|(n, _)| *n as u8 + 1 != i.phase)
        .map(|(n, name)| {
            S::phase_step(n + 1, name, count(n as u8 + 1))
                .chars()
                .count()
                + 2
        })
        .sum();
    let room = usize::from(stepper.width).saturating_sub(others + 2);
    let mut spans = Vec::new();
    for (n, name) in S::PHASES.iter().enumerate() {
        let phase = n as u8 + 1;
        let (text, style) = if phase == i.phase {
            let first_missing = missing.iter().find(|m| m.phase() == phase);
            let first_unsaved = unsaved.iter().find(|p| p.position().0 == phase);
            let first_count =
                first_missing.map_or(usize::from(first_unsaved.is_some()), |m| m.count());
            let first = first_missing
                .map(S::missing_short)
                .or_else(|| first_unsaved.map(|p| S::unsaved_page(S::page_name(p.position()))));
            let rest = count(phase).saturating_sub(first_count);
            // The item is shortened, never the count of the others.
            let frame_only =
                S::phase_current(n + 1, name, first.as_ref().map(|_| String::new()), rest);
            let item_room = room.saturating_sub(frame_only.chars().count());
            let item = first.map(|m| cut(&m, item_room));
            let text = S::phase_current(n + 1, name, item, rest);
            (cut(&text, room), app.theme.selected)
        } else {
            (S::phase_step(n + 1, name, count(phase)), app.theme.dim)
        };
        spans.push(Span::styled(format!("{text}  "), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), stepper);

    let mut tab_spans = Vec::new();
    for (n, name) in pages(i.phase).iter().enumerate() {
        let style = if n == i.page {
            app.theme.focus
        } else {
            app.theme.label
        };
        let text = if n == i.page {
            format!("[{name}] ")
        } else {
            format!(" {name}  ")
        };
        tab_spans.push(Span::styled(text, style));
    }
    frame.render_widget(Paragraph::new(Line::from(tab_spans)), tabs);

    let with_scores = i.phase >= 2 && i.interview.kind.allows_assessment();
    let wide = area.width >= WIDE;
    let mut constraints = vec![Constraint::Min(40)];
    if with_scores {
        constraints.push(Constraint::Length(SCORE_WIDTH));
        if wide {
            constraints.push(Constraint::Length(LEGEND_WIDTH));
        }
    }
    let columns = Layout::horizontal(constraints).split(rest);
    let content = columns[0];
    if with_scores {
        render_scores(
            app,
            &scores,
            i.interview.path_change.as_ref(),
            frame,
            columns[1],
        );
        if wide {
            render_legend(app, frame, columns[2], false);
        }
    }
    if with_scores && !wide && app.legend {
        render_legend(app, frame, content, true);
        return;
    }
    render_page(app, i, &scores, frame, content);
}

pub(crate) fn render_page(
    app: &App,
    i: &InterviewScreen,
    scores: &Scores,
    frame: &mut Frame,
    area: Rect,
) {
    let active = app.dialog.is_none() && !app.help && !i.closed();
    if let Some((_, form)) = &i.propensity_form {
        let title = S::PROPENSITY_TITLE;
        let block = Block::default().borders(Borders::TOP).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        form.render(frame, inner, &app.theme, active);
        return;
    }
    if let Some((_, form)) = &i.action_form {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(S::ACTION_TITLE);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        form.render(frame, inner, &app.theme, app.dialog.is_none() && !app.help);
        return;
    }
    let mut area = area;
    if i.closed() {
        let [note, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(Span::styled(S::INTERVIEW_CLOSED_READONLY, app.theme.dim)),
            note,
        );
        area = rest;
    }
    area = super::carried::render_carried(app, i, frame, area);
    match i.current_page() {
        Page::Info => i.info.render(frame, area, &app.theme, active),
        Page::Questionnaire if !i.interview.kind.allows_assessment() => {
            frame.render_widget(
                Paragraph::new(S::NO_ASSESSMENT).wrap(Wrap { trim: true }),
                area,
            );
        }
        Page::Questionnaire => render_questionnaire(app, i, scores, frame, area),
        Page::Checklist | Page::Plafond if !i.interview.kind.allows_assessment() => {
            frame.render_widget(
                Paragraph::new(S::NO_ASSESSMENT).wrap(Wrap { trim: true }),
                area,
            );
        }
        Page::Checklist => {
            // The labels are cut to fit: the dimension under the cursor is spelled out above.
            let [detail, form] =
                Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
            let focused = i
                .checklist
                .focused()
                .map(|f| f.id.trim_end_matches("_nota").to_string());
            if let Some(d) = app
                .data
                .checklist
                .dimensions
                .iter()
                .find(|d| Some(&d.id) == focused.as_ref())
            {
                frame.render_widget(
                    Paragraph::new(vec![
                        Line::from(Span::styled(
                            format!("{} {}", d.id, d.name),
                            app.theme.title,
                        )),
                        Line::from(Span::styled(d.hint.clone(), app.theme.dim)),
                    ])
                    .wrap(Wrap { trim: true }),
                    detail,
                );
            }
            i.checklist.render(frame, form, &app.theme, active);
        }
        Page::Plafond => i.plafond.render(frame, area, &app.theme, active),
        Page::Propensities => {
            let lines: Vec<Line> = if i.propensities.is_empty() {
                vec![Line::from(Span::styled(
                    S::propensities_empty(&app.keymap.hint(Context::List, Action::Add)),
                    app.theme.dim,
                ))]
            } else {
                i.propensities
                    .iter()
                    .enumerate()
                    .map(|(n, p)| {
                        let from: Vec<&str> = [
                            (p.data.from_work, "lavoro"),
                            (p.data.from_education, "istruzione"),
                            (p.data.from_training, "formazione"),
                            (p.data.from_aptitude, "attitudini"),
                        ]
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, w)| *w)
                        .collect();
                        let style = if n == i.propensity_cursor {
                            app.theme.selected
                        } else {
                            Style::default()
                        };
                        Line::from(Span::styled(
                            format!(
                                "{}. {} {} · SEP {} · {}",
                                n + 1,
                                p.data.cp2021_code,
                                p.data.title,
                                p.data.sep.map(|s| s.to_string()).unwrap_or_default(),
                                from.join(", ")
                            ),
                            style,
                        ))
                    })
                    .collect()
            };
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        }
        Page::Cv => {
            let [status, form] =
                Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
            let current = match i.cvs.first() {
                None => S::NO_CV.to_string(),
                Some(cv) => S::cv_status(
                    &cv.data.filed_on.format("%d/%m/%Y").to_string(),
                    cv_obsolete(cv.data.filed_on, app.today),
                    &valid_until(cv.data.filed_on),
                ),
            };
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(current),
                    Line::from(Span::styled(
                        S::cv_file_hint(&app.keymap.hint(Context::Global, Action::Save)),
                        app.theme.dim,
                    )),
                ])
                .wrap(Wrap { trim: true }),
                status,
            );
            i.cv.render(frame, form, &app.theme, active);
        }
        Page::Path => {
            let [top, form] =
                Layout::vertical([Constraint::Length(4), Constraint::Min(1)]).areas(area);
            let proposed = match (i.interview.kind.allows_assessment(), scores.proposed) {
                (false, _) => S::NO_ASSESSMENT.to_string(),
                (true, None) => S::PATH_INCOMPLETE.to_string(),
                (true, Some(p)) => format!(
                    "{}: {} {}",
                    S::PROPOSED_PATH,
                    p,
                    app.data.instrument.path(p).map_or("", |x| x.name.as_str())
                ),
            };
            frame.render_widget(
                Paragraph::new(proposed)
                    .style(app.theme.title)
                    .wrap(Wrap { trim: true }),
                top,
            );
            if i.citizen.data.special_categories.is_empty() {
                frame.render_widget(
                    Paragraph::new(S::NOT_ELIGIBLE)
                        .style(app.theme.dim)
                        .wrap(Wrap { trim: true }),
                    form,
                );
            } else {
                i.path.render(frame, form, &app.theme, active);
            }
        }
        Page::Plan => {
            let lines: Vec<Line> = if i.actions.is_empty() {
                vec![Line::from(Span::styled(
                    S::actions_empty(&app.keymap.hint(Context::List, Action::Add)),
                    app.theme.dim,
                ))]
            } else {
                i.actions
                    .iter()
                    .enumerate()
                    .map(|(n, a)| {
                        let style = if n == i.action_cursor {
                            app.theme.selected
                        } else {
                            Style::default()
                        };
                        let kind = crate::domain::records::ActionKind::ALL
                            .iter()
                            .position(|k| *k == a.data.kind)
                            .map_or("", |k| S::ACTION_KINDS[k]);
                        let status = crate::domain::records::ActionStatus::ALL
                            .iter()
                            .position(|s| *s == a.data.status)
                            .map_or("", |s| S::ACTION_STATUSES[s]);
                        Line::from(Span::styled(
                            format!(
                                "{} · {} · {} · {}",
                                app.data
                                    .actions
                                    .label_with(&a.data.code, &a.data.description),
                                kind,
                                a.data
                                    .due_date
                                    .map(|d| d.format("%d/%m/%Y").to_string())
                                    .unwrap_or_default(),
                                status
                            ),
                            style,
                        ))
                    })
                    .collect()
            };
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        }
        Page::Terms => i.terms.render(frame, area, &app.theme, active),
    }
}

pub(crate) fn render_questionnaire(
    app: &App,
    i: &InterviewScreen,
    scores: &Scores,
    frame: &mut Frame,
    area: Rect,
) {
    let instrument = &app.data.instrument;
    let areas = areas_shown(&app.data, scores);
    let detail_height = 9u16.min(area.height / 2);
    let [list, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(area);

    // One line per area, with section headers; D's header says whether it is open.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut headers = Vec::new();
    for section in &instrument.sections {
        let enabled = scores.section(&section.id).is_some_and(|s| s.enabled);
        headers.push(lines.len());
        lines.push((
            None,
            Line::from(Span::styled(
                format!("{} {}", section.id, section.name),
                app.theme.title,
            )),
        ));
        if !enabled {
            lines.push((
                None,
                Line::from(Span::styled(format!("  {}", S::D_LOCKED), app.theme.dim)),
            ));
            continue;
        }
        for area_def in &section.areas {
            let index = areas.iter().position(|a| *a == area_def.id);
            let answer = i.interview.answers.get(&area_def.id);
            let has_note = i
                .interview
                .answer_notes
                .iter()
                .any(|(a, _)| *a == area_def.id);
            let answer_text = match answer.filter(|o| *o < area_def.options.len()) {
                Some(o) => format!("[{o}]"),
                None => "[ ]".to_string(),
            };
            let name_width = (list.width as usize).saturating_sub(13).max(10);
            let name: String = area_def.name.chars().take(name_width).collect();
            let text = format!(
                "{}{:<4}{:<name_width$} {}{}",
                if index == Some(i.area) { "›" } else { " " },
                area_def.id,
                name,
                answer_text,
                if has_note { " ✎" } else { "" }
            );
            let style = if index == Some(i.area) {
                app.theme.selected
            } else if answer.is_none() {
                app.theme.dim
            } else {
                Style::default()
            };
            lines.push((index, Line::from(Span::styled(text, style))));
        }
    }
    let cursor_line = lines
        .iter()
        .position(|(idx, _)| *idx == Some(i.area))
        .unwrap_or(0);
    let height = list.height as usize;
    let first = page_start(&headers, lines.len(), height, cursor_line);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), list);

    // The area under the cursor: hint and scale.
    if let Some(area_def) = areas.get(i.area).and_then(|id| instrument.area(id)) {
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(app.theme.border)
            .title(Span::styled(
                S::questionnaire_help(
                    &app.keymap.hint(Context::Questionnaire, Action::EditNote),
                    &app.keymap.hint(Context::Questionnaire, Action::ClearAnswer),
                ),
                app.theme.dim,
            ));
        let inner = block.inner(detail);
        let note = i
            .interview
            .answer_notes
            .iter()
            .find(|(a, _)| *a == area_def.id)
            .map(|(_, note)| note);
        let mut text = vec![
            Line::from(Span::styled(
                format!("{} {}", area_def.id, area_def.name),
                app.theme.title,
            )),
            Line::from(Span::styled(area_def.hint.clone(), app.theme.dim)),
        ];
        let below = area_def.options.len() + usize::from(note.is_some());
        for _ in 0..steady_head_rows(instrument, area_def, inner, below) {
            text.push(Line::default());
        }
        let answer = i.interview.answers.get(&area_def.id);
        for (n, option) in area_def.options.iter().enumerate() {
            let style = if answer == Some(n) {
                app.theme.focus
            } else {
                Style::default()
            };
            text.push(Line::from(Span::styled(
                format!(
                    "{} {n}  {} ({} p.)",
                    if answer == Some(n) { "●" } else { " " },
                    option.text,
                    option.points
                ),
                style,
            )));
        }
        if let Some(note) = note {
            text.push(Line::from(format!("✎ {note}")));
        }
        frame.render_widget(block, detail);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    }

    if let Some((area_id, form)) = &i.note {
        let popup = Rect::new(
            area.x + 2,
            area.y + area.height.saturating_sub(4),
            area.width.saturating_sub(4),
            3,
        );
        frame.render_widget(Clear, popup);
        let block = Block::default().borders(Borders::ALL).title(format!(
            "{} {area_id} · {}",
            S::NOTE_TITLE,
            S::NOTE_HELP
        ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        form.render(frame, inner, &app.theme, true);
    }
}

/// `text` in at most `width` columns, ending with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}
