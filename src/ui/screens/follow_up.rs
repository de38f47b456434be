//! Follow-up of the signed plan from the card: the plan as it stands (the actions of the
//! interview behind the latest signed pact), and a form that updates an action's status,
//! outcome and dates without a new interview. The signed versions stay as signed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use serde_json::{Value, json};

use crate::domain::records::{ActionStatus, ProgressError, check_progress};
use crate::domain::validate::parse_date;
use crate::store::{FollowUp, StoredAction};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::screens::card::{Card, did_form};
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;
use chrono::NaiveDate;

/// The plan selected on the card, and the action being updated.
pub struct PlanFollowUp {
    pub cursor: usize,
    /// The action being updated: its id, the version the form was filled from, the form.
    pub form: Option<(i64, i64, Form)>,
}

fn status_label(status: ActionStatus) -> &'static str {
    ActionStatus::ALL
        .iter()
        .position(|s| *s == status)
        .map_or("", |s| S::ACTION_STATUSES[s])
}

pub(crate) fn follow_up_form(a: &StoredAction) -> Form {
    Form::new(vec![
        Field::choice(
            "status",
            S::F_STATUS,
            S::ACTION_STATUSES.iter().map(|s| s.to_string()).collect(),
            ActionStatus::ALL.iter().position(|s| *s == a.data.status),
            false,
        ),
        Field::line("outcome", S::F_OUTCOME, &a.data.outcome),
        Field::line("due", S::F_DUE, &date_text(a.data.due_date)),
        Field::line("started", S::F_STARTED_ON, &date_text(a.started_on)),
        Field::line("ended", S::F_ENDED_ON, &date_text(a.ended_on)),
    ])
}

/// The update the form stands for; the fields in error are marked.
pub(crate) fn follow_up_from_form(form: &mut Form, today: NaiveDate) -> Option<FollowUp> {
    let mut ok = true;
    let mut date = |form: &mut Form, id: &str| {
        let text = form.text(id);
        if text.is_empty() {
            form.set_error(id, None);
            return None;
        }
        let parsed = parse_date(&text);
        form.set_error(id, parsed.is_none().then(|| S::BAD_DATE.to_string()));
        ok &= parsed.is_some();
        parsed
    };
    let due_date = date(form, "due");
    let started_on = date(form, "started");
    let ended_on = date(form, "ended");
    if !ok {
        return None;
    }
    let status = form
        .field("status")
        .and_then(Field::selected)
        .and_then(|i| ActionStatus::ALL.get(i).copied())
        .unwrap_or(ActionStatus::Programmata);
    if let Err(e) = check_progress(status, started_on, ended_on, today) {
        let field = match e {
            ProgressError::Future { start: true } => "started",
            _ => "ended",
        };
        form.set_error(field, Some(S::progress_problem(e)));
        return None;
    }
    Some(FollowUp {
        status,
        outcome: form.text("outcome"),
        due_date,
        started_on,
        ended_on,
    })
}

/// Recovery records of the card: the follow-up form, and the DID date asked before an interview.
pub(crate) const FOLLOW_UP_KIND: &str = "azione_piano";
pub(crate) const DID_KIND: &str = "data_did";

/// What the card holds that is not saved, as a recovery payload: the follow-up form with the
/// version of the action it was filled from (to tell, when put back, whether someone changed
/// the action since), or the DID date typed and not saved.
pub(crate) fn card_payload(card: &Card) -> Option<Value> {
    if let Some((id, version, form)) = card.follow_up.as_ref().and_then(|f| f.form.as_ref())
        && form.any_dirty()
    {
        return Some(json!({
            "tipo": FOLLOW_UP_KIND,
            "id": id,
            "versione": version,
            "campi": form.snapshot(false),
            "in_conflitto": !form.conflicted.is_empty(),
        }));
    }
    let typed = card.did_prompt.as_ref()?.text("did");
    (!typed.trim().is_empty()).then(|| json!({ "tipo": DID_KIND, "testo": typed }))
}

