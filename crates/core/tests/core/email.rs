//! E-mail import: real producers' messages (Thunderbird, Outlook, Gmail,
//! mbox) become e-mail activities on the contacts they were from or to.

use steward_core::interchange::email::{EmailFile, EmailImportOptions, EmailImportReport};
use steward_core::records::activities::{About, Activity, ActivityKind, ActivityPatch};
use steward_core::records::attachments::{AttachedTo, ReadPurpose};
use steward_core::records::contacts::NewContact;
use steward_core::search::Kind;
use steward_core::{Error, Role};

use crate::fixtures::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/email")
            .join(name),
    )
    .unwrap()
}

fn contact(v: &mut TestVault, name: &str, email: &str) -> i64 {
    v.session()
        .add_contact(&NewContact {
            name: name.into(),
            emails: vec![email.into()],
            ..NewContact::default()
        })
        .unwrap()
}

fn import(v: &mut TestVault, names: &[&str], options: &EmailImportOptions) -> EmailImportReport {
    try_import(v, names, options).unwrap()
}

fn try_import(
    v: &mut TestVault,
    names: &[&str],
    options: &EmailImportOptions,
) -> steward_core::Result<EmailImportReport> {
    let bytes: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| ((*n).to_owned(), fixture(n)))
        .collect();
    let files: Vec<EmailFile<'_>> = bytes
        .iter()
        .map(|(name, bytes)| EmailFile { name, bytes })
        .collect();
    v.session().import_email(&files, options)
}

fn timeline(v: &mut TestVault, id: i64) -> Vec<Activity> {
    let mut list = v.session().list_activities(About::Contact(id)).unwrap();
    list.reverse();
    list
}

/// The three contacts the fixtures write to: Ștefan, Maria (whose address
/// is stored in other letters' case than her messages use) and nobody for
/// Ion or for ana@firma.ro, the business's own address.
fn people(v: &mut TestVault) -> (i64, i64) {
    let stefan = contact(v, "Ștefan Țurcanu", "stefan@example.ro");
    let maria = contact(v, "Maria Pop", "MARIA.POP@example.com");
    (stefan, maria)
}

