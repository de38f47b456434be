//! Consulenza orientativa (A06) from the card: the person's sessions (date, operator, goals,
//! outcome), the A06 actions of the signed plan, and a form that records or changes a session.
//! Saving moves the action the session carries out (started at the first session, concluded by
//! the closing one) in the same transaction.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::records::{ActionStatus, Citizen};
use crate::domain::sessions::{CounsellingSession, check_session};
use crate::domain::validate::parse_date;
use crate::store::{COUNSELLING_CODE, SessionAction, StoreError, StoredAction, StoredSession};
use crate::strings::{self as S, counselling as C};
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub struct Counselling {
    pub citizen: Citizen,
    /// The person has a signed pact (sessions are recorded on its plan).
    pub signed: bool,
    /// Latest first.
    pub sessions: Vec<StoredSession>,
    /// The A06 actions of the signed plan.
    pub actions: Vec<StoredAction>,
    pub cursor: usize,
    pub form: Option<SessionForm>,
}

/// A session being recorded or changed.
pub struct SessionForm {
    /// The session changed (id, version read), `None` for a new one.
    pub existing: Option<(i64, i64)>,
    /// The operator who held it (the one using orienta for a new session).
    pub operator: String,
    /// What each option of the action field stands for (new sessions).
    pub choices: Vec<SessionAction>,
    pub form: Form,
}

fn status_text(status: ActionStatus) -> &'static str {
    ActionStatus::ALL
        .iter()
        .position(|s| *s == status)
        .map_or("", |i| S::ACTION_STATUSES[i])
}

fn action_text(a: &StoredAction) -> String {
    C::action_option(
        status_text(a.data.status),
        &date_text(a.data.due_date),
        &date_text(a.started_on),
        &date_text(a.ended_on),
        &a.data.description,
    )
}

fn open(a: &StoredAction) -> bool {
    matches!(
        a.data.status,
        ActionStatus::Programmata | ActionStatus::InCorso
    )
}

/// The form for a new session (`None`) or for `session`; `actions` are the plan's A06 actions.
pub(crate) fn session_form(
    session: Option<&StoredSession>,
    actions: &[StoredAction],
    today: chrono::NaiveDate,
    operator: &str,
) -> SessionForm {
    let (options, choices, selected) = match session {
        Some(s) => {
            let label = actions
                .iter()
                .find(|a| Some(a.id) == s.action_id)
                .map_or_else(|| C::NOT_LINKED.to_string(), action_text);
            (vec![label], Vec::new(), Some(0))
        }
        None => {
            let open: Vec<&StoredAction> = actions.iter().filter(|a| open(a)).collect();
            if open.is_empty() {
                (
                    vec![C::NEW_ACTION.to_string()],
                    vec![SessionAction::NewInPlan],
                    Some(0),
                )
            } else {
                // Exactly one: chosen already; several: the operator picks.
                let selected = (open.len() == 1).then_some(0);
                (
                    open.iter().map(|a| action_text(a)).collect(),
                    open.iter().map(|a| SessionAction::Existing(a.id)).collect(),
                    selected,
                )
            }
        }
    };
    let d = session.map(|s| &s.data);
    let text = |f: fn(&CounsellingSession) -> &String| d.map_or(String::new(), |d| f(d).clone());
    let form = Form::new(vec![
        Field::line(
            "date",
            C::F_DATE,
            &date_text(Some(d.map_or(today, |d| d.held_on))),
        )
        .required(),
        Field::choice("action", C::F_ACTION, options, selected, false).required(),
        Field::line("goals", C::F_GOALS, &text(|d| &d.goals)),
        Field::line("obstacles", C::F_OBSTACLES, &text(|d| &d.obstacles)),
        Field::line("strategies", C::F_STRATEGIES, &text(|d| &d.strategies)),
        Field::line("outcome", C::F_OUTCOME, &text(|d| &d.outcome)),
        Field::line("next", C::F_NEXT, &text(|d| &d.next_step)),
        Field::flag("closes", C::F_CLOSES, Some(d.is_some_and(|d| d.closes))),
    ])
    .with_wide_labels();
    SessionForm {
        existing: session.map(|s| (s.id, s.version)),
        operator: d.map_or_else(|| operator.to_string(), |d| d.operator.clone()),
        choices,
        form,
    }
}

