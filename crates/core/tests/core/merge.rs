//! Possible duplicates and merging: the duplicates are found by e-mail,
//! phone and folded name among what the user may see; a merge keeps every
//! row of both, lets the stricter consent answer win, is permission-checked
//! and audited, and undoing it restores both contacts exactly.

use proptest::prelude::*;
use steward_core::audit::AuditFilter;
use steward_core::consent::{Method, NewConsent, Recorded, Status};
use steward_core::interchange::mapping::Field;
use steward_core::interchange::{ImportOptions, OnDuplicate};
use steward_core::merge::{GROUP_PAGE, MatchKind, MatchReason, MergeField};
use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::contacts::NewContact;
use steward_core::records::deals::NewDeal;
use steward_core::records::recycle_bin::RecordKind;
use steward_core::records::tasks::NewTask;
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

fn person(s: &mut Session, name: &str, emails: &[&str], phones: &[&str]) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
        ..NewContact::default()
    })
    .unwrap()
}

fn consent(s: &mut Session, id: i64, purpose: &str, state: Recorded) -> steward_core::Result<i64> {
    s.record_consent(
        id,
        purpose,
        &NewConsent {
            state,
            method: Method::Verbal,
            form_id: None,
            evidence: Some(format!("{} on the phone", state.as_str())),
            evidence_file: None,
            expires: None,
        },
    )
}

fn entries(s: &Session, action: &str) -> Vec<serde_json::Value> {
    s.audit_entries(&AuditFilter {
        action: Some(action.into()),
        ..AuditFilter::default()
    })
    .unwrap()
    .into_iter()
    .map(|e| serde_json::from_str(&e.details).unwrap())
    .collect()
}

/// Everything stored about a contact, read as a tool with the key would:
/// the row, its lists, sensitive values and every row that points at it.
fn snapshot(v: &TestVault, id: i64) -> Vec<String> {
    let conn = raw(v);
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM contacts WHERE id = ?1",
        "SELECT * FROM contact_emails WHERE contact_id = ?1 ORDER BY position",
        "SELECT * FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
        "SELECT tag_id FROM contact_tags WHERE contact_id = ?1 ORDER BY tag_id",
        "SELECT * FROM contact_custom_values WHERE contact_id = ?1 ORDER BY field_id",
        "SELECT * FROM contact_sensitive WHERE contact_id = ?1",
        "SELECT * FROM activities WHERE contact_id = ?1 ORDER BY id",
        "SELECT * FROM tasks WHERE contact_id = ?1 ORDER BY id",
        "SELECT * FROM deals WHERE contact_id = ?1 ORDER BY id",
        "SELECT id, contact_id, purpose_id, state, at, captured_by, method, form_id, evidence, expires_at
         FROM consents WHERE contact_id = ?1 ORDER BY id",
        "SELECT * FROM dsr_requests WHERE contact_id = ?1 ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([id], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push(row.unwrap());
        }
        out.push("--".into());
    }
    out
}

fn status(s: &Session, id: i64, purpose: &str) -> Status {
    s.current_consents(id)
        .unwrap()
        .into_iter()
        .find(|c| c.purpose.key == purpose)
        .unwrap()
        .status
}

#[test]
fn duplicates_are_found_by_email_phone_and_folded_name_with_their_reasons() {
    let mut v = new_vault();
    let s = v.session();
    let a = person(s, "Ana Popescu", &["Ana@Example.com"], &[]);
    let b = person(s, "A. Popescu", &["ana@example.COM"], &[]);
    let c = person(s, "Ștefan Ionescu", &[], &["+40 723 456 789"]);
    let d = person(s, "Stefan Ion", &[], &["+40723456789"]);
    let e = person(s, "IONESCU  Ştefan", &[], &[]);
    let lone = person(
        s,
        "Maria Dumitru",
        &["maria@example.com"],
        &["+40 721 000 000"],
    );
    let binned = person(s, "Maria Dumitru", &[], &[]);
    s.delete_contact(binned).unwrap();
    let groups = s.possible_duplicates().unwrap();
    let ids: Vec<Vec<i64>> = groups
        .iter()
        .map(|g| g.contacts.iter().map(|c| c.id).collect())
        .collect();
    assert_eq!(ids, vec![vec![a, b], vec![c, d, e]], "{groups:?}");
    assert_eq!(groups[0].reasons.len(), 1);
    assert_eq!(groups[0].reasons[0].kind, MatchKind::Email);
    assert_eq!(
        groups[0].contacts[0].email.as_deref(),
        Some("Ana@Example.com")
    );
    let reasons: Vec<(MatchKind, Vec<i64>)> = groups[1]
        .reasons
        .iter()
        .map(|r| (r.kind, r.contacts.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (MatchKind::Phone, vec![c, d]),
            (MatchKind::Name, vec![c, e])
        ]
    );
    assert!(!ids.concat().contains(&lone));
}

