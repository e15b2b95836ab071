// The SRM policy language. docs/language.md is the reference; this grammar is the syntax.
grammar SRM;

file: moduleDecl? importDecl* decl* EOF;
// Entry point for `{expr}` interpolations inside assert messages.
exprOnly: expr EOF;

// `strict`: the module's reads of inventory data are strict (docs/language.md, Strict reads).
moduleDecl: 'module' ident strict='strict'? ';';
importDecl: 'import' ident ';';

// Every rule with several alternatives that build different things labels each one: the AST
// builder derives from the generated SRMVisitor, whose methods are all pure virtual, so a new
// alternative does not compile until the builder handles it. (`ident` is one token of a set.)
decl
  : partyDecl     # declParty
  | layerDecl     # declLayer
  | typeDecl      # declType
  | resourceDecl  # declResource
  | serviceDecl   # declService
  | fnDecl        # declFn
  | controlDecl   # declControl
  | profileDecl   # declProfile
  | waiveDecl     # declWaive
  | testDecl      # declTest
  | frameworkDecl # declFramework
  | attestDecl    # declAttest
  | sharedControlDecl  # declSharedControl
  ;

// Compliance frameworks and the requirements that controls map (docs/language.md, Frameworks):
//   framework HIPAA "HIPAA Security Rule" { requirement "164.312(b)" "Audit controls"; }
// A party's attestation (an audit report of its own) covers requirements on the layers it owns:
//   attest AWS on facilities, hardware maps HIPAA "164.310(a)(1)", SOC2 "CC6.4";
frameworkDecl: 'framework' ident STRING? '{' requirementDecl* '}';
requirementDecl: 'requirement' STRING STRING ';';
attestDecl: 'attest' qualName 'on' qualName (',' qualName)* 'maps' mapping (',' mapping)* ';';

// Policy unit tests, run by `srm test` only (docs/language.md, Tests):
//   test "public bucket fails" {
//     inventory "fixtures/public.yaml";          // relative to this file's directory
//     inventory yaml """Resources: ...""";        // or inline: json or yaml
//     expect CT.S3.PR.1 on "Bucket" is FAIL;
//     expect CT.S3.PR.2 is SKIP;                  // every finding of the control
//   }
testDecl: 'test' STRING '{' testItem* '}';
testItem
  : 'inventory' STRING ';'                                # testInventoryFile
  | 'inventory' ident TEXT_BLOCK ';'                      # testInventoryInline
  | 'expect' controlId ('on' STRING)? 'is' ident ';'      # testExpect
  ;

// Profiles and waivers (docs/language.md, Profiles and waivers):
//   profile ci { hard CT.S3.*; soft framework HIPAA; advisory severity low; waive ...; }
//   waive CT.S3.PR.2 on "LogsBucket" until 2027-03-31 because "..." by "sec-team";
profileDecl: 'profile' ident '{' profileItem* '}';
profileItem
  : level=('advisory' | 'soft' | 'hard') selector (',' selector)* ';'  # profileRule
  | waiveDecl                                                         # profileWaive
  ;
selector
  : 'module' ident        # moduleSelector
  | 'framework' ident     # frameworkSelector
  | 'severity' ident      # severitySelector
  | controlPattern        # controlSelector
  ;
// A control id or glob, written without spaces: `CT.S3.PR.1`, `CT.S3.*`, `*`,
// `CT.WAF-REGIONAL.*`.
controlPattern: patternPart+ (('.' | '-') patternPart+)*;
patternPart: ident | INT | '*' | '?';
waiveDecl
  : 'waive' controlPattern 'on' STRING 'until' date 'because' STRING 'by' STRING ';'
  ;
// YYYY-MM-DD, without spaces; the builder checks that it is a date.
date: INT '-' INT '-' INT;

partyDecl: 'party' ident STRING? ';';
layerDecl: 'layer' ident (',' ident)* ';';
typeDecl: 'type' ident '=' type ';';
// resource S3Bucket = "AWS::S3::Bucket", tf "aws_s3_bucket", config { ... }
resourceDecl: 'resource' ident '=' resourceBinding (',' resourceBinding)* recordType;
resourceBinding
  : STRING         # cfnBinding
  | ident STRING?  # formatBinding
  ;

serviceDecl: 'service' ident STRING? '{' serviceItem* '}';
serviceItem
  : 'model' ident ';'                                        # serviceModel
  | 'resources' qualName (',' qualName)* ';'                 # serviceResources
  | qualName 'owns' qualName (',' qualName)* ';'             # serviceOwns
  | 'shared' qualName (',' qualName)* '{' sharedEntry* '}'   # serviceShared
  | 'shared' 'control' qualName '{' sharedEntry* '}'         # serviceSharedControl
  ;
sharedEntry: qualName ':' STRING ';';
// A duty both parties perform, each on its own part (docs/language.md, Shared controls), with
// the layers it is a duty of:
//   shared control PatchManagement "Patch management" on guest_os, platform { AWS: "..."; }
// A service states its own split with `shared control PatchManagement { Customer: "..."; }`.
sharedControlDecl
  : 'shared' 'control' ident STRING? ('on' qualName (',' qualName)*)? '{' sharedEntry* '}';

fnDecl: 'fn' ident '(' (param (',' param)*)? ')' '->' type '=' expr ';';
param: ident ':' type;

