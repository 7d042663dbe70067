//! Changes to many contacts at once: each is one transaction and one audit
//! entry, refuses per record what the role may not change, and deleting
//! counts towards the mass-deletion rule like single deletions.

use steward_core::audit::AuditFilter;
use steward_core::bulk::{BulkAction, BulkTarget, Refusal, RefusalReason};
use steward_core::consent::{Method, NewConsent, Recorded, Status};
use steward_core::records::contacts::{ContactQuery, NewContact};
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

fn person(s: &mut Session, name: &str, tags: &[&str]) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewContact::default()
    })
    .unwrap()
}

/// The audit entries of `action`, newest first.
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

fn tags(s: &Session, id: i64) -> Vec<String> {
    s.get_contact(id).unwrap().tags
}

#[test]
fn adding_and_removing_a_tag_changes_each_contact_once_with_one_audit_entry() {
    let mut v = new_vault();
    let s = v.session();
    let a = person(s, "Ana Popescu", &[]);
    let b = person(s, "Bogdan Ionescu", &["vip"]);
    let c = person(s, "Cristina Dumitru", &[]);
    let out = s
        .bulk_change(
            &BulkTarget::Ids(vec![a, b, c, a, 9999]),
            &BulkAction::AddTag(" VIP ".into()),
        )
        .unwrap();
    assert_eq!(out.changed, vec![a, c]);
    assert_eq!(out.unchanged, vec![b], "b had the tag already");
    assert_eq!(
        out.refused,
        vec![Refusal {
            id: 9999,
            name: None,
            reason: RefusalReason::NotFound
        }]
    );
    // Tags are one per name whatever the case: the existing spelling wins.
    assert_eq!(tags(s, a), vec!["vip"]);
    assert_eq!(tags(s, b), vec!["vip"]);
    // The tag is searchable at once: the search entry was rewritten.
    let page = s
        .list_contacts_where(
            &ContactQuery {
                tag: Some("vip".into()),
                ..ContactQuery::default()
            },
            None,
            50,
        )
        .unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next, None);

    let logged = entries(s, "contact.bulk_tag");
    assert_eq!(logged.len(), 1, "one entry for the whole change");
    assert_eq!(logged[0]["changed"], serde_json::json!([a, c]));
    assert_eq!(logged[0]["refused"][0]["id"], 9999);
    assert_eq!(logged[0]["refused"][0]["reason"], "not-found");
    assert!(
        entries(s, "contact.update").is_empty(),
        "no entry per contact"
    );

    let out = s
        .bulk_change(
            &BulkTarget::Tag("vip".into()),
            &BulkAction::RemoveTag("Vip".into()),
        )
        .unwrap();
    assert_eq!(out.changed.len(), 3);
    assert!(tags(s, a).is_empty() && tags(s, b).is_empty() && tags(s, c).is_empty());
    assert_eq!(entries(s, "contact.bulk_untag").len(), 1);
}

#[test]
fn an_agent_changes_its_own_contacts_and_is_told_which_others_it_may_not() {
    let mut v = new_vault();
    let theirs = person(v.session(), "Dan Munteanu", &[]);
    let mut agent = user_session(&mut v, "ion", Role::Agent);
    let mine = person(&mut agent, "Elena Stan", &[]);
    let out = agent
        .bulk_change(
            &BulkTarget::Ids(vec![mine, theirs]),
            &BulkAction::AddTag("lead".into()),
        )
        .unwrap();
    assert_eq!(out.changed, vec![mine]);
    assert_eq!(
        out.refused,
        vec![Refusal {
            id: theirs,
            name: Some("Dan Munteanu".into()),
            reason: RefusalReason::NotOwn
        }]
    );
    assert_eq!(tags(&agent, mine), vec!["lead"]);
    assert!(
        tags(&agent, theirs).is_empty(),
        "the refused row is untouched"
    );

    let out = agent
        .bulk_change(&BulkTarget::Ids(vec![mine, theirs]), &BulkAction::Delete)
        .unwrap();
    assert_eq!(out.changed, vec![mine]);
    assert_eq!(out.refused[0].reason, RefusalReason::NotOwn);
    assert!(agent.get_contact(theirs).is_ok());
    assert!(matches!(
        agent.get_contact(mine),
        Err(Error::NotFound { .. })
    ));

    // Changes the role may not do at all are refused whole.
    for action in [BulkAction::ChangeOwner("ada".into()), BulkAction::Object] {
        assert!(matches!(
            agent.bulk_change(&BulkTarget::Ids(vec![theirs]), &action),
            Err(Error::PermissionDenied { .. })
        ));
    }
    let mut viewer = user_session(&mut v, "vera", Role::Viewer);
    assert!(matches!(
        viewer.bulk_change(
            &BulkTarget::Ids(vec![theirs]),
            &BulkAction::AddTag("x".into())
        ),
        Err(Error::PermissionDenied { .. })
    ));
}

