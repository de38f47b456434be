//! Group sessions from home: seminars (A06) and workshops (B03) recorded once, newest first;
//! an open session lists its participants, picked with the home search. Adding a person
//! records an action in their signed plan; attendance is marked per person; removing a person
//! before attendance is marked cancels their action. Drawn by `groups_view`.

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::records::CitizenSummary;
use crate::domain::sessions::{GROUP_CODES, GroupProblem, GroupSession, check_group_session};
use crate::domain::validate::parse_date;
use crate::store::{Participant, StoreError, StoredGroupSession};
use crate::strings::{self as S, groups as G};
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::field::{Field, LineInput};
use crate::ui::widgets::form::Form;

pub struct Groups {
    /// Newest first.
    pub sessions: Vec<StoredGroupSession>,
    pub cursor: usize,
    /// The session open, with its participants.
    pub open: Option<OpenSession>,
    /// A session being recorded or changed.
    pub form: Option<GroupForm>,
}

pub struct OpenSession {
    pub session: StoredGroupSession,
    pub participants: Vec<Participant>,
    pub cursor: usize,
    /// The search that picks a participant.
    pub search: Option<ParticipantSearch>,
}

pub struct ParticipantSearch {
    pub query: LineInput,
    pub results: Vec<CitizenSummary>,
    pub selected: usize,
}

pub struct GroupForm {
    /// The session changed (id, version read), `None` for a new one.
    pub existing: Option<(i64, i64)>,
    pub form: Form,
}

/// Rows a participant search reads.
const SEARCH_ROWS: usize = 50;

pub(crate) fn group_form(
    session: Option<&StoredGroupSession>,
    operator: &str,
    today: chrono::NaiveDate,
) -> GroupForm {
    let d = session.map(|s| &s.data);
    let code = d.and_then(|d| GROUP_CODES.iter().position(|c| *c == d.code));
    // Once people take part the code stays: their actions carry it.
    let codes: Vec<String> = match session {
        Some(s) if s.participants > 0 => {
            code.map_or_else(Vec::new, |i| vec![G::CODES[i].to_string()])
        }
        _ => G::CODES.iter().map(|c| c.to_string()).collect(),
    };
    let selected = match session {
        Some(s) if s.participants > 0 => Some(0),
        _ => code.or(Some(0)),
    };
    GroupForm {
        existing: session.map(|s| (s.id, s.version)),
        form: Form::new(vec![
            Field::choice("code", G::F_CODE, codes, selected, false).required(),
            Field::line(
                "date",
                G::F_DATE,
                &date_text(Some(d.map_or(today, |d| d.held_on))),
            )
            .required(),
            Field::line("topic", G::F_TOPIC, d.map_or("", |d| d.topic.as_str())).required(),
            Field::line(
                "operator",
                G::F_OPERATOR,
                d.map_or(operator, |d| d.operator.as_str()),
            )
            .required(),
            Field::line("place", G::F_PLACE, d.map_or("", |d| d.place.as_str())),
        ])
        .with_wide_labels(),
    }
}

/// The session the form stands for; the fields in error are marked.
pub(crate) fn group_from_form(form: &mut Form, today: chrono::NaiveDate) -> Option<GroupSession> {
    for id in ["code", "date", "topic", "operator"] {
        form.set_error(id, None);
    }
    let held_on = parse_date(&form.text("date"));
    if held_on.is_none() {
        form.set_error("date", Some(S::BAD_DATE.to_string()));
    }
    let shown = form.field("code").map(Field::shown).unwrap_or_default();
    let code = GROUP_CODES
        .iter()
        .find(|c| shown.starts_with(*c))
        .map_or(String::new(), |c| c.to_string());
    let session = GroupSession {
        code,
        held_on: held_on.unwrap_or_default(),
        topic: form.text("topic"),
        operator: form.text("operator"),
        place: form.text("place"),
    };
    let problems = check_group_session(&session, today);
    for p in &problems {
        let why = match p {
            GroupProblem::UnknownCode => G::UNKNOWN_CODE,
            GroupProblem::NoTopic => G::NO_TOPIC,
            GroupProblem::NoOperator => G::NO_OPERATOR,
            GroupProblem::FarDate => G::FAR_DATE,
        };
        form.set_error(p.field(), Some(why.to_string()));
    }
    (problems.is_empty() && held_on.is_some()).then_some(session)
}

