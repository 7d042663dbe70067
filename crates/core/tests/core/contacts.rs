//! Contacts through the session.

use steward_core::Error;
use steward_core::records::contacts::{ContactPatch, MAX_NOTES, NewContact};

use crate::fixtures::*;

fn grace() -> NewContact {
    NewContact {
        name: "Grace Hopper".into(),
        emails: vec!["grace@example.com".into(), "gh@navy.example".into()],
        phones: vec!["+1 555 0100".into()],
        company: Some("Navy".into()),
        notes: Some("Invented the compiler.".into()),
        ..NewContact::default()
    }
}

#[test]
fn a_contact_round_trips_and_survives_lock_and_unlock() {
    let mut v = new_vault();
    let id = v.session().add_contact(&grace()).unwrap();
    v.unlock();
    let c = v.session().get_contact(id).unwrap();
    assert_eq!(c.name, "Grace Hopper");
    assert_eq!(c.emails, ["grace@example.com", "gh@navy.example"]);
    assert_eq!(c.phones, ["+1 555 0100"]);
    assert_eq!(c.company.as_deref(), Some("Navy"));
    assert_eq!(c.owner_id, v.session().user().id);
}

#[test]
fn editing_changes_only_the_fields_given() {
    let mut v = new_vault();
    let id = v.session().add_contact(&grace()).unwrap();
    let patch = ContactPatch {
        emails: Some(vec!["new@example.com".into()]),
        company: Some(String::new()),
        ..ContactPatch::default()
    };
    let c = v.session().update_contact(id, &patch).unwrap();
    assert_eq!(c.name, "Grace Hopper");
    assert_eq!(c.emails, ["new@example.com"]);
    assert_eq!(c.company, None);
    assert_eq!(c.notes.as_deref(), Some("Invented the compiler."));
}

#[test]
fn the_list_is_sorted_by_name_and_paged() {
    let mut v = new_vault();
    for name in ["carol", "Alice", "bob", "Dave"] {
        v.session()
            .add_contact(&NewContact {
                name: name.into(),
                ..NewContact::default()
            })
            .unwrap();
    }
    let first = v.session().list_contacts(0, 2).unwrap();
    assert_eq!(first.total, 4);
    let names: Vec<_> = first.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alice", "bob"]);
    let second = v.session().list_contacts(2, 2).unwrap();
    let names: Vec<_> = second.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["carol", "Dave"]);
}

#[test]
fn deleting_removes_the_contact_and_its_emails() {
    let mut v = new_vault();
    let id = v.session().add_contact(&grace()).unwrap();
    v.session().delete_contact(id).unwrap();
    assert!(matches!(
        v.session().get_contact(id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        v.session().delete_contact(id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(v.session().list_contacts(0, 10).unwrap().total, 0);
}

fn check_rejected(contact: NewContact, expected: &str) {
    let mut v = new_vault();
    let err = v.session().add_contact(&contact).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(
        err.to_string().contains(expected),
        "{err} should mention {expected:?}"
    );
    assert_eq!(
        v.session().list_contacts(0, 10).unwrap().total,
        0,
        "nothing half-written"
    );
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    check_rejected(NewContact::default(), "needs a name");
    check_rejected(
        NewContact {
            emails: vec!["not-an-address".into()],
            ..grace()
        },
        "not an e-mail address",
    );
    check_rejected(
        NewContact {
            phones: vec!["call me".into()],
            ..grace()
        },
        "not a phone number",
    );
    check_rejected(
        NewContact {
            notes: Some("x".repeat(MAX_NOTES + 1)),
            ..grace()
        },
        "the limit is",
    );
    check_rejected(
        NewContact {
            name: "Null\u{0}Byte".into(),
            ..grace()
        },
        "control characters",
    );
}
