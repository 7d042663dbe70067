//! steward-app: the Tauri v2 shell. Only this crate knows about Tauri and IPC;
//! each command converts its arguments, calls one steward-core function and
//! converts the result back.

mod autolock;
mod commands;
pub mod dto;
pub mod dto_backup;
pub mod dto_mailing;
pub mod dto_monitor;
pub mod dto_privacy;
pub mod dto_records;
pub mod error;
mod menu;
#[cfg(test)]
mod secrets_in_debug;
#[cfg(unix)]
mod signals;
mod state;

use steward_core::backup::BackupKind;
use tauri::{Manager, RunEvent, WindowEvent};

/// Starts the app.
///
/// # Panics
/// When the window system cannot start; there is nothing to show then.
pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::load())
        .setup(|app| {
            commands::backup::start_schedule(app.handle().clone());
            autolock::start_idle_watch(app.handle().clone());
            autolock::start_desktop_watch(app.handle());
            menu::install(app)?;
            #[cfg(unix)]
            signals::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault::app_status,
            commands::vault::password_strength,
            commands::vault::create_vault,
            commands::vault::unlock_vault,
            commands::vault::unlock_with_recovery_key,
            commands::vault::unlock_with_device,
            commands::vault::remember_device,
            commands::vault::forget_device,
            commands::vault::note_activity,
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
            commands::monitor::list_alerts,
            commands::monitor::open_alert_count,
            commands::monitor::ack_alert,
            commands::monitor::get_policy,
            commands::monitor::set_policy,
            commands::monitor::reauthenticate,
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
            commands::pipeline::add_stage,
            commands::pipeline::rename_stage,
            commands::pipeline::set_stage_probability,
            commands::pipeline::reorder_stages,
            commands::pipeline::delete_stage,
            commands::records::list_deals,
            commands::records::get_deal,
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
            commands::recycle_bin::list_recycle_bin,
            commands::recycle_bin::restore_record,
            commands::privacy::list_purposes,
            commands::privacy::update_purpose,
            commands::privacy::current_consents,
            commands::privacy::consent_history,
            commands::privacy::record_consent,
            commands::privacy::record_consent_from_form,
            commands::privacy::withdraw_consent,
            commands::privacy::save_consent_evidence,
            commands::privacy::expiring_consents,
            commands::privacy::contacts_for_purpose,
            commands::privacy::export_for_purpose,
            commands::mailing::purpose_coverage,
            commands::mailing::mailing_list_counts,
            commands::mailing::save_mailing_list,
            commands::mailing::export_scope_for_purpose,
            commands::privacy::list_consent_forms,
            commands::privacy::get_consent_form,
            commands::privacy::save_consent_form,
            commands::privacy::processing_register,
            commands::privacy::export_register,
            commands::privacy::open_request,
            commands::privacy::list_requests,
            commands::privacy::extend_request,
            commands::privacy::close_request,
            commands::privacy::export_access_package,
            commands::privacy::erase_contact,
            commands::privacy::restrict_contact,
            commands::privacy::lift_restriction,
            commands::privacy::object_contact,
            commands::privacy::retention_review,
            commands::privacy::apply_review,
            commands::backup::backup_status,
            commands::backup::backup_settings,
            commands::backup::set_backup_settings,
            commands::backup::list_backups,
            commands::backup::create_backup,
            commands::backup::verify_backup,
            commands::backup::prune_backups,
            commands::backup::run_restore_drill,
            commands::backup::backup_users,
            commands::backup::preview_backup,
            commands::backup::restore_backup,
            commands::backup::restore_backup_into,
        ])
        .on_window_event(|window, event| {
            // Closing the window backs up what changed and locks the vault
            // before the process ends.
            if matches!(event, WindowEvent::Destroyed) {
                let _ = window
                    .state::<state::AppState>()
                    .lock_after_backup(BackupKind::Quit);
            }
        })
        .build(tauri::generate_context!());
    #[allow(clippy::expect_used, reason = "no window system, nothing to show")]
    let app = app.expect("Steward could not start its window");
    app.run(|handle, event| {
        if matches!(event, RunEvent::Exit) {
            let _ = handle
                .state::<state::AppState>()
                .lock_after_backup(BackupKind::Quit);
        }
    });
}
