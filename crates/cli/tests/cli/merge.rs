//! `steward contact duplicates` and `contact merge`, undone by
//! `steward bin restore contact ID`.

use crate::{OWN, PASSWORD, add, add_user, fails, init, json, ok, steward, steward_as};

#[test]
fn duplicates_are_listed_merged_with_a_field_from_the_other_and_undone_from_the_bin() {
    let v = init();
    let keep = add(
        &v,
        &[
            "--name",
            "Ana Popescu",
            "--email",
            "ana@example.com",
            "--title",
            "Buyer",
        ],
    );
    let other = add(
        &v,
        &[
            "--name",
            "Ana-Maria Popescu",
            "--email",
            "ANA@example.com",
            "--email",
            "ana.work@example.org",
            "--title",
            "Head of purchasing",
        ],
    );
    add(&v, &["--name", "Ion Ionescu"]);
    let groups = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "duplicates", "--json"],
    ));
    assert_eq!(
        groups,
        serde_json::json!([{
            "size": 2,
            "contacts": [
                {"id": keep, "name": "Ana Popescu", "email": "ana@example.com", "phone": null, "owner_id": 1},
                {"id": other, "name": "Ana-Maria Popescu", "email": "ANA@example.com", "phone": null, "owner_id": 1},
            ],
            "reasons": [{"kind": "email", "contacts": [keep, other]}],
        }])
    );
    let text = ok(&steward(&v.dir, Some(PASSWORD), &["contact", "duplicates"]));
    assert!(
        text.starts_with(&format!("group 1: same email ({keep}, {other})")),
        "{text}"
    );
    let page = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact",
            "duplicates",
            "--group",
            &keep.to_string(),
            "--offset",
            "1",
            "--json",
        ],
    ));
    assert_eq!(page[0]["size"], 2);
    assert_eq!(page[0]["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(page[0]["contacts"][0]["id"], other);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "duplicates", "--group", &other.to_string()],
        ),
        1,
        "no group of possible duplicates starts with contact",
    );

    let merged = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact",
            "merge",
            &keep.to_string(),
            &other.to_string(),
            "--take",
            "title=other",
            "--take",
            "name=keep",
            "--json",
        ],
    ));
    assert_eq!(merged["id"], keep);
    assert_eq!(merged["name"], "Ana Popescu");
    assert_eq!(merged["title"], "Head of purchasing");
    assert_eq!(
        merged["emails"],
        serde_json::json!(["ana@example.com", "ana.work@example.org"])
    );
    let groups = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "duplicates", "--json"],
    ));
    assert_eq!(groups, serde_json::json!([]));
    let bin = json(&steward(&v.dir, Some(PASSWORD), &["bin", "list", "--json"]));
    assert_eq!(bin[0]["id"], other);
    assert_eq!(bin[0]["merged_into"], keep);

    let undone = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["bin", "restore", "contact", &other.to_string(), "--json"],
    ));
    assert_eq!(undone["merge_undone"], true);
    assert_eq!(undone["kept_id"], keep);
    let back = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &other.to_string(), "--json"],
    ));
    assert_eq!(back["title"], "Head of purchasing");
    let kept = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &keep.to_string(), "--json"],
    ));
    assert_eq!(kept["title"], "Buyer");
    assert_eq!(kept["emails"], serde_json::json!(["ana@example.com"]));
}

#[test]
fn a_merge_is_refused_for_itself_an_unknown_field_and_someone_elses_contact() {
    let v = init();
    let a = add(&v, &["--name", "Ana Popescu"]);
    let b = add(&v, &["--name", "Ana Popescu"]);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "merge", &a.to_string(), &a.to_string()],
        ),
        1,
        "a contact cannot be merged with itself",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "contact",
                "merge",
                &a.to_string(),
                &b.to_string(),
                "--take",
                "shoe=other",
            ],
        ),
        1,
        "unknown field",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "contact",
                "merge",
                &a.to_string(),
                &b.to_string(),
                "--take",
                "name=both",
            ],
        ),
        2,
        "say FIELD=other or FIELD=keep",
    );
    add_user(&v, "ion", "agent");
    fails(
        &steward_as(
            &v.dir,
            "ion",
            OWN,
            &[],
            &["contact", "merge", &a.to_string(), &b.to_string()],
        ),
        4,
        "contacts.edit-any",
    );
}
