//! Attachments: files on contacts, companies, deals and activities, inside
//! the vault.

use steward_core::audit::AuditFilter;
use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::attachments::{AttachedTo, AttachmentLimits, ReadPurpose};
use steward_core::records::companies::NewCompany;
use steward_core::records::contacts::NewContact;
use steward_core::records::deals::NewDeal;
use steward_core::records::recycle_bin::{Holder, RecordKind};
use steward_core::{Error, Role};

use crate::fixtures::*;

const FILE_NAME: &str = "ID card Ottilie Filova.pdf";

fn contact(v: &mut TestVault, name: &str) -> i64 {
    v.session()
        .add_contact(&NewContact {
            name: name.into(),
            ..NewContact::default()
        })
        .unwrap()
}

fn add(v: &mut TestVault, on: AttachedTo, name: &str, bytes: &[u8]) -> i64 {
    v.session()
        .add_attachment(on, name, &mut &bytes[..])
        .unwrap()
}

fn read(s: &steward_core::Session, id: i64) -> Vec<u8> {
    let mut out = Vec::new();
    s.read_attachment(id, ReadPurpose::Open, &mut out).unwrap();
    out
}

/// Bytes that differ from chunk to chunk, over several chunks.
fn big_bytes(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i * 7 + i / 4099).to_le_bytes()[0])
        .collect()
}

fn last_entry(v: &mut TestVault) -> steward_core::audit::AuditEntry {
    v.session()
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .remove(0)
}

#[test]
fn a_file_added_to_each_kind_of_record_is_listed_and_read_back_whole() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let s = v.session();
    let company = s
        .add_company(&NewCompany {
            name: "Navy".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let deal = s
        .add_deal(&NewDeal {
            title: "Compiler".into(),
            contact_id: Some(grace),
            ..NewDeal::default()
        })
        .unwrap();
    let activity = s
        .add_activity(&NewActivity {
            kind: ActivityKind::Note,
            subject: "Visit".into(),
            body: None,
            occurred_at: Some("2026-01-05T09:00:00Z".into()),
            about: About::Contact(grace),
        })
        .unwrap();
    // 1 MiB and a bit: five chunks, the last one short.
    let bytes = big_bytes(1024 * 1024 + 123);
    for on in [
        AttachedTo::Contact(grace),
        AttachedTo::Company(company),
        AttachedTo::Deal(deal),
        AttachedTo::Activity(activity),
    ] {
        let id = add(&mut v, on, "/tmp/some folder/quote.pdf", &bytes);
        let listed = v.session().list_attachments(on).unwrap();
        assert_eq!(listed.len(), 1);
        let file = &listed[0];
        assert_eq!((file.id, file.on), (id, on));
        assert_eq!(file.name, "quote.pdf", "the folder is not kept");
        assert_eq!(file.size, bytes.len() as u64);
        assert_eq!(file.sha256.len(), 64);
        assert_eq!(read(v.session(), id), bytes);
    }
    // An empty file is a file too.
    let empty = add(&mut v, AttachedTo::Contact(grace), "empty.txt", b"");
    assert_eq!(read(v.session(), empty), b"");
    assert_eq!(
        v.session().get_attachment(empty).unwrap().sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let names: Vec<_> = v
        .session()
        .list_attachments(AttachedTo::Contact(grace))
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["empty.txt", "quote.pdf"], "newest first");
}

#[test]
fn audit_entries_name_ids_size_and_hash_never_the_file_name() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = add(&mut v, AttachedTo::Contact(grace), FILE_NAME, b"hello");
    let entry = last_entry(&mut v);
    assert_eq!(entry.action, "attachment.add");
    assert_eq!(entry.target_id.as_deref(), Some(id.to_string().as_str()));
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(details["on"], "contact");
    assert_eq!(details["on_id"], grace);
    assert_eq!(details["size"], 5);
    assert_eq!(
        details["sha256"],
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );

    read(v.session(), id);
    assert_eq!(last_entry(&mut v).action, "attachment.open");
    v.session()
        .read_attachment(id, ReadPurpose::SaveCopy, &mut Vec::new())
        .unwrap();
    let saved = last_entry(&mut v);
    assert_eq!(saved.action, "attachment.save_copy");
    assert!(saved.details.contains("\"size\":5"), "{}", saved.details);
    v.session()
        .rename_attachment(id, "Passport Ottilie Filova.pdf")
        .unwrap();
    assert_eq!(last_entry(&mut v).action, "attachment.rename");
    v.session()
        .delete_record(RecordKind::Attachment, id)
        .unwrap();
    assert_eq!(last_entry(&mut v).action, "attachment.delete");
    v.session()
        .restore_record(RecordKind::Attachment, id)
        .unwrap();
    assert_eq!(last_entry(&mut v).action, "attachment.restore");
    let text = all_audit_text(&v);
    assert!(!text.contains("Ottilie"), "{text}");
    assert!(!text.contains("Filova"), "{text}");
}

