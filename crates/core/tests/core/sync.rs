//! A team vault across replicas (ADR 0020), through the in-memory change log:
//! concurrent edits converge, an erasure travels, a forged role change is
//! refused everywhere, a kill before the push loses nothing, and the server
//! sees no plaintext.

use std::path::{Path, PathBuf};

use steward_core::records::contacts::{ContactPatch, NewContact};
use steward_core::sync::{self, ChangeLog, MemoryLog, NewChange, Seq, VaultId};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::{self, FIRST_PASSWORD, OWN_PASSWORD, OWNER, PASSWORD, TestVault};

/// A published vault and the log that keeps it (also the keyslots tests').
pub(crate) struct Team {
    pub(crate) log: MemoryLog,
    pub(crate) id: VaultId,
    pub(crate) first: TestVault,
    temp: tempfile::TempDir,
}

impl Team {
    pub(crate) fn new() -> Self {
        Self::with(|_| {})
    }

    /// `before` runs on the first vault before it is published.
    pub(crate) fn with(before: impl FnOnce(&mut TestVault)) -> Self {
        let mut first = fixtures::new_vault();
        before(&mut first);
        let mut log = MemoryLog::new();
        let id = sync::publish(first.session(), &mut log).unwrap();
        Team {
            log,
            id,
            first,
            temp: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn dir(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    /// A new laptop: a replica joined as `user`.
    pub(crate) fn join(&mut self, name: &str, user: &str, password: &str) -> Session {
        sync::join(
            &self.dir(name),
            &mut self.log,
            &self.id,
            user,
            &Password::new(password),
        )
        .unwrap()
    }

    pub(crate) fn sync(&mut self, s: &mut Session) -> sync::SyncReport {
        sync::sync(s, &mut self.log).unwrap()
    }

    /// The synced tables of a replica's database as text, row by row, for
    /// comparing replicas.
    pub(crate) fn state(&self, dir: &Path) -> Vec<String> {
        let conn =
            steward_core::test_support::raw_connection(dir, &self.first.recovery_key).unwrap();
        let mut out = Vec::new();
        for table in [
            "users",
            "contacts",
            "contact_emails",
            "consents",
            "erasure_ledger",
        ] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let mut line = format!("{table}:");
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        line.push_str(&format!(" {v:?}"));
                    }
                    Ok(line)
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }
}

/// The ids of the contacts a full-text search finds.
fn found(s: &Session, query: &str) -> Vec<i64> {
    s.search(query, 20)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == steward_core::search::Kind::Contact)
        .map(|h| h.id)
        .collect()
}

fn contact(name: &str, email: &str, notes: &str) -> NewContact {
    NewContact {
        name: name.into(),
        emails: vec![email.into()],
        notes: Some(notes.into()),
        ..NewContact::default()
    }
}

#[test]
fn concurrent_edits_of_one_contact_on_two_offline_replicas_converge() {
    let mut team = Team::new();
    let id = team
        .first
        .session()
        .add_contact(&contact(
            "Wilhelmina Quarrington",
            "wq@example.com",
            "met at the fair",
        ))
        .unwrap();
    let mut a = team.first.session.take().unwrap();
    assert_eq!(team.sync(&mut a).pushed, 1);
    let mut b = team.join("b", OWNER, PASSWORD);
    assert_eq!(b.get_contact(id).unwrap().name, "Wilhelmina Quarrington");
    assert_eq!(found(&b, "Quarrington"), vec![id]);

    // Both offline: A sets the title and the notes, B the notes and the source.
    a.update_contact(
        id,
        &ContactPatch {
            title: Some("Engineer".into()),
            notes: Some("notes from Amsterdam".into()),
            ..ContactPatch::default()
        },
    )
    .unwrap();
    b.update_contact(
        id,
        &ContactPatch {
            notes: Some("notes from Bucharest".into()),
            source: Some("trade fair".into()),
            ..ContactPatch::default()
        },
    )
    .unwrap();

    assert_eq!(team.sync(&mut a).pushed, 1);
    // A two-field edit travels as a small change set.
    let head = team.log.head(&team.id).unwrap();
    let edit = team.log.changes_after(&team.id, head - 1, 1).unwrap();
    assert!(
        edit[0].change.ciphertext.len() < 1024,
        "{}",
        edit[0].change.ciphertext.len()
    );
    let report = team.sync(&mut b);
    assert_eq!((report.pulled, report.pushed), (1, 1));
    assert!(report.conflicts_resolved >= 1, "{report:?}");
    assert_eq!(team.sync(&mut a).pulled, 1);

    // Each field's last writer in the log's order: B's notes (appended
    // after A's), A's title, B's source.
    let on_a = a.get_contact(id).unwrap();
    let on_b = b.get_contact(id).unwrap();
    assert_eq!(on_a.notes.as_deref(), Some("notes from Bucharest"));
    assert_eq!(on_a.title.as_deref(), Some("Engineer"));
    assert_eq!(on_a.source.as_deref(), Some("trade fair"));
    assert_eq!(on_a, on_b);
    // The search index follows what the pull wrote.
    assert_eq!(found(&a, "Bucharest"), vec![id]);
    assert_eq!(found(&b, "Engineer"), vec![id]);
    assert!(found(&a, "Amsterdam").is_empty());
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("b")));
    // What is left to push is the audit entries of the views above (ADR
    // 0024); once they travelled, nothing on either side.
    assert_eq!(team.sync(&mut a).pushed, 1);
    let report = team.sync(&mut b);
    assert_eq!((report.pulled, report.pushed), (1, 1), "{report:?}");
    let report = team.sync(&mut a);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    assert_eq!(team.sync(&mut b), sync::SyncReport::default());
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("b")));
}

