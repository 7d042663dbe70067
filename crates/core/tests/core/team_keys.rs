//! Keyslots that travel in a team vault (ADR 0020): a user added, a
//! password changed, a user disabled on one laptop reach the others at
//! their next sync, and two laptops that change slots at once both keep
//! their change.

use steward_core::sync::{self, ChangeLog};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::{self, FIRST_PASSWORD, OWN_PASSWORD, OWNER, PASSWORD};
use crate::sync::Team;

const NEW_PASSWORD: &str = "copper lagoon 2031 thistle";

/// The version of the keyslots file the team's server holds.
fn keyslots_version(team: &mut Team) -> i64 {
    team.log.keyslots(&team.id).unwrap().unwrap().0
}

fn unlocks(dir: &std::path::Path, user: &str, password: &str) -> bool {
    match fixtures::unlock(dir, user, password) {
        Ok(s) => {
            drop(s);
            true
        }
        Err(Error::WrongPassword) => false,
        Err(other) => panic!("unlock failed for another reason: {other}"),
    }
}

#[test]
fn a_user_added_and_a_password_changed_on_one_laptop_unlock_the_other_after_it_syncs() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", OWNER, PASSWORD);
    let b_dir = team.dir("b");
    assert_eq!(keyslots_version(&mut team), 1);

    a.add_user("bea", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    assert!(!unlocks(&b_dir, "bea", FIRST_PASSWORD), "not before a sync");
    team.sync(&mut a);
    assert_eq!(keyslots_version(&mut team), 2);
    // The published file holds nothing of A's own folder.
    let (_, published) = team.log.keyslots(&team.id).unwrap().unwrap();
    let text = String::from_utf8(published).unwrap();
    assert!(text.contains("\"bea\""), "{text}");
    assert!(
        !text.contains("audit_head") && !text.contains("copy_id"),
        "{text}"
    );

    team.sync(&mut b);
    drop(b);
    assert!(unlocks(&b_dir, "bea", FIRST_PASSWORD));

    // A changes the owner's password; B takes it at its next sync.
    a.change_password(&Password::new(PASSWORD), &Password::new(NEW_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    assert_eq!(keyslots_version(&mut team), 3);
    let mut b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    team.sync(&mut b);
    drop(b);
    assert!(unlocks(&b_dir, OWNER, NEW_PASSWORD));
    assert!(
        !unlocks(&b_dir, OWNER, PASSWORD),
        "the old password is gone"
    );
    // Nothing changed since: a sync publishes nothing more.
    let mut b = fixtures::unlock(&b_dir, OWNER, NEW_PASSWORD).unwrap();
    team.sync(&mut b);
    team.sync(&mut a);
    assert_eq!(keyslots_version(&mut team), 3);
}

#[test]
fn a_user_disabled_on_one_laptop_no_longer_unlocks_the_other() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    a.add_user("bea", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);
    let b_dir = team.dir("b");
    drop(b);
    assert!(unlocks(&b_dir, "bea", FIRST_PASSWORD));

    a.disable_user("bea").unwrap();
    team.sync(&mut a);
    b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    team.sync(&mut b);
    drop(b);
    assert!(!unlocks(&b_dir, "bea", FIRST_PASSWORD));
    assert!(
        !steward_core::vault::users(&b_dir)
            .unwrap()
            .iter()
            .any(|u| u.user_name == "bea")
    );
}

#[test]
fn slots_changed_on_two_laptops_at_once_are_merged_and_a_removed_one_stays_removed() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    a.add_user("bea", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);
    let b_dir = team.dir("b");

    // Offline, A disables bea and adds cy; B adds dan, who gets the same
    // id as cy.
    a.disable_user("bea").unwrap();
    a.add_user("cy", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    b.add_user("dan", Role::Agent, &Password::new(NEW_PASSWORD))
        .unwrap();
    team.sync(&mut b);
    team.sync(&mut a); // loses the keyslots race to B, merges, publishes
    team.sync(&mut b);
    drop(b);

    for dir in [&team.first.dir, &b_dir] {
        let mut names: Vec<String> = steward_core::vault::users(dir)
            .unwrap()
            .into_iter()
            .map(|u| u.user_name)
            .collect();
        names.sort();
        assert_eq!(names, ["ada", "dan"], "{}", dir.display());
    }
    assert!(!unlocks(&b_dir, "bea", FIRST_PASSWORD));
    assert!(unlocks(&team.first.dir, "dan", NEW_PASSWORD));
    // Cy moved to a new id: the slot bound to the old one (which is dan's
    // now) went, so cy never unlocks as dan; an owner's reset brings cy in.
    assert!(!unlocks(&team.first.dir, "cy", FIRST_PASSWORD));
    let users = a.list_users().unwrap();
    let cy = users.iter().find(|u| u.name == "cy").unwrap();
    let dan = users.iter().find(|u| u.name == "dan").unwrap();
    assert_ne!(cy.id, dan.id);
    a.reset_password("cy", &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    let mut b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    team.sync(&mut b);
    drop(b);
    let s = fixtures::unlock(&b_dir, "cy", FIRST_PASSWORD).unwrap();
    assert_eq!(s.user().name, "cy");
    assert_eq!(s.user().id, cy.id);
}

/// The contacts' names of a session, sorted.
fn names(s: &Session) -> Vec<String> {
    let mut out: Vec<String> = s
        .list_contacts(None, 100)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    out.sort();
    out
}

fn add(s: &mut Session, name: &str) {
    s.add_contact(&steward_core::records::contacts::NewContact {
        name: name.into(),
        ..Default::default()
    })
    .unwrap();
}

/// A team of ada (owner, laptop A), bob (manager, laptop B) and eve
/// (agent, laptop E), each of whom unlocked with their password.
fn team_of_three() -> (Team, Session, Session, Session) {
    let mut team = Team::with(|first| {
        drop(fixtures::user_session(first, "bob", Role::Manager));
        drop(fixtures::user_session(first, "eve", Role::Agent));
    });
    let a = team.first.session.take().unwrap();
    let b = team.join("b", "bob", OWN_PASSWORD);
    let e = team.join("e", "eve", OWN_PASSWORD);
    (team, a, b, e)
}

#[test]
fn after_a_rekey_the_removed_user_s_key_opens_the_past_only_and_the_others_converge() {
    let (mut team, mut a, mut b, mut e) = team_of_three();
    add(&mut a, "Before Albrecht");
    team.sync(&mut a);
    team.sync(&mut b);
    team.sync(&mut e);
    assert_eq!(names(&e), ["Before Albrecht"]);

    a.disable_user("eve").unwrap();
    team.sync(&mut a);
    let rekeyed = sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    assert_eq!(rekeyed.epoch, 1);
    assert!(rekeyed.left_out.is_empty(), "{:?}", rekeyed.left_out);
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);

    // Eve's laptop holds the old key: it opens the log up to the re-key,
    // nothing after it, under either epoch.
    let changes = team.log.changes_after(&team.id, 0, 100).unwrap();
    let first = &changes[0];
    let last = changes.last().unwrap();
    let e_dir = team.dir("e");
    let old_recovery =
        &steward_core::RecoveryKey::parse(&team.first.recovery_key.expose_display_text()).unwrap();
    assert!(
        steward_core::test_support::opens_change(&e_dir, old_recovery, &team.id, first, 0).unwrap()
    );
    for epoch in [0, 1] {
        assert!(
            !steward_core::test_support::opens_change(&e_dir, old_recovery, &team.id, last, epoch)
                .unwrap()
        );
    }
    // Her replica stops at the re-key with a clear error and applies
    // nothing after it.
    let err = sync::sync(&mut e, &mut team.log).unwrap_err();
    assert!(err.to_string().contains("re-keyed"), "{err}");
    assert_eq!(names(&e), ["Before Albrecht"]);

    // Bob's replica takes the new key at its sync, and both converge.
    team.sync(&mut b);
    assert_eq!(names(&b), ["After Zephyrine", "Before Albrecht"]);
    add(&mut b, "From Bob Quillon");
    team.sync(&mut b);
    team.sync(&mut a);
    assert_eq!(names(&a), names(&b));
    assert_eq!(names(&a).len(), 3);
    // Bob's password still unlocks his laptop, now under the new key; the
    // new recovery key opens it, the old one does not.
    let b_dir = team.dir("b");
    drop(b);
    let b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    assert_eq!(names(&b).len(), 3);
    drop(b);
    assert!(steward_core::test_support::raw_connection(&b_dir, &rekeyed.recovery_key).is_ok());
    assert!(steward_core::test_support::raw_connection(&b_dir, old_recovery).is_err());
    // A new laptop joins from the snapshot under the new key.
    let c = team.join("c", "bob", OWN_PASSWORD);
    assert_eq!(names(&c).len(), 3);
}

#[test]
fn a_kill_between_the_rekey_of_vault_db_and_sync_db_recovers_at_the_next_unlock() {
    let (mut team, mut a, mut b, _e) = team_of_three();
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);

    steward_core::test_support::KILL_BETWEEN_REKEYS
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let killed = sync::sync(&mut b, &mut team.log);
    steward_core::test_support::KILL_BETWEEN_REKEYS
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let err = killed.unwrap_err();
    assert!(err.to_string().contains("killed between"), "{err}");
    let b_dir = team.dir("b");
    drop(b);
    let mut b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    team.sync(&mut b);
    assert_eq!(names(&b), ["After Zephyrine"]);
    add(&mut b, "From Bob Quillon");
    team.sync(&mut b);
    team.sync(&mut a);
    assert_eq!(names(&a), names(&b));
}

