base_repo
# newline and CR in a file name too
for n in 'src/auth/::error::x.rs' 'src/auth/p,q:r%s.rs' 'src/auth/$(id) `id`.rs' \
  $'src/auth/nl\n::warning::forged.rs' $'src/auth/cr\r::error::cr.rs'; do
  write "$n" 'fn hostile() {}
'
done
commit "hostile names"