#[test]
fn a_restricted_contact_is_a_possible_duplicate_only_for_who_sees_it() {
    let mut v = new_vault();
    let a = person(v.session(), "Ana Popescu", &["ana@example.com"], &[]);
    let b = person(v.session(), "Ana Pop", &["ana@example.com"], &[]);
    v.session().restrict_contact(b).unwrap();
    assert_eq!(v.session().possible_duplicates().unwrap().len(), 1);
    let agent = user_session(&mut v, "bob", Role::Agent);
    assert!(agent.possible_duplicates().unwrap().is_empty());
    let _ = a;
}

#[test]
fn a_merge_takes_the_chosen_fields_keeps_every_row_and_is_audited_without_values() {
    let mut v = new_vault();
    let s = v.session();
    s.add_custom_field(
        "shoe",
        "Shoe size",
        steward_core::records::custom_fields::CustomFieldKind::Text,
    )
    .ok();
    let keep = s
        .add_contact(&NewContact {
            name: "Ana Popescu".into(),
            emails: vec!["ana@example.com".into()],
            phones: vec!["+40 723 456 789".into()],
            company: Some("Acme".into()),
            tags: vec!["vip".into()],
            notes: Some("kept notes".into()),
            ..NewContact::default()
        })
        .unwrap();
    let other = s
        .add_contact(&NewContact {
            name: "Ana-Maria Popescu".into(),
            emails: vec!["ANA@example.com".into(), "ana.work@example.org".into()],
            phones: vec!["+40723456789".into(), "+40 21 000 0000".into()],
            title: Some("Buyer".into()),
            tags: vec!["VIP".into(), "fair".into()],
            notes: Some("other notes".into()),
            ..NewContact::default()
        })
        .unwrap();
    let activity = s
        .add_activity(&NewActivity {
            kind: ActivityKind::Call,
            subject: "Intro call".into(),
            body: None,
            occurred_at: None,
            about: About::Contact(other),
        })
        .unwrap();
    let task = s
        .add_task(&NewTask {
            title: "Send offer".into(),
            about: Some(About::Contact(other)),
            ..NewTask::default()
        })
        .unwrap();
    let deal = s
        .add_deal(&NewDeal {
            title: "Renewal".into(),
            contact_id: Some(other),
            ..NewDeal::default()
        })
        .unwrap();
    consent(s, other, "newsletter", Recorded::Given).unwrap();

    let out = s
        .merge_contacts(keep, other, &[MergeField::Name, MergeField::Title])
        .unwrap();
    let c = &out.contact;
    assert_eq!(c.name, "Ana-Maria Popescu", "taken from the other");
    assert_eq!(c.title.as_deref(), Some("Buyer"), "taken from the other");
    assert_eq!(c.company.as_deref(), Some("Acme"), "kept");
    assert_eq!(c.notes.as_deref(), Some("kept notes"), "kept");
    assert_eq!(c.emails, ["ana@example.com", "ana.work@example.org"]);
    assert_eq!(c.phones, ["+40 723 456 789", "+40 21 000 0000"]);
    assert_eq!(c.tags, ["fair", "vip"]);
    assert_eq!(
        (
            out.moved.activities,
            out.moved.tasks,
            out.moved.deals,
            out.moved.consents
        ),
        (1, 1, 1, 1)
    );
    let conn = raw(&v);
    let on = |table: &str, id: i64| -> i64 {
        conn.query_row(
            &format!("SELECT contact_id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(on("activities", activity), keep);
    assert_eq!(on("tasks", task), keep);
    assert_eq!(on("deals", deal), keep);
    let s = v.session();
    assert_eq!(status(s, keep, "newsletter"), Status::Given);
    // The other is in the recycle bin, out of lists and search; the kept
    // one is found by the other's address.
    assert!(matches!(s.get_contact(other), Err(Error::NotFound { .. })));
    assert!(
        s.list_recycle_bin(Some(RecordKind::Contact))
            .unwrap()
            .iter()
            .any(|r| r.id == other)
    );
    let hits: Vec<i64> = s
        .search("ana.work", 10)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(hits, [keep]);
    let e = &entries(s, "contact.merge")[0];
    assert_eq!(e["merged"], other);
    assert_eq!(e["taken_from_other"], serde_json::json!(["name", "title"]));
    assert_eq!(e["activities"], 1);
    let text = e.to_string();
    assert!(
        !text.contains("Popescu") && !text.contains("example"),
        "{text}"
    );
}

#[test]
fn merging_is_refused_with_itself_a_binned_one_and_without_edit_and_delete_rights() {
    let mut v = new_vault();
    let a = person(v.session(), "Ana Popescu", &["ana@example.com"], &[]);
    let b = person(v.session(), "Ana Pop", &["ana@example.com"], &[]);
    let c = person(v.session(), "Ana P", &["ana@example.com"], &[]);
    let s = v.session();
    assert!(matches!(
        s.merge_contacts(a, a, &[]),
        Err(Error::InvalidInput(_))
    ));
    s.delete_contact(c).unwrap();
    assert!(matches!(
        s.merge_contacts(a, c, &[]),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.merge_contacts(c, a, &[]),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.merge_contacts(a, b, &[MergeField::Custom("nope".into())]),
        Err(Error::NotFound { .. })
    ));
    let mut viewer = user_session(&mut v, "vera", Role::Viewer);
    assert!(matches!(
        viewer.merge_contacts(a, b, &[]),
        Err(Error::PermissionDenied { .. })
    ));
    // An agent may merge only contacts it owns.
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    assert!(matches!(
        agent.merge_contacts(a, b, &[]),
        Err(Error::PermissionDenied { .. })
    ));
    let x = person(&mut agent, "Dan Stan", &["dan@example.com"], &[]);
    let y = person(&mut agent, "Dan Stan", &[], &[]);
    agent.merge_contacts(x, y, &[]).unwrap();
    let denied = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("contact.merge".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "denied")
        .count();
    assert_eq!(
        denied, 2,
        "the viewer's and the agent's refusals are recorded"
    );
    // Nothing moved for the refused ones.
    assert!(v.session().get_contact(b).is_ok());
}

#[test]
fn a_withdrawal_on_either_record_wins_over_a_newer_consent_on_the_other() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["ana@example.com"], &[]);
    consent(s, keep, "newsletter", Recorded::Given).unwrap();
    s.withdraw_consent(keep, "newsletter", Method::Email, None)
        .unwrap();
    let later = consent(s, other, "newsletter", Recorded::Given).unwrap();
    consent(s, other, "profiling", Recorded::Refused).unwrap();
    consent(s, keep, "profiling", Recorded::Given).unwrap();
    let before: Vec<_> = s
        .consent_history(keep)
        .unwrap()
        .into_iter()
        .chain(s.consent_history(other).unwrap())
        .collect();
    let out = s.merge_contacts(keep, other, &[]).unwrap();
    assert_eq!(out.restated, ["newsletter", "profiling"]);
    assert_eq!(status(s, keep, "newsletter"), Status::Withdrawn);
    assert_eq!(status(s, keep, "profiling"), Status::Refused);
    let after = s.consent_history(keep).unwrap();
    for event in &before {
        assert!(after.contains(event), "event {} kept unchanged", event.id);
    }
    let restated: Vec<_> = after
        .iter()
        .filter(|e| e.id > later)
        .filter(|e| !before.contains(e))
        .collect();
    assert_eq!(restated.len(), 2);
    assert!(restated[0].evidence.as_deref().unwrap().contains("merged"));
    // Undo: both histories exactly as before, the restated events gone.
    s.undo_merge(other).unwrap();
    assert_eq!(status(s, keep, "newsletter"), Status::Withdrawn);
    assert_eq!(status(s, other, "newsletter"), Status::Given);
    let back: Vec<_> = s
        .consent_history(keep)
        .unwrap()
        .into_iter()
        .chain(s.consent_history(other).unwrap())
        .collect();
    let mut sorted_before = before.clone();
    sorted_before.sort_by_key(|e| e.id);
    let mut sorted_back = back;
    sorted_back.sort_by_key(|e| e.id);
    assert_eq!(sorted_back, sorted_before);
}

#[test]
fn a_restriction_or_objection_on_the_merged_record_holds_for_the_kept_one() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["ana.pop@example.com"], &[]);
    s.restrict_contact(other).unwrap();
    s.object_contact(other).unwrap();
    s.merge_contacts(keep, other, &[]).unwrap();
    assert_eq!(s.rights_status(keep).unwrap(), (true, true));
    // A role that does not handle requests no longer sees the person.
    let agent = user_session(&mut v, "bob", Role::Agent);
    assert!(matches!(
        agent.get_contact(keep),
        Err(Error::NotFound { .. })
    ));
    drop(agent);
    let s = v.session();
    s.undo_merge(other).unwrap();
    assert_eq!(s.rights_status(keep).unwrap(), (false, false));
    assert_eq!(s.rights_status(other).unwrap(), (true, true));
}

