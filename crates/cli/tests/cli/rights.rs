//! `steward dsr …` and `steward register export`.

use crate::{PASSWORD, Vault, add, fails, init, json, ok, steward};

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

#[test]
fn a_request_is_opened_answered_with_a_package_and_the_person_erased() {
    let v = init();
    let id = add(
        &v,
        &[
            "--name",
            "Wilhelmina Quarterfield",
            "--email",
            "wq@zephyr.example",
        ],
    )
    .to_string();
    ok(&steward(&v.dir, Some(PASSWORD), &["contact", "show", &id]));
    let req = run_json(&v, &["dsr", "open", &id, "--type", "access"]);
    assert_eq!(req["status"], "open");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["dsr", "open", &id, "--type", "gossip"],
        ),
        1,
        "unknown request type",
    );
    let out = v.dir.parent().unwrap().join("package.json");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["dsr", "export", &id, "--out", out.to_str().unwrap()],
    ));
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(package["person"]["name"], "Wilhelmina Quarterfield");
    assert!(
        package["access_history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "contact.view")
    );
    let req_id = req["id"].as_i64().unwrap().to_string();
    let closed = run_json(&v, &["dsr", "close", &req_id, "--outcome", "package sent"]);
    assert_eq!(closed["status"], "completed");

    fails(
        &steward(&v.dir, Some(PASSWORD), &["dsr", "erase", &id]),
        2,
        "--confirm",
    );
    let erased = run_json(&v, &["dsr", "erase", &id, "--confirm"]);
    assert!(erased["certificate"].as_str().unwrap().contains("erased"));
    fails(
        &steward(&v.dir, Some(PASSWORD), &["contact", "show", &id]),
        1,
        "not",
    );
    // Re-importing them is flagged.
    let csv = crate::interchange::write(
        &v,
        "again.csv",
        "Name,Email\nWilhelmina Quarterfield,WQ@zephyr.example\n",
    );
    let report = run_json(&v, &["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(report["erased"], 1);
    assert_eq!(report["created"], 0);
    let list = run_json(&v, &["dsr", "list"]);
    assert_eq!(
        list[0]["contact"],
        serde_json::Value::Null,
        "the register keeps no name"
    );
}

#[test]
fn restriction_objection_and_the_register() {
    let v = init();
    let id = add(&v, &["--name", "Ada"]).to_string();
    ok(&steward(&v.dir, Some(PASSWORD), &["dsr", "restrict", &id]));
    let out = v.dir.parent().unwrap().join("all.csv");
    let summary = run_json(&v, &["export", "csv", "--out", out.to_str().unwrap()]);
    assert_eq!(
        summary["contacts"], 0,
        "a restricted person is never exported"
    );
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["dsr", "restrict", &id, "--lift"],
    ));
    ok(&steward(&v.dir, Some(PASSWORD), &["dsr", "object", &id]));
    let consent = run_json(&v, &["consent", "list", &id]);
    let news = consent["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "newsletter")
        .unwrap()
        .clone();
    assert_eq!(news["left_out_because"], "objected");
    let register = v.dir.parent().unwrap().join("register.md");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["register", "export", "--out", register.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&register).unwrap();
    assert!(text.contains("Art. 30") && text.contains("`newsletter`") && text.contains("contract"));
}

#[test]
fn a_romanian_vault_s_register_and_certificate_are_in_romanian() {
    let v = init();
    ok(&steward(&v.dir, Some(PASSWORD), &["language", "set", "ro"]));
    let register = v.dir.parent().unwrap().join("registru.md");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["register", "export", "--out", register.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&register).unwrap();
    assert!(
        text.starts_with("# Registrul activităților de prelucrare (RGPD, art. 30)"),
        "{text}"
    );
    assert!(text.contains("Limba documentului: română"), "{text}");
    let json = v.dir.parent().unwrap().join("registru.json");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "register",
            "export",
            "--out",
            json.to_str().unwrap(),
            "--json",
        ],
    ));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(file["language"], "ro");
    assert!(
        file["security_measures"]
            .as_str()
            .unwrap()
            .starts_with("Criptarea în repaus")
    );
    let id = add(&v, &["--name", "Ana", "--email", "ana@example.ro"]).to_string();
    let erased = run_json(&v, &["dsr", "erase", &id, "--confirm"]);
    let certificate = erased["certificate"].as_str().unwrap();
    assert!(
        certificate.starts_with("Certificat de ștergere"),
        "{certificate}"
    );
}

