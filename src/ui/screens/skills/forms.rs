//! The forms of the bilancio di competenze: a history entry, a competence, the target profile of
//! a new comparison, a required competence, the training need; and their single save path.

use crate::domain::competences::{
    CompetenceCatalogue, CompetenceRef, Evidence, Level, PossessedCompetence, ProfileError,
    RequiredCompetence, TargetProfile,
};
use crate::domain::validate::parse_date;
use crate::store::{HistoryEntry, HistoryKind, StoredPropensity};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::skills::{ComparisonItem, SkillForm, SkillPage};
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

fn level_options() -> Vec<String> {
    Level::ALL
        .iter()
        .map(|l| format!("{} {l}", l.number()))
        .collect()
}

fn level_field(level: Option<Level>) -> Field {
    Field::choice(
        "level",
        S::skills::F_LEVEL,
        level_options(),
        level.and_then(|l| Level::ALL.iter().position(|x| *x == l)),
        false,
    )
    .required()
}

fn level_of(form: &Form) -> Option<Level> {
    form.field("level")
        .and_then(Field::selected)
        .and_then(|i| Level::ALL.get(i).copied())
}

pub(crate) fn history_form(entry: Option<&HistoryEntry>) -> Form {
    let kinds = HistoryKind::ALL
        .iter()
        .map(|k| S::skills::kind_label(*k).to_string())
        .collect();
    let kind = entry.and_then(|e| HistoryKind::ALL.iter().position(|k| *k == e.kind));
    let text = |f: fn(&HistoryEntry) -> &str| entry.map_or("", f).to_string();
    Form::new(vec![
        Field::choice("kind", S::skills::F_KIND, kinds, kind.or(Some(2)), false),
        Field::line("title", S::skills::F_TITLE, &text(|e| &e.title)).required(),
        Field::line(
            "organisation",
            S::skills::F_ORGANISATION,
            &text(|e| &e.organisation),
        ),
        Field::line(
            "from",
            S::skills::F_FROM,
            &date_text(entry.and_then(|e| e.from)),
        ),
        Field::line("to", S::skills::F_TO, &date_text(entry.and_then(|e| e.to))),
        Field::line("tasks", S::skills::F_TASKS, &text(|e| &e.tasks)),
    ])
}

/// The entry the form stands for; the fields in error are marked.
pub(crate) fn history_from_form(form: &mut Form) -> Option<HistoryEntry> {
    let mut ok = true;
    let mut date = |form: &mut Form, id: &str| {
        let text = form.text(id);
        if text.trim().is_empty() {
            form.set_error(id, None);
            return None;
        }
        let parsed = parse_date(&text);
        form.set_error(id, parsed.is_none().then(|| S::BAD_DATE.to_string()));
        ok &= parsed.is_some();
        parsed
    };
    let from = date(form, "from");
    let to = date(form, "to");
    let title = form.text("title");
    if title.trim().is_empty() {
        form.set_error("title", Some(S::skills::TITLE_MISSING.to_string()));
        ok = false;
    } else {
        form.set_error("title", None);
    }
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        form.set_error("to", Some(S::skills::TO_BEFORE_FROM.to_string()));
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(HistoryEntry {
        kind: form
            .field("kind")
            .and_then(Field::selected)
            .and_then(|i| HistoryKind::ALL.get(i).copied())
            .unwrap_or(HistoryKind::Work),
        title,
        organisation: form.text("organisation"),
        from,
        to,
        tasks: form.text("tasks"),
    })
}

pub(crate) fn competence_form(c: Option<&PossessedCompetence>) -> Form {
    let evidence = Evidence::ALL
        .iter()
        .map(|e| S::skills::evidence_label(*e).to_string())
        .collect();
    let chosen = c.and_then(|c| Evidence::ALL.iter().position(|e| *e == c.evidence));
    Form::new(vec![
        Field::line(
            "name",
            S::skills::F_COMPETENCE,
            c.map_or("", |c| c.competence.name.as_str()),
        )
        .required(),
        level_field(c.map(|c| c.level)),
        Field::choice(
            "evidence",
            S::skills::F_EVIDENCE,
            evidence,
            chosen.or(Some(2)),
            false,
        ),
        Field::line(
            "source",
            S::skills::F_SOURCE,
            c.map_or("", |c| c.source.as_str()),
        ),
    ])
}

/// What a typed competence name stands for: the competence of the list with that name, or
/// the only one whose name contains it ([`CompetenceCatalogue::search`]); a name the list
/// does not know is kept as typed. Several matches ask for more letters.
pub(crate) fn resolve_competence(
    catalogue: &CompetenceCatalogue,
    typed: &str,
) -> Result<CompetenceRef, String> {
    let typed = typed.trim();
    if crate::domain::records::search_key(typed).is_empty() {
        return Err(S::skills::COMPETENCE_MISSING.to_string());
    }
    if let Some(c) = catalogue.by_name(typed) {
        return Ok(CompetenceRef::listed(c));
    }
    match catalogue.search(typed).as_slice() {
        [] => Ok(CompetenceRef::free(typed)),
        [one] => Ok(CompetenceRef::listed(one)),
        many => Err(S::skills::ambiguous(
            &many.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        )),
    }
}

