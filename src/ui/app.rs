//! Application state and its update: keys become actions through the keymap, actions change
//! the state, every committed field goes to the store at once. Rendering lives in `render`.

use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

use super::form::{Field, Form, LineInput};
use super::keymap::{Action, Context, Key, Keymap};
use super::theme::Theme;

mod recovery;
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::pact;
use crate::domain::records::{
    ActionKind, ActionStatus, ChecklistEntry, Citizen, CitizenData, CitizenSummary, Citizenship,
    CvRecord, Interview, InterviewKind, InterviewStatus, PactVersion, PlannedAction, Propensity,
    Sex, check_cv, check_propensity,
};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{
    PathChange, Plafond, Scores, check_path_change, check_plafond, score,
};
use crate::import::{parse_date, valid_email, valid_phone};
use crate::store::{
    FlagField, Recovery, SeenVersions, Store, StoreError, StoredAction, StoredCv, StoredPropensity,
    TextField,
};
use crate::strings as S;

/// Rows of search results fetched per query.
const SEARCH_LIMIT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

pub struct Home {
    pub query: LineInput,
    pub results: Vec<CitizenSummary>,
    pub selected: usize,
}

pub struct CitizenForm {
    pub citizen: Option<Citizen>,
    pub form: Form,
    pub changed: bool,
}

pub struct Card {
    pub citizen: Citizen,
    pub interviews: Vec<Interview>,
    pub pacts: Vec<PactVersion>,
    pub cv: Option<StoredCv>,
    pub selected: usize,
    pub viewing: Option<usize>,
}

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

pub enum Screen {
    Home(Home),
    CitizenForm(CitizenForm),
    Card(Card),
    Interview(Box<InterviewScreen>),
}

/// What a confirmed dialog does.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DiscardCitizenForm,
    /// Close the propensione or action form without saving.
    DiscardSubForm,
    /// Sign the pact: only the signing key confirms, never Enter.
    Sign,
    /// Signing is not possible: the dialog only lists why.
    CannotSign,
    RemovePropensity,
    RemoveAction,
    DiscardDraft,
    /// Leave (quit, or go back to the card) with what could not be saved kept as a recovery
    /// record.
    LeaveUnsaved {
        quit: bool,
    },
    /// Put back what an earlier session could not save.
    Restore(Vec<Recovery>),
    /// Someone else saved the same thing: keep ours or take theirs.
    Conflict(Box<Conflict>),
}

pub struct Dialog {
    pub title: String,
    pub lines: Vec<String>,
    pub question: String,
    pub pending: Pending,
}

/// Something typed that is not in the database yet, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub what: String,
    pub why: String,
}

/// A save refused because another operator saved the same record first: the values on both
/// sides, and what to do with each choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub target: ConflictTarget,
    /// Label, value saved by the other operator, value typed here.
    pub rows: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConflictTarget {
    /// Fields of an interview page, with the values now stored.
    Page {
        page: Page,
        ids: Vec<String>,
        theirs: serde_json::Map<String, serde_json::Value>,
    },
    /// The note of an area.
    Note {
        area: String,
        theirs: String,
    },
    Propensity(StoredPropensity),
    Action(StoredAction),
    Citizen(Box<Citizen>),
}

