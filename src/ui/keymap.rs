//! Keys to actions, per context. The shipped keymaps are TOML files under `keymaps/`; a user
//! file replaces the keys of the actions it names and leaves the others alone.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use crate::strings as S;

pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");
pub const FUNCTION_KEYMAP: &str = include_str!("../../keymaps/funzione.toml");

/// Where the operator is: decides which bindings apply (then the global ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    Home,
    Form,
    Card,
    Interview,
    Questionnaire,
    List,
    Dialog,
    Agenda,
    /// The bilancio di competenze: history, competences, comparison.
    Skills,
    Accompaniment,
    Group,
}

impl Context {
    pub const ALL: [Context; 12] = [
        Context::Global,
        Context::Home,
        Context::Form,
        Context::Card,
        Context::Interview,
        Context::Questionnaire,
        Context::List,
        Context::Dialog,
        Context::Agenda,
        Context::Skills,
        Context::Accompaniment,
        Context::Group,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Home => "home",
            Context::Form => "form",
            Context::Card => "card",
            Context::Interview => "interview",
            Context::Questionnaire => "questionnaire",
            Context::List => "list",
            Context::Dialog => "dialog",
            Context::Agenda => "agenda",
            Context::Skills => "bilancio",
            Context::Accompaniment => "accompaniment",
            Context::Group => "group",
        }
    }

    /// Contexts where plain characters are typed into a text field.
    pub fn types_text(self) -> bool {
        matches!(self, Context::Home | Context::Form)
    }

    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Context::Global => &[Quit, Help, Back, Save, ToggleLegend],
            Context::Home => &[
                Up,
                Down,
                PageUp,
                PageDown,
                Open,
                NewCitizen,
                OpenAgenda,
                GroupSessions,
            ],
            Context::Form => &[NextField, PreviousField],
            Context::Card => &[
                Up,
                Down,
                PageUp,
                PageDown,
                Open,
                NewInterview,
                NewInterviewOther,
                ResumeInterview,
                EditCitizen,
                DiscardDraft,
                PrintPact,
                FollowUp,
                SkillGap,
                Accompaniment,
                Counselling,
            ],
            Context::Interview => &[
                NextPhase,
                PreviousPhase,
                NextPage,
                PreviousPage,
                CloseInterview,
            ],
            Context::Questionnaire => &[NextArea, PreviousArea, EditNote, ClearAnswer],
            Context::List => &[Up, Down, Add, Edit, Remove],
            Context::Dialog => &[Confirm, Cancel, Sign, KeepMine, TakeTheirs],
            Context::Agenda => &[Up, Down, PageUp, PageDown, Open],
            Context::Skills => &[
                Add,
                Edit,
                Remove,
                ToggleSuggestion,
                AddToPlan,
                ResumeInterview,
                NewAnalysis,
                EditNeed,
                CloseAnalysis,
                NextPage,
                PreviousPage,
                Up,
                Down,
            ],
            Context::Accompaniment => &[
                Up,
                Down,
                PageUp,
                PageDown,
                NewAccompaniment,
                Add,
                Edit,
                RecordHiring,
            ],
            Context::Group => &[Up, Down, Add, Edit, Remove, MarkPresent, MarkAbsent],
        }
    }
}

/// Everything the operator can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Quit,
    Help,
    Back,
    Save,
    ToggleLegend,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NewCitizen,
    NextField,
    PreviousField,
    NewInterview,
    NewInterviewOther,
    ResumeInterview,
    EditCitizen,
    NextPhase,
    PreviousPhase,
    NextPage,
    PreviousPage,
    CloseInterview,
    NextArea,
    PreviousArea,
    EditNote,
    ClearAnswer,
    Add,
    Edit,
    Remove,
    Confirm,
    Cancel,
    Sign,
    KeepMine,
    TakeTheirs,
    DiscardDraft,
    PrintPact,
    FollowUp,
    OpenAgenda,
    SkillGap,
    ToggleSuggestion,
    AddToPlan,
    NewAnalysis,
    EditNeed,
    CloseAnalysis,
    Accompaniment,
    NewAccompaniment,
    RecordHiring,
    Counselling,
    GroupSessions,
    MarkPresent,
    MarkAbsent,
}

