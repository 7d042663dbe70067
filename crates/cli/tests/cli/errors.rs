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
fn other_failures_give_the_apps_codes_and_no_reason() {
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
        serde_json::json!({"code": "authentication", "message": "wrong user name or password"})
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
    assert!(err.get("reason").is_none(), "{err}");
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
}