#[test]
fn a_user_without_a_key_pair_is_left_out_of_a_rekey_until_an_owner_resets_their_password() {
    let (mut team, a, _b, _e) = team_of_three();
    // Eve's slot as an older Steward wrote it: no key pair.
    a.lock().unwrap();
    let eve_id = steward_core::vault::users(&team.first.dir)
        .unwrap()
        .into_iter()
        .find(|u| u.user_name == "eve")
        .unwrap()
        .user_id;
    steward_core::test_support::rewrite_keyslots_body(
        &team.first.dir,
        &team.first.recovery_key,
        |body| {
            for slot in body["slots"].as_array_mut().unwrap() {
                if slot["user_id"] == serde_json::json!(eve_id) {
                    slot.as_object_mut().unwrap().remove("agreement");
                }
            }
        },
    )
    .unwrap();
    let mut a = fixtures::unlock(&team.first.dir, OWNER, PASSWORD).unwrap();
    let rekeyed = sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    assert_eq!(rekeyed.left_out, ["eve"]);
    assert!(!unlocks_quiet(&team.first.dir, "eve", OWN_PASSWORD));
    a.reset_password("eve", &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    let e2 = team.join("e2", "eve", FIRST_PASSWORD);
    assert_eq!(e2.user().name, "eve");
}

fn unlocks_quiet(dir: &std::path::Path, user: &str, password: &str) -> bool {
    fixtures::unlock(dir, user, password).is_ok()
}

/// The number of entries in the shared chain of a session.
fn shared_entries(s: &Session) -> usize {
    s.audit_entries(&steward_core::audit::AuditFilter {
        shared: true,
        limit: Some(10_000),
        ..Default::default()
    })
    .unwrap()
    .len()
}

/// Both audit chains of a session verify, and the shared one holds at
/// least `before` entries (those written before the re-key).
fn assert_chains_verify(s: &Session, before: usize, who: &str) {
    let report = s.audit_verify().unwrap();
    assert!(
        matches!(report, steward_core::audit::VerifyReport::Intact { .. }),
        "{who}: {report:?}"
    );
    assert!(shared_entries(s) >= before, "{who}");
}

/// ADR 0025's known defect: the audit key followed the data key, so after a
/// re-key the entries of both chains hashed before the switch no longer
/// verified, and a replica that appended pulled entries after the marker
/// before switching hashed them under the old key.
#[test]
fn after_a_rekey_both_audit_chains_verify_on_every_replica_and_a_later_backup_restores() {
    // Ada (owner) on laptops A and A2, bob (admin) on laptop B.
    let mut team = Team::with(|first| {
        drop(fixtures::user_session(first, "bob", Role::Admin));
    });
    let mut a = team.first.session.take().unwrap();
    let mut a2 = team.join("a2", OWNER, PASSWORD);
    let mut b = team.join("b", "bob", OWN_PASSWORD);
    add(&mut a, "Before Albrecht");
    add(&mut b, "Before Bartholomew");
    team.sync(&mut a);
    team.sync(&mut b);
    team.sync(&mut a2);
    team.sync(&mut a);

    let before = shared_entries(&a);
    assert!(before > 0);
    let rekeyed = sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    // A works on under the new key before the others switch: B's next
    // pull brings the marker and the change sets after it at once, and
    // appends their entries before it switches.
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);
    team.sync(&mut b);
    add(&mut b, "From Bob Quillon");
    team.sync(&mut b);
    // A2, ada's other laptop, switches at its next sync.
    team.sync(&mut a2);
    team.sync(&mut a);
    assert_eq!(names(&a), names(&b));
    assert_eq!(names(&a2), names(&b));
    assert_eq!(names(&a).len(), 4);

    for (s, who) in [(&a, "A"), (&b, "B"), (&a2, "A2")] {
        assert_chains_verify(s, before, who);
    }
    // Unlocked again, the key comes from the keyslots file.
    let a2_dir = team.dir("a2");
    let b_dir = team.dir("b");
    drop(a2);
    drop(b);
    let a2 = fixtures::unlock(&a2_dir, OWNER, PASSWORD).unwrap();
    assert_chains_verify(&a2, before, "A2 unlocked again");
    let b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    assert_chains_verify(&b, before, "B unlocked again");
    let a_dir = team.first.dir.clone();
    a.lock().unwrap();
    let mut a = fixtures::unlock(&a_dir, OWNER, PASSWORD).unwrap();
    assert_chains_verify(&a, before, "A unlocked again");

    // A backup made after the re-key verifies, passes the drill (which
    // walks its audit chain) and restores into a new folder with the new
    // recovery key, where both chains verify.
    let made = a
        .create_backup(
            steward_core::backup::BackupKind::Manual,
            None,
            &mut |_, _| {},
        )
        .unwrap();
    a.verify_backup(&made.backup.path).unwrap();
    let drill = a.restore_drill(true).unwrap();
    assert!(drill.ok, "{}", drill.detail);
    let restored = steward_core::unlock::restore_into(
        &made.backup.path,
        &team.dir("restored"),
        steward_core::vault::Credentials::RecoveryKey {
            user: None,
            key: &rekeyed.recovery_key,
        },
    )
    .unwrap();
    assert_chains_verify(&restored, before, "the restored copy");

    // A second re-key keeps the same key again.
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    let mut b = b;
    team.sync(&mut b);
    assert_chains_verify(&a, before, "A after a second re-key");
    assert_chains_verify(&b, before, "B after a second re-key");
}

