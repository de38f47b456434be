//! orienta: the orientation interview of the Tuscan Centri per l'Impiego, the GOL assessment and
//! the Patto di Servizio Personalizzato, in the terminal.

pub mod assess;
pub mod cli;
pub mod data;
pub mod demo;
pub mod document;
pub mod domain;
pub mod import;
pub mod pdf;
pub mod print;
pub mod store;
pub mod strings;
pub mod ui;