impl App {
    /// The list of group sessions, the cursor on `cursor`.
    pub(crate) fn open_groups(&mut self, cursor: usize) {
        match self.store.group_sessions() {
            Ok(sessions) => {
                let cursor = cursor.min(sessions.len().saturating_sub(1));
                self.screen = Screen::Groups(Box::new(Groups {
                    sessions,
                    cursor,
                    open: None,
                    form: None,
                }));
                self.message = None;
                self.offer_recovery(None, None);
            }
            Err(e) => self.error(e),
        }
    }

    /// Reads the open session and its participants again (after a write).
    fn reload_group(&mut self) {
        let Screen::Groups(g) = &self.screen else {
            return;
        };
        let Some(open) = &g.open else {
            return;
        };
        let id = open.session.id;
        let loaded = (|| -> Result<_, StoreError> {
            Ok((
                self.store.group_sessions()?,
                self.store.group_session(id)?,
                self.store.participants(id)?,
            ))
        })();
        let Screen::Groups(g) = &mut self.screen else {
            return;
        };
        match loaded {
            Ok((sessions, session, participants)) => {
                g.cursor = sessions.iter().position(|s| s.id == id).unwrap_or(0);
                g.sessions = sessions;
                if let Some(open) = &mut g.open {
                    open.session = session;
                    open.cursor = open.cursor.min(participants.len().saturating_sub(1));
                    open.participants = participants;
                }
            }
            Err(e) => self.error(e),
        }
    }

