//! Keyset pagination (ADR 0023): pages walk an index from a cursor.

use steward_core::records::contacts::{ContactQuery, ContactSort, NewContact};

use crate::fixtures::*;

#[test]
fn every_page_query_walks_an_index_from_its_cursor_without_sorting() {
    let mut v = new_vault();
    let plans = v.session().page_query_plans().unwrap();
    // Every stretch of every Tasks tab after every shape of cursor, for
    // everyone's tasks and one's own (`page_plans::task_cursors`).
    let task_stretches = (1 + 2 + 2) + (1 + 3 + 3) + (2 + 4 + 4 + 2) + (1 + 2);
    assert_eq!(
        plans.len(),
        5 * 4 * 2 + 3 + task_stretches * 2,
        "every filter, order and role"
    );
    for (what, plan) in &plans {
        assert!(!plan.contains("TEMP B-TREE"), "{what} sorts:\n{plan}");
        let table = if what.starts_with("audit") {
            "a"
        } else if what.starts_with("deals") {
            "d"
        } else if what.starts_with("tasks") {
            "t"
        } else {
            "c"
        };
        assert!(
            plan.lines()
                .any(|l| l.starts_with(&format!("SEARCH {table} USING"))),
            "{what} does not start its walk at the cursor:\n{plan}"
        );
        // A stretch of tasks walks one of the tab indexes: a walk of the
        // table by id would also start at a cursor, and read every task
        // after it.
        if table == "t" {
            assert!(
                plan.lines()
                    .any(|l| l.starts_with("SEARCH t USING INDEX tasks_")
                        || l.starts_with("SEARCH t USING COVERING INDEX tasks_")),
                "{what} does not walk a tasks index:\n{plan}"
            );
        }
    }
    // A company's contacts are counted (up to the cap) in an index, not
    // by reading each contact.
    let (_, companies) = plans.iter().find(|(w, _)| w == "companies.name").unwrap();
    assert!(
        companies.contains("SEARCH k USING COVERING INDEX contacts_live_by_company_and_sort_key"),
        "{companies}"
    );
}

/// Adds contacts named `names` (tagged `vip` when their index is even) and
/// returns their ids in the same order.
fn contacts(v: &mut TestVault, names: &[&str]) -> Vec<i64> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            v.session()
                .add_contact(&NewContact {
                    name: (*name).into(),
                    tags: if i % 2 == 0 {
                        vec!["vip".into()]
                    } else {
                        vec![]
                    },
                    ..NewContact::default()
                })
                .unwrap()
        })
        .collect()
}

/// Every page of `query` by cursors, `size` rows at a time: the ids of each.
fn pages(v: &mut TestVault, query: &ContactQuery, size: u32) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = v
            .session()
            .list_contacts_where(query, after.as_deref(), size)
            .unwrap();
        pages.push(page.items.iter().map(|c| c.id).collect());
        assert!(pages.len() < 100, "the cursors never end");
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

const NAMES: [&str; 11] = [
    "Țugui", "Ana", "Ștefan", "ana", "Zamfir", "Ăla", "Bogdan", "Ana", "Înescu", "Sorin", "Tudor",
];

#[test]
fn paging_by_cursor_visits_every_contact_once_in_each_order() {
    let mut v = new_vault();
    v.session()
        .set_vault_language(steward_core::language::Language::Ro)
        .unwrap();
    let ids = contacts(&mut v, &NAMES);
    let by_name = |order: &[&str]| -> Vec<i64> {
        // Ties (Ana, ana, Ana) are broken by id.
        order
            .iter()
            .flat_map(|n| {
                let mut same: Vec<i64> = NAMES
                    .iter()
                    .zip(&ids)
                    .filter(|(m, _)| m.to_lowercase() == n.to_lowercase())
                    .map(|(_, id)| *id)
                    .collect();
                same.sort_unstable();
                same
            })
            .collect()
    };
    let ro = by_name(&[
        "Ana", "Ăla", "Bogdan", "Înescu", "Sorin", "Ștefan", "Tudor", "Țugui", "Zamfir",
    ]);
    let mut newest = ids.clone();
    newest.reverse();
    let mut ro_desc = ro.clone();
    ro_desc.reverse();
    for (sort, expected) in [
        (ContactSort::NameAsc, ro),
        (ContactSort::NameDesc, ro_desc),
        (ContactSort::Newest, newest),
        (ContactSort::Oldest, ids.clone()),
    ] {
        let query = ContactQuery {
            sort,
            ..ContactQuery::default()
        };
        let pages = pages(&mut v, &query, 4);
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [4, 4, 3],
            "{sort:?}: full pages, the last one short and marked last"
        );
        assert_eq!(pages.concat(), expected, "{sort:?}");
        // A filter pages the same way: the tagged ones, in the same order.
        let tagged = ContactQuery {
            tag: Some("VIP".into()),
            ..query
        };
        let vip: Vec<i64> = expected
            .iter()
            .copied()
            .filter(|id| ids.iter().position(|i| i == id).unwrap() % 2 == 0)
            .collect();
        assert_eq!(pages_concat(&mut v, &tagged, 2), vip, "{sort:?}, tagged");
    }
    // A list that fills its last page exactly says so at once.
    let exact = pages(&mut v, &ContactQuery::default(), 11);
    assert_eq!(exact.len(), 1);
    assert_eq!(
        v.session()
            .count_contacts(&ContactQuery::default())
            .unwrap(),
        11
    );
}

