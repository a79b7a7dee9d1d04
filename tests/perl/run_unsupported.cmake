# Unsupported-construct runner (cmake -P): every SCRIPTS_DIR/*.pl names, on its first line `# expect: TEXT`, the
# compile-time error trellis-perl must print; the run must exit with status 255, print TEXT on stderr and
# nothing on stdout (no part of the program may run). Prints "N passed, M failed".
# Usage: cmake -DTRELLIS=path/trellis-perl -DSCRIPTS_DIR=dir -P run_unsupported.cmake
file(GLOB scripts RELATIVE ${SCRIPTS_DIR} ${SCRIPTS_DIR}/*.pl)
list(SORT scripts)
set(passed 0)
set(failed 0)
foreach(script ${scripts})
  file(STRINGS ${SCRIPTS_DIR}/${script} first LIMIT_COUNT 1)
  string(REGEX REPLACE "^# expect: " "" expected "${first}")
  execute_process(COMMAND ${TRELLIS} ${script} WORKING_DIRECTORY ${SCRIPTS_DIR} INPUT_FILE /dev/null
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code TIMEOUT 30)
  string(FIND "${err}" "${expected}" at)
  if(code STREQUAL "255" AND out STREQUAL "" AND NOT at EQUAL -1)
    math(EXPR passed "${passed} + 1")
  else()
    math(EXPR failed "${failed} + 1")
    message("FAIL ${script}: status ${code}, stdout [${out}], stderr [${err}], expected [${expected}]")
  endif()
endforeach()
message("${passed} passed, ${failed} failed")
if(failed GREATER 0 OR passed EQUAL 0)
  message(FATAL_ERROR "unsupported-construct checks failed")
endif()