fn competence_from_form(
    form: &mut Form,
    catalogue: &CompetenceCatalogue,
) -> Option<PossessedCompetence> {
    let competence = resolve_competence(catalogue, &form.text("name"));
    form.set_error("name", competence.as_ref().err().cloned());
    let level = level_of(form);
    form.set_error(
        "level",
        level.is_none().then(|| S::skills::LEVEL_MISSING.into()),
    );
    Some(PossessedCompetence {
        competence: competence.ok()?,
        level: level?,
        evidence: form
            .field("evidence")
            .and_then(Field::selected)
            .and_then(|i| Evidence::ALL.get(i).copied())
            .unwrap_or(Evidence::Declared),
        source: form.text("source"),
    })
}

pub(crate) fn target_form(propensities: &[StoredPropensity]) -> Form {
    let mut options: Vec<String> = propensities
        .iter()
        .map(|p| S::skills::propensity_option(&p.data.cp2021_code, &p.data.title))
        .collect();
    options.push(S::skills::TARGET_OTHER.to_string());
    Form::new(vec![
        Field::choice("target", S::skills::F_TARGET, options, Some(0), false),
        Field::line("cp2021", S::skills::F_CP2021, ""),
        Field::line("title", S::skills::F_TARGET_TITLE, ""),
    ])
}

fn target_from_form(
    form: &mut Form,
    propensities: &[StoredPropensity],
    catalogue: &CompetenceCatalogue,
) -> Option<(Option<i64>, TargetProfile)> {
    let chosen = form.field("target").and_then(Field::selected).unwrap_or(0);
    if let Some(p) = propensities.get(chosen) {
        let target = TargetProfile::from_propensity(&p.data, catalogue);
        return Some((Some(p.id), target));
    }
    let code = form.text("cp2021").trim().to_string();
    let template = catalogue.template(&code);
    let title = match form.text("title").trim() {
        "" => template.map(|t| t.name.clone()).unwrap_or_default(),
        t => t.to_string(),
    };
    let target = TargetProfile {
        cp2021: code,
        title,
        required: template.map(|t| t.required.clone()).unwrap_or_default(),
    };
    match target.check() {
        Ok(()) | Err(ProfileError::NoRequirements) => {
            form.set_error("cp2021", None);
            Some((None, target))
        }
        Err(e) => {
            let field = if matches!(e, ProfileError::BadCp2021(_)) {
                "cp2021"
            } else {
                "title"
            };
            form.set_error(field, Some(e.to_string()));
            None
        }
    }
}

pub(crate) fn required_form(r: Option<&RequiredCompetence>) -> Form {
    Form::new(vec![
        Field::line(
            "name",
            S::skills::F_COMPETENCE,
            r.map_or("", |r| r.competence.name.as_str()),
        )
        .required(),
        level_field(r.map(|r| r.level)),
    ])
}

pub(crate) fn need_form(text: &str) -> Form {
    Form::new(vec![Field::note("need", S::skills::F_NEED, text)])
}

impl App {
    pub(crate) fn add_skill_item(&mut self) {
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        s.form = match s.page {
            SkillPage::History => Some(SkillForm::History(None, history_form(None))),
            SkillPage::Competences => Some(SkillForm::Competence(None, competence_form(None))),
            SkillPage::Comparison if s.open_analysis().is_some() => {
                Some(SkillForm::Required(None, required_form(None)))
            }
            SkillPage::Comparison => return self.new_analysis(),
        };
        self.message = None;
    }

    pub(crate) fn edit_skill_item(&mut self) {
        let item = match &self.screen {
            Screen::SkillGap(s) => s.comparison_item(self),
            _ => return,
        };
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        let form = match s.page {
            SkillPage::History => s
                .history
                .get(s.history_cursor)
                .map(|h| SkillForm::History(Some((h.id, h.version)), history_form(Some(&h.data)))),
            SkillPage::Competences => s.competences.get(s.competence_cursor).map(|c| {
                SkillForm::Competence(Some((c.id, c.version)), competence_form(Some(&c.data)))
            }),
            SkillPage::Comparison => match item {
                ComparisonItem::Suggestion(_) => return self.update_skill_gap_toggle(),
                ComparisonItem::Need => return self.edit_need(),
                ComparisonItem::Required(n) => match s.open_analysis() {
                    Some(a) => a
                        .target
                        .required
                        .get(n)
                        .map(|r| SkillForm::Required(Some(n), required_form(Some(r)))),
                    None => return self.error(S::skills::ANALYSIS_CLOSED),
                },
                ComparisonItem::Nothing => None,
            },
        };
        if form.is_some() {
            s.form = form;
            self.message = None;
        }
    }

