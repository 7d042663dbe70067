//! Errors with `--json`: one JSON object on stderr with the app's code, the
//! message, and for refused input core's reason and its values.

use super::*;

/// The one stderr line, parsed, after checking the exit code and that
/// stdout is empty.
fn json_error(output: &Output, exit: i32) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(exit), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    serde_json::from_str(stderr.trim_end()).unwrap()
}

#[test]
fn refused_input_gives_the_code_the_reason_and_its_values() {
    let v = init();
    let long = "x".repeat(301);
    let err = json_error(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "--json", "contact", "add", "--name", "Ana", "--title", &long,
            ],
        ),
        1,
    );
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(err["reason"], "too-long");
    assert_eq!(
        err["params"],
        serde_json::json!({"field": "title", "length": "301", "limit": "300"})
    );
    assert_eq!(
        err["message"],
        "the title is 301 characters long; the limit is 300"
    );
    // Without --json, the same error is the usual sentence.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "add", "--name", "Ana", "--title", &long],
        ),
        1,
        "steward: the title is 301 characters long; the limit is 300",
    );
}

#[test]
fn other_failures_give_the_apps_codes_and_their_reasons() {
    let v = init();
    let err = json_error(
        &steward(
            &v.dir,
            Some("not the password"),
            &["--json", "contact", "list"],
        ),
        3,
    );
    assert_eq!(
        err,
        serde_json::json!({
            "code": "authentication",
            "message": "wrong user name or password",
            "reason": "wrong-password",
            "params": {},
        })
    );
    let err = json_error(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["--json", "contact", "show", "999"],
        ),
        1,
    );
    assert_eq!(err["code"], "not_found");
    assert_eq!(err["reason"], "not-found");
    assert_eq!(err["params"], serde_json::json!({"entity": "contact"}));
    add_user(&v, "vera", "viewer");
    let err = json_error(
        &steward_as(
            &v.dir,
            "vera",
            OWN,
            &[],
            &["--json", "contact", "add", "--name", "Ana"],
        ),
        4,
    );
    assert_eq!(err["code"], "permission_denied");
    assert_eq!(err["reason"], "permission-denied");
    assert_eq!(err["params"]["role"], "viewer");
}

#[test]
fn usage_errors_clap_finds_follow_the_json_contract_with_json() {
    let v = init();
    let run = |args: &[&str]| steward(&v.dir, Some(PASSWORD), args);
    // An unknown option, --json after the subcommand as before it.
    for args in [
        &["contact", "list", "--json", "--bogus"][..],
        &["--json", "contact", "list", "--bogus"][..],
    ] {
        let err = json_error(&run(args), 2);
        assert_eq!(
            err,
            serde_json::json!({
                "code": "invalid_input",
                "message": "unexpected argument '--bogus' found",
                "reason": "unknown-argument",
                "params": { "argument": "--bogus" },
            })
        );
    }
    let err = json_error(&run(&["--json", "contact", "list", "--limit", "many"]), 2);
    assert_eq!(err["reason"], "invalid-value");
    assert_eq!(err["params"]["argument"], "--limit <LIMIT>");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid value 'many' for '--limit <LIMIT>'"),
        "{err}"
    );
    let err = json_error(&run(&["--json", "contakt"]), 2);
    assert_eq!(err["reason"], "unknown-subcommand");
    assert_eq!(err["params"]["argument"], "contakt");
    // A command group without its subcommand: clap would print the help.
    let err = json_error(&run(&["--json", "contact"]), 2);
    assert_eq!(err["reason"], "missing-subcommand");
    assert_eq!(err["params"], serde_json::json!({}));

    // Without --json (or with it only after `--`), clap's own text.
    let plain = run(&["contact", "list", "--bogus"]);
    assert_eq!(plain.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus' found")
            && stderr.contains("Usage:"),
        "{stderr}"
    );
    let after = run(&["contact", "--", "--json"]);
    assert_eq!(after.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&after.stderr).starts_with("error: "));
    // Help is not an error: printed as usual, on stdout, exit 0.
    let help = run(&["--json", "contact", "list", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: steward contact list"));
}