#[test]
fn a_saved_view_names_the_contacts_and_the_owner_changes_for_all_of_them() {
    let mut v = new_vault();
    let _manager = user_session(&mut v, "maria", Role::Manager);
    let s = v.session();
    let a = person(s, "Florin Radu", &["client"]);
    let b = person(s, "Gabriela Ilie", &["client"]);
    let other = person(s, "Horia Matei", &[]);
    s.save_view(
        "Clients",
        &ContactQuery {
            tag: Some("client".into()),
            ..ContactQuery::default()
        },
    )
    .unwrap();
    let out = s
        .bulk_change(
            &BulkTarget::View("clients".into()),
            &BulkAction::ChangeOwner("maria".into()),
        )
        .unwrap();
    let mut changed = out.changed.clone();
    changed.sort_unstable();
    assert_eq!(changed, vec![a, b]);
    let maria = s.owner_id_by_name("maria").unwrap();
    assert_eq!(s.get_contact(a).unwrap().owner_id, maria);
    assert_eq!(s.get_contact(b).unwrap().owner_id, maria);
    assert_ne!(s.get_contact(other).unwrap().owner_id, maria);
    let logged = entries(s, "contact.bulk_reassign");
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["to_user"], maria);

    assert!(matches!(
        s.bulk_change(&BulkTarget::View("nope".into()), &BulkAction::Delete),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.bulk_change(
            &BulkTarget::Ids(vec![a]),
            &BulkAction::ChangeOwner("nobody".into())
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_withdrawal_and_an_objection_for_many_are_recorded_as_for_one() {
    let mut v = new_vault();
    let s = v.session();
    let a = person(s, "Ioana Vasile", &[]);
    let b = person(s, "Jean Dupont", &[]);
    let given = NewConsent {
        state: Recorded::Given,
        method: Method::PaperForm,
        form_id: None,
        evidence: None,
        evidence_file: None,
        expires: None,
    };
    s.record_consent(a, "newsletter", &given).unwrap();
    let out = s
        .bulk_change(
            &BulkTarget::Ids(vec![a, b]),
            &BulkAction::Withdraw {
                purpose: "newsletter".into(),
                method: Method::Email,
            },
        )
        .unwrap();
    assert_eq!(out.changed, vec![a]);
    assert_eq!(
        out.refused,
        vec![Refusal {
            id: b,
            name: Some("Jean Dupont".into()),
            reason: RefusalReason::NoGivenConsent
        }]
    );
    let status = |s: &Session, id| {
        s.current_consents(id)
            .unwrap()
            .into_iter()
            .find(|c| c.purpose.key == "newsletter")
            .unwrap()
            .status
    };
    assert_eq!(status(s, a), Status::Withdrawn);
    let logged = entries(s, "consent.bulk_withdraw");
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["purpose"], "newsletter");
    assert_eq!(logged[0]["method"], "email");
    assert!(entries(s, "consent.withdraw").is_empty());
    assert!(matches!(
        s.bulk_change(
            &BulkTarget::Ids(vec![a]),
            &BulkAction::Withdraw {
                purpose: "newsletter".into(),
                method: Method::Import
            }
        ),
        Err(Error::InvalidInput(_))
    ));

    let out = s
        .bulk_change(&BulkTarget::Ids(vec![a, b]), &BulkAction::Object)
        .unwrap();
    assert_eq!(out.changed, vec![a, b]);
    assert_eq!(s.rights_status(a).unwrap(), (false, true));
    assert_eq!(s.rights_status(b).unwrap(), (false, true));
    let out = s
        .bulk_change(&BulkTarget::Ids(vec![a]), &BulkAction::Object)
        .unwrap();
    assert_eq!(out.unchanged, vec![a], "already objected");
    assert_eq!(entries(s, "dsr.bulk_object").len(), 2);
    assert!(entries(s, "dsr.object").is_empty());
}

fn many(s: &mut Session, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| person(s, &format!("Persoana {i}"), &[]))
        .collect()
}

fn mass_deletion_alerts(s: &Session) -> Vec<steward_core::monitor::Alert> {
    s.list_alerts(false)
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == "mass-deletion")
        .collect()
}

