//! Bilancio di competenze (A03), from the card: three pages, the person's history (Percorso),
//! the competence profile (Competenze) and the comparison with a target profile (Confronto):
//! required | level | possessed | gap, the training need, and the suggested actions the operator
//! selects and adds to a new version of the pact.

pub mod draw;
pub mod forms;
pub mod recovery;
pub mod suggestions;

use crate::domain::competences::{
    GapRow, PossessedCompetence, SuggestedAction, SuggestionReason, gap, suggest_actions,
};
use crate::domain::records::Citizen;
use crate::store::{
    SkillGapAnalysis, StoreError, StoredCompetence, StoredHistory, StoredPropensity,
};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::form::Form;

/// The pages of the screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillPage {
    History,
    Competences,
    Comparison,
}

impl SkillPage {
    pub const ALL: [SkillPage; 3] = [
        SkillPage::History,
        SkillPage::Competences,
        SkillPage::Comparison,
    ];
}

/// The form open over a page: what it edits, and the form.
pub enum SkillForm {
    /// A history entry: new (`None`) or the id and version it was filled from.
    History(Option<(i64, i64)>, Form),
    Competence(Option<(i64, i64)>, Form),
    /// The target profile of a new comparison.
    Target(Form),
    /// A required competence of the open comparison: new (`None`) or its position.
    Required(Option<usize>, Form),
    /// The training need and the most suitable path, in the operator's words.
    Need(Form),
}

impl SkillForm {
    pub fn form(&self) -> &Form {
        match self {
            SkillForm::History(_, f)
            | SkillForm::Competence(_, f)
            | SkillForm::Target(f)
            | SkillForm::Required(_, f)
            | SkillForm::Need(f) => f,
        }
    }

    pub fn form_mut(&mut self) -> &mut Form {
        match self {
            SkillForm::History(_, f)
            | SkillForm::Competence(_, f)
            | SkillForm::Target(f)
            | SkillForm::Required(_, f)
            | SkillForm::Need(f) => f,
        }
    }
}

pub struct SkillGapScreen {
    pub citizen: Citizen,
    pub page: SkillPage,
    pub history: Vec<StoredHistory>,
    pub competences: Vec<StoredCompetence>,
    /// Oldest first: the last one is the one shown.
    pub analyses: Vec<SkillGapAnalysis>,
    pub propensities: Vec<StoredPropensity>,
    pub history_cursor: usize,
    pub competence_cursor: usize,
    /// On the comparison: the required rows, then the training need, then the suggestions.
    pub comparison_cursor: usize,
    /// The suggestions selected (code and reason).
    pub selected: Vec<(String, SuggestionReason)>,
    pub form: Option<SkillForm>,
}

impl SkillGapScreen {
    /// The comparison shown: the person's latest.
    pub fn analysis(&self) -> Option<&SkillGapAnalysis> {
        self.analyses.last()
    }

    /// The comparison that can still change.
    pub fn open_analysis(&self) -> Option<&SkillGapAnalysis> {
        self.analysis().filter(|a| !a.closed)
    }

    pub fn possessed(&self) -> Vec<PossessedCompetence> {
        self.competences.iter().map(|c| c.data.clone()).collect()
    }

    pub fn rows(&self) -> Vec<GapRow> {
        self.analysis()
            .map(|a| gap(&a.target.required, &a.possessed(&self.possessed())))
            .unwrap_or_default()
    }

    pub fn suggestions(&self, app: &App) -> Vec<SuggestedAction> {
        suggest_actions(&self.rows(), &app.data.competences)
    }

    /// How many rows the comparison's cursor moves over.
    fn comparison_len(&self, app: &App) -> usize {
        match self.analysis() {
            Some(a) => a.target.required.len() + 1 + self.suggestions(app).len(),
            None => 0,
        }
    }

    /// What the cursor of the comparison is on.
    pub fn comparison_item(&self, app: &App) -> ComparisonItem {
        let Some(a) = self.analysis() else {
            return ComparisonItem::Nothing;
        };
        let required = a.target.required.len();
        let c = self.comparison_cursor;
        if c < required {
            ComparisonItem::Required(c)
        } else if c == required {
            ComparisonItem::Need
        } else if c - required - 1 < self.suggestions(app).len() {
            ComparisonItem::Suggestion(c - required - 1)
        } else {
            ComparisonItem::Nothing
        }
    }

