git init -q --bare
