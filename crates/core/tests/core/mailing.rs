//! Use by purpose for every scope, mailing lists, and the coverage counts:
//! nobody who withdrew, refused, objected, was restricted or erased is ever
//! handed out, and every left-out person is counted by the right reason.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use steward_core::audit::AuditFilter;
use steward_core::consent::{ContactScope, LeftOut, Method, NewConsent, Recorded};
use steward_core::interchange::ExportFormat;
use steward_core::records::contacts::{ContactQuery, NewContact};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::*;

fn person(s: &mut Session, name: &str, email: Option<&str>, tags: &[&str]) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        emails: email.map(str::to_owned).into_iter().collect(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewContact::default()
    })
    .unwrap()
}

fn consent(state: Recorded) -> NewConsent {
    NewConsent {
        state,
        method: Method::Email,
        form_id: None,
        evidence: Some("mail of 3 May".into()),
        evidence_file: None,
        expires: (state == Recorded::Given).then(|| "2099-12-31".into()),
    }
}

fn give(s: &mut Session, id: i64, purpose: &str) {
    s.record_consent(id, purpose, &consent(Recorded::Given))
        .unwrap();
}

fn withdraw(s: &mut Session, id: i64, purpose: &str) {
    s.withdraw_consent(id, purpose, Method::Email, None)
        .unwrap();
}

fn uses(s: &Session) -> usize {
    s.audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "consent.use")
        .count()
}

fn tagged(tag: &str) -> ContactScope {
    ContactScope::Query(ContactQuery {
        tag: Some(tag.into()),
        ..ContactQuery::default()
    })
}

#[test]
fn a_mailing_list_leaves_out_the_withdrawn_and_those_without_an_email() {
    let mut v = new_vault();
    let s = v.session();
    let ada = person(s, "Ada", Some("ada@example.org"), &["fair"]);
    let bo = person(s, "Bo", Some("bo@example.org"), &["fair"]);
    let cy = person(s, "=Cy", Some("cy@example.org"), &["fair"]);
    let dee = person(s, "Dee", None, &["fair"]);
    let eve = person(s, "Eve", Some("eve@example.org"), &[]);
    for id in [ada, bo, cy, dee, eve] {
        give(s, id, "newsletter");
    }
    withdraw(s, bo, "newsletter");
    let before = uses(s);
    let counts = s
        .mailing_list_counts("newsletter", &tagged("fair"))
        .unwrap();
    assert_eq!(counts.included, 2);
    assert_eq!(counts.left_out[&LeftOut::Withdrawn], 1);
    assert_eq!(counts.left_out[&LeftOut::NoEmail], 1);
    assert_eq!(uses(s), before, "a preview of counts is not a use");

    let mut out = Vec::new();
    let list = s
        .write_mailing_list("newsletter", &tagged("fair"), &mut out)
        .unwrap();
    let names: Vec<&str> = list.recipients.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["=Cy", "Ada"], "in the scope's order (by name)");
    assert_eq!(list.left_out_total(), 2);
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(
        csv, "Name,Email\n'=Cy,cy@example.org\nAda,ada@example.org\n",
        "formulas are neutralised"
    );
    assert!(!csv.contains("bo@example.org"));

    let entries = s.audit_entries(&AuditFilter::default()).unwrap();
    let used = entries.iter().find(|e| e.action == "consent.use").unwrap();
    let details = used.details.to_string();
    assert!(details.contains("\"use\":\"mailing-list\""), "{details}");
    assert!(details.contains("\"withdrawn\":1") && details.contains("\"no-email\":1"));
    let exported = entries
        .iter()
        .find(|e| e.action == "contact.export")
        .unwrap();
    let details = exported.details.to_string();
    assert!(details.contains("\"format\":\"mailing-list\""), "{details}");
    assert!(details.contains("\"purpose\":\"newsletter\""), "{details}");
    let all = all_audit_text(&v);
    for secret in ["ada@example.org", "cy@example.org", "=Cy", "Dee"] {
        assert!(!all.contains(secret), "{secret} leaked into the audit log");
    }
}

