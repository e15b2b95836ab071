" SRM policy files
autocmd BufNewFile,BufRead *.srm setfiletype srm
