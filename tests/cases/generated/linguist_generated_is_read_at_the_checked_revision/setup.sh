init
cfg
api_spec '["gen/**"]' | write specs/api.md
write gen/data.txt 'plain generated data
'
commit initial
# .gitattributes added in the same change: at the checked revision the file is generated
write .gitattributes 'gen/** linguist-generated
'
append gen/data.txt 'hand edit
'
stage