/// Regression: a re-key's marker was judged against the live vault, so a
/// replica holding an unpushed change that demoted the re-keying owner
/// ignored the marker and refused everything sealed under the new key.
#[test]
fn a_rekey_marker_counts_by_the_roles_of_the_log_not_by_a_change_waiting_here() {
    let mut team = Team::with(|first| {
        drop(fixtures::user_session(first, "bob", Role::Owner));
    });
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", "bob", OWN_PASSWORD);
    // Offline on B, bob makes ada a manager; meanwhile ada re-keys.
    b.set_role(OWNER, Role::Manager).unwrap();
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);
    let report = team.sync(&mut b);
    assert_eq!(report.refused, 0, "{report:?}");
    assert_eq!(names(&b), ["After Zephyrine"]);
}

/// A CSV of the erased person and of the objecting one, as an import
/// brings them back.
const RETURNING: &str = "Name,Email,Phone\n\
    Wilhelmina Erased,wilhelmina@zephyrmail.example,+40 721 555 013\n\
    Octavian Objecting,octavian@zephyrmail.example,\n";

fn import_returning(s: &mut Session) -> steward_core::interchange::ImportReport {
    use steward_core::interchange::{ImportOptions, OnDuplicate};
    let preview = s.preview_csv(RETURNING.as_bytes()).unwrap();
    s.import_csv(
        RETURNING.as_bytes(),
        &ImportOptions {
            mapping: preview.suggested,
            on_duplicate: OnDuplicate::Create,
            ..ImportOptions::default()
        },
        &mut |_, _| {},
    )
    .unwrap()
}

