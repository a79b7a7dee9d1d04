# REPL runner (cmake -P): `trellis-perl --repl` (the interactive session forced on a pipe: no prompts) reads
# repl/session.in; its stdout, stderr and exit status must equal repl/session.out, repl/session.err and 3 (the
# session ends with `exit 3`). The expected files follow perl's semantics for each input (the value printed as
# perl's debugger prints `p EXPR`); see docs/perl.md "REPL".
# Usage: cmake -DTRELLIS=path/trellis-perl -DDIR=tests/perl/repl -P run_repl.cmake
execute_process(COMMAND ${TRELLIS} --repl INPUT_FILE ${DIR}/session.in
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code TIMEOUT 60)
file(READ ${DIR}/session.out expected_out)
file(READ ${DIR}/session.err expected_err)
set(problems "")
if(NOT out STREQUAL expected_out)
  list(APPEND problems "stdout differs:\n${out}")
endif()
if(NOT err STREQUAL expected_err)
  list(APPEND problems "stderr differs:\n${err}")
endif()
if(NOT code STREQUAL "3")
  list(APPEND problems "exit status ${code}, expected 3")
endif()
if(problems)
  message(FATAL_ERROR "REPL session: ${problems}")
endif()
message("REPL session: 1 passed, 0 failed")
