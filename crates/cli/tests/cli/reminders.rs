//! `steward reminder …` under the test clock, with the local zone pinned.

use crate::{PASSWORD, Vault, fails, init, json, ok, steward_as};

const NOW: [(&str, &str); 2] = [("STEWARD_NOW", "2026-12-07T13:50:00Z"), ("TZ", "UTC")];

fn run(v: &Vault, args: &[&str]) -> std::process::Output {
    steward_as(&v.dir, "ada", PASSWORD, &NOW, args)
}

fn add_task(v: &Vault, title: &str, due: &str, remind: &str) -> i64 {
    json(&run(
        v,
        &[
            "--json", "task", "add", "--title", title, "--due", due, "--remind", remind,
        ],
    ))["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn reminders_are_listed_snoozed_and_dismissed_and_the_queue_names_nothing() {
    let v = init();
    let call = add_task(&v, "Call Ana Popescu", "2026-12-07T14:00", "15m");
    let later = add_task(&v, "Quarterly review", "2026-12-09", "1d");
    let list = json(&run(&v, &["--json", "reminder", "list"]));
    assert_eq!(list["due"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["due"][0]["task"]["id"], call);
    assert_eq!(list["due"][0]["at"], "2026-12-07T13:45");
    assert_eq!(list["due"][0]["task"]["title"], "Call Ana Popescu");
    assert_eq!(list["upcoming"][0]["task"]["id"], later);
    // A task due at no time reminds as if due at 09:00.
    assert_eq!(list["upcoming"][0]["at"], "2026-12-08T09:00");
    let text = ok(&run(&v, &["reminder", "list"]));
    assert!(
        text.contains("due:\n  2026-12-07 13:45") && text.contains("Call Ana Popescu — 14:00"),
        "{text}"
    );

    // The queue beside the vault, written as the command closed it.
    let queue = std::fs::read_to_string(v.dir.join("reminders.json")).unwrap();
    assert!(
        queue.starts_with(&format!(
            r#"{{"format":1,"language":"en","reminders":[{{"task":{call},"at":"2026-12-07T13:45"}},{{"task":{later},"at":"2026-12-08T09:00"}}],"owner":""#
        )),
        "{queue}"
    );
    assert!(!queue.contains("Ana") && !queue.contains("review") && !queue.contains("ada"));

    let snoozed = json(&run(
        &v,
        &[
            "--json",
            "reminder",
            "snooze",
            &call.to_string(),
            "--for",
            "1h",
        ],
    ));
    assert_eq!(snoozed["until"], "2026-12-07T14:50");
    let list = json(&run(&v, &["--json", "reminder", "list"]));
    assert_eq!(list["due"].as_array().unwrap().len(), 0);
    assert_eq!(list["upcoming"][0]["snoozed"], true);
    let bad = run(
        &v,
        &["reminder", "snooze", &call.to_string(), "--for", "soon"],
    );
    fails(&bad, 2, "--for");

    ok(&run(&v, &["reminder", "dismiss", &call.to_string()]));
    let list = json(&run(&v, &["--json", "reminder", "list"]));
    let ids: Vec<_> = list["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["task"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [later]);
    let again = run(&v, &["reminder", "dismiss", &call.to_string()]);
    fails(&again, 1, "reminder");
}