#[test]
fn thunderbird_outlook_and_gmail_messages_become_activities_with_their_text() {
    let mut v = new_vault();
    let (stefan, maria) = people(&mut v);
    let r = import(
        &mut v,
        &[
            "thunderbird-qp.eml",
            "outlook-1250.eml",
            "gmail-html-only.eml",
            "no-message-id.eml",
        ],
        &EmailImportOptions::default(),
    );
    assert_eq!(
        (
            r.messages,
            r.activities_created,
            r.attachments_created,
            r.duplicates,
            r.unmatched,
            r.contacts_created
        ),
        (4, 4, 1, 0, 0, 0)
    );
    assert!(r.import_id.is_some());

    let s = timeline(&mut v, stefan);
    assert_eq!(s.len(), 2);
    // Quoted-printable UTF-8 and RFC 2047 words, comma-below ș and ț.
    assert_eq!(s[0].kind, ActivityKind::Email);
    assert_eq!(s[0].subject, "Ofertă pentru școală");
    assert_eq!(s[0].occurred_at, "2026-11-03T08:15:00Z");
    assert_eq!(
        s[0].body.as_deref(),
        Some(
            "Bună ziua,\n\nVă trimit oferta pentru școală: țiglă și ștergătoare.\nO zi bună,\nȘtefan"
        )
    );
    assert_eq!(s[1].subject, "Fara Message-ID");
    assert_eq!(s[1].occurred_at, "2026-11-05T06:00:00Z");

    let m = timeline(&mut v, maria);
    assert_eq!(m.len(), 2);
    // Outlook: the Windows-1250 text part is preferred to the HTML one.
    let outlook = m
        .iter()
        .find(|a| a.occurred_at == "2026-11-04T14:30:00Z")
        .unwrap();
    assert_eq!(outlook.subject, "Contract semnat – ataşat");
    assert_eq!(
        outlook.body.as_deref(),
        Some("Stimată doamnă Pop,\n\nAtaşat găsiţi contractul semnat.\n\nCu stimă,\nIon")
    );
    let files = v
        .session()
        .list_attachments(AttachedTo::Activity(outlook.id))
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "Contract semnat.pdf");
    let mut pdf = Vec::new();
    v.session()
        .read_attachment(files[0].id, ReadPurpose::Open, &mut pdf)
        .unwrap();
    assert_eq!(
        pdf,
        b"%PDF-1.4\n% contract semnat\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    );

    // Gmail: HTML only, ISO-8859-2 in base64; no Date, so dated now.
    let gmail = m.iter().find(|a| a.id != outlook.id).unwrap();
    assert_eq!(gmail.subject, "Programare marţi");
    let body = gmail.body.as_deref().unwrap();
    assert!(
        body.contains("Îţi trimit programarea: marţi la ora 10."),
        "{body}"
    );
    assert!(body.contains("Mulţumesc & o zi bună!"), "{body}");
    for kept_out in ["evil", "tracker", "fetch", "document", "color", "<", "img"] {
        assert!(!body.contains(kept_out), "{kept_out} in {body}");
    }
    let dated = chrono::DateTime::parse_from_rfc3339(&gmail.occurred_at).unwrap();
    assert!((chrono::Utc::now() - dated.to_utc()).num_minutes().abs() < 10);

    // The business's own address and Ion are nobody's: listed to create.
    let unknown: Vec<(&str, Option<&str>, usize)> = r
        .unknown
        .iter()
        .map(|u| (u.address.as_str(), u.name.as_deref(), u.messages))
        .collect();
    assert_eq!(
        unknown,
        [
            ("ana@firma.ro", Some("Ana Firma"), 4),
            ("ion@necunoscut.ro", Some("Ion Ionescu"), 1)
        ]
    );

    // One audit entry with counts; no subject, address or file name.
    let audit = all_audit_text(&v);
    assert!(audit.contains("import.email"), "{audit}");
    for private in ["Ofert", "stefan@", "firma.ro", "Contract", "Maria"] {
        assert!(!audit.contains(private), "{private} in the audit log");
    }
}

#[test]
fn an_mbox_is_split_on_its_from_lines_and_its_quoted_lines_unquoted() {
    let mut v = new_vault();
    let (stefan, maria) = people(&mut v);
    let r = import(&mut v, &["three.mbox"], &EmailImportOptions::default());
    assert_eq!((r.messages, r.activities_created), (3, 3));
    let s: Vec<String> = timeline(&mut v, stefan)
        .into_iter()
        .map(|a| a.subject)
        .collect();
    assert_eq!(s, ["Primul mesaj", "Al treilea mesaj"]);
    let m = timeline(&mut v, maria);
    assert_eq!(m.len(), 1);
    assert_eq!(
        m[0].body.as_deref(),
        Some("Un rand obisnuit.\nFrom the start, this line was quoted.\n>From here, twice.")
    );
}

#[test]
fn a_message_imported_again_is_not_written_twice_with_or_without_a_message_id() {
    let mut v = new_vault();
    let (stefan, _) = people(&mut v);
    let files = ["thunderbird-qp.eml", "no-message-id.eml"];
    let first = import(&mut v, &files, &EmailImportOptions::default());
    assert_eq!((first.activities_created, first.duplicates), (2, 0));
    let again = import(&mut v, &files, &EmailImportOptions::default());
    assert_eq!((again.activities_created, again.duplicates), (0, 2));
    // The same file twice in one import: once.
    let twice = import(
        &mut v,
        &["three.mbox", "three.mbox"],
        &EmailImportOptions::default(),
    );
    assert_eq!((twice.activities_created, twice.duplicates), (3, 3));
    assert_eq!(timeline(&mut v, stefan).len(), 4);
}

