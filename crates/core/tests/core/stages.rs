//! Configuring the pipeline's stages: default probabilities and deletion.

use steward_core::records::deals::{NewDeal, Stage, StageKind, StageRef};
use steward_core::{Error, Role};

use crate::fixtures::*;

fn deal_in(v: &mut TestVault, title: &str, stage: &str) -> i64 {
    v.session()
        .add_deal(&NewDeal {
            title: title.into(),
            stage: Some(StageRef::Name(stage.into())),
            ..NewDeal::default()
        })
        .unwrap()
}

fn stage_id(v: &mut TestVault, name: &str) -> i64 {
    v.session()
        .list_stages()
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

fn names(stages: &[Stage]) -> Vec<&str> {
    stages.iter().map(|s| s.name.as_str()).collect()
}

/// Asserts that deleting stage `name` is refused with a message containing
/// `expected`, and that the pipeline is left as it was.
fn check_delete_refused(v: &mut TestVault, name: &str, expected: &str) {
    let before = v.session().list_stages().unwrap();
    let id = stage_id(v, name);
    let err = v.session().delete_stage(id).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(
        err.to_string().contains(expected),
        "{err} should mention {expected:?}"
    );
    assert_eq!(
        v.session().list_stages().unwrap(),
        before,
        "nothing changed"
    );
}

#[test]
fn a_stage_s_probability_changes_for_the_deals_that_follow_it_only() {
    let mut v = new_vault();
    let follows = deal_in(&mut v, "Follows", "Proposal");
    let own = v
        .session()
        .add_deal(&NewDeal {
            title: "Own".into(),
            stage: Some(StageRef::Name("Proposal".into())),
            probability: Some(90),
            ..NewDeal::default()
        })
        .unwrap();
    let proposal = stage_id(&mut v, "Proposal");

    let stage = v.session().set_stage_probability(proposal, 60).unwrap();
    assert_eq!(stage.probability, 60);
    assert_eq!(stage.name, "Proposal");
    assert_eq!(v.session().get_deal(follows).unwrap().probability, 60);
    assert_eq!(v.session().get_deal(own).unwrap().probability, 90);
    let listed = v.session().list_stages().unwrap();
    assert_eq!(
        listed
            .iter()
            .find(|s| s.id == proposal)
            .unwrap()
            .probability,
        60
    );

    let err = v
        .session()
        .set_stage_probability(proposal, 101)
        .unwrap_err();
    assert!(err.to_string().contains("between 0 and 100"), "{err}");
    assert!(matches!(
        v.session().set_stage_probability(999, 50),
        Err(Error::NotFound {
            entity: "stage",
            ..
        })
    ));
    // The same value again is no change and leaves no entry.
    v.session().set_stage_probability(proposal, 60).unwrap();

    let text = all_audit_text(&v);
    let entry = format!(r#"stage.probability stage {proposal} {{"from":50,"to":60}}"#);
    assert_eq!(text.matches(&entry).count(), 1, "{text}");
}

#[test]
fn only_a_role_that_configures_the_vault_changes_or_deletes_stages() {
    let mut v = new_vault();
    let lead = stage_id(&mut v, "Lead");
    for role in [Role::Manager, Role::Agent, Role::Viewer] {
        let mut s = user_session(&mut v, &format!("{role}-user"), role);
        assert!(
            matches!(
                s.set_stage_probability(lead, 5),
                Err(Error::PermissionDenied {
                    permission: "settings.manage",
                    ..
                })
            ),
            "{role}"
        );
        assert!(
            matches!(
                s.delete_stage(lead),
                Err(Error::PermissionDenied {
                    permission: "settings.manage",
                    ..
                })
            ),
            "{role}"
        );
        assert_eq!(s.list_stages().unwrap().len(), 6, "{role} reads them");
        s.lock().unwrap();
    }
    let mut admin = user_session(&mut v, "adele", Role::Admin);
    admin.set_stage_probability(lead, 5).unwrap();
    admin.lock().unwrap();
    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!("stage.delete stage {lead}")),
        "refusals are audited too: {text}"
    );
}

#[test]
fn an_unused_stage_is_deleted_and_the_others_close_the_gap() {
    let mut v = new_vault();
    let pilot = v.session().add_stage("Pilot", 40, StageKind::Open).unwrap();
    let qualified = stage_id(&mut v, "Qualified");
    let left = v.session().delete_stage(qualified).unwrap();
    assert_eq!(
        names(&left),
        ["Lead", "Proposal", "Negotiation", "Won", "Lost", "Pilot"]
    );
    assert_eq!(
        left.iter().map(|s| s.position).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(v.session().list_stages().unwrap(), left);
    v.session().delete_stage(pilot.id).unwrap();
    assert!(matches!(
        v.session().delete_stage(pilot.id),
        Err(Error::NotFound {
            entity: "stage",
            ..
        })
    ));
    // A new stage still goes to the end, after the gap closed.
    let next = v.session().add_stage("Demo", 30, StageKind::Open).unwrap();
    assert_eq!(next.position, 6);

    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!(
            r#"stage.delete stage {qualified} {{"kind":"open"}}"#
        )),
        "{text}"
    );
    assert!(
        !text.contains("Qualified"),
        "stage names stay out of the log"
    );
}

#[test]
fn a_stage_that_deals_use_is_kept_even_when_they_are_in_the_recycle_bin() {
    let mut v = new_vault();
    let live = deal_in(&mut v, "Still here", "Qualified");
    deal_in(&mut v, "Also here", "Qualified");
    let recycled = deal_in(&mut v, "Deleted one", "Qualified");
    v.session().delete_deal(recycled).unwrap();
    check_delete_refused(
        &mut v,
        "Qualified",
        "still holds 2 deals, and 1 deal in the recycle bin",
    );

    v.session()
        .move_deal(live, &StageRef::Name("Lead".into()), None)
        .unwrap();
    let other = v.session().list_deals(None).unwrap();
    let other = other.iter().find(|d| d.title == "Also here").unwrap().id;
    v.session().delete_deal(other).unwrap();
    check_delete_refused(
        &mut v,
        "Qualified",
        "2 deals in the recycle bin still belong",
    );

    let err_text = {
        let id = stage_id(&mut v, "Qualified");
        v.session().delete_stage(id).unwrap_err().to_string()
    };
    assert!(
        !err_text.contains("Deleted one") && !err_text.contains("Also here"),
        "deal titles stay out of the message: {err_text}"
    );
}

#[test]
fn the_pipeline_keeps_one_open_one_won_and_one_lost_stage() {
    let mut v = new_vault();
    check_delete_refused(&mut v, "Won", "only won stage");
    check_delete_refused(&mut v, "Lost", "only lost stage");
    for name in ["Qualified", "Proposal", "Negotiation"] {
        let id = stage_id(&mut v, name);
        v.session().delete_stage(id).unwrap();
    }
    check_delete_refused(&mut v, "Lead", "only open stage");

    // With a second won stage, either one can go.
    v.session()
        .add_stage("Won (renewal)", 100, StageKind::Won)
        .unwrap();
    let won = stage_id(&mut v, "Won");
    let left = v.session().delete_stage(won).unwrap();
    assert_eq!(names(&left), ["Lead", "Lost", "Won (renewal)"]);
    check_delete_refused(&mut v, "Won (renewal)", "only won stage");
}
