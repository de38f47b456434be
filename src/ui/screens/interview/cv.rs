//! The CV: filed with its checks; obsolete after 12 months.

use crate::domain::cv_file::{CvFileError, MAX_CV_BYTES};
use crate::domain::records::{CitizenData, CvError, CvRecord, check_cv, check_cv_file};
use crate::domain::reference::ReferenceData;
use crate::store::{CvFiling, StoredCv};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Whether the person's registry data hold an education title (the CV needs one).
pub(crate) fn has_title(data: &ReferenceData, person: &CitizenData) -> bool {
    data.education
        .iter()
        .any(|e| e.id == person.education && e.is_title)
}

pub(crate) fn cv_form(data: &ReferenceData, last: Option<&StoredCv>, person: &CitizenData) -> Form {
    let last = last.map(|c| &c.data);
    let mut fields = Vec::new();
    // The CV needs an education title: when the registry lacks it, it is chosen here, without
    // leaving the interview, and saved into the registry with the CV.
    if !has_title(data, person) {
        let titles: Vec<String> = data
            .education
            .iter()
            .filter(|e| e.is_title)
            .map(|e| e.name.clone())
            .collect();
        fields.push(Field::choice(
            "education",
            S::F_EDUCATION,
            titles,
            None,
            true,
        ));
    }
    fields.extend([
        Field::flag("consent", S::F_CONSENT, last.map(|c| c.consent)),
        Field::multi(
            "provinces",
            S::F_PROVINCES,
            options(&data.provinces, |p| p.code.clone()),
            data.provinces
                .iter()
                .map(|p| last.is_some_and(|c| c.provinces.contains(&p.code)))
                .collect(),
        ),
        Field::line("pdf", S::F_PDF, last.map_or("", |c| c.pdf_path.as_str())),
    ]);
    Form::new(fields)
}

/// The file the operator named, `~/` being the home folder.
fn cv_file_path(typed: &str) -> std::path::PathBuf {
    let typed = typed.trim();
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}

/// What a new filing of the same file changed in its record, in words.
fn cv_changes(before: &CvRecord, after: &CvRecord) -> Vec<String> {
    let mut out = Vec::new();
    if before.consent != after.consent {
        out.push(S::CV_CHANGED_CONSENT.to_string());
    }
    if before.provinces != after.provinces {
        out.push(S::CV_CHANGED_PROVINCES.to_string());
    }
    if before.pdf_path != after.pdf_path {
        out.push(S::cv_changed_file(&after.pdf_path));
    }
    out
}

