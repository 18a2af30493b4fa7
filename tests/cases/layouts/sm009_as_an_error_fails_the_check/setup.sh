pending_repo '  SM009: error'
