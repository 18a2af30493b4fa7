pending_repo '  pending-implementation: warn'