impl Action {
    pub fn name(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "quit",
            Help => "help",
            Back => "back",
            Save => "save",
            ToggleLegend => "toggle_legend",
            Up => "up",
            Down => "down",
            PageUp => "page_up",
            PageDown => "page_down",
            Open => "open",
            NewCitizen => "new_citizen",
            NextField => "next_field",
            PreviousField => "previous_field",
            NewInterview => "new_interview",
            NewInterviewOther => "new_interview_other",
            ResumeInterview => "resume_interview",
            EditCitizen => "edit_citizen",
            NextPhase => "next_phase",
            PreviousPhase => "previous_phase",
            NextPage => "next_page",
            PreviousPage => "previous_page",
            CloseInterview => "close_interview",
            NextArea => "next_area",
            PreviousArea => "previous_area",
            EditNote => "edit_note",
            ClearAnswer => "clear_answer",
            Add => "add",
            Edit => "edit",
            Remove => "remove",
            Confirm => "confirm",
            Cancel => "cancel",
            Sign => "sign",
            KeepMine => "keep_mine",
            TakeTheirs => "take_theirs",
            DiscardDraft => "discard_draft",
            PrintPact => "print_pact",
            FollowUp => "follow_up",
            OpenAgenda => "agenda",
            SkillGap => "skill_gap",
            ToggleSuggestion => "toggle_suggestion",
            AddToPlan => "add_to_plan",
            NewAnalysis => "new_analysis",
            EditNeed => "edit_need",
            CloseAnalysis => "close_analysis",
            Accompaniment => "accompaniment",
            NewAccompaniment => "new_accompaniment",
            RecordHiring => "record_hiring",
            Counselling => "counselling",
            GroupSessions => "group_sessions",
            MarkPresent => "mark_present",
            MarkAbsent => "mark_absent",
        }
    }
}

/// What is wrong in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapProblem {
    Syntax(String),
    UnknownContext(String),
    UnknownAction {
        context: String,
        action: String,
    },
    BadKey(String),
    NoKeys(String),
    TextKey {
        context: String,
        key: String,
    },
    Conflict {
        key: String,
        first: String,
        second: String,
    },
    SignOnMovingKey(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub problem: KeymapProblem,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use KeymapProblem as P;
        let problem = match &self.problem {
            P::Syntax(m) => m.clone(),
            P::UnknownContext(c) => S::keymap_unknown_context(c),
            P::UnknownAction { context, action } => S::keymap_unknown_action(context, action),
            P::BadKey(k) => S::keymap_bad_key(k),
            P::NoKeys(a) => S::keymap_no_keys(a),
            P::TextKey { context, key } => S::keymap_text_key(context, key),
            P::Conflict { key, first, second } => S::keymap_conflict(key, first, second),
            P::SignOnMovingKey(key) => S::keymap_sign_key(key),
        };
        f.write_str(&S::keymap_error(&self.file, self.line, &problem))
    }
}

impl std::error::Error for KeymapError {}

/// Keys as written in a file: one string or a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawKeys {
    One(String),
    Many(Vec<String>),
}

type RawKeymap = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<RawKeys>>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Action), Vec<Key>>,
}

impl Keymap {
    /// The shipped default keymap.
    pub fn default_keymap() -> Result<Keymap, KeymapError> {
        Keymap {
            bindings: BTreeMap::new(),
        }
        .patched("keymaps/default.toml", DEFAULT_KEYMAP)
    }

    /// The shipped keymap for operators used to function keys: the default one with the
    /// function keys of `keymaps/funzione.toml` over it.
    pub fn function_keymap() -> Result<Keymap, KeymapError> {
        Self::default_keymap()?.patched("keymaps/funzione.toml", FUNCTION_KEYMAP)
    }

