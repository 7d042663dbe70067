//! `steward team …` and `steward sync` with two replicas on one real
//! PostgreSQL server (a throwaway cluster per test).

use std::path::{Path, PathBuf};

use steward_sync_pg::test_cluster::Cluster;

use crate::{PASSWORD, Vault, add, fails, init, json, ok, steward};

/// A password in the address given to `team create`: the cluster trusts
/// local connections, so it is ignored there, and it must never be kept or
/// shown.
const SERVER_PASSWORD: &str = "hunter2-do-not-keep";

struct Team {
    cluster: Cluster,
    a: Vault,
    b: PathBuf,
    team: String,
}

/// `init` on A, `team create`, `team join` into a new folder B as ada.
fn team() -> Team {
    let cluster = Cluster::start();
    let a = init();
    let server = format!("{} password={SERVER_PASSWORD}", cluster.url("postgres"));
    let created = steward(
        &a.dir,
        Some(PASSWORD),
        &["team", "create", "--server", &server],
    );
    assert!(
        String::from_utf8_lossy(&created.stderr)
            .contains("the password in --server is visible to other accounts"),
        "a password on the command line is warned about"
    );
    let team = ok(&created).trim().to_owned();
    assert_eq!(team.len(), 64, "a team id: {team}");
    let b = a.dir.parent().unwrap().join("laptop-b");
    let joined = json(&steward(
        &b,
        Some(PASSWORD),
        &[
            "--user",
            "ada",
            "team",
            "join",
            "--server",
            &cluster.url("postgres"),
            "--team",
            &team,
            "--json",
        ],
    ));
    assert_eq!(joined["team"], team.as_str());
    Team {
        cluster,
        a,
        b,
        team,
    }
}

fn run(dir: &Path, args: &[&str]) -> String {
    ok(&steward(dir, Some(PASSWORD), args))
}

fn sync(dir: &Path) -> serde_json::Value {
    json(&steward(dir, Some(PASSWORD), &["sync", "--json"]))
}

fn show(dir: &Path, id: &str) -> serde_json::Value {
    json(&steward(
        dir,
        Some(PASSWORD),
        &["contact", "show", id, "--json"],
    ))
}

#[test]
fn two_replicas_edit_one_contact_offline_and_converge() {
    let t = team();
    let a = &t.a.dir;
    let id = add(
        &t.a,
        &[
            "--name",
            "Zebulon Quillfeather",
            "--email",
            "zq@quillmarsh.example",
            "--notes",
            "Collects Tasmanian ferns",
        ],
    )
    .to_string();
    let pushed = sync(a);
    assert_eq!(pushed["pushed"], 1, "{pushed}");
    let pulled = sync(&t.b);
    assert_eq!(pulled["pulled"], 1, "{pulled}");
    assert_eq!(show(&t.b, &id)["name"], "Zebulon Quillfeather");

    // Offline on both: different fields, and the same field.
    run(
        a,
        &[
            "contact",
            "edit",
            &id,
            "--title",
            "Archivist",
            "--notes",
            "Owl sanctuary visits",
        ],
    );
    run(
        &t.b,
        &[
            "contact",
            "edit",
            &id,
            "--city",
            "Brasov",
            "--notes",
            "Lantern festival plans",
        ],
    );
    let status = json(&steward(a, Some(PASSWORD), &["team", "status", "--json"]));
    assert_eq!(status["team"], t.team.as_str());
    assert!(status["waiting"].as_u64().unwrap() >= 1, "{status}");
    assert_eq!(status["database"], "postgres");
    assert!(!status.to_string().contains(SERVER_PASSWORD));
    let human = run(a, &["team", "status"]);
    assert!(human.contains(&t.team), "{human}");
    assert!(!human.contains(SERVER_PASSWORD), "{human}");

    assert_eq!(sync(a)["pushed"], 1);
    let b_sync = sync(&t.b);
    assert_eq!(b_sync["pulled"], 1, "{b_sync}");
    assert_eq!(b_sync["pushed"], 1, "{b_sync}");
    assert!(
        b_sync["conflicts_resolved"].as_u64().unwrap() >= 1,
        "{b_sync}"
    );
    sync(a);
    sync(&t.b);

    let on_a = show(a, &id);
    let on_b = show(&t.b, &id);
    assert_eq!(on_a, on_b);
    assert_eq!(on_a["title"], "Archivist");
    assert_eq!(on_a["city"], "Brasov");
    // The same field: the last writer by the log's order, B's.
    assert_eq!(on_a["notes"], "Lantern festival plans");
    for dir in [a, &t.b] {
        let status = json(&steward(dir, Some(PASSWORD), &["team", "status", "--json"]));
        assert_eq!(status["waiting"], 0, "{status}");
    }

    // The server holds none of it in a readable form.
    let dump = t.cluster.dump_data("postgres");
    assert!(dump.contains(&t.team), "the dump is of the team's tables");
    for secret in [
        "Zebulon",
        "Quillfeather",
        "zq@quillmarsh.example",
        "quillmarsh",
        "Tasmanian",
        "Owl sanctuary",
        "Lantern festival",
        "Archivist",
        "Brasov",
        SERVER_PASSWORD,
    ] {
        assert!(!dump.contains(secret), "the server holds {secret:?}");
    }
}