#[test]
fn a_merged_contact_comes_back_only_by_undoing_its_merge_and_only_once() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["zamfira@example.com"], &["+40 723 456 789"]);
    let keep_before = snapshot(&v, keep);
    let other_before = snapshot(&v, other);
    let s = v.session();
    s.merge_contacts(keep, other, &[MergeField::Name]).unwrap();
    let hits: Vec<i64> = s
        .search("zamfira", 10)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        hits,
        [keep],
        "the kept contact is found by the merged one's address"
    );
    let err = s.restore_record(RecordKind::Contact, other).unwrap_err();
    assert!(err.to_string().contains("undo the merge"), "{err}");
    assert_eq!(s.merge_of(other).unwrap().unwrap().kept_id, keep);
    assert_eq!(s.undo_merge(other).unwrap(), keep);
    assert_eq!(snapshot(&v, keep), keep_before);
    assert_eq!(snapshot(&v, other), other_before);
    let s = v.session();
    assert!(matches!(s.undo_merge(other), Err(Error::NotFound { .. })));
    assert!(s.merge_of(other).unwrap().is_none());
    let hits: Vec<i64> = s
        .search("zamfira", 10)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        hits,
        [other],
        "the merged contact is found again, the kept one not by its address"
    );
    assert_eq!(entries(s, "contact.merge_undo")[0]["merged"], other);
}

