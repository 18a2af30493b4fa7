init
cfg
api_spec '["gen/**"]' | write specs/api.md
write .gitattributes 'gen/** linguist-generated=false
'
write gen/data.txt 'plain data
'
commit initial
append gen/data.txt 'hand edit
'
stage