#[test]
fn an_erasure_on_one_replica_reaches_the_other_and_stays() {
    let t = team();
    let a = &t.a.dir;
    let id = add(
        &t.a,
        &[
            "--name",
            "Ottoline Marchbanks",
            "--email",
            "om@heronry.example",
        ],
    )
    .to_string();
    let keep = add(&t.a, &["--name", "Percival Stay"]).to_string();
    sync(a);
    sync(&t.b);
    assert_eq!(show(&t.b, &id)["name"], "Ottoline Marchbanks");

    // B edits the person offline while A erases them.
    run(
        &t.b,
        &[
            "contact",
            "edit",
            &id,
            "--notes",
            "Call about the heron survey",
        ],
    );
    run(a, &["dsr", "erase", &id, "--confirm"]);
    sync(a);
    sync(&t.b);
    sync(&t.b);
    sync(a);
    for dir in [a, &t.b] {
        fails(
            &steward(dir, Some(PASSWORD), &["contact", "show", &id]),
            1,
            "not",
        );
        assert_eq!(show(dir, &keep)["name"], "Percival Stay");
    }
    // Still gone after B syncs again with no row to send (only the audit
    // entries of the commands above travel).
    let status = json(&steward(
        &t.b,
        Some(PASSWORD),
        &["team", "status", "--json"],
    ));
    assert_eq!(status["waiting"], 0, "{status}");
    sync(&t.b);
    fails(
        &steward(&t.b, Some(PASSWORD), &["contact", "show", &id]),
        1,
        "not",
    );
    let dump = t.cluster.dump_data("postgres");
    for secret in ["Ottoline", "Marchbanks", "heronry", "heron survey"] {
        assert!(!dump.contains(secret), "the server holds {secret:?}");
    }
}

#[test]
fn a_sync_against_a_stopped_server_fails_and_keeps_the_vault() {
    let t = team();
    let a = &t.a.dir;
    let id = add(&t.a, &["--name", "Imogen Lathbury"]).to_string();
    let before_status = json(&steward(a, Some(PASSWORD), &["team", "status", "--json"]));
    let before = show(a, &id);
    t.cluster.stop();

    let out = steward(a, Some(PASSWORD), &["sync"]);
    fails(&out, 1, "the team server is unreachable");
    // The reason, not only that it failed: the socket is gone.
    fails(&out, 1, "No such file or directory");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(SERVER_PASSWORD));
    let out = steward(a, Some(PASSWORD), &["sync", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "other", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("the team server is unreachable"),
        "{err}"
    );
    assert!(!err.to_string().contains(SERVER_PASSWORD));

    assert_eq!(show(a, &id), before);
    let mut after_status = json(&steward(a, Some(PASSWORD), &["team", "status", "--json"]));
    // Each command's own audit entries wait to travel too: more of them now.
    let mut before_status = before_status;
    let entries = |st: &mut serde_json::Value| st["entries_waiting"].take().as_u64().unwrap();
    assert!(entries(&mut after_status) > entries(&mut before_status));
    assert_eq!(after_status, before_status);
    assert!(after_status["waiting"].as_u64().unwrap() >= 1);

    // The server moved: --server says where, and is remembered.
    let moved = Cluster::start();
    let out = steward(
        a,
        Some(PASSWORD),
        &["sync", "--server", &moved.url("postgres")],
    );
    fails(&out, 1, "no vault with this id");
    let status = json(&steward(a, Some(PASSWORD), &["team", "status", "--json"]));
    assert_eq!(status["host"], moved.dir().join("socket").to_str().unwrap());
}

#[test]
fn team_commands_on_a_vault_that_is_not_a_replica_say_so() {
    let v = init();
    fails(
        &steward(&v.dir, Some(PASSWORD), &["sync"]),
        2,
        "not part of a team vault",
    );
}

