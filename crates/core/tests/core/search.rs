//! The global search: what it finds, in what order, and what it never shows.

use steward_core::Role;
use steward_core::records::contacts::{ContactPatch, NewContact, SensitiveValues};
use steward_core::search::Kind;

use crate::fixtures::*;

fn add(v: &mut TestVault, name: &str, email: &str, notes: &str) -> i64 {
    v.session()
        .add_contact(&NewContact {
            name: name.into(),
            emails: vec![email.into()],
            notes: Some(notes.into()).filter(|n: &String| !n.is_empty()),
            ..NewContact::default()
        })
        .unwrap()
}

fn titles(v: &mut TestVault, q: &str) -> Vec<String> {
    v.session()
        .search(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[test]
fn finds_by_name_prefix_email_company_and_notes_as_you_type() {
    let mut v = new_vault();
    add(
        &mut v,
        "Grace Hopper",
        "grace@navy.example",
        "invented the compiler",
    );
    add(&mut v, "Alan Turing", "alan@bletchley.example", "");
    for typed in [
        "g", "gr", "gra", "grace h", "hop", "grace@", "navy", "compil",
    ] {
        assert_eq!(titles(&mut v, typed), ["Grace Hopper"], "typed {typed:?}");
    }
    assert!(titles(&mut v, "zzz").is_empty());
    assert!(titles(&mut v, "   ").is_empty());
}

#[test]
fn exact_name_and_email_hits_come_first_then_the_newest() {
    let mut v = new_vault();
    add(&mut v, "Ann", "ann@example.com", "");
    add(&mut v, "Anna Older", "older@example.com", "");
    add(&mut v, "Anna Newer", "newer@example.com", "ann mentioned");
    let hits = titles(&mut v, "ann");
    assert_eq!(hits[0], "Ann");
    assert_eq!(hits.len(), 3);
    assert_eq!(titles(&mut v, "newer@example.com")[0], "Anna Newer");
}

#[test]
fn deleted_contacts_disappear_from_search_and_come_back_when_restored() {
    let mut v = new_vault();
    let id = add(&mut v, "Temporary Person", "temp@example.com", "");
    v.session().delete_contact(id).unwrap();
    assert!(titles(&mut v, "Temporary").is_empty());
    v.session().restore_contact(id).unwrap();
    assert_eq!(titles(&mut v, "Temporary"), ["Temporary Person"]);
}

#[test]
fn edits_are_searchable_at_once_and_old_values_are_not() {
    let mut v = new_vault();
    let id = add(&mut v, "Before Name", "b@example.com", "");
    v.session()
        .update_contact(
            id,
            &ContactPatch {
                name: Some("After Name".into()),
                ..ContactPatch::default()
            },
        )
        .unwrap();
    assert!(titles(&mut v, "Before").is_empty());
    assert_eq!(titles(&mut v, "After"), ["After Name"]);
}

#[test]
fn sensitive_values_are_never_found_by_anyone() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "Masked Person".into(),
            sensitive: SensitiveValues {
                national_id: Some("ZX98765".into()),
                special_notes: Some("diabetes".into()),
                date_of_birth: Some("1980-01-02".into()),
            },
            ..NewContact::default()
        })
        .unwrap();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    for q in ["ZX98765", "zx987", "diabetes", "1980"] {
        assert!(titles(&mut v, q).is_empty(), "the owner found {q}");
        assert!(
            agent.search(q, 20).unwrap().is_empty(),
            "an agent found {q}"
        );
    }
    // Nor is any sensitive value in the index's shadow tables.
    let conn = raw(&v);
    let mut stmt = conn.prepare("SELECT block FROM search_index_data").unwrap();
    let blocks: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for needle in [&b"zx98765"[..], b"diabetes"] {
        assert!(
            !blocks
                .iter()
                .any(|b| b.windows(needle.len()).any(|w| w == needle)),
            "{needle:?} is in the index"
        );
    }
}

#[test]
fn a_company_named_exactly_or_by_its_start_comes_before_full_text_hits() {
    let mut v = new_vault();
    let acme = v
        .session()
        .add_company(&steward_core::records::companies::NewCompany {
            name: "Acme".into(),
            ..Default::default()
        })
        .unwrap();
    // Newer records that only mention the company in their text.
    for i in 0..3 {
        add(
            &mut v,
            &format!("Buyer {i}"),
            &format!("buyer{i}@example.com"),
            "met the acme team",
        );
    }
    for typed in ["acme", "ACME", "acm"] {
        let hits = v.session().search(typed, 10).unwrap();
        assert_eq!(
            (hits[0].kind, hits[0].id),
            (Kind::Company, acme),
            "typed {typed:?}"
        );
        assert_eq!(hits.len(), 4, "typed {typed:?}");
    }
    // An exact contact name still comes before an exact company name.
    add(&mut v, "Acme", "person@example.com", "");
    let hits = v.session().search("acme", 10).unwrap();
    assert_eq!(hits[0].kind, Kind::Contact);
    assert_eq!((hits[1].kind, hits[1].id), (Kind::Company, acme));
}

#[test]
fn hits_say_what_they_are_and_carry_a_second_line() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "Detail Person".into(),
            emails: vec!["detail@example.com".into()],
            company: Some("Acme".into()),
            ..NewContact::default()
        })
        .unwrap();
    let hit = &v.session().search("detail", 5).unwrap()[0];
    assert_eq!(hit.kind, Kind::Contact);
    assert_eq!(hit.detail.as_deref(), Some("detail@example.com · Acme"));
}

#[test]
fn fts_syntax_typed_by_a_user_is_just_text() {
    let mut v = new_vault();
    add(&mut v, "Quote Person", "q@example.com", "");
    for q in [
        "\"",
        "quote*",
        "NEAR(a b)",
        "title:quote",
        "-",
        "AND",
        "(quote",
    ] {
        assert!(v.session().search(q, 5).is_ok(), "{q} failed");
    }
}

#[test]
fn a_word_with_punctuation_finds_records_holding_all_its_parts() {
    let mut v = new_vault();
    add(
        &mut v,
        "Siobhan Kelly",
        "sk@example.com",
        "met O'Brien-Smythe at the expo",
    );
    add(&mut v, "Other Person", "op@example.com", "smythe only");
    for typed in ["o'brien", "o'brien-smy", "brien-smythe", "kelly o'bri"] {
        assert_eq!(titles(&mut v, typed), ["Siobhan Kelly"], "typed {typed:?}");
    }
    // Every token must be there: a record with only some of them is no hit.
    assert!(titles(&mut v, "o'brien-jones").is_empty());
}
