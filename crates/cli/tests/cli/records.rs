//! Companies, deals, tasks and activities through the `steward` binary.

use crate::{OWN, PASSWORD, Vault, add, add_user, fails, init, json, ok, steward, steward_as};

/// Runs steward as the owner and returns the id it printed.
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

#[test]
fn companies_are_added_listed_and_shown_and_bad_ones_refused() {
    let v = init();
    let id = new_id(
        &v,
        &[
            "company",
            "add",
            "--name",
            "Initech",
            "--domain",
            "https://Initech.example/",
            "--city",
            "Austin",
            "--notes",
            "Printers.",
        ],
    );
    new_id(&v, &["company", "add", "--name", "Acme"]);
    let list = run_json(&v, &["company", "list"]);
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme", "Initech"]);
    let shown = run_json(&v, &["company", "show", &id.to_string()]);
    assert_eq!(shown["domain"], "initech.example");
    assert_eq!(shown["city"], "Austin");
    assert_eq!(shown["contact_count"], 0);
    let text = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["company", "show", &id.to_string()],
    ));
    assert!(text.contains("Printers."), "{text}");

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["company", "add", "--name", "X", "--domain", "not a domain"],
        ),
        1,
        "is not a domain name",
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["company", "show", "999"]),
        1,
        "company 999 was not found",
    );
}

#[test]
fn deals_take_decimal_amounts_and_moving_to_lost_needs_a_reason() {
    let v = init();
    let company = new_id(&v, &["company", "add", "--name", "Initech"]);
    let id = new_id(
        &v,
        &[
            "deal",
            "add",
            "--title",
            "Licences",
            "--amount",
            "1234.56",
            "--currency",
            "usd",
            "--close",
            "2026-06-30",
            "--company",
            &company.to_string(),
        ],
    );
    new_id(
        &v,
        &["deal", "add", "--title", "Other", "--stage", "proposal"],
    );
    let leads = run_json(&v, &["deal", "list", "--stage", "Lead"]);
    let leads = leads.as_array().unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0]["id"], id);
    assert_eq!(leads[0]["amount_minor"], 123_456);
    assert_eq!(leads[0]["amount"], "1234.56");
    assert_eq!(leads[0]["currency"], "USD");
    assert_eq!(leads[0]["company_id"], company);
    assert_eq!(leads[0]["stage_kind"], "open");

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "add", "--title", "X", "--amount", "12,50"],
        ),
        2,
        "is not an amount",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "add", "--title", "X", "--currency", "EURO"],
        ),
        1,
        "not a currency code",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "move", &id.to_string(), "Lost"],
        ),
        1,
        "needs a reason",
    );
    let lost = run_json(
        &v,
        &[
            "deal",
            "move",
            &id.to_string(),
            "lost",
            "--lost-reason",
            "budget cut",
        ],
    );
    assert_eq!(lost["stage"], "Lost");
    assert_eq!(lost["lost_reason"], "budget cut");
    assert!(lost["closed_at"].is_string());
    let listed = ok(&steward(&v.dir, Some(PASSWORD), &["deal", "list"]));
    assert!(listed.contains("1234.56"), "{listed}");
}

#[test]
fn tasks_are_listed_by_due_date_and_marked_done() {
    let v = init();
    add_user(&v, "agnes", "agent");
    let contact = add(&v, &["--name", "Grace Hopper"]);
    let overdue = new_id(
        &v,
        &[
            "task",
            "add",
            "--title",
            "Long overdue",
            "--due",
            "2000-01-01",
            "--contact",
            &contact.to_string(),
        ],
    );
    let later = new_id(
        &v,
        &[
            "task",
            "add",
            "--title",
            "Far future",
            "--due",
            "2999-12-31",
            "--assignee",
            "agnes",
        ],
    );
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["task", "list"];
        all.extend_from_slice(args);
        run_json(&v, &all)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--overdue"]), [overdue]);
    assert_eq!(ids(&["--upcoming"]), [later]);
    assert_eq!(ids(&["--today"]), Vec::<i64>::new());
    assert_eq!(ids(&["--mine"]), [overdue]);
    assert_eq!(ids(&[]), [overdue, later]);

    let done = run_json(&v, &["task", "done", &overdue.to_string()]);
    assert_eq!(done["done"], true);
    assert_eq!(done["about"]["kind"], "contact");
    assert_eq!(done["about"]["id"], contact);
    assert_eq!(ids(&["--done"]), [overdue]);
    assert_eq!(ids(&["--overdue"]), Vec::<i64>::new());

    let mine = json(&steward_as(
        &v.dir,
        "agnes",
        OWN,
        &[],
        &["task", "list", "--mine", "--json"],
    ));
    assert_eq!(mine[0]["id"], later);
    assert_eq!(mine[0]["assignee"], "agnes");

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["task", "add", "--title", "X", "--due", "soon"],
        ),
        1,
        "YYYY-MM-DD",
    );
    let both = steward(
        &v.dir,
        Some(PASSWORD),
        &["task", "list", "--today", "--overdue"],
    );
    assert_eq!(both.status.code(), Some(2), "one filter at a time");
}

