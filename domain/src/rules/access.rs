//! Who may do what (权限): one table of role permissions that every service consults before it
//! touches an object. Ownership of a particular object is checked by the service on top.

use crate::model::Role;

/// Operations guarded by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read one's own account and change one's own password.
    ManageOwnAccount,
    /// Read the audit trail and verify its chain (全过程留痕): regulators and administrators.
    ReadAuditTrail,
    /// List all accounts: administrators.
    ListAccounts,
    /// Create, edit, retire and import catalogue items: administrators.
    ManageCatalogue,
    /// Enter the marketplace as a firm and keep its profile: intermediary firms.
    ManageOwnFirm,
    /// Draft, publish and cancel one's own projects: project owners.
    ManageOwnProjects,
    /// Answer objections (质疑) on any project and read every project's selection record:
    /// regulators.
    SuperviseProjects,
    /// Record credit events (manual adjustments, veto items) and decide appeals and repairs:
    /// regulators.
    SuperviseCredit,
    /// Change the credit policy: administrators.
    ManageCreditPolicy,
    /// Import a dishonesty list (失信名单) published by an authority: regulators and
    /// administrators.
    ImportDishonestyList,
    /// Handle complaints (投诉处理): read the queue and every case, accept or reject,
    /// investigate, uphold or dismiss: regulators.
    HandleComplaints,
    /// Watch the market (市场监测): statistics, warnings and their evidence: regulators.
    WatchMarket,
    /// Run random inspections (双随机抽查): define and draw rounds, record findings on the firms
    /// drawn for oneself: regulators.
    RunInspections,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Permission::ManageOwnAccount,
        Permission::ReadAuditTrail,
        Permission::ListAccounts,
        Permission::ManageCatalogue,
        Permission::ManageOwnFirm,
        Permission::ManageOwnProjects,
        Permission::SuperviseProjects,
        Permission::SuperviseCredit,
        Permission::ManageCreditPolicy,
        Permission::ImportDishonestyList,
        Permission::HandleComplaints,
        Permission::WatchMarket,
        Permission::RunInspections,
    ];
}

/// Whether a role holds a permission.
pub fn may(role: Role, p: Permission) -> bool {
    use Permission::*;
    use Role::*;
    match p {
        ManageOwnAccount => true,
        ReadAuditTrail => matches!(role, Regulator | Admin),
        ListAccounts => matches!(role, Admin),
        ManageCatalogue => matches!(role, Admin),
        ManageOwnFirm => matches!(role, Intermediary),
        ManageOwnProjects => matches!(role, Owner),
        SuperviseProjects => matches!(role, Regulator),
        SuperviseCredit => matches!(role, Regulator),
        ManageCreditPolicy => matches!(role, Admin),
        ImportDishonestyList => matches!(role, Regulator | Admin),
        HandleComplaints => matches!(role, Regulator),
        WatchMarket => matches!(role, Regulator),
        RunInspections => matches!(role, Regulator),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, written out, so that a change to a permission is a visible change here.
    #[test]
    fn permission_matrix() {
        use Permission::*;
        use Role::*;
        let expected: &[(Permission, &[Role])] = &[
            (ManageOwnAccount, &[Owner, Intermediary, Regulator, Admin]),
            (ReadAuditTrail, &[Regulator, Admin]),
            (ListAccounts, &[Admin]),
            (ManageCatalogue, &[Admin]),
            (ManageOwnFirm, &[Intermediary]),
            (ManageOwnProjects, &[Owner]),
            (SuperviseProjects, &[Regulator]),
            (SuperviseCredit, &[Regulator]),
            (ManageCreditPolicy, &[Admin]),
            (ImportDishonestyList, &[Regulator, Admin]),
            (HandleComplaints, &[Regulator]),
            (WatchMarket, &[Regulator]),
            (RunInspections, &[Regulator]),
        ];
        assert_eq!(expected.len(), Permission::ALL.len());
        for (p, allowed) in expected {
            for r in Role::ALL {
                assert_eq!(may(r, *p), allowed.contains(&r), "{r:?} {p:?}");
            }
        }
    }
}
