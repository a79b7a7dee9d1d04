# One-liner runner (cmake -P): each line of CASES is one command line (arguments separated by ";;"), run by
# PERL and by TRELLIS in DIR (stdin /dev/null); stdout, stderr and the exit status must be identical
# (perlrun switches -e -E -n -p -l -a -F -M -c, <> over files). Prints "N passed, M failed".
# Usage: cmake -DPERL=... -DTRELLIS=... -DDIR=... -DCASES=... -P run_oneliners.cmake
file(STRINGS ${CASES} lines)
set(passed 0)
set(failed 0)
foreach(line ${lines})
  string(REPLACE ";;" ";" args "${line}")
  execute_process(COMMAND ${PERL} ${args} WORKING_DIRECTORY ${DIR} INPUT_FILE /dev/null
    OUTPUT_VARIABLE eo ERROR_VARIABLE ee RESULT_VARIABLE ec TIMEOUT 30)
  execute_process(COMMAND ${TRELLIS} ${args} WORKING_DIRECTORY ${DIR} INPUT_FILE /dev/null
    OUTPUT_VARIABLE o ERROR_VARIABLE e RESULT_VARIABLE c TIMEOUT 30)
  if(o STREQUAL eo AND e STREQUAL ee AND c STREQUAL ec)
    math(EXPR passed "${passed} + 1")
  else()
    math(EXPR failed "${failed} + 1")
    message("FAIL ${line}\n  perl: [${eo}] [${ee}] ${ec}\n  trellis-perl: [${o}] [${e}] ${c}")
  endif()
endforeach()
message("${passed} passed, ${failed} failed")
if(failed GREATER 0 OR passed EQUAL 0)
  message(FATAL_ERROR "one-liners failed")
endif()
