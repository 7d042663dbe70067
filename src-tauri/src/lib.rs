//! steward-app: the Tauri v2 shell. Only this crate knows about Tauri and IPC;
//! each command converts its arguments, calls one steward-core function and
//! converts the result back.

mod commands;
pub mod dto;
pub mod dto_records;
pub mod error;
mod state;

use tauri::{Manager, RunEvent, WindowEvent};

/// Starts the app.
///
/// # Panics
/// When the window system cannot start; there is nothing to show then.
pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::load())
        .invoke_handler(tauri::generate_handler![
            commands::vault::app_status,
            commands::vault::password_strength,
            commands::vault::create_vault,
            commands::vault::unlock_vault,
            commands::vault::unlock_with_recovery_key,
            commands::vault::lock_vault,
            commands::contacts::list_contacts,
            commands::contacts::get_contact,
            commands::contacts::add_contact,
            commands::contacts::update_contact,
            commands::contacts::delete_contact,
            commands::contacts::reveal_sensitive,
            commands::contacts::list_custom_fields,
            commands::contacts::add_custom_field,
            commands::contacts::delete_custom_field,
            commands::contacts::list_views,
            commands::contacts::save_view,
            commands::contacts::delete_view,
            commands::users::list_users,
            commands::users::add_user,
            commands::users::set_user_role,
            commands::users::disable_user,
            commands::users::enable_user,
            commands::users::reset_user_password,
            commands::users::change_password,
            commands::audit::list_audit,
            commands::audit::verify_audit,
            commands::audit::export_audit_csv,
            commands::interchange::search,
            commands::interchange::preview_csv,
            commands::interchange::import_contacts,
            commands::interchange::list_imports,
            commands::interchange::undo_import,
            commands::interchange::export_contacts,
            commands::interchange::export_contacts_where,
            commands::interchange::list_deleted_contacts,
            commands::interchange::restore_contact,
            commands::records::list_companies,
            commands::records::get_company,
            commands::records::add_company,
            commands::records::update_company,
            commands::records::delete_company,
            commands::records::list_stages,
            commands::records::list_deals,
            commands::records::add_deal,
            commands::records::update_deal,
            commands::records::move_deal,
            commands::records::delete_deal,
            commands::records::add_activity,
            commands::records::list_activities,
            commands::records::delete_activity,
            commands::records::list_tasks,
            commands::records::list_tasks_about,
            commands::records::add_task,
            commands::records::complete_task,
            commands::records::reopen_task,
            commands::records::delete_task,
            commands::records::dashboard,
        ])
        .on_window_event(|window, event| {
            // Closing the window locks the vault before the process ends.
            if matches!(event, WindowEvent::Destroyed) {
                let _ = window.state::<state::AppState>().lock();
            }
        })
        .build(tauri::generate_context!());
    #[allow(clippy::expect_used, reason = "no window system, nothing to show")]
    let app = app.expect("Steward could not start its window");
    app.run(|handle, event| {
        if matches!(event, RunEvent::Exit) {
            let _ = handle.state::<state::AppState>().lock();
        }
    });
}
