//! The screens: each owns its state, turns actions into changes and store calls, and draws
//! itself. `App` routes to the one on top.

pub mod accompaniment;
pub mod agenda;
pub mod card;
pub mod citizen;
pub mod counselling;
pub mod follow_up;
pub mod groups;
pub mod groups_view;
pub mod home;
pub mod interview;
pub mod pact_view;
pub mod print;
pub mod skills;
