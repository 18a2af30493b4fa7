audit_history
# a severity a team tries before turning the gate on: drift only warns
write "$ROOT/trial.yml" "$(printf '%s' "$AUDIT_CFG" | sed 's/^rules:$/rules:\n  SM001: warn/')"
