//! The citizen's card: registry data in short, CV, interviews, signed pacts; starts, resumes
//! and discards interviews.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::records::{
    Acceptance, Citizen, Interview, InterviewKind, InterviewStatus, PactVersion, cv_obsolete,
};
use crate::domain::validate::parse_date;
use crate::store::{StoreError, StoredAction, StoredCv};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::render::*;
use crate::ui::screens::citizen::*;
use crate::ui::screens::follow_up::{PlanFollowUp, plan_lines, render_follow_up};
use crate::ui::widgets::dialog::centered;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub struct Card {
    pub citizen: Citizen,
    pub interviews: Vec<Interview>,
    pub pacts: Vec<PactVersion>,
    pub cv: Option<StoredCv>,
    /// The person's acceptance of the latest signed version.
    pub accepted: Option<Acceptance>,
    pub selected: usize,
    pub viewing: Option<usize>,
    /// Rows of the pact view scrolled past.
    pub pact_scroll: usize,
    /// The DID date asked before a "150" interview for a person without one.
    pub did_prompt: Option<Form>,
    /// The plan of the latest signed pact, as followed up since.
    pub plan: Vec<StoredAction>,
    /// The plan selected for follow-up (and the action being updated).
    pub follow_up: Option<PlanFollowUp>,
}

/// The one-field form that asks for the DID date.
pub(crate) fn did_form() -> Form {
    Form::new(vec![Field::line("did", S::F_DID, "").required()])
}