/// The identifier-hash key followed the data key: after a re-key the
/// erasure ledger's and the suppression list's hashes, made before it, no
/// longer matched, so an erased person came back through an import.
#[test]
fn after_a_rekey_an_erased_or_objecting_person_is_still_recognised_on_every_replica() {
    let mut team = Team::with(|first| {
        drop(fixtures::user_session(first, "bob", Role::Admin));
    });
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", "bob", OWN_PASSWORD);
    let person = |name: &str, email: &str, phones: Vec<String>| {
        steward_core::records::contacts::NewContact {
            name: name.into(),
            emails: vec![email.into()],
            phones,
            ..Default::default()
        }
    };
    let erased = a
        .add_contact(&person(
            "Wilhelmina Erased",
            "wilhelmina@zephyrmail.example",
            vec!["+40 721 555 013".into()],
        ))
        .unwrap();
    let objecting = a
        .add_contact(&person(
            "Octavian Objecting",
            "octavian@zephyrmail.example",
            Vec::new(),
        ))
        .unwrap();
    a.object_contact(objecting).unwrap();
    a.delete_contact(objecting).unwrap();
    a.erase_contact(erased, true).unwrap();
    team.sync(&mut a);
    team.sync(&mut b);
    // A backup from before the re-key, under the old key.
    let backups = team.dir("backups");
    a.set_backup_settings(&steward_core::backup::BackupSettings {
        dir: Some(backups.clone()),
        ..Default::default()
    })
    .unwrap();
    let old = a
        .create_backup(
            steward_core::backup::BackupKind::Manual,
            None,
            &mut |_, _| {},
        )
        .unwrap();

    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    team.sync(&mut a);
    team.sync(&mut b);

    let recognised = |s: &mut Session, who: &str| {
        let report = import_returning(s);
        assert_eq!(
            (report.erased, report.suppressed, report.created),
            (1, 1, 0),
            "{who}: {report:?}"
        );
        assert!(s.search("wilhelmina", 5).unwrap().is_empty(), "{who}");
    };
    recognised(&mut a, "A");
    recognised(&mut b, "B");
    // Unlocked again, the key comes from the keyslots file.
    let b_dir = team.dir("b");
    drop(b);
    let mut b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    recognised(&mut b, "B unlocked again");
    // A second re-key keeps it too.
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    team.sync(&mut b);
    recognised(&mut a, "A after a second re-key");
    recognised(&mut b, "B after a second re-key");

    // The backup from before the re-key, restored into a new folder with
    // the old recovery key, still knows them.
    let old_recovery =
        steward_core::RecoveryKey::parse(&team.first.recovery_key.expose_display_text()).unwrap();
    let mut restored = steward_core::unlock::restore_into(
        &old.backup.path,
        &team.dir("restored"),
        steward_core::vault::Credentials::RecoveryKey {
            user: None,
            key: &old_recovery,
        },
    )
    .unwrap();
    recognised(&mut restored, "the restored copy");
}