#[test]
fn activities_make_a_timeline_newest_first() {
    let v = init();
    let contact = add(&v, &["--name", "Grace Hopper"]);
    let c = contact.to_string();
    let first = new_id(
        &v,
        &[
            "activity",
            "add",
            "--contact",
            &c,
            "--kind",
            "call",
            "--subject",
            "Intro call",
            "--at",
            "2026-01-05T09:00:00Z",
        ],
    );
    let second = new_id(
        &v,
        &[
            "activity",
            "add",
            "--contact",
            &c,
            "--kind",
            "note",
            "--subject",
            "Follow-up",
            "--body",
            "Send the brochure.",
        ],
    );
    let timeline = run_json(&v, &["activity", "list", "--contact", &c]);
    let timeline = timeline.as_array().unwrap();
    assert_eq!(timeline[0]["id"], second);
    assert_eq!(timeline[0]["body"], "Send the brochure.");
    assert_eq!(timeline[1]["id"], first);
    assert_eq!(timeline[1]["kind"], "call");
    assert_eq!(timeline[1]["about"]["kind"], "contact");

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "activity",
                "add",
                "--contact",
                &c,
                "--kind",
                "fax",
                "--subject",
                "X",
            ],
        ),
        1,
        "unknown activity kind",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["activity", "list", "--deal", "42"],
        ),
        1,
        "deal 42 was not found",
    );
    let none = steward(&v.dir, Some(PASSWORD), &["activity", "list"]);
    assert_eq!(none.status.code(), Some(2), "a record is required");
}

#[test]
fn a_viewer_reads_records_but_cannot_add_them() {
    let v = init();
    new_id(&v, &["company", "add", "--name", "Initech"]);
    add_user(&v, "vic", "viewer");
    for args in [
        &["company", "add", "--name", "X"][..],
        &["deal", "add", "--title", "X"],
        &["task", "add", "--title", "X"],
    ] {
        fails(
            &steward_as(&v.dir, "vic", OWN, &[], args),
            4,
            "contacts.create",
        );
    }
    let list = json(&steward_as(
        &v.dir,
        "vic",
        OWN,
        &[],
        &["company", "list", "--json"],
    ));
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn a_deal_s_probability_is_its_own_until_it_follows_its_stage_again() {
    let v = init();
    let id = new_id(
        &v,
        &["deal", "add", "--title", "Pilot", "--probability", "65"],
    );
    let shown = run_json(&v, &["deal", "show", &id.to_string()]);
    assert_eq!(shown["probability"], 65);
    assert_eq!(shown["own_probability"], 65);
    let text = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["deal", "show", &id.to_string()],
    ));
    assert!(text.contains("65 % (the deal's own)"), "{text}");

    let edited = run_json(
        &v,
        &[
            "deal",
            "edit",
            &id.to_string(),
            "--follow-stage",
            "--amount",
            "99.50",
            "--close",
            "2026-09-30",
        ],
    );
    assert_eq!(edited["probability"], 10, "Lead's");
    assert_eq!(edited["own_probability"], serde_json::Value::Null);
    assert_eq!(edited["amount"], "99.50");
    assert_eq!(edited["expected_close"], "2026-09-30");
    assert_eq!(edited["title"], "Pilot", "fields not given stay");

    let edited = run_json(
        &v,
        &["deal", "edit", &id.to_string(), "--probability", "20"],
    );
    assert_eq!(edited["own_probability"], 20);
    for bad in [
        &["deal", "add", "--title", "X", "--probability", "101"][..],
        &["deal", "edit", "1", "--probability", "-1"],
        &["deal", "edit", "1", "--probability", "5", "--follow-stage"],
    ] {
        let out = steward(&v.dir, Some(PASSWORD), bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "edit", "999", "--title", "X"],
        ),
        1,
        "deal 999 was not found",
    );
}