/// Reads the CV file the operator named (`~/` is the home folder), refusing a missing or
/// unreadable file and one over the size limit before reading it all.
pub(crate) fn read_cv_file(typed: &str) -> Result<Vec<u8>, CvError> {
    use std::io::Read;
    let typed = typed.trim();
    let path = cv_file_path(typed);
    let unreadable = |e: std::io::Error| CvError::FileUnreadable(typed.to_string(), e.to_string());
    // Opened without waiting: a named pipe or a device must not hold the screen; only a
    // regular file is read.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
    }
    .map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CvError::FileMissing(typed.to_string())
        } else {
            unreadable(e)
        }
    })?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(CvError::FileUnreadable(
            typed.to_string(),
            S::CV_NOT_A_FILE.to_string(),
        ));
    }
    let size = metadata.len();
    if size > MAX_CV_BYTES {
        return Err(CvError::File(
            typed.to_string(),
            CvFileError::TooLarge(size),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_CV_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

impl App {
    /// Files the CV on screen (checked first, its file read and judged by content); the form
    /// stays as typed if it cannot be. Says whether the record is new, updated or unchanged.
    pub(crate) fn file_cv(&mut self) -> Result<(CvFiling, String), String> {
        let unchanged = || Ok((CvFiling::Unchanged, S::CV_UNCHANGED.to_string()));
        let Screen::Interview(i) = &mut self.screen else {
            return unchanged();
        };
        if i.closed() {
            return unchanged();
        }
        let provinces: Vec<String> =
            i.cv.field("provinces")
                .map(Field::checked)
                .unwrap_or_default()
                .into_iter()
                .zip(&self.data.provinces)
                .filter(|(c, _)| *c)
                .map(|(_, p)| p.code.clone())
                .collect();
        let mut cv = CvRecord {
            filed_on: self.today,
            consent: i.cv.field("consent").and_then(Field::flag_value) == Some(true),
            provinces,
            pdf_path: i.cv.text("pdf"),
        };
        // A title chosen on this page goes into the registry first.
        let chosen =
            i.cv.field("education")
                .and_then(Field::selected)
                .and_then(|n| self.data.education.iter().filter(|e| e.is_title).nth(n))
                .map(|e| e.id.clone());
        let has_title = has_title(&self.data, &i.citizen.data) || chosen.is_some();
        let known: Vec<&str> = self
            .data
            .provinces
            .iter()
            .map(|p| p.code.as_str())
            .collect();
        if let Err(e) = check_cv(&cv, has_title, i.propensities.len(), &known) {
            return Err(self.fail(e));
        }
        // The file is read now, at saving: what is filed is what was there when checked.
        let pdf = match read_cv_file(&cv.pdf_path).and_then(|b| check_cv_file(&cv, &b).map(|()| b))
        {
            Ok(pdf) => pdf,
            Err(e) => return Err(self.fail(e)),
        };
        // Stored as the file's full path (`~` expanded, links resolved), not as typed.
        if let Ok(full) = std::fs::canonicalize(cv_file_path(&cv.pdf_path)) {
            cv.pdf_path = full.display().to_string();
        }
        if let Some(education) = chosen {
            let mut person = i.citizen.data.clone();
            person.education = education;
            match self
                .store
                .update_citizen(i.citizen.id, i.citizen.version, &person)
            {
                Ok(updated) => {
                    self.wrote = true;
                    if let Screen::Interview(i) = &mut self.screen {
                        i.citizen = updated;
                    }
                }
                Err(e) => return Err(self.fail(e)),
            }
        }
        let Screen::Interview(i) = &mut self.screen else {
            return unchanged();
        };
        let (citizen, interview) = (i.citizen.id, i.interview.id);
        let before = i.cvs.clone();
        let filed = self
            .store
            .file_cv(citizen, Some(interview), &cv, &pdf)
            .and_then(|(stored, filing)| Ok((self.store.cvs_of(citizen)?, stored, filing)));
        match filed {
            Ok((cvs, stored, filing)) => {
                self.wrote |= filing != CvFiling::Unchanged;
                let message = match filing {
                    CvFiling::Filed => S::CV_FILED.to_string(),
                    CvFiling::Unchanged => S::CV_UNCHANGED.to_string(),
                    CvFiling::Updated => {
                        let changes = before
                            .iter()
                            .find(|c| c.id == stored.id)
                            .map(|old| cv_changes(&old.data, &stored.data))
                            .unwrap_or_default();
                        S::cv_updated(&changes)
                    }
                };
                let data = &self.data;
                if let Screen::Interview(i) = &mut self.screen {
                    i.cvs = cvs;
                    // Built again (the title, now in the registry, is no longer asked for),
                    // with the focus where it was.
                    let focused = i.cv.focused().map(|f| f.id.clone());
                    i.cv = cv_form(data, i.cvs.first(), &i.citizen.data);
                    if let Some(id) = focused {
                        i.cv.focus_on(&id);
                    }
                }
                Ok((filing, message))
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_cv_file;
    use crate::domain::records::CvError;

    #[test]
    fn a_pipe_or_a_folder_is_refused_at_once_and_a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("cv.pdf");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates the pipe.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Nobody writes to the pipe: reading it would wait for ever.
        let typed = fifo.to_str().unwrap();
        assert!(matches!(
            read_cv_file(typed),
            Err(CvError::FileUnreadable(..))
        ));
        assert!(matches!(
            read_cv_file(dir.path().to_str().unwrap()),
            Err(CvError::FileUnreadable(..))
        ));
        let missing = dir.path().join("manca.pdf");
        assert!(matches!(
            read_cv_file(missing.to_str().unwrap()),
            Err(CvError::FileMissing(_))
        ));
    }
}