#[test]
fn the_merged_contacts_files_move_to_the_kept_one_and_back_on_undo() {
    use steward_core::records::attachments::AttachedTo;
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["ana@example.com"], &[]);
    let mine = s
        .add_attachment(AttachedTo::Contact(keep), "mine.txt", &mut &b"kept"[..])
        .unwrap();
    let theirs = s
        .add_attachment(AttachedTo::Contact(other), "theirs.txt", &mut &b"other"[..])
        .unwrap();
    let ids = |s: &Session, id: i64| -> Vec<i64> {
        let mut ids: Vec<i64> = s
            .list_attachments(AttachedTo::Contact(id))
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    s.merge_contacts(keep, other, &[]).unwrap();
    assert_eq!(
        ids(s, keep),
        [mine, theirs],
        "both files on the kept contact"
    );
    s.undo_merge(other).unwrap();
    assert_eq!(ids(s, keep), [mine]);
    assert_eq!(
        ids(s, other),
        [theirs],
        "the file went back with its contact"
    );
}

#[test]
fn anonymising_the_kept_contact_leaves_no_merge_to_undo_and_no_merged_copy() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["zamfira@example.com"], &[]);
    s.merge_contacts(keep, other, &[]).unwrap();
    s.apply_review(&[keep], steward_core::rights::ReviewAction::Anonymise, true)
        .unwrap();
    assert!(
        s.undo_merge(other).is_err(),
        "the merge cannot bring the person back"
    );
    assert!(matches!(s.get_contact(other), Err(Error::NotFound { .. })));
    assert!(s.search("zamfira", 5).unwrap().is_empty());
    let left: i64 = raw(&v)
        .query_row("SELECT count(*) FROM contact_merges", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "no saved state of the person's old fields");
    let left: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM contacts WHERE id = ?1",
            [other],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the merged copy is gone, not only hidden");
}