#[test]
fn the_retention_review_and_expiring_consents_are_listed() {
    let v = init();
    let id = add(&v, &["--name", "Ada"]).to_string();
    let review = run_json(&v, &["dsr", "review"]);
    assert!(
        review.as_array().unwrap().is_empty(),
        "a fresh contact is within retention"
    );
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "consent",
            "record",
            &id,
            "newsletter",
            "--method",
            "email",
            "--expires",
            "2099-01-01",
        ],
    ));
    let soon = run_json(&v, &["consent", "expiring", "--days", "30"]);
    assert!(soon.as_array().unwrap().is_empty());
    fails(
        &steward(&v.dir, Some(PASSWORD), &["dsr", "review", "--erase", &id]),
        2,
        "--confirm",
    );
    let done = run_json(&v, &["dsr", "review", "--anonymise", &id, "--confirm"]);
    assert_eq!(done["done"], 1);
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &id, "--json"],
    ));
    assert!(
        shown["name"]
            .as_str()
            .unwrap()
            .starts_with("Anonymised contact")
    );
}

#[test]
fn a_dry_run_import_tells_an_agent_only_how_many_were_left_out_and_is_recorded() {
    let v = init();
    let id = add(&v, &["--name", "Erin", "--email", "erin@zephyr.example"]).to_string();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["dsr", "erase", &id, "--confirm"],
    ));
    crate::add_user(&v, "bob", "agent");
    let csv = crate::interchange::write(&v, "guess.csv", "Name,Email\nErin,erin@zephyr.example\n");
    let file = csv.to_str().unwrap();
    let agent = |args: &[&str]| crate::steward_as(&v.dir, "bob", crate::OWN, &[], args);
    let r = json(&agent(&["import", "csv", file, "--dry-run", "--json"]));
    assert_eq!(
        (
            &r["left_out"],
            &r["erased"],
            &r["suppressed"],
            &r["restricted"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(0),
            &serde_json::json!(0),
            &serde_json::json!(0)
        ),
        "{r}"
    );
    let text = agent(&["import", "csv", file, "--dry-run"]);
    let said = String::from_utf8_lossy(&text.stderr);
    assert!(said.contains("left out: 1 records\n"), "{said}");
    assert!(!said.contains("erased"), "{said}");
    // Those who handle requests see the reason.
    let r = run_json(&v, &["import", "csv", file, "--dry-run"]);
    assert_eq!(
        (&r["left_out"], &r["erased"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
    let audit = run_json(&v, &["audit", "list", "--action", "import.dry_run"]);
    assert_eq!(audit.as_array().unwrap().len(), 3, "{audit}");
}

#[test]
fn the_register_names_the_controller_set_with_register_controller() {
    let v = init();
    let empty = run_json(&v, &["register", "controller"]);
    assert_eq!(empty["complete"], false);
    let set = run_json(
        &v,
        &[
            "register",
            "controller",
            "--name",
            "Țesătoria Sibiu SRL",
            "--email",
            "date@tesatoria.ro",
            "--dpo",
            "Ana Pop, dpo@tesatoria.ro",
        ],
    );
    assert_eq!(set["name"], "Țesătoria Sibiu SRL");
    assert_eq!(set["complete"], true);
    assert_eq!(set["address"], "");
    let shown = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["register", "controller"],
    ));
    assert!(shown.contains("email\tdate@tesatoria.ro\n"), "{shown}");
    let json = v.dir.parent().unwrap().join("register.json");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "register",
            "export",
            "--out",
            json.to_str().unwrap(),
            "--json",
        ],
    ));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(file["controller"]["dpo"], "Ana Pop, dpo@tesatoria.ro");
    let md = v.dir.parent().unwrap().join("register.md");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["register", "export", "--out", md.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("- Name: Țesătoria Sibiu SRL\n"), "{text}");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["register", "controller", "--address", "a\nb"],
        ),
        1,
        "must be on one line",
    );
}
