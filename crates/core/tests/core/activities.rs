//! Activities (the timeline) through the session.

use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::companies::NewCompany;
use steward_core::records::contacts::NewContact;
use steward_core::records::deals::NewDeal;
use steward_core::search::Kind;
use steward_core::{Error, Role};

use crate::fixtures::*;

fn note(about: About, subject: &str, at: &str) -> NewActivity {
    NewActivity {
        kind: ActivityKind::Note,
        subject: subject.into(),
        body: None,
        occurred_at: Some(at.into()),
        about,
    }
}

fn contact(v: &mut TestVault, name: &str) -> i64 {
    v.session()
        .add_contact(&NewContact {
            name: name.into(),
            ..NewContact::default()
        })
        .unwrap()
}

#[test]
fn the_timeline_lists_a_records_activities_newest_first() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let other = contact(&mut v, "Alan Turing");
    let first = v
        .session()
        .add_activity(&note(
            About::Contact(grace),
            "first",
            "2026-01-05T09:00:00Z",
        ))
        .unwrap();
    let third = v
        .session()
        .add_activity(&NewActivity {
            kind: ActivityKind::Call,
            body: Some("Discussed the compiler.".into()),
            // 11:30 in Paris is 10:30 UTC: after the second one.
            ..note(About::Contact(grace), "third", "2026-01-05T11:30:00+01:00")
        })
        .unwrap();
    let second = v
        .session()
        .add_activity(&note(
            About::Contact(grace),
            "second",
            "2026-01-05T10:00:00Z",
        ))
        .unwrap();
    v.session()
        .add_activity(&note(
            About::Contact(other),
            "elsewhere",
            "2026-02-01T00:00:00Z",
        ))
        .unwrap();

    let timeline = v.session().list_activities(About::Contact(grace)).unwrap();
    let ids: Vec<_> = timeline.iter().map(|a| a.id).collect();
    assert_eq!(ids, [third, second, first]);
    let call = &timeline[0];
    assert_eq!(call.kind, ActivityKind::Call);
    assert_eq!(call.occurred_at, "2026-01-05T10:30:00Z", "stored in UTC");
    assert_eq!(call.body.as_deref(), Some("Discussed the compiler."));
    assert_eq!(call.about, About::Contact(grace));
    assert_eq!(call.owner_id, v.session().user().id);

    let recent = v.session().recent_activities(2).unwrap();
    let subjects: Vec<_> = recent.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects, ["elsewhere", "third"]);
}

