//! The interview: three phases of pages, routed here; each page in its own module.

pub mod carried;
pub mod checklist;
pub mod cv;
pub mod draw;
pub mod info;
pub mod lists;
pub mod paging;
pub mod path;
pub mod plafond;
pub mod plan;
pub mod propensities;
pub mod questionnaire;
pub mod saving;
pub mod signing;
pub mod terms;

pub(crate) use checklist::*;
pub(crate) use cv::*;
pub(crate) use info::*;
pub(crate) use path::*;
pub(crate) use plafond::*;
pub(crate) use plan::*;
pub(crate) use propensities::*;
pub(crate) use terms::*;

use crate::domain::records::{Citizen, Interview, InterviewStatus, PactVersion};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{Scores, score_holding};
use crate::store::{StoreError, StoredAction, StoredCv, StoredPropensity};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::Action;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Pages of each phase.
pub fn pages(phase: u8) -> &'static [&'static str] {
    match phase {
        1 => &S::PAGES_INFO,
        2 => &S::PAGES_ANALYSIS,
        _ => &S::PAGES_PACT,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Info,
    Questionnaire,
    Checklist,
    Plafond,
    Propensities,
    Cv,
    Path,
    Plan,
    Terms,
}

pub struct InterviewScreen {
    pub citizen: Citizen,
    pub interview: Interview,
    pub phase: u8,
    pub page: usize,
    /// Index into the areas shown by the questionnaire.
    pub area: usize,
    /// Note being written for an area.
    pub note: Option<(String, Form)>,
    pub info: Form,
    pub checklist: Form,
    pub plafond: Form,
    pub propensities: Vec<StoredPropensity>,
    pub propensity_cursor: usize,
    /// The propensione being edited: its id and version when it exists.
    pub propensity_form: Option<(Option<(i64, i64)>, Form)>,
    pub cvs: Vec<StoredCv>,
    pub cv: Form,
    pub path: Form,
    pub actions: Vec<StoredAction>,
    pub action_cursor: usize,
    pub action_form: Option<(Option<(i64, i64)>, Form)>,
    pub terms: Form,
    /// The signed version this interview started from.
    pub carried: Option<PactVersion>,
    /// Pages whose last save was refused (invalid, incomplete, busy, in conflict): until saved,
    /// their phase is not complete, as signing would list them.
    pub refused: Vec<Page>,
}

impl Page {
    /// The phase (1-3) and the index of the page within it.
    pub fn position(self) -> (u8, usize) {
        match self {
            Page::Info => (1, 0),
            Page::Questionnaire => (2, 0),
            Page::Checklist => (2, 1),
            Page::Plafond => (2, 2),
            Page::Propensities => (2, 3),
            Page::Cv => (2, 4),
            Page::Path => (3, 0),
            Page::Plan => (3, 1),
            Page::Terms => (3, 2),
        }
    }
}

impl InterviewScreen {
    pub fn current_page(&self) -> Page {
        match (self.phase, self.page) {
            (1, _) => Page::Info,
            (2, 0) => Page::Questionnaire,
            (2, 1) => Page::Checklist,
            (2, 2) => Page::Plafond,
            (2, 3) => Page::Propensities,
            (2, _) => Page::Cv,
            (_, 0) => Page::Path,
            (_, 1) => Page::Plan,
            _ => Page::Terms,
        }
    }

    pub fn closed(&self) -> bool {
        self.interview.status != InterviewStatus::Bozza
    }

    /// The form of a page saved field by field (or the CV form).
    pub fn page_form(&self, page: Page) -> Option<&Form> {
        match page {
            Page::Info => Some(&self.info),
            Page::Checklist => Some(&self.checklist),
            Page::Plafond => Some(&self.plafond),
            Page::Cv => Some(&self.cv),
            Page::Path => Some(&self.path),
            Page::Terms => Some(&self.terms),
            _ => None,
        }
    }

    pub fn page_form_mut(&mut self, page: Page) -> Option<&mut Form> {
        match page {
            Page::Info => Some(&mut self.info),
            Page::Checklist => Some(&mut self.checklist),
            Page::Plafond => Some(&mut self.plafond),
            Page::Cv => Some(&mut self.cv),
            Page::Path => Some(&mut self.path),
            Page::Terms => Some(&mut self.terms),
            _ => None,
        }
    }
}

/// What a write to the interview covers, to tell whether another operator's save touched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Group {
    /// Nothing that can clash: answers, phase, adding an action.
    Any,
    Note(String),
    Fields(Page, Vec<String>),
}