    fn open_group_session(&mut self, id: i64) {
        let loaded = self
            .store
            .group_session(id)
            .and_then(|s| Ok((s, self.store.participants(id)?)));
        let Screen::Groups(g) = &mut self.screen else {
            return;
        };
        match loaded {
            Ok((session, participants)) => {
                g.open = Some(OpenSession {
                    session,
                    participants,
                    cursor: 0,
                    search: None,
                });
                self.message = None;
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_groups(&mut self, action: Action) {
        let (today, operator) = (self.today, self.store.operator().to_string());
        let Screen::Groups(g) = &mut self.screen else {
            return;
        };
        if let Some(f) = &mut g.form {
            match action {
                Action::NextField | Action::PreviousField => {
                    f.form.move_focus(action == Action::NextField);
                }
                Action::Save => {
                    let _ = self.save_group();
                }
                Action::Back if f.form.any_dirty() => {
                    let save_key = self.keymap.hint(Context::Global, Action::Save);
                    self.dialog = Some(
                        crate::ui::screens::interview::lists::discard_sub_form_dialog(&save_key),
                    );
                }
                Action::Back => {
                    g.form = None;
                    self.message = None;
                }
                _ => {}
            }
            return;
        }
        if let Some(open) = &mut g.open {
            if let Some(search) = &mut open.search {
                let last = search.results.len().saturating_sub(1);
                match action {
                    Action::Up => search.selected = search.selected.saturating_sub(1),
                    Action::Down => search.selected = (search.selected + 1).min(last),
                    Action::PageUp => search.selected = search.selected.saturating_sub(10),
                    Action::PageDown => search.selected = (search.selected + 10).min(last),
                    Action::Open => {
                        if let Some(id) = search.results.get(search.selected).map(|r| r.id) {
                            self.add_participant(id);
                        }
                    }
                    Action::Back => {
                        open.search = None;
                        self.message = None;
                    }
                    _ => {}
                }
                return;
            }
            let last = open.participants.len().saturating_sub(1);
            match action {
                Action::Up => open.cursor = open.cursor.saturating_sub(1),
                Action::Down => open.cursor = (open.cursor + 1).min(last),
                Action::Add => {
                    open.search = Some(ParticipantSearch {
                        query: LineInput::default(),
                        results: Vec::new(),
                        selected: 0,
                    });
                    self.message = None;
                    self.refresh_participant_search();
                }
                Action::Edit => {
                    g.form = Some(group_form(Some(&open.session), &operator, today));
                    self.message = None;
                }
                Action::Remove => {
                    if let Some(p) = open.participants.get(open.cursor) {
                        self.dialog = Some(Dialog {
                            title: G::REMOVE_TITLE.into(),
                            lines: vec![G::remove_text(&p.surname, &p.name)],
                            question: G::REMOVE_QUESTION.into(),
                            pending: Pending::RemoveParticipant,
                        });
                    }
                }
                Action::MarkPresent | Action::MarkAbsent => {
                    self.mark_attendance(action == Action::MarkPresent);
                }
                Action::Back => {
                    g.open = None;
                    self.message = None;
                }
                _ => {}
            }
            return;
        }
        let last = g.sessions.len().saturating_sub(1);
        match action {
            Action::Up => g.cursor = g.cursor.saturating_sub(1),
            Action::Down => g.cursor = (g.cursor + 1).min(last),
            Action::Add => {
                g.form = Some(group_form(None, &operator, today));
                self.message = None;
            }
            Action::Edit | Action::Open => {
                if let Some(id) = g.sessions.get(g.cursor).map(|s| s.id) {
                    self.open_group_session(id);
                }
            }
            Action::Back => self.go_home(),
            _ => {}
        }
    }

    /// Text typed into the participant search: keys that edit it go there. True when taken.
    pub(crate) fn type_in_group_search(&mut self, event: &KeyEvent, plain: bool) -> bool {
        if self.dialog.is_some() || !plain {
            return false;
        }
        let Screen::Groups(g) = &mut self.screen else {
            return false;
        };
        let Some(search) = g.open.as_mut().and_then(|o| o.search.as_mut()) else {
            return false;
        };
        let editing = matches!(
            event.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Home
                | KeyCode::End
        );
        if !editing || !search.query.handle(event) {
            return false;
        }
        search.selected = 0;
        self.message = None;
        self.refresh_participant_search();
        true
    }

    /// Pasted text goes into the participant search, on one line. True when it was open.
    pub(crate) fn paste_in_group_search(&mut self, text: &str) -> bool {
        let Screen::Groups(g) = &mut self.screen else {
            return false;
        };
        let Some(search) = g.open.as_mut().and_then(|o| o.search.as_mut()) else {
            return false;
        };
        let one_line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        for c in one_line.trim_end().chars() {
            let key = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            search.query.handle(&key);
        }
        search.selected = 0;
        self.refresh_participant_search();
        true
    }

    fn refresh_participant_search(&mut self) {
        let Screen::Groups(g) = &mut self.screen else {
            return;
        };
        let Some(search) = g.open.as_mut().and_then(|o| o.search.as_mut()) else {
            return;
        };
        match self.store.search_citizens(&search.query.text, SEARCH_ROWS) {
            Ok(results) => {
                search.selected = search.selected.min(results.len().saturating_sub(1));
                search.results = results;
            }
            Err(e) => self.error(e),
        }
    }

    fn add_participant(&mut self, citizen: i64) {
        let Screen::Groups(g) = &self.screen else {
            return;
        };
        let Some(open) = &g.open else {
            return;
        };
        let session = open.session.id;
        let result = self.store.add_participant(session, citizen);
        self.reload_group();
        match result {
            Ok(p) => {
                self.wrote = true;
                if let Screen::Groups(g) = &mut self.screen
                    && let Some(open) = &mut g.open
                {
                    open.search = None;
                    open.cursor = open
                        .participants
                        .iter()
                        .position(|x| x.citizen_id == p.citizen_id)
                        .unwrap_or(0);
                }
                self.info(G::ADDED);
            }
            // The search stays, for another person.
            Err(e) => self.error(e),
        }
    }

    fn mark_attendance(&mut self, present: bool) {
        let today = self.today;
        let Screen::Groups(g) = &self.screen else {
            return;
        };
        let Some(open) = &g.open else {
            return;
        };
        let Some(p) = open.participants.get(open.cursor) else {
            return;
        };
        let (session, citizen, version) = (open.session.id, p.citizen_id, p.version);
        let result = self
            .store
            .mark_attendance(session, citizen, version, present, today);
        self.reload_group();
        match result {
            Ok(()) => {
                self.wrote = true;
                self.info(if present {
                    G::MARKED_PRESENT
                } else {
                    G::MARKED_ABSENT
                });
            }
            Err(e) => self.error(e),
        }
    }

    /// Removes the participant under the cursor (confirmed), cancelling their action.
    pub(crate) fn remove_participant(&mut self) {
        let today = self.today;
        let Screen::Groups(g) = &self.screen else {
            return;
        };
        let Some(open) = &g.open else {
            return;
        };
        let Some(p) = open.participants.get(open.cursor) else {
            return;
        };
        let (session, citizen, version) = (open.session.id, p.citizen_id, p.version);
        let result = self
            .store
            .remove_participant(session, citizen, version, today);
        self.reload_group();
        match result {
            Ok(()) => {
                self.wrote = true;
                self.info(G::REMOVED);
            }
            Err(e) => self.error(e),
        }
    }

    /// What the session form holds that is not saved, as a recovery copy.
    pub(crate) fn group_payload(&self) -> Option<(Option<i64>, serde_json::Value)> {
        let Screen::Groups(g) = &self.screen else {
            return None;
        };
        let f = g.form.as_ref().filter(|f| f.form.any_dirty())?;
        let code = f.form.field("code").map(Field::shown).unwrap_or_default();
        let mut fields = f.form.snapshot(false);
        // The code by its text: the choices offered depend on the participants.
        fields.remove("code");
        Some((
            None,
            serde_json::json!({
                "tipo": "incontro",
                "id": f.existing.map(|e| e.0),
                "versione": f.existing.map(|e| e.1),
                "codice": code,
                "campi": fields,
            }),
        ))
    }

    /// Puts a recovery copy of a session form back on screen, as changed; a session changed
    /// since is saved as a conflict, never over it.
    pub(crate) fn restore_group(&mut self, payload: &serde_json::Value) -> bool {
        use serde_json::Value;
        if payload.get("tipo").and_then(Value::as_str) != Some("incontro") {
            return false;
        }
        let (today, operator) = (self.today, self.store.operator().to_string());
        let id = payload.get("id").and_then(Value::as_i64);
        let version = payload.get("versione").and_then(Value::as_i64);
        let stored = id.and_then(|id| self.store.group_session(id).ok());
        let Screen::Groups(g) = &mut self.screen else {
            return false;
        };
        let mut f = group_form(stored.as_ref(), &operator, today);
        if let (Some(id), Some(version), Some(_)) = (id, version, &stored) {
            f.existing = Some((id, version));
        }
        if let Some(fields) = payload.get("campi").and_then(Value::as_object) {
            f.form.restore(fields);
        }
        let code = payload.get("codice").and_then(Value::as_str).unwrap_or("");
        if let Some(field) = f.form.field_mut("code")
            && let crate::ui::widgets::field::Input::Choice {
                options, selected, ..
            } = &mut field.input
            && let Some(i) = options.iter().position(|o| o == code)
        {
            *selected = Some(i);
            field.dirty = true;
        }
        g.form = Some(f);
        true
    }

    /// The session form changed and not saved yet.
    pub(crate) fn group_dirty(&self) -> bool {
        matches!(&self.screen, Screen::Groups(g)
            if g.form.as_ref().is_some_and(|f| f.form.any_dirty()))
    }

    /// Saves the session form; a new session opens, ready for its participants. What cannot
    /// be saved stays on screen and is returned.
    pub(crate) fn save_group(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::Groups(g) = &mut self.screen else {
            return Ok(());
        };
        let Some(f) = g.form.as_mut() else {
            return Ok(());
        };
        let Some(session) = group_from_form(&mut f.form, today) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let result = match f.existing {
            Some((id, version)) => self.store.update_group_session(id, version, &session),
            None => self.store.add_group_session(&session),
        };
        match result {
            Ok(saved) => {
                self.wrote = true;
                if let Screen::Groups(g) = &mut self.screen {
                    g.form = None;
                }
                self.open_group_session(saved.id);
                self.reload_group();
                self.info(G::SAVED);
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}
