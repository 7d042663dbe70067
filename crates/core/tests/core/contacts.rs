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
    let first = v.session().list_contacts(None, 2).unwrap();
    assert_eq!(v.session().count_contacts(&Default::default()).unwrap(), 4);
    let names: Vec<_> = first.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alice", "bob"]);
    let second = v.session().list_contacts(first.next.as_deref(), 2).unwrap();
    let names: Vec<_> = second.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["carol", "Dave"]);
    assert_eq!(
        second.next, None,
        "exactly two pages: the second is the last"
    );
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
    assert_eq!(v.session().count_contacts(&Default::default()).unwrap(), 0);
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
        v.session().count_contacts(&Default::default()).unwrap(),
        0,
        "nothing half-written"
    );
}

/// Adds a contact with `bad` and asserts the refusal names `field` and does
/// not contain the value `secret`.
fn refused_without_the_value(v: &mut TestVault, bad: NewContact, field: &str, secret: &str) {
    let err = v.session().add_contact(&bad).unwrap_err().to_string();
    assert!(err.contains(field), "{err} should name {field:?}");
    assert!(!err.contains(secret), "{err} echoes {secret:?}");
}

#[test]
fn validation_errors_name_the_field_and_never_echo_the_value() {
    use steward_core::records::contacts::SensitiveValues;
    use steward_core::records::custom_fields::CustomFieldKind;
    let mut v = new_vault();
    for (key, label, kind) in [
        ("member-no", "Member number", CustomFieldKind::Number),
        ("printed", "Printed", CustomFieldKind::Boolean),
        ("joined", "Joined", CustomFieldKind::Date),
    ] {
        v.session().add_custom_field(key, label, kind).unwrap();
    }
    refused_without_the_value(
        &mut v,
        NewContact {
            emails: vec!["ok@example.com".into(), "jane.private.name".into()],
            ..grace()
        },
        "e-mail address 2",
        "jane.private.name",
    );
    refused_without_the_value(
        &mut v,
        NewContact {
            phones: vec!["ring jane at home".into()],
            ..grace()
        },
        "phone number 1",
        "jane at home",
    );
    refused_without_the_value(
        &mut v,
        NewContact {
            sensitive: SensitiveValues {
                date_of_birth: Some("1990-31-12".into()),
                ..SensitiveValues::default()
            },
            ..grace()
        },
        "date of birth",
        "1990-31-12",
    );
    for (key, label, value) in [
        ("member-no", "Member number", "jane-4471"),
        ("printed", "Printed", "maybe jane"),
        ("joined", "Joined", "1990-31-12"),
    ] {
        let mut bad = grace();
        bad.custom.insert(key.into(), value.into());
        refused_without_the_value(&mut v, bad, label, value);
    }
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    check_rejected(NewContact::default(), "needs a name");
    check_rejected(
        NewContact {
            emails: vec!["not-an-address".into()],
            ..grace()
        },
        "e-mail address 1 is not valid",
    );
    check_rejected(
        NewContact {
            phones: vec!["call me".into()],
            ..grace()
        },
        "phone number 1 is not valid",
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

#[test]
fn a_date_of_birth_may_leave_out_the_year() {
    use steward_core::records::contacts::{SensitiveField, SensitiveValues};
    let mut v = new_vault();
    let with = |dob: &str| NewContact {
        name: "Ana Pop".into(),
        sensitive: SensitiveValues {
            date_of_birth: Some(dob.into()),
            ..SensitiveValues::default()
        },
        ..NewContact::default()
    };
    let id = v.session().add_contact(&with("--02-29")).unwrap();
    assert_eq!(
        v.session()
            .reveal_sensitive(id, SensitiveField::DateOfBirth, "checking the form")
            .unwrap()
            .as_deref(),
        Some("--02-29")
    );
    for bad in ["--02-30", "--13-01", "--2-9", "--0229", "1604-03-14"] {
        let err = v.session().add_contact(&with(bad)).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err}");
        assert!(err.to_string().contains("date of birth"), "{bad}: {err}");
    }
}

#[test]
fn a_yes_or_no_field_reads_the_words_spreadsheets_write_in_english_and_romanian() {
    use steward_core::records::custom_fields::CustomFieldKind;
    let mut v = new_vault();
    v.session()
        .add_custom_field("vip", "VIP", CustomFieldKind::Boolean)
        .unwrap();
    for (written, stored) in [
        ("Da", "true"),
        (" ADEVĂRAT ", "true"),
        ("x", "true"),
        ("Yes", "true"),
        ("nu", "false"),
        ("FALS", "false"),
        ("0", "false"),
    ] {
        let mut c = grace();
        c.custom.insert("vip".into(), written.into());
        let id = v.session().add_contact(&c).unwrap();
        let got = v.session().get_contact(id).unwrap();
        assert_eq!(
            got.custom.get("vip").map(String::as_str),
            Some(stored),
            "{written}"
        );
    }
    let mut c = grace();
    c.custom.insert("vip".into(), "poate".into());
    assert!(v.session().add_contact(&c).is_err(), "neither yes nor no");
}

/// The reason and named values of a refused contact, as a map of strings.
fn refusal(contact: &NewContact) -> (Option<&'static str>, Vec<(&'static str, String)>) {
    let mut v = new_vault();
    let err = v.session().add_contact(contact).unwrap_err();
    let invalid = err.invalid_input().expect("refused as invalid input");
    let params = invalid
        .params()
        .iter()
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    (invalid.reason(), params)
}

#[test]
fn the_common_refusals_carry_a_reason_and_their_values_but_not_the_value_refused() {
    let p = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    };
    assert_eq!(
        refusal(&NewContact::default()),
        (Some("required"), p(&[("field", "name")]))
    );
    assert_eq!(
        refusal(&NewContact {
            name: "Ana\nPop".into(),
            ..NewContact::default()
        }),
        (Some("multiline"), p(&[("field", "name")]))
    );
    assert_eq!(
        refusal(&NewContact {
            company: Some("c".repeat(301)),
            ..grace()
        }),
        (
            Some("too-long"),
            p(&[("field", "company"), ("length", "301"), ("limit", "300")])
        )
    );
    assert_eq!(
        refusal(&NewContact {
            name: "Null\u{0}Byte".into(),
            ..grace()
        }),
        (Some("control-characters"), p(&[("field", "name")]))
    );
    assert_eq!(
        refusal(&NewContact {
            tags: (0..21).map(|n| format!("t{n}")).collect(),
            ..grace()
        }),
        (Some("too-many"), p(&[("field", "tag"), ("limit", "20")]))
    );
    assert_eq!(
        refusal(&NewContact {
            emails: vec!["a@b.c".into(), "nobody".into()],
            ..grace()
        }),
        (Some("email-invalid"), p(&[("position", "2")]))
    );
    // A refusal without a reason still says why, in English.
    let mut v = new_vault();
    let err = v.session().delete_contact(-1).unwrap_err();
    assert!(err.invalid_input().is_none(), "{err}");
}