#[test]
fn contacts_added_offline_on_two_replicas_get_distinct_ids_and_both_stay() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", OWNER, PASSWORD);
    let on_a = a
        .add_contact(&contact("Ottoline Farthingale", "of@example.com", "a"))
        .unwrap();
    let on_b = b
        .add_contact(&contact("Bartholomew Quince", "bq@example.com", "b"))
        .unwrap();
    assert_eq!(on_a, on_b, "both replicas picked the same next id");

    team.sync(&mut a);
    team.sync(&mut b);
    team.sync(&mut a);

    let ottoline_on_b = b.get_contact(on_a).unwrap();
    assert_eq!(ottoline_on_b.name, "Ottoline Farthingale");
    assert_eq!(ottoline_on_b.emails, vec!["of@example.com".to_owned()]);
    let moved = a
        .get_contact(on_a + 1)
        .expect("B's contact moved to a fresh id");
    assert_eq!(moved.name, "Bartholomew Quince");
    assert_eq!(moved.emails, vec!["bq@example.com".to_owned()]);
    assert_eq!(b.get_contact(on_a + 1).unwrap(), moved);
    assert_eq!(found(&a, "Quince"), vec![on_a + 1]);
    assert_eq!(found(&b, "Quince"), vec![on_a + 1]);
    assert_eq!(found(&b, "Farthingale"), vec![on_a]);
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("b")));
}

#[test]
fn an_erasure_on_one_replica_removes_the_person_on_the_others_and_wins_over_an_edit() {
    let mut team = Team::new();
    let id = team
        .first
        .session()
        .add_contact(&contact("Perpetua Ashdown", "pa@example.com", "to erase"))
        .unwrap();
    let mut a = team.first.session.take().unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);
    let mut c = team.join("c", OWNER, PASSWORD);
    assert!(c.get_contact(id).is_ok());

    // A edits the person offline while B erases them.
    a.update_contact(
        id,
        &ContactPatch {
            notes: Some("an edit that meets the erasure".into()),
            ..ContactPatch::default()
        },
    )
    .unwrap();
    b.erase_contact(id, true).unwrap();
    assert_eq!(team.sync(&mut b).pushed, 1);
    team.sync(&mut a);
    team.sync(&mut c);
    team.sync(&mut b);

    for (name, s) in [("a", &a), ("b", &b), ("c", &c)] {
        assert!(
            matches!(s.get_contact(id), Err(Error::NotFound { .. })),
            "replica {name} still holds the erased person"
        );
    }
    assert!(found(&a, "Perpetua").is_empty());
    assert!(found(&c, "Ashdown").is_empty());
    let a_state = team.state(&team.first.dir);
    assert!(!a_state.iter().any(|l| l.contains("Perpetua")));
    assert!(a_state.iter().any(|l| l.starts_with("erasure_ledger:")));
    assert_eq!(a_state, team.state(&team.dir("b")));
    assert_eq!(a_state, team.state(&team.dir("c")));
}

