//! Signing the pact: refused while anything is missing or unsaved; the store checks versions
//! and completeness inside the signing transaction.

use crate::domain::pact;
use crate::domain::records::PlannedAction;
use crate::domain::scoring::Scores;
use crate::store::{SeenVersions, StoreError};
use crate::strings as S;
use crate::ui::app::*;

impl App {
    /// What the pact still lacks, in the order of the phases.
    pub fn missing(&self, i: &InterviewScreen) -> Vec<pact::Missing> {
        self.missing_with(i, &self.scores(i))
    }

    /// The same, for scores already computed (a frame computes them once).
    pub fn missing_with(&self, i: &InterviewScreen, scores: &Scores) -> Vec<pact::Missing> {
        let planned: Vec<PlannedAction> = i.actions.iter().map(|a| a.data.clone()).collect();
        pact::missing(
            &self.data.instrument,
            &i.citizen.data,
            &i.interview,
            &self.data.info_topics,
            scores,
            i.propensities.len(),
            &planned,
        )
    }

    /// Signing: everything typed must be saved and nothing required missing; then a dialog
    /// that only the signing key confirms.
    pub(crate) fn ask_close(&mut self) {
        if let Screen::Interview(i) = &self.screen
            && i.closed()
        {
            return self.warn(S::INTERVIEW_CLOSED_READONLY);
        }
        let kept = self.save_all();
        if self.dialog.is_some() {
            return;
        }
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let missing = self.missing(i);
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

    /// Signs the pact: the store checks, inside the signing transaction, that what is signed is
    /// what is on screen and that nothing is missing.
    pub(crate) fn sign(&mut self) {
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
}
