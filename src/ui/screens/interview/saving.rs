//! The interview's single save path: a field is clean only once its write committed; a
//! conflict is read again and either repeated or shown.

use crate::domain::records::Interview;
use crate::store::{Store, StoreError};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

impl App {
    pub(crate) fn save_each(&mut self) -> Vec<Kept> {
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
            Screen::Card(_) if self.follow_up_dirty() => {
                let saved = if self.follow_up_unsettled() {
                    Err(S::CONFLICT_KEPT.into())
                } else {
                    self.save_follow_up()
                };
                if let Err(why) = saved {
                    kept.push(Kept {
                        what: S::KEPT_FOLLOW_UP.into(),
                        why,
                    });
                }
            }
            Screen::SkillGap(_) if self.skill_form_dirty() => {
                if let Err(why) = self.save_skill_form() {
                    kept.push(Kept {
                        what: S::skills::KEPT_FORM.into(),
                        why,
                    });
                }
            }
            Screen::Counselling(_) if self.counselling_dirty() => {
                if let Err(why) = self.save_counselling() {
                    kept.push(Kept {
                        what: S::counselling::KEPT.into(),
                        why,
                    });
                }
            }
            Screen::Accompaniment(_) if self.accompaniment_dirty() => {
                if let Err(why) = self.save_accompaniment_form() {
                    kept.push(Kept {
                        what: S::accompaniment::KEPT.into(),
                        why,
                    });
                }
            }
            Screen::Groups(_) if self.group_dirty() => {
                if let Err(why) = self.save_group() {
                    kept.push(Kept {
                        what: S::groups::KEPT.into(),
                        why,
                    });
                }
            }
            // A DID date typed and not confirmed goes on the person, as `Invio` would, without
            // opening the interview.
            Screen::Card(c)
                if c.did_prompt
                    .as_ref()
                    .is_some_and(|f| !f.text("did").trim().is_empty()) =>
            {
                if let Err(why) = self.save_did() {
                    kept.push(Kept {
                        what: S::KEPT_DID.into(),
                        why,
                    });
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
    pub(crate) fn forget_unchanged_cv(&mut self) {
        let data = &self.data;
        if let Screen::Interview(i) = &mut self.screen
            && i.cv.any_dirty()
            && cv_form(data, i.cvs.first(), &i.citizen.data).snapshot(false) == i.cv.snapshot(false)
        {
            i.cv.mark_all_saved();
        }
    }

    pub(crate) fn sub_form_dirty(&self, form: impl Fn(&InterviewScreen) -> Option<&Form>) -> bool {
        matches!(&self.screen, Screen::Interview(i) if form(i).is_some_and(Form::any_dirty))
    }

    /// A sub-form in a conflict that the operator has not settled.
    pub(crate) fn sub_form_unsettled(
        &self,
        form: impl Fn(&InterviewScreen) -> Option<&Form>,
    ) -> bool {
        matches!(&self.screen, Screen::Interview(i)
            if form(i).is_some_and(|f| !f.conflicted.is_empty()))
    }

    pub(crate) fn page_dirty_ids(&self, page: Page) -> Vec<String> {
        match &self.screen {
            Screen::Interview(i) => i.page_form(page).map(Form::dirty_ids).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn field_label(&self, page: Page, id: &str) -> String {
        match &self.screen {
            Screen::Interview(i) => i
                .page_form(page)
                .and_then(|f| f.field(id))
                .map(|f| f.label.trim().to_string())
                .unwrap_or_else(|| id.to_string()),
            _ => id.to_string(),
        }
    }

    /// Runs a store write for the interview on screen and keeps the new version. When another
    /// operator saved the interview first, it is read again: if they did not touch `group`, the
    /// write is simply repeated on the new version; if they did, both values are shown and the
    /// operator chooses (the typed value stays on screen meanwhile).
    pub(crate) fn write_interview(
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

    /// Reads the interview again after a conflict and takes the other operator's changes to
    /// everything not being typed. True when `group` was not changed by them (the write can be
    /// repeated); false when it was (the operator is asked, unless saving in batch).
    pub(crate) fn reconcile(&mut self, group: &Group) -> Result<bool, String> {
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

    /// Takes a newer copy of the interview: every form is built from it again, and the fields
    /// being typed keep their typed values (and stay to be saved).
    pub(crate) fn adopt_interview(&mut self, fresh: Interview) {
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

    /// Saves one field of an interview page (with the fields saved together with it); the
    /// fields count as saved only once the write committed.
    pub(crate) fn commit(&mut self, page: Page, id: &str) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        if i.closed() {
            let closed = StoreError::InterviewClosed(i.interview.id);
            return Err(self.fail(closed));
        }
        if !FORM_PAGES.contains(&page) {
            // Saved whole, not field by field (the CV is filed with its own key): the field
            // stays to be saved.
            return Ok(());
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
        if let Screen::Interview(i) = &mut self.screen {
            if result.is_ok()
                && let Some(form) = i.page_form_mut(page)
            {
                for id in &group {
                    form.mark_saved(id);
                }
            }
            let settled = result.is_ok() && !i.page_form(page).is_some_and(Form::any_dirty);
            i.refused.retain(|p| *p != page);
            if !settled {
                i.refused.push(page);
            }
        }
        result
    }
}
