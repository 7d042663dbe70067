//! `steward purpose …`, `steward consent …` and exports by purpose.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn run(v: &Vault, args: &[&str]) -> String {
    ok(&steward(&v.dir, Some(PASSWORD), args))
}

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

#[test]
fn purposes_are_listed_and_changed_by_an_owner() {
    let v = init();
    let purposes = run_json(&v, &["purpose", "list"]);
    let keys: Vec<&str> = purposes
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"marketing-email") && keys.contains(&"service-delivery"));
    let changed = run_json(
        &v,
        &["purpose", "set", "newsletter", "--retention-days", "400"],
    );
    assert_eq!(changed["retention_days"], 400);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["purpose", "set", "newsletter", "--basis", "whim"],
        ),
        1,
        "unknown lawful basis",
    );
    add_user(&v, "bob", "agent");
    fails(
        &steward_as(
            &v.dir,
            "bob",
            OWN,
            &[],
            &["purpose", "set", "newsletter", "--retention-days", "9"],
        ),
        4,
        "purposes.manage",
    );
}

#[test]
fn consent_is_recorded_withdrawn_listed_and_exports_follow_it() {
    let v = init();
    let ada = add(
        &v,
        &["--name", "Ada Consenting", "--email", "ada@example.org"],
    );
    let bob = add(
        &v,
        &["--name", "Bob Neverasked", "--email", "bob@example.org"],
    );
    let cy = add(&v, &["--name", "Cy Withdrew", "--email", "cy@example.org"]);
    let (ada, bob, cy) = (ada.to_string(), bob.to_string(), cy.to_string());
    run(
        &v,
        &[
            "consent",
            "record",
            &ada,
            "newsletter",
            "--method",
            "web-form",
            "--expires",
            "2099-12-31",
        ],
    );
    run(
        &v,
        &[
            "consent",
            "record",
            &cy,
            "newsletter",
            "--method",
            "email",
            "--evidence",
            "mail of 3 May",
        ],
    );
    run(
        &v,
        &[
            "consent",
            "withdraw",
            &cy,
            "newsletter",
            "--method",
            "email",
            "--evidence",
            "reply of 9 May",
        ],
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["consent", "withdraw", &bob, "newsletter"],
        ),
        1,
        "no given consent",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "consent",
                "record",
                &bob,
                "newsletter",
                "--method",
                "telepathy",
            ],
        ),
        1,
        "unknown consent method",
    );
    let listed = run_json(&v, &["consent", "list", &cy]);
    let newsletter = listed["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "newsletter")
        .unwrap()
        .clone();
    assert_eq!(newsletter["status"], "withdrawn");
    assert_eq!(newsletter["usable"], false);
    assert_eq!(listed["history"].as_array().unwrap().len(), 2);
    let withdrawal = &listed["history"][0];
    assert_eq!(withdrawal["state"], "withdrawn");
    assert_eq!(withdrawal["method"], "email");
    assert_eq!(withdrawal["evidence"], "reply of 9 May");
    // Without --method a withdrawal was said out loud.
    run(
        &v,
        &[
            "consent",
            "record",
            &ada,
            "profiling",
            "--method",
            "web-form",
        ],
    );
    run(&v, &["consent", "withdraw", &ada, "profiling"]);
    let listed = run_json(&v, &["consent", "list", &ada]);
    assert_eq!(listed["history"][0]["method"], "verbal");
    assert_eq!(listed["history"][0]["evidence"], serde_json::Value::Null);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "consent",
                "withdraw",
                &ada,
                "newsletter",
                "--method",
                "import",
            ],
        ),
        1,
        "not by import",
    );

    let out = v.dir.parent().unwrap().join("newsletter.csv");
    let summary = run_json(
        &v,
        &[
            "export",
            "csv",
            "--purpose",
            "newsletter",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(summary["included"], 1);
    assert_eq!(summary["left_out"], 2);
    assert_eq!(summary["left_out_by_reason"]["no-consent"], 1);
    assert_eq!(summary["left_out_by_reason"]["withdrawn"], 1);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("ada@example.org"));
    assert!(!csv.contains("bob@example.org") && !csv.contains("cy@example.org"));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "export",
                "csv",
                "--purpose",
                "carrier-pigeons",
                "--out",
                v.dir.parent().unwrap().join("x.csv").to_str().unwrap(),
            ],
        ),
        1,
        "carrier-pigeons",
    );
}