/// Pages whose forms are saved field by field.
pub(crate) const FORM_PAGES: [Page; 5] = [
    Page::Info,
    Page::Checklist,
    Page::Plafond,
    Page::Path,
    Page::Terms,
];

/// The form of an interview page, built from `interview` as stored.
pub(crate) fn page_form(
    data: &ReferenceData,
    citizen: &Citizen,
    interview: &Interview,
    page: Page,
    operator: &str,
) -> Option<Form> {
    Some(match page {
        Page::Info => info_form(data, citizen, interview),
        Page::Checklist => checklist_form(data, interview),
        Page::Plafond => plafond_form(data, interview),
        Page::Path => path_form(data, citizen, interview),
        Page::Terms => terms_form(interview, operator),
        _ => return None,
    })
}

/// Area ids the questionnaire shows: A, B, C, and D while it is enabled.
pub fn visible_areas(data: &ReferenceData, i: &InterviewScreen) -> Vec<String> {
    let scores = score_holding(
        &data.instrument,
        &i.interview.answers,
        i.interview.plafond.as_ref(),
    )
    .0;
    areas_shown(data, &scores)
}

/// Area ids of the enabled sections, for scores already computed.
pub fn areas_shown(data: &ReferenceData, scores: &Scores) -> Vec<String> {
    data.instrument
        .sections
        .iter()
        .filter(|s| scores.section(&s.id).is_some_and(|x| x.enabled))
        .flat_map(|s| s.areas.iter().map(|a| a.id.clone()))
        .collect()
}

impl App {
    pub(crate) fn path_form_shown(&self, i: &InterviewScreen) -> bool {
        !i.closed() && !i.citizen.data.special_categories.is_empty()
    }

    /// After a page or phase change: saves what changed; what cannot be saved stays on screen
    /// and the message says so.
    pub(crate) fn save_on_move(&mut self) {
        let kept = self.save_all();
        if let Some(first) = kept.first() {
            self.error(S::kept_message(&first.what, &first.why, kept.len()));
        }
    }

    pub(crate) fn open_interview(&mut self, citizen: Citizen, interview: Interview) {
        self.deferred_conflict = None;
        let loaded = (|| -> Result<_, StoreError> {
            Ok((
                self.store.propensities_of(citizen.id)?,
                self.store.cvs_of(citizen.id)?,
                self.store.actions_of(interview.id)?,
                match interview.carried_from_pact {
                    Some(id) => self.store.pact_version(id)?,
                    None => None,
                },
            ))
        })();
        let (propensities, cvs, actions, carried) = match loaded {
            Ok(l) => l,
            Err(e) => return self.error(e),
        };
        let data = &self.data;
        let info = info_form(data, &citizen, &interview);
        let checklist = checklist_form(data, &interview);
        let plafond = plafond_form(data, &interview);
        let cv = cv_form(data, cvs.first(), &citizen.data);
        let path = path_form(data, &citizen, &interview);
        let terms = terms_form(&interview, self.store.operator());
        let phase = interview.phase.clamp(1, 3);
        let (citizen_id, interview_id) = (citizen.id, interview.id);
        let closed = interview.status != InterviewStatus::Bozza;
        // The questionnaire resumes at the first area still without an answer.
        let first_missing = {
            let scores = score_holding(
                &data.instrument,
                &interview.answers,
                interview.plafond.as_ref(),
            )
            .0;
            areas_shown(data, &scores)
                .iter()
                .position(|a| scores.missing.first() == Some(a))
                .unwrap_or(0)
        };
        self.screen = Screen::Interview(Box::new(InterviewScreen {
            citizen,
            interview,
            phase,
            page: 0,
            area: first_missing,
            note: None,
            info,
            checklist,
            plafond,
            propensities,
            propensity_cursor: 0,
            propensity_form: None,
            cvs,
            cv,
            path,
            actions,
            action_cursor: 0,
            action_form: None,
            terms,
            carried,
            refused: Vec::new(),
        }));
        self.message = None;
        if !closed {
            self.offer_recovery(Some(citizen_id), Some(interview_id));
        }
    }

    /// The scores of the interview on screen.
    pub fn scores(&self, i: &InterviewScreen) -> Scores {
        score_holding(
            &self.data.instrument,
            &i.interview.answers,
            i.interview.plafond.as_ref(),
        )
        .0
    }

    /// Area ids the questionnaire shows: A, B, C, and D while it is enabled.
    pub fn visible_areas(&self, i: &InterviewScreen) -> Vec<String> {
        visible_areas(&self.data, i)
    }