#[test]
fn rename_and_the_recycle_bin() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = add(&mut v, AttachedTo::Contact(grace), "a.txt", b"abc");
    let renamed = v.session().rename_attachment(id, " b.txt ").unwrap();
    assert_eq!(renamed.name, "b.txt");
    let err = v.session().rename_attachment(id, "x\ny").unwrap_err();
    assert_eq!(err.invalid_input().unwrap().reason(), Some("multiline"));

    v.session()
        .delete_record(RecordKind::Attachment, id)
        .unwrap();
    assert!(
        v.session()
            .list_attachments(AttachedTo::Contact(grace))
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        v.session()
            .read_attachment(id, ReadPurpose::Open, &mut Vec::new()),
        Err(Error::NotFound { .. })
    ));
    let bin = v
        .session()
        .list_recycle_bin(Some(RecordKind::Attachment))
        .unwrap();
    assert_eq!(bin.len(), 1);
    assert_eq!((bin[0].id, bin[0].label.as_str()), (id, "b.txt"));
    assert_eq!(bin[0].detail, None, "the window words where it was");
    assert_eq!(
        bin[0].holder,
        Some(Holder {
            kind: RecordKind::Contact,
            name: "Grace Hopper".into()
        })
    );
    assert_eq!(bin[0].deleted_by.as_deref(), Some(OWNER));

    // Not while the contact is in the bin itself.
    v.session().delete_contact(grace).unwrap();
    let err = v
        .session()
        .restore_record(RecordKind::Attachment, id)
        .unwrap_err();
    assert!(
        err.to_string().contains("restore the contact first"),
        "{err}"
    );
    v.session().restore_contact(grace).unwrap();
    v.session()
        .restore_record(RecordKind::Attachment, id)
        .unwrap();
    assert_eq!(read(v.session(), id), b"abc");
}

#[test]
fn the_purge_removes_binned_files_and_their_chunks() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = add(
        &mut v,
        AttachedTo::Contact(grace),
        "a.txt",
        &big_bytes(600_000),
    );
    v.session()
        .delete_record(RecordKind::Attachment, id)
        .unwrap();
    raw(&v)
        .execute(
            "UPDATE attachments SET deleted_at = '2020-01-01T00:00:00Z' WHERE id = ?1",
            [id],
        )
        .unwrap();
    v.unlock();
    let conn = raw(&v);
    let left: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM attachments), (SELECT count(*) FROM attachment_chunks)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(left, (0, 0));
}