#[test]
fn deleting_sixty_at_once_raises_the_mass_deletion_alert_as_sixty_single_deletions_do() {
    let mut single = new_vault();
    let s = single.session();
    for id in many(s, 60) {
        s.delete_contact(id).unwrap();
    }
    let by_one = mass_deletion_alerts(s);
    assert_eq!(by_one.len(), 1);

    let mut bulk = new_vault();
    let s = bulk.session();
    let ids = many(s, 60);
    assert!(mass_deletion_alerts(s).is_empty());
    let out = s
        .bulk_change(&BulkTarget::Ids(ids.clone()), &BulkAction::Delete)
        .unwrap();
    assert_eq!(out.changed.len(), 60);
    let at_once = mass_deletion_alerts(s);
    assert_eq!(at_once.len(), 1);
    assert_eq!(at_once[0].severity, by_one[0].severity);
    assert!(
        at_once[0].summary.contains("60 contacts deleted"),
        "{}",
        at_once[0].summary
    );
    let logged = s
        .audit_entries(&AuditFilter {
            action: Some("contact.bulk_delete".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(at_once[0].audit_seqs, vec![logged[0].seq]);
    // The recycle bin knows who deleted them, and they can come back.
    let binned = s.list_recycle_bin(None).unwrap();
    assert_eq!(binned.len(), 60);
    assert!(
        binned
            .iter()
            .all(|r| r.deleted_by.as_deref() == Some(OWNER))
    );
    s.restore_contact(ids[0]).unwrap();
    assert!(s.get_contact(ids[0]).is_ok());

    // Below the threshold nothing is raised.
    let mut small = new_vault();
    let s = small.session();
    let ids = many(s, 19);
    s.bulk_change(&BulkTarget::Ids(ids), &BulkAction::Delete)
        .unwrap();
    assert!(mass_deletion_alerts(s).is_empty());
}

#[test]
fn an_empty_tag_and_too_many_contacts_are_refused_with_their_reasons() {
    let mut v = new_vault();
    let s = v.session();
    let err = s
        .bulk_target_ids(&BulkTarget::Tag("  ".into()))
        .unwrap_err();
    let invalid = err.invalid_input().expect("refused input");
    assert_eq!(invalid.reason(), Some("required"));
    assert_eq!(invalid.params()["field"], "tag");
    // Ids are counted before anything is read: 10 001 of them are too many.
    let ids: Vec<i64> = (1..=10_001).collect();
    let err = s.bulk_target_ids(&BulkTarget::Ids(ids)).unwrap_err();
    let invalid = err.invalid_input().expect("refused input");
    assert_eq!(invalid.reason(), Some("bulk-too-many"));
    assert_eq!(invalid.params()["limit"], "10000");
}
