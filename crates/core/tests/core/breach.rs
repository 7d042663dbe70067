//! The breach register: incidents, the 72-hour deadline and its alerts, the
//! "who touched what" report against a direct query of the audit log, the
//! drafts in both languages, permissions.

use proptest::prelude::*;
use steward_core::breach::report::{ReportQuery, TouchKind};
use steward_core::breach::{self, BreachFacts, Decision};
use steward_core::consent::controller::ControllerPatch;
use steward_core::locale::Language;
use steward_core::records::contacts::NewContact;
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::*;

fn hours_ago(h: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(h))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn facts(discovered: &str) -> BreachFacts {
    BreachFacts {
        discovered_at: discovered.into(),
        summary: "Laptop Zanzibar-7 stolen from the car".into(),
        data_categories: vec!["emails".into(), "names".into()],
        subject_categories: vec!["customers".into()],
        people_approx: Some(340),
        records_approx: Some(1200),
        consequences: "Phishing aimed at Quokka customers".into(),
        measures_taken: "Passwords of all staff were changed".into(),
        measures_proposed: "Disk encryption on every laptop".into(),
        ..BreachFacts::default()
    }
}

fn alerts_of(s: &Session, rule: &str) -> usize {
    s.list_alerts(false)
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == rule)
        .count()
}

#[test]
fn the_deadline_is_72_hours_from_discovery_and_its_alerts_come_once_each_until_a_decision() {
    let mut v = new_vault();
    let s = v.session();
    let b = s.open_breach(facts(&hours_ago(30)), None).unwrap();
    let discovered = chrono::DateTime::parse_from_rfc3339(&b.facts.discovered_at).unwrap();
    let deadline = chrono::DateTime::parse_from_rfc3339(&b.deadline).unwrap();
    assert_eq!(deadline - discovered, chrono::Duration::hours(72));
    let c = s
        .breach_countdown()
        .unwrap()
        .expect("an undecided incident");
    assert_eq!(c.breach_id, b.id);
    assert_eq!(c.undecided, 1);
    assert!((41 * 60..=42 * 60).contains(&c.minutes_left), "{c:?}");
    // 42 hours left: the 48-hour alert, once (the countdown raised it).
    assert_eq!(alerts_of(s, "breach-deadline"), 1);
    assert_eq!(s.check_breach_deadlines().unwrap(), 0);
    assert_eq!(alerts_of(s, "breach-deadline"), 1);
    // Discovered earlier than first thought: 11 hours left, the 12-hour one.
    let b = s.update_breach(b.id, facts(&hours_ago(61))).unwrap();
    assert_eq!(s.check_breach_deadlines().unwrap(), 1);
    assert_eq!(s.check_breach_deadlines().unwrap(), 0);
    assert_eq!(alerts_of(s, "breach-deadline"), 2);
    let alert = &s.list_alerts(false).unwrap()[0];
    assert_eq!(alert.severity, "critical");
    assert!(
        alert
            .summary
            .starts_with(&format!("incident {}: 10 hours left", b.id))
            || alert
                .summary
                .starts_with(&format!("incident {}: 11 hours left", b.id)),
        "{}",
        alert.summary
    );
    // A decision ends the countdown and the alerts.
    s.decide_breach(
        b.id,
        Decision {
            notify_authority: true,
            authority_reason: String::new(),
            notify_subjects: false,
            subjects_reason: "The data was encrypted".into(),
            notified_at: None,
        },
    )
    .unwrap();
    assert_eq!(s.breach_countdown().unwrap(), None);
    s.update_breach(b.id, facts(&hours_ago(80))).unwrap();
    assert_eq!(s.check_breach_deadlines().unwrap(), 0);
    assert_eq!(alerts_of(s, "breach-deadline"), 2);
}

#[test]
fn the_deadline_alerts_follow_the_clock_given() {
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let due = breach::deadline("2026-12-01T10:00:00Z").unwrap();
    assert_eq!(due, at("2026-12-04T10:00:00Z"));
    assert_eq!(breach::alerts_due(due, at("2026-12-02T09:59:59Z")), 0);
    assert_eq!(breach::alerts_due(due, at("2026-12-02T10:00:00Z")), 1);
    assert_eq!(breach::alerts_due(due, at("2026-12-03T21:59:59Z")), 1);
    assert_eq!(breach::alerts_due(due, at("2026-12-03T22:00:00Z")), 2);
    assert_eq!(breach::alerts_due(due, at("2026-12-09T00:00:00Z")), 2);
}

