init
write src/main.rs 'fn main() {}
'
stage
