audit_history
write src/auth/login.rs 'fn login() { remember(30); }
'
at_commit '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