#[test]
fn a_merge_is_not_undone_over_later_changes_and_an_import_not_over_a_merge() {
    let mut v = new_vault();
    let s = v.session();
    let a = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let b = person(s, "Ana Pop", &["b@example.com"], &[]);
    let c = person(s, "A. Popescu", &["c@example.com"], &[]);
    s.merge_contacts(a, b, &[]).unwrap();
    s.merge_contacts(a, c, &[]).unwrap();
    let err = s.undo_merge(b).unwrap_err();
    assert_eq!(
        err.invalid_input().and_then(|i| i.reason()),
        Some("merge-changed-since"),
        "{err}"
    );
    assert_eq!(s.undo_merge(c).unwrap(), a, "the later merge first");
    assert_eq!(s.undo_merge(b).unwrap(), a, "then the earlier one");
    assert_eq!(s.get_contact(a).unwrap().emails, ["ana@example.com"]);

    let csv = "Name,Email\nZamfira Ionescu,zamfira@example.com\n";
    let preview = steward_core::interchange::preview_csv(csv.as_bytes()).unwrap();
    let report = s
        .import_csv(
            csv.as_bytes(),
            &steward_core::interchange::ImportOptions {
                mapping: preview.suggested,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    let zamfira = s.search("zamfira@example.com", 5).unwrap()[0].id;
    let old = person(s, "Zamfira I.", &["zi@example.com"], &[]);
    let task = s
        .add_task(&NewTask {
            title: "Call Zamfira".into(),
            about: Some(About::Contact(old)),
            ..NewTask::default()
        })
        .unwrap();
    s.merge_contacts(zamfira, old, &[]).unwrap();
    let import_id = report.import_id.unwrap();
    let err = s.undo_import(import_id).unwrap_err();
    assert_eq!(
        err.invalid_input().and_then(|i| i.reason()),
        Some("import-merged-since"),
        "{err}"
    );
    assert!(
        s.get_task(task).is_ok(),
        "the older contact's task is still there"
    );
    s.undo_merge(old).unwrap();
    s.undo_import(import_id).unwrap();
    assert!(s.get_contact(old).is_ok() && s.get_task(task).is_ok());
}

#[test]
fn the_access_package_holds_the_contact_merged_into_the_person() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["zamfira@example.com"], &["+40 723 456 789"]);
    s.merge_contacts(keep, other, &[]).unwrap();
    let package: serde_json::Value =
        serde_json::from_str(&s.access_package(keep).unwrap()).unwrap();
    let merged = &package["merged_contacts"][0];
    assert_eq!(merged["merged_id"], other);
    assert_eq!(merged["merged_contact"]["name"], "Ana Pop");
    assert_eq!(merged["emails"][0]["email"], "zamfira@example.com");
    assert_eq!(merged["kept_contact_before"]["name"], "Ana Popescu");
    s.undo_merge(other).unwrap();
    let package: serde_json::Value =
        serde_json::from_str(&s.access_package(keep).unwrap()).unwrap();
    assert_eq!(package["merged_contacts"], serde_json::json!([]));
}

/// One generated change to one of the two contacts.
#[derive(Debug, Clone)]
enum Step {
    Email(u8),
    Phone(u8),
    Tag(u8),
    Activity,
    Task,
    Deal,
    Consent(u8, Recorded),
}

fn step() -> impl Strategy<Value = (bool, Step)> {
    let recorded = prop_oneof![
        Just(Recorded::Given),
        Just(Recorded::Refused),
        Just(Recorded::Withdrawn)
    ];
    (
        any::<bool>(),
        prop_oneof![
            (0u8..4).prop_map(Step::Email),
            (0u8..4).prop_map(Step::Phone),
            (0u8..4).prop_map(Step::Tag),
            Just(Step::Activity),
            Just(Step::Task),
            Just(Step::Deal),
            ((0u8..2), recorded).prop_map(|(p, r)| Step::Consent(p, r)),
        ],
    )
}

