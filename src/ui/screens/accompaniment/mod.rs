//! Accompagnamento al lavoro (B03) from the card: the person's accompaniments, the events "a
//! processo" of the selected one, its result "a risultato"; forms to start one, to add or change
//! an event and to record the hiring, which closes it with its plan actions.

use crate::domain::accompaniment::{self as domain, EventData, EventKind, HiringField, PlanAction};
use crate::domain::records::{ActionStatus, Citizen};
use crate::domain::reference::ReferenceData;
use crate::domain::validate::parse_date;
use crate::store::{StoreError, StoredAccompaniment, StoredAction};
use crate::strings as S;
use crate::strings::accompaniment as T;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

mod draw;
pub(crate) mod recovery;
mod saving;

pub(crate) use draw::render_accompaniment;

/// Characters of an action's label among those to close too.
const OPTION_WIDTH: usize = 36;

/// What the open form does when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// Start an accompaniment; the options of the action field (`None`: record a new B03).
    Start { options: Vec<Option<i64>> },
    /// Add (`existing: None`) or change an event of the accompaniment `accompaniment`.
    Event {
        accompaniment: i64,
        existing: Option<(i64, i64)>,
    },
    /// Record the hiring on `accompaniment` read at `version`; `others`: the open actions the
    /// operator may also close, in the order of the form's options.
    Result {
        accompaniment: i64,
        version: i64,
        others: Vec<i64>,
    },
}

pub struct AccompanimentForm {
    pub kind: FormKind,
    pub form: Form,
}

pub struct AccompanimentScreen {
    pub citizen: Citizen,
    /// The latest started first.
    pub list: Vec<StoredAccompaniment>,
    /// The accompaniment shown.
    pub selected: usize,
    /// The event under the cursor.
    pub cursor: usize,
    /// The signed plan, as it is now; `None` without a signed pact.
    pub plan: Option<Vec<StoredAction>>,
    pub form: Option<AccompanimentForm>,
}

impl AccompanimentScreen {
    pub fn current(&self) -> Option<&StoredAccompaniment> {
        self.list.get(self.selected)
    }

    fn plan_actions(&self) -> Vec<PlanAction> {
        self.plan
            .iter()
            .flatten()
            .map(|a| PlanAction {
                id: a.id,
                code: a.data.code.clone(),
                status: a.data.status,
                automatic: a.automatic,
            })
            .collect()
    }

    pub(super) fn action(&self, id: i64) -> Option<&StoredAction> {
        self.plan.iter().flatten().find(|a| a.id == id)
    }
}

fn status_label(status: ActionStatus) -> &'static str {
    ActionStatus::ALL
        .iter()
        .position(|s| *s == status)
        .map_or("", |s| S::ACTION_STATUSES[s])
}

pub(super) fn start_form(
    screen: &AccompanimentScreen,
    today: chrono::NaiveDate,
) -> (Form, FormKind) {
    let plan = screen.plan_actions();
    let taken: Vec<i64> = screen
        .list
        .iter()
        .filter(|a| a.closed_on.is_none())
        .filter_map(|a| a.action_id)
        .collect();
    let mut options: Vec<Option<i64>> = domain::linkable(&plan, &taken)
        .into_iter()
        .map(Some)
        .collect();
    let preselected = domain::preselected(&plan, &taken)
        .and_then(|id| options.iter().position(|o| *o == Some(id)));
    let selected = if options.is_empty() {
        Some(0)
    } else {
        preselected
    };
    options.push(None);
    let labels = options
        .iter()
        .map(|o| match o.and_then(|id| screen.action(id)) {
            Some(a) => T::action_option(
                &a.data.description,
                status_label(a.data.status),
                a.data.due_date.as_ref(),
            ),
            None => T::NEW_ACTION.to_string(),
        })
        .collect();
    let form = Form::new(vec![
        Field::line("start", T::F_START, &date_text(Some(today))).required(),
        Field::choice("action", T::F_ACTION, labels, selected, false).required(),
    ]);
    (form, FormKind::Start { options })
}

