//! Keyslots that travel in a team vault (ADR 0020): a user added, a
//! password changed, a user disabled on one laptop reach the others at
//! their next sync, and two laptops that change slots at once both keep
//! their change.

use std::path::PathBuf;

use steward_core::sync::{self, ChangeLog, MemoryLog, VaultId};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::{self, FIRST_PASSWORD, OWNER, PASSWORD, TestVault};

const NEW_PASSWORD: &str = "copper lagoon 2031 thistle";

struct Team {
    log: MemoryLog,
    id: VaultId,
    first: TestVault,
    temp: tempfile::TempDir,
}

impl Team {
    fn new() -> Self {
        let mut first = fixtures::new_vault();
        let mut log = MemoryLog::new();
        let id = sync::publish(first.session(), &mut log).unwrap();
        Team {
            log,
            id,
            first,
            temp: tempfile::tempdir().unwrap(),
        }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    fn join(&mut self, name: &str) -> Session {
        sync::join(
            &self.dir(name),
            &mut self.log,
            &self.id,
            OWNER,
            &Password::new(PASSWORD),
        )
        .unwrap()
    }

    fn sync(&mut self, s: &mut Session) {
        sync::sync(s, &mut self.log).unwrap();
    }

    fn keyslots_version(&mut self) -> i64 {
        self.log.keyslots(&self.id).unwrap().unwrap().0
    }
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
    let mut b = team.join("b");
    let b_dir = team.dir("b");
    assert_eq!(team.keyslots_version(), 1);

    a.add_user("bea", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    assert!(!unlocks(&b_dir, "bea", FIRST_PASSWORD), "not before a sync");
    team.sync(&mut a);
    assert_eq!(team.keyslots_version(), 2);
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
    assert_eq!(team.keyslots_version(), 3);
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
    assert_eq!(team.keyslots_version(), 3);
}

#[test]
fn a_user_disabled_on_one_laptop_no_longer_unlocks_the_other() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    a.add_user("bea", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    let mut b = team.join("b");
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
    let mut b = team.join("b");
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
