//! The query plans of every list page (ADR 0023), for the test that each is
//! an index walk from its cursor. Apart from `cursor`, which the lists import.

use crate::Result;
use crate::records::cursor;

impl crate::Session {
    /// The query plan (`EXPLAIN QUERY PLAN`, one line per step) of the page
    /// after a cursor of every list in every order and with every filter a
    /// front end offers, as `(what, plan)`: the test that each is an index
    /// walk from the cursor, with no sort.
    ///
    /// # Errors
    /// A query that does not prepare.
    #[doc(hidden)]
    pub fn page_query_plans(&self) -> Result<Vec<(String, String)>> {
        use crate::records::contacts::{ContactQuery, ContactSort};

        let explain = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<String> {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let lines = stmt
                .query_map(params, |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(lines.join("\n"))
        };
        let mut plans = Vec::new();
        let filters: [(&str, ContactQuery); 5] = [
            ("all", ContactQuery::default()),
            (
                "tag",
                ContactQuery {
                    tag: Some("vip".into()),
                    ..ContactQuery::default()
                },
            ),
            (
                "owner",
                ContactQuery {
                    owner_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
            (
                "company",
                ContactQuery {
                    company_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
            (
                "owner+tag",
                ContactQuery {
                    tag: Some("vip".into()),
                    owner_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
        ];
        for (filter, query) in filters {
            for sort in ContactSort::ALL {
                for see_restricted in [true, false] {
                    let query = ContactQuery {
                        sort,
                        ..query.clone()
                    };
                    let after = cursor::After {
                        key: Some(vec![0x40]),
                        id: 500,
                    };
                    let (sql, params) = crate::records::contacts::contact_page_sql(
                        &query,
                        see_restricted,
                        Some(after),
                        50,
                    );
                    let params: Vec<&dyn rusqlite::ToSql> =
                        params.iter().map(|p| p.as_ref()).collect();
                    let who = if see_restricted {
                        ""
                    } else {
                        ", restricted hidden"
                    };
                    plans.push((
                        format!("contacts.{} ({filter}{who})", sort.as_str()),
                        explain(&sql, &params)?,
                    ));
                }
            }
        }
        let (sql, params) = crate::records::companies::company_page_sql(Some((vec![0x40], 5)), 50);
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as _).collect();
        plans.push(("companies.name".into(), explain(&sql, &params)?));
        let params: [&dyn rusqlite::ToSql; 3] = [&1_i64, &500_i64, &51_i64];
        plans.push((
            "deals.pipeline".into(),
            explain(crate::records::deals::DEAL_PAGE_SQL, &params)?,
        ));
        for (filter, after) in task_cursors() {
            for mine_only in [false, true] {
                let statements = crate::records::tasks::task_page_sql(
                    filter,
                    mine_only,
                    false,
                    1,
                    "2026-03-10",
                    after.as_ref(),
                );
                for (i, (sql, mut params)) in statements.into_iter().enumerate() {
                    params.push(51_i64.into());
                    let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as _).collect();
                    let mine = if mine_only { ", mine" } else { "" };
                    plans.push((
                        format!("tasks.{filter:?} after {after:?}, stretch {i}{mine}"),
                        explain(&sql, &params)?,
                    ));
                }
            }
        }
        let filter = crate::audit::AuditFilter {
            before_seq: Some(500),
            ..Default::default()
        };
        let (sql, params) = crate::audit::query_sql(&filter, None, 50)?;
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as _).collect();
        plans.push(("audit.newest".into(), explain(&sql, &params)?));
        Ok(plans)
    }
}

/// A cursor of every shape each Tasks tab hands out, and none (the first
/// page).
fn task_cursors() -> Vec<(
    crate::records::tasks::TaskFilter,
    Option<crate::records::tasks::TaskAfter>,
)> {
    use crate::records::tasks::{TaskAfter, TaskFilter};

    let open = |date: Option<&str>, time: Option<&str>| TaskAfter::Open {
        date: date.map(Into::into),
        time: time.map(Into::into),
        id: 500,
    };
    let mut cursors = Vec::new();
    for (filter, day) in [
        (TaskFilter::Today, "2026-03-10"),
        (TaskFilter::Overdue, "2026-03-02"),
        (TaskFilter::Upcoming, "2026-03-20"),
    ] {
        cursors.push((filter, None));
        cursors.push((filter, Some(open(Some(day), None))));
        cursors.push((filter, Some(open(Some(day), Some("09:30")))));
    }
    cursors.push((TaskFilter::Upcoming, Some(open(None, None))));
    cursors.push((TaskFilter::Done, None));
    cursors.push((
        TaskFilter::Done,
        Some(TaskAfter::Done {
            done_at: "2026-03-01T08:00:00Z".into(),
            id: 500,
        }),
    ));
    cursors
}