#[test]
fn a_task_and_an_activity_added_offline_to_a_person_erased_meanwhile_go_with_the_person() {
    use steward_core::records::activities::{About, ActivityKind, NewActivity};
    use steward_core::records::tasks::NewTask;
    let mut team = Team::new();
    let id = team
        .first
        .session()
        .add_contact(&contact("Ignatius Pennywhistle", "ip@example.com", "x"))
        .unwrap();
    let mut a = team.first.session.take().unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);

    a.erase_contact(id, true).unwrap();
    let task = b
        .add_task(&NewTask {
            title: "Call back".into(),
            about: Some(About::Contact(id)),
            ..NewTask::default()
        })
        .unwrap();
    let activity = b
        .add_activity(&NewActivity {
            kind: ActivityKind::Call,
            subject: "Phoned about the quote".into(),
            body: None,
            occurred_at: None,
            about: About::Contact(id),
        })
        .unwrap();
    team.sync(&mut a);
    // B's task and activity go with the person: only the audit entries of
    // adding them travel (ADR 0024), with no row change.
    let report = team.sync(&mut b);
    assert_eq!((report.pulled, report.pushed), (1, 1), "{report:?}");
    let report = team.sync(&mut a);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    assert_eq!(team.sync(&mut b), sync::SyncReport::default());

    for s in [&a, &b] {
        assert!(s.get_contact(id).is_err());
        assert!(s.get_task(task).is_err());
        assert_eq!(s.search("quote", 20).unwrap(), vec![]);
    }
    let raw = steward_core::test_support::raw_connection(&team.dir("b"), &team.first.recovery_key)
        .unwrap();
    let left: i64 = raw
        .query_row(
            "SELECT (SELECT COUNT(*) FROM tasks) + (SELECT COUNT(*) FROM activities WHERE id = ?1)",
            [activity],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let indexed: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM search_index WHERE search_index MATCH 'quote'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 0, "the activity's search entry went with it");
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("b")));
}

#[test]
fn a_role_change_forged_by_an_agent_is_refused_by_every_replica_with_an_alert() {
    let mut team = Team::with(|v| {
        drop(fixtures::user_session(v, "bob", Role::Agent));
        drop(fixtures::user_session(v, "carol", Role::Manager));
    });
    let mut a = team.first.session.take().unwrap();
    let mut c = team.join("c", OWNER, PASSWORD);
    let b_dir = team.dir("b");
    drop(team.join("b", "bob", OWN_PASSWORD));

    // Bob's laptop runs a tampered Steward: it writes carol's role itself.
    {
        let raw =
            steward_core::test_support::raw_connection(&b_dir, &team.first.recovery_key).unwrap();
        raw.execute("UPDATE users SET role = 'admin' WHERE name = 'carol'", [])
            .unwrap();
    }
    let mut b = fixtures::unlock(&b_dir, "bob", OWN_PASSWORD).unwrap();
    assert_eq!(team.sync(&mut b).pushed, 1);
    // Its author judges it as the others will: its entries stay local.
    assert!(shared_chain(&b_dir, &team.first.recovery_key).is_empty());

    for s in [&mut a, &mut c] {
        let report = team.sync(s);
        assert_eq!((report.pulled, report.refused), (0, 1), "{report:?}");

        let carol = s
            .list_users()
            .unwrap()
            .into_iter()
            .find(|u| u.name == "carol")
            .unwrap();
        assert_eq!(carol.role, Role::Manager);
        let alerts = s.list_alerts(true).unwrap();
        let refused: Vec<_> = alerts.iter().filter(|a| a.rule == "sync-refused").collect();
        assert_eq!(refused.len(), 1, "{alerts:?}");
        assert_eq!(refused[0].severity, "critical");
        assert_eq!(refused[0].user_name.as_deref(), Some("bob"));
        assert!(
            refused[0].summary.contains("agent"),
            "{}",
            refused[0].summary
        );
        // Why, for a screen to say it in its own language.
        let param = |key: &str| refused[0].params.get(key).map(String::as_str);
        assert_eq!(refused[0].reason.as_deref(), Some("sync-refused"));
        assert_eq!(param("why"), Some("role"), "{:?}", refused[0].params);
        assert_eq!(param("role"), Some("agent"));
        assert_eq!(param("table"), Some("users"));
        assert!(param("change").is_some());
    }
    // The refused change's audit entries join no shared chain.
    for dir in [team.first.dir.clone(), team.dir("c")] {
        assert!(shared_chain(&dir, &team.first.recovery_key).is_empty());
    }
    // Bob may still clear his own "must change password" flag: an owner
    // reset his password (the new slot reaches his laptop), and he chose a
    // new one there.
    a.reset_password("bob", &Password::new(FIRST_PASSWORD))
        .unwrap();
    team.sync(&mut a);
    team.sync(&mut c);
    team.sync(&mut b);
    drop(b);
    assert!(matches!(
        fixtures::unlock(&b_dir, "bob", OWN_PASSWORD),
        Err(Error::WrongPassword)
    ));
    let mut b = fixtures::unlock(&b_dir, "bob", FIRST_PASSWORD).unwrap();
    assert!(b.user().must_change_password);
    b.change_password(
        &Password::new(FIRST_PASSWORD),
        &Password::new("bob's brand new harbor 2027"),
    )
    .unwrap();
    assert_eq!(team.sync(&mut b).pushed, 1);
    for s in [&mut a, &mut c] {
        let report = team.sync(s);
        assert_eq!((report.pulled, report.refused), (1, 0), "{report:?}");
        let bob = s
            .list_users()
            .unwrap()
            .into_iter()
            .find(|u| u.name == "bob")
            .unwrap();
        assert!(!bob.must_change_password);
    }
    // The refusal holds: a later honest change still flows, the forged one
    // never does.
    let id = a
        .add_contact(&contact("Evangeline Mortlake", "em@example.com", "after"))
        .unwrap();
    team.sync(&mut a);
    assert_eq!(team.sync(&mut c).pulled, 1);
    assert_eq!(c.get_contact(id).unwrap().name, "Evangeline Mortlake");
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("c")));
}

