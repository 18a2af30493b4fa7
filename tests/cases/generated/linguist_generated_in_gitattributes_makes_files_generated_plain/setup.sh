init
cfg
api_spec '["gen/**"]' | write specs/api.md
write .gitattributes 'gen/** linguist-generated
'
write gen/data.txt 'plain generated data
'
commit initial
append gen/data.txt 'hand edit
'
stage