#[test]
fn a_mailing_list_is_an_export_for_the_policy_and_the_roles() {
    let mut v = new_vault();
    let agent = user_session(&mut v, "bob", Role::Agent);
    let s = v.session();
    s.set_policy("export_soft_limit", "1").unwrap();
    for i in 0..3 {
        let id = person(s, &format!("P{i}"), Some(&format!("p{i}@example.org")), &[]);
        give(s, id, "newsletter");
    }
    assert!(matches!(
        s.mailing_list("newsletter", &ContactScope::default()),
        Err(Error::ReauthRequired { contacts: 3, .. })
    ));
    s.reauthenticate(&Password::new(PASSWORD)).unwrap();
    assert_eq!(
        s.mailing_list("newsletter", &ContactScope::default())
            .unwrap()
            .recipients
            .len(),
        3
    );
    assert!(matches!(
        agent.mailing_list("newsletter", &ContactScope::default()),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.mailing_list_counts("newsletter", &ContactScope::default()),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        s.mailing_list("carrier-pigeons", &ContactScope::default()),
        Err(Error::NotFound { .. })
    ));
    agent.lock().unwrap();
}

#[test]
fn hand_picked_ids_are_filtered_by_purpose_and_erased_ids_are_counted_as_erased() {
    let mut v = new_vault();
    let s = v.session();
    let ada = person(s, "Ada", Some("ada@example.org"), &[]);
    let bo = person(s, "Bo", Some("bo@example.org"), &[]);
    let gone = person(s, "Gone Person", Some("gone@example.org"), &[]);
    let binned = person(s, "Binned", Some("binned@example.org"), &[]);
    let _last = person(s, "Keeps the ids apart", None, &[]);
    for id in [ada, bo, gone, binned] {
        give(s, id, "newsletter");
    }
    withdraw(s, bo, "newsletter");
    s.erase_contact(gone, true).unwrap();
    s.delete_contact(binned).unwrap();
    let scope = ContactScope::Ids(vec![ada, bo, gone, binned, 999_999, ada]);
    let mut out = Vec::new();
    let sel = s
        .export_scope_for_purpose(ExportFormat::Csv, "newsletter", &scope, &mut out)
        .unwrap();
    assert_eq!(sel.included, vec![ada], "a repeated id counts once");
    assert_eq!(sel.left_out[&LeftOut::Withdrawn], 1);
    assert_eq!(sel.left_out[&LeftOut::Erased], 1);
    assert_eq!(
        sel.left_out[&LeftOut::NotFound],
        2,
        "the binned and unknown ids"
    );
    let csv = String::from_utf8(out).unwrap();
    assert!(csv.contains("ada@example.org") && !csv.contains("bo@example.org"));
    let list = s.mailing_list("newsletter", &scope).unwrap();
    assert_eq!(list.recipients.len(), 1);
    assert_eq!(list.left_out[&LeftOut::Erased], 1);
}

#[test]
fn a_full_copy_is_recorded_as_an_export_without_a_purpose() {
    let mut v = new_vault();
    let s = v.session();
    person(s, "Ada", Some("ada@example.org"), &[]);
    s.export_contacts(ExportFormat::Csv, None, &mut Vec::new())
        .unwrap();
    let entries = s.audit_entries(&AuditFilter::default()).unwrap();
    let export = entries
        .iter()
        .find(|e| e.action == "contact.export")
        .unwrap();
    let details = export.details.to_string();
    assert!(details.contains("\"purpose\":null"), "{details}");
    assert!(details.contains("\"purpose_checked\":false"), "{details}");
}

#[test]
fn showing_the_coverage_records_no_use() {
    let mut v = new_vault();
    let s = v.session();
    let ada = person(s, "Ada", Some("ada@example.org"), &[]);
    let bo = person(s, "Bo", Some("bo@example.org"), &[]);
    give(s, ada, "newsletter");
    give(s, bo, "newsletter");
    withdraw(s, bo, "newsletter");
    let before = s.audit_entries(&AuditFilter::default()).unwrap().len();
    let coverage = s.purpose_coverage().unwrap();
    assert_eq!(
        s.audit_entries(&AuditFilter::default()).unwrap().len(),
        before,
        "counting writes nothing to the audit log"
    );
    let newsletter = coverage.iter().find(|c| c.purpose == "newsletter").unwrap();
    assert_eq!(newsletter.included, 1);
    assert_eq!(newsletter.left_out[&LeftOut::Withdrawn], 1);
    let service = coverage
        .iter()
        .find(|c| c.purpose == "service-delivery")
        .unwrap();
    assert_eq!(service.included, 2);
    assert_eq!(
        coverage.len(),
        s.list_purposes().unwrap().len(),
        "one row per purpose"
    );
}

