//! Every role against every permission-guarded operation of core.
//!
//! The table below is the specification a reviewer reads: one row per
//! operation, one column per role, `Y` allowed and `-` refused. Each cell is
//! run against a real vault and must come out exactly so; refusals must be
//! `PermissionDenied` and leave a `denied` audit entry.

use steward_core::bulk::{BulkAction, BulkTarget};
use steward_core::records::activities::{About, ActivityKind, ActivityPatch, NewActivity};
use steward_core::records::attachments::{AttachedTo, AttachmentLimits, ReadPurpose};
use steward_core::records::contacts::{ContactPatch, NewContact, SensitiveField, SensitiveValues};
use steward_core::records::tasks::{NewTask, TaskPatch};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::*;

const Y: bool = true;
const N: bool = false;

#[rustfmt::skip]
const MATRIX: &[(&str, [bool; 6])] = &[
    //                                          owner admin manager agent auditor viewer
    ("list contacts",                           [Y,    Y,    Y,      Y,    Y,      Y]),
    ("show a contact",                          [Y,    Y,    Y,      Y,    Y,      Y]),
    ("add a contact",                           [Y,    Y,    Y,      Y,    N,      N]),
    ("add a contact with a sensitive field",    [Y,    Y,    Y,      N,    N,      N]),
    ("edit a contact they own",                 [Y,    Y,    Y,      Y,    N,      N]),
    ("edit someone else's contact",             [Y,    Y,    Y,      N,    N,      N]),
    ("set a sensitive field",                   [Y,    Y,    Y,      N,    N,      N]),
    ("delete a contact they own",               [Y,    Y,    Y,      Y,    N,      N]),
    ("delete someone else's contact",           [Y,    Y,    Y,      N,    N,      N]),
    ("reassign a contact",                      [Y,    Y,    Y,      N,    N,      N]),
    ("tag many contacts they own",              [Y,    Y,    Y,      Y,    N,      N]),
    ("delete many contacts they own",           [Y,    Y,    Y,      Y,    N,      N]),
    ("change the owner of many contacts",       [Y,    Y,    Y,      N,    N,      N]),
    ("merge two contacts they own",             [Y,    Y,    Y,      Y,    N,      N]),
    ("merge someone else's contacts",           [Y,    Y,    Y,      N,    N,      N]),
    ("reschedule a task assigned to them",      [Y,    Y,    Y,      Y,    N,      N]),
    ("reassign someone else's task",            [Y,    Y,    Y,      N,    N,      N]),
    ("correct an activity they logged",         [Y,    Y,    Y,      Y,    N,      N]),
    ("correct someone else's activity",         [Y,    Y,    Y,      N,    N,      N]),
    ("reveal a sensitive field",                [Y,    Y,    Y,      N,    N,      N]),
    ("export contacts",                         [Y,    Y,    Y,      N,    N,      N]),
    ("list users",                              [Y,    Y,    N,      N,    N,      N]),
    ("add an agent",                            [Y,    Y,    N,      N,    N,      N]),
    ("add an owner",                            [Y,    N,    N,      N,    N,      N]),
    ("change an agent's role",                  [Y,    Y,    N,      N,    N,      N]),
    ("make an agent an owner",                  [Y,    N,    N,      N,    N,      N]),
    ("reset an agent's password",               [Y,    Y,    N,      N,    N,      N]),
    ("disable an agent",                        [Y,    Y,    N,      N,    N,      N]),
    ("disable an owner",                        [Y,    N,    N,      N,    N,      N]),
    ("read the audit log",                      [Y,    Y,    N,      N,    Y,      N]),
    ("verify the audit log",                    [Y,    Y,    N,      N,    Y,      N]),
    ("export the audit log",                    [Y,    Y,    N,      N,    Y,      N]),
    ("define a custom field",                   [Y,    Y,    N,      N,    N,      N]),
    ("add a pipeline stage",                    [Y,    Y,    N,      N,    N,      N]),
    ("save a view",                             [Y,    Y,    Y,      Y,    Y,      Y]),
    ("back up now",                             [Y,    Y,    N,      N,    N,      N]),
    ("list backups",                            [Y,    Y,    N,      N,    N,      N]),
    ("change the backup settings",              [Y,    Y,    N,      N,    N,      N]),
    ("record consent",                          [Y,    Y,    Y,      Y,    Y,      N]),
    ("withdraw consent for many contacts",      [Y,    Y,    Y,      Y,    Y,      N]),
    ("edit a purpose",                          [Y,    Y,    N,      N,    N,      N]),
    ("open a data-subject request",             [Y,    Y,    Y,      N,    Y,      N]),
    ("restrict a person",                       [Y,    Y,    Y,      N,    Y,      N]),
    ("erase a person",                          [Y,    Y,    Y,      N,    Y,      N]),
    ("record an objection for many contacts",   [Y,    Y,    Y,      N,    Y,      N]),
    ("list alerts",                             [Y,    Y,    N,      N,    N,      N]),
    ("change the security policy",              [Y,    N,    N,      N,    N,      N]),
    ("set the vault's language",                [Y,    N,    N,      N,    N,      N]),
    ("list a contact's files",                  [Y,    Y,    Y,      Y,    Y,      Y]),
    ("add a file to a contact they own",        [Y,    Y,    Y,      Y,    N,      N]),
    ("add a file to someone else's contact",    [Y,    Y,    Y,      N,    N,      N]),
    ("rename a file on someone else's contact", [Y,    Y,    Y,      N,    N,      N]),
    ("open a file",                             [Y,    Y,    Y,      Y,    N,      N]),
    ("save a copy of a file",                   [Y,    Y,    Y,      N,    N,      N]),
    ("change the limits on files",              [Y,    Y,    N,      N,    N,      N]),
    ("open an incident",                        [Y,    Y,    N,      N,    N,      N]),
    ("list the breach register",                [Y,    Y,    N,      N,    N,      N]),
    // Last: once rules are published, the others' exports wait for their
    // acknowledgement (rules.rs).
    ("see who acknowledged the rules",          [Y,    N,    N,      N,    N,      N]),
    ("publish the rules",                       [Y,    N,    N,      N,    N,      N]),
    ("start and close an access review",        [Y,    Y,    N,      N,    N,      N]),
];

