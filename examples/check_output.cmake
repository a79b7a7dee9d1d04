# cmake -DPROGRAM=exe [-DINPUT=file] -DEXPECTED=file -P check_output.cmake: runs PROGRAM (stdin from INPUT when
# that file exists) and fails unless it exits 0 with exactly EXPECTED on stdout.
set(input_args "")
if(INPUT AND EXISTS "${INPUT}")
  set(input_args INPUT_FILE "${INPUT}")
endif()
execute_process(COMMAND "${PROGRAM}" ${input_args} OUTPUT_VARIABLE out RESULT_VARIABLE status)
file(READ "${EXPECTED}" expected)
if(NOT status EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM}: exit ${status}\n--- got ---\n${out}--- expected ---\n${expected}")
endif()
message(STATUS "${PROGRAM}: output as expected")
