//! Deals and the pipeline through the session.

use steward_core::records::companies::NewCompany;
use steward_core::records::deals::{DealPatch, MAX_AMOUNT_MINOR, NewDeal, StageKind, StageRef};
use steward_core::search::Kind;
use steward_core::{Error, Role};

use crate::fixtures::*;

fn deal(title: &str) -> NewDeal {
    NewDeal {
        title: title.into(),
        ..NewDeal::default()
    }
}

fn stage(name: &str) -> StageRef {
    StageRef::Name(name.into())
}

#[test]
fn the_default_pipeline_has_four_open_stages_then_won_and_lost() {
    let mut v = new_vault();
    let stages = v.session().list_stages().unwrap();
    let names: Vec<_> = stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(stages[4].kind, StageKind::Won);
    assert_eq!(stages[5].kind, StageKind::Lost);
    assert_eq!(stages[0].probability, 10);
}

#[test]
fn a_deal_round_trips_with_the_defaults_of_its_stage() {
    let mut v = new_vault();
    let company = v
        .session()
        .add_company(&NewCompany {
            name: "Initech".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let id = v
        .session()
        .add_deal(&NewDeal {
            title: "TPS report licences".into(),
            amount_minor: 123_456,
            currency: Some("usd".into()),
            expected_close: Some("2026-06-30".into()),
            company_id: Some(company),
            ..NewDeal::default()
        })
        .unwrap();
    v.unlock();
    let d = v.session().get_deal(id).unwrap();
    assert_eq!(d.title, "TPS report licences");
    assert_eq!(d.stage, "Lead", "the first open stage by default");
    assert_eq!(d.stage_kind, StageKind::Open);
    assert_eq!(d.probability, 10, "the stage's probability by default");
    assert_eq!(d.amount_minor, 123_456);
    assert_eq!(d.currency, "USD");
    assert_eq!(d.expected_close.as_deref(), Some("2026-06-30"));
    assert_eq!(d.company_id, Some(company));
    assert_eq!(d.contact_id, None);
    assert_eq!(d.owner_id, v.session().user().id);
    assert_eq!(d.closed_at, None);

    let explicit = v
        .session()
        .add_deal(&NewDeal {
            stage: Some(stage("proposal")),
            probability: Some(80),
            ..deal("Second")
        })
        .unwrap();
    let d = v.session().get_deal(explicit).unwrap();
    assert_eq!(d.stage, "Proposal", "stage names match regardless of case");
    assert_eq!(d.probability, 80);
    assert_eq!(d.currency, "EUR");
}

#[test]
fn editing_changes_only_the_fields_given() {
    let mut v = new_vault();
    let id = v.session().add_deal(&deal("Renewal")).unwrap();
    let d = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                amount_minor: Some(50_000),
                expected_close: Some("2026-01-31".into()),
                ..DealPatch::default()
            },
        )
        .unwrap();
    assert_eq!(d.title, "Renewal");
    assert_eq!(d.amount_minor, 50_000);
    assert_eq!(d.expected_close.as_deref(), Some("2026-01-31"));
    let d = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                expected_close: Some(String::new()),
                ..DealPatch::default()
            },
        )
        .unwrap();
    assert_eq!(d.expected_close, None, "empty text clears");
    assert!(matches!(
        v.session().update_deal(
            id,
            &DealPatch {
                contact_id: Some(Some(999)),
                ..DealPatch::default()
            }
        ),
        Err(Error::NotFound {
            entity: "contact",
            ..
        })
    ));
}

fn check_rejected(new: NewDeal, expected: &str) {
    let mut v = new_vault();
    let err = v.session().add_deal(&new).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(
        err.to_string().contains(expected),
        "{err} should mention {expected:?}"
    );
    assert!(
        v.session().list_deals(None).unwrap().is_empty(),
        "nothing half-written"
    );
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    check_rejected(deal(" "), "a deal needs a title");
    check_rejected(
        NewDeal {
            currency: Some("EURO".into()),
            ..deal("X")
        },
        "not a currency code",
    );
    check_rejected(
        NewDeal {
            amount_minor: -1,
            ..deal("X")
        },
        "the amount must be between 0",
    );
    check_rejected(
        NewDeal {
            amount_minor: MAX_AMOUNT_MINOR + 1,
            ..deal("X")
        },
        "the amount must be between 0",
    );
    check_rejected(
        NewDeal {
            expected_close: Some("31/12/2026".into()),
            ..deal("X")
        },
        "YYYY-MM-DD",
    );
    check_rejected(
        NewDeal {
            probability: Some(101),
            ..deal("X")
        },
        "between 0 and 100",
    );
    check_rejected(
        NewDeal {
            stage: Some(stage("Lost")),
            ..deal("X")
        },
        "cannot start in a lost stage",
    );
}

