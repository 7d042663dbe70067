//! The pipeline's stages through `steward pipeline`.

use crate::{OWN, PASSWORD, Vault, add_user, fails, init, json, ok, steward, steward_as};

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

fn stage_names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

fn stage_id(v: &Vault, name: &str) -> i64 {
    let list = run_json(v, &["pipeline", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn stages_are_listed_added_renamed_given_a_probability_reordered_and_deleted() {
    let v = init();
    let list = run_json(&v, &["pipeline", "list"]);
    assert_eq!(
        stage_names(&list),
        [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(list[0]["probability"], 10);
    assert_eq!(list[0]["position"], 1);
    assert_eq!(list[4]["kind"], "won");
    let text = ok(&steward(&v.dir, Some(PASSWORD), &["pipeline", "list"]));
    assert!(text.contains("Negotiation"), "{text}");

    let pilot: i64 = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["pipeline", "add", "Pilot", "--probability", "40"],
    ))
    .trim()
    .parse()
    .unwrap();
    let renewal = run_json(
        &v,
        &[
            "pipeline",
            "add",
            "Won (renewal)",
            "--probability",
            "100",
            "--kind",
            "won",
        ],
    );
    assert_eq!(renewal["kind"], "won");
    assert_eq!(renewal["position"], 8);

    let renamed = run_json(&v, &["pipeline", "rename", &pilot.to_string(), "Trial"]);
    assert_eq!(renamed["name"], "Trial");
    let changed = run_json(&v, &["pipeline", "probability", "trial", "45"]);
    assert_eq!(changed["probability"], 45, "stages are named by name too");
    assert_eq!(changed["id"], pilot);

    let order: Vec<String> = [
        "Lead",
        "Trial",
        "Qualified",
        "Proposal",
        "Negotiation",
        "Won",
        "Won (renewal)",
        "Lost",
    ]
    .iter()
    .map(|name| stage_id(&v, name).to_string())
    .collect();
    let mut args = vec!["pipeline", "reorder"];
    args.extend(order.iter().map(String::as_str));
    let reordered = run_json(&v, &args);
    assert_eq!(reordered[1]["name"], "Trial");
    assert_eq!(reordered[7]["name"], "Lost");

    let left = run_json(&v, &["pipeline", "delete", "Won"]);
    assert_eq!(
        stage_names(&left),
        [
            "Lead",
            "Trial",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won (renewal)",
            "Lost"
        ]
    );
    let out = steward(&v.dir, Some(PASSWORD), &["pipeline", "delete", "Trial"]);
    assert_eq!(ok(&out), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("deleted stage"));

    let audit = run_json(&v, &["audit", "list", "--action", "stage.probability"]);
    assert_eq!(audit[0]["target_id"], pilot.to_string());
}

#[test]
fn bad_stage_changes_get_one_clear_line_and_the_right_exit_code() {
    let v = init();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["deal", "add", "--title", "Keeps it", "--stage", "Qualified"],
    ));
    fails(
        &steward(&v.dir, Some(PASSWORD), &["pipeline", "delete", "Qualified"]),
        1,
        "still holds 1 deal",
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["pipeline", "delete", "Lost"]),
        1,
        "only lost stage",
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["pipeline", "delete", "Nowhere"]),
        1,
        "was not found",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["pipeline", "add", "Lead", "--probability", "5"],
        ),
        1,
        "already a stage named",
    );
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &["pipeline", "probability", "Lead", "101"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a percentage above 100 is a usage error"
    );
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "pipeline",
            "add",
            "X",
            "--probability",
            "5",
            "--kind",
            "closed",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "the kinds are listed");
    fails(
        &steward(&v.dir, Some(PASSWORD), &["pipeline", "reorder", "1", "2"]),
        1,
        "every stage",
    );
}

#[test]
fn only_owners_and_admins_configure_the_pipeline_and_everyone_reads_it() {
    let v = init();
    add_user(&v, "manny", "manager");
    add_user(&v, "vic", "viewer");
    fails(
        &steward_as(
            &v.dir,
            "manny",
            OWN,
            &[],
            &["pipeline", "add", "Pilot", "--probability", "40"],
        ),
        4,
        "settings.manage",
    );
    fails(
        &steward_as(
            &v.dir,
            "manny",
            OWN,
            &[],
            &["pipeline", "probability", "Lead", "5"],
        ),
        4,
        "settings.manage",
    );
    fails(
        &steward_as(&v.dir, "manny", OWN, &[], &["pipeline", "delete", "Lead"]),
        4,
        "settings.manage",
    );
    let list = json(&steward_as(
        &v.dir,
        "vic",
        OWN,
        &[],
        &["pipeline", "list", "--json"],
    ));
    assert_eq!(list.as_array().unwrap().len(), 6);
}