/// The `why` of every `sync-refused` alert of a replica, by change.
fn refusals(s: &Session) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = s
        .list_alerts(true)
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == "sync-refused")
        .map(|a| {
            let param = |k: &str| a.params.get(k).cloned().unwrap_or_default();
            (param("change"), param("why"))
        })
        .collect();
    out.sort();
    out
}

/// The epoch of a replica's keyslots file.
fn epoch_of(dir: &std::path::Path) -> u64 {
    let bytes = std::fs::read(dir.join(steward_core::vault::KEYSLOTS_FILE)).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    json["body"]["epoch"].as_u64().unwrap_or(0)
}

/// A team of ada (owner, laptop A), bob (`bob_role`, laptop B) and two
/// admins (who see alerts), eve (laptop E) and cid (laptop C), all synced.
fn team_of_four(bob_role: Role) -> (Team, Session, Session, Session, Session) {
    let mut team = Team::with(|first| {
        drop(fixtures::user_session(first, "bob", bob_role));
        drop(fixtures::user_session(first, "eve", Role::Admin));
        drop(fixtures::user_session(first, "cid", Role::Admin));
    });
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", "bob", OWN_PASSWORD);
    let mut e = team.join("e", "eve", OWN_PASSWORD);
    let mut c = team.join("c", "cid", OWN_PASSWORD);
    for s in [&mut a, &mut b, &mut e, &mut c] {
        team.sync(s);
    }
    for s in [&mut a, &mut b, &mut e, &mut c] {
        team.sync(s);
    }
    (team, a, b, e, c)
}