#[test]
fn a_kill_between_a_local_commit_and_the_push_loses_nothing() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let b_dir = team.dir("b");
    drop(team.join("b", OWNER, PASSWORD));
    let mut b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    let id = b
        .add_contact(&contact(
            "Leopoldina Crabtree",
            "lc@example.com",
            "unsynced",
        ))
        .unwrap();
    // Killed: no push, no lock.
    drop(b);

    let mut b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    assert_eq!(team.sync(&mut b).pushed, 1);
    assert_eq!(team.sync(&mut a).pulled, 1);
    assert_eq!(a.get_contact(id).unwrap().name, "Leopoldina Crabtree");
}

#[test]
fn a_backup_restored_over_a_replica_is_refused_instead_of_undoing_the_teams_work() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let b_dir = team.dir("b");
    let mut b = team.join("b", OWNER, PASSWORD);
    let backups = team.dir("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let backup = b
        .create_backup(
            steward_core::backup::BackupKind::Manual,
            Some(&backups),
            &mut |_, _| {},
        )
        .unwrap();
    let kept = a
        .add_contact(&contact("Rosalind Thistlewood", "rt@example.com", "later"))
        .unwrap();
    team.sync(&mut a);
    team.sync(&mut b);
    assert!(b.get_contact(kept).is_ok());
    let head = team.log.head(&team.id).unwrap();
    let applied = sync::status(&b).unwrap().last_applied;

    fixtures::restore_over(
        b,
        &backup.backup.path,
        steward_core::vault::Credentials::Password {
            user: OWNER,
            password: &Password::new(PASSWORD),
        },
    )
    .unwrap();
    let mut b = fixtures::unlock(&b_dir, OWNER, PASSWORD).unwrap();
    let refused = sync::sync(&mut b, &mut team.log);
    assert!(
        matches!(&refused, Err(Error::Database(m)) if m.contains("join the team vault again")),
        "{refused:?}"
    );
    // Nothing was sent: the team keeps the contact.
    assert_eq!(team.log.head(&team.id).unwrap(), head);
    assert_eq!(team.sync(&mut a).pushed, 0);
    assert!(a.get_contact(kept).is_ok());
    // The shadow is as the last sync left it: it opens, still names the
    // change it holds, and the next sync refuses alike.
    let st = sync::status(&b).unwrap();
    assert_eq!(st.last_applied, applied);
    assert_eq!(st.vault, team.id);
    let again = sync::sync(&mut b, &mut team.log);
    assert!(
        matches!(&again, Err(Error::Database(m)) if m.contains("join the team vault again")),
        "{again:?}"
    );
    assert_eq!(team.log.head(&team.id).unwrap(), head);
}

#[test]
fn a_new_laptop_starts_from_the_newest_snapshot_not_from_the_first_change() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let first = a
        .add_contact(&contact("Theodosia Blackwood", "tb@example.com", "one"))
        .unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);
    let second = b
        .add_contact(&contact("Aurelian Stokes", "as@example.com", "two"))
        .unwrap();
    // With a change waiting, a snapshot would not be the log's state.
    assert_eq!(sync::publish_snapshot(&mut b, &mut team.log).unwrap(), None);
    team.sync(&mut b);
    assert_eq!(
        sync::publish_snapshot(&mut b, &mut team.log).unwrap(),
        Some(2)
    );

    // The changes before the snapshot are no longer needed: a damaged one
    // is never read by a laptop that joins now.
    team.log.changes_mut(&team.id).unwrap()[0].change.ciphertext[0] ^= 1;
    let c = team.join("c", OWNER, PASSWORD);
    assert_eq!(c.get_contact(first).unwrap().name, "Theodosia Blackwood");
    assert_eq!(c.get_contact(second).unwrap().name, "Aurelian Stokes");
    assert!(
        c.list_alerts(true)
            .unwrap()
            .iter()
            .all(|a| a.rule != "sync-refused")
    );
    assert_eq!(team.state(&team.dir("b")), team.state(&team.dir("c")));
}

/// A log whose next append is made but whose answer is lost.
struct LosesAnAnswer<'a>(&'a mut MemoryLog, bool);