/// The session the form stands for, and the action a new one carries out; the fields in
/// error are marked.
pub(crate) fn session_from_form(
    f: &mut SessionForm,
    today: chrono::NaiveDate,
) -> Option<(CounsellingSession, Option<SessionAction>)> {
    let form = &mut f.form;
    for id in ["date", "action", "goals", "outcome"] {
        form.set_error(id, None);
    }
    let held_on = parse_date(&form.text("date"));
    if held_on.is_none() {
        form.set_error("date", Some(S::BAD_DATE.to_string()));
    }
    let choice = form
        .field("action")
        .and_then(Field::selected)
        .and_then(|i| f.choices.get(i).copied());
    if f.existing.is_none() && choice.is_none() {
        form.set_error("action", Some(C::CHOOSE_ACTION.to_string()));
    }
    let session = CounsellingSession {
        held_on: held_on?,
        operator: f.operator.clone(),
        goals: form.text("goals"),
        obstacles: form.text("obstacles"),
        strategies: form.text("strategies"),
        outcome: form.text("outcome"),
        next_step: form.text("next"),
        closes: form
            .field("closes")
            .and_then(Field::flag_value)
            .unwrap_or(false),
    };
    let problems = check_session(&session, today);
    for p in &problems {
        form.set_error(p.field(), Some(C::problem(*p).to_string()));
    }
    if !problems.is_empty() || (f.existing.is_none() && choice.is_none()) {
        return None;
    }
    Some((session, choice))
}