#[test]
fn a_won_deal_may_carry_a_reason_and_a_lost_one_must() {
    let v = init();
    let id = new_id(&v, &["deal", "add", "--title", "Renewal"]);
    let won = run_json(
        &v,
        &[
            "deal",
            "move",
            &id.to_string(),
            "Won",
            "--reason",
            "fast support",
        ],
    );
    assert_eq!(won["stage_kind"], "won");
    assert_eq!(won["close_reason"], "fast support");
    assert_eq!(
        won["lost_reason"],
        serde_json::Value::Null,
        "only for lost deals"
    );
    let plain = new_id(&v, &["deal", "add", "--title", "Plain"]);
    let won = run_json(&v, &["deal", "move", &plain.to_string(), "Won"]);
    assert_eq!(won["close_reason"], serde_json::Value::Null);

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "move", &id.to_string(), "Lead", "--reason", "why"],
        ),
        1,
        "only goes with a won or lost stage",
    );
    let lost = run_json(
        &v,
        &[
            "deal",
            "move",
            &id.to_string(),
            "Lost",
            "--reason",
            "budget frozen",
        ],
    );
    assert_eq!(lost["close_reason"], "budget frozen");
    assert_eq!(lost["lost_reason"], "budget frozen");
}

#[test]
fn a_task_takes_a_time_duration_and_reminder_and_is_edited() {
    let v = init();
    add_user(&v, "agnes", "agent");
    add_user(&v, "vera", "viewer");
    let id = new_id(
        &v,
        &[
            "task",
            "add",
            "--title",
            "Meet the printer",
            "--due",
            "2999-03-10T9:30",
            "--duration",
            "1h30m",
            "--remind",
            "15m",
        ],
    );
    let listed = run_json(&v, &["task", "list"]);
    let t = &listed[0];
    assert_eq!(t["id"], id);
    assert_eq!(t["due_date"], "2999-03-10");
    assert_eq!(t["due_time"], "09:30");
    assert_eq!(t["duration_minutes"], 90);
    assert_eq!(t["remind_before_minutes"], 15);
    let text = ok(&steward(&v.dir, Some(PASSWORD), &["task", "list"]));
    assert!(text.contains("2999-03-10 09:30"), "{text}");
    assert!(text.contains("Meet the printer (1h30m)"), "{text}");

    let sid = id.to_string();
    let edited = run_json(
        &v,
        &[
            "task",
            "edit",
            &sid,
            "--title",
            "Meet the printer again",
            "--due",
            "2999-03-12T16:00",
            "--remind",
            "at-due",
            "--assignee",
            "agnes",
        ],
    );
    assert_eq!(edited["title"], "Meet the printer again");
    assert_eq!(edited["due_date"], "2999-03-12");
    assert_eq!(edited["due_time"], "16:00");
    assert_eq!(edited["duration_minutes"], 90);
    assert_eq!(edited["remind_before_minutes"], 0);
    assert_eq!(edited["assignee"], "agnes");
    let edited = run_json(
        &v,
        &[
            "task",
            "edit",
            &sid,
            "--due",
            "2999-03-13",
            "--no-remind",
            "--no-duration",
        ],
    );
    assert_eq!(edited["due_date"], "2999-03-13");
    assert_eq!(edited["due_time"], serde_json::Value::Null);
    assert_eq!(edited["remind_before_minutes"], serde_json::Value::Null);
    assert_eq!(edited["duration_minutes"], serde_json::Value::Null);

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["task", "edit", &sid, "--due", "2999-03-13T25:00"],
        ),
        1,
        "HH:MM",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["task", "edit", &sid, "--remind", "soon"],
        ),
        2,
        "30m, 1h, 1h30m or 1d",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["task", "edit", &sid, "--assignee", "vera"],
        ),
        1,
        "the role viewer cannot change records",
    );
    let both = steward(
        &v.dir,
        Some(PASSWORD),
        &["task", "edit", &sid, "--remind", "1h", "--no-remind"],
    );
    assert_eq!(both.status.code(), Some(2), "--remind or --no-remind");
    // Agnes now holds it; Vera may not change it.
    let as_agnes = steward_as(
        &v.dir,
        "agnes",
        OWN,
        &[],
        &["task", "edit", &sid, "--title", "Mine now"],
    );
    ok(&as_agnes);
    fails(
        &steward_as(
            &v.dir,
            "vera",
            OWN,
            &[],
            &["task", "edit", &sid, "--title", "No"],
        ),
        4,
        "contacts.edit-own",
    );
}