#[test]
fn a_join_with_a_wrong_password_can_be_tried_again() {
    let cluster = Cluster::start();
    let a = init();
    let team = run(
        &a.dir,
        &["team", "create", "--server", &cluster.url("postgres")],
    )
    .trim()
    .to_owned();
    let b = a.dir.parent().unwrap().join("laptop-b");
    let join = |password: &str| {
        steward(
            &b,
            Some(password),
            &[
                "--user",
                "ada",
                "team",
                "join",
                "--server",
                &cluster.url("postgres"),
                "--team",
                &team,
            ],
        )
    };
    fails(&join("not the password"), 3, "");
    ok(&join(PASSWORD));
    fails(&join(PASSWORD), 1, "choose an empty folder");
    let status = json(&steward(&b, Some(PASSWORD), &["team", "status", "--json"]));
    assert_eq!(status["team"], team.as_str());
    fails(
        &steward(
            &b,
            Some(PASSWORD),
            &["team", "join", "--server", "x", "--team", &team],
        ),
        2,
        "--user",
    );
}

#[test]
fn team_rekey_moves_both_replicas_to_a_new_key_and_prints_a_new_recovery_key() {
    let t = team();
    let a = &t.a.dir;
    add(&t.a, &["--name", "Before Albrecht"]);
    sync(a);
    sync(&t.b);
    let done = json(&steward(a, Some(PASSWORD), &["team", "rekey", "--json"]));
    assert_eq!(done["epoch"], 1, "{done}");
    let new_key = done["recovery_key"].as_str().unwrap().to_owned();
    assert_ne!(new_key, t.a.recovery_key, "a new recovery key");
    assert_eq!(done["left_out"], serde_json::json!([]));
    let id = add(&t.a, &["--name", "After Zephyrine"]).to_string();
    assert_eq!(sync(a)["pushed"], 1);
    // B, ada's other laptop, takes the new key at its sync.
    let pulled = sync(&t.b);
    // The marker and the contact, and change sets carrying only audit
    // entries (every command's entries travel, ADR 0024).
    assert!(
        pulled["pulled"].as_u64().unwrap() >= 2,
        "the marker and the contact: {pulled}"
    );
    assert_eq!(pulled["refused"], 0, "{pulled}");
    assert_eq!(show(&t.b, &id)["name"], "After Zephyrine");
    let list = |dir: &Path| {
        json(&steward(
            dir,
            Some(PASSWORD),
            &["contact", "list", "--json"],
        ))
        .to_string()
    };
    assert_eq!(list(a), list(&t.b));
    assert!(list(&t.b).contains("Before Albrecht"));
    // Both audit chains, written before the re-key and after it, verify on
    // both laptops (ADR 0025: the audit key stays the vault's).
    for dir in [a, &t.b] {
        let verified = json(&steward(
            dir,
            Some(PASSWORD),
            &["audit", "verify", "--json"],
        ));
        assert_eq!(verified["intact"], true, "{verified}");
    }
}

/// The shared audit chain as `audit list --shared --json` shows it, oldest
/// first.
fn shared_chain(dir: &Path) -> Vec<serde_json::Value> {
    let listed = json(&steward(
        dir,
        Some(PASSWORD),
        &["audit", "list", "--shared", "--limit", "10000", "--json"],
    ));
    let mut entries = listed.as_array().unwrap().clone();
    entries.reverse();
    entries
}

#[test]
fn both_replicas_hold_the_same_verified_shared_audit_chain() {
    let t = team();
    let a = &t.a.dir;
    let id = add(&t.a, &["--name", "Philippa Wexcombe"]).to_string();
    show(a, &id);
    sync(a);
    sync(&t.b);
    show(&t.b, &id);
    run(&t.b, &["contact", "edit", &id, "--title", "Warden"]);
    sync(&t.b);
    sync(a);

    // Every command writes entries (its unlock too), so the replica that
    // synced last is ahead by its own change set: the other's chain is the
    // same rows and hashes up to where it stands.
    let on_a = shared_chain(a);
    let on_b = shared_chain(&t.b);
    assert!(on_a.len() >= on_b.len(), "{} {}", on_a.len(), on_b.len());
    assert_eq!(on_a[..on_b.len()], on_b[..]);
    let actions: Vec<(&str, &str)> = on_a
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["replica"].as_str().unwrap(),
            )
        })
        .collect();
    let replica_of = |action: &str| {
        actions
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("no {action} in {actions:?}"))
    };
    // A's create and B's edit, each from its own replica, by ada.
    assert_ne!(replica_of("contact.create"), replica_of("contact.update"));
    assert!(on_a.iter().all(|e| e["author"] == "ada"));
    assert!(!actions.iter().any(|(a, _)| *a == "team.pull"));
    for dir in [a, &t.b] {
        let verified = json(&steward(
            dir,
            Some(PASSWORD),
            &["audit", "verify", "--json"],
        ));
        assert_eq!(verified["intact"], true, "{verified}");
    }
    let csv = t.a.dir.parent().unwrap().join("shared.csv");
    run(
        a,
        &[
            "audit",
            "export",
            "--shared",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",author,replica"),
        "{text}"
    );
    assert!(text.contains("contact.update"), "{text}");
}
