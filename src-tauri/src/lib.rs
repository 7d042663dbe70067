//! steward-app: the Tauri v2 shell. Only this crate knows about Tauri and IPC;
//! each command converts its arguments, calls one steward-core function and
//! converts the result back.

pub mod api;
mod autolock;
pub mod error;
mod files;
mod idle;
mod menu;
pub mod opened;
pub mod reminders;
#[cfg(test)]
mod secrets_in_debug;
#[cfg(unix)]
mod signals;
mod state;
pub mod updates;
mod viewer;
pub mod webview;

use steward_core::backup::BackupKind;
use tauri::{Manager, RunEvent, WindowEvent};

/// Starts the app.
///
/// # Panics
/// When the window system cannot start; there is nothing to show then.
pub fn run() {
    // Attachments a crash left decrypted for a viewer go first.
    viewer::remove_leftovers(&std::env::temp_dir());
    // A backup file among the arguments (`steward-app FILE.stwbak`) waits
    // for the restore screen.
    let opened = opened::OpenedBackup::default();
    if let Ok(cwd) = std::env::current_dir()
        && let Some(path) = opened::backup_from_args(std::env::args_os().skip(1), &cwd)
    {
        opened.set(path);
    }
    let app = tauri::Builder::default()
        // First, so a second launch ends before it starts anything: it hands
        // its arguments to the running Steward, which shows its window. Two
        // processes never hold one vault.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            opened::second_launch(app, argv, &cwd);
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // Reached only through Steward's own commands in `updates`, which
        // enforce the machine's policy; the window may not call it.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(state::AppState::load())
        .manage(opened)
        .manage(api::team::engine::TeamSync::new(std::sync::Arc::new(
            steward_core::vault::device::SystemKeychain,
        )))
        .setup(|app| {
            // Before anything else: the page is already loading.
            if let Some(window) = app.get_webview_window("main") {
                webview::apply(&window, &webview::adopted())?;
            }
            app.manage(updates::Updates::for_this_computer(app.handle()));
            updates::start(app.handle().clone());
            api::backup::commands::start_schedule(app.handle().clone());
            autolock::start_idle_watch(app.handle().clone());
            reminders::start(app.handle().clone());
            api::team::worker::start(app.handle().clone());
            autolock::start_desktop_watch(app.handle());
            menu::install(app)?;
            #[cfg(unix)]
            signals::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            api::vault::commands::app_status,
            api::vault::commands::password_strength,
            api::vault::commands::create_vault,
            api::vault::commands::unlock_vault,
            api::vault::commands::unlock_with_recovery_key,
            api::vault::commands::unlock_with_device,
            api::vault::commands::remember_device,
            api::vault::commands::forget_device,
            api::vault::commands::note_activity,
            api::vault::commands::lock_vault,
            api::contacts::commands::list_contacts,
            api::contacts::commands::get_contact,
            api::contacts::commands::add_contact,
            api::contacts::commands::update_contact,
            api::contacts::commands::delete_contact,
            api::contacts::commands::bulk_change_contacts,
            api::contacts::commands::possible_duplicates,
            api::contacts::commands::duplicate_group_page,
            api::contacts::commands::merge_contacts,
            api::contacts::commands::reveal_sensitive,
            api::contacts::commands::list_custom_fields,
            api::contacts::commands::add_custom_field,
            api::contacts::commands::delete_custom_field,
            api::contacts::commands::list_views,
            api::contacts::commands::save_view,
            api::contacts::commands::delete_view,
            api::users::commands::list_users,
            api::users::commands::add_user,
            api::users::commands::set_user_role,
            api::users::commands::disable_user,
            api::users::commands::enable_user,
            api::users::commands::reset_user_password,
            api::users::commands::change_password,
            api::audit::commands::list_audit,
            api::monitor::commands::list_alerts,
            api::monitor::commands::open_alert_count,
            api::monitor::commands::ack_alert,
            api::monitor::commands::get_policy,
            api::monitor::commands::set_policy,
            api::monitor::commands::reauthenticate,
            api::review::commands::start_review,
            api::review::commands::open_review,
            api::review::commands::get_review,
            api::review::commands::list_reviews,
            api::review::commands::review_status,
            api::review::commands::decide_review,
            api::review::commands::close_review,
            api::review::commands::export_review_csv,
            api::breach::commands::list_breaches,
            api::breach::commands::get_breach,
            api::breach::commands::breach_facts_from_alert,
            api::breach::commands::open_breach,
            api::breach::commands::update_breach,
            api::breach::commands::decide_breach,
            api::breach::commands::breach_report,
            api::breach::commands::breach_drafts,
            api::breach::commands::breach_countdown,
            api::breach::commands::export_breach,
            api::locale::commands::get_languages,
            api::locale::commands::set_user_language,
            api::locale::commands::set_vault_language,
            api::audit::commands::verify_audit,
            api::audit::commands::export_audit_csv,
            api::search::commands::search,
            api::interchange::commands::preview_csv,
            api::interchange::commands::import_contacts,
            api::interchange::commands::import_email,
            api::interchange::commands::save_rejected_rows,
            api::interchange::commands::list_imports,
            api::interchange::commands::undo_import,
            api::interchange::commands::export_contacts,
            api::interchange::commands::export_contacts_where,
            api::interchange::commands::export_calendar,
            api::contacts::commands::list_deleted_contacts,
            api::contacts::commands::restore_contact,
            api::contacts::commands::get_phone_settings,
            api::contacts::commands::set_phone_country,
            api::records::commands::list_companies,
            api::records::commands::get_company,
            api::records::commands::add_company,
            api::records::commands::update_company,
            api::records::commands::delete_company,
            api::records::commands::list_stages,
            api::records::stages::add_stage,
            api::records::stages::rename_stage,
            api::records::stages::set_stage_probability,
            api::records::stages::reorder_stages,
            api::records::stages::delete_stage,
            api::records::commands::list_deals,
            api::records::commands::list_deals_page,
            api::records::commands::pipeline_summary,
            api::records::commands::get_deal,
            api::records::commands::add_deal,
            api::records::commands::update_deal,
            api::records::commands::move_deal,
            api::records::commands::delete_deal,
            api::records::commands::add_activity,
            api::records::commands::list_activities,
            api::records::commands::update_activity,
            api::records::commands::delete_activity,
            api::records::commands::list_tasks_page,
            api::records::commands::list_tasks_about,
            api::records::commands::calendar,
            api::records::commands::add_task,
            api::records::commands::update_task,
            api::records::commands::complete_task,
            api::records::commands::reopen_task,
            api::records::commands::delete_task,
            api::reminders::commands::list_reminders,
            api::reminders::commands::dismiss_reminder,
            api::reminders::commands::snooze_reminder,
            api::records::commands::dashboard,
            api::records::recycle_bin::list_recycle_bin,
            api::records::recycle_bin::restore_record,
            api::records::attachments::list_attachments,
            api::records::attachments::add_attachments,
            api::records::attachments::open_attachment,
            api::records::attachments::save_attachment_copy,
            api::records::attachments::rename_attachment,
            api::records::attachments::delete_attachment,
            api::records::attachments::activity_attachment_counts,
            files::next_test_pick,
            api::consent::commands::list_purposes,
            api::consent::commands::update_purpose,
            api::consent::commands::current_consents,
            api::consent::commands::consent_history,
            api::consent::commands::record_consent,
            api::consent::commands::record_consent_from_form,
            api::consent::commands::withdraw_consent,
            api::consent::commands::save_consent_evidence,
            api::consent::commands::expiring_consents,
            api::consent::commands::contacts_for_purpose,
            api::consent::commands::export_for_purpose,
            api::mailing::commands::purpose_coverage,
            api::mailing::commands::mailing_list_counts,
            api::mailing::commands::save_mailing_list,
            api::mailing::commands::export_scope_for_purpose,
            api::consent::commands::list_consent_forms,
            api::consent::commands::get_consent_form,
            api::consent::commands::save_consent_form,
            api::consent::commands::processing_register,
            api::consent::commands::export_register,
            api::consent::commands::get_controller,
            api::consent::commands::set_controller,
            api::rights::commands::open_request,
            api::rights::commands::list_requests,
            api::rights::commands::extend_request,
            api::rights::commands::close_request,
            api::rights::commands::export_access_package,
            api::rights::commands::erase_contact,
            api::rights::commands::restrict_contact,
            api::rights::commands::lift_restriction,
            api::rights::commands::object_contact,
            api::rights::commands::retention_review,
            api::rights::commands::apply_review,
            api::backup::commands::backup_status,
            api::backup::commands::backup_settings,
            api::backup::commands::set_backup_settings,
            api::backup::commands::list_backups,
            api::backup::commands::create_backup,
            api::backup::commands::verify_backup,
            api::backup::commands::prune_backups,
            api::backup::commands::run_restore_drill,
            api::backup::commands::backup_users,
            api::backup::commands::preview_backup,
            api::backup::commands::restore_backup,
            api::backup::commands::restore_backup_into,
            opened::take_opened_backup,
            updates::update_status,
            updates::check_for_update,
            updates::install_update,
            api::rules::commands::rules_state,
            api::rules::commands::acknowledge_rules,
            api::rules::commands::rules_template,
            api::rules::commands::set_rules,
            api::rules::commands::rules_status,
            api::team::commands::team_status,
            api::team::commands::team_sync_now,
            api::team::commands::team_seen,
            api::team::commands::team_set_password,
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