impl App {
    /// The counselling of the card's person.
    pub(crate) fn open_counselling(&mut self, citizen: Citizen) {
        let loaded = (|| -> Result<Counselling, StoreError> {
            Ok(Counselling {
                signed: !self.store.pact_versions_of(citizen.id)?.is_empty(),
                sessions: self.store.counselling_sessions(citizen.id)?,
                actions: self
                    .store
                    .current_plan(citizen.id)?
                    .into_iter()
                    .filter(|a| a.data.code == COUNSELLING_CODE)
                    .collect(),
                citizen,
                cursor: 0,
                form: None,
            })
        })();
        match loaded {
            Ok(c) => {
                let id = c.citizen.id;
                self.screen = Screen::Counselling(Box::new(c));
                self.message = None;
                self.offer_recovery(Some(id), None);
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_counselling(&mut self, action: Action) {
        let today = self.today;
        let operator = self.store.operator().to_string();
        let Screen::Counselling(c) = &mut self.screen else {
            return;
        };
        if let Some(f) = &mut c.form {
            match action {
                Action::NextField | Action::PreviousField => {
                    f.form.move_focus(action == Action::NextField);
                }
                Action::Save => {
                    let _ = self.save_counselling();
                }
                Action::Back if f.form.any_dirty() => {
                    let save_key = self.keymap.hint(Context::Global, Action::Save);
                    self.dialog = Some(
                        crate::ui::screens::interview::lists::discard_sub_form_dialog(&save_key),
                    );
                }
                Action::Back => {
                    c.form = None;
                    self.message = None;
                }
                _ => {}
            }
            return;
        }
        let last = c.sessions.len().saturating_sub(1);
        match action {
            Action::Up => c.cursor = c.cursor.saturating_sub(1),
            Action::Down => c.cursor = (c.cursor + 1).min(last),
            Action::Add if !c.signed => self.error(C::NO_PACT),
            Action::Add => {
                let f = session_form(None, &c.actions, today, &operator);
                let new_action = f.choices == [SessionAction::NewInPlan];
                c.form = Some(f);
                if new_action {
                    self.info(C::NEW_ACTION_NOTE);
                } else {
                    self.message = None;
                }
            }
            Action::Edit | Action::Open => {
                if let Some(s) = c.sessions.get(c.cursor) {
                    c.form = Some(session_form(Some(s), &c.actions, today, &operator));
                    self.message = None;
                }
            }
            Action::Back => {
                let id = c.citizen.id;
                self.open_card(id);
            }
            _ => {}
        }
    }

    /// What the session form holds that is not saved, as a recovery copy of the person.
    pub(crate) fn counselling_payload(&self) -> Option<(Option<i64>, serde_json::Value)> {
        let Screen::Counselling(c) = &self.screen else {
            return None;
        };
        let f = c.form.as_ref().filter(|f| f.form.any_dirty())?;
        Some((
            Some(c.citizen.id),
            serde_json::json!({
                "tipo": "consulenza",
                "id": f.existing.map(|e| e.0),
                "versione": f.existing.map(|e| e.1),
                "campi": f.form.snapshot(false),
            }),
        ))
    }

    /// Puts a recovery copy of a session form back on screen, as changed. The action is
    /// chosen again: the plan may have changed since.
    pub(crate) fn restore_counselling(&mut self, payload: &serde_json::Value) -> bool {
        use serde_json::Value;
        if payload.get("tipo").and_then(Value::as_str) != Some("consulenza") {
            return false;
        }
        let (today, operator) = (self.today, self.store.operator().to_string());
        let Screen::Counselling(c) = &mut self.screen else {
            return false;
        };
        let id = payload.get("id").and_then(Value::as_i64);
        let version = payload.get("versione").and_then(Value::as_i64);
        let session = id.and_then(|id| c.sessions.iter().find(|s| s.id == id));
        let mut f = session_form(session, &c.actions, today, &operator);
        // Saved against the version it was typed on: a change made since is a conflict.
        if let (Some(id), Some(version), Some(_)) = (id, version, session) {
            f.existing = Some((id, version));
        }
        let mut fields = payload
            .get("campi")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        fields.remove("action");
        f.form.restore(&fields);
        c.form = Some(f);
        true
    }

    /// The session form changed and not saved yet.
    pub(crate) fn counselling_dirty(&self) -> bool {
        matches!(&self.screen, Screen::Counselling(c)
            if c.form.as_ref().is_some_and(|f| f.form.any_dirty()))
    }

    /// Saves the session form; what cannot be saved stays on screen and is returned.
    pub(crate) fn save_counselling(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::Counselling(c) = &mut self.screen else {
            return Ok(());
        };
        let citizen = c.citizen.id;
        let Some(f) = c.form.as_mut() else {
            return Ok(());
        };
        let Some((session, choice)) = session_from_form(f, today) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let result = match (f.existing, choice) {
            (Some((id, version)), _) => {
                self.store.update_counselling_session(id, version, &session)
            }
            (None, Some(choice)) => {
                self.store
                    .add_counselling_session(citizen, &session, choice, C::ACTION_DESCRIPTION)
            }
            (None, None) => return Err(self.fail(S::FIX_FIELDS)),
        };
        match result {
            Ok(saved) => {
                self.wrote = true;
                let sessions = self.store.counselling_sessions(citizen);
                let plan = self.store.current_plan(citizen);
                if let Screen::Counselling(c) = &mut self.screen {
                    c.form = None;
                    if let Ok(s) = sessions {
                        c.cursor = s.iter().position(|x| x.id == saved.id).unwrap_or(0);
                        c.sessions = s;
                    }
                    if let Ok(p) = plan {
                        c.actions = p
                            .into_iter()
                            .filter(|a| a.data.code == COUNSELLING_CODE)
                            .collect();
                    }
                }
                self.info(C::SAVED);
                Ok(())
            }
            // The form stays: what the operator typed is still on screen.
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return format!("{text:<width$}");
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

pub(crate) fn render_counselling(app: &App, c: &Counselling, frame: &mut Frame, area: Rect) {
    if let Some(f) = &c.form {
        let title = if f.existing.is_some() {
            C::EDIT_TITLE
        } else {
            C::NEW_TITLE
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(app.theme.border)
            .title(Span::styled(title, app.theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [note, rest] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Span::styled(C::FORM_NOTE, app.theme.dim)).wrap(Wrap { trim: true }),
            note,
        );
        f.form
            .render(frame, rest, &app.theme, app.dialog.is_none() && !app.help);
        return;
    }
    let width = area.width as usize;
    let mut lines = vec![Line::from(Span::styled(C::SESSIONS, app.theme.title))];
    // Date, operator, goals, outcome: the texts share what is left.
    let (date_w, op_w) = (11, 14);
    let text_w = width.saturating_sub(date_w + op_w + 2) / 2;
    if c.sessions.is_empty() {
        let empty = if c.signed { C::NO_SESSIONS } else { C::NO_PACT };
        lines.push(Line::from(Span::styled(empty, app.theme.dim)));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "  {}{}{}{}",
                cut(C::HEADER[0], date_w),
                cut(C::HEADER[1], op_w),
                cut(C::HEADER[2], text_w),
                C::HEADER[3]
            ),
            app.theme.label,
        )));
    }
    // The sessions take what the actions leave, the selected one kept in view.
    let room = (area.height as usize)
        .saturating_sub(lines.len() + 6 + c.actions.len().max(1))
        .max(3);
    let first = c.cursor.saturating_sub(room.saturating_sub(1));
    for (n, s) in c.sessions.iter().enumerate().skip(first).take(room) {
        let mut outcome = s.data.outcome.clone();
        if s.data.closes {
            outcome = format!("[{}] {outcome}", C::CLOSING);
        }
        let row = format!(
            "  {}{}{}{}",
            cut(&date_text(Some(s.data.held_on)), date_w),
            cut(&s.data.operator, op_w - 1) + " ",
            cut(&s.data.goals, text_w.saturating_sub(1)) + " ",
            outcome
        );
        let style = if n == c.cursor {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            cut(&row, width).trim_end().to_string(),
            style,
        )));
    }
    // The selected session in full: what its row has no room for.
    if let Some(s) = c.sessions.get(c.cursor) {
        for (label, text) in [
            (C::F_OBSTACLES, &s.data.obstacles),
            (C::F_STRATEGIES, &s.data.strategies),
            (C::F_NEXT, &s.data.next_step),
        ] {
            if text.is_empty() {
                continue;
            }
            let room = width.saturating_sub(label.chars().count() + 4);
            lines.push(Line::from(vec![
                Span::styled(format!("  {label}: "), app.theme.label),
                Span::raw(cut(text, room).trim_end().to_string()),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(C::ACTIONS, app.theme.title)));
    if c.actions.is_empty() && c.signed {
        lines.push(Line::from(Span::styled(C::NO_ACTIONS, app.theme.dim)));
    }
    for a in &c.actions {
        let mut text = format!("  {}", action_text(a));
        if !a.data.outcome.is_empty() {
            text.push_str(&format!(" · {}", a.data.outcome));
        }
        lines.push(Line::from(cut(&text, width).trim_end().to_string()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
