" Vim syntax file for SRM, the Shared Responsibility Model policy language.
" The keyword lists are checked against grammar/SRM.g4 by tests/editors/check_editors.py.
if exists("b:current_syntax")
  finish
endif

syn keyword srmDeclaration module import party layer type resource service fn control profile waive test attest framework
syn keyword srmClause strict title description remediation owner severity maps model resources owns shared
syn keyword srmClause advisory soft hard on until because by inventory expect is requirement
syn keyword srmStatement for when let assert else if then any all count
syn keyword srmOperatorWord and or not in matches exists
syn keyword srmConstant true false null
syn keyword srmType string int bool list map

syn match srmDate "\<\d\{4}-\d\{2}-\d\{2}\>"
syn match srmNumber "\<\d\+\>"
syn match srmOperator "??\|?\.\|->\|==\|!=\|<=\|>=\|[-+*/%<>=?]"

syn match srmEscape "\\." contained
syn region srmInterpolation matchgroup=srmInterpolationDelim start="{" end="}\|\ze\"" contained contains=srmConstant,srmOperatorWord,srmStatement,srmNumber,srmOperator
syn region srmString start=+"+ skip=+\\.+ end=+"\|$+ contains=srmEscape,srmInterpolation
" After srmString: at the same position the last-defined item wins, so """ opens a text block.
syn region srmTextBlock start=+"""+ end=+"""+

syn keyword srmTodo TODO FIXME XXX NOTE contained
syn match srmLineComment "//.*$" contains=srmTodo,@Spell
syn region srmBlockComment start="/\*" end="\*/" contains=srmTodo,@Spell

hi def link srmDeclaration Structure
hi def link srmClause Keyword
hi def link srmStatement Statement
hi def link srmOperatorWord Operator
hi def link srmOperator Operator
hi def link srmConstant Constant
hi def link srmType Type
hi def link srmDate Number
hi def link srmNumber Number
hi def link srmTextBlock String
hi def link srmString String
hi def link srmEscape SpecialChar
hi def link srmInterpolationDelim Delimiter
hi def link srmLineComment Comment
hi def link srmBlockComment Comment
hi def link srmTodo Todo

let b:current_syntax = "srm"