pub struct App {
    pub store: Store,
    pub data: ReferenceData,
    pub keymap: Keymap,
    pub theme: Theme,
    pub today: NaiveDate,
    pub screen: Screen,
    pub dialog: Option<Dialog>,
    pub help: bool,
    pub legend: bool,
    pub message: Option<Message>,
    pub quit: bool,
    /// Quitting waits on the answer to the citizen form's dialog.
    quitting: bool,
    /// Saving everything at once (leaving, quitting, a signal): conflicts are kept, not asked.
    batch: bool,
    /// Recovery records put back on screen, removed once everything is saved.
    restored: Vec<i64>,
    /// A conflict found while saving in batch or behind another dialog, to show next.
    deferred_conflict: Option<Conflict>,
    /// A write happened since the last idle checkpoint.
    pub wrote: bool,
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn options<T>(items: &[T], label: impl Fn(&T) -> String) -> Vec<String> {
    items.iter().map(label).collect()
}

impl App {
    pub fn new(
        store: Store,
        data: ReferenceData,
        keymap: Keymap,
        theme: Theme,
        today: NaiveDate,
    ) -> Self {
        let mut app = App {
            store,
            data,
            keymap,
            theme,
            today,
            screen: Screen::Home(Home {
                query: LineInput::default(),
                results: Vec::new(),
                selected: 0,
            }),
            dialog: None,
            help: false,
            legend: false,
            message: None,
            quit: false,
            quitting: false,
            batch: false,
            deferred_conflict: None,
            restored: Vec::new(),
            wrote: false,
        };
        app.refresh_search();
        app
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            text: text.into(),
        });
    }

    fn error(&mut self, text: impl ToString) {
        self.message = Some(Message {
            error: true,
            text: text.to_string(),
        });
    }

    /// The contexts whose keys apply now, innermost first (global is always last).
    pub fn contexts(&self) -> Vec<Context> {
        // Quitting and help work in dialogs too, as the footer says.
        if self.dialog.is_some() {
            return vec![Context::Dialog, Context::Global];
        }
        let mut out = match &self.screen {
            Screen::Home(_) => vec![Context::Home],
            Screen::CitizenForm(_) => vec![Context::Form],
            Screen::Card(_) => vec![Context::Card],
            Screen::Interview(i) => {
                if i.note.is_some() || i.propensity_form.is_some() || i.action_form.is_some() {
                    vec![Context::Form]
                } else {
                    match i.current_page() {
                        Page::Questionnaire if i.interview.kind.allows_assessment() => {
                            vec![Context::Questionnaire, Context::Interview]
                        }
                        Page::Propensities | Page::Plan => vec![Context::List, Context::Interview],
                        Page::Questionnaire => vec![Context::Interview],
                        Page::Path if self.path_form_shown(i) => {
                            vec![Context::Form, Context::Interview]
                        }
                        Page::Path => vec![Context::Interview],
                        _ if i.closed() => vec![Context::Interview],
                        _ => vec![Context::Form, Context::Interview],
                    }
                }
            }
        };
        out.push(Context::Global);
        out
    }

    /// Whether a key's action does something here and now (the footer shows only those).
    pub fn action_available(&self, context: Context, action: Action) -> bool {
        let pending = self.dialog.as_ref().map(|d| &d.pending);
        match (context, action) {
            (Context::Dialog, Action::Sign) => matches!(pending, Some(Pending::Sign)),
            (Context::Dialog, Action::KeepMine | Action::TakeTheirs) => {
                matches!(pending, Some(Pending::Conflict(_)))
            }
            (Context::Dialog, Action::Confirm) => !matches!(
                pending,
                Some(Pending::Sign | Pending::CannotSign | Pending::Conflict(_))
            ),
            (Context::Card, _) => {
                let Screen::Card(card) = &self.screen else {
                    return true;
                };
                let draft = card
                    .interviews
                    .iter()
                    .any(|i| i.status == InterviewStatus::Bozza);
                match action {
                    Action::ResumeInterview | Action::DiscardDraft => draft,
                    Action::NewInterview | Action::NewInterviewOther => !draft,
                    _ => true,
                }
            }
            _ => true,
        }
    }

    fn path_form_shown(&self, i: &InterviewScreen) -> bool {
        !i.closed() && !i.citizen.data.special_categories.is_empty()
    }

    /// The focused form, if keys typed now go to one.
    fn active_form(&mut self) -> Option<&mut Form> {
        let in_form = self.contexts().first() == Some(&Context::Form);
        if !in_form {
            return None;
        }
        match &mut self.screen {
            Screen::CitizenForm(c) => Some(&mut c.form),
            Screen::Interview(i) => {
                let page = i.current_page();
                if i.note.is_some() {
                    return i.note.as_mut().map(|(_, f)| f);
                }
                if i.propensity_form.is_some() {
                    return i.propensity_form.as_mut().map(|(_, f)| f);
                }
                if i.action_form.is_some() {
                    return i.action_form.as_mut().map(|(_, f)| f);
                }
                match page {
                    Page::Info => Some(&mut i.info),
                    Page::Checklist => Some(&mut i.checklist),
                    Page::Plafond => Some(&mut i.plafond),
                    Page::Cv => Some(&mut i.cv),
                    Page::Path => Some(&mut i.path),
                    Page::Terms => Some(&mut i.terms),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_event(&event) else {
            return;
        };
        // Keys with Ctrl or Alt are commands, never editing.
        let plain = !key.ctrl && !key.alt;
        if self.help {
            self.help = false;
            return;
        }
        // Text fields and choices take the keys that edit them.
        if let Screen::Home(home) = &mut self.screen
            && plain
            && self.dialog.is_none()
            && matches!(
                event.code,
                KeyCode::Char(_)
                    | KeyCode::Backspace
                    | KeyCode::Delete
                    | KeyCode::Left
                    | KeyCode::Right
                    | KeyCode::Home
                    | KeyCode::End
            )
            && (key.is_text() || !matches!(event.code, KeyCode::Char(_)))
            && home.query.handle(&event)
        {
            self.message = None;
            self.refresh_search();
            return;
        }
        let closed_interview =
            matches!(&self.screen, Screen::Interview(i) if i.closed() && i.note.is_none());
        if !closed_interview
            && let Some(form) = self.active_form()
            && let Some(field) = form.focused_mut()
        {
            let editing_key = plain
                && (key.is_text()
                    || matches!(
                        event.code,
                        KeyCode::Backspace
                            | KeyCode::Delete
                            | KeyCode::Left
                            | KeyCode::Right
                            | KeyCode::Home
                            | KeyCode::End
                    )
                    || (field.is_note()
                        && matches!(event.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down)));
            if editing_key && field.handle(&event) {
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = true;
                }
                return;
            }
        }
        // One keystroke answers an area.
        if let KeyCode::Char(c) = event.code
            && key.is_text()
            && c.is_ascii_digit()
            && self.contexts().first() == Some(&Context::Questionnaire)
        {
            self.answer(c.to_digit(10).unwrap_or(0) as usize);
            return;
        }
        let contexts = self.contexts();
        let action = contexts.iter().find_map(|&c| {
            c.actions()
                .iter()
                .copied()
                .find(|&a| self.keymap.keys(c, a).contains(&key))
        });
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// Nothing happened for a while: the moment for work that must not delay a key, such as
    /// moving the database's write-ahead log into the main file.
    pub fn idle(&mut self) {
        if self.wrote {
            self.wrote = false;
            let _ = self.store.checkpoint_idle();
        }
    }

    /// Pasted text (one event, from the terminal's bracketed paste): typed into the search or
    /// the focused text field, and saved like typed text.
    pub fn paste(&mut self, text: &str) {
        if self.help || self.dialog.is_some() {
            return;
        }
        if let Screen::Home(home) = &mut self.screen {
            let one_line: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let at = home
                .query
                .text
                .char_indices()
                .nth(home.query.cursor)
                .map_or(home.query.text.len(), |(b, _)| b);
            home.query.text.insert_str(at, one_line.trim_end());
            home.query.cursor += one_line.trim_end().chars().count();
            self.message = None;
            return self.refresh_search();
        }
        let closed = matches!(&self.screen, Screen::Interview(i) if i.closed());
        if closed {
            return;
        }
        if let Some(form) = self.active_form()
            && form.paste(text)
            && let Screen::CitizenForm(c) = &mut self.screen
        {
            c.changed = true;
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Some(dialog) = self.dialog.take() {
            match action {
                Action::Cancel | Action::Back => {
                    self.quitting = false;
                    // Back to the screen: a conflict found while leaving is shown now, so
                    // nothing is settled without the operator seeing both values.
                    if let Some(conflict) = self.deferred_conflict.take() {
                        self.ask_conflict(conflict);
                    }
                }
                // Quitting again from the question about unsaved text: leave, keeping it.
                Action::Quit if matches!(dialog.pending, Pending::LeaveUnsaved { .. }) => {
                    self.keep_for_recovery();
                    self.quit = true;
                }
                Action::Quit => self.quit(),
                Action::Help => {
                    self.dialog = Some(dialog);
                    self.help = true;
                }
                _ => self.answer_dialog(dialog, action),
            }
            return;
        }
        match action {
            Action::Quit => return self.quit(),
            Action::Help => {
                self.help = true;
                return;
            }
            Action::ToggleLegend => {
                self.legend = !self.legend;
                return;
            }
            _ => {}
        }
        match &self.screen {
            Screen::Home(_) => self.update_home(action),
            Screen::CitizenForm(_) => self.update_citizen_form(action),
            Screen::Card(_) => self.update_card(action),
            Screen::Interview(_) => self.update_interview(action),
        }
    }

    /// Saves whatever is pending and stops; what cannot be saved is shown and the operator
    /// chooses between going back to it and leaving it in a recovery record.
    pub fn quit(&mut self) {
        let kept = self.save_all_batch();
        if self.quit {
            return;
        }
        if kept.is_empty() {
            self.quit = true;
        } else {
            self.ask_leave_unsaved(kept, true);
        }
    }

    /// For a session that ends without the operator (SIGHUP, SIGTERM, SIGINT, SIGQUIT, terminal
    /// gone): saves everything that can be saved; the rest goes to a recovery record. A busy
    /// database delays the end once, by the busy budget: then the record goes to a file.
    pub fn save_before_exit(&mut self) {
        self.dialog = None;
        let deadline = Instant::now() + self.store.busy_budget();
        self.store.set_busy_deadline(Some(deadline));
        let kept = self.save_all_batch();
        if !kept.is_empty() {
            self.keep_for_recovery();
        }
        self.store.set_busy_deadline(None);
        self.quit = true;
    }

    /// Saves everything changed on screen, asking nothing (conflicts are kept).
    pub fn save_all_batch(&mut self) -> Vec<Kept> {
        self.batch = true;
        let kept = self.save_all();
        self.batch = false;
        kept
    }

    /// Saves every changed field and form on screen through its own write. What could not be
    /// saved (invalid, busy, in conflict) stays on screen, changed, and is listed. A conflict
    /// the operator has not settled is not saved here: only saving that field, or choosing
    /// between the two values, settles it.
    pub fn save_all(&mut self) -> Vec<Kept> {
        // Its writes share one busy budget: a database held by another writer delays the
        // operator once, not once per field.
        let shared = self.store.busy_deadline().is_none();
        if shared {
            let deadline = Instant::now() + self.store.busy_budget();
            self.store.set_busy_deadline(Some(deadline));
        }
        let kept = self.save_each();
        if shared {
            self.store.set_busy_deadline(None);
        }
        kept
    }

    fn save_each(&mut self) -> Vec<Kept> {
        let mut kept = Vec::new();
        match &self.screen {
            Screen::Interview(i) if !i.closed() => {
                if let Some((area, form)) = &i.note
                    && form.any_dirty()
                {
                    let area = area.clone();
                    let saved = if form.conflicted.is_empty() {
                        self.save_note(&area)
                    } else {
                        Err(S::CONFLICT_KEPT.into())
                    };
                    if let Err(why) = saved {
                        kept.push(Kept {
                            what: S::kept_note(&area),
                            why,
                        });
                    }
                }
                for page in [
                    Page::Info,
                    Page::Checklist,
                    Page::Plafond,
                    Page::Path,
                    Page::Terms,
                ] {
                    for id in self.page_dirty_ids(page) {
                        // A field saved with another one of its group is no longer changed.
                        if !self.page_dirty_ids(page).contains(&id) {
                            continue;
                        }
                        let unsettled = matches!(&self.screen, Screen::Interview(i)
                            if i.page_form(page).is_some_and(|f| f.conflicted.contains(&id)));
                        let saved = if unsettled {
                            Err(S::CONFLICT_KEPT.into())
                        } else {
                            self.commit(page, &id)
                        };
                        if let Err(why) = saved {
                            kept.push(Kept {
                                what: self.field_label(page, &id),
                                why,
                            });
                        }
                    }
                }
                self.forget_unchanged_cv();
                if self.sub_form_dirty(|i| Some(&i.cv))
                    && let Err(why) = self.file_cv()
                {
                    kept.push(Kept {
                        what: S::KEPT_CV.into(),
                        why,
                    });
                }
                if self.sub_form_dirty(|i| i.propensity_form.as_ref().map(|(_, f)| f)) {
                    let saved = if self
                        .sub_form_unsettled(|i| i.propensity_form.as_ref().map(|(_, f)| f))
                    {
                        Err(S::CONFLICT_KEPT.into())
                    } else {
                        self.save_propensity_form()
                    };
                    if let Err(why) = saved {
                        kept.push(Kept {
                            what: S::KEPT_PROPENSITY.into(),
                            why,
                        });
                    }
                }
                if self.sub_form_dirty(|i| i.action_form.as_ref().map(|(_, f)| f)) {
                    let saved =
                        if self.sub_form_unsettled(|i| i.action_form.as_ref().map(|(_, f)| f)) {
                            Err(S::CONFLICT_KEPT.into())
                        } else {
                            self.save_action_form()
                        };
                    if let Err(why) = saved {
                        kept.push(Kept {
                            what: S::KEPT_ACTION.into(),
                            why,
                        });
                    }
                }
            }
            Screen::CitizenForm(c) if c.changed => {
                let saved = if c.form.conflicted.is_empty() {
                    self.save_citizen_form()
                } else {
                    Err(S::CONFLICT_KEPT.into())
                };
                if let Err(why) = saved {
                    kept.push(Kept {
                        what: S::KEPT_CITIZEN.into(),
                        why,
                    });
                }
            }
            _ => {}
        }
        // An interview signed or discarded by another operator meanwhile takes no more saves:
        // what is typed on it goes to a recovery record, which the person's next draft offers.
        self.forget_unchanged_cv();
        if let Screen::Interview(i) = &self.screen
            && i.closed()
        {
            let why = StoreError::InterviewClosed(i.interview.id).to_string();
            let mut typed = Vec::new();
            for page in FORM_PAGES.into_iter().chain([Page::Cv]) {
                for id in self.page_dirty_ids(page) {
                    typed.push(self.field_label(page, &id));
                }
            }
            if let Some((area, form)) = &i.note
                && form.any_dirty()
            {
                typed.push(S::kept_note(area));
            }
            if i.propensity_form
                .as_ref()
                .is_some_and(|(_, f)| f.any_dirty())
            {
                typed.push(S::KEPT_PROPENSITY.into());
            }
            if i.action_form.as_ref().is_some_and(|(_, f)| f.any_dirty()) {
                typed.push(S::KEPT_ACTION.into());
            }
            for what in typed {
                if !kept.iter().any(|k| k.what == what) {
                    kept.push(Kept {
                        what,
                        why: why.clone(),
                    });
                }
            }
        }
        if kept.is_empty() && !self.restored.is_empty() {
            let ids = std::mem::take(&mut self.restored);
            if self.store.remove_recoveries(&ids).is_err() {
                self.restored = ids;
            }
        }
        kept
    }

    /// A CV form put back as it was (as the last CV filed, or empty) has nothing to file.
    fn forget_unchanged_cv(&mut self) {
        let data = &self.data;
        if let Screen::Interview(i) = &mut self.screen
            && i.cv.any_dirty()
            && cv_form(data, i.cvs.first()).snapshot(false) == i.cv.snapshot(false)
        {
            i.cv.mark_all_saved();
        }
    }

    fn sub_form_dirty(&self, form: impl Fn(&InterviewScreen) -> Option<&Form>) -> bool {
        matches!(&self.screen, Screen::Interview(i) if form(i).is_some_and(Form::any_dirty))
    }

    /// A sub-form in a conflict that the operator has not settled.
    fn sub_form_unsettled(&self, form: impl Fn(&InterviewScreen) -> Option<&Form>) -> bool {
        matches!(&self.screen, Screen::Interview(i)
            if form(i).is_some_and(|f| !f.conflicted.is_empty()))
    }

    fn page_dirty_ids(&self, page: Page) -> Vec<String> {
        match &self.screen {
            Screen::Interview(i) => i.page_form(page).map(Form::dirty_ids).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn field_label(&self, page: Page, id: &str) -> String {
        match &self.screen {
            Screen::Interview(i) => i
                .page_form(page)
                .and_then(|f| f.field(id))
                .map(|f| f.label.trim().to_string())
                .unwrap_or_else(|| id.to_string()),
            _ => id.to_string(),
        }
    }

    /// After a page or phase change: saves what changed; what cannot be saved stays on screen
    /// and the message says so.
    fn save_on_move(&mut self) {
        let kept = self.save_all();
        if let Some(first) = kept.first() {
            self.error(S::kept_message(&first.what, &first.why, kept.len()));
        }
    }

    fn ask_leave_unsaved(&mut self, kept: Vec<Kept>, quit: bool) {
        let mut lines = vec![S::UNSAVED_INTRO.to_string()];
        lines.extend(kept.iter().map(|k| format!("• {}: {}", k.what, k.why)));
        lines.push(S::UNSAVED_RECOVERY.to_string());
        self.dialog = Some(Dialog {
            title: S::UNSAVED_TITLE.into(),
            lines,
            question: S::UNSAVED_QUESTION.into(),
            pending: Pending::LeaveUnsaved { quit },
        });
    }

    // ---- home -----------------------------------------------------------------------------

    fn refresh_search(&mut self) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match self.store.search_citizens(&home.query.text, SEARCH_LIMIT) {
            Ok(results) => {
                home.results = results;
                home.selected = home.selected.min(home.results.len().saturating_sub(1));
            }
            Err(e) => self.error(e),
        }
    }

    fn update_home(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let last = home.results.len().saturating_sub(1);
        match action {
            Action::Up => home.selected = home.selected.saturating_sub(1),
            Action::Down => home.selected = (home.selected + 1).min(last),
            Action::PageUp => home.selected = home.selected.saturating_sub(10),
            Action::PageDown => home.selected = (home.selected + 10).min(last),
            Action::Back => {
                home.query = LineInput::default();
                self.refresh_search();
            }
            Action::Open => {
                if let Some(id) = home.results.get(home.selected).map(|r| r.id) {
                    self.open_card(id);
                }
            }
            Action::NewCitizen => {
                let prefill = home.query.text.trim().to_uppercase();
                let mut form = citizen_form(&self.data, None);
                if CodiceFiscale::parse(&prefill).is_ok()
                    && let Some(f) = form.field_mut("cf")
                {
                    f.set_text(&prefill);
                    f.dirty = true;
                }
                self.screen = Screen::CitizenForm(CitizenForm {
                    citizen: None,
                    form,
                    changed: false,
                });
                self.message = None;
                self.offer_recovery(None, None);
            }
            _ => {}
        }
    }

    fn go_home(&mut self) {
        let query = match &self.screen {
            Screen::Home(h) => h.query.clone(),
            _ => LineInput::default(),
        };
        self.screen = Screen::Home(Home {
            query,
            results: Vec::new(),
            selected: 0,
        });
        self.refresh_search();
    }

    // ---- citizen form -----------------------------------------------------------------------

    fn update_citizen_form(&mut self, action: Action) {
        let Screen::CitizenForm(c) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PreviousField => {
                let left = c.form.move_focus(action == Action::NextField);
                if left.as_deref() == Some("cf") {
                    fill_from_cf(&mut c.form, self.today);
                }
            }
            Action::Save => {
                let _ = self.save_citizen_form();
            }
            Action::Back => {
                if c.changed {
                    self.dialog = Some(discard_dialog());
                } else {
                    self.leave_citizen_form();
                }
            }
            _ => {}
        }
    }

    fn leave_citizen_form(&mut self) {
        let back_to = match &self.screen {
            Screen::CitizenForm(c) => c.citizen.as_ref().map(|c| c.id),
            _ => None,
        };
        match back_to {
            Some(id) => self.open_card(id),
            None => self.go_home(),
        }
    }

    /// Saves the citizen form if valid (then opens the card); otherwise the errors show beside
    /// the fields and the form stays as typed.
    fn save_citizen_form(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::CitizenForm(c) = &mut self.screen else {
            return Ok(());
        };
        fill_from_cf(&mut c.form, today);
        let Some(data) = citizen_from_form(&mut c.form, &self.data, today) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let result = match &c.citizen {
            None => self.store.insert_citizen(&data),
            Some(existing) => self
                .store
                .update_citizen(existing.id, existing.version, &data),
        };
        match result {
            Ok(saved) => {
                self.wrote = true;
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = false;
                }
                self.open_card(saved.id);
                self.info(S::CITIZEN_SAVED);
                Ok(())
            }
            Err(StoreError::Conflict { id, .. }) => self.citizen_conflict(id, &data),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn citizen_conflict(&mut self, id: i64, mine: &CitizenData) -> Result<(), String> {
        let fresh = match self.store.citizen(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::CitizenForm(c) = &mut self.screen else {
            return Ok(());
        };
        let base = c.citizen.as_ref().map(|b| b.data.clone());
        c.citizen = Some(fresh.clone());
        if base.as_ref() == Some(&fresh.data) || fresh.data == *mine {
            return self.save_citizen_form();
        }
        let theirs = citizen_form(&self.data, Some(&fresh.data));
        let ours = citizen_form(&self.data, Some(mine));
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Citizen(Box::new(fresh)),
        });
        Err(S::CONFLICT_KEPT.into())
    }

    // ---- card ---------------------------------------------------------------------------------

    fn open_card(&mut self, citizen_id: i64) {
        self.deferred_conflict = None;
        let loaded = (|| -> Result<Card, StoreError> {
            Ok(Card {
                citizen: self.store.citizen(citizen_id)?,
                interviews: self.store.interviews_of(citizen_id)?,
                pacts: self.store.pact_versions_of(citizen_id)?,
                cv: self.store.cvs_of(citizen_id)?.into_iter().next(),
                selected: 0,
                viewing: None,
            })
        })();
        match loaded {
            Ok(card) => self.screen = Screen::Card(card),
            Err(e) => self.error(e),
        }
    }

    fn update_card(&mut self, action: Action) {
        let Screen::Card(card) = &mut self.screen else {
            return;
        };
        if card.viewing.is_some() {
            if matches!(action, Action::Back | Action::Open) {
                card.viewing = None;
            }
            return;
        }
        let last = card.pacts.len().saturating_sub(1);
        match action {
            Action::Up => card.selected = card.selected.saturating_sub(1),
            Action::Down => card.selected = (card.selected + 1).min(last),
            Action::Open if !card.pacts.is_empty() => card.viewing = Some(card.selected),
            Action::Back => self.go_home(),
            Action::EditCitizen => {
                let citizen = card.citizen.clone();
                let id = citizen.id;
                self.screen = Screen::CitizenForm(CitizenForm {
                    form: citizen_form(&self.data, Some(&citizen.data)),
                    citizen: Some(citizen),
                    changed: false,
                });
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
                let citizen = card.citizen.clone();
                match self.store.start_interview(citizen.id, kind) {
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

    // ---- interview ------------------------------------------------------------------------------

    fn open_interview(&mut self, citizen: Citizen, interview: Interview) {
        self.deferred_conflict = None;
        let loaded = (|| -> Result<_, StoreError> {
            Ok((
                self.store.propensities_of(citizen.id)?,
                self.store.cvs_of(citizen.id)?,
                self.store.actions_of(interview.id)?,
            ))
        })();
        let (propensities, cvs, actions) = match loaded {
            Ok(l) => l,
            Err(e) => return self.error(e),
        };
        let data = &self.data;
        let info = info_form(data, &citizen, &interview);
        let checklist = checklist_form(data, &interview);
        let plafond = plafond_form(data, &interview);
        let cv = cv_form(data, cvs.first());
        let path = path_form(data, &citizen, &interview);
        let terms = terms_form(&interview, self.store.operator());
        let phase = interview.phase.clamp(1, 3);
        let (citizen_id, interview_id) = (citizen.id, interview.id);
        let closed = interview.status != InterviewStatus::Bozza;
        // The questionnaire resumes at the first area still without an answer.
        let first_missing = {
            let scores = score(
                &data.instrument,
                &interview.answers,
                interview.plafond.as_ref(),
            );
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
        }));
        self.message = None;
        if !closed {
            self.offer_recovery(Some(citizen_id), Some(interview_id));
        }
    }

    /// The scores of the interview on screen.
    pub fn scores(&self, i: &InterviewScreen) -> Scores {
        score(
            &self.data.instrument,
            &i.interview.answers,
            i.interview.plafond.as_ref(),
        )
    }

    /// Area ids the questionnaire shows: A, B, C, and D while it is enabled.
    pub fn visible_areas(&self, i: &InterviewScreen) -> Vec<String> {
        visible_areas(&self.data, i)
    }

    /// Runs a store write for the interview on screen and keeps the new version. When another
    /// operator saved the interview first, it is read again: if they did not touch `group`, the
    /// write is simply repeated on the new version; if they did, both values are shown and the
    /// operator chooses (the typed value stays on screen meanwhile).
    fn write_interview(
        &mut self,
        group: &Group,
        write: impl Fn(&mut Store, i64, i64) -> Result<i64, StoreError>,
    ) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Err(String::new());
        };
        let id = i.interview.id;
        let first = write(&mut self.store, id, i.interview.version);
        let result = match first {
            Err(StoreError::Conflict { .. }) => match self.reconcile(group)? {
                true => {
                    let Screen::Interview(i) = &self.screen else {
                        return Err(String::new());
                    };
                    write(&mut self.store, id, i.interview.version)
                }
                false => return Err(S::CONFLICT_KEPT.into()),
            },
            other => other,
        };
        match result {
            Ok(version) => {
                if let Screen::Interview(i) = &mut self.screen {
                    i.interview.version = version;
                }
                self.wrote = true;
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Shows a store error and returns its text.
    fn fail(&mut self, e: impl ToString) -> String {
        let text = e.to_string();
        self.error(text.clone());
        text
    }

    /// Reads the interview again after a conflict and takes the other operator's changes to
    /// everything not being typed. True when `group` was not changed by them (the write can be
    /// repeated); false when it was (the operator is asked, unless saving in batch).
    fn reconcile(&mut self, group: &Group) -> Result<bool, String> {
        let Screen::Interview(i) = &self.screen else {
            return Err(String::new());
        };
        let fresh = match self.store.interview(i.interview.id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let operator = self.store.operator().to_string();
        let conflict = match group {
            Group::Any => None,
            Group::Note(area) => {
                let note = |iv: &Interview| {
                    iv.answer_notes
                        .iter()
                        .find(|(a, _)| a == area)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_default()
                };
                let (base, theirs) = (note(&i.interview), note(&fresh));
                let mine = i
                    .note
                    .as_ref()
                    .map(|(_, f)| f.text("note"))
                    .unwrap_or_default();
                (base != theirs && theirs != mine).then(|| Conflict {
                    rows: vec![(S::kept_note(area), shown(&theirs), shown(&mine))],
                    target: ConflictTarget::Note {
                        area: area.clone(),
                        theirs,
                    },
                })
            }
            Group::Fields(page, ids) => {
                let base = page_form(&self.data, &i.citizen, &i.interview, *page, &operator);
                let theirs = page_form(&self.data, &i.citizen, &fresh, *page, &operator);
                let mine = i.page_form(*page);
                match (base, theirs, mine) {
                    (Some(base), Some(theirs), Some(mine)) => {
                        let changed = |id: &String| {
                            base.field(id).map(Field::value) != theirs.field(id).map(Field::value)
                        };
                        let differs = |id: &String| {
                            theirs.field(id).map(Field::value) != mine.field(id).map(Field::value)
                        };
                        if ids.iter().any(changed) && ids.iter().any(differs) {
                            let rows = ids
                                .iter()
                                .filter_map(|id| {
                                    let (t, m) = (theirs.field(id)?, mine.field(id)?);
                                    Some((t.label.trim().to_string(), t.shown(), m.shown()))
                                })
                                .collect();
                            let snapshot = theirs.snapshot(false);
                            Some(Conflict {
                                rows,
                                target: ConflictTarget::Page {
                                    page: *page,
                                    ids: ids.clone(),
                                    theirs: ids
                                        .iter()
                                        .filter_map(|id| {
                                            snapshot.get(id).map(|v| (id.clone(), v.clone()))
                                        })
                                        .collect(),
                                },
                            })
                        } else {
                            None
                        }
                    }
                    _ => None,
                }
            }
        };
        self.adopt_interview(fresh);
        match conflict {
            None => Ok(true),
            Some(c) => {
                self.ask_conflict(c);
                Ok(false)
            }
        }
    }

    /// Shows a conflict and its two values, unless saving in batch (then it is only kept).
    fn ask_conflict(&mut self, conflict: Conflict) {
        self.mark_conflicted(&conflict.target);
        self.error(S::CONFLICT_KEPT);
        if self.batch || self.dialog.is_some() {
            // Shown as soon as the operator is back on the screen (see `update`).
            self.deferred_conflict.get_or_insert(conflict);
            return;
        }
        let mut lines = vec![S::CONFLICT_INTRO.to_string()];
        for (label, theirs, mine) in &conflict.rows {
            let (theirs, mine) = excerpts(theirs, mine);
            lines.push(label.clone());
            lines.push(format!("  {} {theirs}", S::CONFLICT_THEIRS));
            lines.push(format!("  {} {mine}", S::CONFLICT_MINE));
        }
        self.dialog = Some(Dialog {
            title: S::CONFLICT_TITLE.into(),
            lines,
            question: S::CONFLICT_QUESTION.into(),
            pending: Pending::Conflict(Box::new(conflict)),
        });
    }

    /// Marks what is in conflict, so that no save on the operator's behalf (quitting, a signal,
    /// a page change) writes it over the other operator's value.
    fn mark_conflicted(&mut self, target: &ConflictTarget) {
        let form = match (&mut self.screen, target) {
            (Screen::Interview(i), ConflictTarget::Page { page, ids, .. }) => {
                if let Some(form) = i.page_form_mut(*page) {
                    for id in ids {
                        if !form.conflicted.contains(id) {
                            form.conflicted.push(id.clone());
                        }
                    }
                }
                return;
            }
            (Screen::Interview(i), ConflictTarget::Note { .. }) => {
                i.note.as_mut().map(|n| &mut n.1)
            }
            (Screen::Interview(i), ConflictTarget::Propensity(_)) => {
                i.propensity_form.as_mut().map(|p| &mut p.1)
            }
            (Screen::Interview(i), ConflictTarget::Action(_)) => {
                i.action_form.as_mut().map(|a| &mut a.1)
            }
            (Screen::CitizenForm(c), ConflictTarget::Citizen(_)) => Some(&mut c.form),
            _ => None,
        };
        if let Some(form) = form {
            form.conflicted = form.fields.iter().map(|f| f.id.clone()).collect();
        }
    }

    /// Takes a newer copy of the interview: every form is built from it again, and the fields
    /// being typed keep their typed values (and stay to be saved).
    fn adopt_interview(&mut self, fresh: Interview) {
        let operator = self.store.operator().to_string();
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        i.interview = fresh;
        for page in FORM_PAGES {
            let Some(mut rebuilt) =
                page_form(&self.data, &i.citizen, &i.interview, page, &operator)
            else {
                continue;
            };
            if let Some(old) = i.page_form_mut(page) {
                let typed = old.snapshot(true);
                rebuilt.focus = old.focus.min(rebuilt.fields.len().saturating_sub(1));
                if page != Page::Terms {
                    rebuilt.mark_all_saved();
                }
                rebuilt.restore(&typed);
                rebuilt.conflicted = std::mem::take(&mut old.conflicted);
                *old = rebuilt;
            }
        }
    }

    /// Reloads the interview from the store (after a write that changed several columns).
    fn reload_interview(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.interview(i.interview.id) {
            Ok(fresh) => i.interview = fresh,
            Err(e) => self.error(e),
        }
    }

    fn answer(&mut self, option: usize) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        if i.closed() {
            return self.info(S::INTERVIEW_CLOSED_READONLY);
        }
        let areas = self.visible_areas(i);
        let Some(area_id) = areas.get(i.area).cloned() else {
            return;
        };
        let Some(area) = self.data.instrument.area(&area_id) else {
            return;
        };
        if option >= area.options.len() {
            let message = crate::domain::scoring::AnswerError::OptionOutOfRange {
                area: area_id.clone(),
                option,
                options: area.options.len(),
            };
            return self.error(message);
        }
        self.store_answer(&area_id, Some(option));
    }

    /// Saves (or clears) the answer of an area; on success moves to the next area when
    /// answering, and warns if the plafond or the change of percorso no longer hold.
    fn store_answer(&mut self, area_id: &str, option: Option<usize>) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let (id, version) = (i.interview.id, i.interview.version);
        let instrument = &self.data.instrument;
        let mut result = self
            .store
            .set_answer(instrument, id, version, area_id, option);
        if matches!(result, Err(StoreError::Conflict { .. })) {
            // Another operator saved the interview: take their changes, then answer on top.
            match self.store.interview(id) {
                Ok(fresh) => {
                    let version = fresh.version;
                    self.adopt_interview(fresh);
                    let instrument = &self.data.instrument;
                    result = self
                        .store
                        .set_answer(instrument, id, version, area_id, option);
                }
                Err(e) => return self.error(e),
            }
        }
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        let instrument = &self.data.instrument;
        match result {
            Ok(version) => {
                self.wrote = true;
                i.interview.version = version;
                match option {
                    Some(o) => {
                        let _ = i.interview.answers.set(instrument, area_id, o);
                        let count = visible_areas(&self.data, i).len();
                        i.area = (i.area + 1).min(count.saturating_sub(1));
                    }
                    None => i.interview.answers.clear(area_id),
                }
                let stale = pact::stale_choices(instrument, &i.interview, &i.citizen.data);
                self.message = stale.first().map(|m| Message {
                    error: true,
                    text: S::describe_missing(m),
                });
            }
            Err(e) => self.error(e),
        }
    }

    fn update_interview(&mut self, action: Action) {
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
                    if self.file_cv().is_ok() {
                        self.info(S::CV_FILED);
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
    fn leave_interview(&mut self) {
        if let Screen::Interview(i) = &self.screen {
            let (citizen, draft) = (i.citizen.id, !i.closed());
            self.open_card(citizen);
            if draft {
                self.info(S::QUIT_SAVED);
            }
        }
    }

    /// Saves the note of an area; the note box stays open if it could not.
    fn save_note(&mut self, area: &str) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Err(String::new());
        };
        let Some((_, form)) = &i.note else {
            return Ok(());
        };
        let text = form.text("note");
        let area = area.to_string();
        self.write_interview(&Group::Note(area.clone()), |store, id, v| {
            store.set_answer_note(id, v, &area, &text)
        })?;
        if let Screen::Interview(i) = &mut self.screen {
            i.interview.answer_notes.retain(|(a, _)| *a != area);
            if !text.is_empty() {
                i.interview.answer_notes.push((area, text));
            }
            if let Some((_, form)) = &mut i.note {
                form.mark_all_saved();
            }
        }
        Ok(())
    }

    /// Saves one field of an interview page (with the fields saved together with it); the
    /// fields count as saved only once the write committed.
    fn commit(&mut self, page: Page, id: &str) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        if i.closed() {
            let closed = StoreError::InterviewClosed(i.interview.id);
            return Err(self.fail(closed));
        }
        let group: Vec<String> = match page {
            Page::Info if id == "expectations" => vec![id.to_string()],
            Page::Info => self
                .data
                .info_topics
                .iter()
                .map(|t| t.id.clone())
                .filter(|t| i.info.field(t).is_some())
                .collect(),
            Page::Checklist => {
                let dimension = id.trim_end_matches("_nota");
                vec![dimension.to_string(), format!("{dimension}_nota")]
            }
            Page::Plafond if PLAFOND_FIELDS.contains(&id) => {
                PLAFOND_FIELDS.iter().map(|f| f.to_string()).collect()
            }
            Page::Path => PATH_FIELDS.iter().map(|f| f.to_string()).collect(),
            _ => vec![id.to_string()],
        };
        let result = match page {
            Page::Info => self.commit_info(id, &group),
            Page::Checklist => self.commit_checklist(&group),
            Page::Plafond => self.commit_plafond(id, &group),
            Page::Path => self.commit_path_change(&group),
            Page::Terms => self.commit_terms(id, &group),
            _ => Ok(()),
        };
        if result.is_ok()
            && let Screen::Interview(i) = &mut self.screen
            && let Some(form) = i.page_form_mut(page)
        {
            for id in &group {
                form.mark_saved(id);
            }
        }
        result
    }

    fn commit_info(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Info, group.to_vec());
        if id == "expectations" {
            let text = i.info.text("expectations");
            self.write_interview(&fields, |s, id, v| {
                s.set_text(id, v, TextField::Expectations, &text)
            })?;
            if let Screen::Interview(i) = &mut self.screen {
                i.interview.expectations = text;
            }
        } else {
            let items: Vec<String> = group
                .iter()
                .filter(|t| {
                    i.info
                        .field(t)
                        .is_some_and(|f| f.flag_value() == Some(true))
                })
                .cloned()
                .collect();
            self.write_interview(&fields, |s, id, v| s.set_info_items(id, v, &items))?;
            if let Screen::Interview(i) = &mut self.screen {
                i.interview.info_items = items;
            }
        }
        Ok(())
    }

    fn commit_checklist(&mut self, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let dimension = group[0].clone();
        let rating = i
            .checklist
            .field(&dimension)
            .and_then(Field::selected)
            .and_then(|r| self.data.checklist.ratings.get(r))
            .map(|r| r.id.clone());
        let entry = ChecklistEntry {
            rating,
            note: i.checklist.text(&format!("{dimension}_nota")),
            dimension,
        };
        let fields = Group::Fields(Page::Checklist, group.to_vec());
        self.write_interview(&fields, |s, id, v| s.set_checklist(id, v, &entry))?;
        if let Screen::Interview(i) = &mut self.screen {
            i.interview
                .checklist
                .retain(|c| c.dimension != entry.dimension);
            i.interview.checklist.push(entry);
        }
        Ok(())
    }

    fn commit_terms(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Terms, group.to_vec());
        match id {
            "responsible" | "frequency" | "proof" => {
                let field = match id {
                    "responsible" => TextField::PactResponsible,
                    "frequency" => TextField::ContactFrequency,
                    _ => TextField::SearchProof,
                };
                let text = i.terms.text(id);
                self.write_interview(&fields, |s, iid, v| s.set_text(iid, v, field, &text))?;
            }
            _ => {
                let field = match id {
                    "workshops" => FlagField::AvailableWorkshops,
                    "training" => FlagField::AvailableTraining,
                    _ => FlagField::AvailableOffers,
                };
                let value = i.terms.field(id).and_then(Field::flag_value);
                self.write_interview(&fields, |s, iid, v| s.set_flag(iid, v, field, value))?;
            }
        }
        self.reload_interview();
        Ok(())
    }

    fn commit_plafond(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Plafond, group.to_vec());
        match id {
            "final_note" | "fragility_note" => {
                let column = if id == "final_note" {
                    TextField::FinalNote
                } else {
                    TextField::FragilityNote
                };
                let text = i.plafond.text(id);
                self.write_interview(&fields, |s, iid, v| s.set_text(iid, v, column, &text))?;
                self.reload_interview();
                return Ok(());
            }
            "social" => {
                let value = i.plafond.field("social").and_then(Field::flag_value);
                self.write_interview(&fields, |s, iid, v| {
                    s.set_flag(iid, v, FlagField::SocialServicesInvolved, value)
                })?;
                self.reload_interview();
                return Ok(());
            }
            _ => {}
        }
        let targets: Vec<String> = self
            .data
            .instrument
            .targets()
            .map(|t| t.id.to_string())
            .collect();
        let target = i
            .plafond
            .field("target")
            .and_then(Field::selected)
            .and_then(|t| targets.get(t).cloned());
        let points = i
            .plafond
            .field("points")
            .and_then(Field::selected)
            .and_then(|p| S::PLAFOND_POINTS.get(p))
            .and_then(|p| p.parse::<i32>().ok());
        let note = i.plafond.text("plafond_note");
        match (target, points) {
            (None, None) if note.is_empty() => {
                if i.interview.plafond.is_some() {
                    self.write_interview(&fields, |s, iid, v| s.set_plafond(iid, v, None))?;
                    self.reload_interview();
                    self.info(S::PLAFOND_REMOVED);
                }
                Ok(())
            }
            (Some(target), Some(points)) if !note.is_empty() => {
                let plafond = Plafond {
                    target,
                    points,
                    note,
                };
                let base = score(&self.data.instrument, &i.interview.answers, None);
                if let Err(e) = check_plafond(&self.data.instrument, &base, &plafond) {
                    let field = match e {
                        crate::domain::scoring::PlafondError::MissingNote => "plafond_note",
                        crate::domain::scoring::PlafondError::ZeroPoints
                        | crate::domain::scoring::PlafondError::PointsOutOfRange { .. }
                        | crate::domain::scoring::PlafondError::OutOfBounds { .. } => "points",
                        _ => "target",
                    };
                    i.plafond.set_error(field, Some(e.to_string()));
                    return Err(self.fail(e));
                }
                self.write_interview(&fields, |s, iid, v| s.set_plafond(iid, v, Some(&plafond)))?;
                self.reload_interview();
                self.info(S::PLAFOND_APPLIED);
                Ok(())
            }
            _ => {
                // Being filled in: said calmly, and kept until complete.
                self.info(S::PLAFOND_INCOMPLETE);
                Err(S::PLAFOND_INCOMPLETE.into())
            }
        }
    }

    fn commit_path_change(&mut self, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let path = i
            .path
            .field("path")
            .and_then(Field::selected)
            .and_then(|p| self.data.instrument.paths.get(p))
            .map(|p| p.id);
        let categories = &i.citizen.data.special_categories;
        let category = i
            .path
            .field("category")
            .and_then(Field::selected)
            .and_then(|c| categories.get(c).cloned());
        let note = i.path.text("note");
        let fields = Group::Fields(Page::Path, group.to_vec());
        match (path, category) {
            (None, None) if note.is_empty() => {
                if i.interview.path_change.is_some() {
                    self.write_interview(&fields, |s, iid, v| s.set_path_change(iid, v, None))?;
                    self.reload_interview();
                }
                Ok(())
            }
            (Some(path), Some(category)) if !note.is_empty() => {
                let change = PathChange {
                    path,
                    category,
                    note,
                };
                let scores = score(
                    &self.data.instrument,
                    &i.interview.answers,
                    i.interview.plafond.as_ref(),
                );
                let eligible: Vec<&str> = categories.iter().map(String::as_str).collect();
                if let Err(e) =
                    check_path_change(&self.data.instrument, &scores, &eligible, &change)
                {
                    i.path.set_error("path", Some(e.to_string()));
                    return Err(self.fail(e));
                }
                self.write_interview(&fields, |s, iid, v| {
                    s.set_path_change(iid, v, Some(&change))
                })?;
                self.reload_interview();
                self.info(S::CHANGE_SAVED);
                Ok(())
            }
            _ => {
                self.info(S::CHANGE_INCOMPLETE);
                Err(S::CHANGE_INCOMPLETE.into())
            }
        }
    }

    fn update_list(&mut self, page: Page, action: Action) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        let closed = i.closed();
        match page {
            Page::Propensities => {
                let last = i.propensities.len().saturating_sub(1);
                match action {
                    Action::Up => i.propensity_cursor = i.propensity_cursor.saturating_sub(1),
                    Action::Down => i.propensity_cursor = (i.propensity_cursor + 1).min(last),
                    Action::Add if !closed => {
                        if i.propensities.len() >= crate::domain::records::MAX_PROPENSITIES {
                            return self.error(S::MAX_PROPENSITIES_REACHED);
                        }
                        i.propensity_form =
                            Some((None, propensity_form(&self.data, None, self.today)));
                    }
                    Action::Edit if !closed => {
                        if let Some(p) = i.propensities.get(i.propensity_cursor) {
                            i.propensity_form = Some((
                                Some((p.id, p.version)),
                                propensity_form(&self.data, Some(&p.data), self.today),
                            ));
                        }
                    }
                    Action::Remove if !closed && !i.propensities.is_empty() => {
                        self.dialog = Some(Dialog {
                            title: S::PROPENSITY_TITLE.into(),
                            lines: vec![],
                            question: S::PROPENSITY_REMOVE.into(),
                            pending: Pending::RemovePropensity,
                        });
                    }
                    _ => {}
                }
            }
            Page::Plan => {
                let last = i.actions.len().saturating_sub(1);
                match action {
                    Action::Up => i.action_cursor = i.action_cursor.saturating_sub(1),
                    Action::Down => i.action_cursor = (i.action_cursor + 1).min(last),
                    Action::Add if !closed => {
                        i.action_form = Some((None, action_form(&self.data, None)));
                    }
                    Action::Edit => {
                        if let Some(a) = i.actions.get(i.action_cursor) {
                            i.action_form = Some((
                                Some((a.id, a.version)),
                                action_form(&self.data, Some(&a.data)),
                            ));
                        }
                    }
                    Action::Remove if !closed && !i.actions.is_empty() => {
                        self.dialog = Some(Dialog {
                            title: S::ACTION_TITLE.into(),
                            lines: vec![],
                            question: S::ACTION_REMOVE.into(),
                            pending: Pending::RemoveAction,
                        });
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Keys on the propensione or action form: move, leave (asking if something was typed),
    /// save.
    fn update_sub_form(&mut self, action: Action) {
        let save_key = self.keymap.hint(Context::Global, Action::Save);
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        let propensity = i.propensity_form.is_some();
        let Some((_, form)) = i.propensity_form.as_mut().or(i.action_form.as_mut()) else {
            return;
        };
        match action {
            Action::NextField | Action::PreviousField => {
                form.move_focus(action == Action::NextField);
            }
            Action::Back if form.any_dirty() => {
                self.dialog = Some(discard_sub_form_dialog(&save_key));
            }
            Action::Back => {
                i.propensity_form = None;
                i.action_form = None;
            }
            Action::Save if propensity => {
                let _ = self.save_propensity_form();
            }
            Action::Save => {
                let _ = self.save_action_form();
            }
            _ => {}
        }
    }

    fn save_propensity_form(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let Some((existing, form)) = &mut i.propensity_form else {
            return Ok(());
        };
        let Some(p) = propensity_from_form(form) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let others = i.propensities.len() - usize::from(existing.is_some());
        let seps: Vec<u32> = self.data.seps.iter().map(|s| s.id).collect();
        if let Err(e) = check_propensity(&p, others, &seps) {
            return Err(self.fail(e));
        }
        let existing = *existing;
        let result = match existing {
            None => self
                .store
                .add_propensity(i.citizen.id, Some(i.interview.id), &p)
                .map(|_| ()),
            Some((id, version)) => self.store.update_propensity(id, version, &p).map(|_| ()),
        };
        match result {
            Ok(()) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.propensity_form = None;
                }
                self.reload_propensities();
                self.info(S::PROPENSITY_SAVED);
                Ok(())
            }
            Err(StoreError::Conflict { id, .. }) => self.propensity_conflict(id, &p),
            Err(StoreError::NotFound { .. }) if existing.is_some() => {
                // Removed by someone else: the form stays, and saving again adds it anew.
                if let Screen::Interview(i) = &mut self.screen
                    && let Some((existing, _)) = &mut i.propensity_form
                {
                    *existing = None;
                }
                self.reload_propensities();
                Err(self.fail(S::REMOVED_BY_OTHER))
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The propensione was saved by someone else since it was opened: same changes, or none
    /// that touch what is typed here, and the save is repeated; otherwise both are shown.
    fn propensity_conflict(&mut self, id: i64, mine: &Propensity) -> Result<(), String> {
        let fresh = match self.store.propensity(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let base = i.propensities.iter().find(|p| p.id == id).map(|p| &p.data);
        if let Some((existing, _)) = &mut i.propensity_form {
            *existing = Some((id, fresh.version));
        }
        if base == Some(&fresh.data) || fresh.data == *mine {
            return self.save_propensity_form();
        }
        let theirs = propensity_form(&self.data, Some(&fresh.data), self.today);
        let ours = propensity_form(&self.data, Some(mine), self.today);
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Propensity(fresh),
        });
        Err(S::CONFLICT_KEPT.into())
    }

    fn reload_propensities(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.propensities_of(i.citizen.id) {
            Ok(p) => {
                i.propensity_cursor = i.propensity_cursor.min(p.len().saturating_sub(1));
                i.propensities = p;
            }
            Err(e) => self.error(e),
        }
    }

    fn save_action_form(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let Some((existing, form)) = &mut i.action_form else {
            return Ok(());
        };
        let Some(planned) = action_from_form(form, &self.data) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let existing = *existing;
        let result = match existing {
            None => self
                .write_interview(&Group::Any, |store, id, v| {
                    store.add_action(id, v, &planned).map(|(_, v)| v)
                })
                .map_err(StoreOrText::Text),
            Some((id, action_version)) => self
                .store
                .update_action(id, action_version, &planned)
                .map(|_| ())
                .map_err(StoreOrText::Store),
        };
        match result {
            Ok(()) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.action_form = None;
                }
                self.reload_actions();
                self.info(S::ACTION_SAVED);
                Ok(())
            }
            Err(StoreOrText::Text(why)) => Err(why),
            Err(StoreOrText::Store(StoreError::Conflict { id, .. })) => {
                self.action_conflict(id, &planned)
            }
            Err(StoreOrText::Store(StoreError::NotFound { .. })) => {
                if let Screen::Interview(i) = &mut self.screen
                    && let Some((existing, _)) = &mut i.action_form
                {
                    *existing = None;
                }
                self.reload_actions();
                Err(self.fail(S::REMOVED_BY_OTHER))
            }
            Err(StoreOrText::Store(e)) => Err(self.fail(e)),
        }
    }

    fn action_conflict(&mut self, id: i64, mine: &PlannedAction) -> Result<(), String> {
        let fresh = match self.store.action(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let base = i.actions.iter().find(|a| a.id == id).map(|a| &a.data);
        if let Some((existing, _)) = &mut i.action_form {
            *existing = Some((id, fresh.version));
        }
        if base == Some(&fresh.data) || fresh.data == *mine {
            return self.save_action_form();
        }
        let theirs = action_form(&self.data, Some(&fresh.data));
        let ours = action_form(&self.data, Some(mine));
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Action(fresh),
        });
        Err(S::CONFLICT_KEPT.into())
    }

    fn reload_actions(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.actions_of(i.interview.id) {
            Ok(a) => {
                i.action_cursor = i.action_cursor.min(a.len().saturating_sub(1));
                i.actions = a;
            }
            Err(e) => self.error(e),
        }
    }

    /// Files the CV on screen (checked first); the form stays as typed if it cannot be.
    fn file_cv(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        if i.closed() {
            return Ok(());
        }
        let provinces: Vec<String> =
            i.cv.field("provinces")
                .map(Field::checked)
                .unwrap_or_default()
                .into_iter()
                .zip(&self.data.provinces)
                .filter(|(c, _)| *c)
                .map(|(_, p)| p.code.clone())
                .collect();
        let cv = CvRecord {
            filed_on: self.today,
            consent: i.cv.field("consent").and_then(Field::flag_value) == Some(true),
            provinces,
            pdf_path: i.cv.text("pdf"),
        };
        let has_title = self
            .data
            .education
            .iter()
            .any(|e| e.id == i.citizen.data.education && e.is_title);
        let known: Vec<&str> = self
            .data
            .provinces
            .iter()
            .map(|p| p.code.as_str())
            .collect();
        if let Err(e) = check_cv(&cv, has_title, i.propensities.len(), &known) {
            return Err(self.fail(e));
        }
        let (citizen, interview) = (i.citizen.id, i.interview.id);
        match self.store.file_cv(citizen, Some(interview), &cv) {
            Ok(stored) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.cvs.insert(0, stored);
                    i.cv.mark_all_saved();
                }
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Signing: everything typed must be saved and nothing required missing; then a dialog
    /// that only the signing key confirms.
    fn ask_close(&mut self) {
        if let Screen::Interview(i) = &self.screen
            && i.closed()
        {
            return self.info(S::INTERVIEW_CLOSED_READONLY);
        }
        let kept = self.save_all();
        if self.dialog.is_some() {
            return;
        }
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let scores = self.scores(i);
        let planned: Vec<PlannedAction> = i.actions.iter().map(|a| a.data.clone()).collect();
        let missing = pact::missing(
            &self.data.instrument,
            &i.citizen.data,
            &i.interview,
            &self.data.info_topics,
            &scores,
            i.propensities.len(),
            &planned,
        );
        if kept.is_empty() && missing.is_empty() {
            self.dialog = Some(Dialog {
                title: S::CLOSE_TITLE.into(),
                lines: vec![S::CLOSE_NOTHING_MISSING.to_string()],
                question: S::SIGN_QUESTION.into(),
                pending: Pending::Sign,
            });
            return;
        }
        let mut lines = vec![S::CLOSE_MISSING.to_string()];
        lines.extend(kept.iter().map(|k| format!("• {}: {}", k.what, k.why)));
        lines.extend(
            missing
                .iter()
                .map(|m| format!("• {}", S::describe_missing(m))),
        );
        self.dialog = Some(Dialog {
            title: S::CANNOT_SIGN_TITLE.into(),
            lines,
            question: S::CANNOT_SIGN_QUESTION.into(),
            pending: Pending::CannotSign,
        });
    }

    /// The dialog's answer: `action` is the key's action (confirm, sign, keep mine, take theirs).
    fn answer_dialog(&mut self, dialog: Dialog, action: Action) {
        match (dialog.pending, action) {
            (Pending::Sign, Action::Sign) => self.sign(),
            (Pending::Conflict(c), Action::KeepMine) => self.keep_mine(*c),
            (Pending::Conflict(c), Action::TakeTheirs) => self.take_theirs(*c),
            (pending @ (Pending::Sign | Pending::CannotSign | Pending::Conflict(_)), _) => {
                // Only their own keys answer these.
                self.dialog = Some(Dialog { pending, ..dialog });
            }
            (pending, Action::Confirm) => self.confirmed(pending),
            (pending, _) => self.dialog = Some(Dialog { pending, ..dialog }),
        }
    }

    fn confirmed(&mut self, pending: Pending) {
        match pending {
            Pending::DiscardCitizenForm => {
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = false;
                }
                if self.quitting {
                    self.quit = true;
                } else {
                    self.leave_citizen_form();
                }
            }
            Pending::DiscardSubForm => {
                if let Screen::Interview(i) = &mut self.screen {
                    i.propensity_form = None;
                    i.action_form = None;
                }
            }
            Pending::RemovePropensity => {
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                if let Some(p) = i.propensities.get(i.propensity_cursor) {
                    let (id, version) = (p.id, p.version);
                    let result = self.store.remove_propensity(id, version);
                    self.reload_propensities();
                    if let Err(e) = result {
                        self.error(e);
                    }
                }
            }
            Pending::RemoveAction => {
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                if let Some(a) = i.actions.get(i.action_cursor) {
                    let (id, version) = (a.id, a.version);
                    let result = self.write_interview(&Group::Any, |store, iid, v| {
                        let _ = iid;
                        store.remove_action(id, version, v)
                    });
                    self.reload_actions();
                    if let Err(e) = result {
                        self.error(e);
                    }
                }
            }
            Pending::DiscardDraft => self.discard_draft(),
            Pending::LeaveUnsaved { quit } => {
                self.keep_for_recovery();
                if quit {
                    self.quit = true;
                } else if matches!(self.screen, Screen::CitizenForm(_)) {
                    self.leave_citizen_form();
                } else {
                    self.leave_interview();
                }
            }
            Pending::Restore(records) => self.restore(records),
            Pending::Sign | Pending::CannotSign | Pending::Conflict(_) => {}
        }
    }

    /// Signs the pact: the store checks, inside the signing transaction, that what is signed is
    /// what is on screen and that nothing is missing.
    fn sign(&mut self) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let seen = SeenVersions {
            interview: (i.interview.id, i.interview.version),
            citizen: (i.citizen.id, i.citizen.version),
            actions: i.actions.iter().map(|a| (a.id, a.version)).collect(),
            propensities: i.propensities.iter().map(|p| (p.id, p.version)).collect(),
        };
        let citizen = i.citizen.id;
        match self.store.sign_pact(&self.data, &seen) {
            Ok(signed) => {
                self.wrote = true;
                self.open_card(citizen);
                self.info(S::pact_signed(&signed.number, signed.version));
            }
            Err(e @ StoreError::Stale(_)) => {
                // Show what is in the database now: the operator checks it and signs again.
                self.reopen_interview();
                self.error(e);
            }
            Err(e) => self.error(e),
        }
    }

    /// Reads the interview on screen again, with the person, plan and propensioni; what is
    /// being typed stays.
    fn reopen_interview(&mut self) {
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

    fn keep_mine(&mut self, conflict: Conflict) {
        let result = match conflict.target {
            ConflictTarget::Page { page, ids, .. } => match ids.first() {
                Some(id) => self.commit(page, id),
                None => Ok(()),
            },
            ConflictTarget::Note { area, .. } => {
                let saved = self.save_note(&area);
                if saved.is_ok()
                    && let Screen::Interview(i) = &mut self.screen
                {
                    i.note = None;
                }
                saved
            }
            ConflictTarget::Propensity(_) => self.save_propensity_form(),
            ConflictTarget::Action(_) => self.save_action_form(),
            ConflictTarget::Citizen(_) => self.save_citizen_form(),
        };
        if result.is_ok() && self.dialog.is_none() {
            self.info(S::CONFLICT_MINE_SAVED);
        }
    }

    fn take_theirs(&mut self, conflict: Conflict) {
        let data = &self.data;
        match (&mut self.screen, conflict.target) {
            (Screen::Interview(i), ConflictTarget::Page { page, ids, theirs }) => {
                if let Some(form) = i.page_form_mut(page) {
                    form.restore(&theirs);
                    for id in &ids {
                        form.mark_saved(id);
                    }
                }
            }
            (Screen::Interview(i), ConflictTarget::Note { area, .. }) => {
                let _ = area;
                i.note = None;
            }
            (Screen::Interview(i), ConflictTarget::Propensity(fresh)) => {
                i.propensity_form = None;
                let _ = fresh;
            }
            (Screen::Interview(i), ConflictTarget::Action(fresh)) => {
                i.action_form = None;
                let _ = fresh;
            }
            (Screen::CitizenForm(c), ConflictTarget::Citizen(fresh)) => {
                c.form = citizen_form(data, Some(&fresh.data));
                c.citizen = Some(*fresh);
                c.changed = false;
            }
            _ => {}
        }
        self.reload_propensities();
        self.reload_actions();
        self.info(S::CONFLICT_THEIRS_TAKEN);
    }

    fn discard_draft(&mut self) {
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

/// What a write to the interview covers, to tell whether another operator's save touched it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    /// Nothing that can clash: answers, phase, adding an action.
    Any,
    Note(String),
    Fields(Page, Vec<String>),
}

/// A store error, or a text already shown.
enum StoreOrText {
    Store(StoreError),
    Text(String),
}

/// Pages whose forms are saved field by field.
const FORM_PAGES: [Page; 5] = [
    Page::Info,
    Page::Checklist,
    Page::Plafond,
    Page::Path,
    Page::Terms,
];
/// Fields of the plafond saved together.
const PLAFOND_FIELDS: [&str; 3] = ["target", "points", "plafond_note"];
/// Fields of the change of percorso saved together.
const PATH_FIELDS: [&str; 3] = ["path", "category", "note"];

/// Two long values as a dialog that must fit the screen shows them: from a little before the
/// first place where they differ, at most a few lines each.
fn excerpts(theirs: &str, mine: &str) -> (String, String) {
    const LONGEST: usize = 130;
    const BEFORE: usize = 30;
    let (a, b): (Vec<char>, Vec<char>) = (
        theirs.replace('\n', " ").chars().collect(),
        mine.replace('\n', " ").chars().collect(),
    );
    let first_difference = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let start = first_difference.saturating_sub(BEFORE);
    let cut = |chars: &[char]| {
        let shown: String = chars.iter().skip(start).take(LONGEST).collect();
        let head = if start > 0 { "…" } else { "" };
        let tail = if chars.len() > start + LONGEST {
            "…"
        } else {
            ""
        };
        format!("{head}{shown}{tail}")
    };
    (cut(&a), cut(&b))
}

/// A value for messages: `—` when empty.
fn shown(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// Label, their value and ours for every field where two forms differ.
fn differing_rows(theirs: &Form, ours: &Form) -> Vec<(String, String, String)> {
    theirs
        .fields
        .iter()
        .zip(&ours.fields)
        .filter(|(t, o)| t.value() != o.value())
        .map(|(t, o)| (t.label.trim().to_string(), t.shown(), o.shown()))
        .collect()
}

/// The form of an interview page, built from `interview` as stored.
fn page_form(
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
    let scores = score(
        &data.instrument,
        &i.interview.answers,
        i.interview.plafond.as_ref(),
    );
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

fn discard_sub_form_dialog(save_key: &str) -> Dialog {
    Dialog {
        title: S::DISCARD_TITLE.into(),
        lines: vec![S::discard_sub_form(save_key)],
        question: S::DISCARD_QUESTION.into(),
        pending: Pending::DiscardSubForm,
    }
}

fn discard_dialog() -> Dialog {
    Dialog {
        title: S::DISCARD_TITLE.into(),
        lines: vec![S::DISCARD_TEXT.into()],
        question: S::DISCARD_QUESTION.into(),
        pending: Pending::DiscardCitizenForm,
    }
}

// ---- forms ----------------------------------------------------------------------------------

pub fn citizen_form(data: &ReferenceData, c: Option<&CitizenData>) -> Form {
    let text = |f: fn(&CitizenData) -> String| c.map(f).unwrap_or_default();
    let categories = &data.categories;
    Form::new(vec![
        Field::line("cf", S::F_CF, &text(|c| c.codice_fiscale.clone())).required(),
        Field::line("surname", S::F_SURNAME, &text(|c| c.surname.clone())).required(),
        Field::line("name", S::F_NAME, &text(|c| c.name.clone())).required(),
        Field::choice(
            "sex",
            S::F_SEX,
            S::SEX_OPTIONS.iter().map(|s| s.to_string()).collect(),
            c.map(|c| usize::from(c.sex == Sex::Female)),
            false,
        )
        .required(),
        Field::line(
            "birth_date",
            S::F_BIRTH_DATE,
            &date_text(c.map(|c| c.birth_date)),
        )
        .required(),
        Field::line(
            "birth_place",
            S::F_BIRTH_PLACE,
            &text(|c| c.birth_place.clone()),
        ),
        Field::choice(
            "citizenship",
            S::F_CITIZENSHIP,
            S::CITIZENSHIP_OPTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            c.and_then(|c| c.citizenship).map(|x| match x {
                Citizenship::Italiana => 0,
                Citizenship::Ue => 1,
                Citizenship::ExtraUe => 2,
            }),
            true,
        ),
        Field::line("phone", S::F_PHONE, &text(|c| c.phone.clone())),
        Field::line("email", S::F_EMAIL, &text(|c| c.email.clone())),
        Field::line("household", S::F_HOUSEHOLD, &text(|c| c.household.clone())),
        Field::choice(
            "education",
            S::F_EDUCATION,
            options(&data.education, |e| e.name.clone()),
            c.and_then(|c| data.education.iter().position(|e| e.id == c.education)),
            true,
        ),
        Field::line(
            "employment",
            S::F_EMPLOYMENT,
            &text(|c| c.employment.clone()),
        ),
        Field::line("did", S::F_DID, &date_text(c.and_then(|c| c.did_date))),
        Field::line("support", S::F_SUPPORT, &text(|c| c.income_support.clone())),
        Field::choice(
            "class",
            S::F_CLASS,
            S::CLASS_OPTIONS.iter().map(|s| s.to_string()).collect(),
            c.and_then(|c| c.quantitative_class)
                .map(|k| usize::from(k.saturating_sub(1))),
            true,
        ),
        Field::multi(
            "categories",
            S::F_CATEGORIES,
            options(categories, |c| c.short.clone()),
            categories
                .iter()
                .map(|k| c.is_some_and(|c| c.special_categories.contains(&k.id)))
                .collect(),
        ),
    ])
}

/// Checks the codice fiscale and fills sex and birth date from it.
fn fill_from_cf(form: &mut Form, today: NaiveDate) {
    let text = form.text("cf");
    if text.is_empty() {
        return;
    }
    match CodiceFiscale::parse(&text).and_then(|cf| cf.decode(today).map(|d| (cf, d))) {
        Ok((cf, decoded)) => {
            form.set_error("cf", None);
            if let Some(f) = form.field_mut("cf") {
                f.set_text(cf.as_str());
            }
            if let Some(f) = form.field_mut("sex") {
                f.set_selected(Some(usize::from(decoded.sex == Sex::Female)));
            }
            if let Some(f) = form.field_mut("birth_date") {
                f.set_text(&date_text(Some(decoded.birth_date)));
                f.error = None;
            }
        }
        Err(e) => form.set_error("cf", Some(e.to_string())),
    }
}

/// The citizen in the form, or `None` with the errors set on the fields.
fn citizen_from_form(
    form: &mut Form,
    data: &ReferenceData,
    today: NaiveDate,
) -> Option<CitizenData> {
    let mut ok = true;
    let mut fail = |form: &mut Form, id: &str, error: String| {
        form.set_error(id, Some(error));
        if ok {
            form.focus_on(id);
        }
        ok = false;
    };
    let cf =
        CodiceFiscale::parse(&form.text("cf")).and_then(|cf| cf.decode(today).map(|d| (cf, d)));
    let (cf, decoded) = match cf {
        Ok(pair) => (Some(pair.0), Some(pair.1)),
        Err(e) => {
            fail(form, "cf", e.to_string());
            (None, None)
        }
    };
    for id in ["surname", "name"] {
        if form.text(id).is_empty() {
            fail(form, id, S::REQUIRED.into());
        }
    }
    let sex = match form.field("sex").and_then(Field::selected) {
        Some(1) => Sex::Female,
        Some(_) => Sex::Male,
        None => {
            fail(form, "sex", S::REQUIRED.into());
            Sex::Male
        }
    };
    if let Some(d) = &decoded
        && d.sex != sex
    {
        fail(form, "sex", S::sex_mismatch(d.sex.code()));
    }
    let birth = parse_date(&form.text("birth_date"));
    match (birth, &decoded) {
        (None, _) => fail(form, "birth_date", S::BAD_DATE.into()),
        (Some(b), Some(d)) if b != d.birth_date => fail(
            form,
            "birth_date",
            S::date_mismatch(&date_text(Some(d.birth_date))),
        ),
        _ => {}
    }
    let did_text = form.text("did");
    let did = if did_text.is_empty() {
        None
    } else {
        let parsed = parse_date(&did_text);
        if parsed.is_none() {
            fail(form, "did", S::BAD_DATE.into());
        }
        parsed
    };
    if !valid_email(&form.text("email")) {
        fail(form, "email", S::BAD_EMAIL.into());
    }
    if !valid_phone(&form.text("phone")) {
        fail(form, "phone", S::BAD_PHONE.into());
    }
    let (Some(cf), Some(birth), true) = (cf, birth, ok) else {
        return None;
    };
    let mut c = CitizenData::new(
        cf.as_str(),
        &form.text("surname"),
        &form.text("name"),
        sex,
        birth,
    );
    c.birth_place = form.text("birth_place");
    c.citizenship = form
        .field("citizenship")
        .and_then(Field::selected)
        .map(|i| match i {
            0 => Citizenship::Italiana,
            1 => Citizenship::Ue,
            _ => Citizenship::ExtraUe,
        });
    c.phone = form.text("phone");
    c.email = form.text("email");
    c.household = form.text("household");
    c.education = form
        .field("education")
        .and_then(Field::selected)
        .and_then(|i| data.education.get(i))
        .map(|e| e.id.clone())
        .unwrap_or_default();
    c.employment = form.text("employment");
    c.did_date = did;
    c.income_support = form.text("support");
    c.quantitative_class = form
        .field("class")
        .and_then(Field::selected)
        .map(|i| i as u8 + 1);
    c.special_categories = form
        .field("categories")
        .map(Field::checked)
        .unwrap_or_default()
        .into_iter()
        .zip(&data.categories)
        .filter(|(checked, _)| *checked)
        .map(|(_, k)| k.id.clone())
        .collect();
    Some(c)
}

fn info_form(data: &ReferenceData, citizen: &Citizen, interview: &Interview) -> Form {
    let receives_support = !citizen.data.income_support.trim().is_empty();
    let fields: Vec<Field> = data
        .info_topics
        .iter()
        .filter(|t| !t.income_support_only || receives_support)
        .map(|t| {
            let covered = interview.info_items.contains(&t.id);
            Field::flag(&t.id, &t.name, covered.then_some(true))
        })
        .collect();
    let mut form = Form::new(fields).with_wide_labels();
    form.fields.push(Field::note(
        "expectations",
        S::F_EXPECTATIONS,
        &interview.expectations,
    ));
    form
}

fn checklist_form(data: &ReferenceData, interview: &Interview) -> Form {
    let ratings = options(&data.checklist.ratings, |r| r.name.clone());
    let mut fields = Vec::new();
    for d in &data.checklist.dimensions {
        let stored = interview.checklist.iter().find(|c| c.dimension == d.id);
        let selected = stored
            .and_then(|c| c.rating.as_ref())
            .and_then(|r| data.checklist.ratings.iter().position(|x| x.id == *r));
        fields.push(Field::choice(
            &d.id,
            &format!("{} {}", d.id, d.name),
            ratings.clone(),
            selected,
            true,
        ));
        fields.push(Field::line(
            &format!("{}_nota", d.id),
            &format!("  {}", S::F_NOTE),
            stored.map_or("", |c| c.note.as_str()),
        ));
    }
    Form::new(fields)
}

fn plafond_form(data: &ReferenceData, interview: &Interview) -> Form {
    let targets: Vec<(String, String)> = data
        .instrument
        .targets()
        .map(|t| (t.id.to_string(), format!("{} {}", t.id, t.name)))
        .collect();
    let plafond = interview.plafond.as_ref();
    Form::new(vec![
        Field::choice(
            "target",
            S::F_PLAFOND_TARGET,
            targets.iter().map(|(_, n)| n.clone()).collect(),
            plafond.and_then(|p| targets.iter().position(|(id, _)| *id == p.target)),
            true,
        ),
        Field::choice(
            "points",
            S::F_PLAFOND_POINTS,
            S::PLAFOND_POINTS.iter().map(|s| s.to_string()).collect(),
            plafond.and_then(|p| {
                S::PLAFOND_POINTS
                    .iter()
                    .position(|x| x.parse::<i32>().ok() == Some(p.points))
            }),
            true,
        ),
        Field::line(
            "plafond_note",
            S::F_PLAFOND_NOTE,
            plafond.map_or("", |p| p.note.as_str()),
        ),
        Field::note("final_note", S::F_FINAL_NOTE, &interview.final_note),
        Field::flag("social", S::F_SOCIAL, interview.social_services_involved),
        Field::line("fragility_note", S::F_FRAGILITY, &interview.fragility_note),
    ])
}

fn cv_form(data: &ReferenceData, last: Option<&StoredCv>) -> Form {
    let last = last.map(|c| &c.data);
    Form::new(vec![
        Field::flag("consent", S::F_CONSENT, last.map(|c| c.consent)),
        Field::multi(
            "provinces",
            S::F_PROVINCES,
            options(&data.provinces, |p| p.code.clone()),
            data.provinces
                .iter()
                .map(|p| last.is_some_and(|c| c.provinces.contains(&p.code)))
                .collect(),
        ),
        Field::line("pdf", S::F_PDF, last.map_or("", |c| c.pdf_path.as_str())),
    ])
}

fn path_form(data: &ReferenceData, citizen: &Citizen, interview: &Interview) -> Form {
    let change = interview.path_change.as_ref();
    let categories = &citizen.data.special_categories;
    let category_names: Vec<String> = categories
        .iter()
        .map(|id| {
            data.categories
                .iter()
                .find(|c| c.id == *id)
                .map_or(id.clone(), |c| c.name.clone())
        })
        .collect();
    Form::new(vec![
        Field::choice(
            "path",
            S::F_NEW_PATH,
            options(&data.instrument.paths, |p| format!("{} {}", p.id, p.name)),
            change.and_then(|c| data.instrument.paths.iter().position(|p| p.id == c.path)),
            true,
        ),
        Field::choice(
            "category",
            S::F_CATEGORY,
            category_names,
            change.and_then(|c| categories.iter().position(|k| *k == c.category)),
            true,
        ),
        Field::line(
            "note",
            S::F_CHANGE_NOTE,
            change.map_or("", |c| c.note.as_str()),
        ),
    ])
}

fn terms_form(interview: &Interview, operator: &str) -> Form {
    let t = &interview.terms;
    let mut responsible = Field::line("responsible", S::F_RESPONSIBLE, &t.responsible);
    if t.responsible.is_empty() {
        // Proposed, and saved as soon as the operator moves on.
        responsible.set_text(operator);
        responsible.dirty = true;
    }
    Form::new(vec![
        responsible,
        Field::line("frequency", S::F_FREQUENCY, &t.contact_frequency),
        Field::line("proof", S::F_PROOF, &t.search_proof),
        Field::flag("workshops", S::F_WORKSHOPS, t.available_workshops),
        Field::flag("training", S::F_TRAINING, t.available_training),
        Field::flag("offers", S::F_OFFERS, t.available_offers),
    ])
}

fn propensity_form(data: &ReferenceData, p: Option<&Propensity>, today: NaiveDate) -> Form {
    let text = |f: fn(&Propensity) -> String| p.map(f).unwrap_or_default();
    // Provenance marks: shown as set (sì) or not said (—), never as "no" by default.
    let flag = |f: fn(&Propensity) -> bool| p.is_some_and(f).then_some(true);
    Form::new(vec![
        Field::line("cp2021", S::F_CP2021, &text(|p| p.cp2021_code.clone())),
        Field::line("title", S::F_PROFILE_TITLE, &text(|p| p.title.clone())),
        Field::flag("work", S::F_FROM_WORK, flag(|p| p.from_work)),
        Field::flag("education", S::F_FROM_EDUCATION, flag(|p| p.from_education)),
        Field::flag("training", S::F_FROM_TRAINING, flag(|p| p.from_training)),
        Field::flag("aptitude", S::F_FROM_APTITUDE, flag(|p| p.from_aptitude)),
        Field::line(
            "date",
            S::F_INTERVIEW_DATE,
            &date_text(Some(p.map_or(today, |p| p.interview_date))),
        ),
        Field::choice(
            "sep",
            S::F_SEP,
            options(&data.seps, |s| format!("{} {}", s.id, s.name)),
            p.and_then(|p| p.sep)
                .and_then(|id| data.seps.iter().position(|s| s.id == id)),
            true,
        ),
        Field::line("skills", S::F_SKILLS, &text(|p| p.skills.clone())),
        Field::line(
            "years",
            S::F_YEARS,
            &text(|p| {
                p.years_experience
                    .map(|y| y.to_string())
                    .unwrap_or_default()
            }),
        ),
        Field::line(
            "last_year",
            S::F_LAST_YEAR,
            &text(|p| p.last_year.map(|y| y.to_string()).unwrap_or_default()),
        ),
        Field::line(
            "availability",
            S::F_AVAILABILITY,
            &text(|p| p.availability.clone()),
        ),
        Field::line("licences", S::F_LICENCES, &text(|p| p.licences.clone())),
        Field::line("notes", S::F_NOTES, &text(|p| p.notes.clone())),
    ])
}

fn number_field<T: std::str::FromStr>(form: &mut Form, id: &str, ok: &mut bool) -> Option<T> {
    let text = form.text(id);
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        form.set_error(id, Some(S::BAD_NUMBER.into()));
        *ok = false;
    }
    parsed
}

fn propensity_from_form(form: &mut Form) -> Option<Propensity> {
    let mut ok = true;
    let date = parse_date(&form.text("date"));
    if date.is_none() {
        form.set_error("date", Some(S::BAD_DATE.into()));
        ok = false;
    }
    let years = number_field::<u32>(form, "years", &mut ok);
    let last_year = number_field::<i32>(form, "last_year", &mut ok);
    let flag = |id: &str| form.field(id).and_then(Field::flag_value) == Some(true);
    let sep = form
        .field("sep")
        .and_then(Field::selected)
        .map(|i| i as u32 + 1);
    let p = Propensity {
        cp2021_code: form.text("cp2021"),
        title: form.text("title"),
        from_work: flag("work"),
        from_education: flag("education"),
        from_training: flag("training"),
        from_aptitude: flag("aptitude"),
        interview_date: date?,
        sep,
        skills: form.text("skills"),
        years_experience: years,
        last_year,
        availability: form.text("availability"),
        licences: form.text("licences"),
        notes: form.text("notes"),
    };
    ok.then_some(p)
}

fn action_form(data: &ReferenceData, a: Option<&PlannedAction>) -> Form {
    let catalogue = &data.actions.actions;
    Form::new(vec![
        Field::choice(
            "code",
            S::F_ACTION_CODE,
            options(catalogue, |a| format!("{} {}", a.code, a.name)),
            Some(
                a.and_then(|a| catalogue.iter().position(|c| c.code == a.code))
                    .unwrap_or(0),
            ),
            false,
        ),
        Field::choice(
            "kind",
            S::F_ACTION_KIND,
            S::ACTION_KINDS.iter().map(|s| s.to_string()).collect(),
            Some(a.map_or(0, |a| {
                ActionKind::ALL
                    .iter()
                    .position(|k| *k == a.kind)
                    .unwrap_or(0)
            })),
            false,
        ),
        Field::line(
            "description",
            S::F_DESCRIPTION,
            a.map_or("", |a| a.description.as_str()),
        ),
        Field::line("due", S::F_DUE, &date_text(a.and_then(|a| a.due_date))),
        Field::choice(
            "status",
            S::F_STATUS,
            S::ACTION_STATUSES.iter().map(|s| s.to_string()).collect(),
            Some(a.map_or(0, |a| {
                ActionStatus::ALL
                    .iter()
                    .position(|s| *s == a.status)
                    .unwrap_or(0)
            })),
            false,
        ),
        Field::line(
            "outcome",
            S::F_OUTCOME,
            a.map_or("", |a| a.outcome.as_str()),
        ),
    ])
}

fn action_from_form(form: &mut Form, data: &ReferenceData) -> Option<PlannedAction> {
    let due_text = form.text("due");
    let due = if due_text.is_empty() {
        None
    } else {
        match parse_date(&due_text) {
            Some(d) => Some(d),
            None => {
                form.set_error("due", Some(S::BAD_DATE.into()));
                return None;
            }
        }
    };
    let code = form
        .field("code")
        .and_then(Field::selected)
        .and_then(|i| data.actions.actions.get(i))?;
    Some(PlannedAction {
        code: code.code.clone(),
        kind: form
            .field("kind")
            .and_then(Field::selected)
            .and_then(|i| ActionKind::ALL.get(i).copied())
            .unwrap_or(ActionKind::Cpi),
        description: {
            let d = form.text("description");
            if d.is_empty() { code.name.clone() } else { d }
        },
        due_date: due,
        status: form
            .field("status")
            .and_then(Field::selected)
            .and_then(|i| ActionStatus::ALL.get(i).copied())
            .unwrap_or(ActionStatus::Programmata),
        outcome: form.text("outcome"),
    })
}
