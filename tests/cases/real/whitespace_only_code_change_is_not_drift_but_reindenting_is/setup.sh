# login.rs: wider spacing inside a line, trailing blanks, CRLF, an extra blank line
# (whitespace-only: not drift). logout.rs: its body re-indented (indentation is
# meaning in some languages: still drift).
auth_repo
write src/auth/login.rs 'fn login() {
    let user = load();
}
'
write src/auth/logout.rs 'fn logout() {
    end();
}
'
commit bodies
write src/auth/login.rs $'fn   login()  {   \r\n\n    let  user =\tload();\r\n}\n\n'
write src/auth/logout.rs 'fn logout() {
        end();
}
'
stage
