# Command-line checks of trellis-evm: the REPL survives errors and shows results; `run` reports bad input cleanly.
if(NOT TARGET trellis-evm)
  return()
endif()
add_test(NAME evm_repl_session
         COMMAND sh -c "printf 'PUSH1 2 PUSH1 3 ADD\\nFOO\\n:step 2\\nPUSH1 7 PUSH1 0 SSTORE\\n:rev Nowhere\\n:rev Frontier\\nPUSH0\\n0x600\\nPUSH1 1 PUSH1 0 MSTORE\\n:quit\\n' | $<TARGET_FILE:trellis-evm>")
set_tests_properties(evm_repl_session PROPERTIES
  PASS_REGULAR_EXPRESSION "0: 0x5.*unknown instruction 'FOO'.*pc 0 +PUSH1.*pc 2 +PUSH1.*storage\\[0x0\\] = 0x7.*unknown revision 'Nowhere'.*revision Frontier.*undefined instruction.*storage\\[0x0\\] = 0x7.*odd number of hex digits.*status: success.*memory: 32 bytes"
  LABELS "evm;cli")
add_test(NAME evm_run_bad_hex COMMAND trellis-evm run 0x60zz)
set_tests_properties(evm_run_bad_hex PROPERTIES WILL_FAIL TRUE LABELS "evm;cli")
add_test(NAME evm_run_truncated_push COMMAND trellis-evm run 0x6001600201627f)
set_tests_properties(evm_run_truncated_push PROPERTIES PASS_REGULAR_EXPRESSION "status: success" LABELS "evm;cli")
add_test(NAME evm_run_huge_memory_offset
         COMMAND trellis-evm run 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff51)
set_tests_properties(evm_run_huge_memory_offset PROPERTIES PASS_REGULAR_EXPRESSION "out of gas" LABELS "evm;cli")
# `run` takes assembly as the REPL does, and its default fork is Osaka (CLZ, EIP-7939, exists: clz(1) = 255).
add_test(NAME evm_run_assembly_osaka
         COMMAND trellis-evm run "PUSH1 1 CLZ PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN")
set_tests_properties(evm_run_assembly_osaka PROPERTIES
  PASS_REGULAR_EXPRESSION "status: success.*output: 0x0+ff\n" LABELS "evm;cli")
add_test(NAME evm_run_assembly_cancun COMMAND trellis-evm run "PUSH1 1 CLZ" --rev Cancun)
set_tests_properties(evm_run_assembly_cancun PROPERTIES PASS_REGULAR_EXPRESSION "status: undefined instruction"
  LABELS "evm;cli")
add_test(NAME evm_run_bad_mnemonic COMMAND trellis-evm run "PUSH1 1 FOO")
set_tests_properties(evm_run_bad_mnemonic PROPERTIES WILL_FAIL TRUE LABELS "evm;cli")