impl ChangeLog for LosesAnAnswer<'_> {
    fn create_vault(&mut self, v: &VaultId, k: &[u8]) -> steward_core::Result<()> {
        self.0.create_vault(v, k)
    }
    fn keyslots(&mut self, v: &VaultId) -> steward_core::Result<Option<(i64, Vec<u8>)>> {
        self.0.keyslots(v)
    }
    fn replace_keyslots(&mut self, v: &VaultId, e: i64, k: &[u8]) -> steward_core::Result<i64> {
        self.0.replace_keyslots(v, e, k)
    }
    fn append(&mut self, v: &VaultId, after: Seq, c: &NewChange) -> steward_core::Result<Seq> {
        let seq = self.0.append(v, after, c)?;
        if std::mem::take(&mut self.1) {
            return Err(Error::SyncServer("connection reset".into()));
        }
        Ok(seq)
    }
    fn changes_after(
        &mut self,
        v: &VaultId,
        after: Seq,
        limit: usize,
    ) -> steward_core::Result<Vec<sync::Change>> {
        self.0.changes_after(v, after, limit)
    }
    fn head(&mut self, v: &VaultId) -> steward_core::Result<Seq> {
        self.0.head(v)
    }
    fn put_snapshot(&mut self, v: &VaultId, s: &sync::Snapshot) -> steward_core::Result<()> {
        self.0.put_snapshot(v, s)
    }
    fn latest_snapshot(&mut self, v: &VaultId) -> steward_core::Result<Option<sync::Snapshot>> {
        self.0.latest_snapshot(v)
    }
}

#[test]
fn a_push_whose_answer_was_lost_is_not_applied_twice() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", OWNER, PASSWORD);
    let id = a
        .add_contact(&contact("Cornelius Bramble", "cb@example.com", "once"))
        .unwrap();
    let lost = sync::sync(&mut a, &mut LosesAnAnswer(&mut team.log, true));
    assert!(matches!(lost, Err(Error::SyncServer(_))), "{lost:?}");
    assert_eq!(team.log.head(&team.id).unwrap(), 1);

    // The next sync finds its own change in the log and pushes nothing.
    let report = team.sync(&mut a);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    assert_eq!(team.log.head(&team.id).unwrap(), 1);
    team.sync(&mut b);
    assert_eq!(b.get_contact(id).unwrap().name, "Cornelius Bramble");
    assert_eq!(team.state(&team.first.dir), team.state(&team.dir("b")));
}

#[test]
fn the_server_holds_none_of_the_names_emails_or_notes() {
    let mut team = Team::new();
    let gwendolyn = team
        .first
        .session()
        .add_contact(&contact(
            "Gwendolyn Featherstonehaugh",
            "gwendolyn.f@example.org",
            "prefers calls after nine",
        ))
        .unwrap();
    let mut a = team.first.session.take().unwrap();
    team.sync(&mut a);
    let mut b = team.join("b", OWNER, PASSWORD);
    let id = b
        .add_contact(&contact(
            "Archibald Wexcombe",
            "archibald.w@example.net",
            "owes us a reply on the quote",
        ))
        .unwrap();
    b.update_contact(
        id,
        &ContactPatch {
            notes: Some("second thoughts on the quote".into()),
            ..ContactPatch::default()
        },
    )
    .unwrap();
    team.sync(&mut b);
    team.sync(&mut a);
    assert!(team.log.head(&team.id).unwrap() >= 2);

    let raw = team.log.raw_bytes(&team.id);
    assert!(
        raw.len() > 4096,
        "the log holds the snapshot and the changes"
    );
    for needle in [
        "Gwendolyn",
        "Featherstonehaugh",
        "gwendolyn.f@example.org",
        "prefers calls",
        "Archibald",
        "archibald.w@example.net",
        "owes us a reply",
        "second thoughts",
    ] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "the server holds {needle:?}"
        );
    }
    // The replicas' files, the shadow of the synced tables included, are
    // encrypted too.
    fixtures::assert_absent_everywhere(&team.dir("b"), "Archibald");
    // A changed byte in a change set is refused, not applied.
    team.log.changes_mut(&team.id).unwrap()[0].change.ciphertext[0] ^= 1;
    let c = team.join("c", OWNER, PASSWORD);
    assert!(c.get_contact(gwendolyn).is_err());
    assert_eq!(c.get_contact(id).unwrap().name, "Archibald Wexcombe");
    let alerts = c.list_alerts(true).unwrap();
    assert!(
        alerts.iter().any(|a| a.rule == "sync-refused"
            && a.params.get("why").map(String::as_str) == Some("unreadable")),
        "{alerts:?}"
    );
}

