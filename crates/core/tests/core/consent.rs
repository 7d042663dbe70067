//! Purposes, the consent history, and the use of contacts by purpose.

use std::collections::BTreeMap;

use proptest::prelude::*;
use steward_core::consent::{
    LawfulBasis, LeftOut, Method, NewConsent, PurposePatch, Recorded, Status,
};
use steward_core::interchange::ExportFormat;
use steward_core::records::contacts::{ContactQuery, NewContact};
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

fn person(s: &mut Session, name: &str) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        ..NewContact::default()
    })
    .unwrap()
}

fn given(method: Method) -> NewConsent {
    NewConsent {
        state: Recorded::Given,
        method,
        form_id: None,
        evidence: Some("signed form, binder 7".into()),
        evidence_file: None,
        expires: None,
    }
}

fn refused() -> NewConsent {
    NewConsent {
        state: Recorded::Refused,
        ..given(Method::Verbal)
    }
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
fn the_default_purposes_name_their_basis_and_retention() {
    let mut v = new_vault();
    let purposes = v.session().list_purposes().unwrap();
    let keys: Vec<&str> = purposes.iter().map(|p| p.key.as_str()).collect();
    for key in [
        "marketing-email",
        "newsletter",
        "phone-marketing",
        "profiling",
        "partner-sharing",
        "service-delivery",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    let service = purposes
        .iter()
        .find(|p| p.key == "service-delivery")
        .unwrap();
    assert_eq!(service.lawful_basis, LawfulBasis::Contract);
    assert!(!service.consent_required);
    assert!(purposes.iter().all(|p| p.retention_days > 0));
}

#[test]
fn consent_is_given_withdrawn_in_one_step_and_its_history_kept() {
    let mut v = new_vault();
    let s = v.session();
    let id = person(s, "Ada");
    assert_eq!(status(s, id, "newsletter"), Status::None);
    let err = s.withdraw_consent(id, "newsletter").unwrap_err();
    assert!(err.to_string().contains("no given consent"), "{err}");
    s.record_consent(id, "newsletter", &given(Method::PaperForm))
        .unwrap();
    assert_eq!(status(s, id, "newsletter"), Status::Given);
    s.withdraw_consent(id, "newsletter").unwrap();
    assert_eq!(status(s, id, "newsletter"), Status::Withdrawn);
    assert!(s.withdraw_consent(id, "newsletter").is_err());
    s.record_consent(id, "newsletter", &refused()).unwrap();
    let history = s.consent_history(id).unwrap();
    let states: Vec<Recorded> = history.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [Recorded::Refused, Recorded::Withdrawn, Recorded::Given],
        "newest first, nothing lost"
    );
    assert_eq!(history[2].method, "paper-form");
    assert_eq!(history[2].captured_by_name, OWNER);
    assert_eq!(
        history[2].evidence.as_deref(),
        Some("signed form, binder 7")
    );

    // Bad input is refused with one clear error.
    let past = NewConsent {
        expires: Some("2001-01-01".into()),
        ..given(Method::Email)
    };
    assert!(s.record_consent(id, "newsletter", &past).is_err());
    assert!(matches!(
        s.record_consent(id, "no-such-purpose", &given(Method::Email)),
        Err(Error::NotFound { .. })
    ));
    let huge = NewConsent {
        evidence_file: Some(("scan.pdf".into(), vec![0u8; 11 * 1024 * 1024])),
        ..given(Method::PaperForm)
    };
    assert!(matches!(
        s.record_consent(id, "newsletter", &huge),
        Err(Error::InvalidInput(_))
    ));
    let audit = all_audit_text(&v);
    assert!(audit.contains("consent.withdraw"));
    assert!(!audit.contains("binder 7"), "evidence stays out of the log");
}

#[test]
fn an_expired_consent_no_longer_counts() {
    let mut v = new_vault();
    let id = person(v.session(), "Ada");
    v.session()
        .record_consent(id, "marketing-email", &given(Method::WebForm))
        .unwrap();
    raw(&v)
        .execute_batch(
            "DROP TRIGGER consents_no_update;
             UPDATE consents SET expires_at = '2020-01-01';",
        )
        .unwrap();
    let s = v.session();
    assert_eq!(status(s, id, "marketing-email"), Status::Expired);
    let sel = s
        .contacts_for_purpose("marketing-email", &ContactQuery::default())
        .unwrap();
    assert!(sel.included.is_empty());
    assert_eq!(sel.left_out[&LeftOut::Expired], 1);
}

#[test]
fn exports_by_purpose_include_only_people_with_a_basis_and_say_why_others_are_out() {
    let mut v = new_vault();
    let s = v.session();
    let yes = person(s, "Yes Person");
    let no = person(s, "Never Asked");
    let gone = person(s, "Withdrew Later");
    s.record_consent(yes, "newsletter", &given(Method::WebForm))
        .unwrap();
    s.record_consent(gone, "newsletter", &given(Method::WebForm))
        .unwrap();
    s.withdraw_consent(gone, "newsletter").unwrap();
    let mut out = Vec::new();
    let sel = s
        .export_for_purpose(
            ExportFormat::Csv,
            "newsletter",
            &ContactQuery::default(),
            &mut out,
        )
        .unwrap();
    assert_eq!(sel.included, [yes]);
    assert_eq!(sel.left_out[&LeftOut::NoConsent], 1);
    assert_eq!(sel.left_out[&LeftOut::Withdrawn], 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Yes Person"));
    assert!(!text.contains("Never Asked") && !text.contains("Withdrew Later"));
    // A contract basis needs no consent.
    let sel = s
        .contacts_for_purpose("service-delivery", &ContactQuery::default())
        .unwrap();
    assert_eq!(sel.included.len(), 3);
    assert!(sel.included.contains(&no) && sel.included.contains(&gone));
    assert!(all_audit_text(&v).contains("consent.use"));
}

#[test]
fn purposes_are_edited_by_owners_and_admins_only_and_checked() {
    let mut v = new_vault();
    let mut manager = user_session(&mut v, "mia", Role::Manager);
    let s = v.session();
    let p = s
        .update_purpose(
            "newsletter",
            &PurposePatch {
                retention_days: Some(400),
                ..PurposePatch::default()
            },
        )
        .unwrap();
    assert_eq!(p.retention_days, 400);
    assert!(
        s.update_purpose(
            "newsletter",
            &PurposePatch {
                consent_required: Some(false),
                ..PurposePatch::default()
            },
        )
        .is_err()
    );
    assert!(
        s.update_purpose(
            "newsletter",
            &PurposePatch {
                retention_days: Some(0),
                ..PurposePatch::default()
            },
        )
        .is_err()
    );
    assert!(matches!(
        manager.update_purpose("newsletter", &PurposePatch::default()),
        Err(Error::PermissionDenied { .. })
    ));
    let audit = all_audit_text(&v);
    assert!(audit.contains("purpose.update"), "{audit}");
}

/// What one generated contact has: consent events for the purpose
/// (given/refused/withdraw attempts) and the rights flags.
#[derive(Debug, Clone)]
struct Person {
    events: Vec<u8>,
    restricted: bool,
    objected: bool,
}

fn people() -> impl Strategy<Value = Vec<Person>> {
    proptest::collection::vec(
        (
            proptest::collection::vec(0u8..3, 0..4),
            proptest::bool::weighted(0.15),
            proptest::bool::weighted(0.2),
        )
            .prop_map(|(events, restricted, objected)| Person {
                events,
                restricted,
                objected,
            }),
        1..10,
    )
}

/// The reference: replay the events (a withdrawal counts only after a
/// given), then apply restriction, objection (marketing) and consent.
fn expected(p: &Person, marketing: bool, consent_required: bool) -> Result<(), LeftOut> {
    let mut last: Option<u8> = None;
    for &e in &p.events {
        if e != 2 || last == Some(0) {
            last = Some(e);
        }
    }
    if p.restricted {
        return Err(LeftOut::Restricted);
    }
    if p.objected && marketing {
        return Err(LeftOut::Objected);
    }
    if !consent_required {
        return Ok(());
    }
    match last {
        Some(0) => Ok(()),
        Some(2) => Err(LeftOut::Withdrawn),
        _ => Err(LeftOut::NoConsent),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn purpose_filtering_matches_a_reference_model(generated in people()) {
        let mut v = new_vault();
        let mut ids = Vec::new();
        for (i, p) in generated.iter().enumerate() {
            let s = v.session();
            let id = person(s, &format!("P{i:02}"));
            for &e in &p.events {
                let _ = match e {
                    0 => s.record_consent(id, "marketing-email", &given(Method::Email)).map(drop),
                    1 => s.record_consent(id, "marketing-email", &refused()).map(drop),
                    _ => s.withdraw_consent(id, "marketing-email").map(drop),
                };
            }
            ids.push(id);
        }
        {
            let conn = raw(&v);
            for (p, id) in generated.iter().zip(&ids) {
                if p.restricted {
                    conn.execute("UPDATE contacts SET restricted_at = '2026-01-01T00:00:00Z' WHERE id = ?1", [id]).unwrap();
                }
                if p.objected {
                    conn.execute("UPDATE contacts SET objected_at = '2026-01-01T00:00:00Z' WHERE id = ?1", [id]).unwrap();
                }
            }
        }
        for (purpose, marketing, consent) in [("marketing-email", true, true), ("service-delivery", false, false)] {
            let sel = v.session().contacts_for_purpose(purpose, &ContactQuery::default()).unwrap();
            let mut want_in = Vec::new();
            let mut want_out: BTreeMap<LeftOut, usize> = LeftOut::ALL.into_iter().map(|r| (r, 0)).collect();
            for (p, id) in generated.iter().zip(&ids) {
                match expected(p, marketing, consent) {
                    Ok(()) => want_in.push(*id),
                    Err(r) => *want_out.get_mut(&r).unwrap() += 1,
                }
            }
            prop_assert_eq!(&sel.included, &want_in, "{}", purpose);
            prop_assert_eq!(&sel.left_out, &want_out, "{}", purpose);
        }
    }
}

#[test]
fn a_form_version_ticks_its_purposes_and_never_changes_once_used() {
    let mut v = new_vault();
    let s = v.session();
    let id = person(s, "Ada");
    let purposes = vec!["newsletter".to_owned(), "marketing-email".to_owned()];
    let v1 = s
        .save_consent_form("Shop counter", "I agree to receive …", &purposes)
        .unwrap();
    assert_eq!(v1.version, 1);
    // Not used yet: a change stays version 1.
    let v1 = s
        .save_consent_form("Shop counter", "I agree to receive news …", &purposes)
        .unwrap();
    assert_eq!(
        (v1.version, v1.body.as_str()),
        (1, "I agree to receive news …")
    );
    s.record_consent_from_form(
        id,
        v1.id,
        Method::PaperForm,
        Some("binder 2".into()),
        None,
        None,
    )
    .unwrap();
    assert_eq!(status(s, id, "newsletter"), Status::Given);
    assert_eq!(status(s, id, "marketing-email"), Status::Given);
    assert_eq!(status(s, id, "phone-marketing"), Status::None);
    // Used: a change becomes version 2 and version 1 stays as signed.
    let v2 = s
        .save_consent_form("Shop counter", "New wording", &purposes[..1])
        .unwrap();
    assert_eq!(v2.version, 2);
    let old = s.get_consent_form(v1.id).unwrap();
    assert_eq!(old.body, "I agree to receive news …");
    assert!(old.first_used_at.is_some());
    assert_eq!(s.list_consent_forms().unwrap().len(), 2);
    let history = s.consent_history(id).unwrap();
    assert!(history.iter().all(|e| e.form_id == Some(v1.id)));
    // A form cannot ask for a purpose that does not rest on consent.
    assert!(
        s.save_consent_form("Bad", "text", &["service-delivery".to_owned()])
            .is_err()
    );
}
