//! Keymap parsing, patching and refusals.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn base() -> Keymap {
    Keymap::default_keymap().expect("the default keymap is valid")
}

fn key(text: &str) -> Key {
    Key::parse(text).expect("a valid key")
}

#[test]
fn shipped_keymaps_parse_and_have_no_conflicts() {
    for keymap in [base(), Keymap::function_keymap().expect("function keymap")] {
        assert_eq!(keymap.first_conflict(), None);
        for context in Context::ALL {
            for &action in context.actions() {
                assert!(
                    !keymap.keys(context, action).is_empty(),
                    "{}.{} has no key",
                    context.name(),
                    action.name()
                );
            }
        }
    }
}

#[test]
fn function_keymap_adds_function_keys_and_keeps_the_rest() {
    let f = Keymap::function_keymap().unwrap();
    assert_eq!(f.action(Context::Form, &key("f2")), Some(Action::Save));
    assert_eq!(
        f.action(Context::Interview, &key("f10")),
        Some(Action::CloseInterview)
    );
    assert_eq!(f.action(Context::Card, &key("f3")), Some(Action::Back));
    assert_eq!(f.action(Context::Home, &key("ctrl-q")), Some(Action::Quit));
}

#[test]
fn context_keys_come_before_global_ones() {
    let k = base();
    assert_eq!(k.action(Context::Dialog, &key("esc")), Some(Action::Cancel));
    assert_eq!(k.action(Context::Card, &key("esc")), Some(Action::Back));
    assert_eq!(k.action(Context::Home, &key("n")), None);
}

#[test]
fn a_user_file_overrides_only_the_keys_it_names() {
    let k = base()
        .patched("mio.toml", "[global]\nsave = \"f2\"\n")
        .unwrap();
    assert_eq!(k.keys(Context::Global, Action::Save), [key("f2")]);
    assert_eq!(k.keys(Context::Global, Action::Quit), [key("ctrl-q")]);
    assert_eq!(k.action(Context::Form, &key("ctrl-s")), None);
}

fn error(text: &str) -> KeymapError {
    base()
        .patched("mio.toml", text)
        .expect_err("must be refused")
}

#[test]
fn broken_files_are_refused_with_line_and_reason() {
    let e = error("[global]\nsave = \"f2\"\nquit = \"ctrl-\"\n");
    assert_eq!((e.file.as_str(), e.line), ("mio.toml", 3));
    assert_eq!(e.problem, KeymapProblem::BadKey("ctrl-".into()));

    let e = error("\n[globale]\nsave = \"f2\"\n");
    assert_eq!(e.line, 2);
    assert_eq!(e.problem, KeymapProblem::UnknownContext("globale".into()));

    let e = error("[home]\n\nsalva = \"f2\"\n");
    assert_eq!(e.line, 3);
    assert!(matches!(e.problem, KeymapProblem::UnknownAction { .. }));

    let e = error("[form]\nnext_field = \"x\"\n");
    assert_eq!(e.line, 2);
    assert!(matches!(e.problem, KeymapProblem::TextKey { .. }));

    let e = error("[card]\nedit_citizen = \"n\"\n");
    assert_eq!(e.line, 2);
    assert!(matches!(e.problem, KeymapProblem::Conflict { .. }));

    let e = error("[card]\nedit_citizen = []\n");
    assert_eq!(e.problem, KeymapProblem::NoKeys("edit_citizen".into()));

    let e = error("[card\n");
    assert_eq!(e.line, 1);
    assert!(matches!(e.problem, KeymapProblem::Syntax(_)));

    let message = error("[global]\nquit = \"ctrl-\"\n").to_string();
    assert!(message.contains("mio.toml, riga 2"), "{message}");
    assert!(message.contains("«ctrl-»"), "{message}");
}

#[test]
fn key_names() {
    assert_eq!(key("Ctrl-S"), key("ctrl-s"));
    assert_eq!(key("shift-tab").code, KeyCodeOrd::BackTab);
    assert_eq!(key("f12").code, KeyCodeOrd::F(12));
    assert_eq!(Key::parse("f13"), None);
    assert_eq!(Key::parse("ab"), None);
    assert_eq!(key("ctrl-s").to_string(), "Ctrl+S");
    assert_eq!(key("pagedown").to_string(), "PagGiù");
    let event = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL);
    assert_eq!(Key::from_event(&event), Some(key("ctrl-s")));
    let event = KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&event), Some(key("shift-tab")));
}

#[test]
fn every_context_and_action_has_an_italian_name() {
    for context in Context::ALL {
        assert!(
            !crate::strings::context_title(context.name()).is_empty(),
            "{}",
            context.name()
        );
        for action in context.actions() {
            assert!(
                !crate::strings::action_label(action.name()).is_empty(),
                "{}",
                action.name()
            );
            assert!(!crate::strings::action_short(action.name()).is_empty());
        }
    }
}

#[test]
fn a_plain_global_key_and_signing_on_a_moving_key_are_refused() {
    let quit_on_x = base().patched("k.toml", "[global]\nquit = [\"x\"]\n");
    assert!(matches!(
        quit_on_x.map_err(|e| e.problem),
        Err(KeymapProblem::TextKey { .. })
    ));
    for key in ["down", "enter", "space", "tab", "pagedown"] {
        let text = format!("[dialog]\nsign = [\"{key}\"]\n");
        let refused = base().patched("k.toml", &text);
        assert!(
            matches!(
                refused.map_err(|e| e.problem),
                Err(KeymapProblem::SignOnMovingKey(_))
            ),
            "{key}"
        );
    }
    // Function keys and help's question mark stay allowed.
    assert!(
        base()
            .patched("k.toml", "[dialog]\nsign = [\"f12\"]\n")
            .is_ok()
    );
    assert!(
        base()
            .patched("k.toml", "[global]\nhelp = [\"f1\", \"?\"]\n")
            .is_ok()
    );
}

#[test]
fn a_toml_syntax_error_is_worded_in_italian() {
    let error = base()
        .patched("k.toml", "[global\nquit = \"ctrl-q\"\n")
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("tabella non chiusa") || text.contains("sintassi"),
        "{text}"
    );
}
