init
write specs/Payments.md '# Payments

Charge once.
'
write specs/user-profile.md '# User profile

A name.
'
write specs/ledger.md '# Ledger

Double entry.
'
write src/payment/charge.rs 'pub fn charge() {}
'
write src/payment.rs 'pub mod charge;
'
write web/User_Profile.tsx 'export {};
'
write tests/ledger.rs '#[test] fn t() {}
'
write docs/ledger/intro.md '# Intro
'
commit "plain project"
