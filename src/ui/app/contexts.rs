//! Where the operator is: which contexts of the keymap apply, which keys do something now, and
//! what is visible (the too-small notice, the legend over the page).

use super::{App, Pending, Screen};
use crate::domain::records::InterviewStatus;
use crate::ui::keymap::{Action, Context};
use crate::ui::screens::interview::Page;
use crate::ui::widgets::form::Form;

impl App {
    /// The contexts whose keys apply now, innermost first (global is always last).
    pub fn contexts(&self) -> Vec<Context> {
        // Quitting and help work in dialogs too, as the footer says.
        if self.dialog.is_some() {
            return vec![Context::Dialog, Context::Global];
        }
        let mut out = match &self.screen {
            Screen::Home(_) => vec![Context::Home],
            Screen::CitizenForm(_) => vec![Context::Form],
            Screen::Card(c) if c.did_prompt.is_some() => vec![Context::Form],
            Screen::Card(c) => match &c.follow_up {
                Some(f) if f.form.is_some() => vec![Context::Form],
                Some(_) => vec![Context::List],
                None => vec![Context::Card],
            },
            Screen::Agenda(_) => vec![Context::Agenda],
            Screen::SkillGap(s) if s.form.is_some() => vec![Context::Form],
            Screen::SkillGap(_) => vec![Context::Skills],
            Screen::Accompaniment(a) if a.form.is_some() => vec![Context::Form],
            Screen::Accompaniment(_) => vec![Context::Accompaniment],
            Screen::Counselling(c) if c.form.is_some() => vec![Context::Form],
            Screen::Counselling(_) => vec![Context::List],
            Screen::Groups(g) if g.form.is_some() => vec![Context::Form],
            Screen::Groups(g) => match &g.open {
                // The search of a participant types like the home search.
                Some(o) if o.search.is_some() => vec![Context::Home],
                Some(_) => vec![Context::Group],
                None => vec![Context::List],
            },
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

    /// The terminal is below the smallest size the screens are drawn for.
    pub fn too_small(&self) -> bool {
        let (width, height) = self.viewport;
        width < crate::ui::render::MIN_WIDTH || height < crate::ui::render::MIN_HEIGHT
    }

    /// The legend is open over the page: at narrow widths, on a page with the scores panel.
    pub fn legend_covers_page(&self) -> bool {
        self.legend
            && self.viewport.0 < crate::ui::render::WIDE
            && matches!(&self.screen, Screen::Interview(i)
                if i.phase >= 2 && i.interview.kind.allows_assessment())
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
            (Context::Interview, Action::CloseInterview) => {
                matches!(&self.screen, Screen::Interview(i) if !i.closed())
            }
            // On the card's plan an action is updated, never added or removed; sessions are
            // recorded once, never removed.
            (Context::List, Action::Remove) => !matches!(
                &self.screen,
                Screen::Card(_) | Screen::Counselling(_) | Screen::Groups(_)
            ),
            (Context::List, Action::Add) => !matches!(&self.screen, Screen::Card(_)),
            (Context::Home, Action::NewCitizen | Action::OpenAgenda | Action::GroupSessions) => {
                matches!(&self.screen, Screen::Home(_))
            }
            (Context::Group, Action::Remove | Action::MarkPresent | Action::MarkAbsent) => {
                matches!(&self.screen, Screen::Groups(g)
                    if g.open.as_ref().is_some_and(|o| o.participants.get(o.cursor)
                        .is_some_and(|p| p.attended.is_none())))
            }
            (Context::Skills, _) => self.skill_action_available(action),
            (Context::Accompaniment, Action::Add | Action::Edit | Action::RecordHiring) => {
                matches!(&self.screen, Screen::Accompaniment(a)
                    if a.current().is_some_and(|x| x.closed_on.is_none()
                        && (action != Action::Edit || !x.events.is_empty())))
            }
            (Context::Accompaniment, Action::PageUp | Action::PageDown) => {
                matches!(&self.screen, Screen::Accompaniment(a) if a.list.len() > 1)
            }
            (Context::Card, Action::FollowUp) => {
                matches!(&self.screen, Screen::Card(c) if !c.plan.is_empty() && c.viewing.is_none())
            }
            (Context::Card, _) => {
                let Screen::Card(card) = &self.screen else {
                    return true;
                };
                // Reading a signed version: it scrolls, prints or closes.
                if card.viewing.is_some() {
                    return matches!(
                        action,
                        Action::Up
                            | Action::Down
                            | Action::PageUp
                            | Action::PageDown
                            | Action::Open
                            | Action::PrintPact
                    );
                }
                let draft = card
                    .interviews
                    .iter()
                    .any(|i| i.status == InterviewStatus::Bozza);
                match action {
                    Action::ResumeInterview | Action::DiscardDraft => draft,
                    Action::NewInterview | Action::NewInterviewOther => !draft,
                    Action::PrintPact => !card.pacts.is_empty(),
                    _ => true,
                }
            }
            _ => true,
        }
    }

    /// The focused form, if keys typed now go to one.
    pub(crate) fn active_form(&mut self) -> Option<&mut Form> {
        let in_form = self.contexts().first() == Some(&Context::Form);
        if !in_form {
            return None;
        }
        match &mut self.screen {
            Screen::CitizenForm(c) => Some(&mut c.form),
            Screen::Card(c) => match c.did_prompt.as_mut() {
                Some(form) => Some(form),
                None => c
                    .follow_up
                    .as_mut()
                    .and_then(|f| f.form.as_mut())
                    .map(|(_, _, form)| form),
            },
            Screen::SkillGap(s) => s.form.as_mut().map(|f| f.form_mut()),
            Screen::Counselling(c) => c.form.as_mut().map(|f| &mut f.form),
            Screen::Groups(g) => g.form.as_mut().map(|f| &mut f.form),
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
            Screen::Accompaniment(a) => a.form.as_mut().map(|f| &mut f.form),
            _ => None,
        }
    }
}
