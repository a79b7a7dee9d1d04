/// @file languages.hpp
/// The per-language cases of the embedding tests: every language the umbrella library registers must have an
/// entry here (test_embed fails for a language without one), so a frontend that joins the embedding API joins
/// the parameterized tests by adding its row. Each row gives sources for the behaviours every test checks.
#pragma once
#include <string>
#include <vector>

namespace trellis::embed_test {

struct LanguageCase {
    std::string name;
    /// eval'ed first: defines `add(a, b)` callable through Instance::call (the EVM: a contract with add(uint256,uint256)).
    std::string prelude;
    /// Calls add(2, 40); EVM results are 32-byte words.
    std::string add_signature;
    /// Source that raises a runtime error, and source that does not parse.
    std::string runtime_error, syntax_error;
    /// Source that runs forever (the step budget must stop it).
    std::string endless;
    /// Source that recurses without end (the stack-depth limit must stop it); empty if the language refuses
    /// stack_depth at creation (the EVM: protocol-bounded).
    std::string deep_recursion;
    /// Source that allocates without end (the heap limit must stop it); empty if refused at creation.
    std::string allocate_forever;
    /// A short loop of about `small_loop_steps` steps (the interrupt test extends the budget through it).
    std::string small_loop;
    /// Source calling the host function `twice(x)`, giving twice(21) = 42; empty if the language has none.
    std::string host_call;
};

inline std::vector<LanguageCase> language_cases() {
    return {
        {"evm",
         // Empty call data (eval): stop. Selector add(uint256,uint256) = 0x771602f7: return a + b. Else revert.
         "CALLDATASIZE ISZERO PUSH1 40 JUMPI "
         "PUSH1 0 CALLDATALOAD PUSH1 224 SHR PUSH4 0x771602f7 EQ PUSH1 24 JUMPI "
         "PUSH1 0 DUP1 REVERT "
         "JUMPDEST PUSH1 36 CALLDATALOAD PUSH1 4 CALLDATALOAD ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN "
         "JUMPDEST STOP",
         "add(uint256,uint256)",
         "PUSH1 1 PUSH1 0 JUMP",          // bad jump destination
         "PUSH1 1 NOTANOPCODE",           // assembler error
         "JUMPDEST PUSH1 0 JUMP",         // loops until gas (steps) run out
         "",
         "",
         // 10 iterations of a counter loop: about 250 gas
         "PUSH1 10 JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 2 JUMPI STOP",
         ""},
        {"zexus",
         "action add(a, b) { return a + b }",
         "add",
         "let x = 1 / 0",
         "let = = 3",
         "while (true) { }",
         "action down(n) { return down(n + 1) }\ndown(0)",
         "action grow(xs) { return grow([xs, range(0, 1000)]) }\ngrow([])",
         "let i = 0\nwhile (i < 10) { i = i + 1 }\ni",
         "twice(21)"},
        {"perl",
         "sub add { my ($a, $b) = @_; return $a + $b }",
         "main::add",
         "my $x = 1; my $y = $x / 0;",
         "my $x = ;",
         "while (1) { }",
         "sub down { return down($_[0] + 1) } down(0);",
         "my @keep; while (1) { push @keep, [1 .. 1000] }",
         "my $i = 0; while ($i < 10) { $i++ } $i",
         "twice(21)"},
        {"smalltalk",
         // add: a global Block (a doit's assignment to an undeclared name sets a global)
         "add := [ :a :b | a + b ]",
         "add",
         "1 / 0",                   // ZeroDivide, not handled
         "x := := 3",
         "[ true ] whileTrue: [ ]",  // a backward jump per iteration: one step each
         "down := [ :n | down value: n + 1 ].\ndown value: 0",
         "| a b |\na := nil.\n[ true ] whileTrue: [ b := Array new: 1000. b at: 1 put: a. a := b ]",
         "| i |\ni := 0.\n[ i < 10 ] whileTrue: [ i := i + 1 ].\ni",
         "Host twice: 21"},
    };
}

}  // namespace trellis::embed_test