/// Puts a card's recovery record back on screen; returns the conflict with what another
/// operator stored since, if the action changed meanwhile. An action no longer in the plan
/// (a newer pact was signed) has nothing to go back to.
pub(crate) fn restore_card(card: &mut Card, payload: &Value) -> Option<Conflict> {
    match payload.get("tipo").and_then(Value::as_str) {
        Some(DID_KIND) => {
            let mut form = did_form();
            let mut values = serde_json::Map::new();
            values.insert("did".into(), payload.get("testo")?.clone());
            form.restore(&values);
            card.did_prompt = Some(form);
            card.follow_up = None;
            None
        }
        Some(FOLLOW_UP_KIND) => {
            let id = payload.get("id")?.as_i64()?;
            let then = payload.get("versione")?.as_i64()?;
            let cursor = card.plan.iter().position(|a| a.id == id)?;
            let now = card.plan[cursor].clone();
            let mut form = follow_up_form(&now);
            if let Some(fields) = payload.get("campi").and_then(Value::as_object) {
                form.restore(fields);
            }
            let unsettled = payload.get("in_conflitto") == Some(&Value::Bool(true));
            let conflict = if now.version != then || unsettled {
                let rows = differing_rows(&follow_up_form(&now), &form);
                (!rows.is_empty()).then(|| Conflict {
                    rows,
                    target: ConflictTarget::FollowUp(now.clone()),
                })
            } else {
                None
            };
            card.follow_up = Some(PlanFollowUp {
                cursor,
                form: Some((id, now.version, form)),
            });
            conflict
        }
        _ => None,
    }
}

/// One line per action of the plan: code and name, status, due date, start and end.
pub(crate) fn plan_lines(app: &App, card: &Card) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(S::CARD_PLAN, app.theme.title)),
    ];
    let cursor = card.follow_up.as_ref().map(|f| f.cursor);
    for (n, a) in card.plan.iter().enumerate() {
        let style = if cursor == Some(n) {
            app.theme.selected
        } else {
            Style::default()
        };
        let name = app.data.actions.name(&a.data.code).unwrap_or("");
        if a.automatic {
            let day = date_text(a.ended_on.or(a.data.due_date));
            lines.push(Line::from(Span::styled(
                format!(
                    "  {:<4} {} · {}",
                    a.data.code,
                    name,
                    S::recorded_at_signing(&day)
                ),
                style,
            )));
            continue;
        }
        let mut text = format!(
            "  {:<4} {} · {} · {}",
            a.data.code,
            name,
            status_label(a.data.status),
            a.data.due_date.map_or_else(
                || S::NO_DUE.to_string(),
                |d| S::due_on(&d.format("%d/%m/%Y").to_string())
            )
        );
        if let Some(d) = a.started_on {
            text.push_str(&format!(
                " · {}",
                S::started_on(&d.format("%d/%m/%Y").to_string())
            ));
        }
        if let Some(d) = a.ended_on {
            text.push_str(&format!(
                " · {}",
                S::ended_on(&d.format("%d/%m/%Y").to_string())
            ));
        }
        lines.push(Line::from(Span::styled(text, style)));
    }
    if cursor.is_none() {
        lines.push(Line::from(Span::styled(
            S::plan_follow_up_hint(&app.keymap.hint(Context::Card, Action::FollowUp)),
            app.theme.dim,
        )));
    }
    lines
}

/// The card's rows that fit in `height`: with the plan selected, scrolled so that the plan shows
/// from its title (as much of it as fits) and the selected action is always visible; otherwise
/// from the top, the last row saying how many are not shown.
pub(crate) fn fit_card(
    app: &App,
    card: &Card,
    mut lines: Vec<Line<'static>>,
    plan_start: usize,
    height: usize,
) -> Vec<Line<'static>> {
    if lines.len() <= height || height == 0 {
        return lines;
    }
    if let Some(follow) = &card.follow_up {
        // The plan's rows: an empty one, its title, then one per action.
        let selected = plan_start + 2 + follow.cursor;
        let mut offset = (plan_start + 1).min(lines.len() - height);
        if selected >= offset + height {
            offset = selected + 1 - height;
        }
        return lines.into_iter().skip(offset).take(height).collect();
    }
    let below = lines.len() - (height - 1);
    lines.truncate(height - 1);
    let key = app.keymap.hint(Context::Card, Action::FollowUp);
    let plan_key = (!card.plan.is_empty()).then_some(key.as_str());
    lines.push(Line::from(Span::styled(
        S::card_more_rows(below, plan_key),
        app.theme.dim,
    )));
    lines
}

