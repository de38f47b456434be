//! Application state and its update: keys become actions through the keymap, actions change
//! the state, every committed field goes to the store at once. Rendering lives in `render`.

use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::reference::ReferenceData;
use crate::store::{Recovery, Store};
use crate::strings as S;
use crate::ui::keymap::{Action, Context, Key, Keymap};
use crate::ui::screens::citizen::*;
use crate::ui::screens::interview::*;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Input, LineInput};

mod conflict;
mod contexts;
mod recovery;

pub use crate::ui::screens::agenda::Agenda;
pub use crate::ui::screens::card::Card;
pub use crate::ui::screens::citizen::CitizenForm;
pub use crate::ui::screens::home::Home;
pub use crate::ui::screens::interview::{InterviewScreen, Page, areas_shown, pages, visible_areas};
pub use crate::ui::screens::skills::SkillGapScreen;
pub use conflict::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    /// Something the operator must still do or know (not a failure, not a success).
    pub warning: bool,
    pub text: String,
}

pub enum Screen {
    Home(Home),
    CitizenForm(Box<CitizenForm>),
    Card(Box<Card>),
    Interview(Box<InterviewScreen>),
    Agenda(Agenda),
    SkillGap(Box<SkillGapScreen>),
    Accompaniment(Box<crate::ui::screens::accompaniment::AccompanimentScreen>),
    Counselling(Box<crate::ui::screens::counselling::Counselling>),
    Groups(Box<crate::ui::screens::groups::Groups>),
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
    /// Take the selected person out of a group session (their action is cancelled).
    RemoveParticipant,
    DiscardDraft,
    /// Remove the history entry, competence or required competence under the cursor.
    RemoveSkillItem,
    /// Close the skill gap analysis: its A03 action is concluded.
    CloseAnalysis,
    /// The printed pact was handed over: record that the person signed it.
    AcceptPact {
        pact_version_id: i64,
    },
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
    /// Saving everything at once (leaving, quitting, a signal): conflicts are kept, not asked.
    pub(crate) batch: bool,
    /// Recovery records put back on screen, removed once everything is saved.
    pub(crate) restored: Vec<i64>,
    /// A conflict found while saving in batch or behind another dialog, to show next.
    pub(crate) deferred_conflict: Option<Conflict>,
    /// The search and the row the last card was opened from.
    pub(crate) last_search: Option<(LineInput, usize)>,
    /// The agenda row the open card was reached from: going back returns there.
    pub(crate) agenda_return: Option<usize>,
    /// Columns and rows of the terminal, as last drawn.
    pub viewport: (u16, u16),
    /// A write happened since the last idle checkpoint.
    pub wrote: bool,
    /// Where a printed pact is written (`--print-dir`); `None`: the current directory.
    pub print_dir: Option<std::path::PathBuf>,
}

pub(crate) fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