/// Regression: a re-key's marker was judged by the roles as the shadow
/// held them when the pull began, so a laptop that pulled "bob made owner"
/// and bob's marker at once took no key, and refused as unreadable what
/// bob wrote after it, while a laptop that pulled the promotion earlier
/// read it.
#[test]
fn a_marker_pulled_with_the_promotion_of_its_author_counts_as_when_pulled_apart() {
    let (mut team, mut a, mut b, mut e, mut c) = team_of_four(Role::Manager);
    a.set_role("bob", Role::Owner).unwrap();
    team.sync(&mut a);
    // Cid's laptop pulls each step as it comes; eve's stays offline.
    team.sync(&mut c);
    team.sync(&mut b);
    let b_dir = team.dir("b");
    drop(b);
    let mut b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    let rekeyed = sync::rekey(&mut b, &mut team.log, &Password::new(OWN_PASSWORD)).unwrap();
    assert_eq!(rekeyed.epoch, 1);
    team.sync(&mut c);
    add(&mut b, "After Zephyrine");
    team.sync(&mut b);
    team.sync(&mut c);

    // One pull: the promotion, the marker and bob's contact.
    let report = team.sync(&mut e);
    assert_eq!(report.refused, 0, "{report:?} {:?}", refusals(&e));
    assert_eq!(names(&e), ["After Zephyrine"]);
    assert_eq!(names(&c), names(&e));
    assert!(refusals(&c).is_empty(), "{:?}", refusals(&c));
    assert_eq!(epoch_of(&team.dir("e")), 1);
    assert_eq!(epoch_of(&team.dir("c")), 1);
    // Both go on under the new key.
    add(&mut e, "From Eve Ottoline");
    team.sync(&mut e);
    team.sync(&mut c);
    team.sync(&mut b);
    assert_eq!(names(&c), ["After Zephyrine", "From Eve Ottoline"]);
    assert_eq!(names(&b), names(&c));
}

/// Regression, the reverse: bob, demoted on another laptop, re-keyed with
/// the demotion not yet pulled; a laptop that pulled the demotion and the
/// marker at once took the new key and read what bob wrote under it, while
/// one that pulled the demotion earlier refused them.
#[test]
fn a_marker_pulled_with_the_demotion_of_its_author_is_refused_as_when_pulled_apart() {
    let (mut team, mut a, mut b, mut e, mut c) = team_of_four(Role::Owner);
    a.set_role("bob", Role::Manager).unwrap();
    team.sync(&mut a);
    team.sync(&mut c);
    // Bob's session still holds the role it opened with; the re-key's own
    // sync pulls the demotion, and the marker lands after it.
    sync::rekey(&mut b, &mut team.log, &Password::new(OWN_PASSWORD)).unwrap();
    team.sync(&mut c);
    add(&mut b, "After Zephyrine");
    team.sync(&mut b);
    team.sync(&mut c);

    let report = team.sync(&mut e);
    assert!(report.refused >= 2, "{report:?}");
    assert!(names(&e).is_empty(), "{:?}", names(&e));
    assert_eq!(names(&c), names(&e));
    assert_eq!(refusals(&e), refusals(&c));
    let whys: Vec<String> = refusals(&e).into_iter().map(|(_, w)| w).collect();
    assert!(whys.iter().any(|w| w == "rekey"), "{whys:?}");
    assert!(whys.iter().any(|w| w == "unreadable"), "{whys:?}");
    assert_eq!(epoch_of(&team.dir("e")), 0);
    assert_eq!(epoch_of(&team.dir("c")), 0);
    // The rest of the team goes on under the old key.
    add(&mut e, "From Eve Ottoline");
    team.sync(&mut e);
    team.sync(&mut c);
    team.sync(&mut a);
    assert_eq!(names(&c), ["From Eve Ottoline"]);
    assert_eq!(names(&a), names(&c));
}