/// One generated person: their consent events for `marketing-email`
/// (0 given, 1 refused, 2 withdraw), whether a given consent has expired,
/// whether processing is restricted, whether they objected, and whether
/// they have an e-mail address.
#[derive(Debug, Clone)]
struct Person {
    events: Vec<u8>,
    expired: bool,
    restricted: bool,
    objected: bool,
    email: bool,
}

fn people() -> impl Strategy<Value = Vec<Person>> {
    proptest::collection::vec(
        (
            proptest::collection::vec(0u8..3, 0..4),
            proptest::bool::weighted(0.25),
            proptest::bool::weighted(0.15),
            proptest::bool::weighted(0.2),
            proptest::bool::weighted(0.8),
        )
            .prop_map(|(events, expired, restricted, objected, email)| Person {
                events,
                expired,
                restricted,
                objected,
                email,
            }),
        0..7,
    )
}

/// The reference, written out longhand: replay the events (a withdrawal
/// counts only after a given), then restriction, objection (marketing),
/// consent and its expiry, then the e-mail address.
fn model(p: &Person, marketing: bool, consent_required: bool) -> Result<(), LeftOut> {
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
    if consent_required {
        match last {
            Some(0) if p.expired => return Err(LeftOut::Expired),
            Some(0) => {}
            Some(2) => return Err(LeftOut::Withdrawn),
            _ => return Err(LeftOut::NoConsent),
        }
    }
    if !p.email {
        return Err(LeftOut::NoEmail);
    }
    Ok(())
}

/// Random consent histories, expiries, restrictions, objections and
/// missing e-mail addresses, each case in its own tag of one vault: the
/// mailing list's recipients and counts match the model. `PROPTEST_CASES`
/// sets the number of cases.
#[test]
fn mailing_lists_match_a_reference_model() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    // The runner takes an `Fn`: the vault and the case number are shared.
    let v = std::cell::RefCell::new(new_vault());
    let conn = raw(&v.borrow());
    // An expiry in the past cannot be recorded; it is set afterwards.
    conn.execute_batch("DROP TRIGGER consents_no_update;")
        .unwrap();
    let case = std::cell::Cell::new(0u32);
    let mut runner = TestRunner::new(Config::with_cases(cases));
    runner
        .run(&people(), |generated| {
            case.set(case.get() + 1);
            let case = case.get();
            let tag = format!("case-{case}");
            let mut vault = v.borrow_mut();
            let s = vault.session();
            let mut ids = Vec::new();
            for (i, p) in generated.iter().enumerate() {
                let email = format!("p{i}.{case}@example.org");
                let id = person(
                    s,
                    &format!("P{i:02}"),
                    p.email.then_some(email.as_str()),
                    &[&tag],
                );
                for &e in &p.events {
                    let _ = match e {
                        0 => s.record_consent(id, "marketing-email", &consent(Recorded::Given)),
                        1 => s.record_consent(id, "marketing-email", &consent(Recorded::Refused)),
                        _ => s.withdraw_consent(id, "marketing-email", Method::Email, None),
                    };
                }
                if p.expired {
                    conn.execute(
                        "UPDATE consents SET expires_at = '2001-01-01' WHERE contact_id = ?1",
                        [id],
                    )
                    .unwrap();
                }
                if p.restricted {
                    s.restrict_contact(id).unwrap();
                }
                if p.objected {
                    s.object_contact(id).unwrap();
                }
                ids.push(id);
            }
            for (purpose, marketing, consent_required) in [
                ("marketing-email", true, true),
                ("service-delivery", false, false),
            ] {
                let list = s.mailing_list(purpose, &tagged(&tag)).unwrap();
                let mut want_in = Vec::new();
                let mut want_out: BTreeMap<LeftOut, usize> =
                    LeftOut::ALL.into_iter().map(|r| (r, 0)).collect();
                for (p, id) in generated.iter().zip(&ids) {
                    match model(p, marketing, consent_required) {
                        Ok(()) => want_in.push(*id),
                        Err(r) => *want_out.get_mut(&r).unwrap() += 1,
                    }
                }
                let got: Vec<i64> = list.recipients.iter().map(|r| r.contact_id).collect();
                prop_assert_eq!(&got, &want_in, "{}", purpose);
                prop_assert_eq!(&list.left_out, &want_out, "{}", purpose);
                let counts = s.mailing_list_counts(purpose, &tagged(&tag)).unwrap();
                prop_assert_eq!(counts.included, want_in.len());
                prop_assert_eq!(&counts.left_out, &want_out);
            }
            Ok(())
        })
        .unwrap();
}