#[test]
fn undo_removes_the_emails_and_their_files_and_refuses_once_they_changed() {
    let mut v = new_vault();
    let (_, maria) = people(&mut v);
    let r = import(
        &mut v,
        &["outlook-1250.eml"],
        &EmailImportOptions::default(),
    );
    let id = r.import_id.unwrap();
    let chunks = |v: &TestVault| -> i64 {
        raw(v)
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(chunks(&v), 1);
    let undo = v.session().undo_import(id).unwrap();
    assert_eq!((undo.activities_removed, undo.attachments_removed), (1, 1));
    assert!(timeline(&mut v, maria).is_empty());
    assert_eq!(chunks(&v), 0);
    assert!(v.session().search("semnat", 10).unwrap().is_empty());

    // Imported again (the undone one is gone, so it is no duplicate) and
    // edited: undo is refused with the count, and nothing is removed.
    let r = import(
        &mut v,
        &["outlook-1250.eml"],
        &EmailImportOptions::default(),
    );
    assert_eq!(r.activities_created, 1);
    let id = r.import_id.unwrap();
    let activity = timeline(&mut v, maria)[0].id;
    v.session()
        .update_activity(
            activity,
            &ActivityPatch {
                subject: Some("Contract (signed)".into()),
                ..ActivityPatch::default()
            },
        )
        .unwrap();
    let err = v.session().undo_import(id).unwrap_err();
    let invalid = err.invalid_input().expect("an invalid-input error");
    assert_eq!(invalid.reason(), Some("import-changed-since"));
    assert_eq!(invalid.params().get("count").map(String::as_str), Some("1"));
    assert_eq!(timeline(&mut v, maria).len(), 1);

    // A file added to an imported e-mail since refuses it too.
    let r = import(
        &mut v,
        &["gmail-html-only.eml"],
        &EmailImportOptions::default(),
    );
    let gmail = timeline(&mut v, maria)
        .into_iter()
        .find(|a| a.subject == "Programare marţi")
        .unwrap();
    v.session()
        .add_attachment(AttachedTo::Activity(gmail.id), "note.txt", &mut &b"x"[..])
        .unwrap();
    let err = v.session().undo_import(r.import_id.unwrap()).unwrap_err();
    assert_eq!(
        err.invalid_input().and_then(|i| i.reason()),
        Some("import-changed-since")
    );
}

#[test]
fn unknown_addresses_become_contacts_when_asked_and_go_with_the_undo() {
    let mut v = new_vault();
    let r = import(
        &mut v,
        &["outlook-1250.eml"],
        &EmailImportOptions {
            create: vec!["ION@necunoscut.ro".into(), "maria.pop@example.com".into()],
            ..EmailImportOptions::default()
        },
    );
    // Ion and Maria are created; the business's address is left to choose.
    assert_eq!((r.contacts_created, r.activities_created), (2, 2));
    let unknown: Vec<&str> = r.unknown.iter().map(|u| u.address.as_str()).collect();
    assert_eq!(unknown, ["ana@firma.ro"]);
    let contacts = v.session().list_contacts(None, 50).unwrap().items;
    let mut names: Vec<(String, Option<String>)> = contacts
        .iter()
        .map(|c| (c.name.clone(), c.email.clone()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("Ion Ionescu".into(), Some("ion@necunoscut.ro".to_owned())),
            (
                "Pop, Maria".into(),
                Some("maria.pop@example.com".to_owned())
            )
        ]
    );
    let all = import(
        &mut v,
        &["three.mbox"],
        &EmailImportOptions {
            create_unknown: true,
            ..EmailImportOptions::default()
        },
    );
    // stefan@example.ro and ana@firma.ro are new; Ion and Maria exist.
    assert_eq!(
        (all.contacts_created, all.activities_created),
        (2, 7),
        "{all:?}"
    );
    assert!(all.unknown.is_empty());
    let undo = v.session().undo_import(all.import_id.unwrap()).unwrap();
    assert_eq!((undo.removed, undo.activities_removed), (2, 7));
    assert_eq!(v.session().count_contacts(&Default::default()).unwrap(), 2);
}

#[test]
fn a_restricted_contact_gets_nothing_and_an_erased_person_is_not_created_again() {
    let mut v = new_vault();
    let (stefan, maria) = people(&mut v);
    v.session().restrict_contact(maria).unwrap();
    let r = import(
        &mut v,
        &["gmail-html-only.eml"],
        &EmailImportOptions::default(),
    );
    assert_eq!(
        (r.activities_created, r.left_out, r.restricted, r.unmatched),
        (0, 1, 1, 0)
    );
    let count: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM activities WHERE contact_id = ?1",
            [maria],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count, 0);
    // An agent sees that it was left out, not why.
    let mut agent = user_session(&mut v, "agent", Role::Agent);
    let bytes = fixture("gmail-html-only.eml");
    let r = agent
        .import_email(
            &[EmailFile {
                name: "g.eml",
                bytes: &bytes,
            }],
            &EmailImportOptions::default(),
        )
        .unwrap();
    assert_eq!((r.left_out, r.restricted), (1, 0));
    drop(agent);

    // Ștefan erased: his address is never made a contact again.
    v.session().erase_contact(stefan, true).unwrap();
    let r = import(
        &mut v,
        &["thunderbird-qp.eml"],
        &EmailImportOptions {
            create_unknown: true,
            ..EmailImportOptions::default()
        },
    );
    assert_eq!((r.known_people, r.left_out), (1, 1), "{r:?}");
    // Only the business's own address was created.
    assert_eq!(r.contacts_created, 1);
}

