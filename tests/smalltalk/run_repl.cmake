# The REPL test: repl/session.txt fed to trellis-st on stdin (no program: the REPL); stdout must equal
# repl/session.out (errors go to stderr and the session goes on), exit status 0.
execute_process(COMMAND ${ST} INPUT_FILE ${DIR}/session.txt OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
  TIMEOUT 60)
file(READ ${DIR}/session.out expected)
if(NOT rc EQUAL 0 OR NOT "${out}" STREQUAL "${expected}")
  message(FATAL_ERROR "REPL session differs (exit ${rc}):\n--- expected\n${expected}--- got\n${out}\n--- stderr\n${err}")
endif()
if(NOT err MATCHES "Integer does not understand #foo" OR NOT err MATCHES "<repl>:2:1: expected an expression")
  message(FATAL_ERROR "REPL errors missing from stderr:\n${err}")
endif()
message("1 passed, 0 failed")