    /// Reloads the interview from the store (after a write that changed several columns).
    pub(crate) fn reload_interview(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.interview(i.interview.id) {
            Ok(fresh) => i.interview = fresh,
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_interview(&mut self, action: Action) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        // Sub-forms first: note, propensione, action.
        if let Some((area, form)) = &mut i.note {
            if matches!(
                action,
                Action::NextField | Action::PreviousField | Action::Back | Action::Save
            ) {
                let area = area.clone();
                let dirty = form.any_dirty();
                // The box closes only once its text is saved; otherwise it stays, with the text.
                if (!dirty || self.save_note(&area).is_ok())
                    && let Screen::Interview(i) = &mut self.screen
                {
                    i.note = None;
                }
            }
            return;
        }
        if i.propensity_form.is_some() || i.action_form.is_some() {
            return self.update_sub_form(action);
        }
        let page = i.current_page();
        match action {
            Action::NextPhase | Action::PreviousPhase => {
                self.save_on_move();
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                let next = if action == Action::NextPhase {
                    (i.phase + 1).min(3)
                } else {
                    i.phase.saturating_sub(1).max(1)
                };
                if next != i.phase {
                    i.phase = next;
                    i.page = 0;
                    if !i.closed() {
                        let _ = self.write_interview(&Group::Any, |store, id, v| {
                            store.set_phase(id, v, next)
                        });
                    }
                }
            }
            Action::NextPage | Action::PreviousPage => {
                self.save_on_move();
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                let count = pages(i.phase).len();
                i.page = if action == Action::NextPage {
                    (i.page + 1) % count
                } else {
                    (i.page + count - 1) % count
                };
            }
            Action::Back => {
                let kept = self.save_all_batch();
                if kept.is_empty() {
                    self.leave_interview();
                } else {
                    self.ask_leave_unsaved(kept, false);
                }
            }
            Action::CloseInterview => self.ask_close(),
            Action::NextArea | Action::PreviousArea => {
                let count = visible_areas(&self.data, i).len();
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                i.area = if action == Action::NextArea {
                    (i.area + 1).min(count.saturating_sub(1))
                } else {
                    i.area.saturating_sub(1)
                };
            }
            Action::EditNote if !i.closed() => {
                let areas = visible_areas(&self.data, i);
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                if let Some(area) = areas.get(i.area) {
                    let current = i
                        .interview
                        .answer_notes
                        .iter()
                        .find(|(a, _)| a == area)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_default();
                    i.note = Some((
                        area.clone(),
                        Form::new(vec![Field::line("note", S::F_NOTE, &current)]),
                    ));
                }
            }
            Action::ClearAnswer if !i.closed() => {
                let areas = visible_areas(&self.data, i);
                if let Some(area) = areas.get(i.area).cloned() {
                    self.store_answer(&area, None);
                }
            }
            Action::NextField | Action::PreviousField => {
                let forward = action == Action::NextField;
                if let Some(form) = self.active_form() {
                    let left = form.move_focus(forward);
                    if let Some(id) = left {
                        let _ = self.commit(page, &id);
                    }
                }
            }
            Action::Save => {
                if page == Page::Cv {
                    if let Ok((_, message)) = self.file_cv() {
                        self.info(message);
                    }
                } else if let Some(form) = self.active_form() {
                    let ids = form.dirty_ids();
                    for id in ids {
                        if self.page_dirty_ids(page).contains(&id) {
                            let _ = self.commit(page, &id);
                        }
                    }
                }
            }
            Action::Up | Action::Down | Action::Add | Action::Edit | Action::Remove => {
                self.update_list(page, action)
            }
            _ => {}
        }
    }

    /// Back to the person's card.
    pub(crate) fn leave_interview(&mut self) {
        if let Screen::Interview(i) = &self.screen {
            let (citizen, draft) = (i.citizen.id, !i.closed());
            self.open_card(citizen);
            if draft {
                self.info(S::QUIT_SAVED);
            }
        }
    }

    /// Reads the interview on screen again, with the person, plan and propensioni; what is
    /// being typed stays.
    pub(crate) fn reopen_interview(&mut self) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let (citizen_id, interview_id) = (i.citizen.id, i.interview.id);
        match self.store.citizen(citizen_id) {
            Ok(c) => {
                if let Screen::Interview(i) = &mut self.screen {
                    i.citizen = c;
                }
            }
            Err(e) => return self.error(e),
        }
        match self.store.interview(interview_id) {
            Ok(fresh) => self.adopt_interview(fresh),
            Err(e) => return self.error(e),
        }
        self.reload_actions();
        self.reload_propensities();
    }
}