#[test]
fn malformed_input_is_refused_whole_with_a_reason_and_writes_nothing() {
    let mut v = new_vault();
    let (stefan, _) = people(&mut v);
    let good = fixture("thunderbird-qp.eml");
    let mut many = String::new();
    for n in 0..1001 {
        many.push_str(&format!("X-Header-{n}: {n}\n"));
    }
    many.push_str("From: stefan@example.ro\nSubject: x\n\nbody\n");
    let cases: [(&[u8], &str, &str); 3] = [
        (b"", "email-unreadable", "empty.eml"),
        (
            b"\x00\x01\x02 not a message",
            "email-unreadable",
            "binary.eml",
        ),
        (many.as_bytes(), "email-too-many-headers", "many.eml"),
    ];
    for (bytes, reason, name) in cases {
        let err = v
            .session()
            .import_email(
                &[
                    EmailFile {
                        name: "good.eml",
                        bytes: &good,
                    },
                    EmailFile { name, bytes },
                ],
                &EmailImportOptions::default(),
            )
            .unwrap_err();
        let invalid = err.invalid_input().expect("an invalid-input error");
        assert_eq!(invalid.reason(), Some(reason), "{name}: {err}");
        assert_eq!(
            invalid.params().get("place").map(String::as_str),
            Some(name)
        );
    }
    assert!(timeline(&mut v, stefan).is_empty(), "nothing was written");
    let imports: i64 = raw(&v)
        .query_row("SELECT count(*) FROM imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(imports, 0);
}

#[test]
fn a_role_that_may_not_create_records_may_not_import_email() {
    let mut v = new_vault();
    people(&mut v);
    let mut viewer = user_session(&mut v, "viewer", Role::Viewer);
    let bytes = fixture("thunderbird-qp.eml");
    let err = viewer
        .import_email(
            &[EmailFile {
                name: "t.eml",
                bytes: &bytes,
            }],
            &EmailImportOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
}

#[test]
fn search_finds_an_email_by_its_subject_and_body_and_indexes_a_long_body_in_part() {
    let mut v = new_vault();
    let (stefan, _) = people(&mut v);
    import(
        &mut v,
        &["thunderbird-qp.eml"],
        &EmailImportOptions::default(),
    );
    let activity = timeline(&mut v, stefan)[0].id;
    for query in ["ofertă", "stergatoare", "țiglă"] {
        let hits = v.session().search(query, 10).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == Kind::Activity && h.id == activity),
            "{query}: {hits:?}"
        );
    }
    // A long body: its start is searched, its words past 64 KiB are not.
    let mut long = String::from(
        "From: stefan@example.ro\nSubject: Raport\nMessage-ID: <long@x>\n\nInceputul raportului\n",
    );
    while long.len() < 80 * 1024 {
        long.push_str("umplutura text obisnuit\n");
    }
    long.push_str("Sfarsitulraportului\n");
    let files = [EmailFile {
        name: "long.eml",
        bytes: long.as_bytes(),
    }];
    v.session()
        .import_email(&files, &EmailImportOptions::default())
        .unwrap();
    assert_eq!(v.session().search("inceputul", 10).unwrap().len(), 1);
    assert!(
        v.session()
            .search("sfarsitulraportului", 10)
            .unwrap()
            .is_empty()
    );
    let stored = timeline(&mut v, stefan)
        .into_iter()
        .find(|a| a.subject == "Raport")
        .unwrap();
    assert!(stored.body.unwrap().ends_with("Sfarsitulraportului"));
}

