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
    let err = s
        .withdraw_consent(id, "newsletter", Method::Verbal, None)
        .unwrap_err();
    assert!(err.to_string().contains("no given consent"), "{err}");
    s.record_consent(id, "newsletter", &given(Method::PaperForm))
        .unwrap();
    assert_eq!(status(s, id, "newsletter"), Status::Given);
    s.withdraw_consent(
        id,
        "newsletter",
        Method::Email,
        Some(" e-mail of 3 March: please stop "),
    )
    .unwrap();
    assert_eq!(status(s, id, "newsletter"), Status::Withdrawn);
    assert!(
        s.withdraw_consent(id, "newsletter", Method::Verbal, None)
            .is_err()
    );
    s.record_consent(id, "newsletter", &refused()).unwrap();
    let history = s.consent_history(id).unwrap();
    let states: Vec<Recorded> = history.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [Recorded::Refused, Recorded::Withdrawn, Recorded::Given],
        "newest first, nothing lost"
    );
    assert_eq!(history[2].method, "paper-form");
    assert_eq!(
        history[1].method, "email",
        "the withdrawal says how it came"
    );
    assert_eq!(
        history[1].evidence.as_deref(),
        Some("e-mail of 3 March: please stop")
    );
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
    assert!(audit.contains(r#""method":"email","purpose":"newsletter","state":"withdrawn""#));
    assert!(!audit.contains("binder 7"), "evidence stays out of the log");
    assert!(!audit.contains("please stop"), "so does a withdrawal's");
}

#[test]
fn a_withdrawal_cannot_come_by_import_or_carry_overlong_evidence() {
    let mut v = new_vault();
    let s = v.session();
    let id = person(s, "Ada");
    s.record_consent(id, "newsletter", &given(Method::WebForm))
        .unwrap();
    assert!(matches!(
        s.withdraw_consent(id, "newsletter", Method::Import, None),
        Err(Error::InvalidInput(_))
    ));
    let long = "x".repeat(4001);
    assert!(matches!(
        s.withdraw_consent(id, "newsletter", Method::Email, Some(&long)),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(
        status(s, id, "newsletter"),
        Status::Given,
        "nothing written"
    );
    s.withdraw_consent(id, "newsletter", Method::PaperForm, Some("  "))
        .unwrap();
    let latest = &s.consent_history(id).unwrap()[0];
    assert_eq!(
        (latest.method.as_str(), latest.evidence.as_deref()),
        ("paper-form", None)
    );
}

#[test]
fn an_evidence_file_is_read_back_by_who_may_see_the_history_and_the_read_is_recorded() {
    let mut v = new_vault();
    let agent = user_session(&mut v, "bob", Role::Agent);
    let s = v.session();
    let id = person(s, "Ada");
    let scan: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let with_file = s
        .record_consent(
            id,
            "newsletter",
            &NewConsent {
                evidence_file: Some(("signed form.pdf".into(), scan.clone())),
                ..given(Method::PaperForm)
            },
        )
        .unwrap();
    let without = s
        .record_consent(id, "marketing-email", &given(Method::Email))
        .unwrap();
    assert_eq!(
        agent.consent_evidence_file(with_file).unwrap(),
        Some(("signed form.pdf".to_owned(), scan))
    );
    assert_eq!(s.consent_evidence_file(without).unwrap(), None);
    assert!(matches!(
        s.consent_evidence_file(9999),
        Err(Error::NotFound { .. })
    ));
    let audit = all_audit_text(&v);
    assert_eq!(audit.matches("consent.evidence").count(), 1, "{audit}");
    assert!(audit.contains(&format!(r#"{{"bytes":70000,"consent":{with_file}}}"#)));
    // Restricted: hidden from roles that do not handle requests.
    v.session().restrict_contact(id).unwrap();
    assert!(matches!(
        agent.consent_evidence_file(with_file),
        Err(Error::NotFound { .. })
    ));
    assert!(
        v.session()
            .consent_evidence_file(with_file)
            .unwrap()
            .is_some()
    );
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
    s.withdraw_consent(gone, "newsletter", Method::Verbal, None)
        .unwrap();
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

/// What one generated contact has: consent events for the purpose and the
/// rights flags. Events: 0 given, 1 refused, 2 a withdrawal attempt, 3 given
/// with an expiry that has passed by the time the purpose is used, 4 given
/// with an expiry still to come.
#[derive(Debug, Clone)]
struct Person {
    events: Vec<u8>,
    restricted: bool,
    objected: bool,
}

fn people() -> impl Strategy<Value = Vec<Person>> {
    proptest::collection::vec(
        (
            proptest::collection::vec(0u8..5, 0..5),
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
/// given, expiring or not: the expiry passes after every event was
/// recorded), then apply restriction, objection (marketing) and consent.
fn expected(p: &Person, marketing: bool, consent_required: bool) -> Result<(), LeftOut> {
    let mut last: Option<u8> = None;
    for &e in &p.events {
        if e != 2 || matches!(last, Some(0 | 3 | 4)) {
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
        Some(0 | 4) => Ok(()),
        Some(2) => Err(LeftOut::Withdrawn),
        Some(3) => Err(LeftOut::Expired),
        _ => Err(LeftOut::NoConsent),
    }
}

/// The reasons with a count above zero.
fn counted(map: &BTreeMap<LeftOut, usize>) -> BTreeMap<LeftOut, usize> {
    map.iter()
        .filter(|(_, n)| **n > 0)
        .map(|(r, n)| (*r, *n))
        .collect()
}

/// One vault for every case (creating one per case costs a key
/// derivation): each case starts from no contacts and no consents. An
/// expiry is made to pass by ageing the recorded date in the database, as
/// the clock override is process-wide and tests run side by side.
#[test]
fn purpose_filtering_matches_a_reference_model() {
    use proptest::test_runner::{Config, TestRunner};

    let v = std::cell::RefCell::new(new_vault());
    let conn = raw(&v.borrow());
    conn.execute_batch("DROP TRIGGER consents_no_update;")
        .unwrap();
    let later = (chrono::Utc::now() + chrono::Duration::days(400))
        .format("%Y-%m-%d")
        .to_string();
    let expired_seen = std::cell::Cell::new(0usize);
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&people(), |generated| {
        conn.execute_batch("DELETE FROM consents; DELETE FROM contacts;")
            .unwrap();
        let mut v = v.borrow_mut();
        let mut ids = Vec::new();
        let mut to_expire = Vec::new();
        for (i, p) in generated.iter().enumerate() {
            let s = v.session();
            let id = person(s, &format!("P{i:02}"));
            for &e in &p.events {
                let expiring = NewConsent {
                    expires: Some(later.clone()),
                    ..given(Method::Email)
                };
                // Giving and refusing always succeed; a withdrawal only of
                // a given consent.
                let new = match e {
                    0 => given(Method::Email),
                    1 => refused(),
                    2 => {
                        drop(s.withdraw_consent(id, "marketing-email", Method::Email, None));
                        continue;
                    }
                    _ => expiring,
                };
                let consent = s.record_consent(id, "marketing-email", &new).unwrap();
                if e == 3 {
                    to_expire.push(consent);
                }
            }
            ids.push(id);
        }
        for consent in &to_expire {
            conn.execute(
                "UPDATE consents SET expires_at = '2020-01-01' WHERE id = ?1",
                [consent],
            )
            .unwrap();
        }
        for (p, id) in generated.iter().zip(&ids) {
            if p.restricted {
                conn.execute(
                    "UPDATE contacts SET restricted_at = '2026-01-01T00:00:00Z' WHERE id = ?1",
                    [id],
                )
                .unwrap();
            }
            if p.objected {
                conn.execute(
                    "UPDATE contacts SET objected_at = '2026-01-01T00:00:00Z' WHERE id = ?1",
                    [id],
                )
                .unwrap();
            }
        }
        for (purpose, marketing, consent) in [
            ("marketing-email", true, true),
            ("service-delivery", false, false),
        ] {
            let sel = v
                .session()
                .contacts_for_purpose(purpose, &ContactQuery::default())
                .unwrap();
            let mut want_in = Vec::new();
            let mut want_out: BTreeMap<LeftOut, usize> = BTreeMap::new();
            for (p, id) in generated.iter().zip(&ids) {
                match expected(p, marketing, consent) {
                    Ok(()) => want_in.push(*id),
                    Err(r) => *want_out.entry(r).or_default() += 1,
                }
            }
            expired_seen.set(expired_seen.get() + want_out.get(&LeftOut::Expired).unwrap_or(&0));
            prop_assert_eq!(&sel.included, &want_in, "{}", purpose);
            prop_assert_eq!(counted(&sel.left_out), want_out, "{}", purpose);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(expired_seen.get() > 0, "some cases had an expired consent");
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
