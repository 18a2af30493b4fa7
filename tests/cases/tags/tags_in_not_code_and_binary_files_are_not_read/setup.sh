tags_repo
write docs/notes.md "Notes.
<!-- @spec FR-9 -->
"
printf "bin\000 @spec FR-9\n" > src/blob.bin
stage