#[test]
fn a_dry_run_writes_nothing_but_reports_and_is_recorded() {
    let mut v = new_vault();
    let (stefan, _) = people(&mut v);
    let r = import(
        &mut v,
        &["thunderbird-qp.eml", "outlook-1250.eml"],
        &EmailImportOptions {
            dry_run: true,
            create_unknown: true,
            ..EmailImportOptions::default()
        },
    );
    // Ștefan and the created business address; Ion (created), Maria and
    // the business address.
    assert_eq!(
        (r.activities_created, r.contacts_created, r.import_id),
        (5, 2, None)
    );
    assert!(timeline(&mut v, stefan).is_empty());
    assert!(all_audit_text(&v).contains("import.dry_run"));
}

#[test]
fn a_persons_emails_and_their_files_are_gone_after_erasure_even_after_a_restore() {
    use steward_core::backup::BackupKind;
    use steward_core::vault::Credentials;

    let mut v = new_vault();
    let (stefan, maria) = people(&mut v);
    // Maria's Outlook message carries the contract; Ștefan's does not.
    import(
        &mut v,
        &["outlook-1250.eml", "thunderbird-qp.eml"],
        &EmailImportOptions::default(),
    );
    let counts = |v: &TestVault| -> (i64, i64, i64) {
        raw(v)
            .query_row(
                "SELECT (SELECT count(*) FROM activities WHERE kind = 'email'),
                        (SELECT count(*) FROM attachments),
                        (SELECT count(*) FROM attachment_chunks)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(counts(&v), (2, 1, 1));
    // A backup that holds her e-mail and its file.
    let backups = v._temp.path().join("backups");
    let old = v
        .session()
        .create_backup(BackupKind::Manual, Some(&backups), &mut |_, _| {})
        .unwrap()
        .backup
        .path;
    v.session().erase_contact(maria, true).unwrap();
    assert_eq!(counts(&v), (1, 0, 0), "her e-mail and its file are gone");
    assert!(v.session().search("semnat", 10).unwrap().is_empty());

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
    assert_eq!(counts(&v), (1, 0, 0), "the erasure was applied again");
    assert!(v.session().search("semnat", 10).unwrap().is_empty());
    assert_eq!(timeline(&mut v, stefan).len(), 1, "his e-mail stays");

    // Importing her messages again does not bring her back.
    let r = import(
        &mut v,
        &["outlook-1250.eml"],
        &EmailImportOptions {
            create_unknown: true,
            ..EmailImportOptions::default()
        },
    );
    assert_eq!(r.known_people, 1, "{r:?}");
    let on_her: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM contact_emails WHERE folded = 'maria.pop@example.com'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_her, 0);
}

#[test]
fn a_message_without_a_subject_is_stored_with_the_placeholder_in_the_vaults_language() {
    let raw = b"From: Maria Pop <maria.pop@example.com>\r\nTo: ana@firma.ro\r\nDate: Mon, 7 Dec 2026 09:00:00 +0200\r\nMessage-ID: <fara-subiect@example.com>\r\n\r\nNe vedem marti.\r\n";
    let mut v = new_vault();
    let (_, maria) = people(&mut v);
    v.session()
        .set_vault_language(steward_core::locale::Language::Ro)
        .unwrap();
    let files = [EmailFile {
        name: "fara-subiect.eml",
        bytes: raw,
    }];
    v.session()
        .import_email(&files, &EmailImportOptions::default())
        .unwrap();
    let subjects: Vec<String> = timeline(&mut v, maria)
        .into_iter()
        .map(|a| a.subject)
        .collect();
    assert_eq!(subjects, ["(fără subiect)"]);
}