pub(crate) fn options<T>(items: &[T], label: impl Fn(&T) -> String) -> Vec<String> {
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
                count: 0,
            }),
            dialog: None,
            help: false,
            legend: false,
            message: None,
            quit: false,
            batch: false,
            deferred_conflict: None,
            last_search: None,
            agenda_return: None,
            viewport: (crate::ui::render::MIN_WIDTH, crate::ui::render::MIN_HEIGHT),
            restored: Vec::new(),
            wrote: false,
            print_dir: None,
        };
        app.refresh_search();
        app
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            warning: false,
            text: text.into(),
        });
    }

    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            warning: true,
            text: text.into(),
        });
    }

    pub(crate) fn error(&mut self, text: impl ToString) {
        self.message = Some(Message {
            error: true,
            warning: false,
            text: text.to_string(),
        });
    }

    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_event(&event) else {
            return;
        };
        // Keys with Ctrl or Alt are commands, never editing.
        let plain = !key.ctrl && !key.alt;
        let is = |action: Action| self.keymap.keys(Context::Global, action).contains(&key);
        // Keys act only on what is visible. Behind the "too small" notice only quitting works.
        if self.too_small() {
            if is(Action::Quit) {
                self.quit();
            }
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        // The legend covering the page at narrow widths: its key or Esc closes it, quitting
        // still works, anything else would act on what cannot be seen.
        if self.legend_covers_page() {
            if is(Action::ToggleLegend) || is(Action::Back) {
                self.legend = false;
            } else if is(Action::Quit) {
                self.quit();
            }
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
        if self.type_in_group_search(&event, plain) {
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
            let is_flag = matches!(field.input, Input::Flag(_));
            let is_choice = matches!(field.input, Input::Choice { .. });
            if editing_key && field.handle(&event) {
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = true;
                }
                // A yes/no given with its letter moves on, like an answer in the questionnaire;
                // so does a rating of the check-list (then past its note, to the next rating).
                let letter = matches!(event.code, KeyCode::Char(c) if "sSnN".contains(c));
                let on_checklist = matches!(&self.screen,
                    Screen::Interview(i) if i.current_page() == Page::Checklist
                        && i.note.is_none());
                if is_flag && letter {
                    self.update(Action::NextField);
                } else if is_choice
                    && on_checklist
                    && matches!(event.code, KeyCode::Char(c) if c.is_ascii_digit())
                {
                    // A rating by its number moves on; letters may be the start of a longer
                    // search, and stay.
                    self.update(Action::NextField);
                    self.update(Action::NextField);
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
        if closed || self.paste_in_group_search(text) {
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
        self.route(action);
        self.settle_restored();
    }

    fn route(&mut self, action: Action) {
        if let Some(dialog) = self.dialog.take() {
            match action {
                Action::Cancel | Action::Back => {
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
            Screen::Agenda(_) => self.update_agenda(action),
            Screen::SkillGap(_) => self.update_skill_gap(action),
            Screen::Accompaniment(_) => self.update_accompaniment(action),
            Screen::Counselling(_) => self.update_counselling(action),
            Screen::Groups(_) => self.update_groups(action),
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

    pub(crate) fn ask_leave_unsaved(&mut self, kept: Vec<Kept>, quit: bool) {
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

    /// Shows a store error and returns its text.
    pub(crate) fn fail(&mut self, e: impl ToString) -> String {
        let text = e.to_string();
        self.error(text.clone());
        text
    }

    /// The dialog's answer: `action` is the key's action (confirm, sign, keep mine, take theirs).
    pub(crate) fn answer_dialog(&mut self, dialog: Dialog, action: Action) {
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

    pub(crate) fn confirmed(&mut self, pending: Pending) {
        match pending {
            Pending::DiscardCitizenForm => {
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = false;
                }
                self.leave_citizen_form();
            }
            Pending::DiscardSubForm => {
                if let Screen::Interview(i) = &mut self.screen {
                    i.propensity_form = None;
                    i.action_form = None;
                }
                if let Screen::Card(c) = &mut self.screen
                    && let Some(f) = &mut c.follow_up
                {
                    f.form = None;
                }
                if let Screen::SkillGap(s) = &mut self.screen {
                    s.form = None;
                }
                if let Screen::Accompaniment(a) = &mut self.screen {
                    a.form = None;
                }
                match &mut self.screen {
                    Screen::Counselling(c) => c.form = None,
                    Screen::Groups(g) => g.form = None,
                    _ => {}
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
                    match result {
                        Ok(()) => self.info(S::PROPENSITY_REMOVED),
                        Err(e) => self.error(e),
                    }
                }
            }
            Pending::RemoveAction => {
                let Screen::Interview(i) = &mut self.screen else {
                    return;
                };
                if let Some(a) = i.actions.get(i.action_cursor) {
                    let (id, version) = (a.id, a.version);
                    let result = self.write_interview(&Group::Any, |store, _, v| {
                        store.remove_action(id, version, v)
                    });
                    self.reload_actions();
                    match result {
                        Ok(()) => self.info(S::ACTION_REMOVED),
                        Err(e) => self.error(e),
                    }
                }
            }
            Pending::RemoveParticipant => self.remove_participant(),
            Pending::DiscardDraft => self.discard_draft(),
            Pending::RemoveSkillItem => self.remove_skill_item(),
            Pending::CloseAnalysis => self.close_analysis(),
            Pending::AcceptPact { pact_version_id } => self.accept_pact(pact_version_id),
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
}
