//! The list pages (propensioni, action plan) and their sub-forms.

use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::screens::interview::*;

pub(crate) fn discard_sub_form_dialog(save_key: &str) -> Dialog {
    Dialog {
        title: S::DISCARD_TITLE.into(),
        lines: vec![S::discard_sub_form(save_key)],
        question: S::DISCARD_QUESTION.into(),
        pending: Pending::DiscardSubForm,
    }
}

impl App {
    pub(crate) fn update_list(&mut self, page: Page, action: Action) {
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
    pub(crate) fn update_sub_form(&mut self, action: Action) {
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
}
