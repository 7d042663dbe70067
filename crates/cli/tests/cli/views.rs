//! Custom fields, filtered lists, saved views and exports of a view through
//! the `steward` binary.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

fn run(v: &Vault, args: &[&str]) -> String {
    ok(&steward(&v.dir, Some(PASSWORD), args))
}

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn custom_fields_are_defined_set_shown_and_refused_when_malformed() {
    let v = init();
    run(
        &v,
        &["field", "add", "member-no", "--label", "Member number"],
    );
    run(&v, &["field", "add", "renewal", "--kind", "date"]);
    let fields = run_json(&v, &["field", "list"]);
    assert_eq!(fields.as_array().unwrap().len(), 2);
    assert_eq!(fields[0]["key"], "member-no");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["field", "add", "x", "--kind", "colour"],
        ),
        1,
        "unknown field kind",
    );

    let id = add(
        &v,
        &[
            "--name",
            "Ada",
            "--field",
            "member-no=ZX-1",
            "--field",
            "renewal=2027-05-01",
        ],
    );
    let shown = run_json(&v, &["contact", "show", &id.to_string()]);
    assert_eq!(shown["custom"]["member-no"], "ZX-1");
    assert_eq!(shown["custom"]["renewal"], "2027-05-01");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "contact",
                "edit",
                &id.to_string(),
                "--field",
                "renewal=soon",
            ],
        ),
        1,
        "YYYY-MM-DD",
    );
    run(
        &v,
        &["contact", "edit", &id.to_string(), "--field", "renewal="],
    );
    let shown = run_json(&v, &["contact", "show", &id.to_string()]);
    assert_eq!(shown["custom"]["member-no"], "ZX-1", "untouched");
    assert!(shown["custom"].get("renewal").is_none(), "cleared");

    // Agents may not define fields.
    add_user(&v, "bob", "agent");
    fails(
        &steward_as(&v.dir, "bob", OWN, &[], &["field", "add", "shoe-size"]),
        4,
        "settings.manage",
    );
    run(&v, &["field", "delete", "member-no"]);
    assert_eq!(
        run_json(&v, &["field", "list"]).as_array().unwrap().len(),
        1
    );
}

#[test]
fn lists_filter_and_sort_views_are_saved_and_exports_follow_a_view() {
    let v = init();
    add(&v, &["--name", "Carla", "--tag", "vip"]);
    add(&v, &["--name", "anna", "--tag", "VIP"]);
    add(&v, &["--name", "Bruno"]);
    assert_eq!(
        names(&run_json(&v, &["contact", "list", "--tag", "vip"])),
        ["anna", "Carla"]
    );
    assert_eq!(
        names(&run_json(&v, &["contact", "list", "--sort", "newest"])),
        ["Bruno", "anna", "Carla"]
    );
    assert_eq!(
        names(&run_json(
            &v,
            &["contact", "list", "--owner", "ada", "--sort", "name-desc"]
        )),
        ["Carla", "Bruno", "anna"]
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "list", "--owner", "nobody"],
        ),
        1,
        "nobody",
    );

    run(
        &v,
        &[
            "view",
            "save",
            "VIPs",
            "--tag",
            "vip",
            "--sort",
            "name-desc",
        ],
    );
    let views = run_json(&v, &["view", "list"]);
    assert_eq!(views[0]["name"], "VIPs");
    assert_eq!(views[0]["sort"], "name-desc");
    assert_eq!(
        names(&run_json(&v, &["contact", "list", "--view", "vips"])),
        ["Carla", "anna"]
    );

    let out = v.dir.parent().unwrap().join("vips.csv");
    let out_text = out.to_str().unwrap();
    let summary = run_json(&v, &["export", "csv", "--view", "VIPs", "--out", out_text]);
    assert_eq!(summary["contacts"], 2);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("Carla") && !csv.contains("Bruno"), "{csv}");
    let missing = v.dir.parent().unwrap().join("none.csv");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "export",
                "csv",
                "--view",
                "Nope",
                "--out",
                missing.to_str().unwrap(),
            ],
        ),
        1,
        "Nope",
    );
    assert!(!missing.exists(), "a failed export leaves no file");

    run(&v, &["view", "delete", "VIPs"]);
    assert!(
        run_json(&v, &["view", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_import_maps_a_column_to_a_custom_field_and_a_company_lists_its_contacts() {
    let v = init();
    run(
        &v,
        &[
            "field", "add", "seats", "--label", "Seats", "--kind", "number",
        ],
    );
    let company = run(&v, &["company", "add", "--name", "Initech"]);
    let file = crate::interchange::write(
        &v,
        "people.csv",
        "Name,Company,Licences\nPeter Gibbons,Initech,3\nMilton Waddams,initech,\n",
    );
    let report = run_json(
        &v,
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--map",
            "Licences=custom:seats",
        ],
    );
    assert_eq!(report["created"], 2);
    let shown = run_json(&v, &["company", "show", company.trim()]);
    assert_eq!(shown["contact_count"], 2);
    assert_eq!(
        names(&shown["contacts"]),
        ["Milton Waddams", "Peter Gibbons"]
    );
    let people = run_json(&v, &["contact", "list", "--company", company.trim()]);
    let peter = people[1]["id"].as_i64().unwrap();
    let shown = run_json(&v, &["contact", "show", &peter.to_string()]);
    assert_eq!(shown["custom"]["seats"], "3");

    run(
        &v,
        &[
            "task",
            "add",
            "--title",
            "Renew",
            "--contact",
            &peter.to_string(),
        ],
    );
    run(&v, &["task", "add", "--title", "Elsewhere"]);
    let tasks = run_json(&v, &["task", "list", "--contact", &peter.to_string()]);
    let titles: Vec<_> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Renew"]);
}
