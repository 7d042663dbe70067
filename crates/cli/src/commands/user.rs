//! `steward user …`

use steward_core::{Role, Session};

use crate::args::Cli;
use crate::args::users::UserCommand;
use crate::credentials;
use crate::exit::CliResult;
use crate::output::print_json;
use crate::output::users::UserJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &UserCommand) -> CliResult {
    match cmd {
        UserCommand::Add {
            name,
            role,
            new_password_env,
        } => {
            let role: Role = role.parse()?;
            let password = credentials::new_password_from(new_password_env.as_deref(), name)?;
            let user = session.add_user(name, role, &password)?;
            done(
                cli,
                &user,
                &format!(
                    "added {} as {}; they must change the password at first unlock",
                    user.name, user.role
                ),
            )
        }
        UserCommand::List => {
            let users = session.list_users()?;
            if cli.json {
                let json: Vec<_> = users.iter().map(UserJson::from).collect();
                return print_json(&json);
            }
            outln!("{:>4}  {:<24}  {:<8}  STATUS", "ID", "NAME", "ROLE");
            for u in &users {
                let status = match (u.disabled, u.must_change_password) {
                    (true, _) => "disabled",
                    (false, true) => "must change password",
                    (false, false) => "active",
                };
                outln!(
                    "{:>4}  {:<24}  {:<8}  {status}",
                    u.id,
                    u.name,
                    u.role.as_str()
                );
            }
            Ok(())
        }
        UserCommand::SetRole { name, role } => {
            let role: Role = role.parse()?;
            let user = session.set_role(name, role)?;
            done(cli, &user, &format!("{} is now {}", user.name, user.role))
        }
        UserCommand::Disable { name } => {
            let user = session.disable_user(name)?;
            if steward_core::sync::is_replica(session) {
                // A re-key is the owner's step, not automatic: it needs the
                // owner's password and hands out a new recovery key.
                eprintln!(
                    "{} still knows the team vault's current key: run steward sync, then steward team rekey, so it opens nothing made from now on",
                    user.name
                );
            }
            done(
                cli,
                &user,
                &format!(
                    "disabled {}; their password no longer unlocks the vault",
                    user.name
                ),
            )
        }
        UserCommand::Enable {
            name,
            new_password_env,
        } => {
            let password = credentials::new_password_from(new_password_env.as_deref(), name)?;
            let user = session.enable_user(name, &password)?;
            done(
                cli,
                &user,
                &format!(
                    "enabled {}; they must change the password at first unlock",
                    user.name
                ),
            )
        }
        UserCommand::Passwd {
            name: Some(name),
            new_password_env,
        } if !is_self(session, name) => {
            let password = credentials::new_password_from(new_password_env.as_deref(), name)?;
            session.reset_password(name, &password)?;
            if !cli.json {
                eprintln!("reset the password of {name}; they must change it at their next unlock");
            }
            Ok(())
        }
        UserCommand::Passwd {
            new_password_env, ..
        } => {
            let me = session.user().name.clone();
            let new = credentials::new_password_from(new_password_env.as_deref(), &me)?;
            if session.unlocked_with_recovery_key() {
                session.set_own_password_after_recovery(&new)?;
            } else {
                let current = credentials::password(&format!("Current password for {me}: "))?;
                session.change_password(&current, &new)?;
            }
            if !cli.json {
                eprintln!("changed the password of {me}");
            }
            Ok(())
        }
    }
}

fn is_self(session: &Session, name: &str) -> bool {
    session.user().name.eq_ignore_ascii_case(name.trim())
}

fn done(cli: &Cli, user: &steward_core::User, message: &str) -> CliResult {
    if cli.json {
        print_json(&UserJson::from(user))
    } else {
        eprintln!("{message}");
        Ok(())
    }
}