#[test]
fn a_consent_form_records_all_its_purposes_at_once() {
    let v = init();
    let ada = add(&v, &["--name", "Ada"]).to_string();
    let text = crate::interchange::write(
        &v,
        "form.txt",
        "I agree to the newsletter and marketing e-mail.",
    );
    let form = run_json(
        &v,
        &[
            "consent",
            "save-form",
            "Counter form",
            "--text-file",
            text.to_str().unwrap(),
            "--purpose",
            "newsletter",
            "--purpose",
            "marketing-email",
        ],
    );
    let form_id = form["id"].as_i64().unwrap().to_string();
    run(
        &v,
        &[
            "consent",
            "from-form",
            &ada,
            &form_id,
            "--evidence",
            "binder 1",
        ],
    );
    let listed = run_json(&v, &["consent", "list", &ada]);
    let given: Vec<&str> = listed["current"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "given")
        .map(|c| c["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(given.len(), 2, "{given:?}");
    let forms = run_json(&v, &["consent", "forms"]);
    assert!(forms[0]["in_use_since"].is_string());
}

#[test]
fn an_evidence_file_goes_in_with_a_consent_and_comes_back_out_unchanged() {
    let v = init();
    let ada = add(&v, &["--name", "Ada"]).to_string();
    let scan: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let scan_path = v.dir.parent().unwrap().join("signed form.pdf");
    crate::interchange::write_bytes(&scan_path, &scan);
    run(
        &v,
        &[
            "consent",
            "record",
            &ada,
            "newsletter",
            "--method",
            "paper-form",
            "--evidence-file",
            scan_path.to_str().unwrap(),
        ],
    );
    run(
        &v,
        &["consent", "record", &ada, "profiling", "--method", "verbal"],
    );
    let text = crate::interchange::write(&v, "form.txt", "I agree to marketing e-mail.");
    let form = run_json(
        &v,
        &[
            "consent",
            "save-form",
            "Counter form",
            "--text-file",
            text.to_str().unwrap(),
            "--purpose",
            "marketing-email",
        ],
    );
    let form_id = form["id"].as_i64().unwrap().to_string();
    run(
        &v,
        &[
            "consent",
            "from-form",
            &ada,
            &form_id,
            "--evidence-file",
            scan_path.to_str().unwrap(),
        ],
    );
    let listed = run_json(&v, &["consent", "list", &ada]);
    let history = listed["history"].as_array().unwrap();
    let id_of = |purpose: &str| {
        history.iter().find(|e| e["purpose"] == purpose).unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    for purpose in ["newsletter", "marketing-email"] {
        let e = history.iter().find(|e| e["purpose"] == purpose).unwrap();
        assert_eq!(e["evidence_file"], "signed form.pdf", "{purpose}");
    }

    let out = v.dir.parent().unwrap().join("back.pdf");
    let saved = run_json(
        &v,
        &[
            "consent",
            "evidence",
            &id_of("newsletter"),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(saved["name"], "signed form.pdf");
    assert_eq!(saved["bytes"], 5000);
    assert_eq!(std::fs::read(&out).unwrap(), scan);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over an existing file; a record without a file says so.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "consent",
                "evidence",
                &id_of("marketing-email"),
                "--out",
                out.to_str().unwrap(),
            ],
        ),
        1,
        "could not create",
    );
    let other = v.dir.parent().unwrap().join("none.pdf");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "consent",
                "evidence",
                &id_of("profiling"),
                "--out",
                other.to_str().unwrap(),
            ],
        ),
        1,
        "has no evidence file",
    );
    assert!(!other.exists());
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "consent",
                "evidence",
                "999",
                "--out",
                other.to_str().unwrap(),
            ],
        ),
        1,
        "not found",
    );
    let audit = run_json(&v, &["audit", "list", "--action", "consent.evidence"]);
    assert!(audit.to_string().contains("consent.evidence"), "{audit}");
}
