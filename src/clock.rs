//! The clock, read once at the edge.

/// Today as YYYY-MM-DD (UTC), honouring `SOURCE_DATE_EPOCH` for reproducible runs.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    crate::bump::civil_date(secs.div_euclid(86_400))
}