/// The form over the card: which action, then its fields.
pub(crate) fn render_follow_up(app: &App, card: &Card, frame: &mut Frame, area: Rect) -> bool {
    let Some((id, _, form)) = card.follow_up.as_ref().and_then(|f| f.form.as_ref()) else {
        return false;
    };
    let title = card
        .plan
        .iter()
        .find(|a| a.id == *id)
        .map(|a| {
            S::follow_up_title(
                &a.data.code,
                app.data.actions.name(&a.data.code).unwrap_or(""),
            )
        })
        .unwrap_or_default();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme.border)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [note, rest] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(2),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(S::FOLLOW_UP_NOTE, app.theme.dim)).wrap(Wrap { trim: true }),
        note,
    );
    form.render(frame, rest, &app.theme, app.dialog.is_none() && !app.help);
    true
}

impl App {
    /// Keys on the card while its plan is selected. Returns false when the plan is not.
    pub(crate) fn update_follow_up(&mut self, action: Action) -> bool {
        let Screen::Card(card) = &mut self.screen else {
            return false;
        };
        let Some(follow) = &mut card.follow_up else {
            return false;
        };
        if let Some((_, _, form)) = &mut follow.form {
            match action {
                Action::NextField | Action::PreviousField => {
                    form.move_focus(action == Action::NextField);
                }
                Action::Save => {
                    let _ = self.save_follow_up();
                }
                Action::Back if form.any_dirty() => {
                    let save_key = self.keymap.hint(Context::Global, Action::Save);
                    self.dialog = Some(
                        crate::ui::screens::interview::lists::discard_sub_form_dialog(&save_key),
                    );
                }
                Action::Back => {
                    follow.form = None;
                    self.message = None;
                }
                _ => {}
            }
            return true;
        }
        let last = card.plan.len().saturating_sub(1);
        match action {
            Action::Up => follow.cursor = follow.cursor.saturating_sub(1),
            Action::Down => follow.cursor = (follow.cursor + 1).min(last),
            Action::Edit | Action::Open => {
                if let Some(a) = card.plan.get(follow.cursor) {
                    follow.form = Some((a.id, a.version, follow_up_form(a)));
                }
            }
            Action::Back | Action::FollowUp => card.follow_up = None,
            _ => {}
        }
        true
    }

    /// The follow-up form changed and not saved yet.
    pub(crate) fn follow_up_dirty(&self) -> bool {
        matches!(&self.screen, Screen::Card(c)
            if c.follow_up.as_ref().and_then(|f| f.form.as_ref())
                .is_some_and(|(_, _, form)| form.any_dirty()))
    }

    /// The follow-up form holds a value in an unsettled conflict with another operator's.
    pub(crate) fn follow_up_unsettled(&self) -> bool {
        matches!(&self.screen, Screen::Card(c)
            if c.follow_up.as_ref().and_then(|f| f.form.as_ref())
                .is_some_and(|(_, _, form)| !form.conflicted.is_empty()))
    }

    /// Saves the follow-up form; what cannot be saved stays on screen and is returned.
    pub(crate) fn save_follow_up(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::Card(card) = &mut self.screen else {
            return Ok(());
        };
        let citizen = card.citizen.id;
        let Some((id, version, form)) = card.follow_up.as_mut().and_then(|f| f.form.as_mut())
        else {
            return Ok(());
        };
        let Some(update) = follow_up_from_form(form, today) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let (id, version) = (*id, *version);
        let result = self.store.follow_up_action(id, version, &update);
        let plan = self.store.current_plan(citizen);
        let Screen::Card(card) = &mut self.screen else {
            return Ok(());
        };
        if let Ok(plan) = plan {
            card.plan = plan;
        }
        match result {
            Ok(_) => {
                self.wrote = true;
                if let Some(f) = &mut card.follow_up {
                    f.form = None;
                }
                self.info(S::FOLLOW_UP_SAVED);
                Ok(())
            }
            // Another operator updated the action first: both values are shown and the form
            // now stands on their version, so that keeping mine saves it.
            Err(crate::store::StoreError::Conflict { .. }) => {
                let Some(fresh) = card.plan.iter().find(|a| a.id == id).cloned() else {
                    return Err(self.fail(S::REMOVED_BY_OTHER));
                };
                let Some((_, version, form)) =
                    card.follow_up.as_mut().and_then(|f| f.form.as_mut())
                else {
                    return Ok(());
                };
                *version = fresh.version;
                let rows = differing_rows(&follow_up_form(&fresh), form);
                if rows.is_empty() {
                    return self.save_follow_up();
                }
                self.ask_conflict(Conflict {
                    rows,
                    target: ConflictTarget::FollowUp(fresh),
                });
                Err(S::CONFLICT_KEPT.into())
            }
            // The form stays: what the operator typed is still on screen.
            Err(e) => Err(self.fail(e)),
        }
    }
}