    fn update_skill_gap_toggle(&mut self) {
        self.update_skill_gap(crate::ui::keymap::Action::ToggleSuggestion);
    }

    pub(crate) fn new_analysis(&mut self) {
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        if s.open_analysis().is_some() {
            return self.error(S::skills::ANALYSIS_OPEN);
        }
        s.page = SkillPage::Comparison;
        s.form = Some(SkillForm::Target(target_form(&s.propensities)));
        self.info(S::skills::TARGET_HINT);
    }

    pub(crate) fn edit_need(&mut self) {
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        match s.open_analysis() {
            Some(a) => {
                let form = need_form(&a.training_need);
                s.page = SkillPage::Comparison;
                s.form = Some(SkillForm::Need(form));
                self.message = None;
            }
            None => self.error(S::skills::NO_OPEN_ANALYSIS),
        }
    }

    /// Saves the open form through its own versioned write; what cannot be saved stays on
    /// screen and is returned.
    pub(crate) fn save_skill_form(&mut self) -> Result<(), String> {
        let catalogue = self.data.competences.clone();
        let Screen::SkillGap(s) = &mut self.screen else {
            return Ok(());
        };
        let citizen = s.citizen.id;
        let analysis = s.open_analysis().cloned();
        let propensities = s.propensities.clone();
        let Some(form) = s.form.as_mut() else {
            return Ok(());
        };
        let result = match form {
            SkillForm::History(editing, f) => {
                let Some(entry) = history_from_form(f) else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                match *editing {
                    Some((id, v)) => self.store.update_history(id, v, &entry).map(|_| ()),
                    None => self.store.add_history(citizen, &entry).map(|_| ()),
                }
            }
            SkillForm::Competence(editing, f) => {
                let Some(c) = competence_from_form(f, &catalogue) else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                match *editing {
                    Some((id, v)) => self.store.update_competence(id, v, &c).map(|_| ()),
                    None => self.store.add_competence(citizen, &c).map(|_| ()),
                }
            }
            SkillForm::Target(f) => {
                let Some((propensity, target)) = target_from_form(f, &propensities, &catalogue)
                else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                self.store
                    .start_analysis(citizen, propensity, &target)
                    .map(|_| ())
            }
            SkillForm::Required(at, f) => {
                let Some(a) = analysis else {
                    return Err(self.fail(S::skills::NO_OPEN_ANALYSIS));
                };
                let competence = resolve_competence(&catalogue, &f.text("name"));
                f.set_error("name", competence.as_ref().err().cloned());
                let (Ok(competence), Some(level)) = (competence, level_of(f)) else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                let mut target = a.target.clone();
                let r = RequiredCompetence { competence, level };
                match *at {
                    Some(n) if n < target.required.len() => target.required[n] = r,
                    _ => target.required.push(r),
                }
                if let Err(ProfileError::DuplicateRequirement(name)) = target.check() {
                    f.set_error("name", Some(S::skills::already_required(&name)));
                    return Err(self.fail(S::FIX_FIELDS));
                }
                self.store
                    .update_analysis(a.id, a.version, &target, &a.training_need)
                    .map(|_| ())
            }
            SkillForm::Need(f) => {
                let Some(a) = analysis else {
                    return Err(self.fail(S::skills::NO_OPEN_ANALYSIS));
                };
                let text = f.text("need");
                self.store
                    .update_analysis(a.id, a.version, &a.target, &text)
                    .map(|_| ())
            }
        };
        let message = match s.form.as_ref() {
            Some(SkillForm::History(..)) => S::skills::HISTORY_SAVED,
            Some(SkillForm::Competence(..)) => S::skills::COMPETENCE_SAVED,
            Some(SkillForm::Target(_)) => S::skills::ANALYSIS_STARTED,
            _ => S::skills::ANALYSIS_SAVED,
        };
        match result {
            Ok(()) => {
                self.wrote = true;
                if let Screen::SkillGap(s) = &mut self.screen {
                    s.form = None;
                }
                if let Err(e) = self.reload_skill_gap() {
                    return Err(self.fail(e));
                }
                // Without a signed pact the analysis carries out no action: say so.
                let alone = matches!(&self.screen, Screen::SkillGap(s)
                    if s.analysis().is_some_and(|a| a.action_id.is_none()));
                let message = if message == S::skills::ANALYSIS_STARTED && alone {
                    S::skills::ANALYSIS_STARTED_ALONE
                } else {
                    message
                };
                self.info(message);
                Ok(())
            }
            // The form stays: what the operator typed is still on screen. After a conflict
            // the lists are read again, so what the other operator saved is in view.
            Err(e) => {
                if matches!(e, crate::store::StoreError::Conflict { .. }) {
                    let _ = self.reload_skill_gap();
                }
                Err(self.fail(e))
            }
        }
    }
}