const PURPOSES: [&str; 2] = ["newsletter", "profiling"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn a_merge_loses_nothing_lets_the_stricter_answer_win_and_undoes_exactly(
        steps in proptest::collection::vec(step(), 0..24),
        take_name in any::<bool>(),
    ) {
        let mut v = new_vault();
        let s = v.session();
        let ids = [person(s, "Ana Popescu", &[], &[]), person(s, "Ana Pop", &[], &[])];
        // The latest accepted answer per contact and purpose, in order.
        let mut latest: [[Option<(usize, Recorded)>; 2]; 2] = [[None; 2]; 2];
        let mut n = 0;
        for (on_other, st) in &steps {
            let who = usize::from(*on_other);
            let id = ids[who];
            let mut c = s.get_contact(id).unwrap();
            match st {
                Step::Email(i) => {
                    c.emails.push(format!("p{i}.{who}@example.com"));
                    c.emails.dedup();
                    let emails: Vec<String> = c.emails.iter().cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
                    s.update_contact(id, &steward_core::records::contacts::ContactPatch { emails: Some(emails), ..Default::default() }).unwrap();
                }
                Step::Phone(i) => {
                    let phone = format!("+40 72{who} 000 00{i}");
                    if !c.phones.contains(&phone) {
                        c.phones.push(phone);
                    }
                    s.update_contact(id, &steward_core::records::contacts::ContactPatch { phones: Some(c.phones), ..Default::default() }).unwrap();
                }
                Step::Tag(i) => {
                    c.tags.push(format!("t{i}"));
                    s.update_contact(id, &steward_core::records::contacts::ContactPatch { tags: Some(c.tags), ..Default::default() }).unwrap();
                }
                Step::Activity => {
                    s.add_activity(&NewActivity { kind: ActivityKind::Note, subject: "Note".into(), body: None, occurred_at: None, about: About::Contact(id) }).unwrap();
                }
                Step::Task => {
                    s.add_task(&NewTask { title: "Call".into(), about: Some(About::Contact(id)), ..NewTask::default() }).unwrap();
                }
                Step::Deal => {
                    s.add_deal(&NewDeal { title: "Deal".into(), contact_id: Some(id), ..NewDeal::default() }).unwrap();
                }
                Step::Consent(p, r) => {
                    let done = if *r == Recorded::Withdrawn {
                        s.withdraw_consent(id, PURPOSES[usize::from(*p)], Method::Email, None).is_ok()
                    } else {
                        consent(s, id, PURPOSES[usize::from(*p)], *r).is_ok()
                    };
                    if done {
                        n += 1;
                        latest[who][usize::from(*p)] = Some((n, *r));
                    }
                }
            }
        }
        let before = [snapshot(&v, ids[0]), snapshot(&v, ids[1])];
        let s = v.session();
        let kept_before = s.get_contact(ids[0]).unwrap();
        let other_before = s.get_contact(ids[1]).unwrap();
        let history: Vec<_> = s.consent_history(ids[0]).unwrap().into_iter().chain(s.consent_history(ids[1]).unwrap()).collect();
        let take = if take_name { vec![MergeField::Name] } else { vec![] };
        let out = s.merge_contacts(ids[0], ids[1], &take).unwrap();
        let c = &out.contact;
        for e in kept_before.emails.iter().chain(&other_before.emails) {
            prop_assert!(c.emails.contains(e), "lost e-mail {e}");
        }
        for p in kept_before.phones.iter().chain(&other_before.phones) {
            prop_assert!(c.phones.contains(p), "lost phone {p}");
        }
        for t in kept_before.tags.iter().chain(&other_before.tags) {
            prop_assert!(c.tags.contains(t), "lost tag {t}");
        }
        prop_assert_eq!(&c.name, if take_name { &other_before.name } else { &kept_before.name });
        let conn = raw(&v);
        for table in ["activities", "tasks", "deals"] {
            let on_other: i64 = conn.query_row(&format!("SELECT count(*) FROM {table} WHERE contact_id = ?1"), [ids[1]], |r| r.get(0)).unwrap();
            prop_assert_eq!(on_other, 0, "{} left on the merged contact", table);
            let all: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
            let on_kept: i64 = conn.query_row(&format!("SELECT count(*) FROM {table} WHERE contact_id = ?1"), [ids[0]], |r| r.get(0)).unwrap();
            prop_assert_eq!(on_kept, all, "{} lost", table);
        }
        let s = v.session();
        let after = s.consent_history(ids[0]).unwrap();
        for e in &history {
            prop_assert!(after.contains(e), "consent event {} lost or changed", e.id);
        }
        for (p, purpose) in PURPOSES.iter().enumerate() {
            let says_no = |r: Recorded| r != Recorded::Given;
            let answers: Vec<(usize, Recorded)> = [latest[0][p], latest[1][p]].into_iter().flatten().collect();
            let newest = answers.iter().max_by_key(|a| a.0).map(|a| a.1);
            let strict = answers.iter().filter(|a| says_no(a.1)).max_by_key(|a| a.0).map(|a| a.1);
            let expected = match (newest, strict) {
                (None, _) => Status::None,
                (Some(_), Some(no)) => if no == Recorded::Refused { Status::Refused } else { Status::Withdrawn },
                (Some(_), None) => Status::Given,
            };
            prop_assert_eq!(status(s, ids[0], purpose), expected, "purpose {}", purpose);
        }
        s.undo_merge(ids[1]).unwrap();
        prop_assert_eq!(snapshot(&v, ids[0]), before[0].clone());
        prop_assert_eq!(snapshot(&v, ids[1]), before[1].clone());
    }
}

