//! `steward rules …`: an export refused until the user acknowledges the
//! rules, then allowed.

use crate::interchange::write;
use crate::{OWN, PASSWORD, add, add_user, fails, init, json, ok, steward, steward_as};

#[test]
fn an_export_is_refused_until_the_rules_are_acknowledged() {
    let v = init();
    add(&v, &["--name", "Ilinca Petrescu"]);
    add_user(&v, "mara", "manager");
    let out = v.dir.parent().unwrap().join("mara.csv");
    let export = ["export", "csv", "--out", out.to_str().unwrap()];
    // No rules yet: nothing is gated.
    ok(&steward_as(&v.dir, "mara", OWN, &[], &export));
    std::fs::remove_file(&out).unwrap();

    let file = write(&v, "rules.txt", "Export only for a named purpose.\n");
    let published = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["rules", "set", "--file", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(published["version"], 1);
    assert_eq!(published["text"], "Export only for a named purpose.");
    assert_eq!(published["set_by"], "ada");

    fails(
        &steward_as(&v.dir, "mara", OWN, &[], &export),
        4,
        "steward rules acknowledge",
    );
    assert!(!out.exists(), "no file is left behind");
    let refused = steward_as(
        &v.dir,
        "mara",
        OWN,
        &[],
        &[&export[..], &["--json"]].concat(),
    );
    assert_eq!(refused.status.code(), Some(4));
    let error: serde_json::Value = serde_json::from_slice(refused.stderr.trim_ascii()).unwrap();
    assert_eq!(error["code"], "permission_denied");
    assert_eq!(error["reason"], "rules-not-acknowledged");

    let shown = json(&steward_as(
        &v.dir,
        "mara",
        OWN,
        &[],
        &["rules", "show", "--json"],
    ));
    assert_eq!(shown["due"], true);
    assert_eq!(shown["gating"], true);
    assert_eq!(shown["current"]["version"], 1);
    // Without a terminal to say yes on, only --yes accepts.
    let unanswered = steward_as(&v.dir, "mara", OWN, &[], &["rules", "acknowledge"]);
    assert_eq!(unanswered.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unanswered.stdout).contains("Export only for a named purpose.")
    );
    fails(&steward_as(&v.dir, "mara", OWN, &[], &export), 4, "rules");
    let accepted = ok(&steward_as(
        &v.dir,
        "mara",
        OWN,
        &[],
        &["rules", "acknowledge", "--yes"],
    ));
    assert!(accepted.contains("Export only for a named purpose."));
    ok(&steward_as(&v.dir, "mara", OWN, &[], &export));
    assert!(out.exists());

    let status = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["rules", "status", "--json"],
    ));
    let mara = status
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user"] == "mara")
        .unwrap();
    assert_eq!(mara["version"], 1);
    assert_eq!(mara["due"], false);
    fails(
        &steward_as(&v.dir, "mara", OWN, &[], &["rules", "status"]),
        4,
        "rules.manage",
    );

    // A year and more later the acknowledgement must be renewed.
    std::fs::remove_file(&out).unwrap();
    let later = (chrono::Utc::now() + chrono::Duration::days(370))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    fails(
        &steward_as(&v.dir, "mara", OWN, &[("STEWARD_NOW", &later)], &export),
        4,
        "rules",
    );
}

#[test]
fn the_template_is_printed_in_the_vaults_language() {
    let v = init();
    ok(&steward(&v.dir, Some(PASSWORD), &["language", "set", "ro"]));
    let text = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["rules", "show", "--template"],
    ));
    assert!(
        text.starts_with("Reguli pentru utilizarea datelor clienților"),
        "{text}"
    );
    assert!(text.contains("[proprietarul: nume, telefon, e-mail]"));
}
