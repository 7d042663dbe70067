//! Data-subject rights: erasure leaves nothing behind, restriction and
//! objection take effect, the request register keeps its deadlines, imports
//! recognise erased and objecting people, and the access package is whole.

use steward_core::consent::{LeftOut, Method, NewConsent, Recorded};
use steward_core::interchange::{ExportFormat, ImportOptions, OnDuplicate};
use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::contacts::{ContactQuery, NewContact, SensitiveValues};
use steward_core::records::tasks::NewTask;
use steward_core::rights::{DsrKind, DsrStatus};
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

const NAME: &str = "Wilhelmina Quarterfield";
const EMAIL: &str = "wilhelmina.q@zephyrmail.example";
const PHONE: &str = "+49 30 5550199";

fn the_person(s: &mut Session) -> i64 {
    let id = s
        .add_contact(&NewContact {
            name: NAME.into(),
            emails: vec![EMAIL.into()],
            phones: vec![PHONE.into()],
            company: Some("Quarterfield Holdings".into()),
            tags: vec!["vip".into()],
            notes: Some("met at the quarterfield fair".into()),
            sensitive: SensitiveValues {
                date_of_birth: Some("1980-02-03".into()),
                ..SensitiveValues::default()
            },
            ..NewContact::default()
        })
        .unwrap();
    s.add_activity(&NewActivity {
        kind: ActivityKind::Call,
        subject: "Quarterfield renewal call".into(),
        body: Some("wilhelmina asked about prices".into()),
        occurred_at: None,
        about: About::Contact(id),
    })
    .unwrap();
    s.add_task(&NewTask {
        title: "Send Quarterfield the offer".into(),
        due_date: None,
        assignee: None,
        about: Some(About::Contact(id)),
        ..NewTask::default()
    })
    .unwrap();
    s.record_consent(
        id,
        "newsletter",
        &NewConsent {
            state: Recorded::Given,
            method: Method::WebForm,
            form_id: None,
            evidence: Some("web form of wilhelmina".into()),
            evidence_file: None,
            expires: None,
        },
    )
    .unwrap();
    id
}

fn csv_of_the_person() -> String {
    format!("Name,Email,Phone\n{NAME},{EMAIL},{PHONE}\nSomeone Else,else@example.org,\n")
}

fn import(s: &mut Session, csv: &str, readmit: bool) -> steward_core::interchange::ImportReport {
    let preview = s.preview_csv(csv.as_bytes()).unwrap();
    s.import_csv(
        csv.as_bytes(),
        &ImportOptions {
            mapping: preview.suggested,
            on_duplicate: OnDuplicate::Create,
            readmit_known: readmit,
            ..ImportOptions::default()
        },
        &mut |_, _| {},
    )
    .unwrap()
}

/// Every text or blob value of every table of the decrypted database, FTS
/// shadow tables included, lower-cased.
fn every_value(v: &TestVault) -> Vec<(String, String)> {
    let conn = raw(v);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'search_index'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let text = match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).to_lowercase()
                    }
                    _ => continue,
                };
                out.push((table.clone(), text));
            }
        }
    }
    out
}

