//! Drawing the state. Never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Card, CitizenForm, Home, InterviewScreen, Page, Screen, pages};
use super::keymap::{Action, Context};
use crate::domain::records::{InterviewKind, InterviewStatus, cv_obsolete, cv_obsolete_from};
use crate::domain::scoring::{Scores, Standing, standing};
use crate::strings as S;

/// The last day a CV is valid, as shown.
fn valid_until(filed_on: chrono::NaiveDate) -> String {
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
const SCORE_WIDTH: u16 = 30;
const LEGEND_WIDTH: u16 = 40;

fn date_of(timestamp: &str) -> String {
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
    }

    if let Some(m) = &app.message {
        let (mark, style) = if m.error {
            ("⚠ ", app.theme.error)
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

fn kind_label(kind: InterviewKind) -> &'static str {
    match kind {
        InterviewKind::Did150 => S::KIND_DID150,
        InterviewKind::Altro => S::KIND_OTHER,
    }
}

fn status_label(status: InterviewStatus) -> &'static str {
    match status {
        InterviewStatus::Bozza => S::STATUS_DRAFT,
        InterviewStatus::Chiusa => S::STATUS_CLOSED,
        InterviewStatus::Scartata => S::STATUS_DISCARDED,
    }
}

/// The keys that work now: the main actions of the innermost context, then help and quit.
fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let mut items: Vec<(String, &str)> = Vec::new();
    for &context in &contexts {
        if context == Context::Global {
            continue;
        }
        for (action, keys) in app.keymap.of_context(context) {
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
                items.push((key.to_string(), S::action_short(action)));
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
            items.push((key.to_string(), S::action_short(action)));
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

fn render_home(app: &App, home: &Home, frame: &mut Frame, area: Rect) {
    let [search, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let (shown, cursor) = home
        .query
        .view((search.width as usize).saturating_sub(S::SEARCH_LABEL.chars().count() + 1));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(S::SEARCH_LABEL, app.theme.label),
            Span::styled(shown, app.theme.input_focus),
        ])),
        search,
    );
    if app.dialog.is_none() && !app.help {
        frame.set_cursor_position((
            search.x + S::SEARCH_LABEL.chars().count() as u16 + cursor as u16,
            search.y,
        ));
    }
    if home.results.is_empty() {
        frame.render_widget(
            Paragraph::new(S::home_empty(
                &app.keymap.hint(Context::Home, Action::NewCitizen),
            ))
            .style(app.theme.dim),
            list,
        );
        return;
    }
    let name_width = (list.width as usize)
        .saturating_sub(17 + 15 + 6 + 7 + 9)
        .max(12);
    let header = format!(
        "{:<17}{:<name_width$}{:<15}{:<6}{:<7}{}",
        S::HOME_HEADER[0],
        S::HOME_HEADER[1],
        S::HOME_HEADER[2],
        S::HOME_HEADER[3],
        S::HOME_HEADER[4],
        S::HOME_HEADER[5]
    );
    let mut lines = vec![Line::from(Span::styled(header, app.theme.title))];
    let visible = list.height.saturating_sub(1) as usize;
    let first = home.selected.saturating_sub(visible.saturating_sub(1));
    for (i, r) in home.results.iter().enumerate().skip(first).take(visible) {
        let name: String = format!("{} {}", r.surname, r.name)
            .chars()
            .take(name_width - 1)
            .collect();
        let cv = match r.cv_filed_on {
            None => "",
            Some(d) if cv_obsolete(d, app.today) => S::CV_OBSOLETE_FLAG,
            Some(_) => S::CV_VALID_FLAG,
        };
        let row = format!(
            "{:<17}{:<name_width$}{:<15}{:<6}{:<7}{}",
            r.codice_fiscale,
            name,
            r.last_interview_at
                .as_deref()
                .map(date_of)
                .unwrap_or_default(),
            r.last_path.map(|p| p.to_string()).unwrap_or_default(),
            r.last_status.map(status_label).unwrap_or_default(),
            cv
        );
        let style = if i == home.selected {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(row, style)));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

fn render_citizen_form(app: &App, c: &CitizenForm, frame: &mut Frame, area: Rect) {
    c.form
        .render(frame, area, &app.theme, app.dialog.is_none() && !app.help);
}

fn render_card(app: &App, card: &Card, frame: &mut Frame, area: Rect) {
    if let Some(index) = card.viewing
        && let Some(pact) = card.pacts.get(index)
    {
        let mut lines = vec![Line::from(Span::styled(
            S::pact_line(
                &pact.number,
                pact.version,
                &date_of(&pact.signed_at),
                &pact.operator,
            ),
            app.theme.title,
        ))];
        lines.extend(pact_lines(&pact.content).into_iter().map(Line::from));
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(app.theme.border)
                    .title(S::PACT_VIEW_TITLE),
            ),
            area,
        );
        return;
    }
    let d = &card.citizen.data;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<22}"), app.theme.label),
            Span::raw(value),
        ])
    };
    let education = app
        .data
        .education
        .iter()
        .find(|e| e.id == d.education)
        .map_or(String::new(), |e| e.name.clone());
    let mut lines = vec![
        field(
            S::F_BIRTH_DATE,
            format!(
                "{} ({}) {}",
                d.birth_date.format("%d/%m/%Y"),
                d.sex.code(),
                d.birth_place
            ),
        ),
        field(S::F_PHONE, format!("{}  {}", d.phone, d.email)),
        field(S::F_EDUCATION, education),
        field(
            S::F_DID,
            format!(
                "{}  {}",
                d.did_date
                    .map(|x| x.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                d.income_support
            ),
        ),
        field(
            S::F_CATEGORIES,
            d.special_categories
                .iter()
                .map(|id| {
                    app.data
                        .categories
                        .iter()
                        .find(|c| c.id == *id)
                        .map_or(id.clone(), |c| c.short.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Line::from(match &card.cv {
            None => S::NO_CV.to_string(),
            Some(cv) => S::cv_status(
                &cv.data.filed_on.format("%d/%m/%Y").to_string(),
                cv_obsolete(cv.data.filed_on, app.today),
                &valid_until(cv.data.filed_on),
            ),
        }),
        Line::from(""),
        Line::from(Span::styled(S::CARD_INTERVIEWS, app.theme.title)),
    ];
    if card.interviews.is_empty() {
        lines.push(Line::from(Span::styled(
            S::CARD_NO_INTERVIEWS,
            app.theme.dim,
        )));
    }
    for i in card.interviews.iter().take(5) {
        let path = i
            .final_path
            .and_then(|p| app.data.instrument.path(p))
            .map(|p| format!("percorso {} {}", p.id, p.name))
            .unwrap_or_default();
        lines.push(Line::from(format!(
            "  {}  {:<16} {:<7} {}",
            date_of(&i.started_at),
            kind_label(i.kind),
            status_label(i.status),
            path
        )));
    }
    if let Some(draft) = card
        .interviews
        .iter()
        .find(|i| i.status == InterviewStatus::Bozza)
    {
        lines.push(Line::from(Span::styled(
            S::draft_holder(&draft.operator, &S::datetime_text(&draft.started_at)),
            app.theme.dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(S::CARD_PACTS, app.theme.title)));
    if card.pacts.is_empty() {
        lines.push(Line::from(Span::styled(S::CARD_NO_PACTS, app.theme.dim)));
    }
    for (n, p) in card.pacts.iter().enumerate() {
        let style = if n == card.selected {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!(
                "  {}",
                S::pact_line(&p.number, p.version, &date_of(&p.signed_at), &p.operator)
            ),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A signed pact in words: the content as stored, read field by field.
fn pact_lines(content: &serde_json::Value) -> Vec<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::Bool(true) => S::YES.to_string(),
        serde_json::Value::Bool(false) => S::NO.to_string(),
        other => other.to_string(),
    };
    let profile = &content["profilo_di_occupabilita"];
    let mut out = vec![
        format!("{}: {}", S::F_RESPONSIBLE, text(&content["responsabile"])),
        format!(
            "{}: {} {} ({} {})",
            S::PACT_PATH,
            text(&profile["percorso"]),
            text(&profile["nome_percorso"]),
            S::PACT_PROPOSED,
            text(&profile["percorso_proposto"])
        ),
    ];
    if let Some(targets) = profile["punteggi"].as_object() {
        let scores: Vec<String> = targets
            .iter()
            .map(|(id, t)| {
                format!(
                    "{} {}/{}",
                    id.replace("CD", "C+D"),
                    text(&t["punteggio_rettificato"]),
                    text(&t["soglia"])
                )
            })
            .collect();
        out.push(format!("{}: {}", S::PACT_SCORES, scores.join("  ")));
    }
    out.push(format!("{}:", S::PACT_ACTIONS));
    for a in content["atti_di_ricerca_attiva"]
        .as_array()
        .into_iter()
        .flatten()
    {
        out.push(format!(
            "  {} {} · {} · {}",
            text(&a["codice"]),
            text(&a["descrizione"]),
            text(&a["tipo"]),
            text(&a["scadenza"])
        ));
    }
    out.push(format!(
        "{}: {}",
        S::F_FREQUENCY,
        text(&content["frequenza_contatti"])
    ));
    out.push(format!(
        "{}: {}",
        S::F_PROOF,
        text(&content["prova_della_ricerca"])
    ));
    let d = &content["disponibilita"];
    out.push(format!(
        "{}: {} {}, {} {}, {} {}",
        S::PACT_AVAILABILITY,
        S::PACT_WORKSHOPS,
        text(&d["laboratori_ricerca_lavoro"]),
        S::PACT_TRAINING,
        text(&d["formazione_riqualificazione"]),
        S::PACT_OFFERS,
        text(&d["offerte_congrue"])
    ));
    out
}

fn render_interview(app: &App, i: &InterviewScreen, frame: &mut Frame, area: Rect) {
    let [stepper, tabs, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let scores = app.scores(i);

    // Stepper: the three phases, where we are, and what is missing in each.
    let topics_missing = app
        .data
        .info_topics
        .iter()
        .filter(|t| {
            !t.a05 && (!t.income_support_only || !i.citizen.data.income_support.trim().is_empty())
        })
        .filter(|t| !i.interview.info_items.contains(&t.id))
        .count()
        + usize::from(i.interview.expectations.trim().is_empty());
    let analysis_missing = if i.interview.kind.allows_assessment() {
        scores.missing.len()
    } else {
        0
    } + usize::from(i.propensities.is_empty());
    let t = &i.interview.terms;
    let pact_missing = [
        t.responsible.trim().is_empty(),
        t.contact_frequency.trim().is_empty(),
        t.search_proof.trim().is_empty(),
        t.available_workshops.is_none(),
        t.available_training.is_none(),
        t.available_offers.is_none(),
        i.actions.is_empty(),
    ]
    .iter()
    .filter(|m| **m)
    .count();
    let mut spans = Vec::new();
    for (n, (name, missing)) in S::PHASES
        .iter()
        .zip([topics_missing, analysis_missing, pact_missing])
        .enumerate()
    {
        let current = n as u8 + 1 == i.phase;
        let mark = if missing == 0 { "✔" } else { "…" };
        let text = format!(
            "{}{} {} {} ({}) ",
            if current { "▶" } else { " " },
            n + 1,
            name,
            mark,
            S::missing_count(missing)
        );
        spans.push(Span::styled(
            text,
            if current {
                app.theme.selected
            } else {
                app.theme.dim
            },
        ));
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
        render_scores(app, &scores, frame, columns[1]);
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

fn render_page(app: &App, i: &InterviewScreen, scores: &Scores, frame: &mut Frame, area: Rect) {
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
                                "{:<4}{} · {} · {} · {}",
                                a.data.code,
                                a.data.description,
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

fn render_questionnaire(
    app: &App,
    i: &InterviewScreen,
    scores: &Scores,
    frame: &mut Frame,
    area: Rect,
) {
    let instrument = &app.data.instrument;
    let areas = super::app::areas_shown(&app.data, scores);
    let detail_height = 9u16.min(area.height / 2);
    let [list, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(area);

    // One line per area, with section headers; D's header says whether it is open.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    for section in &instrument.sections {
        let enabled = scores.section(&section.id).is_some_and(|s| s.enabled);
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
    let first = cursor_line.saturating_sub(height.saturating_sub(2));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), list);

    // The area under the cursor: hint and scale.
    if let Some(area_def) = areas.get(i.area).and_then(|id| instrument.area(id)) {
        let mut text = vec![
            Line::from(Span::styled(
                format!("{} {}", area_def.id, area_def.name),
                app.theme.title,
            )),
            Line::from(Span::styled(area_def.hint.clone(), app.theme.dim)),
        ];
        let answer = i.interview.answers.get(&area_def.id);
        for (n, option) in area_def.options.iter().enumerate() {
            let style = if answer == Some(n) {
                app.theme.focus
            } else {
                Style::default()
            };
            text.push(Line::from(Span::styled(
                format!(
                    " {} {n}  {} ({} p.)",
                    if answer == Some(n) { "●" } else { " " },
                    option.text,
                    option.points
                ),
                style,
            )));
        }
        if let Some((_, note)) = i
            .interview
            .answer_notes
            .iter()
            .find(|(a, _)| *a == area_def.id)
        {
            text.push(Line::from(format!("✎ {note}")));
        }
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
        frame.render_widget(block, detail);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
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

fn standing_mark(s: Standing) -> (&'static str, &'static str) {
    match s {
        Standing::Reached => (S::SYMBOL_REACHED, S::WORD_REACHED),
        Standing::Near => (S::SYMBOL_NEAR, S::WORD_NEAR),
        Standing::Below => (S::SYMBOL_BELOW, S::WORD_BELOW),
    }
}

/// Raw, adjustment and adjusted score against the threshold of every target, D's state and the
/// proposed percorso.
fn render_scores(app: &App, scores: &Scores, frame: &mut Frame, area: Rect) {
    let instrument = &app.data.instrument;
    let mut lines = Vec::new();
    let score_text = |raw: i32, adj: i32, adjusted: i32, max: u32| {
        if adj == 0 {
            format!("{raw:>2}/{max}")
        } else {
            format!("{raw}{adj:+}={adjusted}/{max}")
        }
    };
    for section in &instrument.sections {
        let Some(s) = scores.section(&section.id) else {
            continue;
        };
        let name: String = section.name.chars().take(area.width as usize - 4).collect();
        lines.push(Line::from(Span::styled(
            format!("{} {name}", section.id),
            app.theme.label,
        )));
        let value = score_text(s.raw as i32, s.adjustment, s.adjusted, s.max);
        match s.threshold {
            Some(t) => {
                let st = standing(instrument, s.adjusted, t);
                let (sym, word) = standing_mark(st);
                lines.push(Line::from(vec![
                    Span::raw(format!("  {value:<9} ≥{t:<3}")),
                    Span::styled(format!("{sym} {word}"), standing_style(app, st)),
                ]));
            }
            None => {
                let state = if s.enabled { S::D_OPEN } else { S::D_CLOSED };
                lines.push(Line::from(format!("  {value:<9} {state}")));
            }
        }
    }
    for c in &scores.combined {
        let st = standing(instrument, c.adjusted, c.threshold);
        let (sym, word) = standing_mark(st);
        let value = score_text(c.raw, c.adjustment, c.adjusted, c.max);
        lines.push(Line::from(Span::styled(
            c.id.replace("CD", "C+D"),
            app.theme.label,
        )));
        lines.push(Line::from(vec![
            Span::raw(format!("  {value:<9} ≥{:<3}", c.threshold)),
            Span::styled(format!("{sym} {word}"), standing_style(app, st)),
        ]));
    }
    lines.push(Line::from(""));
    match scores.proposed {
        Some(p) => {
            lines.push(Line::from(Span::styled(
                format!("{} {p}", S::PROPOSED_PATH),
                app.theme.title,
            )));
            if let Some(path) = instrument.path(p) {
                lines.push(Line::from(path.name.clone()));
            }
        }
        None => lines.push(Line::from(Span::styled(
            S::missing_count(scores.missing.len()),
            app.theme.dim,
        ))),
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(app.theme.border)
                .title(Span::styled(S::SCORES_TITLE, app.theme.title)),
        ),
        area,
    );
}

fn standing_style(app: &App, s: Standing) -> Style {
    match s {
        Standing::Reached => app.theme.reached,
        Standing::Near => app.theme.near,
        Standing::Below => app.theme.below,
    }
}

/// The legend; `toggled` when it covers the page at narrow widths (and says how to close it).
fn render_legend(app: &App, frame: &mut Frame, area: Rect, toggled: bool) {
    let instrument = &app.data.instrument;
    let mut lines = vec![Line::from(Span::styled(
        S::LEGEND_THRESHOLDS,
        app.theme.title,
    ))];
    for t in instrument.targets() {
        lines.push(Line::from(format!(
            "{} ≥ {}: {}",
            t.id.replace("CD", "C+D"),
            t.threshold,
            t.meaning
        )));
    }
    lines.push(Line::from(Span::styled(S::LEGEND_PATHS, app.theme.title)));
    for p in &instrument.paths {
        lines.push(Line::from(format!("{} {}", p.id, p.name)));
    }
    lines.push(Line::from(S::LEGEND_RULE));
    for s in S::LEGEND_SYMBOLS {
        lines.push(Line::from(s));
    }
    let title = if toggled {
        S::legend_toggle(&app.keymap.hint(Context::Global, Action::ToggleLegend))
    } else {
        S::LEGEND_TITLE.to_string()
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(app.theme.border)
                .title(Span::styled(title, app.theme.title)),
        ),
        area,
    );
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn render_dialog(app: &App, d: &super::app::Dialog, frame: &mut Frame, area: Rect) {
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
            keys.push(Span::raw(format!(" {}", S::action_label(action))));
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
fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    for context in app.contexts() {
        lines.push(Line::from(Span::styled(
            S::context_title(context),
            app.theme.title,
        )));
        for (action, keys) in app.keymap.of_context(context) {
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(" ")), app.theme.key),
                Span::raw(S::action_label(action)),
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
