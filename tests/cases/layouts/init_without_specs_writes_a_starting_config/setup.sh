init
write src/main.rs 'fn main() {}
'
write README.md '# Tool
'
commit "no specs"
