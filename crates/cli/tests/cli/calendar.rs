//! `steward calendar`: a range of days, and its iCalendar export.

use crate::{OWN, PASSWORD, Vault, add_user, fails, init, json, ok, steward, steward_as};

fn new_task(v: &Vault, args: &[&str]) -> i64 {
    let mut all = vec!["task", "add"];
    all.extend_from_slice(args);
    ok(&steward(&v.dir, Some(PASSWORD), &all))
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn show_lists_a_range_by_day_and_time() {
    let v = init();
    let meeting = new_task(
        &v,
        &[
            "--title",
            "Meet the printer",
            "--due",
            "2999-03-10T9:30",
            "--duration",
            "1h30m",
        ],
    );
    let early = new_task(&v, &["--title", "Early call", "--due", "2999-03-10T08:00"]);
    let all_day = new_task(&v, &["--title", "Send the offer", "--due", "2999-03-12"]);
    new_task(&v, &["--title", "Later", "--due", "2999-03-20"]);
    let week = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "calendar",
            "show",
            "--from",
            "2999-03-09",
            "--to",
            "2999-03-15",
            "--json",
        ],
    ));
    let ids: Vec<i64> = week
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [early, meeting, all_day]);
    let text = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "calendar",
            "show",
            "--from",
            "2999-03-10",
            "--to",
            "2999-03-10",
        ],
    ));
    assert!(text.contains("09:30-11:00"), "{text}");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["calendar", "show", "--from", "10.03.2999"],
        ),
        2,
        "YYYY-MM-DD",
    );
}

#[test]
fn export_writes_an_ics_file_once_and_needs_the_export_permission() {
    let v = init();
    add_user(&v, "agnes", "agent");
    let id = new_task(
        &v,
        &[
            "--title",
            "Meet the printer",
            "--due",
            "2999-03-10T09:30",
            "--duration",
            "30m",
        ],
    );
    new_task(&v, &["--title", "Outside", "--due", "2999-05-01"]);
    let out = v.dir.parent().unwrap().join("march.ics");
    let path = out.to_str().unwrap();
    let printed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "calendar",
            "export",
            "--out",
            path,
            "--from",
            "2999-03-01",
            "--to",
            "2999-03-31",
            "--json",
        ],
    ));
    assert_eq!(printed["events"], 1);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines.contains(&"BEGIN:VEVENT"), "{text}");
    assert!(lines.contains(&"SUMMARY:Meet the printer"), "{text}");
    assert!(lines.contains(&"DTSTART:29990310T093000"), "{text}");
    assert!(lines.contains(&"DTEND:29990310T100000"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("UID:task-{id}."))),
        "{text}"
    );
    assert!(!text.contains("Outside"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // An existing file is never overwritten.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["calendar", "export", "--out", path],
        ),
        1,
        "exists",
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);

    // One task, as one event.
    let one = v.dir.parent().unwrap().join("one.ics");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "calendar",
            "export",
            "--out",
            one.to_str().unwrap(),
            "--task",
            &id.to_string(),
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(&one)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count(),
        1
    );

    // An agent may see the calendar but not export it; no file is left.
    let refused = v.dir.parent().unwrap().join("agent.ics");
    fails(
        &steward_as(
            &v.dir,
            "agnes",
            OWN,
            &[],
            &[
                "calendar",
                "export",
                "--out",
                refused.to_str().unwrap(),
                "--mine",
            ],
        ),
        4,
        "contacts.export",
    );
    assert!(!refused.exists());
    let audit = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--json"],
    ));
    assert_eq!(audit.matches("calendar.export").count(), 3, "{audit}");
}