#[test]
fn activities_attach_to_companies_and_deals_and_default_to_now() {
    let mut v = new_vault();
    let company = v
        .session()
        .add_company(&NewCompany {
            name: "Initech".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let deal = v
        .session()
        .add_deal(&NewDeal {
            title: "Licences".into(),
            ..NewDeal::default()
        })
        .unwrap();
    for about in [About::Company(company), About::Deal(deal)] {
        let id = v
            .session()
            .add_activity(&NewActivity {
                kind: ActivityKind::Meeting,
                subject: "Kick-off".into(),
                body: None,
                occurred_at: None,
                about,
            })
            .unwrap();
        let timeline = v.session().list_activities(about).unwrap();
        assert_eq!(timeline.len(), 1);
        assert_eq!(timeline[0].id, id);
        assert_eq!(
            timeline[0].occurred_at.get(..4),
            timeline[0].created_at.get(..4),
            "now by default"
        );
    }
}

#[test]
fn the_record_must_exist_and_bad_input_writes_nothing() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let gone = contact(&mut v, "Gone Person");
    v.session().delete_contact(gone).unwrap();
    for about in [About::Contact(gone), About::Contact(999), About::Deal(7)] {
        assert!(
            matches!(
                v.session()
                    .add_activity(&note(about, "x", "2026-01-01T00:00:00Z")),
                Err(Error::NotFound { .. })
            ),
            "{about:?}"
        );
    }
    assert!(matches!(
        v.session().list_activities(About::Contact(gone)),
        Err(Error::NotFound { .. })
    ));
    for (bad, expected) in [
        (
            note(About::Contact(grace), " ", "2026-01-01T00:00:00Z"),
            "needs a subject",
        ),
        (note(About::Contact(grace), "x", "yesterday"), "RFC 3339"),
        (
            NewActivity {
                body: Some("x".repeat(100_001)),
                ..note(About::Contact(grace), "x", "2026-01-01T00:00:00Z")
            },
            "the limit is",
        ),
    ] {
        let err = v.session().add_activity(&bad).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    assert!(
        v.session()
            .list_activities(About::Contact(grace))
            .unwrap()
            .is_empty()
    );
    assert!(v.session().recent_activities(10).unwrap().is_empty());
}

#[test]
fn a_deleted_activity_leaves_the_timeline_and_search() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = v
        .session()
        .add_activity(&NewActivity {
            body: Some("She mentioned the nanosecond wire.".into()),
            ..note(
                About::Contact(grace),
                "Lecture notes",
                "2026-01-01T00:00:00Z",
            )
        })
        .unwrap();
    let hits = v.session().search("nanosecond", 10).unwrap();
    assert_eq!(hits.len(), 1, "the body is searchable");
    assert_eq!((hits[0].kind, hits[0].id), (Kind::Activity, id));
    assert_eq!(v.session().search("lecture", 10).unwrap().len(), 1);

    v.session().delete_activity(id).unwrap();
    assert!(v.session().search("nanosecond", 10).unwrap().is_empty());
    assert!(
        v.session()
            .list_activities(About::Contact(grace))
            .unwrap()
            .is_empty()
    );
    assert!(v.session().recent_activities(10).unwrap().is_empty());
    assert!(matches!(
        v.session().delete_activity(id),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn activities_of_a_deleted_deal_leave_the_dashboard_and_search() {
    let mut v = new_vault();
    let deal = v
        .session()
        .add_deal(&NewDeal {
            title: "Licences".into(),
            ..NewDeal::default()
        })
        .unwrap();
    v.session()
        .add_activity(&note(
            About::Deal(deal),
            "Quarterly kumquat review",
            "2026-01-01T00:00:00Z",
        ))
        .unwrap();
    assert_eq!(v.session().search("kumquat", 10).unwrap().len(), 1);
    v.session().delete_deal(deal).unwrap();
    assert!(v.session().search("kumquat", 10).unwrap().is_empty());
    assert!(v.session().recent_activities(10).unwrap().is_empty());
}

#[test]
fn an_agent_logs_on_any_record_but_deletes_only_their_own_activities() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let theirs = v
        .session()
        .add_activity(&note(
            About::Contact(grace),
            "owner's",
            "2026-01-01T00:00:00Z",
        ))
        .unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let mine = agent
        .add_activity(&note(
            About::Contact(grace),
            "agent's",
            "2026-01-02T00:00:00Z",
        ))
        .unwrap();
    assert!(matches!(
        agent.delete_activity(theirs),
        Err(Error::PermissionDenied {
            permission: "contacts.delete-any",
            ..
        })
    ));
    agent.delete_activity(mine).unwrap();
    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    assert!(matches!(
        viewer.add_activity(&note(About::Contact(grace), "x", "2026-01-01T00:00:00Z")),
        Err(Error::PermissionDenied {
            permission: "contacts.create",
            ..
        })
    ));
    assert_eq!(
        viewer.list_activities(About::Contact(grace)).unwrap().len(),
        1
    );
    agent.lock().unwrap();
    viewer.lock().unwrap();
}

#[test]
fn audit_entries_name_activity_ids_never_subjects_or_bodies() {
    let mut v = new_vault();
    let grace = contact(&mut v, "Grace Hopper");
    let id = v
        .session()
        .add_activity(&NewActivity {
            body: Some("Confidential marmalade recipe.".into()),
            ..note(
                About::Contact(grace),
                "Breakfast summit",
                "2026-01-01T00:00:00Z",
            )
        })
        .unwrap();
    v.session().delete_activity(id).unwrap();
    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!(
            r#"activity.create activity {id} {{"contact":{grace},"kind":"note"}}"#
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("activity.delete activity {id}")),
        "{text}"
    );
    for secret in ["Breakfast", "marmalade", "Grace"] {
        assert!(!text.contains(secret), "{secret:?} leaked: {text}");
    }
}

#[test]
fn an_activity_is_corrected_with_its_search_entry_and_audited_by_field() {
    use steward_core::records::activities::ActivityPatch;
    let mut v = new_vault();
    let ada = contact(&mut v, "Ada Lovelace");
    let id = v
        .session()
        .add_activity(&NewActivity {
            body: Some("About the quince harvest".into()),
            ..note(
                About::Contact(ada),
                "Call about quinces",
                "2026-03-09T10:00:00Z",
            )
        })
        .unwrap();
    let a = v
        .session()
        .update_activity(
            id,
            &ActivityPatch {
                kind: Some(ActivityKind::Meeting),
                subject: Some("Meeting about medlars".into()),
                body: Some(None),
                occurred_at: Some("2026-03-09T12:30:00+02:00".into()),
            },
        )
        .unwrap();
    assert_eq!(a.kind, ActivityKind::Meeting);
    assert_eq!(a.subject, "Meeting about medlars");
    assert_eq!(a.body, None);
    assert_eq!(a.occurred_at, "2026-03-09T10:30:00Z");
    assert_eq!(
        v.session().list_activities(About::Contact(ada)).unwrap(),
        [a]
    );
    assert!(v.session().search("quince", 10).unwrap().is_empty());
    assert_eq!(v.session().search("medlars", 10).unwrap().len(), 1);
    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!(
            r#"activity.update activity {id} {{"fields":["kind","subject","body","occurred_at"]}}"#
        )),
        "{text}"
    );
    assert!(!text.contains("medlars"), "{text}");
    // An empty subject is refused and changes nothing.
    assert!(matches!(
        v.session().update_activity(
            id,
            &ActivityPatch {
                subject: Some(" ".into()),
                ..ActivityPatch::default()
            }
        ),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(
        v.session().get_activity(id).unwrap().subject,
        "Meeting about medlars"
    );
    // So is an empty time: a correction never moves an activity to now.
    let err = v
        .session()
        .update_activity(
            id,
            &ActivityPatch {
                occurred_at: Some(" ".into()),
                ..ActivityPatch::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        err.invalid_input().and_then(|i| i.reason()),
        Some("required")
    );
    assert_eq!(
        v.session().get_activity(id).unwrap().occurred_at,
        "2026-03-09T10:30:00Z"
    );
}

#[test]
fn an_agent_corrects_their_own_activity_but_not_anothers_and_the_refusal_is_audited() {
    use steward_core::records::activities::ActivityPatch;
    let mut v = new_vault();
    let ada = contact(&mut v, "Ada Lovelace");
    let owners = v
        .session()
        .add_activity(&note(
            About::Contact(ada),
            "Owner's note",
            "2026-03-09T10:00:00Z",
        ))
        .unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let theirs = agent
        .add_activity(&note(
            About::Contact(ada),
            "Agnes's note",
            "2026-03-09T11:00:00Z",
        ))
        .unwrap();
    let fix = ActivityPatch {
        subject: Some("Corrected".into()),
        ..ActivityPatch::default()
    };
    assert_eq!(
        agent.update_activity(theirs, &fix).unwrap().subject,
        "Corrected"
    );
    let err = agent.update_activity(owners, &fix).unwrap_err();
    assert!(
        matches!(
            err,
            Error::PermissionDenied {
                permission: "contacts.edit-any",
                ..
            }
        ),
        "{err}"
    );
    agent.lock().unwrap();
    let denied: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND action = 'activity.update'
               AND target_id = ?1",
            [owners.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(denied, 1);
    assert_eq!(
        v.session().get_activity(owners).unwrap().subject,
        "Owner's note"
    );
    // The owner may correct anyone's.
    assert_eq!(
        v.session().update_activity(theirs, &fix).unwrap().subject,
        "Corrected"
    );
}