#[test]
fn limits_refuse_with_a_reason_and_store_nothing() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let limits = v.session().attachment_limits().unwrap();
    assert_eq!(limits.max_file_bytes, 512 * 1024 * 1024);
    assert_eq!(limits.quota_bytes, 10 * 1024 * 1024 * 1024);
    v.session()
        .set_attachment_limits(AttachmentLimits {
            max_file_bytes: 300_000,
            quota_bytes: 500_000,
        })
        .unwrap();
    let err = v
        .session()
        .add_attachment(
            AttachedTo::Contact(grace),
            "big.bin",
            &mut &big_bytes(300_001)[..],
        )
        .unwrap_err();
    let invalid = err.invalid_input().unwrap();
    assert_eq!(invalid.reason(), Some("file-too-large"));
    assert_eq!(invalid.params()["max"], "300000");
    add(
        &mut v,
        AttachedTo::Contact(grace),
        "a.bin",
        &big_bytes(300_000),
    );
    let err = v
        .session()
        .add_attachment(
            AttachedTo::Contact(grace),
            "b.bin",
            &mut &big_bytes(200_001)[..],
        )
        .unwrap_err();
    let invalid = err.invalid_input().unwrap();
    assert_eq!(invalid.reason(), Some("quota-exceeded"));
    assert_eq!(invalid.params()["left"], "200000");
    let conn = raw(&v);
    let rows: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM attachments), (SELECT count(*) FROM attachment_chunks)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rows, (1, 2), "only the file that fitted, in two chunks");
    let err = v
        .session()
        .set_attachment_limits(AttachmentLimits {
            max_file_bytes: 0,
            quota_bytes: 1,
        })
        .unwrap_err();
    assert_eq!(err.invalid_input().unwrap().reason(), Some("out-of-range"));
}

#[test]
fn a_failing_reader_stores_nothing() {
    struct Failing(usize);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(b'x');
            self.0 -= n;
            Ok(n)
        }
    }
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let err = v
        .session()
        .add_attachment(AttachedTo::Contact(grace), "a.bin", &mut Failing(700_000))
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    let chunks: i64 = raw(&v)
        .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(chunks, 0);
    assert!(
        v.session()
            .list_attachments(AttachedTo::Contact(grace))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn roles_add_open_and_save_a_copy_only_where_they_may_and_refusals_are_audited() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = add(&mut v, AttachedTo::Contact(grace), "a.txt", b"abc");

    // An agent: adds to their own contact, not to the owner's; opens, but
    // may not save a copy.
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let own = agent
        .add_contact(&NewContact {
            name: "Own".into(),
            ..NewContact::default()
        })
        .unwrap();
    agent
        .add_attachment(AttachedTo::Contact(own), "b.txt", &mut &b"b"[..])
        .unwrap();
    let err = agent
        .add_attachment(AttachedTo::Contact(grace), "c.txt", &mut &b"c"[..])
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    assert_eq!(
        agent
            .list_attachments(AttachedTo::Contact(grace))
            .unwrap()
            .len(),
        1
    );
    agent
        .read_attachment(id, ReadPurpose::Open, &mut Vec::new())
        .unwrap();
    let err = agent
        .read_attachment(id, ReadPurpose::SaveCopy, &mut Vec::new())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::PermissionDenied {
                permission: "attachments.export",
                ..
            }
        ),
        "{err}"
    );
    let err = agent.delete_record(RecordKind::Attachment, id).unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    drop(agent);

    // An auditor sees the list but does not open the file.
    let auditor = user_session(&mut v, "audrey", Role::Auditor);
    assert_eq!(
        auditor
            .list_attachments(AttachedTo::Contact(grace))
            .unwrap()
            .len(),
        1
    );
    let err = auditor
        .read_attachment(id, ReadPurpose::Open, &mut Vec::new())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::PermissionDenied {
                permission: "attachments.open",
                ..
            }
        ),
        "{err}"
    );
    drop(auditor);

    let denied = v
        .session()
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "denied")
        .map(|e| e.action)
        .collect::<Vec<_>>();
    assert_eq!(
        denied,
        [
            "attachment.open",
            "attachment.delete",
            "attachment.save_copy",
            "attachment.add"
        ]
    );
}

