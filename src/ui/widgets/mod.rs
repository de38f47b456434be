//! Pieces several screens use: form fields and forms, dialogs and help, the scores panel.

pub mod dialog;
pub mod field;
pub mod form;
pub mod line;
pub mod scores;