#[test]
fn an_activity_is_corrected_and_deleted() {
    let v = init();
    let contact = add(&v, &["--name", "Grace Hopper"]);
    let c = contact.to_string();
    let id = new_id(
        &v,
        &[
            "activity",
            "add",
            "--contact",
            &c,
            "--kind",
            "call",
            "--subject",
            "Intro call",
            "--body",
            "Talked about COBOL.",
        ],
    );
    let sid = id.to_string();
    let edited = run_json(
        &v,
        &[
            "activity",
            "edit",
            &sid,
            "--kind",
            "meeting",
            "--subject",
            "Intro meeting",
            "--text",
            "",
        ],
    );
    assert_eq!(edited["kind"], "meeting");
    assert_eq!(edited["subject"], "Intro meeting");
    assert_eq!(edited["body"], serde_json::Value::Null);
    let timeline = run_json(&v, &["activity", "list", "--contact", &c]);
    assert_eq!(timeline[0]["subject"], "Intro meeting");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["activity", "edit", &sid, "--kind", "fax"],
        ),
        1,
        "unknown activity kind",
    );
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["activity", "delete", &sid],
    ));
    let timeline = run_json(&v, &["activity", "list", "--contact", &c]);
    assert_eq!(timeline.as_array().unwrap().len(), 0);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["activity", "edit", &sid, "--subject", "Back?"],
        ),
        1,
        "was not found",
    );
}

#[test]
fn company_and_deal_lists_page_by_cursor() {
    let v = init();
    for name in ["Gamma", "Alfa", "Beta"] {
        new_id(&v, &["company", "add", "--name", name]);
    }
    let names = |page: &serde_json::Value, list: &str, field: &str| -> Vec<String> {
        page[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c[field].as_str().unwrap().to_owned())
            .collect()
    };
    let first = run_json(&v, &["company", "list", "--limit", "2"]);
    assert_eq!(names(&first, "companies", "name"), ["Alfa", "Beta"]);
    let next = first["next"].as_str().expect("a cursor").to_owned();
    let second = run_json(&v, &["company", "list", "--after", &next, "--limit", "2"]);
    assert_eq!(names(&second, "companies", "name"), ["Gamma"]);
    assert_eq!(second["next"], serde_json::Value::Null);
    assert_eq!(second["companies"][0]["contact_count_capped"], false);
    // Without paging, the plain array of every company, as before.
    assert_eq!(
        run_json(&v, &["company", "list"]).as_array().unwrap().len(),
        3
    );

    for (title, stage) in [("L1", "lead"), ("L2", "lead"), ("P1", "proposal")] {
        new_id(&v, &["deal", "add", "--title", title, "--stage", stage]);
    }
    let first = run_json(&v, &["deal", "list", "--limit", "2"]);
    assert_eq!(names(&first, "deals", "title"), ["L2", "L1"]);
    let next = first["next"].as_str().expect("a cursor").to_owned();
    let second = run_json(&v, &["deal", "list", "--after", &next, "--limit", "2"]);
    assert_eq!(names(&second, "deals", "title"), ["P1"]);
    assert_eq!(second["next"], serde_json::Value::Null);
    // The human form says on stderr how to go on; a company cursor is no
    // deal cursor.
    let out = steward(&v.dir, Some(PASSWORD), &["deal", "list", "--limit", "1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("L2"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--after "));
    let company_cursor = run_json(&v, &["company", "list", "--limit", "1"])["next"]
        .as_str()
        .unwrap()
        .to_owned();
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["deal", "list", "--after", &company_cursor],
        ),
        1,
        "page cursor is not valid",
    );
}

#[test]
fn a_task_list_pages_by_cursor_and_only_one_list_at_a_time() {
    let v = init();
    for (title, due) in [
        ("later", Some("2099-01-02T09:00")),
        ("first", Some("2099-01-01")),
        ("someday", None),
        ("that day", Some("2099-01-02")),
    ] {
        let mut args = vec!["task", "add", "--title", title];
        if let Some(due) = due {
            args.extend(["--due", due]);
        }
        new_id(&v, &args);
    }
    let titles = |page: &serde_json::Value| -> Vec<String> {
        page["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = run_json(&v, &["task", "list", "--upcoming", "--limit", "3"]);
    assert_eq!(titles(&first), ["first", "that day", "later"]);
    let next = first["next"].as_str().expect("a cursor").to_owned();
    let second = run_json(
        &v,
        &[
            "task",
            "list",
            "--upcoming",
            "--after",
            &next,
            "--limit",
            "3",
        ],
    );
    assert_eq!(titles(&second), ["someday"]);
    assert_eq!(second["next"], serde_json::Value::Null);
    // Without paging, the plain array, as before.
    assert_eq!(
        run_json(&v, &["task", "list", "--upcoming"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    fails(
        &steward(&v.dir, Some(PASSWORD), &["task", "list", "--limit", "2"]),
        2,
        "add --today, --overdue, --upcoming or --done",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["task", "list", "--done", "--after", &next],
        ),
        1,
        "page cursor is not valid",
    );
}