/// A backup made before a re-key is under the old key: restoring it over
/// the re-keyed replica is refused with the reason a screen names, and
/// the replica (its vault and its shadow) goes on as before.
#[test]
fn a_backup_from_before_a_rekey_is_refused_over_the_replica_which_goes_on_unharmed() {
    let (mut team, mut a, mut b, _e) = team_of_three();
    add(&mut b, "Before Albrecht");
    team.sync(&mut b);
    let backups = team.dir("backups");
    std::fs::create_dir_all(&backups).unwrap();
    team.sync(&mut a);
    let backup = a
        .create_backup(
            steward_core::backup::BackupKind::Manual,
            Some(&backups),
            &mut |_, _| {},
        )
        .unwrap();
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);
    team.sync(&mut b);
    let applied = sync::status(&a).unwrap().last_applied;

    // Ada's password of the time opens the backup; its key is not the
    // vault's any more.
    let refused = a.prepare_restore(
        &backup.backup.path,
        &steward_core::vault::Credentials::Password {
            user: OWNER,
            password: &Password::new(PASSWORD),
        },
    );
    let Err(err) = refused else {
        panic!("a backup under the old key was taken for this vault's")
    };
    assert_eq!(err.reason(), Some("backup-other-vault"), "{err}");
    assert!(err.to_string().contains("new folder"), "{err}");

    assert_eq!(sync::status(&a).unwrap().last_applied, applied);
    add(&mut b, "From Bob Quillon");
    team.sync(&mut b);
    team.sync(&mut a);
    assert_eq!(
        names(&a),
        ["After Zephyrine", "Before Albrecht", "From Bob Quillon"]
    );
    assert_eq!(names(&b), names(&a));
    let a_dir = team.first.dir.clone();
    a.lock().unwrap();
    let mut a = fixtures::unlock(&a_dir, OWNER, PASSWORD).unwrap();
    assert_eq!(names(&a).len(), 3);
    assert_eq!(team.sync(&mut a).refused, 0);
}

/// Whether a folder's keyslots file holds the sealed lasting keys.
fn holds_lasting_keys(dir: &std::path::Path) -> bool {
    let bytes = std::fs::read(dir.join(steward_core::vault::KEYSLOTS_FILE)).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    json["body"].get("lasting_keys").is_some()
}

/// A team vault re-keyed by a Steward that did not seal the lasting keys
/// (its keyslots files lack `lasting_keys`): each replica took the audit
/// key of the current data key, so the chains no longer verified. An
/// unlock now takes them from the first data key its shadow kept, seals
/// them into the file, and the chains verify again.
#[test]
fn a_replica_re_keyed_without_lasting_keys_is_repaired_at_its_next_unlock() {
    // Bob an admin, who may verify the chains.
    let (mut team, mut a, mut b, _e, _c) = team_of_four(Role::Admin);
    add(&mut a, "Before Albrecht");
    team.sync(&mut a);
    team.sync(&mut b);
    let before = shared_entries(&a);
    let rekeyed = sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);
    team.sync(&mut b);
    let a_dir = team.first.dir.clone();
    let b_dir = team.dir("b");
    a.lock().unwrap();
    drop(b);
    for dir in [&a_dir, &b_dir] {
        assert!(holds_lasting_keys(dir));
        steward_core::test_support::rewrite_keyslots_body(dir, &rekeyed.recovery_key, |body| {
            body.as_object_mut().unwrap().remove("lasting_keys");
        })
        .unwrap();
        assert!(!holds_lasting_keys(dir));
    }
    // The server's copy lacks them too.
    let published_holds = |team: &mut Team| {
        let (_, bytes) = team.log.keyslots(&team.id).unwrap().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        json["body"].get("lasting_keys").is_some()
    };
    let version = keyslots_version(&mut team);
    let stripped = std::fs::read(a_dir.join(steward_core::vault::KEYSLOTS_FILE)).unwrap();
    team.log
        .replace_keyslots(&team.id, version, &stripped)
        .unwrap();
    assert!(!published_holds(&mut team));

    let a = fixtures::unlock(&a_dir, OWNER, PASSWORD).unwrap();
    assert!(holds_lasting_keys(&a_dir), "repaired at the owner's unlock");
    assert_chains_verify(&a, before, "A repaired");
    let b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    assert!(holds_lasting_keys(&b_dir));
    assert_chains_verify(&b, before, "B repaired");
    // The repair lasts: unlocked again, and after syncs, both still verify.
    a.lock().unwrap();
    let mut a = fixtures::unlock(&a_dir, OWNER, PASSWORD).unwrap();
    let mut b = b;
    add(&mut a, "Later Quillon");
    team.sync(&mut a);
    assert!(published_holds(&mut team), "the repair travels");
    team.sync(&mut b);
    assert_chains_verify(&a, before, "A after a sync");
    assert_chains_verify(&b, before, "B after a sync");
    assert_eq!(names(&b), names(&a));
}