    pub fn is_selected(&self, s: &SuggestedAction) -> bool {
        self.selected
            .iter()
            .any(|(code, reason)| *code == s.code && *reason == s.reason)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComparisonItem {
    Required(usize),
    Need,
    Suggestion(usize),
    Nothing,
}

impl App {
    /// Opens the bilancio di competenze of the card's person (or reloads it, keeping the page
    /// and the cursors).
    pub(crate) fn open_skill_gap(&mut self, citizen_id: i64) {
        let loaded = (|| -> Result<SkillGapScreen, StoreError> {
            Ok(SkillGapScreen {
                citizen: self.store.citizen(citizen_id)?,
                page: SkillPage::History,
                history: self.store.history_of(citizen_id)?,
                competences: self.store.competences_of(citizen_id)?,
                analyses: self.store.analyses_of(citizen_id)?,
                propensities: self.store.propensities_of(citizen_id)?,
                history_cursor: 0,
                competence_cursor: 0,
                comparison_cursor: 0,
                selected: Vec::new(),
                form: None,
            })
        })();
        match loaded {
            Ok(s) => {
                self.screen = Screen::SkillGap(Box::new(s));
                self.offer_recovery(Some(citizen_id), None);
            }
            Err(e) => self.error(e),
        }
    }

    /// Reads the lists again after a write; the page, the cursors and the form stay.
    pub(crate) fn reload_skill_gap(&mut self) -> Result<(), StoreError> {
        let Screen::SkillGap(s) = &self.screen else {
            return Ok(());
        };
        let id = s.citizen.id;
        let history = self.store.history_of(id)?;
        let competences = self.store.competences_of(id)?;
        let analyses = self.store.analyses_of(id)?;
        let Screen::SkillGap(s) = &mut self.screen else {
            return Ok(());
        };
        s.history_cursor = s.history_cursor.min(history.len().saturating_sub(1));
        s.competence_cursor = s.competence_cursor.min(competences.len().saturating_sub(1));
        s.history = history;
        s.competences = competences;
        s.analyses = analyses;
        Ok(())
    }

    pub(crate) fn update_skill_gap(&mut self, action: Action) {
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        if let Some(form) = &mut s.form {
            match action {
                Action::NextField | Action::PreviousField => {
                    form.form_mut().move_focus(action == Action::NextField);
                }
                Action::Save => {
                    let _ = self.save_skill_form();
                }
                Action::Back if form.form().any_dirty() => {
                    let save_key = self.keymap.hint(Context::Global, Action::Save);
                    self.dialog = Some(
                        crate::ui::screens::interview::lists::discard_sub_form_dialog(&save_key),
                    );
                }
                Action::Back => {
                    s.form = None;
                    self.message = None;
                }
                _ => {}
            }
            return;
        }
        let page_index = SkillPage::ALL
            .iter()
            .position(|p| *p == s.page)
            .unwrap_or(0);
        match action {
            Action::NextPage => s.page = SkillPage::ALL[(page_index + 1) % 3],
            Action::PreviousPage => s.page = SkillPage::ALL[(page_index + 2) % 3],
            Action::Back => {
                let id = s.citizen.id;
                self.open_card(id);
            }
            Action::Up | Action::Down => self.move_skill_cursor(action == Action::Down),
            Action::Add => self.add_skill_item(),
            Action::Edit => self.edit_skill_item(),
            Action::Remove => self.ask_remove_skill_item(),
            Action::ToggleSuggestion => self.toggle_suggestion(),
            Action::AddToPlan => self.add_suggestions_to_plan(),
            Action::ResumeInterview => self.open_draft_from_skill_gap(),
            Action::NewAnalysis => self.new_analysis(),
            Action::EditNeed => self.edit_need(),
            Action::CloseAnalysis => self.ask_close_analysis(),
            _ => {}
        }
    }

    fn move_skill_cursor(&mut self, down: bool) {
        let len = match &self.screen {
            Screen::SkillGap(s) => match s.page {
                SkillPage::History => s.history.len(),
                SkillPage::Competences => s.competences.len(),
                SkillPage::Comparison => s.comparison_len(self),
            },
            _ => return,
        };
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        let cursor = match s.page {
            SkillPage::History => &mut s.history_cursor,
            SkillPage::Competences => &mut s.competence_cursor,
            SkillPage::Comparison => &mut s.comparison_cursor,
        };
        *cursor = if down {
            (*cursor + 1).min(len.saturating_sub(1))
        } else {
            cursor.saturating_sub(1)
        };
    }

    fn toggle_suggestion(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let ComparisonItem::Suggestion(n) = s.comparison_item(self) else {
            return self.error(S::skills::TOGGLE_WHERE);
        };
        let Some(suggestion) = s.suggestions(self).into_iter().nth(n) else {
            return;
        };
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        let key = (suggestion.code.clone(), suggestion.reason);
        if let Some(at) = s.selected.iter().position(|k| *k == key) {
            s.selected.remove(at);
        } else {
            s.selected.push(key);
        }
        self.message = None;
    }

    fn ask_remove_skill_item(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let what = match s.page {
            SkillPage::History => s
                .history
                .get(s.history_cursor)
                .map(|h| h.data.title.clone()),
            SkillPage::Competences => s
                .competences
                .get(s.competence_cursor)
                .map(|c| c.data.competence.name.clone()),
            SkillPage::Comparison => match (s.comparison_item(self), s.open_analysis()) {
                (ComparisonItem::Required(n), Some(a)) => {
                    a.target.required.get(n).map(|r| r.competence.name.clone())
                }
                (ComparisonItem::Required(_), None) => {
                    return self.error(S::skills::ANALYSIS_CLOSED);
                }
                _ => None,
            },
        };
        let Some(what) = what else {
            return;
        };
        self.dialog = Some(Dialog {
            title: S::skills::REMOVE_TITLE.into(),
            lines: vec![S::skills::remove_text(&what)],
            question: S::skills::REMOVE_QUESTION.into(),
            pending: Pending::RemoveSkillItem,
        });
    }

    /// The confirmed removal of the row under the cursor.
    pub(crate) fn remove_skill_item(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let result = match s.page {
            SkillPage::History => match s.history.get(s.history_cursor) {
                Some(h) => {
                    let (id, v) = (h.id, h.version);
                    self.store.remove_history(id, v)
                }
                None => return,
            },
            SkillPage::Competences => match s.competences.get(s.competence_cursor) {
                Some(c) => {
                    let (id, v) = (c.id, c.version);
                    self.store.remove_competence(id, v)
                }
                None => return,
            },
            SkillPage::Comparison => {
                let (ComparisonItem::Required(n), Some(a)) =
                    (s.comparison_item(self), s.open_analysis())
                else {
                    return;
                };
                let mut target = a.target.clone();
                if n < target.required.len() {
                    target.required.remove(n);
                }
                let (id, v, need) = (a.id, a.version, a.training_need.clone());
                self.store
                    .update_analysis(id, v, &target, &need)
                    .map(|_| ())
            }
        };
        self.wrote |= result.is_ok();
        let reloaded = self.reload_skill_gap();
        match result.and(reloaded) {
            Ok(()) => self.info(S::skills::REMOVED),
            Err(e) => self.error(e),
        }
    }

    fn ask_close_analysis(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        if s.open_analysis().is_none() {
            return self.error(S::skills::NO_OPEN_ANALYSIS);
        }
        let outcome = self.analysis_outcome();
        self.dialog = Some(Dialog {
            title: S::skills::CLOSE_TITLE.into(),
            lines: vec![S::skills::close_text(&outcome)],
            question: S::skills::CLOSE_QUESTION.into(),
            pending: Pending::CloseAnalysis,
        });
    }

    /// The outcome the A03 action gets when the analysis is closed.
    fn analysis_outcome(&self) -> String {
        let Screen::SkillGap(s) = &self.screen else {
            return String::new();
        };
        let need = crate::domain::competences::training_need(&s.rows());
        S::skills::outcome(need.to_acquire.len(), need.to_update.len())
    }

    pub(crate) fn close_analysis(&mut self) {
        let outcome = self.analysis_outcome();
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let Some(a) = s.open_analysis() else {
            return;
        };
        let (id, v) = (a.id, a.version);
        let result = self.store.close_analysis(id, v, &outcome);
        self.wrote |= result.is_ok();
        let reloaded = self.reload_skill_gap();
        match result.map(|_| ()).and(reloaded) {
            Ok(()) => self.info(S::skills::closed(&outcome)),
            Err(e) => self.error(e),
        }
    }

    /// The form changed and not saved yet.
    pub(crate) fn skill_form_dirty(&self) -> bool {
        matches!(&self.screen, Screen::SkillGap(s)
            if s.form.as_ref().is_some_and(|f| f.form().any_dirty()))
    }
}

impl App {
    /// Whether a key of the bilancio does something on the page shown.
    pub(crate) fn skill_action_available(&self, action: Action) -> bool {
        let Screen::SkillGap(s) = &self.screen else {
            return true;
        };
        let comparison = s.page == SkillPage::Comparison;
        let open = s.open_analysis().is_some();
        match action {
            Action::Add => !comparison || open,
            Action::Edit => match s.page {
                SkillPage::History => !s.history.is_empty(),
                SkillPage::Competences => !s.competences.is_empty(),
                SkillPage::Comparison => s.analysis().is_some(),
            },
            Action::Remove => match s.page {
                SkillPage::History => !s.history.is_empty(),
                SkillPage::Competences => !s.competences.is_empty(),
                SkillPage::Comparison => {
                    open && matches!(s.comparison_item(self), ComparisonItem::Required(_))
                }
            },
            Action::ToggleSuggestion => {
                comparison && matches!(s.comparison_item(self), ComparisonItem::Suggestion(_))
            }
            Action::AddToPlan => comparison && !s.selected.is_empty(),
            Action::NewAnalysis => comparison && !open,
            Action::EditNeed | Action::CloseAnalysis => comparison && open,
            _ => true,
        }
    }
}
