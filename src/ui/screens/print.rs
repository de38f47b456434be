//! Printing a signed pact from the card: the PDF goes to a new file in the print directory
//! (never over another one), its path is shown, and the operator records whether the person
//! signed it.

use std::path::PathBuf;

use crate::document::{self, Format};
use crate::domain::records::AcceptanceKind;
use crate::strings::document as S;
use crate::ui::app::*;

/// The name of the printed file: `PSP-2026-0000001-v2-RSSMRA85T10A562S.pdf`.
pub fn file_name(number: &str, version: i64, codice_fiscale: &str) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!(
        "{}-v{version}-{}.{}",
        safe(number),
        safe(codice_fiscale),
        Format::Pdf.code()
    )
}

impl App {
    /// Writes the pact version selected on the card (or shown) as a PDF, then asks whether the
    /// person signed it.
    pub(crate) fn print_pact(&mut self) {
        let Screen::Card(card) = &self.screen else {
            return;
        };
        let index = card.viewing.unwrap_or(card.selected);
        let Some(pact) = card.pacts.get(index).cloned() else {
            return self.error(S::NOTHING_TO_PRINT);
        };
        let cf = card.citizen.data.codice_fiscale.clone();
        let accepted = match self.store.acceptance_of(pact.id) {
            Ok(a) => a,
            Err(e) => return self.error(e),
        };
        // The latest version also says what was done after it, as of today.
        let after = if index + 1 == card.pacts.len() {
            document::AfterPact::from_plan(&card.plan, &self.data.actions, self.today)
        } else {
            None
        };
        let bytes = match document::pdf_with(&pact, accepted.as_ref(), after.as_ref()) {
            Ok(b) => b,
            Err(e) => return self.error(S::cannot_render(&e.0)),
        };
        let dir = self.print_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let name = file_name(&pact.number, pact.version, &cf);
        let path = match crate::print::write_unique(&dir, &name, &bytes) {
            Ok(p) => p,
            Err(e) => {
                let shown = dir.join(&name).display().to_string();
                return self.error(S::cannot_create(&shown, &e));
            }
        };
        let absolute = std::path::absolute(&path).unwrap_or(path);
        let shown = absolute.display().to_string();
        let folder = absolute
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let file = absolute
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        match accepted {
            Some(a) => self.info(S::printed_already_accepted(
                &shown,
                &S::datetime_text(&a.accepted_at),
            )),
            None => {
                self.dialog = Some(Dialog {
                    title: S::PRINTED_TITLE.into(),
                    lines: vec![
                        S::printed(&pact.number, pact.version),
                        S::printed_file(&file),
                        S::printed_dir(&folder),
                    ],
                    question: S::PRINTED_QUESTION.into(),
                    pending: Pending::AcceptPact {
                        pact_version_id: pact.id,
                    },
                });
            }
        }
    }

    /// Records that the person signed the printed pact, and shows it on the card.
    pub(crate) fn accept_pact(&mut self, pact_version_id: i64) {
        let result = self
            .store
            .record_acceptance(pact_version_id, AcceptanceKind::Firma);
        if let Screen::Card(card) = &self.screen {
            let (citizen, selected, viewing) = (card.citizen.id, card.selected, card.viewing);
            self.open_card(citizen);
            if let Screen::Card(card) = &mut self.screen {
                card.selected = selected;
                card.viewing = viewing;
            }
        }
        match result {
            Ok(_) => {
                self.wrote = true;
                self.info(S::ACCEPTANCE_RECORDED);
            }
            Err(e) => self.error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_name_says_pact_version_and_person() {
        assert_eq!(
            super::file_name("PSP-2026-0000001", 2, "RSSMRA85T10A562S"),
            "PSP-2026-0000001-v2-RSSMRA85T10A562S.pdf"
        );
        assert_eq!(super::file_name("a/b", 1, "../x"), "a_b-v1-___x.pdf");
    }
}