    /// This keymap with the actions named in `text` re-bound; checked for conflicts.
    pub fn patched(&self, file: &str, text: &str) -> Result<Keymap, KeymapError> {
        let at = |offset: usize| crate::data::line_column(text, offset).0;
        let fail = |offset: usize, problem: KeymapProblem| KeymapError {
            file: file.to_string(),
            line: at(offset),
            problem,
        };
        let raw: RawKeymap = toml::from_str(text).map_err(|e| KeymapError {
            file: file.to_string(),
            line: e.span().map_or(0, |s| at(s.start)),
            problem: KeymapProblem::Syntax(crate::strings::parser_message(e.message())),
        })?;
        let mut bindings = self.bindings.clone();
        let mut origin: BTreeMap<(Context, Action), usize> = BTreeMap::new();
        for (context_name, actions) in &raw {
            let context = Context::ALL
                .into_iter()
                .find(|c| c.name() == context_name.get_ref())
                .ok_or_else(|| {
                    fail(
                        context_name.span().start,
                        KeymapProblem::UnknownContext(context_name.get_ref().clone()),
                    )
                })?;
            for (action_name, keys) in actions {
                let action = context
                    .actions()
                    .iter()
                    .copied()
                    .find(|a| a.name() == action_name.get_ref())
                    .ok_or_else(|| {
                        fail(
                            action_name.span().start,
                            KeymapProblem::UnknownAction {
                                context: context.name().into(),
                                action: action_name.get_ref().clone(),
                            },
                        )
                    })?;
                let texts: Vec<&String> = match keys.get_ref() {
                    RawKeys::One(k) => vec![k],
                    RawKeys::Many(ks) => ks.iter().collect(),
                };
                if texts.is_empty() {
                    return Err(fail(
                        keys.span().start,
                        KeymapProblem::NoKeys(action_name.get_ref().clone()),
                    ));
                }
                let mut parsed = Vec::new();
                for t in texts {
                    let key = Key::parse(t)
                        .ok_or_else(|| fail(keys.span().start, KeymapProblem::BadKey(t.clone())))?;
                    // The global keys also apply where text is typed: a plain key there
                    // would be a command one moment and a letter the next (help's `?` is the
                    // one kept, for the screens without text).
                    let typed_there = context.types_text()
                        || (context == Context::Global && action != Action::Help);
                    if typed_there && key.is_text() {
                        return Err(fail(
                            keys.span().start,
                            KeymapProblem::TextKey {
                                context: context.name().into(),
                                key: t.clone(),
                            },
                        ));
                    }
                    // Signing is never one slip away: not Enter, not a key that moves.
                    if action == Action::Sign && key.moves_or_confirms() {
                        return Err(fail(
                            keys.span().start,
                            KeymapProblem::SignOnMovingKey(t.clone()),
                        ));
                    }
                    parsed.push(key);
                }
                bindings.insert((context, action), parsed);
                origin.insert((context, action), keys.span().start);
            }
        }
        let keymap = Keymap { bindings };
        if let Some((context, key, first, second)) = keymap.first_conflict() {
            let offset = origin
                .get(&(context, second))
                .or_else(|| origin.get(&(context, first)))
                .copied()
                .unwrap_or(0);
            return Err(fail(
                offset,
                KeymapProblem::Conflict {
                    key: key.to_string(),
                    first: format!("{}.{}", context.name(), first.name()),
                    second: format!("{}.{}", context.name(), second.name()),
                },
            ));
        }
        Ok(keymap)
    }

    /// Two actions of one context on the same key.
    pub fn first_conflict(&self) -> Option<(Context, Key, Action, Action)> {
        for context in Context::ALL {
            let mut seen: BTreeMap<Key, Action> = BTreeMap::new();
            for &action in context.actions() {
                for key in self.keys(context, action) {
                    if let Some(&first) = seen.get(key)
                        && first != action
                    {
                        return Some((context, *key, first, action));
                    }
                    seen.insert(*key, action);
                }
            }
        }
        None
    }

    pub fn keys(&self, context: Context, action: Action) -> &[Key] {
        self.bindings
            .get(&(context, action))
            .map_or(&[], Vec::as_slice)
    }

    /// The action of `key` in `context`, else in the global context.
    pub fn action(&self, context: Context, key: &Key) -> Option<Action> {
        let find = |ctx: Context| {
            ctx.actions()
                .iter()
                .copied()
                .find(|&a| self.keys(ctx, a).contains(key))
        };
        find(context).or_else(|| find(Context::Global))
    }

    /// The first key of an action, for hints ("" when unbound).
    pub fn hint(&self, context: Context, action: Action) -> String {
        self.keys(context, action)
            .first()
            .map(Key::to_string)
            .unwrap_or_default()
    }

    /// All bindings of a context: (action, keys), in the context's order.
    pub fn of_context(&self, context: Context) -> Vec<(Action, Vec<Key>)> {
        context
            .actions()
            .iter()
            .map(|&a| (a, self.keys(context, a).to_vec()))
            .collect()
    }
}

mod key;

pub use key::{Key, KeyCodeOrd};

#[cfg(test)]
mod tests;