fn pages_concat(v: &mut TestVault, query: &ContactQuery, size: u32) -> Vec<i64> {
    pages(v, query, size).concat()
}

#[test]
fn a_page_continues_after_its_cursor_even_when_that_row_is_gone() {
    let mut v = new_vault();
    let ids = contacts(&mut v, &["Ana", "Bogdan", "Cezar", "Dan", "Elena"]);
    let first = v.session().list_contacts(None, 2).unwrap();
    assert_eq!(
        first.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        ids[..2]
    );
    // Bogdan, the last row of the page, is deleted; a contact is added
    // before the cursor: neither shifts the next page as an offset would.
    v.session().delete_contact(ids[1]).unwrap();
    contacts(&mut v, &["Aurel"]);
    let second = v.session().list_contacts(first.next.as_deref(), 2).unwrap();
    assert_eq!(
        second.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        ids[2..4]
    );
}

#[test]
fn a_cursor_that_is_not_one_of_the_lists_is_refused_with_a_reason() {
    let mut v = new_vault();
    contacts(&mut v, &["Ana", "Bogdan", "Cezar"]);
    let by_name = v.session().list_contacts(None, 1).unwrap().next.unwrap();
    let newest = ContactQuery {
        sort: ContactSort::Newest,
        ..ContactQuery::default()
    };
    for (query, cursor) in [
        (ContactQuery::default(), "not a cursor".to_owned()),
        (ContactQuery::default(), "W10".to_owned()),
        (newest, by_name.clone()),
    ] {
        let err = v
            .session()
            .list_contacts_where(&query, Some(&cursor), 10)
            .unwrap_err();
        assert_eq!(err.reason(), Some("cursor-invalid"), "{cursor}: {err}");
    }
    let err = v.session().list_companies(Some(&by_name), 10).unwrap_err();
    assert_eq!(err.reason(), Some("cursor-invalid"), "{err}");
}

#[test]
fn a_company_page_counts_its_contacts_up_to_the_cap_and_one_company_in_full() {
    use steward_core::records::companies::LISTED_CONTACT_COUNT_CAP;
    let mut v = new_vault();
    let acme = v
        .session()
        .add_company(&steward_core::records::companies::NewCompany {
            name: "Acme".into(),
            ..Default::default()
        })
        .unwrap();
    let small = v
        .session()
        .add_company(&steward_core::records::companies::NewCompany {
            name: "Beta".into(),
            ..Default::default()
        })
        .unwrap();
    // More people than the list counts, one of them deleted.
    let over = LISTED_CONTACT_COUNT_CAP + 5;
    {
        let conn = raw(&v);
        for i in 0..over {
            conn.execute(
                "INSERT INTO contacts (name, owner_id, created_at, updated_at, company_id, sort_key, deleted_at)
                 VALUES (?1, 1, 'x', 'x', ?2, x'41', CASE WHEN ?3 = 0 THEN 'x' END)",
                rusqlite::params![format!("P{i}"), acme, i64::try_from(i).unwrap()],
            )
            .unwrap();
        }
        for i in 0..3 {
            conn.execute(
                "INSERT INTO contacts (name, owner_id, created_at, updated_at, company_id, sort_key, deleted_at)
                 VALUES (?1, 1, 'x', 'x', ?2, x'41', CASE WHEN ?3 = 0 THEN 'x' END)",
                rusqlite::params![format!("Q{i}"), small, i],
            )
            .unwrap();
        }
    }
    let page = v.session().list_companies(None, 10).unwrap();
    let counts: Vec<_> = page
        .items
        .iter()
        .map(|c| (c.name.as_str(), c.contact_count, c.contact_count_capped))
        .collect();
    assert_eq!(
        counts,
        [("Acme", LISTED_CONTACT_COUNT_CAP, true), ("Beta", 2, false)]
    );
    let full = v.session().get_company(acme).unwrap();
    assert_eq!(
        (full.contact_count, full.contact_count_capped),
        (over - 1, false)
    );
}