struct World {
    vault: TestVault,
    counter: u32,
}

impl World {
    fn owner(&mut self) -> &mut Session {
        self.vault.session()
    }

    fn fresh_name(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// A contact owned by the vault owner, with a date of birth.
    fn others_contact(&mut self) -> i64 {
        self.owner()
            .add_contact(&NewContact {
                name: "Somebody Else".into(),
                sensitive: SensitiveValues {
                    date_of_birth: Some("1980-02-03".into()),
                    ..SensitiveValues::default()
                },
                ..NewContact::default()
            })
            .unwrap()
    }

    /// A contact owned by `user`.
    fn contact_of(&mut self, user: &str) -> i64 {
        let id = self.others_contact();
        self.owner().reassign_contact(id, user).unwrap();
        id
    }

    /// A task created by the vault owner and assigned to `user`, or to the
    /// owner when `user`'s role cannot hold one.
    fn task_for(&mut self, user: &str) -> i64 {
        let task = |assignee: &str| NewTask {
            title: "Call back".into(),
            due_date: Some("2026-04-01".into()),
            assignee: Some(assignee.into()),
            ..NewTask::default()
        };
        match self.owner().add_task(&task(user)) {
            Ok(id) => id,
            Err(Error::InvalidInput(_)) => {
                let owner = self.owner().user().name.clone();
                self.owner().add_task(&task(&owner)).unwrap()
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// A file the vault owner added to a contact of theirs.
    fn others_file(&mut self) -> i64 {
        let id = self.others_contact();
        self.owner()
            .add_attachment(AttachedTo::Contact(id), "quote.pdf", &mut &b"%PDF"[..])
            .unwrap()
    }

    fn new_user(&mut self, role: Role) -> String {
        let name = self.fresh_name("target");
        self.owner()
            .add_user(&name, role, &Password::new(FIRST_PASSWORD))
            .unwrap();
        name
    }
}

fn a_note(contact: i64) -> NewActivity {
    NewActivity {
        kind: ActivityKind::Note,
        subject: "Spoke briefly".into(),
        body: None,
        occurred_at: None,
        about: About::Contact(contact),
    }
}

fn a_correction() -> ActivityPatch {
    ActivityPatch {
        kind: Some(ActivityKind::Call),
        ..ActivityPatch::default()
    }
}

fn run(op: &str, w: &mut World, s: &mut Session) -> steward_core::Result<()> {
    let me = s.user().name.clone();
    let new_password = Password::new("lime glacier parcel 8086 ember");
    match op {
        "list contacts" => s.list_contacts(None, 10).map(drop),
        "show a contact" => {
            let id = w.others_contact();
            s.get_contact(id).map(drop)
        }
        "add a contact" => s
            .add_contact(&NewContact {
                name: "New Person".into(),
                ..NewContact::default()
            })
            .map(drop),
        "add a contact with a sensitive field" => s
            .add_contact(&NewContact {
                name: "New Person".into(),
                sensitive: SensitiveValues {
                    national_id: Some("X123".into()),
                    ..SensitiveValues::default()
                },
                ..NewContact::default()
            })
            .map(drop),
        "edit a contact they own" => {
            let id = w.contact_of(&me);
            s.update_contact(
                id,
                &ContactPatch {
                    company: Some("Acme".into()),
                    ..ContactPatch::default()
                },
            )
            .map(drop)
        }
        "edit someone else's contact" => {
            let id = w.others_contact();
            s.update_contact(
                id,
                &ContactPatch {
                    company: Some("Acme".into()),
                    ..ContactPatch::default()
                },
            )
            .map(drop)
        }
        "set a sensitive field" => {
            let id = w.contact_of(&me);
            let patch = ContactPatch {
                sensitive: SensitiveValues {
                    special_notes: Some("allergy".into()),
                    ..SensitiveValues::default()
                },
                ..ContactPatch::default()
            };
            s.update_contact(id, &patch).map(drop)
        }
        "delete a contact they own" => {
            let id = w.contact_of(&me);
            s.delete_contact(id)
        }
        "delete someone else's contact" => {
            let id = w.others_contact();
            s.delete_contact(id)
        }
        "tag many contacts they own" | "delete many contacts they own" => {
            let id = w.contact_of(&me);
            let action = if op.starts_with("tag") {
                BulkAction::AddTag("bulk".into())
            } else {
                BulkAction::Delete
            };
            let out = s.bulk_change(&BulkTarget::Ids(vec![id]), &action)?;
            assert_eq!(out.changed, vec![id], "{op}");
            Ok(())
        }
        "merge two contacts they own" => {
            let keep = w.contact_of(&me);
            let other = w.contact_of(&me);
            s.merge_contacts(keep, other, &[]).map(drop)
        }
        "merge someone else's contacts" => {
            let keep = w.others_contact();
            let other = w.others_contact();
            s.merge_contacts(keep, other, &[]).map(drop)
        }
        "change the owner of many contacts" => {
            let id = w.others_contact();
            let out = s.bulk_change(&BulkTarget::Ids(vec![id]), &BulkAction::ChangeOwner(me))?;
            assert_eq!(out.changed, vec![id]);
            Ok(())
        }
        "withdraw consent for many contacts" => {
            let id = w.others_contact();
            w.owner()
                .record_consent(
                    id,
                    "newsletter",
                    &steward_core::consent::NewConsent {
                        state: steward_core::consent::Recorded::Given,
                        method: steward_core::consent::Method::PaperForm,
                        form_id: None,
                        evidence: None,
                        evidence_file: None,
                        expires: None,
                    },
                )
                .unwrap();
            let out = s.bulk_change(
                &BulkTarget::Ids(vec![id]),
                &BulkAction::Withdraw {
                    purpose: "newsletter".into(),
                    method: steward_core::consent::Method::Email,
                },
            )?;
            assert_eq!(out.changed, vec![id]);
            Ok(())
        }
        "record an objection for many contacts" => {
            let id = w.others_contact();
            let out = s.bulk_change(&BulkTarget::Ids(vec![id]), &BulkAction::Object)?;
            assert_eq!(out.changed, vec![id]);
            Ok(())
        }
        "reassign a contact" => {
            let id = w.others_contact();
            s.reassign_contact(id, &me).map(drop)
        }
        "reschedule a task assigned to them" => {
            let id = w.task_for(&me);
            s.update_task(
                id,
                &TaskPatch {
                    due_date: Some("2026-04-02".into()),
                    due_time: Some(Some("10:00".into())),
                    ..TaskPatch::default()
                },
            )
            .map(drop)
        }
        "reassign someone else's task" => {
            let owner = w.owner().user().name.clone();
            let id = w.task_for(&owner);
            s.update_task(
                id,
                &TaskPatch {
                    assignee: Some(me),
                    ..TaskPatch::default()
                },
            )
            .map(drop)
        }
        "correct an activity they logged" => {
            // Only a role that may log one can have logged one; the others
            // try the owner's.
            let contact = w.others_contact();
            let id = if s.can(steward_core::Permission::ContactsCreate) {
                s.add_activity(&a_note(contact)).unwrap()
            } else {
                w.owner().add_activity(&a_note(contact)).unwrap()
            };
            s.update_activity(id, &a_correction()).map(drop)
        }
        "correct someone else's activity" => {
            let contact = w.others_contact();
            let id = w.owner().add_activity(&a_note(contact)).unwrap();
            s.update_activity(id, &a_correction()).map(drop)
        }
        "reveal a sensitive field" => {
            let id = w.others_contact();
            let value = s.reveal_sensitive(
                id,
                SensitiveField::DateOfBirth,
                "identity check on the phone",
            )?;
            assert_eq!(value.as_deref(), Some("1980-02-03"));
            Ok(())
        }
        "export contacts" => s
            .export_contacts(
                steward_core::interchange::ExportFormat::Csv,
                None,
                &mut Vec::new(),
            )
            .map(drop),
        "list users" => s.list_users().map(drop),
        "define a custom field" => {
            let key = w.fresh_name("field");
            s.add_custom_field(
                &key,
                &key,
                steward_core::records::custom_fields::CustomFieldKind::Text,
            )
            .map(drop)
        }
        "add a pipeline stage" => {
            let name = w.fresh_name("Stage ");
            s.add_stage(&name, 40, steward_core::records::deals::StageKind::Open)
                .map(drop)
        }
        "back up now" => {
            let dir = w.vault._temp.path().join("backups");
            s.create_backup(
                steward_core::backup::BackupKind::Manual,
                Some(&dir),
                &mut |_, _| {},
            )
            .map(drop)
        }
        "list backups" => s.list_backups(None).map(drop),
        "change the backup settings" => s
            .set_backup_settings(&steward_core::backup::BackupSettings {
                interval_minutes: 30,
                ..Default::default()
            })
            .map(drop),
        "record consent" => {
            let id = w.others_contact();
            s.record_consent(
                id,
                "newsletter",
                &steward_core::consent::NewConsent {
                    state: steward_core::consent::Recorded::Given,
                    method: steward_core::consent::Method::PaperForm,
                    form_id: None,
                    evidence: None,
                    evidence_file: None,
                    expires: None,
                },
            )
            .map(drop)
        }
        "edit a purpose" => s
            .update_purpose(
                "newsletter",
                &steward_core::consent::PurposePatch {
                    description: Some(w.fresh_name("Our news ")),
                    ..Default::default()
                },
            )
            .map(drop),
        "open a data-subject request" => {
            let id = w.others_contact();
            s.open_request(id, steward_core::rights::DsrKind::Access, None)
                .map(drop)
        }
        "restrict a person" => {
            let id = w.others_contact();
            s.restrict_contact(id)
        }
        "erase a person" => {
            let id = w.others_contact();
            s.erase_contact(id, true).map(drop)
        }
        "list alerts" => s.list_alerts(false).map(drop),
        "set the vault's language" => s
            .set_vault_language(steward_core::locale::Language::Ro)
            .map(drop),
        "change the security policy" => {
            let minutes = 5 + w.fresh_name("").parse::<u32>().unwrap_or(0) % 50;
            s.set_policy("auto_lock_minutes", &minutes.to_string())
                .map(drop)
        }
        "save a view" => s
            .save_view(
                "Mine",
                &steward_core::records::contacts::ContactQuery {
                    tag: Some("vip".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        "add an agent" => {
            let name = w.fresh_name("new");
            s.add_user(&name, Role::Agent, &Password::new(FIRST_PASSWORD))
                .map(drop)
        }
        "add an owner" => {
            let name = w.fresh_name("new");
            s.add_user(&name, Role::Owner, &Password::new(FIRST_PASSWORD))
                .map(drop)
        }
        "change an agent's role" => {
            let name = w.new_user(Role::Agent);
            s.set_role(&name, Role::Viewer).map(drop)
        }
        "make an agent an owner" => {
            let name = w.new_user(Role::Agent);
            s.set_role(&name, Role::Owner).map(drop)
        }
        "reset an agent's password" => {
            let name = w.new_user(Role::Agent);
            s.reset_password(&name, &new_password)
        }
        "disable an agent" => {
            let name = w.new_user(Role::Agent);
            s.disable_user(&name).map(drop)
        }
        "disable an owner" => {
            let name = w.new_user(Role::Owner);
            s.disable_user(&name).map(drop)
        }
        "read the audit log" => s.audit_entries(&Default::default()).map(drop),
        "verify the audit log" => s.audit_verify().map(drop),
        "export the audit log" => s
            .audit_export_csv(&Default::default(), &mut Vec::new())
            .map(drop),
        "list a contact's files" => {
            let id = w.others_contact();
            s.list_attachments(AttachedTo::Contact(id)).map(drop)
        }
        "add a file to a contact they own" => {
            let id = w.contact_of(&me);
            s.add_attachment(AttachedTo::Contact(id), "a.txt", &mut &b"a"[..])
                .map(drop)
        }
        "add a file to someone else's contact" => {
            let id = w.others_contact();
            s.add_attachment(AttachedTo::Contact(id), "a.txt", &mut &b"a"[..])
                .map(drop)
        }
        "rename a file on someone else's contact" => {
            let id = w.others_file();
            s.rename_attachment(id, "b.pdf").map(drop)
        }
        "open a file" => {
            let id = w.others_file();
            s.read_attachment(id, ReadPurpose::Open, &mut Vec::new())
                .map(drop)
        }
        "save a copy of a file" => {
            let id = w.others_file();
            s.read_attachment(id, ReadPurpose::SaveCopy, &mut Vec::new())
                .map(drop)
        }
        "change the limits on files" => s.set_attachment_limits(AttachmentLimits {
            max_file_bytes: 1 << 20,
            quota_bytes: 1 << 30,
        }),
        "see who acknowledged the rules" => s.rules_status().map(drop),
        "publish the rules" => {
            let text = format!("Rules, version of {}", w.fresh_name("draft"));
            s.set_rules(&text).map(drop)
        }
        "start and close an access review" => {
            s.start_review().and_then(|_| s.close_review()).map(drop)
        }
        "open an incident" => s
            .open_breach(
                steward_core::breach::BreachFacts {
                    discovered_at: "2026-01-01".into(),
                    summary: "A laptop was stolen".into(),
                    ..Default::default()
                },
                None,
            )
            .map(drop),
        "list the breach register" => s.list_breaches().map(drop),
        other => panic!("no operation named {other:?}"),
    }
}

fn denied_entries(w: &mut World) -> i64 {
    raw(&w.vault)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE outcome = 'denied'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn every_role_does_exactly_what_the_matrix_says() {
    let mut w = World {
        vault: new_vault(),
        counter: 0,
    };
    let mut sessions: Vec<(Role, Session)> = Vec::new();
    for (i, role) in Role::ALL.into_iter().enumerate() {
        let name = format!("as-{}", role.as_str());
        sessions.push((role, user_session(&mut w.vault, &name, role)));
        assert_eq!(sessions[i].1.user().role, role);
    }
    let mut failures = Vec::new();
    for (op, expected) in MATRIX {
        for (i, (role, session)) in sessions.iter_mut().enumerate() {
            let denied_before = denied_entries(&mut w);
            let result = run(op, &mut w, session);
            match (expected[i], result) {
                (true, Ok(())) => {}
                (false, Err(Error::PermissionDenied { .. })) => {
                    if denied_entries(&mut w) != denied_before + 1 {
                        failures.push(format!(
                            "{role} / {op}: refused without a denied audit entry"
                        ));
                    }
                }
                (want, got) => failures.push(format!(
                    "{role} / {op}: expected {}, got {got:?}",
                    if want { "allowed" } else { "denied" }
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_matrix_covers_every_permission_and_every_role_allows_only_listed_permissions() {
    // A new permission must get a row above and a decision for every role.
    use steward_core::Permission as P;
    let allowed = |role: Role| role.permissions();
    assert_eq!(allowed(Role::Owner).len(), P::ALL.len());
    assert!(!allowed(Role::Admin).contains(&P::OwnersManage));
    assert_eq!(allowed(Role::Viewer), vec![P::ContactsRead]);
    assert_eq!(
        allowed(Role::Auditor),
        vec![
            P::ContactsRead,
            P::AuditRead,
            P::AuditExport,
            P::ConsentRecord,
            P::RightsManage
        ]
    );
    assert_eq!(
        allowed(Role::Agent),
        vec![
            P::ContactsRead,
            P::ContactsCreate,
            P::ContactsEditOwn,
            P::ContactsDeleteOwn,
            P::ConsentRecord,
            P::AttachmentsOpen
        ]
    );
}
