//! `steward bin`: the recycle bin of every record type.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn new_id(v: &Vault, args: &[&str]) -> i64 {
    ok(&steward(&v.dir, Some(PASSWORD), args))
        .trim()
        .parse()
        .unwrap()
}

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

/// Deletes a company and a task as the owner with `company delete` and
/// `task delete`.
fn delete_company_and_task(v: &Vault, company: i64, task: i64) {
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["company", "delete", &company.to_string()],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["task", "delete", &task.to_string()],
    ));
}

fn kinds_and_ids(list: &serde_json::Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_owned(),
                r["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_bin_lists_every_kind_and_restores_each() {
    let v = init();
    let contact = add(&v, &["--name", "Grace Hopper"]);
    let company = new_id(&v, &["company", "add", "--name", "Zephyrine Ltd"]);
    let task = new_id(
        &v,
        &["task", "add", "--title", "Call back", "--due", "2026-04-01"],
    );
    assert_eq!(run_json(&v, &["bin", "list"]), serde_json::json!([]));
    delete_company_and_task(&v, company, task);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "delete", &contact.to_string()],
    ));

    let list = run_json(&v, &["bin", "list"]);
    let mut found = kinds_and_ids(&list);
    found.sort();
    assert_eq!(
        found,
        [
            ("company".to_owned(), company),
            ("contact".to_owned(), contact),
            ("task".to_owned(), task),
        ]
    );
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "task")
        .unwrap();
    assert_eq!(row["label"], "Call back");
    assert_eq!(row["detail"], "due 2026-04-01");
    assert_eq!(row["deleted_by"], "ada");
    assert!(row["purge_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        kinds_and_ids(&run_json(&v, &["bin", "list", "--kind", "company"])),
        [("company".to_owned(), company)]
    );
    let text = ok(&steward(&v.dir, Some(PASSWORD), &["bin", "list"]));
    let line = text.lines().find(|l| l.contains("Zephyrine Ltd")).unwrap();
    assert!(line.starts_with("company"), "{line}");
    assert!(line.contains("by ada"), "{line}");

    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &["bin", "restore", "company", &company.to_string()],
    );
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("restored company {company}")));
    assert_eq!(
        run_json(&v, &["company", "show", &company.to_string()])["name"],
        "Zephyrine Ltd"
    );
    assert_eq!(
        run_json(&v, &["bin", "restore", "task", &task.to_string()]),
        serde_json::json!({ "kind": "task", "id": task, "restored": true })
    );
    // The contact-only commands still work.
    let deleted = run_json(&v, &["contact", "deleted"]);
    assert_eq!(deleted[0]["name"], "Grace Hopper");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "restore", &contact.to_string()],
    ));
    assert_eq!(run_json(&v, &["bin", "list"]), serde_json::json!([]));
    let hits = run_json(&v, &["contact", "search", "Zephyrine"]);
    assert_eq!(hits[0]["kind"], "company", "the restored company is found");
}

#[test]
fn bad_kinds_missing_records_and_roles_that_may_not_delete_are_refused() {
    let v = init();
    let contact = add(&v, &["--name", "Grace Hopper"]);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "delete", &contact.to_string()],
    ));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["bin", "list", "--kind", "invoice"],
        ),
        1,
        "unknown record kind \"invoice\"",
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["bin", "restore", "deal", "999"]),
        1,
        "deleted deal 999 was not found",
    );
    add_user(&v, "vic", "viewer");
    fails(
        &steward_as(
            &v.dir,
            "vic",
            OWN,
            &[],
            &["bin", "restore", "contact", &contact.to_string()],
        ),
        4,
        "contacts.delete-own",
    );
    fails(
        &steward_as(&v.dir, "vic", OWN, &[], &["bin", "list"]),
        4,
        "contacts.delete-own",
    );
}

#[test]
fn thirty_days_later_the_bin_is_empty() {
    let v = init();
    let contact = add(&v, &["--name", "Grace Hopper"]);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "delete", &contact.to_string()],
    ));
    let later = json(&steward_as(
        &v.dir,
        "ada",
        PASSWORD,
        &[("STEWARD_NOW", "2099-01-01T00:00:00Z")],
        &["bin", "list", "--json"],
    ));
    assert_eq!(later, serde_json::json!([]));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["bin", "restore", "contact", &contact.to_string()],
        ),
        1,
        "was not found",
    );
}

#[test]
fn deals_and_activities_are_deleted_and_restored_from_the_command_line() {
    let v = init();
    let deal = new_id(&v, &["deal", "add", "--title", "Renewal 2027"]);
    let note = new_id(
        &v,
        &[
            "activity",
            "add",
            "--deal",
            &deal.to_string(),
            "--kind",
            "note",
            "--subject",
            "Asked for a discount",
        ],
    );
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["activity", "delete", &note.to_string()],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["deal", "delete", &deal.to_string()],
    ));
    let mut found = kinds_and_ids(&run_json(&v, &["bin", "list"]));
    found.sort();
    assert_eq!(
        found,
        [("activity".to_owned(), note), ("deal".to_owned(), deal)]
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["deal", "show", &deal.to_string()]),
        1,
        "",
    );
    // The note waits for its deal.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["bin", "restore", "activity", &note.to_string()],
        ),
        1,
        "restore the deal first",
    );
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["bin", "restore", "deal", &deal.to_string()],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["bin", "restore", "activity", &note.to_string()],
    ));
    let timeline = run_json(&v, &["activity", "list", "--deal", &deal.to_string()]);
    assert_eq!(timeline.as_array().unwrap().len(), 1, "{timeline}");
}
