//! `steward mailing-list PURPOSE --out FILE`: the names and e-mail
//! addresses of the contacts who may be contacted for a purpose.

use steward_core::Session;
use steward_core::consent::ContactScope;

use super::interchange::{left_out_json, left_out_text};
use crate::args::Cli;
use crate::args::contacts::ContactFilterArgs;
use crate::args::mailing::MailingListArgs;
use crate::exit::{CliError, CliResult};
use crate::files::create_output;
use crate::output::print_json;

/// Writes the mailing list; one above the policy's soft export limit asks
/// for the password again (from `STEWARD_PASSWORD` or a prompt) and is tried
/// once more, as an export does.
pub fn run(cli: &Cli, session: &mut Session, args: &MailingListArgs) -> CliResult {
    match once(cli, session, args) {
        Err(CliError::Core(steward_core::Error::ReauthRequired { contacts, limit })) => {
            let password = crate::credentials::password(&format!(
                "A mailing list of {contacts} contacts (more than {limit}): your password again: "
            ))?;
            session.reauthenticate(&password)?;
            once(cli, session, args)
        }
        other => other,
    }
}

fn once(cli: &Cli, session: &mut Session, args: &MailingListArgs) -> CliResult {
    let filter = ContactFilterArgs {
        tag: args.tag.clone(),
        ..Default::default()
    };
    let query = super::view::contact_query(session, &filter, args.view.as_deref())?;
    let mut out = create_output(&args.out)?;
    let written = session
        .write_mailing_list(&args.purpose, &ContactScope::Query(query), &mut out)
        .and_then(|list| {
            // Dropped unfinished, as on an error above, the file is deleted.
            out.finish().map_err(|e| steward_core::Error::Io {
                action: "write the mailing list".into(),
                source: e,
            })?;
            Ok(list)
        });
    let list = written?;
    if cli.json {
        return print_json(&serde_json::json!({
            "file": args.out.display().to_string(),
            "purpose": list.purpose,
            "included": list.recipients.len(),
            "left_out": list.left_out_total(),
            "left_out_by_reason": left_out_json(&list.left_out),
        }));
    }
    eprintln!(
        "wrote {} people who may be contacted for {} to {}; {}",
        list.recipients.len(),
        list.purpose,
        args.out.display(),
        left_out_text(&list.left_out)
    );
    Ok(())
}
