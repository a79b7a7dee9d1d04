# Perl script runner (cmake -P): runs every SCRIPTS_DIR/*.pl with the oracle (PERL, Debian's perl 5.36) and with
# TRELLIS (trellis-perl), and compares stdout and the exit status byte for byte. NAME.in (optional) is stdin
# (otherwise /dev/null); NAME.args (optional, one line) holds arguments given to both after the script name;
# when NAME.cmp_stderr exists (empty), stderr is compared too (Test::More's diagnostics, Carp's traces).
# Prints one line per failure and "N passed, M failed"; fails when M > 0 or no script ran.
# Usage: cmake -DPERL=/usr/bin/perl -DTRELLIS=path/trellis-perl -DSCRIPTS_DIR=dir ["-DTRELLIS_ARGS=--dispatch=goto"]
#        -P run_scripts.cmake
if(NOT PERL OR NOT TRELLIS OR NOT SCRIPTS_DIR)
  message(FATAL_ERROR "usage: cmake -DPERL=... -DTRELLIS=... -DSCRIPTS_DIR=... -P run_scripts.cmake")
endif()
file(GLOB scripts RELATIVE ${SCRIPTS_DIR} ${SCRIPTS_DIR}/*.pl)
list(SORT scripts)
set(passed 0)
set(failed 0)
foreach(script ${scripts})
  string(REGEX REPLACE "\\.pl$" "" name ${script})
  set(input_file /dev/null)
  if(EXISTS ${SCRIPTS_DIR}/${name}.in)
    set(input_file ${SCRIPTS_DIR}/${name}.in)
  endif()
  set(script_args "")
  if(EXISTS ${SCRIPTS_DIR}/${name}.args)
    file(STRINGS ${SCRIPTS_DIR}/${name}.args script_args LIMIT_COUNT 1)
    separate_arguments(script_args UNIX_COMMAND "${script_args}")
  endif()
  execute_process(COMMAND ${PERL} ${script} ${script_args}
    WORKING_DIRECTORY ${SCRIPTS_DIR} INPUT_FILE ${input_file}
    OUTPUT_VARIABLE expected_out ERROR_VARIABLE expected_err RESULT_VARIABLE expected_code TIMEOUT 60)
  execute_process(COMMAND ${TRELLIS} ${TRELLIS_ARGS} ${script} ${script_args}
    WORKING_DIRECTORY ${SCRIPTS_DIR} INPUT_FILE ${input_file}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code TIMEOUT 60)
  set(problems "")
  if(NOT out STREQUAL expected_out)
    list(APPEND problems "stdout differs")
  endif()
  if(EXISTS ${SCRIPTS_DIR}/${name}.cmp_stderr AND NOT err STREQUAL expected_err)
    list(APPEND problems "stderr differs")
  endif()
  if(NOT code STREQUAL expected_code)
    list(APPEND problems "exit status ${code}, perl's ${expected_code}")
  endif()
  if(problems)
    math(EXPR failed "${failed} + 1")
    string(REPLACE ";" ", " problems "${problems}")
    message("FAIL ${name}: ${problems}")
    if(err)
      message("  trellis-perl stderr: ${err}")
    endif()
  else()
    math(EXPR passed "${passed} + 1")
  endif()
endforeach()
message("${passed} passed, ${failed} failed")
if(failed GREATER 0 OR passed EQUAL 0)
  message(FATAL_ERROR "perl scripts failed")
endif()
