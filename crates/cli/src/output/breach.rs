//! JSON shapes of the breach register for `--json`; see [`super`].

use serde_json::{Value, json};
use steward_core::breach::Breach;
use steward_core::breach::report::TouchReport;

use super::audit::AuditEntryJson;

pub fn breach(b: &Breach) -> Value {
    let f = &b.facts;
    json!({
        "id": b.id,
        "opened_at": b.opened_at,
        "opened_by": b.opened_by,
        "discovered_at": f.discovered_at,
        "occurred_at": f.occurred_at,
        "deadline": b.deadline,
        "summary": f.summary,
        "data_categories": f.data_categories,
        "data_other": f.data_other,
        "subject_categories": f.subject_categories,
        "subjects_other": f.subjects_other,
        "people_approx": f.people_approx,
        "records_approx": f.records_approx,
        "consequences": f.consequences,
        "measures_taken": f.measures_taken,
        "measures_proposed": f.measures_proposed,
        "cross_border": f.cross_border,
        "delay_reason": f.delay_reason,
        "source_alert_id": b.source_alert_id,
        "decision": b.decision.as_ref().map(|(at, by, d)| json!({
            "at": at,
            "by": by,
            "notify_authority": d.notify_authority,
            "authority_reason": d.authority_reason,
            "notify_subjects": d.notify_subjects,
            "subjects_reason": d.subjects_reason,
            "notified_at": d.notified_at,
        })),
    })
}

pub fn report(r: &TouchReport) -> Value {
    json!({
        "from": r.query.from,
        "to": r.query.to,
        "users": r.query.users,
        "contacts": r.query.contacts,
        "entries": r.entries.iter().map(|t| {
            let mut e = serde_json::to_value(AuditEntryJson::from(&t.entry)).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut e {
                map.insert("kind".into(), t.kind.as_str().into());
                map.insert("purpose".into(), t.purpose.clone().into());
            }
            e
        }).collect::<Vec<_>>(),
        "summary": r.summary.iter().map(|c| json!({
            "actor_id": c.actor_id,
            "actor": c.actor_name,
            "kind": c.kind.as_str(),
            "count": c.count,
        })).collect::<Vec<_>>(),
    })
}
