//! `steward policy …`, `steward alerts …`, and a bulk export that asks for
//! the password again.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

#[test]
fn the_policy_is_shown_and_set_by_owners_only() {
    let v = init();
    let p = run_json(&v, &["policy", "show"]);
    assert_eq!(p["auto_lock_minutes"], 10);
    assert_eq!(p["working_hours"], "07-20");
    let p = run_json(&v, &["policy", "set", "export_soft_limit", "2"]);
    assert_eq!(p["export_soft_limit"], 2);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["policy", "set", "export_hard_limit", "1"],
        ),
        1,
        "not be below",
    );
    add_user(&v, "ann", "admin");
    fails(
        &steward_as(
            &v.dir,
            "ann",
            OWN,
            &[],
            &["policy", "set", "auto_lock_minutes", "3"],
        ),
        4,
        "policy.manage",
    );
    let alerts = json(&steward_as(
        &v.dir,
        "ann",
        OWN,
        &[],
        &["alerts", "list", "--json"],
    ));
    let first = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rule"] == "policy-change")
        .unwrap()
        .clone();
    // The English sentence, and the reason and values the app says it by.
    assert!(
        first["summary"]
            .as_str()
            .unwrap()
            .starts_with("security policy changed: "),
        "{first}"
    );
    assert_eq!(first["reason"], "policy-change");
    assert!(first["params"]["key"].is_string(), "{first}");
    ok(&steward_as(
        &v.dir,
        "ann",
        OWN,
        &[],
        &["alerts", "ack", &first["id"].to_string()],
    ));
    let open = json(&steward_as(
        &v.dir,
        "ann",
        OWN,
        &[],
        &["alerts", "list", "--open", "--json"],
    ));
    assert!(
        open.as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != first["id"])
    );
}

#[test]
fn a_bulk_export_above_the_soft_limit_uses_the_password_again_and_is_seen() {
    let v = init();
    for name in ["A", "B", "C"] {
        add(&v, &["--name", name]);
    }
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["policy", "set", "export_soft_limit", "2"],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["policy", "set", "export_hard_limit", "2"],
    ));
    let out = v.dir.parent().unwrap().join("all.csv");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["export", "csv", "--out", out.to_str().unwrap()],
        ),
        4,
        "refused by the security policy",
    );
    assert!(!out.exists());
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["policy", "set", "export_hard_limit", "10"],
    ));
    // The password comes again from STEWARD_PASSWORD (a prompt on a terminal).
    let summary = run_json(&v, &["export", "csv", "--out", out.to_str().unwrap()]);
    assert_eq!(summary["contacts"], 3);
    let alerts = run_json(&v, &["alerts", "list"]);
    let bulk: Vec<_> = alerts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["rule"] == "bulk-export")
        .collect();
    assert_eq!(bulk.len(), 2, "the refusal and the confirmed export");
}

/// The failed-unlock counter of the owner's bucket in the keyslots file.
fn owner_failures(v: &Vault) -> u64 {
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(v.dir.join("keyslots")).unwrap()).unwrap();
    file["failures"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .map(|f| f["count"].as_u64().unwrap())
        .sum()
}

#[test]
fn parallel_guesses_are_throttled_as_if_they_came_one_at_a_time() {
    let v = init();
    for _ in 0..3 {
        fails(
            &steward(&v.dir, Some("not the password"), &["unlock-check"]),
            3,
            "wrong user name or password",
        );
    }
    assert_eq!(owner_failures(&v), 3);
    // Sixteen guesses at once, each in its own process, as a script would.
    let children: Vec<_> = (0..16)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
                .arg("--vault")
                .arg(&v.dir)
                .arg("unlock-check")
                .env_remove("STEWARD_USER")
                .env_remove("STEWARD_RECOVERY_KEY")
                .env_remove("STEWARD_VAULT")
                .env("STEWARD_PASSWORD", format!("parallel guess {i}"))
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let evaluated = outputs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("wrong user name or password"))
        .count();
    let waited = outputs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("try again in"))
        .count();
    assert_eq!(
        (evaluated, waited),
        (1, 15),
        "one guess is evaluated, the others wait"
    );
    assert_eq!(owner_failures(&v), 4);
}

#[test]
fn record_scraping_counts_views_across_commands_and_locks_each_new_session() {
    let v = init();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["policy", "set", "scrape_contacts", "3"],
    ));
    let ids: Vec<String> = (1..=6)
        .map(|i| add(&v, &["--name", &format!("Person {i}")]).to_string())
        .collect();
    add_user(&v, "bob", "agent");
    let show = |id: &str, env: &[(&str, &str)]| {
        steward_as(&v.dir, "bob", OWN, env, &["contact", "show", id])
    };
    ok(&show(&ids[0], &[]));
    ok(&show(&ids[1], &[]));
    // The third command reaches the threshold; each later one is a new
    // session and is locked at its view while the alert is open and recent.
    for id in &ids[2..6] {
        fails(&show(id, &[]), 1, "locked by the security policy");
    }
    let alerts = run_json(&v, &["alerts", "list"]);
    let scraping: Vec<_> = alerts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["rule"] == "record-scraping")
        .collect();
    assert_eq!(scraping.len(), 1, "{alerts}");
    assert_eq!(scraping[0]["user"], "bob");
    // Once the window has passed, the user works again.
    ok(&show(&ids[0], &[("STEWARD_NOW", "2099-01-01T00:00:00Z")]));
}

#[test]
fn the_vault_language_is_shown_and_set_by_owners_only() {
    let v = init();
    assert_eq!(run_json(&v, &["language", "show"])["language"], "en");
    assert_eq!(run_json(&v, &["language", "set", "ro"])["language"], "ro");
    assert_eq!(
        ok(&steward(&v.dir, Some(PASSWORD), &["language", "show"])).trim(),
        "ro"
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["language", "set", "fr"]),
        1,
        "not a language Steward speaks",
    );
    add_user(&v, "ann", "admin");
    fails(
        &steward_as(&v.dir, "ann", OWN, &[], &["language", "set", "en"]),
        4,
        "policy.manage",
    );
    assert_eq!(run_json(&v, &["language", "show"])["language"], "ro");
}
