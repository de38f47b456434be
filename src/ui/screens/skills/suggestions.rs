//! The suggested actions of a comparison become a new version of the pact: they are added to
//! the person's draft interview (a new one, which carries over the last signed pact, or the
//! draft the operator already has), and the new version is signed from the interview as usual.

use crate::domain::competences::{SuggestedAction, SuggestionReason};
use crate::domain::records::{ActionKind, ActionStatus, InterviewKind, PlannedAction};
use crate::store::StoreError;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};

/// The plan action a suggestion becomes: training is given by the network (training
/// bodies), the certification by the CPI.
pub fn planned_action(s: &SuggestedAction) -> PlannedAction {
    let names: Vec<&str> = s.competences.iter().map(|c| c.name.as_str()).collect();
    PlannedAction {
        code: s.code.clone(),
        kind: match s.reason {
            SuggestionReason::Training => ActionKind::Rete,
            SuggestionReason::Certification => ActionKind::Cpi,
        },
        description: S::skills::suggestion_description(s.reason, &names),
        due_date: None,
        status: ActionStatus::Programmata,
        outcome: String::new(),
    }
}

impl App {
    /// Adds the selected suggestions to the person's draft (started now if there is none),
    /// once each; a draft of another operator is left alone and the message says whose it is.
    pub(crate) fn add_suggestions_to_plan(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let chosen: Vec<PlannedAction> = s
            .suggestions(self)
            .iter()
            .filter(|x| s.is_selected(x))
            .map(planned_action)
            .collect();
        if chosen.is_empty() {
            let key = self.keymap.hint(Context::Skills, Action::ToggleSuggestion);
            return self.error(S::skills::nothing_selected(&key));
        }
        let citizen = s.citizen.clone();
        let draft = match self.store.draft_of(citizen.id) {
            Ok(d) => d,
            Err(e) => return self.error(e),
        };
        let operator = self.store.operator().to_string();
        let (draft, started) = match draft {
            Some(d) if d.operator != operator => {
                return self.error(S::skills::draft_of_other(
                    &d.operator,
                    &S::datetime_text(&d.started_at),
                ));
            }
            Some(d) => (d, false),
            None => match self.start_draft_for_plan(&citizen) {
                Ok(d) => (d, true),
                Err(e) => return self.error(e),
            },
        };
        self.wrote |= started;
        let result = self
            .store
            .add_actions_once(draft.id, draft.version, &chosen);
        let key = self.keymap.hint(Context::Skills, Action::ResumeInterview);
        match result {
            Ok((added, _)) => {
                self.wrote |= added > 0;
                if let Screen::SkillGap(s) = &mut self.screen {
                    s.selected.clear();
                }
                let text = if added == 0 {
                    S::skills::already_in_draft(&key)
                } else {
                    S::skills::added_to_draft(added, started, &key)
                };
                self.info(text);
            }
            Err(e) => self.error(e),
        }
    }

    /// A new draft for the person: of the kind of the interview behind the last signed pact
    /// (it carries over that pact: terms, assessment, open actions).
    fn start_draft_for_plan(
        &mut self,
        citizen: &crate::domain::records::Citizen,
    ) -> Result<crate::domain::records::Interview, StoreError> {
        let pacts = self.store.pact_versions_of(citizen.id)?;
        let kind = match pacts.last() {
            Some(p) => self.store.interview(p.interview_id)?.kind,
            None if citizen.data.did_date.is_some() => InterviewKind::Did150,
            None => InterviewKind::Altro,
        };
        let instrument = self.data.instrument.identity();
        self.store
            .start_interview_with(citizen.id, kind, &instrument)
    }

    /// Opens the person's draft, as the card's resume key does.
    pub(crate) fn open_draft_from_skill_gap(&mut self) {
        let Screen::SkillGap(s) = &self.screen else {
            return;
        };
        let citizen = s.citizen.clone();
        match self.store.draft_of(citizen.id) {
            Ok(Some(interview)) => self.open_interview(citizen, interview),
            Ok(None) => self.error(S::skills::NO_DRAFT),
            Err(e) => self.error(e),
        }
    }
}
