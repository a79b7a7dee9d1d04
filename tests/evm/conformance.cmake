# EVM conformance: every fixture under ../shared/testdata/evm (state tests: ethereum/tests GeneralStateTests, the
# multi-fork LegacyTests copy, EEST; legacy VMTests) run by trellis-evm under EVERY dispatch strategy compiled in.
# The state tests are split into several CTest entries per strategy so `ctest -j2` keeps both cores busy.
# Each entry passes when its final line reports 0 failed (cases needing a missing precompile count as skipped).
set(TRELLIS_EVM_TESTDATA "${PROJECT_SOURCE_DIR}/../shared/testdata/evm")
if(NOT TARGET trellis-evm OR NOT EXISTS "${TRELLIS_EVM_TESTDATA}/state_tests")
  return()
endif()

set(_strategies switch goto)
if(TRELLIS_HAVE_MUSTTAIL)
  list(APPEND _strategies tail)
endif()

set(_gst "${TRELLIS_EVM_TESTDATA}/state_tests/GeneralStateTests")
file(GLOB _gst_dirs LIST_DIRECTORIES true RELATIVE "${_gst}" "${_gst}/*")
list(FILTER _gst_dirs EXCLUDE REGEX "\\.")
# Three roughly equal shares of GeneralStateTests by folder name.
set(_gst_a "")
set(_gst_b "")
set(_gst_c "")
foreach(d IN LISTS _gst_dirs)
  if(d MATCHES "^(Cancun|Pyspecs|Shanghai|VMTests|st[A-D])")
    list(APPEND _gst_a "${_gst}/${d}")
  elseif(d MATCHES "^st[E-R]")
    list(APPEND _gst_b "${_gst}/${d}")
  else()
    list(APPEND _gst_c "${_gst}/${d}")
  endif()
endforeach()

set(_legacy "${TRELLIS_EVM_TESTDATA}/state_tests/LegacyTests/Cancun/GeneralStateTests")
file(GLOB _legacy_dirs LIST_DIRECTORIES true RELATIVE "${_legacy}" "${_legacy}/*")
list(FILTER _legacy_dirs EXCLUDE REGEX "\\.")
set(_legacy_a "")
set(_legacy_b "")
foreach(d IN LISTS _legacy_dirs)
  if(d MATCHES "^(Cancun|Shanghai|VMTests|st[A-M])")
    list(APPEND _legacy_a "${_legacy}/${d}")
  else()
    list(APPEND _legacy_b "${_legacy}/${d}")
  endif()
endforeach()

foreach(s IN LISTS _strategies)
  add_test(NAME evm_state_gst_a_${s} COMMAND trellis-evm statetest ${_gst_a} --dispatch ${s})
  add_test(NAME evm_state_gst_b_${s} COMMAND trellis-evm statetest ${_gst_b} --dispatch ${s})
  add_test(NAME evm_state_gst_c_${s} COMMAND trellis-evm statetest ${_gst_c} --dispatch ${s})
  add_test(NAME evm_state_legacy_a_${s} COMMAND trellis-evm statetest ${_legacy_a} --dispatch ${s})
  add_test(NAME evm_state_legacy_b_${s} COMMAND trellis-evm statetest ${_legacy_b} --dispatch ${s})
  add_test(NAME evm_state_eest_${s}
           COMMAND trellis-evm statetest "${TRELLIS_EVM_TESTDATA}/state_tests/eest" --dispatch ${s})
  add_test(NAME evm_vmtest_${s} COMMAND trellis-evm vmtest "${TRELLIS_EVM_TESTDATA}/vm_tests" --dispatch ${s})
  set_tests_properties(evm_state_gst_a_${s} evm_state_gst_b_${s} evm_state_gst_c_${s} evm_state_legacy_a_${s}
                       evm_state_legacy_b_${s} evm_state_eest_${s} evm_vmtest_${s}
                       PROPERTIES LABELS "conformance;evm" TIMEOUT 900)
endforeach()