pub(super) fn event_form(event: Option<&EventData>, today: chrono::NaiveDate) -> Form {
    let kind = event.map_or(0, |e| {
        EventKind::ALL
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(0)
    });
    let text = |f: fn(&EventData) -> &str| event.map_or("", f).to_string();
    Form::new(vec![
        Field::choice(
            "kind",
            T::F_KIND,
            T::EVENT_KINDS.iter().map(|k| k.to_string()).collect(),
            Some(kind),
            false,
        )
        .required(),
        Field::line(
            "date",
            T::F_DATE,
            &date_text(Some(event.map_or(today, |e| e.on))),
        )
        .required(),
        Field::line("company", T::F_COMPANY, &text(|e| &e.company)),
        Field::line("role", T::F_ROLE, &text(|e| &e.role)),
        Field::line("outcome", T::F_OUTCOME, &text(|e| &e.outcome)),
        Field::line("notes", T::F_NOTES, &text(|e| &e.notes)),
    ])
}

pub(super) fn result_form(
    data: &ReferenceData,
    screen: &AccompanimentScreen,
    a: &StoredAccompaniment,
) -> AccompanimentForm {
    let others = domain::closable_others(&screen.plan_actions(), a.action_id);
    let mut fields = vec![
        Field::line("employer", T::F_EMPLOYER, "").required(),
        Field::line("code", T::F_EMPLOYER_CODE, "").required(),
        Field::line("hired", T::F_HIRED_ON, "").required(),
        Field::choice(
            "contract",
            T::F_CONTRACT,
            data.contracts.iter().map(|c| c.name.clone()).collect(),
            None,
            false,
        )
        .required(),
        Field::line("months", T::F_MONTHS, ""),
    ];
    if !others.is_empty() {
        let labels = others
            .iter()
            .filter_map(|id| screen.action(*id))
            .map(|x| {
                // Short enough for a row at 80 columns beside the label.
                let name = data.actions.name(&x.data.code).unwrap_or("");
                let label = format!("{} {name}", x.data.code);
                match label.char_indices().nth(OPTION_WIDTH) {
                    Some((cut, _)) => format!("{}…", label[..cut].trim_end()),
                    None => label,
                }
            })
            .collect();
        fields.push(Field::multi(
            "others",
            T::F_ALSO_CLOSE,
            labels,
            vec![false; others.len()],
        ));
    }
    AccompanimentForm {
        kind: FormKind::Result {
            accompaniment: a.id,
            version: a.version,
            others,
        },
        form: Form::new(fields),
    }
}

/// The event the form stands for; the fields in error are marked.
pub(super) fn event_from_form(form: &mut Form) -> Option<EventData> {
    let kind = form
        .field("kind")
        .and_then(Field::selected)
        .and_then(|i| EventKind::ALL.get(i).copied());
    form.set_error("kind", kind.is_none().then(|| T::KIND_REQUIRED.to_string()));
    let on = required_date(form, "date");
    Some(EventData {
        kind: kind?,
        on: on?,
        company: form.text("company").trim().to_string(),
        role: form.text("role").trim().to_string(),
        outcome: form.text("outcome").trim().to_string(),
        notes: form.text("notes").trim().to_string(),
    })
}

pub(super) fn required_date(form: &mut Form, id: &str) -> Option<chrono::NaiveDate> {
    let text = form.text(id);
    let parsed = parse_date(&text);
    let error = match parsed {
        _ if text.trim().is_empty() => Some(T::DATE_REQUIRED),
        None => Some(T::BAD_DATE),
        Some(_) => None,
    };
    form.set_error(id, error.map(str::to_string));
    parsed
}

pub(super) fn hiring_field_id(field: HiringField) -> &'static str {
    match field {
        HiringField::EmployerName => "employer",
        HiringField::EmployerCode => "code",
        HiringField::HiredOn => "hired",
        HiringField::Contract => "contract",
        HiringField::Months => "months",
    }
}

impl App {
    /// Opens the accompaniments of the card's person (key `l` on the card).
    pub(crate) fn open_accompaniment(&mut self, citizen: Citizen) {
        let loaded = (|| -> Result<_, StoreError> {
            let list = self.store.accompaniments_of(citizen.id)?;
            let pacts = self.store.pact_versions_of(citizen.id)?;
            let plan = if pacts.is_empty() {
                None
            } else {
                Some(self.store.current_plan(citizen.id)?)
            };
            Ok((list, plan))
        })();
        let citizen_id = citizen.id;
        match loaded {
            Ok((list, plan)) => {
                self.screen = Screen::Accompaniment(Box::new(AccompanimentScreen {
                    citizen,
                    list,
                    selected: 0,
                    cursor: 0,
                    plan,
                    form: None,
                }));
                self.message = None;
                self.offer_recovery(Some(citizen_id), None);
            }
            Err(e) => self.error(e),
        }
    }

