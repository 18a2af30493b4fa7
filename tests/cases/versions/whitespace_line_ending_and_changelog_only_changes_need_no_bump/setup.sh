seed_spec | repo_with specs/payments.md
awk '{ printf "%s  \r\n", $0 }' specs/payments.md >crlf.tmp && mv crlf.tmp specs/payments.md
stage