#[test]
fn a_replica_needs_an_empty_folder_and_the_right_password() {
    let mut team = Team::new();
    let wrong = sync::join(
        &team.dir("x"),
        &mut team.log,
        &team.id.clone(),
        OWNER,
        &Password::new(FIRST_PASSWORD),
    );
    assert!(wrong.is_err());
    // Nothing is left behind: the same folder takes the right password.
    assert!(!team.dir("x").exists());
    drop(team.join("x", OWNER, PASSWORD));
    assert!(team.dir("x").join(sync::SHADOW_FILE).exists());
    // A replica is a copy of its own (ADR 0014).
    drop(team.join("b", OWNER, PASSWORD));
    let copy_id = |dir: &Path| {
        let file: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("keyslots")).unwrap()).unwrap();
        file["body"]["copy_id"].as_str().unwrap().to_owned()
    };
    assert_ne!(copy_id(&team.first.dir), copy_id(&team.dir("b")));
    let again = sync::join(
        &team.dir("b"),
        &mut team.log,
        &team.id.clone(),
        OWNER,
        &Password::new(PASSWORD),
    );
    assert!(
        matches!(&again, Err(Error::FolderNotEmpty(d)) if *d == team.dir("b")),
        "{again:?}"
    );
    let unknown = sync::join(
        &team.dir("y"),
        &mut team.log,
        &VaultId("00".repeat(32)),
        OWNER,
        &Password::new(PASSWORD),
    );
    assert!(matches!(unknown, Err(Error::SyncServer(_))), "{unknown:?}");
}

#[test]
fn a_replica_s_status_counts_what_waits_and_keeps_its_server() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    assert!(sync::is_replica(&a));
    let st = sync::status(&a).unwrap();
    assert_eq!(st.vault, team.id);
    assert_eq!(st.server, None);
    assert_eq!((st.last_applied, st.waiting), (0, 0));

    sync::set_server(&a, "host=db.example dbname=crm").unwrap();
    sync::set_server(&a, "host=db2.example dbname=crm").unwrap();
    a.add_contact(&contact("Hortensia Vale", "hv@example.com", "waits"))
        .unwrap();
    let st = sync::status(&a).unwrap();
    assert_eq!(st.server.as_deref(), Some("host=db2.example dbname=crm"));
    // The contact and its e-mail address.
    assert_eq!(st.waiting, 2);
    assert_eq!(team.sync(&mut a).pushed, 1);
    let st = sync::status(&a).unwrap();
    assert_eq!((st.last_applied, st.waiting), (1, 0));

    let plain = fixtures::new_vault();
    let s = plain.session.as_ref().unwrap();
    assert!(!sync::is_replica(s));
    assert!(matches!(sync::status(s), Err(Error::NotFound { .. })));
}

