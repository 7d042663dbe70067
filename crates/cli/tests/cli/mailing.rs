//! `steward mailing-list …` and exports for a purpose of hand-picked ids:
//! nobody without a basis for the purpose is ever written.

use crate::{PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn run(v: &Vault, args: &[&str]) -> String {
    ok(&steward(&v.dir, Some(PASSWORD), args))
}

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

fn give(v: &Vault, id: &str, purpose: &str) {
    run(
        v,
        &["consent", "record", id, purpose, "--method", "web-form"],
    );
}

/// Ada consents, Bo withdrew, Cy never answered, Dee consents without an
/// e-mail address, Eve consents but is outside the `fair` tag.
fn people(v: &Vault) -> [String; 5] {
    let ada = add(
        v,
        &[
            "--name",
            "Ada Yes",
            "--email",
            "ada@example.org",
            "--tag",
            "fair",
        ],
    );
    let bo = add(
        v,
        &[
            "--name",
            "Bo Withdrew",
            "--email",
            "bo@example.org",
            "--tag",
            "fair",
        ],
    );
    let cy = add(
        v,
        &[
            "--name",
            "Cy Unasked",
            "--email",
            "cy@example.org",
            "--tag",
            "fair",
        ],
    );
    let dee = add(v, &["--name", "Dee Nomail", "--tag", "fair"]);
    let eve = add(
        v,
        &["--name", "=Eve Elsewhere", "--email", "eve@example.org"],
    );
    let ids = [ada, bo, cy, dee, eve].map(|id| id.to_string());
    for id in [&ids[0], &ids[1], &ids[3], &ids[4]] {
        give(v, id, "newsletter");
    }
    run(v, &["consent", "withdraw", &ids[1], "newsletter"]);
    ids
}

#[test]
fn a_mailing_list_holds_only_people_with_a_basis_and_an_email() {
    let v = init();
    let _ = people(&v);
    let out = v.dir.parent().unwrap().join("fair.csv");
    let summary = run_json(
        &v,
        &[
            "mailing-list",
            "newsletter",
            "--tag",
            "fair",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(summary["purpose"], "newsletter");
    assert_eq!(summary["included"], 1);
    assert_eq!(summary["left_out"], 3);
    assert_eq!(summary["left_out_by_reason"]["withdrawn"], 1);
    assert_eq!(summary["left_out_by_reason"]["no-consent"], 1);
    assert_eq!(summary["left_out_by_reason"]["no-email"], 1);
    assert_eq!(summary["left_out_by_reason"]["erased"], 0);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv, "Name,Email\nAda Yes,ada@example.org\n");

    // Everyone, in a human sentence; a formula is neutralised.
    let all = v.dir.parent().unwrap().join("all.csv");
    let output = steward(
        &v.dir,
        Some(PASSWORD),
        &["mailing-list", "newsletter", "--out", all.to_str().unwrap()],
    );
    ok(&output);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("wrote 2 people who may be contacted for newsletter")
            && said.contains("1 withdrawn"),
        "{said}"
    );
    let csv = std::fs::read_to_string(&all).unwrap();
    assert!(csv.contains("'=Eve Elsewhere,eve@example.org"), "{csv}");
    assert!(!csv.contains("bo@example.org") && !csv.contains("cy@example.org"));

    // An unknown purpose writes nothing; an agent may not take a list out.
    let none = v.dir.parent().unwrap().join("none.csv");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "mailing-list",
                "carrier-pigeons",
                "--out",
                none.to_str().unwrap(),
            ],
        ),
        1,
        "carrier-pigeons",
    );
    assert!(!none.exists());
    add_user(&v, "bob", "agent");
    fails(
        &steward_as(
            &v.dir,
            "bob",
            crate::OWN,
            &[],
            &[
                "mailing-list",
                "newsletter",
                "--out",
                none.to_str().unwrap(),
            ],
        ),
        4,
        "contacts.export",
    );
    assert!(!none.exists());
}

#[test]
fn a_purpose_filters_hand_picked_ids_and_counts_erased_ones() {
    let v = init();
    let [ada, bo, cy, _dee, eve] = people(&v);
    run(&v, &["dsr", "erase", &eve, "--confirm"]);
    let out = v.dir.parent().unwrap().join("picked.vcf");
    let summary = run_json(
        &v,
        &[
            "export",
            "vcard",
            "--purpose",
            "newsletter",
            "--id",
            &ada,
            "--id",
            &bo,
            "--id",
            &cy,
            "--id",
            &eve,
            "--id",
            "987654",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(summary["included"], 1);
    assert_eq!(summary["left_out"], 4);
    assert_eq!(summary["purpose_checked"], true);
    let by_reason = &summary["left_out_by_reason"];
    assert_eq!(by_reason["withdrawn"], 1);
    assert_eq!(by_reason["no-consent"], 1);
    assert_eq!(by_reason["erased"], 1, "{summary}");
    assert_eq!(by_reason["not-found"], 1, "{summary}");
    let vcf = std::fs::read_to_string(&out).unwrap();
    assert!(vcf.contains("ada@example.org"));
    assert!(!vcf.contains("bo@example.org") && !vcf.contains("cy@example.org"));

    // Without a purpose, an export is a full copy and says so.
    let full = v.dir.parent().unwrap().join("full.csv");
    let output = steward(
        &v.dir,
        Some(PASSWORD),
        &["export", "csv", "--out", full.to_str().unwrap()],
    );
    ok(&output);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("a full copy with no purpose check"), "{said}");
    let full_json = v.dir.parent().unwrap().join("full2.csv");
    let summary = run_json(&v, &["export", "csv", "--out", full_json.to_str().unwrap()]);
    assert_eq!(summary["purpose_checked"], false);
    assert_eq!(summary["contacts"], 4);
}
