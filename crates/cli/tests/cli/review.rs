//! `steward review …`: a review run from the command line with the test
//! clock, a dormant user disabled, the report, refusals.

use std::path::Path;
use std::process::Output;

use crate::{FIRST, OWN, PASSWORD, fails, json, ok, steward_as};

/// Runs steward as `user` on day `day` after 2026-01-05T09:00:00Z.
fn on(dir: &Path, day: u32, user: &str, password: &str, args: &[&str]) -> Output {
    let now = (chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z").unwrap()
        + chrono::Duration::days(i64::from(day)))
    .to_rfc3339();
    steward_as(
        dir,
        user,
        password,
        &[("STEWARD_NOW", &now), ("FIRST", FIRST), ("OWN", OWN)],
        args,
    )
}

fn add_user_on(dir: &Path, day: u32, name: &str, role: &str) {
    ok(&on(
        dir,
        day,
        "ada",
        PASSWORD,
        &[
            "user",
            "add",
            name,
            "--role",
            role,
            "--new-password-env",
            "FIRST",
        ],
    ));
    ok(&on(
        dir,
        day,
        name,
        FIRST,
        &["user", "passwd", "--new-password-env", "OWN"],
    ));
}

#[test]
fn a_review_disables_a_dormant_user_and_records_every_decision() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    ok(&on(&dir, 0, "ada", PASSWORD, &["init", "--user", "ada"]));
    add_user_on(&dir, 0, "bob", "agent");
    add_user_on(&dir, 0, "erin", "agent");
    let id = ok(&on(
        &dir,
        0,
        "ada",
        PASSWORD,
        &["contact", "add", "--name", "Grace Hopper"],
    ));
    let id = id.trim();
    for _ in 0..2 {
        ok(&on(&dir, 65, "bob", OWN, &["contact", "show", id]));
    }
    // Only owners and admins run reviews.
    fails(
        &on(&dir, 66, "bob", OWN, &["review", "start"]),
        4,
        "review.run",
    );

    let review = json(&on(
        &dir,
        70,
        "ada",
        PASSWORD,
        &["review", "start", "--json"],
    ));
    let users = review["users"].as_array().unwrap();
    let find = |name: &str| users.iter().find(|u| u["name"] == name).unwrap().clone();
    let bob = find("bob");
    assert_eq!(bob["views"], 2);
    assert_eq!(bob["dormant"], false);
    assert_eq!(bob["suggested_role"], "viewer", "bob only looked");
    assert_eq!(
        bob["last_unlock"], "2026-03-12T09:00:00Z",
        "his refused start"
    );
    let erin = find("erin");
    assert_eq!(erin["dormant"], true);
    assert_eq!(erin["last_unlock"], "2026-01-05T09:00:00Z");
    assert_eq!(erin["views"], 0);
    assert!(
        erin["permissions"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("contacts.create"))
    );

    fails(
        &on(
            &dir,
            70,
            "ada",
            PASSWORD,
            &["review", "decide", "erin", "retire"],
        ),
        2,
        "keep, role ROLE, forget-devices or disable",
    );
    ok(&on(
        &dir,
        70,
        "ada",
        PASSWORD,
        &["review", "decide", "erin", "disable"],
    ));
    ok(&on(
        &dir,
        70,
        "ada",
        PASSWORD,
        &["review", "decide", "bob", "role", "viewer"],
    ));
    let shown = json(&on(
        &dir,
        70,
        "ada",
        PASSWORD,
        &["review", "show", "--json"],
    ));
    let decided: Vec<(String, serde_json::Value)> = shown["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_owned(),
                u["decision"].clone(),
            )
        })
        .collect();
    assert_eq!(
        decided,
        [
            ("ada".to_owned(), serde_json::Value::Null),
            (
                "bob".to_owned(),
                serde_json::json!({"decision": "role", "role": "viewer"})
            ),
            (
                "erin".to_owned(),
                serde_json::json!({"decision": "disable"})
            ),
        ]
    );

    let closed = json(&on(
        &dir,
        70,
        "ada",
        PASSWORD,
        &["review", "close", "--json"],
    ));
    assert_eq!(closed["closed_by"], "ada");
    let listed = json(&on(&dir, 71, "ada", PASSWORD, &["user", "list", "--json"]));
    let state: Vec<(String, String, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_owned(),
                u["role"].as_str().unwrap().to_owned(),
                u["disabled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        state,
        [
            ("ada".to_owned(), "owner".to_owned(), false),
            ("bob".to_owned(), "viewer".to_owned(), false),
            ("erin".to_owned(), "agent".to_owned(), true),
        ]
    );
    // erin's password no longer opens the vault.
    assert_eq!(
        on(&dir, 71, "erin", OWN, &["unlock-check"]).status.code(),
        Some(3)
    );

    let report = temp.path().join("review.csv");
    ok(&on(
        &dir,
        71,
        "ada",
        PASSWORD,
        &[
            "review",
            "export",
            "--id",
            "1",
            "--out",
            report.to_str().unwrap(),
        ],
    ));
    let csv = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("Review,Started,Started by,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[3]
            .contains(",erin,agent,no,2026-01-05T09:00:00Z,0,0,0,0,0,0,0,yes,viewer,disable,ada,"),
        "{}",
        lines[3]
    );

    let audit = json(&on(
        &dir,
        71,
        "ada",
        PASSWORD,
        &["audit", "list", "--action", "review.", "--json"],
    ));
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = actions
        .iter()
        .map(|(a, o)| (a.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("review.start", "denied"),
            ("review.start", "allowed"),
            ("review.decide", "allowed"),
            ("review.decide", "allowed"),
            ("review.close", "allowed"),
            ("review.export", "allowed"),
        ]
    );
    let decide = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "review.decide" && e["details"]["decision"] == "disable")
        .unwrap();
    assert_eq!(decide["target_type"], "user");
    assert_eq!(decide["details"]["review"], 1);
}