/// Regression: a replica took the new key from the pending slot the
/// published keyslots file held for it, checked only under that same key;
/// anyone may seal a pending slot to a public key, so after an owner's
/// re-key the server could publish a file of its own key, and the replica
/// switched to it and sealed its change sets for the server from then on.
/// The marker, sealed under the old key, now names the new key: a replica
/// refuses any other, with an alert, and keeps its key.
#[test]
fn a_new_key_forged_by_the_server_after_a_real_rekey_is_refused_and_the_real_one_taken() {
    let (mut team, mut a, _b, mut e, _c) = team_of_four(Role::Manager);
    add(&mut a, "Before Albrecht");
    team.sync(&mut a);
    team.sync(&mut e);
    sync::rekey(&mut a, &mut team.log, &Password::new(PASSWORD)).unwrap();
    add(&mut a, "After Zephyrine");
    team.sync(&mut a);

    // The server swaps the published file for one with its own key in
    // every pending slot, its MAC under that key.
    let (version, real) = team.log.keyslots(&team.id).unwrap().unwrap();
    let forged = steward_core::test_support::forge_pending_key(&real).unwrap();
    let version = team
        .log
        .replace_keyslots(&team.id, version, &forged)
        .unwrap();
    let err = sync::sync(&mut e, &mut team.log).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err:?}");
    assert!(err.to_string().contains("does not name"), "{err}");
    assert_eq!(epoch_of(&team.dir("e")), 0, "the replica keeps its key");
    assert_eq!(names(&e), ["Before Albrecht"]);
    let whys: Vec<String> = refusals(&e).into_iter().map(|(_, w)| w).collect();
    assert_eq!(whys, ["rekey-key"]);
    // Raised once, however often the sync stops there.
    assert!(sync::sync(&mut e, &mut team.log).is_err());
    assert_eq!(refusals(&e).len(), 1);

    // The real file back: the real key is taken and the team goes on.
    team.log.replace_keyslots(&team.id, version, &real).unwrap();
    team.sync(&mut e);
    assert_eq!(epoch_of(&team.dir("e")), 1);
    assert_eq!(names(&e), ["After Zephyrine", "Before Albrecht"]);
}

/// Regression: the key of a re-key's marker was taken when the user id it
/// claims is an owner's, while the marker itself was judged in full and
/// refused (its author's slot belongs to another user): the replica
/// switched to a key the team refused. Now only a marker that passes is
/// followed.
#[test]
fn a_marker_claiming_another_owner_s_id_moves_no_replica_to_its_key() {
    let (mut team, mut a, mut b, mut e, _c) = team_of_four(Role::Owner);
    add(&mut a, "Before Albrecht");
    team.sync(&mut a);
    team.sync(&mut b);
    // Bob's marker claims ada's user id from his own slot.
    steward_core::test_support::claim_in_rekey_marker(Some(a.user().id));
    let rekeyed = sync::rekey(&mut b, &mut team.log, &Password::new(OWN_PASSWORD));
    steward_core::test_support::claim_in_rekey_marker(None);
    rekeyed.unwrap();

    let report = team.sync(&mut e);
    assert_eq!(report.refused, 1, "{report:?}");
    assert_eq!(epoch_of(&team.dir("e")), 0, "no switch to the refused key");
    let whys: Vec<String> = refusals(&e).into_iter().map(|(_, w)| w).collect();
    assert_eq!(whys, ["other-slot"]);
    assert_eq!(names(&e), ["Before Albrecht"]);
    // What bob writes under his key does not open on eve's laptop.
    add(&mut b, "After Zephyrine");
    team.sync(&mut b);
    let report = team.sync(&mut e);
    assert_eq!(report.refused, 1, "{report:?}");
    assert_eq!(names(&e), ["Before Albrecht"]);
}