/// A replica's shared audit chain (ADR 0024), row by row: (seq, log seq,
/// author's user id, replica, action, hash) and the whole row as text.
fn shared_chain(
    dir: &Path,
    key: &steward_core::RecoveryKey,
) -> Vec<(i64, i64, i64, String, String, String, String)> {
    let conn = steward_core::test_support::raw_connection(dir, key).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT seq, log_seq, author_id, device, action, hash, author_slot || at || ifnull(actor_id, '')
                 || ifnull(target_type, '') || ifnull(target_id, '') || outcome || details || prev_hash
             FROM team_audit_log ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Puts back a copy of a replica's shadow taken before a sync: as if the
/// sync was killed after the vault's transaction and before the shadow's.
fn put_back_shadow(dir: &Path, copy: &[u8]) {
    for extra in ["sync.db-wal", "sync.db-shm"] {
        let _ = std::fs::remove_file(dir.join(extra));
    }
    std::fs::write(dir.join(sync::SHADOW_FILE), copy).unwrap();
}

#[test]
fn three_replicas_hold_the_same_verified_shared_audit_chain() {
    let mut team = Team::with(|v| {
        drop(fixtures::user_session(v, "bob", Role::Admin));
        drop(fixtures::user_session(v, "carol", Role::Agent));
    });
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", "bob", OWN_PASSWORD);
    let mut c = team.join("c", "carol", OWN_PASSWORD);
    let dirs = [team.first.dir.clone(), team.dir("b"), team.dir("c")];

    // Each laptop adds a person and looks at one, offline.
    let mut ids = Vec::new();
    for (s, name) in [
        (&mut a, "Aurelia Penhallow"),
        (&mut b, "Bartholomew Quince"),
        (&mut c, "Cordelia Ashdown"),
    ] {
        let id = s
            .add_contact(&contact(name, "x@example.com", "seen"))
            .unwrap();
        s.get_contact(id).unwrap();
        ids.push(id);
    }
    for _ in 0..2 {
        for s in [&mut a, &mut b, &mut c] {
            team.sync(s);
        }
    }
    let chains: Vec<_> = dirs
        .iter()
        .map(|d| shared_chain(d, &team.first.recovery_key))
        .collect();
    assert_eq!(chains[0], chains[1]);
    assert_eq!(chains[0], chains[2]);
    let chain = &chains[0];
    // Every laptop's create and view, each under its author and replica,
    // in the log's order; a pull's own record stays on its laptop.
    let users = a.list_users().unwrap();
    let user = |name: &str| users.iter().find(|u| u.name == name).unwrap().id;
    for author in ["ada", "bob", "carol"] {
        let actions: Vec<&str> = chain
            .iter()
            .filter(|e| e.2 == user(author))
            .map(|e| e.4.as_str())
            .collect();
        assert!(actions.contains(&"contact.create"), "{author}: {actions:?}");
        assert!(actions.contains(&"contact.view"), "{author}: {actions:?}");
        assert!(!actions.contains(&"team.pull"), "{author}: {actions:?}");
    }
    let mut replicas: Vec<&str> = chain.iter().map(|e| e.3.as_str()).collect();
    replicas.dedup();
    assert_eq!(replicas.len(), 3, "{replicas:?}");
    assert!(
        chain
            .windows(2)
            .all(|w| w[0].1 <= w[1].1 && w[1].0 == w[0].0 + 1)
    );
    assert_eq!(chain[0].0, 1);
    for s in [&a, &b] {
        assert!(matches!(
            s.audit_verify().unwrap(),
            steward_core::audit::VerifyReport::Intact { .. }
        ));
    }

    // One entry altered on bob's laptop (by someone who holds the key and
    // dropped the trigger) is found there, and only there.
    {
        let raw =
            steward_core::test_support::raw_connection(&dirs[1], &team.first.recovery_key).unwrap();
        raw.execute_batch(
            "DROP TRIGGER team_audit_log_no_update;
             UPDATE team_audit_log SET target_id = '999' WHERE seq = 2;",
        )
        .unwrap();
    }
    match b.audit_verify().unwrap() {
        steward_core::audit::VerifyReport::Broken { seq, problem } => {
            assert_eq!(seq, 2);
            assert!(
                problem.contains("shared audit chain was altered"),
                "{problem}"
            );
        }
        intact => panic!("{intact:?}"),
    }
    assert!(matches!(
        a.audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
}

#[test]
fn a_kill_between_the_vault_and_the_shadow_appends_no_shared_entry_twice() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", OWNER, PASSWORD);
    let a_dir = team.first.dir.clone();
    let b_dir = team.dir("b");
    // The device's signing key is made (and committed) at its first sync.
    assert_eq!(team.sync(&mut a), sync::SyncReport::default());

    // The author: killed after the push was accepted and its own entries
    // appended, before the shadow recorded it.
    let id = a
        .add_contact(&contact("Ignatius Fairweather", "if@example.com", "once"))
        .unwrap();
    a.get_contact(id).unwrap();
    let shadow = std::fs::read(a_dir.join(sync::SHADOW_FILE)).unwrap();
    assert_eq!(team.sync(&mut a).pushed, 1);
    let before = shared_chain(&a_dir, &team.first.recovery_key);
    assert!(before.iter().any(|e| e.4 == "contact.view"), "{before:?}");
    put_back_shadow(&a_dir, &shadow);
    let report = team.sync(&mut a);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    assert_eq!(shared_chain(&a_dir, &team.first.recovery_key), before);
    assert_eq!(team.log.head(&team.id).unwrap(), 1);

    // A puller: killed after the vault's transaction of the pull.
    let shadow = std::fs::read(b_dir.join(sync::SHADOW_FILE)).unwrap();
    assert_eq!(team.sync(&mut b).pulled, 1);
    assert_eq!(shared_chain(&b_dir, &team.first.recovery_key), before);
    put_back_shadow(&b_dir, &shadow);
    let report = team.sync(&mut b);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    assert_eq!(shared_chain(&b_dir, &team.first.recovery_key), before);
    // Nor the person: the row the first pull wrote is that change.
    assert_eq!(b.list_contacts(None, 50).unwrap().items.len(), 1);

    // The answer lost: the change comes back in the pull, once.
    b.get_contact(id).unwrap();
    let lost = sync::sync(&mut b, &mut LosesAnAnswer(&mut team.log, true));
    assert!(matches!(lost, Err(Error::SyncServer(_))), "{lost:?}");
    let report = team.sync(&mut b);
    assert_eq!((report.pulled, report.pushed), (1, 0), "{report:?}");
    team.sync(&mut a);
    let chain = shared_chain(&b_dir, &team.first.recovery_key);
    assert_eq!(chain.iter().filter(|e| e.1 == 2).count(), 1, "{chain:?}");
    assert_eq!(shared_chain(&a_dir, &team.first.recovery_key), chain);
    assert!(matches!(
        b.audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
}

#[test]
fn a_pull_of_audit_entries_alone_changes_no_rows_so_screens_need_not_refresh() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let mut b = team.join("b", OWNER, PASSWORD);
    let id = a
        .add_contact(&contact("Perpetua Hollingsworth", "ph@example.com", "a"))
        .unwrap();
    team.sync(&mut a);
    let first = team.sync(&mut b);
    assert!(first.pulled_rows >= 1, "{first:?}");
    team.sync(&mut b);
    team.sync(&mut a);
    // Showing the contact on A writes a view entry, which travels alone.
    a.get_contact(id).unwrap();
    assert_eq!(team.sync(&mut a).pushed, 1, "the view's entry travels");
    let pulled = team.sync(&mut b);
    assert!(pulled.pulled >= 1, "{pulled:?}");
    assert_eq!(pulled.pulled_rows, 0, "no row changed: {pulled:?}");
}

/// What the app's look between syncs holds the session's lock for after a
/// view on a replica of `STEWARD_LOOK_CONTACTS` contacts (100 000 unless
/// set): before, every audit entry moved the write counter and the look
/// compared every shared table (`sync::status`); now it reads two counters
/// and counts the waiting entries. Run with
/// `cargo test -p steward-core --test core -- --ignored --nocapture the_look_after_a_view`.
#[test]
#[ignore = "a measurement, minutes in a debug build"]
fn the_look_after_a_view_costs_no_comparison_of_the_tables() {
    use steward_core::interchange::{Field, ImportOptions, OnDuplicate};
    let n: usize = std::env::var("STEWARD_LOOK_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut team = Team::with(|first| {
        let mut csv = String::from("Name,Email\n");
        for i in 0..n {
            csv.push_str(&format!("Person {i},p{i}@example.com\n"));
        }
        first
            .session()
            .import_csv(
                csv.as_bytes(),
                &ImportOptions {
                    mapping: vec![Some(Field::Name), Some(Field::Email)],
                    on_duplicate: OnDuplicate::Create,
                    ..ImportOptions::default()
                },
                &mut |_, _| {},
            )
            .unwrap();
    });
    let mut s = team.first.session.take().unwrap();
    team.sync(&mut s);
    let id = s.list_contacts(None, 1).unwrap().items[0].id;
    let median = |mut f: Box<dyn FnMut() + '_>| {
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[2]
    };
    s.get_contact(id).unwrap();
    let before = median(Box::new(|| {
        let st = sync::status(&s).unwrap();
        assert_eq!((st.waiting, st.entries_waiting), (0, 1));
    }));
    let after = median(Box::new(|| {
        let writes = sync::local_writes(&s).unwrap();
        assert!(writes.audit_seq > 0);
        assert_eq!(sync::entries_waiting(&s).unwrap(), 1);
    }));
    eprintln!(
        "{n} contacts: the look after a view held the session {before:.1} ms before (status), {after:.1} ms now"
    );
    assert!(after < before);
}

/// The entries waiting to travel, counted whole and between two looks,
/// across pushes and pulls (whose own record stays local).
#[test]
fn the_entries_waiting_are_counted_across_pushes_and_between_looks() {
    let mut team = Team::new();
    let mut a = team.first.session.take().unwrap();
    let id = a
        .add_contact(&NewContact {
            name: "Cosima Wrenfield".into(),
            ..NewContact::default()
        })
        .unwrap();
    team.sync(&mut a);
    assert_eq!(sync::entries_waiting(&a).unwrap(), 0);
    let head = |s: &Session| sync::local_writes(s).unwrap().audit_seq;

    let looked = head(&a);
    a.get_contact(id).unwrap();
    a.get_contact(id).unwrap();
    assert_eq!(sync::entries_waiting(&a).unwrap(), 2);
    assert_eq!(sync::entries_written(&a, looked, head(&a)).unwrap(), 2);
    assert_eq!(sync::entries_written(&a, looked, looked + 1).unwrap(), 1);
    assert_eq!(sync::status(&a).unwrap().entries_waiting, 2);

    // Another laptop's change pulled, and the views pushed: nothing waits,
    // and the pull's record, which stays here, counts nowhere.
    let mut b = team.join("b", OWNER, PASSWORD);
    b.add_contact(&NewContact {
        name: "Leopold Marchetti".into(),
        ..NewContact::default()
    })
    .unwrap();
    team.sync(&mut b);
    let before = head(&a);
    let report = team.sync(&mut a);
    assert_eq!((report.pulled, report.pushed), (1, 1), "{report:?}");
    assert_eq!(sync::entries_waiting(&a).unwrap(), 0);
    assert!(head(&a) > before, "the pull wrote its record");
    assert_eq!(sync::entries_written(&a, before, head(&a)).unwrap(), 0);

    let looked = head(&a);
    a.get_contact(id).unwrap();
    assert_eq!(sync::entries_waiting(&a).unwrap(), 1);
    assert_eq!(sync::entries_written(&a, looked, head(&a)).unwrap(), 1);
    team.sync(&mut a);
    assert_eq!(sync::entries_waiting(&a).unwrap(), 0);
}