    /// Reads the accompaniments and the plan again, keeping the one `keep` selected.
    pub(super) fn reload_accompaniments(&mut self, keep: Option<i64>) {
        let Screen::Accompaniment(s) = &self.screen else {
            return;
        };
        let id = s.citizen.id;
        let list = self.store.accompaniments_of(id);
        let plan = self.store.current_plan(id);
        let Screen::Accompaniment(s) = &mut self.screen else {
            return;
        };
        if let Ok(list) = list {
            s.list = list;
        }
        if let (Ok(plan), Some(_)) = (plan, &s.plan) {
            s.plan = Some(plan);
        }
        if let Some(keep) = keep {
            s.selected = s.list.iter().position(|a| a.id == keep).unwrap_or(0);
        }
        s.selected = s.selected.min(s.list.len().saturating_sub(1));
        let events = s.current().map_or(0, |a| a.events.len());
        s.cursor = s.cursor.min(events.saturating_sub(1));
    }

    pub(crate) fn update_accompaniment(&mut self, action: Action) {
        let today = self.today;
        let Screen::Accompaniment(s) = &mut self.screen else {
            return;
        };
        if let Some(open) = &mut s.form {
            match action {
                Action::NextField | Action::PreviousField => {
                    open.form.move_focus(action == Action::NextField);
                }
                Action::Save => {
                    let _ = self.save_accompaniment_form();
                }
                Action::Back if open.form.any_dirty() => {
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
        let events = s.current().map_or(0, |a| a.events.len());
        let open = s.current().filter(|a| a.closed_on.is_none()).cloned();
        match action {
            Action::Up => s.cursor = s.cursor.saturating_sub(1),
            Action::Down => s.cursor = (s.cursor + 1).min(events.saturating_sub(1)),
            Action::PageUp => {
                s.selected = s.selected.saturating_sub(1);
                s.cursor = 0;
            }
            Action::PageDown => {
                s.selected = (s.selected + 1).min(s.list.len().saturating_sub(1));
                s.cursor = 0;
            }
            Action::Back => {
                let id = s.citizen.id;
                self.open_card(id);
            }
            Action::NewAccompaniment => {
                if s.plan.is_none() {
                    return self.error(T::NO_PACT);
                }
                let (form, kind) = start_form(s, today);
                let note = match &kind {
                    FormKind::Start { options } if options.len() == 1 => Some(T::NO_B03),
                    FormKind::Start { options } if options.len() > 2 => Some(T::CHOOSE_B03),
                    _ => None,
                };
                s.form = Some(AccompanimentForm { kind, form });
                match note {
                    Some(text) => self.info(text),
                    None => self.message = None,
                }
            }
            Action::Add | Action::Edit | Action::RecordHiring => {
                let Some(a) = open else {
                    let closed = s.current().is_some();
                    return self.error(if closed { T::CLOSED } else { T::NONE_SELECTED });
                };
                let form = match action {
                    Action::Add => AccompanimentForm {
                        kind: FormKind::Event {
                            accompaniment: a.id,
                            existing: None,
                        },
                        form: event_form(None, today),
                    },
                    Action::Edit => {
                        let Some(e) = a.events.get(s.cursor) else {
                            return self.error(T::NO_EVENT_HERE);
                        };
                        AccompanimentForm {
                            kind: FormKind::Event {
                                accompaniment: a.id,
                                existing: Some((e.id, e.version)),
                            },
                            form: event_form(Some(&e.data), today),
                        }
                    }
                    _ => result_form(&self.data, s, &a),
                };
                let Screen::Accompaniment(s) = &mut self.screen else {
                    return;
                };
                s.form = Some(form);
                self.message = None;
            }
            _ => {}
        }
    }

    /// The open form changed and is not saved yet.
    pub(crate) fn accompaniment_dirty(&self) -> bool {
        matches!(&self.screen, Screen::Accompaniment(s)
            if s.form.as_ref().is_some_and(|f| f.form.any_dirty()))
    }
}
