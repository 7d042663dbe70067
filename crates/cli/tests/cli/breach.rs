//! `steward breach …`: the register, the deadline by the test clock, an
//! incident from an alert, the report, the drafts and the export.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn at(v: &Vault, now: &str, args: &[&str]) -> std::process::Output {
    steward_as(&v.dir, "ada", PASSWORD, &[("STEWARD_NOW", now)], args)
}

fn deadline_alerts(v: &Vault, now: &str) -> usize {
    json(&at(v, now, &["alerts", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["rule"] == "breach-deadline")
        .count()
}

#[test]
fn the_72_hours_run_from_discovery_and_alert_at_48_and_12_hours_left_until_decided() {
    let v = init();
    let opened = json(&at(
        &v,
        "2026-12-01T12:00:00Z",
        &[
            "breach",
            "open",
            "--discovered",
            "2026-12-01T10:00:00Z",
            "--summary",
            "A laptop was stolen",
            "--data",
            "emails",
            "--data",
            "names",
            "--people",
            "120",
            "--json",
        ],
    ));
    assert_eq!(opened["deadline"], "2026-12-04T10:00:00Z");
    assert_eq!(
        opened["data_categories"],
        serde_json::json!(["names", "emails"])
    );
    assert_eq!(opened["people_approx"], 120);
    let id = opened["id"].to_string();
    assert_eq!(deadline_alerts(&v, "2026-12-02T09:59:00Z"), 0);
    let list = ok(&at(&v, "2026-12-02T12:00:00Z", &["breach", "list"]));
    assert!(list.contains("46h00 left"), "{list}");
    assert_eq!(deadline_alerts(&v, "2026-12-02T12:00:00Z"), 1);
    assert_eq!(deadline_alerts(&v, "2026-12-03T21:00:00Z"), 1);
    assert_eq!(deadline_alerts(&v, "2026-12-03T23:00:00Z"), 2);
    assert_eq!(deadline_alerts(&v, "2026-12-04T09:00:00Z"), 2);
    fails(
        &at(
            &v,
            "2026-12-04T09:00:00Z",
            &["breach", "decide", &id, "no-notify"],
        ),
        1,
        "needs its reason",
    );
    let decided = json(&at(
        &v,
        "2026-12-04T09:00:00Z",
        &[
            "breach",
            "decide",
            &id,
            "no-notify",
            "--reason",
            "The disk was encrypted",
            "--json",
        ],
    ));
    assert_eq!(decided["decision"]["notify_authority"], false);
    assert_eq!(decided["decision"]["notify_subjects"], false);
    assert_eq!(
        decided["decision"]["subjects_reason"],
        "The disk was encrypted"
    );
    assert_eq!(decided["decision"]["at"], "2026-12-04T09:00:00Z");
    let list = ok(&at(&v, "2026-12-05T09:00:00Z", &["breach", "list"]));
    assert!(list.contains("decided"), "{list}");
    assert_eq!(deadline_alerts(&v, "2026-12-05T09:00:00Z"), 2);
}

#[test]
fn a_failed_unlock_alert_opens_an_incident_whose_report_drafts_and_export_follow_in_romanian() {
    let v = init();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["policy", "set", "failed_unlocks", "3"],
    ));
    for _ in 0..3 {
        fails(
            &steward(&v.dir, Some("wrong guess"), &["unlock-check"]),
            3,
            "",
        );
    }
    ok(&steward(&v.dir, Some(PASSWORD), &["language", "set", "ro"]));
    let c = add(&v, &["--name", "Ana Popescu"]);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &c.to_string()],
    ));
    let alerts = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["alerts", "list", "--json"],
    ));
    let alert = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rule"] == "failed-unlocks")
        .unwrap()
        .clone();
    let opened = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "breach",
            "open",
            "--from-alert",
            &alert["id"].to_string(),
            "--people",
            "3",
            "--json",
        ],
    ));
    assert_eq!(opened["source_alert_id"], alert["id"]);
    assert_eq!(opened["discovered_at"], alert["at"]);
    assert_eq!(
        opened["data_categories"],
        serde_json::json!(["credentials"])
    );
    assert!(
        opened["summary"].as_str().unwrap().starts_with(&format!(
            "Deschis din alerta {} (failed-unlocks): ",
            alert["id"]
        )),
        "{}",
        opened["summary"]
    );
    let id = opened["id"].to_string();
    let report = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "breach",
            "report",
            &id,
            "--from",
            "2020-01-01",
            "--to",
            "2100-01-01",
            "--actor",
            "ada",
            "--contact",
            &c.to_string(),
            "--json",
        ],
    ));
    let actions: Vec<&str> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["contact.view"]);
    assert_eq!(report["summary"][0]["kind"], "view");
    assert_eq!(report["summary"][0]["count"], 1);
    let unlocks = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "breach",
            "report",
            &id,
            "--from",
            "2020-01-01",
            "--to",
            "2100-01-01",
            "--json",
        ],
    ));
    let kinds: Vec<&str> = unlocks["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"failed-unlock"), "{kinds:?}");
    assert!(kinds.contains(&"unlock"), "{kinds:?}");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "breach",
                "report",
                &id,
                "--from",
                "2020-01-01",
                "--to",
                "2100-01-01",
                "--actor",
                "nobody",
            ],
        ),
        1,
        "no user is named",
    );
    let drafts = ok(&steward(&v.dir, Some(PASSWORD), &["breach", "drafts", &id]));
    assert!(
        drafts.contains("Numărul aproximativ de persoane vizate: ~3"),
        "{drafts}"
    );
    assert!(
        drafts.contains("datele de autentificare ale personalului"),
        "{drafts}"
    );
    assert!(drafts.contains("Ce puteți face"), "{drafts}");
    let file = v.dir.parent().unwrap().join("incident.md");
    let file_arg = file.to_str().unwrap();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["breach", "export", &id, "--out", file_arg],
    ));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Limba documentului: română"));
    assert!(text.contains("Cine a accesat ce (din jurnalul de audit)"));
    assert!(text.contains("`vault.unlock_failed`"));
    assert!(text.contains("Proiectul informării persoanelor vizate"));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["breach", "export", &id, "--out", file_arg],
        ),
        1,
        "could not create",
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "never overwritten"
    );
    let register = v.dir.parent().unwrap().join("register.md");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["register", "export", "--out", register.to_str().unwrap()],
    ));
    let register = std::fs::read_to_string(&register).unwrap();
    assert!(register.contains("Registrul încălcărilor securității datelor cu caracter personal"));
    assert!(register.contains("Deschis din alerta"));
    let file = v.dir.parent().unwrap().join("register.json");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "--json",
            "register",
            "export",
            "--out",
            file.to_str().unwrap(),
        ],
    ));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let incidents = doc["incidents"].as_array().expect("incidents listed");
    assert_eq!(incidents.len(), 1, "{doc}");
    assert_eq!(incidents[0]["id"].to_string(), id, "{doc}");
    let audit = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--action", "breach.register", "--json"],
    ));
    // The Markdown export above and the JSON one.
    assert_eq!(audit.as_array().unwrap().len(), 2, "{audit}");
}

#[test]
fn only_owners_and_admins_keep_the_register() {
    let v = init();
    add_user(&v, "max", "manager");
    fails(
        &steward_as(&v.dir, "max", OWN, &[], &["breach", "list"]),
        4,
        "breach.manage",
    );
    fails(
        &steward_as(
            &v.dir,
            "max",
            OWN,
            &[],
            &[
                "breach",
                "open",
                "--discovered",
                "2026-01-01",
                "--summary",
                "x",
            ],
        ),
        4,
        "breach.manage",
    );
    add_user(&v, "ann", "admin");
    ok(&steward_as(
        &v.dir,
        "ann",
        OWN,
        &[],
        &[
            "breach",
            "open",
            "--discovered",
            "2026-01-01",
            "--summary",
            "Lost USB stick",
        ],
    ));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["breach", "open", "--summary", "x"],
        ),
        2,
        "--discovered",
    );
}
