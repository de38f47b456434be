//! The README documents the keys of the default keymap exactly as they are.

#[test]
fn readme_lists_the_default_keys() {
    let keymap = orienta::ui::keymap::Keymap::default_keymap().unwrap();
    let table = orienta::ui::keys_markdown(&keymap);
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "the README's key table differs from keymaps/default.toml; it should be:\n{table}"
    );
}