#[test]
fn a_restricted_contacts_files_are_hidden_from_roles_that_do_not_handle_requests() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = add(&mut v, AttachedTo::Contact(grace), "a.txt", b"abc");
    v.session().restrict_contact(grace).unwrap();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    assert!(matches!(
        agent.list_attachments(AttachedTo::Contact(grace)),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        agent.read_attachment(id, ReadPurpose::Open, &mut Vec::new()),
        Err(Error::NotFound { .. })
    ));
    drop(agent);
    // The owner handles requests and still sees it.
    assert_eq!(read(v.session(), id), b"abc");
}

#[test]
fn a_persons_files_are_in_their_access_package_and_gone_after_erasure_even_after_a_restore() {
    use steward_core::backup::BackupKind;
    use steward_core::vault::Credentials;

    let mut v = new_vault();
    let ana = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Popescu".into(),
            emails: vec!["ana@example.ro".into()],
            ..NewContact::default()
        })
        .unwrap();
    let deal = v
        .session()
        .add_deal(&NewDeal {
            title: "Renovation".into(),
            contact_id: Some(ana),
            ..NewDeal::default()
        })
        .unwrap();
    let on_contact = add(
        &mut v,
        AttachedTo::Contact(ana),
        "id-card.pdf",
        b"ID CARD ANA",
    );
    let on_deal = add(&mut v, AttachedTo::Deal(deal), "quote.pdf", b"QUOTE");
    let other = contact(&mut v, "Someone Else");
    let kept = add(&mut v, AttachedTo::Contact(other), "other.pdf", b"OTHER");
    read(v.session(), on_contact);

    let package: serde_json::Value =
        serde_json::from_str(&v.session().access_package(ana).unwrap()).unwrap();
    assert_eq!(package["version"], 4);
    let files: Vec<(i64, String, i64)> = package["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_i64().unwrap(),
                f["name"].as_str().unwrap().to_owned(),
                f["size"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (on_contact, "id-card.pdf".to_owned(), 11),
            (on_deal, "quote.pdf".to_owned(), 5)
        ]
    );
    let history = package["access_history"].to_string();
    assert!(history.contains("attachment.open"), "{history}");
    let mut content = Vec::new();
    v.session()
        .access_package_file(ana, on_deal, &mut content)
        .unwrap();
    assert_eq!(content, b"QUOTE");
    assert!(matches!(
        v.session().access_package_file(ana, kept, &mut Vec::new()),
        Err(Error::NotFound { .. })
    ));
    let review_files = |v: &mut TestVault| -> Vec<(i64, u64)> {
        let mut r: Vec<_> = v
            .session()
            .retention_review()
            .unwrap()
            .into_iter()
            .map(|c| (c.contact_id, c.files))
            .collect();
        r.sort_unstable();
        r
    };
    // Kept longer than any purpose allows: both are up for review.
    raw(&v)
        .execute_batch("UPDATE contacts SET updated_at = '2010-01-01T00:00:00Z';")
        .unwrap();
    assert_eq!(review_files(&mut v), [(ana, 2), (other, 1)]);

    let backups = v._temp.path().join("backups");
    let old = v
        .session()
        .create_backup(BackupKind::Manual, Some(&backups), &mut |_, _| {})
        .unwrap()
        .backup
        .path;
    let report = v.session().erase_contact(ana, true).unwrap();
    assert!(
        report.removed.contains(&("files", 2)),
        "{:?}",
        report.removed
    );
    assert!(
        report.certificate.contains("2 files"),
        "{}",
        report.certificate
    );
    let count = |v: &TestVault| -> (i64, i64) {
        raw(v)
            .query_row(
                "SELECT (SELECT count(*) FROM attachments), (SELECT count(*) FROM attachment_chunks)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(count(&v), (1, 1), "only the other person's file is left");

    let s = v.session.take().unwrap();
    let password = steward_core::Password::new(PASSWORD);
    restore_over(
        s,
        &old,
        Credentials::Password {
            user: OWNER,
            password: &password,
        },
    )
    .unwrap();
    v.session = Some(unlock(&v.dir, OWNER, PASSWORD).unwrap());
    assert_eq!(count(&v), (1, 1), "the erasure was re-applied to the files");
    assert_eq!(read(v.session(), kept), b"OTHER");
}

#[test]
fn a_timeline_counts_the_live_files_of_each_live_activity() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let other = contact(&mut v, "Ada Byron");
    let log = |v: &mut TestVault, on: i64, subject: &str| {
        v.session()
            .add_activity(&NewActivity {
                kind: ActivityKind::Email,
                subject: subject.into(),
                body: None,
                occurred_at: Some("2026-01-05T09:00:00Z".into()),
                about: About::Contact(on),
            })
            .unwrap()
    };
    let two = log(&mut v, grace, "Quote");
    let none = log(&mut v, grace, "Call back");
    let binned = log(&mut v, grace, "Old offer");
    let elsewhere = log(&mut v, other, "Not hers");
    add(&mut v, AttachedTo::Activity(two), "a.pdf", b"a");
    let deleted = add(&mut v, AttachedTo::Activity(two), "b.pdf", b"b");
    add(&mut v, AttachedTo::Activity(two), "c.pdf", b"c");
    add(&mut v, AttachedTo::Activity(binned), "d.pdf", b"d");
    add(&mut v, AttachedTo::Activity(elsewhere), "e.pdf", b"e");
    add(&mut v, AttachedTo::Contact(grace), "f.pdf", b"f");
    let s = v.session();
    s.delete_record(RecordKind::Attachment, deleted).unwrap();
    s.delete_record(RecordKind::Activity, binned).unwrap();

    let counts = s.activity_attachment_counts(About::Contact(grace)).unwrap();
    assert_eq!(counts.into_iter().collect::<Vec<_>>(), [(two, 2)]);
    assert!(
        !s.activity_attachment_counts(About::Contact(grace))
            .unwrap()
            .contains_key(&none)
    );
    assert_eq!(
        s.activity_attachment_counts(About::Contact(other))
            .unwrap()
            .get(&elsewhere),
        Some(&1)
    );

    // A restricted contact's timeline is hidden from roles that do not handle requests.
    s.restrict_contact(grace).unwrap();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    assert!(matches!(
        agent.activity_attachment_counts(About::Contact(grace)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_binned_file_names_the_record_it_is_on() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let s = v.session();
    let company = s
        .add_company(&NewCompany {
            name: "Navy".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let deal = s
        .add_deal(&NewDeal {
            title: "Compiler".into(),
            ..NewDeal::default()
        })
        .unwrap();
    let activity = s
        .add_activity(&NewActivity {
            kind: ActivityKind::Meeting,
            subject: "Visit to the lab".into(),
            body: None,
            occurred_at: Some("2026-01-05T09:00:00Z".into()),
            about: About::Contact(grace),
        })
        .unwrap();
    let mut expected = Vec::new();
    for (on, kind, name) in [
        (AttachedTo::Company(company), RecordKind::Company, "Navy"),
        (AttachedTo::Deal(deal), RecordKind::Deal, "Compiler"),
        (
            AttachedTo::Activity(activity),
            RecordKind::Activity,
            "Visit to the lab",
        ),
    ] {
        let id = add(&mut v, on, "x.txt", b"x");
        v.session()
            .delete_record(RecordKind::Attachment, id)
            .unwrap();
        expected.push((id, kind, name.to_owned()));
    }
    let mut seen: Vec<_> = v
        .session()
        .list_recycle_bin(Some(RecordKind::Attachment))
        .unwrap()
        .into_iter()
        .map(|d| {
            let holder = d.holder.expect("a file names its record");
            (d.id, holder.kind, holder.name)
        })
        .collect();
    seen.sort_by_key(|(id, ..)| *id);
    assert_eq!(seen, expected);
}