#[test]
fn moving_to_lost_needs_a_reason_and_closes_the_deal_until_it_reopens() {
    let mut v = new_vault();
    let id = v.session().add_deal(&deal("Big one")).unwrap();
    let err = v.session().move_deal(id, &stage("Lost"), None).unwrap_err();
    assert!(err.to_string().contains("needs a reason"), "{err}");
    let err = v
        .session()
        .move_deal(id, &stage("Lost"), Some("  "))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert_eq!(v.session().get_deal(id).unwrap().stage, "Lead", "unchanged");

    let lost = v
        .session()
        .move_deal(id, &stage("Lost"), Some("went with a competitor"))
        .unwrap();
    assert_eq!(lost.stage_kind, StageKind::Lost);
    assert_eq!(lost.close_reason.as_deref(), Some("went with a competitor"));
    assert!(lost.closed_at.is_some());
    assert_eq!(lost.probability, 0);

    let reopened = v
        .session()
        .move_deal(id, &stage("Qualified"), None)
        .unwrap();
    assert_eq!(reopened.closed_at, None);
    assert_eq!(reopened.close_reason, None);
    assert_eq!(reopened.probability, 25);

    let err = v
        .session()
        .move_deal(id, &stage("Negotiation"), Some("no reason needed"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only goes with a won or lost stage"),
        "{err}"
    );
    let won = v.session().move_deal(id, &stage("won"), None).unwrap();
    assert!(won.closed_at.is_some());
    assert_eq!(won.probability, 100);
    assert_eq!(won.close_reason, None, "a won deal needs no reason");
    assert!(matches!(
        v.session().move_deal(id, &stage("Nowhere"), None),
        Err(Error::NotFound {
            entity: "stage",
            ..
        })
    ));

    let text = all_audit_text(&v);
    let stages = v.session().list_stages().unwrap();
    let stage_id = |name: &str| stages.iter().find(|s| s.name == name).unwrap().id;
    assert!(
        text.contains(&format!(
            r#"deal.move deal {id} {{"from_stage":{},"to_stage":{}}}"#,
            stage_id("Lead"),
            stage_id("Lost")
        )),
        "{text}"
    );
    assert!(
        !text.contains("competitor"),
        "the reason stays out of the audit log"
    );
}

#[test]
fn the_pipeline_summary_counts_deals_and_sums_amounts_per_currency() {
    let mut v = new_vault();
    for (title, amount, currency, stage_name) in [
        ("a", 10_000, "EUR", "Lead"),
        ("b", 25_050, "EUR", "Lead"),
        ("c", 9_999, "USD", "Lead"),
        ("d", 100_000, "EUR", "Proposal"),
        ("gone", 500_000, "EUR", "Proposal"),
    ] {
        let id = v
            .session()
            .add_deal(&NewDeal {
                amount_minor: amount,
                currency: Some(currency.into()),
                stage: Some(stage(stage_name)),
                ..deal(title)
            })
            .unwrap();
        if title == "gone" {
            v.session().delete_deal(id).unwrap();
        }
    }
    let summary = v.session().pipeline_summary().unwrap();
    assert_eq!(summary.len(), 6, "every stage, empty ones too");
    assert_eq!(summary[0].stage.name, "Lead");
    assert_eq!(summary[0].count, 3);
    assert_eq!(
        summary[0].amount_by_currency,
        [("EUR".to_owned(), 35_050), ("USD".to_owned(), 9_999)]
    );
    assert_eq!(summary[2].stage.name, "Proposal");
    assert_eq!(summary[2].count, 1, "deleted deals are left out");
    assert_eq!(summary[2].amount_by_currency, [("EUR".to_owned(), 100_000)]);
    assert_eq!(summary[1].count, 0);
    assert!(summary[1].amount_by_currency.is_empty());
}

#[test]
fn lists_filter_by_stage_and_a_deleted_deal_is_gone_from_gets_lists_and_search() {
    let mut v = new_vault();
    let keep = v.session().add_deal(&deal("Keep me")).unwrap();
    let gone = v
        .session()
        .add_deal(&NewDeal {
            stage: Some(stage("Negotiation")),
            ..deal("Zanzibar expansion")
        })
        .unwrap();
    let in_negotiation = v.session().list_deals(Some(&stage("negotiation"))).unwrap();
    assert_eq!(in_negotiation.len(), 1);
    assert_eq!(in_negotiation[0].id, gone);
    let hits = v.session().search("zanzibar", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].kind, hits[0].id), (Kind::Deal, gone));
    assert_eq!(hits[0].detail.as_deref(), Some("Negotiation"));

    v.session().delete_deal(gone).unwrap();
    assert!(matches!(
        v.session().get_deal(gone),
        Err(Error::NotFound { entity: "deal", .. })
    ));
    let ids: Vec<_> = v
        .session()
        .list_deals(None)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, [keep]);
    assert!(v.session().search("zanzibar", 10).unwrap().is_empty());
    assert!(matches!(
        v.session().move_deal(gone, &stage("Won"), None),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn an_agent_moves_and_edits_their_own_deals_only_and_a_viewer_creates_none() {
    let mut v = new_vault();
    let theirs = v.session().add_deal(&deal("Owner's deal")).unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let mine = agent.add_deal(&deal("Agent's deal")).unwrap();
    agent.move_deal(mine, &stage("Qualified"), None).unwrap();
    assert!(matches!(
        agent.move_deal(theirs, &stage("Qualified"), None),
        Err(Error::PermissionDenied {
            permission: "contacts.edit-any",
            ..
        })
    ));
    assert!(matches!(
        agent.update_deal(
            theirs,
            &DealPatch {
                title: Some("Mine now".into()),
                ..DealPatch::default()
            }
        ),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.delete_deal(theirs),
        Err(Error::PermissionDenied {
            permission: "contacts.delete-any",
            ..
        })
    ));
    assert!(matches!(
        agent.add_stage("Pilot", 40, StageKind::Open),
        Err(Error::PermissionDenied {
            permission: "settings.manage",
            ..
        })
    ));
    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    assert!(matches!(
        viewer.add_deal(&deal("Nope")),
        Err(Error::PermissionDenied {
            permission: "contacts.create",
            ..
        })
    ));
    assert_eq!(viewer.list_deals(None).unwrap().len(), 2);
    agent.lock().unwrap();
    viewer.lock().unwrap();
    assert_eq!(v.session().get_deal(theirs).unwrap().stage, "Lead");
}

#[test]
fn admins_add_rename_and_reorder_stages_and_search_follows_the_new_name() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_deal(&NewDeal {
            stage: Some(stage("Proposal")),
            ..deal("Widget order")
        })
        .unwrap();
    let pilot = v.session().add_stage("Pilot", 40, StageKind::Open).unwrap();
    assert_eq!(pilot.position, 7, "added at the end");
    let err = v
        .session()
        .add_stage("pilot", 10, StageKind::Open)
        .unwrap_err();
    assert!(err.to_string().contains("already a stage named"), "{err}");
    let err = v
        .session()
        .add_stage("Odd", 101, StageKind::Open)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");

    let proposal = v.session().get_deal(id).unwrap().stage_id;
    v.session().rename_stage(proposal, "Quoted").unwrap();
    assert_eq!(v.session().get_deal(id).unwrap().stage, "Quoted");
    let hits = v.session().search("quoted", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.kind == Kind::Deal && h.id == id),
        "{hits:?}"
    );

    let mut order: Vec<i64> = v
        .session()
        .list_stages()
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let last = order.pop().unwrap();
    order.insert(1, last);
    let stages = v.session().reorder_stages(&order).unwrap();
    assert_eq!(stages[1].name, "Pilot");
    assert_eq!(
        stages.iter().map(|s| s.position).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7]
    );
    let err = v.session().reorder_stages(&order[1..]).unwrap_err();
    assert!(err.to_string().contains("every stage"), "{err}");
    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!("stage.rename stage {proposal}")),
        "{text}"
    );
    assert!(
        !text.contains("Quoted"),
        "stage names stay out of the audit log"
    );
}

