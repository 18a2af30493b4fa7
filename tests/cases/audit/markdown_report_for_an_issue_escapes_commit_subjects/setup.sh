audit_history
write src/auth/login.rs 'fn login() { remember(30); }
'
at_commit 'login: *month* | [see](http://example.com) <b>@team</b> `x`'
