//! Phone numbers through the `steward` binary: the vault's default country
//! (from the locale at `init`, then `steward settings`) and the E.164 form
//! beside each number as written.

use std::process::Command;

use crate::{PASSWORD, fails, init, json, ok, steward};

#[test]
fn a_vault_made_under_a_romanian_locale_reads_romanian_numbers() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("--vault")
        .arg(&dir)
        .args(["init", "--user", "ada"])
        .env_remove("STEWARD_USER")
        .env_remove("STEWARD_VAULT")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env("LANG", "ro_RO.UTF-8")
        .env("STEWARD_PASSWORD", PASSWORD)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    ok(&out);
    let shown = json(&steward(
        &dir,
        Some(PASSWORD),
        &["settings", "show", "--json"],
    ));
    assert_eq!(shown["phone_country"], "RO", "{shown}");
}

#[test]
fn the_default_country_is_set_with_settings_and_contacts_carry_the_e164_form() {
    let v = init();
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["settings", "show", "--json"],
    ));
    assert_eq!(shown["phone_country"], serde_json::Value::Null, "{shown}");
    let id = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact",
            "add",
            "--name",
            "Ioana Popescu",
            "--phone",
            "0723.456.789",
        ],
    ))
    .trim()
    .to_owned();
    let contact = |v: &crate::Vault| {
        json(&steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "show", &id, "--json"],
        ))
    };
    let c = contact(&v);
    assert_eq!(c["phones"][0], "0723.456.789");
    assert_eq!(c["phone_numbers"][0]["e164"], serde_json::Value::Null);
    assert_eq!(c["phone_numbers"][0]["flag"], "no-country");

    let set = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["settings", "set", "phone-country", "ro", "--json"],
    ));
    assert_eq!(set["phone_country"], "RO");
    assert_eq!(set["phones_changed"], 1);
    let c = contact(&v);
    assert_eq!(c["phones"][0], "0723.456.789", "kept as written");
    assert_eq!(c["phone_numbers"][0]["e164"], "+40723456789");
    assert_eq!(c["phone_numbers"][0]["flag"], serde_json::Value::Null);
    let text = ok(&steward(&v.dir, Some(PASSWORD), &["contact", "show", &id]));
    assert!(
        text.contains("phone:    0723.456.789  (+40723456789)"),
        "{text}"
    );
    // Found by the number written another way.
    let hits = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "search", "+40 723 456 789", "--json"],
    ));
    assert!(hits.to_string().contains("Ioana Popescu"), "{hits}");

    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["settings", "set", "phone-country", "Romania"],
        ),
        1,
        "is not a country code",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["settings", "set", "language", "ro"],
        ),
        2,
        "unknown setting",
    );
    let none = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["settings", "set", "phone-country", "none", "--json"],
    ));
    assert_eq!(none["phone_country"], serde_json::Value::Null);
    assert_eq!(contact(&v)["phone_numbers"][0]["flag"], "no-country");
    let audit = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--action", "settings.phone_country"],
    ));
    assert_eq!(
        audit
            .lines()
            .filter(|l| l.contains("settings.phone_country"))
            .count(),
        2,
        "{audit}"
    );
}
