//! Romanian text in the data: lists sorted by the vault language's
//! collation, one tag however it is spelt, and search that folds
//! diacritics (ADR 0017).

use steward_core::bulk::{BulkAction, BulkTarget};
use steward_core::interchange::OnDuplicate;
use steward_core::locale::Language;
use steward_core::records::companies::NewCompany;
use steward_core::records::contacts::{ContactQuery, ContactSort, NewContact};
use steward_core::search::Kind;

use crate::fixtures::*;

/// In Romanian order; each letter with a diacritic after its base letter.
const ROMANIAN: [&str; 9] = [
    "Ana", "Ăla", "Ion", "Înescu", "Stan", "Ștefan", "Tudor", "Țugui", "Zamfir",
];

fn shuffled() -> Vec<&'static str> {
    // Added in an order unlike any of the sorted ones, so the rowid says
    // nothing.
    vec![
        "Țugui", "Stan", "Zamfir", "Ăla", "Ion", "Ștefan", "Ana", "Tudor", "Înescu",
    ]
}

fn contact(s: &mut steward_core::Session, name: &str, tags: &[&str]) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewContact::default()
    })
    .unwrap()
}

fn contact_names(s: &steward_core::Session, sort: ContactSort) -> Vec<String> {
    let query = ContactQuery {
        sort,
        ..ContactQuery::default()
    };
    s.list_contacts_where(&query, None, 100)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn company_names(s: &steward_core::Session) -> Vec<String> {
    s.list_companies(None, 100)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn names_and_companies_sort_by_the_vault_language_and_follow_a_change_of_it() {
    let mut v = new_vault();
    let s = v.session();
    for name in shuffled() {
        contact(s, name, &[]);
        s.add_company(&NewCompany {
            name: format!("{name} SRL"),
            ..NewCompany::default()
        })
        .unwrap();
    }
    // English: the letters with diacritics sort among their base letters.
    let english = [
        "Ăla", "Ana", "Înescu", "Ion", "Stan", "Ștefan", "Tudor", "Țugui", "Zamfir",
    ];
    assert_eq!(contact_names(s, ContactSort::NameAsc), english);

    s.set_vault_language(Language::Ro).unwrap();
    assert_eq!(contact_names(s, ContactSort::NameAsc), ROMANIAN);
    let mut reversed = ROMANIAN.to_vec();
    reversed.reverse();
    assert_eq!(contact_names(s, ContactSort::NameDesc), reversed);
    assert_eq!(
        company_names(s),
        ROMANIAN.map(|n| format!("{n} SRL")).to_vec()
    );

    // Written after the change, with a cedilla and in capitals: ş is ș,
    // and case is ignored.
    contact(s, "ŞERBAN", &[]);
    contact(s, "șa", &[]);
    let names = contact_names(s, ContactSort::NameAsc);
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert_eq!(at("Stan") + 1, at("șa"), "{names:?}");
    assert_eq!(at("șa") + 1, at("ŞERBAN"), "{names:?}");
    assert_eq!(at("ŞERBAN") + 1, at("Ștefan"), "{names:?}");

    // The order survives a lock, and going back to English restores it.
    v.unlock();
    assert_eq!(
        contact_names(v.session(), ContactSort::NameAsc)[..3],
        ["Ana", "Ăla", "Ion"]
    );
    v.session().set_vault_language(Language::En).unwrap();
    assert_eq!(
        contact_names(v.session(), ContactSort::NameAsc)[..3],
        ["Ăla", "Ana", "Înescu"]
    );
}

#[test]
fn a_contacts_tags_come_in_the_vault_languages_order() {
    let mut v = new_vault();
    let s = v.session();
    s.set_vault_language(Language::Ro).unwrap();
    let id = contact(s, "Ana", &["Țară", "Tur", "Școală", "Sport", "aur"]);
    assert_eq!(
        s.get_contact(id).unwrap().tags,
        ["aur", "Sport", "Școală", "Tur", "Țară"]
    );
}

#[test]
fn a_tag_is_one_tag_whatever_its_case_and_diacritics() {
    let mut v = new_vault();
    let s = v.session();
    let a = contact(s, "Ana", &["ȘCOALĂ"]);
    // One contact given the same tag three ways keeps it once.
    let b = contact(s, "Bogdan", &["şcoală", "scoala", "Școală", "vip"]);
    // The first spelling stays: a new spelling reuses the tag.
    assert_eq!(s.get_contact(a).unwrap().tags, ["ȘCOALĂ"]);
    assert_eq!(s.get_contact(b).unwrap().tags, ["ȘCOALĂ", "vip"]);
    let tagged = |s: &steward_core::Session, tag: &str| -> Vec<i64> {
        let query = ContactQuery {
            tag: Some(tag.into()),
            sort: ContactSort::Oldest,
            ..ContactQuery::default()
        };
        s.list_contacts_where(&query, None, 10)
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect()
    };
    for spelling in ["scoala", "ŞCOALA", "Școală"] {
        assert_eq!(tagged(s, spelling), [a, b], "{spelling}");
    }
    assert!(tagged(s, "scoli").is_empty());

    // Changes to many contacts at once read the tag the same way.
    let c = contact(s, "Cezar", &[]);
    let out = s
        .bulk_change(
            &BulkTarget::Ids(vec![a, c]),
            &BulkAction::AddTag("Şcoala".into()),
        )
        .unwrap();
    assert_eq!(out.changed, [c]);
    assert_eq!(out.unchanged, [a]);
    assert_eq!(s.get_contact(c).unwrap().tags, ["ȘCOALĂ"]);
    let out = s
        .bulk_change(
            &BulkTarget::Ids(vec![a, b, c]),
            &BulkAction::RemoveTag("scoală".into()),
        )
        .unwrap();
    assert_eq!(out.changed, [a, b, c]);
    assert!(tagged(s, "ȘCOALĂ").is_empty());
    assert_eq!(s.get_contact(b).unwrap().tags, ["vip"]);
}

fn first_hit(s: &steward_core::Session, query: &str) -> (Kind, String) {
    let hit = s
        .search(query, 10)
        .unwrap()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing found for {query:?}"));
    (hit.kind, hit.title)
}

#[test]
fn the_exact_name_and_e_mail_steps_fold_diacritics() {
    let mut v = new_vault();
    let s = v.session();
    let stefan = s
        .add_contact(&NewContact {
            name: "Ștefan Popescu".into(),
            emails: vec!["ștefan@exemplu.ro".into()],
            ..NewContact::default()
        })
        .unwrap();
    // Newer records that hold the same words elsewhere: the full-text step
    // alone would list them first (newest first).
    for i in 0..3 {
        s.add_contact(&NewContact {
            name: format!("Popescu Stefan Junior {i}"),
            notes: Some("stefan popescu".into()),
            emails: vec![format!("stefan.popescu{i}@exemplu.ro")],
            ..NewContact::default()
        })
        .unwrap();
    }
    s.add_company(&NewCompany {
        name: "Țesătoria Română".into(),
        ..NewCompany::default()
    })
    .unwrap();
    for query in ["stefan popescu", "ŞTEFAN POPESCU", "ștefan popescu", "stef"] {
        assert_eq!(
            first_hit(s, query),
            (Kind::Contact, "Ștefan Popescu".into()),
            "{query}"
        );
    }
    let hits = s.search("stefan@exemplu.ro", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [stefan]);
    assert_eq!(
        first_hit(s, "tesatoria romana"),
        (Kind::Company, "Țesătoria Română".into())
    );
    assert_eq!(
        first_hit(s, "ţesăt"),
        (Kind::Company, "Țesătoria Română".into())
    );
    // The full-text step reads ş and ș alike too.
    assert_eq!(
        first_hit(s, "romană ţesătoria"),
        (Kind::Company, "Țesătoria Română".into())
    );
}

/// The query plan of `sql` on the vault's database, every line joined.
fn plan(v: &TestVault, sql: &str) -> String {
    let conn = raw(v);
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    lines.join("\n")
}

#[test]
fn sorted_pages_and_the_folded_steps_walk_an_index_without_sorting() {
    let mut v = new_vault();
    contact(v.session(), "Ana", &[]);
    v.lock();
    for (sql, index) in [
        (
            "SELECT c.id FROM contacts c WHERE c.deleted_at IS NULL AND c.restricted_at IS NULL
             ORDER BY c.sort_key, c.id LIMIT 50 OFFSET 50",
            "contacts_live_by_sort_key",
        ),
        (
            "SELECT c.id FROM contacts c WHERE c.deleted_at IS NULL
             ORDER BY c.sort_key DESC, c.id DESC LIMIT 50",
            "contacts_live_by_sort_key",
        ),
        (
            "SELECT c.id FROM companies c WHERE c.deleted_at IS NULL ORDER BY c.sort_key, c.id LIMIT 50",
            "companies_live_by_sort_key",
        ),
        (
            "SELECT id FROM contacts WHERE deleted_at IS NULL AND folded_name >= 'ste' AND folded_name < 'ste\u{10FFFF}'
             ORDER BY folded_name, id LIMIT 50",
            "contacts_live_by_folded_name",
        ),
        (
            "SELECT id FROM contacts WHERE deleted_at IS NULL AND folded_name = 'stefan' ORDER BY id DESC LIMIT 50",
            "contacts_live_by_folded_name",
        ),
    ] {
        let plan = plan(&v, sql);
        assert!(plan.contains(index), "{sql}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
    }
}

/// Names and e-mails in cedilla and comma-below letters and in every case.
const SPELLINGS: [(&str, &str); 5] = [
    ("Ștefan Țugui", "Ștefan.Țugui@Exemplu.ro"),
    ("ŞTEFAN ŢUGUI", "ŞTEFAN.ŢUGUI@EXEMPLU.RO"),
    ("ştefan ţugui", "ştefan.ţugui@exemplu.ro"),
    ("Ăla Bălănescu", "ĂLA@exemplu.ro"),
    ("ÎNESCU ânca", "Ânca.Înescu@exemplu.ro"),
];

/// Each stored `(sort_key, folded_name, folded e-mail)` of contacts named
/// `name`, in the order they were written.
fn stored_keys(v: &TestVault, name: &str) -> Vec<(Vec<u8>, String, String)> {
    raw(v)
        .prepare(
            "SELECT c.sort_key, c.folded_name, e.folded FROM contacts c
             JOIN contact_emails e ON e.contact_id = c.id WHERE c.name = ?1 ORDER BY c.id",
        )
        .unwrap()
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn adding_editing_and_importing_a_contact_store_the_same_keys() {
    use steward_core::interchange::ImportOptions;
    use steward_core::interchange::mapping::Field;
    use steward_core::records::contacts::ContactPatch;

    let mut v = new_vault();
    let s = v.session();
    s.set_vault_language(Language::Ro).unwrap();
    // Added, then edited into the same name and e-mail, then imported.
    for (name, email) in SPELLINGS {
        s.add_contact(&NewContact {
            name: name.into(),
            emails: vec![email.into()],
            ..NewContact::default()
        })
        .unwrap();
    }
    for (name, email) in SPELLINGS {
        let id = s
            .add_contact(&NewContact {
                name: "Zamfir".into(),
                emails: vec!["zamfir@exemplu.ro".into()],
                ..NewContact::default()
            })
            .unwrap();
        s.update_contact(
            id,
            &ContactPatch {
                name: Some(name.into()),
                emails: Some(vec![email.into()]),
                ..ContactPatch::default()
            },
        )
        .unwrap();
    }
    let mut csv = String::from("Name,Email\n");
    for (name, email) in SPELLINGS {
        csv.push_str(&format!("{name},{email}\n"));
    }
    let report = s
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: vec![Some(Field::Name), Some(Field::Email)],
                on_duplicate: OnDuplicate::Create,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(report.created, SPELLINGS.len());
    v.lock();

    let mut stefan = Vec::new();
    for (name, _) in SPELLINGS {
        let keys = stored_keys(&v, name);
        assert_eq!(keys.len(), 3, "{name}: added, edited and imported");
        assert_eq!(keys[1], keys[0], "{name}: edited as added");
        assert_eq!(keys[2], keys[0], "{name}: imported as added");
        if name.to_lowercase().starts_with(['ș', 'ş']) {
            stefan.push(keys[0].clone());
        }
    }
    // The cedilla and comma-below spellings, in any case, are one name and
    // one address.
    assert_eq!(stefan.len(), 3);
    for keys in &stefan {
        assert_eq!(keys, &stefan[0]);
    }
    assert_eq!(stefan[0].1, "stefan tugui");
    assert_eq!(stefan[0].2, "stefan.tugui@exemplu.ro");
    let anca = &stored_keys(&v, "ÎNESCU ânca")[0];
    assert_eq!(
        (anca.1.as_str(), anca.2.as_str()),
        ("inescu anca", "anca.inescu@exemplu.ro")
    );
    // Romanian order: Ă with the A's, Î after every I, Ș after every S.
    let key = |name: &str| stored_keys(&v, name)[0].0.clone();
    assert!(key("Ăla Bălănescu") < key("ÎNESCU ânca"));
    assert!(key("ÎNESCU ânca") < key("Ștefan Țugui"));
}

#[test]
fn users_views_custom_fields_purposes_and_forms_sort_by_the_vault_language() {
    use steward_core::consent::PurposePatch;
    use steward_core::records::custom_fields::CustomFieldKind;
    use steward_core::{Password, Role};

    let mut v = new_vault();
    let s = v.session();
    s.set_vault_language(Language::Ro).unwrap();
    for (i, name) in shuffled().into_iter().enumerate() {
        s.add_user(
            name,
            Role::Viewer,
            &Password::new("velvet cactus orbit 1987 lamp"),
        )
        .unwrap();
        s.save_view(name, &ContactQuery::default()).unwrap();
        s.add_custom_field(&format!("f{i}"), name, CustomFieldKind::Text)
            .unwrap();
    }
    // The owner, "ada", is among the users: first, case ignored.
    let users: Vec<String> = s
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    let mut expected = ROMANIAN.to_vec();
    expected.insert(0, OWNER);
    assert_eq!(users, expected);
    let views: Vec<String> = s
        .list_views()
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(views, ROMANIAN);
    let fields: Vec<String> = s
        .list_custom_fields()
        .unwrap()
        .into_iter()
        .map(|f| f.label)
        .collect();
    assert_eq!(fields, ROMANIAN);

    // Purposes, renamed, and a consent form per purpose.
    let purposes: Vec<String> = s
        .list_purposes()
        .unwrap()
        .into_iter()
        .map(|p| p.key)
        .collect();
    let names = [
        "Țintire",
        "Sondaje",
        "Ștampilă",
        "Administrare",
        "Înscrieri",
        "Ăsta",
    ];
    for (key, name) in purposes.iter().zip(names) {
        s.update_purpose(
            key,
            &PurposePatch {
                name: Some(name.into()),
                ..PurposePatch::default()
            },
        )
        .unwrap();
    }
    let sorted: Vec<String> = s
        .list_purposes()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        sorted,
        [
            "Administrare",
            "Ăsta",
            "Înscrieri",
            "Sondaje",
            "Ștampilă",
            "Țintire"
        ]
    );
    for name in ["Țară", "Sat", "Ștrand", "Ana"] {
        s.save_consent_form(name, "Sunt de acord.", &["newsletter".to_owned()])
            .unwrap();
    }
    let forms: Vec<(String, i64)> = s
        .list_consent_forms()
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.version))
        .collect();
    assert_eq!(
        forms,
        [
            ("Ana".to_owned(), 1),
            ("Sat".to_owned(), 1),
            ("Ștrand".to_owned(), 1),
            ("Țară".to_owned(), 1)
        ]
    );

    // In English the letters with diacritics sort among their base letters.
    s.set_vault_language(Language::En).unwrap();
    let views: Vec<String> = s
        .list_views()
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(
        views,
        [
            "Ăla", "Ana", "Înescu", "Ion", "Stan", "Ștefan", "Tudor", "Țugui", "Zamfir"
        ]
    );
}
