//! The window's menu: Vault → Lock (Ctrl+L, ⌘L on macOS) and Quit. Locking
//! from the menu works even when the page does not answer.

use tauri::menu::{MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, AppHandle};

use crate::autolock;
use crate::autolock::LockReason;

const LOCK: &str = "vault-lock";
const QUIT: &str = "app-quit";

/// Sets the menu on every window and handles its items.
///
/// # Errors
/// When the platform refuses the menu.
pub fn install(app: &App) -> tauri::Result<()> {
    let lock = MenuItemBuilder::with_id(LOCK, "Lock")
        .accelerator("CmdOrCtrl+L")
        .build(app)?;
    let quit = MenuItemBuilder::with_id(QUIT, "Quit")
        .accelerator("CmdOrCtrl+Q")
        .build(app)?;
    let vault = SubmenuBuilder::new(app, "Vault")
        .item(&lock)
        .separator()
        .item(&quit)
        .build()?;
    let menu = MenuBuilder::new(app).item(&vault).build()?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| match event.id().as_ref() {
        LOCK => in_background(app, |app| autolock::lock_now(app, LockReason::Menu)),
        // Exiting runs the quit backup and locks (see `run`).
        QUIT => app.exit(0),
        _ => {}
    });
    Ok(())
}

/// Locking may back up first, which must not hold up the window.
fn in_background(app: &AppHandle, f: fn(&AppHandle)) {
    let app = app.clone();
    drop(
        std::thread::Builder::new()
            .name("menu-lock".into())
            .spawn(move || f(&app)),
    );
}