#[test]
fn erasing_the_kept_contact_also_erases_the_one_merged_into_it() {
    let mut v = new_vault();
    let s = v.session();
    let keep = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let other = person(s, "Ana Pop", &["zamfira@example.com"], &["+40 723 456 789"]);
    let unrelated = person(s, "Ion Ionescu", &["ion@example.com"], &[]);
    s.merge_contacts(keep, other, &[]).unwrap();
    let report = s.erase_contact(keep, true).unwrap();
    assert!(
        report.removed.contains(&("contact", 2)),
        "{:?}",
        report.removed
    );
    let conn = raw(&v);
    let left: Vec<i64> = conn
        .prepare("SELECT id FROM contacts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        left,
        [unrelated],
        "the merged contact left the recycle bin too"
    );
    let phones: i64 = conn
        .query_row("SELECT count(*) FROM contact_phones", [], |r| r.get(0))
        .unwrap();
    assert_eq!(phones, 0);
}

#[test]
fn a_group_larger_than_a_page_gives_its_true_size_and_every_contact_a_page_at_a_time() {
    let mut v = new_vault();
    let s = v.session();
    // 250 contacts of one phone number, one at a time would be slow: an
    // import makes them in one transaction.
    let size = GROUP_PAGE * 2 + 50;
    let mut csv = String::from("Name,Email,Phone\n");
    for i in 0..size {
        csv.push_str(&format!(
            "Person{i} Number{i},p{i}@example.com,+40 723 000 111\n"
        ));
    }
    let options = ImportOptions {
        mapping: vec![Some(Field::Name), Some(Field::Email), Some(Field::Phone)],
        on_duplicate: OnDuplicate::Create,
        ..ImportOptions::default()
    };
    s.import_csv(csv.as_bytes(), &options, &mut |_, _| {})
        .unwrap();
    let a = person(s, "Ana Popescu", &["ana@example.com"], &[]);
    let b = person(s, "Popescu Ana", &[], &[]);
    let all: Vec<i64> = {
        let conn = raw(&v);
        let mut stmt = conn
            .prepare("SELECT id FROM contacts WHERE name LIKE 'Person%' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(all.len(), size);
    let s = v.session();

    let groups = s.possible_duplicates().unwrap();
    assert_eq!(
        groups.len(),
        2,
        "{:?}",
        groups.iter().map(|g| g.size).collect::<Vec<_>>()
    );
    let big = &groups[0];
    assert_eq!(big.size, size, "the true size");
    let listed: Vec<i64> = big.contacts.iter().map(|c| c.id).collect();
    assert_eq!(listed, all[..GROUP_PAGE], "the first page, in id order");
    assert_eq!(big.contacts[1].phone.as_deref(), Some("+40 723 000 111"));
    assert_eq!(
        big.reasons,
        vec![MatchReason {
            kind: MatchKind::Phone,
            contacts: listed.clone()
        }],
        "the reason, with the listed contacts"
    );
    let small = &groups[1];
    assert_eq!(small.size, 2);
    assert_eq!(
        small.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        [a, b]
    );
    assert_eq!(small.reasons.len(), 1);

    // Every contact is reachable a page at a time, each once, in order.
    let mut paged = Vec::new();
    while paged.len() < size {
        let page = s
            .duplicate_group_page(all[0], paged.len(), 70)
            .unwrap()
            .expect("the group is still there");
        assert_eq!(page.size, size);
        assert!(!page.contacts.is_empty() && page.contacts.len() <= 70);
        assert_eq!(page.reasons.len(), 1);
        assert_eq!(
            page.reasons[0].contacts,
            page.contacts.iter().map(|c| c.id).collect::<Vec<_>>()
        );
        paged.extend(page.contacts.iter().map(|c| c.id));
    }
    assert_eq!(paged, all);
    let past = s.duplicate_group_page(all[0], size, 70).unwrap().unwrap();
    assert!(past.contacts.is_empty());
    assert_eq!(past.size, size);
    assert!(
        s.duplicate_group_page(all[1], 0, 70).unwrap().is_none(),
        "not a group's first contact"
    );
    let whole = s.duplicate_group_page(a, 0, 70).unwrap().unwrap();
    assert_eq!(&whole, small);
}

/// Every page of the group whose first contact is `first`, `limit` at a
/// time; `fresh` writes something unrelated before each page, so that the
/// page cannot come from what an earlier search kept.
fn pages(
    s: &mut Session,
    first: i64,
    limit: usize,
    fresh: bool,
) -> Vec<steward_core::merge::DuplicateGroup> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        if fresh {
            person(s, &format!("Unrelated{offset}"), &[], &[]);
        }
        let page = s
            .duplicate_group_page(first, offset, limit)
            .unwrap()
            .expect("the group is there");
        offset += page.contacts.len();
        let done = page.contacts.is_empty();
        out.push(page);
        if done {
            return out;
        }
    }
}