#[test]
fn deals_page_through_the_stages_in_pipeline_order_newest_first() {
    use steward_core::records::deals::{NewDeal, StageRef};
    let mut v = new_vault();
    let stages: Vec<i64> = v
        .session()
        .list_stages()
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    // Three deals in the first stage, none in the second, two in the third.
    let add = |v: &mut TestVault, title: &str, stage: i64| {
        v.session()
            .add_deal(&NewDeal {
                title: title.into(),
                stage: Some(StageRef::Id(stage)),
                ..NewDeal::default()
            })
            .unwrap()
    };
    let a = [
        add(&mut v, "a1", stages[0]),
        add(&mut v, "a2", stages[0]),
        add(&mut v, "a3", stages[0]),
    ];
    let c = [add(&mut v, "c1", stages[2]), add(&mut v, "c2", stages[2])];
    let expected = vec![a[2], a[1], a[0], c[1], c[0]];
    assert_eq!(
        v.session()
            .list_deals(None)
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect::<Vec<_>>(),
        expected,
        "the board's order"
    );
    for size in [1, 2, 3, 5] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        let mut sizes = Vec::new();
        loop {
            let page = v
                .session()
                .list_deals_page(None, after.as_deref(), size)
                .unwrap();
            sizes.push(page.items.len());
            seen.extend(page.items.iter().map(|d| d.id));
            assert!(sizes.len() < 20, "the cursors never end");
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, expected, "pages of {size}");
        assert_eq!(
            *sizes.last().unwrap(),
            5 - (sizes.len() - 1) * size as usize
        );
    }
    // The row under the cursor is deleted: the next page starts after it.
    let first = v.session().list_deals_page(None, None, 2).unwrap();
    v.session().delete_deal(a[1]).unwrap();
    let second = v
        .session()
        .list_deals_page(None, first.next.as_deref(), 2)
        .unwrap();
    assert_eq!(
        second.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [a[0], c[1]]
    );
    // One stage pages on its own; a cursor of the whole list names a stage
    // that list has, another stage's list refuses it.
    let third = v
        .session()
        .list_deals_page(Some(&StageRef::Id(stages[2])), None, 1)
        .unwrap();
    assert_eq!(third.items[0].id, c[1]);
    let err = v
        .session()
        .list_deals_page(Some(&StageRef::Id(stages[2])), first.next.as_deref(), 1)
        .unwrap_err();
    assert_eq!(err.reason(), Some("cursor-invalid"), "{err}");
    let err = v
        .session()
        .list_deals_page(None, Some("W10"), 1)
        .unwrap_err();
    assert_eq!(err.reason(), Some("cursor-invalid"), "{err}");
}

#[test]
fn companies_with_the_same_name_page_by_id_and_the_last_page_says_so() {
    use steward_core::records::companies::NewCompany;
    let mut v = new_vault();
    let mut add = |name: &str| {
        v.session()
            .add_company(&NewCompany {
                name: name.into(),
                ..NewCompany::default()
            })
            .unwrap()
    };
    let zeta = add("Zeta");
    let acme: Vec<i64> = (0..3).map(|_| add("Acme")).collect();
    let beta = add("beta");
    let mut expected = acme.clone();
    expected.extend([beta, zeta]);
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = v.session().list_companies(after.as_deref(), 2).unwrap();
        sizes.push(page.items.len());
        seen.extend(page.items.iter().map(|c| c.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
        assert!(sizes.len() < 10, "the cursors never end");
    }
    // The three Acmes in id order, the cursor between two of them holding.
    assert_eq!(seen, expected);
    assert_eq!(sizes, [2, 2, 1]);
    // The Acme under the cursor is deleted: the next page starts after it.
    let first = v.session().list_companies(None, 2).unwrap();
    v.session().delete_company(acme[1]).unwrap();
    let second = v
        .session()
        .list_companies(first.next.as_deref(), 2)
        .unwrap();
    assert_eq!(
        second.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [acme[2], beta]
    );
}