impl App {
    pub(crate) fn open_card(&mut self, citizen_id: i64) {
        self.deferred_conflict = None;
        let loaded = (|| -> Result<Card, StoreError> {
            let pacts = self.store.pact_versions_of(citizen_id)?;
            let accepted = match pacts.last() {
                Some(p) => self.store.acceptance_of(p.id)?,
                None => None,
            };
            // The latest version is the one selected: what `p` prints.
            let selected = pacts.len().saturating_sub(1);
            Ok(Card {
                citizen: self.store.citizen(citizen_id)?,
                interviews: self.store.interviews_of(citizen_id)?,
                pacts,
                cv: self.store.cvs_of(citizen_id)?.into_iter().next(),
                accepted,
                selected,
                viewing: None,
                pact_scroll: 0,
                did_prompt: None,
                plan: self.store.current_plan(citizen_id)?,
                follow_up: None,
            })
        })();
        match loaded {
            Ok(card) => {
                self.screen = Screen::Card(Box::new(card));
                self.offer_recovery(Some(citizen_id), None);
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_card(&mut self, action: Action) {
        let Screen::Card(card) = &mut self.screen else {
            return;
        };
        if let Some(index) = card.viewing {
            let Screen::Card(card) = &self.screen else {
                return;
            };
            let last = card
                .pacts
                .get(index)
                .map_or(0, |p| pact_view_max_scroll(self, p));
            let Screen::Card(card) = &mut self.screen else {
                return;
            };
            let page = usize::from(self.viewport.1.saturating_sub(7)).max(1);
            match action {
                Action::Back | Action::Open => {
                    card.viewing = None;
                    card.pact_scroll = 0;
                }
                Action::Up => card.pact_scroll = card.pact_scroll.saturating_sub(1),
                Action::Down => card.pact_scroll = (card.pact_scroll + 1).min(last),
                Action::PageUp => card.pact_scroll = card.pact_scroll.saturating_sub(page),
                Action::PageDown => card.pact_scroll = (card.pact_scroll + page).min(last),
                Action::PrintPact => self.print_pact(),
                _ => {}
            }
            return;
        }
        if card.did_prompt.is_some() {
            match action {
                Action::Save | Action::NextField => self.save_did_and_start(),
                Action::Back => {
                    card.did_prompt = None;
                    self.warn(S::DID_NOT_SAVED);
                }
                _ => {}
            }
            return;
        }
        if card.follow_up.is_some() {
            self.update_follow_up(action);
            return;
        }
        let last = card.pacts.len().saturating_sub(1);
        match action {
            Action::Up => card.selected = card.selected.saturating_sub(1),
            Action::Down => card.selected = (card.selected + 1).min(last),
            Action::Open if !card.pacts.is_empty() => card.viewing = Some(card.selected),
            Action::Back => self.leave_card(),
            Action::PrintPact => self.print_pact(),
            Action::SkillGap => {
                let id = card.citizen.id;
                self.open_skill_gap(id);
            }
            Action::FollowUp if !card.plan.is_empty() => {
                card.follow_up = Some(PlanFollowUp {
                    cursor: 0,
                    form: None,
                });
            }
            Action::Accompaniment => {
                let citizen = card.citizen.clone();
                self.open_accompaniment(citizen);
            }
            Action::Counselling => {
                let citizen = card.citizen.clone();
                self.open_counselling(citizen);
            }
            Action::EditCitizen => {
                let citizen = card.citizen.clone();
                let id = citizen.id;
                self.screen = Screen::CitizenForm(Box::new(CitizenForm {
                    form: citizen_form(&self.data, Some(&citizen.data)),
                    citizen: Some(citizen),
                    changed: false,
                }));
                self.offer_recovery(Some(id), None);
            }
            Action::DiscardDraft => {
                let Some(draft) = card
                    .interviews
                    .iter()
                    .find(|i| i.status == InterviewStatus::Bozza)
                else {
                    return self.error(S::no_draft(
                        &self.keymap.hint(Context::Card, Action::NewInterview),
                    ));
                };
                self.dialog = Some(Dialog {
                    title: S::DISCARD_DRAFT_TITLE.into(),
                    lines: vec![S::discard_draft_text(
                        &draft.operator,
                        &S::datetime_text(&draft.started_at),
                    )],
                    question: S::DISCARD_DRAFT_QUESTION.into(),
                    pending: Pending::DiscardDraft,
                });
            }
            Action::NewInterview | Action::NewInterviewOther => {
                if card
                    .interviews
                    .iter()
                    .any(|i| i.status == InterviewStatus::Bozza)
                {
                    self.error(S::draft_exists(
                        &self.keymap.hint(Context::Card, Action::ResumeInterview),
                    ));
                    return;
                }
                let kind = if action == Action::NewInterview {
                    InterviewKind::Did150
                } else {
                    InterviewKind::Altro
                };
                // A "150" interview needs the DID date: asked here, then the interview opens.
                if kind == InterviewKind::Did150 && card.citizen.data.did_date.is_none() {
                    card.did_prompt = Some(did_form());
                    self.warn(S::DID_ASK);
                    return;
                }
                self.start_interview(kind);
            }
            Action::ResumeInterview => {
                let draft = card
                    .interviews
                    .iter()
                    .find(|i| i.status == InterviewStatus::Bozza)
                    .cloned();
                let citizen = card.citizen.clone();
                match draft {
                    Some(interview) => self.open_interview(citizen, interview),
                    None => self.error(S::no_draft(
                        &self.keymap.hint(Context::Card, Action::NewInterview),
                    )),
                }
            }
            _ => {}
        }
    }

    /// Opens a new interview of `kind` for the card's person, with the instrument in use.
    fn start_interview(&mut self, kind: InterviewKind) {
        let Screen::Card(card) = &self.screen else {
            return;
        };
        let citizen = card.citizen.clone();
        let instrument = self.data.instrument.identity();
        match self
            .store
            .start_interview_with(citizen.id, kind, &instrument)
        {
            Ok(interview) => {
                self.wrote = true;
                self.open_interview(citizen, interview);
            }
            Err(e) => {
                // Someone else may have opened one meanwhile: show the card as it is.
                self.open_card(citizen.id);
                self.error(e);
            }
        }
    }

    /// Checks the typed DID date, saves it on the person (a versioned write, audited as every
    /// change to the person), then opens the "150" interview. On any error the prompt stays,
    /// with what was typed.
    fn save_did_and_start(&mut self) {
        if self.save_did().is_ok() {
            self.start_interview(InterviewKind::Did150);
        }
    }

    /// Saves the DID date typed in the prompt on the person; the prompt closes once the person
    /// has a DID date. What cannot be saved stays in the prompt and is returned.
    pub(crate) fn save_did(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::Card(card) = &mut self.screen else {
            return Ok(());
        };
        let Some(form) = card.did_prompt.as_mut() else {
            return Ok(());
        };
        let typed = form.text("did");
        let birth = card.citizen.data.birth_date;
        let date = match parse_date(&typed) {
            None => Err(S::BAD_DATE.to_string()),
            Some(d) => crate::domain::validate::check_did_date(d, birth, today)
                .map(|()| d)
                .map_err(|e| S::did_date_problem(&e)),
        };
        let date = match date {
            Ok(d) => d,
            Err(why) => {
                // The reason is under the field; the status line stays one line.
                form.set_error("did", Some(why.clone()));
                self.error(S::FIX_FIELDS);
                return Err(why);
            }
        };
        form.set_error("did", None);
        let mut data = card.citizen.data.clone();
        data.did_date = Some(date);
        let (id, version) = (card.citizen.id, card.citizen.version);
        match self.store.update_citizen(id, version, &data) {
            Ok(saved) => {
                self.wrote = true;
                card.citizen = saved;
                card.did_prompt = None;
                Ok(())
            }
            Err(e) => {
                // Someone else changed the person: read them again, keep the typed date.
                if let Ok(fresh) = self.store.citizen(id) {
                    let has_did = fresh.data.did_date.is_some();
                    card.citizen = fresh;
                    if has_did {
                        card.did_prompt = None;
                        return Ok(());
                    }
                }
                Err(self.fail(e))
            }
        }
    }

    pub(crate) fn discard_draft(&mut self) {
        let Screen::Card(card) = &self.screen else {
            return;
        };
        let citizen = card.citizen.id;
        let Some(draft) = card
            .interviews
            .iter()
            .find(|i| i.status == InterviewStatus::Bozza)
        else {
            return;
        };
        let result = self.store.discard_draft(draft.id, draft.version);
        self.open_card(citizen);
        match result {
            Ok(()) => {
                self.wrote = true;
                self.info(S::DRAFT_DISCARDED);
            }
            Err(e) => self.error(e),
        }
    }
}
pub(crate) fn render_card(app: &App, card: &Card, frame: &mut Frame, area: Rect) {
    if render_follow_up(app, card, frame, area) {
        return;
    }
    if let Some(index) = card.viewing
        && let Some(pact) = card.pacts.get(index)
    {
        return render_pact_view(app, pact, card.pact_scroll, frame, area);
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
        field(
            S::F_CONTACTS,
            [d.phone.as_str(), d.email.as_str()]
                .iter()
                .map(|v| if v.trim().is_empty() { "—" } else { v })
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        field(S::F_EDUCATION, education),
        field(
            S::F_DID,
            d.did_date.map_or_else(
                || S::NO_DID.to_string(),
                |x| x.format("%d/%m/%Y").to_string(),
            ),
        ),
        field(
            S::F_SUPPORT,
            if d.income_support.trim().is_empty() {
                "—".to_string()
            } else {
                d.income_support.clone()
            },
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
    if let Some(latest) = card.pacts.last() {
        let (text, style) = match &card.accepted {
            Some(a) => (
                S::document::card_accepted(latest.version, a.how.code(), &date_of(&a.accepted_at)),
                Style::default(),
            ),
            None => (
                S::document::card_not_accepted(latest.version),
                app.theme.dim,
            ),
        };
        lines.push(Line::from(Span::styled(format!("  {text}"), style)));
    }
    let plan_start = lines.len();
    if !card.plan.is_empty() {
        lines.extend(plan_lines(app, card));
    }
    let lines = fit_card(app, card, lines, plan_start, usize::from(area.height));
    frame.render_widget(Paragraph::new(lines), area);
    if let Some(form) = &card.did_prompt {
        // The input row always shows, with its error (up to two rows) under it.
        let error_rows = if form.fields.iter().any(|f| f.error.is_some()) {
            2
        } else {
            0
        };
        let popup = centered(area, 64, 6 + error_rows);
        frame.render_widget(ratatui::widgets::Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.border)
            .title(Span::styled(S::DID_PROMPT_TITLE, app.theme.title));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let rows = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(2),
            ratatui::layout::Constraint::Min(1),
        ])
        .split(inner);
        frame.render_widget(
            Paragraph::new(S::DID_PROMPT_TEXT).wrap(Wrap { trim: true }),
            rows[0],
        );
        form.render(frame, rows[1], &app.theme, true);
    }
}

use super::follow_up::fit_card;
use super::pact_view::{pact_view_max_scroll, render_pact_view};
