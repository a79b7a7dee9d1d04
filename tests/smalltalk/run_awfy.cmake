# Runs one Are We Fast Yet benchmark (../shared/testdata/smalltalk/awfy, README there) the way SOM VMs do,
# from inside awfy/: trellis-st ST_ARGS -cp .:Core:CD:DeltaBlue:Havlak:Json:NBody:Richards Harness.som BENCH 1 INNER.
# Passes when the run exits 0 and prints the harness's per-iteration line (the benchmark verified its result:
# a failed verification prints an error and exits 1).
execute_process(COMMAND ${ST} ${ST_ARGS} -cp .:Core:CD:DeltaBlue:Havlak:Json:NBody:Richards Harness.som ${BENCH} 1 ${INNER}
  WORKING_DIRECTORY ${AWFY_DIR} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 300)
if(NOT rc EQUAL 0 OR NOT out MATCHES "${BENCH}: iterations=1 runtime: [0-9]+us")
  message(FATAL_ERROR "${BENCH} ${INNER} failed (exit ${rc}):\n${out}\n${err}")
endif()
string(REGEX MATCH "${BENCH}: iterations=1 runtime: [0-9]+us" line "${out}")
message("${line}")
