//! steward-sync-pg against a real PostgreSQL: each test starts its own
//! throwaway cluster (`steward_sync_pg::test_cluster`).

mod cluster;
mod contract;
mod privileges;
mod scan;
mod speed;