#[test]
fn audit_entries_name_deal_ids_and_fields_never_titles() {
    let mut v = new_vault();
    let id = v.session().add_deal(&deal("Quixotic merger")).unwrap();
    v.session()
        .update_deal(
            id,
            &DealPatch {
                title: Some("Xylophone merger".into()),
                amount_minor: Some(1),
                ..DealPatch::default()
            },
        )
        .unwrap();
    v.session().delete_deal(id).unwrap();
    let text = all_audit_text(&v);
    for action in ["deal.create", "deal.update", "deal.delete"] {
        assert!(
            text.contains(&format!("{action} deal {id}")),
            "{action} missing: {text}"
        );
    }
    assert!(text.contains(r#""fields":["title","amount"]"#), "{text}");
    assert!(
        !text.contains("Quixotic") && !text.contains("Xylophone"),
        "{text}"
    );
}

#[test]
fn a_won_deal_may_say_why_and_the_reason_goes_when_it_reopens() {
    let mut v = new_vault();
    let id = v.session().add_deal(&deal("Fleet renewal")).unwrap();
    let won = v
        .session()
        .move_deal(id, &stage("Won"), Some("  best support offer "))
        .unwrap();
    assert_eq!(won.stage_kind, StageKind::Won);
    assert_eq!(won.close_reason.as_deref(), Some("best support offer"));
    assert!(won.closed_at.is_some());

    let unchanged = v.session().move_deal(id, &stage("Won"), None).unwrap();
    assert_eq!(
        unchanged.close_reason.as_deref(),
        Some("best support offer"),
        "moving to the same stage without a reason keeps the reason"
    );
    let closed_at = unchanged.closed_at.clone();
    let restated = v
        .session()
        .move_deal(id, &stage("Won"), Some("price and support"))
        .unwrap();
    assert_eq!(restated.close_reason.as_deref(), Some("price and support"));
    assert_eq!(restated.closed_at, closed_at, "still closed when it was");

    let lost = v
        .session()
        .move_deal(id, &stage("Lost"), Some("cancelled after all"))
        .unwrap();
    assert_eq!(lost.close_reason.as_deref(), Some("cancelled after all"));
    let won_again = v.session().move_deal(id, &stage("Won"), None).unwrap();
    assert_eq!(
        won_again.close_reason, None,
        "a new close without a reason has none"
    );
    let reopened = v.session().move_deal(id, &stage("Lead"), None).unwrap();
    assert_eq!(reopened.close_reason, None);
    assert_eq!(reopened.closed_at, None);

    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!(
            r#"deal.update deal {id} {{"fields":["close_reason"]}}"#
        )),
        "{text}"
    );
    assert!(
        !text.contains("support") && !text.contains("cancelled"),
        "reasons stay out of the audit log"
    );
}

