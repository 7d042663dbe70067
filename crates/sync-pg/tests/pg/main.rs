//! steward-sync-pg against a real PostgreSQL: each test starts its own
//! throwaway cluster (cluster.rs).

mod cluster;
mod contract;
mod privileges;
mod scan;
mod speed;
