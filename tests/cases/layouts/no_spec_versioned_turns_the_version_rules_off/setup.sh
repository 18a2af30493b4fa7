init
write specs/a.md '# A

## FR-1: One
First.
'
write specs/b.md '# B

## FR-1: One
First.
'
commit "unversioned specs"