#[test]
fn erasure_leaves_no_trace_of_the_person_in_the_live_vault_or_the_log() {
    let mut v = new_vault();
    let id = the_person(v.session());
    // A company whose only link is the person, a deal with them for it that
    // names them, and the deal's activity and task.
    let s = v.session();
    let company = s
        .add_company(&steward_core::records::companies::NewCompany {
            name: "Ostrander Freight".into(),
            ..Default::default()
        })
        .unwrap();
    let deal = s
        .add_deal(&steward_core::records::deals::NewDeal {
            title: "Wilhelmina Quarterfield renewal".into(),
            contact_id: Some(id),
            company_id: Some(company),
            ..Default::default()
        })
        .unwrap();
    s.add_activity(&NewActivity {
        kind: ActivityKind::Meeting,
        subject: "Renewal lunch with Wilhelmina".into(),
        body: Some("she mentioned zephyrmail".into()),
        occurred_at: None,
        about: About::Deal(deal),
    })
    .unwrap();
    s.add_task(&NewTask {
        title: "Call Wilhelmina back".into(),
        due_date: None,
        assignee: None,
        about: Some(About::Deal(deal)),
        ..NewTask::default()
    })
    .unwrap();
    // A deal of the company alone is not about the person and stays.
    let other = s
        .add_deal(&steward_core::records::deals::NewDeal {
            title: "Freight contract".into(),
            company_id: Some(company),
            ..Default::default()
        })
        .unwrap();
    let request = v
        .session()
        .open_request(id, DsrKind::Erasure, None)
        .unwrap();
    // Before: the name is in the index and the tables (the check can fail).
    let values = every_value(&v);
    assert!(
        values
            .iter()
            .any(|(t, x)| t.starts_with("search_index") && x.contains("wilhelmina"))
    );
    assert!(values.iter().any(|(_, x)| x.contains("quarterfield")));

    assert!(matches!(
        v.session().erase_contact(id, false),
        Err(Error::InvalidInput(_))
    ));
    let report = v.session().erase_contact(id, true).unwrap();
    assert_eq!(report.ledger_entries, 2, "one e-mail, one phone");
    assert!(report.certificate.contains("erased"));
    assert!(report.certificate.contains("1 deal, 2 activities, 2 tasks"));
    assert!(!report.certificate.to_lowercase().contains("wilhelmina"));
    let removed = |what: &str| report.removed.iter().find(|(w, _)| *w == what).unwrap().1;
    assert_eq!(
        (removed("deals"), removed("activities"), removed("tasks")),
        (1, 2, 2)
    );
    assert!(matches!(
        v.session().get_deal(deal),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        v.session().get_company(company).unwrap().name,
        "Ostrander Freight"
    );
    assert_eq!(
        v.session().get_deal(other).unwrap().title,
        "Freight contract"
    );

    for needle in ["wilhelmina", "quarterfield", "zephyrmail", "5550199"] {
        let found: Vec<_> = every_value(&v)
            .into_iter()
            .filter(|(_, x)| x.contains(needle))
            .map(|(t, _)| t)
            .collect();
        assert!(found.is_empty(), "{needle} is still in {found:?}");
    }
    assert!(v.session().search("wilhelmina", 10).unwrap().is_empty());
    assert!(v.session().search("quarterfield", 10).unwrap().is_empty());
    assert!(v.session().search("lunch", 10).unwrap().is_empty());
    assert!(v.session().search("renewal", 10).unwrap().is_empty());
    let requests = v.session().list_requests(false).unwrap();
    let closed = requests.iter().find(|r| r.id == request.id).unwrap();
    assert_eq!(closed.status, DsrStatus::Completed);
    assert_eq!(closed.contact_id, None);
    let audit = all_audit_text(&v).to_lowercase();
    assert!(audit.contains("dsr.erase"));
    assert!(audit.contains("\"deals\":1"));
    for needle in ["wilhelmina", "quarterfield", "zephyrmail"] {
        assert!(!audit.contains(needle), "the audit log holds {needle}");
    }
}

#[test]
fn re_importing_an_erased_or_objecting_person_is_flagged_and_left_out_unless_readmitted() {
    let mut v = new_vault();
    let s = v.session();
    let id = the_person(s);
    s.erase_contact(id, true).unwrap();
    let report = import(s, &csv_of_the_person(), false);
    assert_eq!((report.created, report.erased), (1, 1), "{report:?}");
    assert!(s.search("wilhelmina", 5).unwrap().is_empty());
    let report = import(s, &csv_of_the_person(), true);
    assert_eq!((report.created, report.erased), (2, 1));
    assert!(report.readmitted);
    assert!(
        !s.search("wilhelmina", 5).unwrap().is_empty(),
        "let in on purpose"
    );
    assert!(all_audit_text(&v).contains("\"readmitted\":true"));

    // An objection survives the person's deletion and a re-import.
    let mut w = new_vault();
    let s = w.session();
    let id = the_person(s);
    s.object_contact(id).unwrap();
    s.erase_contact(id, true).unwrap();
    let report = import(s, &csv_of_the_person(), false);
    assert_eq!(report.erased, 1, "erasure wins over objection: {report:?}");
    let mut x = new_vault();
    let mut agent = user_session(&mut x, "bob", Role::Agent);
    let preview = agent.preview_csv(csv_of_the_person().as_bytes()).unwrap();
    assert!(matches!(
        agent.import_csv(
            csv_of_the_person().as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                readmit_known: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        ),
        Err(Error::PermissionDenied { .. })
    ));
    let s = x.session();
    let id = the_person(s);
    s.object_contact(id).unwrap();
    assert_eq!(s.rights_status(id).unwrap(), (false, true));
    s.delete_contact(id).unwrap();
    let report = import(s, &csv_of_the_person(), false);
    assert_eq!((report.suppressed, report.created), (1, 1), "{report:?}");
}

#[test]
fn restriction_blocks_every_use_and_hides_the_person_from_other_roles() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let mut manager = user_session(&mut v, "mia", Role::Manager);
    let id = the_person(v.session());
    assert!(matches!(
        agent.restrict_contact(id),
        Err(Error::PermissionDenied { .. })
    ));
    v.session().restrict_contact(id).unwrap();
    assert!(matches!(agent.get_contact(id), Err(Error::NotFound { .. })));
    assert_eq!(agent.count_contacts(&Default::default()).unwrap(), 0);
    assert!(agent.search("wilhelmina", 5).unwrap().is_empty());
    assert!(
        agent.search("renewal call", 5).unwrap().is_empty(),
        "nor their notes"
    );
    assert!(matches!(
        agent.update_contact(
            id,
            &steward_core::records::contacts::ContactPatch {
                title: Some("changed".into()),
                ..Default::default()
            }
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        agent.list_activities(About::Contact(id)),
        Err(Error::NotFound { .. })
    ));
    // Those who handle requests still see them.
    assert_eq!(manager.get_contact(id).unwrap().name, NAME);
    assert_eq!(manager.count_contacts(&Default::default()).unwrap(), 1);
    // No use: neither an export nor a purpose.
    let mut out = Vec::new();
    assert_eq!(
        manager
            .export_contacts(ExportFormat::Csv, None, &mut out)
            .unwrap(),
        0
    );
    let sel = manager
        .contacts_for_purpose("service-delivery", &ContactQuery::default())
        .unwrap();
    assert_eq!(sel.left_out[&LeftOut::Restricted], 1);
    manager.lift_restriction(id).unwrap();
    assert_eq!(agent.count_contacts(&Default::default()).unwrap(), 1);
}

#[test]
fn an_objection_stops_marketing_but_not_service() {
    let mut v = new_vault();
    let s = v.session();
    let id = the_person(s);
    s.object_contact(id).unwrap();
    let sel = s
        .contacts_for_purpose("newsletter", &ContactQuery::default())
        .unwrap();
    assert_eq!(sel.left_out[&LeftOut::Objected], 1);
    let sel = s
        .contacts_for_purpose("service-delivery", &ContactQuery::default())
        .unwrap();
    assert_eq!(sel.included, [id]);
}

#[test]
fn requests_are_due_in_a_month_extend_once_by_two_and_overdue_ones_stand_out() {
    let mut v = new_vault();
    let s = v.session();
    let id = the_person(s);
    let r = s
        .open_request(id, DsrKind::Access, Some("2026-01-31"))
        .unwrap();
    assert_eq!(r.due_on, "2026-02-28", "one calendar month, clamped");
    assert!(r.overdue);
    assert!(s.extend_request(r.id, " ").is_err());
    let r = s.extend_request(r.id, "many requests this month").unwrap();
    // Three months from receipt, not two from the clamped due date.
    assert_eq!(r.due_on, "2026-04-30");
    assert!(s.extend_request(r.id, "again").is_err());
    let fresh = s.open_request(id, DsrKind::Objection, None).unwrap();
    assert!(!fresh.overdue);
    assert!(
        s.open_request(id, DsrKind::Access, Some("2999-01-01"))
            .is_err()
    );
    let list = s.list_requests(true).unwrap();
    assert_eq!(list[0].id, r.id, "the overdue one first");
    let closed = s
        .close_request(r.id, DsrStatus::Completed, "package sent")
        .unwrap();
    assert_eq!(closed.status, DsrStatus::Completed);
    assert!(!closed.overdue);
    assert!(s.close_request(r.id, DsrStatus::Refused, "x").is_err());
    assert!(s.close_request(fresh.id, DsrStatus::Refused, "").is_err());
}

#[test]
fn the_access_package_holds_every_row_about_the_person_and_who_saw_their_data() {
    let mut v = new_vault();
    let agent = user_session(&mut v, "bob", Role::Agent);
    let s = v.session();
    let id = the_person(s);
    let deal = s
        .add_deal(&steward_core::records::deals::NewDeal {
            title: "Quarterfield deal".into(),
            contact_id: Some(id),
            ..Default::default()
        })
        .unwrap();
    // What is logged on the person's deal is about them too (an erasure
    // removes it with the deal).
    s.add_activity(&NewActivity {
        kind: ActivityKind::Note,
        subject: "She wants the blue model".into(),
        body: None,
        occurred_at: None,
        about: About::Deal(deal),
    })
    .unwrap();
    s.add_task(&NewTask {
        title: "Quote the blue model".into(),
        due_date: None,
        assignee: None,
        about: Some(About::Deal(deal)),
        ..NewTask::default()
    })
    .unwrap();
    let scan = b"%PDF-1.4 signed by wilhelmina".to_vec();
    s.record_consent(
        id,
        "marketing-email",
        &NewConsent {
            state: Recorded::Given,
            method: Method::PaperForm,
            form_id: None,
            evidence: None,
            evidence_file: Some(("signed.pdf".into(), scan.clone())),
            expires: None,
        },
    )
    .unwrap();
    // A merge import saves the record as it was before it.
    let csv = format!("Name,Email,Title\n{NAME},{EMAIL},Chief Quartermaster\n");
    let preview = s.preview_csv(csv.as_bytes()).unwrap();
    let merge = s
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                on_duplicate: OnDuplicate::Merge,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(merge.merged, 1, "{merge:?}");
    assert_eq!(
        s.get_contact(id).unwrap().title.as_deref(),
        Some("Chief Quartermaster")
    );
    agent.get_contact(id).unwrap();
    let mut out = Vec::new();
    s.export_contacts(ExportFormat::Csv, Some(&[id]), &mut out)
        .unwrap();
    let text = s.access_package(id).unwrap();
    let p: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(p["format"], "steward-access-package");
    assert_eq!(p["person"]["name"], NAME);
    assert_eq!(p["emails"][0], EMAIL);
    assert_eq!(p["phones"][0], PHONE);
    assert_eq!(p["tags"][0], "vip");
    assert_eq!(p["sensitive"]["date_of_birth"], "1980-02-03");
    assert_eq!(p["version"], 4);
    for (section, n) in [
        ("activities", 2),
        ("tasks", 2),
        ("deals", 1),
        ("exports", 1),
        ("import_merges", 1),
    ] {
        assert_eq!(
            p[section].as_array().map(Vec::len),
            Some(n),
            "{section}: {}",
            p[section]
        );
    }
    assert!(
        p["activities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["deal_id"] == deal && a["subject"] == "She wants the blue model")
    );
    // The evidence file is in the package, whole.
    let consents = p["consents"].as_array().unwrap();
    assert_eq!(consents.len(), 2);
    assert_eq!(consents[0]["evidence_file"], serde_json::Value::Null);
    let file = &consents[1]["evidence_file"];
    assert_eq!(file["name"], "signed.pdf");
    assert_eq!(file["size"], scan.len());
    assert_eq!(
        data_encoding::BASE64
            .decode(file["content_base64"].as_str().unwrap().as_bytes())
            .unwrap(),
        scan
    );
    // The merge: which import, and the record as it was before it.
    let merged = &p["import_merges"][0];
    assert_eq!(merged["import_id"], merge.import_id.unwrap());
    assert_eq!(merged["format"], "csv");
    assert_eq!(merged["before"]["name"], NAME);
    assert_eq!(merged["before"]["title"], serde_json::Value::Null);
    assert_eq!(merged["before"]["emails"][0], EMAIL);
    assert_eq!(merged["before"]["tags"][0], "vip");
    let history = p["access_history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|e| e["user"] == "bob" && e["action"] == "contact.view"),
        "the agent's view is listed: {history:?}"
    );
    assert_eq!(p["exports"][0]["user"], OWNER);

    // Every table with a contact_id column has its rows in the package.
    let conn = raw(&v);
    let tables: Vec<String> = conn
        .prepare(
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND c.name = 'contact_id'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let covered = [
        ("contact_emails", "emails"),
        ("contact_phones", "phones"),
        ("contact_tags", "tags"),
        ("contact_custom_values", "custom_fields"),
        ("contact_sensitive", "sensitive"),
        ("activities", "activities"),
        ("tasks", "tasks"),
        ("deals", "deals"),
        ("consents", "consents"),
        ("dsr_requests", "requests"),
        ("export_log", "exports"),
        ("import_merges", "import_merges"),
        ("attachments", "attachments"),
    ];
    for table in tables {
        assert!(
            covered.iter().any(|(t, _)| *t == table),
            "{table} holds rows about a person but the access package has no section for it"
        );
    }
}

#[test]
fn the_retention_review_lists_people_kept_too_long_and_erases_or_anonymises_them() {
    let mut v = new_vault();
    let s = v.session();
    let old = the_person(s);
    let fresh = s
        .add_contact(&NewContact {
            name: "Fresh Face".into(),
            emails: vec!["fresh@example.org".into()],
            ..NewContact::default()
        })
        .unwrap();
    let gone = s
        .add_contact(&NewContact {
            name: "Long Gone".into(),
            emails: vec!["gone@example.org".into()],
            ..NewContact::default()
        })
        .unwrap();
    {
        let conn = raw(&v);
        conn.execute_batch(
            "DROP TRIGGER consents_no_update;
             UPDATE consents SET at = '2009-01-01T00:00:00Z';
             UPDATE activities SET occurred_at = '2009-01-01T00:00:00Z';",
        )
        .unwrap();
        for id in [old, gone] {
            conn.execute(
                "UPDATE contacts SET updated_at = '2010-01-01T00:00:00Z' WHERE id = ?1",
                [id],
            )
            .unwrap();
        }
    }
    let s = v.session();
    let review = s.retention_review().unwrap();
    let ids: Vec<i64> = review.iter().map(|c| c.contact_id).collect();
    assert_eq!(ids.len(), 2, "{review:?}");
    assert!(ids.contains(&old) && ids.contains(&gone) && !ids.contains(&fresh));
    assert!(matches!(
        s.apply_review(&ids, steward_core::rights::ReviewAction::Erase, false),
        Err(Error::InvalidInput(_))
    ));
    s.apply_review(&[old], steward_core::rights::ReviewAction::Erase, true)
        .unwrap();
    s.apply_review(&[gone], steward_core::rights::ReviewAction::Anonymise, true)
        .unwrap();
    assert!(matches!(s.get_contact(old), Err(Error::NotFound { .. })));
    // The erasure's entry counts what went, as an erasure request's does.
    let erased = s
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("dsr.erase".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(erased.len(), 1);
    let details: serde_json::Value = serde_json::from_str(&erased[0].details).unwrap();
    assert_eq!(details["by"], "retention review");
    assert_eq!(details["contact"], 1, "{details}");
    let anon = s.get_contact(gone).unwrap();
    assert!(anon.name.starts_with("Anonymised contact"));
    assert!(anon.emails.is_empty());
    assert!(s.search("gone", 5).unwrap().is_empty());
    assert_eq!(s.get_contact(fresh).unwrap().name, "Fresh Face");
}

#[test]
fn consents_expiring_soon_are_listed_soonest_first() {
    let mut v = new_vault();
    let s = v.session();
    let id = the_person(s);
    let soon = (chrono::Utc::now() + chrono::Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    s.record_consent(
        id,
        "marketing-email",
        &NewConsent {
            state: Recorded::Given,
            method: Method::Email,
            form_id: None,
            evidence: None,
            evidence_file: None,
            expires: Some(soon.clone()),
        },
    )
    .unwrap();
    let within_30 = s.expiring_consents(30).unwrap();
    assert_eq!(within_30.len(), 1);
    assert_eq!(within_30[0].expires_on, soon);
    assert_eq!(within_30[0].purpose, "marketing-email");
    assert!(s.expiring_consents(5).unwrap().is_empty());
    s.withdraw_consent(id, "marketing-email", Method::Verbal, None)
        .unwrap();
    assert!(
        s.expiring_consents(30).unwrap().is_empty(),
        "withdrawn: nothing expires"
    );
}

#[test]
fn imports_leave_restricted_contacts_alone_and_tell_each_role_only_what_it_may_see() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let mut manager = user_session(&mut v, "meg", Role::Manager);
    let person = |name: &str, email: &str| NewContact {
        name: name.into(),
        emails: vec![email.into()],
        ..NewContact::default()
    };
    // The agent's own contact, restricted afterwards by an owner: the agent
    // could merge into it before, though `contact edit` refuses it.
    let rita = agent
        .add_contact(&person("Rita Restricted", "rita@example.com"))
        .unwrap();
    v.session().restrict_contact(rita).unwrap();
    let erin = v
        .session()
        .add_contact(&person("Erin Erased", "erin@example.com"))
        .unwrap();
    v.session().erase_contact(erin, true).unwrap();
    let otto = v
        .session()
        .add_contact(&person("Otto Objected", "otto@example.com"))
        .unwrap();
    v.session().object_contact(otto).unwrap();
    let csv = "Name,Email,Company\n\
               Rita Restricted,rita@example.com,Leak Ltd\n\
               Erin Erased,erin@example.com,\n\
               Otto Objected,otto@example.com,Objection Ltd\n\
               Nina New,nina@example.com,\n";
    let run = |s: &mut Session, dry_run: bool| {
        let preview = s.preview_csv(csv.as_bytes()).unwrap();
        s.import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                on_duplicate: OnDuplicate::Merge,
                dry_run,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap()
    };
    // Those who handle requests see why each record was left out.
    let r = run(&mut manager, true);
    assert_eq!(
        (r.created, r.merged, r.skipped, r.left_out),
        (1, 0, 0, 3),
        "{r:?}"
    );
    assert_eq!((r.erased, r.suppressed, r.restricted), (1, 1, 1), "{r:?}");
    // An agent learns only that three were left out, dry run or not.
    for dry_run in [true, false] {
        let r = run(&mut agent, dry_run);
        assert_eq!(
            (r.created, r.merged, r.skipped, r.left_out),
            (1, 0, 0, 3),
            "{r:?}"
        );
        assert_eq!((r.erased, r.suppressed, r.restricted), (0, 0, 0), "{r:?}");
    }
    // The restricted contact was not written into.
    let shown = v.session().get_contact(rita).unwrap();
    assert_eq!(shown.company, None);
    // Dry runs are recorded, without personal data.
    let audit = all_audit_text(&v);
    assert_eq!(audit.matches("import.dry_run").count(), 2, "{audit}");
    for secret in ["rita@", "Leak Ltd", "nina@", "Nina"] {
        assert!(!audit.contains(secret), "{secret} in {audit}");
    }
}
