//! Phone numbers: kept as written beside their E.164 form, read by the
//! vault's default country; found and matched by that form.

use steward_core::audit::AuditFilter;
use steward_core::interchange::{ImportOptions, OnDuplicate, preview_csv};
use steward_core::phone::{Country, PhoneFlag};
use steward_core::records::contacts::{ContactPatch, NewContact};
use steward_core::vault::CreateOptions;
use steward_core::{Error, Password, Role};

use crate::fixtures::*;

fn romanian_vault() -> TestVault {
    let mut v = new_vault();
    v.session().set_phone_country(Some(Country::RO)).unwrap();
    v
}

fn add(v: &mut TestVault, name: &str, phones: &[&str]) -> i64 {
    v.session()
        .add_contact(&NewContact {
            name: name.into(),
            phones: phones.iter().map(|p| (*p).to_owned()).collect(),
            ..NewContact::default()
        })
        .unwrap()
}

fn found(v: &mut TestVault, q: &str) -> Vec<String> {
    v.session()
        .search(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn import(
    v: &mut TestVault,
    csv: &str,
    on_duplicate: OnDuplicate,
) -> steward_core::interchange::ImportReport {
    let preview = preview_csv(csv.as_bytes()).unwrap();
    v.session()
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                on_duplicate,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap()
}

#[test]
fn a_contact_keeps_the_number_as_written_beside_its_e164_form() {
    let mut v = romanian_vault();
    let id = add(
        &mut v,
        "Ioana Popescu",
        &[
            "0723.456.789",
            "+40-21-555-0110 ext. 12",
            "721123456",
            "555",
        ],
    );
    let c = v.session().get_contact(id).unwrap();
    assert_eq!(
        c.phones,
        [
            "0723.456.789",
            "+40-21-555-0110 ext. 12",
            "721123456",
            "555"
        ]
    );
    let forms: Vec<(Option<&str>, Option<PhoneFlag>)> = c
        .phone_forms
        .iter()
        .map(|f| (f.e164.as_deref(), f.flag))
        .collect();
    assert_eq!(
        forms,
        [
            (Some("+40723456789"), None),
            (Some("+40215550110"), None),
            (Some("+40721123456"), Some(PhoneFlag::MissingTrunkZero)),
            (None, Some(PhoneFlag::Unparseable)),
        ]
    );
    // Typed by hand, a "number" without three digits is still refused.
    let err = v
        .session()
        .update_contact(
            id,
            &ContactPatch {
                phones: Some(vec!["call me".into()]),
                ..ContactPatch::default()
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("phone number 1 is not valid"),
        "{err}"
    );
}

#[test]
fn a_number_is_found_however_it_is_written() {
    let mut v = romanian_vault();
    add(&mut v, "Ioana Popescu", &["+40 723 456 789"]);
    add(&mut v, "Mihai Ionescu", &["0721.123.456"]);
    add(&mut v, "Other Person", &["+49 723 456 789"]);
    for q in [
        "0723.456.789",
        "0723456789",
        "+40723456789",
        "723 456 789",
        "+40 723 456 789",
        "0723 45",
    ] {
        assert!(
            found(&mut v, q).contains(&"Ioana Popescu".to_owned()),
            "{q}: {:?}",
            found(&mut v, q)
        );
    }
    // The exact E.164 match comes first, before the German number that
    // shares the national digits.
    assert_eq!(found(&mut v, "0723.456.789")[0], "Ioana Popescu");
    assert_eq!(found(&mut v, "+49 723 456 789")[0], "Other Person");
    // And the other way round: written nationally, found internationally.
    for q in [
        "+40 721 123 456",
        "0040721123456",
        "721123456",
        "0721 123 456",
    ] {
        assert_eq!(found(&mut v, q), ["Mihai Ionescu"], "{q}");
    }
    // Ordinary text still searches as text.
    assert_eq!(found(&mut v, "mihai"), ["Mihai Ionescu"]);
}

#[test]
fn an_import_matches_a_number_written_another_way_and_counts_flagged_phones() {
    let mut v = romanian_vault();
    add(&mut v, "Ioana Popescu", &["+40 723 456 789"]);
    let csv = "Name,Phone\n\
               I. Popescu,0723.456.789\n\
               Andrei Dumitru,0040 744 555 666\n\
               No Number,ask reception\n\
               Dropped Zero,744123456\n\
               German Namesake,+49 723 456 789\n";
    let report = import(&mut v, csv, OnDuplicate::Skip);
    assert_eq!((report.records, report.created, report.skipped), (5, 4, 1));
    assert_eq!(report.phones_flagged, 2, "the text and the dropped zero");
    // Imported again, every record with a number is now a duplicate,
    // whatever its form; the one without has nothing to match.
    let again = import(
        &mut v,
        &csv.replace("0040 744 555 666", "+40 744 555 666"),
        OnDuplicate::Skip,
    );
    assert_eq!((again.created, again.skipped), (1, 4));
    assert_eq!(found(&mut v, "0744 555 666"), ["Andrei Dumitru"]);
}

#[test]
fn changing_the_default_country_reads_every_number_again() {
    let mut v = new_vault();
    assert_eq!(v.session().phone_country().unwrap(), None);
    let id = add(
        &mut v,
        "Ioana Popescu",
        &["0723 456 789", "+44 20 7946 0958"],
    );
    let forms = |v: &mut TestVault| -> Vec<(Option<String>, Option<PhoneFlag>)> {
        v.session()
            .get_contact(id)
            .unwrap()
            .phone_forms
            .into_iter()
            .map(|f| (f.e164, f.flag))
            .collect()
    };
    assert_eq!(
        forms(&mut v),
        [
            (None, Some(PhoneFlag::NoCountry)),
            (Some("+442079460958".into()), None)
        ]
    );
    assert!(found(&mut v, "+40723456789").is_empty());

    assert_eq!(v.session().set_phone_country(Some(Country::RO)).unwrap(), 1);
    assert_eq!(v.session().phone_country().unwrap(), Some(Country::RO));
    assert_eq!(forms(&mut v)[0], (Some("+40723456789".into()), None));
    assert_eq!(found(&mut v, "+40723456789"), ["Ioana Popescu"]);

    // Read as British, the Romanian number is no number; the change is
    // recorded with both countries.
    assert_eq!(
        v.session()
            .set_phone_country(Some("gb".parse().unwrap()))
            .unwrap(),
        1
    );
    assert_eq!(forms(&mut v)[0].0.as_deref(), Some("+44723456789"));
    assert_eq!(forms(&mut v)[0].1, Some(PhoneFlag::Invalid));
    let entries = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("settings.phone_country".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries[0].details.contains(r#""from":"RO""#),
        "{}",
        entries[0].details
    );
    assert!(
        entries[0].details.contains(r#""to":"GB""#),
        "{}",
        entries[0].details
    );

    v.session().set_phone_country(None).unwrap();
    assert_eq!(forms(&mut v)[0], (None, Some(PhoneFlag::NoCountry)));
}

#[test]
fn only_a_role_that_manages_settings_changes_the_default_country() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "agent1", Role::Agent);
    assert_eq!(agent.phone_country().unwrap(), None, "everyone may read it");
    let err = agent.set_phone_country(Some(Country::RO)).unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    assert_eq!(v.session().phone_country().unwrap(), None);
    let mut admin = user_session(&mut v, "admin1", Role::Admin);
    admin.set_phone_country(Some(Country::RO)).unwrap();
    assert_eq!(v.session().phone_country().unwrap(), Some(Country::RO));
}

#[test]
fn a_new_vault_starts_with_the_country_it_is_given() {
    let temp = tempfile::tempdir().unwrap();
    let created = steward_core::unlock::create(
        &temp.path().join("vault"),
        OWNER,
        &Password::new(PASSWORD),
        &CreateOptions {
            phone_country: steward_core::phone::country_from_locale("ro_RO.UTF-8"),
            ..options()
        },
    )
    .unwrap();
    assert_eq!(created.session.phone_country().unwrap(), Some(Country::RO));
}
