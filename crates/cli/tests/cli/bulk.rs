//! `steward contact bulk`: many contacts changed at once, the refused ones
//! named with the reason.

use crate::{OWN, PASSWORD, add, add_user, fails, init, json, ok, steward, steward_as};

#[test]
fn bulk_tags_by_id_and_reports_what_an_agent_may_not_change() {
    let v = init();
    let theirs = add(&v, &["--name", "Ana Popescu"]);
    add_user(&v, "ion", "agent");
    let mine: i64 = ok(&steward_as(
        &v.dir,
        "ion",
        OWN,
        &[],
        &["contact", "add", "--name", "Bogdan Ionescu"],
    ))
    .trim()
    .parse()
    .unwrap();
    let out = json(&steward_as(
        &v.dir,
        "ion",
        OWN,
        &[],
        &[
            "contact",
            "bulk",
            "--id",
            &mine.to_string(),
            "--id",
            &theirs.to_string(),
            "--add-tag",
            "lead",
            "--json",
        ],
    ));
    assert_eq!(out["changed"], serde_json::json!([mine]));
    assert_eq!(out["refused"][0]["id"], theirs);
    assert_eq!(out["refused"][0]["reason"], "not-own");
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &mine.to_string(), "--json"],
    ));
    assert_eq!(shown["tags"], serde_json::json!(["lead"]));

    let text = ok(&steward_as(
        &v.dir,
        "ion",
        OWN,
        &[],
        &["contact", "bulk", "--id", &theirs.to_string(), "--delete"],
    ));
    assert!(
        text.starts_with("0 changed, 0 already so, 1 refused"),
        "{text}"
    );
    assert!(
        text.contains(&format!("refused {theirs:>6}  not yours")),
        "{text}"
    );
    // An agent may not record objections at all: refused whole, exit 4.
    fails(
        &steward_as(
            &v.dir,
            "ion",
            OWN,
            &[],
            &["contact", "bulk", "--id", &mine.to_string(), "--object"],
        ),
        4,
        "rights.manage",
    );
}

#[test]
fn bulk_changes_a_saved_view_and_a_tag_and_needs_one_target_and_one_change() {
    let v = init();
    let a = add(&v, &["--name", "Cristina Dumitru", "--tag", "client"]);
    let b = add(&v, &["--name", "Dan Munteanu", "--tag", "client"]);
    let other = add(&v, &["--name", "Elena Stan"]);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["view", "save", "Clients", "--tag", "client"],
    ));
    let text = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "bulk", "--view", "Clients", "--add-tag", "2026"],
    ));
    assert!(
        text.starts_with("2 changed, 0 already so, 0 refused"),
        "{text}"
    );
    let out = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "bulk", "--tag", "2026", "--delete", "--json"],
    ));
    let mut changed: Vec<i64> = out["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    changed.sort_unstable();
    assert_eq!(changed, vec![a, b]);
    let left = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    let ids: Vec<i64> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![other]);
    let audit = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--action", "contact.bulk_delete", "--json"],
    ));
    assert_eq!(audit.as_array().unwrap().len(), 1);

    // One target and one change, both required.
    let none = steward(&v.dir, Some(PASSWORD), &["contact", "bulk", "--delete"]);
    assert_eq!(none.status.code(), Some(2));
    let two = steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "bulk", "--id", "1", "--delete", "--object"],
    );
    assert_eq!(two.status.code(), Some(2));
}