#[test]
fn a_later_page_of_a_large_group_is_the_page_a_new_search_gives_until_the_vault_changes() {
    let mut v = new_vault();
    let s = v.session();
    // One phone chains a group of 230; pairs share an e-mail across the
    // pages' edges and triples a name, so that a page lists reasons of
    // contacts on other pages too.
    let size = GROUP_PAGE * 2 + 30;
    let mut csv = String::from("Name,Email,Phone\n");
    for i in 0..size {
        csv.push_str(&format!(
            "Person{} Number{},pair{}@example.com,{}\n",
            i / 3,
            i / 3,
            i / 2,
            if i % 5 == 0 || i == size - 1 {
                "+40 723 000 111"
            } else {
                ""
            }
        ));
    }
    let options = ImportOptions {
        mapping: vec![Some(Field::Name), Some(Field::Email), Some(Field::Phone)],
        on_duplicate: OnDuplicate::Create,
        ..ImportOptions::default()
    };
    s.import_csv(csv.as_bytes(), &options, &mut |_, _| {})
        .unwrap();
    let groups = s.possible_duplicates().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].size, size);
    let first = groups[0].contacts[0].id;

    let kept = pages(s, first, 70, false);
    let fresh = pages(s, first, 70, true);
    assert_eq!(
        kept.len(),
        5,
        "230 contacts in pages of 70, then an empty one"
    );
    assert_eq!(kept, fresh, "the same contacts, fields and reasons");
    assert!(kept[1].reasons.iter().any(|r| r.kind == MatchKind::Email));
    assert!(kept[1].reasons.iter().any(|r| r.kind == MatchKind::Name));
    let ids: Vec<i64> = kept
        .iter()
        .flat_map(|p| p.contacts.iter().map(|c| c.id))
        .collect();
    assert_eq!(ids.len(), size);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "each once, in order");

    // A change between two pages: the next page is the new truth.
    s.possible_duplicates().unwrap();
    let before = s.duplicate_group_page(first, 0, 70).unwrap().unwrap();
    let joined = person(s, "Someone Else", &[], &["+40 723 000 111"]);
    let last = s.duplicate_group_page(first, 200, 70).unwrap().unwrap();
    assert_eq!(last.size, size + 1, "the new member counts");
    assert_eq!(last.contacts.last().map(|c| c.id), Some(joined));
    s.delete_contact(before.contacts[1].id).unwrap();
    let last = s.duplicate_group_page(first, 200, 70).unwrap().unwrap();
    assert_eq!(last.size, size, "the deleted member is gone");
    assert_eq!(last.contacts.len(), size - 200);
    // The group's first contact deleted: no group starts with it any more.
    s.delete_contact(first).unwrap();
    assert!(s.duplicate_group_page(first, 70, 70).unwrap().is_none());
}