#[test]
fn a_critical_alert_opens_a_prefilled_incident_and_a_minor_one_does_not() {
    let mut v = new_vault();
    v.session().set_policy("failed_unlocks", "3").unwrap();
    v.lock();
    for _ in 0..3 {
        assert!(unlock(&v.dir, OWNER, "wrong").is_err());
    }
    v.unlock();
    let s = v.session();
    let alerts = s.list_alerts(false).unwrap();
    let failed = alerts.iter().find(|a| a.rule == "failed-unlocks").unwrap();
    let prefilled = s.breach_facts_from_alert(failed.id).unwrap();
    assert_eq!(prefilled.discovered_at, failed.at);
    assert_eq!(
        prefilled.summary,
        format!(
            "Opened from alert {} (failed-unlocks): {}",
            failed.id, failed.summary
        )
    );
    assert_eq!(prefilled.data_categories, ["credentials"]);
    let b = s.open_breach(prefilled, Some(failed.id)).unwrap();
    assert_eq!(b.source_alert_id, Some(failed.id));
    assert_eq!(b.facts.discovered_at, failed.at);
    let policy = alerts.iter().find(|a| a.rule == "policy-change").unwrap();
    assert!(matches!(
        s.breach_facts_from_alert(policy.id),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        s.breach_facts_from_alert(9999),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn only_owners_and_admins_handle_incidents_and_refusals_are_audited() {
    let mut v = new_vault();
    let id = v
        .session()
        .open_breach(facts(&hours_ago(1)), None)
        .unwrap()
        .id;
    let mut agent = user_session(&mut v, "bob", Role::Manager);
    assert!(matches!(
        agent.open_breach(facts(&hours_ago(1)), None),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.breach_report(
            id,
            &ReportQuery {
                from: "2026-01-01".into(),
                to: "2030-01-01".into(),
                ..ReportQuery::default()
            }
        ),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.breach_drafts(id),
        Err(Error::PermissionDenied { .. })
    ));
    assert_eq!(agent.breach_countdown().unwrap(), None);
    drop(agent);
    let denied: Vec<(String, Option<String>)> = raw(&v)
        .prepare("SELECT action, target_id FROM audit_log WHERE outcome = 'denied' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        denied,
        [
            ("breach.open".to_owned(), None),
            ("breach.report".to_owned(), Some(id.to_string())),
            ("breach.drafts".to_owned(), Some(id.to_string())),
        ]
    );
    let admin = user_session(&mut v, "ann", Role::Admin);
    assert_eq!(admin.list_breaches().unwrap().len(), 1);
}

#[test]
fn every_change_is_audited_by_id_and_field_without_the_text() {
    let mut v = new_vault();
    let s = v.session();
    let b = s.open_breach(facts(&hours_ago(2)), None).unwrap();
    let mut changed = facts(&hours_ago(2));
    changed.people_approx = Some(400);
    changed.measures_taken = "Remote wipe of Zanzibar-7".into();
    s.update_breach(b.id, changed).unwrap();
    assert!(matches!(
        s.decide_breach(
            b.id,
            Decision {
                notify_authority: false,
                authority_reason: " ".into(),
                notify_subjects: true,
                subjects_reason: String::new(),
                notified_at: None,
            }
        ),
        Err(Error::InvalidInput(_))
    ));
    s.decide_breach(
        b.id,
        Decision {
            notify_authority: false,
            authority_reason: "Unlikely risk: Zanzibar-7 was encrypted".into(),
            notify_subjects: false,
            subjects_reason: "Unlikely risk".into(),
            notified_at: None,
        },
    )
    .unwrap();
    let entries: Vec<(String, String)> = raw(&v)
        .prepare("SELECT action, details FROM audit_log WHERE action LIKE 'breach.%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        entries,
        [
            ("breach.open".to_owned(), r#"{"from_alert":null}"#.to_owned()),
            (
                "breach.update".to_owned(),
                r#"{"fields":["people_approx","measures_taken"]}"#.to_owned()
            ),
            (
                "breach.decide".to_owned(),
                r#"{"again":false,"notified":false,"notify_authority":false,"notify_subjects":false}"#
                    .to_owned()
            ),
        ]
    );
    assert!(!all_audit_text(&v).contains("Zanzibar"));
}

fn ro_vault() -> TestVault {
    let mut v = new_vault();
    let s = v.session();
    s.set_controller(&ControllerPatch {
        name: Some("Pădurea Verde SRL".into()),
        email: Some("dpo@padurea.example".into()),
        dpo: Some("Ioana Munteanu, dpo@padurea.example".into()),
        ..ControllerPatch::default()
    })
    .unwrap();
    v
}

#[test]
fn the_drafts_carry_the_facts_in_romanian_and_in_english() {
    let mut v = ro_vault();
    let s = v.session();
    let b = s.open_breach(facts("2026-12-01T08:30:00Z"), None).unwrap();
    let en = s.breach_drafts(b.id).unwrap();
    assert_eq!(en.language, Language::En);
    for needle in [
        "Laptop Zanzibar-7 stolen from the car",
        "2026-12-01T08:30:00Z",
        "2026-12-04T08:30:00Z",
        "Phishing aimed at Quokka customers",
        "Passwords of all staff were changed",
        "Disk encryption on every laptop",
        "~340",
        "~1200",
        "names; e-mail addresses",
        "Pădurea Verde SRL",
        "Ioana Munteanu",
        "ANSPDCP",
        "Approximate number of data subjects",
    ] {
        assert!(en.authority.contains(needle), "{needle}: {}", en.authority);
    }
    assert!(en.subjects.contains("What you can do"));
    assert!(en.subjects.contains("Phishing aimed at Quokka customers"));
    assert!(en.subjects.contains("Ioana Munteanu"));
    s.set_vault_language(Language::Ro).unwrap();
    let ro = s.breach_drafts(b.id).unwrap();
    assert_eq!(ro.language, Language::Ro);
    for needle in [
        "Notificarea încălcării securității datelor cu caracter personal (RGPD, art. 33)",
        "Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)",
        "1. Operatorul",
        "Numărul aproximativ de persoane vizate: ~340",
        "Categoriile de date cu caracter personal vizate: nume și prenume; adrese de e-mail",
        "Categoriile de persoane vizate: clienți",
        "Consecințele probabile ale încălcării: Phishing aimed at Quokka customers",
        "Au fost informate persoanele vizate (art. 34)?: nu a fost luată încă",
        "Laptop Zanzibar-7 stolen from the car",
    ] {
        assert!(ro.authority.contains(needle), "{needle}: {}", ro.authority);
    }
    assert!(ro.subjects.contains("Ce puteți face"));
    assert!(ro.subjects.contains("Pădurea Verde SRL"));
    for text in [&ro.authority, &ro.subjects] {
        assert!(!text.contains(['ş', 'ţ', 'Ş', 'Ţ']));
    }
}

#[test]
fn the_export_holds_the_report_and_both_drafts_and_the_register_lists_incidents() {
    let mut v = ro_vault();
    let s = v.session();
    s.set_vault_language(Language::Ro).unwrap();
    let c = s
        .add_contact(&NewContact {
            name: "Ana Popescu".into(),
            ..NewContact::default()
        })
        .unwrap();
    s.get_contact(c).unwrap();
    let b = s.open_breach(facts(&hours_ago(1)), None).unwrap();
    let report = s
        .breach_report(
            b.id,
            &ReportQuery {
                from: hours_ago(2),
                to: (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339(),
                users: vec![OWNER.into()],
                contacts: vec![c],
            },
        )
        .unwrap();
    assert_eq!(report.entries.len(), 1);
    assert_eq!(report.entries[0].kind, TouchKind::View);
    assert_eq!(report.entries[0].entry.action, "contact.view");
    let file = s.export_breach(b.id).unwrap();
    assert!(file.contains("Cine a accesat ce (din jurnalul de audit)"));
    assert!(file.contains("| ada | vizualizare | `contact.view` | contact "));
    assert!(file.contains("Proiectul notificării către autoritatea de supraveghere"));
    assert!(file.contains("Ce s-a întâmplat"));
    let register = s.breach_register_section().unwrap();
    assert!(register.contains("Registrul încălcărilor securității datelor cu caracter personal"));
    assert!(register.contains("Laptop Zanzibar-7"));
    drop(v);
    let mut empty = new_vault();
    assert!(
        empty
            .session()
            .breach_register_section()
            .unwrap()
            .contains("No incident has been recorded.")
    );
}

const ACTIONS: &[&str] = &[
    "contact.view",
    "contact.reveal",
    "contact.export",
    "contact.update",
    "contact.delete",
    "contact.bulk_delete",
    "contact.bulk_tag",
    "import.csv",
    "vault.unlock",
    "vault.unlock_failed",
    "attachment.open",
    "alert.ack",
    "record.purge",
];

#[derive(Debug, Clone)]
struct Gen {
    minute: u32,
    actor: u8,
    action: usize,
    target: Option<u8>,
    changed: Vec<u8>,
    exported: Vec<u8>,
    denied: bool,
}

fn history() -> impl Strategy<Value = Vec<Gen>> {
    proptest::collection::vec(
        (
            0u32..600,
            0u8..4,
            0..ACTIONS.len(),
            proptest::option::of(1u8..6),
            proptest::collection::vec(1u8..6, 0..3),
            proptest::collection::vec(1u8..6, 0..3),
            proptest::bool::weighted(0.1),
        )
            .prop_map(
                |(minute, actor, action, target, changed, exported, denied)| Gen {
                    minute,
                    actor,
                    action,
                    target,
                    changed,
                    exported,
                    denied,
                },
            ),
        0..40,
    )
}

type Query = (u32, u32, Vec<u8>, Vec<u8>);

fn query() -> impl Strategy<Value = Query> {
    (
        0u32..600,
        0u32..600,
        proptest::collection::vec(0u8..4, 0..3),
        proptest::collection::vec(1u8..7, 0..3),
    )
}

fn at(minute: u32) -> String {
    (chrono::DateTime::parse_from_rfc3339("2031-03-01T00:00:00Z").unwrap()
        + chrono::Duration::minutes(i64::from(minute)))
    .with_timezone(&chrono::Utc)
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The report equals a direct query of the audit log over random
/// histories: who (three users and nobody), what (kinds the report holds and
/// others), when, and about which contacts (the target, a change to many,
/// an export's rows). The history's entries are written straight into the
/// log (the report reads, it does not verify), between the vault's own.
#[test]
fn the_report_equals_a_direct_query_of_the_audit_log() {
    use proptest::test_runner::{Config, TestRunner};

    let v = std::cell::RefCell::new(new_vault());
    let (users, contacts, breach_id) = {
        let mut v = v.borrow_mut();
        let mut ids = vec![v.session().user().id];
        for (name, role) in [("bob", Role::Agent), ("carol", Role::Manager)] {
            ids.push(
                v.session()
                    .add_user(name, role, &Password::new(FIRST_PASSWORD))
                    .unwrap()
                    .id,
            );
        }
        let contacts: Vec<i64> = (0..5)
            .map(|i| {
                v.session()
                    .add_contact(&NewContact {
                        name: format!("Person {i}"),
                        ..NewContact::default()
                    })
                    .unwrap()
            })
            .collect();
        let b = v.session().open_breach(facts(&hours_ago(1)), None).unwrap();
        (ids, contacts, b.id)
    };
    let conn = raw(&v.borrow());
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    let names = ["ada", "bob", "carol", "nobody-such"];
    let mut runner = TestRunner::new(Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    });
    let nonempty = std::cell::Cell::new(0usize);
    let result = runner.run(&(history(), query()), |(generated, (a, b, who, about))| {
        let base: i64 = conn
            .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        for (i, g) in generated.iter().enumerate() {
            let seq = base + 1 + i64::try_from(i).unwrap();
            let actor = (g.actor < 3).then(|| users[usize::from(g.actor)]);
            let contact = |n: u8| contacts[usize::from(n - 1)];
            let details = if g.changed.is_empty() {
                "{}".to_owned()
            } else {
                serde_json::json!({
                    "changed": g.changed.iter().map(|n| contact(*n)).collect::<Vec<_>>(),
                    "purpose": "marketing"
                })
                .to_string()
            };
            conn.execute(
                "INSERT INTO audit_log (seq, at, actor_id, action, target_type, target_id, outcome, details, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'x', 'x')",
                rusqlite::params![
                    seq,
                    at(g.minute),
                    actor,
                    ACTIONS[g.action],
                    g.target.map(|_| "contact"),
                    g.target.map(|n| contact(n).to_string()),
                    if g.denied { "denied" } else { "allowed" },
                    details,
                ],
            )
            .unwrap();
            for n in &g.exported {
                conn.execute(
                    "INSERT OR IGNORE INTO export_log (contact_id, audit_seq) VALUES (?1, ?2)",
                    rusqlite::params![contact(*n), seq],
                )
                .unwrap();
            }
        }
        let (from, to) = (a.min(b), a.max(b) + 1);
        let user_names: Vec<String> = who.iter().map(|u| names[usize::from(*u)].to_owned()).collect();
        // Contact 6 is one no entry names.
        let contact_ids: Vec<i64> = about
            .iter()
            .map(|n| if *n == 6 { 999_999 } else { contacts[usize::from(*n - 1)] })
            .collect();
        let q = ReportQuery {
            from: at(from),
            to: at(to),
            users: user_names.clone(),
            contacts: contact_ids.clone(),
        };
        let mut v = v.borrow_mut();
        let report = v.session().breach_report(breach_id, &q);
        if who.contains(&3) {
            // A name no user has is refused, not silently matched by none.
            prop_assert!(matches!(report, Err(Error::InvalidInput(_))));
        } else {
            let report = report.unwrap();
            let kinds: Vec<&str> = TouchKind::ALL
                .iter()
                .flat_map(|k| k.actions().iter().copied())
                .collect();
            let list = |xs: &[i64]| xs.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
            let user_ids: Vec<i64> = who.iter().map(|u| users[usize::from(*u)]).collect();
            let mut sql = format!(
                "SELECT a.seq, a.actor_id, a.action FROM audit_log a WHERE a.at >= ?1 AND a.at < ?2 AND a.action IN ({})",
                kinds.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(",")
            );
            if !user_ids.is_empty() {
                sql.push_str(&format!(" AND a.actor_id IN ({})", list(&user_ids)));
            }
            if !contact_ids.is_empty() {
                let c = list(&contact_ids);
                sql.push_str(&format!(
                    " AND ((a.target_type = 'contact' AND CAST(a.target_id AS INTEGER) IN ({c}))
                       OR EXISTS (SELECT 1 FROM json_each(a.details, '$.changed') j WHERE j.value IN ({c}))
                       OR EXISTS (SELECT 1 FROM export_log x WHERE x.audit_seq = a.seq AND x.contact_id IN ({c})))"
                ));
            }
            sql.push_str(" ORDER BY a.seq");
            let expected: Vec<(i64, Option<i64>, String)> = conn
                .prepare(&sql)
                .unwrap()
                .query_map([at(from), at(to)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let got: Vec<(i64, Option<i64>, String)> = report
                .entries
                .iter()
                .map(|t| (t.entry.seq, t.entry.actor_id, t.entry.action.clone()))
                .collect();
            prop_assert_eq!(&got, &expected);
            let mut counts = std::collections::BTreeMap::new();
            for (_, actor, action) in &expected {
                *counts
                    .entry((*actor, TouchKind::of(action).unwrap()))
                    .or_insert(0usize) += 1;
            }
            let summary: std::collections::BTreeMap<_, _> = report
                .summary
                .iter()
                .map(|c| ((c.actor_id, c.kind), c.count))
                .collect();
            prop_assert_eq!(summary, counts);
            for t in &report.entries {
                let purpose = (t.kind == TouchKind::Export && t.entry.details.contains("purpose"))
                    .then(|| "marketing".to_owned());
                prop_assert_eq!(&t.purpose, &purpose);
            }
            if !expected.is_empty() {
                nonempty.set(nonempty.get() + 1);
            }
        }
        conn.execute("DELETE FROM export_log WHERE audit_seq > ?1", [base])
            .unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq > ?1", [base])
            .unwrap();
        Ok(())
    });
    result.unwrap();
    assert!(
        nonempty.get() > 20,
        "only {} cases found entries",
        nonempty.get()
    );
}