#[test]
fn a_deal_s_own_probability_overrides_its_stage_until_it_is_cleared_or_the_deal_moves() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_deal(&NewDeal {
            probability: Some(60),
            ..deal("Pilot")
        })
        .unwrap();
    let d = v.session().get_deal(id).unwrap();
    assert_eq!((d.probability, d.own_probability), (60, Some(60)));

    let d = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                title: Some("Pilot project".into()),
                ..DealPatch::default()
            },
        )
        .unwrap();
    assert_eq!(d.own_probability, Some(60), "a patch without it keeps it");

    let d = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                probability: Some(None),
                ..DealPatch::default()
            },
        )
        .unwrap();
    assert_eq!(
        (d.probability, d.own_probability),
        (10, None),
        "cleared: the deal follows its stage (Lead, 10 %) again"
    );
    let err = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                probability: Some(Some(101)),
                ..DealPatch::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("between 0 and 100"), "{err}");

    let d = v
        .session()
        .update_deal(
            id,
            &DealPatch {
                probability: Some(Some(35)),
                ..DealPatch::default()
            },
        )
        .unwrap();
    assert_eq!((d.probability, d.own_probability), (35, Some(35)));
    let moved = v.session().move_deal(id, &stage("Proposal"), None).unwrap();
    assert_eq!((moved.probability, moved.own_probability), (50, None));
    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!(
            r#"deal.update deal {id} {{"fields":["probability"]}}"#
        )),
        "{text}"
    );
}

#[test]
fn a_deal_moved_between_two_won_stages_keeps_the_day_it_was_won() {
    let mut v = new_vault();
    v.session()
        .add_stage("Won and paid", 100, StageKind::Won)
        .unwrap();
    let id = v.session().add_deal(&deal("Fleet renewal")).unwrap();
    v.session().move_deal(id, &stage("Won"), None).unwrap();
    raw(&v)
        .execute(
            "UPDATE deals SET closed_at = '2026-01-05T10:00:00Z' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let paid = v
        .session()
        .move_deal(id, &stage("Won and paid"), None)
        .unwrap();
    assert_eq!(paid.closed_at.as_deref(), Some("2026-01-05T10:00:00Z"));
    let lost = v
        .session()
        .move_deal(id, &stage("Lost"), Some("refunded"))
        .unwrap();
    assert_ne!(
        lost.closed_at.as_deref(),
        Some("2026-01-05T10:00:00Z"),
        "a different outcome is a new close"
    );
}
