//! `steward deal …`

use steward_core::Session;
use steward_core::records::deals::{Deal, DealPatch, MAX_PAGE, NewDeal, StageRef};

use crate::args::Cli;
use crate::args::records::{DealAddArgs, DealCommand, DealEditArgs, PageArgs};
use crate::exit::{CliError, CliResult};
use crate::output::print_json;
use crate::output::records::{DealJson, format_amount, minor_digits};

pub fn run(cli: &Cli, session: &mut Session, cmd: &DealCommand) -> CliResult {
    match cmd {
        DealCommand::Add(args) => add(cli, session, args),
        DealCommand::List { stage, page } => list(cli, session, stage.as_deref(), page),
        DealCommand::Show { id } => show(cli, &session.get_deal(*id)?),
        DealCommand::Edit(args) => edit(cli, session, args),
        DealCommand::Delete { id } => {
            session.delete_deal(*id)?;
            if !cli.json {
                eprintln!("moved deal {id} to the recycle bin; it can be restored for 30 days");
            }
            Ok(())
        }
        DealCommand::Move { id, stage, reason } => {
            let deal = session.move_deal(*id, &StageRef::parse(stage), reason.as_deref())?;
            if cli.json {
                return print_json(&DealJson::from(&deal));
            }
            eprintln!("moved deal {id} to {}", deal.stage);
            Ok(())
        }
    }
}

/// Reads an amount such as `1234.56` into minor units of `currency`, with
/// integer arithmetic only: no digit is lost to floating point.
pub(crate) fn parse_amount(text: &str, currency: &str) -> Result<i64, String> {
    let digits = minor_digits(currency);
    let text = text.trim();
    let bad = || {
        format!(
            "{text:?} is not an amount; write digits with at most {digits} after a decimal point, such as 1234.56"
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || fraction.len() > digits as usize
        || (text.contains('.') && fraction.is_empty())
    {
        return Err(bad());
    }
    let too_large = || format!("{text:?} is too large an amount");
    let scale = 10_i64.pow(digits);
    let whole: i64 = whole.parse().map_err(|_| too_large())?;
    let mut minor: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| bad())?
    };
    for _ in fraction.len()..digits as usize {
        minor *= 10;
    }
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(minor))
        .ok_or_else(too_large)
}

fn add(cli: &Cli, session: &mut Session, args: &DealAddArgs) -> CliResult {
    let currency = args.currency.as_deref().unwrap_or("EUR");
    let amount_minor = match &args.amount {
        Some(text) => parse_amount(text, currency).map_err(CliError::Usage)?,
        None => 0,
    };
    let id = session.add_deal(&NewDeal {
        title: args.title.clone(),
        stage: args.stage.as_deref().map(StageRef::parse),
        amount_minor,
        currency: args.currency.clone(),
        expected_close: args.close.clone(),
        probability: args.probability,
        contact_id: args.contact,
        company_id: args.company,
    })?;
    if cli.json {
        print_json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

fn edit(cli: &Cli, session: &mut Session, args: &DealEditArgs) -> CliResult {
    let amount_minor = match &args.amount {
        // The amount is read in the currency the deal will have.
        Some(text) => {
            let currency = match &args.currency {
                Some(code) => code.clone(),
                None => session.get_deal(args.id)?.currency,
            };
            Some(parse_amount(text, &currency).map_err(CliError::Usage)?)
        }
        None => None,
    };
    let probability = if args.follow_stage {
        Some(None)
    } else {
        args.probability.map(Some)
    };
    let deal = session.update_deal(
        args.id,
        &DealPatch {
            title: args.title.clone(),
            amount_minor,
            currency: args.currency.clone(),
            expected_close: args.close.clone(),
            probability,
            contact_id: args.contact.map(Some),
            company_id: args.company.map(Some),
        },
    )?;
    if cli.json {
        return print_json(&DealJson::from(&deal));
    }
    eprintln!("changed deal {}", deal.id);
    Ok(())
}

fn show(cli: &Cli, d: &Deal) -> CliResult {
    if cli.json {
        return print_json(&DealJson::from(d));
    }
    let probability = match d.own_probability {
        Some(p) => format!("{p} % (the deal's own)"),
        None => format!("{} % (the stage's)", d.probability),
    };
    let id = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
    outln!("{}", d.title);
    outln!("stage:       {} ({})", d.stage, d.stage_kind);
    outln!(
        "amount:      {} {}",
        format_amount(d.amount_minor, &d.currency),
        d.currency
    );
    outln!("probability: {probability}");
    outln!(
        "close:       {}",
        d.expected_close.as_deref().unwrap_or("-")
    );
    if let Some(reason) = &d.close_reason {
        outln!("reason:      {reason}");
    }
    outln!("contact:     {}", id(d.contact_id));
    outln!("company:     {}", id(d.company_id));
    Ok(())
}

fn list(cli: &Cli, session: &Session, stage: Option<&str>, args: &PageArgs) -> CliResult {
    let stage = stage.map(StageRef::parse);
    let (deals, after) = super::paging::collect(args, MAX_PAGE, |after, want| {
        let page = session.list_deals_page(stage.as_ref(), after, want)?;
        Ok((page.items, page.next))
    })?;
    let paged = args.limit.is_some() || args.after.is_some();
    if cli.json {
        let json: Vec<_> = deals.iter().map(DealJson::from).collect();
        if paged {
            return print_json(&serde_json::json!({ "deals": json, "next": after }));
        }
        return print_json(&json);
    }
    super::paging::say_next(after.as_deref(), paged);
    if deals.is_empty() {
        eprintln!("no deals");
        return Ok(());
    }
    outln!(
        "{:>6}  {:<14}  {:>16}  {:<3}  {:<10}  TITLE",
        "ID",
        "STAGE",
        "AMOUNT",
        "CUR",
        "CLOSE"
    );
    for d in &deals {
        outln!(
            "{:>6}  {:<14}  {:>16}  {:<3}  {:<10}  {}",
            d.id,
            d.stage,
            format_amount(d.amount_minor, &d.currency),
            d.currency,
            d.expected_close.as_deref().unwrap_or("-"),
            d.title
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_into_minor_units_without_floating_point() {
        assert_eq!(parse_amount("1234.56", "EUR"), Ok(123_456));
        assert_eq!(parse_amount("1234.5", "EUR"), Ok(123_450));
        assert_eq!(parse_amount("1234", "eur"), Ok(123_400));
        assert_eq!(parse_amount("0.01", "USD"), Ok(1));
        // 0.1 + 0.2 is not 0.3 in floating point; here it is exact.
        assert_eq!(parse_amount("0.30", "USD"), Ok(30));
        assert_eq!(parse_amount("5000", "JPY"), Ok(5000));
        assert_eq!(parse_amount("1.234", "KWD"), Ok(1234));
        assert_eq!(
            parse_amount("92233720368547758.07", "EUR"),
            Ok(i64::MAX),
            "the largest amount that fits"
        );
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in [
            "", ".5", "12.", "1,234.56", "1.234", "-5", "+5", "1e3", "12.3.4", " . ",
        ] {
            let err = parse_amount(bad, "EUR").unwrap_err();
            assert!(err.contains("is not an amount"), "{bad:?}: {err}");
        }
        assert!(parse_amount("5.5", "JPY").is_err());
        let err = parse_amount("92233720368547758.08", "EUR").unwrap_err();
        assert!(err.contains("too large"), "{err}");
        let err = parse_amount("99999999999999999999", "EUR").unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }
}
