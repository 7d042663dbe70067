//! Command-line syntax of the mailing list.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct MailingListArgs {
    /// The purpose the people will be contacted for (its key); only those
    /// with a valid basis for it and an e-mail address are on the list.
    pub purpose: String,
    /// The file to create (it must not exist): a CSV of Name,Email.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only the contacts of this saved view (its name or id), in its order.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}