// A control id is a name, or parts joined by dots or dashes written without spaces (AWS
// Control Tower's `CT.S3.PR.1`, `CT.WAF-REGIONAL.PR.1`); the builder rejects spaces or
// comments between the parts.
controlDecl: 'control' controlId '{' controlItem* '}';
controlId: ident (('.' | '-') (ident | INT))*;
controlItem
  : 'title' STRING ';'                                  # controlTitle
  | 'description' STRING ';'                            # controlDescription
  | 'remediation' STRING ';'                            # controlRemediation
  | 'service' qualName ';'                              # controlService
  | 'layer' qualName ';'                                # controlLayer
  | 'owner' qualName ';'                                # controlOwner
  | 'severity' ident ';'                                # controlSeverity
  | 'maps' mapping (',' mapping)* ';'                   # controlMaps
  | 'for' ident 'in' qualName ('when' expr)? '{' stmt* '}'  # controlFor
  ;
mapping: ident STRING;

stmt
  : 'let' ident '=' expr ';'              # letStmt
  | 'assert' expr ('else' STRING)? ';'    # assertStmt
  ;

// Types: a `?` suffix marks an optional (possibly absent) value. A union `(bool | string)` is
// data of one of several JSON kinds (only as the type of a field; docs/language.md).
type: baseType optional='?'?;
baseType
  : 'string'               # stringType
  | 'int'                  # intType
  | 'bool'                 # boolType
  | 'list' '<' type '>'    # listType
  | 'map' '<' type '>'     # mapType
  | recordType             # recordTypeRef
  | qualName               # namedType
  | '(' type ('|' type)+ ')'  # unionType
  ;
recordType: '{' (field ((',' | ';') field)* (',' | ';')?)? '}';
field: ident ':' type fieldSource*;
// Where a field lives in another inventory format: tf "bucket", config "configuration.x".
fieldSource: ident STRING;

// Expressions. `let`, `if` and the quantifiers extend as far to the right as they can; as the
// operand of an operator, or as a `let` value, they are written in parentheses. That keeps the
// grammar unambiguous at each binder: after `let a = x`, an `in` followed by `let`/`if`/`any`...
// ends the value, so a chain of binders parses in linear time (tests/fuzz: slow-nested-let).
expr
  : opExpr                                                    # operatorExpr
  | kind=('any' | 'all' | 'count') ident 'in' expr ':' expr   # quantExpr
  | 'let' ident '=' opExpr 'in' expr                          # letExpr
  | 'if' expr 'then' expr 'else' expr                         # ifExpr
  ;

// Operators, from tightest to loosest binding.
opExpr
  : primary                                                   # primaryExpr
  | opExpr op=('.' | '?.') ident                              # memberExpr
  | opExpr '[' expr ']'                                       # indexExpr
  | opExpr '(' (expr (',' expr)*)? ')'                        # callExpr
  | op=('-' | 'exists') opExpr                                # prefixExpr
  | opExpr op=('*' | '/' | '%') opExpr                        # binaryExpr
  | opExpr op=('+' | '-') opExpr                              # binaryExpr
  | <assoc=right> opExpr op='??' opExpr                       # binaryExpr
  | opExpr op=('==' | '!=' | '<' | '<=' | '>' | '>=') opExpr  # binaryExpr
  | opExpr negated='not'? op='in' opExpr                      # inExpr
  | opExpr op='matches' opExpr                                # binaryExpr
  | 'not' opExpr                                              # notExpr
  | opExpr op='and' opExpr                                    # binaryExpr
  | opExpr op='or' opExpr                                     # binaryExpr
  ;

primary
  : INT                                  # intLit
  | STRING                               # stringLit
  | value=('true' | 'false')             # boolLit
  | 'null'                               # nullLit
  | '[' (expr (',' expr)* ','?)? ']'     # listLit
  | '[' expr 'for' ident 'in' expr ('if' expr)? ']'  # compExpr
  | '(' expr ')'                         # parenExpr
  | ident                                # nameExpr
  ;

qualName: ident ('.' ident)?;

// Soft keywords: words that are keywords in one place but may name things elsewhere.
ident
  : IDENT | 'type' | 'title' | 'description' | 'remediation' | 'service' | 'layer' | 'owner'
  | 'severity' | 'maps' | 'model' | 'resources' | 'owns' | 'shared' | 'count' | 'module' | 'party'
  | 'resource' | 'string' | 'int' | 'bool' | 'list' | 'strict' | 'profile' | 'waive' | 'on'
  | 'until' | 'because' | 'by' | 'advisory' | 'soft' | 'hard' | 'framework' | 'test'
  | 'inventory' | 'expect' | 'is' | 'map' | 'requirement' | 'attest'
  ;

IDENT: [a-zA-Z_] [a-zA-Z0-9_]*;
INT: [0-9]+;
STRING: '"' (ESC | ~["\\\r\n])* '"';
// A test's inline inventory: raw text (no escapes) between triple quotes, over several lines.
TEXT_BLOCK: '"""' .*? '"""';
fragment ESC: '\\' .;

LINE_COMMENT: '//' ~[\r\n]* -> skip;
BLOCK_COMMENT: '/*' .*? '*/' -> skip;
WS: [ \t\r\n]+ -> skip;
// Anything else is a lexical error reported by the parser's error listener.
UNKNOWN_CHAR: .;
