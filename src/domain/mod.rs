//! The pure core: no terminal, no SQL, no files.

pub mod accompaniment;
pub mod codice_fiscale;
pub mod company;
pub mod competences;
pub mod cv_file;
pub mod instrument;
pub mod pact;
pub mod records;
pub mod reference;
pub mod scoring;
pub mod sessions;
pub mod validate;
